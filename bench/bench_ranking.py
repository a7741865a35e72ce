"""Time ranking and action-plan derivation on a 3,000-item map (budget: 200 ms, in-process).

Run: ``.venv/bin/python bench/bench_ranking.py``. Prints a table of the best of several runs, each as a
share of the budget, for ~1,000 candidates on a ~2,000-item map and ~2,000 on a ~3,900-item map (each
row names its counts: candidates, and the map's points, flows, resources and gaps); exits 1 if any is
over.
"Rank + derive" is what the app does when the facilitator drafts plans: redraw the ranking, then draft.
"""

from __future__ import annotations

import random
import sys
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


def main() -> int:
    """Print the table; exit 1 when any step is over budget."""
    rows: list[tuple[str, str, str, bool]] = []
    for ws in (big_workshop(points=150, items=1500), big_workshop()):
        size = sizes(ws)
        for step, ms in measure(ws):
            ratio = ms / BUDGET_MS
            ok = ratio < 1.0
            rows.append((f"{step}, {size}", f"{ms:.1f} ms", f"{ratio:.2f}x", ok))
    wide = max(len(r[0]) for r in rows)
    print(f"{'measure':<{wide}}  {'value':>9}  {'/budget':>7}  goal < 1.00x of {BUDGET_MS:.0f} ms")
    for name, value, ratio, ok in rows:
        print(f"{name:<{wide}}  {value:>9}  {ratio:>7}  {'ok' if ok else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
