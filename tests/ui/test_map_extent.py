"""The map's extent: views scroll over the exact map while Qt's index rect and lane bounds grow in steps."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtWidgets import QApplication, QGraphicsScene

from intercept_mapper.model import DecisionPoint, Document, new_workshop
from intercept_mapper.ui.map import MapScene, MapView
from intercept_mapper.ui.map.lane_item import LANE_GROWTH_STEP
from intercept_mapper.ui.map.map_scene import SCENE_INDEX_STEP


def _scene(qtbot):
    ws = new_workshop("samhsa", "Extent county")
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Dispatch", x=370, y=130, pinned=True)]
    document = Document(ws)
    scene = MapScene(document, QUndoStack())
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return scene, view


def test_a_drop_deeper_grows_the_map_and_the_view_follows_it_exactly(qtbot):
    scene, view = _scene(qtbot)
    before = scene.sceneRect()
    indexed = QGraphicsScene.sceneRect(scene)
    assert indexed.contains(before) and indexed.bottom() % SCENE_INDEX_STEP == 0
    assert view.sceneRect() == before
    item = scene.item_for("p1")
    item.setPos(item.pos() + QPointF(0, 300))
    assert scene.commit_drag()
    after = scene.sceneRect()
    assert after.bottom() > before.bottom()  # the box went deeper, so did the map
    assert view.sceneRect() == after  # the view scrolls over the map, not Qt's stepped rect
    assert QGraphicsScene.sceneRect(scene) == indexed  # within one step: Qt's index was not rebuilt
    lane = scene._lanes["1"]
    assert lane.boundingRect().height() % LANE_GROWTH_STEP == 0
    assert lane.shape().boundingRect().height() == scene.lanes_bottom()
    scene.undo_stack.undo()
    assert scene.sceneRect() == before and view.sceneRect() == before
    scene.dispose()


def test_an_explicit_view_rect_holds_until_cleared(qtbot):
    scene, view = _scene(qtbot)
    wide = scene.sceneRect().adjusted(-500, 0, 500, 0)
    view.setSceneRect(wide)  # presentation mode: room beside the map
    item = scene.item_for("p1")
    item.setPos(item.pos() + QPointF(0, 300))
    assert scene.commit_drag()
    assert view.sceneRect() == wide
    view.setSceneRect(QRectF())  # follow the map again
    assert view.sceneRect() == scene.sceneRect()
    scene.dispose()


def test_scroll_bar_after_drops_that_deepen_the_map_shows_what_a_full_repaint_shows(qtbot):
    """The view's scroll bars repaint only where the thumb moved: the pixels on screen must still be
    those of a whole repaint, and the scroll range must reach the deeper map."""
    ws = new_workshop("samhsa", "Extent county")
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title="Dispatch", x=370, y=130 + 200 * n,
                               pinned=True) for n in range(20)]
    scene = MapScene(Document(ws), QUndoStack())
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() - 50)
    item = scene.item_for("p19")

    def on_screen() -> QImage:
        QApplication.processEvents()
        where = QRect(bar.mapTo(view.window(), QPoint(0, 0)), bar.size())
        return view.screen().grabWindow(view.window().winId()).toImage().copy(where)

    on_screen()
    thumbs = set()
    for _ in range(3):
        reach = bar.maximum()
        item.setPos(item.pos() + QPointF(0, 37))
        assert scene.commit_drag()
        assert bar.maximum() > reach and view.sceneRect() == scene.sceneRect()
        shown = on_screen()
        thumbs.add(bar._look()[0].top())
        bar.repaint()  # the whole bar, as Qt would
        assert shown == on_screen()
    assert len(thumbs) == 3  # the thumb did move each time, so a partial repaint was tested
    scene.dispose()
