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


def _steps_for_every_map(monkeypatch) -> None:  # noqa: ANN001
    """Any map is sketched and built behind its sketch in steps (the thresholds lowered)."""
    from intercept_mapper.ui.map import map_scene, map_sketch

    monkeypatch.setattr(map_sketch, "SKETCH_FROM_ITEMS", 1)
    monkeypatch.setattr(map_scene, "BUILD_IN_STEPS_FROM_ITEMS", 1)
    monkeypatch.setattr(map_scene, "BUILD_STEP_S", 0.0)


def test_a_map_built_in_steps_is_frozen_as_its_build_ends_without_a_full_collection(
        qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """The build's objects are all kept: frozen as the collector resumes, no pass walks them (a full
    collection after a 30,000-item map was a 0.35-0.5 s stall right after it opened)."""
    from PySide6.QtWidgets import QApplication
    from window_helpers import Answers, make_window

    from tests.ui.test_map_built_in_steps import large_file

    _steps_for_every_map(monkeypatch)
    collections: list[int] = []
    monkeypatch.setattr(startup_gc, "refreeze", lambda: collections.append(1))
    gc.unfreeze()
    window = make_window(qtbot, monkeypatch, Answers())
    _, path = large_file(tmp_path)
    scene = window.canvas.scene
    try:
        assert window.open_path(path)
        assert scene.building()
        QApplication.processEvents()  # a first step: the collector is paused, nothing frozen yet
        assert scene.building() and not gc.isenabled() and gc.get_freeze_count() == 0
        while scene.building():
            QApplication.processEvents()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        made = {id(o) for o in gc.get_objects()}  # what is not frozen
        assert id(window.document.workshop) not in made
        assert not any(id(item) in made for item in scene.items())  # every item's wrapper is frozen
        for _ in range(5):
            QApplication.processEvents()
        assert collections == []  # no full collection follows (``refreeze``)
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_map_built_in_steps_outside_the_window_is_not_frozen(qapp, monkeypatch) -> None:  # noqa: ANN001
    """Freezing is the window's policy (``freeze_when_built``): a scene alone only pauses the collector."""
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from intercept_mapper.model import Document, new_workshop
    from intercept_mapper.ui.map.map_scene import MapScene
    from tests.ui.test_map_sketch import varied_workshop

    _steps_for_every_map(monkeypatch)
    gc.unfreeze()
    document = Document(new_workshop("samhsa", "Empty"))
    scene = MapScene(document, QUndoStack())
    try:
        document.replace(varied_workshop(points=20))
        while scene.building():
            QApplication.processEvents()
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        scene.dispose()
        gc.unfreeze()
        gc.enable()


def test_a_replaced_map_leaves_nothing_for_the_collector(qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """Why a map built in steps is frozen without first thawing and collecting the map it replaced:
    nothing of that map (its workshop, its items) is held in a reference cycle, so its items go as
    soon as it is replaced and a full collection then frees nothing of it. (Measured: a full
    collection after one 30,000-item map replaced another found 0 objects.) A cycle added to the
    map's items or the workshop fails this test."""
    import weakref

    from PySide6.QtWidgets import QApplication
    from window_helpers import Answers, make_window

    from tests.ui.test_map_built_in_steps import large_file

    _steps_for_every_map(monkeypatch)
    window = make_window(qtbot, monkeypatch, Answers())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = large_file(tmp_path / "a")
    _, second = large_file(tmp_path / "b")
    scene = window.canvas.scene
    assert window.open_path(first)
    while scene.building():
        QApplication.processEvents()
    window.canvas.select_ids([window.document.workshop.points[0].id])  # selected, shown in the inspector
    QApplication.processEvents()
    workshop = weakref.ref(window.document.workshop)
    items = [weakref.ref(item) for item in scene.items() if hasattr(item, "item_id")]
    assert len(items) > 300
    try:
        gc.disable()
        assert window.open_path(second)
        while scene.building():
            QApplication.processEvents()
        for _ in range(5):
            QApplication.processEvents()
        assert [ref for ref in items if ref() is not None] == []  # gone with the map, no collection
        # The workshop may outlive its map in a cache (the ranking keeps the last one ranked until it
        # ranks another), but if it is still there, it is not garbage: a full collection keeps it.
        kept = workshop() is not None
        gc.unfreeze()
        gc.collect()
        assert (workshop() is not None) == kept
    finally:
        gc.unfreeze()
        gc.enable()
