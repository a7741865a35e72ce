"""A long session through the QActions: thousands of add, undo and redo steps without a crash, with the
document exact at the end and None's reference count intact (the PySide6 6.12.0 + Python 3.11 abort)."""

from __future__ import annotations

import gc
import sys
import time

from window_helpers import dump, make_window

from intercept_mapper.ui.window import window_actions as wa

CYCLES = 700  # x (add + undo + redo + finish) = several thousand actions through the window
ADDS = (wa.ACTION_ADD_POINT, wa.ACTION_ADD_RESOURCE, wa.ACTION_ADD_GAP)
SLACK = 200  # panels and caches may take or drop a few references; a leak loses one per call


def test_thousands_of_add_undo_redo_cycles(qtbot, monkeypatch, qapp) -> None:
    window = make_window(qtbot, monkeypatch)
    add = [window.action(name) for name in ADDS]
    undo = window.action(wa.ACTION_UNDO)
    redo = window.action(wa.ACTION_REDO)
    empty = dump(window)
    started = time.monotonic()
    # Objects of earlier tests still waiting for the cycle collector hold references to None: if they
    # were collected during the loop, None would "lose" references that no leak took.
    gc.collect()
    none_before = sys.getrefcount(None)
    snapshots: dict[int, dict] = {}
    for n in range(CYCLES):
        if n % 50 == 0:
            window.canvas.select_ids([])  # back to the first intercept now and then
        add[n % 3].trigger()
        undo.trigger()
        redo.trigger()
        window.canvas.fast_entry.finish_editing()
        if n % 100 == 0:
            qapp.processEvents()  # outline, status bar and recovery timers run as in real use
            snapshots[window.undo_stack.index()] = dump(window)
    qapp.processEvents()
    lost = none_before - sys.getrefcount(None)
    assert lost <= SLACK, f"None lost {lost} references"
    ws = window.document.workshop
    assert len(ws.points) == -(-CYCLES // 3)
    assert len(ws.findings) == 2 * (CYCLES // 3) + (1 if CYCLES % 3 == 2 else 0)
    # Walking the whole history back and forth gives the same documents at the same places.
    final = dump(window)
    while window.undo_stack.canUndo():
        index = window.undo_stack.index()
        if index in snapshots:
            assert dump(window) == snapshots[index]
        undo.trigger()
    assert dump(window) == empty
    while window.undo_stack.canRedo():
        redo.trigger()
    assert dump(window) == final
    # A guard against a hang or a quadratic slide, not a speed test (bench/ measures speed): the
    # machine running the suite may be busy.
    assert time.monotonic() - started < 60
