"""Time ranking and action-plan derivation on a 3,000-item map (budget: 200 ms, in-process).

Run: ``.venv/bin/python bench/bench_ranking.py``. Prints a table of the best of several runs, each as a
share of the budget, for ~1,000 candidates on a ~2,000-item map and ~2,000 on a ~3,900-item map (each
row names its counts: candidates, and the map's points, flows, resources and gaps); exits 1 if any is
over.
"Rank + derive" is what the app does when the facilitator drafts plans: redraw the ranking, then draft.

Issue 18 adds ``plan`` of a 30,000-item map (bench_window's: 6,000 points, 12,000 flows, 12,000
resources and gaps, imported from a worksheet so that every gap is a candidate; the app's 20,000-item
limit lifted for the run, as the row says): the
command's ``run`` in a fresh Python that has imported it (load, rank, print to /dev/null), CPU time,
median of five, goal < 500 ms; and that Python's peak RSS, goal < 300 MB.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intercept_mapper.model import (  # noqa: E402 - after the path set-up
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Participant,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.plan_derivation import derive_action_plans  # noqa: E402
from intercept_mapper.model.ranking import rank_candidates  # noqa: E402

BUDGET_MS = 200.0
PLAN_ITEMS = 30_000
PLAN_BUDGET_MS = 500.0
PLAN_MEMORY_MB = 300.0
REPO = Path(__file__).resolve().parent.parent


def big_workshop(points: int = 300, items: int = 3000, seed: int = 1) -> Workshop:
    """A map of ``points`` decision points, flows between them, and ``items`` gaps/resources/candidates."""
    rng = random.Random(seed)
    ws = new_workshop()
    ids = ws.scheme.ids()
    ws.voting.tables = [VotingTable(id="tb-s", name="system"), VotingTable(id="tb-c", name="community")]
    for n in range(points):
        ws.points.append(DecisionPoint(id=f"p{n}", intercept=ids[n * len(ids) // points], title=f"Point {n}"))
    for n in range(points - 1):
        for target in {n + 1, min(points - 1, n + rng.randint(1, 20))}:
            ws.flows.append(Flow(id=f"f{n}-{target}", source=f"p{n}", target=f"p{target}"))
        if rng.random() < 0.05 and n > 10:  # violations loop back
            ws.flows.append(Flow(id=f"loop{n}", source=f"p{n}", target=f"p{n - 10}"))
    gaps = 0
    for n in range(items):
        point = rng.randrange(points)
        intercept = ws.points[point].intercept
        kind = "gap" if n % 3 else "resource"
        ws.findings.append(Finding(
            id=f"g{n}", kind=kind, intercept=intercept, title=f"Finding {n % 400}",
            point_id=f"p{point}" if rng.random() < 0.8 else None, organisation=f"Org {n % 17}",
            theme=rng.choice(["housing", "training", "data-sharing", "crisis-services", ""]),
        ))
        if kind == "gap":
            gaps += 1
            gap_ids = [f"g{n}"] + ([f"g{n - 1}"] if n % 7 == 0 else [])
            ws.voting.candidates.append(Candidate(
                id=f"c{n}", title=f"Finding {n % 400}", gap_ids=gap_ids,
                intercepts=["X"] if n % 50 == 0 else [],
                votes={"tb-s": rng.randint(0, 6), "tb-c": rng.randint(0, 6)},
            ))
    for n in range(60):
        ws.participants.append(Participant(id=f"pp{n}", name=f"Person {n}", sector="jail", table="system"))
    ws.info.dates = [date(2026, 3, 4), date(2026, 3, 5)]
    return ws


def best_ms(func, runs: int = 7) -> float:
    """The fastest of ``runs`` calls, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def measure(ws: Workshop) -> list[tuple[str, float]]:
    """(step, best milliseconds) for ranking, derivation, and the two one after the other."""
    today = date(2026, 4, 1)
    return [
        ("rank_candidates", best_ms(lambda: rank_candidates(ws))),
        ("derive_action_plans (top 5)", best_ms(lambda: derive_action_plans(ws, top_n=5, today=today))),
        ("rank + derive", best_ms(lambda: (rank_candidates(ws), derive_action_plans(ws, 5, today)))),
    ]


def sizes(ws: Workshop) -> str:
    """What a row ranks: its candidates, and the map they sit on (points, flows, resources and gaps)."""
    map_items = len(ws.points) + len(ws.flows) + len(ws.findings)
    return f"{len(ws.voting.candidates):,} candidates, {map_items:,}-item map"


