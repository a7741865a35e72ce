"""Automatic layout: every unpinned decision point placed in its intercept lane, in flow order.

Each point sits centred in its lane. Going down a lane, points come in reading order
(``flow_graph.flow_order``); a point starts level with the top-most point that feeds it from an
earlier lane where there is room, so a flow reads straight across and the points fed by one upstream
point stack under each other. Every point's block is tall enough for the chips of its resources and
gaps, and points a facilitator pinned keep their place while the others flow around them.
"""

from __future__ import annotations

from bisect import bisect_right

from .flow_graph import flow_graph, flow_order
from .map_geometry import GROWTH_ROOM, ROW_GAP, first_row_y, lane_point_x, point_block_height
from .workshop import Workshop


def chip_counts(ws: Workshop) -> dict[str, int]:
    """Number of resources and gaps attached to each point (points with none are absent)."""
    counts: dict[str, int] = {}
    for finding in ws.findings:
        if finding.point_id is not None:
            counts[finding.point_id] = counts.get(finding.point_id, 0) + 1
    return counts


class _Lane:
    """The free space of one lane: a cursor below the last placed point, and the pinned blocks."""

    def __init__(self, pinned: list[tuple[float, float]]) -> None:
        self.blocks = _merge(sorted(pinned))  # disjoint (top, bottom including ROW_GAP), top down
        self.starts = [top for top, _ in self.blocks]
        self.cursor = first_row_y()

    def place(self, wanted: float, height: float) -> float:
        """The top of the first free slot of ``height`` at or below ``wanted`` and the cursor."""
        y = max(wanted, self.cursor)
        # The blocks are disjoint and sorted, so only the last one starting above y can reach below it.
        index = max(0, bisect_right(self.starts, y) - 1)
        while index < len(self.blocks):
            top, bottom = self.blocks[index]
            if bottom <= y:
                index += 1
                continue
            if top >= y + height:
                break
            y = bottom
            index += 1
        self.cursor = y + height
        return y


def _merge(blocks: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted intervals with overlapping ones joined, so that bottoms are sorted like tops."""
    merged: list[tuple[float, float]] = []
    for top, bottom in blocks:
        if merged and top < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def layout_positions(ws: Workshop) -> dict[str, tuple[float, float]]:
    """Where automatic layout puts each unpinned point: ``{point id: (x, y)}``; pinned points are absent."""
    graph = flow_graph(ws)
    chips = chip_counts(ws)
    points = {p.id: p for p in ws.points}
    lane_of = {p.id: ws.scheme.order(p.intercept) for p in ws.points}

    def block(point_id: str) -> float:
        return point_block_height(chips.get(point_id, 0)) + ROW_GAP + GROWTH_ROOM

    pinned_by_lane: dict[int, list[tuple[float, float]]] = {}
    for p in ws.points:
        if p.pinned:
            pinned_by_lane.setdefault(lane_of[p.id], []).append((p.y, p.y + block(p.id)))
    lanes: dict[int, _Lane] = {}
    tops: dict[str, float] = {p.id: p.y for p in ws.points if p.pinned}
    positions: dict[str, tuple[float, float]] = {}
    for point_id in flow_order(ws):
        if points[point_id].pinned:
            continue
        lane_index = lane_of[point_id]
        lane = lanes.get(lane_index)
        if lane is None:
            lane = lanes[lane_index] = _Lane(pinned_by_lane.get(lane_index, []))
        fed_from = [
            tops[p] for p in graph.predecessors(point_id) if p in tops and lane_of[p] < lane_index
        ]
        wanted = min(fed_from) if fed_from else first_row_y()
        y = lane.place(wanted, block(point_id))
        tops[point_id] = y
        positions[point_id] = (lane_point_x(lane_index), y)
    return positions


def apply_layout(ws: Workshop) -> None:
    """Move every unpinned point of ``ws`` to its automatic layout position (in place)."""
    positions = layout_positions(ws)
    for point in ws.points:
        if point.id in positions:
            point.x, point.y = positions[point.id]
