"""A phone's ballot replaces its earlier one, tallies stay the exact sum, and revert undoes it all."""

from __future__ import annotations

import pytest

from intercept_mapper.model.candidate_edits import set_votes
from intercept_mapper.model.document import Document, DocumentError
from intercept_mapper.model.room_ballots import (
    add_suggestion,
    cast_room_ballot,
    clear_room_ballots,
    room_ballot_of,
    room_ballots,
)
from intercept_mapper.model.simmap_file import check_workshop
from intercept_mapper.model.workshop import Ballot, Participant
from tests.room.room_support import voting_workshop


def tallies(doc: Document) -> dict[str, dict[str, int]]:
    return {c.id: dict(c.votes) for c in doc.items("candidates")}


def test_a_later_ballot_replaces_the_earlier_one_at_any_table() -> None:
    doc = Document(voting_workshop())
    set_votes(doc, "c1", "tsys", 4)  # typed in from a flip chart: stays
    cast_room_ballot(doc, "k1", "tsys", {"c1": 2, "c2": 1})
    cast_room_ballot(doc, "k2", "tsys", {"c1": 1})
    assert tallies(doc)["c1"] == {"tsys": 7}
    cast_room_ballot(doc, "k1", "tcom", {"c3": 3})
    assert tallies(doc) == {"c1": {"tsys": 5, "tcom": 0}, "c2": {"tsys": 0, "tcom": 0},
                            "c3": {"tsys": 0, "tcom": 3}}  # a table that voted counted every candidate
    assert [b.device_key for b in room_ballots(doc)] == ["k2", "k1"]
    assert room_ballot_of(doc, "k1").votes == {"c3": 3}
    assert check_workshop(doc.workshop) == []


def test_revert_puts_the_earlier_ballot_back_exactly() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 2})
    before = doc.workshop.model_dump()
    record = cast_room_ballot(doc, "k1", "tsys", {"c2": 3})
    after = doc.workshop.model_dump()
    doc.revert(record)
    assert doc.workshop.model_dump() == before
    doc.reapply(record)
    assert doc.workshop.model_dump() == after


def test_votes_for_a_candidate_deleted_meanwhile_are_dropped() -> None:
    doc = Document(voting_workshop())
    doc.delete(["c2"])
    cast_room_ballot(doc, "k1", "tsys", {"c1": 1, "c2": 2})
    assert room_ballot_of(doc, "k1").votes == {"c1": 1}


@pytest.mark.parametrize(("args", "says"), [
    (("", "tsys", {}), "device key"), (("k", "nope", {}), "does not exist"),
    (("k", "tsys", {"c1": -1}), "0 or more"),
])
def test_bad_room_ballots_change_nothing(args: tuple, says: str) -> None:
    doc = Document(voting_workshop())
    before = doc.workshop.model_dump()
    with pytest.raises(DocumentError, match=says):
        cast_room_ballot(doc, *args)
    assert doc.workshop.model_dump() == before


def test_a_suggestion_waits_in_the_inbox() -> None:
    doc = Document(voting_workshop())
    record = add_suggestion(doc, "gap", "X", " No  shared data ")
    (item,) = doc.workshop.inbox
    assert (item.kind, item.intercept, item.text) == ("gap", "X", "No shared data")
    assert item.id.startswith("sg-")
    doc.revert(record)
    assert doc.workshop.inbox == []
    with pytest.raises(DocumentError):
        add_suggestion(doc, "gap", "9", "x")


def test_clearing_takes_every_phone_ballot_and_its_dots_out_in_one_revertible_record() -> None:
    doc = Document(voting_workshop())
    set_votes(doc, "c1", "tsys", 4)  # typed in from a flip chart: stays
    cast_room_ballot(doc, "k1", "tsys", {"c1": 2, "c2": 1})
    cast_room_ballot(doc, "k2", "tcom", {"c3": 3})
    doc.insert("participants", Participant(id="p1", name="A"))
    doc.insert("ballots", Ballot(id="kept", participant_id="p1", table_id="tsys",
                                 votes={"c2": 1}))  # a participant's, recorded by hand: not taken
    before = doc.workshop.model_dump()
    record = clear_room_ballots(doc)
    assert room_ballots(doc) == []
    assert [b.id for b in doc.items("ballots")] == ["kept"]
    assert tallies(doc) == {"c1": {"tsys": 4, "tcom": 0}, "c2": {"tsys": 0, "tcom": 0},
                            "c3": {"tsys": 0, "tcom": 0}}
    assert check_workshop(doc.workshop) == []
    doc.revert(record)
    assert doc.workshop.model_dump() == before
