"""SIGTERM and SIGHUP stop a command as Ctrl+C does: the write under way removes its temporary file.

Without this, ``kill`` or a closed terminal ends the process on the spot and leaves a hidden temporary
beside the output (the next write clears it, see ``model/own_temporaries.py``; SIGKILL cannot be caught).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType


class Stopped(KeyboardInterrupt):
    """Raised in the main thread when a stop signal arrives; the command line reports it on one line."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signal.Signals(signum).name)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``Stopped``; the previous handlers come back after."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    try:
        for sig in wanted:
            if signal.getsignal(sig) is signal.SIG_IGN:  # ``nohup`` asked for the command to go on
                continue
            previous[sig] = signal.signal(sig, _stop)
    except ValueError:  # not the main thread (a test runner's worker): leave the handlers alone
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
