"""The recovery copy serialised item by item (issue 18): after any edit the document makes (insert,
remove, update, a section, undo of a delete with its cascade, a whole new workshop, a workshop adopted
without a notice), the pieces joined are byte for byte pydantic's JSON of the whole workshop, with the
text being typed applied to the copy only; the copy loads and equals the document plus that text."""

from __future__ import annotations

import math

import pytest

from intercept_mapper.model import Document, Finding, Participant, new_id
from intercept_mapper.model.simmap_file import load_workshop, loads_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.files.snapshot_cache import SnapshotCache, Unserialisable
from tests.faults.big_map import big_workshop


def _whole(document: Document) -> bytes:
    ws = document.workshop
    return ws.__pydantic_serializer__.to_json(ws)


def _copy(cache: SnapshotCache, pending=()) -> bytes:  # noqa: ANN001
    return b"".join(cache.parts(pending))


@pytest.fixture(params=["sample", "3000"])
def document(request) -> Document:  # noqa: ANN001
    return Document(load_workshop(SAMPLE_WORKSHOP) if request.param == "sample" else big_workshop())


def test_every_kind_of_edit_keeps_the_copy_byte_exact(document: Document) -> None:
    cache = SnapshotCache(document)
    assert _copy(cache) == _whole(document)  # cold: serialised as it goes
    assert cache.is_warm()
    ws = document.workshop
    gap = ws.gaps()[0]
    document.update("findings", gap.id, title="Nobody meets people leaving the jail")
    assert _copy(cache) == _whole(document)
    point = ws.points[3]
    document.update("points", point.id, x=point.x + 40.0, pinned=True)
    document.insert("findings", Finding(id=new_id("finding"), kind="gap", intercept=point.intercept,
                                        title="No peer support at court", point_id=point.id), index=0)
    document.insert("participants", Participant(id=new_id("participant"), name="Ana Ruiz"))
    assert _copy(cache) == _whole(document)
    document.update_section("info", title="Riverbend, day two")
    document.set_intercept_label(ws.scheme.intercepts[1].id, "Jails and courts")
    assert _copy(cache) == _whole(document)
    record = document.delete([ws.points[0].id])  # with its flows, findings and their candidates
    assert _copy(cache) == _whole(document)
    document.revert(record)
    assert _copy(cache) == _whole(document)
    document.reapply(record)
    assert _copy(cache) == _whole(document)
    document.replace(load_workshop(SAMPLE_WORKSHOP))  # a file opened: everything new
    assert _copy(cache) == _whole(document)
    document.adopt(load_workshop(SAMPLE_WORKSHOP))  # new objects, no notice
    document.update("points", document.workshop.points[0].id, title="Crisis line")
    assert _copy(cache) == _whole(document)
    assert loads_workshop(_copy(cache), "copy") == document.workshop


def test_text_being_typed_is_in_the_copy_only(document: Document) -> None:
    cache = SnapshotCache(document)
    _copy(cache)
    ws = document.workshop
    gap, point = ws.gaps()[1], ws.points[2]
    before = _whole(document)
    pending = [("findings", gap.id, {"title": "Half typed"}), ("points", point.id, {"title": "Renamed"}),
               ("info", "", {"title": "Typed title"}), ("findings", "gone-id", {"title": "ignored"})]
    copy = loads_workshop(_copy(cache, pending), "copy")
    expected = ws.model_copy(deep=True)
    expected.findings[ws.findings.index(gap)] = gap.model_copy(update={"title": "Half typed"})
    expected.points[2] = point.model_copy(update={"title": "Renamed"})
    expected.info = ws.info.model_copy(update={"title": "Typed title"})
    assert copy == expected
    assert _copy(cache, pending) == expected.__pydantic_serializer__.to_json(expected)
    assert _whole(document) == before and _copy(cache) == before  # the document and the cache untouched


def test_a_cold_cache_fills_a_few_items_at_a_time() -> None:
    document = Document(big_workshop())
    cache = SnapshotCache(document)
    turns = 0
    while not cache.warm(250):
        turns += 1
        document.update("findings", document.workshop.findings[turns].id, title=f"Edited {turns}")
    assert turns >= len(document.workshop.findings) // 250
    assert cache.is_warm() and _copy(cache) == _whole(document)


def test_a_position_that_is_not_a_number_is_copied_as_zero_and_loads() -> None:
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    cache = SnapshotCache(document)
    point = document.workshop.points[0]
    object.__setattr__(point, "x", math.inf)  # a glitch while dragging (the model takes no infinity)
    copy = loads_workshop(_copy(cache), "copy")
    assert copy.points[0].x == 0.0 and copy.points[0].y == point.y


def test_text_the_serialiser_refuses_is_reported_not_written_half() -> None:
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    cache = SnapshotCache(document)
    with pytest.raises(Unserialisable):
        _copy(cache, [("points", document.workshop.points[0].id, {"title": "lone \ud800 surrogate"})])
    assert _copy(cache) == _whole(document)


def test_random_inserts_removes_and_updates_between_copies_stay_byte_exact() -> None:
    import random

    rng = random.Random(18)
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    cache = SnapshotCache(document)
    for step in range(300):
        people = document.items("participants")
        roll = rng.random()
        if roll < 0.3 or not people:
            document.insert("participants", Participant(id=new_id("participant"), name=f"P{step}"),
                            index=rng.randrange(len(people) + 1))
        elif roll < 0.5:
            document.remove("participants", rng.choice(people).id)
        else:
            document.update("participants", rng.choice(people).id, role=f"role {step}")
        if rng.random() < 0.3:  # several edits between some copies, one between others
            people = document.items("participants")
            typed = rng.choice(people).id if people else "nobody"
            pending = [("participants", typed, {"email": "typed@example.org"})]
            expected = document.workshop.model_copy(deep=True)
            expected.participants = [p.model_copy(update={"email": "typed@example.org"}) if p.id == typed
                                     else p for p in expected.participants]
            assert _copy(cache, pending) == expected.__pydantic_serializer__.to_json(expected), step
            assert _copy(cache) == _whole(document), step


def test_items_added_and_removed_at_the_end_keep_their_places() -> None:
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    cache = SnapshotCache(document)
    people = document.items("participants")
    document.update("participants", people[0].id, role="Chair")
    assert _copy(cache) == _whole(document)  # (the places of the items are known from here)
    for n in range(3):
        added = Participant(id=new_id("participant"), name=f"Late arrival {n}")
        document.insert("participants", added)
        document.update("participants", added.id, role="Observer")
        document.update("participants", people[1].id, role=f"Scribe {n}")
        assert _copy(cache) == _whole(document)
    document.remove("participants", people[-1].id)
    document.update("participants", people[-1].id, role="Left early")
    document.remove("participants", people[0].id)
    document.update("participants", people[-1].id, role="Back again")
    assert _copy(cache) == _whole(document)


def test_a_copy_asked_of_a_half_filled_cache_is_whole() -> None:
    document = Document(big_workshop())
    cache = SnapshotCache(document)
    assert not cache.warm(1000)  # points and flows whole, findings begun
    document.update("findings", document.workshop.findings[3].id, title="Changed while half filled")
    assert _copy(cache) == _whole(document)  # (as ``write_now`` asks, without waiting for turns)
    assert cache.is_warm()
