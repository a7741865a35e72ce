"""A large map's first paint is one sketch item; it must put and paint everything where the items will.

The sketch (``ui/map/map_sketch.py``) lays out the whole map with the same arithmetic as the scene
(``model/lane_layout.py``). These tests build the same map both ways and compare every box, chip and
flow, the lanes, band, legend and extent, and the pixels each paints at the far zooms it is shown at.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QUndoStack

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import layout_positions
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.map import DARK, MapScene, map_sketch
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.flow_item import FlowItem
from intercept_mapper.ui.map.lane_item import CrossBandItem, LaneItem
from intercept_mapper.ui.map.map_sketch import MapSketch
from intercept_mapper.ui.map.point_item import PointItem

WORDS = ("crisis", "court", "jail", "peer", "support", "housing", "re-entry", "navigator", "no", "a", "of",
         "Überweisung", "équipe", "جلسة", "county-wide-diversion-coordination")


def varied_workshop(points: int = 120, seed: int = 7):
    """Boxes in every lane and the band (some pinned on top of others), chips of one to four lines and
    in other scripts, loose chips in lanes and the band, and flows forward, over lanes, back and within
    a lane, some with counts and some to a box that is gone."""
    rng = random.Random(seed)
    ws = new_workshop("samhsa", "Sketch county")
    lanes = [*ws.scheme.ids(), "X"]
    for n in range(points):
        ws.points.append(DecisionPoint(id=f"p{n}", intercept=lanes[n % len(lanes)], title=f"Point {n}"))
    for n in range(points * 2):
        at = rng.randrange(points) if n % 7 else None
        title = " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 3, 6, 12, 25))))
        ws.findings.append(Finding(
            id=f"f{n}", kind="gap" if n % 3 else "resource", title=title,
            intercept=ws.points[at].intercept if at is not None else rng.choice(lanes),
            point_id=f"p{at}" if at is not None else None))
    for n in range(points):
        a, b = rng.randrange(points), rng.randrange(points)
        if a != b:
            ws.flows.append(Flow(id=f"l{n}", source=f"p{a}", target=f"p{b}",
                                 yearly_count=rng.choice((None, 12, 4_500))))
    ws.flows.append(Flow(id="l-gone", source="p1", target="p-missing"))
    places = layout_positions(ws)
    for point in ws.points:
        point.x, point.y = places[point.id]
        point.pinned = rng.random() < 0.3
        if point.pinned and rng.random() < 0.3:
            point.y += rng.choice((-150.0, 60.0, 400.0))  # on top of a neighbour: the others flow around
    return ws


def both(ws, theme=None):
    """The map drawn as a sketch, and the same map drawn item by item."""
    kwargs = {"theme": theme} if theme is not None else {}
    sketched = MapScene(Document(ws.model_copy(deep=True)), QUndoStack(), sketch_first=True, **kwargs)
    built = MapScene(Document(ws.model_copy(deep=True)), QUndoStack(), **kwargs)
    return sketched, built


def rect_key(rect: QRectF) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in (rect.x(), rect.y(), rect.width(), rect.height()))


def path_key(path) -> tuple[tuple[float, float], ...]:
    return tuple((round(path.elementAt(n).x, 3), round(path.elementAt(n).y, 3))
                 for n in range(path.elementCount()))


def drawn(scene: MapScene) -> dict[str, object]:
    """Where a scene draws each kind of thing (its items, or its sketch), in scene coordinates."""
    sketches = [i for i in scene.items() if isinstance(i, MapSketch)]
    frame = {
        "lanes": sorted(rect_key(i.mapRectToScene(i.boundingRect())) for i in scene.items()
                        if isinstance(i, LaneItem | CrossBandItem)),
        "legend": rect_key(scene._legend.sceneBoundingRect()),
        "extent": rect_key(scene.sceneRect()),
    }
    if sketches:
        layout = sketches[0].layout()
        return {**frame, "boxes": sorted(map(rect_key, layout.boxes)),
                "resource": sorted(map(rect_key, layout.chip_rects("resource"))),
                "gap": sorted(map(rect_key, layout.chip_rects("gap"))),
                "flows": sorted(path_key(flow.path) for flow in layout.flows)}
    items = scene.items()
    return {**frame,
            "boxes": sorted(rect_key(i.mapRectToScene(i._rect)) for i in items if isinstance(i, PointItem)),
            "resource": sorted(rect_key(i.mapRectToScene(i.rect())) for i in items
                               if isinstance(i, FindingChip) and i.kind == "resource"),
            "gap": sorted(rect_key(i.mapRectToScene(i.rect())) for i in items
                          if isinstance(i, FindingChip) and i.kind == "gap"),
            "flows": sorted(path_key(i.path()) for i in items if isinstance(i, FlowItem) and i.isVisible())}


def picture(scene: MapScene, scale: float, height: int = 700) -> QImage:
    """The top of the map painted at ``scale``, as a view shows it (no antialiasing by default)."""
    width = round(scene.sceneRect().width() * scale)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    source = QRectF(scene.sceneRect().x(), scene.sceneRect().y(), scene.sceneRect().width(), height / scale)
    scene.render(painter, QRectF(0, 0, width, height), source, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()
    return image


@pytest.fixture
def sketch_any_size(monkeypatch):
    monkeypatch.setattr(map_sketch, "SKETCH_FROM_ITEMS", 1)


def test_the_sketch_puts_every_box_chip_and_flow_where_the_items_go(qapp, sketch_any_size) -> None:
    # Seed 8: laid out with the room under each box, seed 7's map has no flow between two level boxes.
    ws = varied_workshop(seed=8)
    sketched, built = both(ws)
    assert sketched.is_sketch() and not built.is_sketch()
    assert not [i for i in sketched.items() if isinstance(i, PointItem | FindingChip | FlowItem)]
    expected = drawn(built)
    assert len(expected["boxes"]) == 120 and len(expected["resource"]) + len(expected["gap"]) == 240
    assert len({len(p) for p in expected["flows"]}) >= 3  # straight routes and routes with corners
    assert {r[3] for r in expected["gap"]} > {expected["gap"][0][3]}  # chips of several heights
    assert drawn(sketched) == expected


def test_the_sample_and_a_dark_theme_sketch_alike(qapp, sketch_any_size) -> None:
    sketched, built = both(load_workshop(SAMPLE_WORKSHOP), theme=DARK)
    assert sketched.is_sketch()
    assert drawn(sketched) == drawn(built)


@pytest.mark.parametrize("scale", [0.01, 0.05, 0.13, 0.2])
def test_the_sketch_paints_the_pixels_the_items_paint_at_a_far_zoom(qapp, sketch_any_size, scale) -> None:
    """The same pixels; at the farthest zooms a few differ where an edge falls on half a pixel and the
    items (each drawn from its own origin) round it the other way: at most one pixel in five hundred."""
    sketched, built = both(varied_workshop())
    ink, sketch = picture(built, scale), picture(sketched, scale)
    # Background, lanes, boxes, chips of both kinds and flows: not a blank picture.
    assert len({ink.pixel(x, y) for x in range(0, ink.width(), 2) for y in range(0, 700, 3)}) >= 5
    pixels = [(x, y) for x in range(ink.width()) for y in range(ink.height())]
    differ = sum(ink.pixel(x, y) != sketch.pixel(x, y) for x, y in pixels)
    assert differ <= (len(pixels) / 500 if scale < 0.1 else 0)


def test_building_the_items_replaces_the_sketch_with_the_same_map(qapp, sketch_any_size) -> None:
    sketched, built = both(varied_workshop())
    sketched.build_items()
    assert not sketched.is_sketch()
    assert not [i for i in sketched.items() if isinstance(i, MapSketch)]
    assert drawn(sketched) == drawn(built)
    sketched.build_items()  # nothing more to do
    assert drawn(sketched) == drawn(built)


def test_a_theme_change_on_a_sketch_builds_the_items_in_that_theme(qapp, sketch_any_size) -> None:
    sketched, _ = both(varied_workshop(points=30))
    sketched.set_theme(DARK)
    assert not sketched.is_sketch()
    assert sketched.backgroundBrush().color() == DARK.colour("background")
    assert {i.scene() is sketched for i in sketched.items() if isinstance(i, PointItem)} == {True}


def test_small_maps_and_maps_with_unplaced_boxes_are_built_at_once(qapp) -> None:
    sample = load_workshop(SAMPLE_WORKSHOP)
    assert not MapScene(Document(sample), QUndoStack(), sketch_first=True).is_sketch()
    big = varied_workshop(points=400)  # 400 boxes, 800 chips and ~400 flows: past SKETCH_FROM_ITEMS
    assert MapScene(Document(big.model_copy(deep=True)), QUndoStack(), sketch_first=True).is_sketch()
    big.points[5].x = big.points[5].y = 0.0
    big.points[5].pinned = False  # automatic layout places it: the items are built at once
    assert not MapScene(Document(big), QUndoStack(), sketch_first=True).is_sketch()
    assert not MapScene(Document(varied_workshop(points=400)), QUndoStack()).is_sketch()
