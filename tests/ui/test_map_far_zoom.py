"""Zoomed far out, one item draws every box and flow (``ui/map/far_map.py``): it must paint the pixels the
items paint there, repaint on screen whatever an edit changes, and leave hit tests, selection and the
nearer zooms to the items themselves."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QImage, QTransform, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_map_sketch import varied_workshop

from intercept_mapper.model import Document, Finding, Flow
from intercept_mapper.ui.commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand
from intercept_mapper.ui.map import MapScene, MapView, map_view
from intercept_mapper.ui.map.far_map import FarMap, is_far
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem, route_rect
from intercept_mapper.ui.map.map_scene import ROUTE_REACH
from intercept_mapper.ui.map.point_item import PointItem

FAR = 0.012  # a 3,000-item map fitted to a window is about 0.008 (below the zoom buttons' floor)


def _far_view(qtbot, points: int = 150, workshop=None, flows: bool = True):  # noqa: ANN001 - a Workshop
    ws = workshop if workshop is not None else varied_workshop(points)
    if not flows:
        ws.flows.clear()
    document = Document(ws)
    stack = QUndoStack()
    scene = MapScene(document, stack)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    view.scale(FAR, FAR)  # past the zoom buttons' floor: as fit-to-window shows a map of thousands
    view.centerOn(scene.sceneRect().center())
    QApplication.processEvents()
    view.viewport().repaint()
    assert is_far(view.zoom_factor()) and scene.far_zoom()
    return document, stack, scene, view


def _on_screen(view: MapView) -> QImage:
    """What the window's backing store holds for the viewport (only repainted where Qt was told)."""
    QApplication.processEvents()
    viewport = view.viewport()
    where = QRect(viewport.mapTo(view.window(), QPoint(0, 0)), viewport.size())
    return view.screen().grabWindow(view.window().winId()).toImage().copy(where)


def _whole_repaint(view: MapView) -> QImage:
    view.viewport().repaint()
    return _on_screen(view)


def test_far_out_the_one_item_paints_the_pixels_the_items_paint(qtbot, monkeypatch) -> None:
    document, _stack, scene, view = _far_view(qtbot)
    ws = document.workshop
    backward = next(f.id for f in ws.flows if scene.item_for(f.id).backward)
    scene.select_ids([ws.points[3].id, ws.flows[2].id, backward], ensure_visible=False)
    assert scene.find("Point 1")  # boxes highlighted as find matches
    far = view.viewport().grab().toImage()
    assert any(isinstance(i, FarMap) for i in scene.items())
    monkeypatch.setattr(map_view, "is_far", lambda _zoom: False)
    view.viewport().repaint()
    assert not scene.far_zoom() and not any(isinstance(i, FarMap) for i in scene.items())
    per_item = view.viewport().grab().toImage()
    assert far == per_item
    colours = {far.pixel(x, y) for x in range(0, far.width(), 2) for y in range(0, far.height(), 2)}
    assert len(colours) > 4  # boxes, flows, selection and highlights were drawn, not a blank
    scene.dispose()


def test_edits_far_out_repaint_on_screen_what_they_change(qtbot) -> None:
    document, stack, scene, view = _far_view(qtbot)
    ws = document.workshop
    _on_screen(view)
    box = scene.item_for(ws.points[10].id)

    def same_as_whole_repaint() -> None:
        # What the edit repainted, against a whole repaint that keeps nothing from earlier paints.
        shown = _on_screen(view)
        scene._far.forget_drawn()  # noqa: SLF001
        assert shown == _whole_repaint(view)

    # A drag (the box moves on screen, its flows follow), a move by command, a delete and its undo.
    box.setPos(box.pos() + QPointF(300, 2600))
    scene.commit_drag()
    same_as_whole_repaint()
    point = ws.points[20]
    stack.push(UpdateItemCommand(document, "points", point.id, {"y": point.y + 5000, "pinned": True}, "Move"))
    same_as_whole_repaint()
    stack.push(DeleteItemsCommand(document, [ws.points[30].id], "Delete"))
    same_as_whole_repaint()
    stack.undo()
    same_as_whole_repaint()
    # A new flow, a selection (box and flow) and a find highlight, then none.
    flow = Flow(id="far-new", source=ws.points[0].id, target=ws.points[40].id)
    stack.push(InsertItemsCommand(document, [("flows", flow)], "Add flow"))
    same_as_whole_repaint()
    scene.select_ids([ws.points[5].id, "far-new"], ensure_visible=False)
    same_as_whole_repaint()
    scene.find("Point 7")
    same_as_whole_repaint()
    scene.select_ids([], ensure_visible=False)
    scene.find("")
    same_as_whole_repaint()
    scene.dispose()


