"""Committee follow-up against a fixed date: overdue steps and progress per plan."""

from __future__ import annotations

from datetime import date

from intercept_mapper.model import ActionPlan, ActionStep, Objective, new_workshop
from intercept_mapper.model.plan_progress import overdue_steps, progress_by_plan

TODAY = date(2026, 9, 1)


def workshop():
    ws = new_workshop()
    ws.action_plans = [
        ActionPlan(id="ap1", title="Crisis unit", objectives=[
            Objective(id="o1", text="Open it", steps=[
                ActionStep(id="s1", text="Past, done", when=date(2026, 5, 1), status="done"),
                ActionStep(id="s2", text="Past, in progress", when=date(2026, 6, 1), status="in-progress"),
                ActionStep(id="s3", text="Due today", when=TODAY),
            ]),
            Objective(id="o2", text="Fund it", steps=[
                ActionStep(id="s4", text="Past, blocked", when=date(2026, 8, 31), status="blocked"),
                ActionStep(id="s5", text="No date"),
            ]),
        ]),
        ActionPlan(id="ap2", title="Empty plan"),
    ]
    return ws


def test_overdue_is_past_its_date_and_not_done() -> None:
    ws = workshop()
    assert [(p.id, s.id) for p, s in overdue_steps(ws, TODAY)] == [("ap1", "s2"), ("ap1", "s4")]
    assert overdue_steps(ws, date(2026, 1, 1)) == []


def test_progress_per_plan() -> None:
    first, empty = progress_by_plan(workshop(), TODAY)
    assert (first.plan_id, first.title, first.total, first.done, first.in_progress, first.blocked,
            first.not_started, first.overdue) == ("ap1", "Crisis unit", 5, 1, 1, 1, 2, 2)
    assert first.summary() == "1 of 5 done, 1 in progress, 1 blocked, 2 overdue"
    assert (empty.total, empty.overdue, empty.summary()) == (0, 0, "0 of 0 done")
