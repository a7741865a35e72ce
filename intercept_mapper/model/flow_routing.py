"""Where every flow of the map runs: orthogonal routes in the gutters between the boxes, never through one.

The map is a row of columns (the intercept lanes, continued by the cross band's columns beneath them).
Every box sits in a column with ``LANE_PADDING`` free on either side, so the strips around each lane
border ("gutters") hold no box, and nor do the rows between one point's block (box and chips) and the
next. A flow therefore runs like this:

- out of a side of its source box at a *port* of its own, a short stub into the gutter beside it;
- along a *track* of its own in that gutter (vertical);
- when it must pass whole columns (a lane it skips, or a flow back to an earlier lane), across them at a
  height where every column it passes is free of boxes and chips (a *crossing*), then along a track in
  the gutter beside its target;
- into a port of its own on its target's side.

Forward flows leave a box's right side and arrive at a left side; flows back to an earlier lane leave a
left side and arrive at a right side; flows within one column run down the left gutter or up the right
one. Ports on one side are spread over the box's height; ports on right sides sit on a grid of
``PORT_GRID`` and those on left sides halfway between, so two stubs that meet in one gutter never lie on
one line. Tracks in one gutter are given out so that no two legs whose heights overlap share one, and
crossings so that no two that pass the same columns share a height. So no two flows share any stretch
but where they touch their own boxes, and a flow never passes under a box that is not its end.

Pure arithmetic on rectangles, without Qt: the canvas, the sketch of a large map, the PDF, SVG and PNG
maps all route with this module (one layout, four outputs). ``FlowRouter`` keeps the map's boxes and
flows and routes them all at once; the scene asks it again after each change and redraws only the
flows whose route changed.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from .map_geometry import LANE_HEADER_HEIGHT, LANE_WIDTH

ROUTE_CEILING = LANE_HEADER_HEIGHT + 4.0  # flows cross lanes only below the lane headers
PORT_GRID = 8.0  # right-side ports sit on multiples of this; left-side ports halfway between
PORT_MARGIN = 10.0  # no port closer than this to a box's top or bottom corner
TRACK_REACH = 16.0  # tracks lie within this of the gutter's middle (stubs keep room for an arrowhead)
EDGE_TRACK_REACH = (4.0, 18.0)  # the two outer gutters: this far in from the map edge
TRACK_STEP = 8.0  # tracks this far apart when the gutter has room; closer when it does not
LEG_PAD = 8.0  # two legs on one track leave at least this much between them
CROSS_STEP = 7.0  # crossings that pass the same columns lie at least this far apart
CLEARANCE = 8.0  # a crossing keeps at least this far from any box, chip or header


class Box(NamedTuple):
    """A point's box (left, top, width, height) and how far down its chips reach."""

    x: float
    y: float
    w: float
    h: float
    bottom: float  # the bottom of the box's block: its box and the chips stacked under it

    @property
    def right(self) -> float:
        """The box's right edge."""
        return self.x + self.w


class Route(NamedTuple):
    """A flow's path as corner points from its source's side to its target's side, where its count
    goes, and whether it runs back to an earlier lane."""

    points: tuple[tuple[float, float], ...]
    label_at: tuple[float, float]
    backward: bool


class _Leg(NamedTuple):
    flow_id: str
    part: int  # 0: the leg beside the source, 1: the leg beside the target
    low: float
    high: float


