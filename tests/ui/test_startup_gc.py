"""The collector's pause during start-up (ui/startup_gc.py): off until resumed, then on, start-up frozen."""

from __future__ import annotations

import gc
import weakref

from intercept_mapper.ui import startup_gc


def test_the_collector_waits_until_resumed_then_collects_and_freezes_start_up() -> None:
    assert gc.isenabled()
    try:
        startup_gc.pause()
        assert not gc.isenabled()

        class Cycle:
            pass

        garbage = Cycle()
        garbage.me = garbage  # a reference cycle: only the collector frees it
        alive = weakref.ref(garbage)
        del garbage
        assert alive() is not None  # nothing collects while paused
        startup_gc.resume()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        # The cycle made during the pause was collected before the freeze, not frozen forever.
        assert alive() is None
        frozen = gc.get_freeze_count()
        startup_gc.resume()  # once only: a second call leaves everything as it is
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()