def _lift_item_limit(items: int) -> None:
    """The app refuses maps over ``MAX_ITEMS`` (20,000, README "Limits"): lifted for this bench."""
    from intercept_mapper.model import limits

    limits.MAX_ITEMS = max(limits.MAX_ITEMS, 2 * items)
    limits.MAX_VALUES = 50 * limits.MAX_ITEMS


def write_plan_map(path: str) -> None:
    """Save bench_window's 30,000-item map, imported as users import a worksheet (every gap a
    candidate), to ``path``; print what it holds. (bench_canvas imports Qt: run in a child.)"""
    from bench_canvas import big_workshop as canvas_workshop

    from intercept_mapper.model import worksheet_csv
    from intercept_mapper.model.simmap_file import save_workshop
    from intercept_mapper.model.worksheet_csv import format_worksheet, parse_worksheet

    _lift_item_limit(PLAN_ITEMS)
    worksheet_csv.MAX_ITEMS = 2 * PLAN_ITEMS  # the importer's own copy of the limit
    sheet = format_worksheet(canvas_workshop(points=6000, findings=12000, flows=12000))
    ws = parse_worksheet(sheet.encode("utf-8"), "map30000.csv").workshop
    save_workshop(ws, path, backup=False)
    items = len(ws.points) + len(ws.flows) + len(ws.findings)
    print(f"{items:,}-item map: {len(ws.points):,} points, {len(ws.flows):,} flows, "
          f"{len(ws.findings):,} resources and gaps, {len(ws.voting.candidates):,} candidates")


def plan_child(path: str, runs: int) -> None:
    """In a fresh Python: ``plan FILE`` run in-process ``runs`` times; prints CPU ms and peak RSS."""
    import argparse
    import contextlib
    import resource

    from intercept_mapper.cli import plan_command

    _lift_item_limit(PLAN_ITEMS)
    args = argparse.Namespace(file=path, top=None, json=False)
    cpu = []
    for _ in range(runs):
        start = time.process_time()
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
            plan_command.run(args)
        cpu.append((time.process_time() - start) * 1000)
    print(json.dumps({"cpu_ms": cpu, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure_plan() -> list[tuple[str, float, str, float]]:
    """(row, value, unit, budget) for ``plan`` of the 30,000-item map: CPU median, and peak RSS of a
    Python that ran it once."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "map30000.simmap")

        def child(*args: str) -> str:
            return subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                                  text=True, cwd=REPO).stdout.strip().splitlines()[-1]

        what = child("--write-plan-map", path)
        timed = json.loads(child("--plan-child", path, "5"))
        once = json.loads(child("--plan-child", path, "1"))
    name = f"plan of a {what} (limit lifted), in-process"
    return [(f"{name}: load, rank, print; CPU, median of 5", statistics.median(timed["cpu_ms"]), "ms",
             PLAN_BUDGET_MS),
            (f"{name}: peak RSS of the Python that ran it once", once["peak_mb"], "MB", PLAN_MEMORY_MB)]


def main() -> int:
    """Print the table; exit 1 when any step is over budget."""
    rows: list[tuple[str, str, str, str, bool]] = []
    for ws in (big_workshop(points=150, items=1500), big_workshop()):
        size = sizes(ws)
        for step, ms in measure(ws):
            ratio = ms / BUDGET_MS
            rows.append((f"{step}, {size}", f"{ms:.1f} ms", f"{ratio:.2f}x", f"< {BUDGET_MS:.0f} ms",
                         ratio < 1))
    for name, value, unit, budget in measure_plan():
        ratio = value / budget
        rows.append((name, f"{value:.1f} {unit}", f"{ratio:.2f}x", f"< {budget:.0f} {unit}", ratio < 1))
    wide = max(len(r[0]) for r in rows)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'measure':<{wide}}  {'value':>9}  {'/budget':>7}  goal")
    for name, value, ratio, goal, ok in rows:
        print(f"{name:<{wide}}  {value:>9}  {ratio:>7}  {goal} {'ok' if ok else 'MISSED'}")
    return 0 if all(r[4] for r in rows) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--plan-child"]:
        plan_child(sys.argv[2], int(sys.argv[3]))
        raise SystemExit(0)
    if sys.argv[1:2] == ["--write-plan-map"]:
        write_plan_map(sys.argv[2])
        raise SystemExit(0)
    raise SystemExit(main())
