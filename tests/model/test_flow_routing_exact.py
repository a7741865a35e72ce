"""Flow routes after each kind of change, and the routing's edges (model/flow_routing.py), checked on
small fixed maps: removing flows and boxes, changing a flow's ends, the number of lanes, what else blocks
a column, one-lane maps, where a box stands and the outer gutters. Each is compared with a fresh router
given the map as it is now, or with the place the module doc promises."""

from __future__ import annotations

from intercept_mapper.model.flow_routing import EDGE_TRACK_REACH, Box, FlowRouter, column_of, track_zone
from intercept_mapper.model.map_geometry import (
    LANE_HEADER_HEIGHT,
    LANE_WIDTH,
    POINT_HEIGHT,
    POINT_WIDTH,
    lane_point_x,
)


def box(lane: int, y: float, block: float = POINT_HEIGHT) -> Box:
    return Box(lane_point_x(lane), y, POINT_WIDTH, POINT_HEIGHT, y + block)


# Lane 0: a (top); lane 1: a tall block in the middle rows; lane 2: c, d.
BOXES = {"a": box(0, 130.0), "m": box(1, 130.0, 500.0), "c": box(2, 130.0), "d": box(2, 400.0),
         "e": box(1, 800.0)}


def router_for(boxes: dict[str, Box], flows: dict[str, tuple[str, str]], columns: int = 3,
               blocked: dict[int, list[tuple[float, float]]] | None = None) -> FlowRouter:
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, b in boxes.items():
        router.set_box(point_id, b)
    for flow_id, (s, t) in flows.items():
        router.set_flow(flow_id, s, t)
    if blocked is not None:
        router.set_blocked("loose", blocked)
    return router


def fresh(boxes: dict[str, Box], flows: dict[str, tuple[str, str]], columns: int = 3,
          blocked: dict[int, list[tuple[float, float]]] | None = None) -> dict:
    return router_for(boxes, flows, columns, blocked).routes()


def test_a_removed_flow_is_no_longer_routed_and_the_rest_route_as_if_it_never_was() -> None:
    flows = {"ac": ("a", "c"), "ad": ("a", "d"), "cd": ("c", "d")}
    router = router_for(BOXES, flows)
    before = router.routes()
    assert set(before) == {"ac", "ad", "cd"}
    router.remove_flow("ad")
    changed = router.changed_routes()
    assert changed["ad"] is None
    del flows["ad"]
    assert router.routes() == fresh(BOXES, flows)
    assert {f for f in before if before[f] != router.routes().get(f)} == set(changed)
    router.remove_flow("ad")  # removing it again, or a flow never added, changes nothing
    router.remove_flow("never")
    assert router.changed_routes() == {}
    router.set_flow("ad", "a", "d")  # and it comes back as it was
    router.changed_routes()
    assert router.routes() == before


def test_a_flow_given_new_ends_is_routed_between_them() -> None:
    flows = {"f": ("a", "d"), "g": ("c", "d")}
    router = router_for(BOXES, flows)
    router.routes()
    router.set_flow("f", "a", "e")  # from a crossing over lane 1 to a neighbour: no crossing now
    flows["f"] = ("a", "e")
    changed = router.changed_routes()
    assert router.routes() == fresh(BOXES, flows)
    assert changed["f"] == router.route("f")
    # Its old target no longer has it: moving d changes only g.
    router.set_box("d", box(2, 600.0))
    assert set(router.changed_routes()) == {"g"}


def test_a_flow_that_stops_crossing_lanes_gives_up_its_crossing() -> None:
    # a -> c crosses lane 1 (beside the tall block); changing its target to e (lane 1) leaves no crossing.
    router = router_for(BOXES, {"f": ("a", "c")})
    assert len(router.route("f").points) == 6
    router.set_flow("f", "a", "e")
    router.changed_routes()
    assert router.routes() == fresh(BOXES, {"f": ("a", "e")})
    assert len(router.route("f").points) == 4


