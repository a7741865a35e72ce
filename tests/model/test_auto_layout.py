"""Automatic layout: lanes, flow order, room for chips, pinned points respected, no overlaps."""

from __future__ import annotations

import random

from intercept_mapper.model import DecisionPoint, Finding, Flow, Workshop, new_workshop
from intercept_mapper.model.auto_layout import apply_layout, chip_counts, layout_positions
from intercept_mapper.model.map_geometry import first_row_y, lane_point_x, point_block_height
from intercept_mapper.model.worksheet_csv import read_worksheet
from tests.conftest import SAMPLES


def sample() -> Workshop:
    return read_worksheet(SAMPLES / "riverbend-worksheet.csv").workshop


def by_title(ws: Workshop) -> dict[str, DecisionPoint]:
    return {p.title: p for p in ws.points}


def assert_no_overlaps(ws: Workshop) -> None:
    """No two point blocks (box plus chips) in one lane share any height."""
    chips = chip_counts(ws)
    lanes: dict[str, list[tuple[float, float, str]]] = {}
    for p in ws.points:
        lanes.setdefault(p.intercept, []).append((p.y, p.y + point_block_height(chips.get(p.id, 0)), p.title))
    for blocks in lanes.values():
        blocks.sort()
        for (_, bottom, upper), (top, _, lower) in zip(blocks, blocks[1:], strict=False):
            assert bottom <= top, f"{upper!r} overlaps {lower!r}"


def test_points_sit_centred_in_their_lanes_without_overlap():
    ws = sample()
    apply_layout(ws)
    for p in ws.points:
        assert p.x == lane_point_x(ws.scheme.order(p.intercept))
        assert p.y >= first_row_y()
    assert_no_overlaps(ws)


def test_layout_reads_along_the_flow():
    ws = sample()
    apply_layout(ws)
    p = by_title(ws)
    # A point starts level with the point that feeds it from the previous lane.
    assert p["911 dispatch"].y == p["Crisis line / 988"].y == first_row_y()
    assert p["County jail"].y == p["First appearance"].y
    # Points fed by one upstream point stack under each other, in reading order.
    assert p["County jail"].y < p["Dispositional court"].y < p["Mental health court"].y
    # Within a lane, a chain goes down the lane.
    assert p["Arrest"].y < p["Booking and screening"].y < p["First appearance"].y


def test_blocks_leave_room_for_chips():
    ws = sample()
    apply_layout(ws)
    p = by_title(ws)
    # "911 dispatch" carries one resource and one gap: the next point in its lane starts below them.
    assert p["Co-responder team"].y >= p["911 dispatch"].y + point_block_height(2)


def test_pinned_points_stay_and_others_flow_around_them():
    ws = sample()
    p = by_title(ws)
    # Pin a box exactly where "911 dispatch" would go.
    pinned = DecisionPoint(id="pt-pinned", intercept="1", title="Hand-placed", x=333.0, y=first_row_y() + 10,
                           pinned=True)
    ws.points.append(pinned)
    positions = layout_positions(ws)
    assert "pt-pinned" not in positions
    apply_layout(ws)
    assert (pinned.x, pinned.y) == (333.0, first_row_y() + 10)
    assert p["911 dispatch"].y >= pinned.y + point_block_height(0)
    assert_no_overlaps(ws)


def test_many_pinned_points_with_gaps_between_them():
    ws = new_workshop()
    ws.points = [DecisionPoint(id=f"pin{n}", intercept="2", title=f"Pin {n}", y=first_row_y() + n * 400,
                               pinned=True) for n in range(5)]
    ws.points += [DecisionPoint(id=f"free{n}", intercept="2", title=f"Free {n:02}") for n in range(12)]
    ws.findings = [Finding(id=f"fd{n}", kind="gap", intercept="2", title="g", point_id=f"free{n}")
                   for n in range(0, 12, 3)]
    apply_layout(ws)
    assert_no_overlaps(ws)
    # The free points use the room between pins instead of all going below the last pin.
    assert min(p.y for p in ws.points if p.id.startswith("free")) < first_row_y() + 400


def test_layout_is_deterministic_whatever_the_file_order():
    ws = sample()
    expected = {p.title: (p.x, p.y) for p in ws.points}  # import already laid it out
    rng = random.Random(3)
    for _ in range(3):
        rng.shuffle(ws.points)
        rng.shuffle(ws.flows)
        rng.shuffle(ws.findings)
        for point in ws.points:
            point.x = point.y = 0.0
        apply_layout(ws)
        assert {p.title: (p.x, p.y) for p in ws.points} == expected


def test_points_in_a_cycle_and_unknown_lanes_are_still_placed():
    ws = new_workshop("five-intercept")
    ws.points = [DecisionPoint(id="a", intercept="3", title="A"),
                 DecisionPoint(id="b", intercept="3", title="B"),
                 DecisionPoint(id="odd", intercept="0", title="Not in this preset")]
    ws.flows = [Flow(id="f1", source="a", target="b"), Flow(id="f2", source="b", target="a")]
    positions = layout_positions(ws)
    assert set(positions) == {"a", "b", "odd"}
    assert positions["a"][0] == lane_point_x(2)
    assert positions["odd"][0] == lane_point_x(len(ws.scheme.intercepts))
