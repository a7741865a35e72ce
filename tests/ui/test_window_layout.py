"""Dock widths restored from an earlier run at another size are brought back to useful ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDockWidget
from window_helpers import forbid_modal_dialogs

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.files.settings import AppSettings
from intercept_mapper.ui.window.window_layout import (
    COMPACT_BELOW_WIDTH,
    INSPECTOR_MIN_WIDTH,
    MAP_MIN_SHARE,
    OUTLINE_MIN_WIDTH,
    sane_dock_widths,
)


def test_sane_dock_widths_keeps_panels_readable_and_the_map_wide() -> None:
    assert sane_dock_widths(1920, 50, 360) == (OUTLINE_MIN_WIDTH, 360)  # a squeezed outline grows
    assert sane_dock_widths(1920, 300, 1000) == (300, 480)  # an inspector saved huge shrinks
    assert sane_dock_widths(1920, None, 100) == (None, INSPECTOR_MIN_WIDTH)  # outline closed: left alone
    outline, right = sane_dock_widths(1280, 600, 600)
    assert outline >= OUTLINE_MIN_WIDTH and right >= INSPECTOR_MIN_WIDTH
    assert 1280 - outline - right >= MAP_MIN_SHARE * 1280
    outline, right = sane_dock_widths(900, 270, 360)  # a small window: the map still keeps its share
    assert outline + right <= 900 * (1 - MAP_MIN_SHARE)
    # The separators beside the docks count against the docks, not the map.
    outline, right = sane_dock_widths(1280, 380, 460, between=12)
    assert outline + right + 12 <= 1280 * (1 - MAP_MIN_SHARE)
    assert sane_dock_widths(1280, 380, 460, between=2000) == (0, 0)  # (Qt keeps a dock at its minimum)


def _window(qtbot, size: tuple[int, int]) -> MainWindow:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_a_bad_saved_layout_comes_back_sane(qtbot, monkeypatch, size) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    # An earlier run squeezed the outline and widened the inspector, and saved that.
    earlier = _window(qtbot, (COMPACT_BELOW_WIDTH, 900))
    _late_dock(qtbot, earlier, "participants_panel")  # the panels built after the first paint are in
    qtbot.wait(50)
    earlier.resizeDocks([earlier.outline, earlier.inspector], [40, 520], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: earlier.outline.width() < 120)
    earlier.close()
    assert AppSettings().window_state() is not None

    window = _window(qtbot, size)
    width = window.width()
    assert width == size[0]

    def sane() -> bool:
        return (window.outline.width() >= OUTLINE_MIN_WIDTH
                and INSPECTOR_MIN_WIDTH <= window.inspector.width() <= 0.3 * width
                and window.map_view.width() >= MAP_MIN_SHARE * width - 20)

    qtbot.waitUntil(sane, timeout=2000)
    window.close()


def _late_dock(qtbot, window: MainWindow, name: str):  # noqa: ANN001, ANN202
    """The dock of a panel built after the first paint, once it exists."""
    qtbot.waitUntil(lambda: window.findChild(QDockWidget, name) is not None)
    return window.findChild(QDockWidget, name)


def test_panels_built_after_the_first_paint_are_tabs_beside_the_inspector(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (1920, 1080))
    for name in ("priorities_panel", "action_plan_panel", "participants_panel"):
        dock = _late_dock(qtbot, window, name)
        assert not dock.isHidden(), f"{name} is built but hidden"
        assert window.inspector in window.tabifiedDockWidgets(dock)


def _late_docks(qtbot, window: MainWindow) -> dict[str, QDockWidget]:  # noqa: ANN001
    return {name: _late_dock(qtbot, window, name)
            for name in ("priorities_panel", "action_plan_panel", "participants_panel")}


def test_late_panels_keep_their_closed_state_and_place_across_restarts(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    first = _window(qtbot, (1920, 1080))
    docks = _late_docks(qtbot, first)
    docks["action_plan_panel"].close()  # the user closes one panel ...
    docks["participants_panel"].setFloating(True)  # ... and floats another
    qtbot.waitUntil(lambda: docks["action_plan_panel"].isHidden())
    first.close()

    second = _window(qtbot, (1920, 1080))
    docks = _late_docks(qtbot, second)
    assert docks["action_plan_panel"].isHidden()
    assert not docks["action_plan_panel"].toggleViewAction().isChecked()  # View > Panels agrees
    assert not docks["priorities_panel"].isHidden()
    # Still a tab beside the inspector (Qt sorts restored docks into tab groups at its next layout).
    qtbot.waitUntil(lambda: second.inspector in second.tabifiedDockWidgets(docks["priorities_panel"]))
    assert not docks["participants_panel"].isHidden() and docks["participants_panel"].isFloating()
    # Shown again from View > Panels, the closed one comes back (and is remembered shown).
    docks["action_plan_panel"].toggleViewAction().trigger()
    assert not docks["action_plan_panel"].isHidden()
    second.close()

    third = _window(qtbot, (1920, 1080))
    assert not _late_docks(qtbot, third)["action_plan_panel"].isHidden()
    third.close()


def test_a_narrow_first_start_gives_the_map_most_of_the_width(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (1280, 720))
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.outline) == right  # one dock column: the outline is a tab there
    assert window.outline in window.tabifiedDockWidgets(window.inspector)
    qtbot.waitUntil(lambda: window.map_view.width() >= 0.7 * 1280, timeout=2000)
    for dock in _late_docks(qtbot, window).values():
        assert window.inspector in window.tabifiedDockWidgets(dock)
    window.action("action_focus_outline").trigger()  # the keyboard still reaches the outline
    qtbot.waitUntil(lambda: window.outline.tree.hasFocus())
    window.outline.close()  # the user's own layout wins over the narrow default next time
    window.close()

    again = _window(qtbot, (1280, 720))
    assert again.outline.isHidden()
    again.close()


def test_a_wide_first_start_keeps_the_outline_on_the_left(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (COMPACT_BELOW_WIDTH, 900))
    assert window.dockWidgetArea(window.outline) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.outline.isVisible()
    window.close()


def test_panels_built_while_presenting_stay_hidden_until_leaving(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.action("action_presentation_mode").trigger()  # before the first paint builds the late panels
    window.show()
    qtbot.waitExposed(window)
    docks = _late_docks(qtbot, window)
    assert all(dock.isHidden() for dock in docks.values())
    qtbot.waitUntil(lambda: window.map_view.width() == window.width() == window.screen().geometry().width())
    window.action("action_presentation_mode").trigger()
    assert not any(dock.isHidden() for dock in docks.values())
    assert window.inspector.isVisible()
    window.close()


@pytest.mark.parametrize("width", [1024, 1920])
def test_find_is_in_view_and_reached_by_ctrl_f(qtbot, monkeypatch, width) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (width, 720))
    assert window.open_path(SAMPLE_WORKSHOP)
    field = window.find_field
    # On a 1024 px window the end of the toolbar overflows; the field is in the menu bar's corner.
    assert field.isVisible()
    assert window.rect().contains(QRect(field.mapTo(window, QPoint(0, 0)), field.size()))
    assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText())
    window.action("action_find").trigger()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "Crisis")
    assert field.matches  # "Crisis line / 988" is on the map
    window.close()
