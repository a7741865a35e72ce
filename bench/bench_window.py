"""Time edits as users feel them: the real ``MainWindow``, every panel built, a map imported from a worksheet.

Issue 18. Each size runs in a fresh interpreter: a generated worksheet CSV (every gap gets a candidate
on import, as a real worksheet's do) is imported through ``FileActions.import_worksheet`` into a shown
1920x1080 ``MainWindow`` whose late panels (priorities, action plans, participants) are built, the
priorities tab behind the inspector as at start. Then each action is timed from the trigger to the
end of the event processing that follows, the map's repaint included:

- add a gap: select a point, trigger Add Gap, type a title in the inline editor, press Enter;
- rename: select a gap, trigger Rename (F2), type a title, press Enter;
- move: select a gap, trigger Move to intercept 3 (or 2 when it is there);
- delete: select a gap, trigger Delete;
- undo and redo: trigger the window's actions (after the delete);

"then the event processing" is ``processEvents`` until a pass finds nothing to do (zero-interval
timers, posted updates, the paint of the map's viewport). The floor, measured in the same run, is that
same processing after ``update()`` of the map's viewport with nothing changed: one repaint of the map.
The runs that repainted the map are counted. Also timed at 30,000 items: the map's fit-to-window
repaint (``repaint()`` of the viewport at fit zoom) and the process's peak RSS at the end.

The opening, at every size: from the call of ``import_worksheet`` until the window is whole: the late
panels built, events processed until a pass has nothing to do, one full paint (``grab``) and the events
after it. A map of ``MapScene.BUILD_IN_STEPS_FROM_ITEMS`` items or more is then shown as its sketch
while its items are built in steps, a step per event-loop turn; a pass that did nothing but such a
step (and < 3 ms of Qt's own work around it) counts as having nothing to do, since input is answered
between steps. Two more rows then say when the last item was built (wall and CPU since the call) and
how long the longest call into the event loop took meanwhile (what a key press or click waits at most).
``BENCH_OPEN_ONLY=1`` times the opening alone (no edits, no fit row).

Run: ``.venv/bin/python bench/bench_window.py [3000] [30000]``. Prints ``@bench`` lines for run_all.
``BENCH_PROFILE=FILE.prof`` writes a cProfile of the timed actions (``BENCH_PROFILE_ONLY=undo,redo``:
of those alone); ``BENCH_NOTIFY=1`` prints, per action, the CPU of each outermost event delivery by
receiver and event, every widget's paint and the far drawing's (the 16 largest rows; ``BENCH_NOTIFY_TOP=N``:
the N largest); ``BENCH_PAINTS=1`` prints, per
action, every widget that was repainted (class:objectName, or <parent for unnamed widgets), how
often, and the mean area of its paint regions' bounding rects, to find what an edit repaints
beyond the map.
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

SIZES = {3000: dict(points=900, findings=1500, flows=600),
         30000: dict(points=6000, findings=12000, flows=12000)}
RUNS = {3000: 9, 30000: 5}
GOALS = {3000: (16.0, 33.0), 30000: (50.0, None)}
OPEN_GOAL_S = 3.0
MEMORY_GOAL_MB = 600.0
FIT_GOAL_MS = 100.0  # issue 18: fit repaint < 100 ms at 30,000 items


def write_worksheet(items: int, folder: str) -> str:
    """A worksheet CSV of a map of ``items`` items (points + resources/gaps + flows)."""
    from bench_canvas import big_workshop

    from intercept_mapper.model.worksheet_csv import format_worksheet

    ws = big_workshop(**SIZES[items])
    path = os.path.join(folder, f"map{items}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(format_worksheet(ws))
    return path


# ``bench_window.py 3000 --priorities-front``: the same edits, timed with the Priorities panel's tab
# brought in front of the inspector after the import (day two: the room watches the ranking while the
# map is edited); the rows then say "with the Priorities panel in front".
PRIORITIES_FRONT = "--priorities-front"


def raise_priorities(window, drain) -> str:  # noqa: ANN001
    """Bring the Priorities panel's tab in front of the inspector (day two: the room watches the ranking
    while the map is edited); returns the words the rows add to say so."""
    panel = window.priorities_panel
    panel.show()
    panel.raise_()
    drain()
    window.grab()
    drain()
    from intercept_mapper.ui.panels.on_screen import on_screen

    assert on_screen(panel.grid), "the priorities grid must be on screen for this pass"
    return ", with the Priorities panel in front"


class NotifyTimes:
    """``BENCH_NOTIFY=1``: CPU time of each outermost event delivery during the timed actions, by
    receiver class and event type (what Qt's own event processing spends after an edit, which
    cProfile shows only as ``processEvents``)."""

    key = ""
    depth = 0
    seen: dict[str, dict[str, float]] = {}


def notify_timing_app():  # noqa: ANN201 - a QApplication
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    class TimedApp(QApplication):
        def _timed(self, name, receiver, event):  # noqa: ANN001, ANN202
            """Deliver ``event`` one level deeper, adding its CPU ms to ``name`` (None: not counted)."""
            c = time.process_time()
            NotifyTimes.depth += 1
            try:
                return super().notify(receiver, event)
            finally:
                NotifyTimes.depth -= 1
                if name is not None:
                    row = NotifyTimes.seen.setdefault(NotifyTimes.key, {})
                    row[name] = row.get(name, 0.0) + (time.process_time() - c) * 1000

        def notify(self, receiver, event):  # noqa: ANN001, ANN201
            if not NotifyTimes.key or NotifyTimes.depth:
                if NotifyTimes.key and event.type() == QEvent.Type.Paint:  # every widget's paint, nested too
                    parent = receiver.parent()
                    under = parent.objectName() if parent is not None else ""
                    name = f"(paint) {type(receiver).__name__}:{receiver.objectName()}<{under}"
                    return self._timed(name, receiver, event)
                return self._timed(None, receiver, event)
            return self._timed(f"{type(receiver).__name__}:{receiver.objectName()}/{event.type().name}",
                               receiver, event)

    return TimedApp([])


def probe_functions(spec: str) -> None:
    """``BENCH_PROBE=module:Class.method,module:function``: each named function's own CPU (the UI
    thread's) per action, outermost calls only, printed as ms per run (rows "(probe) ...")."""
    import functools
    import importlib

    for name in filter(None, spec.split(",")):
        module_name, _, path = name.partition(":")
        owner = importlib.import_module(module_name)
        *outer, attr = path.split(".")
        for part in outer:
            owner = getattr(owner, part)
        original = getattr(owner, attr)

        def wrapper(*args, _original=original, _row=f"(probe) {path}", **kwargs):  # noqa: ANN002, ANN003, ANN202
            if not NotifyTimes.key or _row in ProbeDepth.inside:
                return _original(*args, **kwargs)
            ProbeDepth.inside.add(_row)
            c = time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                ProbeDepth.inside.discard(_row)
                row = NotifyTimes.seen.setdefault(NotifyTimes.key, {})
                row[_row] = row.get(_row, 0.0) + (time.thread_time() - c) * 1000

        setattr(owner, attr, functools.wraps(original)(wrapper))


