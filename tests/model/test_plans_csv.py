"""Action plans as CSV: export, the formula guard, and import matching and updating (no Qt)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from intercept_mapper.model import new_workshop
from intercept_mapper.model.csv_guard import guard_cell, unguard_cell
from intercept_mapper.model.plans_csv import (
    COLUMNS,
    apply_plans,
    parse_plans,
    plans_csv_bytes,
    status_word,
)
from intercept_mapper.model.problems import InputError
from intercept_mapper.model.simmap_file import dumps_workshop
from intercept_mapper.model.workshop import (
    ActionPlan,
    ActionStep,
    Candidate,
    Objective,
    Participant,
    Workshop,
)


def planned_workshop() -> Workshop:
    """Three plans (one with no objectives); steps with the same text twice; an objective with no steps;
    drafted steps."""
    ws = new_workshop(title="Plans")
    ws.participants = [Participant(id="p1", name="Kevin Tran", organisation="Housing Authority"),
                       Participant(id="p2", name="Jamal Greene")]
    ws.voting.candidates = [Candidate(id="c1", title="Housing"), Candidate(id="c2", title="Mobile crisis")]
    ws.action_plans = [
        ActionPlan(id="a1", candidate_id="c1", title="Housing", objectives=[
            Objective(id="o1", text="Set aside units", steps=[
                ActionStep(id="s1", text="List units", who="Kevin Tran", who_participant_id="p1",
                           when=date(2026, 5, 15), status="done"),
                ActionStep(id="s2", text="Draft an MOU", who="Kevin Tran", who_participant_id="p1",
                           status="in-progress", notes="Second draft\nwith the county", drafted=True),
                ActionStep(id="s3", text="Follow up", status="not-started"),
                ActionStep(id="s4", text="Follow up", status="blocked", notes="=SUM(A1:A9)"),
            ]),
            Objective(id="o2", text="Nothing yet"),
        ]),
        ActionPlan(id="a2", title="-Free standing", objectives=[
            Objective(id="o3", text="@mention someone", steps=[
                ActionStep(id="s5", text="+1 call", who="Jamal Greene", who_participant_id="p2",
                           drafted=True),
            ]),
        ]),
        ActionPlan(id="a3", title="Not planned yet"),
    ]
    return ws


def rows_of(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def csv_bytes(header: str, *rows: str) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


HEADER = ",".join(COLUMNS)


@pytest.mark.parametrize("text", ["", "plain", "=1+1", "+1", "-2", "@x", "'=x", "''@x", "'quoted'", "a=b",
                                  " =x", "'"])
def test_the_guard_comes_off_exactly(text: str) -> None:
    guarded = guard_cell(text)
    assert unguard_cell(guarded) == text
    assert not guarded.startswith(tuple("=+-@"))


def test_export_is_one_row_per_step_with_bom_crlf_and_guarded_cells() -> None:
    data = plans_csv_bytes(planned_workshop())
    assert data.startswith(b"\xef\xbb\xbfpriority,objective,step,who,when,status,notes,candidate_title\r\n")
    rows = rows_of(data)
    assert [(r["priority"], r["objective"], r["step"]) for r in rows] == [
        ("Housing", "Set aside units", "List units"),
        ("Housing", "Set aside units", "Draft an MOU"),
        ("Housing", "Set aside units", "Follow up"),
        ("Housing", "Set aside units", "Follow up"),
        ("Housing", "Nothing yet", ""),  # an objective with no steps: one row, empty step
        ("'-Free standing", "'@mention someone", "'+1 call"),
        ("Not planned yet", "", ""),  # a plan with no objectives: one row, empty objective and step
    ]
    assert rows[0] == {"priority": "Housing", "objective": "Set aside units", "step": "List units",
                            "who": "Kevin Tran", "when": "2026-05-15", "status": "done", "notes": "",
                            "candidate_title": ""}  # the plan's title is its candidate's: said once
    assert rows[1]["notes"] == "Second draft\nwith the county"
    assert rows[3]["notes"] == "'=SUM(A1:A9)"
    assert rows[4]["status"] == ""


def test_import_of_the_export_changes_nothing() -> None:
    ws = planned_workshop()
    result = apply_plans(ws, parse_plans(plans_csv_bytes(ws), "p.csv").rows)
    assert not result.changed
    assert result.workshop is ws
    assert (result.steps_updated, result.steps_added, result.steps_not_in_file) == (0, 0, 0)


def test_edited_rows_update_their_steps_and_are_no_longer_drafts() -> None:
    ws = planned_workshop()
    before = dumps_workshop(ws)
    rows = rows_of(plans_csv_bytes(ws))
    rows[1].update(status="Done", who="Jamal Greene", when="2026-08-31", notes="Signed")
    rows[3].update(status="in progress")  # the second "Follow up", not the first
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    result = apply_plans(ws, parse_plans(out.getvalue().encode("utf-8"), "p.csv").rows)
    assert dumps_workshop(ws) == before  # the input document is not touched
    steps = {s.id: s for p in result.workshop.action_plans for o in p.objectives for s in o.steps}
    assert (steps["s2"].status, steps["s2"].who, steps["s2"].when, steps["s2"].notes) == (
        "done", "Jamal Greene", date(2026, 8, 31), "Signed")
    assert steps["s2"].who_participant_id == "p2"  # relinked to the person named
    assert steps["s2"].drafted is False
    assert (steps["s3"].status, steps["s4"].status) == ("not-started", "in-progress")
    assert steps["s5"].drafted is True  # unchanged: still the program's draft
    assert result.steps_updated == 2 and result.steps_added == 0


def test_when_takes_common_date_forms_and_targets_that_are_not_dates() -> None:
    ws = planned_workshop()
    ws.action_plans[0].objectives[0].steps[2].when_text = "=by next meeting"  # words with a formula sign
    data = plans_csv_bytes(ws)
    assert "'=by next meeting" in data.decode("utf-8-sig")  # exported as the words, guarded
    result = apply_plans(ws, parse_plans(data, "p.csv").rows)
    assert not result.changed  # the words round-trip
    rows = rows_of(data)
    rows[0].update(when="Sep 30, 2026")  # a date typed as people write it
    rows[1].update(when="2026-Q3")  # a target that is not a date: kept as written
    rows[2].update(when="9/30/2026")  # the words replaced by a date
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    result = apply_plans(ws, parse_plans(out.getvalue().encode("utf-8"), "p.csv").rows)
    steps = {s.id: s for p in result.workshop.action_plans for o in p.objectives for s in o.steps}
    assert [(steps[i].when, steps[i].when_text) for i in ("s1", "s2", "s3")] == [
        (date(2026, 9, 30), ""), (None, "2026-Q3"), (date(2026, 9, 30), "")]
    assert result.steps_updated == 3
    added = apply_plans(ws, parse_plans(csv_bytes(HEADER, "Housing,Set aside units,New one,,Ongoing,,"),
                                        "p.csv").rows).workshop.action_plans[0].objectives[0].steps[-1]
    assert (added.when, added.when_text) == (None, "Ongoing")


def test_rows_matching_nothing_are_added_and_nothing_is_deleted() -> None:
    ws = planned_workshop()
    data = csv_bytes(
        HEADER,
        "Housing,Set aside units,Ask the Board,Kevin Tran (Housing Authority),2026-09-30,,",
        "Housing,A new objective,First step,Nobody on the list,,blocked,'-5 units",
        "Mobile crisis,Around the clock,Apply for the grant,,,,",  # a candidate with no plan
        "A new idea,Its objective,,,,,",  # no candidate: a free-standing plan, objective without steps
    )
    result = apply_plans(ws, parse_plans(data, "p.csv").rows)
    new = result.workshop
    assert (result.steps_added, result.objectives_added, result.plans_added) == (3, 3, 2)
    assert result.steps_not_in_file == 5  # every step of the workshop is kept
    housing = new.action_plans[0]
    board = housing.objectives[0].steps[-1]
    assert (board.text, board.who_participant_id, board.when, board.status) == (
        "Ask the Board", "p1", date(2026, 9, 30), "not-started")
    added = housing.objectives[-1]
    assert added.text == "A new objective"
    assert (added.steps[0].who_participant_id, added.steps[0].status, added.steps[0].notes) == (
        None, "blocked", "-5 units")
    assert [(p.title, p.candidate_id) for p in new.action_plans[3:]] == [("Mobile crisis", "c2"),
                                                                       ("A new idea", None)]
    assert new.action_plans[4].objectives[0].steps == []
    assert not any(s.drafted for p in new.action_plans for o in p.objectives for s in o.steps
                   if s.id not in {"s1", "s2", "s3", "s4", "s5"})


def test_headers_are_matched_by_alias_case_and_spaces() -> None:
    data = csv_bytes("Action Plan, OBJECTIVE ,Action_Step,Owner,Due Date,State,Comments,Extra",
                     "Housing,Set aside units,List units,Kevin Tran,2026-05-15,Blocked,,x")
    parsed = parse_plans(data, "p.csv")
    assert [str(w) for w in parsed.warnings] == ["p.csv:1: unknown column 'extra' ignored"]
    result = apply_plans(planned_workshop(), parsed.rows)
    assert result.workshop.action_plans[0].objectives[0].steps[0].status == "blocked"


def test_absent_columns_change_nothing_and_empty_status_keeps_the_status() -> None:
    ws = planned_workshop()
    result = apply_plans(ws, parse_plans(csv_bytes("priority,objective,step,status",
                                                   "Housing,Set aside units,Draft an MOU,"), "p").rows)
    assert not result.changed


@pytest.mark.parametrize(("rows", "line", "words"), [
    (["Housing,Set aside units,List units,,2026-05-15,finished,"], 2, "'finished' is not a status"),
    (["Housing,Set aside units,List units,,31/02/2026,done,"], 2, "not a date in the calendar"),
    (["Housing,Set aside units,List units,,46157,done,"], 2, "spreadsheet's date number"),
    (["Housing,Set aside units,List units,,2026-02-30,done,"], 2, "not a date in the calendar"),
    (["ok,o,s,,,,", ",Set aside units,List units,,,done,"], 3, "the priority is empty"),
    (["Housing,,List units,,,done,"], 2, "the objective is empty"),
    (["Housing,Set aside units,,Kevin,,,"], 2, "the step is empty but who"),
    (["Housing,Set aside units," + "x" * 20_001 + ",,,,"], 2, "at most 20,000"),
])
def test_bad_rows_are_refused_with_their_line(rows: list[str], line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_plans(csv_bytes(HEADER, *rows), "p.csv")
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].line == line and words in problems[0].message


def test_every_bad_row_is_reported_and_missing_columns_are_named() -> None:
    with pytest.raises(InputError) as caught:
        parse_plans(csv_bytes(HEADER, "a,b,c,,2026-13-01,,", "a,b,c,,,y,", "a,b,c,,,done,"), "p.csv")
    assert [p.line for p in caught.value.problems] == [2, 3]
    with pytest.raises(InputError) as caught:
        parse_plans(csv_bytes("priority,who,status", "a,b,done"), "p.csv")
    assert [p.message for p in caught.value.problems] == ["the required column 'objective' is missing",
                                                          "the required column 'step' is missing"]
    with pytest.raises(InputError, match="both mean 'when'"):
        parse_plans(csv_bytes("priority,objective,step,when,due date", "a,b,c,,"), "p.csv")


def test_status_words() -> None:
    assert [status_word(w) for w in ("Not started", "IN_PROGRESS", " done ", "blocked", "later")] == [
        "not-started", "in-progress", "done", "blocked", None]


def test_a_plan_titled_in_other_words_keeps_its_candidate_through_a_round_trip() -> None:
    from intercept_mapper.model.plans_csv import apply_plans, parse_plans, plans_csv_bytes
    from intercept_mapper.model.simmap_file import load_workshop
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    ws = load_workshop(SAMPLE_WORKSHOP)
    linked = {p.title: p.candidate_id for p in ws.action_plans}
    titles = {c.id: c.title for c in ws.voting.candidates}
    assert any(titles[cid] != title for title, cid in linked.items())  # the sample words them its own way
    data = plans_csv_bytes(ws)
    bare = ws.model_copy(deep=True)
    bare.action_plans = []  # as after importing the worksheet again: the map and votes, no plans
    after = apply_plans(bare, parse_plans(data, "plans.csv").rows).workshop
    assert {p.title: titles[p.candidate_id] for p in after.action_plans} == {
        title: titles[cid] for title, cid in linked.items()}


def test_a_file_larger_than_the_limit_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    from intercept_mapper.model import plans_csv, table_input
    from intercept_mapper.model.limits import MAX_FILE_BYTES

    with pytest.raises(InputError) as caught:
        plans_csv.parse_plans(b"x" * (MAX_FILE_BYTES + 1), "plans.csv")
    assert caught.value.lines() == ["error: plans.csv: the file is larger than 64 MB, more than any workshop "
                                    "needs (see Limits in the README)"]
    header = b"priority,objective,step\r\n"
    monkeypatch.setattr(table_input, "MAX_FILE_BYTES", len(header))
    assert plans_csv.parse_plans(header, "plans.csv").rows == []  # at the limit: read
    with pytest.raises(InputError, match="larger than"):
        plans_csv.parse_plans(header + b"\n", "plans.csv")


def test_a_file_that_cannot_be_read_says_why(tmp_path) -> None:  # noqa: ANN001
    from intercept_mapper.model.plans_csv import read_plans

    gone = tmp_path / "gone.csv"
    with pytest.raises(InputError) as caught:
        read_plans(gone)
    assert caught.value.lines() == [f"error: {gone}: cannot read the file: No such file or directory"]


def test_a_file_exactly_at_the_limit_is_read_whole(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from intercept_mapper.model import plans_csv, table_input

    path = tmp_path / "plans.csv"
    path.write_bytes(b"priority,objective,step\r\nHousing,Open beds,Sign the lease")
    monkeypatch.setattr(table_input, "MAX_FILE_BYTES", path.stat().st_size)
    assert [row.step for row in plans_csv.read_plans(path).rows] == ["Sign the lease"]


def test_a_file_that_is_not_text_is_named() -> None:
    from intercept_mapper.model.plans_csv import parse_plans

    with pytest.raises(InputError) as caught:
        parse_plans(b"\x00\x01\x02" * 50, "plans.csv")
    assert [problem.file for problem in caught.value.problems] == ["plans.csv"]
    # Not UTF-8 but text: read as Excel's Windows encoding, and the warning names the file.
    read = parse_plans(b"priority,objective,step\r\nCaf\xe9,a,b\r\n", "plans.csv")
    assert read.rows[0].priority == "Caf\u00e9"
    assert [w.file for w in read.warnings] == ["plans.csv"] and "cp1252" in str(read.warnings[0])
