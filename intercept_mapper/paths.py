"""Per-user folders (settings, recent files, recovery copies), from platformdirs. No Qt here.

Tests point the XDG variables at a temporary folder, so nothing here may cache a path at import time.
"""

from pathlib import Path

import platformdirs

APP_NAME = "intercept-mapper"


def user_data_dir() -> Path:
    """Folder for data the app keeps per user (recovery copies live below it)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Folder for the settings file."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def recovery_dir() -> Path:
    """Folder for recovery copies written after each edit; never the user's own folder."""
    return user_data_dir() / "recovery"


def settings_file() -> Path:
    """The settings file (QSettings in INI format, opened by path so tests can redirect it)."""
    return user_config_dir() / "settings.ini"
