"""A push button that shows one of a few known texts and keeps one size for all of them.

A button whose text changes asks its panel to lay out again; in the priorities panel the panel's rows of
buttons (a Python flow layout) then rewrap, the vote grid below may move, and Qt repaints all of it: ~7 ms
in one turn of the event loop, each time the "Sort by rank" button flips while a room's ballots arrive.
Sized once for the widest of its texts (fixed, so that Qt does not even ask), it changes only its own
pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QPushButton, QWidget


class SteadyButton(QPushButton):
    """A ``QPushButton`` sized for the widest and tallest of ``texts``, whichever it shows."""

    def __init__(self, texts: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(texts[0], parent)
        self._texts = texts
        self._hold_size()

    def _hold_size(self) -> None:
        shown = self.text()
        self.setMinimumSize(0, 0)
        self.setMaximumSize(16777215, 16777215)
        width = height = 0
        for text in (*self._texts, shown):
            super().setText(text)
            hint = self.sizeHint()
            width, height = max(width, hint.width()), max(height, hint.height())
        super().setText(shown)
        self.setFixedSize(width, height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A new font or style (a theme, a text size) measures the texts again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "_texts"):
            self._hold_size()
