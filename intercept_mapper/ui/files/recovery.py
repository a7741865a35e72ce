"""Crash recovery: a copy of the unsaved document in the per-user data folder, ~0.25 s behind at most.

The copy never goes next to or over the user's file. An edit after a quiet moment is copied at once
(at the next turn of the event loop); edits that follow within ``RECOVERY_DELAY_MS`` are gathered into
one copy at the end of that window (the timer is not restarted by further edits, so a facilitator
typing non-stop still gets a copy every ~0.25 s). The UI thread serialises only what changed since the
last copy (``snapshot_cache``: each item's JSON is kept until a document notice names the item; a cold
cache is filled a few hundred items per turn of the event loop), so a copy of a 3,000-item map costs the
UI thread about 1 ms of CPU (``bench/bench_recovery.py``). A worker thread writes the pieces as they
are (atomic write, ``writev``, fsync), so typing never waits for the disk; on Linux it runs at a lower
priority than the UI thread, so that the UI thread goes first when both want a CPU. Text still being
typed (an open title editor on the map, an inspector field kept only when editing finishes, the
action-plan form, a participants cell's open editor, a voting table's name) is part of the copy:
``pending_edits`` is applied to the snapshot, never to the document nor the undo stack. A copy is
skipped when its content has not changed, and removed by a clean save or close. A small JSON sidecar
records the original path and the process; it is written again only when that changes (the copy's own
modification time says when it was made), so each copy costs one atomic write. The next start, or
opening that file again, offers to restore it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ... import paths
from ...model.atomic_write import atomic_exchange_bytes, atomic_write_bytes, atomic_write_text
from ...model.own_temporaries import TEMP_SUFFIX, temp_prefix
from ...model.problems import InputError
from ...running_processes import this_process_started
from ..plain_text import ask_choice, plain
from .document_session import DocumentSession
from .recovery_copies import (  # noqa: F401 - RecoveryCopy and find_recovery_copies are this module's API too
    COPY_SUFFIX,
    SIDECAR_SUFFIX,
    RecoveryCopy,
    find_recovery_copies,
)
from .snapshot_cache import SnapshotCache, Unserialisable

RECOVERY_DELAY_MS = 250  # a burst of edits is copied at most this long after its first edit
WARM_ITEMS_PER_TURN = 250  # items serialised per turn of the event loop while the cache fills (~0.3 ms)
WORKER_IDLE_S = 10.0  # the writer thread ends after this long without a copy to write
# How much nicer the writer thread is than the UI thread (Linux; nice values go up to 19): when both
# want a CPU, the copy's write waits rather than the UI thread (the stall of a copy is the UI thread
# waiting for a CPU after the writer's work: bench/README.md, "Recovery copies").
WRITER_NICER_BY = 10
MAX_NICE = 19


class PendingEdit(NamedTuple):
    """Text typed but not yet committed: ``fields`` of item ``item_id`` in ``collection``, or of a
    section of the workshop (``info``, ``scheme``) when ``item_id`` is empty."""

    collection: str
    item_id: str
    fields: dict[str, Any]


def snapshot_bytes(session: DocumentSession, pending: list[PendingEdit] | None = None) -> bytes:
    """The document as file bytes, with ``pending`` applied to the copy only (no undo step, no notice).

    Compact JSON from pydantic's serialiser (the loader reads it as it reads a saved file); the items
    with pending text are swapped for edited copies while serialising and put back at once.
    """
    workshop = session.document.workshop
    swapped: list[tuple[list[Any], int, Any]] = []
    sections: list[tuple[str, Any]] = []
    try:
        for collection, item_id, fields in pending or ():
            if not item_id:  # a section: info, scheme
                old = getattr(workshop, collection)
                sections.append((collection, old))
                object.__setattr__(workshop, collection, old.model_copy(update=fields))
                continue
            items = session.document.items(collection)
            for index, item in enumerate(items):
                if item.id == item_id:
                    swapped.append((items, index, item))
                    items[index] = item.model_copy(update=fields)
                    break
        if all(math.isfinite(p.x) and math.isfinite(p.y) for p in workshop.points):
            with contextlib.suppress(ValueError):  # e.g. a lone surrogate: the slow path below copes
                return workshop.__pydantic_serializer__.to_json(workshop)
        from ...model.simmap_file import dumps_workshop  # writes a glitched position as 0

        return dumps_workshop(workshop).encode("utf-8", "backslashreplace")
    finally:
        for items, index, item in reversed(swapped):
            items[index] = item
        for name, old in reversed(sections):
            object.__setattr__(workshop, name, old)


class _Job(NamedTuple):
    seq: int
    parts: list[bytes]  # the copy's bytes in pieces, written as they are (``writev``), never joined
    sidecar: dict[str, Any]


def _same_pieces(new: list[bytes], old: list[bytes] | None) -> bool:
    """True when ``new`` holds the bytes of ``old`` piece for piece (the cache hands out the same
    objects for what did not change, so most pieces compare by identity)."""
    return old is not None and len(new) == len(old) and all(
        a is b or a == b for a, b in zip(new, old, strict=True))


def _lower_this_threads_priority() -> None:
    """Make the calling thread yield to the UI thread when both want a CPU: ``WRITER_NICER_BY`` above
    the nice value it started with (Linux, where a thread's nice value is its own; elsewhere it is the
    whole process's, so nothing is changed there)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            thread = threading.get_native_id()
            now = os.getpriority(os.PRIO_PROCESS, thread)
            os.setpriority(os.PRIO_PROCESS, thread, min(MAX_NICE, now + WRITER_NICER_BY))


class RecoveryWriter(QObject):
    """Keeps a recovery copy of one session's unsaved document, written ~0.25 s after an edit at most."""

    sig_written = Signal(str)  # path of the copy
    sig_failed = Signal(str)  # a readable reason
    _sig_worker_done = Signal(str, str)  # (copy path or "", failure or ""): from the worker thread

    def __init__(self, session: DocumentSession, delay_ms: int = RECOVERY_DELAY_MS,
                 folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._folder = folder
        self._delay_ms = delay_ms
        self.recovery_id = uuid.uuid4().hex
        # Text still being typed (editors and fields not yet kept): applied to the copy, not the document.
        self.pending_edits: Callable[[], list[PendingEdit]] = list
        self._last_parts: list[bytes] | None = None  # the pieces of the copy on disk, as written
        self._exchanging = True  # until the system says it cannot swap names (``atomic_exchange_bytes``)
        self._sidecar_written: str | None = None  # the sidecar on disk, as written
        self._last_copy_at = -math.inf  # monotonic seconds of the last snapshot
        self._cache = SnapshotCache(session.document)  # each item's JSON, until an edit names the item
        self._started: tuple[float | None] | None = None  # when this process started, once known
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._copy_in_background)
        # The worker: one slot for the latest snapshot (older ones are dropped, never written after it).
        self._lock = threading.Lock()  # held while a copy is written or discarded
        self._wake = threading.Condition()
        self._job: _Job | None = None
        self._seq = 0  # snapshots taken
        self._written_seq = 0  # the newest snapshot on disk (or discarded)
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._sig_worker_done.connect(self._worker_done, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = session.document.subscribe(lambda _change: self.schedule())
        session.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def folder(self) -> Path:
        """Where this writer puts its copy (asked of ``paths`` once: the writer thread asks at every copy)."""
        if self._folder is None:
            self._folder = paths.recovery_dir()
        return self._folder

    @property
    def copy_path(self) -> Path:
        """This session's recovery copy."""
        return self.folder / (self.recovery_id + COPY_SUFFIX)

    @property
    def spare_path(self) -> Path:
        """The file each copy is written into before it is swapped with the copy (then holding the one
        before, to be overwritten next time); named as our temporaries, so that once this process is gone
        the next write into the folder removes it."""
        return self.folder / (temp_prefix(self.recovery_id + COPY_SUFFIX) + "sparecpy" + TEMP_SUFFIX)

    @property
    def sidecar_path(self) -> Path:
        """This session's sidecar (original path, time, process id)."""
        return self.folder / (self.recovery_id + SIDECAR_SUFFIX)

    def schedule(self) -> None:
        """Note an edit: copy at once after a quiet moment, else at the end of the current window."""
        if self._timer.isActive() or self._stopping:
            return
        since_ms = (time.monotonic() - self._last_copy_at) * 1000
        self._timer.start(int(max(0.0, min(float(self._delay_ms), self._delay_ms - since_ms))))

    def is_pending(self) -> bool:
        """True while an edit waits to be copied (or its copy to be written)."""
        with self._wake:
            queued = self._job is not None
        return self._timer.isActive() or queued or self._lock.locked()

    def adopt(self, copy: RecoveryCopy) -> None:
        """Continue a restored copy: later copies replace it instead of adding a second one."""
        with self._lock:  # not while a copy is being written under the old id
            with contextlib.suppress(OSError):
                self.spare_path.unlink()  # (the old id's)
            self.recovery_id = copy.recovery_id
            self._last_parts = None
            self._sidecar_written = None

    def _has_unsaved_work(self, pending: list[PendingEdit]) -> bool:
        return self._session.is_modified() or bool(pending)

    def _snapshot(self) -> _Job | None:
        """The current document (with pending text) as a job, or None when there is nothing unsaved."""
        pending = self.pending_edits()
        if not self._has_unsaved_work(pending):
            return None
        self._last_copy_at = time.monotonic()
        try:
            parts = self._cache.parts(pending)
        except Unserialisable:  # text pydantic's JSON refuses: the whole file the slow way
            parts = [snapshot_bytes(self._session, pending)]
        # No time in it: the copy's modification time is when it was made (``find_recovery_copies``).
        sidecar = {
            "original_path": str(self._session.path) if self._session.path else None,
            "pid": os.getpid(),
        }
        self._seq += 1
        return _Job(self._seq, parts, sidecar)

    def write_now(self) -> bool:
        """Write the copy now, on this thread, if the document is unsaved and changed since the last
        copy; True if written."""
        self._timer.stop()
        try:
            job = self._snapshot()
        except Exception as exc:  # noqa: BLE001 - a copy that cannot be made must not stop the editing
            self.sig_failed.emit(f"Could not make a recovery copy: {exc}")
            return False
        if job is None:
            self.discard()
            return False
        with self._wake:
            self._job = None  # older than this one
        written, failure = self._write(job)
        if failure:
            self.sig_failed.emit(failure)
        if written:
            self.sig_written.emit(str(self.copy_path))
        return written

    def _copy_in_background(self) -> None:
        if not self._cache.warm(WARM_ITEMS_PER_TURN):  # (after opening a file, or a big undo)
            self._timer.start(0)  # a few hundred items a turn, the events in between
            return
        try:
            job = self._snapshot()
        except Exception as exc:  # noqa: BLE001 - a copy that cannot be made must not stop the editing
            self.sig_failed.emit(f"Could not make a recovery copy: {exc}")
            return
        if job is None:
            self.discard()
            return
        with self._wake:
            self._job = job
            self._wake.notify()
            if self._thread is None:  # (it ends itself after a quiet spell: see ``_run``)
                self._thread = threading.Thread(target=self._run, name="recovery-copy", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        _lower_this_threads_priority()
        while True:
            with self._wake:
                if self._job is None and not self._stopping:
                    self._wake.wait(WORKER_IDLE_S)
                if self._stopping or self._job is None:
                    if self._thread is threading.current_thread():
                        self._thread = None  # quiet for a while: the next copy starts a new worker
                    return
                job, self._job = self._job, None
            written, failure = self._write(job)
            if written or failure:
                with contextlib.suppress(RuntimeError):  # the window was destroyed meanwhile
                    self._sig_worker_done.emit(str(self.copy_path) if written else "", failure)

    def _write(self, job: _Job) -> tuple[bool, str]:
        """Write ``job`` unless a newer one is on disk already; (written, failure).

        On the writer thread, little but system calls that let go of the interpreter lock: the pieces
        are compared with the last copy's (mostly the same objects) instead of hashed, and written as
        they are, not joined (``atomic_write_bytes`` takes pieces).
        """
        with self._lock:
            if job.seq <= self._written_seq:
                return False, ""
            copy_path, sidecar_path = self.copy_path, self.sidecar_path
            if _same_pieces(job.parts, self._last_parts) and copy_path.exists():
                self._written_seq = job.seq
                return False, ""
            # With the pid, when this process started: tells it from a later process given the same id
            # (ids are reused). Asked here, on the worker thread: the first ask loads psutil.
            if self._started is None:  # asked once: the answer never changes
                self._started = (this_process_started(),)
            sidecar = json.dumps({**job.sidecar, "started": self._started[0]}, indent=2)
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                # The sidecar first: a process killed between the two writes then leaves a copy that
                # still says which file it belongs to (the older copy, or none yet, with a fresh sidecar).
                if sidecar != self._sidecar_written or not sidecar_path.exists():
                    atomic_write_text(sidecar_path, sidecar)
                    self._sidecar_written = sidecar
                self._write_copy(copy_path, job.parts)
            except OSError as exc:
                return False, f"Could not write the recovery copy in {self.folder}: {exc.strerror or exc}"
            self._last_parts = job.parts
            self._written_seq = job.seq
            return True, ""

    def _write_copy(self, copy_path: Path, parts: list[bytes]) -> None:
        """The copy, atomically: over a spare swapped in (a third of the work: no file made nor given
        back, ``bench/recovery_write_ways.py``), else, the first time or where names cannot be swapped,
        through a new temporary renamed over it."""
        if self._exchanging and copy_path.exists():
            try:
                if atomic_exchange_bytes(copy_path, self.spare_path, parts):
                    return
                self._exchanging = False  # this system or folder cannot: the usual way from now on
            except FileNotFoundError:  # the copy or the spare removed meanwhile (a clean-up): this once
                pass
        atomic_write_bytes(copy_path, parts)

    def _worker_done(self, path: str, failure: str) -> None:
        if failure:
            self.sig_failed.emit(failure)
        elif path:
            self.sig_written.emit(path)

    def discard(self) -> None:
        """Remove this session's copy (after a clean save or close); a copy being written is dropped."""
        self._timer.stop()
        with self._wake:
            self._job = None
        with self._lock:  # waits for a write in progress, so that it cannot land after the delete
            self._written_seq = self._seq
            self._last_parts = None
            self._sidecar_written = None
            for path in (self.copy_path, self.sidecar_path, self.spare_path):
                with contextlib.suppress(FileNotFoundError, OSError):
                    path.unlink()

    def dispose(self) -> None:
        """Stop listening and stop the worker (the window is closing); a copy on disk stays."""
        self._timer.stop()
        if self._stopping:
            return
        self._unsubscribe()
        self._unsubscribe = lambda: None
        self._cache.dispose()
        self.pending_edits = list  # the editors that held pending text are going away
        with contextlib.suppress(RuntimeError, TypeError):
            self._session.undo_stack.cleanChanged.disconnect(self._on_clean_changed)
        with self._wake:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=5)

    def _on_clean_changed(self, clean: bool) -> None:
        if self._stopping:
            return
        if clean and not self.pending_edits():
            self.discard()
        elif clean:
            self.schedule()


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
        return f"{exc}\n\nThe copy was set aside (kept, not deleted) as {kept}."
    writer.discard()  # the work it replaces was saved or given up: its copy goes
    writer.adopt(copy)  # later copies replace this one instead of piling up
    session.load(workshop, copy.original_path, modified=True)
    return ""


CRASH_INTRO = "Intercept Mapper did not close properly last time. These unsaved changes were kept:"
MENU_INTRO = "Unsaved work kept by sessions that did not close properly:"


def ask_restore_dialog(parent: QWidget, copies: list[RecoveryCopy],
                       intro: str = CRASH_INTRO) -> tuple[str, RecoveryCopy | None]:
    """Offer the recovery copies: (RESTORE, copy), (DISCARD_ALL, None) or (LATER, None).

    Each copy is listed with its file, the time of its last change (to the second) and what it holds
    compared with the file on disk (counts of points, flows, resources, gaps, candidates, steps).
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle("Recover unsaved work")
    dialog.setMinimumWidth(640)
    layout = QVBoxLayout(dialog)
    label = QLabel(intro)
    label.setWordWrap(True)
    layout.addWidget(label)
    listing = QListWidget()
    listing.setAccessibleName("Recovery copies")
    for copy in copies:
        listing.addItem(f"{copy.describe()}\n    {copy.what_changed()}")
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


# ----------------------------------------------------------------------------- opening a file that has a copy
OPEN_FILE = "open_file"  # as file_actions.OPEN_FILE
CANCEL_OPEN = "cancel"


def copies_newer_than(path: Path, exclude: str | None = None) -> list[RecoveryCopy]:
    """Recovery copies of ``path`` made after the file was last written (not ``exclude``'s), newest first."""
    # One file under either spelling: case is ignored where the system ignores it (Windows).
    target = os.path.normcase(Path(path).absolute())
    return [c for c in find_recovery_copies() if c.recovery_id != exclude and c.original_path is not None
            and os.path.normcase(Path(c.original_path).absolute()) == target and c.is_newer_than_file()]


def ask_open_with_copy_dialog(parent: QWidget, path: Path, copy: RecoveryCopy) -> str:
    """``path`` has a newer recovery copy: RESTORE it, OPEN_FILE (the copy is kept) or CANCEL_OPEN."""
    when = copy.saved_at.strftime("%Y-%m-%d %H:%M:%S") if copy.saved_at else "an unknown time"
    answer = ask_choice(
        parent, "Newer unsaved work",
        f"{path.name} has unsaved changes kept from {when}, newer than the file.\n\n"
        f"{copy.what_changed()}\n\nRestore them (your file is not changed until you save), "
        "or open the file as saved (the changes stay under File > Recover Unsaved Work)?",
        [(RESTORE, "Restore Unsaved Changes", False), (OPEN_FILE, "Open the File", True)], default=RESTORE)
    return answer or CANCEL_OPEN
