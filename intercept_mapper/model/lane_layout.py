"""How the map is arranged: chip stacks, tidy lanes, the cross band's columns, what flows keep clear of.

Pure arithmetic on heights and places, shared by the live map scene (``ui/map/map_scene.py``, which
lays out only what a change touched), the sketch of a large map painted before its items exist
(``ui/map/map_sketch.py``, which lays out the whole map at once) and the exported map: all call these
functions, so they can never disagree about where anything is. Flows are routed around what these
functions place by ``flow_routing``.
"""

from __future__ import annotations

from collections.abc import Sequence

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
