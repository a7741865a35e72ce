"""The map's layout arithmetic (model/lane_layout.py), shared by the scene and its first-paint sketch."""

from __future__ import annotations

from intercept_mapper.model.lane_layout import (
    block_height,
    chip_offsets,
    fill_band,
    flow_route,
    lane_end,
    list_loose,
    tidy_lane,
)
from intercept_mapper.model.map_geometry import (
    CHIP_GAP,
    CROSS_BAND_MIN_HEIGHT,
    LANE_WIDTH,
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


def test_flows_back_run_below_the_lanes_they_cross_and_flows_over_lanes_below_those_lanes() -> None:
    reach = [900.0, 1500.0, 700.0, 400.0]
    x = [n * LANE_WIDTH + 30 for n in range(4)]
    # Forward to the next lane: no strip at all.
    assert flow_route(x[0], x[1], 300.0, 300.0, True, reach) == (None, None, None, None)
    # Back from lane 2 to lane 0: below all three lanes' reach.
    channel, skip, back, span = flow_route(x[2], x[0], 300.0, 300.0, True, reach)
    assert (channel, back, skip, span) == (1500.0 - ROW_GAP / 4, (0, 2), None, None)
    # From lane 0 over lanes 1 and 2 to lane 3: below the deepest skipped lane.
    channel, skip, back, span = flow_route(x[0], x[3], 300.0, 300.0, True, reach)
    assert (channel, skip, span) == (None, 1500.0 - ROW_GAP / 2, (1, 2))
    # A box in the cross band never skips lanes.
    assert flow_route(x[0], x[3], 300.0, 300.0, False, reach)[1] is None
