"""Action plans CSV held exactly: the header's columns wherever they sit, the row limit at its count,
refusals said whole, a workbook's plans sheet found by name, and each row's values as imported.

Each test here failed on a mutant (a small deliberate change of ``model/plans_csv.py``) that the plans
tests before it let pass; see bench/README.md, "Mutation testing", fifth run (mutD).
"""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError, new_workshop, plans_csv
from intercept_mapper.model.plans_csv import apply_plans, parse_plans, plan_rows, plans_csv_bytes
from intercept_mapper.model.workshop import ActionPlan, ActionStep, Candidate, Objective, Workshop
from tests.model.test_worksheet_xlsx import book


def problems_of(data: bytes, source: str = "p.csv") -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_plans(data, source)
    return [str(p) for p in caught.value.problems]


def test_a_plan_whose_candidate_is_gone_writes_no_candidate_title() -> None:
    ws = new_workshop()
    ws.action_plans = [ActionPlan(id="a1", title="Housing", candidate_id="gone")]
    assert [(r["priority"], r["candidate_title"]) for r in plan_rows(ws)] == [("Housing", "")]


def test_a_workbook_is_read_from_its_plans_sheet_wherever_it_sits() -> None:
    data = book(("worksheet", [["intercept", "kind", "title"], ["1", "gap", "Housing"]]),
                ("plans", [["priority", "objective", "step"], ["Housing", "Open beds", "Sign the lease"]]))
    assert [(r.priority, r.objective, r.step) for r in parse_plans(data, "w.xlsx").rows] == [
        ("Housing", "Open beds", "Sign the lease")]


def test_a_semicolon_file_is_read_by_its_known_columns_not_by_its_count_of_cells() -> None:
    # Read by commas this header gives five cells, by semicolons four: the known names decide.
    data = b"priority;objective;step;notes (links, dates, names, places)\r\nHousing;Open beds;Sign;x\r\n"
    assert [(r.priority, r.step) for r in parse_plans(data, "p.csv").rows] == [("Housing", "Sign")]


def test_columns_after_an_empty_header_cell_are_read() -> None:
    rows = parse_plans(b"priority,,objective,step,status\r\nHousing,,Open beds,Sign,done\r\n", "p.csv").rows
    assert [(r.priority, r.objective, r.step, r.values) for r in rows] == [
        ("Housing", "Open beds", "Sign", {"status": "done"})]


def test_the_row_limit_takes_a_file_at_it_and_refuses_one_past_it_naming_the_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plans_csv, "MAX_ITEMS", 2)
    header = b"priority,objective,step\r\n"
    assert len(parse_plans(header + b"A,o,s\r\nB,o,s\r\n", "p.csv").rows) == 2
    assert problems_of(header + b"A,o,s\r\nB,o,s\r\nC,o,s\r\n") == [
        "p.csv: the file has 3 rows; at most 2 are allowed (see Limits in the README)"]


def test_every_refusal_of_a_row_is_said_whole_with_its_file_line_and_field() -> None:
    long_step = "s" * 20_001
    data = ("priority,objective,step,who,when,status,notes\r\n"
            f"Housing,Open beds,{long_step},,,,\r\n"
            "Housing,,Sign the lease,,,,\r\n"
            "Housing,Open beds,Sign,,46157,,\r\n"
            "Housing,Open beds,Sign,,,finished,\r\n"
            "Housing,Open beds,,Kevin,,done,\r\n").encode()
    assert problems_of(data) == [
        "p.csv:2: step: the step is 20,001 characters long; at most 20,000 are allowed",
        "p.csv:3: objective: the objective is empty: a step belongs to an objective",
        "p.csv:4: when: '46157' looks like a spreadsheet's date number, not a date: format the column as "
        "text (or as a date), e.g. 2026-06-30",
        "p.csv:5: status: 'finished' is not a status (use not-started, in-progress, done, blocked)",
        "p.csv:6: step: the step is empty but who, status is filled in (they describe a step: write its "
        "text)",
    ]


def test_a_date_number_is_told_even_with_spaces_around_it() -> None:
    assert problems_of(b"priority,objective,step,when\r\nHousing,Open beds,Sign, 46157 \r\n") == [
        "p.csv:2: when: '46157' looks like a spreadsheet's date number, not a date: format the column as "
        "text (or as a date), e.g. 2026-06-30"]