def test_far_out_a_chip_added_at_a_lanes_top_repaints_every_box_it_pushes_down(qtbot, monkeypatch) -> None:
    # The boxes a lane's tidy pushes down are told to the far drawing as one group (``FarGroup``): each
    # must be drawn anew at its new place and its old place cleared, as a whole fresh drawing shows.
    document, stack, scene, view = _far_view(qtbot, flows=False)  # (no re-routed flow repaints there too)
    ws = document.workshop
    lane = ws.points[0].intercept
    boxes = sorted((scene.item_for(p.id) for p in ws.points if p.intercept == lane),
                   key=lambda item: item.pos().y())
    top, below = boxes[0], boxes[1:]
    before = {item.item_id: item.pos().y() for item in below}
    _on_screen(view)
    touched = []
    touch_box = FarMap.touch_box
    monkeypatch.setattr(FarMap, "touch_box", lambda far, point_id, rect: (
        touched.append(point_id), touch_box(far, point_id, rect)))
    gaps = [("findings", Finding(id=f"far-gap{n}", kind="gap", title="A gap that makes the block taller " * 3,
                                 intercept=lane, point_id=top.item_id)) for n in range(12)]
    stack.push(InsertItemsCommand(document, gaps, "Add gaps"))
    pushed = [item.item_id for item in below if item.pos().y() != before[item.item_id]]
    assert len(pushed) >= 5  # a real push: many boxes of the lane moved down
    assert set(pushed) <= set(touched)  # each box moved is drawn anew
    shown = _on_screen(view)
    scene._far.forget_drawn()  # noqa: SLF001
    assert shown == _whole_repaint(view)
    stack.undo()  # and back up
    shown = _on_screen(view)
    scene._far.forget_drawn()  # noqa: SLF001
    assert shown == _whole_repaint(view)
    assert {item.item_id: item.pos().y() for item in below} == before
    scene.dispose()


def test_far_out_clicks_find_the_boxes_and_nearer_the_items_draw_themselves(qtbot) -> None:
    document, _stack, scene, view = _far_view(qtbot)

    def under_its_pixel(item: PointItem) -> list:
        # What a click on the pixel of the box's centre meets (Qt looks under the whole pixel, ~80 units
        # square this far out).
        pixel = QRect(view.mapFromScene(item.sceneBoundingRect().center()), QSize(1, 1))
        return [i for i in scene.items(view.mapToScene(pixel))
                if isinstance(i, PointItem | FindingChip | FlowItem)]

    # A box from the 13th on whose centre's pixel meets no neighbour a row gap below or above it.
    target = next(item for item in (scene.item_for(p.id) for p in document.workshop.points[12:])
                  if under_its_pixel(item) == [item])
    centre = target.sceneBoundingRect().center()
    hits = scene.items(centre)
    assert target in hits and not any(isinstance(i, FarMap) for i in hits)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(centre))
    assert scene.selected_ids() == [target.item_id]
    view.zoom_reset()
    view.viewport().repaint()
    assert not scene.far_zoom()
    assert all(not (i.flags() & i.GraphicsItemFlag.ItemHasNoContents)
               for i in scene.items() if isinstance(i, PointItem))
    scene.dispose()


