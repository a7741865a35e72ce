"""Votes typed into the grid and not yet recorded are in the recovery copy on disk, never in the
document or its history (issue 15's leftover): the number typed, and a number past the budget that
waits for its second Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import Answers, make_window

from intercept_mapper.model.simmap_file import loads_workshop
from intercept_mapper.ui import MainWindow


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:  # noqa: ANN001
    return make_window(qtbot, monkeypatch, Answers())


def _copy_votes(copy: Path, cand_id: str) -> dict[str, int] | None:
    if not copy.exists():
        return None
    restored = loads_workshop(copy.read_bytes(), str(copy))
    return next(c.votes for c in restored.voting.candidates if c.id == cand_id)


def test_a_number_typed_in_a_cell_is_in_the_copy_and_escape_takes_it_back(
        qtbot, window: MainWindow, sample: Path) -> None:
    assert window.open_path(sample)
    panel = window.priorities_panel
    panel.show()
    panel.raise_()
    doc = window.document
    table_id = doc.workshop.voting.tables[-1].id
    cand = doc.workshop.voting.candidates[0]
    before = dict(cand.votes)
    steps = window.undo_stack.count()
    panel.select_candidates([cand.id], table_id)
    qtbot.keyClicks(panel.table, "37")  # no Enter
    copy = window.recovery.copy_path
    qtbot.waitUntil(lambda: _copy_votes(copy, cand.id) == {**before, table_id: 37}, timeout=3000)
    # The document and its history hold nothing of it until Enter.
    assert doc.get("candidates", cand.id).votes == before
    assert window.undo_stack.count() == steps
    assert not window.session.is_modified()
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)  # given up: nothing unsaved remains, nor a copy
    qtbot.waitUntil(lambda: not copy.exists(), timeout=3000)
    assert doc.get("candidates", cand.id).votes == before


def test_a_number_waiting_past_the_budget_is_in_the_copy(qtbot, window: MainWindow, sample: Path) -> None:
    assert window.open_path(sample)
    panel = window.priorities_panel
    panel.show()
    panel.raise_()
    doc = window.document
    table = doc.workshop.voting.tables[0]
    cand = doc.workshop.voting.candidates[0]
    before = dict(cand.votes)
    panel.select_candidates([cand.id], table.id)
    qtbot.keyClicks(panel.table, "999")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # past any budget: it waits for a second Enter
    assert panel.grid.pending() == (cand.id, table.id, 999)
    copy = window.recovery.copy_path
    qtbot.waitUntil(lambda: _copy_votes(copy, cand.id) == {**before, table.id: 999}, timeout=3000)
    assert doc.get("candidates", cand.id).votes == before
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # recorded: now the document holds it, and the copy
    assert doc.get("candidates", cand.id).votes[table.id] == 999
    qtbot.waitUntil(lambda: _copy_votes(copy, cand.id) == {**before, table.id: 999}, timeout=3000)
