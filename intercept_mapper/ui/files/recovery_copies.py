"""Crash copies on disk: finding, reading, discarding or setting aside the copies a session left.

Qt-free, so that the app can check for copies before it loads Qt: a window is only opened on a
quick preview of its file when no copy waits to be offered (see ``ui/app.py``). The writer of the
copies and the restore dialog live in ``recovery.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ... import paths
from ...model.problems import InputError, Problem

if TYPE_CHECKING:
    from datetime import datetime

    from ...model import Workshop

COPY_SUFFIX = ".simmap"
SIDECAR_SUFFIX = ".recovery.json"
STALE_SECONDS = 3600  # writes take milliseconds: leftovers this old come from a process that died
DAMAGED_SUFFIX = ".damaged"  # a copy that cannot be read is renamed, never offered again nor deleted


@dataclass(frozen=True)
class RecoveryCopy:
    """A recovery copy found on disk, with what its sidecar says about it."""

    recovery_id: str
    copy_path: Path
    original_path: Path | None
    saved_at: datetime | None
    pid: int | None

    @property
    def sidecar_path(self) -> Path:
        """The JSON file beside the copy."""
        return self.copy_path.with_name(self.recovery_id + SIDECAR_SUFFIX)

    def describe(self) -> str:
        """One line for the restore dialog: which file, and when the copy was made (to the second)."""
        name = str(self.original_path) if self.original_path else "An unsaved new workshop"
        when = self.saved_at.strftime("%Y-%m-%d %H:%M:%S") if self.saved_at else "an unknown time"
        return f"{name}, changes up to {when}"

    def is_newer_than_file(self) -> bool:
        """True when the copy was made after its original file was last written (or the file is gone)."""
        if self.original_path is None or self.saved_at is None:
            return self.original_path is not None
        try:
            modified = self.original_path.stat().st_mtime
        except OSError:
            return True
        return self.saved_at.timestamp() > modified

    def what_changed(self) -> str:
        """What the copy holds compared with the file on disk, in counts of items (for the dialog)."""
        try:
            copy_counts = item_counts(self.load())
        except InputError as exc:
            # Its own reason: a copy over the item limit is whole, not damaged, and should not be called so.
            reason = (exc.problems[0].message if exc.problems else "it cannot be read").rstrip(".")
            return f"The copy cannot be opened: {reason}. Restoring it sets it aside (kept, not deleted)."
        disk_counts: dict[str, int] | None = None
        if self.original_path is not None:
            from ...model.simmap_file import load_workshop

            with contextlib.suppress(InputError, OSError):
                disk_counts = item_counts(load_workshop(self.original_path))
        if disk_counts is None:
            listed = ", ".join(f"{n} {_plural(word, n)}" for word, n in copy_counts.items() if n)
            where = "no file on disk to compare with" if self.original_path is None else "the file is gone"
            return f"Holds {listed or 'nothing yet'} ({where})."
        changes = [_difference(word, copy_counts[word] - disk_counts[word]) for word in copy_counts
                   if copy_counts[word] != disk_counts[word]]
        if not changes:
            return "Same numbers of items as the file on disk; titles or other text differ."
        return "Compared with the file on disk: " + ", ".join(changes) + "."

    def load(self) -> Workshop:
        """Read the copy (raises InputError if it is damaged)."""
        from ...model.simmap_file import loads_workshop

        try:
            data = self.copy_path.read_bytes()
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror or exc})"
            raise InputError(Problem(reason, file=str(self.copy_path))) from None
        # Bytes, not text: the loader turns bytes that are not UTF-8 into an InputError naming the copy.
        return loads_workshop(data, str(self.copy_path))

    def discard(self) -> None:
        """Delete the copy and its sidecar."""
        for path in (self.copy_path, self.sidecar_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def set_aside(self) -> Path:
        """Rename a damaged copy so it is not offered again (kept, in case someone can salvage it)."""
        target = self.copy_path.with_name(self.copy_path.name + DAMAGED_SUFFIX)
        for path in (self.copy_path, self.sidecar_path):
            with contextlib.suppress(OSError):
                path.replace(path.with_name(path.name + DAMAGED_SUFFIX))
        return target


COUNTED = ("points", "flows", "resources", "gaps", "candidates", "steps")


def item_counts(ws: Workshop) -> dict[str, int]:
    """How many points, flows, resources, gaps, candidates and action steps ``ws`` holds."""
    return {
        "points": len(ws.points), "flows": len(ws.flows),
        "resources": sum(1 for f in ws.findings if f.kind == "resource"),
        "gaps": sum(1 for f in ws.findings if f.kind == "gap"),
        "candidates": len(ws.voting.candidates),
        "steps": sum(len(o.steps) for plan in ws.action_plans for o in plan.objectives),
    }


def _plural(word: str, n: int) -> str:
    return word if n != 1 else word[:-1]


def _difference(word: str, delta: int) -> str:
    sign = "+" if delta > 0 else "\u2212"  # a minus sign, not a hyphen
    return f"{sign}{abs(delta)} {_plural(word, abs(delta))}"


def _writer_running(pid: int, started: float | None) -> bool:
    # Our own id: a copy from an earlier process that had it (containers start from low ids), since
    # this process has written nothing yet when it looks. Otherwise asked the same way on every system
    # (``running_processes``: on Windows ``os.kill`` cannot ask, and a dead writer hid its copy).
    if pid == os.getpid():
        return False
    from ...running_processes import is_running  # psutil is loaded only when a copy waits

    return is_running(pid, started)


def _read_sidecar(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a write that was killed, and sidecars whose copy never came, an hour on."""
    cutoff = time.time() - STALE_SECONDS
    for path in [*folder.glob(".*.tmp"), *folder.glob("*" + SIDECAR_SUFFIX)]:
        with contextlib.suppress(OSError):
            if path.name.endswith(SIDECAR_SUFFIX):
                copy = path.with_name(path.name[: -len(SIDECAR_SUFFIX)] + COPY_SUFFIX)
                if copy.exists():
                    continue
            if path.stat().st_mtime < cutoff:
                path.unlink()


