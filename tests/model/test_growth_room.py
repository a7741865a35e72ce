"""Room under each box for one more resource or gap (issue 18): automatic layout leaves ``GROWTH_ROOM``
under every block, a box added at a lane's end gets it too, and the lane tidy then pushes a box only
when the block above outgrows its room, only as far as needed, so a push stops within a box or two."""

from __future__ import annotations

from intercept_mapper.model import DecisionPoint, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import apply_layout, chip_counts, layout_positions
from intercept_mapper.model.lane_layout import block_height, lane_end, next_box_y, tidy_lane
from intercept_mapper.model.map_geometry import (
    CHIP_HEIGHT,
    GROWTH_ROOM,
    ROW_GAP,
    first_row_y,
    lane_point_x,
    point_block_height,
)
from intercept_mapper.model.worksheet_csv import read_worksheet
from tests.conftest import SAMPLES

TOP = first_row_y()


def free(point_id: str, intercept: str = "2") -> DecisionPoint:
    return DecisionPoint(id=point_id, intercept=intercept, title=point_id)


def test_the_room_holds_one_more_chip_whatever_the_box_already_holds() -> None:
    # The first chip under a box also brings the gap between box and stack, so the room is a chip and
    # two gaps: with a chip and one gap, a box's first resource would push the next box by 4.
    for chips in range(6):
        assert point_block_height(chips + 1) - point_block_height(chips) <= GROWTH_ROOM
    assert point_block_height(1) - point_block_height(0) == GROWTH_ROOM


def test_automatic_layout_starts_the_next_box_a_row_gap_and_the_room_below_a_block() -> None:
    ws = new_workshop()
    ws.points = [free("a"), free("b"), free("c")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="2", title="g", point_id="a"),
                   Finding(id="r1", kind="resource", intercept="2", title="r", point_id="a")]
    ws.flows = [Flow(id="f1", source="a", target="b"), Flow(id="f2", source="b", target="c")]
    positions = layout_positions(ws)
    assert positions["a"] == (lane_point_x(2), TOP)
    assert positions["b"][1] == TOP + point_block_height(2) + ROW_GAP + GROWTH_ROOM
    assert positions["c"][1] == positions["b"][1] + point_block_height(0) + ROW_GAP + GROWTH_ROOM


def test_automatic_layout_keeps_the_room_above_a_pinned_box_and_under_it() -> None:
    ws = new_workshop()
    room = point_block_height(0) + ROW_GAP + GROWTH_ROOM
    pinned = DecisionPoint(id="pin", intercept="2", title="pin", x=lane_point_x(2), y=TOP + room, pinned=True)
    ws.points = [pinned, free("a"), free("b")]
    ws.flows = [Flow(id="f", source="a", target="b")]
    # "a" fits exactly above the pinned box with its room; one unit less and it goes below it.
    assert layout_positions(ws) == {"a": (lane_point_x(2), TOP), "b": (lane_point_x(2), TOP + 2 * room)}
    pinned.y -= 1
    assert layout_positions(ws)["a"][1] == TOP + 2 * room - 1


def test_an_imported_worksheet_has_the_room_under_every_box() -> None:
    ws = read_worksheet(SAMPLES / "riverbend-worksheet.csv").workshop  # laid out on import
    chips = chip_counts(ws)
    lanes: dict[str, list[DecisionPoint]] = {}
    for p in ws.points:
        lanes.setdefault(p.intercept, []).append(p)
    pairs = 0
    for points in lanes.values():
        points.sort(key=lambda p: p.y)
        for upper, lower in zip(points, points[1:], strict=False):
            assert lower.y >= upper.y + point_block_height(chips.get(upper.id, 0)) + ROW_GAP + GROWTH_ROOM
            pairs += 1
    assert pairs >= 5  # the sample's lanes hold several boxes each


def test_a_new_box_at_a_lanes_end_goes_a_row_gap_and_the_room_below_its_lowest_block() -> None:
    assert next_box_y([]) == TOP
    assert next_box_y([300.0, 420.0]) == 420.0 + ROW_GAP + GROWTH_ROOM
    # Loose chips listed under the last box keep their place: a row gap below it, no room.
    assert lane_end([300.0, 420.0]) == 420.0 + ROW_GAP


def _laid_out_lane(boxes: int) -> tuple[list[float], list[list[float]]]:
    """A lane of ``boxes`` boxes holding 0, 1 and 2 chips in turn, placed by automatic layout: the
    boxes' y, and each box's chip heights."""
    ws = new_workshop()
    ws.points = [free(f"p{n:03}") for n in range(boxes)]
    ws.findings = [Finding(id=f"g{n:03}-{k}", kind="gap", intercept="2", title="g", point_id=f"p{n:03}")
                   for n in range(boxes) for k in range(n % 3)]
    ws.flows = [Flow(id=f"f{n:03}", source=f"p{n:03}", target=f"p{n + 1:03}") for n in range(boxes - 1)]
    apply_layout(ws)
    return [p.y for p in ws.points], [[CHIP_HEIGHT] * (n % 3) for n in range(boxes)]


def _tidied(ys: list[float], stacks: list[list[float]]) -> list[float]:
    return tidy_lane([(y, False, block_height(stack)) for y, stack in zip(ys, stacks, strict=True)])


def test_a_chip_added_to_a_box_in_the_middle_of_a_300_box_lane_moves_no_box() -> None:
    ys, stacks = _laid_out_lane(300)
    assert _tidied(ys, stacks) == ys  # laid out by automatic layout: tidy as it is
    for middle in (150, 151, 152):  # a box with no chip, one chip, two chips
        grown = [list(s) for s in stacks]
        grown[middle].append(CHIP_HEIGHT)
        assert _tidied(ys, grown) == ys, middle


def test_a_second_chip_pushes_only_the_next_box_and_only_as_far_as_needed() -> None:
    ys, stacks = _laid_out_lane(300)
    for middle in (150, 151, 152):
        grown = [list(s) for s in stacks]
        grown[middle] += [CHIP_HEIGHT, CHIP_HEIGHT]
        places = _tidied(ys, grown)
        moved = [n for n, (old, new) in enumerate(zip(ys, places, strict=True)) if old != new]
        assert moved == [middle + 1], middle
        overflow = block_height(grown[middle]) + ROW_GAP - (ys[middle + 1] - ys[middle])
        assert places[middle + 1] - ys[middle + 1] == overflow > 0
