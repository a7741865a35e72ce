"""A person's edits to a plan: made on a copy, and a drafted objective or step is a draft no more."""

from __future__ import annotations

from datetime import date

import pytest

from intercept_mapper.model import ActionPlan, ActionStep, Document, Objective, new_workshop
from intercept_mapper.model.plan_edits import accepted_draft, edited_objective_text, edited_step


def drafted_plan() -> ActionPlan:
    return ActionPlan(id="ap1", title="Crisis unit", objectives=[
        Objective(id="o1", text="Open a unit", drafted=True, steps=[
            ActionStep(id="s1", text="Find funding", drafted=True, when=date(2026, 5, 1)),
            ActionStep(id="s2", text="Choose a site", drafted=True),
        ]),
    ])


@pytest.mark.parametrize(("fields"), [
    {"text": "Find county funding"}, {"who": "Ana", "who_participant_id": None}, {"when": date(2026, 6, 1)},
    {"status": "in-progress"}, {"notes": "Budget cycle in May"},
])
def test_editing_a_step_clears_its_draft_mark_only(fields: dict) -> None:
    plan = drafted_plan()
    objectives = edited_step(plan, "s1", fields)
    assert objectives is not None
    first, second = objectives[0].steps
    assert all(getattr(first, k) == v for k, v in fields.items())
    assert (first.drafted, second.drafted, objectives[0].drafted) == (False, True, True)
    assert plan.objectives[0].steps[0].drafted and plan.objectives[0].steps[0].text == "Find funding"


def test_no_change_and_unknown_items_give_nothing() -> None:
    plan = drafted_plan()
    assert edited_step(plan, "s1", {"text": "Find funding"}) is None
    assert edited_step(plan, "nope", {"text": "x"}) is None
    assert edited_objective_text(plan, "o1", "Open a unit") is None
    assert accepted_draft(plan, "nope") is None
    with pytest.raises(ValueError, match="drafted"):
        edited_step(plan, "s1", {"drafted": False})


def test_rewording_the_objective_and_adopting_a_step_as_it_stands() -> None:
    plan = drafted_plan()
    objectives = edited_objective_text(plan, "o1", "Open a crisis unit by 2027")
    assert objectives[0].drafted is False and objectives[0].steps[0].drafted
    adopted = accepted_draft(plan, "s2")
    assert adopted[0].steps[1].drafted is False and adopted[0].steps[1].text == "Choose a site"
    plan.objectives[0].steps[1].drafted = False
    assert accepted_draft(plan, "s2") is None  # no draft to adopt


def test_the_documents_update_and_revert_bring_the_mark_back() -> None:
    ws = new_workshop()
    ws.action_plans = [drafted_plan()]
    doc = Document(ws)
    plan = doc.get("action_plans", "ap1")
    old = doc.update("action_plans", "ap1", objectives=edited_step(plan, "s1", {"status": "done"}))
    assert doc.get("action_plans", "ap1").objectives[0].steps[0].drafted is False
    doc.update("action_plans", "ap1", **old)
    step = doc.get("action_plans", "ap1").objectives[0].steps[0]
    assert (step.drafted, step.status) == (True, "not-started")
