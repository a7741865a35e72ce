"""Python's garbage collector waits while the app starts, then keeps out of what start-up built.

Start-up makes a few hundred thousand long-lived objects (PySide's types and enums, the window, the
map) and next to no garbage, yet the collector walks them again and again as they arrive: some 70
collections, ~12 ms before a 3,000-item map's first paint. So ``pause`` stops it before Qt loads;
``resume``, once the window is whole, collects once and freezes what is left (``gc.freeze``): later
collections in a two-day session then skip the app's own furniture. A workshop opened later (File >
Open, an import, a restored copy) is long-lived too: ``refreeze`` thaws what was frozen (the document it
replaced may only be freed by a collection), collects once and freezes again, so the collector's
passes during edits of a 30,000-item map no longer walk the whole map. A map whose items are built
behind its sketch is frozen as its build ends instead (``freeze_built``), without that collection: a
full pass over a 30,000-item map's ~570,000 objects was a 0.35-0.5 s stall right after it opened.
Qt-free, so that the command line can pause before it imports Qt.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Stop automatic collection until ``resume`` (no-op when it is already off)."""
    gc.disable()


def resume() -> None:
    """Collect start-up's garbage once, freeze the rest, and collect automatically from now on."""
    if gc.isenabled():
        return  # never paused (the window was made some other way), or already resumed
    gc.collect()
    gc.freeze()
    gc.enable()


def refreeze() -> None:
    """After a workshop replaced the open one: free what it left behind, freeze what stays."""
    if not gc.isenabled():
        return  # start-up's pause still holds: ``resume`` will collect and freeze
    gc.unfreeze()  # the replaced document, frozen with its window, can go now
    gc.collect()
    gc.freeze()


def freeze_built() -> None:
    """A large map's items were just built with the collector paused: freeze them without a pass.

    Everything the collector has not passed over yet (the workshop read, its views and items) is
    kept, so it joins what collections skip as it is: ``gc.freeze`` moves the lists, it walks no
    object. Unlike ``refreeze`` the workshop it replaced is not thawed and collected: measured, a
    replaced 30,000-item map is freed by reference counting alone (a full collection after one
    30,000-item map replaced another found 0 objects; ``tests/ui/test_startup_gc.py`` pins that a
    replaced map leaves nothing for the collector).
    """
    gc.freeze()