def test_far_out_flows_are_drawn_rerouted_at_once_and_their_items_take_them_when_needed(qtbot) -> None:
    """An edit far out re-routes flows: the far drawing shows the new routes in the same repaint (the
    screen equals a whole repaint while no item took its route) and the items wait, however many turns
    of the event loop pass, until something needs them: ``item_for``, a press over the old or new place
    (only those flows), a rubber band (all), a view coming nearer (all, before it paints)."""
    from intercept_mapper.ui.map.flow_item import FlowItem

    document, stack, scene, view = _far_view(qtbot, points=300)
    ws = document.workshop
    routes = scene._router.routes  # noqa: SLF001 - where the router has them

    def on_its_route(item: FlowItem) -> bool:
        route = routes().get(item.item_id)
        return tuple(item.route_points()) == route.points if route is not None else not item.isVisible()

    def items_on_their_routes() -> bool:
        return all(on_its_route(i) for i in scene.items() if isinstance(i, FlowItem))

    _on_screen(view)
    first = ws.points[3]
    items = {f.id: scene.item_for(f.id) for f in ws.flows}
    before = {f: tuple(item.route_points()) for f, item in items.items()}
    stack.push(UpdateItemCommand(document, "points", first.id, {"y": first.y + 3000, "pinned": True}, "Move"))
    pending = dict(scene._pending_routes)  # noqa: SLF001 - what the items have yet to take
    assert len(pending) > 10, "the move re-routed flows, left to the far drawing for now"
    assert all(tuple(items[f].route_points()) == before[f] != routes()[f].points
               for f in pending if routes().get(f) is not None)
    shown = _on_screen(view)  # drawn now, before any item took its route
    for _ in range(5):
        QApplication.processEvents()
    assert scene._pending_routes == pending, "no item takes its route at idle"  # noqa: SLF001
    assert _whole_repaint(view) == shown
    # Asked for: that item alone takes its route.
    asked = next(iter(pending))
    assert on_its_route(scene.item_for(asked)) and asked not in scene._pending_routes  # noqa: SLF001
    # A press: the flows whose old or new place is under it take theirs, the others wait.
    flow_id = next(f for f in pending if f != asked and pending[f] is not None)
    x, y = pending[flow_id].label_at
    press = view.mapFromScene(QPointF(x, y))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press)
    at = view.mapToScene(press)
    under = {f for f in pending if f != asked and (
        items[f].sceneBoundingRect().contains(at) or (pending[f] is not None and route_rect(pending[f])
                                                     .adjusted(-30, -30, 30, 30).contains(at)))}
    assert flow_id in under
    waiting = set(scene._pending_routes)  # noqa: SLF001
    assert all(on_its_route(items[f]) for f in set(pending) - waiting)
    assert waiting and len(waiting) < len(pending) - 1
    assert _whole_repaint(view) == _on_screen(view)
    # A rubber band from an empty corner of the map: every item takes its route before it selects.
    corner = view.mapFromScene(scene.sceneRect().topLeft() + QPointF(5, 5))
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corner)
    QTest.mouseMove(viewport, corner + QPoint(200, 300))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       corner + QPoint(200, 300))
    assert not scene._pending_routes and items_on_their_routes()  # noqa: SLF001
    # Another edit, then nearer at once: every item is on its route before the loop turns.
    stack.undo()
    assert scene._pending_routes  # noqa: SLF001
    view.zoom_reset()
    view.viewport().repaint()  # the view says how far out it is when it paints
    assert not scene.far_zoom() and not scene._pending_routes  # noqa: SLF001
    assert items_on_their_routes()
    scene.dispose()


def test_far_out_a_deleted_flow_whose_item_waits_for_its_route_leaves_no_line_behind(qtbot) -> None:
    """A flow re-routed far out is drawn along its new route while its item waits; deleted then, that
    line is repainted away (not only the item's old place), and its undo draws it again."""
    document, stack, scene, view = _far_view(qtbot, points=300)
    ws = document.workshop
    _on_screen(view)
    first = ws.points[3]
    stack.push(UpdateItemCommand(document, "points", first.id, {"y": first.y + 3000, "pinned": True}, "Move"))
    pending = scene._pending_routes  # noqa: SLF001
    flow_id = next(f for f, route in pending.items() if route is not None)
    stack.push(DeleteItemsCommand(document, [flow_id], "Delete"))
    assert flow_id not in pending
    assert _on_screen(view) == _whole_repaint(view)
    stack.undo()
    assert _on_screen(view) == _whole_repaint(view)
    assert tuple(scene.item_for(flow_id).route_points()) == scene._router.routes()[flow_id].points  # noqa: SLF001
    scene.dispose()


