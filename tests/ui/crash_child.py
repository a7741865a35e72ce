"""Run by test_recovery.py: open a window, edit, wait for the recovery copy, then wait to be killed.

Prints ``READY <copy path>`` once the copy holding the edits is on disk; the test then kills this
process with SIGKILL, as a power cut or a crash would.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from intercept_mapper.ui import MainWindow  # noqa: E402
from intercept_mapper.ui.window import window_actions as wa  # noqa: E402


def main(path: str, titles: list[str]) -> None:
    """Open ``path``, add one gap per title through the actions, then idle until killed."""
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    assert window.open_path(path)
    for title in titles:
        window.action(wa.ACTION_ADD_GAP).trigger()
        QTest.keyClicks(window.map_view, title)  # typed into the title editor that opened in place
        QTest.keyClick(window.map_view, Qt.Key.Key_Return)
    copy = window.recovery.copy_path
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        app.processEvents()
        if copy.exists() and all(t in copy.read_text(encoding="utf-8") for t in titles):
            print(f"READY {copy}", flush=True)
            break
        time.sleep(0.02)
    else:
        print("TIMEOUT", flush=True)
    while True:  # keep editing state alive (and unsaved) until the test kills us
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
