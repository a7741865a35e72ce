"""The map scene's kept lane tidies and loose lists (issue 18): each lane's ``LaneTidy`` is told only of
the boxes an edit touched, and a finding moved or added goes into its lane's loose list without a pass
over every finding. After every step of seeded random edits through the undo stack on lanes of ~100
boxes (gaps added under boxes and loose, deleted, moved to another intercept, boxes dragged and pinned,
renamed to a taller box, moved to another lane, added and deleted, every step undone or redone at
random), each box stands where a whole tidy of its lane puts it, the loose lists are those a pass over
every finding makes, and every few steps the map equals a fresh scene's of the same document.

(Boxes added here have places. Boxes without one, added to a placed map and moved about, are tested
in ``test_map_unplaced_boxes.py``.)"""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import apply_layout
from intercept_mapper.model.lane_layout import tidy_lane
from intercept_mapper.model.map_geometry import lane_point_x
from intercept_mapper.ui.commands import (
    DeleteItemsCommand,
    InsertItemsCommand,
    MovePointsCommand,
    UpdateItemCommand,
)
from intercept_mapper.ui.intercept_moves import push_move
from intercept_mapper.ui.map import MapScene

LANES = ("1", "2", "3")


def workshop(rng: random.Random, per_lane: int):
    ws = new_workshop("samhsa", "Test county")
    ws.points = [DecisionPoint(id=f"p{lane}-{n:03}", intercept=lane, title=f"Point {lane}.{n}")
                 for lane in LANES for n in range(per_lane)]
    ws.findings = [Finding(id=f"g{lane}-{n:03}-{k}", kind=rng.choice(("gap", "resource")), intercept=lane,
                           title=f"Gap {k}", point_id=f"p{lane}-{n:03}")
                   for lane in LANES for n in range(per_lane) for k in range(rng.randrange(3))]
    ws.findings += [Finding(id=f"loose{lane}-{k}", kind="gap", intercept=lane, title="Loose")
                    for lane in LANES for k in range(3)]
    ws.flows = [Flow(id=f"f{lane}-{n:03}", source=f"p{lane}-{n:03}", target=f"p{lane}-{n + 1:03}")
                for lane in LANES for n in range(per_lane - 1)]
    apply_layout(ws)
    return ws


def whole_tidy_places(scene: MapScene) -> dict[str, float]:
    """Each lane box's y by a whole tidy of its lane (sorted, every height read), as the scene did before."""
    places = {}
    for lane in LANES:
        members = sorted((item for item in scene._points.values() if item.intercept == lane),  # noqa: SLF001
                         key=lambda i: (i.wanted_y, i.seq))
        ys = tidy_lane([(i.wanted_y, i.pinned, scene._block_height(i.item_id)) for i in members])  # noqa: SLF001
        places.update({i.item_id: y for i, y in zip(members, ys, strict=True)})
    return places


def loose_lists(scene: MapScene) -> dict[str, list[str]]:
    kept = {lane: [chip.item_id for chip in scene._loose_findings(lane)] for lane in LANES}  # noqa: SLF001
    return {lane: ids for lane, ids in kept.items() if ids}


def check(scene: MapScene, document: Document, step: int) -> None:
    for point_id, y in whole_tidy_places(scene).items():
        item = scene._points[point_id]  # noqa: SLF001
        lane_x = lane_point_x(scene._lane_index[item.intercept])  # noqa: SLF001
        assert (item.pos().x(), item.pos().y()) == (lane_x, y), (step, point_id)
    kept = loose_lists(scene)
    scene._loose_ids = None  # noqa: SLF001 - listed again by a pass over every finding
    assert kept == loose_lists(scene), step


def edit(rng: random.Random, document: Document, stack: QUndoStack, step: int) -> None:
    points = [p.id for p in document.items("points")]
    findings = [f.id for f in document.items("findings")]
    point_id, finding_id = rng.choice(points), rng.choice(findings)
    point = document.get("points", point_id)
    kind = rng.randrange(9)
    if kind == 0:  # a gap added under a box
        stack.push(InsertItemsCommand(document, [("findings", Finding(
            id=f"new{step}", kind="gap", intercept=point.intercept, title="New", point_id=point_id))], "Add"))
    elif kind == 1:  # a loose gap added
        stack.push(InsertItemsCommand(document, [("findings", Finding(
            id=f"new{step}", kind="gap", intercept=rng.choice(LANES), title="Loose"))], "Add"))
    elif kind == 2:
        stack.push(DeleteItemsCommand(document, [finding_id], "Delete"))
    elif kind == 3:  # a gap moved to another intercept (it leaves its box and hangs loose there)
        push_move(document, stack, [finding_id], rng.choice(LANES))
    elif kind == 4:  # a box dragged up or down its lane and pinned there
        # (a wanted y of its own: two boxes wanting one y are ordered by when the scene made them)
        y = max(130.0, point.y + rng.choice((-700.0, -60.0, 30.0, 900.0))) + 0.125 * (step + 1)
        new = {"x": point.x, "y": y, "intercept": point.intercept, "pinned": True}
        old = {"x": point.x, "y": point.y, "intercept": point.intercept, "pinned": point.pinned}
        stack.push(MovePointsCommand(document, {point_id: (old, new)}))
    elif kind == 5:  # a box renamed: a long title makes it taller
        stack.push(UpdateItemCommand(document, "points", point_id,
                                     {"title": rng.choice(("Short", "A much longer title " * 6))}, "Rename"))
    elif kind == 6:  # a box moved to another lane with its chips
        push_move(document, stack, [point_id], rng.choice(LANES))
    elif kind == 7:  # a box added somewhere in a lane, or deleted
        if rng.random() < 0.5:
            lane = rng.choice(LANES)
            stack.push(InsertItemsCommand(document, [("points", DecisionPoint(
                id=f"newp{step}", intercept=lane, title="New point", x=lane_point_x(LANES.index(lane)),
                y=rng.randrange(130, 20000) + 0.125 * (step + 1)))], "Add"))
        else:
            stack.push(DeleteItemsCommand(document, [point_id], "Delete"))
    elif stack.canUndo():
        stack.undo()
    if rng.random() < 0.15 and stack.canRedo():
        stack.redo()


@pytest.mark.parametrize("seed", range(3))
def test_kept_tidies_and_loose_lists_give_the_whole_passes_places_after_every_edit(qtbot, seed: int) -> None:
    rng = random.Random(seed)
    document = Document(workshop(rng, 100))
    stack = QUndoStack()
    scene = MapScene(document, stack)
    check(scene, document, -1)
    for step in range(70):
        edit(rng, document, stack, step)
        check(scene, document, step)
        if step % 10 == 9:
            fresh = MapScene(document, QUndoStack())
            try:
                for point_id in fresh._points:  # noqa: SLF001
                    assert scene.item_rect(point_id) == fresh.item_rect(point_id), (step, point_id)
                for finding_id in fresh._findings:  # noqa: SLF001
                    assert scene.item_rect(finding_id) == fresh.item_rect(finding_id), (step, finding_id)
                assert scene._router.routes() == fresh._router.routes(), step  # noqa: SLF001
            finally:
                fresh.dispose()
    scene.dispose()
