"""A large workshop opened, imported or restored is sketched at once and its items built behind the sketch.

``MapScene`` shows a workshop of ``BUILD_IN_STEPS_FROM_ITEMS`` items or more as one sketch (``map_sketch``)
and builds its boxes, chips and flows a step per event-loop turn. These tests (with the thresholds
lowered, and one piece of work per step) check that the map it ends with is the map built at once,
in places, routes and pixels; that everything users do on the map (a click, a drag, a selection from a
panel, find, the keys, the inline editor and the inspector) works while it is still being built, by
building it there and then; and that an edit before the end builds the map it made.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsView

from intercept_mapper.model import Document, new_workshop
from intercept_mapper.model.simmap_file import save_workshop
from intercept_mapper.ui.commands import UpdateItemCommand
from intercept_mapper.ui.map import MapView, map_scene, map_sketch
from intercept_mapper.ui.map.far_map import FarMap
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem
from intercept_mapper.ui.map.map_scene import MapScene
from intercept_mapper.ui.map.map_sketch import MapSketch
from intercept_mapper.ui.map.point_item import PointItem
from intercept_mapper.ui.window import window_actions as wa
from tests.ui.test_map_sketch import drawn, picture, varied_workshop
from tests.ui.window_helpers import make_window


@pytest.fixture
def in_steps(monkeypatch):  # noqa: ANN001, ANN201
    """Any map is sketched and built in steps, one piece of work (an item, a place, a stack) per step."""
    monkeypatch.setattr(map_sketch, "SKETCH_FROM_ITEMS", 1)
    monkeypatch.setattr(map_scene, "BUILD_IN_STEPS_FROM_ITEMS", 1)
    monkeypatch.setattr(map_scene, "BUILD_STEP_S", 0.0)


def opened(ws, far: bool = False) -> MapScene:  # noqa: ANN001
    """A scene of an empty workshop into which ``ws`` is then opened (the document replaced)."""
    document = Document(new_workshop("samhsa", "Empty"))
    scene = MapScene(document, QUndoStack())
    scene.set_far_zoom(far)
    document.replace(ws.model_copy(deep=True))
    return scene


def at_once(ws, far: bool = False) -> MapScene:  # noqa: ANN001
    scene = MapScene(Document(ws.model_copy(deep=True)), QUndoStack())
    scene.set_far_zoom(far)
    return scene


def run_steps(scene: MapScene, limit: int = 100_000) -> int:
    """Turn the event loop until the items are built; how many turns built something."""
    turns = 0
    while scene.building() and turns < limit:
        QApplication.processEvents()
        turns += 1
    assert not scene.building()
    return turns


def places(scene: MapScene) -> dict[str, object]:
    """Where every box and chip is (and under which box), every flow's route, the lanes' reach."""
    ws = scene.document.workshop
    boxes = {p.id: (scene.item_for(p.id).pos().toTuple(), scene.item_for(p.id).model_xy) for p in ws.points}
    chips = {}
    for finding in ws.findings:
        chip = scene.item_for(finding.id)
        parent = chip.parentItem()
        chips[finding.id] = (chip.pos().toTuple(), getattr(parent, "item_id", None))
    flows = {f.id: (tuple(scene.item_for(f.id).route_points()), scene.item_for(f.id).isVisible())
             for f in ws.flows}
    return {"boxes": boxes, "chips": chips, "flows": flows, "reach": dict(scene._lane_bottom),  # noqa: SLF001
            "lanes_bottom": scene.lanes_bottom(), "extent": scene.sceneRect().getRect(),
            "routes": scene._router.routes()}  # noqa: SLF001 - what later edits re-route from


def test_a_map_built_in_steps_ends_as_the_map_built_at_once(qapp, in_steps) -> None:  # noqa: ANN001
    ws = varied_workshop()
    scene, built = opened(ws), at_once(ws)
    assert scene.is_sketch() and scene.building()
    assert [i for i in scene.items() if isinstance(i, MapSketch)]
    built_signals: list[bool] = []
    scene.sig_items_built.connect(lambda: built_signals.append(True))
    assert run_steps(scene) > 500  # 120 boxes, 240 chips, ~120 flows: a turn each, and more
    assert built_signals == [True]
    assert not scene.is_sketch() and not [i for i in scene.items() if isinstance(i, MapSketch)]
    assert drawn(scene) == drawn(built)
    assert places(scene) == places(built)
    # Every item draws itself (near, nobody else draws them).
    assert all(not (i.flags() & i.GraphicsItemFlag.ItemHasNoContents) for i in scene.items()
               if isinstance(i, PointItem))


def test_far_out_the_map_built_in_steps_paints_the_pixels_of_the_map_built_at_once(qapp, in_steps) -> None:  # noqa: ANN001, E501
    ws = varied_workshop()
    scene, built = opened(ws, far=True), at_once(ws, far=True)
    run_steps(scene)
    # The flow items took their routes (and far lines) in the steps: none is left for idle time.
    assert scene.far_zoom() and not scene._pending_routes  # noqa: SLF001
    assert all(scene.item_for(f.id).routed() for f in ws.flows if scene.item_for(f.id).isVisible())
    assert picture(scene, 0.01) == picture(built, 0.01)
    for _ in range(100):
        QApplication.processEvents()
    assert picture(scene, 0.01) == picture(built, 0.01)
    assert places(scene) == places(built)


def test_a_selection_find_or_an_item_asked_for_builds_the_rest_at_once(qapp, in_steps) -> None:  # noqa: ANN001
    ws = varied_workshop()
    built = at_once(ws)
    point, flow = ws.points[7].id, ws.flows[3].id
    scene = opened(ws)
    for _ in range(20):
        QApplication.processEvents()
    assert scene.building()
    scene.select_ids([point])  # as the outline or the inspector asks
    assert not scene.building() and scene.selected_ids() == [point]
    assert scene.item_for(point).isSelected()
    assert scene.item_rect(point) == built.item_rect(point)
    assert scene.item_for(flow).route_points() == built.item_for(flow).route_points()

    scene = opened(ws, far=True)
    assert scene.building()
    assert scene.find("court") == built.find("court") != []
    assert not scene.building()
    assert scene.item_for(flow).route_points() == built.item_for(flow).route_points()
    # An id the document does not hold (a focus left from the workshop before) waits for nothing.
    scene = opened(ws)
    assert scene.item_for("no-such-id") is None and scene.building()
    scene.dispose()


def test_the_collector_waits_while_the_items_are_built_and_only_then(qapp, in_steps) -> None:  # noqa: ANN001
    """Every item made is kept: the collector's passes over the growing heap would find nothing (they
    took ~1 s of a 30,000-item build, in stalls of up to 0.8 s). It is on again however the build ends."""
    assert gc.isenabled()
    ws = varied_workshop(points=40)
    scene = opened(ws)
    assert scene.building()
    QApplication.processEvents()  # the first step
    assert scene.building() and not gc.isenabled()
    run_steps(scene)
    assert gc.isenabled()
    scene = opened(ws)
    QApplication.processEvents()
    scene.document.replace(new_workshop("samhsa", "Small"))  # built at once, instead
    assert not scene.building() and gc.isenabled()
    scene = opened(ws)
    QApplication.processEvents()
    scene.dispose()
    assert gc.isenabled()
    gc.disable()  # a collector already off (the app's start-up pause) is left off
    try:
        scene = opened(ws)
        run_steps(scene)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_click_and_a_drag_on_the_sketch_act_on_the_boxes(qapp, qtbot, in_steps) -> None:  # noqa: ANN001
    ws = varied_workshop()
    scene = opened(ws)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    layout = next(i for i in scene.items() if isinstance(i, MapSketch)).layout()
    target = next(p for p in ws.points if p.intercept == "2")
    box = layout.boxes[ws.points.index(target)]
    view.centerOn(box.center())
    assert scene.building()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(box.center() - QPointF(20, 0)))
    assert not scene.building() and scene.selected_ids() == [target.id]

    scene = opened(ws)
    view.setScene(scene)
    view.centerOn(box.center())
    stack = scene.undo_stack
    start = view.mapFromScene(box.center() - QPointF(20, 0))
    end = view.mapFromScene(box.center() - QPointF(20, -160))
    assert scene.building()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), start + (end - start) * step / 5)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert stack.count() == 1
    moved = scene.document.get("points", target.id)
    assert moved.pinned and moved.y > target.y + 100


def test_zoomed_in_on_the_sketch_the_items_with_their_titles_are_built_at_once(qapp, qtbot, in_steps) -> None:  # noqa: ANN001, E501
    """The sketch draws no text: a view that shows it near enough for titles has the items built."""
    ws = varied_workshop()
    scene = opened(ws)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.scale(0.05, 0.05)  # far out: the sketch is all that is needed
    view.show()
    qtbot.waitExposed(view)
    for _ in range(3):
        QApplication.processEvents()
    assert scene.building()
    view.resetTransform()  # 100 %: titles
    view.viewport().repaint()
    QApplication.processEvents()
    assert not scene.building() and not scene.is_sketch()
    assert places(scene) == places(at_once(ws))


def test_an_edit_before_the_items_are_built_builds_the_map_it_made(qapp, in_steps) -> None:  # noqa: ANN001
    ws = varied_workshop()
    scene = opened(ws)
    for _ in range(30):
        QApplication.processEvents()
    point = ws.points[4]
    scene.undo_stack.push(UpdateItemCommand(scene.document, "points", point.id,
                                            {"y": point.y + 900, "pinned": True}, "Move"))
    assert not scene.building() and not scene.is_sketch()
    assert places(scene) == places(at_once(scene.document.workshop))
    # Another workshop opened before the first was built: the second's items, nothing of the first.
    other = varied_workshop(points=60, seed=3)
    scene = opened(ws)
    for _ in range(30):
        QApplication.processEvents()
    scene.document.replace(other.model_copy(deep=True))
    run_steps(scene)
    assert places(scene) == places(at_once(other))


def large_file(folder):  # noqa: ANN001, ANN201
    """A workshop file of ~1,000 items (as a file must hold them: no box in the band, no flow to a box
    that is gone)."""
    ws = varied_workshop(points=200)
    band = {p.id for p in ws.points if p.intercept == "X"}
    ws.points = [p for p in ws.points if p.id not in band]
    for finding in ws.findings:
        if finding.point_id in band:
            finding.point_id = None
    ws.flows = [f for f in ws.flows if f.id != "l-gone" and not {f.source, f.target} & band]
    path = folder / "large.simmap"
    save_workshop(ws, path)
    return ws, path


def test_the_window_answers_on_a_map_still_being_built(qtbot, monkeypatch, tmp_path, in_steps) -> None:  # noqa: ANN001, E501
    ws, path = large_file(tmp_path)
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(path)
    scene = window.canvas.scene
    assert scene.building()
    for _ in range(5):
        QApplication.processEvents()
    assert scene.building()
    # The outline is filled, and selecting there selects on the map and fills the inspector.
    point = ws.points[10]
    row = window.outline.item_for(point.id)
    assert row is not None
    window.outline.tree.setCurrentItem(row)  # a click on its row in the outline
    assert not scene.building() and window.canvas.selected_ids() == [point.id]
    assert scene.item_for(point.id).isSelected()
    QApplication.processEvents()
    assert window.inspector.shown_ids() == [point.id]
    # Add a gap under it with the inline editor, as anywhere.
    window.action(wa.ACTION_ADD_GAP).trigger()
    qtbot.keyClicks(window.map_view, "No respite beds")
    qtbot.keyClick(window.map_view, "\r")
    gap = next(g for g in window.document.workshop.gaps() if g.title == "No respite beds")
    assert gap.point_id == point.id
    assert scene.item_for(gap.id).parentItem() is scene.item_for(point.id)


def test_the_keys_move_on_a_map_being_built(qtbot, monkeypatch, tmp_path, in_steps) -> None:  # noqa: ANN001
    _, path = large_file(tmp_path)
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(path)
    scene = window.canvas.scene
    assert scene.building()
    window.map_view.setFocus()
    qtbot.keyClick(window.map_view, Qt.Key.Key_Right)
    assert not scene.building()
    assert len(window.canvas.selected_ids()) == 1


def test_a_large_file_opened_on_start_is_built_behind_its_first_sketch(qtbot, monkeypatch, tmp_path, in_steps) -> None:  # noqa: ANN001, E501
    from intercept_mapper.ui import MainWindow
    from tests.ui.window_helpers import forbid_modal_dialogs

    ws, path = large_file(tmp_path)
    forbid_modal_dialogs(monkeypatch)
    window = MainWindow(opening=path)
    qtbot.addWidget(window)
    scene = window.canvas.scene
    assert scene.is_sketch()
    window.show()
    qtbot.waitUntil(window.is_built)
    assert scene.is_sketch() and scene.building()  # the file is open; its items come behind the sketch
    assert window.session.path == path.absolute()
    qtbot.waitUntil(lambda: not scene.building(), timeout=20_000)
    assert places(scene) == places(at_once(window.document.workshop))


def stacking(scene: MapScene) -> list[str]:
    """Every item as Qt stacks it, topmost first (its id, or its class for lanes, band and legend)."""
    return [getattr(i, "item_id", type(i).__name__) for i in scene.items()]


def test_near_the_map_built_in_steps_stacks_and_paints_as_the_map_built_at_once(qapp, in_steps) -> None:  # noqa: ANN001, E501
    """Its items join the scene at the end of the build, in the order they were made: Qt stacks items of
    one height in the order they joined, so a box pinned on top of another must still cover it."""
    ws = varied_workshop()
    scene, built = opened(ws), at_once(ws)
    run_steps(scene)
    assert stacking(scene) == stacking(built)
    scale = 0.25
    height = round(built.sceneRect().height() * scale)
    assert picture(scene, scale, height) == picture(built, scale, height)


def test_the_items_join_the_scene_where_they_stay_a_slice_at_a_time_each_indexed_at_once(qapp, in_steps, monkeypatch) -> None:  # noqa: ANN001, E501
    """Qt's item index takes in what joined the scene at its next query (or on its own timer, in a turn
    that adds nothing): items made in the scene were all indexed in one turn (30-70 ms at 30,000
    items), and one indexed before it was placed left the index when it moved. So the items are made
    and placed out of the scene and join it placed, routed, a slice at a time, each slice indexed in a
    turn of its own (however long a step may be)."""
    monkeypatch.setattr(map_scene, "ADD_SLICE", 7)
    ws = varied_workshop(points=40)
    scene = opened(ws)
    events: list[object] = []  # ("joined", item, where it and its children are) or "index"
    add_item, items = scene.addItem, scene.items

    def where(item) -> tuple[object, ...]:  # noqa: ANN001
        route = tuple(item.route_points()) if hasattr(item, "route_points") else ()
        return (item.scenePos().toTuple(), route, [c.scenePos().toTuple() for c in item.childItems()])

    monkeypatch.setattr(scene, "addItem", lambda item: (events.append(("joined", item, where(item))),
                                                          add_item(item))[1])
    monkeypatch.setattr(scene, "items", lambda *a: (events.append("index"), items(*a))[1])
    made = [i for i in items() if isinstance(i, PointItem | FindingChip | FlowItem)]
    turns = 0
    while scene.building():
        QApplication.processEvents()
        turns += 1
        if not any(e != "index" for e in events):  # until the slices join, none is in the scene
            made += [i for i in items() if isinstance(i, PointItem | FindingChip | FlowItem)]
    assert not made and turns > 200  # (made, placed and routed a piece per turn: 40 boxes, 80 chips, ...)
    joined = [e for e in events if e != "index"]
    in_scene = [i for i in items() if isinstance(i, PointItem | FindingChip | FlowItem)]
    assert len(in_scene) == len(ws.points) + len(ws.findings) + len(ws.flows)
    top = [i for i in in_scene if i.parentItem() is None]
    # Each top-level item joined once (a box's chips join with it).
    assert sorted(map(id, (item for _, item, _ in joined))) == sorted(map(id, top))
    for _, item, was in joined:
        assert was == where(item)  # placed (and routed) before it joined: it never moved in the index
    assert events[-1] == "index"
    slices = "".join("j" if e != "index" else "|" for e in events).split("|")
    assert max(map(len, slices)) <= 7
    assert places(scene) == places(at_once(ws))
    scene.dispose()
    # With steps as long as they like, the map is made in one turn and each slice joins in a turn of its own.
    monkeypatch.setattr(map_scene, "BUILD_STEP_S", 60.0)
    scene = opened(ws)
    add_item, items = scene.addItem, scene.items
    per_turn: list[list[object]] = []
    monkeypatch.setattr(scene, "addItem", lambda item: (per_turn[-1].append("joined"), add_item(item))[1])
    monkeypatch.setattr(scene, "items", lambda *a: (per_turn[-1].append("index"), items(*a))[1])
    while scene.building():
        per_turn.append([])
        QApplication.processEvents()
    indexed = [turn for turn in per_turn if "index" in turn]
    assert len(indexed) == len(in_scene) // 7 + 1  # slices of 7 made items (chips join with their box)
    assert all(turn.count("index") == 1 and turn[-1] == "index" for turn in indexed)
    assert sum(turn.count("joined") for turn in per_turn) == len(top)
    assert places(scene) == places(at_once(ws))
    scene.dispose()


def test_a_build_step_that_fails_leaves_no_item_out_of_the_scene(qapp, in_steps) -> None:  # noqa: ANN001
    """The items a build holds out of the scene join it when a step raises, and later items are not held."""
    scene = opened(varied_workshop())
    for _ in range(30):
        QApplication.processEvents()
    assert scene.building() and scene._held_back  # noqa: SLF001 - made, not yet in the scene
    steps = scene._builder  # noqa: SLF001

    def failing():  # noqa: ANN202
        yield next(steps)
        raise RuntimeError("a step failed")

    scene._builder = failing()  # noqa: SLF001
    with pytest.raises(RuntimeError, match="a step failed"):
        scene._need_items()  # noqa: SLF001
    made = [*scene._points.values(), *scene._findings.values(), *scene._flows.values()]  # noqa: SLF001
    assert made and all(item.scene() is scene for item in made)
    assert scene._held_back is None  # noqa: SLF001 - an edit's new item goes straight in


FAR = 0.012  # a zoom at which ``FarMap`` draws the boxes and flows (a large map fitted to a window)


def far_view_opening(qtbot, ws, find: str = ""):  # noqa: ANN001, ANN201
    """A shown view zoomed far out onto an empty workshop (with ``find`` typed), into which ``ws`` is
    opened: its items are built in steps behind the sketch, which the view has painted far out."""
    document = Document(new_workshop("samhsa", "Empty"))
    scene = MapScene(document, QUndoStack())
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    view.scale(FAR, FAR)  # (before the map: a sketch seen near builds its items at once)
    view.viewport().repaint()
    if find:
        scene.find(find)
    document.replace(ws.model_copy(deep=True))
    view.viewport().repaint()
    assert scene.building() and scene.is_sketch()
    return scene, view


def entries(far: FarMap) -> dict[str, object]:
    """What ``far`` keeps of every box and flow, its index and its bounds, comparable."""
    boxes = {i: (e[0], e[1].getRect(), *e[2:]) for i, e in far._boxes_drawn.items()}  # noqa: SLF001
    flows = {i: (id(e[0]), e[1], None if e[2] is None else [p.toTuple() for p in e[2]], *e[3:])
             for i, e in far._flows_drawn.items()}  # noqa: SLF001
    index = (dict(far._box_index._spans), dict(far._flow_index._spans))  # noqa: SLF001
    return {"boxes": boxes, "flows": flows, "index": index, "bounds": far.boundingRect().getRect()}


def on_screen(view: MapView) -> QImage:
    """What the window's backing store holds for the viewport (only repainted where Qt was told)."""
    QApplication.processEvents()
    viewport = view.viewport()
    where = QRect(viewport.mapTo(view.window(), QPoint(0, 0)), viewport.size())
    return view.screen().grabWindow(view.window().winId()).toImage().copy(where)


