"""Light, Dark and High-contrast looks: an application palette plus the matching map theme.

High contrast is what a projector in a bright room needs (and presentation mode uses it); the
choice is remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ..files.settings import AppSettings
from ..map.map_theme import MapTheme, theme_named

LIGHT = "light"
DARK = "dark"
HIGH_CONTRAST = "high-contrast"


class ThemeColours(NamedTuple):
    """The few colours a palette is built from."""

    window: str
    base: str
    alternate: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    tooltip_base: str


THEMES: dict[str, tuple[str, ThemeColours]] = {
    LIGHT: ("Light", ThemeColours(
        window="#f3f3f3", base="#ffffff", alternate="#f0f4f8", text="#1a1a1a", button="#e8e8e8",
        highlight="#1f5fa8", highlighted_text="#ffffff", link="#1f5fa8", disabled_text="#8a8a8a",
        tooltip_base="#ffffe1",
    )),
    DARK: ("Dark", ThemeColours(
        window="#262a30", base="#1c1f24", alternate="#2b3038", text="#e8e8e8", button="#343a42",
        highlight="#4c8fd6", highlighted_text="#000000", link="#8cc4ff", disabled_text="#7d8590",
        tooltip_base="#343a42",
    )),
    HIGH_CONTRAST: ("High contrast", ThemeColours(
        window="#000000", base="#000000", alternate="#1a1a1a", text="#ffffff", button="#000000",
        highlight="#ffff00", highlighted_text="#000000", link="#00ffff", disabled_text="#b0b0b0",
        tooltip_base="#000000",
    )),
}


def theme_names() -> list[str]:
    """Theme ids in menu order."""
    return list(THEMES)


def theme_title(name: str) -> str:
    """The menu text of a theme."""
    return THEMES[name][0]


def normalise(name: str) -> str:
    """A known theme id (unknown names from an old settings file fall back to Light)."""
    return name if name in THEMES else LIGHT


def build_palette(name: str) -> QPalette:
    """The application palette of a theme."""
    c = THEMES[normalise(name)][1]
    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, c.window), (role.WindowText, c.text), (role.Base, c.base),
        (role.AlternateBase, c.alternate), (role.Text, c.text), (role.Button, c.button),
        (role.ButtonText, c.text), (role.Highlight, c.highlight), (role.HighlightedText, c.highlighted_text),
        (role.Link, c.link), (role.ToolTipBase, c.tooltip_base), (role.ToolTipText, c.text),
        (role.PlaceholderText, c.disabled_text), (role.BrightText, c.highlight),
    ):
        palette.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, r, QColor(c.disabled_text))
    return palette


# Fusion draws field frames a shade darker than the window: on black that is invisible, so the
# high-contrast theme outlines editable fields in white.
HIGH_CONTRAST_STYLE = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QListView, QTreeView, QTableView {
    border: 1px solid #ffffff;
}
QLineEdit:focus, QPlainTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus { border: 2px solid #ffff00; }
"""


# Set on the application once it draws with Fusion. Asking ``app.style()`` instead would build
# PySide's QStyle wrapper with its hundreds of enum members: ~8 ms before the first paint.
FUSION_PROPERTY = "intercept_mapper_fusion"


def apply_palette(name: str) -> None:
    """Give the running application the theme's palette (Fusion style, so palettes apply everywhere)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not app.property(FUSION_PROPERTY):
        app.setStyle("Fusion")
        app.setProperty(FUSION_PROPERTY, True)
    app.setPalette(build_palette(name))
    app.setStyleSheet(HIGH_CONTRAST_STYLE if normalise(name) == HIGH_CONTRAST else "")


def map_theme(name: str) -> MapTheme:
    """The canvas theme matching ``name``."""
    return theme_named(normalise(name))


class ThemeSwitcher(QObject):
    """The current theme of the window: applies the palette and the map theme, remembers the choice."""

    sig_theme_changed = Signal(str)

    def __init__(self, settings: AppSettings, apply_map_theme: Callable[[MapTheme], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._apply_map_theme = apply_map_theme
        self.current = normalise(settings.theme())

    def start(self) -> MapTheme:
        """Give the application the remembered theme's palette; returns the map theme to draw with."""
        apply_palette(self.current)
        return map_theme(self.current)

    def set_theme(self, name: str, remember: bool = True) -> None:
        """Switch to theme ``name``; ``remember`` stores it (presentation mode switches without it)."""
        name = normalise(name)
        self.current = name
        apply_palette(name)
        self._apply_map_theme(map_theme(name))
        if remember:
            self._settings.set_theme(name)
        self.sig_theme_changed.emit(name)
