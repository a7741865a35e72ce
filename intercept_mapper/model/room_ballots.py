"""Room voting's edits: a phone's ballot (replacing the same phone's earlier one) and a suggestion sent
to the inbox, each one ``EditRecord`` that ``Document.revert`` undoes exactly.

A phone's ballot is anonymous: it keeps an opaque per-session ``device_key`` and never a name, an
address or the device's own id. The tallies (``Candidate.votes``) move with the ballots, so a table's
tally is what its facilitator typed plus the phones' current ballots, never a ballot counted twice.
"""

from __future__ import annotations

from .document import Document, DocumentError, EditRecord
from .ids import new_id
from .workshop import Ballot, Suggestion


def room_ballots(doc: Document) -> list[Ballot]:
    """The anonymous ballots from phones, in document order."""
    return [b for b in doc.items("ballots") if b.participant_id is None and b.device_key]


def room_ballot_of(doc: Document, device_key: str) -> Ballot | None:
    """The current ballot of one phone (by its session key), or None."""
    return next((b for b in room_ballots(doc) if b.device_key == device_key), None)


def cast_room_ballot(doc: Document, device_key: str, table_id: str, votes: dict[str, int]) -> EditRecord:
    """Record a phone's ballot at a table, replacing that phone's earlier ballot (at any table).

    Votes for candidates no longer in the document are dropped (the facilitator deleted one while the
    phone was voting); bad counts or an unknown table raise ``DocumentError`` before anything changes.
    """
    if not device_key:
        raise DocumentError("a room ballot needs its device key")
    table = doc.get("tables", table_id)
    if table is None:
        raise DocumentError(f"cannot record a room ballot: voting table '{table_id}' does not exist")
    for n in votes.values():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DocumentError("a room ballot's votes must be whole numbers of 0 or more")
    cast = {cid: n for cid, n in votes.items() if n and doc.get("candidates", cid) is not None}
    earlier = [b for b in room_ballots(doc) if b.device_key == device_key]
    # The net change of each tally, so that a candidate on both ballots is updated once (or not at all).
    delta: dict[str, dict[str, int]] = {}
    for old in earlier:
        for cand_id, n in old.votes.items():
            by_table = delta.setdefault(cand_id, {})
            by_table[old.table_id] = by_table.get(old.table_id, 0) - n
    for cand_id, n in cast.items():
        by_table = delta.setdefault(cand_id, {})
        by_table[table.id] = by_table.get(table.id, 0) + n
    record = EditRecord()
    for old in earlier:
        doc.recorded_remove(record, "ballots", old.id)
    ballot = Ballot(id=new_id("ballot"), participant_id=None, device_key=device_key, table_id=table.id,
                    votes=cast)
    doc.recorded_insert(record, "ballots", ballot)
    for cand in doc.items("candidates"):
        change = delta.get(cand.id, {})
        # The table has counted every candidate once a phone voted there: 0 is a count, not "not counted".
        if not change and table.id in cand.votes:
            continue
        tally = dict(cand.votes)
        tally.setdefault(table.id, 0)
        for table_id, d in change.items():
            tally[table_id] = max(0, tally.get(table_id, 0) + d)
        if tally != cand.votes:
            doc.recorded_update(record, "candidates", cand.id, votes=tally)
    return record


def clear_room_ballots(doc: Document) -> EditRecord:
    """Take every phone's ballot out, and its dots out of the tallies: the file is ready for a new room
    vote (an earlier session's phones would otherwise count again under new device keys).

    A table's count that only phones made stays at 0 (counted, none left), as a phone that sent an
    empty ballot leaves it; what a facilitator typed stays as typed.
    """
    ballots = room_ballots(doc)
    record = EditRecord()
    taken: dict[str, dict[str, int]] = {}
    for ballot in ballots:
        for cand_id, n in ballot.votes.items():
            by_table = taken.setdefault(cand_id, {})
            by_table[ballot.table_id] = by_table.get(ballot.table_id, 0) + n
    for ballot in ballots:
        doc.recorded_remove(record, "ballots", ballot.id)
    for cand in doc.items("candidates"):
        if cand.id not in taken:
            continue
        tally = {t: max(0, n - taken[cand.id].get(t, 0)) for t, n in cand.votes.items()}
        if tally != cand.votes:
            doc.recorded_update(record, "candidates", cand.id, votes=tally)
    return record


def add_suggestion(doc: Document, kind: str, intercept: str, text: str) -> EditRecord:
    """Put a suggested resource or gap in the inbox (the parking lot) until a facilitator takes it."""
    if kind not in ("resource", "gap"):
        raise DocumentError(f"a suggestion is a resource or a gap, not {kind!r}")
    if not doc.workshop.scheme.has(intercept):
        raise DocumentError(f"intercept {intercept} is not on this map")
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise DocumentError("a suggestion needs some text")
    record = EditRecord()
    doc.recorded_insert(record, "inbox", Suggestion(id=new_id("suggestion"), kind=kind, intercept=intercept,
                                                      text=cleaned))
    return record
