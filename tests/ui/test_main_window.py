"""The main window through its QActions: contract names, add/undo/redo, themes, presentation mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGraphicsView,
    QLabel,
    QMenuBar,
    QStatusBar,
    QToolBar,
)
from window_helpers import dump, make_window, shown_title

from intercept_mapper.model import Document
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.files.settings import AppSettings
from intercept_mapper.ui.plain_text import plain
from intercept_mapper.ui.window import window_actions as wa

CONTRACT_ACTIONS = [
    "action_new", "action_open", "action_save", "action_save_as", "action_undo", "action_redo",
    "action_add_point", "action_add_resource", "action_add_gap", "action_delete", "action_find",
    "action_presentation_mode", "action_export_pdf", "action_export_image",
]


@pytest.fixture
def window(qtbot, monkeypatch):
    return make_window(qtbot, monkeypatch)


def test_contract_names_are_there(window: MainWindow) -> None:
    for name in CONTRACT_ACTIONS:
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert window.action(name) is action
    view = window.findChild(QGraphicsView, "map_view")
    assert view is window.map_view and window.centralWidget() is view
    assert isinstance(window.findChild(QDockWidget, "inspector"), QDockWidget)
    assert isinstance(window.document, Document)
    assert shown_title(window) == "Untitled.simmap - Intercept Mapper"


def test_standard_shortcuts(window: MainWindow) -> None:
    keys = {name: window.action(name).shortcut().toString() for name in (
        wa.ACTION_SAVE, wa.ACTION_UNDO, wa.ACTION_RENAME, wa.ACTION_DUPLICATE, wa.ACTION_PRESENTATION_MODE,
        wa.ACTION_ADD_POINT, wa.ACTION_ADD_GAP)}
    assert keys == {wa.ACTION_SAVE: "Ctrl+S", wa.ACTION_UNDO: "Ctrl+Z", wa.ACTION_RENAME: "F2",
                    wa.ACTION_DUPLICATE: "Ctrl+D", wa.ACTION_PRESENTATION_MODE: "F5",
                    wa.ACTION_ADD_POINT: "Ctrl+Shift+P", wa.ACTION_ADD_GAP: "Ctrl+Shift+G"}
    every = [s.toString() for a in window.window_actions.values() for s in a.shortcuts()]
    assert len(every) == len(set(every)), "two actions share a shortcut"


def test_add_actions_put_items_in_the_document_and_one_undo_removes_each(window: MainWindow) -> None:
    empty = dump(window)
    window.action(wa.ACTION_ADD_POINT).trigger()
    points = window.document.workshop.points
    assert len(points) == 1 and points[0].title
    point_id = points[0].id
    assert window.canvas.selected_ids() == [point_id]
    assert shown_title(window) == "Untitled.simmap* - Intercept Mapper"
    window.canvas.select_ids([point_id])
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.select_ids([point_id])
    window.action(wa.ACTION_ADD_RESOURCE).trigger()
    findings = window.document.workshop.findings
    assert [f.kind for f in findings] == ["gap", "resource"]
    assert all(f.point_id == point_id and f.intercept == points[0].intercept for f in findings)
    after = dump(window)
    for _ in range(3):
        window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == empty
    assert shown_title(window) == "Untitled.simmap - Intercept Mapper"
    assert not window.action(wa.ACTION_UNDO).isEnabled()
    for _ in range(3):
        window.action(wa.ACTION_REDO).trigger()
    assert dump(window) == after


def test_undo_text_names_the_step(window: MainWindow) -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    assert window.undo_stack.undoText().startswith("Add gap")
    assert window.action(wa.ACTION_UNDO).toolTip().startswith("Undo Add gap")


class _EventCounter(QObject):
    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind, self.count = kind, 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        self.count += event.type() == self.kind
        return False


def test_undo_steps_rename_the_buttons_without_laying_the_window_out(qtbot, window: MainWindow) -> None:
    # A room's burst pushes an undo step per ballot: each used to lay the toolbar and the whole window
    # out again and repaint the toolbar, for a tooltip.
    undo, redo = window.action(wa.ACTION_UNDO), window.action(wa.ACTION_REDO)
    file_bar = window.findChild(QToolBar, "toolbar_file")
    undo_button, redo_button = file_bar.widgetForAction(undo), file_bar.widgetForAction(redo)
    window.finish_building()
    for n in range(2):  # Undo enabled (the buttons redrawn); the panels settled after the first step
        window.undo_stack.push(QUndoCommand(f"Step {n}"))
        qtbot.wait(50)
    layouts = _EventCounter(QEvent.Type.LayoutRequest)
    paints = _EventCounter(QEvent.Type.Paint)
    for widget in (window, file_bar, undo_button):
        widget.installEventFilter(layouts)
    for widget in (file_bar, undo_button):
        widget.installEventFilter(paints)
    for n in range(2, 7):
        window.undo_stack.push(QUndoCommand(f"Step <b>{n}</b>"))
        QApplication.processEvents()
        assert undo.toolTip() == undo_button.toolTip() == plain(f"Undo Step <b>{n}</b>")
    assert (layouts.count, paints.count) == (0, 0)
    window.undo_stack.undo()
    assert redo.isEnabled() and redo_button.isEnabled()
    assert redo.toolTip() == redo_button.toolTip() == plain("Redo Step <b>6</b>")
    assert undo.toolTip() == undo_button.toolTip() == plain("Undo Step <b>5</b>")
    assert "&lt;b&gt;5" in undo.toolTip()


def test_undo_and_redo_made_available_or_not_without_laying_the_window_out(qtbot, window: MainWindow) -> None:
    # An edit after an undo makes Redo unavailable, an undo makes it available: the toolbar laid
    # itself and the window out again for that, though no button changes size.
    undo, redo = window.action(wa.ACTION_UNDO), window.action(wa.ACTION_REDO)
    file_bar = window.findChild(QToolBar, "toolbar_file")
    undo_button, redo_button = file_bar.widgetForAction(undo), file_bar.widgetForAction(redo)
    window.finish_building()
    window.undo_stack.push(QUndoCommand("Step 0"))
    window.undo_stack.push(QUndoCommand("Step 1"))
    qtbot.wait(50)
    layouts = _EventCounter(QEvent.Type.LayoutRequest)
    for widget in (window, file_bar, undo_button, redo_button):
        widget.installEventFilter(layouts)
    QApplication.processEvents()  # (a layout of the window's own, pending since before)
    layouts.count = 0
    window.undo_stack.undo()
    QApplication.processEvents()
    assert redo.isEnabled() and redo_button.isEnabled() and undo_button.isEnabled()
    window.undo_stack.push(QUndoCommand("Step 2"))  # the redo step dropped
    QApplication.processEvents()
    assert not redo.isEnabled() and not redo_button.isEnabled()
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    QApplication.processEvents()
    assert not undo.isEnabled() and not undo_button.isEnabled() and redo_button.isEnabled()
    assert layouts.count == 0
    window.undo_stack.redo()
    QApplication.processEvents()
    assert undo_button.isEnabled() and undo.isEnabled()
    redo.setText("Again")  # any other change still reaches the button (and re-reads the action whole)
    QApplication.processEvents()
    assert redo_button.text() == "Again" and redo_button.isEnabled() == redo.isEnabled()


def test_delete_action_and_undo_restore_exactly(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    before = dump(window)
    point = window.document.workshop.points[0]
    window.canvas.select_ids([point.id])
    window.action(wa.ACTION_DELETE).trigger()
    assert window.document.get("points", point.id) is None
    assert all(point.id not in (f.source, f.target) for f in window.document.workshop.flows)
    window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before
    assert shown_title(window) == f"{SAMPLE_WORKSHOP.name} - Intercept Mapper"


def test_theme_choice_is_applied_and_remembered(qtbot, monkeypatch, window: MainWindow) -> None:
    window.action(wa.theme_action_name("dark")).trigger()
    assert window.canvas.scene.theme().name == "dark"
    assert AppSettings().theme() == "dark"
    second = make_window(qtbot, monkeypatch)
    assert second.themes.current == "dark"
    assert second.action(wa.theme_action_name("dark")).isChecked()
    assert second.canvas.scene.theme().name == "dark"


def _chrome_visibility(window: MainWindow) -> dict[str, bool]:
    widgets = [window.menuBar(), window.statusBar(), *window.findChildren(QToolBar),
               *window.findChildren(QDockWidget)]
    return {w.objectName() or type(w).__name__: w.isVisible() for w in widgets}


def test_presentation_hides_chrome_walks_intercepts_and_escape_restores(qtbot, window: MainWindow) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)
    window.toolbars[0].hide()  # a bar the user had closed must stay closed afterwards
    window.inspector.raise_()  # and the front tab of the docks stays in front
    window.canvas.call("zoom_in")
    before_chrome = _chrome_visibility(window)
    before_geometry = window.geometry()
    before_transform = window.map_view.transform()
    view = window.map_view
    before_scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    window.action(wa.ACTION_PRESENTATION_MODE).trigger()
    assert window.presentation.is_active()
    assert window.action(wa.ACTION_PRESENTATION_MODE).isChecked()
    qtbot.waitUntil(window.isFullScreen)
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not any(t.isVisible() for t in window.findChildren(QToolBar))
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert window.canvas.scene.theme().name == "high-contrast"
    assert window.canvas.scene.theme().text_scale > 1.2
    assert window.map_view.isVisible()

    window.map_view.setFocus()
    qtbot.keyClick(window.map_view, Qt.Key.Key_PageDown)
    first = window.document.workshop.scheme.ids()[0]
    assert window.presentation.current_step() == first
    lane = window.canvas.scene.intercept_rect(first)
    visible = window.map_view.mapToScene(window.map_view.viewport().rect()).boundingRect()
    assert visible.left() <= lane.left() + 1 and visible.right() >= lane.right() - 1  # the lane fills it
    for _ in range(window.presentation.page_count()):  # the lane's pages, then the next intercept
        qtbot.keyClick(window.map_view, Qt.Key.Key_PageDown)
    assert window.presentation.current_step() == window.document.workshop.scheme.ids()[1]
    qtbot.keyClick(window.map_view, Qt.Key.Key_PageUp)  # back to the previous lane's last page
    assert window.presentation.current_step() == first
    assert window.presentation.current_page() == window.presentation.page_count() - 1
    while window.presentation.current_page():
        qtbot.keyClick(window.map_view, Qt.Key.Key_PageUp)
    qtbot.keyClick(window.map_view, Qt.Key.Key_PageUp)
    assert window.presentation.current_step() == ""
    for _ in range(40):  # past the last intercept: the cross-intercept band, then it stays there
        qtbot.keyClick(window.map_view, Qt.Key.Key_PageDown)
    assert window.presentation.current_step() == "X"

    qtbot.keyClick(window.map_view, Qt.Key.Key_Escape)
    assert not window.presentation.is_active()
    assert not window.action(wa.ACTION_PRESENTATION_MODE).isChecked()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert _chrome_visibility(window) == before_chrome
    assert window.geometry() == before_geometry
    assert window.canvas.scene.theme().name == "light"
    assert window.canvas.scene.theme().text_scale == 1.0
    assert window.map_view.transform() == before_transform
    assert (window.map_view.horizontalScrollBar().value(),
            window.map_view.verticalScrollBar().value()) == before_scroll
    assert AppSettings().theme() == "light"  # presenting never changes the remembered theme


def test_page_keys_do_nothing_special_outside_presentation(window: MainWindow) -> None:
    assert not window.presentation.actions["action_next_intercept"].isEnabled()
    assert not window.presentation.actions["action_leave_presentation"].isEnabled()


def test_find_action_focuses_the_find_field_and_finds(qtbot, window: MainWindow) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)
    window.action(wa.ACTION_FIND).trigger()
    qtbot.waitUntil(window.find_field.hasFocus)
    title = window.document.workshop.findings[0].title
    qtbot.keyClicks(window.find_field, title)
    assert window.document.workshop.findings[0].id in window.find_field.matches
    qtbot.keyClick(window.find_field, Qt.Key.Key_Return)
    assert window.document.workshop.findings[0].id in window.canvas.selected_ids()


def test_add_panel_dock_for_later_panels(window: MainWindow) -> None:
    panel = QLabel("priorities")
    panel.setObjectName("priorities_panel")
    dock = window.add_panel_dock(panel, "Priorities")
    assert window.findChild(QLabel, "priorities_panel") is panel
    assert dock.objectName() == "priorities_panel_dock"
    assert dock.toggleViewAction() in window.menus["panels"].actions()
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_status_bar_counts_follow_the_document(window: MainWindow, qtbot) -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    qtbot.waitUntil(lambda: "1 gap" in window.status.counts.text())
    window.action(wa.ACTION_UNDO).trigger()
    qtbot.waitUntil(lambda: "0 gaps" in window.status.counts.text())


def test_status_bar_counts_follow_kinds_and_undo_without_counting_again(window: MainWindow, qtbot,
                                                                       monkeypatch) -> None:
    from intercept_mapper.ui.window import status_bar

    assert window.open_path(SAMPLE_WORKSHOP)
    document = window.document
    recounted: list[int] = []
    original = status_bar.ResourceIds.recount
    monkeypatch.setattr(status_bar.ResourceIds, "recount", lambda self: (recounted.append(1), original(self)))

    def shows_the_document() -> bool:
        return window.status.counts.text() == status_bar.map_counts(document)  # (counted afresh)

    qtbot.waitUntil(shows_the_document)
    gap = next(f for f in document.workshop.findings if f.kind == "gap")
    resource = next(f for f in document.workshop.findings if f.kind == "resource")
    document.update("findings", gap.id, kind="resource")  # a gap becomes a resource: the counts change
    qtbot.waitUntil(shows_the_document)
    document.update("findings", resource.id, kind="gap")
    qtbot.waitUntil(shows_the_document)
    window.canvas.select_ids([gap.id, resource.id])
    window.action(wa.ACTION_DELETE).trigger()
    qtbot.waitUntil(shows_the_document)
    window.action(wa.ACTION_UNDO).trigger()
    qtbot.waitUntil(shows_the_document)
    window.canvas.select_ids([document.workshop.points[0].id])
    window.action(wa.ACTION_ADD_RESOURCE).trigger()
    qtbot.waitUntil(shows_the_document)
    assert recounted == []  # each edit followed from its notice


def test_window_constructible_without_arguments(qapp) -> None:
    window = MainWindow()
    try:
        assert window.document.workshop.scheme.ids() == ["0", "1", "2", "3", "4", "5"]
        assert isinstance(window.menuBar(), QMenuBar) and isinstance(window.statusBar(), QStatusBar)
    finally:
        window.files.ask_save_changes = lambda _name: "discard"
        window.close()
        window.deleteLater()


def test_sample_file_round_trips_through_the_window(window: MainWindow, tmp_path) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)
    assert window.files.save_as(tmp_path / "copy.simmap")
    assert load_workshop(tmp_path / "copy.simmap") == load_workshop(SAMPLE_WORKSHOP)


def test_history_panel_lists_the_steps_when_shown(qtbot, window: MainWindow) -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.fast_entry.finish_editing()
    window.history.show()
    window.history.raise_()
    qtbot.waitUntil(lambda: window.history.view.stack() is window.undo_stack)
    assert window.history.view.model().rowCount() == 2  # "<opened>" and the add
    window.inspector.raise_()
    qtbot.waitUntil(lambda: window.history.view.stack() is None)


def test_undo_history_is_on_the_edit_menu_and_names_each_step(qtbot, window: MainWindow) -> None:
    action = window.action(wa.ACTION_SHOW_HISTORY)
    assert action in window.menus["edit"].actions()
    window.action(wa.ACTION_ADD_GAP).trigger()
    qtbot.keyClicks(QApplication.focusWidget(), "No crisis unit")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    window.inspector.raise_()
    action.trigger()
    qtbot.waitUntil(lambda: window.history.view.stack() is window.undo_stack)
    model = window.history.view.model()
    assert model.index(1, 0).data() == "Add gap 'No crisis unit'"
    assert window.history.view.hasFocus() or window.history.isAncestorOf(QApplication.focusWidget())


def _keys(qtbot, window: MainWindow, sequence: str) -> None:  # noqa: ANN001
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def _type(qtbot, text: str, enter: bool = True) -> None:  # noqa: ANN001
    qtbot.keyClicks(QApplication.focusWidget(), text)
    if enter:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_map_can_be_built_with_the_keyboard_alone(qtbot, window: MainWindow) -> None:
    window.map_view.setFocus()
    _keys(qtbot, window, "Ctrl+Shift+P")
    _type(qtbot, "Crisis line")
    _keys(qtbot, window, "Ctrl+Shift+R")
    _type(qtbot, "988 answered locally")
    _keys(qtbot, window, "Ctrl+Shift+P")
    _type(qtbot, "911 dispatch")
    _keys(qtbot, window, "Alt+1")
    _keys(qtbot, window, "Ctrl+Shift+G")
    _type(qtbot, "No transfer protocol")
    ws = window.document.workshop
    crisis, dispatch = ws.points
    assert (crisis.title, crisis.intercept, dispatch.title, dispatch.intercept) == (
        "Crisis line", "0", "911 dispatch", "1")
    resource, gap = ws.findings
    assert (resource.title, resource.point_id) == ("988 answered locally", crisis.id)
    assert (gap.title, gap.point_id, gap.intercept) == ("No transfer protocol", dispatch.id, "1")

    # Connect the two points: pick them in the outline (Ctrl+Space adds to the selection), Ctrl+L.
    _keys(qtbot, window, "Ctrl+Shift+O")
    tree = window.outline.tree
    assert tree.hasFocus()
    _keys(qtbot, window, "Home")  # the "Intercept 0" heading
    _keys(qtbot, window, "Down")  # Crisis line: selected
    while tree.currentItem() is not window.outline.item_for(dispatch.id):
        _keys(qtbot, window, "Ctrl+Down")  # move without changing the selection
    _keys(qtbot, window, "Ctrl+Space")  # add 911 dispatch to the selection
    assert window.canvas.selected_ids() == [crisis.id, dispatch.id]
    _keys(qtbot, window, "Ctrl+L")  # the connect bar: from Crisis line to 911 dispatch; Enter draws it
    _keys(qtbot, window, "Return")
    assert [(f.source, f.target) for f in ws.flows] == [(crisis.id, dispatch.id)]

    # Details through the inspector, still from the keyboard.
    window.canvas.select_ids([dispatch.id])
    _keys(qtbot, window, "Ctrl+Shift+I")
    _keys(qtbot, window, "End")
    _type(qtbot, " (county PSAP)", enter=False)
    assert window.document.get("points", dispatch.id).title == "911 dispatch (county PSAP)"
    _keys(qtbot, window, "Ctrl+Shift+M")
    assert window.map_view.hasFocus()


def test_move_to_intercept_is_one_undo_step(window: MainWindow) -> None:
    window.action(wa.ACTION_ADD_POINT).trigger()
    window.canvas.fast_entry.finish_editing()
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.fast_entry.finish_editing()
    point, gap = window.document.workshop.points[0], window.document.workshop.findings[0]
    before = dump(window)
    window.canvas.select_ids([point.id])
    window.action(wa.move_action_name("3")).trigger()
    assert (point.intercept, gap.intercept, gap.point_id) == ("3", "3", point.id)  # the gap goes along
    window.canvas.select_ids([point.id])
    assert not window.move_selection_to("X")  # decision points never sit in the cross band
    window.canvas.select_ids([gap.id])
    window.action(wa.move_action_name("X")).trigger()
    assert (gap.intercept, gap.point_id) == ("X", None)
    window.action(wa.ACTION_UNDO).trigger()
    window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before


def test_zoom_actions_change_the_view_and_the_status(window: MainWindow) -> None:
    window.action(wa.ACTION_ZOOM_OUT).trigger()
    window.action(wa.ACTION_ZOOM_RESET).trigger()
    assert window.map_view.zoom_factor() == pytest.approx(1.0)
    assert window.status.zoom.text() == "100%"
    window.action(wa.ACTION_ZOOM_IN).trigger()
    assert window.map_view.zoom_factor() > 1.0
    assert window.status.zoom.text() == f"{window.map_view.zoom_factor():.0%}"
    window.action(wa.ACTION_ZOOM_OUT).trigger()
    window.action(wa.ACTION_ZOOM_OUT).trigger()
    assert window.map_view.zoom_factor() < 1.0


def test_copy_paste_duplicate_rename_and_fit_through_their_actions(window: MainWindow) -> None:
    assert window.open_path(SAMPLE_WORKSHOP)
    before = dump(window)
    points = len(window.document.workshop.points)
    window.canvas.select_ids([window.document.workshop.points[0].id])
    window.action(wa.ACTION_COPY).trigger()
    window.action(wa.ACTION_PASTE).trigger()
    assert len(window.document.workshop.points) == points + 1
    window.action(wa.ACTION_DUPLICATE).trigger()
    assert len(window.document.workshop.points) == points + 2
    window.action(wa.ACTION_RENAME).trigger()
    assert window.canvas.fast_entry.is_editing()
    window.canvas.fast_entry.finish_editing("cancel")
    window.action(wa.ACTION_ZOOM_IN).trigger()
    window.action(wa.ACTION_FIT).trigger()
    visible = window.map_view.mapToScene(window.map_view.viewport().rect()).boundingRect()
    assert visible.contains(window.canvas.scene.itemsBoundingRect().center())
    window.action(wa.ACTION_UNDO).trigger()
    window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before
