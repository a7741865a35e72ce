"""Drafting action plans for the top-ranked priorities, for the small groups to edit on day two.

Each plan gets one objective drawn from the candidate's title, and three suggested steps: building on a
resource at the same point (or intercept) when there is one, then the strategies from the field that fit
the priority best. Each step suggests a "who" (a participant whose organisation runs the place or whose
sector works at that intercept) and a "when" 30, 60 and 90 days after the last workshop date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .document import Document, EditRecord
from .ids import new_id
from .ranking import candidate_intercepts, candidate_points, rank_candidates
from .sectors import sector_group
from .strategy_library import suitable_strategies
from .workshop import (
    CROSS_INTERCEPT,
    ActionPlan,
    ActionStep,
    Candidate,
    Finding,
    Objective,
    Participant,
    Workshop,
)

STEPS_PER_PLAN = 3
DAYS_BETWEEN_STEPS = 30

# Which intercepts each sector usually works at; "X" for sectors that span the whole system.
SECTOR_INTERCEPTS: dict[str, frozenset[str]] = {
    "crisis-services": frozenset({"0"}),
    "hospital-health": frozenset({"0"}),
    "ems-fire": frozenset({"0", "1"}),
    "law-enforcement": frozenset({"1"}),
    "dispatch-911": frozenset({"1"}),
    "courts": frozenset({"2", "3"}),
    "pretrial": frozenset({"2", "3"}),
    "defense": frozenset({"2", "3"}),
    "prosecution": frozenset({"2", "3"}),
    "jail": frozenset({"3", "4"}),
    "probation-parole": frozenset({"5"}),
    "behavioral-health": frozenset({"0", "4", "5"}),
    "substance-use-treatment": frozenset({"0", "3", "4", "5"}),
    "housing-homelessness": frozenset({"4", "5"}),
    "veterans": frozenset({CROSS_INTERCEPT}),
    "local-government": frozenset({CROSS_INTERCEPT}),
    "advocacy-family": frozenset({CROSS_INTERCEPT}),
    "peer-lived-experience": frozenset({CROSS_INTERCEPT, "0", "4"}),
    "community-faith": frozenset({CROSS_INTERCEPT, "0"}),
}

_ESTABLISH = re.compile(r"^(?:no|lack of|lacking|missing|absence of|there is no|without)\s+", re.IGNORECASE)
_EXPAND = re.compile(r"^(?:insufficient|limited|not enough|too few|few|inadequate|scarce)\s+", re.IGNORECASE)


def _lower_first(text: str) -> str:
    # Keep acronyms and names ("CIT", "NAMI", "911") as written.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def objective_text(cand: Candidate) -> str:
    """An objective from a candidate: "No X" gives "Establish X", "Limited X" "Expand X"."""
    title = " ".join(cand.title.split()).rstrip(".")
    for pattern, verb in ((_ESTABLISH, "Establish"), (_EXPAND, "Expand")):
        match = pattern.match(title)
        if match and title[match.end():]:
            return f"{verb} {_lower_first(title[match.end():])}"
    if not cand.gap_ids:
        return f"Make progress on: {_lower_first(title)}"
    return f"Close the gap: {_lower_first(title)}"


def planning_start(ws: Workshop, today: date | None = None) -> date:
    """The date the 30/60/90-day steps count from: the last workshop date, else today."""
    return max(ws.info.dates) if ws.info.dates else (today or date.today())


def _who(person: Participant | None) -> tuple[str, str | None]:
    if person is None:
        return "", None
    text = f"{person.name} ({person.organisation})" if person.organisation else person.name
    return text, person.id


class _Context:
    """Indexes built once per derivation: resources by point and intercept, voters by name."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.points = {p.id: p for p in ws.points}
        self.findings = {f.id: f for f in ws.findings}
        self.by_point: dict[str, list[Finding]] = {}
        self.by_intercept: dict[str, list[Finding]] = {}
        for res in ws.resources():
            if res.point_id:
                self.by_point.setdefault(res.point_id, []).append(res)
            self.by_intercept.setdefault(res.intercept, []).append(res)
        self.people = sorted(
            (p for p in ws.participants if not p.facilitator), key=lambda p: (p.name.casefold(), p.id)
        )

    def resources_for(self, points: list[str], intercepts: list[str]) -> list[Finding]:
        """Resources at the same points, else in the same intercepts; by title so order never matters."""
        found = [r for p in points for r in self.by_point.get(p, [])]
        if not found:
            found = [r for i in intercepts for r in self.by_intercept.get(i, [])]
        unique = {r.id: r for r in found}
        return sorted(unique.values(), key=lambda r: (r.title.casefold(), r.id))

    def fitting_people(self, intercepts: list[str], organisations: set[str]) -> list[Participant]:
        """Participants from the organisations involved first, then those whose sector works there."""
        wanted = set(intercepts)
        same_org = [p for p in self.people if p.organisation.strip().casefold() in organisations]
        by_sector = [
            p for p in self.people
            if p not in same_org and SECTOR_INTERCEPTS.get(sector_group(p.sector), frozenset()) & wanted
        ]
        return same_org + by_sector


