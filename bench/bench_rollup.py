"""Time a statewide rollup: 300 county files of about 100 items each (budget: 10 s, in-process).

Run: ``.venv/bin/python bench/bench_rollup.py [COUNTIES]``. Files are generated in a temporary folder
(themes, intercepts, votes and action plans vary by county); the rollup reads them from disk, as
the command line and the app do, and the PDF is timed apart.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intercept_mapper.export.rollup_pdf import build_rollup_pdf  # noqa: E402 - after the path set-up
from intercept_mapper.model import (  # noqa: E402
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Objective,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.rollup import build_rollup  # noqa: E402
from intercept_mapper.model.simmap_file import save_workshop  # noqa: E402
from intercept_mapper.model.theme_suggestion import THEMES  # noqa: E402

BUDGET_S = 10.0
COMMON_GAPS = ["Lack of supportive housing", "No mobile crisis at night", "No shared data across agencies",
               "No MOUD induction in jail", "Released at night with no medication", "No transportation",
               "Deputies not CIT trained", "Mental health court waitlist", "No peer support at release"]


def county(n: int, rng: random.Random) -> Workshop:
    """A county map: 15 points, 14 flows, 40 findings, 25 candidates, 3 plans: about 100 items."""
    preset = "five-intercept" if n % 7 == 0 else "samhsa"
    ws = new_workshop(preset, f"County {n} mapping", f"County {n:03d}")
    ids = ws.scheme.ids()
    ws.voting.tables = [VotingTable(id="tb-s", name="system"), VotingTable(id="tb-c", name="community")]
    for p in range(15):
        ws.points.append(DecisionPoint(id=f"p{p}", intercept=ids[p * len(ids) // 15], title=f"Point {p}"))
    for p in range(14):
        ws.flows.append(Flow(id=f"f{p}", source=f"p{p}", target=f"p{p + 1}"))
    for g in range(25):
        title = rng.choice(COMMON_GAPS) if rng.random() < 0.3 else f"Gap {g} of county {n}"
        theme = rng.choice(THEMES) if rng.random() < 0.85 else ""
        intercept = rng.choice([*ids, "X"])
        ws.findings.append(Finding(id=f"g{g}", kind="gap", intercept=intercept, title=title, theme=theme))
        ws.voting.candidates.append(Candidate(id=f"c{g}", title=title, gap_ids=[f"g{g}"],
                                              votes={"tb-s": rng.randint(0, 9), "tb-c": rng.randint(0, 9)}))
    for r in range(15):
        ws.findings.append(Finding(id=f"r{r}", kind="resource", intercept=rng.choice(ids),
                                   title=f"Resource {r}", theme=rng.choice(THEMES)))
    for a in range(3):
        steps = [ActionStep(id=f"s{a}-{k}", text=f"Step {k}", status="done" if k % 2 else "not-started")
                 for k in range(4)]
        ws.action_plans.append(ActionPlan(id=f"ap{a}", candidate_id=f"c{a * 5}", title=f"Plan {a}",
                                          objectives=[Objective(id=f"o{a}", text="Objective", steps=steps)]))
    return ws


def items(ws: Workshop) -> int:
    """Points, flows, findings, candidates and steps."""
    steps = sum(len(o.steps) for p in ws.action_plans for o in p.objectives)
    return len(ws.points) + len(ws.flows) + len(ws.findings) + len(ws.voting.candidates) + steps


def main() -> int:
    """Generate the counties, time the rollup and the PDF, and say whether the budget held."""
    counties = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-rollup-") as tmp:
        folder = Path(tmp)
        sizes = []
        for n in range(counties):
            ws = county(n, rng)
            sizes.append(items(ws))
            save_workshop(ws, folder / f"county-{n:03d}.simmap", backup=False)
        print(f"{counties} county files, {sum(sizes) / len(sizes):.0f} items each on average")
        start = time.perf_counter()
        rollup = build_rollup([folder])
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        pdf = build_rollup_pdf(rollup)
        pdf_seconds = time.perf_counter() - start
    print(f"rollup: {seconds:.2f} s for {len(rollup.communities)} communities "
          f"({len(rollup.themes)} themes, {len(rollup.common_gaps)} shared gap titles); "
          f"budget {BUDGET_S:.0f} s")
    print(f"summary PDF: {pdf_seconds:.2f} s, {len(pdf) // 1024} KiB")
    ok = seconds < BUDGET_S
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
