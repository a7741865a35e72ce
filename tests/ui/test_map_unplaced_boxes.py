"""A box without a place (unpinned, x = y = 0: a file written by hand or by another tool) is placed by
automatic layout in every output: "one layout, four outputs". While any box has no place, the export
(``export/map_layout.build_layout``) gives every unpinned box automatic layout's place (not only those
without one), and so does the scene.

After every step of seeded random edits on a small placed map (boxes without a place inserted in the
lanes, some with a flow, and in the cross band; moved to another intercept; resources and gaps added
and deleted under them and their neighbours; boxes with places added; flows added; boxes renamed (a
title orders a lane); a box without a place dragged and pinned, a pinned box unpinned; every step undone
or redone at random), each box and chip stands on the live map where a fresh scene of the same document
puts it (and every flow runs as it runs there) and where the export puts it. A map whose boxes all have
places never runs automatic layout.

Chips are drawn as tall as the shared geometry's ``CHIP_HEIGHT`` (as automatic layout and the export
count them) and titles fit one line, so the export's text measure and the canvas's give the same
heights and the places can be compared exactly."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QUndoStack

from intercept_mapper.export.map_layout import build_layout
from intercept_mapper.model import DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import apply_layout
from intercept_mapper.model.map_geometry import lane_point_x
from intercept_mapper.ui.commands import (
    DeleteItemsCommand,
    InsertItemsCommand,
    MovePointsCommand,
    UpdateItemCommand,
)
from intercept_mapper.ui.intercept_moves import push_move
from intercept_mapper.ui.map import LIGHT, MapScene
from intercept_mapper.ui.window.presentation import STEP_TEXT_SCALE

GEOMETRY_CHIPS = LIGHT.scaled(STEP_TEXT_SCALE)  # chips drawn CHIP_HEIGHT tall (test_map_growth_room)
LANES = ("1", "2", "3")
PER_LANE = 5


def placed_workshop(rng: random.Random):
    """Three lanes of five boxes with 0-2 chips each, flows down each lane and from lane 1 to lane 2,
    placed by automatic layout (unpinned, as an imported worksheet is); one box of lane 3 pinned."""
    ws = new_workshop("samhsa", "Test county")
    ws.points = [DecisionPoint(id=f"p{lane}-{n}", intercept=lane, title=f"Point {lane}.{n}")
                 for lane in LANES for n in range(PER_LANE)]
    ws.findings = [Finding(id=f"g{lane}-{n}-{k}", kind=rng.choice(("gap", "resource")), intercept=lane,
                           title=f"Gap {k}", point_id=f"p{lane}-{n}")
                   for lane in LANES for n in range(PER_LANE) for k in range(rng.randrange(3))]
    ws.flows = [Flow(id=f"f{lane}-{n}", source=f"p{lane}-{n}", target=f"p{lane}-{n + 1}")
                for lane in LANES for n in range(PER_LANE - 1)]
    ws.flows += [Flow(id=f"x{n}", source=f"p1-{n}", target=f"p2-{n}") for n in range(0, PER_LANE, 2)]
    apply_layout(ws)
    pinned = ws.points[2 * PER_LANE + 3]
    pinned.pinned = True
    pinned.y += 60.0
    return ws


def unplaced(document: Document) -> list[str]:
    """The boxes of the lanes without a place."""
    return [p.id for p in document.items("points")
            if p.intercept in LANES and not p.pinned and p.x == 0 and p.y == 0]


def edit(rng: random.Random, document: Document, stack: QUndoStack, step: int) -> str:
    """One random edit through the undo stack (or an undo); returns what it did, for failure messages."""
    points = [p.id for p in document.items("points")]
    without = unplaced(document)
    kind = rng.randrange(13) if without else rng.choice((0, 0, 7, 8, 9, 10, 11))
    if kind == 0:  # a box without a place, in a lane, perhaps fed by a box of its lane or the one before
        lane = rng.choice(LANES)
        point = DecisionPoint(id=f"u{step}", intercept=lane, title=f"Unplaced {step}")
        entries: list = [("points", point)]
        if rng.random() < 0.5:
            source = rng.choice([p for p in points if document.get("points", p).intercept <= lane])
            entries.append(("flows", Flow(id=f"uf{step}", source=source, target=point.id)))
        stack.push(InsertItemsCommand(document, entries, "Add"))
        return f"insert {point.id} in {lane}"
    if kind == 1:  # a box without a place moved to another intercept (its chips go along)
        point_id = rng.choice(without)
        lane = rng.choice([lane for lane in LANES if lane != document.get("points", point_id).intercept])
        push_move(document, stack, [point_id], lane)
        return f"move {point_id} to {lane}"
    if kind in (2, 3):  # a gap added under a box without a place, or under a neighbour of one
        point_id = rng.choice(without)
        if kind == 3:
            lane = document.get("points", point_id).intercept
            point_id = rng.choice([p for p in points if document.get("points", p).intercept == lane])
        point = document.get("points", point_id)
        stack.push(InsertItemsCommand(document, [("findings", Finding(
            id=f"new{step}", kind="gap", intercept=point.intercept, title="New", point_id=point_id))], "Add"))
        return f"gap under {point_id}"
    if kind == 4:  # a chip of a box in a lane holding a box without a place deleted
        lanes = {document.get("points", p).intercept for p in without}
        chips = [f.id for f in document.items("findings")
                 if f.point_id is not None and f.intercept in lanes]
        if not chips:
            return "nothing to delete"
        finding_id = rng.choice(chips)
        stack.push(DeleteItemsCommand(document, [finding_id], "Delete"))
        return f"delete {finding_id}"
    if kind == 5:  # a box with a place (unpinned, as fast entry adds one) at a lane's end
        lane = rng.choice(LANES)
        y = max((document.get("points", p).y for p in points if document.get("points", p).intercept == lane),
                default=130.0) + 300.0 + step
        stack.push(InsertItemsCommand(document, [("points", DecisionPoint(
            id=f"placed{step}", intercept=lane, title=f"Placed {step}", x=lane_point_x(LANES.index(lane)),
            y=y))], "Add"))
        return f"placed{step} in {lane}"
    if kind == 6:  # a box without a place dragged down its lane and pinned there (it has a place now)
        point = document.get("points", rng.choice(without))
        old = {"x": point.x, "y": point.y, "intercept": point.intercept, "pinned": point.pinned}
        lane_x = lane_point_x(LANES.index(point.intercept))
        new = {"x": lane_x, "y": 400.0 + step, "intercept": point.intercept, "pinned": True}
        stack.push(MovePointsCommand(document, {point.id: (old, new)}))
        return f"pin {point.id}"
    if kind == 7:  # a box without a place in the cross band (the band places it; the lanes follow layout)
        stack.push(InsertItemsCommand(document, [("points", DecisionPoint(
            id=f"band{step}", intercept="X", title=f"Band {step}"))], "Add"))
        return f"band{step}"
    if kind == 10:  # a pinned box unpinned (the inspector's "Keep where placed by hand" unticked)
        pinned = [p for p in points if document.get("points", p).pinned]
        if pinned:
            point_id = rng.choice(pinned)
            stack.push(UpdateItemCommand(document, "points", point_id, {"pinned": False}, "Unpin"))
            return f"unpin {point_id}"
    if kind == 8:  # a flow between two boxes (automatic layout follows flows)
        source, target = rng.sample(points, 2)
        flow = Flow(id=f"nf{step}", source=source, target=target)
        stack.push(InsertItemsCommand(document, [("flows", flow)], "Add flow"))
        return f"flow {source} -> {target}"
    if kind == 9:  # a box renamed (titles order the boxes of a lane that no flow orders)
        point_id = rng.choice(points)
        stack.push(UpdateItemCommand(document, "points", point_id, {"title": rng.choice(("A", "M", "Z"))},
                                     "Rename"))
        return f"rename {point_id}"
    if stack.canUndo():
        stack.undo()
        return "undo"
    return "nothing to undo"


def places(scene: MapScene, document: Document) -> dict[str, tuple[float, float]]:
    """Where each box and chip stands on a scene (its top left corner)."""
    ids = [p.id for p in document.items("points")] + [f.id for f in document.items("findings")]
    return {item_id: (scene.item_rect(item_id).left(), scene.item_rect(item_id).top()) for item_id in ids}


def in_band(document: Document) -> set[str]:
    """The boxes of the cross band and their chips: the scene measures the band's title strip from its
    text (56 units), the export takes 44 (``map_layout.BAND_LABEL_HEIGHT``), so they stand 12 units
    apart in the two whatever their places; they are compared with a fresh scene only."""
    boxes = {p.id for p in document.items("points") if p.intercept == "X"}
    return boxes | {f.id for f in document.items("findings") if f.point_id in boxes}


def exported_places(document: Document) -> dict[str, tuple[float, float]]:
    """Where the exported map puts each box and chip."""
    layout = build_layout(document.workshop)
    return {**{placed.point.id: (placed.box.x, placed.box.y) for placed in layout.points},
            **{chip.finding.id: (chip.box.x, chip.box.y) for chip in layout.chips}}


@pytest.mark.parametrize("seed", range(6))
def test_a_box_without_a_place_stands_where_a_fresh_map_and_the_export_put_it(qtbot, seed: int) -> None:
    rng = random.Random(seed)
    document = Document(placed_workshop(rng))
    stack = QUndoStack()
    scene = MapScene(document, stack, theme=GEOMETRY_CHIPS)
    done: list[str] = []
    try:
        for step in range(60):
            done.append(edit(rng, document, stack, step))
            if rng.random() < 0.2 and stack.canRedo():
                stack.redo()
                done.append("redo")
            live = places(scene, document)
            fresh = MapScene(document, QUndoStack(), theme=GEOMETRY_CHIPS)
            try:
                assert live == places(fresh, document), (step, done)
                assert scene._router.routes() == fresh._router.routes(), (step, done)  # noqa: SLF001
            finally:
                fresh.dispose()
            exported = exported_places(document)
            band = in_band(document)
            assert {i: xy for i, xy in live.items() if i not in band} == {
                i: xy for i, xy in exported.items() if i not in band}, (step, done)
        assert any(d.startswith("insert") for d in done) and any(d.startswith("move") for d in done)
    finally:
        scene.dispose()


def test_a_map_whose_boxes_all_have_places_runs_no_automatic_layout(qtbot, monkeypatch) -> None:
    """Maps whose boxes all have places (every map the app saves) pay nothing for the rule: neither the
    build nor any edit runs automatic layout. A box without a place runs it while it is there; once it
    has gone (or got a place), the edits after it run none again and every box is back where the
    document has it."""
    from intercept_mapper.ui.map import map_scene

    layouts: list[int] = []
    lay_out = map_scene._auto_layout
    monkeypatch.setattr(map_scene, "_auto_layout", lambda w: (layouts.append(1), lay_out(w))[1])
    rng = random.Random(0)
    document = Document(placed_workshop(rng))
    stack = QUndoStack()
    scene = MapScene(document, stack, theme=GEOMETRY_CHIPS)
    at_first = places(scene, document)

    def placed_edits(step: int) -> None:
        stack.push(InsertItemsCommand(document, [("findings", Finding(
            id=f"gap{step}", kind="gap", intercept="2", title="New", point_id="p2-1"))], "Add gap"))
        stack.push(InsertItemsCommand(document, [("points", DecisionPoint(
            id=f"placed{step}", intercept="1", title="Placed", x=lane_point_x(0), y=3000.0 + step))], "Add"))
        stack.push(InsertItemsCommand(document, [("flows", Flow(id=f"flow{step}", source="p1-4",
                                                                target=f"placed{step}"))], "Add flow"))
        stack.push(UpdateItemCommand(document, "points", "p2-2", {"title": f"Renamed {step}"}, "Rename"))
        push_move(document, stack, [f"placed{step}"], "3")
        stack.push(DeleteItemsCommand(document, [f"gap{step}"], "Delete"))
        stack.undo()
        stack.redo()

    try:
        placed_edits(0)
        assert layouts == []
        while stack.canUndo():
            stack.undo()
        assert layouts == [] and places(scene, document) == at_first
        stack.push(InsertItemsCommand(document, [("points", DecisionPoint(id="u", intercept="2",
                                                                          title="No place"))], "Add"))
        assert layouts == [1]
        assert places(scene, document) == exported_places(document)
        stack.undo()  # the box without a place goes: the others want their document places again
        assert layouts == [1] and places(scene, document) == at_first
        placed_edits(1)
        assert layouts == [1]
    finally:
        scene.dispose()


def test_arranging_a_map_with_boxes_without_a_place_moves_no_box_on_the_map(qtbot) -> None:
    """Map > Arrange Automatically gives every unpinned box automatic layout's place: the boxes without
    one get it, the map stops following automatic layout, and nothing moves on screen (the map already
    showed that layout); undone, the map is as before."""
    from intercept_mapper.ui.map.map_arrangement import push_arrangement

    document = Document(placed_workshop(random.Random(1)))
    stack = QUndoStack()
    scene = MapScene(document, stack, theme=GEOMETRY_CHIPS)
    try:
        stack.push(InsertItemsCommand(document, [
            ("points", DecisionPoint(id="u1", intercept="2", title="No place")),
            ("points", DecisionPoint(id="u2", intercept="X", title="No place in the band")),
            ("flows", Flow(id="uf", source="p1-1", target="u1"))], "Add"))
        stack.push(InsertItemsCommand(document, [("findings", Finding(
            id="ug", kind="gap", intercept="2", title="New", point_id="u1"))], "Add gap"))
        shown = places(scene, document)
        assert push_arrangement(document, stack) > 0
        assert unplaced(document) == [] and not any(
            p.x == 0 and p.y == 0 and not p.pinned for p in document.items("points"))
        assert places(scene, document) == shown
        stack.undo()
        assert places(scene, document) == shown
    finally:
        scene.dispose()
