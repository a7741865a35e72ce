"""The live Document: change notices, validated edits, and cascading deletes that undo exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Ballot,
    Candidate,
    Change,
    DecisionPoint,
    Document,
    DocumentError,
    EditRecord,
    Finding,
    Flow,
    Objective,
    Participant,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.validation import validate_workshop
from tests.model.strategies import workshops

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-v1.simmap"


def _document() -> tuple[Document, list[Change]]:
    doc = Document(load_workshop(GOLDEN))
    changes: list[Change] = []
    doc.subscribe(changes.append)
    return doc, changes


def _dump(doc: Document) -> dict:
    return doc.workshop.model_dump()


# ----------------------------------------------------------------------------- primitives
def test_insert_notifies_with_index_and_bumps_revision() -> None:
    doc, changes = _document()
    before = doc.revision
    point = DecisionPoint(id="pt-new", intercept="0", title="Mobile crisis")
    assert doc.insert("points", point, 1) == 1
    assert [p.id for p in doc.workshop.points] == ["pt-dispatch", "pt-new", "pt-booking"]
    assert changes == [Change("points", "insert", ("pt-new",), index=1)]
    assert doc.revision == before + 1
    assert doc.get("points", "pt-new") is point
    assert doc.find("pt-new") == ("points", point)


def test_insert_past_the_end_appends() -> None:
    doc, changes = _document()
    assert doc.insert("flows", Flow(id="fl-9", source="pt-booking", target="pt-dispatch"), 99) == 2
    assert changes[0].index == 2


def test_insert_duplicate_id_is_refused_and_changes_nothing() -> None:
    doc, changes = _document()
    before = _dump(doc)
    with pytest.raises(DocumentError, match="already exists"):
        doc.insert("points", DecisionPoint(id="pt-dispatch", intercept="1", title="again"))
    assert _dump(doc) == before
    assert changes == []


def test_remove_notifies_and_returns_item_and_index() -> None:
    doc, changes = _document()
    item, index = doc.remove("findings", "fd-gap")
    assert (item.title, index) == ("没有共享数据 — no data sharing", 1)
    assert doc.get("findings", "fd-gap") is None
    assert changes == [Change("findings", "remove", ("fd-gap",), index=1)]


def test_remove_unknown_id_raises() -> None:
    doc, changes = _document()
    with pytest.raises(DocumentError, match="no point with id 'pt-nowhere'"):
        doc.remove("points", "pt-nowhere")
    assert changes == []


def test_update_returns_old_values_and_names_fields() -> None:
    doc, changes = _document()
    old = doc.update("points", "pt-booking", title="Booking", x=10.0)
    assert old == {"title": "Booking & screening <jail>", "x": 0.0}
    point = doc.get("points", "pt-booking")
    assert (point.title, point.x) == ("Booking", 10.0)
    assert changes == [Change("points", "update", ("pt-booking",), frozenset({"title", "x"}))]
    assert not changes[0].touches_graph  # a title edit need not re-run the graph analysis


def test_update_of_where_a_point_sits_touches_the_graph() -> None:
    doc, changes = _document()
    doc.update("points", "pt-booking", intercept="3")
    assert changes[-1].touches_graph


@pytest.mark.parametrize(
    ("collection", "item_id", "fields", "pattern"),
    [
        ("flows", "fl-1", {"yearly_count": -1}, "greater than or equal to 0"),
        ("findings", "fd-gap", {"kind": "problem"}, "'resource' or 'gap'"),
        ("points", "pt-booking", {"title": None}, "valid string"),
        ("points", "pt-booking", {"colour": "red"}, "unknown field"),
        ("points", "pt-booking", {"id": "pt-other"}, "id never changes"),
        ("points", "pt-missing", {"title": "x"}, "no point with id"),
    ],
)
def test_bad_updates_raise_document_error_and_change_nothing(
    collection: str, item_id: str, fields: dict, pattern: str
) -> None:
    doc, changes = _document()
    before = _dump(doc)
    with pytest.raises(DocumentError, match=pattern):
        doc.update(collection, item_id, **fields)
    assert _dump(doc) == before
    assert changes == []


def test_update_section_edits_info_and_refuses_bulk_voting_lists() -> None:
    doc, changes = _document()
    assert doc.update_section("info", status="draft") == {"status": "final"}
    assert doc.workshop.info.status == "draft"
    assert changes == [Change("info", "update", (), frozenset({"status"}))]
    with pytest.raises(DocumentError, match="item by item"):
        doc.update_section("voting", candidates=[])
    with pytest.raises(DocumentError, match="unknown section"):
        doc.update_section("points", title="x")
    with pytest.raises(DocumentError):
        doc.update_section("info", status="published")
    assert doc.workshop.info.status == "draft"


def test_set_intercept_label_renames_and_refuses_unknown_intercepts() -> None:
    doc, changes = _document()
    assert doc.set_intercept_label("4", "Re-entry") == "Reentry"
    assert doc.workshop.scheme.label("4") == "Re-entry"
    assert doc.set_intercept_label("X", "Everywhere") == "Cross-intercept & shared issues"
    assert doc.workshop.scheme.cross_label == "Everywhere"
    assert [c.ids for c in changes] == [("4",), ("X",)]
    with pytest.raises(DocumentError, match="not in this map"):
        doc.set_intercept_label("9", "Nine")


def test_unsubscribe_stops_notices_and_replace_sends_a_reset() -> None:
    doc = Document(new_workshop())
    seen: list[Change] = []
    unsubscribe = doc.subscribe(seen.append)
    doc.replace(load_workshop(GOLDEN))
    assert seen == [Change("document", "reset")]
    assert seen[0].touches_graph
    assert doc.get("points", "pt-dispatch") is not None  # indexes rebuilt for the new workshop
    unsubscribe()
    unsubscribe()  # twice is harmless
    doc.update("points", "pt-dispatch", title="x")
    assert len(seen) == 1


def test_insert_all_is_reverted_and_reapplied_as_one_record() -> None:
    doc, changes = _document()
    before = _dump(doc)
    record = doc.insert_all([
        ("points", DecisionPoint(id="pt-a", intercept="0", title="A")),
        ("flows", Flow(id="fl-a", source="pt-a", target="pt-dispatch")),
    ])
    after = _dump(doc)
    doc.revert(record)
    assert _dump(doc) == before
    assert doc.get("points", "pt-a") is None
    doc.reapply(record)
    assert _dump(doc) == after
    assert validate_workshop(doc.workshop) == []


def test_a_record_built_step_by_step_reverts_and_reapplies_exactly() -> None:
    doc, _ = _document()
    before = _dump(doc)
    record = EditRecord()
    where = doc.recorded_insert(record, "points", DecisionPoint(id="pt-a", intercept="0", title="A"), 0)
    old = doc.recorded_update(record, "points", "pt-dispatch", title="Dispatch desk")
    gone = doc.recorded_remove(record, "flows", "fl-1")
    after = _dump(doc)
    assert where == 0 and doc.items("points")[0].id == "pt-a"
    assert old["title"] != "Dispatch desk" and gone.id == "fl-1"
    assert [(op.kind, op.item_id) for op in record.ops] == [
        ("insert", "pt-a"), ("update", "pt-dispatch"), ("remove", "fl-1"),
    ]
    doc.revert(record)
    assert _dump(doc) == before
    doc.reapply(record)
    assert _dump(doc) == after
    assert doc.index_of("points", "pt-a") == 0


# ----------------------------------------------------------------------------- cascading delete
def test_deleting_a_point_takes_its_flows_and_unlinks_findings_and_candidates() -> None:
    doc, changes = _document()
    before = _dump(doc)
    record = doc.delete(["pt-booking"])
    ws = doc.workshop
    assert [p.id for p in ws.points] == ["pt-dispatch"]
    assert ws.flows == []  # both flows touched pt-booking
    assert ws.voting.candidates[0].point_id is None
    assert ws.finding("fd-res").point_id == "pt-dispatch"  # not at the deleted point: untouched
    assert [op.item.id for op in record.ops if op.kind == "remove"] == ["fl-1", "fl-2", "pt-booking"]
    assert validate_workshop(ws) == []
    after = _dump(doc)

    doc.revert(record)
    assert _dump(doc) == before
    assert [f.id for f in doc.workshop.flows] == ["fl-1", "fl-2"]  # back in their places
    doc.reapply(record)
    assert _dump(doc) == after
    doc.revert(record)
    assert _dump(doc) == before


def test_deleting_the_only_gap_of_a_candidate_removes_the_candidate_and_what_hangs_on_it() -> None:
    doc, _ = _document()
    doc.update("candidates", "cd-data", intercepts=[])  # nothing but the gap places it on the map
    before = _dump(doc)
    record = doc.delete(["fd-gap"])
    ws = doc.workshop
    assert [c.id for c in ws.voting.candidates] == ["cd-other"]
    assert ws.voting.ballots[0].votes == {"cd-other": 1}
    assert ws.action_plans[0].candidate_id is None
    assert ws.action_plans[0].objectives  # the plan the group wrote is kept
    assert validate_workshop(ws) == []
    doc.revert(record)
    assert _dump(doc) == before


def test_deleting_the_only_gap_keeps_a_candidate_placed_by_intercepts() -> None:
    doc, _ = _document()
    doc.delete(["fd-gap"])
    candidate = doc.get("candidates", "cd-data")
    assert (candidate.gap_ids, candidate.intercepts) == ([], ["X", "2"])
    assert doc.workshop.voting.ballots[0].votes == {"cd-data": 2, "cd-other": 1}


def test_deleting_a_gap_keeps_a_candidate_that_has_other_gaps() -> None:
    doc, _ = _document()
    doc.insert("findings", Finding(id="fd-gap2", kind="gap", intercept="2", title="Second gap"))
    doc.update("candidates", "cd-data", gap_ids=["fd-gap", "fd-gap2"])
    doc.delete(["fd-gap"])
    assert doc.get("candidates", "cd-data").gap_ids == ["fd-gap2"]


def test_deleting_a_participant_drops_their_ballots_and_keeps_step_text() -> None:
    doc, _ = _document()
    before = _dump(doc)
    record = doc.delete(["pp-judge", "pp-peer"])
    ws = doc.workshop
    assert ws.participants == [] and ws.voting.ballots == []
    step = ws.action_plans[0].objectives[0].steps[0]
    assert (step.who_participant_id, step.who) == (None, "County attorney")
    assert validate_workshop(ws) == []
    doc.revert(record)
    assert _dump(doc) == before


def test_deleting_a_table_drops_its_votes_and_ballots() -> None:
    doc, _ = _document()
    before = _dump(doc)
    record = doc.delete(["tb-community"])
    ws = doc.workshop
    assert ws.voting.candidates[0].votes == {"tb-system": 7}
    assert ws.voting.ballots == []
    assert validate_workshop(ws) == []
    doc.revert(record)
    assert _dump(doc) == before


def test_delete_ignores_unknown_and_repeated_ids() -> None:
    doc, changes = _document()
    record = doc.delete(["nothing", "fl-1", "fl-1"])
    assert [op.item_id for op in record.ops] == ["fl-1"]
    assert not doc.delete(["nothing"])


def _all_ids(ws: Workshop) -> list[str]:
    ids = [p.id for p in ws.points] + [f.id for f in ws.flows] + [f.id for f in ws.findings]
    ids += [p.id for p in ws.participants] + [t.id for t in ws.voting.tables]
    ids += [c.id for c in ws.voting.candidates] + [b.id for b in ws.voting.ballots]
    return ids + [p.id for p in ws.action_plans]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ws=workshops())
def test_any_delete_keeps_the_document_valid_and_reverts_exactly(data: st.DataObject, ws: Workshop) -> None:
    doc = Document(ws)
    before = _dump(doc)
    ids = _all_ids(ws)
    chosen = data.draw(st.lists(st.sampled_from(ids), max_size=6)) if ids else []
    record = doc.delete(chosen)
    assert validate_workshop(doc.workshop) == []
    assert not any(doc.find(i) for i in chosen)
    after = _dump(doc)
    doc.revert(record)
    assert _dump(doc) == before
    # The indexes agree with the lists after the round trip.
    assert sorted(_all_ids(doc.workshop)) == sorted(ids)
    assert all(doc.find(i) is not None for i in ids)
    doc.reapply(record)
    assert _dump(doc) == after


def test_step_models_edit_through_plan_updates() -> None:
    # Steps live inside plans; replacing a plan's objectives is one validated update.
    doc, _ = _document()
    objectives = [Objective(id="ob-x", text="New", steps=[ActionStep(id="st-x", text="Call", status="done")])]
    old = doc.update("action_plans", "ap-free", objectives=objectives)
    assert old == {"objectives": []}
    assert doc.get("action_plans", "ap-free").objectives[0].steps[0].status == "done"
    with pytest.raises(DocumentError):
        doc.update("action_plans", "ap-free", objectives=[{"id": "ob-y", "text": "x", "steps": "nope"}])


def test_inserting_every_kind_of_item() -> None:
    doc = Document(new_workshop())
    entries = [
        ("points", DecisionPoint(id="pt-1", intercept="1", title="Patrol")),
        ("participants", Participant(id="pp-1", name="Ana")),
        ("tables", VotingTable(id="tb-2", name="Community")),
        ("findings", Finding(id="fd-1", kind="gap", intercept="X", title="Housing")),
        ("candidates", Candidate(id="cd-1", title="Housing", gap_ids=["fd-1"], votes={"tb-2": 3})),
        ("ballots", Ballot(id="bl-1", participant_id="pp-1", table_id="tb-2", votes={"cd-1": 3})),
        ("action_plans", ActionPlan(id="ap-1", candidate_id="cd-1", title="Housing")),
    ]
    record = doc.insert_all(entries)
    assert validate_workshop(doc.workshop) == []
    assert doc.index_of("tables", "tb-2") == 1  # after the default table
    doc.revert(record)
    assert doc.workshop == new_workshop()


def test_index_of_finds_items_by_identity_without_comparing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """``index_of`` (every remove asks it) gives each item's place without ``==`` on the items: pydantic
    compares field by field, which made the removal of the last of 12,000 findings cost ~40 ms."""
    ws = new_workshop()
    ws.findings.extend(Finding(id=f"f{n}", kind="gap", intercept="1", title="Same title") for n in range(50))
    doc = Document(ws)
    compared = []
    monkeypatch.setattr(Finding, "__eq__", lambda self, other: compared.append(self) or self is other)
    assert [doc.index_of("findings", f"f{n}") for n in (0, 17, 49)] == [0, 17, 49]
    item, where = doc.remove("findings", "f17")
    assert (item.id, where) == ("f17", 17)
    assert doc.index_of("findings", "f49") == 48
    assert compared == []
    monkeypatch.undo()
    # An equal copy put in the list behind the document's back is still found (by equality).
    ws.findings[3] = ws.findings[3].model_copy()
    assert doc.index_of("findings", "f3") == 3
    with pytest.raises(DocumentError):
        doc.index_of("findings", "f17")
