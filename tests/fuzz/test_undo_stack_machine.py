"""Random sequences of the real undo commands on a QUndoStack: undo everything gives back the original
document exactly; redo everything gives back the end state; every state in between stays a valid
workshop (references resolve, ids unique), whatever was added, changed, moved, pasted or deleted.

CI runs a modest number of examples; ``FUZZ_EXAMPLES=500 .venv/bin/pytest tests/fuzz`` runs more.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from intercept_mapper.model import CROSS_INTERCEPT, Candidate, DecisionPoint, Document, Finding, Flow
from intercept_mapper.model.candidate_edits import (
    add_ballot,
    merge_candidates,
    remove_ballot,
    remove_table,
    set_votes,
)
from intercept_mapper.model.document import DocumentError, EditRecord
from intercept_mapper.model.ids import new_id
from intercept_mapper.model.plan_derivation import derive_plans_edit
from intercept_mapper.model.validation import validate_workshop
from intercept_mapper.ui.commands import (
    AddItemsCommand,
    CompoundRecordCommand,
    DeleteItemsCommand,
    InsertItemsCommand,
    MovePointsCommand,
    UpdateItemCommand,
    UpdateItemsCommand,
)
from intercept_mapper.ui.map.map_arrangement import push_arrangement
from tests.model.strategies import hostile_text, titles, workshops

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
APP = QApplication.instance() or QApplication([])
coords = st.floats(min_value=-5000, max_value=5000, allow_nan=False)
EVERY_COLLECTION = ["points", "flows", "findings", "participants", "tables", "candidates", "ballots",
                    "action_plans"]


class UndoStackMachine(RuleBasedStateMachine):
    """A Document, a QUndoStack, and the commands the app pushes on it."""

    @initialize(ws=workshops(max_items=4))
    def start(self, ws: Any) -> None:  # noqa: ANN401
        self.doc = Document(ws)
        self.stack = QUndoStack()
        self.original = ws.model_dump(mode="json")

    # ------------------------------------------------------------------ helpers
    def _ids(self, collection: str) -> list[str]:
        return [item.id for item in self.doc.items(collection)]

    def _anywhere(self) -> list[str]:
        return [*self.doc.workshop.scheme.ids(), CROSS_INTERCEPT]

    # ------------------------------------------------------------------ edits
    @rule(data=st.data(), kind=st.sampled_from(["point", "resource", "gap"]), title=titles)
    def add(self, data: st.DataObject, kind: str, title: str) -> None:
        """Fast entry: one new item (a gap with its candidate), then maybe named in the same step."""
        points = self._ids("points")
        if kind == "point":
            intercept = data.draw(st.sampled_from(self.doc.workshop.scheme.ids()))
            point = DecisionPoint(id=new_id("point"), intercept=intercept, title="New decision point")
            entries: list[tuple[str, Any]] = [("points", point)]
        else:
            finding = Finding(id=new_id("finding"), kind=kind, intercept=data.draw(st.sampled_from(
                self._anywhere())), title="New " + kind, point_id=data.draw(
                st.sampled_from([None, *points])))
            entries = [("findings", finding)]
            if kind == "gap":
                entries.append(("candidates", Candidate(id=new_id("candidate"), title=finding.title,
                                                        gap_ids=[finding.id])))
        self.stack.push(AddItemsCommand(self.doc, entries, f"Add {kind}", entries[0][1].title))
        if data.draw(st.booleans()):  # typed its name: folds into the add
            changes = [(c, item.id, {"title": title}) for c, item in entries]
            self.stack.push(UpdateItemsCommand(self.doc, changes, "Name", names_new_item=True))

    @rule(data=st.data(), field=st.sampled_from(["title", "description", "organisation"]), text=hostile_text,
          merge=st.booleans())
    def update(self, data: st.DataObject, field: str, text: str, merge: bool) -> None:
        """The inspector: one field of one item (typing merges into one step)."""
        collection = data.draw(st.sampled_from(["points", "findings"]))
        ids = self._ids(collection)
        if ids:
            item_id = data.draw(st.sampled_from(ids))
            self.stack.push(UpdateItemCommand(self.doc, collection, item_id, {field: text}, "Edit", merge))

    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        """A drag of one or more boxes: one step."""
        ids = self._ids("points")
        if not ids:
            return
        moves = {}
        for point_id in data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)):
            point = self.doc.get("points", point_id)
            moves[point_id] = ({"x": point.x, "y": point.y, "pinned": point.pinned},
                               {"x": data.draw(coords), "y": data.draw(coords), "pinned": True})
        self.stack.push(MovePointsCommand(self.doc, moves))

    @rule()
    def arrange(self) -> None:
        """Map > Arrange Automatically: every unpinned box to automatic layout's place, one step."""
        push_arrangement(self.doc, self.stack)

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        """Delete anything (points, flows, gaps, people, tables, candidates, ballots, plans) and its links."""
        everything = [i for c in EVERY_COLLECTION for i in self._ids(c)]
        if everything:
            ids = data.draw(st.lists(st.sampled_from(everything), min_size=1, max_size=4, unique=True))
            self.stack.push(DeleteItemsCommand(self.doc, ids, "Delete"))

    @rule(data=st.data())
    def paste(self, data: st.DataObject) -> None:
        """Paste copies of some points (with the flows between them and their findings) under new ids."""
        ids = self._ids("points")
        if not ids:
            return
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        new_ids = {old: new_id("point") for old in chosen}
        entries: list[tuple[str, Any]] = []
        for old, new in new_ids.items():
            entries.append(("points", self.doc.get("points", old).model_copy(update={"id": new}, deep=True)))
        for flow in self.doc.items("flows"):
            if flow.source in new_ids and flow.target in new_ids:
                entries.append(("flows", Flow(id=new_id("flow"), source=new_ids[flow.source],
                                              target=new_ids[flow.target], yearly_count=flow.yearly_count)))
        for finding in self.doc.items("findings"):
            if finding.point_id in new_ids:
                entries.append(("findings", finding.model_copy(
                    update={"id": new_id("finding"), "point_id": new_ids[finding.point_id]}, deep=True)))
        self.stack.push(InsertItemsCommand(self.doc, entries, "Paste"))

    @rule(data=st.data(), votes=st.integers(min_value=0, max_value=12))
    def vote(self, data: st.DataObject, votes: int) -> None:
        """A table's votes for a candidate (a model edit wrapped in a command)."""
        candidates, tables = self._ids("candidates"), self._ids("tables")
        if candidates and tables:
            cand, table = data.draw(st.sampled_from(candidates)), data.draw(st.sampled_from(tables))
            self.stack.push(CompoundRecordCommand(
                self.doc, lambda doc: set_votes(doc, cand, table, votes), "Votes"))

    def _model_edit(self, apply: Any, text: str) -> None:  # noqa: ANN401
        """Push a model edit as the panels do; one the model refuses pushes an empty step.

        A refused edit must change nothing: undo-all would catch a half-applied one.
        """
        def guarded(doc: Document) -> EditRecord:
            try:
                return apply(doc)
            except DocumentError:
                return EditRecord()

        self.stack.push(CompoundRecordCommand(self.doc, guarded, text))

    @rule(data=st.data(), title=titles)
    def merge(self, data: st.DataObject, title: str) -> None:
        """Merge two or three candidate priorities (votes, gaps and ballots combined)."""
        ids = self._ids("candidates")
        if len(ids) >= 2:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
            self._model_edit(lambda doc: merge_candidates(doc, chosen, title), "Merge")

    @rule(data=st.data())
    def ballot(self, data: st.DataObject) -> None:
        """Record a participant's ballot (or remove one)."""
        people, tables, cands = self._ids("participants"), self._ids("tables"), self._ids("candidates")
        ballots = self._ids("ballots")
        if ballots and data.draw(st.booleans()):
            ballot_id = data.draw(st.sampled_from(ballots))
            self._model_edit(lambda doc: remove_ballot(doc, ballot_id), "Remove ballot")
        elif people and tables and cands:
            who, table = data.draw(st.sampled_from(people)), data.draw(st.sampled_from(tables))
            votes = data.draw(st.dictionaries(st.sampled_from(cands), st.integers(0, 3), max_size=3))
            self._model_edit(lambda doc: add_ballot(doc, who, votes, table), "Ballot")

    @rule(data=st.data())
    def drop_table(self, data: st.DataObject) -> None:
        """Remove a voting table with its votes and ballots."""
        tables = self._ids("tables")
        if tables:
            table = data.draw(st.sampled_from(tables))
            self._model_edit(lambda doc: remove_table(doc, table), "Remove table")

    @rule(top=st.integers(min_value=1, max_value=3))
    def draft_plans(self, top: int) -> None:
        """Draft action plans for the top priorities."""
        self._model_edit(lambda doc: derive_plans_edit(doc, top_n=top), "Draft plans")

    @rule()
    def undo(self) -> None:
        """Ctrl+Z."""
        self.stack.undo()

    @rule()
    def redo(self) -> None:
        """Ctrl+Shift+Z."""
        self.stack.redo()

    @precondition(lambda self: self.stack.count() > 0)
    @rule()
    def walk_the_whole_history(self) -> None:
        """Undo everything, then redo everything, in the middle of a session."""
        self._check_history()

    # ------------------------------------------------------------------ properties
    @invariant()
    def still_a_valid_workshop(self) -> None:
        """No edit, undo or redo leaves a dangling reference or a duplicate id."""
        problems = validate_workshop(self.doc.workshop)
        assert not problems, [str(p) for p in problems]

    def _check_history(self) -> None:
        index = self.stack.index()
        while self.stack.canRedo():
            self.stack.redo()
        end = self.doc.workshop.model_dump(mode="json")
        while self.stack.canUndo():
            self.stack.undo()
        assert self.doc.workshop.model_dump(mode="json") == self.original
        while self.stack.canRedo():
            self.stack.redo()
        assert self.doc.workshop.model_dump(mode="json") == end
        self.stack.setIndex(index)  # carry on from where the session was

    def teardown(self) -> None:
        """Whatever happened: undo all gives the original, redo all gives the end state."""
        if hasattr(self, "stack"):
            self._check_history()
            self.stack.clear()


UndoStackMachine.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_random_edit_sequences_undo_and_redo_exactly = UndoStackMachine.TestCase
