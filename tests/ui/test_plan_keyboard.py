"""Issue 15, part 2: action planning at the speed of talk, with the keyboard alone.

On day two the facilitator fills the chart while the room talks. Only key events reach the window, each
sent to whichever widget has the keyboard (as a real keyboard would); the tests read the document and
what the panel shows.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from window_helpers import dump, make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.panels.action_plan_panel import (
    COL_NOTES,
    COL_STATUS,
    COL_WHEN,
    COL_WHO,
    ActionPlanPanel,
)

TODAY = date(2026, 10, 1)


class Keyboard:
    """Presses keys on the focused widget, the way a person at the keyboard does."""

    def __init__(self, qtbot, window: MainWindow) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.window = window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "the keyboard has no widget: a keyboard-only user is stuck"
        return widget

    def press(self, *sequences: str) -> None:
        for sequence in sequences:
            combo = QKeySequence(sequence)[0]
            self.qtbot.keyClick(self.focused(), combo.key(), combo.keyboardModifiers())
            QApplication.processEvents()  # as the event loop would: a cell's Enter commits queued

    def type(self, text: str, then: str = "Return") -> None:
        self.qtbot.keyClicks(self.focused(), text)
        if then:
            self.press(then)


@pytest.fixture
def window(qtbot, monkeypatch):  # noqa: ANN001, ANN201
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    window.action_plan_panel.set_today(lambda: TODAY)
    return window


@pytest.fixture
def keys(qtbot, window: MainWindow) -> Keyboard:  # noqa: ANN001
    return Keyboard(qtbot, window)


def shown_plan(window: MainWindow):  # noqa: ANN201
    panel = window.action_plan_panel
    return window.document.get("action_plans", panel.current_plan_id())


def current_id(panel: ActionPlanPanel) -> str:
    return panel.tree.currentItem().data(0, 0x0100)[1]


def row_is_in_view(panel: ActionPlanPanel) -> bool:
    rect = panel.tree.visualItemRect(panel.tree.currentItem())
    return rect.isValid() and panel.tree.viewport().rect().contains(rect.topLeft())


def editing_in_chart(panel: ActionPlanPanel) -> bool:
    focus = QApplication.focusWidget()
    return isinstance(focus, QLineEdit) and panel.tree.viewport().isAncestorOf(focus)


def test_objective_and_steps_added_by_keyboard_each_take_the_text_typed(qtbot, window: MainWindow,
                                                                         keys: Keyboard) -> None:  # noqa: ANN001
    panel = window.action_plan_panel
    opened = dump(window)
    keys.press("Ctrl+Shift+A")  # Go to Action Plans
    assert keys.focused() is panel.tree and panel.isVisible()
    plan_id = panel.current_plan_id()
    keys.press("Ctrl+Shift+Return")  # a new objective, open for typing
    assert editing_in_chart(panel)
    keys.type("Fund the unit for three years")
    objective = shown_plan(window).objectives[-1]
    assert objective.text == "Fund the unit for three years"
    assert current_id(panel) == objective.id and row_is_in_view(panel)
    for text in ("Ask the county board", "Write the state grant", "Sign the MOU with the hospital"):
        keys.press("Ctrl+Return")  # a new step after the selected row, open for typing
        assert editing_in_chart(panel)
        keys.type(text)
        panel._flush()
        assert row_is_in_view(panel)
    steps = shown_plan(window).objectives[-1].steps
    assert [s.text for s in steps] == ["Ask the county board", "Write the state grant",
                                       "Sign the MOU with the hospital"]
    assert current_id(panel) == steps[-1].id  # each text landed in its own new row
    assert panel.current_plan_id() == plan_id
    # A row and the text typed into it are one undo step: one Ctrl+Z takes the last step away whole.
    assert window.undo_stack.count() == 4
    assert window.undo_stack.undoText() == "Add step 'Sign the MOU with the hospital'"
    keys.press("Ctrl+Z")
    assert [s.text for s in shown_plan(window).objectives[-1].steps] == ["Ask the county board",
                                                                         "Write the state grant"]
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert dump(window) == opened


def test_f2_edits_the_selected_row_in_place_and_delete_deletes_it_not_the_map(
        window: MainWindow, keys: Keyboard) -> None:
    panel = window.action_plan_panel
    points_before = len(window.document.workshop.points)
    window.canvas.select_ids([window.document.workshop.points[0].id])  # something selected on the map
    keys.press("Ctrl+Shift+A", "Down")  # the first step of the first objective
    step_id = current_id(panel)
    keys.press("F2")
    assert editing_in_chart(panel)
    keys.type("Count the supportive housing units")
    step = next(s for o in shown_plan(window).objectives for s in o.steps if s.id == step_id)
    assert step.text == "Count the supportive housing units" and not step.drafted
    assert keys.focused() is panel.tree
    keys.press("Delete")
    assert all(s.id != step_id for o in shown_plan(window).objectives for s in o.steps)
    assert len(window.document.workshop.points) == points_before  # the map's Delete did not run
    window.undo_stack.undo()
    assert any(s.id == step_id for o in shown_plan(window).objectives for s in o.steps)


def test_tab_goes_along_the_row_through_who_when_status_and_notes(window: MainWindow,
                                                                   keys: Keyboard) -> None:
    panel = window.action_plan_panel
    form = panel.form
    keys.press("Ctrl+Shift+A", "Ctrl+Return")
    keys.type("Book the training room", then="Tab")
    step_id = current_id(panel)
    # Docked (narrow), the chart shows one column: Tab goes on to the form's fields.
    assert keys.focused() is form.who_combo
    keys.type("Kevin Tran (Riverbend Housing Authority)", then="Tab")
    assert keys.focused() is form.when_edit
    keys.type("Sep 30, 2026", then="Tab")
    assert keys.focused() is form.status_combo
    keys.press("Down", "Tab")  # In progress
    assert keys.focused() is form.notes_edit
    keys.type("Needs the sheriff's sign-off")
    step = next(s for o in shown_plan(window).objectives for s in o.steps if s.id == step_id)
    assert (step.text, step.when, step.status, step.notes) == (
        "Book the training room", date(2026, 9, 30), "in-progress", "Needs the sheriff's sign-off")
    assert step.who.startswith("Kevin Tran")


def test_tab_in_the_wide_chart_edits_the_next_column(window: MainWindow, keys: Keyboard) -> None:
    panel = window.action_plan_panel
    keys.press("F7")  # the wide view: every column shows
    assert panel.is_wide() and not panel.tree.isColumnHidden(COL_NOTES)
    keys.press("Ctrl+Return")
    keys.type("Invite the jail's medical provider", then="Tab")
    step_id = current_id(panel)
    assert editing_in_chart(panel) and panel.tree.currentColumn() == COL_WHO
    keys.type("Jail health services", then="Tab")
    assert panel.tree.currentColumn() == COL_WHEN
    keys.type("2026-Q4", then="Tab")
    assert panel.tree.currentColumn() == COL_STATUS
    keys.press("Tab")
    assert panel.tree.currentColumn() == COL_NOTES
    keys.type("Ask at the next meeting")
    step = next(s for o in shown_plan(window).objectives for s in o.steps if s.id == step_id)
    assert (step.who, step.when, step.when_text, step.notes) == (
        "Jail health services", None, "2026-Q4", "Ask at the next meeting")
    keys.press("Escape")  # back to the docked panel
    assert not panel.is_wide() and not window.action(
        "action_planning_view").isChecked()


@pytest.mark.parametrize("typed", ["2026-09-30", "9/30/2026", "30 Sep 2026", "Sep 30 2026",
                                   "September 30, 2026"])
def test_a_date_typed_in_any_common_form_is_the_step_date(window: MainWindow, keys: Keyboard,
                                                          typed: str) -> None:
    panel = window.action_plan_panel
    step = shown_plan(window).objectives[0].steps[0]
    assert panel.select_row(step.id)
    panel.form.when_edit.setFocus(Qt.FocusReason.TabFocusReason)  # as Tab gives it: all of it selected
    keys.type(typed)  # typing over the date that was there replaces it
    stored = panel.document.get("action_plans", shown_plan(window).id).objectives[0].steps[0]
    assert (stored.when, stored.when_text) == (date(2026, 9, 30), "")
    assert panel.step_row(step.id).text(COL_WHEN) == "2026-09-30" or panel._narrow


def test_typing_over_a_date_replaces_it(window: MainWindow, keys: Keyboard) -> None:
    panel = window.action_plan_panel
    keys.press("Ctrl+Shift+A", "Ctrl+Return")
    keys.type("Hold the first partner meeting", then="Tab")
    keys.press("Tab")  # past Who
    keys.type("2026-03-15", then="Tab")
    step_id = panel.form.shown()[1]
    keys.press("Shift+Tab")  # back to When: the date is selected, typing replaces it
    assert keys.focused() is panel.form.when_edit and panel.form.when_edit.selectedText() == "2026-03-15"
    keys.type("2027-03-15", then="Tab")
    step = next(s for o in shown_plan(window).objectives for s in o.steps if s.id == step_id)
    assert step.when == date(2027, 3, 15)


@pytest.mark.parametrize("typed", ["Q3 2026", "2026-Q3", "Ongoing", "by next meeting"])
def test_a_target_that_is_not_a_date_is_kept_as_words_and_never_overdue(window: MainWindow,
                                                                         keys: Keyboard, typed: str) -> None:
    panel = window.action_plan_panel
    plan = shown_plan(window)
    step = plan.objectives[0].steps[0]
    assert panel.select_row(step.id)
    panel.form.when_edit.setFocus(Qt.FocusReason.TabFocusReason)
    keys.type(typed)
    stored = panel.document.get("action_plans", plan.id).objectives[0].steps[0]
    assert (stored.when, stored.when_text) == (None, typed)
    assert panel.form.when_edit.text() == typed
    assert "overdue" not in panel.step_row(step.id).text(0)
    assert panel.message() == "" or "not a date" not in panel.message()
    window.undo_stack.undo()
    restored = panel.document.get("action_plans", plan.id).objectives[0].steps[0]
    assert (restored.when, restored.when_text) == (step.when, step.when_text)


def test_a_date_that_is_not_in_the_calendar_is_refused_in_words(window: MainWindow, keys: Keyboard) -> None:
    panel = window.action_plan_panel
    step = shown_plan(window).objectives[0].steps[0]
    before = dump(window)
    assert panel.select_row(step.id)
    panel.form.when_edit.setFocus(Qt.FocusReason.TabFocusReason)
    keys.type("2026-02-30")
    assert "'2026-02-30' is not a date in the calendar" in panel.message()
    assert dump(window) == before


def test_the_calendar_opens_on_today_or_on_the_date_and_enter_chooses(window: MainWindow,
                                                                      keys: Keyboard) -> None:
    panel = window.action_plan_panel
    form = panel.form
    keys.press("Ctrl+Shift+A", "Ctrl+Return")
    keys.type("Pick a date", then="Tab")
    keys.press("Tab")  # When, empty
    assert form.when_edit.text() == ""
    keys.press("Alt+Down")
    calendar = form.when_field.popup.calendar
    assert calendar.isVisible() and calendar.selectedDate() == QDate(2026, 10, 1)  # today
    keys.press("Right", "Return")  # the day after, chosen
    assert not calendar.isVisible() and keys.focused() is form.when_edit
    step_id = form.shown()[1]
    step = next(s for o in shown_plan(window).objectives for s in o.steps if s.id == step_id)
    assert step.when == date(2026, 10, 2)
    keys.press("Alt+Down")
    assert calendar.selectedDate() == QDate(2026, 10, 2)  # on the step's date now
    keys.press("Escape")
    assert not calendar.isVisible()


def test_the_wide_view_shows_every_field_at_1280_by_720(qtbot, window: MainWindow, keys: Keyboard) -> None:
    window.resize(1280, 720)
    panel = window.action_plan_panel
    step = shown_plan(window).objectives[0].steps[0]
    keys.press("F7")
    qtbot.waitUntil(lambda: panel.width() >= 1200)
    assert panel.isFloating() and window.action("action_planning_view").isChecked()
    panel.select_row(step.id)
    for column in (COL_WHO, COL_WHEN, COL_STATUS, COL_NOTES):
        assert not panel.tree.isColumnHidden(column)
    header = panel.tree.header()
    assert header.length() <= panel.tree.viewport().width() + 1  # no sideways scrolling
    for field in panel.form.fields():
        assert field.isVisible() and not field.visibleRegion().isEmpty(), field.objectName()
    keys.press("F7")
    qtbot.waitUntil(lambda: not panel.isFloating())
    assert not panel.is_wide()


def test_docked_at_300_px_a_form_field_taking_the_keyboard_is_scrolled_into_view(
        qtbot, window: MainWindow, keys: Keyboard) -> None:
    window.resize(1280, 720)
    panel = window.action_plan_panel
    keys.press("Ctrl+Shift+A")
    window.resizeDocks([panel], [300], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.width() <= 320)
    step = shown_plan(window).objectives[0].steps[0]
    panel.select_row(step.id)
    panel.tree.setFocus()
    for field in panel.form.fields()[1:]:
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(10)
        assert not field.visibleRegion().isEmpty(), field.objectName()


def test_rows_are_updated_in_place_from_change_notices(window: MainWindow) -> None:
    panel = window.action_plan_panel
    plan = shown_plan(window)
    first, second = plan.objectives[0].steps[:2]
    row = panel.step_row(first.id)
    assert panel.select_row(second.id)
    assert panel.set_step_field(plan.id, second.id, "notes", "Called on Monday")
    assert panel.step_row(first.id) is row  # the other rows were not rebuilt
    assert current_id(panel) == second.id  # the selection stays


def test_a_field_with_the_keyboard_never_carries_one_steps_value_to_the_next(window: MainWindow,
                                                                              keys: Keyboard) -> None:
    panel = window.action_plan_panel
    first, second = shown_plan(window).objectives[0].steps[:2]
    assert panel.select_row(first.id)
    panel.form.when_edit.setFocus(Qt.FocusReason.TabFocusReason)
    keys.qtbot.keyClicks(panel.form.when_edit, "Q1 2027")  # typed, not yet confirmed
    assert panel.add_step_here()  # Ctrl+Enter from the form: what was typed is kept for the first step
    new_id = current_id(panel)
    steps = {s.id: s for o in shown_plan(window).objectives for s in o.steps}
    assert (steps[first.id].when, steps[first.id].when_text) == (None, "Q1 2027")
    assert (steps[new_id].when, steps[new_id].when_text) == (None, "")
    assert panel.form.when_edit.text() == ""
    assert panel.select_row(second.id)
    assert panel.form.when_edit.text() == second.when.isoformat()


def test_undoing_a_new_step_while_its_text_is_open_says_nothing_odd(window: MainWindow,
                                                                     keys: Keyboard) -> None:
    panel = window.action_plan_panel
    keys.press("Ctrl+Shift+A", "Ctrl+Return")
    assert editing_in_chart(panel)
    window.action("action_undo").trigger()  # the toolbar's Undo, the new row's text still open
    keys.press("F7")  # the wide view keeps what is being typed: here, nothing to keep
    assert panel.is_wide() and panel.message() == ""


def test_f2_renames_the_plan_in_the_list_and_delete_deletes_the_plan_not_the_map(window: MainWindow,
                                                                                  keys: Keyboard) -> None:
    panel = window.action_plan_panel
    points_before = len(window.document.workshop.points)
    window.canvas.select_ids([window.document.workshop.points[0].id])
    plan_id = panel.current_plan_id()
    keys.press("Ctrl+Shift+A", "Shift+Tab")  # from the chart back to the list of plans
    assert keys.focused() is panel.plan_list
    keys.press("F2")
    keys.type("Housing first")
    assert window.document.get("action_plans", plan_id).title == "Housing first"
    keys.press("Delete")
    assert window.document.get("action_plans", plan_id) is None
    assert len(window.document.workshop.points) == points_before
    keys.press("Ctrl+Z")
    assert window.document.get("action_plans", plan_id).title == "Housing first"
