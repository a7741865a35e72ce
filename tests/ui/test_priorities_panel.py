"""The voting panel: keyboard vote entry, live ranking, merge/exclude/reword/add, every step undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import Candidate, Document, Finding, Participant, VotingTable, new_workshop
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.ui.panels.priorities_panel import PrioritiesPanel
from tests.conftest import SAMPLES


def small_document() -> Document:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")]
    ws.findings = [
        Finding(id="g1", kind="gap", intercept="1", title="No 911 to 988 transfer"),
        Finding(id="g2", kind="gap", intercept="4", title="No reentry planning"),
    ]
    ws.voting.candidates = [
        Candidate(id="c1", title="No 911 to 988 transfer", gap_ids=["g1"], votes={"tb-s": 2}),
        Candidate(id="c2", title="No reentry planning", gap_ids=["g2"], votes={"tb-s": 1, "tb-c": 2}),
    ]
    ws.participants = [Participant(id="p1", name="A", table="system")]
    return Document(ws)


@pytest.fixture
def panel(qtbot) -> PrioritiesPanel:
    stack = QUndoStack()
    widget = PrioritiesPanel(small_document(), stack)
    widget._test_stack = stack  # keep the stack alive as long as the panel
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.dispose()


def titles(panel: PrioritiesPanel) -> list[str]:
    return [title for _, title, _ in panel.ranked_rows()]


def test_object_name_and_live_ranking(panel: PrioritiesPanel) -> None:
    assert panel.objectName() == "priorities_panel"
    assert panel.ranked_rows() == [("1", "No reentry planning", 3), ("2", "No 911 to 988 transfer", 2)]
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == ["Rank", "Candidate", "System", "Community", "Votes"]
    assert panel.table.item(0, 1).font().pointSize() < panel.table.item(0, 4).font().pointSize()


def test_typed_number_records_votes_for_the_selected_table_and_reranks(qtbot, panel: PrioritiesPanel) -> None:
    stack = panel._test_stack
    panel.select_candidates(["c1"], table_id="tb-c")
    qtbot.keyClicks(panel.table, "12")
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 2}  # not yet: Enter records it
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 2, "tb-c": 12}
    assert panel.ranked_rows()[0] == ("1", "No 911 to 988 transfer", 14)
    assert stack.count() == 1
    # The selection follows the candidate to its new row; + and - adjust it.
    qtbot.keyClick(panel.table, Qt.Key.Key_Plus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Plus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Minus)
    assert panel.document.get("candidates", "c1").votes["tb-c"] == 13
    assert stack.count() == 4
    stack.undo()
    stack.undo()
    stack.undo()
    stack.undo()
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 2}
    assert titles(panel) == ["No reentry planning", "No 911 to 988 transfer"]


def test_a_pause_after_typing_records_the_number(qtbot, panel: PrioritiesPanel) -> None:
    panel._commit_timer.setInterval(10)
    panel.select_candidates(["c2"], table_id="tb-s")
    qtbot.keyClicks(panel.table, "7")
    qtbot.waitUntil(lambda: panel.document.get("candidates", "c2").votes["tb-s"] == 7, timeout=2000)


def test_minus_at_zero_is_refused_with_a_message(qtbot, panel: PrioritiesPanel) -> None:
    panel.select_candidates(["c1"], table_id="tb-c")
    qtbot.keyClick(panel.table, Qt.Key.Key_Minus)
    assert "below zero" in panel.status.text()
    assert panel._test_stack.count() == 0


def test_a_vote_for_a_deleted_candidate_is_refused_without_an_undo_step(panel: PrioritiesPanel) -> None:
    panel.document.delete(["c1"])
    assert not panel.set_votes("c1", "tb-s", 3)
    assert "does not exist" in panel.status.text()
    assert panel._test_stack.count() == 0


def test_merge_exclude_reword_add_and_table_are_each_one_undo_step(panel: PrioritiesPanel) -> None:
    stack = panel._test_stack
    before = panel.document.workshop.model_dump()
    panel.select_candidates(["c2", "c1"])
    assert panel.merge_selected("Transfer and reentry")
    assert panel.ranked_rows() == [("1", "Transfer and reentry", 5)]
    panel.select_candidates(panel.selected_ids() or ["c2"])
    assert panel.reword_selected("Hand-offs")
    assert panel.add_candidate("Shared outcome data", ["X"])
    assert panel.add_voting_table("Lived experience")
    panel.ranked_rows()  # the table redraws after the change notice
    assert panel.table.columnCount() == 6
    panel.select_candidates(["c2"])
    assert panel.toggle_excluded_selected()
    assert [row[0] for row in panel.ranked_rows()] == ["1", "\u2013"]
    assert stack.count() == 5
    while stack.canUndo():
        stack.undo()
    assert panel.document.workshop.model_dump() == before
    panel.select_candidates(["c1"])
    assert not panel.reword_selected("   ")  # an empty title is refused by the model
    assert "needs a title" in panel.status.text() and stack.count() == 0


def test_budget_warnings_and_new_gaps(panel: PrioritiesPanel) -> None:
    panel.rebuild()
    assert panel.warnings.isVisible()
    assert "Table 'System' has 3 votes but only 3" not in panel.warnings.text()
    assert "Community" in panel.warnings.text()  # 2 votes, nobody seated there
    panel.document.insert("findings", Finding(id="g3", kind="gap", intercept="2", title="No pretrial"))
    panel.rebuild()
    assert panel.buttons["sync"].isEnabled() and panel.buttons["sync"].text() == "Add 1 new gap"
    assert panel.sync_gaps()
    assert "No pretrial" in titles(panel) and not panel.buttons["sync"].isEnabled()


def test_riverbend_sample_ranks_like_the_model(qtbot) -> None:
    from intercept_mapper.model.ranking import rank_candidates

    ws = load_workshop(SAMPLES / "riverbend.simmap")
    stack = QUndoStack()
    widget = PrioritiesPanel(Document(ws), stack)
    qtbot.addWidget(widget)
    assert titles(widget)[: len(rank_candidates(ws))] == [r.title for r in rank_candidates(ws)]
    widget.dispose()


def test_the_reason_for_the_current_rank_is_shown_to_read_aloud(panel: PrioritiesPanel) -> None:
    panel.select_candidates(["c2"])
    assert panel.reason_text() == (
        "No reentry planning: 3 votes (System 1, Community 2), the most of any candidate."
    )


def test_a_ballot_is_recorded_for_the_audit_trail_and_counted(panel: PrioritiesPanel) -> None:
    assert panel.record_ballot("p1", {"c1": 2, "c2": 1})
    assert panel.document.items("ballots")[0].votes == {"c1": 2, "c2": 1}
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 4}  # p1 sits at the system table
    assert not panel.record_ballot("p1", {"c1": 1})
    assert "already has a ballot" in panel.status.text()
    panel._test_stack.undo()
    assert panel.document.items("ballots") == []
