"""The undo history as a list (QUndoView): click a row to go back to that state."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QUndoView, QWidget


class HistoryDock(QDockWidget):
    """A dock showing every step of the undo stack, the saved state marked."""

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("history_panel")
        self.view = QUndoView(undo_stack, self)
        self.view.setObjectName("history_view")
        self.view.setEmptyLabel("<opened>")
        self.view.setAccessibleName("Undo history")
        self.setWidget(self.view)