def test_a_removed_box_frees_the_heights_it_blocked_and_unknown_boxes_are_ignored() -> None:
    flows = {"f": ("a", "d")}
    router = router_for(BOXES, flows)
    crossing_before = router.route("f").points[2][1]
    assert crossing_before <= BOXES["m"].y - 8.0  # above the tall block of lane 1, its nearest room
    router.remove_box("m")
    router.remove_box("never-there")
    changed = router.changed_routes()
    rest = {k: v for k, v in BOXES.items() if k != "m"}
    assert router.routes() == fresh(rest, flows)
    assert changed == {"f": router.route("f")}
    assert router.route("f").points[2][1] > BOXES["m"].y  # straight through where the block was


def test_routes_follow_a_change_in_the_number_of_lanes() -> None:
    flows = {"f": ("a", "d"), "g": ("d", "a"), "h": ("c", "d")}
    router = router_for(BOXES, flows, columns=3)
    router.routes()
    router.set_columns(3)  # the same number: nothing to do
    assert router.changed_routes() == {}
    wide = {**BOXES, "z": box(4, 130.0)}
    router.set_box("z", wide["z"])
    router.set_columns(5)
    router.changed_routes()
    assert router.routes() == fresh(wide, flows, columns=5)
    assert router.columns == 5
    router.set_columns(2)  # lane 2's boxes now stand in the last column there is
    router.changed_routes()
    assert router.routes() == fresh(wide, flows, columns=2)
    router.set_columns(0)
    assert router.columns == 1
    router.changed_routes()
    assert router.routes() == fresh(wide, flows, columns=1)


def test_what_else_blocks_a_column_moves_the_crossings_and_can_be_taken_back() -> None:
    flows = {"f": ("a", "d")}
    router = router_for(BOXES, flows)
    y = router.route("f").points[2][1]
    blocked = {1: [(y - 40.0, y + 200.0)]}
    router.set_blocked("loose", blocked)
    changed = router.changed_routes()
    assert set(changed) == {"f"}
    assert router.routes() == fresh(BOXES, flows, blocked=blocked)
    assert not y - 40.0 - 8.0 < router.route("f").points[2][1] < y + 200.0 + 8.0
    router.set_blocked("loose", blocked)  # the same again: nothing to do
    assert router.changed_routes() == {}
    router.set_blocked("loose", {})
    router.changed_routes()
    assert router.routes() == fresh(BOXES, flows)
    assert router.route("f").points[2][1] == y


def test_a_map_of_one_lane_keeps_its_flows_inside_the_lane() -> None:
    assert FlowRouter(0).columns == 1
    boxes = {"a": box(0, 130.0), "b": box(0, 400.0)}
    router = router_for(boxes, {"down": ("a", "b"), "up": ("b", "a")}, columns=1)
    up, down = router.route("up").points, router.route("down").points
    # Up the right gutter, which is the map's right edge: a track 4 to 18 in from it.
    assert LANE_WIDTH - EDGE_TRACK_REACH[1] <= up[1][0] <= LANE_WIDTH - EDGE_TRACK_REACH[0]
    assert EDGE_TRACK_REACH[0] <= down[1][0] <= EDGE_TRACK_REACH[1]


def test_a_flow_down_its_own_lane_leaves_and_enters_by_left_sides_and_up_by_right_sides() -> None:
    boxes = {"a": box(1, 130.0), "b": box(1, 400.0)}
    router = router_for(boxes, {"down": ("a", "b"), "up": ("b", "a")})
    down, up = router.route("down").points, router.route("up").points
    assert down[0][0] == boxes["a"].x and down[-1][0] == boxes["b"].x
    assert up[0][0] == boxes["b"].right and up[-1][0] == boxes["a"].right
    assert router.route("down").backward is False and router.route("up").backward is True


