"""Automatic layout's exact places (model/auto_layout.py): chips counted one each, a point that fits
exactly above a pinned one stays there, overlapping pinned points, and lanes with several pinned points."""

from __future__ import annotations

from intercept_mapper.model import DecisionPoint, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import chip_counts, layout_positions
from intercept_mapper.model.map_geometry import (
    GROWTH_ROOM,
    ROW_GAP,
    first_row_y,
    lane_point_x,
    point_block_height,
)

TOP = first_row_y()
BLOCK = point_block_height(0) + ROW_GAP + GROWTH_ROOM  # a point with no chips, the gap and the room below it


def pinned(point_id: str, y: float) -> DecisionPoint:
    return DecisionPoint(id=point_id, intercept="2", title=point_id, x=lane_point_x(2), y=y, pinned=True)


def free(point_id: str) -> DecisionPoint:
    return DecisionPoint(id=point_id, intercept="2", title=point_id)


def test_each_resource_and_gap_counts_as_one_chip_of_its_own_point() -> None:
    ws = new_workshop()
    ws.points = [free("a"), free("b"), free("c")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="2", title="g", point_id="a"),
                   Finding(id="r1", kind="resource", intercept="2", title="r", point_id="a"),
                   Finding(id="g2", kind="gap", intercept="2", title="g", point_id="b"),
                   Finding(id="g3", kind="gap", intercept="2", title="loose")]
    assert chip_counts(ws) == {"a": 2, "b": 1}
    ws.flows = [Flow(id="f1", source="a", target="b"), Flow(id="f2", source="b", target="c")]
    positions = layout_positions(ws)
    # Each point starts exactly a row gap and the growth room below the block (box and chips) above it.
    assert positions["a"] == (lane_point_x(2), TOP)
    assert positions["b"][1] == TOP + point_block_height(2) + ROW_GAP + GROWTH_ROOM
    assert positions["c"][1] == positions["b"][1] + point_block_height(1) + ROW_GAP + GROWTH_ROOM


def test_a_point_that_fits_exactly_above_a_pinned_point_stays_above_it() -> None:
    ws = new_workshop()
    ws.points = [pinned("pin", TOP + BLOCK), free("a")]
    assert layout_positions(ws) == {"a": (lane_point_x(2), TOP)}
    ws.points = [pinned("pin", TOP + BLOCK - 1), free("a")]
    assert layout_positions(ws) == {"a": (lane_point_x(2), TOP + BLOCK - 1 + BLOCK)}


def test_pinned_points_that_overlap_each_other_are_both_stepped_around() -> None:
    ws = new_workshop()
    # Two pinned points overlapping (the second 50 below the first), then room for exactly one point.
    ws.points = [pinned("p1", 200.0), pinned("p2", 250.0), pinned("p3", 250.0 + 2 * BLOCK),
                 free("a"), free("b")]
    ws.flows = [Flow(id="f", source="a", target="b")]
    positions = layout_positions(ws)
    assert positions["a"][1] == 250.0 + BLOCK
    assert positions["b"][1] == 250.0 + 3 * BLOCK  # below p3: the room above it is taken by a


def test_points_step_past_each_of_several_pinned_points_in_turn() -> None:
    ws = new_workshop()
    # Pinned blocks at 200, 400 and below p2's block with room for exactly four points; the room between
    # the first two is too small for a point, and the rest go below the third.
    p3_y = 400.0 + 5 * BLOCK
    ws.points = [pinned("p1", 200.0), pinned("p2", 400.0), pinned("p3", p3_y)]
    ws.points += [free(f"f{n}") for n in range(6)]
    ws.flows = [Flow(id=f"fl{n}", source=f"f{n}", target=f"f{n + 1}") for n in range(5)]
    ys = [layout_positions(ws)[f"f{n}"][1] for n in range(6)]
    after_p2 = 400.0 + BLOCK
    after_p3 = p3_y + BLOCK
    assert ys == [after_p2, after_p2 + BLOCK, after_p2 + 2 * BLOCK, after_p2 + 3 * BLOCK,
                  after_p3, after_p3 + BLOCK]


def test_a_pinned_point_keeps_room_for_its_own_chips() -> None:
    ws = new_workshop()
    ws.points = [pinned("pin", TOP), free("a")]
    ws.findings = [Finding(id=f"g{n}", kind="gap", intercept="2", title="g", point_id="pin")
                   for n in range(3)]
    below_pin = TOP + point_block_height(3) + ROW_GAP + GROWTH_ROOM
    assert layout_positions(ws) == {"a": (lane_point_x(2), below_pin)}


def test_only_a_point_in_an_earlier_lane_pulls_a_point_down_to_its_level() -> None:
    ws = new_workshop()
    # "a" is pinned low in lane 2 and feeds "b" in the same lane: b still takes the first free row.
    ws.points = [pinned("a", 800.0), free("b")]
    ws.flows = [Flow(id="f1", source="a", target="b")]
    assert layout_positions(ws)["b"][1] == TOP
    # "c" in lane 1 is pinned low too and feeds "d" in lane 2: d starts level with it.
    ws.points += [DecisionPoint(id="c", intercept="1", title="c", x=lane_point_x(1), y=600.0, pinned=True),
                  free("d")]
    ws.flows.append(Flow(id="f2", source="c", target="d"))
    assert layout_positions(ws)["d"][1] == 600.0
    # A point fed back from a later lane ("e" in lane 3) does not pull "f" in lane 2 down either.
    ws = new_workshop()
    ws.points = [DecisionPoint(id="e", intercept="3", title="e", x=lane_point_x(3), y=700.0, pinned=True),
                 free("f")]
    ws.flows = [Flow(id="f3", source="e", target="f")]
    assert layout_positions(ws)["f"][1] == TOP
