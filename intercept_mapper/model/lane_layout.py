"""How the canvas arranges its map: chip stacks, tidy lanes, the cross band's columns and flow routes.

Pure arithmetic on heights and places, shared by the live map scene (``ui/map/map_scene.py``, which
lays out only what a change touched) and the sketch of a large map painted before its items exist
(``ui/map/map_sketch.py``, which lays out the whole map at once): both call these functions, so the
two can never disagree about where anything is.
"""

from __future__ import annotations

from collections.abc import Sequence

from .map_geometry import (
    CHIP_GAP,
    CROSS_BAND_MIN_HEIGHT,
    LANE_WIDTH,
    POINT_HEIGHT,
    ROW_GAP,
    first_row_y,
)

BAND_BOTTOM_PADDING = 20.0  # below the band's tallest column

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

    A pinned box stays where the facilitator put it; the others keep their order, each below the one
    before, and step past any pinned box they would overlap.
    """
    pinned = [(y, y + height + ROW_GAP) for y, is_pinned, height in members if is_pinned]
    cursor = first_row_y()
    places = []
    for wanted, is_pinned, height in members:
        if is_pinned:
            y = wanted
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
    """Where the next box of a lane goes: a row gap below its lowest block (or the first row)."""
    return first_row_y() if not box_bottoms else max(box_bottoms) + ROW_GAP


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


def flow_route(source_x: float, target_x: float, source_bottom: float, target_bottom: float,
               in_lanes: bool, lane_reach: Sequence[float]
               ) -> tuple[float | None, float | None, tuple[int, int] | None, tuple[int, int] | None]:
    """Which strips a flow runs along, from its boxes' left edges and the bottoms of their stacks.

    ``lane_reach`` is how far down each lane's items reach, in lane order; ``in_lanes`` is False when
    either box sits in the cross band. Returns ``(channel, skip_clear, back_span, skip_span)``:
    a flow back to an earlier lane runs along ``channel``, below every lane it crosses (``back_span``,
    first and last lane index); a forward flow over whole lanes runs below ``skip_clear``, the reach
    of the lanes it skips (``skip_span``). Each is None when it does not apply.
    """
    def reach(first: int, last: int) -> list[float]:
        return [lane_reach[n] for n in range(first, last + 1) if 0 <= n < len(lane_reach)]

    channel = back_span = None
    if target_x < source_x - 1:
        # Backward: run below every lane it crosses.
        back_span = (int(target_x // LANE_WIDTH), int(source_x // LANE_WIDTH))
        channel = max([source_bottom, target_bottom, *reach(*back_span)]) - ROW_GAP / 4
    skip_clear = skip_span = None
    # Lanes by where the boxes are (a dragged box may not be in its lane yet); band boxes never skip.
    first, last = int(source_x // LANE_WIDTH), int(target_x // LANE_WIDTH)
    if in_lanes and last - first > 1:
        # Over whole lanes: below their boxes and chips (their reach, less the row gap it adds).
        skip_span = (first + 1, last - 1)
        skip_clear = max(reach(*skip_span), default=0.0) - ROW_GAP / 2
    return channel, skip_clear, back_span, skip_span