def test_far_out_the_build_makes_what_the_first_paint_draws_and_the_paint_makes_none(  # noqa: ANN001
        qtbot, in_steps, monkeypatch) -> None:
    made_in_paint: list[str] = []
    painting = [False]
    real_box, real_flow, real_paint = FarMap._box_now, FarMap._flow_now, FarMap.paint  # noqa: SLF001

    def box_now(self, point_id, view):  # noqa: ANN001, ANN202
        if painting[0]:
            made_in_paint.append(point_id)
        return real_box(self, point_id, view)

    def flow_now(self, flow_id):  # noqa: ANN001, ANN202
        if painting[0]:
            made_in_paint.append(flow_id)
        return real_flow(self, flow_id)

    def paint(self, *args):  # noqa: ANN001, ANN202
        painting[0] = True
        try:
            real_paint(self, *args)
        finally:
            painting[0] = False

    monkeypatch.setattr(FarMap, "_box_now", box_now)
    monkeypatch.setattr(FarMap, "_flow_now", flow_now)
    monkeypatch.setattr(FarMap, "paint", paint)
    monkeypatch.setattr(map_scene, "PREPARE_SLICE", 7)  # several slices, each in a step
    ws = varied_workshop()
    scene, view = far_view_opening(qtbot, ws, find="point 1")
    prepared = []
    while scene.building():
        QApplication.processEvents()
        if scene._far_ready is not None:  # noqa: SLF001
            prepared.append(len(scene._far_ready._boxes_drawn) + len(scene._far_ready._flows_drawn))  # noqa: SLF001
    assert len(set(prepared)) > 10  # made a slice at a time (120 boxes, ~120 flows, 7 a slice)
    first = on_screen(view)
    assert scene.far_zoom() and made_in_paint  # painted far out
    # The first paint made only the entries of the boxes ``_built`` lit as the find's matches after it took
    # the far drawing (Point 1, 10-19, 100-119): each told to it, none left as the build made it.
    lit = {p.id for p in ws.points if "point 1" in p.title.casefold()}
    assert len(lit) == 31 and set(made_in_paint) == lit
    assert all(scene._far._boxes_drawn[i][2] for i in lit)  # noqa: SLF001
    # What the build made is what a fresh far drawing makes, and the screen is what it paints.
    kept = entries(scene._far)  # noqa: SLF001
    scene._far.forget_drawn()  # noqa: SLF001
    scene._far_bounds()  # noqa: SLF001
    view.viewport().repaint()
    assert entries(scene._far) == kept  # noqa: SLF001
    assert on_screen(view) == first
    colours = {first.pixel(x, y) for x in range(0, first.width(), 2) for y in range(0, first.height(), 2)}
    assert len(colours) > 3  # boxes, flows and highlights, not a blank
    scene.dispose()


def test_an_edit_while_the_far_drawing_is_made_leaves_none_of_it(qtbot, in_steps, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(map_scene, "PREPARE_SLICE", 7)
    ws = varied_workshop()
    scene, view = far_view_opening(qtbot, ws)
    for _ in range(5000):
        if scene._far_ready is not None and len(scene._far_ready._boxes_drawn) >= 30:  # noqa: SLF001
            break
        QApplication.processEvents()
    half_made = scene._far_ready  # noqa: SLF001
    assert scene.building() and half_made is not None  # some of it made
    point = ws.points[4]
    scene.undo_stack.push(UpdateItemCommand(scene.document, "points", point.id,
                                            {"y": point.y + 900, "pinned": True}, "Move"))
    assert not scene.building() and scene._far_ready is None  # noqa: SLF001 - built whole, anew
    shown = on_screen(view)
    assert scene.far_zoom() and scene._far is not half_made  # noqa: SLF001 - made for the old items
    scene._far.forget_drawn()  # noqa: SLF001
    view.viewport().repaint()
    assert on_screen(view) == shown
    assert places(scene) == places(at_once(scene.document.workshop))
    scene.dispose()