def test_a_box_stands_in_the_column_under_its_middle_clamped_to_the_map() -> None:
    border = LANE_WIDTH - POINT_WIDTH / 2  # a box this far right has its middle on the border
    assert column_of(Box(border - 1, 0, POINT_WIDTH, 84, 84), 3) == 0
    assert column_of(Box(border, 0, POINT_WIDTH, 84, 84), 3) == 1
    assert column_of(Box(lane_point_x(2), 0, POINT_WIDTH, 84, 84), 2) == 1  # beyond the last lane
    assert column_of(Box(lane_point_x(7), 0, POINT_WIDTH, 84, 84), 3) == 2
    assert column_of(Box(-900, 0, POINT_WIDTH, 84, 84), 3) == 0


def test_tracks_keep_inside_the_map_in_its_outer_gutters() -> None:
    assert track_zone(0, 3) == EDGE_TRACK_REACH
    assert track_zone(3, 3) == (3 * LANE_WIDTH - EDGE_TRACK_REACH[1], 3 * LANE_WIDTH - EDGE_TRACK_REACH[0])
    assert track_zone(1, 3) == (LANE_WIDTH - 16.0, LANE_WIDTH + 16.0)


def test_ports_on_a_side_follow_the_heights_of_the_far_ends_middles() -> None:
    """Stubs on one side never cross: ports are ordered by the middle of the box at each flow's far end,
    whatever the far boxes' heights (a long title makes a box taller)."""
    def tall(lane: int, y: float, h: float) -> Box:
        return Box(lane_point_x(lane), y, POINT_WIDTH, h, y + h)

    # Far ends' middles: c 330 (tall, high top), a 342, b 350 (their tops, and their tops less half or
    # plus a third or twice their heights, come in other orders).
    far = {"c": tall(3, 130.0, 400.0), "a": tall(1, 300.0, 84.0), "b": tall(2, 250.0, 200.0)}
    out = router_for({"s": tall(0, 130.0, 84.0), **far}, {f"s{k}": ("s", k) for k in far}, columns=4)
    by_port = sorted(far, key=lambda k: out.route(f"s{k}").points[0][1])
    assert by_port == ["c", "a", "b"]
    # The same on a target's side, for flows from sources of those heights.
    near = {"c": tall(2, 130.0, 400.0), "a": tall(0, 300.0, 84.0), "b": tall(1, 250.0, 200.0)}
    into = router_for({"t": tall(3, 130.0, 84.0), **near}, {f"{k}t": (k, "t") for k in near}, columns=4)
    assert sorted(near, key=lambda k: into.route(f"{k}t").points[-1][1]) == ["c", "a", "b"]


def test_flows_that_cannot_be_drawn_leave_the_others_of_their_point_alone() -> None:
    boxes = {"a": box(0, 130.0), "b": box(1, 130.0), "c": box(1, 400.0)}
    flows = {f"lost{n}": ("a", f"gone{n}") for n in range(20)}
    flows["self"] = ("a", "a")
    flows["ab"], flows["ac"] = ("a", "b"), ("a", "c")
    routes = router_for(boxes, flows, columns=2).routes()
    assert set(routes) == {"ab", "ac"}
    assert routes == fresh(boxes, {"ab": ("a", "b"), "ac": ("a", "c")}, columns=2)


