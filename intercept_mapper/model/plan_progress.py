"""Committee follow-up: which action steps are overdue, and how far each priority's plan has got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .workshop import ActionPlan, ActionStep, Workshop


def is_overdue(step: ActionStep, today: date) -> bool:
    """True for a step whose date has passed and that is not done."""
    return step.when is not None and step.when < today and step.status != "done"


def overdue_steps(ws: Workshop, today: date) -> list[tuple[ActionPlan, ActionStep]]:
    """Every overdue step with its plan, plan by plan and step by step as written."""
    return [
        (plan, step)
        for plan in ws.action_plans
        for objective in plan.objectives
        for step in objective.steps
        if is_overdue(step, today)
    ]


@dataclass
class PlanProgress:
    """Step counts for one plan; ``overdue`` counts steps past their date and not done (any status)."""

    plan_id: str
    title: str
    total: int
    done: int
    in_progress: int
    blocked: int
    not_started: int
    overdue: int

    def summary(self) -> str:
        """``2 of 5 done, 1 in progress, 1 overdue``: the line a committee reads out."""
        parts = [f"{self.done} of {self.total} done"]
        for count, label in ((self.in_progress, "in progress"), (self.blocked, "blocked"),
                             (self.overdue, "overdue")):
            if count:
                parts.append(f"{count} {label}")
        return ", ".join(parts)


def plan_progress(plan: ActionPlan, today: date) -> PlanProgress:
    """Progress of one plan against ``today``."""
    steps = [s for o in plan.objectives for s in o.steps]
    count = {status: sum(1 for s in steps if s.status == status)
             for status in ("done", "in-progress", "blocked", "not-started")}
    return PlanProgress(
        plan_id=plan.id,
        title=plan.title,
        total=len(steps),
        done=count["done"],
        in_progress=count["in-progress"],
        blocked=count["blocked"],
        not_started=count["not-started"],
        overdue=sum(1 for s in steps if is_overdue(s, today)),
    )


def progress_by_plan(ws: Workshop, today: date) -> list[PlanProgress]:
    """Progress of every plan, in document order."""
    return [plan_progress(plan, today) for plan in ws.action_plans]