class ProbeDepth:
    inside: set[str] = set()


def time_far_drawing() -> None:
    """``BENCH_NOTIFY=1``: the far drawing's own ``paint`` timed too (a row "(far drawing)")."""
    from intercept_mapper.ui.map.far_map import FarMap

    paint = FarMap.paint

    def timed_paint(self, painter, option, widget=None):  # noqa: ANN001, ANN202
        c = time.process_time()
        try:
            return paint(self, painter, option, widget)
        finally:
            if NotifyTimes.key:
                row = NotifyTimes.seen.setdefault(NotifyTimes.key, {})
                row["(far drawing)"] = row.get("(far drawing)", 0.0) + (time.process_time() - c) * 1000

    FarMap.paint = timed_paint


def child(items: int, path: str) -> None:  # noqa: C901 - one scripted session
    import resource

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.files.settings import AppSettings
    from intercept_mapper.ui.window import window_actions as wa

    if items > 20000:
        # The app refuses maps over ``MAX_ITEMS`` (20,000, README "Limits"): lifted here, and said in
        # the rows, to measure the 30,000-item maps of state programs that issue 18 asks about.
        from intercept_mapper.model import limits

        limits.MAX_ITEMS = 10 * items
        limits.MAX_VALUES = 50 * limits.MAX_ITEMS
    app = notify_timing_app() if os.environ.get("BENCH_NOTIFY") else QApplication([])
    if os.environ.get("BENCH_NOTIFY"):
        time_far_drawing()
    if os.environ.get("BENCH_PROBE"):
        probe_functions(os.environ["BENCH_PROBE"])
    window = MainWindow(AppSettings())
    window.resize(1920, 1080)
    window.show()
    viewport = window.map_view.viewport()

    def refuse(title: str, text: str) -> None:
        raise RuntimeError(f"{title}: {text}")  # a modal dialog would wait for ever

    window.files.show_error = refuse
    window.files.show_info = lambda title, text: print(f"{title}: {text[:200]}", file=sys.stderr)

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, obj, event):  # noqa: N802, ANN001, ANN201
            if event.type() == QEvent.Type.Paint:
                PaintCounter.paints += 1
            return False

    counter = PaintCounter()
    viewport.installEventFilter(counter)

    class WidgetPaints(QObject):
        """``BENCH_PAINTS=1``: every widget's paint events during the timed actions, by action."""

        key = ""
        seen: dict[str, dict[str, list[int]]] = {}

        def eventFilter(self, obj, event):  # noqa: N802, ANN001, ANN201
            if event.type() == QEvent.Type.Paint and WidgetPaints.key:
                name = f"{type(obj).__name__}:{obj.objectName()}"
                parent = obj.parent()
                if parent is not None and (not obj.objectName() or obj.objectName().startswith("qt_")):
                    name += f"<{type(parent).__name__}:{parent.objectName()}"
                rect = event.region().boundingRect()
                row = WidgetPaints.seen.setdefault(WidgetPaints.key, {}).setdefault(name, [0, 0])
                row[0] += 1
                row[1] += rect.width() * rect.height()
            return False

    widget_paints = WidgetPaints()
    if os.environ.get("BENCH_PAINTS"):
        app.installEventFilter(widget_paints)

    scene = window.canvas.scene
    building = getattr(scene, "building", lambda: False)  # (a scene that builds its items at once: never)

    def drain(building_aside: bool = False) -> None:
        # Until a pass has nothing to do: zero-interval timers chain a few turns. With
        # ``building_aside``, the steps in which the map builds its items behind its sketch (a step
        # per turn, answering input between steps) do not count as something to do, nor the < 3 ms of
        # Qt's own work around each (its item index taking in the new items).
        for _ in range(100_000 if building_aside else 20):
            start = PaintCounter.paints
            t, built = time.perf_counter(), getattr(scene, "build_seconds", 0.0)
            app.processEvents()
            app.sendPostedEvents()
            busy = time.perf_counter() - t
            if building_aside:
                busy -= getattr(scene, "build_seconds", 0.0) - built
            if busy < (0.003 if building_aside else 0.0005) and PaintCounter.paints == start:
                break

    def build_turns() -> tuple[list[float], list[float]]:
        # While the map's items are built behind its sketch: how long each call into the event loop
        # takes, in ms (a key press or a click that comes during one waits at most that long), wall
        # and the UI thread's CPU (under load the wall time is mostly waiting for a CPU).
        # Then on until a pass has nothing to do: the flows' items taking their routes, the sketch let
        # go of, the collector's work after a large map is built are waited for too.
        turns: list[float] = []
        cpus: list[float] = []
        while True:
            was_building = building()
            t, c = time.perf_counter(), time.thread_time()
            app.processEvents()
            app.sendPostedEvents()
            turns.append((time.perf_counter() - t) * 1000)
            cpus.append((time.thread_time() - c) * 1000)
            if not was_building and turns[-1] < 0.5:
                return turns, cpus

    settle_until = time.monotonic() + 1.0
    while time.monotonic() < settle_until:
        app.processEvents()
        time.sleep(0.01)
    t0, c0 = time.perf_counter(), time.process_time()
    assert window.files.import_worksheet(path), "the worksheet must import"
    window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
    drain(building_aside=True)
    window.grab()
    drain(building_aside=True)
    opened_s, opened_cpu = time.perf_counter() - t0, time.process_time() - c0
    sketched = building()
    waits, wait_cpus = build_turns() if sketched else ([], [])
    drain()
    built_s, built_cpu = time.perf_counter() - t0, time.process_time() - c0
    front = raise_priorities(window, drain) if os.environ.get("BENCH_PRIORITIES_FRONT") else ""
    ws = window.document.workshop
    count = len(ws.points) + len(ws.findings) + len(ws.flows)
    print(f"map: {len(ws.points)} points, {len(ws.findings)} findings, {len(ws.flows)} flows, "
          f"{len(ws.voting.candidates)} candidates ({count} items)", file=sys.stderr)
    runs = 0 if os.environ.get("BENCH_OPEN_ONLY") else RUNS[items]  # BENCH_OPEN_ONLY=1: the opening alone
    lifted = (" (limit lifted)" if items > 20000 else "") + front
    points = [p.id for p in ws.points]
    gaps = [f.id for f in ws.findings if f.kind == "gap"]
    act = window.action

    def fast_editor_type(text: str) -> None:
        editor = window.canvas.fast_entry.editor()
        assert editor is not None, "the action must open the title editor"
        QTest.keyClicks(window.map_view, text)  # the view hands keys to the editor on the map
        QTest.keyClick(window.map_view, Qt.Key.Key_Return)

    walls: dict[str, list[float]] = {}

    def timed(key: str, prepare, do) -> None:  # noqa: ANN001
        prepare()
        drain()
        paints = PaintCounter.paints
        WidgetPaints.key = NotifyTimes.key = key
        profiled = profile is not None and only and key in only
        if profiled:
            profile.enable()
        t, c = time.perf_counter(), time.process_time()
        do()
        drain()
        if profiled:
            profile.disable()
        WidgetPaints.key = NotifyTimes.key = ""
        cpu = (time.process_time() - c) * 1000
        walls.setdefault(key, []).append((time.perf_counter() - t) * 1000)
        results[key].append((cpu, PaintCounter.paints > paints))

    keys = ("floor", "add", "rename", "move", "delete", "undo", "redo")
    results: dict[str, list[tuple[float, bool]]] = {k: [] for k in keys}
    profile = None
    # ``BENCH_PROFILE_ONLY=undo,redo``: profile those actions' timed parts alone.
    only = set(filter(None, os.environ.get("BENCH_PROFILE_ONLY", "").split(",")))
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        # ``BENCH_PROFILE_CPU=1``: the UI thread's CPU time, not wall time (on a loaded machine a wall
        # clock charges each function the time it waited for a CPU).
        profile = (cProfile.Profile(time.thread_time) if os.environ.get("BENCH_PROFILE_CPU")
                   else cProfile.Profile())
        if not only:
            profile.enable()
    for n in range(runs):
        point = points[(n * 97) % len(points)]
        gap = gaps[(n * 131) % len(gaps)]
        timed("floor", lambda: None, viewport.update)
        timed("add",
            lambda p=point: window.canvas.select_ids([p]),
            lambda n=n: (act(wa.ACTION_ADD_GAP).trigger(), fast_editor_type(f"Gap said in the room {n}")))
        timed("rename",
            lambda g=gap: window.canvas.select_ids([g]),
            lambda n=n: (act(wa.ACTION_RENAME).trigger(), fast_editor_type(f"Renamed gap {n}")))
        # Never the gap's own intercept: a move there changes nothing and would time nothing.
        target = "2" if window.document.workshop.finding(gap).intercept == "3" else "3"
        timed("move",
            lambda g=gap: window.canvas.select_ids([g]),
            lambda t=target: act(wa.move_action_name(t)).trigger())
        timed("delete",
            lambda g=gap: window.canvas.select_ids([g]), lambda: act(wa.ACTION_DELETE).trigger())
        timed("undo", lambda: None, lambda: act(wa.ACTION_UNDO).trigger())
        timed("redo", lambda: None, lambda: act(wa.ACTION_REDO).trigger())
        act(wa.ACTION_UNDO).trigger()  # the gap back, for the next runs' picks
        drain()
    if profile is not None:
        if not only:
            profile.disable()
        import pstats

        if os.environ["BENCH_PROFILE"].endswith(".prof"):  # a file to read with pstats (stderr is cut)
            profile.dump_stats(os.environ["BENCH_PROFILE"])

        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    for key, rows in results.items():  # each run's CPU ms, in order: which runs make the worst
        if rows:
            print(f"CPU ms of each {key}: " + " ".join(f"{t:.1f}" for t, _ in rows), file=sys.stderr)
    for key, rows in NotifyTimes.seen.items():
        top = sorted(rows.items(), key=lambda kv: -kv[1])[:int(os.environ.get("BENCH_NOTIFY_TOP", "16"))]
        print(f"CPU ms per run during {key}, by receiver and event (outermost deliveries): " + "; ".join(
            f"{name} {ms / runs:.1f}" for name, ms in top), file=sys.stderr)
    for key, widgets in WidgetPaints.seen.items():
        print(f"paints during {key} ({runs} runs): " + "; ".join(
            f"{name} x{count} ({area // max(count, 1)} px)"
            for name, (count, area) in sorted(widgets.items(), key=lambda kv: -kv[1][0])), file=sys.stderr)
    floor = statistics.median(t for t, _ in results["floor"]) if runs else 0.0

    def opening_rows(goal_s: float | None) -> None:
        whole = ("the map drawn (its sketch while its items are built in steps)" if sketched
                 else "the map's items built") + ", every panel built and filled, one full paint, events done"
        print("@bench " + json.dumps({
            "figure": f"window, {items:,} items{lifted}: import the worksheet until the window is whole "
                      f"({whole}), wall s (CPU {opened_cpu:.2f} s)",
            "measured": round(opened_s, 2), "unit": "s", "goal": f"< {goal_s:g} s" if goal_s else "-",
            "met": opened_s < goal_s if goal_s else None}))
        if sketched:
            print("@bench " + json.dumps({
                "figure": f"window, {items:,} items{lifted}: import the worksheet until every map item is "
                          f"built behind the sketch, wall s (CPU {built_cpu:.2f} s)",
                "measured": round(built_s, 2), "unit": "s", "goal": "-", "met": None}))
            print("@bench " + json.dumps({
                "figure": f"window, {items:,} items{lifted}: while the map's items are built and settle, "
                          f"one turn of the event loop (what input waits at most), wall ms, worst of "
                          f"{len(waits)} (median {statistics.median(waits) if waits else 0:.0f}; "
                          f"turns over 50 ms: {sum(w > 50 for w in waits)})",
                "measured": round(max(waits, default=0.0), 1), "unit": "ms", "goal": "-", "met": None}))
            print("@bench " + json.dumps({
                "figure": f"window, {items:,} items{lifted}: while the map's items are built and settle, "
                          f"one turn of the event loop, the UI thread's CPU ms, worst of {len(wait_cpus)} "
                          f"(median {statistics.median(wait_cpus) if wait_cpus else 0:.0f}; turns over "
                          f"50 ms: {sum(w > 50 for w in wait_cpus)}, "
                          f"over 33 ms: {sum(w > 33 for w in wait_cpus)})",
                "measured": round(max(wait_cpus, default=0.0), 1), "unit": "ms", "goal": "< 50 ms",
                "met": max(wait_cpus, default=0.0) < 50}))
    median_goal, worst_goal = GOALS[items]
    names = {"add": "add a gap (trigger, type, Enter)", "rename": "rename a gap (F2, type, Enter)",
             "move": "move a gap to another intercept", "delete": "delete a gap",
             "undo": "undo (the delete)", "redo": "redo (the delete)"}
    for key, label in names.items():
        if not runs:
            break
        times = [t for t, _ in results[key]]
        painted = sum(1 for _, p in results[key] if p)
        med, worst = statistics.median(times), max(times)
        wall_med = statistics.median(walls[key])
        met = med < median_goal and (worst_goal is None or worst < worst_goal)
        goal = f"< {median_goal:g} ms" + (f", worst < {worst_goal:g}" if worst_goal else "")
        print("@bench " + json.dumps({
            "figure": f"window, {items:,} items{lifted}: {label} + events + repaint, CPU ms "
                      f"(median of {runs}; worst {worst:.1f}; wall median {wall_med:.1f}; "
                      f"{painted}/{runs} repainted)",
            "measured": round(med, 2), "unit": "ms", "floor": round(floor, 2), "goal": goal, "met": met}))
    if items >= 30000 and runs:
        window.canvas.call("fit_to_window")
        drain()
        fits, fit_cpu = [], []
        for _ in range(5):
            t, c = time.perf_counter(), time.process_time()
            viewport.repaint()
            fits.append((time.perf_counter() - t) * 1000)
            fit_cpu.append((time.process_time() - c) * 1000)
        fit = statistics.median(fits)
        print("@bench " + json.dumps({
            "figure": f"window, {items:,} items{lifted}: fit-to-window repaint of the map, wall ms "
                      f"(median of 5; worst {max(fits):.0f}; CPU median {statistics.median(fit_cpu):.0f})",
            "measured": round(fit, 1), "unit": "ms",
            "floor": round(floor, 2), "goal": f"< {FIT_GOAL_MS:g} ms", "met": fit < FIT_GOAL_MS}))
    if items >= 30000:
        opening_rows(OPEN_GOAL_S)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("@bench " + json.dumps({
            "figure": f"window, {items:,} items{lifted}: peak RSS after import and the edits",
            "measured": round(rss),
            "unit": "MB", "goal": f"< {MEMORY_GOAL_MB:g} MB", "met": rss < MEMORY_GOAL_MB}))
    else:
        opening_rows(None)
    sys.stdout.flush()
    os._exit(0)  # the window's teardown is not what is measured


