"""Candidate edits: each changes the document as described and reverts (and reapplies) exactly."""

from __future__ import annotations

import pytest

from intercept_mapper.model import (
    ActionPlan,
    Ballot,
    Candidate,
    DecisionPoint,
    Document,
    DocumentError,
    Finding,
    Participant,
    VotingTable,
    new_workshop,
)
from intercept_mapper.model.candidate_edits import (
    add_candidate,
    add_table,
    budget_warnings,
    clear_votes,
    merge_candidates,
    reword,
    set_excluded,
    set_votes,
    sync_gap_candidates,
    table_budget,
    table_participants,
)


@pytest.fixture
def doc() -> Document:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")]
    ws.points = [DecisionPoint(id="p1", intercept="1", title="911 dispatch")]
    ws.findings = [
        Finding(id="g1", kind="gap", intercept="1", title="No 911 to 988 transfer", point_id="p1"),
        Finding(id="g2", kind="gap", intercept="1", title="911 cannot transfer to 988", point_id="p1"),
        Finding(id="g3", kind="gap", intercept="4", title="No reentry planning"),
    ]
    ws.voting.candidates = [
        Candidate(id="c1", title="No 911 to 988 transfer", gap_ids=["g1"], votes={"tb-s": 3, "tb-c": 1}),
        Candidate(id="c2", title="911 cannot transfer to 988", gap_ids=["g2"], votes={"tb-s": 2}),
    ]
    ws.voting.ballots = [Ballot(id="b1", participant_id="pp1", table_id="tb-s", votes={"c1": 1, "c2": 2})]
    ws.action_plans = [ActionPlan(id="ap1", candidate_id="c2", title="Transfer")]
    ws.voting.votes_per_participant = 3
    return Document(ws)


def dump(doc: Document) -> dict:
    return doc.workshop.model_dump()


def check_undo_redo(doc: Document, before: dict, record) -> None:
    after = dump(doc)
    doc.revert(record)
    assert dump(doc) == before
    doc.reapply(record)
    assert dump(doc) == after


def test_merge_combines_votes_gaps_ballots_and_plans_into_the_first(doc: Document) -> None:
    before = dump(doc)
    record = merge_candidates(doc, ["c1", "c2"], "No transfer from 911 to 988")
    cands = doc.items("candidates")
    assert [c.id for c in cands] == ["c1"]
    assert cands[0].title == "No transfer from 911 to 988"
    assert cands[0].votes == {"tb-s": 5, "tb-c": 1}
    assert cands[0].gap_ids == ["g1", "g2"]
    assert doc.get("ballots", "b1").votes == {"c1": 3}
    assert doc.get("action_plans", "ap1").candidate_id == "c1"
    check_undo_redo(doc, before, record)


def test_merge_refuses_a_single_or_unknown_candidate(doc: Document) -> None:
    before = dump(doc)
    with pytest.raises(DocumentError, match="at least two"):
        merge_candidates(doc, ["c1", "c1"], "x")
    with pytest.raises(DocumentError, match="'gone'"):
        merge_candidates(doc, ["c1", "gone"], "x")
    assert dump(doc) == before


def test_exclude_and_reword(doc: Document) -> None:
    before = dump(doc)
    record = set_excluded(doc, "c2", True)
    assert doc.get("candidates", "c2").excluded
    check_undo_redo(doc, before, record)
    doc.revert(record)
    record = reword(doc, "c1", "  Transfer   protocol ")
    assert doc.get("candidates", "c1").title == "Transfer protocol"
    check_undo_redo(doc, before, record)
    with pytest.raises(DocumentError, match="needs a title"):
        reword(doc, "c1", "   ")


def test_add_candidate_cross_intercept_and_at_a_point(doc: Document) -> None:
    before = dump(doc)
    record = add_candidate(doc, "Shared outcome data", ["X"])
    added = doc.items("candidates")[-1]
    assert (added.title, added.intercepts, added.gap_ids) == ("Shared outcome data", ["X"], [])
    assert record.ops[0].item_id == added.id
    check_undo_redo(doc, before, record)
    doc.revert(record)
    add_candidate(doc, "Dispatch training", [], point_id="p1")
    assert doc.items("candidates")[-1].intercepts == ["1"]
    with pytest.raises(DocumentError, match="intercept 9"):
        add_candidate(doc, "Nowhere", ["9"])
    with pytest.raises(DocumentError, match="which intercept"):
        add_candidate(doc, "Nowhere", [])


