"""Zoomed far out, one item draws every box and flow (``ui/map/far_map.py``): it must paint the pixels the
items paint there, repaint on screen whatever an edit changes, and leave hit tests, selection and the
nearer zooms to the items themselves."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QImage, QTransform, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_map_sketch import varied_workshop

from intercept_mapper.model import Document, Flow
from intercept_mapper.ui.commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand
from intercept_mapper.ui.map import MapScene, MapView, map_view
from intercept_mapper.ui.map.far_map import FarMap, is_far
from intercept_mapper.ui.map.point_item import PointItem

FAR = 0.012  # a 3,000-item map fitted to a window is about 0.008 (below the zoom buttons' floor)


def _far_view(qtbot, points: int = 150):
    document = Document(varied_workshop(points))
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


def test_far_out_clicks_find_the_boxes_and_nearer_the_items_draw_themselves(qtbot) -> None:
    document, _stack, scene, view = _far_view(qtbot)
    target = scene.item_for(document.workshop.points[12].id)
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


def test_far_out_flows_are_drawn_rerouted_at_once_and_their_items_catch_up_at_idle(qtbot) -> None:
    """An edit far out re-routes flows: the far drawing shows the new routes in the same repaint (the
    screen equals a whole repaint before any item took its route), the items take them in the next
    event-loop turns, and a view coming nearer finds every item on its route at once."""
    from intercept_mapper.ui.map.flow_item import FlowItem

    document, stack, scene, view = _far_view(qtbot, points=300)
    ws = document.workshop

    def items_on_their_routes() -> bool:
        routes = scene._router.routes()  # noqa: SLF001 - where the router has them
        flows = [i for i in scene.items() if isinstance(i, FlowItem)]
        return all((tuple(i.route_points()) == routes[i.item_id].points) if i.item_id in routes
                   else not i.isVisible() for i in flows)

    _on_screen(view)
    first = ws.points[3]
    before = {f.id: tuple(scene.item_for(f.id).route_points()) for f in ws.flows}
    stack.push(UpdateItemCommand(document, "points", first.id, {"y": first.y + 3000, "pinned": True}, "Move"))
    pending = dict(scene._pending_routes)  # noqa: SLF001 - what the items have yet to take
    assert pending, "the move re-routed flows, left to the far drawing for now"
    assert all(tuple(scene.item_for(f).route_points()) == before[f] for f in pending)
    shown = view.viewport().grab().toImage()  # drawn now, before any item took its route
    qtbot.waitUntil(lambda: not scene._pending_routes)  # noqa: SLF001
    assert items_on_their_routes()
    assert view.viewport().grab().toImage() == shown
    # Another edit, then nearer at once: every item is on its route before the loop turns.
    stack.undo()
    assert scene._pending_routes  # noqa: SLF001
    view.zoom_reset()
    view.viewport().repaint()  # the view says how far out it is when it paints
    assert not scene.far_zoom() and not scene._pending_routes  # noqa: SLF001
    assert items_on_their_routes()
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
    which brings the view nearer), then far out again: the gap moved to another intercept (the boxes
    under its point move up), the point deleted (its flows lose an end), undo, redo, undo. After each,
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
    point = min(lane, key=lambda p: scene.item_for(p.id).pos().y())  # the boxes below move with its chips
    below = [scene.item_for(p.id) for p in lane if p.id != point.id]
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
    assert all(place.y() - box.pos().y() > 70 for box, place in zip(below, places, strict=True)), (
        "the boxes below the gap's point moved up a pixel or more")
    same_as_a_fresh_whole_drawing("a move to intercept 3")
    scene.select_ids([point.id], ensure_visible=False)
    window.action(wa.ACTION_DELETE).trigger()  # the point: its flows lose an end and are hidden
    same_as_a_fresh_whole_drawing("a delete")
    for action in (wa.ACTION_UNDO, wa.ACTION_REDO, wa.ACTION_UNDO):
        window.action(action).trigger()
        same_as_a_fresh_whole_drawing(action)