def test_far_out_a_small_exposed_area_paints_what_a_whole_repaint_does(qtbot, monkeypatch) -> None:
    """A small exposed area draws only the boxes and flows whose kept places reach it: tile by tile over
    a viewport first painted without them, it must put back every box, flow, selection and highlight a
    whole repaint draws, pending re-routes included."""
    document, stack, scene, view = _far_view(qtbot, points=300)
    ws = document.workshop
    backward = next(f.id for f in ws.flows if scene.item_for(f.id).backward)
    scene.select_ids([ws.points[3].id, ws.flows[2].id, backward], ensure_visible=False)
    scene.find("Point 1")
    monkeypatch.setattr(MapScene, "settle_flows", lambda _self, _limit=None: None)  # routes stay pending
    point = ws.points[4]
    stack.push(UpdateItemCommand(document, "points", point.id, {"y": point.y + 3000, "pinned": True}, "Move"))
    assert scene._pending_routes, "flows re-routed and not yet taken by their items"  # noqa: SLF001
    whole = _whole_repaint(view)
    far = scene._far  # noqa: SLF001
    drawn = far._points, far._flows, far._pending  # noqa: SLF001
    far._points, far._flows, far._pending = {}, {}, {}  # noqa: SLF001 - a viewport without them
    blank = _whole_repaint(view)
    assert blank != whole
    far._points, far._flows, far._pending = drawn  # noqa: SLF001
    partial: list[bool] = []
    paint_boxes = FarMap._paint_boxes  # noqa: SLF001

    def noted(self, painter, everything, *sides):  # noqa: ANN001, ANN002, ANN202
        partial.append(not everything)
        return paint_boxes(self, painter, everything, *sides)

    monkeypatch.setattr(FarMap, "_paint_boxes", noted)
    viewport = view.viewport()
    step = 13  # tiles that cut through boxes and flows at odd places
    for x in range(0, viewport.width(), step):
        for y in range(0, viewport.height(), step):
            viewport.repaint(QRect(x, y, step, step))
    assert len(partial) > 100 and all(partial), "each tile drew the part of the map it shows"
    assert _on_screen(view) == whole
    scene.dispose()


def test_in_the_window_far_out_each_edit_shows_what_a_fresh_whole_drawing_shows(qtbot, monkeypatch) -> None:
    """The real window, its map zoomed far out: a gap added under a point (typed in the inline editor,
    which brings the view nearer), then far out again: the gap moved to another intercept (a box under
    its point moves up), the point deleted (its flows lose an end), undo, redo, undo. After each,
    the map on screen equals a whole repaint of a far drawing that keeps nothing from earlier paints
    (what it keeps of each box and flow is what an edit could leave stale)."""
    from window_helpers import make_window

    from intercept_mapper.resources import SAMPLE_WORKSHOP
    from intercept_mapper.ui.window import window_actions as wa

    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    view, scene = window.map_view, window.canvas.scene
    # A fixed area to scroll over: the view's transform stays as the map grows and shrinks, so what
    # the far drawing keeps of each box is not dropped by a new transform between edits.
    area = scene.sceneRect()
    view.setSceneRect(area.adjusted(-area.width(), -area.height(), area.width(), area.height()))

    def far_out() -> None:
        zoom = 0.0145  # as far as the far drawing goes: a box moved by a chip's height moves a pixel
        for _ in range(3):  # what an edit left for later (the editor's lane brought into view) first
            QApplication.processEvents()
        view.setTransform(QTransform.fromScale(zoom, zoom))
        view.centerOn(area.center())
        QApplication.processEvents()
        view.viewport().repaint()
        assert scene.far_zoom()

    def same_as_a_fresh_whole_drawing(step: str) -> None:
        assert scene.far_zoom(), step
        shown = _on_screen(view)
        scene._far.forget_drawn()  # noqa: SLF001
        assert shown == _whole_repaint(view), f"after {step}: the screen differs from a fresh whole drawing"

    ws = window.document.workshop
    lane = [p for p in ws.points if p.intercept == ws.points[0].intercept]
    point = min(lane, key=lambda p: scene.item_for(p.id).pos().y())  # the box below moves with its chips
    below = [scene.item_for(p.id) for p in lane if p.id != point.id]
    # A resource already fills the room under the point's block: the gap then pushes the next box down.
    window.document.insert("findings", Finding(id="fd-room", kind="resource", intercept=point.intercept,
                                               title="Fills the room", point_id=point.id))
    far_out()
    window.canvas.select_ids([point.id])
    window.action(wa.ACTION_ADD_GAP).trigger()
    assert window.canvas.fast_entry.editor() is not None
    QTest.keyClicks(view, "Gap said far out: " + "the words the room said about it, " * 12)
    QTest.keyClick(view, Qt.Key.Key_Return)
    gap = next(f for f in window.document.workshop.findings if f.title.startswith("Gap said far out"))
    far_out()
    _on_screen(view)
    places = [box.pos() for box in below]
    scene.select_ids([gap.id], ensure_visible=False)  # the view stays where it is
    same_as_a_fresh_whole_drawing("a selection")
    window.action(wa.move_action_name("3")).trigger()
    # The gap's many lines had pushed the next box down past its room: it moves up a pixel or more.
    assert any(place.y() - box.pos().y() > 70 for box, place in zip(below, places, strict=True)), (
        "a box below the gap's point moved up a pixel or more")
    same_as_a_fresh_whole_drawing("a move to intercept 3")
    scene.select_ids([point.id], ensure_visible=False)
    window.action(wa.ACTION_DELETE).trigger()  # the point: its flows lose an end and are hidden
    same_as_a_fresh_whole_drawing("a delete")
    for action in (wa.ACTION_UNDO, wa.ACTION_REDO, wa.ACTION_UNDO):
        window.action(action).trigger()
        same_as_a_fresh_whole_drawing(action)


