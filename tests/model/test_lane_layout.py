"""The map's layout arithmetic (model/lane_layout.py), shared by the scene and its first-paint sketch."""

from __future__ import annotations

from intercept_mapper.model.lane_layout import (
    LEGEND_ROOM,
    band_blocked,
    block_height,
    chip_offsets,
    fill_band,
    lane_end,
    list_loose,
    tidy_lane,
)
from intercept_mapper.model.map_geometry import (
    CHIP_GAP,
    CROSS_BAND_MIN_HEIGHT,
    POINT_HEIGHT,
    ROW_GAP,
    first_row_y,
)

TOP = first_row_y()


def test_a_stack_of_chips_hangs_under_its_box_one_gap_apart() -> None:
    assert block_height([]) == POINT_HEIGHT
    assert chip_offsets([34.0, 50.0]) == [POINT_HEIGHT + CHIP_GAP, POINT_HEIGHT + 2 * CHIP_GAP + 34.0]
    assert block_height([34.0, 50.0]) == POINT_HEIGHT + 3 * CHIP_GAP + 84.0


def test_a_lane_keeps_its_order_pushes_boxes_down_and_steps_around_pinned_ones() -> None:
    # Two loose boxes both wanting the first row, then a pinned one right where the second lands.
    pinned_y = TOP + 100 + ROW_GAP + 10
    places = tidy_lane([(TOP, False, 100.0), (TOP, False, 100.0), (pinned_y, True, 50.0)])
    assert places[0] == TOP
    # The second would overlap the pinned box below it: it moves past that box.
    assert places[1] == pinned_y + 50.0 + ROW_GAP
    assert places[2] == pinned_y
    # Boxes that want to sit lower stay there.
    assert tidy_lane([(TOP + 500, False, 100.0)]) == [TOP + 500]
    assert lane_end([]) == TOP and lane_end([300.0, 420.0]) == 420.0 + ROW_GAP


def test_loose_chips_list_below_the_lane_and_extend_its_reach() -> None:
    places, reach = list_loose(600.0, [34.0, 34.0])
    assert places == [600.0, 600.0 + 34.0 + CHIP_GAP]
    assert reach == 600.0 + 2 * (34.0 + CHIP_GAP) + ROW_GAP / 2


def test_the_band_fills_its_shortest_column_first() -> None:
    boxes, loose, height = fill_band(1000.0, 50.0, 3, [100.0, 300.0, 100.0, 100.0], [34.0])
    first = 1050.0
    assert boxes == [(0, first), (1, first), (2, first), (0, first + 100.0 + ROW_GAP / 2)]
    assert loose == [(2, first + 100.0 + ROW_GAP / 2)]
    assert height == max(CROSS_BAND_MIN_HEIGHT, first + 300.0 + ROW_GAP / 2 - 1000.0 + 20.0)
    assert fill_band(1000.0, 50.0, 6, [], [])[2] == CROSS_BAND_MIN_HEIGHT


def test_a_box_dropped_onto_another_pinned_box_goes_just_below_it() -> None:
    places = tidy_lane([(TOP, True, 100.0), (TOP + 40, True, 84.0), (TOP + 500, True, 84.0)])
    assert places == [TOP, TOP + 100.0 + ROW_GAP / 4, TOP + 500]


def test_flows_crossing_the_band_keep_clear_of_its_title_loose_chips_and_the_legend() -> None:
    blocked = band_blocked(1000.0, 50.0, 300.0, 3, [(1, 1060.0, 34.0)])
    assert blocked[0] == [(1000.0, 1050.0), (1300.0, 1300.0 + LEGEND_ROOM)]
    assert blocked[1][-1] == (1060.0, 1094.0) and set(blocked) == {0, 1, 2}