def test_a_file_with_only_the_required_columns_reads_rows_with_no_values() -> None:
    rows = parse_plans(b"priority,objective,step\r\nHousing,Open beds,\r\nHousing,Open beds,Sign\r\n",
                       "p.csv").rows
    assert [(r.line, r.step, r.values, r.candidate_title) for r in rows] == [
        (2, "", {}, ""), (3, "Sign", {}, "")]


def test_notes_keep_their_line_breaks_as_the_app_stores_them() -> None:
    data = b'priority,objective,step,notes\r\nHousing,Open beds,Sign,"First call\r\nthen a letter"\r\n'
    assert parse_plans(data, "p.csv").rows[0].values == {"notes": "First call\nthen a letter"}


def planned() -> Workshop:
    ws = new_workshop()
    ws.voting.candidates = [Candidate(id="c1", title="Housing")]
    ws.action_plans = [ActionPlan(id="a1", title="Crisis line")]
    return ws


def applied(ws: Workshop, text: str) -> Workshop:
    return apply_plans(ws, parse_plans(text.encode(), "p.csv").rows).workshop


def outline(ws: Workshop) -> list[tuple]:
    return [(p.title, p.candidate_id, [(o.text, [s.text for s in o.steps]) for o in p.objectives])
            for p in ws.action_plans]


def test_a_step_added_from_a_file_without_the_optional_columns_has_them_empty() -> None:
    ws = applied(planned(), "priority,objective,step\r\nCrisis line,Staff it,Hire two\r\n")
    step = ws.action_plans[0].objectives[0].steps[0]
    assert (step.text, step.who, step.who_participant_id, step.when, step.when_text, step.status,
            step.notes) == ("Hire two", "", None, None, "", "not-started", "")


def test_rows_after_a_row_naming_only_a_plan_are_applied_too() -> None:
    ws = applied(planned(), "priority,objective,step\r\nNew plan,,\r\nCrisis line,Staff it,Hire two\r\n")
    assert outline(ws) == [("Crisis line", None, [("Staff it", ["Hire two"])]), ("New plan", None, [])]


def test_several_rows_of_one_new_objective_make_one_objective() -> None:
    ws = applied(planned(), "priority,objective,step\r\nCrisis line,Staff it,Hire two\r\n"
                            "Crisis line,Staff it,Train them\r\n")
    assert outline(ws) == [("Crisis line", None, [("Staff it", ["Hire two", "Train them"])])]


def test_a_candidate_is_linked_to_one_new_plan_only() -> None:
    ws = applied(planned(), "priority,objective,step,candidate_title\r\n"
                            "Beds,,,Housing\r\nMore beds,,,Housing\r\n")
    assert [(p.title, p.candidate_id) for p in ws.action_plans] == [
        ("Crisis line", None), ("Beds", "c1"), ("More beds", None)]


def drafted_step_workshop(notes: str = "") -> Workshop:
    ws = planned()
    ws.action_plans[0].objectives = [Objective(id="o1", text="Staff it", steps=[
        ActionStep(id="s1", text="Hire two", who="Kevin", notes=notes, drafted=True)])]
    return ws


def test_a_step_whose_who_alone_changes_is_updated_and_no_longer_a_draft() -> None:
    ws = drafted_step_workshop()
    data = b"priority,objective,step,who\r\nCrisis line,Staff it,Hire two,Jamal\r\n"
    result = apply_plans(ws, parse_plans(data, "p.csv").rows)
    step = result.workshop.action_plans[0].objectives[0].steps[0]
    assert (result.steps_updated, step.who, step.drafted) == (1, "Jamal", False)


def test_notes_with_windows_line_ends_come_back_unchanged() -> None:
    ws = drafted_step_workshop(notes="First call\r\nthen a letter")
    result = apply_plans(ws, parse_plans(plans_csv_bytes(ws), "p.csv").rows)
    assert (result.changed, result.steps_updated) == (False, 0)
    assert result.workshop.action_plans[0].objectives[0].steps[0].drafted is True


def test_a_notes_cell_loses_its_spaces_before_its_formula_guard_as_every_import_reads_a_cell() -> None:
    # The worksheet and participants importers take the spaces off a cell, then the ' an export put
    # before a formula character; the notes column reads alike (it once kept the ' after spaces).
    data = b"priority,objective,step,notes\r\nHousing,Open beds,Sign,  '=SUM(A1)  \r\n"
    assert parse_plans(data, "p.csv").rows[0].values == {"notes": "=SUM(A1)"}
