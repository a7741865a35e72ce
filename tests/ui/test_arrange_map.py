"""Map > Arrange Automatically: every unpinned box at automatic layout's place, one undo step, the canvas
redrawn from the one notice as a fresh map of the arranged document is drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from window_helpers import make_window

from intercept_mapper.model import Document, auto_layout
from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.commands import MovePointsCommand, UpdateItemCommand
from intercept_mapper.ui.files.snapshot_cache import SnapshotCache
from intercept_mapper.ui.map import MapScene, map_arrangement
from intercept_mapper.ui.panels.outline import ID_ROLE, OutlineDock
from intercept_mapper.ui.window import window_actions as wa


@pytest.fixture
def window(qtbot, monkeypatch):
    return make_window(qtbot, monkeypatch)


def _places(document: Document) -> dict[str, tuple]:
    return {p.id: (p.intercept, p.x, p.y, p.pinned) for p in document.items("points")}


def _packed_sample(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample as a file saved before boxes kept room under them (laid out packed)."""
    ws = load_workshop(SAMPLE_WORKSHOP)
    with monkeypatch.context() as patch:
        patch.setattr(auto_layout, "GROWTH_ROOM", 0.0)
        auto_layout.apply_layout(ws)
    path = folder / "packed.simmap"
    save_workshop(ws, path, backup=False)
    return path


def _drag(window: MainWindow, point_id: str, by: QPointF) -> None:
    """A box dragged on the map (the scene records it as a drag: one pinned move)."""
    scene = window.canvas.scene
    item = scene.item_for(point_id)
    item.setPos(item.pos() + by)
    assert scene.commit_drag()


def _arranged_window(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> tuple[list[str], dict]:  # noqa: ANN001
    """The packed sample open with two boxes dragged out of place; returns the dragged ids and the places
    before arranging."""
    assert window.open_path(_packed_sample(tmp_path, monkeypatch))
    qtbot.waitUntil(lambda: not window.canvas.scene.building())
    points = window.document.items("points")
    dragged = [points[1].id, points[7].id]
    _drag(window, dragged[0], QPointF(0, 900))
    _drag(window, dragged[1], QPointF(340, -260))  # into the next lane
    return dragged, _places(window.document)


def test_every_unpinned_box_goes_to_the_layout_place_and_pinned_ones_stay(qtbot, window, tmp_path,
                                                                           monkeypatch) -> None:
    dragged, before = _arranged_window(qtbot, window, tmp_path, monkeypatch)
    wanted = auto_layout.layout_positions(window.document.workshop)  # (pinned boxes are not in it)
    assert all(before[p][3] for p in dragged) and not set(dragged) & set(wanted)
    stale = [p for p, (x, y) in wanted.items() if before[p][1:3] != (x, y)]
    assert len(stale) >= 8, "the packed sample must have boxes out of their roomy places"
    steps = window.undo_stack.count()
    notices = []
    window.document.subscribe(notices.append)

    window.action(wa.ACTION_ARRANGE_MAP).trigger()

    after = _places(window.document)
    for point_id, (intercept, x, y, pinned) in before.items():
        if point_id in dragged:
            assert after[point_id] == (intercept, x, y, pinned), point_id
        else:
            assert after[point_id] == (intercept, *wanted[point_id], False), point_id
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == f"Arrange map ({len(stale)} points moved)"
    assert window.statusBar().currentMessage() == (
        f"Arranged the map: {len(stale)} points moved (Undo puts them back)")
    # One notice names every moved box (one redraw), not one per box.
    assert [(n.collection, n.action, set(n.ids), n.fields) for n in notices] == [
        ("points", "update", set(stale), frozenset({"x", "y"}))]

    window.action(wa.ACTION_UNDO).trigger()
    assert _places(window.document) == before
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.index() == steps
    window.action(wa.ACTION_REDO).trigger()
    assert _places(window.document) == after


def _shown_places(scene: MapScene, document: Document) -> dict[str, tuple]:
    ids = [item.id for name in ("points", "findings", "flows") for item in document.items(name)]
    return {item_id: scene.item_rect(item_id).getRect() for item_id in ids}


def test_the_map_shows_the_boxes_where_a_fresh_map_of_the_arranged_document_does(qtbot, window, tmp_path,
                                                                                  monkeypatch) -> None:
    _arranged_window(qtbot, window, tmp_path, monkeypatch)
    scene, document = window.canvas.scene, window.document
    for step in ("arrange", "undo", "redo"):
        if step == "arrange":
            assert window.arrange_map() > 0
        else:
            window.action(wa.ACTION_UNDO if step == "undo" else wa.ACTION_REDO).trigger()
        fresh = MapScene(document, QUndoStack())
        try:
            fresh.build_items()
            shown, expected = _shown_places(scene, document), _shown_places(fresh, document)
            assert shown == expected, [(i, shown[i], expected[i]) for i in shown if shown[i] != expected[i]]
        finally:
            fresh.dispose()


def test_nothing_to_move_says_so_and_pushes_nothing(qtbot, window) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)  # built by automatic layout: every box is in its place
    before = _places(window.document)
    steps, clean = window.undo_stack.count(), window.undo_stack.isClean()
    window.action(wa.ACTION_ARRANGE_MAP).trigger()
    assert window.statusBar().currentMessage() == map_arrangement.NOTHING_TO_ARRANGE
    assert window.undo_stack.count() == steps and window.undo_stack.isClean() == clean
    assert _places(window.document) == before


