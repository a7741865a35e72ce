"""Named functions' CPU in one kind of edit, in bench_window's 3,000-item window, many edits in a row.

``bench_window.py``'s ``BENCH_PROBE`` gives one decimal per function over its nine varied runs; this
repeats one action (``add``: select a point, Add Gap, type, Enter; ``move``: select a gap, Move to
intercept 3 or 2, then Undo outside the timing; ``first-add``: the session's first add alone) N times
after two untimed ones, with the same set-up (the worksheet imported, late panels built, events drained
as the bench drains them), and prints the action's CPU median and each named function's mean CPU per
action (outermost calls; a function running inside another named one counts in both).

Run: ``.venv/bin/python bench/edit_pieces.py add|move|first-add [N] -- module:Class.method,...``
e.g. ``intercept_mapper.ui.panels.inspector:InspectorDock.show_ids``. Writes into a temporary home,
removed at the end.
"""

from __future__ import annotations

import functools
import importlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class Probe:
    """Each wrapped function's CPU while ``on``, outermost calls only."""

    on = False
    inside: set[str] = set()
    spent: dict[str, float] = {}

    @classmethod
    def wrap(cls, spec: str) -> None:
        module_name, _, path = spec.partition(":")
        owner = importlib.import_module(module_name)
        *outer, attr = path.split(".")
        for part in outer:
            owner = getattr(owner, part)
        original = getattr(owner, attr)

        def wrapper(*args, _original=original, _row=path, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if not cls.on or _row in cls.inside:
                return _original(*args, **kwargs)
            cls.inside.add(_row)
            c = time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                cls.inside.discard(_row)
                cls.spent[_row] = cls.spent.get(_row, 0.0) + (time.thread_time() - c) * 1000

        setattr(owner, attr, functools.wraps(original)(wrapper))


def main() -> int:
    args = sys.argv[1:]
    specs = args[args.index("--") + 1].split(",") if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    action = args[0] if args else "add"
    runs = 1 if action == "first-add" else int(args[1]) if len(args) > 1 else 30
    home = tempfile.mkdtemp()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = os.path.join(home, name.lower())
    os.environ["HOME"] = home  # recovery copies and settings go here, not to this user's folders

    import bench_window
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    for spec in filter(None, specs):
        Probe.wrap(spec.strip())  # before the window: its signal connections take the wrappers
    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.files.settings import AppSettings
    from intercept_mapper.ui.window import window_actions as wa

    window = MainWindow(AppSettings())
    window.resize(1920, 1080)
    window.show()

    def refuse(title: str, text: str) -> None:
        raise RuntimeError(f"{title}: {text}")

    window.files.show_error = refuse

    def drain() -> None:  # as bench_window's: until a pass has nothing to do
        for _ in range(20):
            t = time.perf_counter()
            app.processEvents()
            app.sendPostedEvents()
            if time.perf_counter() - t < 0.0005:
                break

    assert window.files.import_worksheet(bench_window.write_worksheet(3000, home))
    window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
    drain()
    window.grab()
    drain()
    ws = window.document.workshop
    points = [p.id for p in ws.points]
    gaps = [f.id for f in ws.findings if f.kind == "gap"]
    act = window.action
    totals: list[float] = []
    warm = 0 if action == "first-add" else 2
    for n in range(runs + warm):
        if action == "move":
            gap = gaps[(n * 131) % len(gaps)]
            window.canvas.select_ids([gap])
            target = "2" if window.document.workshop.finding(gap).intercept == "3" else "3"
        else:
            window.canvas.select_ids([points[(n * 97) % len(points)]])
        drain()
        Probe.on = n >= warm
        c = time.thread_time()
        if action == "move":
            act(wa.move_action_name(target)).trigger()
        else:
            act(wa.ACTION_ADD_GAP).trigger()
            QTest.keyClicks(window.map_view, f"Gap said in the room {n}")
            QTest.keyClick(window.map_view, Qt.Key.Key_Return)
        drain()
        if Probe.on:
            totals.append((time.thread_time() - c) * 1000)
        Probe.on = False
        if action == "move":
            act(wa.ACTION_UNDO).trigger()
            drain()
    print(f"{action}: CPU ms median {statistics.median(totals):.2f} of {runs} (load "
          f"{os.getloadavg()[0]:.1f})")
    for name, ms in sorted(Probe.spent.items(), key=lambda kv: -kv[1]):
        print(f"  {ms / runs:7.3f}  {name}")
    sys.stdout.flush()
    shutil.rmtree(home, ignore_errors=True)
    os._exit(0)  # the window's teardown is not what is measured


if __name__ == "__main__":
    sys.exit(main())
