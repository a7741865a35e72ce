"""The room under each box on the live map (issue 18): on a map laid out automatically (as an imported
worksheet is), with chips drawn as tall as the shared geometry's ``CHIP_HEIGHT`` (as automatic layout
and the PDF count them), a resource or gap added to a box moves no other box anywhere on the map and a
second one pushes only the next box of its lane; at the map's usual text, whose chips are drawn a few
units taller, one added moves at most the next box; a box added at a lane's end leaves the room above
it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow, new_workshop
from intercept_mapper.model.auto_layout import apply_layout
from intercept_mapper.model.map_geometry import CHIP_GAP, CHIP_HEIGHT, GROWTH_ROOM, ROW_GAP
from intercept_mapper.ui.commands import InsertItemsCommand
from intercept_mapper.ui.map import LIGHT, FastEntry, MapScene, MapView
from intercept_mapper.ui.window.presentation import STEP_TEXT_SCALE

# Chip text at 12 px: two lines fill a chip of the shared geometry's CHIP_HEIGHT (presentation's steps).
GEOMETRY_CHIPS = LIGHT.scaled(STEP_TEXT_SCALE)

LANES = ("1", "2", "3")
PER_LANE = 12


def laid_out_workshop():
    """Three lanes of twelve boxes holding 0, 1 and 2 gaps in turn, each box flowing to the next of its
    lane and to the box level with it in the next lane, placed by automatic layout."""
    ws = new_workshop("samhsa", "Test county")
    ws.points = [DecisionPoint(id=f"pt{lane}-{n:02}", intercept=lane, title=f"Point {lane}.{n}")
                 for lane in LANES for n in range(PER_LANE)]
    ws.findings = [Finding(id=f"fd{lane}-{n:02}-{k}", kind="gap", intercept=lane, title=f"Gap {k}",
                           point_id=f"pt{lane}-{n:02}")
                   for lane in LANES for n in range(PER_LANE) for k in range(n % 3)]
    ws.flows = [Flow(id=f"fl{lane}-{n:02}", source=f"pt{lane}-{n:02}", target=f"pt{lane}-{n + 1:02}")
                for lane in LANES for n in range(PER_LANE - 1)]
    ws.flows += [Flow(id=f"fx{n:02}", source=f"pt1-{n:02}", target=f"pt2-{n:02}") for n in range(PER_LANE)]
    apply_layout(ws)
    return ws


@pytest.fixture(params=[GEOMETRY_CHIPS], ids=["chips of CHIP_HEIGHT"])
def mapped(qtbot, request):
    document = Document(laid_out_workshop())
    stack = QUndoStack()
    scene = MapScene(document, stack, theme=request.param)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    fast = FastEntry(scene, view, document, stack)
    yield SimpleNamespace(doc=document, stack=stack, scene=scene, view=view, fast=fast)
    fast.dispose()
    scene.dispose()


def box_tops(m) -> dict[str, float]:
    """Where each box sits on the map."""
    return {p.id: m.scene.item_rect(p.id).top() for p in m.doc.items("points")}


def add_gap(m, point_id: str, name: str) -> None:
    lane = m.doc.get("points", point_id).intercept
    m.stack.push(InsertItemsCommand(m.doc, [("findings", Finding(
        id=name, kind="gap", intercept=lane, title="Said in the room", point_id=point_id))], "Add gap"))


def next_in_lane(point_id: str) -> str:
    return f"{point_id[:4]}{int(point_id[4:]) + 1:02}"


def test_the_chips_are_drawn_as_tall_as_automatic_layout_counts_them(mapped) -> None:
    assert mapped.scene.item_rect("fd1-01-0").height() == CHIP_HEIGHT


@pytest.mark.parametrize("point_id", ["pt2-06", "pt2-07", "pt2-08", "pt1-00", "pt3-11"])
def test_a_chip_added_to_a_laid_out_box_moves_no_other_box(mapped, point_id) -> None:
    before = box_tops(mapped)
    assert all(mapped.doc.get("points", p).y == y for p, y in before.items())  # shown where laid out
    add_gap(mapped, point_id, "fd-new")
    assert box_tops(mapped) == before
    assert mapped.scene.item_rect("fd-new").bottom() < min(
        (y for p, y in before.items() if y > before[point_id] and p[:3] == point_id[:3]), default=1e9)


@pytest.mark.parametrize("point_id", ["pt2-06", "pt2-07", "pt2-08"])
def test_a_second_chip_pushes_at_most_the_next_box_of_its_lane(mapped, point_id) -> None:
    before = box_tops(mapped)
    add_gap(mapped, point_id, "fd-new1")
    add_gap(mapped, point_id, "fd-new2")
    after = box_tops(mapped)
    moved = sorted(p for p in before if after[p] != before[p])
    next_box = next_in_lane(point_id)
    assert moved == [next_box]
    # Only as far as needed: the next box sits a row gap below the grown block, no further.
    assert after[next_box] == mapped.scene.item_rect("fd-new2").bottom() + CHIP_GAP + ROW_GAP
    mapped.stack.undo()
    mapped.stack.undo()
    assert box_tops(mapped) == before


def test_a_box_added_at_a_lanes_end_has_the_room_above_it(mapped) -> None:
    last = "pt2-11"
    lowest = max(mapped.scene.item_rect(f.id).bottom() for f in mapped.doc.items("findings")
                 if f.point_id == last)
    mapped.scene.select_ids([last])
    point_id = mapped.fast.add_point()
    mapped.fast.finish_editing()
    point = mapped.doc.get("points", point_id)
    assert point.intercept == "2"
    block_bottom = lowest + CHIP_GAP  # the gap under the last chip closes a block
    assert point.y == mapped.scene.item_rect(point_id).top() == block_bottom + ROW_GAP + GROWTH_ROOM
    # and so its first chip moves nothing
    before = box_tops(mapped)
    add_gap(mapped, point_id, "fd-first")
    add_gap(mapped, last, "fd-last")
    assert box_tops(mapped) == before


@pytest.mark.parametrize("point_id", ["pt2-06", "pt2-07", "pt2-08", "pt1-04"])
def test_at_the_usual_text_a_chip_added_moves_at_most_the_next_box(qtbot, point_id) -> None:
    """The map's usual chips are drawn taller than automatic layout counts them (two lines of 14 px
    text clear of the border): the room absorbs the difference of the chips a box holds, so every box
    is shown where it was laid out, and an added chip nudges at most the next box of its lane."""
    document = Document(laid_out_workshop())
    stack = QUndoStack()
    scene = MapScene(document, stack)
    try:
        m = SimpleNamespace(doc=document, stack=stack, scene=scene)
        before = box_tops(m)
        assert scene.item_rect("fd1-01-0").height() > CHIP_HEIGHT
        assert all(document.get("points", p).y == y for p, y in before.items())
        add_gap(m, point_id, "fd-new")
        after = box_tops(m)
        assert {p for p in before if after[p] != before[p]} <= {next_in_lane(point_id)}
    finally:
        scene.dispose()


def test_boxes_without_a_place_are_laid_out_again_as_a_fresh_map_lays_them_out(qtbot, monkeypatch) -> None:
    """A map whose boxes have no places (not an imported one: a file written without them) is shown by
    automatic layout; as chips arrive its boxes follow it, as a fresh map and the export place them. A
    chip added in a lane without such a box lays the map out again too: automatic layout places the
    boxes fed from that lane and the lane's own unpinned boxes (as the export does while any box has no
    place; a scene that skipped it showed pt1-04.. and pt2-04.. 42 units above the report's places). A
    change automatic layout does not read (a chip renamed) does not run it."""
    from intercept_mapper.export.map_layout import build_layout
    from intercept_mapper.ui.commands import UpdateItemCommand
    from intercept_mapper.ui.map import map_scene

    ws = laid_out_workshop()
    for point in ws.points:
        if point.intercept == "2":
            point.x = point.y = 0.0  # lane 2 unplaced; lanes 1 and 3 placed
    document = Document(ws)
    stack = QUndoStack()
    layouts = []
    lay_out = map_scene._auto_layout
    monkeypatch.setattr(map_scene, "_auto_layout", lambda w: (layouts.append(1), lay_out(w))[1])
    scene = MapScene(document, stack, theme=GEOMETRY_CHIPS)
    m = SimpleNamespace(doc=document, stack=stack, scene=scene)

    def same_as_fresh_and_export() -> None:
        live = box_tops(m)
        fresh = MapScene(document, QUndoStack(), theme=GEOMETRY_CHIPS)
        try:
            assert live == {p.id: fresh.item_rect(p.id).top() for p in document.items("points")}
        finally:
            fresh.dispose()
        assert live == {placed.point.id: placed.box.y for placed in build_layout(document.workshop).points}

    try:
        assert layouts == [1]  # the build lays the map out once (its first flush does not again)
        same_as_fresh_and_export()
        layouts.clear()
        stack.push(UpdateItemCommand(document, "findings", "fd1-01-0", {"title": "Renamed"}, "Rename"))
        assert layouts == []
        before = box_tops(m)
        add_gap(m, "pt1-03", "fd-placed-lane")
        assert layouts == [1]
        assert box_tops(m)["pt2-04"] > before["pt2-04"]  # fed from lane 1, below the grown block
        same_as_fresh_and_export()
        for n, point_id in enumerate(("pt2-00", "pt2-03", "pt2-07")):
            layouts.clear()
            add_gap(m, point_id, f"fd-new{n}")
            assert layouts == [1]
            same_as_fresh_and_export()
    finally:
        scene.dispose()
