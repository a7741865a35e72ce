"""A workshop-length session, scripted: thousands of seeded random edits through the real window.

Adds (point, resource, gap, typed into the title editor on the map), renames, moves, deletes, flows,
votes, action-plan edits, undo and redo, saves and recovery copies, all through the window's actions and
undo commands. Every step is also replayed on a plain ``Document`` with a Python undo history (no Qt);
the two must agree step by step (undo index) and document by document. Asserts no crash, no drain of
``None``'s reference count (the PySide6 6.12.0 + Python 3.11 abort), and flat memory after warm-up.

CI runs a short session (600 operations, a few seconds). The workshop-length one:

    SOAK_OPS=20000 .venv/bin/pytest tests/soak -q -s   # about 6 minutes here; SOAK_SEED=n: another mix
"""

from __future__ import annotations

import gc
import os
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest

from intercept_mapper.model import DEFAULT_TABLE_ID, Document, Workshop, ids
from intercept_mapper.model.candidate_edits import set_votes
from intercept_mapper.model.document import EditRecord
from intercept_mapper.model.plan_derivation import derive_plans_edit
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.workshop import STEP_STATUSES
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.commands import CompoundRecordCommand, MovePointsCommand, UpdateItemCommand
from intercept_mapper.ui.window import window_actions as wa
from tests.ui.window_helpers import make_window

OPS = int(os.environ.get("SOAK_OPS", "600"))
SEED = int(os.environ.get("SOAK_SEED", "2026"))
TODAY = date(2026, 5, 4)
NONE_SLACK = 200  # panels and caches may hold a few references to None; a leak loses one per Qt call
# Memory after warm-up may grow with the document and the undo history (both kept on purpose), but
# not by whole documents or scenes: a bound per operation, with a floor for allocator noise.
RSS_FLOOR_MB = 40.0
MAP_MIN, MAP_MAX = 60, 250  # points, resources and gaps on the map (the Riverbend sample has ~70)
RSS_PER_OP_KB = 6.0
TITLES = ["No crisis stabilisation unit", "Jail release at 2 a.m.", "Crisis & Stabilisation <Unit>",
          "</para><b>bold?</b> &amp;", "988 \U0001f4de crisis line", "\u5371\u673a\u5e72\u9884\u4e2d\u5fc3",
          "\u0645\u0631\u0643\u0632 \u0627\u0644\u0623\u0632\u0645\u0627\u062a", "=SUM(A1:A2)",
          "Mobile crisis team", "Peer support at booking", "Housing voucher wait list"]


# ----------------------------------------------------------------------------- deterministic ids
class _IdSource:
    """Stands in for ``random_bytes`` in ``model.ids``: numbered ids, logged, and replayable in order."""

    def __init__(self) -> None:
        self.counter = 0
        self.log: list[bytes] = []
        self.feed: list[bytes] = []

    def __call__(self, size: int) -> bytes:
        if self.feed:
            value = self.feed.pop(0)
        else:
            self.counter += 1
            value = self.counter.to_bytes(size, "big")
        self.log.append(value)
        return value


