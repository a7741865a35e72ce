"""Whether the process that left a lock, a recovery copy or a temporary file is still running.

One code path on Windows, macOS and Linux: psutil asks the system (``OpenProcess`` on Windows, where
``os.kill(pid, 0)`` would *terminate* the process instead of asking about it). A process id can be
reused once its process has ended, so what we leave on disk also records when our process started
(``this_process_started``); a process with that id that started at another time is someone else.
Qt-free and cheap to import: psutil itself is loaded on first use.
"""

from __future__ import annotations

import os
from functools import cache

# Start times are floats in seconds; the system rounds them (Windows: 100 ns; Linux: clock ticks).
_SAME_START_SECONDS = 1.0


@cache
def this_process_started() -> float | None:
    """When this process started (seconds since the epoch), or None when the system will not say."""
    import psutil

    try:
        return psutil.Process(os.getpid()).create_time()
    except (psutil.Error, OSError):
        return None


def is_running(pid: int, started: float | None = None) -> bool:
    """True while process ``pid`` (on this computer) exists, and, given ``started``, is the one that
    started then. A process that exists but that we may not ask about counts as running."""
    import psutil

    if pid <= 0:
        return False
    try:
        if not psutil.pid_exists(pid):
            return False
        if started is None:
            return True
        return abs(psutil.Process(pid).create_time() - started) <= _SAME_START_SECONDS
    except psutil.NoSuchProcess:
        return False
    except (psutil.Error, OSError):  # AccessDenied and the like: it exists, we cannot look closer
        return True
