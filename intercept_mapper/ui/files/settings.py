"""The app's remembered choices (recent files, theme, window geometry) in an INI file opened by path.

The file lives at ``paths.settings_file()``; tests redirect the per-user folders, so opening QSettings
by path (never by organisation name) keeps every test away from the real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ... import paths

MAX_RECENT_FILES = 10
DEFAULT_THEME = "light"

_RECENT_KEY = "files/recent"
_THEME_KEY = "appearance/theme"
_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"


class AppSettings:
    """Typed access to the settings file; every setter writes through at once."""

    def __init__(self, path: Path | None = None) -> None:
        target = path or paths.settings_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(target), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        """The settings file on disk."""
        return self._qsettings.fileName()

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        """Recently opened or saved files, newest first."""
        value = self._qsettings.value(_RECENT_KEY, [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return [str(v) for v in value or [] if v][:MAX_RECENT_FILES]

    def add_recent_file(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` at the top of the recent files (once)."""
        text = str(Path(path).absolute())
        files = [text] + [f for f in self.recent_files() if f != text]
        self._set(_RECENT_KEY, files[:MAX_RECENT_FILES])

    def remove_recent_file(self, path: str | os.PathLike[str]) -> None:
        """Drop ``path`` from the recent files (it no longer opens)."""
        text = str(Path(path).absolute())
        self._set(_RECENT_KEY, [f for f in self.recent_files() if f != text])

    def clear_recent_files(self) -> None:
        """Forget every recent file."""
        self._set(_RECENT_KEY, [])

    # ------------------------------------------------------------------ appearance
    def theme(self) -> str:
        """The chosen theme name (see ``window.themes.THEMES``)."""
        return str(self._qsettings.value(_THEME_KEY, DEFAULT_THEME) or DEFAULT_THEME)

    def set_theme(self, name: str) -> None:
        """Remember the theme."""
        self._set(_THEME_KEY, name)

    # ------------------------------------------------------------------ window
    def window_geometry(self) -> QByteArray | None:
        """The saved window geometry, or None."""
        value = self._qsettings.value(_GEOMETRY_KEY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        """The saved dock and toolbar layout, or None."""
        value = self._qsettings.value(_STATE_KEY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the window geometry and its dock and toolbar layout."""
        self._qsettings.setValue(_GEOMETRY_KEY, geometry)
        self._set(_STATE_KEY, state)

    def _set(self, key: str, value: object) -> None:
        self._qsettings.setValue(key, value)
        self._qsettings.sync()
