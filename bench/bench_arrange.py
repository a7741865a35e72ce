"""Time Map > Arrange Automatically on a map saved before boxes kept room under them.

Each size runs in a fresh interpreter. The bench's worksheet (``bench_window.write_worksheet``) is
imported with ``read_worksheet``, its points are then laid out packed as the app placed them before
branch ``room30k`` (``auto_layout`` with ``GROWTH_ROOM`` 0: every unpinned box moves when arranged
again), and the workshop is saved as a ``.simmap`` and opened in a shown 1920x1080 ``MainWindow`` with
its late panels built. Once every map item is built, each run times, from the trigger to the end of the
event processing that follows (the map's repaint included):

- arrange: trigger ``action_arrange_map`` (every unpinned box moved, one undo step);
- undo and redo of it (the window's actions).

The floor, in the same run, is the same event processing after ``update()`` of the map's viewport.
CPU (``process_time``) and wall ms; how many boxes moved.

Run: ``.venv/bin/python bench/bench_arrange.py [3000] [30000]``. Prints ``@bench`` lines.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RUNS = {3000: 5, 30000: 3}
BUSY_CURSOR_FROM_S = 1.0  # the brief: over a second, the user sees a busy cursor


def packed_file(items: int, folder: str) -> str:
    """The bench's map of ``items`` items as a file saved before boxes kept room under them."""
    from bench_window import write_worksheet

    from intercept_mapper.model import auto_layout
    from intercept_mapper.model.simmap_file import save_workshop
    from intercept_mapper.model.worksheet_csv import read_worksheet

    ws = read_worksheet(write_worksheet(items, folder)).workshop
    room, auto_layout.GROWTH_ROOM = auto_layout.GROWTH_ROOM, 0.0
    try:
        auto_layout.apply_layout(ws)  # packed: as main placed boxes before branch room30k
    finally:
        auto_layout.GROWTH_ROOM = room
    path = os.path.join(folder, f"packed{items}.simmap")
    save_workshop(ws, path, backup=False)
    return path


def child(items: int, path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.files.settings import AppSettings
    from intercept_mapper.ui.map.map_arrangement import BUSY_FROM_ITEMS
    from intercept_mapper.ui.window import window_actions as wa

    if items > 20000:  # as bench_window: the item limit lifted to measure state programs' 30,000
        from intercept_mapper.model import limits

        limits.MAX_ITEMS = 10 * items
        limits.MAX_VALUES = 50 * limits.MAX_ITEMS
    app = QApplication([])
    window = MainWindow(AppSettings())
    window.resize(1920, 1080)
    window.show()
    viewport = window.map_view.viewport()
    scene = window.canvas.scene
    messages: list[str] = []
    window.status.messageChanged.connect(lambda text: text and messages.append(text))

    def drain() -> None:
        quiet = 0
        while quiet < 3:  # noqa: PLR2004 - zero-interval timers chain a few turns
            t = time.perf_counter()
            app.processEvents()
            app.sendPostedEvents()
            quiet = quiet + 1 if time.perf_counter() - t < 0.0005 and not scene.building() else 0

    assert window.open_path(path), "the packed map must open"
    window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
    drain()
    window.grab()
    drain()
    ws = window.document.workshop
    count = len(ws.points) + len(ws.findings) + len(ws.flows)
    lifted = " (limit lifted)" if items > 20000 else ""
    results: dict[str, list[tuple[float, float]]] = {"floor": [], "arrange": [], "undo": [], "redo": []}

    def timed(key: str, do) -> None:  # noqa: ANN001
        drain()
        t, c = time.perf_counter(), time.process_time()
        do()
        drain()
        results[key].append(((time.process_time() - c) * 1000, (time.perf_counter() - t) * 1000))

    moved = []
    if os.environ.get("BENCH_PROFILE"):  # BENCH_PROFILE=1: a cProfile (UI thread's CPU) of one arrange
        import cProfile
        import pstats

        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        window.arrange_map()
        drain()
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        window.action(wa.ACTION_UNDO).trigger()
        drain()
    for _ in range(RUNS[items]):
        timed("floor", viewport.update)
        timed("arrange", lambda: moved.append(window.arrange_map()))
        timed("undo", window.action(wa.ACTION_UNDO).trigger)
        timed("redo", window.action(wa.ACTION_REDO).trigger)
        window.action(wa.ACTION_UNDO).trigger()  # packed again for the next run
        drain()
    print(f"map: {count} items; boxes moved by each arrange: {moved}; last message: {messages[-1:]}",
          file=sys.stderr)
    for key, rows in results.items():
        print(f"CPU ms of each {key}: " + " ".join(f"{c:.0f}" for c, _ in rows), file=sys.stderr)
    floor = statistics.median(c for c, _ in results["floor"])
    names = {"arrange": f"Arrange Automatically ({moved[0]:,} boxes moved)", "undo": "undo the arrangement",
             "redo": "redo the arrangement"}
    for key, label in names.items():
        cpus = [c for c, _ in results[key]]
        walls = [w for _, w in results[key]]
        print("@bench " + json.dumps({
            "figure": f"window, {items:,} items{lifted}, a packed map: {label} + events + repaint, CPU ms "
                      f"(median of {len(cpus)}; worst {max(cpus):.0f}; "
                      f"wall median {statistics.median(walls):.0f})",
            "measured": round(statistics.median(cpus), 1), "unit": "ms", "floor": round(floor, 2),
            "goal": f"wall < {BUSY_CURSOR_FROM_S * 1000:g} ms, else a busy cursor "
                    f"(shown from {BUSY_FROM_ITEMS:,} items)",
            "met": statistics.median(walls) < BUSY_CURSOR_FROM_S * 1000 or count >= BUSY_FROM_ITEMS}))
    sys.stdout.flush()
    os._exit(0)  # the window's teardown is not what is measured


CHILD_HOME = "BENCH_ARRANGE_HOME"


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        if not os.environ.get(CHILD_HOME) or os.environ.get(CHILD_HOME) != os.environ.get("HOME"):
            print("bench_arrange: run it as `bench_arrange.py SIZE`", file=sys.stderr)
            return 2
        child(int(sys.argv[2]), sys.argv[3])
        return 0
    sizes = [int(a) for a in sys.argv[1:]] or list(RUNS)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = os.path.join(folder, name.lower())
        env["HOME"] = env[CHILD_HOME] = folder
        if max(sizes) > 20000:  # lifted before the model is imported: it reads the limits at import
            from intercept_mapper.model import limits

            limits.MAX_ITEMS = 10 * max(sizes)
            limits.MAX_VALUES = 50 * limits.MAX_ITEMS
        for items in sizes:
            path = packed_file(items, folder)
            done = subprocess.run([sys.executable, __file__, "--child", str(items), path], env=env,
                                  capture_output=True, text=True)
            sys.stdout.write(done.stdout)
            sys.stderr.write(done.stderr[-(30000 if os.environ.get("BENCH_PROFILE") else 3000):])
            if done.returncode:
                return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
