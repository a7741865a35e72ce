"""Action plans in ``compare``: which plans and steps match, and the exact "what changed" notes of the
priorities they belong to (bench/README.md, "Mutation testing", sixth run (mutJ)): the older tests
held one plan a priority and read only a few notes."""

from __future__ import annotations

from intercept_mapper.model import ActionPlan, ActionStep, Candidate, Objective, Participant, new_workshop
from intercept_mapper.model.compare import (
    ParticipantChange,
    PlanChange,
    Renamed,
    StepChange,
    StepCompleted,
    compare_workshops,
    similarity,
)
from intercept_mapper.model.workshop import Workshop


def _plan(plan_id: str, candidate_id: str | None, title: str,
          *objectives: tuple[str, list[str]], done: tuple[str, ...] = ()) -> ActionPlan:
    """A plan whose step ids are their texts (so a test names a step once); ``done`` steps are done."""
    return ActionPlan(id=plan_id, candidate_id=candidate_id, title=title, objectives=[
        Objective(id=f"{plan_id}-o{n}", text=text, steps=[
            ActionStep(id=step, text=step, who="Ana", status="done" if step in done else "in-progress")
            for step in steps])
        for n, (text, steps) in enumerate(objectives)])


def _voting() -> Workshop:
    ws = new_workshop(title="Plans")
    ws.voting.candidates = [Candidate(id="c-A", title="Crisis beds", votes={"tb-all": 5}),
                            Candidate(id="c-B", title="Jail reentry", votes={"tb-all": 3}),
                            Candidate(id="c-C", title="Peer support", votes={"tb-all": 2})]
    return ws


def test_every_note_says_how_many_plans_objectives_and_steps_came_and_went() -> None:
    old = _voting()
    old.action_plans = [
        _plan("pC", "c-C", "Peers", ("Hire peers", ["Find a site", "Hire staff"]),
              ("Train staff", ["Book trainer"])),
        _plan("pA", "c-A", "Beds", ("Open beds", ["Lease rooms", "Buy beds"]),
              ("Run beds", ["Roster nurses"]))]
    new = old.model_copy(deep=True)
    new.action_plans = [
        _plan("pB1", "c-B", "Reentry", ("Meet the sheriff", ["Call the jail"])),
        _plan("pB2", "c-B", "Reentry housing"),
        _plan("pC", "c-C", "Peers", ("Hire peers", ["Find a site"]), ("Fund it", ["Write grant"]),
              ("Tell the public", ["Press release"]))]
    result = compare_workshops(old, new)
    notes = {p.title: p.note for p in result.priorities_changed}
    assert notes == {
        "Crisis beds": "action plan lost (2 objectives, 3 action steps)",
        "Jail reentry": "2 action plans added (1 objective, 1 action step)",
        "Peer support": "1 objective lost, 2 objectives added, 2 action steps lost, 2 action steps added"}
    assert result.plans_removed == [PlanChange("pA", "Beds", "Crisis beds", 2, 3)]
    assert result.plans_added == [PlanChange("pB1", "Reentry", "Jail reentry", 1, 1),
                                  PlanChange("pB2", "Reentry housing", "Jail reentry", 0, 0)]
    # Steps of a lost or added plan first (with_plan), then the steps of the plans kept.
    assert result.steps_removed == [
        StepChange("Lease rooms", "Beds", "Open beds", "Lease rooms", "Ana", "in-progress", True),
        StepChange("Buy beds", "Beds", "Open beds", "Buy beds", "Ana", "in-progress", True),
        StepChange("Roster nurses", "Beds", "Run beds", "Roster nurses", "Ana", "in-progress", True),
        StepChange("Hire staff", "Peers", "Hire peers", "Hire staff", "Ana", "in-progress", False),
        StepChange("Book trainer", "Peers", "Train staff", "Book trainer", "Ana", "in-progress", False)]
    assert result.steps_added == [
        StepChange("Call the jail", "Reentry", "Meet the sheriff", "Call the jail", "Ana", "in-progress",
                   True),
        StepChange("Write grant", "Peers", "Fund it", "Write grant", "Ana", "in-progress", False),
        StepChange("Press release", "Peers", "Tell the public", "Press release", "Ana", "in-progress", False)]


