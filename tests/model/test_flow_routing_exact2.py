"""Flow routing's edges that the first exact tests left open (model/flow_routing.py, bench/README.md
"Mutation testing", sixth run): where a crossing may lie at the very ends of a free stretch of heights,
and how much work a change redoes (the class doc's promise: only what the change reaches)."""

from __future__ import annotations

from intercept_mapper.model.flow_routing import CROSS_STEP, _free_height

INF = float("inf")


def test_a_crossing_may_lie_at_the_very_bottom_of_a_free_stretch() -> None:
    # Free from 0 down to 200 (a blocked stretch below it, then free again from 300). A crossing over
    # the same columns lies at 193, and this one wants 197: too near. Exactly a step below 193 is the
    # stretch's last free height, 200, nearer than a step above (186): it goes there.
    placed = [(193.0, 0.0, 50.0)]
    assert _free_height([(0.0, 200.0), (300.0, INF)], 197.0, placed, 10.0, 40.0) == 200.0


def test_a_crossing_may_lie_at_the_very_top_of_a_free_stretch() -> None:
    # Free from 100 down to 200; a crossing at 107 over the same columns; this one wants 104. A step
    # above 107 is 100, the stretch's first free height and nearer than a step below (114).
    placed = [(107.0, 0.0, 50.0)]
    assert _free_height([(0.0, 40.0), (100.0, 200.0), (300.0, INF)], 104.0, placed, 10.0, 40.0) == 100.0


def test_a_crossing_pushed_from_the_bottom_of_a_free_stretch_never_leaves_it() -> None:
    # Free from 0 to 200; a crossing at 195; this one wants 198. A step below 195 (202) would be inside
    # the blocked stretch under 200, and 200 is too near 195: it goes a step above, to 188. Only the
    # open stretch at the map's bottom may grow downwards.
    placed = [(195.0, 0.0, 50.0)]
    assert _free_height([(0.0, 200.0), (300.0, INF)], 198.0, placed, 10.0, 40.0) == 188.0
    # In the open stretch below everything, the same crossings stack downwards a step apart.
    open_below = [(0.0, 40.0), (180.0, INF)]
    assert _free_height(open_below, 183.0, [(180.0, 0.0, 50.0)], 10.0, 40.0) == 180.0 + CROSS_STEP


def _planned(router, monkeypatch) -> list[str]:
    """The flows the router plans again from now on, in order (its first step after any change)."""
    from intercept_mapper.model.flow_routing import FlowRouter

    planned: list[str] = []
    plan = FlowRouter._plan

    def counted(self, flow_id: str):
        planned.append(flow_id)
        return plan(self, flow_id)

    monkeypatch.setattr(FlowRouter, "_plan", counted)
    return planned


def test_routing_again_redoes_only_the_flows_a_change_reaches(monkeypatch) -> None:
    # The class doc's promise, which keeps a change on a 30,000-item map quick: asking again without a
    # change plans nothing; a box moved plans its own flows only; a flow given the ends it has, nothing.
    from tests.model.test_flow_routing_exact import box, router_for

    boxes = {"a": box(0, 130.0), "b": box(1, 130.0), "c": box(2, 400.0), "d": box(2, 700.0)}
    router = router_for(boxes, {"ab": ("a", "b"), "bc": ("b", "c"), "ad": ("a", "d")})
    router.routes()
    planned = _planned(router, monkeypatch)
    assert router.changed_routes() == {}
    router.routes()
    assert planned == []
    router.set_flow("ab", "a", "b")
    router.set_box("c", boxes["c"])
    assert router.changed_routes() == {}
    assert planned == []
    router.set_box("c", box(2, 460.0))
    assert set(router.changed_routes()) >= {"bc"}
    assert sorted(planned) == ["bc"]


