"""What fills the longest UI-thread stall while a recovery copy is made and written (issue 18): a trace.

Not a bench (``run_all.py`` runs only ``bench_*.py``). The same set-up as ``bench_recovery.py``'s stall
figure (a real ``MainWindow`` on a 3,000-item map, a 1 ms timer ticking on the UI thread, a copy 0.4 s
after each committed rename, an idle stretch as long 0.3 s after it), with timestamps of everything
that could fill a gap: each tick also records the UI thread's CPU time and the process's; the UI
thread's copy callback and its hand-off slot, every step of the writer thread (join, hash, sidecar,
each part of the atomic write: stale temporaries, ``mkstemp``, write, ``fsync``, replace, the folder's
sync) with the writer's own CPU time, and every garbage collection (``gc.callbacks``: generation, thread,
duration). For the longest gap of each copy it prints what overlapped it, then sums up: how much of the
long gaps was the UI thread's own CPU, how much the writer's, how many overlapped a collection.

Run: ``.venv/bin/python bench/trace_recovery.py [--copies N] [--switch-interval MS] [--gc off]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_recovery as br  # noqa: E402 - sets up the private folders and Qt's platform first
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

LONG_MS = 8.0  # a gap over this counts as a stall (the goal)


class Trace:
    """Intervals (thread, label, start, end, that thread's CPU in it) and collections, in seconds."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, str, float, float, float]] = []
        self.gcs: list[tuple[str, int, float, float]] = []
        self._gc_started: dict[int, float] = {}

    def timed(self, owner: object, name: str, label: str | None = None) -> None:
        """Replace ``owner.name`` by a wrapper noting each call's interval."""
        inner = getattr(owner, name)
        label = label or name

        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spans.append((threading.current_thread().name, label, t0, time.perf_counter(),
                                   time.thread_time() - c0))

        setattr(owner, name, wrapper)

    def on_gc(self, phase: str, info: dict) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._gc_started[ident] = time.perf_counter()
        else:
            self.gcs.append((threading.current_thread().name, info["generation"],
                             self._gc_started.pop(ident, time.perf_counter()), time.perf_counter()))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


VARIANTS = {
    "as-is": "the writer as it is",
    "no-fsync": "os.fsync a no-op (the file and the folder are not synced)",
    "sleep-write": "the whole write (join, hash, files) replaced by a 25 ms sleep: no CPU, no I/O",
    "writer-nice-0": "the writer thread at nice 0 (run the script at nice 0 to give it the UI thread's)",
    "writer-nice-10": "the writer thread at nice 10",
    "writer-nice-19": "the writer thread at nice 19",
    "idle-writer": "the writer thread under SCHED_IDLE",
}


def _apply_variant(variant: str, writer: object) -> None:
    """Change the writer as ``variant`` says (see ``VARIANTS``)."""
    from intercept_mapper.model import atomic_write
    from intercept_mapper.ui.files import recovery

    if variant == "no-fsync":
        atomic_write.os.fsync = lambda _fd: None
    elif variant == "sleep-write":
        def slept(job):  # noqa: ANN001, ANN202
            time.sleep(0.025)
            writer._written_seq = job.seq
            return True, ""
        writer._write = slept
    elif variant.startswith("writer-nice-") and hasattr(recovery, "WRITER_NICER_BY"):
        # the writer thread adds it to its nice value when it starts
        recovery.WRITER_NICER_BY = int(variant.rsplit("-", 1)[1]) - os.getpriority(os.PRIO_PROCESS, 0)
    elif variant.startswith("writer-nice-") or variant == "idle-writer":  # (a writer that sets none)
        write = writer._write

        def lowered(job):  # noqa: ANN001, ANN202
            if variant == "idle-writer":
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            else:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), int(variant.rsplit("-", 1)[1]))
            return write(job)
        writer._write = lowered


