"""Notice when one workshop file is open in two windows or two running copies of the app.

Each window that has a file open writes a small lock file in the per-user data folder (beside the
recovery copies, never next to the user's file): its name is a hash of the file's real path (links
resolved; without regard to case where the system ignores it, as Windows does) plus
the window's own token, its content the path, process id, host and time. Another window opening the
same path finds the other locks. A lock whose process has died (a crash, a kill) is stale: it is
ignored and removed. Locks only warn; they never stop anyone opening or saving a file.

Whether a process is alive is asked the same way on every system (``running_processes``, psutil);
two windows of one process are told apart by their tokens. A lock from another computer (a file on
a shared drive) cannot be checked and is always named.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ... import paths
from ...model.atomic_write import atomic_write_text
from ...running_processes import is_running

LOCK_SUFFIX = ".lock"
# Tokens of the locks held by windows of this process: a lock with our pid but another token that is
# not here was left by a window that went away without closing.
_LIVE_TOKENS: set[str] = set()


def locks_dir() -> Path:
    """The folder of open-file locks (beside the recovery copies)."""
    return paths.user_data_dir() / "locks"


def _identity(path: str | os.PathLike[str]) -> Path:
    """The one spelling of ``path`` that every window uses: absolute, links resolved, case folded on
    Windows (``C:\\Maps\\Lake.simmap`` and ``c:\\maps\\lake.simmap`` are one file there)."""
    return Path(os.path.normcase(os.path.realpath(path)))


def _key(path: Path) -> str:
    return hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class LockHolder:
    """Another window or app instance that has the same file open."""

    pid: int
    host: str
    since: str
    same_process: bool

    def describe(self) -> str:
        """Where the other copy is open, for a message."""
        if self.same_process:
            return "another window of this Intercept Mapper"
        where = "this computer" if self.host == socket.gethostname() else self.host
        return f"another Intercept Mapper (process {self.pid} on {where}, since {self.since})"


class OpenFileLock:
    """The lock of one window on the file it has open (at most one file at a time)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self.token = uuid.uuid4().hex[:16]
        self.path: Path | None = None

    @property
    def folder(self) -> Path:
        """Where the locks are kept."""
        return self._folder or locks_dir()

    def _lock_file(self, path: Path, token: str) -> Path:
        return self.folder / f"{_key(path)}.{token}{LOCK_SUFFIX}"

    def acquire(self, path: str | os.PathLike[str]) -> list[LockHolder]:
        """Hold ``path`` (releasing any other file); returns the others that have it open too."""
        target = _identity(path)
        if self.path != target:
            self.release()
        others = self.others(target)
        record = {"path": str(target), "pid": os.getpid(), "host": socket.gethostname(),
                  "since": datetime.now().isoformat(timespec="seconds")}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self._lock_file(target, self.token), json.dumps(record, indent=2))
        except OSError:
            pass  # a lock is a courtesy: never stop anyone working over it
        self.path = target
        _LIVE_TOKENS.add(self.token)
        return others

    def others(self, path: str | os.PathLike[str]) -> list[LockHolder]:
        """Live holders of ``path`` other than this lock; stale locks found on the way are removed."""
        target = _identity(path)
        holders = []
        host = socket.gethostname()
        for lock in sorted(self.folder.glob(f"{_key(target)}.*{LOCK_SUFFIX}")):
            token = lock.name[len(_key(target)) + 1: -len(LOCK_SUFFIX)]
            if token == self.token:
                continue
            try:
                data = json.loads(lock.read_text(encoding="utf-8"))
                pid, lock_host = int(data["pid"]), str(data["host"])
            except (OSError, ValueError, KeyError, TypeError):
                continue  # being written right now, or damaged: not evidence of anything
            if data.get("path") != str(target):
                continue  # a hash collision: not this file
            same_process = pid == os.getpid() and lock_host == host
            # Ours: stale when its window went away without closing; another process's: when it ended.
            stale = token not in _LIVE_TOKENS if same_process else lock_host == host and not is_running(pid)
            if stale:
                with contextlib.suppress(OSError):
                    lock.unlink()
                continue
            holders.append(LockHolder(pid, lock_host, str(data.get("since", "")), same_process))
        return holders

    def release(self) -> None:
        """Let go of the file (closing it, or opening another)."""
        _LIVE_TOKENS.discard(self.token)
        if self.path is not None:
            with contextlib.suppress(OSError):
                self._lock_file(self.path, self.token).unlink()
        self.path = None
