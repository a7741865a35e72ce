"""Editing candidate priorities and votes: merge, exclude, reword, add, tally, voting tables.

Each edit changes a ``Document`` and returns an ``EditRecord`` that ``Document.revert`` undoes exactly
(the app wraps them in ``ui.commands.CompoundRecordCommand``). Bad input raises ``DocumentError`` with a
message that names the candidate, before anything changes.
"""

from __future__ import annotations

from .document import Document, DocumentError, EditRecord
from .ids import new_id
from .workshop import DEFAULT_TABLE_ID, Ballot, Candidate, VotingTable, Workshop


def _candidate(doc: Document, candidate_id: str, doing: str) -> Candidate:
    cand = doc.get("candidates", candidate_id)
    if cand is None:
        raise DocumentError(f"cannot {doing}: candidate '{candidate_id}' does not exist (was it deleted?)")
    return cand


def _clean_title(title: str, doing: str) -> str:
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise DocumentError(f"cannot {doing}: a candidate needs a title")
    return cleaned


# ------------------------------------------------------------------------------- candidates
def merge_candidates(doc: Document, ids: list[str], title: str) -> EditRecord:
    """Merge candidates into the first of ``ids``: votes per table, gaps, places and ballots combined."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise DocumentError("choose at least two candidates to merge")
    cands = [_candidate(doc, cid, "merge") for cid in ids]
    title = _clean_title(title, "merge")
    keep, others = cands[0], cands[1:]
    votes = dict(keep.votes)
    gap_ids = list(keep.gap_ids)
    intercepts = list(keep.intercepts)
    for other in others:
        for table_id, n in other.votes.items():
            votes[table_id] = votes.get(table_id, 0) + n
        gap_ids += [g for g in other.gap_ids if g not in gap_ids]
        intercepts += [i for i in other.intercepts if i not in intercepts]
    description = keep.description or next((o.description for o in others if o.description), "")
    point_id = keep.point_id or next((o.point_id for o in others if o.point_id), None)
    record = EditRecord()
    doc.recorded_update(
        record, "candidates", keep.id, title=title, votes=votes, gap_ids=gap_ids,
        intercepts=intercepts, description=description, point_id=point_id,
    )
    gone = {o.id for o in others}
    # Ballots and plans follow the merged candidate, so deleting the others loses nothing.
    for ballot in doc.items("ballots"):
        if gone & ballot.votes.keys():
            moved = {k: v for k, v in ballot.votes.items() if k not in gone}
            moved[keep.id] = moved.get(keep.id, 0) + sum(ballot.votes.get(g, 0) for g in gone)
            doc.recorded_update(record, "ballots", ballot.id, votes=moved)
    for plan in doc.items("action_plans"):
        if plan.candidate_id in gone:
            doc.recorded_update(record, "action_plans", plan.id, candidate_id=keep.id)
    record.ops.extend(doc.delete([o.id for o in others]).ops)
    return record


def set_excluded(doc: Document, candidate_id: str, excluded: bool) -> EditRecord:
    """Leave a candidate out of the ranking (or bring it back)."""
    _candidate(doc, candidate_id, "exclude")
    record = EditRecord()
    doc.recorded_update(record, "candidates", candidate_id, excluded=bool(excluded))
    return record


def reword(doc: Document, candidate_id: str, title: str) -> EditRecord:
    """Give a candidate a new title (its gaps keep theirs)."""
    _candidate(doc, candidate_id, "reword")
    record = EditRecord()
    doc.recorded_update(record, "candidates", candidate_id, title=_clean_title(title, "reword"))
    return record


def add_candidate(
    doc: Document, title: str, intercepts: list[str], point_id: str | None = None
) -> EditRecord:
    """Add a candidate that is not a gap (often cross-intercept ``["X"]``); first op holds its id."""
    title = _clean_title(title, "add a candidate")
    scheme = doc.workshop.scheme
    unknown = [i for i in intercepts if not scheme.has(i)]
    if unknown:
        raise DocumentError(f"cannot add '{title}': intercept {', '.join(unknown)} is not on this map")
    intercepts = list(dict.fromkeys(intercepts))
    if point_id is not None:
        point = doc.get("points", point_id)
        if point is None:
            raise DocumentError(f"cannot add '{title}': decision point '{point_id}' does not exist")
        if not intercepts:
            intercepts = [point.intercept]
    if not intercepts:
        raise DocumentError(
            f"cannot add '{title}': say which intercept it concerns (or X for cross-intercept)"
        )
    record = EditRecord()
    cand = Candidate(id=new_id("candidate"), title=title, intercepts=intercepts, point_id=point_id)
    doc.recorded_insert(record, "candidates", cand)
    return record


def sync_gap_candidates(doc: Document) -> EditRecord:
    """Make every gap that is in no candidate a candidate of its own (gaps are candidates by default)."""
    in_candidates = {g for c in doc.items("candidates") for g in c.gap_ids}
    record = EditRecord()
    for gap in doc.workshop.gaps():
        if gap.id not in in_candidates:
            cand = Candidate(id=new_id("candidate"), title=gap.title, gap_ids=[gap.id])
            doc.recorded_insert(record, "candidates", cand)
    return record


# ------------------------------------------------------------------------------- votes and tables
def set_votes(doc: Document, candidate_id: str, table_id: str, votes: object) -> EditRecord:
    """Record a table's votes for a candidate; refuses negative or non-whole numbers and unknown items.

    0 is a count (the table counted and found none); ``clear_votes`` makes the cell "not counted".
    """
    cand = _candidate(doc, candidate_id, "record votes")
    if isinstance(votes, bool) or not isinstance(votes, int):
        raise DocumentError(f"votes for '{cand.title}' must be a whole number, not {votes!r}")
    if votes < 0:
        raise DocumentError(f"votes for '{cand.title}' cannot be negative ({votes})")
    table = doc.get("tables", table_id)
    if table is None:
        raise DocumentError(
            f"cannot record votes for '{cand.title}': voting table '{table_id}' does not exist"
        )
    new_votes = dict(cand.votes)
    new_votes[table_id] = votes
    record = EditRecord()
    if new_votes != cand.votes:
        doc.recorded_update(record, "candidates", candidate_id, votes=new_votes)
    return record


def clear_votes(doc: Document, candidate_id: str, table_id: str) -> EditRecord:
    """Forget a table's count for a candidate: "not counted", which is not the same as 0 votes."""
    cand = _candidate(doc, candidate_id, "clear votes")
    record = EditRecord()
    if table_id in cand.votes:
        new_votes = {t: n for t, n in cand.votes.items() if t != table_id}
        doc.recorded_update(record, "candidates", candidate_id, votes=new_votes)
    return record


