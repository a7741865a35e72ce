"""Run by test_killed_export.py: the real ``export`` command, held in the middle of writing its output.

``export_child.py ARGS...`` runs ``intercept-mapper ARGS`` with the output's bytes written half-way,
then prints ``WRITING`` and waits to be killed or stopped by a signal (``EXPORT_CHILD_HOLD`` seconds,
default 60) before writing the rest.
"""

from __future__ import annotations

import os
import sys
import time

from intercept_mapper.cli import main
from intercept_mapper.model import atomic_write

_real_write_all = atomic_write._write_all


def _held_write_all(fd: int, data: bytes) -> None:
    """Write half, say so, and wait: the parent kills this process while its temporary is on disk."""
    _real_write_all(fd, data[: len(data) // 2])
    print("WRITING", flush=True)
    time.sleep(float(os.environ.get("EXPORT_CHILD_HOLD", "60")))
    _real_write_all(fd, data[len(data) // 2:])


if __name__ == "__main__":
    atomic_write._write_all = _held_write_all
    sys.exit(main(sys.argv[1:]))
