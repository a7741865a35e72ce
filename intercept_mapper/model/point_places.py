"""Many decision points put at new places at once, announced as one change.

``Document.update`` announces each point it changes on its own, and each notice costs every view a
redraw of what it names: 6,000 boxes arranged one notice at a time kept the map busy for minutes. Here
the places change together and listeners hear one ``Change`` naming every point (its ``ids``), which
they take in one pass, as they take any notice.
"""

from __future__ import annotations

from collections.abc import Mapping

from .document import Change, Document, DocumentError
from .limits import coordinate_problem

PLACE_FIELDS = frozenset({"x", "y"})


def move_points(document: Document,
                places: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Put each point of ``places`` at its ``(x, y)``, then announce one update of ``x`` and ``y`` naming
    them all; returns each point's old place. All or nothing: an unknown point or a place off the map
    raises ``DocumentError`` before any point moves."""
    points = []
    for point_id, (x, y) in places.items():
        point = document.get("points", point_id)
        if point is None:
            raise DocumentError(f"no point with id '{point_id}'")
        for value in (x, y):
            why = coordinate_problem(value)
            if why:
                raise DocumentError(f"a position {why}")
        points.append((point, float(x), float(y)))
    old: dict[str, tuple[float, float]] = {}
    for point, x, y in points:
        old[point.id] = (point.x, point.y)
        point.x, point.y = x, y
    if old:
        # The one notice for them all. ``Document`` announces only its own edits and has no edit of many
        # items at once; its announcing is reached here, by the one module that needs it, instead.
        document._emit(Change("points", "update", tuple(old), PLACE_FIELDS))
    return old
