"""Voting tables from where people sit: the participants' ``table`` column makes the tables.

Many workshops vote at separate tables, for example a system table and a community table (the PACT
model keeps them apart so that the community's priorities are not outvoted). When an imported
participant list says where each person sits, the workshop gets one voting table per table named
there, so that per-table tallies and budgets work without setting the tables up by hand.
"""

from __future__ import annotations

from .candidate_edits import table_key
from .document_constants import DEFAULT_TABLE_ID
from .ids import new_id
from .workshop import Participant, VotingTable, Workshop


def _display_name(written: str) -> str:
    """``system`` -> ``System table``; a name that already says "table" or is longer stays as written."""
    name = " ".join(written.split())
    if table_key(name) != name.casefold():  # it already ends in "table"
        return name[:1].upper() + name[1:]
    return name[:1].upper() + name[1:] + " table"


def tables_for(ws: Workshop, people: list[Participant]) -> list[VotingTable]:
    """The voting tables ``people`` sit at that the workshop does not have yet, in the order first named.

    Facilitators do not vote, so where they sit makes no table.
    """
    known = {table_key(t.name) for t in ws.voting.tables}
    made: list[VotingTable] = []
    for person in people:
        if person.facilitator or not person.table.strip():
            continue
        key = table_key(" ".join(person.table.split()))
        if key and key not in known:
            known.add(key)
            made.append(VotingTable(id=new_id("table"), name=_display_name(person.table)))
    return made


def default_table_is_unused(ws: Workshop) -> bool:
    """True when the workshop has only the default "All participants" table and nothing counted there."""
    tables = ws.voting.tables
    return (len(tables) == 1 and tables[0].id == DEFAULT_TABLE_ID
            and not any(DEFAULT_TABLE_ID in c.votes for c in ws.voting.candidates)
            and not any(b.table_id == DEFAULT_TABLE_ID for b in ws.voting.ballots))


def seat_tables(ws: Workshop, people: list[Participant]) -> list[VotingTable]:
    """The workshop's voting tables once ``people`` are seated: named tables added; the unused default
    table replaced by them (a table with counted votes is never dropped)."""
    made = tables_for(ws, people)
    if not made:
        return list(ws.voting.tables)
    if default_table_is_unused(ws):
        return made
    return [*ws.voting.tables, *made]