def test_many_mixed_changes_route_each_time_as_a_fresh_router() -> None:
    """Every kind of change in a seeded random order (not drawn by hypothesis, so the same every run):
    boxes moved down or across lanes and grown, removed and put back, flows added, removed and given
    new ends, loose chips blocking a column, and the number of lanes. After each, the routes equal a
    fresh router's and exactly the flows whose route differs are reported."""
    import random

    rng = random.Random(20)
    columns = 4
    boxes = {f"{lane}.{n}": box(lane, 130.0 + 260.0 * n, POINT_HEIGHT + 38.0 * (n % 3))
             for lane in range(columns) for n in range(4)}
    ids = sorted(boxes)
    flows = {f"f{n}": (ids[n % len(ids)], ids[(n * 7 + 3) % len(ids)]) for n in range(24)}
    router = router_for(boxes, flows, columns)
    on_map = dict(boxes)
    blocked: dict[int, list[tuple[float, float]]] = {}
    seen = router.routes()
    for step in range(120):
        kind = rng.randrange(7)
        point_id = rng.choice(ids)
        if kind == 0:  # moved down its lane or to another, its block grown or shrunk
            b = boxes[point_id]
            boxes[point_id] = b._replace(x=lane_point_x(rng.randrange(columns + 1)),
                                         y=b.y + rng.choice((-40, 60)),
                                         bottom=b.bottom + rng.choice((-40, 60, 98)))
            if point_id in on_map:
                on_map[point_id] = boxes[point_id]
                router.set_box(point_id, boxes[point_id])
        elif kind == 1:  # removed, or put back
            if point_id in on_map:
                del on_map[point_id]
                router.remove_box(point_id)
            else:
                on_map[point_id] = boxes[point_id]
                router.set_box(point_id, boxes[point_id])
        elif kind == 2:  # a flow removed, or added
            flow_id = f"g{rng.randrange(6)}"
            if flow_id in flows:
                del flows[flow_id]
                router.remove_flow(flow_id)
            else:
                flows[flow_id] = (point_id, rng.choice(ids))
                router.set_flow(flow_id, *flows[flow_id])
        elif kind == 3:  # a flow given another end
            flow_id = rng.choice(sorted(flows))
            s, t = flows[flow_id]
            flows[flow_id] = (s, point_id) if rng.random() < 0.5 else (point_id, t)
            router.set_flow(flow_id, *flows[flow_id])
        elif kind == 4:  # loose chips at the foot of a lane, or none
            top = rng.choice((300.0, 700.0, 1200.0))
            blocked = {} if rng.random() < 0.3 else {rng.randrange(columns): [(top, top + 150.0)]}
            router.set_blocked("loose", blocked)
        elif kind == 5:  # a lane added or taken away
            columns = max(2, min(6, columns + rng.choice((-1, 1))))
            router.set_columns(columns)
        changed = router.changed_routes()
        now = router.routes()
        assert now == fresh(on_map, flows, columns, blocked), f"step {step}"
        assert {f for f in set(seen) | set(now) if seen.get(f) != now.get(f)} == set(changed), f"step {step}"
        seen = now


def test_only_neighbours_level_within_half_a_grid_step_get_a_straight_flow() -> None:
    level = router_for({"a": box(0, 130.0), "b": box(1, 130.0)}, {"f": ("a", "b")}, columns=2)
    assert len(level.route("f").points) == 2 and level.route("f").backward is False
    # A box two grid steps lower: its ports are 12 apart, more than half a step: a jog, not a slope.
    lower = router_for({"a": box(0, 130.0), "b": box(1, 146.0)}, {"f": ("a", "b")}, columns=2)
    points = lower.route("f").points
    assert len(points) == 4 and points[-1][1] - points[0][1] == 12.0


def test_a_crossing_minds_only_the_columns_it_passes_and_its_ends_stand_in() -> None:
    boxes = {"s": box(1, 130.0), "t": box(3, 400.0)}
    flows = {"f": ("s", "t")}
    alone = router_for(boxes, flows, columns=5).routes()
    # Tall blocks in the lanes before the source's and after the target's change nothing.
    beside = {**boxes, "before": box(0, 130.0, 1500.0), "after": box(4, 130.0, 1500.0)}
    assert router_for(beside, flows, columns=5).routes() == alone
    # One in the lane it passes does.
    between = {**boxes, "between": box(2, 130.0, 1500.0)}
    assert router_for(between, flows, columns=5).route("f") != alone["f"]


def test_a_crossing_keeps_clear_of_the_blocks_of_its_ends_own_lanes() -> None:
    # From the first lane: the source's tall block (chips) covers the height it would like.
    boxes = {"s": box(0, 130.0, 900.0), "t": box(2, 400.0)}
    y = router_for(boxes, {"f": ("s", "t")}).route("f").points[2][1]
    assert not 130.0 - 8.0 < y < 1030.0 + 8.0
    # Into the last lane: the target's tall block covers it.
    boxes = {"s": box(0, 600.0), "t": box(2, 130.0, 1270.0)}
    y = router_for(boxes, {"f": ("s", "t")}).route("f").points[2][1]
    assert not 130.0 - 8.0 < y < 1400.0 + 8.0