def column_of(box: Box, columns: int) -> int:
    """The column a box stands in (by its middle; clamped to the columns that exist)."""
    return max(0, min(columns - 1, int((box.x + box.w / 2) // LANE_WIDTH)))


def track_zone(gutter: int, columns: int) -> tuple[float, float]:
    """The x range that a gutter's tracks may use (gutter ``g`` runs along the left edge of column ``g``)."""
    if gutter <= 0:
        return EDGE_TRACK_REACH
    edge = gutter * LANE_WIDTH
    if gutter >= columns:
        return edge - EDGE_TRACK_REACH[1], edge - EDGE_TRACK_REACH[0]
    return edge - TRACK_REACH, edge + TRACK_REACH


def _port_places(top: float, height: float, count: int, right_side: bool) -> list[float]:
    """``count`` distinct port heights on one side of a box, spread evenly over its middle."""
    low, high = top + PORT_MARGIN, top + height - PORT_MARGIN
    offset = 0.0 if right_side else PORT_GRID / 2
    first = -(-(low - offset) // PORT_GRID)  # the first grid step at or below the box's top margin
    last = (high - offset) // PORT_GRID
    slots = [n * PORT_GRID + offset for n in range(int(first), int(last) + 1)]
    if count <= len(slots):
        # The ``count`` slots closest to spreading them evenly (one port alone: the middle slot).
        step = len(slots) / count
        return [slots[int((n + 0.5) * step)] for n in range(count)]
    # More flows on this side than slots: closer together, off the grid (a rare, very busy box).
    gap = (high - low) / (count + 1)
    return [low + gap * (n + 1) for n in range(count)]


def _free_intervals(blocked: list[tuple[float, float]], top: float) -> list[tuple[float, float]]:
    """The heights below ``top`` that no interval of ``blocked`` (sorted, padded) covers; the last is open."""
    free = []
    cursor = top
    for low, high in blocked:
        if low > cursor:
            free.append((cursor, low))
        cursor = max(cursor, high)
    free.append((cursor, float("inf")))
    return free


def _merged(intervals: Iterable[tuple[float, float]], pad: float) -> list[tuple[float, float]]:
    """Intervals widened by ``pad`` and merged where they touch, in order."""
    out: list[tuple[float, float]] = []
    for low, high in sorted(intervals):
        low, high = low - pad, high + pad
        if out and low <= out[-1][1]:
            if high > out[-1][1]:
                out[-1] = (out[-1][0], high)
        else:
            out.append((low, high))
    return out


class FlowRouter:
    """The map's boxes, what else blocks each column, and its flows; routes them all (see module doc).

    ``columns`` is the number of lanes; ``ceiling`` the height above which nothing may cross (the lane
    headers). Everything else a crossing must avoid besides the boxes' blocks (loose chips, the cross
    band's header, the legend) is given per column with ``set_blocked``.
    """

    def __init__(self, columns: int, ceiling: float = ROUTE_CEILING) -> None:
        self.columns = max(1, columns)
        self.ceiling = ceiling
        self._boxes: dict[str, Box] = {}
        self._flows: dict[str, tuple[str, str]] = {}
        self._blocked: dict[tuple[str, int], list[tuple[float, float]]] = {}
        self._routes: dict[str, Route] = {}
        self._stale = True

    # ------------------------------------------------------------------ the map
    def set_box(self, point_id: str, box: Box) -> None:
        """Where a point's box (and its block) is now."""
        if self._boxes.get(point_id) != box:
            self._boxes[point_id] = box
            self._stale = True

    def remove_box(self, point_id: str) -> None:
        """A point left the map."""
        if self._boxes.pop(point_id, None) is not None:
            self._stale = True

    def set_flow(self, flow_id: str, source: str, target: str) -> None:
        """A flow from one point to another."""
        if self._flows.get(flow_id) != (source, target):
            self._flows[flow_id] = (source, target)
            self._stale = True

    def remove_flow(self, flow_id: str) -> None:
        """A flow left the map."""
        if self._flows.pop(flow_id, None) is not None:
            self._routes.pop(flow_id, None)
            self._stale = True

    def set_columns(self, columns: int) -> None:
        """The number of lanes changed."""
        if max(1, columns) != self.columns:
            self.columns = max(1, columns)
            self._stale = True

    def set_blocked(self, key: str, blocked: dict[int, list[tuple[float, float]]]) -> None:
        """Heights (top, bottom) per column that crossings must avoid besides the boxes' blocks, named
        ``key`` so that each part of the map (a lane's loose chips, the band) replaces only its own."""
        old = {col: ivs for (k, col), ivs in self._blocked.items() if k == key}
        new = {col: sorted(ivs) for col, ivs in blocked.items() if ivs}
        if old != new:
            for col in old:
                del self._blocked[(key, col)]
            for col, ivs in new.items():
                self._blocked[(key, col)] = ivs
            self._stale = True

    # ------------------------------------------------------------------ routes
    def route(self, flow_id: str) -> Route | None:
        """One flow's route (None for a flow whose boxes are not both on the map)."""
        self._update()
        return self._routes.get(flow_id)

    def routes(self) -> dict[str, Route]:
        """Every routable flow's route, by flow id."""
        self._update()
        return dict(self._routes)

    def changed_routes(self) -> dict[str, Route | None]:
        """Route again and return the flows whose route is not what it was (None: no longer drawn)."""
        before = self._routes
        if not self._stale:
            return {}
        self._update()
        after = self._routes
        changed: dict[str, Route | None] = {f: r for f, r in after.items() if before.get(f) != r}
        changed.update((f, None) for f in before if f not in after)
        return changed

    def _update(self) -> None:
        if self._stale:
            self._routes = self._route_all()
            self._stale = False

    def _route_all(self) -> dict[str, Route]:
        columns = self.columns
        boxes = self._boxes
        column = {p: column_of(b, columns) for p, b in boxes.items()}

        # 1. Which sides each flow leaves and enters by, and the gutters it runs in.
        #    side: True = right side of the box, False = left side.
        plans: dict[str, tuple[bool, bool, int, int, bool]] = {}
        sides: dict[tuple[str, bool], list[tuple[float, str, int]]] = defaultdict(list)
        for flow_id, (source, target) in sorted(self._flows.items()):
            s_box, t_box = boxes.get(source), boxes.get(target)
            if s_box is None or t_box is None or source == target:
                continue
            sc, tc = column[source], column[target]
            if tc > sc:  # forward: right side out, left side in
                out_right, in_right, g_out, g_in, backward = True, False, sc + 1, tc, False
            elif tc < sc:  # back to an earlier lane: left side out, right side in
                out_right, in_right, g_out, g_in, backward = False, True, sc, tc + 1, True
            elif t_box.y >= s_box.y:  # down its own lane, in the gutter on its left
                out_right, in_right, g_out, g_in, backward = False, False, sc, sc, False
            else:  # back up its own lane, in the gutter on its right
                out_right, in_right, g_out, g_in, backward = True, True, sc + 1, sc + 1, True
            plans[flow_id] = (out_right, in_right, g_out, g_in, backward)
            # Ports on a side are ordered by the height of the other end, so stubs do not cross there.
            sides[(source, out_right)].append((t_box.y + t_box.h / 2, flow_id, 0))
            sides[(target, in_right)].append((s_box.y + s_box.h / 2, flow_id, 1))

        # 2. Ports: each end of each flow gets its own height on its box's side.
        port: dict[tuple[str, int], float] = {}
        for (point_id, right_side), ends in sides.items():
            box = boxes[point_id]
            ends.sort()
            for (_, flow_id, end), y in zip(ends, _port_places(box.y, box.h, len(ends), right_side),
                                            strict=True):
                port[(flow_id, end)] = y

        # A flow between neighbouring gutters whose two ports are within half a grid step of each other
        # is drawn straight: its target port takes the source port's height (no other stub in that
        # gutter can lie at that height: see the module doc).
        for flow_id, (_, _, g_out, g_in, _) in plans.items():
            if g_out == g_in:
                ys, yt = port[(flow_id, 0)], port[(flow_id, 1)]
                if abs(ys - yt) <= PORT_GRID / 2 + 1e-9:
                    port[(flow_id, 1)] = ys

        # 3. Crossings: a height at which every column between the two gutters is free.
        crossing = self._crossings(plans, port, column)

        # 4. Tracks: the legs in each gutter, each on a track no overlapping leg uses.
        legs: dict[int, list[_Leg]] = defaultdict(list)
        for flow_id, (_, _, g_out, g_in, _) in plans.items():
            ys, yt = port[(flow_id, 0)], port[(flow_id, 1)]
            cy = crossing.get(flow_id)
            if cy is None:
                legs[g_out].append(_Leg(flow_id, 0, min(ys, yt), max(ys, yt)))
            else:
                legs[g_out].append(_Leg(flow_id, 0, min(ys, cy), max(ys, cy)))
                legs[g_in].append(_Leg(flow_id, 1, min(yt, cy), max(yt, cy)))
        track_x: dict[tuple[str, int], float] = {}
        for gutter, gutter_legs in legs.items():
            track_x.update(self._tracks(gutter, gutter_legs))

        # 5. The routes.
        routes: dict[str, Route] = {}
        for flow_id, (out_right, in_right, _, _, backward) in plans.items():
            source, target = self._flows[flow_id]
            s_box, t_box = boxes[source], boxes[target]
            sx = s_box.right if out_right else s_box.x
            tx = t_box.right if in_right else t_box.x
            ys, yt = port[(flow_id, 0)], port[(flow_id, 1)]
            x0 = track_x[(flow_id, 0)]
            cy = crossing.get(flow_id)
            if cy is None:
                corners = [(sx, ys), (x0, ys), (x0, yt), (tx, yt)]
            else:
                x1 = track_x[(flow_id, 1)]
                corners = [(sx, ys), (x0, ys), (x0, cy), (x1, cy), (x1, yt), (tx, yt)]
            points = _squash(corners)
            routes[flow_id] = Route(points, _label_place(points), backward)
        return routes

    def _crossings(self, plans: dict[str, tuple[bool, bool, int, int, bool]],
                   port: dict[tuple[str, int], float], column: dict[str, int]) -> dict[str, float]:
        """The crossing height of each flow that passes whole columns (see the module doc)."""
        wanted = [(flow_id, g_out, g_in) for flow_id, (_, _, g_out, g_in, _) in plans.items()
                  if g_out != g_in]
        if not wanted:
            return {}
        # What blocks each column: its boxes' blocks, and what the caller named.
        blocked: dict[int, list[tuple[float, float]]] = defaultdict(list)
        for point_id, box in self._boxes.items():
            blocked[column[point_id]].append((box.y, max(box.bottom, box.y + box.h)))
        for (_, col), intervals in self._blocked.items():
            blocked[col].extend(intervals)
        free_cache: dict[tuple[int, int], list[tuple[float, float]]] = {}
        placed: list[tuple[float, float, float]] = []  # (y, x from, x to), sorted by y
        out: dict[str, float] = {}
        for flow_id, g_out, g_in in wanted:
            first, last = min(g_out, g_in) - 1, max(g_out, g_in)  # the columns beside and between
            first, last = max(0, first), min(self.columns - 1, last)
            key = (first, last)
            free = free_cache.get(key)
            if free is None:
                spans = [iv for col in range(first, last + 1) for iv in blocked.get(col, ())]
                free = _free_intervals(_merged(spans, CLEARANCE), self.ceiling)
                free_cache[key] = free
            # From track to track: as far as the gutters' tracks may lie either way.
            x_from, x_to = sorted((g_out * LANE_WIDTH, g_in * LANE_WIDTH))
            x_from, x_to = x_from - TRACK_REACH - 1, x_to + TRACK_REACH + 1
            ys, yt = port[(flow_id, 0)], port[(flow_id, 1)]
            y = _free_height(free, (ys + yt) / 2, placed, x_from, x_to)
            insort(placed, (y, x_from, x_to))
            out[flow_id] = y
        return out

    def _tracks(self, gutter: int, legs: list[_Leg]) -> dict[tuple[str, int], float]:
        """Give each leg of a gutter a track (interval partitioning, first free track) and its x."""
        legs.sort(key=lambda leg: (leg.low, leg.high, leg.flow_id, leg.part))
        ends: list[float] = []  # the lowest end of each track so far
        assigned: list[int] = []
        for leg in legs:
            for n, end in enumerate(ends):
                if end + LEG_PAD <= leg.low:
                    ends[n] = leg.high
                    assigned.append(n)
                    break
            else:
                ends.append(leg.high)
                assigned.append(len(ends) - 1)
        low, high = track_zone(gutter, self.columns)
        count = len(ends)
        step = min(TRACK_STEP, (high - low) / max(1, count - 1))
        middle = (low + high) / 2
        first = middle - step * (count - 1) / 2
        return {(leg.flow_id, leg.part): first + step * n for leg, n in zip(legs, assigned, strict=True)}


def _free_height(free: list[tuple[float, float]], wanted: float,
                 placed: list[tuple[float, float, float]], x_from: float, x_to: float) -> float:
    """The height nearest ``wanted`` inside a free interval and ``CROSS_STEP`` from every crossing
    already placed over an overlapping stretch (``placed`` is sorted by height)."""
    def distance(iv: tuple[float, float]) -> float:
        low, high = iv
        return 0.0 if low <= wanted <= high else min(abs(wanted - low), abs(wanted - high))

    for low, high in sorted(free, key=distance):
        start = min(max(wanted, low), high)
        if high == float("inf"):
            high = max(start, placed[-1][0] if placed else start) + CROSS_STEP
        # The crossings near this interval that share some of this one's stretch.
        first = bisect_left(placed, (low - CROSS_STEP, float("-inf"), float("-inf")))
        taken = []
        for y, a, b in placed[first:]:
            if y >= high + CROSS_STEP:
                break
            if a < x_to and x_from < b:
                taken.append(y)
        if not taken:
            return start
        # The free heights nearest ``start``: itself, or just beside a taken one, or an interval end.
        candidates = {start, low, high, *(y + CROSS_STEP for y in taken), *(y - CROSS_STEP for y in taken)}
        for y in sorted(candidates, key=lambda c: (abs(c - start), c)):
            if not low <= y <= high:
                continue
            n = bisect_left(taken, y)
            if (n == len(taken) or taken[n] - y >= CROSS_STEP - 1e-6) and (
                    n == 0 or y - taken[n - 1] >= CROSS_STEP - 1e-6):
                return y
    raise AssertionError("the last free interval is open below the map")  # pragma: no cover


def _squash(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and the middle of three in one line (a straight flow has two points)."""
    out: list[tuple[float, float]] = []
    for pt in points:
        if out and abs(out[-1][0] - pt[0]) < 1e-6 and abs(out[-1][1] - pt[1]) < 1e-6:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 1e-6 and abs(bx - pt[0]) < 1e-6) or (abs(ay - by) < 1e-6
                                                                     and abs(by - pt[1]) < 1e-6):
                out[-1] = pt
                continue
        out.append(pt)
    return tuple(out)


def _label_place(points: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """Where a flow's count goes: the middle of its longest leg."""
    best, at = -1.0, points[0]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        length = abs(bx - ax) + abs(by - ay)
        if length > best:
            best, at = length, ((ax + bx) / 2, (ay + by) / 2)
    return at