def test_a_flow_given_other_ends_or_removed_is_no_longer_planned_with_its_old_ends(monkeypatch) -> None:
    from tests.model.test_flow_routing_exact import box, router_for

    boxes = {"a": box(0, 130.0), "b": box(1, 130.0), "c": box(2, 400.0), "d": box(2, 700.0)}
    router = router_for(boxes, {"f": ("a", "b"), "g": ("c", "d")})
    router.routes()
    router.set_flow("f", "a", "c")  # b is no longer f's end
    router.remove_flow("g")  # nor are c and d g's
    router.routes()
    planned = _planned(router, monkeypatch)
    router.set_box("b", box(1, 300.0))
    router.set_box("d", box(2, 900.0))  # (f's crossing may move: d's block is in a lane f passes)
    router.routes()
    assert planned == []


def test_forty_seeded_edit_sequences_route_each_step_as_a_fresh_router() -> None:
    # Wider than the first exact tests' one sequence: maps of one to six lanes, boxes set where they
    # are, two kinds of blocked heights, flows given their own ends or looping on one box, and two edits
    # between routings (tests/model/routing_replay.py says what each step does).
    from tests.model.routing_replay import replay

    problems = [p for p in (replay(seed, 150) for seed in range(40)) if p]
    assert problems == []


def test_each_crossing_minds_the_blocks_of_its_own_columns_after_another_crossing_elsewhere() -> None:
    # Two flows over stretches apart: "a" (lanes 0 to 2) is free where it wants to cross; "b" (lanes 3
    # to 5) wants a height that a tall block in lane 4 covers. "b" must keep clear of that block (by the
    # clearance, 8) even though "a", routed first, saw no block there.
    from tests.model.test_flow_routing_exact import box, router_for

    boxes = {"a0": box(0, 130.0), "a2": box(2, 700.0), "b3": box(3, 130.0), "b5": box(5, 700.0),
             "tall": box(4, 300.0, 400.0)}
    router = router_for(boxes, {"a": ("a0", "a2"), "b": ("b3", "b5")}, columns=6)
    a_points, b_points = router.route("a").points, router.route("b").points
    assert a_points[2][1] == (a_points[0][1] + a_points[-1][1]) / 2
    assert not 300.0 - 8.0 < b_points[2][1] < 700.0 + 8.0


def test_a_flow_from_a_busy_side_is_straight_only_within_half_a_grid_step() -> None:
    # Nine flows leave s's right side: more than its grid slots, so its ports lie off the grid, closer
    # together. f's port there (216.4) is 4.4 from its target's (212): more than half a grid step (4),
    # so f keeps its leg (stub, leg, stub) rather than being drawn straight at the source's height.
    from tests.model.test_flow_routing_exact import box, router_for

    boxes = {"s": box(0, 200.0), "t": box(1, 163.0)} | {f"o{n}": box(1, 400.0 + 100.0 * n) for n in range(8)}
    flows = {"f": ("s", "t")} | {f"g{n}": ("s", f"o{n}") for n in range(8)}
    points = router_for(boxes, flows, columns=2).route("f").points
    assert len(points) == 4
    assert round(points[0][1], 6) == 216.4 and points[-1][1] == 212.0


def test_a_count_sits_at_the_middle_of_the_longest_leg_however_short_the_route() -> None:
    from intercept_mapper.model.flow_routing import _label_place

    assert _label_place(((0.0, 0.0), (0.5, 0.0))) == (0.25, 0.0)  # a leg under a unit still has a middle
    assert _label_place(((0.0, 0.0), (0.0, 0.0))) == (0.0, 0.0)  # a leg of no length: its one place
    assert _label_place(((3.0, 4.0),)) == (3.0, 4.0)  # no leg at all: the route's one point
    assert _label_place(((0.0, 0.0), (4.0, 0.0), (4.0, 10.0), (6.0, 10.0))) == (4.0, 5.0)
    assert _label_place(((0.0, 0.0), (4.0, 0.0), (4.0, 4.0))) == (2.0, 0.0)  # a tie: the first leg
