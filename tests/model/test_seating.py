"""Voting tables from where people sit, and the roster per table (issue 15, part 5)."""

from __future__ import annotations

from intercept_mapper.model import Candidate, Participant, VotingTable, new_workshop
from intercept_mapper.model.document_constants import DEFAULT_TABLE_ID
from intercept_mapper.model.roster import build_roster
from intercept_mapper.model.seating import seat_tables, tables_for


def _people() -> list[Participant]:
    return [
        Participant(id="a", name="Ana", sector="courts", table="system", lived_experience=False),
        Participant(id="b", name="Bo", sector="peer-lived-experience", table="Community",
                    lived_experience=True),
        Participant(id="c", name="Cy", sector="jail", table=" System  table "),
        Participant(id="d", name="Di", sector="courts", table=""),
        Participant(id="f", name="Fay", sector="local-government", table="facilitators", facilitator=True),
    ]


def test_each_table_named_once_in_first_seen_order_facilitators_make_none() -> None:
    ws = new_workshop()
    made = tables_for(ws, _people())
    assert [t.name for t in made] == ["System table", "Community table"]


def test_the_unused_default_table_is_replaced_a_counted_one_is_kept() -> None:
    ws = new_workshop()
    assert [t.name for t in seat_tables(ws, _people())] == ["System table", "Community table"]
    ws.voting.candidates = [Candidate(id="c1", title="Crisis unit", votes={DEFAULT_TABLE_ID: 4})]
    tables = seat_tables(ws, _people())
    assert [t.id for t in tables][0] == DEFAULT_TABLE_ID and len(tables) == 3


def test_tables_already_there_are_not_made_again() -> None:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System table")]
    assert [t.name for t in tables_for(ws, _people())] == ["Community table"]


def test_roster_counts_people_per_table_and_unknown_lived_experience_apart() -> None:
    ws = new_workshop()
    ws.participants = _people()
    roster = build_roster(ws)
    assert roster.tables == {"system": 2, "Community": 1, "": 1}  # "System  table" is the same table
    ws.voting.tables = seat_tables(ws, ws.participants)
    assert build_roster(ws).tables == {"System table": 2, "Community table": 1, "": 1}
    assert (roster.lived_experience, roster.lived_experience_unknown) == (1, 2)
    ws.participants[1].lived_experience = None
    warning = build_roster(ws).warnings[0]
    assert warning.startswith("Nobody is recorded as having lived experience, and it is not recorded "
                              "for 3 of 4")


def test_a_facilitator_who_is_a_local_leader_counts_for_their_sector() -> None:
    ws = new_workshop()
    ws.participants = _people()
    assert "local-government" not in build_roster(ws).sectors
    ws.participants[4].counts_for_sector = True
    roster = build_roster(ws)
    assert roster.sectors["local-government"] == 1
    assert "local-government" in {s for s, people in roster.participants_by_sector.items() if people}
