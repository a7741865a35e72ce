"""Peak memory of the app with a 3,000-item map open, against a bare window holding an empty QGraphicsView.

Run: ``.venv/bin/python bench/bench_memory.py``. Each figure comes from a fresh interpreter (so one does
not inherit the other's peak): the parent writes the map to a temporary ``.simmap`` file, then a child
opens a ``MainWindow`` on it, shows it, lets it settle and paint, and reports ``ru_maxrss``.
Goal (issue 6): at most 250 MB with the 3,000-item map open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GOAL_MB = 250.0
ITEMS = 3000

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QMainWindow
app = QApplication([])
mode, path = {mode!r}, {path!r}
if mode == "bare":
    window = QMainWindow()
    window.setCentralWidget(QGraphicsView(QGraphicsScene()))
else:
    from intercept_mapper.ui import MainWindow
    window = MainWindow()
window.resize(1920, 1080)
window.show()
if mode == "app":
    assert window.open_path(path)
deadline = time.monotonic() + 1.0  # the window settles its docks and fits the map on timers
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
window.grab()  # one full paint of everything on screen
app.processEvents()
items = 0
if mode == "app":
    ws = window.document.workshop
    items = (len(ws.points) + len(ws.flows) + len(ws.findings) + len(ws.voting.candidates)
             + len(ws.participants))
print(json.dumps({{"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "items": items}}))
"""


def peak_mb(mode: str, path: str = "") -> tuple[float, int]:
    """Peak resident memory (MB) of a fresh process in ``mode`` (``bare`` or ``app``), and items shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Per-user folders of a throw-away home, so no real settings or recovery copies are read.
    with tempfile.TemporaryDirectory() as home:
        env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data")
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), mode=mode, path=path)],
                             env=env, check=True, capture_output=True, text=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["maxrss_kb"] / 1024, result["items"]


def main() -> int:
    """Print both peaks and the verdict; exit 1 when the goal is missed."""
    from bench_file_io import build

    from intercept_mapper.model.simmap_file import save_workshop

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.simmap"
        ws = build(ITEMS)
        save_workshop(ws, path)
        del ws
        bare, _ = peak_mb("bare")
        app, items = peak_mb("app", str(path))
    met = app <= GOAL_MB
    print(f"bare window with an empty QGraphicsView: peak {bare:6.1f} MB")
    print(f"app with a {items}-item map open:        peak {app:6.1f} MB  ({app / bare:.2f}x bare; "
          f"goal <= {GOAL_MB:.0f} MB {'ok' if met else 'MISSED'})")
    print("@bench " + json.dumps({"figure": f"peak memory, {items}-item map open in the app",
                                  "measured": round(app, 1), "unit": "MB", "floor": round(bare, 1),
                                  "goal": f"<= {GOAL_MB:.0f} MB", "met": met}))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
