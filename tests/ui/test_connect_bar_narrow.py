"""The connect bar stays on the map however narrow the window gets, and lands in one place."""

from __future__ import annotations

import pytest

from intercept_mapper.ui import MainWindow
from tests.ui.test_map_keyboard import Keyboard, sample, window  # noqa: F401 - fixtures


@pytest.mark.parametrize("narrowed", [300, 500, 700])
def test_the_bar_stays_inside_the_map_when_the_window_narrows(qtbot, sample: MainWindow,  # noqa: F811
                                                             narrowed: int) -> None:
    sample.resize(1280, 720)
    keys = Keyboard(qtbot, sample)
    keys.press("1", "Down", "Ctrl+L")
    connector = sample.canvas.connector
    bar = connector.bar()
    before = bar.geometry()
    sample.resize(sample.width() - narrowed, sample.height())
    qtbot.waitUntil(lambda: bar.geometry() != before)
    qtbot.wait(50)  # (placed after the view has handled its resize)
    area = sample.map_view.viewport().geometry()
    assert bar.geometry().left() >= area.left()  # its start (what is typed) is never off the map's left
    assert bar.geometry().right() <= area.right() or bar.geometry().left() == area.left()
    # Every line of the hint, wrapped on a narrow map, is inside the bar (its second line was cut off).
    assert bar.hint.height() >= bar.hint.heightForWidth(bar.hint.width())
    assert bar.contentsRect().contains(bar.hint.geometry())
    placed = bar.geometry()
    bar.place()
    assert bar.geometry() == placed  # placed again with nothing changed: the same place
