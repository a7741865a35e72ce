"""Large lists let go of a slice per event-loop turn (ui/map/freed_in_parts.py), and the sketch's layout
is let go of that way once a large map's items have replaced it."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from intercept_mapper.model import Document, new_workshop
from intercept_mapper.ui.map import freed_in_parts, map_scene, map_sketch
from intercept_mapper.ui.map.freed_in_parts import FreedInParts
from intercept_mapper.ui.map.map_scene import MapScene
from intercept_mapper.ui.map.map_sketch import SketchFlow
from tests.ui.test_map_sketch import varied_workshop


class Held:
    pass


def sketch_flows() -> int:
    """How many flows of sketches exist (they take no weak references)."""
    return sum(isinstance(obj, SketchFlow) for obj in gc.get_objects())


def test_lists_are_emptied_a_slice_per_turn(qapp, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(freed_in_parts, "TURN_S", 0.0)  # one slice per turn
    monkeypatch.setattr(freed_in_parts, "SLICE", 10)
    freer = FreedInParts()
    first, second = [Held() for _ in range(25)], [Held() for _ in range(5)]
    refs = [weakref.ref(x) for x in first + second]
    freer.free(first, second, [])
    del first, second
    assert freer.pending() == 30 and all(r() is not None for r in refs)  # nothing freed in this turn
    seen = []
    while freer.pending():
        QApplication.processEvents()
        seen.append(freer.pending())
    assert seen == [25, 15, 5, 0]  # the last list given first, a slice at a time
    assert all(r() is None for r in refs)


def test_the_sketch_layout_goes_after_the_turn_that_shows_the_built_map(qapp, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(map_sketch, "SKETCH_FROM_ITEMS", 1)
    monkeypatch.setattr(map_scene, "BUILD_IN_STEPS_FROM_ITEMS", 1)
    monkeypatch.setattr(freed_in_parts, "TURN_S", 0.0)
    monkeypatch.setattr(freed_in_parts, "SLICE", 50)
    document = Document(new_workshop("samhsa", "Empty"))
    scene = MapScene(document, QUndoStack())
    try:
        document.replace(varied_workshop(points=80))
        layout = scene._sketch.layout()  # noqa: SLF001 - what is let go of
        flows = len(layout.flows)
        assert flows > 50 and sketch_flows() == flows
        freer = scene._freed_in_parts  # noqa: SLF001
        while scene.building():
            QApplication.processEvents()
        assert not scene.is_sketch()
        assert layout.flows == [] and freer.pending() > 0  # taken out, not freed in the last step's turn
        assert sketch_flows() == flows
        turns = 0
        while freer.pending():
            QApplication.processEvents()
            turns += 1
        assert turns > 1 and sketch_flows() == 0
    finally:
        scene.dispose()
