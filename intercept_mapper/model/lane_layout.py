"""How the map is arranged: chip stacks, tidy lanes, the cross band's columns, what flows keep clear of.

Pure arithmetic on heights and places, shared by the live map scene (``ui/map/map_scene.py``, which
lays out only what a change touched), the sketch of a large map painted before its items exist
(``ui/map/map_sketch.py``, which lays out the whole map at once) and the exported map: all call these
functions, so they can never disagree about where anything is. Flows are routed around what these
functions place by ``flow_routing``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import compress
from operator import add

from .map_geometry import (
    CHIP_GAP,
    CROSS_BAND_MIN_HEIGHT,
    GROWTH_ROOM,
    POINT_HEIGHT,
    ROW_GAP,
    first_row_y,
)

BAND_BOTTOM_PADDING = 20.0  # below the band's tallest column
LEGEND_ROOM = 260.0  # below the band: the legend's place, which flows crossing lanes keep clear of

Place = tuple[int, float]  # (column, y) in the cross band


def block_height(chip_heights: Sequence[float], box_height: float = POINT_HEIGHT) -> float:
    """Height of a point box with its chips stacked under it (a box grown by a long title is taller)."""
    if not chip_heights:
        return box_height
    return box_height + CHIP_GAP + sum(h + CHIP_GAP for h in chip_heights)


def chip_offsets(chip_heights: Sequence[float], box_height: float = POINT_HEIGHT) -> list[float]:
    """Where each chip of a stack sits, below the top of its box."""
    offsets = []
    y = box_height + CHIP_GAP
    for height in chip_heights:
        offsets.append(y)
        y += height + CHIP_GAP
    return offsets


def tidy_lane(members: Sequence[tuple[float, bool, float]]) -> list[float]:
    """The y of each box of a lane, given (wanted y, pinned, block height) in (wanted y, creation) order.

    A pinned box stays where the facilitator put it, unless it would cover another pinned box (dropped
    onto it): then it goes just below that one, so no box ever hides another. The others keep their
    order, each below the one before, and step past any pinned box they would overlap.
    """
    pinned_at: dict[int, float] = {}
    pinned = []
    floor = float("-inf")  # pinned boxes in order: each clear of the one above (by a quarter row gap)
    for n in sorted((n for n, m in enumerate(members) if m[1]), key=lambda n: members[n][0]):
        wanted, _, height = members[n]
        y = max(wanted, floor)
        pinned_at[n] = y
        pinned.append((y, y + height + ROW_GAP))
        floor = y + height + ROW_GAP / 4
    cursor = first_row_y()
    places = []
    for n, (wanted, is_pinned, height) in enumerate(members):
        if is_pinned:
            y = pinned_at[n]
        else:
            y = max(wanted, cursor)
            block = height + ROW_GAP
            for top, bottom in pinned:
                if y < bottom and y + block > top:
                    y = bottom
            cursor = y + block
        places.append(y)
    return places


def lane_end(box_bottoms: Sequence[float]) -> float:
    """Where a lane's loose chips start: a row gap below its lowest block (or the first row)."""
    return first_row_y() if not box_bottoms else max(box_bottoms) + ROW_GAP


def next_box_y(box_bottoms: Sequence[float]) -> float:
    """Where a box added at a lane's end goes: a row gap and the growth room below its lowest block, as
    automatic layout spaces boxes (or the first row of an empty lane)."""
    return first_row_y() if not box_bottoms else lane_end(box_bottoms) + GROWTH_ROOM


def list_loose(top: float, chip_heights: Sequence[float]) -> tuple[list[float], float]:
    """The y of each loose chip listed from ``top`` down, and the lane's reach below the last."""
    places = []
    y = top
    for height in chip_heights:
        places.append(y)
        y += height + CHIP_GAP
    return places, y + ROW_GAP / 2


