"""Flow routes (model/flow_routing.py): never through a box that is not their end, never along another.

Maps are built the way the canvas lays them out (boxes tidied down their lanes with ``tidy_lane``, chips
stacked under them), with hypothesis drawing the points, their blocks' heights and flows that skip
lanes, go backward, stay in their lane, fan in and fan out.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model.flow_routing import Box, FlowRouter
from intercept_mapper.model.lane_layout import tidy_lane
from intercept_mapper.model.map_geometry import (
    CHIP_GAP,
    CHIP_HEIGHT,
    LANE_HEADER_HEIGHT,
    LANE_WIDTH,
    POINT_HEIGHT,
    POINT_WIDTH,
    lane_point_x,
)
from tests.flow_geometry import DrawnFlow, flows_through_boxes, shared_stretches


def lay_out(lanes: list[list[tuple[float, float]]]) -> dict[str, Box]:
    """Boxes for lanes of (wanted y, block height), tidied as the canvas tidies them; ids 'L.N'."""
    boxes = {}
    for lane, members in enumerate(lanes):
        ys = tidy_lane([(y, False, h) for y, h in sorted(members)])
        for n, ((_, h), y) in enumerate(zip(sorted(members), ys, strict=True)):
            boxes[f"{lane}.{n}"] = Box(lane_point_x(lane), y, POINT_WIDTH, POINT_HEIGHT, y + h)
    return boxes


def route(boxes: dict[str, Box], flows: list[tuple[str, str]], columns: int) -> list[DrawnFlow]:
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        router.set_box(point_id, box)
    for n, (s, t) in enumerate(flows):
        router.set_flow(f"f{n}", s, t)
    routes = router.routes()
    return [DrawnFlow(f"f{n}", s, t, routes[f"f{n}"].points) for n, (s, t) in enumerate(flows)
            if f"f{n}" in routes]


def block_rects(boxes: dict[str, Box]) -> dict[str, tuple[float, float, float, float]]:
    """Every box, and the chips under it as one rectangle (the block less the box)."""
    rects = {}
    for point_id, b in boxes.items():
        rects[point_id] = (b.x, b.y, b.w, b.h)
        if b.bottom > b.y + b.h + 1:
            rects[f"{point_id}/chips"] = (b.x, b.y + b.h, b.w, b.bottom - b.y - b.h)
    return rects


def check(boxes: dict[str, Box], flows: list[DrawnFlow]) -> None:
    rects = block_rects(boxes)
    # A flow may touch its own box; its own chips are someone else's ground too.
    assert flows_through_boxes(rects, flows) == []
    assert shared_stretches(flows) == []


def test_a_flow_that_skips_an_intercept_runs_around_the_boxes_of_the_lane_it_skips() -> None:
    # Five-intercept map, rows as on the sample: Arraignment (lane 1, second row) -> Probation (lane 4),
    # with boxes in lanes 2 and 3 at every height the flow could take straight.
    lanes = [[(130, 200)], [(130, 160), (400, 200)], [(130, 250), (420, 220)],
             [(130, 300), (470, 160)], [(130, 120)]]
    boxes = lay_out(lanes)
    flows = route(boxes, [("1.1", "4.0"), ("1.0", "2.0"), ("2.0", "3.0"), ("3.0", "4.0")], 5)
    check(boxes, flows)
    skip = flows[0].points
    # It climbs in the gutter beside its source, crosses lanes 2 and 3 where they are free, then
    # comes down beside its target.
    assert len(skip) == 6
    assert skip[0][0] == boxes["1.1"].right and skip[-1][0] == boxes["4.0"].x


def test_flows_from_one_point_to_three_leave_by_three_ports_on_three_tracks() -> None:
    # Police contact -> Arrest / Booking / First appearance: one source, three targets in the next lane,
    # and a flow from another point into Arrest from the same gutter.
    boxes = lay_out([[(130, 120), (400, 120)], [(130, 150), (330, 150), (530, 150)]])
    flows = route(boxes, [("0.0", "1.0"), ("0.0", "1.1"), ("0.0", "1.2"), ("0.1", "1.0")], 2)
    check(boxes, flows)
    starts = {f.points[0] for f in flows if f.source == "0.0"}
    assert len(starts) == 3  # three ports, not one trunk
    tracks = {f.points[1][0] for f in flows}
    assert len(tracks) == 4  # each vertical on its own track


def test_flows_within_a_lane_and_back_to_an_earlier_lane() -> None:
    boxes = lay_out([[(130, 150), (400, 150)], [(130, 300)], [(130, 200), (420, 120)]])
    flows = route(boxes, [("0.0", "0.1"), ("0.1", "0.0"), ("2.1", "0.0"), ("2.1", "1.0"),
                          ("1.0", "2.0"), ("2.0", "2.1")], 3)
    check(boxes, flows)
    by_id = {f.flow_id: f for f in flows}
    down, up = by_id["f0"].points, by_id["f1"].points
    assert down[0][0] == boxes["0.0"].x and up[0][0] == boxes["0.1"].right  # left gutter down, right up
    back = by_id["f2"].points
    assert back[0][0] == boxes["2.1"].x and back[-1][0] == boxes["0.0"].right


def test_a_straight_flow_between_boxes_side_by_side_is_one_segment() -> None:
    boxes = lay_out([[(130, 84)], [(130, 84)]])
    (flow,) = route(boxes, [("0.0", "1.0")], 2)
    assert len(flow.points) == 2 and flow.points[0][1] == flow.points[1][1]


def test_routes_are_the_same_whoever_asks_and_in_whatever_order() -> None:
    boxes = lay_out([[(130, 150), (400, 150)], [(130, 300)], [(130, 200), (420, 120)]])
    pairs = [("0.0", "2.1"), ("0.1", "2.0"), ("2.1", "0.0"), ("1.0", "2.1")]
    one = FlowRouter(3, LANE_HEADER_HEIGHT)
    two = FlowRouter(3, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        one.set_box(point_id, box)
    for point_id, box in reversed(list(boxes.items())):
        two.set_box(point_id, box)
    for n, (s, t) in enumerate(pairs):
        one.set_flow(f"f{n}", s, t)
    for n, (s, t) in reversed(list(enumerate(pairs))):
        two.set_flow(f"f{n}", s, t)
    assert one.routes() == two.routes()


def test_only_the_flows_whose_route_changed_are_reported() -> None:
    boxes = lay_out([[(130, 150), (400, 150)], [(130, 300)], [(130, 200), (700, 120)]])
    router = FlowRouter(3, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        router.set_box(point_id, box)
    router.set_flow("a", "0.0", "1.0")
    router.set_flow("b", "1.0", "2.1")
    assert set(router.changed_routes()) == {"a", "b"}
    assert router.changed_routes() == {}
    moved = boxes["2.1"]._replace(y=900.0, bottom=1020.0)
    router.set_box("2.1", moved)
    assert set(router.changed_routes()) == {"b"}
    router.remove_box("2.1")
    assert router.changed_routes() == {"b": None}


lane_members = st.lists(st.tuples(st.floats(130, 1500), st.floats(POINT_HEIGHT, 330)), min_size=0,
                        max_size=5)


@st.composite
def maps(draw: st.DrawFn) -> tuple[dict[str, Box], list[tuple[str, str]], int]:
    columns = draw(st.integers(2, 6))
    lanes = [draw(lane_members) for _ in range(columns)]
    boxes = lay_out(lanes)
    ids = sorted(boxes)
    if len(ids) < 2:
        return boxes, [], columns
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=25))
    flows = sorted({(s, t) for s, t in pairs if s != t})
    return boxes, flows, columns


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_no_generated_map_has_a_hidden_or_shared_flow(generated: tuple) -> None:
    boxes, pairs, columns = generated
    flows = route(boxes, pairs, columns)
    assert len(flows) == len(pairs)
    check(boxes, flows)
    for flow in flows:  # every route is made of horizontal and vertical legs inside the map
        for x, _ in flow.points:
            assert 0 <= x <= columns * LANE_WIDTH


def fresh_routes(router: FlowRouter, boxes: dict[str, Box], flows: dict[str, tuple[str, str]],
                 blocked: dict[int, list[tuple[float, float]]]) -> dict:
    fresh = FlowRouter(router.columns, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        fresh.set_box(point_id, box)
    for flow_id, (s, t) in flows.items():
        fresh.set_flow(flow_id, s, t)
    fresh.set_blocked("loose", blocked)
    return fresh.routes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(), st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10 ** 6)), min_size=1, max_size=12))
def test_routing_again_after_each_change_gives_what_a_fresh_router_gives(generated: tuple,
                                                                         edits: list) -> None:
    boxes, pairs, columns = generated
    if not boxes:
        return
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        router.set_box(point_id, box)
    flows = {f"f{n}": pair for n, pair in enumerate(pairs)}
    for flow_id, (s, t) in flows.items():
        router.set_flow(flow_id, s, t)
    blocked: dict[int, list[tuple[float, float]]] = {}
    seen = router.routes()
    ids = sorted(boxes)
    for kind, n in edits:
        point_id = ids[n % len(ids)]
        if kind == 0:  # a box moves (to another lane, or down its own) and its block grows
            b = boxes[point_id]
            boxes[point_id] = b._replace(x=lane_point_x(n % columns), y=b.y + n % 300,
                                         bottom=b.bottom + n % 300 + n % 50)
            router.set_box(point_id, boxes[point_id])
        elif kind == 1:  # a flow is added or removed
            flow_id = f"g{n % 7}"
            if flow_id in flows:
                del flows[flow_id]
                router.remove_flow(flow_id)
            elif point_id != ids[(n // 7) % len(ids)]:
                flows[flow_id] = (point_id, ids[(n // 7) % len(ids)])
                router.set_flow(flow_id, *flows[flow_id])
        elif kind == 2:  # loose chips at the foot of a lane
            blocked = {n % columns: [(1500.0 + n % 200, 1600.0 + n % 400)]}
            router.set_blocked("loose", blocked)
        else:  # a box leaves the map, and comes back
            router.remove_box(point_id)
            changed = router.changed_routes()
            assert all(route is None for flow_id, route in changed.items() if point_id in flows[flow_id])
            seen = router.routes()
            router.set_box(point_id, boxes[point_id])
        changed = router.changed_routes()
        now = router.routes()
        assert now == fresh_routes(router, boxes, flows, blocked)
        # What was reported changed is exactly what differs from before.
        assert {f for f in set(seen) | set(now) if seen.get(f) != now.get(f)} == set(changed)
        seen = now


def test_tracks_go_to_the_first_free_track_as_a_plain_scan_gives_them() -> None:
    """``_Gutter`` finds the first free track with heaps (a busy gutter has hundreds): the same tracks
    as scanning every track in order for the first one free LEG_PAD above a leg."""
    import random

    from intercept_mapper.model.flow_routing import LEG_PAD, _Gutter, _Leg

    def scanned(legs: list[_Leg]) -> dict[tuple[str, int], int]:
        ends: list[float] = []
        out = {}
        for leg in sorted(legs, key=lambda leg: (leg.low, leg.high, leg.flow_id, leg.part)):
            for n, end in enumerate(ends):
                if end + LEG_PAD <= leg.low:
                    ends[n] = leg.high
                    break
            else:
                ends.append(leg.high)
                n = len(ends) - 1
            out[(leg.flow_id, leg.part)] = n
        return out

    rng = random.Random(18)
    for size in (1, 5, 60, 400):
        legs = []
        for n in range(size):
            low = rng.choice([rng.uniform(0, 3000), float(rng.randrange(0, 3000, 8))])
            legs.append(_Leg(f"f{n}", n % 2, low, low + rng.choice([0.0, 8.0, rng.uniform(0, 400)])))
        tracks = scanned(legs)
        gutter = _Gutter()
        gutter.update((), [(leg.low, leg.high, leg.flow_id, leg.part) for leg in legs])
        given = {(flow_id, part): n
                 for (_, _, flow_id, part), n in zip(gutter.legs, gutter.tracks, strict=True)}
        assert given == tracks
        assert gutter.count == max(tracks.values()) + 1


def _pushed_lane_map(rng: random.Random, columns: int, per_lane: int) -> tuple[dict[str, Box], dict]:
    """Lanes of boxes tidied as the canvas tidies them (blocks of 0-3 chips), and flows onward, within
    lanes (down and up), back, and across lanes they skip."""
    lanes = [[(130.0 + 200 * n, POINT_HEIGHT + rng.randrange(4) * (CHIP_HEIGHT + CHIP_GAP) + CHIP_GAP)
              for n in range(per_lane)] for _ in range(columns)]
    boxes = lay_out(lanes)
    ids = sorted(boxes)
    flows = {}
    while len(flows) < 2 * len(ids):
        s, t = rng.choice(ids), rng.choice(ids)
        if s != t:
            flows[f"f{len(flows)}"] = (s, t)
    return boxes, flows


def test_pushing_the_boxes_below_a_box_down_its_lane_routes_as_a_fresh_router() -> None:
    """An added gap grows a box's block by a chip and pushes every box below it down its lane; its undo
    pulls them back (thousands of flows re-routed on a 30,000-item map). After each such edit, and a
    few boxes moved across lanes, the routes equal a fresh router's, exactly the flows whose route
    differs are reported, and each count sits at the middle of its route's longest leg."""
    from intercept_mapper.model.flow_routing import _label_place

    rng = random.Random(30000)
    columns, per_lane = 4, 25
    boxes, flows = _pushed_lane_map(rng, columns, per_lane)
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        router.set_box(point_id, box)
    for flow_id, (s, t) in flows.items():
        router.set_flow(flow_id, s, t)
    seen = router.routes()
    chip = CHIP_HEIGHT + CHIP_GAP
    reported = 0
    for step in range(16):
        lane, n = rng.randrange(columns), rng.randrange(per_lane)
        grown = f"{lane}.{n}"
        sign = 1 if step % 3 != 2 else -1  # mostly adds, some undos
        b = boxes[grown]
        boxes[grown] = b._replace(bottom=b.bottom + sign * chip)
        router.set_box(grown, boxes[grown])
        for m in range(n + 1, per_lane):  # the boxes below it move down (or back up) by a chip
            b = boxes[f"{lane}.{m}"]
            boxes[f"{lane}.{m}"] = b._replace(y=b.y + sign * chip, bottom=b.bottom + sign * chip)
            router.set_box(f"{lane}.{m}", boxes[f"{lane}.{m}"])
        if step % 5 == 4:  # a box to another lane (a move to another intercept)
            moved = rng.choice(sorted(boxes))
            boxes[moved] = boxes[moved]._replace(x=lane_point_x(rng.randrange(columns)))
            router.set_box(moved, boxes[moved])
        changed = router.changed_routes()
        now = router.routes()
        assert now == fresh_routes(router, boxes, flows, {})
        assert {f for f in set(seen) | set(now) if seen.get(f) != now.get(f)} == set(changed)
        assert all(route.label_at == _label_place(route.points) for route in now.values())
        reported += len(changed)
        seen = now
    assert reported > 16 * 20  # the pushes did re-route many flows


