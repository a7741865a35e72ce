"""Shared test set-up: offscreen Qt, and per-user folders redirected so no test touches real files."""

import os
import sys
from pathlib import Path

import pytest

from intercept_mapper.resources import SAMPLES_DIR

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = SAMPLES_DIR  # copies of shared/samples, so tests need nothing outside the repo
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs (XDG) and HOME at a fresh folder for every test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def user_home(_isolated_user_dirs: Path) -> Path:
    """The redirected home folder of this test."""
    return _isolated_user_dirs


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Empty the clipboard before the interpreter exits.

    Qt's offscreen platform crashes (SIGSEGV) at exit when its clipboard still owns data that a copy
    test put there; a real display (xcb) does not. Without this, a green run ends with exit code 139.
    """
    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