def fill_band(top: float, header: float, columns: int, block_heights: Sequence[float],
              loose_heights: Sequence[float]) -> tuple[list[Place], list[Place], float]:
    """The cross band's boxes, then its loose chips, each put in the shortest column.

    Returns the (column, y) of each box and of each loose chip, and the band's height.
    """
    bottoms = [top + header] * max(1, columns)
    boxes = []
    for height in block_heights:
        col = bottoms.index(min(bottoms))
        boxes.append((col, bottoms[col]))
        bottoms[col] += height + ROW_GAP / 2
    loose = []
    for height in loose_heights:
        col = bottoms.index(min(bottoms))
        loose.append((col, bottoms[col]))
        bottoms[col] += height + CHIP_GAP
    return boxes, loose, max(CROSS_BAND_MIN_HEIGHT, max(bottoms) - top + BAND_BOTTOM_PADDING)


def band_blocked(top: float, header: float, height: float, columns: int,
                 loose: Sequence[tuple[int, float, float]]) -> dict[int, list[tuple[float, float]]]:
    """What flows crossing the band must avoid in each column besides its boxes: the band's title strip,
    its loose chips ``(column, y, height)``, and the legend's place beneath it."""
    strips = [(top, top + header), (top + height, top + height + LEGEND_ROOM)]
    blocked = {col: list(strips) for col in range(max(1, columns))}
    for col, y, h in loose:
        blocked.setdefault(col, []).append((y, y + h))
    return blocked


