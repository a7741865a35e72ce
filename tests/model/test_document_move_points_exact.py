"""``Document.move_points`` refusals said whole (mutation run mutL: the old test checked only that a
``DocumentError`` was raised, so a refusal with no words passed it)."""

from __future__ import annotations

import pytest

from intercept_mapper.model import DecisionPoint, Document, new_workshop
from intercept_mapper.model.document import DocumentError
from intercept_mapper.model.limits import MAX_COORDINATE


def _document() -> Document:
    ws = new_workshop()
    ws.points = [DecisionPoint(id="p0", intercept="1", title="Point 0", x=370.0, y=130.0)]
    return Document(ws)


def test_an_unknown_point_is_refused_by_its_id() -> None:
    with pytest.raises(DocumentError) as refused:
        _document().move_points({"p0": (370.0, 50.0), "nowhere": (370.0, 50.0)})
    assert str(refused.value) == "no point with id 'nowhere'"


@pytest.mark.parametrize(("place", "message"), [
    ((370.0, float("nan")), "a position is nan"),
    ((MAX_COORDINATE * 2, 50.0),
     f"a position is {MAX_COORDINATE * 2}; positions on the map lie between -{MAX_COORDINATE:,.0f} and "
     f"{MAX_COORDINATE:,.0f}"),
])
def test_a_place_off_the_map_is_refused_saying_why(place: tuple[float, float], message: str) -> None:
    with pytest.raises(DocumentError) as refused:
        _document().move_points({"p0": place})
    assert str(refused.value) == message
