"""Guard against the PySide6 6.12.0 + Python 3.11 crash: Qt calls that return nothing drained None's
reference count until the interpreter aborted with "deallocating None" (see DEVELOPERS.md).

Python 3.12+ makes None immortal, so there the count is constant and the test passes trivially; on 3.11
a leaking binding makes the count fall by one per call, which this test sees long before a crash.
"""

import sys

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView

CALLS = 3000


def test_qt_calls_returning_nothing_keep_none_alive(qapp: QApplication) -> None:
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    items = [scene.addRect(0, 0, 40, 20) for _ in range(10)]
    assert all(isinstance(i, QGraphicsRectItem) for i in items)

    before = sys.getrefcount(None)
    for n in range(CALLS):
        item = items[n % len(items)]
        item.setPos(QPointF(n % 300, n % 200))  # each of these returns None from C++
        item.setToolTip(f"item {n}")
        item.update()
        view.setToolTip("map")
    qapp.processEvents()
    after = sys.getrefcount(None)

    # The loop makes 4 * CALLS void calls; a leaking binding loses about that many references.
    # Other code may take or drop a handful in between, so allow a small slack, not thousands.
    assert after >= before - 50, f"None lost {before - after} references over {4 * CALLS} Qt calls"
    # The calls really happened (the loop is not a no-op).
    assert items[(CALLS - 1) % len(items)].toolTip() == f"item {CALLS - 1}"
    assert items[(CALLS - 1) % len(items)].pos() == QPointF((CALLS - 1) % 300, (CALLS - 1) % 200)
    view.close()
