"""Screenshots of every presentation step of a map, to look at as the room would.

Run under a virtual screen of the projector's size, for example::

    xvfb-run -a -s "-screen 0 1280x720x24" python tools/presentation_screenshots.py OUT_PREFIX [FILE.simmap]

It writes OUT_PREFIX_normal_*.png (the normal window at fit, with the title editor open, after key 3),
then OUT_PREFIX_NN_<step>_p<page>.png for the overview and every page of every intercept step.
"""

from __future__ import annotations

import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    """Open the map, grab the normal window, then walk presentation mode with PageDown."""
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
    window.show()
    QTest.qWait(300)
    window.open_path(argv[1] if len(argv) > 1 else SAMPLE_WORKSHOP)
    assert window.priorities_panel is not None  # the late panels, built before presenting
    QTest.qWait(200)
    screen = app.primaryScreen()
    view = window.map_view
    view.fit_to_window()
    QTest.qWait(100)
    screen.grabWindow(0).save(f"{out}_normal_fit.png")
    window.canvas.scene.select_ids([window.document.workshop.points[0].id] if window.document.workshop.points
                                   else [])
    view.fit_to_window()
    if window.canvas.fast_entry.rename_selected():
        QTest.qWait(150)
        screen.grabWindow(0).save(f"{out}_normal_f2_at_fit.png")
        window.canvas.fast_entry.finish_editing("cancel")
    window.canvas.scene.select_ids([])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_3)
    QTest.qWait(150)
    screen.grabWindow(0).save(f"{out}_normal_key3.png")

    presentation = window.presentation
    presentation.enter()
    QTest.qWait(500)
    shots = 0
    screen.grabWindow(0).save(f"{out}_{shots:02d}_overview.png")
    last = None
    while shots < 200:
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_PageDown)
        state = (presentation.current_step(), presentation.current_page())
        if state == last:
            break
        last = state
        shots += 1
        QTest.qWait(150)
        screen.grabWindow(0).save(f"{out}_{shots:02d}_step{state[0]}_p{state[1]}.png")
    print(f"{shots + 1} presentation screenshots")
    presentation.leave()
    window.files.ask_save_changes = lambda *_args: "discard"
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