def test_crossings_over_stretches_apart_may_share_a_height_and_those_over_one_may_not() -> None:
    boxes = {"a": box(0, 400.0), "b": box(2, 400.0), "c": box(3, 400.0), "d": box(5, 400.0)}
    apart = router_for(boxes, {"ab": ("a", "b"), "cd": ("c", "d")}, columns=6)
    assert apart.route("ab").points[2][1] == apart.route("cd").points[2][1]
    over = {"a": box(0, 400.0), "b": box(3, 400.0), "c": box(1, 400.0), "d": box(4, 400.0)}
    both = router_for(over, {"ab": ("a", "b"), "cd": ("c", "d")}, columns=6)
    assert abs(both.route("ab").points[2][1] - both.route("cd").points[2][1]) >= 7.0


def test_a_crossing_lies_halfway_between_its_ports_when_that_height_is_free() -> None:
    for s_y, t_y in ((130.0, 700.0), (900.0, 200.0)):
        router = router_for({"s": box(0, s_y), "t": box(2, t_y)}, {"f": ("s", "t")})
        points = router.route("f").points
        assert len(points) == 6
        assert points[2][1] == points[3][1] == (points[0][1] + points[-1][1]) / 2


def test_tracks_in_a_gutter_are_centred_a_step_apart_and_closer_when_there_is_no_room() -> None:
    def track_xs(count: int) -> list[float]:
        # ``count`` flows from lane 0 to lane 1 whose legs all overlap: one track each in gutter 1.
        boxes = {f"a{n}": box(0, 130.0 + 130.0 * n) for n in range(count)}
        boxes |= {f"b{n}": box(1, 1400.0 + 130.0 * n) for n in range(count)}
        router = router_for(boxes, {f"f{n}": (f"a{n}", f"b{n}") for n in range(count)}, columns=2)
        return sorted(router.route(f"f{n}").points[1][0] for n in range(count))

    middle = LANE_WIDTH
    assert track_xs(1) == [middle]
    assert track_xs(2) == [middle - 4.0, middle + 4.0]
    assert track_xs(3) == [middle - 8.0, middle, middle + 8.0]
    # Six need 40 units at a full step; the gutter's tracks have 32: closer, 6.4 apart, edge to edge.
    six = track_xs(6)
    assert [round(x - middle, 6) for x in six] == [round(-16.0 + 6.4 * n, 6) for n in range(6)]


def test_tracks_in_the_outer_gutter_stay_in_its_narrower_zone() -> None:
    # Two flows down the first lane from one box: both legs in the map's left edge gutter (4 to 18 in).
    boxes = {"a": box(0, 130.0), "b": box(0, 400.0), "c": box(0, 700.0)}
    router = router_for(boxes, {"ab": ("a", "b"), "ac": ("a", "c")}, columns=2)
    assert sorted(router.route(f).points[1][0] for f in ("ab", "ac")) == [7.0, 15.0]
    boxes["d"] = box(0, 1000.0)
    router = router_for(boxes, {"ab": ("a", "b"), "ac": ("a", "c"), "ad": ("a", "d")}, columns=2)
    assert sorted(router.route(f).points[1][0] for f in ("ab", "ac", "ad")) == [4.0, 11.0, 18.0]


def test_a_blocked_crossing_goes_to_the_nearest_free_height_above_or_below() -> None:
    # Wanted halfway between the ports (172 and 842: 507); a box of lane 1 covers it (with 8 to spare).
    flows = {"f": ("s", "t")}
    nearer_below = {"s": box(0, 130.0), "m": box(1, 448.0), "t": box(2, 800.0)}  # blocks 440 to 540
    assert router_for(nearer_below, flows).route("f").points[2][1] == 540.0
    nearer_above = {"s": box(0, 130.0), "m": box(1, 448.0, 144.0), "t": box(2, 800.0)}  # 440 to 600
    assert router_for(nearer_above, flows).route("f").points[2][1] == 440.0