def add_table(doc: Document, name: str) -> EditRecord:
    """Add a voting table such as "system" or "community"; names are unique ignoring case."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise DocumentError("a voting table needs a name")
    if any(t.name.casefold() == cleaned.casefold() for t in doc.items("tables")):
        raise DocumentError(f"there is already a voting table called '{cleaned}'")
    record = EditRecord()
    doc.recorded_insert(record, "tables", VotingTable(id=new_id("table"), name=cleaned))
    return record


def table_participants(ws: Workshop, table: VotingTable) -> int:
    """Voters seated at a table: names match ignoring case and a trailing "table"; all when it is alone.

    Facilitators do not vote, so they are not counted.
    """
    voters = [p for p in ws.participants if not p.facilitator]
    if len(ws.voting.tables) == 1:
        return len(voters)
    name = table_key(table.name)
    matched = [p for p in voters if table_key(p.table) == name]
    if not matched and table.id == DEFAULT_TABLE_ID:
        # The default table beside named ones holds everyone not seated at a named table.
        named = {table_key(t.name) for t in ws.voting.tables if t.id != DEFAULT_TABLE_ID}
        matched = [p for p in voters if table_key(p.table) not in named]
    return len(matched)


def table_key(name: str) -> str:
    """The name a table is matched by: "System table" in the app and "system" in the participants
    CSV name the same table."""
    key = " ".join(name.split()).casefold()
    return key.removesuffix(" table") if key != "table" else key


def table_budget(ws: Workshop, table: VotingTable) -> int | None:
    """The votes a table has to give (its voters times the votes each); None when that is unknown.

    Unknown: no votes per participant recorded, or nobody counted at the table (no ``voters`` and
    no participant seated there), so there is nothing to check a count against.
    """
    per_person = ws.voting.votes_per_participant
    if per_person is None:
        return None
    people = table.voters if table.voters is not None else table_participants(ws, table)
    if not people:
        return None
    return people * per_person


def budget_warnings(ws: Workshop) -> list[str]:
    """One warning per table whose votes exceed its participants times the votes each may cast.

    A table's ``voters`` count, when given, stands in for the participants seated there; nothing is said
    for a table with neither, or when no vote budget is recorded (the budget is then unknown).
    """
    return [warning for table in ws.voting.tables if (warning := table_budget_warning(ws, table))]


def table_budget_warning(ws: Workshop, table: VotingTable) -> str | None:
    """Why one table's votes exceed its budget (see ``budget_warnings``), or None."""
    per_person = ws.voting.votes_per_participant
    if per_person is None:
        return None  # no budget was recorded: there is nothing to check against
    if table.voters is None and not ws.participants:
        return None  # nobody listed and no count given: the budget is unknown
    total = sum(c.votes.get(table.id, 0) for c in ws.voting.candidates)
    people = table.voters if table.voters is not None else table_participants(ws, table)
    budget = people * per_person
    if total <= budget:
        return None
    seated = "1 participant" if people == 1 else f"{people} participants"
    each = "1 vote" if per_person == 1 else f"{per_person} votes"
    return (f"Table '{table.name}' has {total} votes but only {budget} to give "
            f"({seated} \u00d7 {each} each).")