def test_a_plan_added_beside_a_kept_one_and_a_second_plan_lost_are_not_matched_to_the_kept_one() -> None:
    """Matching through the priority looks only at plans still unmatched on both sides."""
    old = _voting()
    old.action_plans = [_plan("p1", "c-A", "Beds", ("Open beds", ["Lease rooms"])),
                        _plan("p2", "c-B", "Reentry", ("Meet", ["Call the jail"])),
                        _plan("p3", "c-B", "Reentry housing", ("House", ["Find flats"]))]
    new = old.model_copy(deep=True)
    # p1 is kept by its id (its title changed too): p9, of the same priority, is a plan added.
    new.action_plans = [_plan("p1", "c-A", "Beds, first site", ("Open beds", ["Lease rooms"])),
                        _plan("p9", "c-A", "Beds, second site", ("Open more", ["Lease a ward"])),
                        _plan("p2", "c-B", "Reentry", ("Meet", ["Call the jail"]))]
    result = compare_workshops(old, new)
    assert result.plans_added == [PlanChange("p9", "Beds, second site", "Crisis beds", 1, 1)]
    assert result.plans_removed == [PlanChange("p3", "Reentry housing", "Jail reentry", 1, 1)]
    assert {p.title: p.note for p in result.priorities_changed} == {
        "Crisis beds": "action plan added (1 objective, 1 action step)",
        "Jail reentry": "action plan lost (1 objective, 1 action step)"}


def test_after_a_plan_kept_by_id_the_next_is_matched_through_its_priority() -> None:
    old = _voting()
    old.action_plans = [_plan("p1", "c-A", "Beds", ("Open beds", ["Lease rooms"])),
                        _plan("p2", "c-B", "Reentry", ("Meet", ["Call the jail"]))]
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("p1", "c-A", "Beds", ("Open beds", ["Lease rooms"])),
                        _plan("q2", "c-B", "Leaving jail", ("Meet", ["Call the jail"]))]
    result = compare_workshops(old, new)
    assert result.plans_added == [] and result.plans_removed == [] and result.priorities_changed == []


def test_plans_of_no_priority_are_matched_by_title_in_other_spelling_not_by_order() -> None:
    old = new_workshop(title="Plans")
    old.action_plans = [_plan("p1", None, "Beds plan", ("Open", ["Lease rooms"])),
                        _plan("p2", None, "Reentry plan", ("Meet", ["Call the jail"]))]
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("q2", None, "reentry plan.", ("Meet", ["Call the jail"])),
                        _plan("q1", None, "Beds  Plan", ("Open", ["Lease rooms"]))]
    result = compare_workshops(old, new)
    assert result.is_empty()
    assert result.renamed == []


def test_a_renamed_plan_is_recorded_whole() -> None:
    old = new_workshop(title="Plans")
    old.action_plans = [_plan("p1", None, "Crisis beds plan", ("Open", ["Lease rooms"]))]
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("q1", None, "Crisis beds plans", ("Open", ["Lease rooms"]))]
    result = compare_workshops(old, new)
    assert result.renamed == [Renamed("plan", "q1", "Crisis beds plan", "Crisis beds plans", "",
                                      similarity("Crisis beds plan", "Crisis beds plans"))]
    assert result.plans_added == [] and result.plans_removed == []


def test_a_reworded_step_is_one_step_renamed_in_its_plan() -> None:
    old = new_workshop(title="Plans")
    old.action_plans = [_plan("p1", None, "Beds", ("Open", ["Lease rooms at the hospital", "Hire staff"]))]
    new = old.model_copy(deep=True)
    new.action_plans[0].objectives[0].steps[0] = ActionStep(id="s9", text="Lease the rooms at the hospital")
    result = compare_workshops(old, new)
    before, now = "Lease rooms at the hospital", "Lease the rooms at the hospital"
    assert result.renamed == [Renamed("step", "s9", before, now, "Beds", similarity(before, now))]
    assert result.steps_removed == [] and result.steps_added == []


def test_steps_done_in_a_new_plan_are_completed_since_the_older_file() -> None:
    old = new_workshop(title="Plans")
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("p1", None, "Beds", ("Open", ["Lease rooms", "Hire staff"]),
                              done=("Hire staff",))]
    result = compare_workshops(old, new)
    assert result.steps_completed == [StepCompleted("Beds", "Open", "Hire staff", "Ana", "")]


def test_participants_gone_and_new_are_recorded_with_id_and_sector() -> None:
    old = new_workshop(title="People")
    old.participants = [Participant(id="u1", name="Ada Lee", organisation="Court", sector="courts")]
    new = new_workshop(title="People")
    new.participants = [Participant(id="u2", name="Bo Chan", organisation="Jail", sector="corrections")]
    result = compare_workshops(old, new)
    assert result.participants_removed == [ParticipantChange("u1", "Ada Lee", "Court", "courts")]
    assert result.participants_added == [ParticipantChange("u2", "Bo Chan", "Jail", "corrections")]


def test_objectives_lost_and_added_are_counted_in_words() -> None:
    old = _voting()
    old.action_plans = [_plan("p1", "c-A", "Beds", ("Open beds", ["Lease rooms"]), ("Staff beds", []),
                              ("Fund beds", []))]
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("p1", "c-A", "Beds", ("Open beds", ["Lease rooms"]), ("Evaluate", []))]
    result = compare_workshops(old, new)
    assert [(p.title, p.note) for p in result.priorities_changed] == [
        ("Crisis beds", "2 objectives lost, 1 objective added")]