def test_a_route_keeps_its_corners_and_drops_repeats_and_points_on_a_straight_run() -> None:
    from intercept_mapper.model.flow_routing import _squash

    whole = [(310.0, 172.0), (340.0, 172.0), (340.0, 457.0), (680.0, 457.0), (680.0, 742.0), (710.0, 742.0)]
    assert _squash(whole) == tuple(whole)
    # A track on the box's side (no stub), a crossing at the target's port height.
    assert _squash([(340.0, 172.0), (340.0, 172.0), (340.0, 457.0), (680.0, 457.0), (680.0, 457.0),
                    (710.0, 457.0)]) == ((340.0, 172.0), (340.0, 457.0), (710.0, 457.0))
    assert _squash([(0.0, 0.0), (5.0, 0.0), (10.0, 0.0)]) == ((0.0, 0.0), (10.0, 0.0))
    assert _squash([(0.0, 0.0), (0.0, 5.0), (0.0, 10.0), (7.0, 10.0)]) == (
        (0.0, 0.0), (0.0, 10.0), (7.0, 10.0))
    # Half a unit is a real stub, not a repeat; coordinates equal across axes or in sign mean nothing.
    assert _squash([(0.0, 0.0), (0.5, 0.0), (0.5, 10.0)]) == ((0.0, 0.0), (0.5, 0.0), (0.5, 10.0))
    assert _squash([(0.0, 0.5), (0.5, 0.5), (0.5, 0.0)]) == ((0.0, 0.5), (0.5, 0.5), (0.5, 0.0))
    assert _squash([(3.0, 7.0), (7.0, 7.0), (7.0, -7.0), (-7.0, -7.0)]) == (
        (3.0, 7.0), (7.0, 7.0), (7.0, -7.0), (-7.0, -7.0))
    assert _squash([(2.0, 2.0), (2.0, 9.0), (-2.0, 9.0), (-2.0, -9.0)]) == (
        (2.0, 2.0), (2.0, 9.0), (-2.0, 9.0), (-2.0, -9.0))


def test_crossings_wanting_one_height_over_one_stretch_stack_a_step_apart_around_it() -> None:
    # Three flows from lane 0 to lane 2 whose ports are all centred on one height (610): the first
    # takes it, the next the nearest height a step away (the upper of two equally near), then the other.
    boxes = {"s1": box(0, 130.0), "s2": box(0, 260.0), "s3": box(0, 390.0),
             "t1": box(2, 1000.0), "t2": box(2, 870.0), "t3": box(2, 740.0)}
    router = router_for(boxes, {"f1": ("s1", "t1"), "f2": ("s2", "t2"), "f3": ("s3", "t3")})
    routes = [router.route(f).points for f in ("f1", "f2", "f3")]
    assert {(r[0][1] + r[-1][1]) / 2 for r in routes} == {610.0}
    assert [r[2][1] for r in routes] == [610.0, 603.0, 617.0]


def test_a_crossing_wanting_a_height_just_beside_a_taken_one_moves_a_whole_step_from_each() -> None:
    # Wanted heights 610, 614 and 622 over one stretch: 614 is too near 610, so 617; 622 is too near
    # 617 (though far enough from 610), so 624.
    boxes = {"s1": box(0, 130.0), "s2": box(0, 260.0), "s3": box(0, 390.0),
             "t1": box(2, 1000.0), "t2": box(2, 882.0), "t3": box(2, 770.0)}
    router = router_for(boxes, {"f1": ("s1", "t1"), "f2": ("s2", "t2"), "f3": ("s3", "t3")})
    routes = [router.route(f).points for f in ("f1", "f2", "f3")]
    assert [(r[0][1] + r[-1][1]) / 2 for r in routes] == [610.0, 614.0, 622.0]
    assert [r[2][1] for r in routes] == [610.0, 617.0, 624.0]


