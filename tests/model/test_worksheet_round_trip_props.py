"""Property: any valid workshop, exported as a worksheet CSV or an Excel workbook and imported again, gives
the same items, votes per table, published ranks and themes (and, from a workbook, the same participants).

The worksheet holds what a map is made of, not everything a file holds, so each drawn workshop is first
made expressible as a worksheet: cells trimmed (import trims them), titles non-empty and unique where
rows refer to them, table names unique, and a candidate's extra intercepts only where a gap row can say
them. Everything else, hostile text included, is left as drawn.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model.candidate_edits import table_key
from intercept_mapper.model.limits import MAX_SHORT_TEXT
from intercept_mapper.model.participants_csv import participant_rows
from intercept_mapper.model.sectors import normalise_sector
from intercept_mapper.model.worksheet_csv import parse_worksheet, worksheet_csv_bytes
from intercept_mapper.model.workshop import CROSS_INTERCEPT, Workshop
from intercept_mapper.model.xlsx_tables import workshop_workbook_bytes
from tests.model.strategies import workshops

PROPS = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _unique(text: str, n: int, fallback: str) -> str:
    text = text.strip() or fallback
    return f"{text[:MAX_SHORT_TEXT - 12]} #{n}"


def expressible(ws: Workshop, draw: st.DrawFn) -> Workshop:
    """``ws`` made expressible as a worksheet (see the module docstring)."""
    ws = ws.model_copy(deep=True)
    for n, p in enumerate(ws.points):
        p.title = _unique(p.title.replace(";", ","), n, "point")
        p.description, p.organisation = p.description.strip(), p.organisation.strip()
    ws.flows = list({(f.source, f.target): f for f in ws.flows}.values())  # a flow between two points once
    for n, f in enumerate(ws.findings):
        f.title = f.title.strip() or f"{f.kind} {n}"
        f.description, f.organisation, f.theme = f.description.strip(), f.organisation.strip(), \
            f.theme.strip().lower()
    seen: set[str] = set()
    for n, t in enumerate(ws.voting.tables):
        t.name = " ".join(t.name.split()) or f"table {n}"
        if table_key(t.name) in seen or not table_key(t.name):
            t.name = f"table {n}"
        seen.add(table_key(t.name))
    scheme_ids = ws.scheme.ids()
    for c in ws.voting.candidates:
        c.point_id = None
        gap = next((f for f in ws.findings if c.gap_ids == [f.id]), None)
        c.intercepts = []
        if gap is not None and gap.intercept != CROSS_INTERCEPT and draw(st.booleans()):
            other = draw(st.sampled_from(scheme_ids))
            c.intercepts = [gap.intercept, other] if other != gap.intercept else []
        c.rank = draw(st.one_of(st.none(), st.integers(1, 50)))
    for n, plan in enumerate(ws.action_plans):  # the plans sheet reads as import-plans: one-line texts
        plan.title = " ".join(plan.title.split()) or f"plan {n}"
        for m, objective in enumerate(plan.objectives):
            objective.text = " ".join(objective.text.split()) or f"objective {m}"
            for k, step in enumerate(objective.steps):
                step.text = " ".join(step.text.split()) or f"step {k}"
    for p in ws.participants:
        p.name = p.name.strip() or "someone"
        for field in ("organisation", "role", "table", "email", "phone"):
            setattr(p, field, getattr(p, field).strip())
        p.sector = normalise_sector(p.sector)
        p.counts_for_sector = False
    return ws


def items(ws: Workshop) -> Counter:
    """Points, flows and findings by what a reader sees: titles, texts, places, themes, and for each gap its
    votes by table name, published rank and the intercepts its priority concerns."""
    points = {p.id: p.title for p in ws.points}
    tables = {t.id: t.name for t in ws.voting.tables}
    own = {}
    for c in ws.voting.candidates:
        if len(c.gap_ids) == 1:
            own.setdefault(c.gap_ids[0], c)
    found: Counter = Counter()
    for p in ws.points:
        found[("point", p.intercept, p.title, p.description, p.organisation)] += 1
    for f in ws.flows:
        found[("flow", points[f.source], points[f.target])] += 1
    for f in ws.findings:
        c = own.get(f.id) if f.kind == "gap" else None
        votes = tuple(sorted((tables.get(t, t), n) for t, n in c.votes.items())) if c else ()
        places = tuple(dict.fromkeys([f.intercept, *c.intercepts])) if c and c.intercepts else (f.intercept,)
        found[("finding", f.kind, f.intercept, f.title, f.description, f.organisation,
               points.get(f.point_id or "", ""), f.theme, votes, c.rank if c else None, places)] += 1
    return found


def vote_tables(ws: Workshop) -> list[str]:
    return [t.name for t in ws.voting.tables]


@PROPS
@given(st.data())
def test_any_workshop_round_trips_through_a_worksheet_csv(data):
    ws = expressible(data.draw(workshops()), data.draw)
    back = parse_worksheet(worksheet_csv_bytes(ws), "back.csv", ws.scheme.preset).workshop
    assert items(back) == items(ws)
    if ws.voting.tables:
        assert vote_tables(back) == vote_tables(ws)


@PROPS
@given(st.data())
def test_any_workshop_round_trips_through_a_workbook(data):
    ws = expressible(data.draw(workshops()), data.draw)
    data_bytes = workshop_workbook_bytes(ws, include_contacts=True)
    result = parse_worksheet(data_bytes, "back.xlsx", ws.scheme.preset)
    assert items(result.workshop) == items(ws)
    if ws.voting.tables:
        assert vote_tables(result.workshop) == vote_tables(ws)
    people = result.participants[0] if result.participants else []
    assert participant_rows(people) == participant_rows(ws.participants)