@pytest.mark.parametrize("bad", [-1, 2.5, "3", None, True])
def test_set_votes_refuses_bad_numbers_naming_the_candidate(doc: Document, bad: object) -> None:
    before = dump(doc)
    with pytest.raises(DocumentError, match="No 911 to 988 transfer"):
        set_votes(doc, "c1", "tb-s", bad)
    assert dump(doc) == before


def test_set_votes_refuses_a_deleted_candidate_and_an_unknown_table(doc: Document) -> None:
    doc.delete(["c2"])
    with pytest.raises(DocumentError, match="'c2' does not exist"):
        set_votes(doc, "c2", "tb-s", 3)
    with pytest.raises(DocumentError, match="table 'tb-x'"):
        set_votes(doc, "c1", "tb-x", 3)


def test_set_votes_records_and_clears(doc: Document) -> None:
    before = dump(doc)
    record = set_votes(doc, "c1", "tb-c", 7)
    assert doc.get("candidates", "c1").votes == {"tb-s": 3, "tb-c": 7}
    check_undo_redo(doc, before, record)
    doc.revert(record)
    set_votes(doc, "c1", "tb-c", 0)  # counted, none: not the same as not counted
    assert doc.get("candidates", "c1").votes == {"tb-s": 3, "tb-c": 0}
    assert not set_votes(doc, "c1", "tb-c", 0)  # nothing changed: an empty record
    before = dump(doc)
    record = clear_votes(doc, "c1", "tb-c")
    assert doc.get("candidates", "c1").votes == {"tb-s": 3}  # blank again: not counted
    check_undo_redo(doc, before, record)
    assert not clear_votes(doc, "c1", "tb-c")
    with pytest.raises(DocumentError, match="'c9' does not exist"):
        clear_votes(doc, "c9", "tb-c")


def test_a_tables_budget_is_its_voters_times_the_votes_each(doc: Document) -> None:
    ws = doc.workshop
    system, community = ws.voting.tables
    ws.voting.votes_per_participant = None
    assert table_budget(ws, system) is None  # no budget recorded: nothing to check
    ws.voting.votes_per_participant = 3
    seated = table_participants(ws, system)
    assert table_budget(ws, system) == (seated * 3 if seated else None)
    community.voters = 20
    assert table_budget(ws, community) == 60
    community.voters = 0
    assert table_budget(ws, community) is None  # nobody counted there: unknown, not zero


def test_add_table_refuses_duplicates(doc: Document) -> None:
    before = dump(doc)
    record = add_table(doc, "Lived experience")
    assert [t.name for t in doc.items("tables")] == ["System", "Community", "Lived experience"]
    check_undo_redo(doc, before, record)
    with pytest.raises(DocumentError, match="already"):
        add_table(doc, "community")


def test_sync_gap_candidates_adds_only_missing_gaps(doc: Document) -> None:
    before = dump(doc)
    record = sync_gap_candidates(doc)
    new = doc.items("candidates")[2:]
    assert [(c.title, c.gap_ids) for c in new] == [("No reentry planning", ["g3"])]
    check_undo_redo(doc, before, record)
    assert not sync_gap_candidates(doc)


def test_budget_warnings_per_table(doc: Document) -> None:
    ws = doc.workshop
    assert budget_warnings(ws) == []  # no participants listed: budget unknown
    ws.participants = [
        Participant(id="pp1", name="A", table="system"),
        Participant(id="pp2", name="B", table="COMMUNITY"),
        Participant(id="pp3", name="F", table="system", facilitator=True),
    ]
    ws.voting.votes_per_participant = 1
    # System: 3 + 2 = 5 votes against 1 voter x 1; Community: 1 vote against 1.
    assert budget_warnings(ws) == [
        "Table 'System' has 5 votes but only 1 to give (1 participant \u00d7 1 vote each)."
    ]
    ws.voting.tables = [VotingTable(id="tb-s", name="All")]  # a single table seats everyone who votes
    ws.voting.votes_per_participant = 3
    assert budget_warnings(ws) == []


def test_a_tables_voter_count_overrides_the_participant_list(doc: Document) -> None:
    ws = doc.workshop
    system = ws.voting.tables[0]
    system.voters = 1  # more people voted than the list names: the count wins, even with no list
    ws.voting.votes_per_participant = 1
    assert budget_warnings(ws) == [
        f"Table '{system.name}' has 5 votes but only 1 to give (1 participant \u00d7 1 vote each)."
    ]
    system.voters = 5
    assert budget_warnings(ws) == []


