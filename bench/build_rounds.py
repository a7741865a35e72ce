"""Rounds of windows whose maps are built in steps, ended every way, under ``faulthandler``.

A crash found in session 8 came from freezing the collector's objects (``startup_gc.freeze_built``)
after a build cut short; ``MapScene``'s build in steps also holds its items out of the scene until its
last steps, so a build cut short drops items Qt never saw. Each round makes a shown ``MainWindow``
(which freezes what a completed build made), then opens three workshops into it, each built in steps
(the thresholds lowered, the view fitted to the map: far out, as a large map opens) and ended one way
in turn: built to the end; a selection halfway (the rest built at once); an edit halfway (the map
built whole from the document); another workshop opened halfway; a click on the map halfway; left
half built when the window closes.
A full collection runs after each workshop and after the window is closed and deleted. A crash shows
as ``faulthandler``'s traceback and a non-zero exit; the count of ``None``'s references is printed
at the end (PySide6 6.12.0 on Python 3.11 drains it: DEVELOPERS.md).

Run: ``.venv/bin/python bench/build_rounds.py [ROUNDS]`` (20 by default; ~5 s a round). A script, not a
test; it prints how many endings came while the map was still being built.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENDINGS = ("built", "selection", "edit", "another", "click", "closed")


def main() -> int:
    faulthandler.enable()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.commands import UpdateItemCommand
    from intercept_mapper.ui.files.settings import AppSettings
    from intercept_mapper.ui.map import map_scene, map_sketch
    from tests.ui.test_map_sketch import varied_workshop
    from tests.ui.window_helpers import Answers, answer_dialogs

    map_sketch.SKETCH_FROM_ITEMS = 1
    map_scene.BUILD_IN_STEPS_FROM_ITEMS = 1
    map_scene.BUILD_STEP_S = 0.002  # a few pieces of work per step: ~50-70 steps per workshop
    app = QApplication([])
    workshops = [varied_workshop(points=n, seed=n) for n in (400, 500, 600)]
    none_before = sys.getrefcount(None)
    ended = dict.fromkeys(ENDINGS, 0)
    cut_short = 0  # endings that came while the map was still being built
    for round_ in range(rounds):
        window = MainWindow(AppSettings())
        answer_dialogs(window, Answers())
        window.resize(1200, 800)
        window.show()
        for _ in range(20):
            app.processEvents()
        scene = window.canvas.scene
        for k, ws in enumerate(workshops):
            ending = ENDINGS[(round_ + k) % len(ENDINGS)]
            ended[ending] += 1
            window.document.replace(ws.model_copy(deep=True))
            scene = window.canvas.scene
            window.canvas.call("fit_to_window")  # far out: a view nearer builds the items at once
            steps = 0
            while scene.building() and (ending == "built" or steps < 5 + 10 * k):
                app.processEvents()
                steps += 1
            cut_short += scene.building()
            if ending == "selection":
                scene.select_ids([ws.points[3].id])
            elif ending == "edit":
                point = window.document.workshop.points[2]
                window.undo_stack.push(UpdateItemCommand(window.document, "points", point.id,
                                                         {"y": point.y + 300, "pinned": True}, "Move"))
            elif ending == "another":
                window.document.replace(workshops[(k + 1) % len(workshops)].model_copy(deep=True))
            elif ending == "click":
                QTest.mouseClick(window.map_view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
            elif ending == "closed":
                break
            for _ in range(30):
                app.processEvents()
            gc.collect()
        window.undo_stack.setClean()
        window.close()
        window.deleteLater()
        for _ in range(30):
            app.processEvents()
        del window, scene
        gc.collect()
        print(f"round {round_ + 1} of {rounds}: done", flush=True)
    print(f"endings: {ended} ({cut_short} while building); None's references {none_before} -> "
          f"{sys.getrefcount(None)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
