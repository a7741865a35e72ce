"""Screenshots of the voting board (F6) and the priorities panel, to look at as the room would.

Run under a virtual screen of the projector's size, for example::

    xvfb-run -a -s "-screen 0 1280x720x24" python tools/voting_board_screenshots.py OUT_PREFIX [FILE.simmap]

It writes OUT_PREFIX_board.png (the board as opened), OUT_PREFIX_board_typing.png (a number being
typed at the second table), OUT_PREFIX_board_over_budget.png (a number past the table's budget,
waiting for confirmation), OUT_PREFIX_board_held.png (a number recorded that changes the ranking:
the rows hold still), OUT_PREFIX_board_page2.png (the next page when the rows do not all fit)
and OUT_PREFIX_panel.png (the main window with the priorities panel). THEME=dark or
THEME=high-contrast in the environment shows that look.
"""

from __future__ import annotations

import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    """Open the file, show the board, type a little, and grab it (painted now, however busy the machine)."""
    if not argv:
        print(__doc__)
        return 2
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ.setdefault(name, tempfile.mkdtemp())  # never the user's settings or recovery copies
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.resources import SAMPLE_WORKSHOP
    from intercept_mapper.ui import MainWindow

    out = argv[0]
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    if os.environ.get("THEME"):  # light (default), dark or high-contrast, as the View menu sets it
        window.themes.set_theme(os.environ["THEME"], remember=False)
    window.show()
    QTest.qWait(300)
    window.open_path(argv[1] if len(argv) > 1 else SAMPLE_WORKSHOP)
    panel = window.priorities_panel
    panel.show()
    panel.raise_()
    QTest.qWait(300)
    # The panels and the status bar catch up on the event loop; a busy machine takes longer.
    candidates = len(window.document.workshop.voting.candidates)
    for _ in range(100):
        if panel.table.rowCount() == candidates:
            break
        QTest.qWait(100)
    QTest.qWait(300)
    window.grab().save(f"{out}_panel.png")  # renders now: a busy machine may not have repainted yet
    board = panel.show_board()
    QTest.qWait(500)
    board.grab().save(f"{out}_board.png")
    table = board.grid.table
    QTest.keyClick(table, Qt.Key.Key_Tab)
    QTest.keyClick(table, Qt.Key.Key_Down)
    QTest.keyClicks(table, "12")
    QTest.qWait(150)
    board.grab().save(f"{out}_board_typing.png")
    QTest.keyClick(table, Qt.Key.Key_Escape)
    QTest.keyClicks(table, "90")
    QTest.keyClick(table, Qt.Key.Key_Return)
    QTest.qWait(150)
    board.grab().save(f"{out}_board_over_budget.png")
    QTest.keyClick(table, Qt.Key.Key_Escape)
    QTest.keyClicks(table, "8")  # within the budget, and enough to move the candidate up the ranking
    QTest.keyClick(table, Qt.Key.Key_Return)
    QTest.qWait(150)
    board.grab().save(f"{out}_board_held.png")
    QTest.keyClick(table, Qt.Key.Key_PageDown)
    QTest.qWait(150)
    board.grab().save(f"{out}_board_page2.png")
    board.close_board()
    QTest.qWait(100)
    window.files.ask_save_changes = lambda *_args: "discard"
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
