"""The room's inbox: suggestions from phones wait here until the facilitator puts one on the map (fast
entry opens with its text filled in, one undo step) or dismisses it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...model.document import Change, Document
from .room_commands import DismissSuggestionCommand

# accept(kind, intercept, text, suggestion id): the window's fast entry
Accept = Callable[[str, str, str, str], object]


class InboxPanel(QWidget):
    """A list of the inbox's suggestions with Put on Map and Dismiss."""

    def __init__(self, document: Document, undo_stack: QUndoStack, accept: Accept,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("room_inbox")
        self.setWindowTitle("Room Inbox")
        self.document = document
        self.undo_stack = undo_stack
        self._accept = accept
        self.list = QListWidget(objectName="room_inbox_list")
        self.list.setAccessibleName("Suggestions from the room")
        self.list.setWordWrap(True)
        self.empty = QLabel("No suggestions yet. Phones can send a resource or gap during room voting.")
        self.empty.setWordWrap(True)
        self.accept_button = QPushButton("&Put on Map", objectName="room_inbox_accept")
        self.dismiss_button = QPushButton("D&ismiss", objectName="room_inbox_dismiss")
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._unsubscribe: Callable[[], None] | None = document.subscribe(self._on_change)
        self.refresh()

    def dispose(self) -> None:
        """Stop listening to the document."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def refresh(self) -> None:
        """List the inbox as it is now, keeping the current row where it can."""
        row = self.list.currentRow()
        self.list.clear()
        scheme = self.document.workshop.scheme
        for s in self.document.items("inbox"):
            where = scheme.label(s.intercept) if s.intercept == "X" else \
                f"Intercept {s.intercept}: {scheme.label(s.intercept)}"
            item = QListWidgetItem(f"{s.kind.capitalize()} \u2013 {where}\n{s.text}")
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self.empty.setVisible(self.list.count() == 0)
        self._enable()

    def current_id(self) -> str | None:
        """The id of the chosen suggestion."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def accept_current(self) -> None:
        """Put the chosen suggestion on the map, its title open for editing."""
        sid = self.current_id()
        s = self.document.get("inbox", sid) if sid else None
        if s is not None:
            self._accept(s.kind, s.intercept, s.text, s.id)

    def dismiss_current(self) -> None:
        """Take the chosen suggestion out of the inbox (undoable)."""
        sid = self.current_id()
        s = self.document.get("inbox", sid) if sid else None
        if s is not None:
            self.undo_stack.push(DismissSuggestionCommand(self.document, s.id, s.text))

    def _enable(self) -> None:
        chosen = self.list.currentItem() is not None
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def _on_change(self, change: Change) -> None:
        if change.collection in ("inbox", "document", "scheme"):
            self.refresh()