class LaneTidy:
    """``tidy_lane`` kept between edits: a lane's boxes in (wanted y, order) order with their heights and
    places, told of each box that changed (``put``, ``remove``); ``tidy`` works the places out again
    from the first box an edit reaches, and only until a box meets the cursor it met before (below it
    nothing can move). Its places are ``tidy_lane``'s for the same boxes, always.

    A change of a pinned box (or a box pinned or unpinned) can move any box the pinned boxes push
    aside, so ``tidy`` then goes over the whole lane (still without sorting it or reading its heights).
    """

    def __init__(self) -> None:
        self._keys: list[tuple[float, int]] = []  # (wanted y, order), sorted: ties keep their order
        self._ids: list[str] = []
        self._pinned: list[bool] = []
        self._heights: list[float] = []
        self._places: list[float] = []
        self._cursor_in: list[float] = []  # where the unpinned boxes above left the cursor, last tidy
        self._key_of: dict[str, tuple[float, int]] = {}
        self._pinned_at: dict[str, float] = {}  # the pinned boxes' places
        self._bands: list[tuple[float, float]] = []  # what the pinned boxes keep the others out of
        self._touched: list[tuple[float, int]] = []  # keys changed since the last tidy (old and new)
        self._pins_changed = False

    @classmethod
    def of(cls, boxes: Iterable[tuple[str, float, int, bool, float]]) -> LaneTidy:
        """A lane's tidy made from all its boxes at once, (id, wanted y, order, pinned, block height) in
        any order: one sort, not a ``put`` each (a lane's first tidy after its items were made; 6,000
        boxes made and tidied in ~5 ms CPU, told one by one 14-26 ms). The next ``tidy`` places them all."""
        tidy = cls()
        rows = sorted(boxes, key=lambda box: (box[1], box[2]))
        tidy._keys = [(wanted, order) for _, wanted, order, _, _ in rows]
        tidy._ids = [box[0] for box in rows]
        tidy._pinned = [box[3] for box in rows]
        tidy._heights = [box[4] for box in rows]
        tidy._places = [math.nan] * len(rows)
        tidy._cursor_in = [math.nan] * len(rows)
        tidy._key_of = dict(zip(tidy._ids, tidy._keys, strict=True))
        # From the first box; to the last, since no box has met a cursor yet (NaN equals nothing).
        tidy._touched = tidy._keys[:1]
        tidy._pins_changed = any(tidy._pinned)
        return tidy

    def put(self, box_id: str, wanted: float, order: int, pinned: bool, height: float) -> None:
        """A box of the lane as it is now (added, or changed in any way; unchanged: nothing to do)."""
        key = (wanted, order)
        old_key = self._key_of.get(box_id)
        place = math.nan  # (never equal to a place: a new box's place is always told)
        if old_key is not None:
            n = bisect_left(self._keys, old_key)
            if old_key == key and self._pinned[n] == pinned and self._heights[n] == height:
                return
            self._pins_changed |= self._pinned[n] or pinned
            if old_key == key:
                self._pinned[n], self._heights[n] = pinned, height
                self._touched.append(key)
                return
            place = self._places[n]  # (told only if the box ends up elsewhere)
            self._drop(n)
            self._touched.append(old_key)
        self._pins_changed |= pinned
        n = bisect_left(self._keys, key)
        self._keys.insert(n, key)
        self._ids.insert(n, box_id)
        self._pinned.insert(n, pinned)
        self._heights.insert(n, height)
        self._places.insert(n, place)
        self._cursor_in.insert(n, math.nan)
        self._key_of[box_id] = key
        self._touched.append(key)

    def remove(self, box_id: str) -> None:
        """A box left the lane (or the map)."""
        key = self._key_of.pop(box_id, None)
        if key is None:
            return
        n = bisect_left(self._keys, key)
        self._pins_changed |= self._pinned[n]
        self._drop(n)
        self._touched.append(key)

    def _drop(self, n: int) -> None:
        for column in (self._keys, self._ids, self._pinned, self._heights, self._places, self._cursor_in):
            del column[n]

    def place(self, box_id: str) -> float:
        """A box's y, as the last ``tidy`` gave it."""
        return self._places[bisect_left(self._keys, self._key_of[box_id])]

    def bottoms(self) -> list[float]:
        """Where each box's block ends, as the last ``tidy`` placed them."""
        return list(map(add, self._places, self._heights))

    def tidy(self) -> list[str]:
        """Place the boxes as ``tidy_lane`` does; the ids of the boxes whose place changed."""
        touched, self._touched = self._touched, []
        if not touched:
            return []
        keys, ids, pinned, heights = self._keys, self._ids, self._pinned, self._heights
        places, cursor_in = self._places, self._cursor_in
        start = min(bisect_left(keys, key) for key in touched)
        last = max(bisect_left(keys, key) for key in touched)  # no box below this one changed
        if self._pins_changed:
            self._pins_changed = False
            if self._place_pinned():
                start, last = 0, len(keys)
        if start == 0:
            cursor = first_row_y()
        elif pinned[start - 1]:
            cursor = cursor_in[start - 1]
        else:
            cursor = places[start - 1] + heights[start - 1] + ROW_GAP
        bands, pinned_at = self._bands, self._pinned_at
        changed = []
        for n in range(start, len(keys)):
            if n > last and cursor == cursor_in[n]:
                break  # (each box below meets the cursor it met before: all stay where they are)
            cursor_in[n] = cursor
            if pinned[n]:
                y = pinned_at[ids[n]]
            else:
                y = max(keys[n][0], cursor)
                block = heights[n] + ROW_GAP
                for top, bottom in bands:
                    if y < bottom and y + block > top:
                        y = bottom
                cursor = y + block
            if y != places[n]:
                places[n] = y
                changed.append(ids[n])
        return changed

    def _place_pinned(self) -> bool:
        """The pinned boxes' places again (as ``tidy_lane``); whether what they keep the others out of
        changed. (While that stands, a pinned box takes another place only when it takes another rank
        among them: one pinned box above it came or went and another below it, both touched, so the
        tidy goes over it.)"""
        pinned_at: dict[str, float] = {}
        bands = []
        floor = float("-inf")
        keys, ids, heights = self._keys, self._ids, self._heights
        for n in compress(range(len(keys)), self._pinned):
            y = max(keys[n][0], floor)
            pinned_at[ids[n]] = y
            bands.append((y, y + heights[n] + ROW_GAP))
            floor = y + heights[n] + ROW_GAP / 4
        self._pinned_at = pinned_at
        if bands == self._bands:
            return False
        self._bands = bands
        return True
