"""One table's tally sheet at the model: every refusal said whole with its file, line and field, the row
limit at its count, and what recording it sets, removes, keeps and counts.

The command-line tests (``tests/cli/test_cli_spreadsheets.py``) held the main paths; each test here
failed on a mutant (a small deliberate change of ``model/tally_csv.py``) that they let pass. See
bench/README.md, "Mutation testing", fifth run (mutD).
"""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError, new_workshop, tally_csv
from intercept_mapper.model.tally_csv import TallyFile, TallyRow, apply_tally, find_table, parse_tally
from intercept_mapper.model.workshop import Candidate, VotingTable, Workshop
from tests.model.test_worksheet_xlsx import book


def problems_of(text: str, source: str = "t.csv") -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_tally(text.encode(), source)
    return [str(p) for p in caught.value.problems]


def test_every_bad_row_is_refused_whole_with_its_line_and_field() -> None:
    long_name = "n" * 1001
    rows = f",3\n{long_name},1\nA,-2\nB,x\nC,1000000000001\nD,\u0663\nE,2.5\n"
    assert problems_of("candidate,votes\n" + rows) == [
        "t.csv:2: candidate: the candidate is empty (write its title or id)",
        "t.csv:3: candidate: the candidate is 1,001 characters long; at most 1,000 are allowed",
        "t.csv:4: votes: '-2' is negative: votes are a whole number of 0 or more (leave the cell blank when "
        "they were not counted)",
        "t.csv:5: votes: 'x' is not a whole number of votes (leave the cell blank when they were not "
        "counted)",
        "t.csv:6: votes: '1000000000001' is not a whole number of votes (leave the cell blank when they were "
        "not counted)",
        "t.csv:7: votes: '\u0663' is not a whole number of votes (leave the cell blank when they were not "
        "counted)",
        "t.csv:8: votes: '2.5' is not a whole number of votes (leave the cell blank when they were not "
        "counted)",
    ]


def test_a_row_with_two_problems_reports_both_and_good_rows_around_it_are_kept_apart() -> None:
    assert problems_of("candidate,votes\nA,1\n,-1\n") == [
        "t.csv:3: candidate: the candidate is empty (write its title or id)",
        "t.csv:3: votes: '-1' is negative: votes are a whole number of 0 or more (leave the cell blank when "
        "they were not counted)"]


def test_rows_are_read_with_their_line_spaces_collapsed_and_guards_taken_off() -> None:
    data = b"candidate,votes,colour\n'=Housing  first ,0,red\nData,,\nMax,1000000000000,\n"
    read = parse_tally(data, "t.csv")
    assert read.rows == [TallyRow(line=2, candidate="=Housing first", votes=0),
                         TallyRow(line=3, candidate="Data", votes=None),
                         TallyRow(line=4, candidate="Max", votes=10**12)]
    assert [str(w) for w in read.warnings] == ["t.csv:1: unknown column 'colour' ignored"]


def test_the_row_limit_takes_a_sheet_at_it_and_refuses_one_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tally_csv, "MAX_ITEMS", 2)
    assert len(parse_tally(b"candidate,votes\nA,1\nB,2\n", "t.csv").rows) == 2
    assert problems_of("candidate,votes\nA,1\nB,2\nC,3\n") == [
        "t.csv: the file has 3 rows; at most 2 are allowed (see Limits in the README)"]


def test_a_workbooks_problems_name_the_file_and_its_sheet() -> None:
    data = book(("Sheet", [["candidate", "votes"], ["Housing", -1]]))
    with pytest.raises(InputError) as caught:
        parse_tally(data, "t.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "t.xlsx (sheet 'Sheet'):2: votes: '-1' is negative: votes are a whole number of 0 or more (leave the "
        "cell blank when they were not counted)"]


def voting() -> Workshop:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="t1", name="System"), VotingTable(id="t2", name="Community")]
    ws.voting.candidates = [Candidate(id="c1", title="No  CIT", votes={"t1": 5, "t2": 1}),
                            Candidate(id="c2", title="Housing", votes={"t2": 4}),
                            Candidate(id="c3", title="Data", votes={"t1": 2}),
                            Candidate(id="c4", title="Transport")]
    return ws


