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


def test_refreeze_frees_what_was_frozen_and_is_gone_then_freezes_what_stays() -> None:
    class Cycle:
        pass

    try:
        replaced = Cycle()
        replaced.me = replaced  # the document a new one replaced: only the collector frees its cycles
        gone = weakref.ref(replaced)
        gc.freeze()  # frozen with the window at start-up
        del replaced
        kept = Cycle()
        kept.me = kept
        startup_gc.refreeze()
        assert gone() is None  # thawed and collected, not frozen for the rest of the session
        assert gc.get_freeze_count() > 0
        assert any(obj is kept for obj in gc.get_objects()) is False  # gc.get_objects skips the frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_refreeze_waits_for_start_up_to_resume() -> None:
    try:
        gc.disable()
        startup_gc.refreeze()
        assert gc.get_freeze_count() == 0 and not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_large_workshop_opened_later_is_frozen(qtbot, monkeypatch, tmp_path) -> None:
    from window_helpers import Answers, make_window

    from intercept_mapper.model.simmap_file import save_workshop
    from intercept_mapper.ui.window import main_window
    from tests.export.report_helpers import big_workshop

    gc.unfreeze()
    window = make_window(qtbot, monkeypatch, Answers())
    path = tmp_path / "big.simmap"
    save_workshop(big_workshop(main_window.REFREEZE_FROM_ITEMS), path)
    try:
        assert gc.get_freeze_count() == 0
        assert window.open_path(path)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
        assert not any(obj is window.document.workshop for obj in gc.get_objects())  # frozen
    finally:
        gc.unfreeze()
