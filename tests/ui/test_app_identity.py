"""The app's identity on the desktop: its icon on the application and the window (at every size, and the
committed PNGs drawn from the SVG), and the About box with the version, the licence and the user guide."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel
from window_helpers import make_window

import intercept_mapper
from intercept_mapper import about
from intercept_mapper.resources import APP_ICON_SVG, ICON_SIZES, app_icon_png
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.app import _application
from intercept_mapper.ui.window.about_box import about_box, about_html

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    return make_window(qtbot, monkeypatch)


def test_the_window_and_the_app_carry_the_icon_at_every_size(window: MainWindow, qapp) -> None:
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {QSize(s, s) for s in ICON_SIZES} <= set(icon.availableSizes())
    assert _application() is qapp  # the app the command line starts: its icon for every window
    assert not qapp.windowIcon().isNull()
    assert set(qapp.windowIcon().availableSizes()) == set(icon.availableSizes())
    assert icon.cacheKey() == qapp.windowIcon().cacheKey()


def test_the_committed_pngs_are_the_svg_drawn_at_each_size(qapp) -> None:
    spec = importlib.util.spec_from_file_location("render_icons", REPO / "tools" / "render_icons.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for size in ICON_SIZES:
        committed = QImage(str(app_icon_png(size))).convertToFormat(QImage.Format.Format_ARGB32)
        drawn = QImage.fromData(tool.render(APP_ICON_SVG, size)).convertToFormat(QImage.Format.Format_ARGB32)
        assert committed.size() == QSize(size, size) == drawn.size()
        worst = max(abs(a - b) for x in range(size) for y in range(size)
                    for a, b in zip(committed.pixelColor(x, y).getRgb(), drawn.pixelColor(x, y).getRgb(),
                                    strict=True))
        assert worst <= 8, f"{app_icon_png(size).name} is out of date: run tools/render_icons.py"


def test_the_icon_is_legible_at_16_px(qapp) -> None:
    image = QImage(str(app_icon_png(16)))
    # The six columns stand apart: along a row above the flow arrow, light and dark alternate.
    row = [image.pixelColor(x, 4).lightness() > 150 for x in range(16)]
    changes = sum(a != b for a, b in zip(row, row[1:], strict=False))
    assert changes >= 11, row


def test_the_about_box_says_version_licence_and_where_the_guide_is(window: MainWindow) -> None:
    box = about_box(window)
    text = box.text()
    assert f"Intercept Mapper {about.version()}" in text and intercept_mapper.__version__ in text
    assert "Licence: MIT" in text and "Copyright (c) 2026 Intercept Mapper contributors" in text
    assert "User guide" in text
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.openExternalLinks()
    assert not box.iconPixmap().isNull()
    box.deleteLater()


def test_the_guide_is_a_link_when_it_is_on_this_machine(tmp_path: Path) -> None:
    guide = tmp_path / "user guide.md"
    html = about_html("1.2.3", guide)
    assert 'href="file://' in html and "user%20guide.md" in html and "1.2.3" in html
    assert "docs/user-guide.md in the Intercept Mapper source" in about_html("1.2.3", None)


def test_the_about_action_opens_the_box(window: MainWindow, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("intercept_mapper.ui.window.about_box.QMessageBox.exec",
                        lambda box: shown.append(box.text()) or 0)
    window.action("action_about").trigger()
    assert shown and "Licence: MIT" in shown[0]
    assert QApplication.activeModalWidget() is None
