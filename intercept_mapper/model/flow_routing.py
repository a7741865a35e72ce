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
from heapq import heapify, heappop, heappush
from operator import itemgetter
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
_MISSING = object()  # no port height was there


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
    first = int(-(-(low - offset) // PORT_GRID))  # the first grid step at or below the box's top margin
    slots = int((high - offset) // PORT_GRID) - first + 1  # grid steps from there to the bottom margin
    if count <= slots:
        # The ``count`` slots closest to spreading them evenly (one port alone: the middle slot).
        step = slots / count
        return [(first + int((n + 0.5) * step)) * PORT_GRID + offset for n in range(count)]
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


LegKey = tuple[float, float, str, int]  # a leg as its gutter orders it: (top, bottom, flow, part)
_bottom = itemgetter(1)


class _Gutter:
    """One gutter's legs in order of (top, bottom, flow, part) and the track each was given (interval
    partitioning: the first track whose last leg ends ``LEG_PAD`` above the leg's top), kept between
    routings. After a change only the legs from the first changed one are given tracks again, and only
    until the tracks' last legs end where they ended before (below, every leg keeps its track): one box
    nudged by a chip changes a few legs of a gutter holding ~2,000 at 30,000 items.
    """

    def __init__(self) -> None:
        self.legs: list[LegKey] = []
        self.tracks: list[int] = []  # the track of each leg, in the order of ``legs``
        self.count = 0  # how many tracks

    def update(self, removed: Iterable[LegKey], added: Iterable[LegKey]) -> range:
        """Take legs out and put legs in; the positions in ``legs`` whose track may have changed (all of
        them when the number of tracks changed: every track's x changes then)."""
        old_legs, old_tracks = self.legs, self.tracks
        removed, added = list(removed), list(added)
        if len(removed) + len(added) > len(old_legs) // 4:  # (many: sorted anew, every leg given a track)
            legs = sorted([*set(old_legs).difference(removed), *added])
            start = tail = 0
        else:
            legs = old_legs.copy()
            start = tail = len(legs)  # the legs before ``start`` and the last ``tail`` are untouched
            for leg in removed:
                n = bisect_left(legs, leg)
                del legs[n]
                start, tail = min(start, n), min(tail, len(legs) - n)
            for leg in added:
                n = bisect_left(legs, leg)
                legs.insert(n, leg)
                start, tail = min(start, n), min(tail, len(legs) - n - 1)
        shift = len(legs) - len(old_legs)  # a leg of the tail at ``n`` was at ``n - shift``
        # Each track's last leg's bottom so far, after the untouched legs above ``start`` ...
        last = dict(zip(old_tracks[:start], map(_bottom, old_legs[:start]), strict=True))
        # ... and, as they were before, after the old legs above the tail.
        old_last = dict(last)
        middle = slice(start, len(old_legs) - tail)
        old_last.update(zip(old_tracks[middle], map(_bottom, old_legs[middle]), strict=True))
        count = len(last)
        busy = [(end, n) for n, end in last.items()]
        heapify(busy)
        free: list[int] = []
        tracks = old_tracks[:start]
        give = tracks.append
        differ: set[int] | None = None  # tracks whose last leg differs from before (in the tail)
        n = start
        for top, high, _, _ in legs[start:]:
            if n >= len(legs) - tail:
                if differ is None:
                    differ = {t for t in last.keys() | old_last.keys() if last.get(t) != old_last.get(t)}
                if not differ:  # as before: every leg below keeps its track
                    tracks += old_tracks[n - shift:]
                    count = self.count
                    break
            while busy and busy[0][0] + LEG_PAD <= top:
                heappush(free, heappop(busy)[1])
            if free:
                track = heappop(free)
            else:
                track = count
                count += 1
            heappush(busy, (high, track))
            give(track)
            last[track] = high
            if differ is not None:
                was = old_tracks[n - shift]
                old_last[was] = high
                for t in (track, was):
                    if last.get(t) == old_last.get(t):
                        differ.discard(t)
                    else:
                        differ.add(t)
            n += 1
        self.legs, self.tracks = legs, tracks
        if count != self.count:
            self.count = count
            return range(len(legs))
        return range(start, n)


def _span(box: Box) -> tuple[float, float]:
    """The heights a box's block covers in its column."""
    return box.y, max(box.bottom, box.y + box.h)


def _take_out(spans: list[tuple[float, float]], span: tuple[float, float]) -> None:
    """Take one ``span`` out of sorted ``spans`` (two boxes may cover the same heights: one goes)."""
    del spans[bisect_left(spans, span)]


class _Plan(NamedTuple):
    """Which sides a flow leaves and enters by (True: a box's right side) and the gutters it runs in."""

    source: str
    target: str
    out_right: bool
    in_right: bool
    gutter_out: int
    gutter_in: int
    backward: bool


class FlowRouter:
    """The map's boxes, what else blocks each column, and its flows; routes them (see module doc).

    ``columns`` is the number of lanes; ``ceiling`` the height above which nothing may cross (the lane
    headers). Everything else a crossing must avoid besides the boxes' blocks (loose chips, the cross
    band's header, the legend) is given per column with ``set_blocked``.

    Routing again after a change redoes only what the change reaches: the plans of the flows at the
    boxes that moved, the ports of the sides those flows use, the tracks of the gutters whose legs
    changed (from the first changed leg, until the tracks are as before: ``_Gutter``), the blocked
    heights of the columns whose boxes moved, and the crossings when any of their inputs changed. Each
    step is a function of its inputs alone, so the routes are always those a fresh router gives for the
    same map.
    """

    def __init__(self, columns: int, ceiling: float = ROUTE_CEILING) -> None:
        self.columns = max(1, columns)
        self.ceiling = ceiling
        self._boxes: dict[str, Box] = {}
        self._column: dict[str, int] = {}  # point id -> the column its box stands in
        # Column -> the heights its boxes' blocks cover, sorted, kept as boxes come, go and move (a box
        # nudged in a lane of 1,000 is one taken out and one put in, not the lane's blocks made again).
        self._spans: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self._flows: dict[str, tuple[str, str]] = {}
        self._flows_at: dict[str, set[str]] = defaultdict(set)  # point id -> flows at either end
        self._blocked: dict[tuple[str, int], list[tuple[float, float]]] = {}
        # What the last routing made, step by step.
        self._plans: dict[str, _Plan] = {}
        self._crossers: set[str] = set()  # flows whose plan passes whole columns (gutters differ)
        self._side_ends: dict[tuple[str, bool], list[tuple[float, str, int]]] = {}
        self._raw_port: dict[tuple[str, int], float] = {}
        self._port: dict[tuple[str, int], float] = {}
        self._crossing: dict[str, float] = {}
        self._legs: dict[int, dict[tuple[str, int], _Leg]] = defaultdict(dict)
        self._leg_gutter: dict[tuple[str, int], int] = {}
        self._track_x: dict[tuple[str, int], float] = {}
        self._gutters: dict[int, _Gutter] = defaultdict(_Gutter)
        self._column_blocks: dict[int, list[tuple[float, float]]] = {}
        self._routes: dict[str, Route] = {}
        # What changed since.
        self._dirty_boxes: set[str] = set()
        self._dirty_flows: set[str] = set()
        self._dirty_columns: set[int] = set()
        self._everything = True

    # ------------------------------------------------------------------ the map
    def set_box(self, point_id: str, box: Box) -> None:
        """Where a point's box (and its block) is now."""
        old = self._boxes.get(point_id)
        if old != box:
            if old is not None:
                self._dirty_columns.add(self._column[point_id])
                _take_out(self._spans[self._column[point_id]], _span(old))
            column = self._column[point_id] = column_of(box, self.columns)
            insort(self._spans[column], _span(box))
            self._dirty_columns.add(column)
            self._boxes[point_id] = box
            self._dirty_boxes.add(point_id)

    def remove_box(self, point_id: str) -> None:
        """A point left the map."""
        old = self._boxes.pop(point_id, None)
        if old is not None:
            column = self._column.pop(point_id)
            _take_out(self._spans[column], _span(old))
            self._dirty_columns.add(column)
            self._dirty_boxes.add(point_id)

    def set_flow(self, flow_id: str, source: str, target: str) -> None:
        """A flow from one point to another."""
        old = self._flows.get(flow_id)
        if old != (source, target):
            if old is not None:
                for point_id in old:
                    self._flows_at[point_id].discard(flow_id)
            self._flows[flow_id] = (source, target)
            self._flows_at[source].add(flow_id)
            self._flows_at[target].add(flow_id)
            self._dirty_flows.add(flow_id)

    def remove_flow(self, flow_id: str) -> None:
        """A flow left the map."""
        old = self._flows.pop(flow_id, None)
        if old is not None:
            for point_id in old:
                self._flows_at[point_id].discard(flow_id)
            self._dirty_flows.add(flow_id)

    def set_columns(self, columns: int) -> None:
        """The number of lanes changed."""
        if max(1, columns) != self.columns:
            self.columns = max(1, columns)
            self._column = {p: column_of(box, self.columns) for p, box in self._boxes.items()}
            self._spans = defaultdict(list)
            for point_id, column in self._column.items():
                self._spans[column].append(_span(self._boxes[point_id]))
            for spans in self._spans.values():
                spans.sort()
            self._everything = True

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
            self._dirty_columns.update(set(old) | set(new))

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
        return self._update()

    def _stale(self) -> bool:
        return bool(self._everything or self._dirty_boxes or self._dirty_flows or self._dirty_columns)

    def _update(self) -> dict[str, Route | None]:
        if not self._stale():
            return {}
        if self._everything:
            self._everything = False
            self._plans.clear()
            self._crossers.clear()
            self._side_ends.clear()
            self._raw_port.clear()
            self._port.clear()
            self._crossing.clear()
            self._legs.clear()
            self._leg_gutter.clear()
            self._track_x.clear()
            self._gutters.clear()
            self._column_blocks.clear()
            self._dirty_flows |= set(self._flows) | set(self._routes)
            self._dirty_columns |= set(range(self.columns))
        flows = set(self._dirty_flows)
        for point_id in self._dirty_boxes:
            flows |= self._flows_at.get(point_id, set())
        self._dirty_flows.clear()
        self._dirty_boxes.clear()

        # 1. Plans of the flows the change reaches; the box sides they used and use now.
        sides: set[tuple[str, bool]] = set()
        plan_changed = set()
        plans, crossers, add_side = self._plans, self._crossers, sides.add
        for flow_id in flows:
            old = plans.pop(flow_id, None)
            new = self._plan(flow_id)
            if new is not None:
                plans[flow_id] = new
                if new.gutter_out != new.gutter_in:
                    crossers.add(flow_id)
                else:
                    crossers.discard(flow_id)
            else:
                crossers.discard(flow_id)
            if old != new:
                plan_changed.add(flow_id)
            if old is not None:
                add_side((old.source, old.out_right))
                add_side((old.target, old.in_right))
            if new is not None:
                add_side((new.source, new.out_right))
                add_side((new.target, new.in_right))

        # 2. Ports of those sides: each end on a side gets its own height.
        port_changed = self._place_ports(sides, plan_changed) | plan_changed

        # 3. Crossings, all again (in one order) when anything they depend on changed.
        columns_changed = self._update_column_blocks()
        crossing_changed: set[str] = set()
        # (``_crossers`` holds exactly the flows whose plan passes whole columns: see step 1.)
        if columns_changed or not (self._crossers.isdisjoint(port_changed)
                                   and self._crossing.keys().isdisjoint(port_changed)):
            old_crossing = self._crossing
            self._crossing = self._crossings()
            crossing_changed = {f for f in set(old_crossing) | set(self._crossing)
                                if old_crossing.get(f) != self._crossing.get(f)}

        # 4. Legs of the flows whose ends or crossing changed; tracks of the gutters they touch.
        taken: dict[int, set[LegKey]] = defaultdict(set)
        put: dict[int, set[LegKey]] = defaultdict(set)
        for flow_id in port_changed | crossing_changed:
            for part in (0, 1):
                key = (flow_id, part)
                gutter = self._leg_gutter.pop(key, None)
                if gutter is not None:
                    leg = self._legs[gutter].pop(key)
                    taken[gutter].add((leg.low, leg.high, flow_id, part))
            for gutter, leg in self._legs_of(flow_id):
                self._legs[gutter][(flow_id, leg.part)] = leg
                self._leg_gutter[(flow_id, leg.part)] = gutter
                put[gutter].add((leg.low, leg.high, flow_id, leg.part))
        track_changed: set[str] = set()
        track_x = self._track_x
        for gutter in taken.keys() | put.keys():
            out, into = taken.get(gutter, set()), put.get(gutter, set())
            tracks = self._gutters[gutter]
            changed_at = tracks.update(out - into, into - out)  # (a leg taken and put back as it was stays)
            low, high = track_zone(gutter, self.columns)
            step = min(TRACK_STEP, (high - low) / max(1, tracks.count - 1))
            first = (low + high) / 2 - step * (tracks.count - 1) / 2
            legs, numbers = tracks.legs, tracks.tracks
            for n in changed_at:
                _, _, flow_id, part = legs[n]
                x = first + step * numbers[n]
                if track_x.get((flow_id, part)) != x:
                    track_x[(flow_id, part)] = x
                    track_changed.add(flow_id)

        # 5. The routes of every flow something of which changed.
        changed: dict[str, Route | None] = {}
        for flow_id in port_changed | crossing_changed | track_changed | flows:
            route = self._route(flow_id)
            if route != self._routes.get(flow_id):
                changed[flow_id] = route
                if route is None:
                    self._routes.pop(flow_id, None)
                else:
                    self._routes[flow_id] = route
        return changed

    def _plan(self, flow_id: str) -> _Plan | None:
        ends = self._flows.get(flow_id)
        if ends is None:
            return None
        source, target = ends
        s_box, t_box = self._boxes.get(source), self._boxes.get(target)
        if s_box is None or t_box is None or source == target:
            return None
        sc, tc = self._column[source], self._column[target]
        if tc > sc:  # forward: right side out, left side in
            return _Plan(source, target, True, False, sc + 1, tc, False)
        if tc < sc:  # back to an earlier lane: left side out, right side in
            return _Plan(source, target, False, True, sc, tc + 1, True)
        if t_box.y >= s_box.y:  # down its own lane, in the gutter on its left
            return _Plan(source, target, False, False, sc, sc, False)
        return _Plan(source, target, True, True, sc + 1, sc + 1, True)  # back up, on its right

    def _place_ports(self, sides: set[tuple[str, bool]], plan_changed: set[str]) -> set[str]:
        """Spread the ends on each of ``sides`` over the box's side; the flows whose ports moved.

        A flow's two ports follow from its plan and its ends' places on their sides alone, so only the
        flows whose plan changed or one of whose ends took another place are looked at again."""
        plans, boxes, flows_at = self._plans, self._boxes, self._flows_at
        side_ends, raw_port = self._side_ends, self._raw_port
        old_raw: dict[tuple[str, int], float | None] = {}
        for side in sides:  # all old ports first: an end may move from one of these sides to another
            for _, flow_id, end in side_ends.pop(side, ()):
                key = (flow_id, end)
                old_raw[key] = raw_port.pop(key, None)
        wanted: dict[str, tuple[bool, bool]] = {}  # point id -> (its right side, its left side) asked
        for point_id, right_side in sides:
            right, left = wanted.get(point_id, (False, False))
            wanted[point_id] = (right or right_side, left or not right_side)
        # The flows whose plan changed, or one of whose ends was taken off or put on at another height
        # (an end not there before counts as moved: ``_MISSING`` is never a height).
        moved = set(plan_changed)
        add_moved, old_of = moved.add, old_raw.pop
        for point_id, (want_right, want_left) in wanted.items():
            box = boxes.get(point_id)
            if box is None:
                continue
            # Ports on a side are ordered by the height of the other end: stubs do not cross there.
            right_ends: list[tuple[float, str, int]] = []
            left_ends: list[tuple[float, str, int]] = []
            for flow_id in flows_at.get(point_id, ()):
                plan = plans.get(flow_id)
                if plan is None:
                    continue
                if plan.source == point_id:
                    other = boxes[plan.target]
                    (right_ends if plan.out_right else left_ends).append((other.y + other.h / 2, flow_id, 0))
                if plan.target == point_id:
                    other = boxes[plan.source]
                    (right_ends if plan.in_right else left_ends).append((other.y + other.h / 2, flow_id, 1))
            for asked, ends, right_side in ((want_right, right_ends, True), (want_left, left_ends, False)):
                if not asked or not ends:
                    continue
                ends.sort()
                side_ends[(point_id, right_side)] = ends
                for (_, flow_id, end), y in zip(ends, _port_places(box.y, box.h, len(ends), right_side),
                                                strict=True):
                    key = (flow_id, end)
                    raw_port[key] = y
                    if old_of(key, _MISSING) != y:
                        add_moved(flow_id)
        for key, y in old_raw.items():  # the ends not put back on any side
            if y is not None:
                add_moved(key[0])
        port, ports_of = self._port, self._ports_of
        changed = set()
        for flow_id in moved:
            source_key, target_key = (flow_id, 0), (flow_id, 1)
            old = (port.get(source_key), port.get(target_key))
            new = ports_of(flow_id)
            if new is None:
                port.pop(source_key, None)
                port.pop(target_key, None)
                if old != (None, None):
                    changed.add(flow_id)
            else:
                port[source_key], port[target_key] = new
                if old != new:
                    changed.add(flow_id)
        return changed

    def _ports_of(self, flow_id: str) -> tuple[float, float] | None:
        """A flow's two port heights. A flow between neighbouring sides whose ports are within half a grid
        step is drawn straight: its target port takes the source port's height (no other stub in that
        gutter can lie at that height: see the module doc)."""
        plan = self._plans.get(flow_id)
        ys, yt = self._raw_port.get((flow_id, 0)), self._raw_port.get((flow_id, 1))
        if plan is None or ys is None or yt is None:
            return None
        if plan.gutter_out == plan.gutter_in and abs(ys - yt) <= PORT_GRID / 2 + 1e-9:
            yt = ys
        return ys, yt

    def _update_column_blocks(self) -> bool:
        """Bring each changed column's blocked heights (its boxes' blocks, and what was named) up to date."""
        if not self._dirty_columns:
            return False
        dirty, self._dirty_columns = self._dirty_columns, set()
        blocks: dict[int, list[tuple[float, float]]] = {}
        for col in dirty:  # only those columns (not all 6,000 boxes of a large map per change)
            blocks[col] = list(self._spans.get(col, ()))
        for (_, col), intervals in self._blocked.items():
            if col in blocks:
                blocks[col].extend(intervals)
        changed = False
        for col, intervals in blocks.items():
            intervals.sort()
            if self._column_blocks.get(col) != intervals:
                self._column_blocks[col] = intervals
                changed = True
        return changed

    def _crossings(self) -> dict[str, float]:
        """The crossing height of each flow that passes whole columns (see the module doc)."""
        wanted = sorted(f for f in self._crossers if (f, 0) in self._port)
        free_cache: dict[tuple[int, int], list[tuple[float, float]]] = {}
        placed: list[tuple[float, float, float]] = []  # (y, x from, x to), sorted by y
        out: dict[str, float] = {}
        for flow_id in wanted:
            plan = self._plans[flow_id]
            g_out, g_in = plan.gutter_out, plan.gutter_in
            first, last = min(g_out, g_in) - 1, max(g_out, g_in)  # the columns beside and between
            first, last = max(0, first), min(self.columns - 1, last)
            key = (first, last)
            free = free_cache.get(key)
            if free is None:
                spans = [iv for col in range(first, last + 1) for iv in self._column_blocks.get(col, ())]
                free = _free_intervals(_merged(spans, CLEARANCE), self.ceiling)
                free_cache[key] = free
            # From track to track: as far as the gutters' tracks may lie either way.
            x_from, x_to = sorted((g_out * LANE_WIDTH, g_in * LANE_WIDTH))
            x_from, x_to = x_from - TRACK_REACH - 1, x_to + TRACK_REACH + 1
            ys, yt = self._port[(flow_id, 0)], self._port[(flow_id, 1)]
            y = _free_height(free, (ys + yt) / 2, placed, x_from, x_to)
            insort(placed, (y, x_from, x_to))
            out[flow_id] = y
        return out

    def _legs_of(self, flow_id: str) -> list[tuple[int, _Leg]]:
        """The vertical legs of a flow, with the gutter each runs in."""
        plan = self._plans.get(flow_id)
        if plan is None or (flow_id, 0) not in self._port:
            return []
        ys, yt = self._port[(flow_id, 0)], self._port[(flow_id, 1)]
        cy = self._crossing.get(flow_id)
        if cy is None:
            return [(plan.gutter_out, _Leg(flow_id, 0, min(ys, yt), max(ys, yt)))]
        return [(plan.gutter_out, _Leg(flow_id, 0, min(ys, cy), max(ys, cy))),
                (plan.gutter_in, _Leg(flow_id, 1, min(yt, cy), max(yt, cy)))]

    def _route(self, flow_id: str) -> Route | None:
        plan = self._plans.get(flow_id)
        port, track_x = self._port, self._track_x
        source_key = (flow_id, 0)
        if plan is None or source_key not in port or source_key not in track_x:
            return None
        s_box, t_box = self._boxes[plan.source], self._boxes[plan.target]
        sx = s_box.x + s_box.w if plan.out_right else s_box.x
        tx = t_box.x + t_box.w if plan.in_right else t_box.x
        ys, yt = port[source_key], port[(flow_id, 1)]
        x0 = track_x[source_key]
        cy = self._crossing.get(flow_id)
        if cy is not None:
            x1 = track_x[(flow_id, 1)]
            points = _squash([(sx, ys), (x0, ys), (x0, cy), (x1, cy), (x1, yt), (tx, yt)])
            return Route(points, _label_place(points), plan.backward)
        # One leg in one gutter (a straight flow: no leg at all).
        if ys == yt:
            return Route(((sx, ys), (tx, yt)), ((sx + tx) / 2, ys), plan.backward)
        # Stub, leg, stub: the count goes at the middle of the longest (the first of equals).
        out_stub, leg, in_stub = abs(x0 - sx), abs(yt - ys), abs(tx - x0)
        if leg > out_stub and leg >= in_stub:
            label_at = (x0, (ys + yt) / 2)
        elif in_stub > out_stub:
            label_at = ((x0 + tx) / 2, yt)
        else:
            label_at = ((sx + x0) / 2, ys)
        return Route(((sx, ys), (x0, ys), (x0, yt), (tx, yt)), label_at, plan.backward)


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
