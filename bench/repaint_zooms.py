"""Whole repaints of a built map's view at several zooms: what the items' paints cost at each.

``bench_window.py``'s worksheet of ITEMS items imported into a shown 1920x1080 ``MainWindow``, its items
built; then, at each zoom (fit-to-window, then 0.05, 0.2, 0.5, 1.0 centred on the middle of the map),
``repaint()`` of the map's viewport with nothing changed, CPU ms of the UI thread, median of ROUNDS
(the first repaint at a zoom, which fills what the far drawing keeps, is not counted).
Run: ``.venv/bin/python bench/repaint_zooms.py [ITEMS] [ROUNDS]`` (3000 and 15 by default). A script,
not a test: compare branches alternated in the same minutes.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

ZOOMS = (None, 0.05, 0.2, 0.5, 1.0)  # None: fit to the window


def main() -> int:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    from bench_window import write_worksheet
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.model import limits

    limits.MAX_ITEMS = max(limits.MAX_ITEMS, 10 * items)
    limits.MAX_VALUES = max(limits.MAX_VALUES, 50 * limits.MAX_ITEMS)
    from intercept_mapper.ui import MainWindow
    from intercept_mapper.ui.files.settings import AppSettings

    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = write_worksheet(items, folder)
        window = MainWindow(AppSettings())
        window.resize(1920, 1080)
        window.show()
        assert window.files.import_worksheet(path), "the worksheet must import"
        scene, view = window.canvas.scene, window.map_view
        while scene.building():
            app.processEvents()
        for _ in range(50):
            app.processEvents()
        middle = scene.itemsBoundingRect().center()
        for zoom in ZOOMS:
            if zoom is None:
                view.fit_to_window()
                label = f"fit ({view.zoom_factor():.4f})"
            else:
                view.set_zoom(zoom)
                view.centerOn(middle)
                label = f"{zoom}"
            for _ in range(5):
                app.processEvents()
            view.viewport().repaint()  # fills what is kept at this zoom
            cpus = []
            for _ in range(rounds):
                c = time.thread_time()
                view.viewport().repaint()
                cpus.append((time.thread_time() - c) * 1000)
            shown = len(view.items(view.viewport().rect()))
            print(f"{items} items, zoom {label}: whole repaint CPU ms median {statistics.median(cpus):.2f} "
                  f"(min {min(cpus):.2f}, max {max(cpus):.2f}), {shown} items in view")
        sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
