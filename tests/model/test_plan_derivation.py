"""Drafting action plans from the top-ranked candidates."""

from __future__ import annotations

from datetime import date, timedelta

from intercept_mapper.model import (
    ActionPlan,
    Candidate,
    DecisionPoint,
    Document,
    Finding,
    Participant,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.plan_derivation import (
    derive_action_plans,
    derive_plans_edit,
    planning_start,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.strategy_library import strategy
from tests.conftest import SAMPLES

TODAY = date(2026, 6, 1)


def small_workshop() -> Workshop:
    ws = new_workshop()
    ws.info.dates = [date(2026, 3, 5), date(2026, 3, 4)]
    ws.points = [
        DecisionPoint(id="p911", intercept="1", title="911 dispatch", organisation="County Communications"),
        DecisionPoint(id="pjail", intercept="3", title="County jail", organisation="County Jail"),
    ]
    ws.findings = [
        Finding(id="r1", kind="resource", intercept="1", title="Dispatch codes", point_id="p911",
                organisation="County Communications"),
        Finding(id="g1", kind="gap", intercept="1", title="No transfer protocol to 988", point_id="p911"),
        Finding(id="g2", kind="gap", intercept="3", title="Limited MOUD in jail", point_id="pjail",
                theme="treatment-capacity"),
        Finding(id="g3", kind="gap", intercept="5", title="Violations for missed appointments"),
    ]
    ws.participants = [
        Participant(id="pp-tom", name="Tom", organisation="County Communications", sector="dispatch-911"),
        Participant(id="pp-lee", name="Lee", organisation="City Police", sector="law-enforcement"),
        Participant(id="pp-sam", name="Sam", organisation="County Jail", sector="jail"),
        Participant(id="pp-ana", name="Ana", organisation="Peer Network", sector="peer-lived-experience",
                    lived_experience=True),
        Participant(id="pp-fac", name="Fay", organisation="TA Centre", sector="jail", facilitator=True),
    ]
    ws.voting.candidates = [
        Candidate(id="c1", title="No transfer protocol to 988", gap_ids=["g1"], votes={"tb-all": 9}),
        Candidate(id="c2", title="Limited MOUD in jail", gap_ids=["g2"], votes={"tb-all": 7}),
        Candidate(id="c3", title="Violations for missed appointments", gap_ids=["g3"], votes={"tb-all": 5}),
        Candidate(id="cx", title="Shared outcome data", intercepts=["X"], votes={"tb-all": 1}),
    ]
    return ws


def test_top_n_candidates_become_plans_in_rank_order() -> None:
    ws = small_workshop()
    plans = derive_action_plans(ws, top_n=2, today=TODAY)
    assert [(p.candidate_id, p.title) for p in plans] == [
        ("c1", "No transfer protocol to 988"), ("c2", "Limited MOUD in jail"),
    ]
    assert len({p.id for p in plans}) == 2 and all(p.id.startswith("ap-") for p in plans)
    ws.voting.top_n = 3
    assert [p.candidate_id for p in derive_action_plans(ws, today=TODAY)] == ["c1", "c2", "c3"]


def test_objectives_and_steps_come_from_the_strategy_for_each_gap() -> None:
    ws = small_workshop()
    plans = derive_action_plans(ws, top_n=4, today=TODAY)
    keys = ["911-988-transfer", "jail-moud", "community-supervision", "data-sharing"]
    for plan, key in zip(plans, keys, strict=True):
        [objective] = plan.objectives
        assert objective.text == strategy(key).objective and objective.drafted
        assert [s.text for s in objective.steps] == [d.text for d in strategy(key).steps]
        assert all(s.drafted for s in objective.steps)


def test_steps_name_who_from_the_sectors_needed_and_when_from_the_last_day() -> None:
    ws = small_workshop()
    plan = derive_action_plans(ws, top_n=1, today=TODAY)[0]
    steps = plan.objectives[0].steps
    assert len(steps) == 4
    assert steps[0].who == ("Tom (County Communications); a crisis-services provider (nobody from "
                            "crisis-services or behavioral-health took part)")
    assert steps[0].who_participant_id == "pp-tom"
    # 30, 60, 90 and 120 days after the last workshop date (dates are not in order in the file).
    assert [s.when for s in steps] == [date(2026, 3, 5) + timedelta(days=d) for d in (30, 60, 90, 120)]
    # Never the facilitator, never anyone outside the participants list.
    suggested = {s.who_participant_id for p in derive_action_plans(ws, top_n=4, today=TODAY)
                 for o in p.objectives for s in o.steps}
    assert "pp-fac" not in suggested and suggested <= {"pp-tom", "pp-lee", "pp-sam", "pp-ana", None}


def test_who_follows_the_sectors_each_step_needs() -> None:
    ws = small_workshop()
    plan = derive_action_plans(ws, top_n=2, today=TODAY)[1]  # MOUD in jail
    assert all(s.who_participant_id == "pp-sam" for s in plan.objectives[0].steps[:3])
    assert plan.objectives[0].steps[1].who == ("Sam (County Jail); a substance use treatment provider "
                                               "(nobody from substance-use-treatment or behavioral-health "
                                               "took part)")


def test_when_counts_from_today_without_workshop_dates() -> None:
    ws = small_workshop()
    ws.info.dates = []
    assert planning_start(ws, TODAY) == TODAY
    steps = derive_action_plans(ws, top_n=1, today=TODAY)[0].objectives[0].steps
    assert steps[0].when == TODAY + timedelta(days=30)


def test_candidates_with_a_plan_are_not_planned_twice_and_the_edit_reverts() -> None:
    ws = small_workshop()
    ws.action_plans = [ActionPlan(id="ap-old", candidate_id="c1", title="Ours")]
    doc = Document(ws)
    before = doc.workshop.model_dump()
    record = derive_plans_edit(doc, 2, today=TODAY)
    assert [p.candidate_id for p in doc.items("action_plans")] == ["c1", "c2"]
    assert doc.items("action_plans")[0].title == "Ours"
    assert derive_action_plans(doc.workshop, 2, today=TODAY) == []
    doc.revert(record)
    assert doc.workshop.model_dump() == before


def test_riverbend_sample_derives_plans_beyond_its_own_five() -> None:
    ws = load_workshop(SAMPLES / "riverbend.simmap")
    assert derive_action_plans(ws, today=TODAY) == []  # the sample's top five already have plans
    plans = derive_action_plans(ws, top_n=7, today=TODAY)
    assert len(plans) == 2
    for plan in plans:
        steps = plan.objectives[0].steps
        assert len(steps) == 4 and all(s.text and s.when and s.drafted for s in steps)
        people = {p.id for p in ws.participants}
        assert all(s.who_participant_id in people for s in steps if s.who_participant_id)
