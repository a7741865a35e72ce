"""Screenshots of the action-plan panel as a facilitator sees it on day two, docked and wide.

Run offscreen or under a virtual screen, for example::

    QT_QPA_PLATFORM=offscreen python tools/plan_screenshots.py OUT_PREFIX [FILE.simmap]

For each window size (1280x720 and 1024x768) it writes OUT_PREFIX_<w>x<h>_docked*.png (the panel in
front of the right-hand dock column, 300 px wide: a step selected, its When field taking the keyboard,
a new step open for typing) and OUT_PREFIX_<w>x<h>_wide*.png (the planning view filling the window),
each grabbed with QWidget.grab(). Nothing is saved: every added step is undone.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app, not an installed one

SIZES = ((1280, 720), (1024, 768))
DOCK_WIDTH = 300


def main(argv: list[str]) -> int:
    """Open the sample (or FILE), then grab the window with the panel docked, then in wide mode."""
    if not argv:
        print(__doc__)
        return 2
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ.setdefault(name, tempfile.mkdtemp())  # never the user's settings or recovery copies
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.resources import SAMPLE_WORKSHOP
    from intercept_mapper.ui import MainWindow

    out = argv[0]
    app = QApplication.instance() or QApplication([])
    for width, height in SIZES:
        window = MainWindow()
        window.resize(width, height)
        window.show()
        window.activateWindow()
        QTest.qWait(300)
        window.open_path(argv[1] if len(argv) > 1 else SAMPLE_WORKSHOP)
        dock = window.action_plan_panel
        QTest.qWait(200)
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        QTest.qWait(200)
        plan = window.document.items("action_plans")[0]
        step = plan.objectives[0].steps[0]
        dock.focus_chart()
        dock.select_row(step.id)
        QTest.qWait(100)
        window.grab().save(f"{out}_{width}x{height}_docked.png")
        dock.form.when_edit.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.qWait(200)
        window.grab().save(f"{out}_{width}x{height}_docked_when.png")
        dock.add_step_here()  # a new step, open for typing
        QTest.qWait(200)
        window.grab().save(f"{out}_{width}x{height}_docked_new_step.png")
        window.undo_stack.undo()
        if hasattr(dock, "set_wide"):
            dock.set_wide(True)
            QTest.qWait(300)
            dock.select_row(step.id)
            QTest.qWait(100)
            dock.grab().save(f"{out}_{width}x{height}_wide.png")
            dock.add_step_here()
            QTest.qWait(200)
            dock.grab().save(f"{out}_{width}x{height}_wide_new_step.png")
            window.undo_stack.undo()
            dock.set_wide(False)
        window.files.ask_save_changes = lambda *_args: "discard"
        window.close()
        QTest.qWait(100)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
