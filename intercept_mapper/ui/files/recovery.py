"""Crash recovery: a copy of the unsaved document in the per-user data folder, kept ~2 s behind.

The copy never goes next to or over the user's file. Each edit starts a short timer (not restarted by
further edits, so a facilitator typing non-stop still gets a copy every ~1.5 s); the copy is skipped
when its content has not changed, written atomically, and removed by a clean save or close. A small
JSON sidecar records the original path and the time, so that the next start can offer to restore it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ... import paths
from ...model.atomic_write import atomic_write_bytes, atomic_write_text
from ...model.problems import InputError
from ..plain_text import plain
from .document_session import DocumentSession
from .recovery_copies import (  # noqa: F401 - RecoveryCopy and find_recovery_copies are this module's API too
    COPY_SUFFIX,
    SIDECAR_SUFFIX,
    RecoveryCopy,
    find_recovery_copies,
)

RECOVERY_DELAY_MS = 1500


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


class RecoveryWriter(QObject):
    """Keeps a recovery copy of one session's unsaved document, written ~1.5 s after an edit."""

    sig_written = Signal(str)  # path of the copy
    sig_failed = Signal(str)  # a readable reason

    def __init__(self, session: DocumentSession, delay_ms: int = RECOVERY_DELAY_MS,
                 folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._folder = folder
        self.recovery_id = uuid.uuid4().hex
        self._last_hash: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.write_now)
        self._unsubscribe = session.document.subscribe(lambda _change: self.schedule())
        session.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def folder(self) -> Path:
        """Where this writer puts its copy."""
        return self._folder or paths.recovery_dir()

    @property
    def copy_path(self) -> Path:
        """This session's recovery copy."""
        return self.folder / (self.recovery_id + COPY_SUFFIX)

    @property
    def sidecar_path(self) -> Path:
        """This session's sidecar (original path, time, process id)."""
        return self.folder / (self.recovery_id + SIDECAR_SUFFIX)

    def schedule(self) -> None:
        """Note an edit: write a copy when the timer runs out (it is not restarted by later edits)."""
        if not self._timer.isActive():
            self._timer.start()

    def is_pending(self) -> bool:
        """True while an edit waits to be copied."""
        return self._timer.isActive()

    def adopt(self, copy: RecoveryCopy) -> None:
        """Continue a restored copy: later copies replace it instead of adding a second one."""
        self.recovery_id = copy.recovery_id
        self._last_hash = None

    def write_now(self) -> bool:
        """Write the copy now if the document is unsaved and changed since the last copy; True if written."""
        self._timer.stop()
        if not self._session.is_modified():
            self.discard()
            return False
        from ...model.simmap_file import dumps_workshop

        try:
            data = _as_bytes(dumps_workshop(self._session.document.workshop))
        except Exception as exc:  # noqa: BLE001 - a copy that cannot be made must not stop the editing
            self.sig_failed.emit(f"Could not make a recovery copy: {exc}")
            return False
        digest = hashlib.sha256(data).hexdigest()
        if digest == self._last_hash and self.copy_path.exists():
            return False
        sidecar = {
            "original_path": str(self._session.path) if self._session.path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "pid": os.getpid(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # The sidecar first: a process killed between the two writes then leaves a copy that
            # still says which file it belongs to (the older copy, or none yet, with a fresh sidecar).
            atomic_write_text(self.sidecar_path, json.dumps(sidecar, indent=2))
            atomic_write_bytes(self.copy_path, data)
        except OSError as exc:
            self.sig_failed.emit(f"Could not write the recovery copy in {self.folder}: {exc.strerror or exc}")
            return False
        self._last_hash = digest
        self.sig_written.emit(str(self.copy_path))
        return True

    def discard(self) -> None:
        """Remove this session's copy (after a clean save or close)."""
        self._timer.stop()
        self._last_hash = None
        for path in (self.copy_path, self.sidecar_path):
            with contextlib.suppress(FileNotFoundError, OSError):
                path.unlink()

    def dispose(self) -> None:
        """Stop listening (the window is closing)."""
        self._timer.stop()
        self._unsubscribe()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()


# ----------------------------------------------------------------------------- the start-up question
RESTORE, DISCARD_ALL, LATER = "restore", "discard", "later"
AskRestore = Callable[[list[RecoveryCopy]], tuple[str, "RecoveryCopy | None"]]


def choose_recovery_copy(ask: AskRestore) -> RecoveryCopy | None:
    """Ask about the copies left by a crash; returns the one to restore (Discard All deletes them)."""
    copies = find_recovery_copies()
    if not copies:
        return None
    choice, copy = ask(copies)
    if choice == RESTORE and copy is not None:
        return copy
    if choice == DISCARD_ALL:
        for found in copies:
            found.discard()
    return None


def restore_copy(session: DocumentSession, writer: RecoveryWriter, copy: RecoveryCopy) -> str:
    """Open ``copy`` in ``session`` as unsaved work bound to its original file; returns an error or ""."""
    try:
        workshop = copy.load()
    except InputError as exc:
        kept = copy.set_aside()
        return f"{exc}\n\nThe damaged copy was set aside as {kept}."
    session.load(workshop, copy.original_path, modified=True)
    writer.adopt(copy)  # later copies replace this one instead of piling up
    return ""


def ask_restore_dialog(parent: QWidget, copies: list[RecoveryCopy]) -> tuple[str, RecoveryCopy | None]:
    """Offer the recovery copies: (RESTORE, copy), (DISCARD_ALL, None) or (LATER, None)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Recover unsaved work")
    dialog.setMinimumWidth(640)
    layout = QVBoxLayout(dialog)
    intro = QLabel("Intercept Mapper did not close properly last time. These unsaved changes were kept:")
    intro.setWordWrap(True)
    layout.addWidget(intro)
    listing = QListWidget()
    listing.setAccessibleName("Recovery copies")
    for copy in copies:
        listing.addItem(copy.describe())
        listing.item(listing.count() - 1).setToolTip(plain(str(copy.original_path or copy.copy_path)))
    listing.setCurrentRow(0)
    rows = min(len(copies), 6)
    listing.setFixedHeight(listing.sizeHintForRow(0) * rows + 2 * listing.frameWidth() + 8)
    layout.addWidget(listing)
    note = QLabel("Restoring opens the copy as an unsaved document; your file is not changed until you save.")
    note.setWordWrap(True)
    layout.addWidget(note)
    buttons = QDialogButtonBox()
    restore = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
    discard = buttons.addButton("Discard All", QDialogButtonBox.ButtonRole.DestructiveRole)
    later = buttons.addButton("Decide Later", QDialogButtonBox.ButtonRole.RejectRole)
    layout.addWidget(buttons)
    choice: list[str] = [LATER]
    restore.clicked.connect(lambda: (choice.__setitem__(0, RESTORE), dialog.accept()))
    discard.clicked.connect(lambda: (choice.__setitem__(0, DISCARD_ALL), dialog.accept()))
    later.clicked.connect(dialog.reject)
    restore.setDefault(True)
    dialog.exec()
    if choice[0] == RESTORE and listing.currentRow() >= 0:
        return RESTORE, copies[listing.currentRow()]
    return choice[0], None
