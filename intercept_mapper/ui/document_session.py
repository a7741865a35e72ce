"""The open workshop: its live Document, where it is saved, its undo stack, and whether it changed.

"Modified" is the undo stack's clean state, so undoing back to the saved state clears the mark. A
restored recovery copy is modified although nothing is on its stack (``QUndoStack.resetClean``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..model import Document, Workshop, new_workshop

APP_TITLE = "Intercept Mapper"
UNTITLED = "Untitled.simmap"


class DocumentSession(QObject):
    """One open document: Document + path + QUndoStack + modified state + window title."""

    sig_state_changed = Signal()  # path or modified state changed: refresh the title
    sig_document_replaced = Signal()  # a new workshop was loaded (new, open, import, restore)

    def __init__(self, workshop: Workshop | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = Document(workshop or new_workshop())
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        self.path: Path | None = None
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.sig_state_changed.emit()

    # ------------------------------------------------------------------ state
    def is_modified(self) -> bool:
        """True when the document differs from what was last saved (or was never saved)."""
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        """The file name shown in the title bar."""
        return self.path.name if self.path else UNTITLED

    def title(self) -> str:
        """The window title, such as ``riverbend.simmap* - Intercept Mapper``."""
        mark = "*" if self.is_modified() else ""
        return f"{self.display_name()}{mark} - {APP_TITLE}"

    # ------------------------------------------------------------------ changes of document
    def load(self, workshop: Workshop, path: Path | None, *, modified: bool = False) -> None:
        """Show ``workshop`` bound to ``path``; history starts afresh.

        ``modified`` marks a document that is not on disk yet (an import, a restored recovery copy),
        so that closing asks to save it.
        """
        self.undo_stack.clear()
        self.path = Path(path).absolute() if path else None
        self.document.replace(workshop)
        if modified:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        self.sig_document_replaced.emit()
        self.sig_state_changed.emit()

    def mark_saved(self, path: Path) -> None:
        """Record a successful save to ``path``: the current state becomes the clean one."""
        self.path = Path(path).absolute()
        self.undo_stack.setClean()
        self.sig_state_changed.emit()
