"""A scroll bar that repaints only where its thumb was and is (Qt repaints all of it on any change).

Used by the map's view and the outline's tree: an edit that adds or removes a row or makes the map a
little deeper changes the range, and Fusion takes 1-4 ms to repaint a 1,000-px bar.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QWidget


class ThriftyScrollBar(QScrollBar):
    """A scroll bar that repaints only the part a new range or value changes.

    Qt repaints a whole scroll bar on every change of its range, and Fusion takes 1-4 ms to paint a
    1,000-px one: a drop that makes the map a little deeper changed the range and paid that in the
    same frame. The groove looks the same all along, so only the thumb's old and new places (or
    nothing, when the thumb stays on the same pixels) need painting; a change at either end (arrows,
    no range) repaints the whole bar as before.

    ``QtWidgets.QStyle`` is looked up when first needed, not imported: PySide builds a class's Python
    enums when the class is first touched, and QStyle's (~5 ms) are not needed before the first paint.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._shown: tuple[QRect, bool, bool] | None = None  # thumb, at the start, at the end: as painted

    def _look(self) -> tuple[QRect, bool, bool]:
        option = QtWidgets.QStyleOptionSlider()
        self.initStyleOption(option)
        style = QtWidgets.QStyle
        thumb = self.style().subControlRect(
            style.ComplexControl.CC_ScrollBar, option, style.SubControl.SC_ScrollBarSlider, self)
        return thumb, self.value() <= self.minimum(), self.value() >= self.maximum()

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:  # noqa: N802 - Qt's name
        """Repaint what this change moves (Qt's own: the whole bar)."""
        shown = self._shown
        if shown is None or not self.isVisible() or self.style().styleHint(
                QtWidgets.QStyle.StyleHint.SH_ScrollBar_Transient, None, self):
            super().sliderChange(change)
            return
        look = self._look()
        if look == shown:
            return  # the same pixels
        if look[1:] != shown[1:]:
            super().sliderChange(change)
            return
        self.update(shown[0].united(look[0]).adjusted(-2, -2, 2, 2))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Paint, and remember where the thumb now shows."""
        super().paintEvent(event)
        self._shown = self._look()
