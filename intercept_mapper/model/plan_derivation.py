"""Drafting action plans for the top-ranked priorities, specific to each gap, for a committee to adopt.

Each priority is matched to the strategy of the library that answers it (``strategy_match.py``: its
words, its theme, its intercepts), and its plan gets that strategy's objective and steps: for "No crisis
stabilisation unit" a funding source, a site, a law-enforcement drop-off protocol and hours of
operation. A priority no strategy fits gets the clearly labelled general planning draft. Each step's
"who" names the participants from the sectors the step needs, or says that nobody from a sector took
part (``plan_partners.py``); its "when" counts the step's usual days from the last workshop date.
Objectives and steps are marked ``drafted`` until a person edits them.
"""

from __future__ import annotations

from datetime import date, timedelta

from .document import Document, EditRecord
from .ids import new_id
from .plan_partners import PartnerFinder
from .ranking import candidate_intercepts, candidate_points, rank_candidates
from .strategy_library import Strategy
from .strategy_match import match_strategy
from .workshop import ActionPlan, ActionStep, Candidate, Objective, Workshop


def planning_start(ws: Workshop, today: date | None = None) -> date:
    """The date the drafted steps count from: the last workshop date, else today."""
    return max(ws.info.dates) if ws.info.dates else (today or date.today())


def candidate_strategy(ws: Workshop, cand: Candidate) -> Strategy:
    """The library strategy a candidate priority is drafted from (its gaps' words, themes, intercepts)."""
    gaps = [g for g in (ws.finding(gid) for gid in cand.gap_ids) if g is not None]
    titles = dict.fromkeys([cand.title, *(g.title for g in gaps)])
    descriptions = dict.fromkeys([cand.description, *(g.description for g in gaps)])
    return match_strategy(" . ".join(titles), " . ".join(d for d in descriptions if d.strip()),
                          [g.theme for g in gaps], candidate_intercepts(ws, cand))


class _Context:
    """What every plan of one derivation shares: the findings, the points and the partners."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.points = {p.id: p for p in ws.points}
        self.findings = {f.id: f for f in ws.findings}
        self.resources_by_point: dict[str, list[str]] = {}
        self.resources_by_intercept: dict[str, list[str]] = {}
        for res in ws.resources():
            if res.point_id:
                self.resources_by_point.setdefault(res.point_id, []).append(res.organisation)
            self.resources_by_intercept.setdefault(res.intercept, []).append(res.organisation)
        self.partners = PartnerFinder(ws)

    def organisations(self, cand: Candidate, points: list[str], intercepts: list[str]) -> set[str]:
        """Organisations involved in a priority (casefolded): the places, the gaps, resources nearby."""
        found = [self.points[p].organisation for p in points if p in self.points]
        found += [self.findings[g].organisation for g in cand.gap_ids if g in self.findings]
        nearby = [o for p in points for o in self.resources_by_point.get(p, [])]
        found += nearby or [o for i in intercepts for o in self.resources_by_intercept.get(i, [])]
        return {o.strip().casefold() for o in found} - {""}


def _draft_plan(ctx: _Context, cand: Candidate, start: date) -> ActionPlan:
    points = candidate_points(ctx.ws, cand)
    intercepts = candidate_intercepts(ctx.ws, cand)
    strategy = candidate_strategy(ctx.ws, cand)
    organisations = ctx.organisations(cand, points, intercepts)
    steps = []
    for draft in strategy.steps:
        who, who_id = ctx.partners.who(draft.sectors, organisations, intercepts)
        steps.append(ActionStep(
            id=new_id("step"), text=draft.text, who=who, who_participant_id=who_id,
            when=start + timedelta(days=draft.days), drafted=True,
        ))
    objective = Objective(id=new_id("objective"), text=strategy.objective, steps=steps, drafted=True)
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
