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
