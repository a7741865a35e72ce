"""Action steps in dependency order; cycles refused with a message that names them."""

from __future__ import annotations

import pytest

from intercept_mapper.model import ActionPlan, ActionStep, DocumentError, Objective
from intercept_mapper.model.step_order import (
    DependencyCycleError,
    check_dependencies,
    check_new_dependencies,
    find_dependency_cycle,
    steps_in_dependency_order,
)


def plan(*objectives: list[tuple[str, list[str]]]) -> ActionPlan:
    """A plan whose steps have id = text, given as (text, depends_on) per objective."""
    return ActionPlan(id="ap", title="Crisis unit", objectives=[
        Objective(id=f"o{n}", text=f"Objective {n}",
                  steps=[ActionStep(id=text, text=text, depends_on=deps) for text, deps in steps])
        for n, steps in enumerate(objectives)
    ])


def order(p: ActionPlan) -> list[str]:
    return [s.id for s in steps_in_dependency_order(p)]


def test_written_order_is_kept_without_dependencies() -> None:
    assert order(plan([("A", []), ("B", [])], [("C", [])])) == ["A", "B", "C"]


def test_a_step_comes_after_what_it_depends_on_and_is_otherwise_stable() -> None:
    p = plan([("Fund", ["Agree"]), ("Hire", ["Fund"]), ("Agree", []), ("Train", [])])
    assert order(p) == ["Agree", "Fund", "Hire", "Train"]
    # Dependencies across objectives count too.
    p = plan([("Open unit", ["Sign MOU"])], [("Sign MOU", []), ("Publicise", [])])
    assert order(p) == ["Sign MOU", "Open unit", "Publicise"]


def test_a_cycle_is_found_and_named_by_step_texts() -> None:
    p = plan([("A", ["B"]), ("B", ["C"]), ("C", ["A"]), ("D", [])])
    assert find_dependency_cycle(p) == ["A", "B", "C", "A"]
    with pytest.raises(DependencyCycleError) as err:
        steps_in_dependency_order(p)
    assert "'A' -> 'B' -> 'C' -> 'A'" in str(err.value) and "Crisis unit" in str(err.value)
    assert find_dependency_cycle(plan([("A", ["B"]), ("B", [])])) is None


def test_check_dependencies_names_the_cycle_and_missing_steps() -> None:
    p = plan([("A", ["B"]), ("B", ["A", "gone"]), ("C", ["C"])])
    messages = [problem.message for problem in check_dependencies(p, file="r.simmap")]
    assert "step 'B' depends on a step that is not in this plan (gone)" in messages
    assert "step 'C' depends on itself" in messages
    assert "steps depend on each other in a cycle: 'A' -> 'B' -> 'A'" in messages
    assert all(problem.field == "action plan 'Crisis unit'" for problem in check_dependencies(p))
    assert check_dependencies(plan([("A", []), ("B", ["A"])])) == []


def test_a_new_dependency_that_closes_a_cycle_is_refused_before_any_change() -> None:
    p = plan([("A", []), ("B", ["A"])])
    before = p.model_dump()
    with pytest.raises(DocumentError, match="'A' -> 'B' -> 'A'"):
        check_new_dependencies(p, "A", ["B"])
    with pytest.raises(DocumentError, match="missing step"):
        check_new_dependencies(p, "A", ["nope"])
    check_new_dependencies(p, "B", [])  # fine: no error
    assert p.model_dump() == before
