"""``Document.move_points``: many boxes moved at once, one notice naming them all, all or nothing."""

from __future__ import annotations

import pytest

from intercept_mapper.model import DecisionPoint, Document, new_workshop
from intercept_mapper.model.document import DocumentError
from intercept_mapper.model.limits import MAX_COORDINATE


def _document() -> tuple[Document, list]:
    ws = new_workshop()
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title=f"Point {n}", x=370.0, y=130.0 + 200 * n,
                               pinned=n == 2) for n in range(4)]
    document = Document(ws)
    notices: list = []
    document.subscribe(notices.append)
    return document, notices


def _places(document: Document) -> dict[str, tuple]:
    return {p.id: (p.intercept, p.x, p.y, p.pinned, p.title) for p in document.items("points")}


def test_the_places_change_and_one_notice_names_every_moved_point() -> None:
    document, notices = _document()
    revision = document.revision
    old = document.move_points({"p3": (370.0, 900.5), "p0": (710, 40.0)})
    assert old == {"p3": (370.0, 730.0), "p0": (370.0, 130.0)}
    assert _places(document) == {"p0": ("1", 710.0, 40.0, False, "Point 0"),
                                 "p1": ("1", 370.0, 330.0, False, "Point 1"),
                                 "p2": ("1", 370.0, 530.0, True, "Point 2"),
                                 "p3": ("1", 370.0, 900.5, False, "Point 3")}
    assert [(n.collection, n.action, n.ids, n.fields) for n in notices] == [
        ("points", "update", ("p3", "p0"), frozenset({"x", "y"}))]
    assert document.revision == revision + 1  # one change: saved state and recovery see it
    assert isinstance(document.get("points", "p0").x, float)
    document.move_points(old)  # and back, exactly
    assert _places(document)["p0"] == ("1", 370.0, 130.0, False, "Point 0")
    assert _places(document)["p3"] == ("1", 370.0, 730.0, False, "Point 3")


def test_nothing_to_move_announces_nothing() -> None:
    document, notices = _document()
    assert document.move_points({}) == {}
    assert notices == []


@pytest.mark.parametrize("places", [
    {"p0": (370.0, 50.0), "nowhere": (370.0, 50.0)},
    {"p0": (370.0, 50.0), "p1": (370.0, float("nan"))},
    {"p0": (370.0, 50.0), "p1": (MAX_COORDINATE * 2, 50.0)},
])
def test_an_unknown_point_or_a_place_off_the_map_moves_nothing(places: dict) -> None:
    document, notices = _document()
    before, revision = _places(document), document.revision
    with pytest.raises(DocumentError):
        document.move_points(places)
    assert _places(document) == before and notices == [] and document.revision == revision