def run(app: QApplication, path: Path, copies: int, variant: str = "as-is") -> dict:  # noqa: PLR0915
    """Trace ``copies`` copies (after one that fills the cache); returns the per-copy records."""
    from intercept_mapper.model import atomic_write
    from intercept_mapper.ui.commands import UpdateItemCommand
    from intercept_mapper.ui.files import recovery

    trace = Trace()
    for name in ("remove_stale_temporaries", "_write_temp", "_sync_folder", "_require_regular_or_missing",
                 "_mode_for", "_resolve_target"):
        trace.timed(atomic_write, name)
    trace.timed(atomic_write, "_write_all", "write")
    trace.timed(atomic_write.tempfile, "mkstemp")
    trace.timed(atomic_write.os, "fsync")
    trace.timed(atomic_write.os, "replace")
    if hasattr(recovery, "hashlib"):  # (main's writer hashes each copy)
        trace.timed(recovery.hashlib, "sha256")
    trace.timed(recovery, "atomic_write_bytes")
    trace.timed(recovery, "atomic_write_text")
    gc.callbacks.append(trace.on_gc)

    window = br.open_window(path)
    writer = window.recovery
    _apply_variant(variant, writer)
    trace.timed(writer, "_write", "writer: whole _write")
    trace.timed(writer, "_worker_done", "UI: hand-off slot (sig_written and its listeners)")
    ticks: list[tuple[float, float, float, float]] = []  # (wall, UI thread CPU, process CPU, run-queue wait)
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    waited = _run_queue_wait()
    ticker.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time(), time.process_time(),
                                                 waited())))
    ticker.start(br.TICK_MS)
    fired: list[float] = []
    spans: list[tuple[float, float]] = []
    copy_now = writer._copy_in_background

    def noted_copy() -> None:
        fired.append(time.perf_counter())
        t0, c0 = time.perf_counter(), time.thread_time()
        copy_now()
        trace.spans.append(("MainThread", "UI: copy callback (snapshot, hand-off)", t0, time.perf_counter(),
                            time.thread_time() - c0))

    writer._timer.timeout.disconnect()
    writer._timer.timeout.connect(noted_copy)
    writer.sig_written.connect(lambda _path: spans.append((fired[0], time.perf_counter())))
    br._run_event_loop(1500)
    gaps = window.document.workshop.gaps()
    records = []
    for n in range(copies + 1):
        gap = gaps[n % len(gaps)]
        window.undo_stack.push(UpdateItemCommand(window.document, "findings", gap.id,
                                                 {"title": f"{gap.title} ({n})"}, "Rename gap"))
        writer._timer.start(400)
        fired.clear()
        spans.clear()
        br._run_event_loop(10_000, until=writer.sig_written)
        begin, end = spans[0]
        br._run_event_loop(300 + int((end - begin) * 1000) + 20)
        if n == 0:
            continue
        idle = end + 0.3
        records.append({"copy": _longest(ticks, begin, end), "span": end - begin, "begin": begin, "end": end,
                        "idle": _longest(ticks, idle, idle + end - begin),
                        "copy_spent": _spent(ticks, begin, end),
                        "idle_spent": _spent(ticks, idle, idle + end - begin)})
    ticker.stop()
    gc.callbacks.remove(trace.on_gc)
    window.files.ask_save_changes = lambda _name: "discard"
    window.close()
    return {"records": records, "trace": trace}


def _run_queue_wait():  # noqa: ANN202
    """A function giving the seconds this thread has spent runnable but waiting for a CPU (Linux's
    ``/proc/self/task/TID/schedstat``, second field), 0 where the system does not say."""
    try:
        fd = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
    except OSError:
        return lambda: 0.0
    return lambda: int(os.pread(fd, 100, 0).split()[1]) / 1e9


