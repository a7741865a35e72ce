"""A person's edits to an action plan's objectives and steps, made on a copy for one undoable update.

Steps live inside the plan, so an edit replaces the plan's ``objectives`` with an edited copy
(``Document.update`` then records the old list, and undo puts it back whole). A drafted objective or
step stays a draft until a person edits it: every edit here clears its ``drafted`` mark in the same
copy, so the same undo step restores the mark with the old text.
"""

from __future__ import annotations

from typing import Any

from .workshop import ActionPlan, ActionStep, Objective

# The fields of a step a person edits; editing any of them makes the step the person's own.
STEP_FIELDS = frozenset({"text", "who", "who_participant_id", "when", "when_text", "status", "notes"})


def objectives_copy(plan: ActionPlan) -> list[Objective]:
    """A deep copy of the plan's objectives, to edit and hand to ``Document.update``."""
    return [o.model_copy(deep=True) for o in plan.objectives]


def find_step(objectives: list[Objective], step_id: str) -> ActionStep | None:
    """The step with this id among ``objectives``, or None."""
    return next((s for o in objectives for s in o.steps if s.id == step_id), None)


def plan_item(objectives: list[Objective], item_id: str) -> Objective | ActionStep | None:
    """The objective or step with this id among ``objectives``, or None."""
    return next((o for o in objectives if o.id == item_id), None) or find_step(objectives, item_id)


def edited_step(plan: ActionPlan, step_id: str, fields: dict[str, Any]) -> list[Objective] | None:
    """The objectives with one step's fields changed by a person (no longer a draft); None when the
    step is not in the plan or nothing changes."""
    unknown = set(fields) - STEP_FIELDS
    if unknown:
        raise ValueError(f"not a field a person edits on a step: {sorted(unknown)}")
    objectives = objectives_copy(plan)
    step = find_step(objectives, step_id)
    if step is None or all(getattr(step, k) == v for k, v in fields.items()):
        return None
    for key, value in fields.items():
        setattr(step, key, value)
    step.drafted = False
    return objectives


def edited_objective_text(plan: ActionPlan, objective_id: str, text: str) -> list[Objective] | None:
    """The objectives with one objective reworded by a person (no longer a draft); None when it is not
    in the plan or the text is the same."""
    objectives = objectives_copy(plan)
    objective = next((o for o in objectives if o.id == objective_id), None)
    if objective is None or objective.text == text:
        return None
    objective.text = text
    objective.drafted = False
    return objectives


def accepted_draft(plan: ActionPlan, item_id: str) -> list[Objective] | None:
    """The objectives with one drafted objective or step adopted as it stands (no longer a draft);
    None when it is not in the plan or is no draft."""
    objectives = objectives_copy(plan)
    item = plan_item(objectives, item_id)
    if item is None or not item.drafted:
        return None
    item.drafted = False
    return objectives