def tally(*rows: tuple[str, int | None]) -> TallyFile:
    return TallyFile(rows=[TallyRow(line=n + 2, candidate=name, votes=votes)
                           for n, (name, votes) in enumerate(rows)])


def test_recording_sets_removes_and_keeps_counts_and_says_what_changed() -> None:
    ws = voting()
    ws.voting.candidates.append(Candidate(id="c5", title="Beds"))
    rows = tally(("no cit", 1), ("c2", None), ("DATA", 3), ("Beds", None))  # Beds: never counted there
    result = apply_tally(ws, "community table", rows, "w.simmap", "t.csv")
    assert result.table.id == "t2"
    assert {c.id: c.votes for c in result.workshop.voting.candidates} == {
        "c1": {"t1": 5, "t2": 1}, "c2": {}, "c3": {"t1": 2, "t2": 3}, "c4": {}, "c5": {}}
    assert (result.counted, result.not_counted, result.changed) == (2, 2, 2)
    assert [c.id for c in result.not_in_file] == ["c4"]
    assert result.over_budget is None
    assert {c.id: c.votes for c in ws.voting.candidates}["c2"] == {"t2": 4}  # the original is left alone


def test_a_candidate_named_by_id_is_not_taken_for_a_title_and_a_title_is_matched_whatever_its_case() -> None:
    ws = voting()
    ws.voting.candidates[3].title = "c1"  # a title that is another candidate's id: the id wins
    result = apply_tally(ws, "System", tally(("c1", 7), ("HOUSING", 0)), "w.simmap", "t.csv")
    assert {c.id: c.votes.get("t1") for c in result.workshop.voting.candidates} == {
        "c1": 7, "c2": 0, "c3": 2, "c4": None}


def test_every_refusal_of_a_tally_is_said_whole_with_its_file_and_line() -> None:
    ws = voting()
    ws.voting.candidates.append(Candidate(id="c5", title="Housing"))
    with pytest.raises(InputError) as caught:
        rows = tally(("Housing", 1), ("Nowhere", 1), ("Data", 1), ("c3", 2), ("Elsewhere", 1))
        apply_tally(ws, "System", rows, "w.simmap", "t.csv")
    assert [str(p) for p in caught.value.problems] == [
        "t.csv:2: candidate: 'Housing' is the title of 2 candidates: write the id of the one meant (c2, c5)",
        "t.csv:3: candidate: no candidate priority is titled 'Nowhere' (nor has that id)",
        "t.csv:5: candidate: 'Data' is already on line 4",
        "t.csv:6: candidate: no candidate priority is titled 'Elsewhere' (nor has that id)",
    ]


def test_an_unknown_table_is_refused_naming_the_workshop_and_its_tables() -> None:
    with pytest.raises(InputError) as caught:
        find_table(voting(), "kitchen", "w.simmap")
    assert [str(p) for p in caught.value.problems] == [
        "w.simmap: table: the workshop has no voting table 'kitchen' (its tables: 'System', 'Community')"]
    bare = new_workshop()
    bare.voting.tables = []
    with pytest.raises(InputError, match=r"\(its tables: none\)"):
        find_table(bare, "System", "w.simmap")


def test_a_tally_over_the_tables_budget_says_so() -> None:
    ws = voting()
    ws.voting.votes_per_participant = 1
    ws.voting.tables[1].voters = 2
    result = apply_tally(ws, "Community", tally(("Housing", 4)), "w.simmap", "t.csv")
    assert result.over_budget == (
        "Table 'Community' has 5 votes but only 2 to give (2 participants \u00d7 1 vote each).")


def test_a_workbook_is_read_from_its_tally_sheet_wherever_it_sits() -> None:
    data = book(("Notes", [["what"], ["counted by hand"]]),
                ("Tally", [["candidate", "votes"], ["Housing", 3]]))
    assert parse_tally(data, "t.xlsx").rows == [TallyRow(line=2, candidate="Housing", votes=3)]
