"""Opening the app on a file: its map is painted before the document model loads, then the file opens.

``MainWindow(opening=path)`` builds only what a first paint needs, from ``model.map_preview``; right
after that paint it builds the rest and the caller opens the file the usual way. These tests hold the
three promises that makes: the first paint really comes before pydantic, it shows the map the opened
file shows (same boxes at the same places and zoom), and a file the real loader refuses still ends in
its error and an empty, working window.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from window_helpers import Answers, answer_dialogs, forbid_modal_dialogs

from intercept_mapper.model import new_workshop
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.files import file_actions
from intercept_mapper.ui.map import map_sketch
from intercept_mapper.ui.map.point_item import PointItem
from intercept_mapper.ui.panels import InspectorDock, OutlineDock

# Runs the real entry point (``intercept-mapper FILE``) and reports what the first paint showed.
CHILD = r"""
import gc, json, os, sys
from intercept_mapper.cli import main
from PySide6.QtCore import QEvent, QObject, QTimer
from intercept_mapper.ui import app as app_module

report = {}

def boxes(window):
    return sorted([round(i.pos().x()), round(i.pos().y()), i.title] for i in window.canvas.scene.items()
                  if type(i).__name__ == "PointItem")

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "first" not in report:
            w = self.window
            report["first"] = {"pydantic": "pydantic" in sys.modules, "built": w.is_built(),
                               "collecting": gc.isenabled(), "title": w.windowTitle(),
                               "lanes": sum(type(i).__name__ == "LaneItem" for i in w.canvas.scene.items()),
                               "boxes": boxes(w), "zoom": round(w.map_view.zoom_factor(), 4)}
        return False

def run(app, window):
    watch = FirstPaint(); watch.window = window
    window.map_view.viewport().installEventFilter(watch)
    def done():
        report["later"] = {"built": window.is_built(), "path": str(window.session.path),
                           "boxes": boxes(window), "zoom": round(window.map_view.zoom_factor(), 4),
                           "workshop": type(window.document.workshop).__name__,
                           "collecting": gc.isenabled(), "frozen": gc.get_freeze_count(),
                           "title": window.windowTitle(), "modified": window.session.is_modified(),
                           "lanes": len(window.document.workshop.scheme.intercepts)}
        print(json.dumps(report)); sys.stdout.flush(); os._exit(0)
    window.when_built(lambda: QTimer.singleShot(300, done))
    return app.exec()

