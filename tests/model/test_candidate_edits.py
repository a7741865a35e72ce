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


# ------------------------------------------------------------------------------- refusals said whole
def _refusal(edit, *args) -> str:
    with pytest.raises(DocumentError) as caught:
        edit(*args)
    return str(caught.value)


def test_every_refusal_names_what_is_wrong_whole(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import (
        add_ballot,
        remove_ballot,
        remove_table,
        rename_table,
        set_table_voters,
    )

    doc.insert("participants", Participant(id="pp-ana", name="Ana", table="community"))
    before = dump(doc)
    title = "No 911 to 988 transfer"
    assert [
        _refusal(merge_candidates, doc, ["c1", "c1"], "x"),
        _refusal(merge_candidates, doc, ["c1", "gone"], "x"),
        _refusal(merge_candidates, doc, ["c1", "c2"], " \t"),
        _refusal(set_excluded, doc, "gone", True),
        _refusal(reword, doc, "c1", ""),
        _refusal(add_candidate, doc, " ", ["1"]),
        _refusal(add_candidate, doc, "Nowhere", ["9", "1", "8"]),
        _refusal(add_candidate, doc, "Nowhere", [], "p9"),
        _refusal(add_candidate, doc, "Nowhere", []),
        _refusal(set_votes, doc, "c1", "tb-s", 2.5),
        _refusal(set_votes, doc, "c1", "tb-s", True),
        _refusal(set_votes, doc, "c1", "tb-s", -1),
        _refusal(set_votes, doc, "c1", "tb-x", 3),
        _refusal(clear_votes, doc, "c9", "tb-s"),
        _refusal(add_table, doc, " \n "),
        _refusal(add_table, doc, " community "),
        _refusal(add_ballot, doc, "pp-nobody", {"c1": 1}),
        _refusal(add_ballot, doc, "pp-ana", {"c1": 1}, "tb-x"),
        _refusal(add_ballot, doc, "pp-ana", {"c1": True}),
        _refusal(add_ballot, doc, "pp-ana", {"c1": 1.5}),
        _refusal(add_ballot, doc, "pp-ana", {"c1": -1}),
        _refusal(add_ballot, doc, "pp-ana", {"gone": 1}),
        _refusal(add_ballot, doc, "pp-ana", {"c1": 2, "c2": 2}),
        _refusal(remove_ballot, doc, "bx"),
        _refusal(rename_table, doc, "tb-x", "X"),
        _refusal(rename_table, doc, "tb-s", "\t"),
        _refusal(rename_table, doc, "tb-s", "COMMUNITY"),
        _refusal(set_table_voters, doc, "tb-x", 3),
        _refusal(set_table_voters, doc, "tb-s", "3"),
        _refusal(set_table_voters, doc, "tb-s", False),
        _refusal(set_table_voters, doc, "tb-s", -2),
        _refusal(remove_table, doc, "tb-x"),
    ] == [
        "choose at least two candidates to merge",
        "cannot merge: candidate 'gone' does not exist (was it deleted?)",
        "cannot merge: a candidate needs a title",
        "cannot exclude: candidate 'gone' does not exist (was it deleted?)",
        "cannot reword: a candidate needs a title",
        "cannot add a candidate: a candidate needs a title",
        "cannot add 'Nowhere': intercept 9, 8 is not on this map",
        "cannot add 'Nowhere': decision point 'p9' does not exist",
        "cannot add 'Nowhere': say which intercept it concerns (or X for cross-intercept)",
        f"votes for '{title}' must be a whole number, not 2.5",
        f"votes for '{title}' must be a whole number, not True",
        f"votes for '{title}' cannot be negative (-1)",
        f"cannot record votes for '{title}': voting table 'tb-x' does not exist",
        "cannot clear votes: candidate 'c9' does not exist (was it deleted?)",
        "a voting table needs a name",
        "there is already a voting table called 'community'",
        "cannot record a ballot: participant 'pp-nobody' is not on the list",
        "cannot record Ana's ballot: there is no such voting table",
        f"Ana's votes for '{title}' must be a whole number of 0 or more",
        f"Ana's votes for '{title}' must be a whole number of 0 or more",
        f"Ana's votes for '{title}' must be a whole number of 0 or more",
        "cannot record Ana's ballot: candidate 'gone' does not exist (was it deleted?)",
        "Ana's ballot has 4 votes; each participant has 3",
        "no ballot with id 'bx'",
        "cannot rename the table: voting table 'tb-x' does not exist (was it removed?)",
        "a voting table needs a name",
        "there is already a voting table called 'COMMUNITY'",
        "cannot set the number of voters: voting table 'tb-x' does not exist (was it removed?)",
        "the number of voters at 'System' must be a whole number, not '3'",
        "the number of voters at 'System' must be a whole number, not False",
        "the number of voters at 'System' cannot be negative (-2)",
        "cannot remove the table: voting table 'tb-x' does not exist (was it removed?)",
    ]
    assert dump(doc) == before
    doc.delete(["tb-c"])
    assert _refusal(remove_table, doc, "tb-s") == (
        "'System' is the only voting table: votes need at least one table")


def test_nothing_is_changed_by_a_refused_edit(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import add_ballot

    doc.insert("participants", Participant(id="pp-ana", name="Ana", table="community"))
    before = dump(doc)
    for edit, args in ((add_ballot, ("pp-ana", {"c1": 1, "gone": 1})), (add_ballot, ("pp-ana", {"c1": 4})),
                       (merge_candidates, (["c1", "c2", "gone"], "x")),
                       (add_candidate, ("Nowhere", ["1"], "p9"))):
        with pytest.raises(DocumentError):
            edit(doc, *args)
        assert dump(doc) == before


# ------------------------------------------------------------------------------- what each edit keeps
def test_merge_takes_description_and_place_from_the_first_other_that_has_them(doc: Document) -> None:
    doc.insert("candidates", Candidate(id="c3", title="Three", intercepts=["4", "1"], description="",
                                       votes={"tb-c": 2}))
    doc.insert("candidates", Candidate(id="c4", title="Four", intercepts=["X"], description="Why four",
                                       point_id="p1", gap_ids=["g3", "g1"]))
    doc.update("candidates", "c1", intercepts=["1"])
    merge_candidates(doc, ["c1", "c3", "c4", "c3"], "  Merged \n title ")
    assert [c.id for c in doc.items("candidates")] == ["c1", "c2"]
    merged = doc.get("candidates", "c1")
    assert (merged.title, merged.description, merged.point_id) == ("Merged title", "Why four", "p1")
    assert merged.intercepts == ["1", "4", "X"]
    assert merged.gap_ids == ["g1", "g3"]
    assert merged.votes == {"tb-s": 3, "tb-c": 3}


def test_merge_keeps_the_first_candidates_own_description_and_place(doc: Document) -> None:
    doc.update("candidates", "c1", description="Mine", point_id="p1")
    doc.update("candidates", "c2", description="Theirs", point_id=None)
    merge_candidates(doc, ["c1", "c2"], "Both")
    (merged,) = doc.items("candidates")
    assert (merged.description, merged.point_id) == ("Mine", "p1")


def test_merge_moves_ballot_votes_without_touching_other_ballots(doc: Document) -> None:
    doc.insert("candidates", Candidate(id="c3", title="Three", intercepts=["4"]))
    doc.insert("ballots", Ballot(id="b2", participant_id="pp2", table_id="tb-c", votes={"c3": 2}))
    doc.insert("ballots", Ballot(id="b3", participant_id="pp3", table_id="tb-c", votes={"c2": 1, "c3": 1}))
    merge_candidates(doc, ["c1", "c2"], "Both")
    assert {b.id: b.votes for b in doc.items("ballots")} == {"b1": {"c1": 3}, "b2": {"c3": 2},
                                                            "b3": {"c3": 1, "c1": 1}}


def test_merging_three_adds_only_the_votes_a_ballot_gave(doc: Document) -> None:
    # b2 voted for c3 alone: c2, also merged away, must add nothing to it (not a vote, not an error).
    doc.insert("candidates", Candidate(id="c3", title="Three", intercepts=["4"]))
    doc.insert("ballots", Ballot(id="b2", participant_id="pp2", table_id="tb-c", votes={"c3": 2}))
    merge_candidates(doc, ["c1", "c2", "c3"], "All three")
    assert {b.id: b.votes for b in doc.items("ballots")} == {"b1": {"c1": 3}, "b2": {"c1": 2}}


def test_merging_candidates_without_descriptions_leaves_the_description_empty(doc: Document) -> None:
    merge_candidates(doc, ["c1", "c2"], "Both")
    assert doc.get("candidates", "c1").description == ""


def test_excluding_and_bringing_back() -> None:
    ws = new_workshop()
    ws.voting.candidates = [Candidate(id="c1", title="One", intercepts=["1"])]
    doc = Document(ws)
    set_excluded(doc, "c1", 1)
    assert doc.get("candidates", "c1").excluded is True
    set_excluded(doc, "c1", False)
    assert doc.get("candidates", "c1").excluded is False


def test_a_new_candidate_lists_each_intercept_once_and_keeps_them_at_a_point(doc: Document) -> None:
    add_candidate(doc, "  Data \n sharing ", ["2", "X", "2"])
    added = doc.items("candidates")[-1]
    assert (added.title, added.intercepts, added.point_id, added.votes) == (
        "Data sharing", ["2", "X"], None, {})
    add_candidate(doc, "At dispatch", ["0"], point_id="p1")  # the intercepts given win over the point's
    assert (doc.items("candidates")[-1].intercepts, doc.items("candidates")[-1].point_id) == (["0"], "p1")


def test_sync_gives_new_gap_candidates_the_gap_title_and_no_votes(doc: Document) -> None:
    doc.insert("findings", Finding(id="g4", kind="gap", intercept="2", title="No jail in-reach"))
    doc.insert("findings", Finding(id="r1", kind="resource", intercept="2", title="Mobile crisis"))
    sync_gap_candidates(doc)
    added = doc.items("candidates")[2:]
    assert [(c.title, c.gap_ids, c.votes, c.intercepts) for c in added] == [
        ("No reentry planning", ["g3"], {}, []), ("No jail in-reach", ["g4"], {}, [])]


# ------------------------------------------------------------------------------- tables and budgets
def test_a_table_name_is_matched_whatever_its_case_spacing_or_trailing_table() -> None:
    from intercept_mapper.model.candidate_edits import table_key
    assert table_key("  System   Table ") == "system"
    assert table_key("SYSTEM") == "system"
    assert table_key("Table") == "table"
    assert table_key("table  table") == "table"
    assert table_key("Round table one") == "round table one"
    assert table_key("") == ""


def test_voters_at_each_table_and_the_default_table_seats_the_rest() -> None:
    ws = new_workshop()
    ws.participants = [
        Participant(id="p1", name="A", table="System table"),
        Participant(id="p2", name="B", table="community"),
        Participant(id="p3", name="C", table=""),
        Participant(id="p4", name="D", table="Elsewhere"),
        Participant(id="p5", name="F", table="system", facilitator=True),
    ]
    (everyone,) = ws.voting.tables
    assert table_participants(ws, everyone) == 4  # alone: every voter, wherever seated
    system, community = VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")
    ws.voting.tables = [everyone, system, community]
    assert [table_participants(ws, t) for t in ws.voting.tables] == [2, 1, 1]
    ws.participants[2].table = "All participants"  # seated at the default table by name: that wins
    assert table_participants(ws, everyone) == 1
    lone = VotingTable(id="tb-x", name="Lonely")  # a named table nobody sits at counts nobody
    ws.voting.tables.append(lone)
    assert table_participants(ws, lone) == 0


def test_the_default_table_counts_those_not_seated_at_a_named_table() -> None:
    ws = new_workshop()
    ws.participants = [Participant(id="p1", name="A", table="system"), Participant(id="p2", name="B"),
                       Participant(id="p3", name="C", table="Elsewhere"), Participant(id="p4", name="D")]
    (everyone,) = ws.voting.tables
    ws.voting.tables.append(VotingTable(id="tb-s", name="System table"))
    assert [table_participants(ws, t) for t in ws.voting.tables] == [3, 1]


def test_a_table_s_budget_counts_the_people_seated_there_when_no_voters_are_given() -> None:
    ws = new_workshop()
    ws.participants = [Participant(id="p1", name="A"), Participant(id="p2", name="B")]
    ws.voting.votes_per_participant = 3
    (everyone,) = ws.voting.tables
    assert everyone.voters is None
    assert table_budget(ws, everyone) == 6
    everyone.voters = 4
    assert table_budget(ws, everyone) == 12


def test_removing_a_ballot_never_adds_a_vote_to_a_tally_without_its_table(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import remove_ballot
    # A ballot read from a file may hold a zero; neither tally has a count for table tb-c.
    doc.update("candidates", "c1", votes={"tb-s": 3})
    doc.update("candidates", "c2", votes={})
    doc.insert("ballots", Ballot(id="b2", participant_id="pp2", table_id="tb-c", votes={"c1": 0, "c2": 1}))
    remove_ballot(doc, "b2")
    assert {c.id: c.votes for c in doc.items("candidates")} == {"c1": {"tb-s": 3, "tb-c": 0},
                                                               "c2": {"tb-c": 0}}


def test_rewording_or_counting_a_deleted_candidate_is_refused_naming_it(doc: Document) -> None:
    assert _refusal(reword, doc, "gone", "New") == (
        "cannot reword: candidate 'gone' does not exist (was it deleted?)")
    assert _refusal(set_votes, doc, "gone", "tb-s", 2) == (
        "cannot record votes: candidate 'gone' does not exist (was it deleted?)")


def test_budget_warnings_say_plural_people_and_votes_and_a_full_table_is_fine() -> None:
    from intercept_mapper.model.candidate_edits import table_budget_warning, table_vote_total
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System", voters=2), VotingTable(id="tb-c", name="C")]
    ws.voting.candidates = [Candidate(id="c1", title="One", intercepts=["1"], votes={"tb-s": 3, "tb-c": 9}),
                            Candidate(id="c2", title="Two", intercepts=["1"], votes={"tb-s": 2})]
    ws.voting.votes_per_participant = 2
    system = ws.voting.tables[0]
    assert table_vote_total(ws, "tb-s") == 5 and table_vote_total(ws, "tb-x") == 0
    assert table_budget_warning(ws, system) == (
        "Table 'System' has 5 votes but only 4 to give (2 participants \u00d7 2 votes each).")
    system.voters = 1
    ws.voting.votes_per_participant = 5
    assert table_budget_warning(ws, system) is None  # exactly the budget
    ws.voting.votes_per_participant = 4
    assert table_budget_warning(ws, system) == (
        "Table 'System' has 5 votes but only 4 to give (1 participant \u00d7 4 votes each).")
    assert table_budget_warning(ws, ws.voting.tables[1]) is None  # no voters and nobody listed: unknown
    assert budget_warnings(ws) == [table_budget_warning(ws, system)]


def test_a_participants_table_is_found_by_name_else_the_first() -> None:
    from intercept_mapper.model.candidate_edits import participant_table
    ws = new_workshop()
    ws.participants = [Participant(id="p1", name="A", table="community TABLE"),
                       Participant(id="p2", name="B", table="nowhere")]
    assert participant_table(ws, "p1").id == "tb-all"  # the only table
    ws.voting.tables += [VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")]
    assert participant_table(ws, "p1").id == "tb-c"
    assert participant_table(ws, "p2").id == "tb-all"
    assert participant_table(ws, "nobody").id == "tb-all"
    ws.voting.tables = []
    assert participant_table(ws, "p1") is None


def test_a_ballot_keeps_nonzero_votes_at_the_table_named_and_removal_stops_at_zero(doc: Document) -> None:
    from intercept_mapper.model.candidate_edits import add_ballot, ballot_warnings, remove_ballot
    doc.delete(["b1"])
    doc.insert("participants", Participant(id="pp-ana", name="Ana", table="community"))
    add_ballot(doc, "pp-ana", {"c1": 0, "c2": 3}, "tb-s")
    (ballot,) = doc.items("ballots")
    assert (ballot.table_id, ballot.votes) == ("tb-s", {"c2": 3})
    assert ballot.id.startswith("bl-")
    assert doc.get("candidates", "c1").votes == {"tb-s": 3, "tb-c": 1}
    assert doc.get("candidates", "c2").votes == {"tb-s": 5}
    assert ballot_warnings(doc.workshop) == []  # the tally holds the ballot exactly
    add_ballot(doc, "pp-ana", {"c1": 1})  # another table (her own) is another ballot
    doc.update("candidates", "c2", votes={"tb-s": 1})  # lowered by hand below the ballot
    doc.delete(["c1"])
    remove_ballot(doc, ballot.id)
    assert doc.get("candidates", "c2").votes == {"tb-s": 0}
    assert [b.table_id for b in doc.items("ballots")] == ["tb-c"]


def test_renaming_a_table_to_its_own_name_in_another_case_and_voters_back_to_none() -> None:
    from intercept_mapper.model.candidate_edits import rename_table, set_table_voters
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System", voters=3)]
    doc = Document(ws)
    assert rename_table(doc, "tb-s", "SYSTEM")  # its own name: not "already a table"
    assert doc.get("tables", "tb-s").name == "SYSTEM"
    assert set_table_voters(doc, "tb-s", None)
    assert doc.get("tables", "tb-s").voters is None
    assert not set_table_voters(doc, "tb-s", None)
    assert set_table_voters(doc, "tb-s", 0) and doc.get("tables", "tb-s").voters == 0


def test_merge_adds_votes_at_a_table_only_the_other_counted(doc: Document) -> None:
    doc.insert("candidates", Candidate(id="c3", title="Three", intercepts=["4"], votes={"tb-c": 2}))
    merge_candidates(doc, ["c2", "c3"], "Both")  # c2 has no count at the community table
    assert doc.get("candidates", "c2").votes == {"tb-s": 2, "tb-c": 2}


def test_ballot_warnings_sum_ballots_and_read_an_uncounted_cell_as_zero() -> None:
    from intercept_mapper.model.candidate_edits import ballot_warnings
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System")]
    ws.voting.candidates = [Candidate(id="c1", title="One", intercepts=["1"], votes={"tb-s": 2}),
                            Candidate(id="c2", title="Two", intercepts=["1"])]
    ws.voting.ballots = [Ballot(id="b1", participant_id="p1", table_id="tb-s", votes={"c1": 2, "c2": 1}),
                         Ballot(id="b2", participant_id="p2", table_id="tb-s", votes={"c1": 1})]
    assert ballot_warnings(ws) == [
        "Ballots give 'One' 3 votes at 'System' but the tally says 2.",
        "Ballots give 'Two' 1 votes at 'System' but the tally says 0.",
    ]