def _longest(ticks: list[tuple[float, float, float, float]], begin: float, end: float) -> dict:
    """The longest gap between ticks overlapping ``begin``..``end``: its bounds and the CPU spent in it."""
    best = None
    for a, b in zip(ticks, ticks[1:], strict=False):
        if b[0] >= begin and a[0] <= end and (best is None or b[0] - a[0] > best[1][0] - best[0][0]):
            best = (a, b)
    a, b = best
    return {"start": a[0], "end": b[0], "ms": (b[0] - a[0]) * 1000, "ui_cpu_ms": (b[1] - a[1]) * 1000,
            "process_cpu_ms": (b[2] - a[2]) * 1000, "run_queue_ms": (b[3] - a[3]) * 1000}


def _spent(ticks: list[tuple[float, float, float, float]], begin: float, end: float) -> dict:
    """The UI thread's and the process's CPU, and the UI thread's wait for a CPU, from the last tick
    before ``begin`` to the first after ``end`` (ms)."""
    inside = [t for t in ticks if begin <= t[0] <= end]
    before = max((t for t in ticks if t[0] < begin), default=inside[0], key=lambda t: t[0])
    after = min((t for t in ticks if t[0] > end), default=inside[-1], key=lambda t: t[0])
    return {"ui_cpu_ms": (after[1] - before[1]) * 1000, "process_cpu_ms": (after[2] - before[2]) * 1000,
            "run_queue_ms": (after[3] - before[3]) * 1000, "ms": (after[0] - before[0]) * 1000}


