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


def test_messages_name_steps_by_their_text_and_the_file() -> None:
    # Ids are not texts here (the plans above use one for the other, which hides a message by id).
    p = ActionPlan(id="ap", title="Crisis unit", objectives=[Objective(id="o", text="Open", steps=[
        ActionStep(id="s1", text="Agree", depends_on=["s2"]),
        ActionStep(id="s2", text="Fund", depends_on=["s1", "gone"]),
        ActionStep(id="s3", text="Hire", depends_on=["s3"]),
    ])])
    problems = check_dependencies(p, file="r.simmap")
    assert [problem.message for problem in problems] == [
        "step 'Fund' depends on a step that is not in this plan (gone)",
        "step 'Hire' depends on itself",
        "steps depend on each other in a cycle: 'Agree' -> 'Fund' -> 'Agree'",
    ]
    assert all(problem.file == "r.simmap" for problem in problems)
    # A step that depends only on itself is said once, not again as a cycle.
    alone = ActionPlan(id="ap", title="Solo", objectives=[Objective(id="o", text="Open", steps=[
        ActionStep(id="s1", text="Agree", depends_on=["s1"])])])
    assert [problem.message for problem in check_dependencies(alone)] == ["step 'Agree' depends on itself"]


def test_a_refused_new_dependency_names_the_cycle_from_the_edited_step_by_text() -> None:
    p = ActionPlan(id="ap", title="Crisis unit", objectives=[Objective(id="o", text="Open", steps=[
        ActionStep(id="s1", text="Agree", depends_on=["s2"]),
        ActionStep(id="s2", text="Fund"),
        ActionStep(id="s3", text="Hire", depends_on=["s1"]),
    ])])
    with pytest.raises(DependencyCycleError) as err:
        check_new_dependencies(p, "s2", ["s3"])  # found from s1 in written order; told from s2
    assert err.value.cycle == ["s2", "s3", "s1", "s2"]
    assert str(err.value) == ("steps of 'Crisis unit' depend on each other in a cycle: "
                              "'Fund' -> 'Hire' -> 'Agree' -> 'Fund'")
    with pytest.raises(DocumentError) as missing:
        check_new_dependencies(p, "s2", ["nope"])
    assert str(missing.value) == "step 'Fund' cannot depend on a missing step (nope)"


def test_a_cycle_closed_by_the_last_step_on_its_path_is_named_from_that_step() -> None:
    """Found from the first step in written order; told from the one whose edit closes it, even when last."""
    p = ActionPlan(id="ap", title="Crisis unit", objectives=[Objective(id="o", text="Open", steps=[
        ActionStep(id="s1", text="Agree", depends_on=["s2"]),
        ActionStep(id="s2", text="Fund", depends_on=["s3"]),
        ActionStep(id="s3", text="Hire"),
    ])])
    with pytest.raises(DependencyCycleError) as err:
        check_new_dependencies(p, "s3", ["s1"])
    assert err.value.cycle == ["s3", "s1", "s2", "s3"]
    assert str(err.value).endswith("'Hire' -> 'Agree' -> 'Fund' -> 'Hire'")


def test_problems_name_no_file_when_none_is_given() -> None:
    problems = check_dependencies(plan([("A", ["A"]), ("B", ["gone"])]))
    assert len(problems) == 2 and all(problem.file == "" for problem in problems)


def test_a_cycle_away_from_the_first_steps_is_found() -> None:
    # The first steps are already visited when their turn comes: the search goes on past them.
    later = plan([("A", ["B"]), ("B", []), ("C", ["D"]), ("D", ["C"])])
    assert find_dependency_cycle(later) == ["C", "D", "C"]
    # A cycle that the first step leads into but is not part of.
    assert find_dependency_cycle(plan([("A", ["B"]), ("B", ["C"]), ("C", ["B"])])) == ["B", "C", "B"]


def test_a_dependency_on_a_step_no_longer_in_the_plan_does_not_hold_the_step_back() -> None:
    assert order(plan([("A", ["gone"]), ("B", ["A"])], [("C", ["B", "also gone"])])) == ["A", "B", "C"]


def test_steps_that_share_dependencies_are_each_visited_once() -> None:
    # 40 diamonds in a row: a search that walked every path would take 2**40 steps.
    steps: list[tuple[str, list[str]]] = [("s0", [])]
    for n in range(40):
        top = steps[-1][0]
        steps += [(f"l{n}", [top]), (f"r{n}", [top]), (f"s{n + 1}", [f"l{n}", f"r{n}"])]
    p = plan(steps)
    assert find_dependency_cycle(p) is None
    assert order(p)[-1] == "s40"
