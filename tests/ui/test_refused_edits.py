"""An edit the document refuses (past a limit) leaves no empty undo step and says why in the status bar."""

from __future__ import annotations

from window_helpers import make_window

from intercept_mapper.model import Finding
from intercept_mapper.model.limits import MAX_SHORT_TEXT as MAX_TITLE
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.commands import InsertItemsCommand, UpdateItemCommand


def test_a_refused_insert_or_update_leaves_no_undo_step_and_says_why(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    stack, document = window.session.undo_stack, window.document
    before, steps = document.workshop.model_dump(), stack.count()
    point = document.workshop.points[0]
    too_long = "x" * (MAX_TITLE + 1)
    gap = Finding(id="fd-too-long", kind="gap", intercept=point.intercept, title=too_long)
    stack.push(InsertItemsCommand(document, [("findings", gap)], "Add gap"))
    assert stack.count() == steps and document.workshop.model_dump() == before
    assert window.statusBar().currentMessage().startswith("Not changed: ")
    window.statusBar().clearMessage()
    stack.push(UpdateItemCommand(document, "points", point.id, {"title": too_long}, "Rename", merge=True))
    assert stack.count() == steps and document.workshop.model_dump() == before
    assert window.statusBar().currentMessage().startswith("Not changed: ")
    # An accepted edit still makes its step, and undo takes it back.
    rename = UpdateItemCommand(document, "points", point.id, {"title": "Crisis line"}, "Rename", merge=True)
    stack.push(rename)
    assert stack.count() == steps + 1
    stack.undo()
    assert document.workshop.model_dump() == before
