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
    ws.voting.votes_per_participant = 3
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
    # The rank is live; the rows hold still while votes go in (the next row is still the next one).
    assert panel.ranked_rows() == [("2", "No reentry planning", 3), ("1", "No 911 to 988 transfer", 14)]
    assert not panel.buttons["sort"].isEnabled() or panel.grid.is_out_of_order()
    qtbot.keyClick(panel.table, Qt.Key.Key_F5)  # sorted on demand
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
    assert titles(panel) == ["No 911 to 988 transfer", "No reentry planning"]  # undo holds the rows too
    assert [rank for rank, _, _ in panel.ranked_rows()] == ["2", "1"]
    panel.sort_by_rank()
    assert titles(panel) == ["No reentry planning", "No 911 to 988 transfer"]


def test_a_pause_after_typing_records_the_number(qtbot, panel: PrioritiesPanel) -> None:
    panel._commit_timer.setInterval(10)
    panel.document.update("tables", "tb-s", voters=10)  # room in the budget: no question asked
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


def test_non_numeric_and_negative_votes_are_refused_where_typed(qtbot, panel: PrioritiesPanel) -> None:
    before = panel.document.workshop.model_dump()
    panel.select_candidates(["c1"], table_id="tb-s")
    qtbot.keyClicks(panel.table, "x")
    assert "'x' is not a number of votes" in panel.status.text()
    assert panel.grid.typed() == ""
    assert not panel.set_votes("c1", "tb-s", -2)
    assert "cannot be negative" in panel.status.text()
    assert not panel.set_votes("c1", "tb-s", "seven")
    assert "must be a whole number" in panel.status.text()
    assert panel.document.workshop.model_dump() == before and panel._test_stack.count() == 0


def test_voting_tables_added_renamed_counted_removed_each_one_undo_step(panel: PrioritiesPanel) -> None:
    stack = panel._test_stack
    editor = panel.tables_editor
    before = panel.document.workshop.model_dump()
    assert editor.add_table("Lived experience")
    assert [t.name for t in panel.document.items("tables")] == ["System", "Community", "Lived experience"]
    assert not editor.rename_table("tb-c", "system")  # names are unique ignoring case
    assert "already a voting table called 'system'" in panel.status.text()
    assert editor.rename_table("tb-c", "Community table")
    panel.rebuild()
    assert panel.table.horizontalHeaderItem(3).text() == "Community"  # header drops "table"
    # Nobody is seated at the community table: saying that 10 people voted there clears its warning.
    assert "Community table" in panel.warnings.text()
    assert editor.set_voters("tb-c", 10)
    panel.rebuild()
    assert "Community table" not in panel.warnings.text()
    assert editor.set_voting_setting("votes_per_participant", 1)
    panel.rebuild()
    assert "Table 'System' has 3 votes but only 1 to give" in panel.warnings.text()
    assert editor.remove_table("tb-c")
    assert "Removed the table 'Community table' and its 2 votes" in panel.status.text()
    assert panel.document.get("candidates", "c2").votes == {"tb-s": 1}
    assert stack.count() == 5
    while stack.canUndo():
        stack.undo()
    assert panel.document.workshop.model_dump() == before


def test_the_last_voting_table_cannot_be_removed(panel: PrioritiesPanel) -> None:
    assert panel.tables_editor.remove_table("tb-c")
    assert not panel.tables_editor.remove_table("tb-s")
    assert "the only voting table" in panel.status.text()
    panel.rebuild()
    assert not panel.tables_editor.remove_buttons["tb-s"].isEnabled()


def test_voters_typed_in_the_editor_are_one_undo_step(qtbot, panel: PrioritiesPanel) -> None:
    panel.show_tables_editor(True)
    spin = panel.tables_editor.voter_spins["tb-s"]
    spin.setFocus()
    spin.setValue(6)
    spin.editingFinished.emit()
    assert panel.document.get("tables", "tb-s").voters == 6
    spin.setValue(spin.minimum())  # back to "count the participants list"
    spin.editingFinished.emit()
    assert panel.document.get("tables", "tb-s").voters is None
    assert panel._test_stack.count() == 2


