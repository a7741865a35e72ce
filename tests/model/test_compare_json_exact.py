"""The JSON records of ``compare --json`` for renamed items, plans, steps and participants, key by key
(bench/README.md, "Mutation testing", sixth run (mutI)): the old tests read only some of their fields."""

from __future__ import annotations

from intercept_mapper.model.compare import ParticipantChange, PlanChange, Renamed, StepChange


def test_a_renamed_item_is_written_whole_with_its_ratio_to_two_places() -> None:
    renamed = Renamed(kind="gap", id="g1", old_title="No beds", title="No crisis beds", where="2",
                      similarity=0.83456)
    assert renamed.as_json() == {"kind": "gap", "id": "g1", "old_title": "No beds", "title": "No crisis beds",
                                 "where": "2", "similarity": 0.83}


def test_a_plan_step_and_participant_are_written_whole() -> None:
    assert PlanChange(id="a1", title="Beds", priority="Crisis beds", objectives=2, steps=5).as_json() == {
        "id": "a1", "title": "Beds", "priority": "Crisis beds", "objectives": 2, "steps": 5}
    step = StepChange(id="s1", plan="Beds", objective="Open", text="Find a site", who="Ana", status="done",
                      with_plan=True)
    assert step.as_json() == {"id": "s1", "plan": "Beds", "objective": "Open", "text": "Find a site",
                              "who": "Ana", "status": "done", "with_plan": True}
    person = ParticipantChange(id="u1", name="Ana", organisation="Court", sector="courts")
    assert person.as_json() == {"id": "u1", "name": "Ana", "organisation": "Court", "sector": "courts"}
