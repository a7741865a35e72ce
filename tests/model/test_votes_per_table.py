"""Votes per table, published orders and gaps at several intercepts in the worksheet (issue 17, part 2),
and how ranking orders what was not counted."""

from __future__ import annotations

import pytest

from intercept_mapper.export import report_text as words
from intercept_mapper.model import DEFAULT_TABLE_ID, InputError
from intercept_mapper.model.participants_csv import parse_participants
from intercept_mapper.model.ranking import candidate_intercepts, rank_candidates
from intercept_mapper.model.seating import seat_tables
from intercept_mapper.model.worksheet_csv import (
    format_worksheet,
    parse_worksheet,
    worksheet_columns,
    worksheet_csv_bytes,
)


def imported(text: str):
    return parse_worksheet(text.encode(), "w.csv").workshop


def errors_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_worksheet(text.encode(), "w.csv")
    return [str(p) for p in caught.value.problems]


def votes_by_name(ws) -> dict[str, dict[str, int]]:
    names = {t.id: t.name for t in ws.voting.tables}
    return {c.title: {names[t]: n for t, n in c.votes.items()} for c in ws.voting.candidates}


TWO_TABLES = (
    "intercept,kind,title,votes:System,Votes: Community table\n"
    "1,point,Patrol,,\n"
    "1,gap,No CIT,5,\n"          # community did not count it
    "2,gap,No interpreter,0,3\n"  # system counted zero
    "X,gap,Housing,,\n"           # nobody counted it
)


def test_votes_columns_make_one_table_each_in_column_order():
    ws = imported(TWO_TABLES)
    assert [t.name for t in ws.voting.tables] == ["System", "Community table"]
    assert DEFAULT_TABLE_ID not in {t.id for t in ws.voting.tables}  # the unused default is replaced
    assert votes_by_name(ws) == {"No CIT": {"System": 5},
                                 "No interpreter": {"System": 0, "Community table": 3}, "Housing": {}}


def test_per_table_votes_round_trip_through_csv():
    ws = imported(TWO_TABLES)
    data = worksheet_csv_bytes(ws)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == ("intercept,kind,title,description,follows,at_point,organisation,votes:System,"
                      "votes:Community table,theme")
    again = parse_worksheet(data, "again.csv").workshop
    assert votes_by_name(again) == votes_by_name(ws)
    assert [t.name for t in again.voting.tables] == ["System", "Community table"]
    assert format_worksheet(again) == format_worksheet(ws)
    # Seen: export collapsed the tables to totals. Blank stays blank, a counted 0 stays 0.
    rows = {line.split(",")[2]: line.split(",")[7:9] for line in data.decode("utf-8-sig").splitlines()[1:]}
    assert rows["No CIT"] == ["5", ""] and rows["No interpreter"] == ["0", "3"]
    assert rows["Housing"] == ["", ""]


def test_plain_votes_stays_one_default_table():
    ws = imported("intercept,kind,title,votes\n1,gap,A,4\n1,gap,B,\n")
    assert [(t.id, t.name) for t in ws.voting.tables] == [(DEFAULT_TABLE_ID, "All participants")]
    assert worksheet_columns(ws)[7] == "votes"


def test_votes_and_votes_all_participants_are_one_table():
    assert errors_of("intercept,kind,title,votes,votes:all participants\n") == [
        "w.csv:1: the columns 'votes' and 'votes:all participants' count votes at the same table"]
    assert errors_of("intercept,kind,title,votes:System,votes:system table\n") == [
        "w.csv:1: the columns 'votes:System' and 'votes:system table' count votes at the same table"]
    found = errors_of("intercept,kind,title,votes:\n")
    assert found[0].startswith("w.csv:1: the column 'votes:' names no table")


def test_votes_cells_are_checked_per_table():
    found = errors_of("intercept,kind,title,votes:A,votes:B\n1,gap,G,x,-2\n1,point,P,1,\n")
    assert found == ["w.csv:2: votes:A: 'x' is not a whole number",
                     "w.csv:2: votes:B: '-2' is negative: votes are a whole number of 0 or more",
                     "w.csv:3: votes:A: only gaps carry votes"]


def test_tables_from_the_worksheet_and_from_where_people_sit_are_matched_by_name():
    ws = imported(TWO_TABLES)
    people, _ = parse_participants(b"name,table\nAnn,system\nBob,community\nCy,youth\n", "p.csv")
    names = [t.name for t in seat_tables(ws, people)]
    assert names == ["System", "Community table", "Youth table"]


# --- a published order without counts -----------------------------------------------------------------

