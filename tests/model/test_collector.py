"""The collector pause of file loading restores what it found (the app pauses it itself at start-up)."""

from __future__ import annotations

import gc

from intercept_mapper.model.collector import collector_paused
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP


def test_loading_pauses_the_collector_and_restores_it_on_or_off() -> None:
    was_on = gc.isenabled()
    try:
        seen = []
        with collector_paused():
            seen.append(gc.isenabled())
        assert seen == [False] and gc.isenabled()
        gc.disable()  # as the app is during start-up
        load_workshop(SAMPLE_WORKSHOP)
        assert not gc.isenabled()  # still paused: the app resumes it when the window is whole
        gc.enable()
        load_workshop(SAMPLE_WORKSHOP)
        assert gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