# ------------------------------------------------------------------------------- ballots (audit trail)
def participant_table(ws: Workshop, participant_id: str) -> VotingTable | None:
    """The voting table a participant sits at: by the participant's table name, else the only/first table."""
    person = next((p for p in ws.participants if p.id == participant_id), None)
    tables = ws.voting.tables
    if person is not None and len(tables) > 1:
        match = next((t for t in tables if table_key(t.name) == table_key(person.table)), None)
        if match is not None:
            return match
    return tables[0] if tables else None


def add_ballot(
    doc: Document, participant_id: str, votes: dict[str, int], table_id: str | None = None
) -> EditRecord:
    """Record one participant's ballot and add its votes to the tallies; refuses an over-budget ballot.

    Stacking is allowed (several votes for one candidate); a participant has one ballot per table.
    """
    ws = doc.workshop
    person = doc.get("participants", participant_id)
    if person is None:
        raise DocumentError(f"cannot record a ballot: participant '{participant_id}' is not on the list")
    table = doc.get("tables", table_id) if table_id else participant_table(ws, participant_id)
    if table is None:
        raise DocumentError(f"cannot record {person.name}'s ballot: there is no such voting table")
    cast = {cid: n for cid, n in votes.items() if n != 0}
    for cand_id, n in cast.items():
        cand = _candidate(doc, cand_id, f"record {person.name}'s ballot")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DocumentError(
                f"{person.name}'s votes for '{cand.title}' must be a whole number of 0 or more"
            )
    total, budget = sum(cast.values()), ws.voting.votes_per_participant
    if budget is not None and total > budget:
        raise DocumentError(f"{person.name}'s ballot has {total} votes; each participant has {budget}")
    if any(b.participant_id == participant_id and b.table_id == table.id for b in doc.items("ballots")):
        raise DocumentError(f"{person.name} already has a ballot at {table.name}; remove it first")
    record = EditRecord()
    ballot = Ballot(id=new_id("ballot"), participant_id=participant_id, table_id=table.id, votes=cast)
    doc.recorded_insert(record, "ballots", ballot)
    for cand_id, n in cast.items():
        cand = doc.get("candidates", cand_id)
        tally = dict(cand.votes)
        tally[table.id] = tally.get(table.id, 0) + n
        doc.recorded_update(record, "candidates", cand_id, votes=tally)
    return record