def test_the_kept_lines_and_rectangles_of_routes_are_those_of_each_route_however_many_come_and_go(
        monkeypatch) -> None:
    """The far drawing's line and rectangle of a route are kept for the route object (by its id): a
    route made after another was dropped (which may take its id) gets its own, also once the kept ones
    were forgotten at the limit; a list of points is never kept (it may change)."""
    import random

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPolygonF

    from intercept_mapper.model.flow_routing import Route
    from intercept_mapper.ui.map import flow_item

    monkeypatch.setattr(flow_item, "_KEPT_LIMIT", 7)
    rng = random.Random(18)
    for n in range(200):
        x, y = rng.uniform(0, 5000), rng.uniform(0, 5000)
        points = ((x, y), (x + 30, y), (x + 30, y + rng.uniform(-900, 900)), (x + 90 + n, y + n))
        route = Route(points, points[1], n % 2 == 0)
        xs, ys = zip(*points)  # noqa: B905 - pairs
        left, top, right, bottom = flow_item.arrow_rect(points)
        left, top = min(left, *xs), min(top, *ys)
        wanted = QRectF(left - 8, top - 8, max(right, *xs) - left + 16, max(bottom, *ys) - top + 16)
        line = QPolygonF([QPointF(px, py) for px, py in flow_item._corner_points(points)])  # noqa: SLF001
        for _ in range(2):  # made, then kept
            assert flow_item.route_rect(route) == wanted
            assert flow_item.corner_line(route.points) == line
        del route, points  # its id is free again for the next
    listed = [(0.0, 0.0), (50.0, 0.0), (50.0, 90.0)]
    first = flow_item.corner_line(listed)
    listed[2] = (50.0, 400.0)
    assert flow_item.corner_line(listed) != first
    # The scene keeps only the routes still drawn from (``keep_only``, ``forget``): theirs stay.
    monkeypatch.setattr(flow_item, "_KEPT_LIMIT", 1000)
    routes = [Route(((0.0, n), (40.0, n), (40.0, n + 90.0)), (40.0, n), False) for n in map(float, range(50))]
    kept = [(flow_item.route_rect(r), flow_item.corner_line(r.points)) for r in routes]
    assert flow_item.kept_count() >= 50
    flow_item.keep_only([routes[3], None, routes[7]])
    assert flow_item.kept_count() == 2
    assert flow_item.route_rect(routes[3]) is kept[3][0]
    assert flow_item.corner_line(routes[7].points) is kept[7][1]
    flow_item.forget(routes[3])  # no longer drawn from: gone, the other stays
    flow_item.forget(None)
    assert flow_item.kept_count() == 1 and flow_item.route_rect(routes[7]) is kept[7][0]


