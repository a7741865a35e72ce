"""The live Document's promises held exactly: the item limit counted item by item, text the file could
not hold refused with its field named, refusals and change notices said whole.

Each test here failed on a mutant (a small deliberate change of ``model/document.py``) that every test of
``test_document.py`` let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Ballot,
    Change,
    DecisionPoint,
    Document,
    DocumentError,
    Objective,
    Participant,
    limits,
)
from intercept_mapper.model.simmap_file import load_workshop

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-v1.simmap"
# The golden file: 15 items in the collections, and its plan "ap-data" also counts its 1 objective and
# its 2 steps.
GOLDEN_ITEMS = 18


def _document() -> tuple[Document, list[Change]]:
    doc = Document(load_workshop(GOLDEN))
    changes: list[Change] = []
    doc.subscribe(changes.append)
    return doc, changes


def _plan(plan_id: str, objectives: int, steps_each: int) -> ActionPlan:
    return ActionPlan(id=plan_id, title="Plan", objectives=[
        Objective(id=f"ob-{plan_id}-{o}", text="Objective", steps=[
            ActionStep(id=f"st-{plan_id}-{o}-{s}", text="Step") for s in range(steps_each)])
        for o in range(objectives)])


# ----------------------------------------------------------------------------- the item limit
def test_the_item_limit_counts_every_item_and_each_plans_objectives_and_steps(monkeypatch) -> None:
    doc, _ = _document()
    monkeypatch.setattr(limits, "MAX_ITEMS", GOLDEN_ITEMS + 1)
    doc.insert("points", DecisionPoint(id="pt-last", intercept="1", title="Last"))  # exactly at the limit
    with pytest.raises(DocumentError) as caught:
        doc.insert("points", DecisionPoint(id="pt-over", intercept="1", title="Over"))
    assert str(caught.value) == (
        f"the map has {GOLDEN_ITEMS + 2} items; at most {GOLDEN_ITEMS + 1} are allowed "
        "(see Limits in the README)")
    assert doc.get("points", "pt-over") is None


def test_a_new_plan_counts_itself_its_objectives_and_their_steps(monkeypatch) -> None:
    plan = _plan("ap-new", objectives=2, steps_each=3)  # 1 + 2 + 6 = 9 items
    doc, _ = _document()
    monkeypatch.setattr(limits, "MAX_ITEMS", GOLDEN_ITEMS + 8)
    with pytest.raises(DocumentError, match=f"the map has {GOLDEN_ITEMS + 9} items; at most"):
        doc.insert("action_plans", plan)
    monkeypatch.setattr(limits, "MAX_ITEMS", GOLDEN_ITEMS + 9)
    doc.insert("action_plans", plan)
    assert doc.get("action_plans", "ap-new") is plan


def test_plans_already_in_the_map_count_their_objectives_and_steps(monkeypatch) -> None:
    doc, _ = _document()
    doc.insert("action_plans", _plan("ap-big", objectives=3, steps_each=4))  # 1 + 3 + 12 = 16 items
    monkeypatch.setattr(limits, "MAX_ITEMS", GOLDEN_ITEMS + 16 + 1)
    doc.insert("participants", Participant(id="pp-last", name="Last"))
    with pytest.raises(DocumentError, match=f"the map has {GOLDEN_ITEMS + 18} items"):
        doc.insert("participants", Participant(id="pp-over", name="Over"))


# ----------------------------------------------------------------------------- text the file could not hold
def test_text_past_its_limit_is_refused_naming_the_field_in_words() -> None:
    doc, changes = _document()
    too_long = "t" * (limits.MAX_SHORT_TEXT + 1)
    with pytest.raises(DocumentError) as caught:
        doc.update("points", "pt-booking", title=too_long)
    assert str(caught.value) == "title is 1,001 characters long; at most 1,000 are allowed"
    with pytest.raises(DocumentError) as caught:
        doc.insert("ballots", Ballot(id="bl-new", table_id="tb-system", device_key="phone\ufffe"))
    assert str(caught.value) == (
        "device key holds U+FFFE at character 6: a Unicode non-character, which text files may not hold")
    assert doc.get("points", "pt-booking").title == "Booking & screening <jail>"
    assert doc.get("ballots", "bl-new") is None and changes == []


def test_descriptions_hold_a_paragraph_past_the_short_text_limit() -> None:
    doc, _ = _document()
    paragraph = "d" * (limits.MAX_SHORT_TEXT + 1)
    doc.update("points", "pt-booking", description=paragraph)
    assert doc.get("points", "pt-booking").description == paragraph


def test_text_inside_a_plans_steps_is_checked_and_named() -> None:
    doc, changes = _document()
    objectives = [Objective(id="ob-x", text="Objective", steps=[
        ActionStep(id="st-x", text="Step", when_text="w" * (limits.MAX_SHORT_TEXT + 1))])]
    with pytest.raises(DocumentError) as caught:
        doc.update("action_plans", "ap-free", objectives=objectives)
    assert str(caught.value) == "when text is 1,001 characters long; at most 1,000 are allowed"
    assert doc.get("action_plans", "ap-free").objectives == [] and changes == []


# ------------------------------------------------------------------------ refusals and notices said whole
def test_refused_updates_say_what_was_wrong_whole() -> None:
    doc, _ = _document()
    with pytest.raises(DocumentError) as caught:
        doc.update("points", "pt-booking", colour="red")
    assert str(caught.value) == "unknown field(s) ['colour'] for DecisionPoint"
    with pytest.raises(DocumentError) as caught:
        doc.update("points", "pt-booking", id="pt-other")
    assert str(caught.value) == "an item's id never changes"


def test_voting_settings_edit_as_a_section_but_its_lists_only_item_by_item() -> None:
    doc, changes = _document()
    assert doc.update_section("voting", top_n=2) == {"top_n": 4}
    assert doc.workshop.voting.top_n == 2
    assert changes == [Change("voting", "update", (), frozenset({"top_n"}))]
    for lists in ({"tables": []}, {"ballots": []}, {"candidates": []}):
        with pytest.raises(DocumentError) as caught:
            doc.update_section("voting", **lists)
        assert str(caught.value) == "edit voting tables, candidates and ballots item by item"
    assert len(doc.workshop.voting.tables) == 2 and len(doc.workshop.voting.ballots) == 1
    assert len(changes) == 1


def test_renaming_an_intercept_notices_a_label_update_of_the_scheme() -> None:
    doc, changes = _document()
    doc.set_intercept_label("4", "Re-entry")
    doc.set_intercept_label("X", "Everywhere")
    assert changes == [Change("scheme", "update", ("4",), frozenset({"label"})),
                       Change("scheme", "update", ("X",), frozenset({"label"}))]
    assert changes[0].touches_graph


def test_the_revision_counts_every_change() -> None:
    doc, _ = _document()
    before = doc.revision
    doc.update("points", "pt-booking", title="Booking")
    doc.update("points", "pt-booking", title="Booking desk")
    doc.delete(["fl-1"])
    assert doc.revision == before + 3


def test_a_record_that_did_something_is_true_and_lists_what_it_removed() -> None:
    doc, _ = _document()
    record = doc.delete(["pt-booking"])
    assert record
    assert [f.id for f in record.removed("flows")] == ["fl-1", "fl-2"]
    assert [p.id for p in record.removed("points")] == ["pt-booking"]
    assert record.removed("findings") == []


def test_deleting_a_participant_named_in_no_step_leaves_every_plan_alone() -> None:
    doc, changes = _document()
    doc.insert("participants", Participant(id="pp-guest", name="Guest"))
    changes.clear()
    record = doc.delete(["pp-guest"])
    assert [(op.kind, op.collection, op.item_id) for op in record.ops] == [
        ("remove", "participants", "pp-guest")]
    assert changes == [Change("participants", "remove", ("pp-guest",), index=2)]


def test_adopting_the_same_content_swaps_the_objects_without_a_notice() -> None:
    doc, changes = _document()
    same = load_workshop(GOLDEN)
    doc.adopt(same)
    assert doc.workshop is same
    assert doc.get("points", "pt-booking") is same.points[1]  # the indexes hold the new objects
    assert changes == []
