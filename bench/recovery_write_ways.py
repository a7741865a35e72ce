"""The writer thread's CPU for ways of putting a recovery copy of the 3,000-item map on disk (issue 18).

Not a bench (``run_all.py`` runs only ``bench_*.py``): a measurement for the next step. A copy's stall is
the UI thread waiting for a CPU after the writer's work (bench/README.md, "Recovery copies"); this shows
how much of that work each way of writing needs, all in one thread, the ways taking turns (the order
rotated each copy), a gap renamed before each copy:

- ``atomic``: what the writer does (``atomic_write_bytes``: a new temporary, written, synced, renamed
  over the copy, the folder synced);
- ``new file, renamed, no sync``: the same without either sync (not safe against a power cut);
- ``in place, synced``: the same file overwritten, truncated and synced (the pages and blocks of the
  last copy reused; not atomic alone: it would need a spare file swapped in, e.g. Linux's
  ``renameat2(RENAME_EXCHANGE)``);
- ``in place, no sync``.

Run: ``.venv/bin/python bench/recovery_write_ways.py [COPIES]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_recovery as br  # noqa: E402 - private folders first
from bench_canvas import big_workshop  # noqa: E402

from intercept_mapper.model import Document  # noqa: E402
from intercept_mapper.model.atomic_write import atomic_write_bytes  # noqa: E402
from intercept_mapper.ui.files.snapshot_cache import SnapshotCache  # noqa: E402


def ways(folder: Path) -> dict[str, Callable[[list[bytes]], None]]:
    """Each way of writing, by name, writing into ``folder``."""
    def atomic(parts: list[bytes]) -> None:
        atomic_write_bytes(folder / "atomic.simmap", parts)

    def renamed(parts: list[bytes]) -> None:
        temp = folder / ".renamed.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.writev(fd, parts)
        finally:
            os.close(fd)
        os.replace(temp, folder / "renamed.simmap")

    def in_place(parts: list[bytes], sync: bool) -> None:
        fd = os.open(folder / f"in-place-{sync}.simmap", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            os.ftruncate(fd, os.writev(fd, parts))
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)

    return {"atomic": atomic, "new file, renamed, no sync": renamed,
            "in place, synced": lambda parts: in_place(parts, True),
            "in place, no sync": lambda parts: in_place(parts, False)}


def main() -> int:
    """Time each way over the copies; print the medians."""
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    document = Document(big_workshop())
    cache = SnapshotCache(document)
    cache.warm(10**6)
    gaps = document.workshop.gaps()
    folder = Path(br._HOME) / "ways"
    folder.mkdir()
    named = list(ways(folder).items())
    cpu: dict[str, list[float]] = {name: [] for name, _way in named}

    def run() -> None:
        for n in range(copies):
            gap = gaps[n % len(gaps)]
            document.update("findings", gap.id, title=f"{gap.title} ({n})")
            parts = cache.parts()
            for name, way in named[n % len(named):] + named[:n % len(named)]:
                started = time.thread_time()
                way(parts)
                cpu[name].append((time.thread_time() - started) * 1000)
                time.sleep(0.01)

    writer = threading.Thread(target=run)  # a thread, as the recovery writer is
    writer.start()
    writer.join()
    size = sum(len(part) for part in cache.parts())
    print(f"a copy of {size:,} bytes, {copies} copies each; load average {os.getloadavg()}")
    for name, values in cpu.items():
        print(f"{name:28} writer CPU per copy median {statistics.median(values):.2f} ms, "
              f"mean {statistics.mean(values):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