# ----------------------------------------------------------------------------- the model-only replay
class ModelReplay:
    """A plain Document with an undo history that follows QUndoStack's rules (a new step drops redo)."""

    def __init__(self, workshop: Workshop, id_source: _IdSource) -> None:
        self.doc = Document(workshop)
        self.steps: list[tuple[Callable[[], None], Callable[[], None]]] = []
        self.index = 0
        self._ids = id_source

    def _push(self, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        redo()
        del self.steps[self.index:]
        self.steps.append((redo, undo))
        self.index += 1

    def undo(self) -> None:
        """Undo one step, if any."""
        if self.index:
            self.index -= 1
            self.steps[self.index][1]()

    def redo(self) -> None:
        """Redo one step, if any."""
        if self.index < len(self.steps):
            self.steps[self.index][0]()
            self.index += 1

    def record(self, apply: Callable[[Document], EditRecord], used_ids: list[str]) -> None:
        """A compound model edit; it gets the same ids the window's run of it used."""
        held: list[EditRecord] = []

        def redo() -> None:
            if held:
                self.doc.reapply(held[0])
            else:
                self._ids.feed = list(used_ids)
                held.append(apply(self.doc))
                assert not self._ids.feed, "the replay used fewer ids than the window"

        self._push(redo, lambda: self.doc.revert(held[0]))

    def insert(self, entries: list[tuple[str, Any]]) -> None:
        """Items added (copies of what the window added), as one step."""
        copies = [(c, item.model_copy(deep=True)) for c, item in entries]
        self.record(lambda doc: doc.insert_all(copies), [])

    def update(self, changes: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Field changes of several items, as one step."""
        old = [(c, i, {k: getattr(self.doc.get(c, i), k) for k in f}) for c, i, f in changes]

        def redo() -> None:
            for collection, item_id, fields in changes:
                self.doc.update(collection, item_id, **fields)

        def undo() -> None:
            for collection, item_id, fields in reversed(old):
                self.doc.update(collection, item_id, **fields)

        self._push(redo, undo)

    def delete(self, item_ids: list[str]) -> None:
        """Items deleted with everything hanging on them, as one step."""
        held: list[EditRecord] = []
        self._push(lambda: held.insert(0, self.doc.delete(item_ids)), lambda: self.doc.revert(held.pop(0)))


# ----------------------------------------------------------------------------- the session
class Session:
    """Drives the window with seeded random operations and mirrors each on the replay."""

    def __init__(self, window: MainWindow, replay: ModelReplay, ids_source: _IdSource, rng: random.Random,
                 save_path: Path) -> None:
        self.w, self.replay, self.ids, self.rng, self.save_path = window, replay, ids_source, rng, save_path
        self.doc = window.document
        self.saves = self.copies = 0
        self.counts: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def _ids_of(self, collection: str) -> list[str]:
        return [item.id for item in self.doc.items(collection)]

    def _pick(self, collection: str) -> str | None:
        found = self._ids_of(collection)
        return self.rng.choice(found) if found else None

    def _title(self) -> str:
        return f"{self.rng.choice(TITLES)} {self.rng.randrange(1000)}"

    def _steps_pushed(self, before: int) -> int:
        return self.w.undo_stack.index() - before

    # ------------------------------------------------------------------ operations
    def add(self) -> None:
        kind = self.rng.choice(["point", "resource", "gap"])
        point = self._pick("points") if self.rng.random() < 0.7 else None
        self.w.canvas.select_ids([point] if point else [], ensure_visible=False)
        before = {c: set(self._ids_of(c)) for c in ("points", "findings", "candidates")}
        self.w.action({"point": wa.ACTION_ADD_POINT, "resource": wa.ACTION_ADD_RESOURCE,
                       "gap": wa.ACTION_ADD_GAP}[kind]).trigger()
        editor = self.w.canvas.fast_entry.editor()
        assert editor is not None, "an add must start editing the title in place"
        editor.setPlainText(self._title())
        self.w.canvas.fast_entry.finish_editing()
        added = [(c, self.doc.get(c, i)) for c in ("points", "findings", "candidates")
                 for i in self._ids_of(c) if i not in before[c]]
        assert added, "an add must add"
        self.replay.insert(added)

    def rename(self) -> None:
        item_id = self._pick("points" if self.rng.random() < 0.4 else "findings")
        if item_id is None:
            return
        self.w.canvas.select_ids([item_id], ensure_visible=False)
        start = self.w.undo_stack.index()
        self.w.action(wa.ACTION_RENAME).trigger()
        editor = self.w.canvas.fast_entry.editor()
        assert editor is not None
        collection, model = self.doc.find(item_id)
        old_title, title = model.title, self._title()
        editor.setPlainText(title)
        self.w.canvas.fast_entry.finish_editing()
        if self._steps_pushed(start) == 0:
            assert title == old_title
            return
        changes = [(collection, item_id, {"title": title})]
        if collection == "findings" and model.kind == "gap":  # its candidate follows while they agree
            changes += [("candidates", c.id, {"title": title}) for c in self.replay.doc.items("candidates")
                        if item_id in c.gap_ids and c.title == old_title]
        self.replay.update(changes)

    def move(self) -> None:
        points = self._ids_of("points")
        if not points:
            return
        moves = {}
        for point_id in self.rng.sample(points, min(len(points), self.rng.randint(1, 3))):
            point = self.doc.get("points", point_id)
            old = {"x": point.x, "y": point.y, "pinned": point.pinned}
            moves[point_id] = (old, {"x": point.x + self.rng.uniform(-80, 80),
                                     "y": max(0.0, point.y + self.rng.uniform(-60, 60)), "pinned": True})
        self.w.undo_stack.push(MovePointsCommand(self.doc, moves, "Move"))
        self.replay.update([("points", i, new) for i, (_, new) in moves.items()])

    def delete(self) -> None:
        point = self._pick("points") if self.rng.random() < 0.5 else None
        chosen = [i for i in (self._pick("findings"), point) if i]
        if not chosen:
            return
        self.w.canvas.select_ids(chosen, ensure_visible=False)
        selected = self.w.canvas.selected_ids()
        start = self.w.undo_stack.index()
        self.w.action(wa.ACTION_DELETE).trigger()
        if self._steps_pushed(start):
            self.replay.delete(selected)

    def connect(self) -> None:
        points = self._ids_of("points")
        if len(points) < 2:
            return
        self.w.canvas.select_ids(self.rng.sample(points, 2), ensure_visible=False)
        before = set(self._ids_of("flows"))
        start = self.w.undo_stack.index()
        self.w.action(wa.ACTION_CONNECT).trigger()  # the connect bar shows the direction...
        bar = self.w.canvas.connector.bar()
        if bar is not None and bar.isVisible():
            QTest.keyClick(bar.edit, Qt.Key.Key_Return)  # ...and Enter draws the flow
        if self._steps_pushed(start):
            self.replay.insert([("flows", self.doc.get("flows", i)) for i in self._ids_of("flows")
                                if i not in before])

    def _compound(self, apply: Callable[[Document], EditRecord], text: str) -> None:
        self.ids.log = []
        self.w.undo_stack.push(CompoundRecordCommand(self.doc, apply, text))
        self.replay.record(apply, list(self.ids.log))

    def vote(self) -> None:
        candidate, table = self._pick("candidates"), self._pick("tables") or DEFAULT_TABLE_ID
        if candidate is not None:
            votes = self.rng.randrange(10)
            self._compound(lambda doc: set_votes(doc, candidate, table, votes), "Votes")

    def plan(self) -> None:
        plans = self.doc.items("action_plans")
        roll = self.rng.random()
        if not plans or roll < 0.3:
            self._compound(lambda doc: derive_plans_edit(doc, top_n=2, today=TODAY), "Draft action plans")
            return
        plan = self.rng.choice(plans)
        if roll < 0.6:
            fields: dict[str, Any] = {"title": self._title()}
        else:
            objectives = [o.model_copy(deep=True) for o in plan.objectives]
            steps = [s for o in objectives for s in o.steps]
            if not steps:
                return
            self.rng.choice(steps).status = self.rng.choice(STEP_STATUSES)
            fields = {"objectives": objectives}
        self.w.undo_stack.push(UpdateItemCommand(self.doc, "action_plans", plan.id, fields, "Edit plan"))
        self.replay.update([("action_plans", plan.id, {k: _copy(v) for k, v in fields.items()})])

    def undo(self) -> None:
        self.w.action(wa.ACTION_UNDO).trigger()
        self.replay.undo()

    def redo(self) -> None:
        self.w.action(wa.ACTION_REDO).trigger()
        self.replay.redo()

    def save(self) -> None:
        # The first save goes to a new name (the sample stays as opened, for the final check), later
        # ones through the Save action.
        if self.saves == 0:
            saved = self.w.files.save_as(self.save_path)
        else:
            start = self.w.statusBar().currentMessage()
            self.w.action(wa.ACTION_SAVE).trigger()
            saved = self.w.statusBar().currentMessage() != start or not self.w.session.is_modified()
        assert saved
        assert load_workshop(self.save_path) == self.doc.workshop
        assert not self.w.session.is_modified()
        self.saves += 1

    def recovery(self) -> None:
        if self.w.recovery.write_now():
            assert load_workshop(self.w.recovery.copy_path) == self.doc.workshop
            self.copies += 1

    WEIGHTS = {"add": 20, "rename": 10, "move": 10, "delete": 12, "connect": 4, "vote": 8, "plan": 4,
               "undo": 16, "redo": 9, "save": 2, "recovery": 3}

    def run(self, ops: int, qapp: Any, on_step: Callable[[int], None]) -> None:  # noqa: ANN401
        names = list(self.WEIGHTS)
        for n in range(ops):
            # Keep a workshop-sized map (tens to a few hundred items): delete more when it is big.
            size = len(self.doc.items("points")) + len(self.doc.items("findings"))
            weights = dict(self.WEIGHTS, delete=4 if size < MAP_MIN else 30 if size > MAP_MAX else 12)
            name = self.rng.choices(names, [weights[k] for k in names])[0]
            getattr(self, name)()
            self.counts[name] = self.counts.get(name, 0) + 1
            assert self.w.undo_stack.index() == self.replay.index, f"step {n} ({name}): undo histories differ"
            if n % 10 == 0:
                _let_the_event_loop_run(qapp)
            on_step(n)


def _let_the_event_loop_run(qapp: Any) -> None:  # noqa: ANN401
    """What returning to ``app.exec()`` does: timers, repaints, and deleting what ``deleteLater`` marked.

    ``processEvents`` outside a running loop leaves deferred deletions (retired title editors) for later,
    which would pile up here as they never do in the app.
    """
    qapp.processEvents()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _copy(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value.model_copy(deep=True) if hasattr(value, "model_copy") else value


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads memory from /proc")
def test_a_workshop_length_session(qtbot, qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    id_source = _IdSource()
    monkeypatch.setattr(ids, "random_bytes", id_source)
    sample = tmp_path / "riverbend.simmap"
    sample.write_bytes(SAMPLE_WORKSHOP.read_bytes())
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(sample)
    replay = ModelReplay(load_workshop(sample), id_source)
    session = Session(window, replay, id_source, random.Random(SEED), tmp_path / "soak.simmap")

    warm_up = max(50, OPS // 5)
    marks: dict[str, float] = {}
    # Garbage that earlier tests left (cycles holding None, and widgets waiting for a deferred delete,
    # which the session's own event processing would free) would count as lost: free both first, so
    # only this session's calls are counted.
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()
        gc.collect()
    none_before = sys.getrefcount(None)

    def on_step(n: int) -> None:
        if n == warm_up:
            gc.collect()
            marks["rss"] = _rss_mb()
            marks["none"] = sys.getrefcount(None)
        if n % 200 == 199:  # find a divergence near where it happened, not only at the end
            assert window.document.workshop == replay.doc.workshop, f"documents differ after step {n}"

    session.run(OPS, qapp, on_step)
    qapp.processEvents()
    gc.collect()
    grown = _rss_mb() - marks["rss"]
    lost = none_before - sys.getrefcount(None)

    assert window.document.workshop.model_dump(mode="json") == replay.doc.workshop.model_dump(mode="json")
    size = len(replay.doc.items("points")) + len(replay.doc.items("findings"))
    assert lost <= NONE_SLACK, f"None lost {lost} references over {OPS} operations"
    budget = RSS_FLOOR_MB + (OPS - warm_up) * RSS_PER_OP_KB / 1024
    assert grown <= budget, f"memory grew {grown:.0f} MB after warm-up (budget {budget:.0f} MB)"
    # The mix really happened: every kind of operation ran, saves and recovery copies included.
    assert set(session.counts) == set(Session.WEIGHTS), session.counts
    assert session.saves and session.copies
    # Walking the whole history back to the start and forward again agrees with the replay too.
    while window.undo_stack.canUndo():
        window.action(wa.ACTION_UNDO).trigger()
        replay.undo()
    assert replay.index == 0
    assert window.document.workshop == replay.doc.workshop == load_workshop(sample)
    print(f"\nsoak: {OPS} operations {session.counts}; RSS +{grown:.1f} MB after warm-up; "
          f"None refcount {-lost:+d}; map at the end: {size} items, {window.undo_stack.count()} undo steps")