def report(result: dict) -> None:
    """Print each copy's longest gap and what overlapped it, then the sums."""
    trace: Trace = result["trace"]
    records = result["records"]
    long_copy = []
    for n, rec in enumerate(records, 1):
        gap = rec["copy"]
        start, end = gap["start"], gap["end"]
        inside = [(thread, label, _overlap(start, end, t0, t1) * 1000, (t1 - t0) * 1000, cpu * 1000)
                  for thread, label, t0, t1, cpu in trace.spans if _overlap(start, end, t0, t1) > 0]
        collections = [(thread, generation, (t1 - t0) * 1000) for thread, generation, t0, t1 in trace.gcs
                       if _overlap(start, end, t0, t1) > 0]
        writer_cpu = sum(cpu for thread, label, _o, _d, cpu in inside if label == "writer: whole _write")
        rec["writer_cpu_ms"] = writer_cpu
        rec["gc"] = collections
        idle = rec["idle"]
        print(f"copy {n:2}: longest gap {gap['ms']:5.1f} ms (UI CPU {gap['ui_cpu_ms']:4.1f}, UI waiting for "
              f"a CPU {gap['run_queue_ms']:4.1f}, process CPU {gap['process_cpu_ms']:4.1f}); idle "
              f"{idle['ms']:5.1f} ms (UI CPU {idle['ui_cpu_ms']:4.1f}, for a CPU "
              f"{idle['run_queue_ms']:4.1f}); span {rec['span'] * 1000:5.1f} ms")
        for thread, label, overlap, duration, cpu in sorted(inside, key=lambda s: -s[2]):
            if overlap >= 0.05:
                print(f"      {thread[:12]:12} {label[:60]:60} {overlap:5.2f} of {duration:5.2f} ms, "
                      f"CPU {cpu:5.2f}")
        for thread, generation, duration in collections:
            print(f"      gc gen {generation} on {thread}: {duration:.2f} ms")
        if gap["ms"] > LONG_MS:
            long_copy.append(rec)
    stalls = [r["copy"]["ms"] for r in records]
    idles = [r["idle"]["ms"] for r in records]
    print()
    for name, values in (("stalls", stalls), ("idle  ", idles)):
        print(f"{name} median {statistics.median(values):.1f} p95 {br.p95(values):.1f} worst "
              f"{max(values):.1f} ms; over {LONG_MS:.0f} ms: {sum(s > LONG_MS for s in values)}"
              f"/{len(values)}")
    for name, recs in (("copies' longest gaps", records),):
        for key in ("copy", "idle"):
            walls = [r[key]["ms"] for r in recs]
            ui = [r[key]["ui_cpu_ms"] for r in recs]
            queue = [r[key]["run_queue_ms"] for r in recs]
            proc = [r[key]["process_cpu_ms"] for r in recs]
            rest = [w - u - q for w, u, q in zip(walls, ui, queue, strict=True)]
            print(f"{name} ({key}): sum {sum(walls):.0f} ms = UI-thread CPU {sum(ui):.0f} + UI waiting for a "
                  f"CPU {sum(queue):.0f} + UI blocked (event loop's sleep, interpreter lock, I/O) "
                  f"{sum(rest):.0f}; process CPU {sum(proc):.0f}")
        print(f"longest gaps with a collection in them: {sum(bool(r['gc']) for r in recs)}")
    for key in ("copy_spent", "idle_spent"):
        parts = {name: statistics.median(r[key][name] for r in records)
                 for name in ("ms", "ui_cpu_ms", "process_cpu_ms", "run_queue_ms")}
        print(f"whole {key.split('_')[0]} span (median): {parts['ms']:.1f} ms; UI-thread CPU "
              f"{parts['ui_cpu_ms']:.2f}, process CPU {parts['process_cpu_ms']:.2f}, UI waiting for a CPU "
              f"{parts['run_queue_ms']:.2f} ms")
    during = [(th, g, (t1 - t0) * 1000) for th, g, t0, t1 in trace.gcs
              if any(_overlap(r["begin"], r["end"], t0, t1) > 0 for r in records)]
    print(f"collections during the copies: {len(during)}: " + ", ".join(
        f"gen {g} on {th} {d:.2f} ms" for th, g, d in during))
    all_gc = [(g, (t1 - t0) * 1000, th) for th, g, t0, t1 in trace.gcs]
    for generation in (0, 1, 2):
        durations = [d for g, d, _t in all_gc if g == generation]
        if durations:
            print(f"gc gen {generation}: {len(durations)} collections, median "
                  f"{statistics.median(durations):.2f} ms, worst {max(durations):.2f} ms")
    by_label: dict[str, list[tuple[float, float]]] = {}
    for _thread, label, t0, t1, cpu in trace.spans:
        by_label.setdefault(label, []).append(((t1 - t0) * 1000, cpu * 1000))
    for label, values in sorted(by_label.items()):
        wall = [w for w, _c in values]
        cpu = [c for _w, c in values]
        print(f"{label[:60]:60} n={len(values):3} wall median {statistics.median(wall):6.2f} worst "
              f"{max(wall):6.2f}, CPU median {statistics.median(cpu):5.2f} worst {max(cpu):5.2f} ms")


def main() -> int:
    """Parse the options, trace, print."""
    from bench_canvas import big_workshop

    from intercept_mapper.model.simmap_file import save_workshop

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=br.STALL_COPIES)
    parser.add_argument("--switch-interval", type=float, help="sys.setswitchinterval, in ms")
    parser.add_argument("--gc", choices=("on", "off"), default="on")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="as-is",
                        help="what to change in the writer, to see what the stall is made of")
    parser.add_argument("--one-cpu", action="store_true",
                        help="keep the process on one CPU: the UI thread and the writer then take turns")
    args = parser.parse_args()
    if args.one_cpu:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval / 1000)
    app = QApplication.instance() or QApplication([])
    folder = Path(br._HOME) / "maps"
    folder.mkdir(exist_ok=True)
    big = folder / "county.simmap"
    save_workshop(big_workshop(), big)
    print(f"load average before: {os.getloadavg()}; switch interval {sys.getswitchinterval() * 1000:.2f} ms")
    if args.gc == "off":
        gc.disable()
    print(f"variant: {args.variant}: {VARIANTS[args.variant]}")
    result = run(app, big, args.copies, args.variant)
    report(result)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
