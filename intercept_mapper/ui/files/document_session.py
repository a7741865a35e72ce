"""The open workshop: its live Document, where it is saved, its undo stack, and whether it changed.

"Modified" is the undo stack's clean state, so undoing back to the saved state clears the mark. A
restored recovery copy is modified although nothing is on its stack (``QUndoStack.resetClean``).
The session also remembers what its file looked like on disk when it was opened or saved (to notice
another program's edits before overwriting them) and holds a lock on it (to notice the same file open
in another window or app instance).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ...model import Document, new_workshop
from ...model.collector import collector_paused

if TYPE_CHECKING:
    from ...model import Workshop
    from ...model.map_preview import PreviewWorkshop
    from .disk_state import DiskState
    from .open_file_lock import LockHolder, OpenFileLock

APP_TITLE = "Intercept Mapper"
UNTITLED = "Untitled.simmap"


class DocumentSession(QObject):
    """One open document: Document + path + QUndoStack + modified state + window title."""

    sig_state_changed = Signal()  # path or modified state changed: refresh the title
    sig_document_replaced = Signal()  # a new workshop was loaded (new, open, import, restore)

    def __init__(self, workshop: Workshop | PreviewWorkshop | None = None,
                 parent: QObject | None = None) -> None:
        # A ``PreviewWorkshop`` (a map painted before the model loads) is only shown, never edited: the
        # window replaces it with a real workshop before it builds anything that edits.
        super().__init__(parent)
        self.document = Document(workshop or new_workshop())
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        self.path: Path | None = None
        self.disk_state: DiskState | None = None  # the file as last opened or saved by this session
        self._lock: OpenFileLock | None = None  # made when a file is first bound: see ``lock``
        self.other_holders: list[LockHolder] = []  # who else had the file open when it was bound
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def lock(self) -> OpenFileLock:
        """The lock on the bound file (made on first use: a map painted at start-up needs none yet)."""
        if self._lock is None:
            from .open_file_lock import OpenFileLock

            self._lock = OpenFileLock()
        return self._lock

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
        """The window title, such as ``riverbend.simmap[*] - Intercept Mapper``: Qt shows ``[*]`` as the
        modified mark (``*``, or the platform's own) while the window is modified (``setWindowModified``)."""
        # A "[*]" in a file name is doubled: Qt shows "[*][*]" as "[*]".
        return f"{self.display_name().replace('[*]', '[*][*]')}[*] - {APP_TITLE}"

    # ------------------------------------------------------------------ changes of document
    def load(self, workshop: Workshop, path: Path | None, *, modified: bool = False,
             disk_state: DiskState | None = None, already_shown: bool = False) -> None:
        """Show ``workshop`` bound to ``path``; history starts afresh.

        ``modified`` marks a document that is not on disk yet (an import, a restored recovery copy),
        so that closing asks to save it. ``disk_state`` is the file as it was read (None: unknown, and
        then no check for changes by others is made before saving over it). ``already_shown`` says
        the document already shows exactly this content (a map preview of the same file): it is
        adopted without being drawn again.
        """
        self.undo_stack.clear()
        self._bind(path)
        self.disk_state = disk_state
        if already_shown:
            self.document.adopt(workshop)
        else:
            # The views build their items and rows (~100,000 long-lived objects for a 30,000-item
            # map, no garbage): the collector's passes over them would find nothing (the window
            # collects and freezes once it has caught up, ``startup_gc.refreeze``).
            with collector_paused():
                self.document.replace(workshop)
        if modified:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        self.sig_document_replaced.emit()
        self.sig_state_changed.emit()

    def mark_saved(self, path: Path, disk_state: DiskState | None = None) -> None:
        """Record a successful save to ``path`` (written as ``disk_state``): the current state is clean."""
        self._bind(path)
        self.disk_state = disk_state
        self.undo_stack.setClean()
        self.sig_state_changed.emit()

    def changed_on_disk(self) -> bool:
        """True when another program changed the file since this session opened or saved it."""
        return bool(self.path and self.disk_state and self.disk_state.changed_on_disk(self.path))

    def close(self) -> None:
        """Let go of the file (the window is closing)."""
        self.lock.release()
        self.other_holders = []

    def _bind(self, path: Path | None) -> None:
        new = Path(path).absolute() if path else None
        if new is None:
            self.lock.release()
            self.other_holders = []
        elif new != self.path or self.lock.path != new:
            self.other_holders = self.lock.acquire(new)
        self.path = new
