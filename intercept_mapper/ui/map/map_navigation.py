"""Where the arrow keys and Tab go on the map: the next decision point in a direction (Qt-free).

The map is read as columns (one per intercept lane; the cross-intercept band's boxes sit in the same
columns, below the lanes) and, within a column, from top to bottom:

- Up / Down: the point above / below in the same column (a lane, then the band under it).
- Left / Right: along a flow first: the nearest point joined to this one by a flow (either way) in a
  column to that side; else the point nearest in height in the nearest column to that side with any.
  ``follow_flows=False`` (Ctrl+Left / Ctrl+Right) always takes the next column.
- Home / End: the first / last point of the column.
- Tab / Shift+Tab: reading order, column by column left to right and top to bottom in each, the
  lanes before the band.

Public API: ``Spot``, ``step``, ``reading_order``, ``first_in_column``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

UP, DOWN, LEFT, RIGHT, HOME, END = "up", "down", "left", "right", "home", "end"
NEXT, PREVIOUS = "next", "previous"  # Tab, Shift+Tab


class Spot(NamedTuple):
    """A decision point as the keys see it: its column, its top, and whether it sits in the band."""

    point_id: str
    column: int
    y: float
    in_band: bool = False


def reading_order(spots: Iterable[Spot]) -> list[Spot]:
    """Every point in reading order: lanes column by column, top to bottom, then the band likewise."""
    return sorted(spots, key=lambda s: (s.in_band, s.column, s.y, s.point_id))


def first_in_column(spots: Iterable[Spot], column: int) -> Spot | None:
    """The top point of a column (a lane's first box), or None when the column has none."""
    found = [s for s in spots if s.column == column]
    return min(found, key=lambda s: (s.in_band, s.y)) if found else None


def _column(spots: Sequence[Spot], column: int) -> list[Spot]:
    return sorted((s for s in spots if s.column == column), key=lambda s: (s.in_band, s.y, s.point_id))


def step(spots: Sequence[Spot], here: Spot, direction: str,
         linked: Iterable[str] = (), follow_flows: bool = True) -> Spot | None:
    """The point the key ``direction`` leads to from ``here``; None at an edge of the map.

    ``linked`` holds the ids of the points joined to ``here`` by a flow (in either direction).
    """
    if direction in (UP, DOWN, HOME, END):
        column = _column(spots, here.column)
        if direction == HOME:
            return column[0] if column and column[0] != here else None
        if direction == END:
            return column[-1] if column and column[-1] != here else None
        at = column.index(here)
        at += 1 if direction == DOWN else -1
        return column[at] if 0 <= at < len(column) else None
    if direction in (NEXT, PREVIOUS):
        order = reading_order(spots)
        at = order.index(here) + (1 if direction == NEXT else -1)
        return order[at] if 0 <= at < len(order) else None
    sign = 1 if direction == RIGHT else -1
    aside = [s for s in spots if (s.column - here.column) * sign > 0]
    if not aside:
        return None

    def nearest(found: list[Spot]) -> Spot:
        # The nearest column first, then the nearest in height; the lanes before the band on a tie.
        return min(found, key=lambda s: (abs(s.column - here.column), s.in_band != here.in_band,
                                         abs(s.y - here.y), s.y))

    if follow_flows:
        joined = set(linked)
        along = [s for s in aside if s.point_id in joined]
        if along:
            return nearest(along)
    column = nearest(aside).column
    same_region = [s for s in aside if s.column == column and s.in_band == here.in_band]
    return nearest(same_region or [s for s in aside if s.column == column])
