"""Files the desktop asks the running app to open.

macOS does not pass a workshop double-clicked in Finder (or dropped on the Dock icon) on the command
line: it sends the application a ``QFileOpenEvent``, at launch as well as later. Without a handler the
app opens empty and the facilitator's file is silently ignored. This filter hands each request to the
window's usual path for dropped files (a ``.simmap`` is opened after asking about unsaved changes, a
worksheet is imported), once the window is whole, so a request that arrives during start-up waits for
the recovery question and the command-line file.

Public API: ``DesktopOpenRequests`` (install with ``QApplication.installEventFilter``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QFileOpenEvent

from ..window.main_window import MainWindow

__all__ = ["DesktopOpenRequests"]


class DesktopOpenRequests(QObject):
    """Opens the files the desktop sends as ``QFileOpenEvent`` in ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        url = event.url()
        if not url.isLocalFile():
            url = QUrl.fromLocalFile(event.file())
        self._window.when_built(lambda: self._window.files.open_dropped([url]))
        return True
