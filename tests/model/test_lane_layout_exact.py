"""Exact edges of the lane arithmetic (model/lane_layout.py) that the mutation run found unchecked."""

from __future__ import annotations

from intercept_mapper.model.lane_layout import fill_band, tidy_lane
from intercept_mapper.model.map_geometry import CHIP_GAP, ROW_GAP, first_row_y

TOP = first_row_y()


def test_a_box_that_ends_exactly_where_a_pinned_box_begins_stays_above_it() -> None:
    pinned_y = TOP + 400.0
    # The loose box's block (box and row gap) ends exactly at the pinned box's top: no overlap.
    height = pinned_y - TOP - ROW_GAP
    assert tidy_lane([(TOP, False, height), (pinned_y, True, 84.0)]) == [TOP, pinned_y]
    # One unit taller and it overlaps: it goes below the pinned box.
    assert tidy_lane([(TOP, False, height + 1), (pinned_y, True, 84.0)]) == [
        pinned_y + 84.0 + ROW_GAP, pinned_y]


def test_a_band_of_one_column_stacks_every_box_in_it() -> None:
    boxes, loose, _ = fill_band(1000.0, 50.0, 1, [100.0, 60.0], [34.0])
    assert boxes == [(0, 1050.0), (0, 1050.0 + 100.0 + ROW_GAP / 2)]
    assert loose == [(0, 1050.0 + 160.0 + ROW_GAP)]
    # No columns at all is still one column, not none.
    assert fill_band(1000.0, 50.0, 0, [100.0, 60.0], [])[0] == boxes


def test_loose_chips_in_the_band_stack_one_gap_apart_and_set_its_height() -> None:
    boxes, loose, height = fill_band(1000.0, 50.0, 1, [], [34.0, 34.0, 34.0])
    assert boxes == []
    assert loose == [(0, 1050.0), (0, 1050.0 + 34.0 + CHIP_GAP), (0, 1050.0 + 2 * (34.0 + CHIP_GAP))]
    assert height == 50.0 + 3 * (34.0 + CHIP_GAP) + 20.0
