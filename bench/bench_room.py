"""Room voting under load, on 127.0.0.1 only: 150 phones each send a ballot and then change it.

1. HTTP: the 95th-percentile response time of ``intercept-mapper room`` (checking, recording in the
   document, saving within a second) against the same requests to a bare aiohttp server that answers
   a constant; both in their own process, the phones in this one.
2. The app: while the same 300 ballots arrive (each one undo command on the document, the voting panel
   and ranking following), the longest time the UI thread's event loop was blocked, measured by a 1 ms
   timer's late ticks; goal: never longer than one 60 Hz frame (16.7 ms).

Run: .venv/bin/python bench/bench_room.py   (prints a report and @bench lines for run_all.py)
     --app-only: only part 2; --profile FILE: part 2 under cProfile, its statistics written to FILE
     (the event-loop figures are then not comparable: the profiler slows every call); --trace: part 2,
     then what the UI thread did in its five heaviest turns (``turn_trace.py``)
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.room.phones import percentile, run_phones  # noqa: E402
from tests.room.room_process import RoomProcess  # noqa: E402
from tests.room.room_support import voting_workshop  # noqa: E402

PHONES = 150
FRAME_MS = 1000 / 60
OWN_WORK_MS = 8.0  # the UI thread's own work in one turn, leaving half a frame for the machine

BARE = """
import json, sys
from aiohttp import web
form = json.loads(sys.argv[1])
async def get(_r): return web.json_response(form)
async def post(r):
    await r.read()
    return web.json_response({"ok": True})
app = web.Application()
app.router.add_get("/t/api/ballot", get)
app.router.add_post("/t/api/ballot", post)
async def main():
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"http://127.0.0.1:{runner.addresses[0][1]}/t/", flush=True)
    import asyncio
    await asyncio.Event().wait()
