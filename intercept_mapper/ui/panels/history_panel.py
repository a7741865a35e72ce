"""The undo history as a list (QUndoView): click a row to go back to that state."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QUndoView, QWidget


class HistoryDock(QDockWidget):
    """A dock showing every step of the undo stack, the saved state marked.

    The list follows the stack only while the dock is visible: QUndoView resets its whole model on
    every step, which in a long session would cost every edit time proportional to the history.
    """

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("history_panel")
        self._stack = undo_stack
        self.view = QUndoView(self)
        self.view.setObjectName("history_view")
        self.view.setEmptyLabel("<opened>")
        self.view.setAccessibleName("Undo history")
        self.setWidget(self.view)
        self.visibilityChanged.connect(self._follow)

    def _follow(self, visible: bool) -> None:
        self.view.setStack(self._stack if visible else None)
