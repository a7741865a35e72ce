"""Worksheet import's refusals and notes held exactly: each names its file (and line or field) and says
what is wrong whole; the size limit at its byte; the preset reaches a workbook's sheet too.

Each test here failed on a mutant (a small deliberate change of ``model/worksheet_csv.py``) that the
worksheet tests before it let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.model import InputError, worksheet_csv
from intercept_mapper.model.limits import MAX_ITEMS
from intercept_mapper.model.worksheet_csv import parse_worksheet, read_worksheet
from tests.model.test_worksheet_xlsx import book


def problems_of(data: bytes, source: str = "w.csv", preset: str = "samhsa") -> list[str]:
    """The problems an import raises, as printed (``file:line: field: message``)."""
    with pytest.raises(InputError) as caught:
        parse_worksheet(data, source, preset)
    return [str(p) for p in caught.value.problems]


def test_an_unknown_preset_is_refused_naming_the_known_ones() -> None:
    assert problems_of(b"intercept,kind,title\n1,gap,G\n", preset="nine") == [
        "preset: unknown preset 'nine' (known presets: samhsa, five-intercept, texas)"]


def test_a_file_over_the_size_limit_is_refused_by_name_in_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worksheet_csv, "MAX_FILE_BYTES", 3 * 1024 * 1024)
    assert problems_of(b" " * (3 * 1024 * 1024 + 1), source="big.csv") == [
        "big.csv: the file is larger than 3 MB, more than any workshop needs (see Limits in the README)"]


def test_reading_stops_a_byte_past_the_limit_and_reads_a_file_at_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = b"intercept,kind,title\n1,gap,Housing\n"
    monkeypatch.setattr(worksheet_csv, "MAX_FILE_BYTES", len(text))
    path = tmp_path / "w.csv"
    path.write_bytes(text)
    assert [f.title for f in read_worksheet(path).workshop.findings] == ["Housing"]
    path.write_bytes(text + b"\n")
    with pytest.raises(InputError, match="the file is larger than"):
        read_worksheet(path)


def test_a_file_that_cannot_be_read_is_named_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "gone.csv"
    with pytest.raises(InputError) as caught:
        read_worksheet(missing)
    assert [str(p) for p in caught.value.problems] == [
        f"{missing}: cannot read the file: No such file or directory"]


def test_reading_from_disk_keeps_the_preset_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(b"intercept,kind,title\n0,gap,Crisis line\n")
    with pytest.raises(InputError) as caught:
        read_worksheet(path, preset="five-intercept")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: intercept: intercept 0 is not in the five-intercept preset "
        "(its intercepts are 1 to 5 and X)"]
    assert read_worksheet(path, preset="texas").workshop.scheme.preset == "texas"


def test_a_csv_worksheet_brings_no_participants_or_plans() -> None:
    result = parse_worksheet(b"intercept,kind,title\n1,gap,G\n", "w.csv")
    assert result.participants is None and result.plans is None


def test_a_workbook_is_read_with_the_preset_asked_for() -> None:
    data = book(("worksheet", [["intercept", "kind", "title"], ["0", "gap", "Crisis line"]]))
    assert parse_worksheet(data, "w.xlsx", "texas").workshop.scheme.preset == "texas"
    assert problems_of(data, source="w.xlsx", preset="five-intercept") == [
        "w.xlsx (sheet 'worksheet'):2: intercept: intercept 0 is not in the five-intercept preset "
        "(its intercepts are 1 to 5 and X)"]


def test_too_many_rows_are_refused_naming_the_file() -> None:
    rows = "".join(f"1,point,P{n}\n" for n in range(MAX_ITEMS + 1))
    assert problems_of(("intercept,kind,title\n" + rows).encode()) == [
        f"w.csv: the map has {MAX_ITEMS + 1:,} items; at most {MAX_ITEMS:,} are allowed "
        "(see Limits in the README)"]


def test_a_vote_column_naming_no_table_is_refused_naming_the_file_and_header() -> None:
    assert problems_of(b"intercept,kind,title,votes:\n1,gap,G,3\n") == [
        "w.csv:1: the column 'votes:' names no table (write votes:TABLE, such as votes:system)"]


def test_a_theme_on_a_decision_point_is_ignored_with_a_note() -> None:
    result = parse_worksheet(b"intercept,kind,title,theme\n1,point,Arrest,housing\n", "w.csv")
    assert [str(w) for w in result.warnings] == [
        "w.csv:2: theme: a decision point has no theme; the theme is ignored"]
    assert [p.title for p in result.workshop.points] == ["Arrest"]


def test_a_gap_at_several_intercepts_gives_its_priority_all_of_them_and_one_at_one_none() -> None:
    ws = parse_worksheet(b"intercept,kind,title\n1;2,gap,Housing\n3,gap,Transport\n", "w.csv").workshop
    assert [(c.title, c.intercepts) for c in ws.voting.candidates] == [("Housing", ["1", "2"]),
                                                                        ("Transport", [])]
    assert [f.intercept for f in ws.findings] == ["1", "3"]  # each gap sits at its first intercept


def test_problems_are_listed_in_line_order_whatever_check_found_them() -> None:
    # Line 2's unknown point is found when references are resolved, after line 3's bad kind.
    assert problems_of(b"intercept,kind,title,follows\n1,point,Arrest,Nowhere\n1,thing,Jail,\n") == [
        "w.csv:2: follows: no decision point is titled 'Nowhere'",
        "w.csv:3: kind: 'thing' is not a kind (use point, resource or gap)",
    ]


def test_a_vote_column_whose_table_name_is_too_long_is_refused_naming_it_cut_short() -> None:
    column = "votes:" + "t" * 1001
    assert problems_of(f"intercept,kind,title,{column}\n1,gap,G,3\n".encode()) == [
        f"w.csv:1: the table name of the column '{column[:60]}' is 1,001 characters long; "
        "at most 1,000 are allowed"]


def test_two_vote_columns_for_one_table_are_refused_naming_both() -> None:
    assert problems_of(b"intercept,kind,title,votes,votes:All Participants\n1,gap,G,3,4\n") == [
        "w.csv:1: the columns 'votes' and 'votes:All Participants' count votes at the same table"]


def test_every_bad_vote_column_is_reported_in_one_run() -> None:
    long_name = "votes:" + "t" * 1001
    header = f"intercept,kind,title,votes:,{long_name},votes:A,votes:a,votes:B,votes:b"
    found = problems_of(f"{header}\n1,gap,G,,,,,,\n".encode())
    starts = ["w.csv:1: the column 'votes:' names no table", "w.csv:1: the table name of the column 'votes:t",
              "w.csv:1: the columns 'votes:A' and 'votes:a'", "w.csv:1: the columns 'votes:B' and 'votes:b'"]
    assert len(found) == len(starts)
    assert all(problem.startswith(start) for problem, start in zip(found, starts, strict=True)), found


def test_another_presets_label_for_an_intercept_this_preset_has_is_not_called_missing() -> None:
    # Texas names intercept 0 "Mobile Crisis Outreach Teams / Co-Response"; SAMHSA has an intercept 0.
    assert problems_of(b"intercept,kind,title\nMobile Crisis Outreach Teams / Co-Response,gap,G\n") == [
        "w.csv:2: intercept: 'Mobile Crisis Outreach Teams / Co-Response' is not an intercept "
        "(use 0 to 5, X, 'Intercept N' or an intercept's label)"]
    assert problems_of(b"intercept,kind,title\nIntercept 0,gap,G\n", preset="five-intercept") == [
        "w.csv:2: intercept: intercept 0 is not in the five-intercept preset "
        "(its intercepts are 1 to 5 and X)"]


def test_a_label_of_an_intercept_this_preset_lacks_names_that_intercept() -> None:
    assert problems_of(b"intercept,kind,title\nCommunity  services,gap,G\n", preset="five-intercept") == [
        "w.csv:2: intercept: intercept 0 is not in the five-intercept preset "
        "(its intercepts are 1 to 5 and X)"]


def test_an_empty_kind_is_named_as_empty() -> None:
    assert problems_of(b"intercept,kind,title\n1,,G\n") == [
        "w.csv:2: kind: the kind is empty (use point, resource or gap)"]


def test_the_theme_after_the_vote_column_is_held_to_its_length_too() -> None:
    theme = "t" * 1001
    assert problems_of(f"intercept,kind,title,votes,theme\n1,gap,G,,{theme}\n".encode()) == [
        "w.csv:2: theme: the theme is 1,001 characters long; at most 1,000 are allowed"]


def test_a_gap_that_follows_a_point_is_refused_like_a_resource() -> None:
    data = b"intercept,kind,title,follows\n1,point,Arrest,\n1,gap,No beds,Arrest\n1,resource,CIT,Arrest\n"
    assert problems_of(data) == [
        "w.csv:3: follows: only decision points follow other points (resources and gaps use at_point)",
        "w.csv:4: follows: only decision points follow other points (resources and gaps use at_point)"]


def test_rank_cells_are_checked_and_their_refusals_said_whole() -> None:
    data = (b"intercept,kind,title,rank\n1,point,Arrest,2\n1,gap,A,0\n1,gap,B,-1\n1,gap,C,first\n"
            b"1,gap,D,99999999999999999999\n1,gap,E,3\n")
    assert problems_of(data) == [
        "w.csv:2: rank: only gaps carry a rank",
        "w.csv:3: rank: the rank is 0: ranks start at 1 (the first priority)",
        "w.csv:4: rank: '-1' is negative: a rank is a whole number of 1 or more",
        "w.csv:5: rank: 'first' is not a whole number",
        "w.csv:6: rank: '99999999999999999999' is too large a rank",
    ]
    ws = parse_worksheet(b"intercept,kind,title,rank\n1,gap,E,3\n1,gap,F,\n", "w.csv").workshop
    assert [(c.title, c.rank) for c in ws.voting.candidates] == [("E", 3), ("F", None)]


def test_only_a_gap_may_sit_at_several_intercepts_and_each_piece_must_name_one() -> None:
    data = b"intercept,kind,title\n1;2,point,Arrest\n1;2,resource,CIT\n1;9,gap,Beds\n"
    assert problems_of(data) == [
        "w.csv:2: intercept: '1;2' names several intercepts, but a decision point sits at one (only a gap "
        "may concern several: its priority then counts for each)",
        "w.csv:3: intercept: '1;2' names several intercepts, but a resource sits at one (only a gap "
        "may concern several: its priority then counts for each)",
        "w.csv:4: intercept: '9' is not an intercept (use 0 to 5, X, 'Intercept N' or an intercept's label)",
    ]


def test_one_intercept_named_twice_or_with_a_stray_separator_is_one_place() -> None:
    data = b"intercept,kind,title\n1;1,point,Arrest\n2;,resource,CIT\nX;x,gap,Housing\n"
    ws = parse_worksheet(data, "w.csv").workshop
    assert [(p.title, p.intercept) for p in ws.points] == [("Arrest", "1")]
    assert [(f.title, f.intercept) for f in ws.findings] == [("CIT", "2"), ("Housing", "X")]


def test_several_intercepts_on_a_row_of_no_known_kind_or_with_x_are_refused() -> None:
    assert problems_of(b"intercept,kind,title\n1;2,thing,Beds\n1;X,gap,Housing\n") == [
        "w.csv:2: kind: 'thing' is not a kind (use point, resource or gap)",
        "w.csv:2: intercept: '1;2' names several intercepts, but this row sits at one (only a gap "
        "may concern several: its priority then counts for each)",
        "w.csv:3: intercept: '1;X' lists X with other intercepts: X alone already means every intercept",
    ]


def test_vote_cells_are_checked_and_their_refusals_said_whole() -> None:
    data = (b"intercept,kind,title,votes\n1,point,Arrest,2\n1,gap,A,-3\n1,gap,B,three\n"
            b"1,gap,C,99999999999999999999\n1,gap,D,0003\n")
    assert problems_of(data) == [
        "w.csv:2: votes: only gaps carry votes",
        "w.csv:3: votes: '-3' is negative: votes are a whole number of 0 or more",
        "w.csv:4: votes: 'three' is not a whole number",
        "w.csv:5: votes: '99999999999999999999' is too many votes",
    ]


def test_the_largest_count_a_file_may_hold_is_taken_and_one_more_refused() -> None:
    ws = parse_worksheet(b"intercept,kind,title,votes\n1,gap,A,0001000000000000\n", "w.csv").workshop
    assert ws.voting.candidates[0].total_votes() == 10**12
    assert problems_of(b"intercept,kind,title,votes\n1,gap,A,1000000000001\n") == [
        "w.csv:2: votes: '1000000000001' is too many votes"]


def test_points_after_a_duplicate_are_still_built_and_checked() -> None:
    data = (b"intercept,kind,title,follows\n1,point,Arrest,\n1,point,Arrest,\n1,point,Jail,\n"
            b"2,point,Court,Jail\n2,point,Probation,Nowhere\n")
    assert problems_of(data) == [
        "w.csv:3: title: a decision point titled 'Arrest' is already in intercept 1 (line 2); "
        "titles must differ within an intercept",
        "w.csv:6: follows: no decision point is titled 'Nowhere'"]


def test_flows_count_toward_the_item_limit_beside_each_row_and_each_gaps_priority(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from intercept_mapper.model import limits

    monkeypatch.setattr(limits, "MAX_ITEMS", 10)
    monkeypatch.setattr(worksheet_csv, "MAX_ITEMS", 10)
    # 5 rows, and the gap's priority: 6 items, so room for 4 flows.
    fits = b"intercept,kind,title,follows\n1,point,A,\n1,point,B,\n1,point,C,A\n1,point,D,A;B;C\n1,gap,G,\n"
    assert len(parse_worksheet(fits, "w.csv").workshop.flows) == 4
    over = b"intercept,kind,title,follows\n1,point,A,\n1,point,B,\n1,point,C,A;B\n1,point,D,A;B;C\n1,gap,G,\n"
    assert problems_of(over) == [
        "w.csv:5: follows: the map has 11 items; at most 10 are allowed (see Limits in the README)"]


def test_the_maps_sheet_is_not_read_again_as_participants_when_it_stands_first() -> None:
    # No sheet named "worksheet": the first sheet is the map, even when it is named "participants".
    data = book(("participants", [["intercept", "kind", "title"], ["1", "gap", "Housing"]]))
    result = parse_worksheet(data, "w.xlsx")
    assert [f.title for f in result.workshop.findings] == ["Housing"]
    assert result.participants is None
