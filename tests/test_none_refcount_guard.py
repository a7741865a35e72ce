"""Guard against the PySide6 6.12.0 + Python 3.11 crash: Qt calls that return nothing drained None's
reference count until the interpreter aborted with "deallocating None" (see DEVELOPERS.md).

Python 3.12+ makes None immortal, so there the count is constant and the guard passes trivially; on
3.11 a leaking binding makes the count fall by one per call, which the guard sees long before a crash.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView

CALLS = 3000
# Other code may take or drop a few references to None meanwhile; a leak loses one per call.
SLACK = 50


def none_references_lost(work: Callable[[int], None], calls: int = CALLS) -> int:
    """How many references to None disappeared while ``work(n)`` ran for n in range(calls)."""
    before = sys.getrefcount(None)
    for n in range(calls):
        work(n)
    return before - sys.getrefcount(None)


def test_qt_calls_returning_nothing_keep_none_alive(qapp: QApplication) -> None:
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    items = [scene.addRect(0, 0, 40, 20) for _ in range(10)]
    assert all(isinstance(i, QGraphicsRectItem) for i in items)

    def void_calls(n: int) -> None:
        item = items[n % len(items)]
        item.setPos(QPointF(n % 300, n % 200))  # each of these returns nothing from C++
        item.setToolTip(f"item {n}")
        item.update()
        view.setToolTip("map")

    lost = none_references_lost(void_calls)
    qapp.processEvents()
    assert lost <= SLACK, f"None lost {lost} references over {4 * CALLS} Qt calls"
    # The calls really happened (the loop is not a no-op).
    last = items[(CALLS - 1) % len(items)]
    assert last.toolTip() == f"item {CALLS - 1}"
    assert last.pos() == QPointF((CALLS - 1) % 300, (CALLS - 1) % 200)
    view.close()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal: its count cannot drain")
def test_the_guard_sees_a_leak() -> None:
    """A deliberate leak of one reference per call (then repaid) is caught by the same measure."""
    decref = ctypes.pythonapi.Py_DecRef
    decref.argtypes = [ctypes.py_object]
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    calls = 200  # far below None's count at start-up, so the interpreter is never at risk
    try:
        lost = none_references_lost(lambda n: decref(None), calls)
    finally:
        for _ in range(calls):
            incref(None)
    assert lost > SLACK
