"""F7 (Action Plans Wide) works while presenting (issue 15): the menus are hidden then, so the key
reaches the action through the window; the wide plans cover the full-screen window, and F7 or Esc in the
chart puts the presentation back as it was, docks hidden; leaving presentation shows the docks again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.window import window_actions as wa


@pytest.fixture
def presenting(qtbot, monkeypatch) -> MainWindow:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    window.action_plan_panel.show()  # a tab behind the inspector, as the window builds it
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.presentation.enter()
    assert window.presentation.is_active() and window.menuBar().isHidden()
    assert not window.action_plan_panel.isVisible()  # docks are hidden while presenting
    return window


def _press_f7(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() in (window, window.action_plan_panel)
    qtbot.keyClick(focused, Qt.Key.Key_F7)  # a real key press where the keyboard is


def test_f7_shows_the_wide_plans_over_the_presentation_and_f7_goes_back(qtbot, presenting) -> None:
    window, panel = presenting, presenting.action_plan_panel
    assert window.action(wa.ACTION_PLANNING_VIEW).shortcut().toString() == "F7"
    _press_f7(qtbot, window)
    assert panel.is_wide() and panel.isVisible() and panel.isFloating()
    assert window.action(wa.ACTION_PLANNING_VIEW).isChecked()
    covered = panel.geometry()
    assert covered.width() >= window.width() - 8 and covered.height() >= window.height() - 8
    assert window.presentation.is_active()  # still presenting underneath
    _press_f7(qtbot, window)
    assert not panel.is_wide() and not window.action(wa.ACTION_PLANNING_VIEW).isChecked()
    assert window.presentation.is_active() and not panel.isVisible()  # back to the bare presentation
    window.presentation.leave()
    assert panel.isVisible() and not panel.isFloating()  # the dock as it was before presenting


def test_escape_in_the_wide_chart_leaves_only_the_wide_view(qtbot, presenting: MainWindow) -> None:
    window, panel = presenting, presenting.action_plan_panel
    _press_f7(qtbot, window)
    assert panel.is_wide()
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Escape)
    assert not panel.is_wide() and not panel.isVisible()
    assert window.presentation.is_active()  # Esc left the wide plans only...
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.presentation.is_active()  # ...and the next Esc the presentation, as before


def test_page_down_in_the_wide_chart_does_not_turn_the_presentation_page(qtbot, presenting) -> None:
    window, panel = presenting, presenting.action_plan_panel
    step = window.presentation.current_step()
    _press_f7(qtbot, window)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_PageDown)
    assert window.presentation.current_step() == step and panel.is_wide()
