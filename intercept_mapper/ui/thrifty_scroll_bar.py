"""A scroll bar that repaints only where its thumb was and is (Qt repaints all of it on any change).

Used by the map's view and the outline's tree: an edit that adds or removes a row or makes the map a
little deeper changes the range, and Fusion takes 1-4 ms to repaint a 1,000-px bar.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QWidget

_HELD = Qt.WidgetAttribute.WA_UpdatesDisabled
_VALUE_CHANGE = QAbstractSlider.SliderChange.SliderValueChange


class ThriftyScrollBar(QScrollBar):
    """A scroll bar that repaints only the part a new range or value changes.

    Qt repaints a whole scroll bar on every change of its range, and Fusion takes 1-4 ms to paint a
    1,000-px one: a drop that makes the map a little deeper changed the range and paid that in the
    same frame. The groove looks the same all along, so only the thumb's old and new places (or
    nothing, when the thumb stays on the same pixels) need painting; a change at either end (arrows,
    no range) repaints the whole bar as before.

    A new value is also told to the scroll area (``valueChanged``), and a tree view scrolled further
    than a page repaints its whole vertical bar then (``QTreeView::scrollContentsBy``), with every
    widget under it (the window, the dock, the tree's frame: ~1 ms in the outline when a move scrolls
    it to the moved row). The bar holds its updates while its own ``valueChanged`` is told: what the
    value changed on it is repainted here already.

    ``QtWidgets.QStyle`` is looked up when first needed, not imported: PySide builds a class's Python
    enums when the class is first touched, and QStyle's (~5 ms) are not needed before the first paint.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._shown: tuple[QRect, bool, bool] | None = None  # thumb, at the start, at the end: as painted
        self._value = self.value()  # as of the last change of value: ``valueChanged`` tells a new one
        self._listening = False  # ``_told`` connected (after the scroll area's own slot)

    def _look(self) -> tuple[QRect, bool, bool]:
        option = QtWidgets.QStyleOptionSlider()
        self.initStyleOption(option)
        style = QtWidgets.QStyle
        thumb = self.style().subControlRect(
            style.ComplexControl.CC_ScrollBar, option, style.SubControl.SC_ScrollBarSlider, self)
        return thumb, self.value() <= self.minimum(), self.value() >= self.maximum()

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:  # noqa: N802 - Qt's name
        """Repaint what this change moves (Qt's own: the whole bar)."""
        held = self.testAttribute(_HELD)
        if held:  # (a range changed while the scroll area takes a new value in)
            self.setAttribute(_HELD, False)
        self._repaint_change(change)
        told = False
        if change == _VALUE_CHANGE:
            value = self.value()
            told, self._value = value != self._value, value  # (Qt tells a new value right after this)
        if held or told and self._shown is not None and not self.signalsBlocked():
            self._hold_until_told()

    def _repaint_change(self, change: QAbstractSlider.SliderChange) -> None:
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
        # Where the thumb was and where it is, each on its own: after a long jump the groove between
        # them (and every widget under it) is not painted again.
        self.update(shown[0].adjusted(-2, -2, 2, 2))
        self.update(look[0].adjusted(-2, -2, 2, 2))

    def _hold_until_told(self) -> None:
        """Hold updates until ``valueChanged`` has been told (see the class's notes)."""
        if not self._listening:
            # Connected now, after the scroll area's own slot (made when it took the bar): called last.
            self.valueChanged.connect(self._told)
            self._listening = True
        self.setAttribute(_HELD, True)

    def _told(self, _value: int) -> None:
        self.setAttribute(_HELD, False)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Paint, and remember where the thumb now shows."""
        super().paintEvent(event)
        self._shown = self._look()