CHILD_HOME = "BENCH_WINDOW_HOME"  # set by the parent to the temporary home it gives the child


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        # The child's window writes recovery copies and settings: only into the folders the parent made.
        if not os.environ.get(CHILD_HOME) or os.environ.get(CHILD_HOME) != os.environ.get("HOME"):
            print("bench_window: run it as `bench_window.py SIZE`; --child alone would write recovery "
                  "copies of its big maps into this user's real folders", file=sys.stderr)
            return 2
        child(int(sys.argv[2]), sys.argv[3])
        return 0
    sizes = [int(a) for a in sys.argv[1:] if a != PRIORITIES_FRONT] or list(SIZES)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if PRIORITIES_FRONT in sys.argv:
        env["BENCH_PRIORITIES_FRONT"] = "1"
    with tempfile.TemporaryDirectory() as folder:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = os.path.join(folder, name.lower())
        env["HOME"] = env[CHILD_HOME] = folder
        for items in sizes:
            path = write_worksheet(items, folder)
            done = subprocess.run([sys.executable, __file__, "--child", str(items), path], env=env,
                                  capture_output=True, text=True)
            sys.stdout.write(done.stdout)
            long_report = os.environ.get("BENCH_PAINTS") or os.environ.get("BENCH_NOTIFY") \
                or os.environ.get("BENCH_PROBE")
            sys.stderr.write(done.stderr[-(30000 if long_report else 3000):])
            if done.returncode:
                return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