def _place(ctx: _Context, points: list[str], intercepts: list[str]) -> str:
    titles = sorted((ctx.points[p].title for p in points), key=str.casefold)
    if titles:
        return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    if intercepts == [CROSS_INTERCEPT] or not intercepts:
        return "every intercept"
    return " and ".join(f"intercept {i} ({ctx.ws.scheme.label(i)})" for i in intercepts)


def _draft_plan(ctx: _Context, cand: Candidate, start: date) -> ActionPlan:
    points = candidate_points(ctx.ws, cand)
    intercepts = candidate_intercepts(ctx.ws, cand)
    gaps = [ctx.findings[g] for g in cand.gap_ids if g in ctx.findings]
    themes = {g.theme.strip().lower() for g in gaps if g.theme.strip()}
    resources = ctx.resources_for(points, intercepts)
    organisations = {ctx.points[p].organisation.strip().casefold() for p in points}
    organisations |= {g.organisation.strip().casefold() for g in gaps}
    organisations |= {r.organisation.strip().casefold() for r in resources}
    organisations.discard("")
    place = _place(ctx, points, intercepts)
    topic = "'" + " ".join(cand.title.split()).rstrip(".") + "'"
    people = ctx.fitting_people(intercepts, organisations)
    partner_orgs = sorted({p.organisation for p in people if p.organisation}, key=str.casefold)[:3]
    partners = ", ".join(partner_orgs) if partner_orgs else "the agencies involved"

    drafts: list[tuple[str, Participant | None]] = []
    if resources:
        res = resources[0]
        runs = res.organisation.strip().casefold()
        owner = next((p for p in people if runs and p.organisation.strip().casefold() == runs), None)
        if owner is None and people:
            owner = people[0]
        who_runs = res.organisation or "the people who run it"
        drafts.append((f"Build on {res.title}: ask {who_runs} how it can help with {topic}", owner))
    lived = [p for p in ctx.people if p.lived_experience]
    for n, strategy in enumerate(suitable_strategies(themes, set(intercepts), STEPS_PER_PLAN - len(drafts))):
        pool = lived if strategy.lived_experience and lived else people
        person = pool[(len(drafts) + n) % len(pool)] if pool else None
        drafts.append((strategy.text(topic, place, partners), person))

    steps = []
    for n, (text, person) in enumerate(drafts):
        who, who_id = _who(person)
        steps.append(ActionStep(
            id=new_id("step"), text=text, who=who, who_participant_id=who_id,
            when=start + timedelta(days=DAYS_BETWEEN_STEPS * (n + 1)),
        ))
    objective = Objective(id=new_id("objective"), text=objective_text(cand), steps=steps)
    return ActionPlan(id=new_id("plan"), candidate_id=cand.id, title=cand.title, objectives=[objective])


def derive_action_plans(
    ws: Workshop, top_n: int | None = None, today: date | None = None
) -> list[ActionPlan]:
    """Draft plans for the top ``top_n`` ranked candidates (default the workshop's), skipping planned ones."""
    count = ws.voting.top_n if top_n is None else max(0, top_n)
    planned = {p.candidate_id for p in ws.action_plans if p.candidate_id}
    candidates = {c.id: c for c in ws.voting.candidates}
    ctx = _Context(ws)
    start = planning_start(ws, today)
    plans = []
    for ranked in rank_candidates(ws)[:count]:
        if ranked.candidate_id not in planned:
            plans.append(_draft_plan(ctx, candidates[ranked.candidate_id], start))
    return plans


def derive_plans_edit(doc: Document, top_n: int | None = None, today: date | None = None) -> EditRecord:
    """Insert the drafted plans into the document; ``Document.revert`` takes them out again."""
    plans = derive_action_plans(doc.workshop, top_n, today)
    return doc.insert_all(("action_plans", plan) for plan in plans)
