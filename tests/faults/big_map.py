"""A deterministic 3,000-item workshop and its numbered versions, shared by the fault tests and their
child processes (no Qt here)."""

from __future__ import annotations

from intercept_mapper.model import Candidate, DecisionPoint, Finding, Flow, Workshop, new_workshop

ITEMS = 3000


def big_workshop(items: int = ITEMS) -> Workshop:
    """Points, flows, resources and gaps (with candidates) in every intercept: ``items`` items in all."""
    ws = new_workshop(title="Fault County", jurisdiction="Fault County")
    lanes = ws.scheme.ids()
    n_points = items // 5
    for n in range(n_points):
        ws.points.append(DecisionPoint(id=f"pt-{n}", intercept=lanes[n % len(lanes)], title=f"Point {n}",
                                       description="Where someone decides what happens next. " * 2,
                                       x=float(n % 97), y=float(n % 41)))
    for n in range(n_points):
        ws.flows.append(Flow(id=f"fl-{n}", source=f"pt-{n}", target=f"pt-{(n + 1) % n_points}"))
    n_findings = items - 2 * n_points - items // 20
    for n in range(n_findings):
        kind = "gap" if n % 2 else "resource"
        ws.findings.append(Finding(id=f"fd-{n}", kind=kind, intercept=lanes[n % len(lanes)],
                                   title=f"{kind} {n}: said in the room", point_id=f"pt-{n % n_points}"))
    gaps = [f.id for f in ws.findings if f.kind == "gap"]
    for n in range(items // 20):
        ws.voting.candidates.append(Candidate(id=f"cd-{n}", title=f"Priority {n}", gap_ids=[gaps[n]]))
    return ws


def make_version(ws: Workshop, n: int) -> None:
    """Edit ``ws`` in place into version ``n`` (the title and one point's title say which)."""
    ws.info.title = f"version {n}"
    ws.points[n % len(ws.points)].title = f"Point renamed in version {n}"


def version(n: int, items: int = ITEMS) -> Workshop:
    """The document a child has after making versions 1..n (each edit is cumulative)."""
    ws = big_workshop(items)
    for k in range(1, n + 1):
        make_version(ws, k)
    return ws
