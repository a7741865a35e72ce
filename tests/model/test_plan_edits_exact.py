"""A person's rewording of an objective, held exactly (issue 20): the new words are what the copy
holds, and an objective not in the plan gives nothing rather than an error."""

from __future__ import annotations

from intercept_mapper.model import ActionPlan, Objective
from intercept_mapper.model.plan_edits import edited_objective_text


def _plan() -> ActionPlan:
    return ActionPlan(id="ap1", title="Housing", objectives=[
        Objective(id="o1", text="Find landlords", drafted=True),
        Objective(id="o2", text="Fund vouchers", drafted=True),
    ])


def test_rewording_an_objective_puts_the_new_words_in_the_copy_only() -> None:
    plan = _plan()
    objectives = edited_objective_text(plan, "o2", "Fund 40 vouchers by June")
    assert [(o.text, o.drafted) for o in objectives] == [("Find landlords", True),
                                                          ("Fund 40 vouchers by June", False)]
    assert plan.objectives[1].text == "Fund vouchers" and plan.objectives[1].drafted


def test_rewording_an_objective_not_in_the_plan_gives_nothing() -> None:
    assert edited_objective_text(_plan(), "o9", "Anything") is None
    assert edited_objective_text(ActionPlan(id="ap2", title="Empty"), "o1", "Anything") is None
