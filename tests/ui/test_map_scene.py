"""The map scene follows the document (insert, remove, update, reset, undo, redo) and turns gestures
into single undo commands: a drag snaps into a lane, a drawn flow joins two points."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.model.map_geometry import (
    GROWTH_ROOM,
    LANE_WIDTH,
    POINT_HEIGHT,
    POINT_WIDTH,
    lane_point_x,
)
from intercept_mapper.ui.commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand
from intercept_mapper.ui.map import DARK, MapScene, MapView
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem
from intercept_mapper.ui.map.point_item import PointItem


def small_workshop():
    """Crisis line -> 911 dispatch -> Arrest, a resource and a gap, a cross-intercept gap."""
    ws = new_workshop("samhsa", "Test county")
    ws.points = [
        DecisionPoint(id="pt-crisis", intercept="0", title="Crisis line / 988",
                      organisation="Riverbend Behavioral Health", x=30, y=130),
        DecisionPoint(id="pt-911", intercept="1", title="911 dispatch", x=370, y=130),
        DecisionPoint(id="pt-arrest", intercept="2", title="Arrest", description="Custodial arrest"),
    ]
    ws.flows = [
        Flow(id="fl-a", source="pt-crisis", target="pt-911", yearly_count=1200),
        Flow(id="fl-b", source="pt-911", target="pt-arrest"),
    ]
    ws.findings = [
        Finding(id="fd-res", kind="resource", intercept="0", title="988 answered locally",
                point_id="pt-crisis"),
        Finding(id="fd-gap", kind="gap", intercept="1", title="No 911 to 988 transfer", point_id="pt-911"),
        Finding(id="fd-x", kind="gap", intercept="X", title="No shared data"),
        Finding(id="fd-loose", kind="resource", intercept="2", title="Bail fund"),
    ]
    return ws


@pytest.fixture
def mapped(qtbot):
    document = Document(small_workshop())
    stack = QUndoStack()
    scene = MapScene(document, stack)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.zoom_reset()
    yield SimpleNamespace(doc=document, stack=stack, scene=scene, view=view)
    scene.dispose()


def scene_ids(scene: MapScene) -> dict[str, set[str]]:
    """Ids shown on the scene, by kind of item."""
    found: dict[str, set[str]] = {"points": set(), "findings": set(), "flows": set()}
    for item in scene.items():
        if isinstance(item, PointItem):
            found["points"].add(item.item_id)
        elif isinstance(item, FindingChip):
            found["findings"].add(item.item_id)
        elif isinstance(item, FlowItem) and item.isVisible():
            found["flows"].add(item.item_id)
    return found


def doc_ids(doc: Document) -> dict[str, set[str]]:
    """Ids in the document, by collection."""
    return {c: {i.id for i in doc.items(c)} for c in ("points", "findings", "flows")}


def assert_in_step(m) -> None:
    """Scene items match the document, titles included, and chips sit under their point."""
    assert scene_ids(m.scene) == doc_ids(m.doc)
    for point in m.doc.items("points"):
        assert m.scene.item_for(point.id).title == point.title
    for finding in m.doc.items("findings"):
        chip = m.scene.item_for(finding.id)
        assert chip.title == finding.title
        if finding.point_id is not None and m.doc.get("points", finding.point_id) is not None:
            assert chip.parentItem() is m.scene.item_for(finding.point_id)
            assert m.scene.item_rect(finding.id).top() >= m.scene.item_rect(finding.point_id).bottom()


def test_scene_shows_every_item_of_the_document(mapped):
    assert_in_step(mapped)
    # Points sit in their lanes; an unplaced point (0, 0) is placed in its lane, below the header.
    arrest = mapped.scene.item_rect("pt-arrest")
    assert arrest.left() == lane_point_x(2)
    assert arrest.top() >= 110
    # Cross-intercept items are in the band below every lane.
    band = mapped.scene.intercept_rect("X")
    assert band.top() > mapped.scene.intercept_rect("0").bottom()
    assert band.contains(mapped.scene.item_rect("fd-x"))
    # A resource with no point is listed at the bottom of its lane.
    loose = mapped.scene.item_rect("fd-loose")
    assert mapped.scene.intercept_rect("2").contains(loose)
    assert loose.top() > arrest.bottom()


def test_insert_update_remove_and_undo_redo_keep_items_in_step(mapped):
    doc, stack = mapped.doc, mapped.stack
    point = DecisionPoint(id="pt-new", intercept="3", title="County jail", x=710, y=300)
    gap = Finding(id="fd-new", kind="gap", intercept="3", title="No MOUD", point_id="pt-new")
    flow = Flow(id="fl-new", source="pt-arrest", target="pt-new")
    stack.push(InsertItemsCommand(doc, [("points", point), ("findings", gap), ("flows", flow)], "Add"))
    assert_in_step(mapped)
    stack.push(UpdateItemCommand(doc, "points", "pt-new", {"title": "Riverbend jail"}, "Rename"))
    assert mapped.scene.item_for("pt-new").title == "Riverbend jail"
    stack.push(DeleteItemsCommand(doc, ["pt-911"], "Delete"))
    assert_in_step(mapped)
    assert "fl-a" not in scene_ids(mapped.scene)["flows"]
    # The gap of the deleted point stays, listed loose at the bottom of its lane.
    assert mapped.scene.item_for("fd-gap").parentItem() is None
    for _ in range(3):
        stack.undo()
        assert_in_step(mapped)
    assert scene_ids(mapped.scene) == doc_ids(Document(small_workshop()))
    assert mapped.scene.item_for("fd-gap").parentItem() is mapped.scene.item_for("pt-911")
    for _ in range(3):
        stack.redo()
        assert_in_step(mapped)


def test_reset_rebuilds_from_the_new_workshop(mapped):
    other = new_workshop("five-intercept")
    other.points = [DecisionPoint(id="pt-only", intercept="1", title="Patrol")]
    mapped.doc.replace(other)
    assert_in_step(mapped)
    assert mapped.scene.intercept_rect("0").isEmpty()  # five-intercept maps start at 1
    assert mapped.scene.item_rect("pt-only").left() == lane_point_x(0)


def test_drag_to_another_lane_is_one_step_that_snaps_and_pins(mapped):
    scene, stack, view = mapped.scene, mapped.stack, mapped.view
    before = stack.count()
    box = scene.item_rect("pt-crisis")
    start = view.mapFromScene(box.center())
    # Drop roughly in lane 2, off-centre: the box snaps to the middle of that lane.
    end = view.mapFromScene(QPointF(2 * LANE_WIDTH + 60, box.center().y() + 150))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), start + (end - start) * step / 5)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert stack.count() == before + 1
    point = mapped.doc.get("points", "pt-crisis")
    assert (point.intercept, point.x, point.pinned) == ("2", lane_point_x(2), True)
    assert scene.item_rect("pt-crisis").left() == lane_point_x(2)
    # Its chip and its flows followed.
    assert scene.item_rect("fd-res").left() == lane_point_x(2)
    stack.undo()
    point = mapped.doc.get("points", "pt-crisis")
    assert (point.intercept, point.x, point.y, point.pinned) == ("0", 30, 130, False)
    assert scene.item_rect("pt-crisis").left() == lane_point_x(0)


def test_drag_through_the_item_api_and_a_click_without_move(mapped):
    scene, stack = mapped.scene, mapped.stack
    item = scene.item_for("pt-911")
    item.setPos(item.pos() + QPointF(15, 200))
    assert scene.commit_drag()
    point = mapped.doc.get("points", "pt-911")
    assert (point.intercept, point.x, point.y) == ("1", lane_point_x(1), 330)
    assert not scene.commit_drag()  # nothing moved since: no command
    assert stack.count() == 1


def test_drawing_a_flow_from_the_handle_and_with_shift(mapped):
    scene, view, doc = mapped.scene, mapped.view, mapped.doc
    crisis, arrest = scene.item_rect("pt-crisis"), scene.item_rect("pt-arrest")
    handle = view.mapFromScene(QPointF(crisis.right() - 5, crisis.center().y()))
    target = view.mapFromScene(arrest.center())

    def drag(start: QPoint, end: QPoint, mods=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, mods, start)
        QTest.mouseMove(view.viewport(), (start + end) / 2)
        QTest.mouseMove(view.viewport(), end)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, mods, end)

    drag(handle, target)
    flows = [(f.source, f.target) for f in doc.items("flows")]
    assert ("pt-crisis", "pt-arrest") in flows
    assert mapped.stack.count() == 1
    drag(handle, target)  # a duplicate is refused
    drag(handle, view.mapFromScene(crisis.center()))  # so is a self-loop
    assert mapped.stack.count() == 1
    assert doc.get("points", "pt-crisis").x == 30  # drawing a flow did not move the box
    # Shift+drag from anywhere on a box draws a flow too (backwards: arrest -> crisis line).
    drag(target, view.mapFromScene(crisis.center()), Qt.KeyboardModifier.ShiftModifier)
    assert ("pt-arrest", "pt-crisis") in [(f.source, f.target) for f in doc.items("flows")]
    assert_in_step(mapped)


def test_find_highlights_titles_descriptions_and_organisations(mapped):
    scene = mapped.scene
    assert set(scene.find("RIVERBEND")) == {"pt-crisis"}  # organisation, any case
    assert scene.item_for("pt-crisis").highlighted
    assert set(scene.find("custodial")) == {"pt-arrest"}  # description
    assert not scene.item_for("pt-crisis").highlighted
    assert set(scene.find("no ")) == {"fd-gap", "fd-x"}
    assert scene.find("") == []
    assert not any(scene.item_for(i).highlighted for i in ("fd-gap", "fd-x", "pt-arrest"))


def test_selection_signal_and_select_ids(mapped, qtbot):
    scene = mapped.scene
    with qtbot.waitSignal(scene.sig_selection_changed) as blocker:
        scene.select_ids(["pt-arrest", "fd-gap", "unknown-id"])
    assert blocker.args == [["pt-arrest", "fd-gap"]]
    assert scene.selected_ids() == ["pt-arrest", "fd-gap"]
    mapped.stack.push(DeleteItemsCommand(mapped.doc, ["fd-gap"], "Delete"))
    assert scene.selected_ids() == ["pt-arrest"]


def test_view_zoom_fit_and_intercept_keys(mapped):
    view, scene = mapped.view, mapped.scene
    view.zoom_in()
    assert view.zoom_factor() == pytest.approx(1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.zoom_factor() == pytest.approx(0.8)
    view.zoom_reset()
    assert view.zoom_factor() == pytest.approx(1.0)
    view.fit_to_window()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.intercept_rect("0")) and shown.contains(scene.intercept_rect("5"))
    QTest.keyClick(view, Qt.Key.Key_3)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    lane = scene.intercept_rect("3")
    assert shown.contains(lane.center())
    assert shown.width() < scene.sceneRect().width()
    QTest.keyClick(view, Qt.Key.Key_X)
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(scene.intercept_rect("X").center())


def test_a_fitted_map_stays_fitted_when_the_view_changes_size_until_zoomed(mapped, qtbot):
    # The panels giving way on a small screen resize the view: a map the facilitator fitted must show
    # whole again, not a corner of it at the old zoom; a zoom or a jump the facilitator chose stays.
    view, scene = mapped.view, mapped.scene

    def whole_map_shown() -> bool:
        shown = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(-1, -1, 1, 1)
        return shown.contains(scene.intercept_rect("0")) and shown.contains(scene.intercept_rect("5"))

    view.fit_to_window()
    wide = view.zoom_factor()
    view.resize(700, 500)
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    assert view.zoom_factor() < wide * 0.6 and whole_map_shown()
    view.resize(1400, 900)
    qtbot.waitUntil(lambda: view.viewport().width() > 1300)
    assert view.zoom_factor() == pytest.approx(wide) and whole_map_shown()

    view.zoom_in()
    chosen = view.zoom_factor()
    view.resize(700, 500)
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    assert view.zoom_factor() == pytest.approx(chosen)

    view.resize(1400, 900)
    view.fit_to_window()
    QTest.keyClick(view, Qt.Key.Key_3)
    jumped = view.zoom_factor()
    view.resize(700, 500)
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    assert view.zoom_factor() == pytest.approx(jumped)


def test_theme_and_text_scale_change_text_not_geometry(mapped):
    scene = mapped.scene
    before = scene.item_rect("pt-crisis")
    scene.set_theme(DARK)
    scene.set_text_scale(1.4)
    assert scene.theme().name == "dark" and scene.theme().text_scale == pytest.approx(1.4)
    assert scene.item_rect("pt-crisis") == before
    assert scene.item_rect("pt-crisis").width() == POINT_WIDTH
    assert scene.item_rect("pt-crisis").height() == POINT_HEIGHT
    assert_in_step(mapped)


def test_intercept_label_change_and_dispose(mapped):
    mapped.doc.set_intercept_label("1", "Law Enforcement and Emergency Services")
    lanes = [i for i in mapped.scene.items() if getattr(i, "intercept_id", None) == "1"]
    assert lanes and lanes[0].label == "Law Enforcement and Emergency Services"
    mapped.scene.dispose()
    mapped.doc.insert("points", DecisionPoint(id="pt-late", intercept="0", title="Late"))
    assert mapped.scene.item_for("pt-late") is None


def test_a_disposed_scene_announces_no_selection_change(mapped):
    # Qt's destructor of a scene deselects its items: after dispose that must reach no slot.
    scene = mapped.scene
    scene.select_ids(["pt-arrest"])
    heard: list[list[str]] = []
    scene.sig_selection_changed.connect(heard.append)
    scene.dispose()
    scene.dispose()  # twice is harmless
    scene.clearSelection()
    scene.clear()
    assert heard == []


def test_rubber_band_selects_several_items(mapped):
    view, scene = mapped.view, mapped.scene
    crisis, res = scene.item_rect("pt-crisis"), scene.item_rect("fd-res")
    start = view.mapFromScene(QPointF(crisis.left() - 12, crisis.top() - 12))
    end = view.mapFromScene(QPointF(res.right() - 20, res.bottom() + 2))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), (start + end) / 2)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert set(scene.selected_ids()) == {"pt-crisis", "fd-res"}
    assert mapped.stack.count() == 0  # selecting changes nothing


def test_spotlight_and_lane_content_rect(mapped):
    scene = mapped.scene
    lane = scene.intercept_content_rect("2")
    assert lane.contains(scene.item_rect("fd-loose")) and lane.bottom() <= scene.intercept_rect("2").bottom()
    scene.set_spotlight("2")
    veils = [i for i in scene.items() if i.zValue() == 40]
    assert len(veils) == 1
    assert not veils[0].shape().contains(scene.intercept_rect("2").center())
    assert veils[0].shape().contains(scene.intercept_rect("4").center())
    legend = next(i for i in scene.items() if type(i).__name__ == "LegendItem")
    assert not veils[0].shape().contains(legend.sceneBoundingRect().center())  # the key stays lit
    mapped.doc.replace(small_workshop())  # survives a reload
    assert len([i for i in scene.items() if i.zValue() == 40]) == 1
    scene.set_spotlight(None)
    assert not [i for i in scene.items() if i.zValue() == 40]


def test_lanes_stay_tidy_as_chips_arrive(mapped):
    doc, scene = mapped.doc, mapped.scene
    doc.insert("points", DecisionPoint(id="pt-under", intercept="0", title="Mobile crisis", x=30, y=250))
    before = scene.item_rect("pt-under").top()
    chips = [Finding(id=f"fd-{n}", kind="gap", intercept="0", title=f"Gap {n}", point_id="pt-crisis")
             for n in range(4)]
    mapped.stack.push(InsertItemsCommand(doc, [("findings", c) for c in chips], "Add gaps"))
    last_chip = scene.item_rect("fd-3")
    assert scene.item_rect("pt-under").top() > last_chip.bottom()  # pushed down, no overlap
    assert doc.get("points", "pt-under").y == 250  # on screen only: the document keeps its place
    mapped.stack.undo()
    assert scene.item_rect("pt-under").top() == before


def test_a_renamed_chip_moves_its_lane_only_when_its_height_changes(mapped, monkeypatch):
    """A rename that keeps the chip's height moves nothing (a lane of 1,000 boxes is not tidied again);
    a title long enough to make the chip taller pushes the box below down, and a short one again
    brings it back."""
    doc, scene = mapped.doc, mapped.scene
    # Every box placed: while one has no place (pt-arrest), automatic layout places the unpinned boxes,
    # as the export does, with room under each block that a taller chip fills before it pushes.
    doc.update("points", "pt-arrest", x=710.0, y=130.0)
    doc.insert("points", DecisionPoint(id="pt-under", intercept="0", title="Mobile crisis", x=30, y=250))
    before = scene.item_rect("pt-under").top()
    chip_height = scene.item_rect("fd-res").height()
    tidied = []
    tidy = MapScene._tidy_lane
    monkeypatch.setattr(MapScene, "_tidy_lane", lambda self, lane: (tidied.append(lane), tidy(self, lane))[1])

    def rename(title: str) -> None:
        mapped.stack.push(UpdateItemCommand(doc, "findings", "fd-res", {"title": title}, "Rename"))

    rename("988 answered here")
    assert tidied == [] and scene.item_rect("pt-under").top() == before
    assert scene.item_for("fd-res").title == "988 answered here"
    rename(" ".join(["Calls answered by the local crisis line"] * 6))
    taller = scene.item_rect("fd-res").height()
    assert taller > chip_height and tidied == ["0"]
    assert scene.item_rect("pt-under").top() == before + taller - chip_height
    rename("Short again")
    assert scene.item_rect("fd-res").height() == chip_height
    assert scene.item_rect("pt-under").top() == before
    mapped.stack.undo()
    assert scene.item_rect("pt-under").top() == before + taller - chip_height


def test_loose_chips_after_adds_deletes_and_undos_sit_where_a_fresh_scene_puts_them(mapped, qtbot):
    """The loose resources and gaps of a lane are listed again only when a change can alter them (a
    removed one just leaves its lane's list; one added under a box is not loose): after adding,
    deleting and undoing loose and attached findings, every chip sits where a scene built afresh from
    the same document puts it."""
    doc, stack, scene = mapped.doc, mapped.stack, mapped.scene
    loose = [Finding(id=f"fd-l{n}", kind="gap" if n % 2 else "resource", intercept="2", title=f"Loose {n}")
             for n in range(4)]
    stack.push(InsertItemsCommand(doc, [("findings", f) for f in loose], "Add loose"))
    stack.push(InsertItemsCommand(doc, [("findings", Finding(
        id="fd-under", kind="gap", intercept="2", title="Under arrest", point_id="pt-arrest"))], "Add"))
    stack.push(DeleteItemsCommand(doc, ["fd-l1"], "Delete"))
    stack.push(InsertItemsCommand(doc, [("findings", Finding(  # its id again, now under a box
        id="fd-l1", kind="gap", intercept="2", title="Back under arrest", point_id="pt-arrest"))], "Add"))
    assert scene.item_for("fd-l1").parentItem() is scene.item_for("pt-arrest")
    stack.push(DeleteItemsCommand(doc, ["fd-under", "fd-loose"], "Delete"))
    stack.undo()  # fd-under and fd-loose back (fd-loose at its place in the lane's list)
    stack.push(UpdateItemCommand(doc, "findings", "fd-l2", {"title": "Renamed loose"}, "Rename"))
    stack.push(UpdateItemCommand(doc, "findings", "fd-l3", {"point_id": "pt-arrest"}, "Attach"))
    stack.undo()
    stack.undo()
    stack.redo()

    fresh = MapScene(doc, QUndoStack())
    try:
        for finding in doc.items("findings"):
            assert scene.item_rect(finding.id) == fresh.item_rect(finding.id), finding.id
        assert scene.item_for("fd-l1").parentItem() is scene.item_for("pt-arrest")
        # A lane's loose list starts a row gap below its last block (the tidy gives that place itself);
        # a new box would go the growth room below that.
        loose_chips = [scene.item_for(f.id) for f in doc.items("findings")
                       if f.intercept == "2" and f.point_id is None]
        assert len(loose_chips) >= 3 and all(chip.parentItem() is None for chip in loose_chips)
        assert min(chip.pos().y() for chip in loose_chips) == scene.next_point_y("2") - GROWTH_ROOM
    finally:
        fresh.dispose()


def test_presentation_text_reads_from_the_back_of_a_room(qtbot):
    """At 1920x1080 and presentation text size, jumping to each intercept (its neighbours in view) keeps
    titles at 20 px or more on screen; every chip's two lines sit inside the chip, clear of its border.
    (Presentation steps themselves are measured in test_presentation_text.py.)"""
    from intercept_mapper.model.simmap_file import load_workshop
    from intercept_mapper.resources import SAMPLE_WORKSHOP
    from intercept_mapper.ui.map import HIGH_CONTRAST
    from intercept_mapper.ui.map.finding_chip import CHIP_PAD, MAX_CHIP_LINES
    from intercept_mapper.ui.window.presentation import PRESENTATION_TEXT_SCALE

    document = Document(load_workshop(SAMPLE_WORKSHOP))
    scene = MapScene(document, QUndoStack())
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    scene.set_theme(HIGH_CONTRAST)
    scene.set_text_scale(PRESENTATION_TEXT_SCALE)
    for intercept in document.workshop.scheme.ids():
        assert view.show_intercept(intercept)
        points = [scene.item_for(p.id) for p in document.workshop.points if p.intercept == intercept]
        for point in points:
            assert point.title_font().pixelSize() * view.zoom_factor() >= 20, (intercept, point.title)
    # A lane too tall for the screen at that size starts at its first box, its header kept on top.
    view.resize(1280, 720)
    qtbot.waitUntil(lambda: view.viewport().height() < 720)
    assert view.show_intercept("3")
    assert view.kept_header() == "3"
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    first = scene.item_rect(next(p.id for p in document.workshop.points if p.title == "County jail"))
    assert shown.contains(first) and shown.top() > scene.intercept_rect("3").top()
    view.fit_to_window()
    assert view.kept_header() is None
    chips = [scene.item_for(f.id) for f in document.workshop.findings]
    assert chips
    for chip in chips:
        lines = chip.text_rects()
        assert 1 <= len(lines) <= MAX_CHIP_LINES  # long titles grow the chip rather than elide
        inside = chip.rect().adjusted(0, CHIP_PAD - 0.5, 0, -CHIP_PAD + 0.5)
        assert all(inside.contains(line) for line in lines), chip.title
        if len(lines) == 1:
            assert lines[0].right() <= chip.rect().right() - 8, chip.title
    scene.dispose()
