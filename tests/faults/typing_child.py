"""Run by test_killed_while_typing.py: a real window where a facilitator types, then killed with SIGKILL.

``burst PATH TITLE...``: open PATH, add a gap and type each title at typing speed, Tab after each (Tab
keeps the title and starts the next gap). ``typing PATH TITLE``: add a gap and type its title, no
Enter. ``rename PATH TITLE``: rename the first decision point with F2 and type, no Enter (the undo
stack stays clean). ``participant PATH TEXT``: open the first participant's organisation cell in the
participants list and type over it, no Enter. Prints ``TYPED`` when the last key has been handled, then
runs the event loop until the test kills it.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from intercept_mapper.ui import MainWindow  # noqa: E402
from intercept_mapper.ui.window import window_actions as wa  # noqa: E402

KEY_DELAY_MS = 15  # a fast typist; the event loop runs between keys, as it does for a person


def main(mode: str, path: str, titles: list[str]) -> None:
    """Open ``path`` and type as ``mode`` says; then idle in the event loop until killed."""
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    assert window.open_path(path)
    QTest.qWait(2000)  # a quiet moment after opening (longer than any copy timer), as in the room
    view = window.map_view
    if mode == "participant":
        panel = window.participants_panel
        panel.show()
        panel.raise_()
        panel.row_of("")  # the rows as of now
        panel.table.setCurrentCell(0, 1)  # the organisation
        panel.table.setFocus()
        panel.table.editItem(panel.table.currentItem())  # as a double-click does
        view = panel.table.indexWidget(panel.table.currentIndex())
        view.selectAll()
    elif mode == "rename":
        window.canvas.select_ids([window.document.workshop.points[0].id])
        window.action(wa.ACTION_RENAME).trigger()
    else:
        window.action(wa.ACTION_ADD_GAP).trigger()
    for n, title in enumerate(titles):
        QTest.keyClicks(view, title, Qt.KeyboardModifier.NoModifier, KEY_DELAY_MS)
        if mode == "burst":
            QTest.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, KEY_DELAY_MS)
        elif n < len(titles) - 1:
            raise SystemExit(f"{mode} takes one title")
    print("TYPED", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
