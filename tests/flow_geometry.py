"""Geometric checks of a drawn map, shared by the router, canvas and SVG tests (no Qt).

A map is given as rectangles by id (boxes and chips) and flows as polylines with their source and
target box ids. Two promises of the map are checked:

- ``flows_through_boxes``: no flow passes through or under a box or chip that is not its own source or
  target box (its path sampled every unit, the rectangles shrunk by a margin so that a stub that
  touches its own box's edge, or runs along a gutter, is not counted);
- ``shared_stretches``: no two flows run along the same line for more than a touch: parallel segments
  of two flows closer than ``apart`` that overlap for more than ``touch`` units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, w, h


@dataclass(frozen=True)
class DrawnFlow:
    """A flow as drawn: its id, the ids of its two boxes and its polyline."""

    flow_id: str
    source: str
    target: str
    points: Sequence[Point]


def _samples(points: Sequence[Point], step: float = 1.0) -> Iterable[Point]:
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        length = math.hypot(bx - ax, by - ay)
        n = max(1, int(length / step))
        for k in range(n + 1):
            t = k / n
            yield ax + (bx - ax) * t, ay + (by - ay) * t


def flows_through_boxes(rects: Mapping[str, Rect], flows: Iterable[DrawnFlow],
                        margin: float = 2.0) -> list[str]:
    """Every (flow, box) where the flow runs inside a box or chip that is not its own end."""
    problems = []
    shrunk = {rid: (x + margin, y + margin, x + w - margin, y + h - margin)
              for rid, (x, y, w, h) in rects.items()}
    for flow in flows:
        own = {flow.source, flow.target}
        xs = [p[0] for p in flow.points]
        ys = [p[1] for p in flow.points]
        box = (min(xs), min(ys), max(xs), max(ys))
        near = [(rid, r) for rid, r in shrunk.items() if rid not in own and r[0] <= box[2]
                and box[0] <= r[2] and r[1] <= box[3] and box[1] <= r[3]]
        if not near:
            continue
        hit = set()
        for px, py in _samples(flow.points):
            for rid, (x0, y0, x1, y1) in near:
                if rid not in hit and x0 < px < x1 and y0 < py < y1:
                    hit.add(rid)
                    problems.append(f"{flow.flow_id} passes through {rid} at ({px:.0f}, {py:.0f})")
    return problems


def _segments(points: Sequence[Point]) -> list[tuple[Point, Point]]:
    return [(a, b) for a, b in zip(points, points[1:], strict=False)
            if math.hypot(b[0] - a[0], b[1] - a[1]) > 1e-6]


def shared_stretches(flows: Sequence[DrawnFlow], apart: float = 1.5, touch: float = 2.0) -> list[str]:
    """Every pair of flows with parallel segments closer than ``apart`` overlapping for over ``touch``."""
    problems = []
    horizontal: list[tuple[float, float, float, str]] = []
    vertical: list[tuple[float, float, float, str]] = []
    for flow in flows:
        for (ax, ay), (bx, by) in _segments(flow.points):
            if abs(ay - by) < 1e-6:
                horizontal.append((ay, min(ax, bx), max(ax, bx), flow.flow_id))
            elif abs(ax - bx) < 1e-6:
                vertical.append((ax, min(ay, by), max(ay, by), flow.flow_id))
            else:
                problems.append(f"{flow.flow_id} has a slanted segment ({ax}, {ay}) -> ({bx}, {by})")
    for kind, segments in (("horizontally", horizontal), ("vertically", vertical)):
        segments.sort()
        for n, (c, lo, hi, fid) in enumerate(segments):
            for c2, lo2, hi2, fid2 in segments[n + 1:]:
                if c2 - c >= apart:
                    break
                if fid2 != fid and min(hi, hi2) - max(lo, lo2) > touch:
                    problems.append(f"{fid} and {fid2} share a stretch {kind} at {c:.1f}..{c2:.1f} "
                                    f"from {max(lo, lo2):.0f} to {min(hi, hi2):.0f}")
    return problems


def close_runs(flows: Sequence[DrawnFlow], apart: float = 1.5, run: float = 6.0) -> list[str]:
    """Every pair of flows whose drawn paths (any shape, sampled every unit) stay within ``apart`` of
    each other for more than ``run`` units: what a reader takes for one line."""
    cell = max(apart, 1.0)
    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    samples = {}
    for flow in flows:
        pts = list(_samples(flow.points, 0.5))
        samples[flow.flow_id] = pts
        for px, py in pts:
            grid.setdefault((int(px // cell), int(py // cell)), []).append((px, py, flow.flow_id))
    problems = []
    for flow in flows:
        streak: dict[str, int] = {}
        worst: dict[str, int] = {}
        for px, py in samples[flow.flow_id]:
            near = set()
            gx, gy = int(px // cell), int(py // cell)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for qx, qy, other in grid.get((gx + dx, gy + dy), ()):
                        if other != flow.flow_id and (qx - px) ** 2 + (qy - py) ** 2 < apart ** 2:
                            near.add(other)
            for other in list(streak):
                if other not in near:
                    streak.pop(other)
            for other in near:
                streak[other] = streak.get(other, 0) + 1
                worst[other] = max(worst.get(other, 0), streak[other])
        for other, count in worst.items():
            if count * 0.5 > run and flow.flow_id < other:
                problems.append(f"{flow.flow_id} and {other} run together for {count * 0.5:.0f} units")
    return problems
