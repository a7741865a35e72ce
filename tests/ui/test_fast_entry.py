"""Fast entry on the map: add with an in-place title editor (Enter, Escape, Tab), rename, delete with
undo, copy and paste with new ids, duplicate and connect."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from intercept_mapper.model import Candidate, DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.ui.map import FastEntry, MapScene, MapView
from intercept_mapper.ui.map.fast_entry import MIME_TYPE


def workshop():
    ws = new_workshop("samhsa", "Test county")
    ws.points = [
        DecisionPoint(id="pt-a", intercept="1", title="911 dispatch", x=370, y=130),
        DecisionPoint(id="pt-b", intercept="1", title="Patrol officers", x=370, y=300),
        DecisionPoint(id="pt-c", intercept="2", title="Arrest", x=710, y=130),
    ]
    ws.flows = [
        Flow(id="fl-ab", source="pt-a", target="pt-b"),
        Flow(id="fl-bc", source="pt-b", target="pt-c"),
    ]
    ws.findings = [
        Finding(id="fd-cit", kind="resource", intercept="1", title="CIT training", point_id="pt-b"),
        Finding(id="fd-gap", kind="gap", intercept="1", title="Deputies not trained", point_id="pt-b"),
    ]
    ws.voting.candidates = [Candidate(id="cd-gap", title="Deputies not trained", gap_ids=["fd-gap"])]
    return ws


@pytest.fixture
def entry(qtbot):
    document = Document(workshop())
    stack = QUndoStack()
    scene = MapScene(document, stack)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    fast = FastEntry(scene, view, document, stack)
    yield SimpleNamespace(doc=document, stack=stack, scene=scene, view=view, fast=fast)
    fast.dispose()
    scene.dispose()


def dump(doc: Document) -> str:
    return doc.workshop.model_dump_json()


def type_title(e, text: str, key=Qt.Key.Key_Return) -> None:
    """Type into the open title editor through the view, then press ``key``."""
    QTest.keyClicks(e.view, text)
    QTest.keyClick(e.view, key)


def test_add_point_enter_names_it_in_one_undo_step(entry):
    e = entry
    before = dump(e.doc)
    point_id = e.fast.add_point()
    point = e.doc.get("points", point_id)
    assert (point.title, point.intercept) == ("New decision point", "0")  # nothing selected: first lane
    assert e.fast.is_editing() and e.scene.selected_ids() == [point_id]
    type_title(e, "Crisis line")
    assert not e.fast.is_editing()
    assert e.doc.get("points", point_id).title == "Crisis line"
    assert e.stack.count() == 1 and e.stack.text(0) == "Add point 'Crisis line'"
    e.stack.undo()
    assert dump(e.doc) == before
    e.stack.redo()
    assert e.doc.get("points", point_id).title == "Crisis line"


def test_new_point_goes_below_the_last_point_of_the_selected_lane(entry):
    e = entry
    e.scene.select_ids(["fd-cit"])
    point_id = e.fast.add_point()
    e.fast.finish_editing()
    point = e.doc.get("points", point_id)
    assert point.intercept == "1"
    patrol_bottom = e.scene.item_rect("fd-gap").bottom()
    assert e.scene.item_rect(point_id).top() > patrol_bottom


def test_with_nothing_selected_new_items_go_to_the_intercept_last_jumped_to(entry):
    e = entry
    e.view.setFocus()
    QTest.keyClick(e.view, Qt.Key.Key_2)  # jump to intercept 2
    point_id = e.fast.add_point()
    type_title(e, "Arrest")
    assert e.doc.get("points", point_id).intercept == "2"
    e.scene.select_ids([])
    gap_id = e.fast.add_gap()
    e.fast.finish_editing()
    gap = e.doc.get("findings", gap_id)
    assert (gap.intercept, gap.point_id) == ("2", None)
    e.scene.select_ids([])
    QTest.keyClick(e.view, Qt.Key.Key_X)  # the cross-intercept band: resources and gaps go there
    resource_id = e.fast.add_resource()
    e.fast.finish_editing()
    assert e.doc.get("findings", resource_id).intercept == "X"
    e.scene.select_ids([])
    other_id = e.fast.add_point()  # but a decision point never sits in the band: the first intercept
    e.fast.finish_editing()
    assert e.doc.get("points", other_id).intercept == "0"
    e.view.show_intercept("4")  # presentation steps (PageDown) jump the same way
    e.scene.select_ids([])
    late_id = e.fast.add_point()
    e.fast.finish_editing()
    assert e.doc.get("points", late_id).intercept == "4"


def test_add_gap_at_selected_point_comes_with_its_candidate(entry):
    e = entry
    e.scene.select_ids(["pt-a"])
    gap_id = e.fast.add_gap()
    gap = e.doc.get("findings", gap_id)
    assert (gap.kind, gap.point_id, gap.intercept, gap.title) == ("gap", "pt-a", "1", "New gap")
    candidates = [c for c in e.doc.items("candidates") if c.gap_ids == [gap_id]]
    assert len(candidates) == 1 and candidates[0].title == "New gap"
    type_title(e, "No transfer protocol to 988")
    assert e.doc.get("findings", gap_id).title == "No transfer protocol to 988"
    assert e.doc.get("candidates", candidates[0].id).title == "No transfer protocol to 988"
    assert e.stack.count() == 1 and e.stack.text(0) == "Add gap 'No transfer protocol to 988'"
    e.stack.undo()
    assert e.doc.get("findings", gap_id) is None and e.doc.get("candidates", candidates[0].id) is None


def test_escape_on_a_new_item_leaves_nothing_not_even_on_the_redo_stack(entry):
    e = entry
    before = dump(e.doc)
    e.scene.select_ids(["pt-b"])
    e.fast.add_resource()
    QTest.keyClicks(e.view, "Half typed")
    QTest.keyClick(e.view, Qt.Key.Key_Escape)
    assert dump(e.doc) == before
    assert e.stack.count() == 0 and not e.stack.canRedo() and not e.stack.canUndo()
    assert not e.fast.is_editing()


def test_escape_on_rename_cancels_and_enter_renames(entry):
    e = entry
    e.scene.select_ids(["pt-c"])
    assert e.fast.rename_selected()
    type_title(e, "Custodial arrest", Qt.Key.Key_Escape)
    assert e.doc.get("points", "pt-c").title == "Arrest" and e.stack.count() == 0
    assert e.fast.rename_selected()
    type_title(e, "Custodial arrest")
    assert e.doc.get("points", "pt-c").title == "Custodial arrest"
    assert e.stack.text(0) == "Rename point 'Custodial arrest'"
    e.stack.undo()
    assert e.doc.get("points", "pt-c").title == "Arrest"


def test_renaming_a_gap_keeps_its_candidate_in_step_only_while_equal(entry):
    e = entry
    e.scene.select_ids(["fd-gap"])
    e.fast.rename_selected()
    type_title(e, "Sheriff deputies not CIT trained")
    assert e.doc.get("candidates", "cd-gap").title == "Sheriff deputies not CIT trained"
    e.doc.update("candidates", "cd-gap", title="Train every deputy")  # reworded at priority setting
    e.fast.rename_selected()
    type_title(e, "Rural deputies untrained")
    assert e.doc.get("candidates", "cd-gap").title == "Train every deputy"


def test_tab_keeps_the_title_and_adds_the_next_of_the_same_kind(entry):
    e = entry
    e.scene.select_ids(["pt-a"])
    first = e.fast.add_resource()
    type_title(e, "Dispatch codes", Qt.Key.Key_Tab)
    assert e.fast.is_editing()
    second = e.scene.selected_ids()[0]
    assert second != first
    assert e.doc.get("findings", first).title == "Dispatch codes"
    assert e.doc.get("findings", second).point_id == "pt-a"
    type_title(e, "Crisis line transfer")
    assert [e.stack.text(i) for i in range(e.stack.count())] == [
        "Add resource 'Dispatch codes'", "Add resource 'Crisis line transfer'"]


def test_delete_and_undo_restore_flows_and_links(entry):
    e = entry
    before = dump(e.doc)
    e.scene.select_ids(["pt-b"])
    assert e.fast.delete_selected()
    assert e.doc.get("points", "pt-b") is None
    assert not e.doc.items("flows")
    assert e.doc.get("findings", "fd-cit").point_id is None
    assert e.stack.count() == 1 and e.stack.text(0) == "Delete point 'Patrol officers' and 2 flows"
    e.stack.undo()
    assert dump(e.doc) == before
    assert e.scene.item_for("fd-cit").parentItem() is e.scene.item_for("pt-b")
    assert e.scene.item_for("fl-ab").isVisible()


def test_undo_texts_say_what_a_delete_takes(entry):
    e = entry
    e.scene.select_ids(["fd-cit"])
    e.fast.delete_selected()
    e.scene.select_ids(["pt-a", "pt-c", "fd-gap"])
    e.fast.delete_selected()
    e.scene.select_ids(["pt-b"])
    e.fast.delete_selected()
    assert [e.stack.text(i) for i in range(e.stack.count())] == [
        "Delete resource 'CIT training'", "Delete 2 points, 1 gap and 2 flows",
        "Delete point 'Patrol officers'"]


def test_copy_paste_gives_new_ids_and_keeps_flows_between_copied_points(entry):
    e = entry
    e.scene.select_ids(["pt-a", "pt-b", "fd-gap"])
    e.fast.copy_selected()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat(MIME_TYPE)
    assert set(mime.text().splitlines()) == {"911 dispatch", "Patrol officers", "Deputies not trained"}
    payload = json.loads(bytes(mime.data(MIME_TYPE).data()))
    assert {f["id"] for f in payload["flows"]} == {"fl-ab"}  # fl-bc leads to a point not copied
    pasted = e.fast.paste()
    assert len(pasted) == 4 and not set(pasted) & {"pt-a", "pt-b", "fd-gap", "fl-ab"}
    new_points = [e.doc.get("points", i) for i in pasted if e.doc.get("points", i)]
    new_ids = {p.id for p in new_points}
    new_flow = next(e.doc.get("flows", i) for i in pasted if e.doc.get("flows", i))
    assert {new_flow.source, new_flow.target} == new_ids
    new_gap = next(e.doc.get("findings", i) for i in pasted if e.doc.get("findings", i))
    assert new_gap.point_id in new_ids  # re-attached to the pasted copy of its point
    assert any(c.gap_ids == [new_gap.id] for c in e.doc.items("candidates"))
    assert set(e.scene.selected_ids()) == set(pasted)
    assert e.stack.count() == 1
    e.stack.undo()
    assert all(e.doc.find(i) is None for i in pasted)


def test_duplicate_and_connect(entry):
    e = entry
    e.scene.select_ids(["fd-cit"])
    copies = e.fast.duplicate_selected()
    assert len(copies) == 1
    copy = e.doc.get("findings", copies[0])
    assert copy.point_id == "pt-b" and copy.title == "CIT training"
    e.scene.select_ids(["pt-c", "pt-a"])
    assert e.fast.connect_selected()
    assert any(f.source == "pt-c" and f.target == "pt-a" for f in e.doc.items("flows"))
    assert not e.fast.connect_selected()  # already joined
    e.scene.select_ids(["pt-a"])
    assert not e.fast.connect_selected()


def test_paste_ignores_foreign_clipboard_content(entry):
    e = entry
    QGuiApplication.clipboard().setText("just words")
    assert e.fast.paste() == []
    assert e.stack.count() == 0


def test_editor_keeps_editing_keys_from_window_shortcuts(entry):
    e = entry
    fired = []
    for key in ("Delete", "Ctrl+Z", "Backspace", "F2"):
        action = QAction(key, e.view)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, k=key: fired.append(k))
        e.view.addAction(action)
    e.scene.select_ids(["pt-c"])
    e.fast.rename_selected()
    QTest.keyClicks(e.view, "Arrestx")
    QTest.keyClick(e.view, Qt.Key.Key_Backspace)
    QTest.keyClick(e.view, Qt.Key.Key_Left)
    QTest.keyClick(e.view, Qt.Key.Key_Delete)  # deletes the "t" after the cursor, not the item
    QTest.keyClick(e.view, Qt.Key.Key_Return)
    assert fired == []
    assert e.doc.get("points", "pt-c").title == "Arres"
    QTest.keyClick(e.view, Qt.Key.Key_Delete)  # not editing any more: now the window's action runs
    assert fired == ["Delete"]


def test_keys_typed_into_the_title_editor_go_straight_to_it(entry, monkeypatch):
    # While a title is edited, the view hands its key events to the editor itself (``KeysToEditor``):
    # the view's own key handling (keys 0-5 jump to a lane, Escape ends a search) never sees them.
    from intercept_mapper.ui.map import map_view

    seen = []
    handle = map_view.MapView.keyPressEvent
    monkeypatch.setattr(map_view.MapView, "keyPressEvent",
                        lambda view, event: (seen.append(event.key()), handle(view, event)))
    e = entry
    e.scene.select_ids(["pt-a"])
    e.fast.rename_selected()
    QTest.keyClicks(e.view, "Desk 2")
    QTest.keyClick(e.view, Qt.Key.Key_Home)
    QTest.keyClicks(e.view, "1 ")
    QTest.keyClick(e.view, Qt.Key.Key_Return)
    assert seen == []
    assert e.doc.get("points", "pt-a").title == "1 Desk 2"
    assert e.view.current_intercept is None  # the "2" and "1" typed were text, not jumps
    QTest.keyClick(e.view, Qt.Key.Key_2)  # no title edited any more: the view's keys again
    assert seen == [Qt.Key.Key_2.value]
    assert e.view.current_intercept == "2"


def test_shift_tab_keeps_the_title_and_adds_nothing(entry):
    e = entry
    e.scene.select_ids(["pt-a"])
    first = e.fast.add_resource()
    QTest.keyClicks(e.view, "Dispatch codes")
    QTest.keyClick(e.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # as some senders give it
    assert not e.fast.is_editing()
    assert e.doc.get("findings", first).title == "Dispatch codes"
    e.scene.select_ids(["pt-a"])
    second = e.fast.add_resource()
    QTest.keyClicks(e.view, "Crisis line")
    QTest.keyClick(e.view, Qt.Key.Key_Backtab)
    assert not e.fast.is_editing()
    assert e.doc.get("findings", second).title == "Crisis line"
    assert e.stack.count() == 2


def test_editor_keeps_its_keys_from_shortcuts_its_text_control_would_not_keep(entry):
    # F2 (the window's Rename), End, Ctrl+A and a plain letter are the editor's while a title is edited.
    e = entry
    fired = []
    for key in ("F2", "End", "Ctrl+A", "K", "Ctrl+Z"):
        action = QAction(key, e.view)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, k=key: fired.append(k))
        e.view.addAction(action)
    e.scene.select_ids(["pt-c"])
    e.fast.rename_selected()
    QTest.keyClick(e.view, Qt.Key.Key_F2)
    QTest.keyClicks(e.view, "Kept")
    QTest.keyClick(e.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(e.view, Qt.Key.Key_End)
    QTest.keyClicks(e.view, " now")
    QTest.keyClick(e.view, Qt.Key.Key_Return)
    assert fired == []
    assert e.doc.get("points", "pt-c").title == "Kept now"
    e.fast.rename_selected()
    QTest.keyClicks(e.view, "Typed")
    QTest.keyClick(e.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes the typing
    QTest.keyClick(e.view, Qt.Key.Key_Return)
    assert fired == []
    assert e.doc.get("points", "pt-c").title == "Kept now"
    assert e.stack.count() == 1  # the one rename: Ctrl+Z was the editor's, not the window's undo


def test_a_finished_title_editor_is_freed_without_the_cycle_collector(entry):
    import gc
    import weakref

    e = entry
    e.scene.select_ids(["pt-a"])
    e.fast.rename_selected()
    editor = weakref.ref(e.fast.editor())
    gc.disable()  # what stays alive only in a reference cycle stays alive here
    try:
        QTest.keyClicks(e.view, "Desk")
        QTest.keyClick(e.view, Qt.Key.Key_Return)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
        assert editor() is None
    finally:
        gc.enable()
