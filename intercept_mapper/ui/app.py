"""Start the desktop app: the QApplication, the bundled fonts, the window, recovery, the file to open."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from ..resources import FONTS_DIR
from . import startup_gc
from .files.desktop_open_requests import DesktopOpenRequests
from .files.document_session import APP_TITLE
from .files.recovery_copies import find_recovery_copies
from .window.first_paint import FirstPaintWatch
from .window.main_window import MainWindow
from .window.themes import FUSION_PROPERTY

ORGANISATION = "Intercept Mapper"
RESUME_AT_LATEST_MS = 10_000


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling as the screen asks (125 %, 150 %): text stays crisp on laptops and projectors.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([*sys.argv[:1], "-style", "fusion"])  # the style every theme's palette is made for
    app.setProperty(FUSION_PROPERTY, True)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("intercept-mapper")
    return app


def _load_fonts() -> None:
    # The map is drawn in DejaVu Sans, bundled so that it looks the same on every machine.
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))


def _exec(app: QApplication, window: MainWindow) -> int:
    return app.exec()


def run_app(path: str | None = None) -> int:
    """Open the main window (with ``path``, or an empty SAMHSA workshop); returns the exit status."""
    app = _application()
    _load_fonts()
    # With no crash copies to offer first, the window paints the file's map (or a new workshop's empty
    # one) before the document model has loaded and opens the file itself right after that first paint
    # (when the map can be read quickly; else it is opened here once the window is built, as before).
    copies_waiting = bool(find_recovery_copies())
    opening = path if path and Path(path).is_file() and not copies_waiting else None
    window = MainWindow(opening=opening, blank_first=not path and not copies_waiting)
    app.installEventFilter(DesktopOpenRequests(window))  # macOS: a file opened from Finder
    window.show()
    watch = _resume_collector_when_shown(window)  # noqa: F841 - watching until the app exits
    window.when_built(lambda: window.opened_on_start or _open_first(window, path))
    return _exec(app, window)


def _resume_collector_when_shown(window: MainWindow) -> FirstPaintWatch:
    # The command line paused the garbage collector for start-up (ui/startup_gc.py). It resumes right
    # after the map's first paint once the window is whole, so that its one collection never delays
    # that paint; at the latest after RESUME_AT_LATEST_MS (a window started minimised paints late).
    def painted() -> None:
        window.when_built(lambda: QTimer.singleShot(0, startup_gc.resume))

    QTimer.singleShot(RESUME_AT_LATEST_MS, startup_gc.resume)
    return FirstPaintWatch(window.map_view.viewport(), painted)


def _open_first(window: MainWindow, path: str | None) -> None:
    """Offer crash copies, then open ``path`` (unless a copy was restored)."""
    restored = window.offer_recovery()
    if path and not restored:
        if not Path(path).exists():
            window.files.show_error("Cannot open workshop", f"{path}: no such file")
        else:  # the copies were just offered: not a second time for this file
            window.files.open_file(Path(path), offer_copies=False)
    elif path and restored:
        window.status.say(f"Restored unsaved work; {Path(path).name} was not opened")
