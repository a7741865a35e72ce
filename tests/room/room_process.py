"""``intercept-mapper room`` as a real process: start it, read its ``room: URL`` line, stop it."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class RoomProcess:
    """A running ``room`` command on 127.0.0.1 and the one line it printed."""

    def __init__(self, file: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "intercept_mapper", "room", str(file), "--host", "127.0.0.1",
             "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO,
        )
        self.first_line = self._read_line(90.0)  # a loaded machine starts Python slowly
        if not self.first_line.startswith("room: "):
            self.kill()  # never left running, and its error can then be read whole
            raise AssertionError(f"no room line: {self.first_line!r}; {self.proc.stderr.read()!r}")
        self.url = self.first_line.removeprefix("room: ").strip()

    def _read_line(self, timeout: float) -> str:
        chosen = selectors.DefaultSelector()
        chosen.register(self.proc.stdout, selectors.EVENT_READ)
        line = b""
        deadline = time.monotonic() + timeout
        while not line.endswith(b"\n") and time.monotonic() < deadline:
            if chosen.select(deadline - time.monotonic()):
                byte = os.read(self.proc.stdout.fileno(), 1)  # unbuffered: select sees what is left
                if not byte:
                    break
                line += byte
        return line.decode()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> tuple[int, str, str]:
        """Send ``sig`` and wait; returns the exit status and what was left on stdout and stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out.decode(), err.decode()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