def remove_ballot(doc: Document, ballot_id: str) -> EditRecord:
    """Remove a ballot and take its votes off the tallies (never below zero)."""
    ballot = doc.get("ballots", ballot_id)
    if ballot is None:
        raise DocumentError(f"no ballot with id '{ballot_id}'")
    record = EditRecord()
    for cand_id, n in ballot.votes.items():
        cand = doc.get("candidates", cand_id)
        if cand is not None:
            tally = dict(cand.votes)
            tally[ballot.table_id] = max(0, tally.get(ballot.table_id, 0) - n)
            doc.recorded_update(record, "candidates", cand_id, votes=tally)
    record.ops.extend(doc.delete([ballot_id]).ops)
    return record


def ballot_warnings(ws: Workshop) -> list[str]:
    """Where the recorded ballots give a candidate more votes at a table than its tally says."""
    from_ballots: dict[tuple[str, str], int] = {}
    for ballot in ws.voting.ballots:
        for cand_id, n in ballot.votes.items():
            key = (cand_id, ballot.table_id)
            from_ballots[key] = from_ballots.get(key, 0) + n
    tables = {t.id: t.name for t in ws.voting.tables}
    warnings = []
    for cand in ws.voting.candidates:
        for table_id, name in tables.items():
            counted = from_ballots.get((cand.id, table_id), 0)
            if counted > cand.votes.get(table_id, 0):
                warnings.append(f"Ballots give '{cand.title}' {counted} votes at '{name}' but the tally "
                                f"says {cand.votes.get(table_id, 0)}.")
    return warnings


# ------------------------------------------------------------------------------- table upkeep
def _table(doc: Document, table_id: str, doing: str) -> VotingTable:
    table = doc.get("tables", table_id)
    if table is None:
        raise DocumentError(f"cannot {doing}: voting table '{table_id}' does not exist (was it removed?)")
    return table


def rename_table(doc: Document, table_id: str, name: str) -> EditRecord:
    """Give a voting table a new name (unique ignoring case)."""
    table = _table(doc, table_id, "rename the table")
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise DocumentError("a voting table needs a name")
    if any(t.id != table_id and t.name.casefold() == cleaned.casefold() for t in doc.items("tables")):
        raise DocumentError(f"there is already a voting table called '{cleaned}'")
    record = EditRecord()
    if cleaned != table.name:
        doc.recorded_update(record, "tables", table_id, name=cleaned)
    return record


def set_table_voters(doc: Document, table_id: str, voters: object) -> EditRecord:
    """Say how many people voted at a table (None: count the participants seated there)."""
    table = _table(doc, table_id, "set the number of voters")
    if voters is not None and (isinstance(voters, bool) or not isinstance(voters, int)):
        raise DocumentError(f"the number of voters at '{table.name}' must be a whole number, not {voters!r}")
    if voters is not None and voters < 0:
        raise DocumentError(f"the number of voters at '{table.name}' cannot be negative ({voters})")
    record = EditRecord()
    if voters != table.voters:
        doc.recorded_update(record, "tables", table_id, voters=voters)
    return record


def remove_table(doc: Document, table_id: str) -> EditRecord:
    """Remove a voting table with its votes and ballots (the last table stays: votes need a table)."""
    table = _table(doc, table_id, "remove the table")
    if len(doc.items("tables")) <= 1:
        raise DocumentError(f"'{table.name}' is the only voting table: votes need at least one table")
    return doc.delete([table_id])


def table_vote_total(ws: Workshop, table_id: str) -> int:
    """Votes recorded at one table, over every candidate."""
    return sum(c.votes.get(table_id, 0) for c in ws.voting.candidates)
