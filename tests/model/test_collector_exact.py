"""The collector pause restores the collector when the block it guards fails, as when it ends well.

mutmut makes no mutants of a decorated function (``collector_paused`` is a context manager), so this
was found by hand: without the ``finally`` every test passed. See bench/README.md, "Mutation testing",
fifth run (mutD).
"""

from __future__ import annotations

import gc

import pytest

from intercept_mapper.model.collector import collector_paused


def test_a_failure_inside_the_pause_still_turns_the_collector_back_on() -> None:
    was_on = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(ValueError), collector_paused():
            assert not gc.isenabled()
            raise ValueError("a file that cannot be read")
        assert gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