def test_ballots_add_to_the_tallies_and_are_refused_over_budget(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import add_ballot, ballot_warnings, remove_ballot

    ws = doc.workshop
    doc.delete(["b1"])
    doc.insert("participants", Participant(id="pp-ana", name="Ana", table="community"))
    before = dump(doc)
    record = add_ballot(doc, "pp-ana", {"c1": 2, "c2": 1})  # stacking allowed; seated at Community
    ballot = doc.items("ballots")[0]
    assert (ballot.participant_id, ballot.table_id, ballot.votes) == ("pp-ana", "tb-c", {"c1": 2, "c2": 1})
    assert doc.get("candidates", "c1").votes == {"tb-s": 3, "tb-c": 3}
    assert doc.get("candidates", "c2").votes == {"tb-s": 2, "tb-c": 1}
    check_undo_redo(doc, before, record)
    with pytest.raises(DocumentError, match="already has a ballot at Community"):
        add_ballot(doc, "pp-ana", {"c1": 1})
    removal = remove_ballot(doc, ballot.id)
    assert doc.get("candidates", "c1").votes == {"tb-s": 3, "tb-c": 1} and doc.items("ballots") == []
    doc.revert(removal)
    doc.revert(record)
    assert dump(doc) == before
    with pytest.raises(DocumentError, match="Ana's ballot has 4 votes; each participant has 3"):
        add_ballot(doc, "pp-ana", {"c1": 4})
    with pytest.raises(DocumentError, match="'gone' does not exist"):
        add_ballot(doc, "pp-ana", {"gone": 1})
    with pytest.raises(DocumentError, match="not on the list"):
        add_ballot(doc, "pp-nobody", {"c1": 1})
    assert dump(doc) == before
    # A ballot the tally does not account for is pointed out.
    ws.voting.ballots = [Ballot(id="b9", participant_id="pp-ana", table_id="tb-s", votes={"c2": 3})]
    assert ballot_warnings(ws) == [
        "Ballots give '911 cannot transfer to 988' 3 votes at 'System' but the tally says 2."
    ]


def test_table_upkeep_rename_voters_remove_revert_exactly() -> None:
    from intercept_mapper.model.candidate_edits import remove_table, rename_table, set_table_voters

    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")]
    ws.voting.candidates = [Candidate(id="c1", title="Crisis unit", intercepts=["0"],
                                      votes={"tb-s": 2, "tb-c": 5})]
    doc = Document(ws)
    before = ws.model_dump()
    records = [rename_table(doc, "tb-c", "  Community   table "), set_table_voters(doc, "tb-c", 7)]
    assert (doc.get("tables", "tb-c").name, doc.get("tables", "tb-c").voters) == ("Community table", 7)
    assert not rename_table(doc, "tb-c", "Community table")  # unchanged: an empty record, no step
    for bad, message in (((doc, "tb-s", "community TABLE"), "already a voting table"),
                         ((doc, "tb-s", " "), "needs a name"), ((doc, "tb-x", "X"), "does not exist")):
        with pytest.raises(DocumentError, match=message):
            rename_table(*bad)
    for voters, message in ((-1, "cannot be negative"), ("3", "whole number"), (True, "whole number")):
        with pytest.raises(DocumentError, match=message):
            set_table_voters(doc, "tb-s", voters)
    records.append(remove_table(doc, "tb-c"))
    assert doc.get("candidates", "c1").votes == {"tb-s": 2}
    with pytest.raises(DocumentError, match="only voting table"):
        remove_table(doc, "tb-s")
    for record in reversed(records):
        doc.revert(record)
    assert ws.model_dump() == before


def test_without_a_recorded_budget_nothing_is_checked_or_warned(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import add_ballot, budget_warnings

    doc.workshop.voting.votes_per_participant = None
    doc.delete(["b1"])
    doc.insert("participants", Participant(id="pp-ana", name="Ana", table="community"))
    doc.get("candidates", "c1").votes = {"tb-s": 40}  # far over any budget a table could have
    assert budget_warnings(doc.workshop) == []
    add_ballot(doc, "pp-ana", {"c1": 9})  # nine dots: no budget says that is too many
    assert doc.get("candidates", "c1").votes == {"tb-s": 40, "tb-c": 9}