def test_the_action_is_in_the_map_menu_and_enabled_only_for_a_map_with_points_not_presented(
        qtbot, window) -> None:
    action = window.action(wa.ACTION_ARRANGE_MAP)
    assert action.objectName() == "action_arrange_map"
    assert action in window.menus["map"].actions()
    assert not window.document.items("points") and not action.isEnabled()  # a new, empty workshop
    window.action(wa.ACTION_ADD_POINT).trigger()
    window.canvas.fast_entry.finish_editing()
    assert window.document.items("points") and action.isEnabled()
    window.action(wa.ACTION_UNDO).trigger()
    assert not window.document.items("points") and not action.isEnabled()
    assert window.open_path(SAMPLE_WORKSHOP)
    assert action.isEnabled()
    window.action(wa.ACTION_PRESENTATION_MODE).trigger()
    assert window.presentation.is_active() and not action.isEnabled()
    window.presentation.leave()
    assert action.isEnabled()
    window.action(wa.ACTION_NEW).trigger()  # another workshop, empty again
    assert not window.document.items("points") and not action.isEnabled()


class _PaintCursors(QObject):
    """The override cursor at each paint of the map (was the repaint under the busy cursor?)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            cursor = QGuiApplication.overrideCursor()
            self.seen.append(cursor.shape() if cursor is not None else None)
        return False


def test_a_large_map_is_arranged_and_undone_under_a_busy_cursor(qtbot, window, tmp_path, monkeypatch) -> None:
    _arranged_window(qtbot, window, tmp_path, monkeypatch)
    monkeypatch.setattr(map_arrangement, "BUSY_FROM_ITEMS", 1)  # the sample stands for a large map
    seen = []
    window.document.subscribe(lambda _change: seen.append(QGuiApplication.overrideCursor()))
    paints = _PaintCursors()
    window.map_view.viewport().installEventFilter(paints)
    for act in (window.arrange_map, window.action(wa.ACTION_UNDO).trigger,
                window.action(wa.ACTION_REDO).trigger):
        seen.clear()
        paints.seen.clear()
        act()
        assert seen and all(c is not None and c.shape() == Qt.CursorShape.WaitCursor for c in seen)
        # Gone once the map has caught up, and the map was repainted under it.
        qtbot.waitUntil(lambda: QGuiApplication.overrideCursor() is None and bool(paints.seen))
        assert paints.seen[0] == Qt.CursorShape.WaitCursor
    monkeypatch.setattr(map_arrangement, "BUSY_FROM_ITEMS", 10_000)
    seen.clear()
    window.action(wa.ACTION_UNDO).trigger()
    assert seen == [None]  # a small map: no busy cursor at all
    window.map_view.viewport().removeEventFilter(paints)


def test_a_place_the_document_refuses_moves_no_box_and_leaves_no_step(qtbot, window) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)
    first, second = (p.id for p in window.document.items("points")[:2])
    before, steps = _places(window.document), window.undo_stack.count()
    moves = {first: ({"x": 30.0, "y": 130.0}, {"x": 30.0, "y": 500.0}),
             second: ({"x": 30.0, "y": 334.0}, {"x": 30.0, "y": float("inf")})}
    window.undo_stack.push(map_arrangement.ArrangeMapCommand(window.document, moves, "Arrange map"))
    assert _places(window.document) == before and window.undo_stack.count() == steps
    assert window.statusBar().currentMessage().startswith("Not changed: a position is inf")


def test_a_dragged_box_let_go_in_the_inspector_is_arranged_too(qtbot, window, tmp_path, monkeypatch) -> None:
    dragged, _before = _arranged_window(qtbot, window, tmp_path, monkeypatch)
    window.arrange_map()
    kept = _places(window.document)[dragged[1]]
    window.undo_stack.push(UpdateItemCommand(window.document, "points", dragged[0], {"pinned": False},
                                             "Let go"))
    wanted = auto_layout.layout_positions(window.document.workshop)
    assert window.arrange_map() >= 1
    after = _places(window.document)
    assert after[dragged[0]] == (after[dragged[0]][0], *wanted[dragged[0]], False)
    assert after[dragged[1]] == kept  # still kept where placed by hand


def test_the_recovery_copy_follows_the_one_notice_byte_for_byte() -> None:
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    cache = SnapshotCache(document)
    ws = document.workshop
    assert b"".join(cache.parts(())) == ws.__pydantic_serializer__.to_json(ws)  # warm: item by item
    document.move_points({p.id: (p.x, p.y + 40.0 * n) for n, p in enumerate(ws.points[::2])})
    assert b"".join(cache.parts(())) == ws.__pydantic_serializer__.to_json(ws)


def _rows(dock: OutlineDock) -> list:
    def walk(item) -> list:  # noqa: ANN001
        return [item.text(0), item.data(0, ID_ROLE), [walk(item.child(i)) for i in range(item.childCount())]]

    return [walk(dock.tree.topLevelItem(i)) for i in range(dock.tree.topLevelItemCount())]


def test_the_outline_puts_the_moved_points_in_their_new_order_without_a_rebuild(qtbot, window, tmp_path,
                                                                                   monkeypatch) -> None:
    dragged, _before = _arranged_window(qtbot, window, tmp_path, monkeypatch)
    # Two unpinned boxes of a lane in the wrong order (as a file written by another tool may hold them).
    lane = [p for p in window.document.items("points") if p.intercept == "3" and p.id not in dragged]
    first, last = lane[0], lane[-1]
    window.undo_stack.push(MovePointsCommand(window.document, {
        first.id: ({"x": first.x, "y": first.y}, {"x": first.x, "y": last.y + 300}),
        last.id: ({"x": last.x, "y": last.y}, {"x": last.x, "y": first.y})}))
    outline = window.outline
    outline.show()
    qtbot.waitUntil(lambda: not outline._behind())
    before, rebuilds = _rows(outline), outline.rebuilds
    window.arrange_map()
    qtbot.waitUntil(lambda: not outline._behind())
    fresh = OutlineDock(window.document)
    qtbot.addWidget(fresh)
    try:
        shown, rebuilt = _rows(outline), _rows(fresh)
        assert shown == rebuilt, [(a, b) for a, b in zip(shown, rebuilt, strict=True) if a != b]
        assert shown != before  # points sit in the lanes in another order now
        assert outline.rebuilds == rebuilds
    finally:
        fresh.dispose()
