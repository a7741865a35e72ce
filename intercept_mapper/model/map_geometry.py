"""The one coordinate system of the map, shared by automatic layout, the canvas and the PDF map.

Units are scene units (1 unit = 1 pixel at 100 % zoom; the PDF scales them to points). Intercepts are
columns ("lanes") left to right in scheme order; the cross-intercept band runs beneath all lanes.
A decision point's ``x, y`` is the top-left corner of its box. Resources and gaps attached to a point
are drawn as a stack of chips directly under the box, so a lane's rows leave room for them.
"""

from __future__ import annotations

LANE_WIDTH = 340.0
LANE_HEADER_HEIGHT = 110.0  # room for a large intercept number and label
LANE_PADDING = 30.0  # from the lane edge to a point box
POINT_WIDTH = LANE_WIDTH - 2 * LANE_PADDING
POINT_HEIGHT = 84.0
CHIP_HEIGHT = 34.0  # one resource or gap line under its point
CHIP_GAP = 4.0
ROW_GAP = 36.0  # vertical space between one point's last chip and the next point
# Room automatic layout leaves under every block (and a box added at a lane's end above itself) for one
# more resource or gap, so that a chip typed in during the workshop does not push the boxes below it
# down the lane: the map stays still under the room's eyes, and an edit at 30,000 items no longer moves
# ~1,000 boxes and re-routes their flows. A chip and two gaps: a box's first chip also brings the gap
# between the box and its stack (``point_block_height(1) - point_block_height(0)``). A lane of packed
# boxes is ~20 % taller for it.
GROWTH_ROOM = CHIP_HEIGHT + 2 * CHIP_GAP
MIN_LANE_HEIGHT = 520.0
CROSS_BAND_GAP = 40.0
CROSS_BAND_MIN_HEIGHT = 160.0


def lane_left(lane_index: int) -> float:
    """Left edge of the lane at ``lane_index`` (0 for the first intercept of the scheme)."""
    return lane_index * LANE_WIDTH


def lane_point_x(lane_index: int) -> float:
    """The x of a point box centred in its lane."""
    return lane_left(lane_index) + LANE_PADDING


def lane_index_at(x: float, lane_count: int) -> int:
    """The lane under scene coordinate ``x``, clamped to the lanes that exist."""
    if lane_count <= 0:
        return 0
    return max(0, min(lane_count - 1, int((x + POINT_WIDTH / 2) // LANE_WIDTH)))


def first_row_y() -> float:
    """The y of the first point box below the lane header."""
    return LANE_HEADER_HEIGHT + 20.0


def point_block_height(chips: int) -> float:
    """Height of a point box plus the chips of its resources and gaps."""
    return POINT_HEIGHT + chips * (CHIP_HEIGHT + CHIP_GAP) + (CHIP_GAP if chips else 0.0)


def map_width(lane_count: int) -> float:
    """Width of all lanes together."""
    return lane_count * LANE_WIDTH


def snap_point(x: float, y: float, lane_count: int) -> tuple[int, float, float]:
    """Where a dropped point box lands: (lane index, x centred in that lane, y below the header)."""
    lane = lane_index_at(x, lane_count)
    return lane, lane_point_x(lane), max(first_row_y(), y)
