"""Whole repaints of a built map's view at several zooms: what the items' paints cost at each.

``bench_window.py``'s worksheet of ITEMS items imported into a shown 1920x1080 ``MainWindow``, its items
built; then, at each zoom (fit-to-window, then 0.05, 0.2, 0.5, 1.0 centred on the middle of the map),
``repaint()`` of the map's viewport with nothing changed, CPU ms of the UI thread, median of ROUNDS
(the first repaint at a zoom, which fills what the far drawing keeps, is not counted).
Run: ``.venv/bin/python bench/repaint_zooms.py [ITEMS] [ROUNDS] [--save DIR]`` (3000 and 15 by
default). A script, not a test: compare branches alternated in the same minutes. ``--save DIR`` also
writes the viewport at each zoom, with a box, a chip and a flow selected, to ``DIR/zoomN.png`` (to compare
two branches' pixels).
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
    save = sys.argv[sys.argv.index("--save") + 1] if "--save" in sys.argv else None
    args = [a for a in sys.argv[1:] if not a.startswith("--") and a != save]
    items = int(args[0]) if args else 3000
    rounds = int(args[1]) if len(args) > 1 else 15
    from bench_window import write_worksheet
    from PySide6.QtCore import Qt
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
        if save:  # one of each kind selected near the middle: their selected paints are drawn too
            near = scene.items(middle.x() - 600, middle.y() - 600, 1200, 1200,
                               Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.AscendingOrder)
            for kind in ("PointItem", "FindingChip", "FlowItem"):
                chosen = next((i for i in near if type(i).__name__ == kind), None)
                if chosen is not None:
                    chosen.setSelected(True)
        for n, zoom in enumerate(ZOOMS):
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
            if save:
                view.viewport().grab().toImage().save(os.path.join(save, f"zoom{n}.png"))
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