app_module._exec = run
main(sys.argv[1:])
"""


def test_the_first_paint_comes_before_the_model_and_shows_the_map_the_file_opens_with(
        user_home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, str(SAMPLE_WORKSHOP)], capture_output=True,
                          text=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    first, later = report["first"], report["later"]
    assert first["pydantic"] is False and first["built"] is False
    # The garbage collector waits during start-up, then resumes with start-up's objects frozen.
    assert first["collecting"] is False and later["collecting"] is True and later["frozen"] > 10_000
    assert later["built"] is True and later["workshop"] == "Workshop"
    assert later["path"] == str(SAMPLE_WORKSHOP)
    assert len(first["boxes"]) == len(load_workshop(SAMPLE_WORKSHOP).points) == len(later["boxes"])
    assert first["boxes"] == later["boxes"]  # nothing jumps when the real document replaces the preview
    assert first["zoom"] == pytest.approx(later["zoom"], rel=0.02)


def test_the_app_started_without_a_file_paints_a_new_workshops_empty_map_before_the_model(
        user_home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                          check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    first, later = report["first"], report["later"]
    assert first["pydantic"] is False and first["built"] is False and first["boxes"] == []
    assert first["lanes"] == 6 == later["lanes"]  # the six SAMHSA intercepts, drawn before the model
    # "[*]" is the modified mark Qt hides while the window is unmodified
    assert first["title"] == later["title"] == "Untitled.simmap[*] - Intercept Mapper"
    assert later["built"] is True and later["workshop"] == "Workshop" and later["path"] == "None"
    assert later["modified"] is False and later["collecting"] is True


def test_a_window_first_painted_blank_is_a_new_workshop_once_built(qtbot, monkeypatch) -> None:
    forbid_modal_dialogs(monkeypatch)
    window = MainWindow(blank_first=True)
    qtbot.addWidget(window)
    assert not window.is_built() and window.canvas.scene.lanes_bottom() > 0
    lanes = sorted(i.sceneBoundingRect().getRect() for i in window.canvas.scene.items()
                   if type(i).__name__ == "LaneItem")
    window.show()
    qtbot.waitUntil(window.is_built)
    assert type(window.document.workshop).__name__ == "Workshop"
    assert window.document.workshop.scheme == new_workshop().scheme and window.session.path is None
    assert not window.session.is_modified() and window.undo_stack.count() == 0
    # The empty map stays as drawn: the same lanes in the same places.
    assert sorted(i.sceneBoundingRect().getRect() for i in window.canvas.scene.items()
                  if type(i).__name__ == "LaneItem") == lanes
    window.action("action_add_point").trigger()
    qtbot.keyClicks(window.map_view, "Crisis line")
    qtbot.keyClick(window.map_view, "\r")
    assert [p.title for p in window.document.workshop.points] == ["Crisis line"]
    assert window.windowHandle().title() == "Untitled.simmap* - Intercept Mapper"
    window.undo_stack.undo()
    assert window.document.workshop.points == [] and not window.session.is_modified()


def _boxes(window: MainWindow) -> list[tuple[float, float, str]]:
    return sorted((i.pos().x(), i.pos().y(), i.title) for i in window.canvas.scene.items()
                  if isinstance(i, PointItem))


def test_a_window_opened_on_a_file_finishes_building_after_its_first_paint(qtbot, monkeypatch) -> None:
    forbid_modal_dialogs(monkeypatch)
    window = MainWindow(opening=SAMPLE_WORKSHOP)
    qtbot.addWidget(window)
    preview = _boxes(window)
    assert not window.is_built() and len(preview) == len(load_workshop(SAMPLE_WORKSHOP).points)
    items = set(window.canvas.scene.items())
    window.show()
    qtbot.waitUntil(window.is_built)
    assert window.opened_on_start and window.session.path == SAMPLE_WORKSHOP.absolute()
    assert window.document.workshop == load_workshop(SAMPLE_WORKSHOP)
    assert type(window.document.workshop).__name__ == "Workshop"
    # The file holds the previewed map: the very same items stay on screen, nothing is drawn again.
    assert set(window.canvas.scene.items()) == items and _boxes(window) == preview
    assert window.document.get("points", window.document.workshop.points[0].id) is \
        window.document.workshop.points[0]
    assert window.windowTitle().startswith(SAMPLE_WORKSHOP.name)
    # The real panels took the empty places: one dock of each name, the inspector and outline working.
    names = [d.objectName() for d in window.findChildren(type(window.inspector))] + \
        [d.objectName() for d in window.findChildren(type(window.outline))]
    assert isinstance(window.inspector, InspectorDock) and isinstance(window.outline, OutlineDock)
    assert names.count("inspector") == 1 and names.count("outline_panel") == 1
    assert window.inspector.isVisible() and window.outline.isVisible()
    # Editing works as in any window, one undo step at a time.
    window.action("action_add_gap").trigger()
    qtbot.keyClicks(window.map_view, "No respite beds")
    qtbot.keyClick(window.map_view, "\r")
    assert "No respite beds" in [g.title for g in window.document.workshop.gaps()]
    window.undo_stack.undo()
    assert window.document.workshop == load_workshop(SAMPLE_WORKSHOP)
    window.session.undo_stack.setClean()


def test_a_large_map_is_first_painted_as_a_sketch_and_its_items_are_built_with_the_rest(
        qtbot, monkeypatch) -> None:
    forbid_modal_dialogs(monkeypatch)
    monkeypatch.setattr(map_sketch, "SKETCH_FROM_ITEMS", 1)  # the sample counts as large here
    window = MainWindow(opening=SAMPLE_WORKSHOP)
    qtbot.addWidget(window)
    scene = window.canvas.scene
    assert scene.is_sketch() and _boxes(window) == []
    sketched = sorted((r.x(), r.y()) for r in next(
        i for i in scene.items() if isinstance(i, map_sketch.MapSketch)).layout().boxes)
    extent = scene.sceneRect()
    window.show()
    qtbot.waitUntil(window.is_built)
    assert not scene.is_sketch() and window.session.path == SAMPLE_WORKSHOP.absolute()
    assert sorted((x, y) for x, y, _ in _boxes(window)) == sketched  # every box where the sketch had it
    assert scene.sceneRect() == extent
    assert not [i for i in scene.items() if isinstance(i, map_sketch.MapSketch)]
    window.action("action_add_point").trigger()  # a map of items: editing works
    qtbot.keyClicks(window.map_view, "Jail medical unit")
    qtbot.keyClick(window.map_view, "\r")
    assert "Jail medical unit" in [p.title for p in window.document.workshop.points]
    window.undo_stack.undo()
    assert window.document.workshop == load_workshop(SAMPLE_WORKSHOP)
    window.session.undo_stack.setClean()


def test_a_file_the_loader_refuses_after_its_preview_ends_in_an_error_and_an_empty_window(
        qtbot, monkeypatch, tmp_path: Path) -> None:
    forbid_modal_dialogs(monkeypatch)
    data = json.loads(SAMPLE_WORKSHOP.read_text(encoding="utf-8"))
    data["participants"][0]["shoe_size"] = 44  # not part of the map: the preview cannot see it
    bad = tmp_path / "bad.simmap"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = bad.read_bytes()
    window = MainWindow(opening=bad)
    qtbot.addWidget(window)
    assert _boxes(window), "the map was previewed"
    errors: list[tuple[str, str]] = []
    # The window opens the file itself as it finishes building, before the test could answer dialogs.
    monkeypatch.setattr(file_actions, "_error_dialog", lambda _p, title, text: errors.append((title, text)))
    window.show()
    qtbot.waitUntil(window.is_built)
    assert len(errors) == 1 and "bad.simmap" in errors[0][1] and "shoe_size" in errors[0][1]
    assert _boxes(window) == [] and window.session.path is None
    assert type(window.document.workshop).__name__ == "Workshop"  # a new workshop, not the preview
    assert bad.read_bytes() == before
    answer_dialogs(window, Answers())
    assert window.open_path(SAMPLE_WORKSHOP)  # and the window works as any other
    assert len(_boxes(window)) == len(load_workshop(SAMPLE_WORKSHOP).points)


def test_a_window_opened_on_a_file_comes_back_in_the_layout_the_user_left(qtbot, monkeypatch) -> None:
    forbid_modal_dialogs(monkeypatch)
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(1400, 900)
    first.show()
    qtbot.waitExposed(first)
    first.outline.close()  # the user closes the outline and floats the history
    first.history.setFloating(True)
    qtbot.waitUntil(first.outline.isHidden)
    first.close()

    second = MainWindow(opening=SAMPLE_WORKSHOP)  # the empty docks take the remembered places ...
    qtbot.addWidget(second)
    assert not second.is_built()
    second.show()
    qtbot.waitUntil(second.is_built)
    # ... and so do the real panels that replace them after the first paint.
    assert second.outline.isHidden() and not second.outline.toggleViewAction().isChecked()
    assert not second.inspector.isHidden()
    assert second.history.isFloating() and not second.history.isHidden()
    assert second.session.path == SAMPLE_WORKSHOP.absolute()
    second.close()