def test_a_narrow_dock_keeps_every_column_and_asks_for_little_width(qtbot, panel: PrioritiesPanel) -> None:
    panel.resize(380, 600)
    qtbot.waitUntil(lambda: panel.grid.is_compact(), timeout=2000)
    assert panel.minimumSizeHint().width() < 360
    assert panel.table.columnCount() == 5 and panel.table.columnWidth(1) > 120  # titles keep room
    panel.resize(900, 600)
    qtbot.waitUntil(lambda: not panel.grid.is_compact(), timeout=2000)


def test_text_scale_enlarges_the_counts(panel: PrioritiesPanel) -> None:
    normal = panel.table.item(0, 4).font().pointSizeF()
    panel.set_text_scale(1.25)
    assert panel.table.item(0, 4).font().pointSizeF() == pytest.approx(normal * 1.25)
    panel.follow_presentation(False)
    assert panel.table.item(0, 4).font().pointSizeF() == pytest.approx(normal)


def test_the_voting_board_takes_keyboard_votes_and_undo(qtbot, panel: PrioritiesPanel) -> None:
    stack = panel._test_stack
    panel.select_candidates(["c1"], table_id="tb-c")
    board = panel.show_board()
    qtbot.waitUntil(board.isVisible, timeout=2000)
    assert board.windowState() & Qt.WindowState.WindowFullScreen
    assert board.grid.current_id() == "c1" and board.grid.vote_table_id() == "tb-c"
    assert board.grid.vote_point_size() > panel.grid.vote_point_size()
    table = board.grid.table
    qtbot.keyClicks(table, "4")
    assert "Votes for 'No 911 to 988 transfer' at Community: 4" in board.message_text()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 2, "tb-c": 4}
    held = [("2", "No reentry planning", 3), ("1", "No 911 to 988 transfer", 6)]
    assert board.grid.ranked_rows() == held  # live ranks; the rows hold still for entry
    assert panel.ranked_rows() == held  # the panel follows
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert panel.document.get("candidates", "c1").votes["tb-c"] == 5
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.get("candidates", "c1").votes["tb-c"] == 4
    qtbot.keyClicks(table, "9")
    qtbot.keyClick(table, Qt.Key.Key_Escape)  # first Escape cancels the number being typed
    assert board.isVisible() and board.grid.typed() == ""
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert not board.isVisible()
    assert stack.count() == 2 and stack.index() == 1  # the + is undone, ready to redo


def test_typed_digits_show_in_the_cell_they_go_to(qtbot, panel: PrioritiesPanel) -> None:
    panel.select_candidates(["c2"], table_id="tb-c")
    assert panel.grid.target_column() == 3
    qtbot.keyClicks(panel.table, "17")
    assert panel.table.item(panel.table.currentRow(), 3).text() == "17_"
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
    assert panel.table.item(panel.table.currentRow(), 3).text() == "2"
    qtbot.keyClicks(panel.table, "5")
    panel.document.delete(["c2"])  # someone deletes the gap meanwhile: the vote cannot land
    assert not panel.commit_typed()
    assert panel.status.text() == ("'No reentry planning' is no longer a candidate (deleted or merged "
                                   "meanwhile): the 5 votes were not recorded.")
    assert panel.document.get("candidates", "c1").votes == {"tb-s": 2}  # nothing landed elsewhere
    assert all("_" not in panel.table.item(r, c).text() for r in range(panel.table.rowCount())
               for c in range(panel.table.columnCount()))


def test_a_hidden_ranking_catches_up_when_shown(qtbot, panel: PrioritiesPanel) -> None:
    panel.hide()
    panel.document.update("candidates", "c1", votes={"tb-s": 9})
    qtbot.waitUntil(lambda: panel.grid._dirty, timeout=2000)  # not re-ranked while nobody looks
    assert panel.table.item(0, 1).data(Qt.ItemDataRole.UserRole) == "c2"
    panel.show()
    assert panel.table.item(0, 1).data(Qt.ItemDataRole.UserRole) == "c1"
