"""Our temporary files: named so they are recognisably ours, and the stale ones (writer gone) removed.

A write goes to ``.NAME.im-HOST-PID-XXXXXXXX.tmp`` beside its target (HOST: a short hash of this
computer's name, PID: the writing process). SIGKILL or a power cut can leave one behind; the next write
into that folder removes it when its writer is gone: on this computer, a process that no longer exists;
from anywhere, a file older than ``STALE_SECONDS``. Files named otherwise are never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import time
from functools import cache
from pathlib import Path

TEMP_SUFFIX = ".tmp"
TAG = "im"
# A write takes seconds at most: a temporary this old was left by a crash, wherever it was written from
# (a folder shared over the network may hold another computer's, whose process we cannot ask about).
STALE_SECONDS = 3600
# File names may be 255 bytes; ours add some 30 to the target's name, so a long name is shortened.
_NAME_BYTES = 200

# ".NAME." + TAG-HOST-PID- + mkstemp's 8 characters + ".tmp"
_OURS = re.compile(rf"^\..+\.{TAG}-(?P<host>[0-9a-f]{{6}})-(?P<pid>[0-9]{{1,10}})-[a-z0-9_]{{8}}\.tmp$")


@cache
def host_tag() -> str:
    """Six hex digits standing for this computer in our temporaries' names."""
    return hashlib.blake2s(socket.gethostname().encode("utf-8", "replace"), digest_size=3).hexdigest()


def temp_prefix(name: str) -> str:
    """The start of the name of a temporary for the file ``name`` (mkstemp adds 8 characters)."""
    short = name.encode("utf-8", "surrogatepass")[:_NAME_BYTES].decode("utf-8", "ignore") or "_"
    return f".{short}.{TAG}-{host_tag()}-{os.getpid()}-"


def is_ours(name: str) -> bool:
    """True for a file name that only our writes make."""
    return _OURS.match(name) is not None


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove our temporaries in ``folder`` whose writer is gone; returns what was removed.

    Never raises: a folder that cannot be listed, or a file that cannot be removed, is left as it is.
    """
    removed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _OURS.match(entry.name)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                if not entry.is_file(follow_symlinks=False):
                    continue
                old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
                if old or _writer_gone(match["host"], int(match["pid"])):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _writer_gone(host: str, pid: int) -> bool:
    # Only a process on this computer can be asked about; our own pid may be another thread writing.
    if host != host_tag() or pid == os.getpid() or pid <= 0:
        return False
    # Asked the same way on every system (on Windows os.kill would terminate the process, not ask).
    from ..running_processes import is_running

    return not is_running(pid)
