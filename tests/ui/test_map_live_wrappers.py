"""The map's items keep few Qt values alive: PySide keeps every live wrapper in one table that rehashes as
it grows, and a 30,000-item map's build crossed 172,891 of them (a 43-56 ms stall in one box's creation,
bench/README "Opening a 30,000-item map: the items join the scene in slices"). Values only read back (the
places of title lines, a box's place, a chip's rectangle, a flow's count label) are plain numbers, and
a flow item draws far out the line the sketch kept for its route instead of a copy of it."""

from __future__ import annotations

from collections import Counter

from shiboken6 import Shiboken

from intercept_mapper.ui.map import flow_item
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem
from intercept_mapper.ui.map.point_item import PointItem
from tests.ui.test_map_built_in_steps import in_steps, opened, run_steps  # noqa: F401 - a fixture
from tests.ui.test_map_sketch import picture, varied_workshop


def _held(value: object) -> list[object]:
    """The Qt objects an attribute holds: itself, or those in its list, tuple or dict (two levels)."""
    found: list[object] = []
    stack = [(value, 0)]
    while stack:
        obj, level = stack.pop()
        if isinstance(obj, Shiboken.Object):
            found.append(obj)
        elif level < 2 and isinstance(obj, list | tuple):
            stack.extend((o, level + 1) for o in obj)
        elif level < 2 and isinstance(obj, dict):
            stack.extend((o, level + 1) for o in obj.values())
    return found


def test_a_built_map_keeps_no_points_and_shares_the_rectangles_of_a_height(qapp, in_steps) -> None:  # noqa: ANN001, F811
    """After a build in steps far out (as a large map opens) and paints far and near: no box, chip or
    flow holds a ``QPointF``; boxes of one height hold the same box and bounds, chips of one height the
    same bounds; a flow holds one rectangle (its bounds) and at most its far line, curve and head.
    On main a box also held its place and a point per line of text, a chip its rectangle and a point per
    line, a flow its label's rectangle and middle (a 30,000-item window's live wrappers after the build:
    228,952, now 108,956)."""
    scene = opened(varied_workshop(120), far=True)
    run_steps(scene)
    for scale in (0.01, 1.0):
        picture(scene, scale, 3000)
    items = [i for i in scene.items() if isinstance(i, PointItem | FindingChip | FlowItem)]
    held = {id(item): [o for value in vars(item).values() for o in _held(value)] for item in items}
    assert all(type(o).__name__ != "QPointF" for objects in held.values() for o in objects)
    for kind in (PointItem, FindingChip):
        of_kind = [i for i in items if isinstance(i, kind)]
        rects = {id(o) for i in of_kind for o in held[id(i)] if type(o).__name__ == "QRectF"}
        heights = {i.box_height() if kind is PointItem else i.height() for i in of_kind}
        assert len(rects) == (2 if kind is PointItem else 1) * len(heights), kind
        assert len(heights) < len(of_kind)
    assert len({i.height() for i in items if isinstance(i, FindingChip)}) > 1  # (chips of several heights)
    drew_far = 0
    for flow in (i for i in items if isinstance(i, FlowItem)):
        kinds = Counter(type(o).__name__ for o in held[id(flow)])
        assert kinds["QRectF"] == 1 and kinds["QPolygonF"] <= 2 and kinds["QPainterPath"] <= 1, kinds
        assert set(kinds) <= {"QRectF", "QPolygonF", "QPainterPath"}, kinds
        drew_far += flow._corners is not None  # noqa: SLF001
    assert drew_far > 0  # far lines were made (the test looks at them)


def test_far_out_a_flow_item_draws_the_line_the_sketch_kept_for_its_route(qapp, in_steps) -> None:  # noqa: ANN001, F811
    """The items take their first routes from the sketch's router: each draws far out the very line the
    sketch kept for that route (one polygon, not two), a line through the route's corners."""
    flow_item.keep_only([])
    scene = opened(varied_workshop(120), far=True)
    sketch_lines = dict(flow_item._kept_lines)  # noqa: SLF001 - what the sketch drew its flows with
    assert sketch_lines
    run_steps(scene)
    shared = 0
    for item in (i for i in scene.items() if isinstance(i, FlowItem) and i.routed()):
        points = item._route.points  # noqa: SLF001
        line = item.far_line()
        assert [(p.x(), p.y()) for p in line] == flow_item._corner_points(points)  # noqa: SLF001
        kept = sketch_lines.get(id(points))
        if kept is not None and kept[0] is points:
            assert line is kept[1]
            shared += 1
    assert shared > 0
