"""``intercept-mapper --smoke-test FILE``: open the app on FILE, wait until the window is whole and
painted, and quit: 0, or 1 with ``error:`` lines (contracts section 5).

For installers, frozen bundles and CI: it proves that Qt, its plugins, the fonts, the icon and the
package data load on this machine and that FILE opens. It touches none of the user's settings (a
throw-away settings file) and offers no crash copies. A dialog that would wait for a person, a Python
exception inside Qt's event loop, or nothing painted within the time limit is a failure.

With ``INTERCEPT_MAPPER_SMOKE_EXPORT=OUT.pdf`` set, the painted window then exports its report to
OUT.pdf through File > Export Report's own code (``ExportActions.export_pdf``: the child process it
starts, ``python -m intercept_mapper export`` or a frozen bundle's own program), and the test passes only
when OUT.pdf is written as a PDF. Packagers and tests/packaging/test_bundle.py use it to prove that the
app's export starts its child in the built bundle; it is no option a user needs, so it is no argument.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from ..model import InputError
from ..model.simmap_file import load_workshop
from .window.first_paint import FirstPaintWatch

TIMEOUT_S = 60.0  # INTERCEPT_MAPPER_SMOKE_TIMEOUT (seconds) overrides it
EXPORT_VARIABLE = "INTERCEPT_MAPPER_SMOKE_EXPORT"  # a PDF to export through the app once it is painted
# What the contract's automation looks for (contracts section 4) once the window is whole.
NAMED_WIDGETS = ("map_view", "inspector", "priorities_panel", "action_plan_panel")
NAMED_ACTIONS = ("action_new", "action_open", "action_save", "action_undo", "action_export_pdf")


class SmokeTest(QObject):
    """Follows one window from construction to its first whole paint with FILE open."""

    def __init__(self, app: QApplication, path: Path, points: int, timeout_s: float,
                 export_to: Path | None = None) -> None:
        super().__init__()
        self.export_to = export_to
        from .files.settings import AppSettings
        from .window.main_window import MainWindow

        self.app, self.path, self.points = app, path, points
        self.failures: list[str] = []
        self.started = time.monotonic()
        self._settings_dir = tempfile.TemporaryDirectory(prefix="intercept-mapper-smoke-")
        self.window = MainWindow(AppSettings(Path(self._settings_dir.name) / "settings.ini"), opening=path)
        self._watch: FirstPaintWatch | None = None
        self._modal = QTimer(self)
        self._modal.timeout.connect(self._no_modal_dialog)
        self._modal.start(100)
        QTimer.singleShot(int(timeout_s * 1000), lambda: self.fail(f"the window was not whole and painted "
                                                                   f"within {timeout_s:g} s"))

    def start(self) -> None:
        """Show the window; the rest follows from its events."""
        self.window.show()
        self.window.when_built(self._built)

    def fail(self, message: str) -> None:
        """Record a failure and stop the event loop (and any dialog's)."""
        self.failures.append(message)
        self.app.exit(1)

    def _no_modal_dialog(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            text = getattr(dialog, "text", lambda: "")()
            dialog.close()
            self.fail(f"the app showed a dialog: {dialog.windowTitle()}: {text}".rstrip(": "))

    def _built(self) -> None:
        window = self.window
        if not window.opened_on_start and not window.open_path(self.path):
            self.fail("the file did not open")
            return
        if window.session.path != self.path.absolute() or len(window.document.workshop.points) != self.points:
            self.fail("the window does not show the file")
            return
        window.priorities_panel, window.action_plan_panel  # noqa: B018 - build the late panels now
        missing = [name for name in NAMED_WIDGETS if window.findChild(QWidget, name) is None]
        missing += [name for name in NAMED_ACTIONS if window.findChild(QAction, name) is None]
        if not window.windowIcon().availableSizes():
            missing.append("icon")
        if missing:
            self.fail(f"the window has no {', '.join(missing)}")
            return
        # Whole: now wait for the map to be painted with everything in place.
        viewport = window.map_view.viewport()
        self._watch = FirstPaintWatch(viewport, lambda: QTimer.singleShot(0, self._painted))
        viewport.update()

    def _painted(self) -> None:
        window = self.window
        if not window.isVisible() or window.map_view.scene() is None or not window.map_view.scene().items():
            self.fail("the map was painted empty")
            return
        seconds = time.monotonic() - self.started
        print(f"smoke test: {self.path.name} opened, whole and painted in {seconds:.1f} s "
              f"({self.points} decision points)", flush=True)
        if self.export_to is None:
            self.app.exit(0)
            return
        self._export()

    def _export(self) -> None:
        """File > Export Report's code path, without its dialogs: the report goes to ``export_to``."""
        from .dialogs.export_dialogs import PdfOptions

        exports = self.window.exports
        exports.show_error = lambda title, text: self.fail(f"{title}: {text}")
        exports.open_file = lambda path: None
        exports.sig_export_finished.connect(self._exported)
        self._export_started = time.monotonic()
        if not exports.export_pdf(self.export_to, PdfOptions(path=str(self.export_to))):
            self.fail("the report export did not start")

    def _exported(self, path: str, written: bool) -> None:
        target = Path(path)
        if not written or not target.is_file() or not target.read_bytes().startswith(b"%PDF-"):
            self.fail(f"the report was not exported to {path}")
            return
        seconds = time.monotonic() - self._export_started
        print(f"smoke test: report exported to {path} in {seconds:.1f} s", flush=True)
        self.app.exit(0)

    def close(self) -> None:
        """Take the window down without asking anything, and remove the throw-away settings."""
        self._modal.stop()
        self.window.hide()
        self.window.deleteLater()
        self._settings_dir.cleanup()


def run_smoke_test(path: Path, timeout_s: float | None = None) -> int:
    """Open the app on ``path`` until its window is whole and painted; 0, or 1 with ``error:`` lines."""
    from .app import _application, _load_fonts

    if timeout_s is None:
        timeout_s = float(os.environ.get("INTERCEPT_MAPPER_SMOKE_TIMEOUT") or TIMEOUT_S)
    try:
        workshop = load_workshop(path)
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    app = _application()
    _load_fonts()
    export_to = os.environ.get(EXPORT_VARIABLE) or None
    test = SmokeTest(app, path, len(workshop.points), timeout_s,
                     Path(export_to).absolute() if export_to else None)
    previous_hook = sys.excepthook

    def exception_in_qt(kind: type[BaseException], value: BaseException, tb: object) -> None:
        test.fail(f"{kind.__name__}: {value}")

    sys.excepthook = exception_in_qt  # PySide reports a slot's exception here and carries on
    try:
        test.start()
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        test.close()
    if test.failures or code != 0:
        for message in test.failures or [f"the app exited with status {code}"]:
            print(f"error: {path}: {message}", file=sys.stderr)
        return 1
    return 0
