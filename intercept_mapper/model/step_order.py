"""Action steps that depend on other steps: listing them in dependency order and refusing cycles.

Dependencies (``ActionStep.depends_on``) are ids of steps in the same plan, across its objectives.
"""

from __future__ import annotations

import heapq

from .document import DocumentError
from .problems import Problem
from .workshop import ActionPlan, ActionStep


class DependencyCycleError(DocumentError):
    """Steps that depend on each other in a circle; the message names the cycle by step texts."""

    def __init__(self, plan: ActionPlan, cycle: list[str]) -> None:
        self.cycle = cycle
        cycle_text = describe_cycle(plan, cycle)
        super().__init__(f"steps of '{plan.title}' depend on each other in a cycle: {cycle_text}")


def plan_steps(plan: ActionPlan) -> list[ActionStep]:
    """Every step of a plan, objective by objective, in the order written."""
    return [step for objective in plan.objectives for step in objective.steps]


def _step_texts(plan: ActionPlan) -> dict[str, str]:
    return {s.id: s.text for s in plan_steps(plan)}


def describe_cycle(plan: ActionPlan, cycle: list[str]) -> str:
    """A cycle of step ids as ``'A' -> 'B' -> 'A'``, by step text."""
    texts = _step_texts(plan)
    return " -> ".join(f"'{texts.get(step_id, step_id)}'" for step_id in cycle)


def find_dependency_cycle(plan: ActionPlan) -> list[str] | None:
    """Step ids around a cycle, first id repeated at the end (``[a, b, a]``), or None."""
    steps = plan_steps(plan)
    known = {s.id for s in steps}
    deps = {s.id: [d for d in s.depends_on if d in known] for s in steps}
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in (s.id for s in steps):  # written order, so the same plan always names the same cycle
        if state.get(start):
            continue
        path: list[str] = [start]
        iters = [iter(deps[start])]
        state[start] = 1
        while path:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(deps[nxt]))
    return None


def steps_in_dependency_order(plan: ActionPlan) -> list[ActionStep]:
    """Steps with each after those it depends on; otherwise the written order. Raises on a cycle."""
    cycle = find_dependency_cycle(plan)
    if cycle:
        raise DependencyCycleError(plan, cycle)
    steps = plan_steps(plan)
    position = {s.id: n for n, s in enumerate(steps)}
    waiting_on = {s.id: {d for d in s.depends_on if d in position and d != s.id} for s in steps}
    needed_by: dict[str, list[str]] = {s.id: [] for s in steps}
    for step_id, deps in waiting_on.items():
        for dep in deps:
            needed_by[dep].append(step_id)
    ready = [position[s] for s, deps in waiting_on.items() if not deps]
    heapq.heapify(ready)
    ordered: list[ActionStep] = []
    while ready:
        step = steps[heapq.heappop(ready)]
        ordered.append(step)
        for later in needed_by[step.id]:
            waiting_on[later].discard(step.id)
            if not waiting_on[later]:
                heapq.heappush(ready, position[later])
    return ordered


def check_dependencies(plan: ActionPlan, file: str = "") -> list[Problem]:
    """Problems with a plan's dependencies: a cycle (named by step texts) and steps that are missing."""
    problems = []
    texts = _step_texts(plan)
    where = f"action plan '{plan.title}'"
    for step in plan_steps(plan):
        for dep in step.depends_on:
            if dep not in texts:
                problems.append(Problem(
                    f"step '{step.text}' depends on a step that is not in this plan ({dep})",
                    file=file, field=where,
                ))
            elif dep == step.id:
                problems.append(Problem(f"step '{step.text}' depends on itself", file=file, field=where))
    cycle = find_dependency_cycle(plan)
    if cycle and len(cycle) > 2:
        problems.append(Problem(
            f"steps depend on each other in a cycle: {describe_cycle(plan, cycle)}", file=file, field=where,
        ))
    return problems


def check_new_dependencies(plan: ActionPlan, step_id: str, depends_on: list[str]) -> None:
    """Raise ``DocumentError`` if these dependencies for ``step_id`` would make a cycle or miss a step."""
    trial = plan.model_copy(deep=True)
    texts = _step_texts(trial)
    for dep in depends_on:
        if dep not in texts:
            text = texts.get(step_id, step_id)
            raise DocumentError(f"step '{text}' cannot depend on a missing step ({dep})")
    for objective in trial.objectives:
        for step in objective.steps:
            if step.id == step_id:
                step.depends_on = list(depends_on)
    cycle = find_dependency_cycle(trial)
    if cycle:
        if step_id in cycle[:-1]:  # name the cycle from the step being edited: it is the one that closes it
            start = cycle.index(step_id)
            cycle = cycle[start:-1] + cycle[:start] + [step_id]
        raise DependencyCycleError(trial, cycle)
