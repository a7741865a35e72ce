"""Flows on the canvas are never hidden under a box and never run along another flow.

Checked on the scene as drawn (each flow's painted path, flattened, against every box and chip on
screen) for the bundled sample, the sample as a five-intercept map, an imported worksheet whose points
have no places, and the sample after scripted drags across lanes.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import Document
from intercept_mapper.model.map_geometry import LANE_WIDTH, ROW_GAP
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.worksheet_csv import read_worksheet
from intercept_mapper.ui.map import MapScene, MapView
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem
from intercept_mapper.ui.map.point_item import PointItem
from tests.conftest import SAMPLES
from tests.flow_geometry import DrawnFlow, close_runs, flows_through_boxes, shared_stretches
from tests.sample_worksheets import five_intercept_worksheet


def open_scene(qtbot, workshop) -> SimpleNamespace:
    document = Document(workshop)
    stack = QUndoStack()
    scene = MapScene(document, stack)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    return SimpleNamespace(doc=document, stack=stack, scene=scene, view=view)


def drawn(scene: MapScene) -> tuple[dict[str, tuple[float, float, float, float]], list[DrawnFlow]]:
    """Every box and chip rectangle on the scene, and every visible flow's painted path, flattened."""
    rects: dict[str, tuple[float, float, float, float]] = {}
    flows = []
    for item in scene.items():
        if isinstance(item, PointItem):
            r = scene.item_rect(item.item_id)  # the box itself (its shape), not its handle
            rects[item.item_id] = (r.x(), r.y(), r.width(), r.height())
        elif isinstance(item, FindingChip):
            r = item.sceneBoundingRect()
            rects[item.item_id] = (r.x(), r.y(), r.width(), r.height())
        elif isinstance(item, FlowItem) and item.isVisible():
            points = [(p.x(), p.y()) for poly in item.path().toSubpathPolygons() for p in poly]
            flows.append(DrawnFlow(item.item_id, item.source, item.target, points))
    return rects, flows


def routed(scene: MapScene) -> list[DrawnFlow]:
    """Every visible flow's route (its corners, before the corners are rounded)."""
    return [DrawnFlow(i.item_id, i.source, i.target, i.route_points()) for i in scene.items()
            if isinstance(i, FlowItem) and i.isVisible()]


def assert_truthful(scene: MapScene) -> None:
    rects, flows = drawn(scene)
    assert flows, "the map has flows"
    assert flows_through_boxes(rects, flows) == []
    assert close_runs(flows) == []  # as painted: no two flows look like one line
    assert shared_stretches(routed(scene)) == []


@pytest.fixture
def sample(qtbot):
    m = open_scene(qtbot, load_workshop(SAMPLES / "riverbend.simmap"))
    yield m
    m.scene.dispose()


def test_the_sample_map_hides_no_flow(sample) -> None:
    assert_truthful(sample.scene)
    titles = {p.id: p.title for p in sample.doc.workshop.points}
    skip = next(f for f in sample.doc.workshop.flows
                if titles[f.source] == "Dispositional court" and titles[f.target] == "Probation")
    assert sample.scene.item_for(skip.id).isVisible()


def test_a_five_intercept_map_imported_from_a_worksheet_hides_no_flow(qtbot, tmp_path) -> None:
    imported = read_worksheet(five_intercept_worksheet(tmp_path), preset="five-intercept").workshop
    m = open_scene(qtbot, imported)
    try:
        assert len(m.doc.workshop.scheme.intercepts) == 5
        assert_truthful(m.scene)
    finally:
        m.scene.dispose()


def test_dragging_points_across_lanes_keeps_every_flow_in_sight(sample) -> None:
    scene = sample.scene
    points = [p.id for p in sample.doc.workshop.points if p.intercept in "0123"]
    for n, point_id in enumerate(points[:6]):
        item = scene.item_for(point_id)
        # A drag step: the box follows the mouse over other lanes (and is dropped there).
        item.setPos(item.pos() + QPointF(LANE_WIDTH * (1 + n % 3), 40.0 * (n % 2)))
        scene.point_moved(item)
        # While it is dragged (over other boxes, between lanes), its flows stay near their boxes: none
        # runs off along the bottom of the map.
        for flow in routed(scene):
            ends = [scene.item_for(flow.source), scene.item_for(flow.target)]
            lowest = max(e.sceneBoundingRect().bottom() for e in ends) + 2 * ROW_GAP
            lowest = max(lowest, *(e.childrenBoundingRect().translated(e.pos()).bottom() for e in ends))
            assert max(y for _, y in flow.points) <= lowest + 2 * ROW_GAP, flow.flow_id
        scene.commit_drag()
        assert_truthful(scene)


def test_a_previewed_flow_is_routed_as_it_will_be_and_moves_no_other_flow(sample) -> None:
    scene = sample.scene
    titles = {p.title: p.id for p in sample.doc.workshop.points}
    before = {f.flow_id: f.points for f in routed(scene)}
    source, target = titles["Crisis line / 988"], titles["Probation"]
    route = scene.preview_route(source, target)
    rects, _ = drawn(scene)
    assert flows_through_boxes(rects, [DrawnFlow("preview", source, target, route.points)]) == []
    assert {f.flow_id: f.points for f in routed(scene)} == before  # the map's flows did not move
    assert scene.preview_route(source, source) is None
    # The flow then added runs where the preview showed.
    scene.add_flow(source, target)
    (added,) = [f for f in routed(scene) if f.flow_id not in before]
    assert tuple(added.points) == route.points


def test_a_flow_knows_its_bounds_without_building_its_curve(sample) -> None:
    """``set_route`` bounds a flow from its corner points (the curve is built when first painted): the
    arrowhead's bounds worked out in plain numbers are those of the head drawn, and every flow's bounds
    hold its curve, head and count."""
    from intercept_mapper.ui.map.flow_item import arrow_rect, arrowhead, route_path

    flows = [i for i in sample.scene.items() if isinstance(i, FlowItem) and i.isVisible()]
    assert len(flows) > 10
    for item in flows:
        points = item.route_points()
        head = arrowhead(route_path(points)).boundingRect()
        left, top, right, bottom = arrow_rect(points)
        assert (left, top, right, bottom) == pytest.approx(
            (head.left(), head.top(), head.right(), head.bottom()), abs=1e-9), item.item_id
        outline = item.path().controlPointRect().united(head).united(item.label_rect())
        assert item.boundingRect().contains(outline), item.item_id
        assert item.boundingRect() == outline.adjusted(-8, -8, 8, 8), item.item_id
    # Arriving from either side, from above or below, after a short leg, a straight flow, a slant.
    for points in ([(0, 10), (30, 10), (30, 50), (80, 50)], [(200, 10), (170, 10), (170, 60), (120, 60)],
                   [(0, 0), (40, 0), (40, 90)], [(0, 90), (40, 90), (40, 3)],
                   [(0, 5), (3, 5), (3, 9), (9, 9)],
                   [(0, 20), (90, 20)], [(0, 0), (50, 30)]):
        head = arrowhead(route_path(points)).boundingRect()
        assert arrow_rect(points) == pytest.approx(
            (head.left(), head.top(), head.right(), head.bottom()), abs=1e-9), points
