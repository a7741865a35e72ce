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


def test_a_phone_ballot_keeps_only_its_nonzero_votes_and_counts_zero_for_the_rest_of_its_table() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 0, "c2": 2})
    (ballot,) = room_ballots(doc)
    assert (ballot.participant_id, ballot.device_key, ballot.table_id, ballot.votes) == (None, "k1", "tsys",
                                                                                          {"c2": 2})
    assert ballot.id.startswith("bl-") and len(ballot.id) == len("bl-") + 12
    assert tallies(doc) == {"c1": {"tsys": 0}, "c2": {"tsys": 2}, "c3": {"tsys": 0}}
    assert room_ballot_of(doc, "k2") is None


def test_the_same_ballot_sent_again_changes_no_tally() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 2})
    record = cast_room_ballot(doc, "k1", "tsys", {"c1": 2})
    assert tallies(doc) == {"c1": {"tsys": 2}, "c2": {"tsys": 0}, "c3": {"tsys": 0}}
    assert [b.device_key for b in room_ballots(doc)] == ["k1"]
    # The ballot itself is replaced (out and in), but no candidate is rewritten.
    assert [(op.kind, op.collection) for op in record.ops] == [("remove", "ballots"), ("insert", "ballots")]


def test_moving_to_another_table_takes_the_votes_off_the_first_and_never_below_zero() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 3})
    set_votes(doc, "c1", "tsys", 1)  # the facilitator lowered the count meanwhile
    cast_room_ballot(doc, "k1", "tcom", {"c1": 2})
    assert tallies(doc)["c1"] == {"tsys": 0, "tcom": 2}


def test_only_anonymous_phone_ballots_are_room_ballots() -> None:
    doc = Document(voting_workshop())
    doc.insert("participants", Participant(id="p1", name="A"))
    doc.insert("ballots", Ballot(id="named", participant_id="p1", device_key="k1", table_id="tsys"))
    doc.insert("ballots", Ballot(id="typed", participant_id=None, device_key="", table_id="tsys"))
    assert room_ballots(doc) == []
    assert room_ballot_of(doc, "k1") is None


@pytest.mark.parametrize(("args", "message"), [
    (("", "tsys", {}), "a room ballot needs its device key"),
    (("k", "nope", {}), "cannot record a room ballot: voting table 'nope' does not exist"),
    (("k", "tsys", {"c1": -1}), "a room ballot's votes must be whole numbers of 0 or more"),
    (("k", "tsys", {"c1": True}), "a room ballot's votes must be whole numbers of 0 or more"),
    (("k", "tsys", {"c1": 1.0}), "a room ballot's votes must be whole numbers of 0 or more"),
    (("k", "tsys", {"c1": "2"}), "a room ballot's votes must be whole numbers of 0 or more"),
])
def test_bad_room_ballots_are_refused_saying_why_whole(args: tuple, message: str) -> None:
    doc = Document(voting_workshop())
    before = doc.workshop.model_dump()
    with pytest.raises(DocumentError) as caught:
        cast_room_ballot(doc, *args)
    assert str(caught.value) == message
    assert doc.workshop.model_dump() == before


def test_clearing_leaves_a_count_the_facilitator_lowered_at_zero() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 3})
    cast_room_ballot(doc, "k2", "tsys", {"c1": 1})
    set_votes(doc, "c1", "tsys", 2)  # lowered below what the phones sent
    clear_room_ballots(doc)
    assert tallies(doc)["c1"] == {"tsys": 0}


def test_clearing_with_no_phone_ballots_changes_nothing() -> None:
    doc = Document(voting_workshop())
    set_votes(doc, "c1", "tsys", 4)
    before = doc.workshop.model_dump()
    clear_room_ballots(doc)
    assert doc.workshop.model_dump() == before


@pytest.mark.parametrize(("args", "message"), [
    (("idea", "1", "x"), "a suggestion is a resource or a gap, not 'idea'"),
    (("gap", "9", "x"), "intercept 9 is not on this map"),
    (("resource", "1", " \n\t "), "a suggestion needs some text"),
])
def test_bad_suggestions_are_refused_saying_why_whole(args: tuple, message: str) -> None:
    doc = Document(voting_workshop())
    with pytest.raises(DocumentError) as caught:
        add_suggestion(doc, *args)
    assert str(caught.value) == message
    assert doc.workshop.inbox == []


def test_a_suggested_resource_is_kept_with_its_text_on_one_line() -> None:
    doc = Document(voting_workshop())
    add_suggestion(doc, "resource", "1", "Mobile\ncrisis\tteam")
    (item,) = doc.workshop.inbox
    assert (item.kind, item.intercept, item.text) == ("resource", "1", "Mobile crisis team")


def test_a_ballot_updates_candidates_listed_after_one_it_leaves_alone() -> None:
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c2": 1})  # tsys has counted every candidate from now on
    cast_room_ballot(doc, "k2", "tsys", {"c3": 2})  # c1 (first) unchanged; c3 (last) must still move
    assert tallies(doc) == {"c1": {"tsys": 0}, "c2": {"tsys": 1}, "c3": {"tsys": 2}}


def test_a_phone_moving_on_after_its_count_was_cleared_leaves_that_table_counted_at_zero() -> None:
    from intercept_mapper.model.candidate_edits import clear_votes
    doc = Document(voting_workshop())
    cast_room_ballot(doc, "k1", "tsys", {"c1": 2})
    clear_votes(doc, "c1", "tsys")  # the facilitator blanked the cell meanwhile
    cast_room_ballot(doc, "k1", "tcom", {"c1": 1})
    assert tallies(doc)["c1"] == {"tsys": 0, "tcom": 1}


def test_clearing_takes_out_only_the_phones_dots_at_their_own_table_for_every_candidate() -> None:
    doc = Document(voting_workshop())
    set_votes(doc, "c3", "tsys", 4)  # typed at the system table
    cast_room_ballot(doc, "k1", "tcom", {"c3": 2})  # only the last candidate has phone dots
    clear_room_ballots(doc)
    assert tallies(doc) == {"c1": {"tcom": 0}, "c2": {"tcom": 0}, "c3": {"tsys": 4, "tcom": 0}}