def test_a_crossing_never_lies_closer_than_a_step_to_one_over_the_same_stretch_even_by_half_a_unit() -> None:
    # The tolerance in ``_free_height`` is a rounding allowance (1e-6), not a unit: a wanted height half a
    # unit inside the step from a placed crossing is moved to a full step, above or below it.
    from intercept_mapper.model.flow_routing import CROSS_STEP, _free_height

    placed = [(100.0, 0.0, 50.0)]  # a crossing at 100 over x 0 to 50
    below = 100.0 + CROSS_STEP - 0.5
    assert _free_height([(0.0, 1000.0)], below, placed, 10.0, 40.0) == 100.0 + CROSS_STEP
    above = 100.0 - CROSS_STEP + 0.5
    assert _free_height([(0.0, 1000.0)], above, placed, 10.0, 40.0) == 100.0 - CROSS_STEP
    # Exactly a step away is free; over another stretch the crossing does not count.
    assert _free_height([(0.0, 1000.0)], 100.0 + CROSS_STEP, placed, 10.0, 40.0) == 100.0 + CROSS_STEP
    assert _free_height([(0.0, 1000.0)], below, placed, 60.0, 90.0) == below


def test_free_heights_start_below_a_blocked_stretch_that_begins_at_the_ceiling() -> None:
    # Blocked stretches are padded and merged, so only the first can begin where the free heights do
    # (the ceiling): then nothing is free before its end, not even the ceiling itself as a point.
    from intercept_mapper.model.flow_routing import _free_intervals

    inf = float("inf")
    assert _free_intervals([(10.0, 20.0), (30.0, 40.0)], 10.0) == [(20.0, 30.0), (40.0, inf)]
    assert _free_intervals([(12.0, 20.0)], 10.0) == [(10.0, 12.0), (20.0, inf)]
    assert _free_intervals([], 10.0) == [(10.0, inf)]


def test_a_stub_under_a_unit_is_a_corner_in_either_direction_and_after_either_leg() -> None:
    # Only points within a rounding allowance (1e-6) are one point or one line; half a unit apart they
    # are a real stub, so squashing them would draw a slanted line.
    from intercept_mapper.model.flow_routing import _squash

    for route in ([(0.0, 0.0), (0.0, 0.5), (10.0, 0.5)],      # down half a unit, then across
                  [(0.0, 0.0), (0.5, 0.0), (0.5, 10.0)],      # across half a unit, then down
                  [(0.0, 0.0), (10.0, 0.0), (10.0, 0.5)],     # across, then down half a unit
                  [(0.0, 0.0), (0.0, 10.0), (0.5, 10.0)],     # down, then across half a unit
                  [(0.0, 0.0), (0.0, 10.0), (0.5, 10.0), (0.5, 20.0)],
                  [(0.0, 0.0), (10.0, 0.0), (10.0, 0.5), (20.0, 0.5)]):
        assert _squash(route) == tuple(route), route
    # A repeat within the allowance is dropped, a point half a unit off is not.
    assert _squash([(0.0, 0.0), (0.0, 10.0), (0.0, 10.0 + 1e-9), (5.0, 10.0)]) == (
        (0.0, 0.0), (0.0, 10.0), (5.0, 10.0))
    assert _squash([(0.0, 0.0), (0.0, 10.0), (0.5, 10.0), (0.5, 10.5)]) == (
        (0.0, 0.0), (0.0, 10.0), (0.5, 10.0), (0.5, 10.5))
    # A straight run late in a route is judged by its own last two corners, not the route's first ones.
    assert _squash([(0.0, 0.0), (0.0, 10.0), (5.0, 10.0), (5.0, 20.0), (8.0, 20.0), (12.0, 20.0)]) == (
        (0.0, 0.0), (0.0, 10.0), (5.0, 10.0), (5.0, 20.0), (12.0, 20.0))
