"""What the UI thread did in each long turn while a large map's items are built behind its sketch.

``bench_window.py 30000``'s opening (the worksheet imported into a shown 1920x1080 ``MainWindow``, the
late panels built, one full paint), then every call into the event loop until the items are built and
a pass has nothing to do, traced: each event delivered from the event loop on the UI thread's CPU
clock (``turn_trace.TracingApp``: paints, layouts and resizes within them by widget), each piece of
work between two yields of ``MapScene._build_steps`` of 2 ms or more (named by the line it stopped
at), and each pass of Python's collector. Prints every turn over ``--least`` ms of CPU (default 25),
its events and pieces, a count of the turns over 33 and 50 ms, the build's CPU by the line of
``_build_steps`` its pieces stopped at, and three whole repaints of the built map after it all.

Run: ``.venv/bin/python bench/trace_build.py [ITEMS] [--least MS] [--profile DIR]`` (ITEMS 30000 by
default; the app's ``MAX_ITEMS`` lifted as in ``bench_window``). A script, not a test; tracing costs a few
microseconds per event and per piece. ``--profile DIR``: a cProfile of each such turn after the
opening, ``DIR/turnN.prof`` (the profiler makes the turns slower still: their rows are then not the
turns' times).
"""

from __future__ import annotations

import cProfile
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PIECE_LEAST_MS = 2.0


def main() -> int:  # noqa: C901 - one scripted session
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    for option in ("--least", "--profile"):  # (their values are not the item count)
        if option in sys.argv:
            args.remove(sys.argv[sys.argv.index(option) + 1])
    items = int(args[0]) if args else 30000
    least = float(sys.argv[sys.argv.index("--least") + 1]) if "--least" in sys.argv else 25.0
    from bench_window import write_worksheet
    from turn_trace import TracingApp

    from intercept_mapper.model import limits

    limits.MAX_ITEMS = 10 * items
    limits.MAX_VALUES = 50 * limits.MAX_ITEMS
    from intercept_mapper.ui.map import map_scene

    app = TracingApp([])
    real_steps = map_scene.MapScene._build_steps

    by_line: dict[object, float] = {}  # the build's CPU ms by the line its pieces stopped at

    def traced_steps(self, ws, layout):  # noqa: ANN001, ANN202
        gen = real_steps(self, ws, layout)
        while True:
            started = time.thread_time()
            try:
                piece = next(gen)
            except StopIteration:
                return
            ms = (time.thread_time() - started) * 1000
            line = gen.gi_frame.f_lineno if gen.gi_frame is not None else "end"
            by_line[line] = by_line.get(line, 0.0) + ms
            if ms >= PIECE_LEAST_MS:
                app.note_work(f"build piece stopped at map_scene.py:{line}", ms)
            yield piece

    map_scene.MapScene._build_steps = traced_steps
    gc_started: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started.append(time.thread_time())
        elif gc_started:
            ms = (time.thread_time() - gc_started.pop()) * 1000
            app.note_work(f"collector gen {info['generation']} (collected {info['collected']})", ms)

    gc.callbacks.append(on_gc)

    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.files.settings import AppSettings

    with tempfile.TemporaryDirectory() as folder:
        path = write_worksheet(items, folder)
        window = MainWindow(AppSettings())
        window.resize(1920, 1080)
        window.show()

        def refuse(title: str, text: str) -> None:
            raise RuntimeError(f"{title}: {text}")

        window.files.show_error = refuse
        scene = window.canvas.scene
        until = time.monotonic() + 1.0
        while time.monotonic() < until:
            app.processEvents()
            time.sleep(0.01)
        c0 = time.thread_time()
        assert window.files.import_worksheet(path), "the worksheet must import"
        imported = (time.thread_time() - c0) * 1000
        app.tracing = True
        phases: list[str] = []

        profile_dir = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None

        def turn(phase: str) -> float:
            profile = cProfile.Profile() if profile_dir and phase != "opening" else None
            t, c = time.perf_counter(), time.thread_time()
            if profile is not None:
                profile.enable()
            app.processEvents()
            app.sendPostedEvents()
            if profile is not None:
                profile.disable()
                if (time.thread_time() - c) * 1000 >= least:
                    profile.dump_stats(os.path.join(profile_dir, f"turn{len(phases)}.prof"))
            phases.append(phase)
            app.end_turn()
            return time.perf_counter() - t

        window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
        for _ in range(20):
            turn("opening")
        window.grab()
        app.end_turn()
        phases.append("opening: the grab")
        while scene.building():
            turn("building")
        while turn("settling") > 0.0005:
            pass
        app.tracing = False
        turns = app.turns[: len(phases)]
        repaints = []  # the built map's whole repaint with what the far drawing keeps made (its first: above)
        for _ in range(3):
            c = time.thread_time()
            window.map_view.viewport().repaint()
            repaints.append((time.thread_time() - c) * 1000)

        def own(events: list[tuple[int, float, str]]) -> float:
            return sum(ms for depth, ms, what in events if depth == 0 and not what.startswith("work:"))

        print(f"import_worksheet: {imported:.0f} ms CPU (one call, not traced)")
        print("the built map's whole repaint afterwards, CPU ms: "
              + ", ".join(f"{ms:.1f}" for ms in repaints))
        for phase in ("opening", "building", "settling"):
            cpus = [own(t) for t, p in zip(turns, phases, strict=True) if p.startswith(phase)]
            print(f"{phase}: {len(cpus)} turns, worst {max(cpus, default=0):.1f} ms CPU, over 50 ms "
                  f"{sum(c > 50 for c in cpus)}, over 33 ms {sum(c > 33 for c in cpus)}")
        print("the build's pieces, CPU ms by the line of map_scene.py they stopped at: " + ", ".join(
            f"{line}: {ms:.0f}" for line, ms in by_line.items()) + f" (all {sum(by_line.values()):.0f})")
        for n, (events, phase) in enumerate(zip(turns, phases, strict=True)):
            cpu = own(events)
            if cpu < least:
                continue
            print(f"turn {n} ({phase}): {cpu:.1f} ms of the UI thread's CPU")
            for depth, ms, what in events:
                if ms >= 1.0:
                    print(f"  {'  ' * depth}{ms:6.2f} {what}")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