def find_recovery_copies(folder: Path | None = None, *, include_running: bool = False) -> list[RecoveryCopy]:
    """Recovery copies left by sessions that ended without a clean save or close, newest first.

    Copies of another instance that is still running are left out unless ``include_running``.
    """
    folder = folder or paths.recovery_dir()
    if not folder.is_dir():
        return []
    _remove_leftovers(folder)
    copy_paths = list(folder.glob("*" + COPY_SUFFIX))
    if not copy_paths:
        return []
    from datetime import datetime  # here, not at the top: ~1.5 ms at every start, which has no copies

    copies: list[RecoveryCopy] = []
    for copy_path in copy_paths:
        recovery_id = copy_path.name[: -len(COPY_SUFFIX)]
        meta = _read_sidecar(copy_path.with_name(recovery_id + SIDECAR_SUFFIX))
        pid = meta.get("pid") if isinstance(meta.get("pid"), int) else None
        started = meta.get("started") if isinstance(meta.get("started"), (int, float)) else None
        if pid is not None and not include_running and _writer_running(pid, started):
            continue
        original = meta.get("original_path")
        saved_at = None
        with contextlib.suppress(TypeError, ValueError):
            saved_at = datetime.fromisoformat(meta["saved_at"]) if meta.get("saved_at") else None
        if saved_at is None:
            with contextlib.suppress(OSError):
                saved_at = datetime.fromtimestamp(copy_path.stat().st_mtime)
        original_path = Path(original) if original else None
        copies.append(RecoveryCopy(recovery_id, copy_path, original_path, saved_at, pid))
    copies.sort(key=lambda c: c.saved_at or datetime.min, reverse=True)
    return copies