def test_ports_on_a_side_are_the_grid_slots_spread_evenly_as_listing_them_gives() -> None:
    """``_port_places`` picks ``count`` of a side's grid slots without listing them all (a box with many
    chips is tall): the same heights as listing every slot and taking the evenly spread ones."""
    from intercept_mapper.model.flow_routing import PORT_GRID, PORT_MARGIN, _port_places

    def listed(top: float, height: float, count: int, right_side: bool) -> list[float]:
        low, high = top + PORT_MARGIN, top + height - PORT_MARGIN
        offset = 0.0 if right_side else PORT_GRID / 2
        slots = [n * PORT_GRID + offset for n in range(int(-(-(low - offset) // PORT_GRID)),
                                                       int((high - offset) // PORT_GRID) + 1)]
        if count <= len(slots):
            step = len(slots) / count
            return [slots[int((n + 0.5) * step)] for n in range(count)]
        gap = (high - low) / (count + 1)
        return [low + gap * (n + 1) for n in range(count)]

    rng = random.Random(8)
    for _ in range(3000):
        top = rng.choice([rng.uniform(100, 90000), float(rng.randrange(100, 90000, 2))])
        height = rng.choice([POINT_HEIGHT, rng.uniform(20, 900)])
        count, right_side = rng.randrange(1, 40), rng.random() < 0.5
        assert _port_places(top, height, count, right_side) == listed(top, height, count, right_side)


def test_a_flow_whose_plan_changes_while_its_ports_stay_is_routed_again() -> None:
    """A straight flow between neighbouring lanes (its target port takes the source port's height) whose
    target box moves one lane on at the same height keeps both raw port heights but is no longer
    straight: the routing again must look at it although no end took another place."""
    router = FlowRouter(3, LANE_HEADER_HEIGHT)
    source = Box(lane_point_x(0), 130.0, POINT_WIDTH, POINT_HEIGHT, 130.0 + POINT_HEIGHT)
    target = source._replace(x=lane_point_x(1))
    router.set_box("a", source)
    router.set_box("b", target)
    router.set_flow("f", "a", "b")
    assert len(router.routes()["f"].points) == 2  # straight across the gutter
    router.set_box("b", target._replace(x=lane_point_x(2)))
    changed = router.changed_routes()
    fresh = FlowRouter(3, LANE_HEADER_HEIGHT)
    fresh.set_box("a", source)
    fresh.set_box("b", target._replace(x=lane_point_x(2)))
    fresh.set_flow("f", "a", "b")
    assert changed == {"f": fresh.route("f")}
    assert router.routes() == fresh.routes()
    ys, yt = changed["f"].points[0][1], changed["f"].points[-1][1]
    assert ys != yt  # the raw ports, one on the grid and one halfway between