import asyncio
asyncio.run(main())
"""


def bench(figure: str, measured: float, unit: str, floor: float | None, goal: str, met: bool | None) -> None:
    print("@bench " + json.dumps({"figure": figure, "measured": round(measured, 2), "unit": unit,
                                  "floor": None if floor is None else round(floor, 2), "goal": goal,
                                  "met": met}))


def http_part(folder: Path) -> None:
    from intercept_mapper.model.simmap_file import save_workshop

    path = folder / "load.simmap"
    save_workshop(voting_workshop([f"Priority {n}" for n in range(12)]), path)
    room = RoomProcess(path)
    try:
        form = json.loads(__import__("urllib.request").request.urlopen(room.url + "api/ballot").read())
        real = asyncio.run(run_phones(room.url, PHONES))
        room.stop()
    finally:
        room.kill()
    bare = subprocess.Popen([sys.executable, "-c", BARE, json.dumps(form)], stdout=subprocess.PIPE, text=True)
    try:
        url = bare.stdout.readline().strip()
        floor = asyncio.run(run_phones(url, PHONES, form=form))
    finally:
        bare.terminate()
        bare.wait()
    p95, p95_bare = percentile(real.latencies, 95) * 1000, percentile(floor.latencies, 95) * 1000
    ok = all(s == 200 for s in real.statuses)
    print(f"room: {len(real.latencies)} requests in {real.seconds:.2f} s, p95 {p95:.1f} ms, "
          f"p50 {percentile(real.latencies, 50) * 1000:.1f} ms, all 200: {ok}")
    p50_bare = percentile(floor.latencies, 50) * 1000
    print(f"bare aiohttp constant: p95 {p95_bare:.1f} ms, p50 {p50_bare:.1f} ms")
    bench("room: 150 phones x 2 ballots, p95 response (vs bare aiohttp constant)", p95, "ms", p95_bare,
          "<= 3x", ok and p95 <= 3 * max(p95_bare, 1.0))
    bench("room: 150 phones send and change, wall time", real.seconds * 1000, "ms", None, "< 10000 ms",
          real.seconds < 10 and ok)


def app_part(folder: Path, profile: str | None = None, trace: bool = False) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.resources import SAMPLE_WORKSHOP
    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.room.room_opening import open_room_voting

    if trace:
        from turn_trace import TracingApp, trace_work

        app = TracingApp([])
        trace_work(app)
    else:
        app = QApplication.instance() or QApplication([])
    path = folder / "riverbend.simmap"
    shutil.copy(SAMPLE_WORKSHOP, path)
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_path(path)
    window.finish_building()
    # The voting panel in front (as the facilitator watching the ranking has it): it follows the ballots.
    window.priorities_panel.show()
    window.priorities_panel.raise_()
    open_room_voting(window, ask_budget=False, full_screen=False)
    session = window.room_session
    for _ in range(20):
        app.processEvents()
    gaps: list[float] = []
    busy: list[float] = []  # the UI thread's own CPU time within each gap
    clock = QElapsedTimer()
    clock.start()
    # Linux's count of the time this thread waited, runnable, for a CPU (other processes, the server's
    # thread): what of a gap was neither the window's work nor the interpreter lock.
    ready_waits: list[float] = []
    schedstat = os.open("/proc/thread-self/schedstat", os.O_RDONLY) if os.path.exists(
        "/proc/thread-self/schedstat") else None
    # The process's other Python threads (the room server's, a recovery copy's), the same way: one that
    # ran during a gap the UI thread neither ran nor waited for a CPU in may have held the interpreter
    # lock it waited for.
    others: dict[str, int] = {}  # thread name: its schedstat file
    others_ran: list[dict[str, tuple[float, float]]] = []  # per gap: name: (CPU ms, waiting ms) in it

    def watch_threads() -> None:
        for thread in threading.enumerate():
            path = f"/proc/self/task/{thread.native_id}/schedstat"
            if thread is not threading.main_thread() and thread.name not in others and os.path.exists(path):
                others[thread.name] = os.open(path, os.O_RDONLY)

    watch_threads()

    def waited_for_cpu_ms() -> float:
        return int(os.pread(schedstat, 100, 0).split()[1]) / 1e6 if schedstat is not None else 0.0

    def others_ms() -> dict[str, tuple[float, float]]:
        stats = {}
        for name, stat in others.items():
            try:
                ran, waited = os.pread(stat, 100, 0).split()[:2]
            except OSError:  # the thread ended (its copy done)
                continue
            stats[name] = (int(ran) / 1e6, int(waited) / 1e6)
        return stats

    last = [clock.nsecsElapsed(), time.thread_time(), waited_for_cpu_ms(), others_ms()]

    def tick() -> None:
        now, cpu, waited = clock.nsecsElapsed(), time.thread_time(), waited_for_cpu_ms()
        others_now = others_ms()
        gaps.append((now - last[0]) / 1e6)
        busy.append((cpu - last[1]) * 1000)
        ready_waits.append(waited - last[2])
        before = last[3]
        others_ran.append({name: (ran - before[name][0], waited_ms - before[name][1])
                           for name, (ran, waited_ms) in others_now.items() if name in before})
        last[0], last[1], last[2], last[3] = now, cpu, waited, others_now
        if trace:
            app.end_turn()

    timer = QTimer(interval=1)
    timer.timeout.connect(tick)
    # The phones in a process of their own: in this one they would take the UI thread's interpreter lock.
    code = ("import asyncio; from tests.room.phones import run_phones; "
            f"asyncio.run(run_phones({session.url!r}))")
    import gc

    # (generation, wall ms, CPU ms of the thread collecting) of each garbage collection in the burst
    collections: list[tuple[int, float, float]] = []
    gc_started = [0.0, 0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[0], gc_started[1] = time.perf_counter(), time.thread_time()
        else:
            collections.append((info["generation"], (time.perf_counter() - gc_started[0]) * 1000,
                                (time.thread_time() - gc_started[1]) * 1000))

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.thread_time)  # the UI thread's own CPU, not time spent waiting
    timer.start()
    client = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    loop = QEventLoop()
    deadline = time.monotonic() + 60
    cpu_started = time.process_time()
    gc.callbacks.append(on_gc)
    if profiler is not None:
        profiler.enable()
    if trace:
        app.tracing = True

    def done_yet() -> None:
        watch_threads()  # a recovery copy's thread may start during the burst
        if (client.poll() is not None and session.received >= 2 * PHONES) or time.monotonic() > deadline:
            loop.quit()

    # The app's own event loop, idle between events as the app is (a loop that spins on processEvents
    # holds the interpreter lock the room's server thread needs, and slows both).
    watch = QTimer(interval=50)
    watch.timeout.connect(done_yet)
    watch.start()
    loop.exec()
    watch.stop()
    if trace:
        app.tracing = False
    gc.callbacks.remove(on_gc)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    # The app process's CPU (UI thread and the server's thread) while the ballots came, per ballot.
    cpu_ms = (time.process_time() - cpu_started) * 1000
    timer.stop()
    for stat in [schedstat, *others.values()]:
        if stat is not None:
            os.close(stat)
    client.wait()
    received = session.received
    window.room_view.finish()
    worst = max(gaps) if gaps else 0.0
    over = sum(1 for g in gaps if g > FRAME_MS)
    print(f"app: {received} ballots applied as commands; loop ticks {len(gaps)}, worst gap {worst:.1f} ms, "
          f"p99 {percentile(gaps, 99):.1f} ms, gaps over one frame: {over}")
    # A gap the UI thread spent mostly waiting (for the CPU, or for the interpreter lock the server's
    # thread holds) is not work of the window's: the UI thread's own CPU in each gap tells them apart.
    late = sorted(((g, b, w, o) for g, b, w, o in zip(gaps, busy, ready_waits, others_ran, strict=True)
                   if g > FRAME_MS), key=lambda late_gap: late_gap[0], reverse=True)

    def ran_meanwhile(ran: dict[str, tuple[float, float]]) -> str:
        return "".join(f"; {name} {cpu:.1f}/{wait:.1f}"
                       for name, (cpu, wait) in ran.items() if cpu + wait >= 0.1)

    print("app: gaps over a frame (wall ms / UI thread CPU ms / waiting for a CPU ms; another thread's CPU / "
          "waiting ms): " + (", ".join(f"{g:.1f}/{b:.1f}/{w:.1f}{ran_meanwhile(o)}"
                                       for g, b, w, o in late[:12]) or "none"))
    print(f"app: the UI thread's longest CPU stretch between two ticks {max(busy, default=0):.1f} ms")
    heavy = sorted(busy, reverse=True)
    print(f"app: ticks after more than {OWN_WORK_MS:.0f} ms of the UI thread's CPU: "
          f"{sum(1 for b in busy if b > OWN_WORK_MS)}; the largest: "
          + ", ".join(f"{b:.1f}" for b in heavy[:8]))
    longest_gc = max(collections, key=lambda c: c[1], default=(0, 0.0, 0.0))
    print(f"app: {len(collections)} garbage collections in the burst, the longest {longest_gc[1]:.1f} ms "
          f"(generation {longest_gc[0]}; {longest_gc[2]:.1f} ms of CPU); the most CPU in one "
          f"{max((c[2] for c in collections), default=0.0):.1f} ms")
    per_ballot = cpu_ms / max(1, received)
    print(f"app: process CPU while they arrived {cpu_ms:.0f} ms, {per_ballot:.2f} ms per ballot "
          f"(server thread and UI thread; load average {os.getloadavg()[0]:.2f}); the UI thread's share "
          f"{sum(busy):.0f} ms, {sum(busy) / max(1, received):.2f} ms per ballot")
    if trace:
        print("app: the heaviest turns while they arrived (traced, which costs a little each):\n"
              + app.report())
    bench("app: longest event-loop block while 300 ballots arrive", worst, "ms", None, "<= 16.7 ms",
          worst <= FRAME_MS and received == 2 * PHONES)
    bench("app: process CPU per ballot while 300 arrive (server and UI threads)", per_ballot, "ms", None,
          "-", None)
    window.undo_stack.clear()
    window.files.ask_save_changes = lambda *_a: "discard"
    window.close()


def main() -> int:
    args = sys.argv[1:]
    profile = args[args.index("--profile") + 1] if "--profile" in args else None
    trace = "--trace" in args
    with tempfile.TemporaryDirectory(prefix="bench-room-") as tmp:
        folder = Path(tmp)
        if "--app-only" not in args and profile is None and not trace:
            http_part(folder)
        app_part(folder, profile, trace)
    return 0


if __name__ == "__main__":
    sys.exit(main())