PUBLISHED = (
    "intercept,kind,title,rank\n"
    "1,point,Patrol,\n"
    "X,gap,Data sharing,\n"   # cross-intercept: with no counts it used to rank first
    "1,gap,Crisis beds,2\n"
    "2,gap,Pretrial screening,1\n"
    "3,gap,Jail MOUD,3\n"
)


def test_a_published_order_ranks_the_uncounted_candidates():
    ranking = rank_candidates(imported(PUBLISHED))
    assert [r.title for r in ranking] == ["Pretrial screening", "Crisis beds", "Jail MOUD", "Data sharing"]
    assert [r.published_rank for r in ranking] == [1, 2, 3, None]
    assert ranking[0].reason == ("Votes not counted; 1st in the published order (the order was given, "
                                 "not counted).")
    assert ranking[3].reason.startswith("Votes not counted and not in the published order")


def test_counted_candidates_come_first_and_a_rank_does_not_override_counts():
    ws = imported("intercept,kind,title,votes,rank\n1,gap,Counted zero,0,\n1,gap,Given first,,1\n"
                  "1,gap,Counted three,3,9\n")
    ranking = rank_candidates(ws)
    assert [r.title for r in ranking] == ["Counted three", "Counted zero", "Given first"]
    assert [r.published_rank for r in ranking] == [None, None, 1]


def test_rank_round_trips_and_is_checked():
    ws = imported(PUBLISHED)
    assert "rank" in worksheet_columns(ws)
    again = parse_worksheet(worksheet_csv_bytes(ws), "again.csv").workshop
    ranks = {c.title: c.rank for c in ws.voting.candidates}
    assert {c.title: c.rank for c in again.voting.candidates} == ranks
    assert errors_of("intercept,kind,title,rank\n1,gap,G,0\n1,point,P,2\n1,gap,H,first\n") == [
        "w.csv:2: rank: the rank is 0: ranks start at 1 (the first priority)",
        "w.csv:3: rank: only gaps carry a rank",
        "w.csv:4: rank: 'first' is not a whole number"]
    assert "rank" not in worksheet_columns(imported("intercept,kind,title\n1,gap,G\n"))


def test_the_report_says_the_order_was_given_not_counted():
    ranking = rank_candidates(imported(PUBLISHED))
    assert "the order was given, not counted" in words.given_order_note(ranking)
    ws = imported(PUBLISHED)
    assert [r.title for r in words.chosen(ws, ranking)] == ["Pretrial screening", "Crisis beds", "Jail MOUD"]
    counted = rank_candidates(imported("intercept,kind,title,votes\n1,gap,G,3\n"))
    assert words.given_order_note(counted) == ""


# --- a gap at several intercepts ----------------------------------------------------------------------

def test_a_gap_at_two_intercepts_sits_at_the_first_and_its_candidate_concerns_both():
    ws = imported('intercept,kind,title,votes\n"0;1",gap,No crisis data shared,4\n')
    gap = ws.gaps()[0]
    cand = ws.voting.candidates[0]
    assert gap.intercept == "0" and cand.intercepts == ["0", "1"]
    assert candidate_intercepts(ws, cand) == ["0", "1"]
    assert rank_candidates(ws)[0].intercepts == ["0", "1"]
    text = format_worksheet(ws)
    assert "0;1,gap,No crisis data shared" in text
    again = parse_worksheet(text.encode(), "again.csv").workshop
    assert again.voting.candidates[0].intercepts == ["0", "1"] and again.gaps()[0].intercept == "0"


def test_several_intercepts_are_refused_where_they_mean_nothing():
    found = errors_of('intercept,kind,title\n"1;2",point,P\n"1;2",resource,R\n"1;X",gap,G\n"1;9",gap,H\n')
    assert found == [
        "w.csv:2: intercept: '1;2' names several intercepts, but a decision point sits at one (only a gap "
        "may concern several: its priority then counts for each)",
        "w.csv:3: intercept: '1;2' names several intercepts, but a resource sits at one (only a gap may "
        "concern several: its priority then counts for each)",
        "w.csv:4: intercept: '1;X' lists X with other intercepts: X alone already means every intercept",
        "w.csv:5: intercept: '9' is not an intercept (use 0 to 5, X, 'Intercept N' or an intercept's label)",
    ]


def test_intercept_labels_may_be_listed_too():
    ws = imported('intercept,kind,title\n"Intercept 2; Jails/Courts",gap,G\n')
    assert ws.voting.candidates[0].intercepts == ["2", "3"]
