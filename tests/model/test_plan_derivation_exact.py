"""Drafted plans follow the gaps behind a priority, not only its own title.

Each test here failed on a mutant (a small deliberate change of ``model/plan_derivation.py``) that
``test_plan_derivation.py`` and ``test_drafted_plans.py`` let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from intercept_mapper.model.plan_derivation import candidate_strategy
from tests.drafting_workshop import drafting_workshop


def test_a_priority_with_a_wordless_title_is_drafted_from_its_gaps_words() -> None:
    ws = drafting_workshop()
    cand = next(c for c in ws.voting.candidates if c.id == "c-g-unit")
    cand.title = "Priority A"  # the gap still says "No crisis stabilisation unit"
    assert candidate_strategy(ws, cand).key == "crisis-stabilisation-unit"


def test_a_gap_with_no_telling_words_is_drafted_from_its_theme() -> None:
    ws = drafting_workshop()
    cand = next(c for c in ws.voting.candidates if c.id == "c-g-housing")
    cand.title = "Priority B"
    gap = ws.finding("g-housing")
    gap.title = "Gap B"  # only its theme, housing, tells
    assert candidate_strategy(ws, cand).key == "housing"


def test_the_organisations_involved_are_the_place_the_gaps_and_the_resources_nearby() -> None:
    from intercept_mapper.model import Candidate, DecisionPoint, Finding, new_workshop
    from intercept_mapper.model.plan_derivation import _Context
    from intercept_mapper.model.ranking import candidate_intercepts, candidate_points

    ws = new_workshop()
    ws.points = [DecisionPoint(id="pt-arrest", intercept="1", title="Arrest",
                               organisation="Sheriff's Office")]
    ws.findings = [
        Finding(id="g-at", kind="gap", intercept="1", title="No beds", organisation=" County Jail ",
                point_id="pt-arrest"),
        Finding(id="r-at", kind="resource", intercept="1", title="Shelter", organisation="Hope House",
                point_id="pt-arrest"),
        Finding(id="r-lane", kind="resource", intercept="2", title="Hotline", organisation="Crisis Line"),
        Finding(id="r-lane1", kind="resource", intercept="1", title="Outreach", organisation="Street Team"),
        Finding(id="g-lane", kind="gap", intercept="2", title="No court liaison"),
    ]
    at_point = Candidate(id="c-at", title="Beds", gap_ids=["g-at"])
    in_lane = Candidate(id="c-lane", title="Liaison", gap_ids=["g-lane"])
    ws.voting.candidates = [at_point, in_lane]
    ctx = _Context(ws)

    def involved(cand: Candidate) -> set[str]:
        return ctx.organisations(cand, candidate_points(ws, cand), candidate_intercepts(ws, cand))

    # The point, the gap and the resource at the point; the lane's resources (Street Team in lane 1) only
    # when none is nearby.
    assert involved(at_point) == {"sheriff's office", "county jail", "hope house"}
    assert involved(in_lane) == {"crisis line"}  # the gap names no organisation: nothing empty counts


def test_no_plans_are_drafted_for_a_top_of_zero_or_less() -> None:
    from intercept_mapper.model.plan_derivation import derive_action_plans

    ws = drafting_workshop()
    assert derive_action_plans(ws, top_n=0) == [] and derive_action_plans(ws, top_n=-2) == []
    assert len(derive_action_plans(ws, top_n=1)) == 1


def test_the_edit_counts_its_dates_from_the_day_given_when_the_workshop_has_none() -> None:
    from datetime import date, timedelta

    from intercept_mapper.model import Document
    from intercept_mapper.model.plan_derivation import derive_plans_edit

    ws = drafting_workshop()
    ws.info.dates = []
    doc = Document(ws)
    start = date(2031, 3, 3)
    derive_plans_edit(doc, top_n=1, today=start)
    step = doc.workshop.action_plans[-1].objectives[0].steps[0]
    assert step.when is not None and start <= step.when <= start + timedelta(days=365)
