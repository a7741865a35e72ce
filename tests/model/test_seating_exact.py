"""Voting tables from where people sit, held exactly: names written as people read them, every seated
person reached, and the default table kept whenever anything was counted at it (issue 20)."""

from __future__ import annotations

from intercept_mapper.model import Ballot, Candidate, Participant, VotingTable, new_workshop
from intercept_mapper.model.document_constants import DEFAULT_TABLE_ID
from intercept_mapper.model.seating import default_table_is_unused, seat_tables, tables_for


def _seated(*tables: str, facilitator_first: bool = False) -> list[Participant]:
    people = [Participant(id=f"p{n}", name=f"Person {n}", table=t) for n, t in enumerate(tables)]
    if facilitator_first:
        people.insert(0, Participant(id="f", name="Fay", table="front", facilitator=True))
    return people


def test_a_name_of_several_words_keeps_them_with_single_spaces() -> None:
    made = tables_for(new_workshop(), _seated("  community   health  ", "west\twing"))
    assert [t.name for t in made] == ["Community health table", "West wing table"]


def test_a_name_that_already_says_table_gets_a_capital_and_nothing_else() -> None:
    made = tables_for(new_workshop(), _seated("north table", "Blue TABLE", "x table"))
    assert [t.name for t in made] == ["North table", "Blue TABLE", "X table"]


def test_a_facilitator_seated_first_stops_no_one_after_them() -> None:
    made = tables_for(new_workshop(), _seated("", "system", "community", facilitator_first=True))
    assert [t.name for t in made] == ["System table", "Community table"]


def test_a_ballot_at_the_default_table_keeps_it() -> None:
    ws = new_workshop()
    ws.voting.ballots = [Ballot(id="b1", device_key="k", table_id=DEFAULT_TABLE_ID, votes={"c1": 2})]
    assert default_table_is_unused(ws) is False
    tables = seat_tables(ws, _seated("system"))
    assert [t.id for t in tables][0] == DEFAULT_TABLE_ID
    assert [t.name for t in tables] == ["All participants", "System table"]


def test_the_default_table_with_nothing_counted_is_unused_and_replaced() -> None:
    ws = new_workshop()
    ws.voting.candidates = [Candidate(id="c1", title="Crisis unit", votes={})]
    assert default_table_is_unused(ws) is True
    assert [t.name for t in seat_tables(ws, _seated("system"))] == ["System table"]


def test_nobody_at_a_new_table_leaves_the_tables_as_they_are() -> None:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System table")]
    tables = seat_tables(ws, _seated("System", "", facilitator_first=True))
    assert [(t.id, t.name) for t in tables] == [("tb-s", "System table")]
    assert tables is not ws.voting.tables  # a new list: the caller's edit replaces the old one whole
    untouched = seat_tables(new_workshop(), [])
    assert [(t.id, t.name) for t in untouched] == [(DEFAULT_TABLE_ID, "All participants")]
