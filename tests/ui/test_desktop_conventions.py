"""Desktop conventions through the window's public surface: files dropped on the map, Cut and Select
All on the map and in the outline, the title's modified mark, Undo and Redo true to the stack, and
Escape ending a search (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from window_helpers import Answers, make_window, shown_title

from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.map.fast_entry import MIME_TYPE
from intercept_mapper.ui.window import window_actions as wa

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, monkeypatch, answers: Answers) -> MainWindow:
    return make_window(qtbot, monkeypatch, answers)


def _drop_on_map(window: MainWindow, path: Path) -> bool:
    """Drag ``path`` over the middle of the map and drop it there, as a file manager does."""
    viewport = window.map_view.viewport()
    at = viewport.rect().center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(at + QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(at + QPoint(5, 5)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


# ----------------------------------------------------------------------------- drops on the map
def test_a_workshop_file_dropped_on_the_map_opens(window: MainWindow, sample: Path) -> None:
    assert _drop_on_map(window, sample)
    assert window.session.path == sample
    assert len(window.document.workshop.points) > 0


def test_a_worksheet_dropped_on_the_map_is_imported(window: MainWindow, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("intercept,kind,title\n1,point,Arrest\n1,gap,No crisis unit\n", encoding="utf-8")
    assert _drop_on_map(window, sheet)
    assert [p.title for p in window.document.workshop.points] == ["Arrest"]
    assert window.session.path is None and window.session.is_modified()


def test_other_files_are_not_taken_by_the_map(window: MainWindow, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    assert not _drop_on_map(window, notes)
    assert window.session.path is None


# ----------------------------------------------------------------------------- Cut and Select All
def _gap(window: MainWindow, title: str) -> str:
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.fast_entry.editor().setPlainText(title)
    window.canvas.fast_entry.finish_editing()
    return next(g.id for g in window.document.workshop.gaps() if g.title == title)


def test_cut_on_the_map_copies_and_deletes_in_one_undo_step(qtbot, window: MainWindow) -> None:
    gap = _gap(window, "No detox beds")
    window.canvas.select_ids([gap])
    steps = window.undo_stack.count()
    window.map_view.setFocus()
    qtbot.keyClick(window.map_view, Qt.Key.Key_X, CTRL)
    assert window.document.get("findings", gap) is None
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText().startswith("Cut gap 'No detox beds'")
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME_TYPE)
    window.action(wa.ACTION_UNDO).trigger()
    assert window.document.get("findings", gap) is not None  # one undo puts it back
    window.action(wa.ACTION_REDO).trigger()
    window.action(wa.ACTION_PASTE).trigger()  # the cut item can be pasted back
    assert [g.title for g in window.document.workshop.gaps()] == ["No detox beds"]


def test_select_all_on_the_map_and_in_the_outline(qtbot, window: MainWindow, sample: Path) -> None:
    assert window.open_path(sample)
    ws = window.document.workshop
    everything = {i.id for i in [*ws.points, *ws.findings, *ws.flows]}
    window.map_view.setFocus()
    qtbot.keyClick(window.map_view, Qt.Key.Key_A, CTRL)
    assert set(window.canvas.selected_ids()) == everything
    window.canvas.select_ids([])
    window.outline.focus_tree()
    qtbot.keyClick(window.outline.tree, Qt.Key.Key_A, CTRL)
    assert set(window.canvas.selected_ids()) == everything
    assert set(window.outline.selected_ids()) >= {p.id for p in ws.points}


def test_cut_in_the_outline(qtbot, window: MainWindow) -> None:
    gap = _gap(window, "No housing after release")
    window.canvas.select_ids([])
    window.outline.focus_tree()
    tree = window.outline.tree
    row = window.outline.item_for(gap)
    tree.scrollToItem(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(row).center())
    assert window.canvas.selected_ids() == [gap]
    qtbot.keyClick(window.outline.tree, Qt.Key.Key_X, CTRL)
    assert window.document.get("findings", gap) is None
    assert window.outline.item_for(gap) is None


def test_text_fields_keep_their_own_cut_and_select_all(qtbot, window: MainWindow) -> None:
    gap = _gap(window, "Kept")
    window.canvas.select_ids([gap])
    window.find_field.setFocus()
    window.find_field.setText("Kept")
    qtbot.keyClick(window.find_field, Qt.Key.Key_A, CTRL)
    assert window.find_field.selectedText() == "Kept"
    qtbot.keyClick(window.find_field, Qt.Key.Key_X, CTRL)
    assert window.find_field.text() == "" and window.document.get("findings", gap) is not None


# ----------------------------------------------------------------------------- modified mark, undo state
def test_the_modified_mark_follows_the_undo_stack(window: MainWindow, sample: Path) -> None:
    assert window.open_path(sample)
    assert not window.isWindowModified() and shown_title(window) == "riverbend.simmap - Intercept Mapper"
    _gap(window, "Gap")
    assert window.isWindowModified() and shown_title(window) == "riverbend.simmap* - Intercept Mapper"
    assert "[*]" in window.windowTitle()
    while window.undo_stack.canUndo():
        window.action(wa.ACTION_UNDO).trigger()
    assert not window.isWindowModified()
    window.action(wa.ACTION_REDO).trigger()
    assert window.isWindowModified()
    window.action(wa.ACTION_SAVE).trigger()
    assert not window.isWindowModified() and shown_title(window) == "riverbend.simmap - Intercept Mapper"


def test_redo_is_not_offered_after_escape_drops_a_new_item(qtbot, window: MainWindow) -> None:
    _gap(window, "Kept")
    undo, redo = window.action(wa.ACTION_UNDO), window.action(wa.ACTION_REDO)
    window.action(wa.ACTION_ADD_GAP).trigger()
    assert window.canvas.fast_entry.is_editing()
    qtbot.keyClick(window.map_view, Qt.Key.Key_Escape)
    assert [g.title for g in window.document.workshop.gaps()] == ["Kept"]
    assert not window.undo_stack.canRedo()
    assert not redo.isEnabled() and redo.toolTip() == "Redo"
    assert undo.isEnabled() == window.undo_stack.canUndo()
    redo.trigger()  # does nothing
    assert [g.title for g in window.document.workshop.gaps()] == ["Kept"]


def test_escape_on_the_map_ends_a_search(qtbot, window: MainWindow) -> None:
    gap = _gap(window, "Crisis line")
    window.action(wa.ACTION_FIND).trigger()
    qtbot.keyClicks(window.find_field, "crisis")
    chip = window.canvas.scene.item_for(gap)
    assert chip.highlighted
    qtbot.keyClick(window.find_field, Qt.Key.Key_Return)  # selects the match, back to the map
    assert window.canvas.selected_ids() == [gap] and chip.highlighted
    qtbot.keyClick(window.map_view, Qt.Key.Key_Escape)
    assert not chip.highlighted and window.find_field.text() == ""


def test_redo_is_not_offered_after_a_refused_edit_drops_the_redo_steps(qtbot, window: MainWindow) -> None:
    from intercept_mapper.model.limits import MAX_SHORT_TEXT
    from intercept_mapper.ui.commands import UpdateItemCommand

    gap = _gap(window, "Kept")
    window.action(wa.ACTION_UNDO).trigger()  # the name goes back to the placeholder: Redo is offered
    redo = window.action(wa.ACTION_REDO)
    assert redo.isEnabled()
    stack = window.undo_stack
    stack.push(UpdateItemCommand(window.document, "findings", gap, {"title": "x" * (MAX_SHORT_TEXT + 1)},
                                 "Rename"))  # refused by the document: the redo steps are gone all the same
    assert not stack.canRedo()
    qtbot.waitUntil(lambda: not redo.isEnabled(), timeout=1000)


def test_a_file_the_desktop_sends_is_opened(qtbot, monkeypatch, sample: Path) -> None:
    """macOS sends a workshop double-clicked in Finder as a ``QFileOpenEvent``, not an argument."""
    from PySide6.QtGui import QFileOpenEvent

    from intercept_mapper.ui import app as app_module

    started: list[MainWindow] = []
    monkeypatch.setattr(app_module, "_exec", lambda app, window: started.append(window) or 0)
    assert app_module.run_app(None) == 0
    window = started[0]
    qtbot.addWidget(window)
    event = QFileOpenEvent(QUrl.fromLocalFile(str(sample)))
    assert QApplication.sendEvent(QApplication.instance(), event)  # taken by the app's filter
    qtbot.waitUntil(lambda: window.session.path == sample)
    assert window.document.workshop.info.title == load_workshop(sample).info.title
