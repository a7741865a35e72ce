"""The map's coordinate system (model/map_geometry.py): where a dropped box lands and how tall a block is."""

from __future__ import annotations

from intercept_mapper.model.lane_layout import band_blocked, block_height
from intercept_mapper.model.map_geometry import (
    CHIP_HEIGHT,
    LANE_WIDTH,
    POINT_HEIGHT,
    POINT_WIDTH,
    first_row_y,
    lane_index_at,
    lane_point_x,
    map_width,
    point_block_height,
    snap_point,
)

# A box's left edge at which its middle reaches the border between lanes 0 and 1.
BORDER = LANE_WIDTH - POINT_WIDTH / 2


def test_a_dropped_box_lands_in_the_lane_under_its_middle() -> None:
    assert lane_index_at(BORDER - 1, 3) == 0
    assert lane_index_at(BORDER, 3) == 1
    assert lane_index_at(BORDER + LANE_WIDTH - 1, 3) == 1
    assert lane_index_at(BORDER + LANE_WIDTH, 3) == 2
    assert lane_index_at(0.0, 3) == 0


def test_a_box_dropped_beyond_the_lanes_lands_in_the_nearest_one() -> None:
    assert lane_index_at(-5000.0, 3) == 0
    assert lane_index_at(BORDER + 2 * LANE_WIDTH, 3) == 2  # the middle of a fourth lane: the third
    assert lane_index_at(50 * LANE_WIDTH, 3) == 2
    assert lane_index_at(50 * LANE_WIDTH, 1) == 0
    assert lane_index_at(50 * LANE_WIDTH, 0) == 0  # no lanes yet: the first


def test_snapping_centres_the_box_in_its_lane_and_keeps_it_below_the_header() -> None:
    assert snap_point(BORDER + 3, 900.0, 3) == (1, lane_point_x(1), 900.0)
    assert snap_point(10.0, 5.0, 3) == (0, lane_point_x(0), first_row_y())
    assert map_width(3) == 3 * LANE_WIDTH


def test_a_point_block_holds_its_box_and_every_chip_with_the_gaps_between() -> None:
    assert point_block_height(0) == POINT_HEIGHT
    # The same height the scene's stacking gives for chips of the standard height.
    for chips in (1, 2, 5):
        assert point_block_height(chips) == block_height([CHIP_HEIGHT] * chips)
    assert point_block_height(2) == POINT_HEIGHT + 4 + 2 * (CHIP_HEIGHT + 4)


def test_a_band_of_one_column_blocks_only_that_column() -> None:
    blocked = band_blocked(1000.0, 50.0, 300.0, 1, [(0, 1100.0, 34.0)])
    assert set(blocked) == {0}
    assert sorted(blocked[0]) == [(1000.0, 1050.0), (1100.0, 1134.0), (1300.0, 1300.0 + 260.0)]
