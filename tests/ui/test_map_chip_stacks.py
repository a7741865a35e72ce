"""A point's chips are listed from its own findings (``MapScene._findings_of``, kept by the change
notices), in the order a fresh scene stacks them: resources first, then gaps, each in document order."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from intercept_mapper.model import DecisionPoint, Document, Finding, new_workshop
from intercept_mapper.ui.commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand
from intercept_mapper.ui.map import MapScene


def _workshop():
    ws = new_workshop("samhsa", "Test county")
    ws.points = [DecisionPoint(id=f"pt{n}", intercept="1", title=f"Point {n}") for n in range(3)]
    kinds = ["gap", "resource", "gap", "resource", "gap", "resource"]
    ws.findings = [Finding(id=f"fd{n}", kind=kind, intercept="1", title=f"Finding {n}",
                           point_id=f"pt{n % 2}") for n, kind in enumerate(kinds)]
    return ws


def _stacked(scene: MapScene, point_id: str) -> list[str]:
    """The chips under a point, top to bottom, as they sit on the map."""
    box = scene.item_for(point_id)
    chips = [c for c in box.childItems() if getattr(c, "kind", None) in ("gap", "resource")]
    return [c.item_id for c in sorted(chips, key=lambda c: c.pos().y())]


def _as_documented(document: Document, point_id: str) -> list[str]:
    mine = [f for f in document.items("findings") if f.point_id == point_id]
    return [f.id for f in mine if f.kind == "resource"] + [f.id for f in mine if f.kind == "gap"]


def test_chips_follow_their_findings_through_adds_moves_deletes_and_undos(qtbot) -> None:
    document = Document(_workshop())
    stack = QUndoStack()
    scene = MapScene(document, stack)
    edits = [
        ("a gap added at the end", lambda: stack.push(InsertItemsCommand(document, [("findings", Finding(
            id="fd-new", kind="gap", intercept="1", title="New", point_id="pt0"))], "Add"))),
        ("a resource added at the end", lambda: stack.push(InsertItemsCommand(document, [("findings", Finding(
            id="fd-new-r", kind="resource", intercept="1", title="New resource", point_id="pt0"))], "Add"))),
        ("a middle finding deleted", lambda: stack.push(DeleteItemsCommand(document, ["fd2"], "Delete"))),
        ("its undo (back in the middle)", stack.undo),
        ("a finding moved to another point", lambda: stack.push(UpdateItemCommand(
            document, "findings", "fd1", {"point_id": "pt0"}, "Move"))),
        ("a gap made a resource", lambda: stack.push(UpdateItemCommand(
            document, "findings", "fd4", {"kind": "resource"}, "Kind"))),
        ("a finding made loose", lambda: stack.push(UpdateItemCommand(
            document, "findings", "fd0", {"point_id": None}, "Loose"))),
        ("a loose finding put under the third point", lambda: stack.push(UpdateItemCommand(
            document, "findings", "fd0", {"point_id": "pt2"}, "Attach"))),
        ("undo", stack.undo), ("undo", stack.undo), ("undo", stack.undo), ("redo", stack.redo),
    ]
    for step, edit in edits:
        edit()
        fresh = MapScene(document, QUndoStack())
        try:
            for point in document.items("points"):
                assert _stacked(scene, point.id) == _as_documented(document, point.id), (step, point.id)
            for finding in document.items("findings"):
                assert scene.item_rect(finding.id) == fresh.item_rect(finding.id), (step, finding.id)
        finally:
            fresh.dispose()
    assert _stacked(scene, "pt0") != sorted(_stacked(scene, "pt0")), "the edits mixed the document's order"
    scene.dispose()
