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
        """One line for the restore dialog: which file, and when the copy was made."""
        name = str(self.original_path) if self.original_path else "An unsaved new workshop"
        when = self.saved_at.strftime("%Y-%m-%d %H:%M") if self.saved_at else "an unknown time"
        return f"{name}, changes up to {when}"

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


def _pid_alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


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
        if pid is not None and not include_running and _pid_alive(pid):
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
