"""The user guide's pictures, made from the bundled sample so that they always show the app as it is.

    ./dev guide-screenshots            (on Windows: py dev.py guide-screenshots)
    QT_QPA_PLATFORM=offscreen python tools/guide_screenshots.py [OUT_FOLDER] [FILE.simmap]

Opens the real main window on the Riverbend sample (or FILE) at 1280x720, offscreen, puts it in each
state the guide shows and saves one PNG per state into OUT_FOLDER (default: docs/images/):

    main-window.png       the map, fitted, nothing selected: the inspector shows the workshop's details
    inspector-point.png   a decision point selected, its fields in the inspector
    priorities-panel.png  the Priorities panel in front of the right-hand panels
    voting-board.png      the voting board (F6) with the keyboard on the second candidate
    action-plans-wide.png the action plans in the wide view (F7), a step selected
    export-dialog.png     File > Export Report, with FINAL chosen

Nothing is saved: the sample file is never changed, and settings and recovery copies go to a
temporary folder. Each picture is grabbed with QWidget.grab(), so it shows the widget as painted.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

SIZE = (1280, 720)


def main(argv: list[str]) -> int:
    """Make every picture; 0 when all were written."""
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    out = Path(argv[0]) if argv else ROOT / "docs" / "images"
    home = tempfile.mkdtemp(prefix="guide-shots-")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # An offscreen screen of the pictures' size (its default is 800x800), at 96 dpi: the voting
        # board and the wide plans fill it as they fill a projector's 1280x720.
        screen = Path(home) / "screen.json"
        screen.write_text(json.dumps({"screens": [{"name": "Guide", "x": 0, "y": 0, "width": SIZE[0],
                                                   "height": SIZE[1], "logicalDpi": 96, "dpr": 1}]}),
                          encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = os.path.join(home, name.lower())  # never the user's settings or copies
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtGui import QFontDatabase
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.resources import FONTS_DIR, SAMPLE_WORKSHOP
    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.window import window_actions as wa

    app = QApplication.instance() or QApplication([sys.argv[0], "-style", "fusion"])
    for font in sorted(FONTS_DIR.glob("*.ttf")):  # as the app does: the same text on every machine
        QFontDatabase.addApplicationFont(str(font))
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    QTest.qWait(300)
    if not window.open_path(argv[1] if len(argv) > 1 else SAMPLE_WORKSHOP):
        print("guide_screenshots: could not open the workshop", file=sys.stderr)
        return 1
    written: list[Path] = []

    def settle(ms: int = 300) -> None:
        QTest.qWait(ms)
        app.processEvents()

    def save(widget, name: str) -> None:
        path = out / name
        if not widget.grab().save(str(path)):
            raise SystemExit(f"guide_screenshots: could not write {path}")
        written.append(path)

    ws = window.document.workshop
    window.action(wa.ACTION_FIT).trigger()
    window.canvas.scene.select_ids([])
    window.inspector.show()
    window.inspector.raise_()
    settle(600)
    save(window, "main-window.png")

    # A decision point of intercept 1, its fields in the inspector.
    point = next((p for p in ws.points if p.intercept == "1"), ws.points[0])
    window.canvas.scene.select_ids([point.id])
    window.inspector.raise_()
    settle()
    save(window, "inspector-point.png")
    window.canvas.scene.select_ids([])

    panel = window.priorities_panel
    panel.show()
    panel.raise_()
    for _ in range(50):  # the panels catch up on the event loop
        if panel.table.rowCount() == len(ws.voting.candidates):
            break
        settle(100)
    settle()
    save(window, "priorities-panel.png")

    board = panel.show_board()
    board.resize(*SIZE)
    settle(500)
    from PySide6.QtCore import Qt

    QTest.keyClick(board.grid.table, Qt.Key.Key_Down)
    settle(200)
    save(board, "voting-board.png")
    board.close_board()
    settle()

    plans = window.action_plan_panel
    plans.show()
    plans.raise_()
    settle()
    window.action(wa.ACTION_PLANNING_VIEW).trigger()  # F7: the panel floats over the whole window
    settle(500)
    if ws.action_plans and ws.action_plans[0].objectives and ws.action_plans[0].objectives[0].steps:
        plans.focus_chart()
        plans.select_row(ws.action_plans[0].objectives[0].steps[0].id)
    settle()
    save(plans, "action-plans-wide.png")
    window.action(wa.ACTION_PLANNING_VIEW).trigger()
    settle()

    from intercept_mapper.export.report_text import missing_for_final
    from intercept_mapper.model.ranking import rank_candidates
    from intercept_mapper.ui.dialogs.export_dialogs import PdfExportDialog

    ranking = rank_candidates(ws)
    missing = ([m.message() for m in missing_for_final(ws, ranking)],
               [m.message() for m in missing_for_final(ws, ranking, handout=True)])
    dialog = PdfExportDialog(window, final=True, report_path="riverbend-report.pdf",
                             missing=missing)
    dialog.show()
    settle()
    save(dialog, "export-dialog.png")
    dialog.reject()

    window.files.ask_save_changes = lambda *_args: "discard"  # the sample is never saved
    window.close()
    app.processEvents()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