def test_far_out_a_small_repaint_looks_only_at_the_boxes_and_flows_near_it(qtbot, monkeypatch) -> None:
    """The far drawing finds the boxes and flows of a partial repaint by height (``height_index``): a
    tile of the viewport looks at a few of them, not every one, after edits that move boxes, re-route
    flows and delete and bring back a box and a flow (each of which goes to the end of the scene's
    order: drawn there, as a whole repaint draws it); the tiles together still draw what a whole
    repaint draws."""
    from intercept_mapper.ui.map import height_index

    monkeypatch.setattr(FarMap, "index_band", 1024.0)  # this map is ~30,000 units tall: 30 bands
    document, stack, scene, view = _far_view(qtbot, points=300)
    ws = document.workshop
    _on_screen(view)
    viewport = view.viewport()
    middle = view.mapFromScene(scene.sceneRect().center())
    viewport.repaint(QRect(middle.x() - 20, middle.y() - 20, 40, 40))  # partial: the order is made
    far = scene._far  # noqa: SLF001
    assert far._flow_order is not None and far._box_order is not None  # noqa: SLF001
    point = ws.points[4]
    stack.push(UpdateItemCommand(document, "points", point.id, {"y": point.y + 3000, "pinned": True}, "Move"))
    flow_id, box_id = ws.flows[5].id, ws.points[40].id
    stack.push(DeleteItemsCommand(document, [flow_id, box_id], "Delete"))
    stack.undo()  # (no paint between: the far drawing learns both came back at the end)
    scene.select_ids([flow_id, box_id], ensure_visible=False)
    whole = _whole_repaint(view)
    found: dict[str, list[int]] = {"flows": [], "boxes": []}
    among = height_index.HeightIndex.among

    def noted(self, top, bottom):  # noqa: ANN001, ANN202
        ids = among(self, top, bottom)
        found["flows" if self is far._flow_index else "boxes"].append(len(ids))  # noqa: SLF001
        return ids

    monkeypatch.setattr(height_index.HeightIndex, "among", noted)
    stack.push(UpdateItemCommand(document, "points", point.id, {"y": point.y + 9000}, "Move"))
    stack.undo()
    step = 40
    for x in range(0, viewport.width(), step):
        for y in range(0, viewport.height(), step):
            viewport.repaint(QRect(x, y, step, step))
    assert _on_screen(view) == whole
    # (This map's flows run long: a tile 4 bands tall meets ~40 % of them, ~15 % of the boxes.)
    for kind, there_are in (("flows", len(scene._flows)), ("boxes", len(scene._points))):  # noqa: SLF001
        looked_at = found[kind]
        assert len(looked_at) > 10 and max(looked_at) < there_are, kind
        assert sum(looked_at) / len(looked_at) < there_are / 2, kind
    # The order the tiles drew in is the scene's (the two that came back drawn last, as it draws them).
    assert list(far._flow_order) == list(scene._flows)  # noqa: SLF001
    assert list(far._box_order) == list(scene._points)  # noqa: SLF001
    assert list(scene._flows)[-1] == flow_id and list(scene._points)[-1] == box_id  # noqa: SLF001
    scene.dispose()


def test_far_out_the_first_edit_near_the_left_edge_leaves_the_far_drawings_bounds_as_they_are(qtbot) -> None:
    """The first edit after the view went far out re-routes flows along the map's left edge; what it
    touches (a route's extent with ``ROUTE_REACH`` around it) lies inside the far drawing's bounds, so
    they do not grow: Qt repaints the whole of an item whose bounding rect changes (at 30,000 items the
    first add's repaint was then ~85 ms CPU against ~62 for the next ones). Flows without counts, as on
    the benches' maps: no count label widens an item's bounds beyond its route."""
    workshop = varied_workshop(300)
    for flow in workshop.flows:
        flow.yearly_count = None
    document, stack, scene, view = _far_view(qtbot, workshop=workshop)
    ws = document.workshop
    _on_screen(view)
    far = scene._far  # noqa: SLF001
    bounds = far.boundingRect()
    lane = sorted((p for p in ws.points if p.intercept == ws.points[0].intercept),
                  key=lambda p: scene.item_for(p.id).pos().y())
    # The boxes below it are pushed down, their flows re-routed: by more gaps than the room under a
    # box holds, so the push goes on down the lane.
    under = lane[len(lane) * 4 // 5]
    gaps = [Finding(id=f"far-gap{n}", kind="gap", intercept=under.intercept, title="Said far out",
                    point_id=under.id) for n in range(8)]
    stack.push(InsertItemsCommand(document, [("findings", gap) for gap in gaps], "Add gaps"))
    assert scene._pending_routes  # noqa: SLF001 - flows re-routed
    left = min(x for route in scene._pending_routes.values() if route is not None  # noqa: SLF001
               for x, _y in route.points)
    assert left - ROUTE_REACH < scene.sceneRect().left(), "a re-routed flow runs along the map's left edge"
    assert far.boundingRect() == bounds
    assert _on_screen(view) == _whole_repaint(view)
    scene.dispose()
