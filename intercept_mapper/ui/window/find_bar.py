"""The find field at the right of the menu bar: type to highlight matching items, Enter selects them,
Escape leaves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class FindField(QLineEdit):
    """A search box bound to the map's ``find``."""

    sig_matches = Signal(list)  # ids found for the current text
    sig_accepted = Signal(list)  # Enter: select these ids
    sig_left = Signal()  # Escape: back to the map

    def __init__(self, find: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_field")
        self.setPlaceholderText("Find on map (Ctrl+F)")
        self.setAccessibleName("Find on map")
        self.setClearButtonEnabled(True)
        # Wide enough for the hint and the clear button (a corner widget gets no more than its minimum).
        hint = self.fontMetrics().horizontalAdvance(self.placeholderText())
        self.setMinimumWidth(max(180, hint + 4 * self.fontMetrics().height()))
        self.setMaximumWidth(max(320, self.minimumWidth()))
        self._find = find
        self.matches: list[str] = []
        self.textChanged.connect(self._search)
        self.returnPressed.connect(lambda: self.sig_accepted.emit(list(self.matches)))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as the hint needs: the menu bar places its corner widget by its size hint."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumWidth()), hint.height())

    def start(self) -> None:
        """Focus the field with its text selected (Ctrl+F)."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def _search(self, text: str) -> None:
        found = self._find(text.strip())
        self.matches = [str(i) for i in found] if isinstance(found, list | tuple) else []
        self.sig_matches.emit(list(self.matches))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Escape clears the search and returns to the map."""
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.sig_left.emit()
            return
        super().keyPressEvent(event)
