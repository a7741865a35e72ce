"""On a 1280x720 projector and a 1024x768 laptop the docks give way to the map, and the connect bar is
whole: after a layout saved on a large screen, and when the window is made smaller while open.

The figures asserted: the map keeps at least ``MAP_MIN_SHARE`` (55 %) of the window's width and
``MAP_MIN_HEIGHT_SHARE`` (two thirds) of its height, i.e. at least 704x480 px at 1280x720 and 563x512 px
at 1024x768. N = 480 px at 720 because the room must read the map: the sample fitted into 704x480 is
drawn at ~31 % with its titles; under 28 % (``LOW_DETAIL``) boxes are drawn blank, as the app under
Xvfb drew it in a 692x432 map (60 % of the height, tried first). Offscreen, 704x432 fits it at 28.6 %,
so the zoom asserted below holds with either share: the heights asserted are what tell them apart.
With no dock above or below it the map has ~645 px of a 720 px window (menus, toolbar and status bar
take the rest); a dock below it keeps ~150 px (six rows of history).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from window_helpers import forbid_modal_dialogs

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.map.connect_bar import HINT
from intercept_mapper.ui.map.point_item import LOW_DETAIL
from intercept_mapper.ui.window.window_layout import (
    FOLD_BELOW_WIDTH,
    MAP_MIN_HEIGHT_SHARE,
    MAP_MIN_SHARE,
    OUTLINE_MIN_WIDTH,
    shorter_heights,
)
from tests.ui.test_map_keyboard import Keyboard

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
SMALL_SCREENS = [(1280, 720), (1024, 768)]


def test_shorter_heights_takes_from_each_in_proportion() -> None:
    assert shorter_heights([300, 100], 200) == [150, 50]
    assert shorter_heights([300], 500) == [0]  # (Qt keeps a dock at its minimum height)
    assert shorter_heights([300, 100], 0) == [300, 100]
    assert FOLD_BELOW_WIDTH == 1200  # outline 240 + inspector 300 is 45 % of 1200


def _window(qtbot, size: tuple[int, int], opening: bool = True) -> MainWindow:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if opening:
        assert window.open_path(SAMPLE_WORKSHOP)
    qtbot.waitUntil(lambda: window.findChild(QDockWidget, "priorities_panel") is not None)
    return window


def _map_has_its_share(window: MainWindow) -> bool:
    view = window.map_view
    return (view.width() >= MAP_MIN_SHARE * window.width() - 2
            and view.height() >= MAP_MIN_HEIGHT_SHARE * window.height() - 2)


def _save_a_large_screens_layout(qtbot) -> None:  # noqa: ANN001
    """A 1900x1050 window with a wide outline and inspector and the history dragged below the map."""
    big = _window(qtbot, (1900, 1050), opening=False)
    big.addDockWidget(BOTTOM, big.history)
    big.history.show()
    big.resizeDocks([big.outline, big.inspector], [380, 460], Qt.Orientation.Horizontal)
    big.resizeDocks([big.history], [380], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: big.history.height() >= 370 and big.outline.width() >= 370)
    # Kept as it is, what is not map would leave the map of a 720 px window under 300 px.
    assert 720 - (big.height() - big.map_view.height()) < 300
    big.close()


@pytest.mark.parametrize("size", SMALL_SCREENS)
def test_a_large_screens_layout_leaves_the_map_most_of_a_small_window(qtbot, monkeypatch, size) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    _save_a_large_screens_layout(qtbot)

    window = _window(qtbot, size)
    qtbot.waitUntil(lambda: _map_has_its_share(window), timeout=3000)
    assert window.dockWidgetArea(window.history) == BOTTOM  # still where the user put it, only shorter
    assert window.history.height() >= 100
    window.canvas.call("fit_to_window")
    assert window.map_view.zoom_factor() >= LOW_DETAIL  # the whole map fitted, its titles drawn
    if size[0] < FOLD_BELOW_WIDTH:  # too narrow for two dock columns: the outline is a tab on the right
        assert window.dockWidgetArea(window.outline) == RIGHT
        assert window.outline in window.tabifiedDockWidgets(window.inspector)
    else:
        assert window.dockWidgetArea(window.outline) == LEFT
        assert window.outline.width() >= OUTLINE_MIN_WIDTH
    window.close()


def test_a_window_made_narrow_gives_the_map_its_share_and_back(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (1900, 1050))
    qtbot.waitUntil(lambda: window.map_view.width() > 1100)
    assert window.dockWidgetArea(window.outline) == LEFT

    window.resize(760, 1050)  # before: the docks kept their widths and the map got ~118 px
    qtbot.waitUntil(lambda: _map_has_its_share(window), timeout=3000)
    assert window.outline in window.tabifiedDockWidgets(window.inspector)
    window.action("action_focus_outline").trigger()  # the keyboard still reaches the outline
    qtbot.waitUntil(lambda: window.outline.tree.hasFocus())

    window.resize(1900, 1050)  # wide again: the outline the narrow window moved goes back
    qtbot.waitUntil(lambda: window.dockWidgetArea(window.outline) == LEFT, timeout=3000)
    assert window.outline.isVisible() and window.inspector.isVisible()
    window.resize(760, 1050)
    qtbot.waitUntil(lambda: window.dockWidgetArea(window.outline) == RIGHT, timeout=3000)
    window.close()  # closed while narrow: the layout remembered is the user's, outline on the left

    again = _window(qtbot, (1900, 1050), opening=False)
    assert again.dockWidgetArea(again.outline) == LEFT
    assert again.outline.isVisible()
    again.close()


def test_an_outline_the_user_moved_stays_where_they_put_it(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (1900, 1050), opening=False)
    window.resize(760, 1050)
    qtbot.waitUntil(lambda: window.dockWidgetArea(window.outline) == RIGHT, timeout=3000)
    window.outline.setFloating(True)  # the user's choice now
    window.resize(1900, 1050)
    qtbot.wait(200)
    assert window.outline.isFloating()
    window.close()


def test_with_the_inspector_closed_a_narrow_window_keeps_the_outline_on_the_left(qtbot, monkeypatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    window = _window(qtbot, (1900, 1050), opening=False)
    window.inspector.close()
    for dock in window.findChildren(QDockWidget):
        if window.dockWidgetArea(dock) == RIGHT:
            dock.close()  # no right-hand column at all
    window.resize(900, 1050)
    qtbot.wait(200)
    assert window.dockWidgetArea(window.outline) == LEFT and window.outline.isVisible()
    assert _map_has_its_share(window)  # the outline alone leaves the map its share
    window.close()


@pytest.mark.parametrize("size", SMALL_SCREENS)
def test_the_connect_bar_shows_its_whole_text_on_a_small_screen(qtbot, monkeypatch, size) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    _save_a_large_screens_layout(qtbot)
    window = _window(qtbot, size)
    qtbot.waitUntil(lambda: _map_has_its_share(window), timeout=3000)
    window.map_view.setFocus()
    Keyboard(qtbot, window).press("1", "Down", "Ctrl+L")  # a point of intercept 1, then connect
    bar = window.canvas.connector.bar()
    qtbot.waitUntil(bar.isVisible)
    fixed = bar._fixed_title
    assert fixed and bar.fixed.text() == fixed  # the fixed end's title whole, not cut with "…"
    assert bar.edit.width() >= bar.edit.fontMetrics().horizontalAdvance("Emergency department")
    assert bar.hint.text() == HINT
    assert bar.hint.height() >= bar.hint.heightForWidth(bar.hint.width())  # every line of the hint
    area = window.map_view.viewport().geometry()
    assert area.contains(bar.geometry())
    window.close()
