"""Time opening and saving ``.simmap`` files against plain ``json`` on the same bytes.

Run: ``.venv/bin/python bench/bench_file_io.py``. For 300, 3,000 and 5,000 items it prints the best of
several runs of: load (parse, migrate, pydantic, reference validation) against ``json.loads``, and
save (serialise in memory and write atomically) against ``json.dumps`` with the same indentation.
Goals: opening (``load_workshop`` from the file) at most 8x ``json.loads`` of the same bytes (issue 6);
opening 5,000 items well under a second (checked: under 250 ms). Saving has no ratio goal; it is
shown against ``json.dumps`` for scale. Lines starting ``@bench`` are read by ``bench/run_all.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intercept_mapper.model import (  # noqa: E402 - after the path set-up
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Objective,
    Participant,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.simmap_file import (  # noqa: E402
    dumps_workshop,
    load_workshop,
    loads_workshop,
    save_workshop,
)

BUDGET_5000_MS = 250.0
OPEN_RATIO_GOAL = 8.0
RUNS = 7


def build(items: int) -> Workshop:
    """A realistic map of ``items`` items: points, flows, findings, candidates, participants, a plan."""
    ws = new_workshop(title="Benchmark County", jurisdiction="Bench & Co")
    n_points = max(2, items // 5)
    for n in range(n_points):
        ws.points.append(DecisionPoint(id=f"pt-{n}", intercept=str(n % 6), title=f"Decision point {n}",
                                       description="Where a decision about a person is made. " * 3,
                                       organisation="Agency", x=n * 12.5, y=(n % 40) * 30.0))
    for n in range(n_points):
        ws.flows.append(Flow(id=f"fl-{n}", source=f"pt-{n}", target=f"pt-{(n + 1) % n_points}",
                             yearly_count=n * 3))
    n_findings = items - 2 * n_points - items // 20
    for n in range(max(0, n_findings)):
        ws.findings.append(Finding(id=f"fd-{n}", kind="gap" if n % 2 else "resource", intercept=str(n % 6),
                                   title=f"Finding {n}: crisis beds & housing", description="Detail. " * 10,
                                   organisation="Org", point_id=f"pt-{n % n_points}", theme="housing"))
    gaps = [f.id for f in ws.gaps()]
    for n in range(items // 40):
        ws.voting.candidates.append(Candidate(id=f"cd-{n}", title=f"Priority {n}", gap_ids=gaps[n:n + 2],
                                              votes={"tb-all": n % 9}))
    for n in range(items // 40):
        ws.participants.append(Participant(id=f"pp-{n}", name=f"Person {n}", sector="courts"))
    steps = [ActionStep(id=f"st-{n}", text=f"Step {n}", depends_on=[f"st-{n - 1}"] if n else [])
             for n in range(10)]
    ws.action_plans.append(ActionPlan(id="ap-0", title="Plan", objectives=[
        Objective(id="ob-0", text="Objective", steps=steps)]))
    return ws


def best_ms(func: Callable[[], object]) -> float:
    """The fastest of ``RUNS`` runs, in milliseconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def _figure(name: str, measured: float, floor: float, goal: str, met: bool | None) -> None:
    """One machine-readable line for ``run_all.py``."""
    print("@bench " + json.dumps({"figure": name, "measured": round(measured, 2), "unit": "ms",
                                  "floor": round(floor, 2), "goal": goal, "met": met}))


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.simmap"
        for items in (300, 3000, 5000):
            ws = build(items)
            text = dumps_workshop(ws)
            data = text.encode("utf-8")
            raw = json.loads(data)
            save_workshop(ws, path)

            parse = best_ms(lambda data=data: json.loads(data))
            loads = best_ms(lambda data=data: loads_workshop(data))
            load = best_ms(lambda: load_workshop(path))
            dump = best_ms(lambda raw=raw: json.dumps(raw, indent=2, ensure_ascii=False))
            dumps = best_ms(lambda ws=ws: dumps_workshop(ws))
            save = best_ms(lambda ws=ws: save_workshop(ws, path))
            print(f"{items:>5} items, {len(data) / 1024:5.0f} KiB | "
                  f"load {load:6.1f} ms (loads {loads:6.1f}) = {loads / parse:4.1f}x json.loads "
                  f"({parse:5.1f} ms) | save {save:6.1f} ms (dumps {dumps:6.1f}) = "
                  f"{dumps / dump:4.1f}x json.dumps ({dump:5.1f} ms)")
            if items in (300, 3000):
                open_ok = load / parse <= OPEN_RATIO_GOAL
                ok = ok and open_ok
                _figure(f"open a {items}-item file", load, parse, f"<= {OPEN_RATIO_GOAL:.0f}x", open_ok)
                _figure(f"save a {items}-item file", save, dump, "", None)
            if items == 5000 and load > BUDGET_5000_MS:
                print(f"  over budget: opening 5,000 items took {load:.0f} ms "
                      f"(budget {BUDGET_5000_MS:.0f} ms)")
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
