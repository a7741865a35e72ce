"""The voting panel: candidate priorities with large vote counts, ranked live, and the voting tables.

Keyboard entry is in ``vote_grid.VoteGrid``: select a candidate (and, with several voting tables, a
table's column), type a number and press Enter (or pause), or press + and - to add or take away one
vote. While votes go in the rows hold still (the rank column is live); F5 or "Sort by rank" sorts them,
and so does leaving the board. "Show on screen" (F6) puts the same grid full screen for the room
(``voting_board``). Every change is an undo step; refusals are said on the panel's message line,
never in a dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...model import CROSS_INTERCEPT, Change, Document, EditRecord
from ...model.candidate_edits import (
    add_ballot,
    add_candidate,
    ballot_warnings,
    budget_warnings,
    merge_candidates,
    reword,
    set_excluded,
    sync_gap_candidates,
)
from ...model.ranking import rank_candidates
from ..commands import describe
from .document_panel import DocumentPanel
from .flow_layout import FlowLayout
from .on_screen import on_screen
from .record_edit import RecordEdit, RecordEditCommand, push_record_edit, sentence
from .redraw_pace import RedrawPace
from .steady_button import SteadyButton
from .vote_grid import VoteGrid
from .voting_board import VotingBoard
from .voting_tables_editor import VotingTablesEditor
from .warnings_box import WarningsBox

__all__ = ["PrioritiesPanel", "RecordEditCommand", "push_record_edit"]

ACTION_VOTING_BOARD = "action_voting_board"
MESSAGE_POINT_SIZE = 11
PRESENTATION_SCALE = 1.25  # as presentation mode enlarges the map text
PANEL_TALLY_INTERVAL_MS = 250
SORT_TEXTS = ("Sort by rank (F5)", "Sorted by rank")  # rows held out of rank order; in rank order


class PrioritiesPanel(QDockWidget, DocumentPanel):
    """Candidate priorities with per-table votes, live ranking, merge/exclude/reword/add, budget warnings."""

    sig_message = Signal(str)  # something to tell the facilitator (a refusal, what typing goes to)
    sig_pending_changed = Signal()  # votes typed here or on the board that the document does not hold yet

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("Priorities", parent)
        self.setObjectName("priorities_panel")
        self._document = document  # _build needs it; _listen_to comes last so the grid hears edits first
        self._undo_stack = undo_stack
        self._scale = 1.0
        self.board: VotingBoard | None = None
        self.board_action = QAction("Voting on &Screen", self)
        self.board_action.setObjectName(ACTION_VOTING_BOARD)
        self.board_action.setShortcut(QKeySequence("F6"))
        self.board_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.board_action.setToolTip("Show the live ranking full screen for the room, with vote entry (F6)")
        self.board_action.triggered.connect(self.show_board)
        self.grid = VoteGrid(document, undo_stack, on_reword=lambda: self.reword_selected())
        self.grid.sig_message.connect(self._say)
        self.grid.sig_arrangement.connect(self._show_sort_state)
        self.grid.sig_pending_changed.connect(self.sig_pending_changed)
        self.table: QTableWidget = self.grid.table
        self.table.setObjectName("priorities_table")
        self.reason = self.grid.reason
        self._commit_timer = self.grid.commit_timer
        self._build()
        self._listen_to(document)
        self._rebuild_timer.timeout.disconnect(self.rebuild)
        # What a tally changes here (the warnings, the tables' counts) follows a burst four times a second,
        # the grid's ranking ten, each in a pass of its own (``between_paints``).
        self._pace = RedrawPace(self._rebuild_timer, self._rebuild_if_shown, self, PANEL_TALLY_INTERVAL_MS)
        self._tallies_only = False  # the redraw waiting was asked for by tallies and ballots alone
        self._stale = False  # a change arrived while the panel was out of sight
        self.visibilityChanged.connect(self._on_visibility)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def dispose(self) -> None:
        """Stop listening to the document (and close the board)."""
        if self.board is not None:
            self.board.close_board()
            self.board.dispose()
        self.grid.dispose()
        self._pace.dispose()
        super().dispose()

    def set_text_scale(self, factor: float) -> None:
        """Scale the ranking's text (presentation mode calls this with its text scale, 1.0 to undo)."""
        self._scale = factor
        self.grid.set_text_scale(factor)

    def text_scale(self) -> float:
        """The current text scale."""
        return self._scale

    def follow_presentation(self, active: bool) -> None:
        """Presentation mode on or off: larger text while presenting."""
        self.set_text_scale(PRESENTATION_SCALE if active else 1.0)

    def show_board(self) -> VotingBoard:
        """Put the live ranking full screen for the room (Escape closes it); returns the board."""
        if self.board is None:
            self.board = VotingBoard(self._document, self._undo_stack, self.window())
            self.board.sig_closed.connect(self._board_closed)
            self.board.grid.sig_pending_changed.connect(self.sig_pending_changed)
        self.board.present(self.grid.current_id(), self.grid.vote_table_id())
        return self.board

    def ranked_rows(self) -> list[tuple[str, str, int]]:
        """(rank text, title, total votes) of each row as shown, top to bottom (for tests and demos)."""
        self._flush()
        return self.grid.ranked_rows()

    def select_candidates(self, ids: list[str], table_id: str | None = None) -> None:
        """Select candidates by id; the current cell goes to ``table_id``'s column when given."""
        self.grid.select_candidates(ids, table_id)

    def selected_ids(self) -> list[str]:
        """Ids of the selected candidates, top to bottom."""
        return self.grid.selected_ids()

    def vote_table_id(self) -> str | None:
        """The voting table that typed numbers and +/- go to."""
        return self.grid.vote_table_id()

    def set_votes(self, candidate_id: str, table_id: str, votes: object) -> bool:
        """Record a table's votes for a candidate as one undo step; False (with a message) if refused."""
        return self.grid.set_votes(candidate_id, table_id, votes)

    def change_votes(self, delta: int) -> bool:
        """Add ``delta`` votes (+1 or -1) to the current candidate at the current table."""
        return self.grid.change_votes(delta)

    def commit_typed(self) -> bool:
        """Record the number typed so far for the current candidate and table."""
        return self.grid.commit_typed()

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Votes typed into a cell (here or on the board) and not yet recorded, for a recovery copy."""
        grids = [self.grid, *([self.board.grid] if self.board is not None else [])]
        return [edit for grid in grids for edit in grid.pending_edits()]

    def message(self) -> str:
        """The message line (the last refusal or note)."""
        return self.status.text()

    def merge_selected(self, title: str | None = None) -> bool:
        """Merge the selected candidates into the first selected (asks for the merged title)."""
        ids = self.selected_ids()
        if len(ids) < 2:
            self._say("Select two or more candidates to merge.")
            return False
        if title is None:
            first = self._document.get("candidates", ids[0]).title
            title, ok = QInputDialog.getText(self, "Merge candidates", "Title of the merged candidate:",
                                             text=first)
            if not ok:
                return False
        return self._push(lambda d: merge_candidates(d, ids, title), f"Merge {len(ids)} candidates")

    def toggle_excluded_selected(self) -> bool:
        """Exclude the selected candidates from the ranking, or bring excluded ones back."""
        ids = self.selected_ids()
        if not ids:
            self._say("Select the candidates to leave out of the ranking (or to bring back).")
            return False
        exclude = not all(self._document.get("candidates", i).excluded for i in ids)

        def apply(doc: Document) -> EditRecord:
            record = EditRecord()
            for cand_id in ids:
                record.ops.extend(set_excluded(doc, cand_id, exclude).ops)
            return record

        word = "Exclude" if exclude else "Include"
        return self._push(apply, f"{word} {len(ids)} candidate{'s' if len(ids) > 1 else ''}")

    def reword_selected(self, title: str | None = None) -> bool:
        """Give the current candidate a new title (asks for it)."""
        cand_id, _ = self._current_target()
        if cand_id is None:
            self._say("Select the candidate to reword.")
            return False
        if title is None:
            old = self._document.get("candidates", cand_id).title
            title, ok = QInputDialog.getText(self, "Reword candidate", "New title:", text=old)
            if not ok:
                return False
        return self._push(lambda d: reword(d, cand_id, title), describe("Reword", title))

    def add_candidate(self, title: str | None = None, intercepts: list[str] | None = None) -> bool:
        """Add a candidate that is not a gap (asks for its title and intercept)."""
        if title is None or intercepts is None:
            asked = self._ask_new_candidate()
            if asked is None:
                return False
            title, intercepts = asked
        return self._push(lambda d: add_candidate(d, title, intercepts), describe("Add candidate", title))

    def add_voting_table(self, name: str | None = None) -> bool:
        """Add a voting table such as "community" (asks for its name when not given)."""
        if name is None:
            name, ok = QInputDialog.getText(self, "Add voting table", "Name of the table (e.g. community):")
            if not ok:
                return False
        return self.tables_editor.add_table(name)

    def sync_gaps(self) -> bool:
        """Make every gap that is not yet a candidate into one."""
        return self._push(sync_gap_candidates, "Add gaps as candidates")

    def record_ballot(self, participant_id: str | None = None, votes: dict[str, int] | None = None) -> bool:
        """Record one participant's ballot (audit trail) and add it to the tallies (asks when not given)."""
        if participant_id is None or votes is None:
            asked = self._ask_ballot()
            if asked is None:
                return False
            participant_id, votes = asked
        person = self._document.get("participants", participant_id)
        name = person.name if person is not None else participant_id
        return self._push(lambda d: add_ballot(d, participant_id, votes), describe("Ballot of", name))

    def reason_text(self) -> str:
        """The spoken reason for the current candidate's rank, as shown under the table."""
        return self.grid.reason_text()

    def sort_by_rank(self) -> None:
        """Put the rows in rank order (they hold still while votes are entered)."""
        self.grid.sort_now()
        self._say("Sorted by rank.")

    def hold_warning_space(self, hold: bool) -> None:
        """Keep the budget warnings' place even before there is one (while a room votes: the first
        warning then re-lays nothing out), or stop."""
        self.warnings_box.hold_space(hold)

    def show_tables_editor(self, shown: bool = True) -> None:
        """Show or hide the voting tables (names, voters, budget)."""
        self.buttons["tables"].setChecked(shown)
        self.tables_editor.setVisible(shown)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        bar = QWidget()
        buttons = FlowLayout(bar)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, tip in (
            ("board", "Show on screen", self.show_board,
             "The candidates full screen for the room, with vote entry (F6; Esc returns)"),
            ("sort", "Sort by rank", self.sort_by_rank,
             "Put the rows in rank order (F5). While votes go in, the rows hold still."),
            ("add", "Add candidate\u2026", lambda: self.add_candidate(), "A priority that is not a gap"),
            ("reword", "Reword\u2026", lambda: self.reword_selected(), "Change the candidate's title (F2)"),
            ("merge", "Merge\u2026", lambda: self.merge_selected(), "Merge the selected duplicates"),
            ("exclude", "Exclude / include", self.toggle_excluded_selected, "Leave out of the ranking"),
            ("sync", "Add new gaps", self.sync_gaps, "Gaps recorded since are candidates too"),
            ("ballot", "Record ballot\u2026", lambda: self.record_ballot(), "One participant's votes, kept"),
            ("tables", "Voting tables", None, "Tables, how many voted at each, votes each, top N"),
        ):
            # The sort button flips between its two texts as ballots arrive: one size for both.
            button = SteadyButton(SORT_TEXTS) if key == "sort" else QPushButton(text)
            button.setObjectName(f"priorities_{key}_button")
            button.setToolTip(tip)
            if slot is not None:
                button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.buttons["tables"].setCheckable(True)
        self.buttons["tables"].toggled.connect(lambda on: self.tables_editor.setVisible(on))
        layout.addWidget(bar)
        self.tables_editor = VotingTablesEditor(self._document, self._undo_stack, self._say)
        self.tables_editor.setVisible(False)
        layout.addWidget(self.tables_editor)
        layout.addWidget(self.grid, 1)
        self.status = QLabel()
        self.status.setObjectName("priorities_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user text
        status_font = self.status.font()
        status_font.setPointSizeF(MESSAGE_POINT_SIZE)
        status_font.setBold(True)
        self.status.setFont(status_font)
        # Shown once there is something to say: empty, its line and spacing were a blank band between
        # the grid and the warnings box.
        self.status.setVisible(False)
        layout.addWidget(self.status)
        self.warnings_box = WarningsBox()
        self.warnings = self.warnings_box.label
        layout.addWidget(self.warnings_box)
        self.setWidget(body)
        self._show_sort_state()

    def rebuild(self) -> None:
        """Redraw from the document: the ranking, the tables, the warnings and the new-gaps button."""
        self._rebuild_timer.stop()
        self._pace.redrawn()
        self._stale = False
        ws = self._document.workshop
        if on_screen(self.grid) and not self._tallies_only:
            self.grid.flush()  # the grid follows the document itself (and waits while hidden)
        self._tallies_only = False
        self.tables_editor.refresh()
        tables = len(ws.voting.tables)
        self.buttons["tables"].setText(f"Voting tables ({tables})")
        warnings = budget_warnings(ws) + ballot_warnings(ws)
        self.warnings_box.set_warnings(warnings)
        in_candidates = {g for c in ws.voting.candidates for g in c.gap_ids}
        new_gaps = sum(1 for g in ws.gaps() if g.id not in in_candidates)
        self.buttons["sync"].setEnabled(new_gaps > 0)
        self.buttons["sync"].setText(f"Add {new_gaps} new gap{'s' if new_gaps != 1 else ''}"
                                     if new_gaps else "Add new gaps")

    # ------------------------------------------------------------------ internals
    def _say(self, message: str) -> None:
        """Say ``message`` on the panel's message line, shown while it has something to say."""
        super()._say(message)
        if bool(message) == self.status.isHidden():  # shown or hidden only when that changes (a layout)
            self.status.setVisible(bool(message))

    def _current_target(self) -> tuple[str | None, str | None]:
        return self.grid.current_id(), self.grid.vote_table_id()

    def _push(self, apply: RecordEdit, text: str) -> bool:
        error = push_record_edit(self._document, self._undo_stack, apply, text)
        if error:
            self._say(sentence(error))
            return False
        return True

    def _flush(self) -> None:
        if self._pace.is_waiting() or self._stale:
            self.rebuild()
        self.grid.flush()

    def _rebuild_if_shown(self) -> None:
        # Out of sight (closed, or a tab behind the inspector): no work until the tab comes forward.
        if on_screen(self):
            self.rebuild()
        else:
            self._stale = True

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            if self._stale:
                self.rebuild()
            self.grid.catch_up()

    def _board_closed(self) -> None:
        # Leaving the board ends the entry: the panel shows the ranking in rank order again.
        self.grid.sort_now()
        if self.board is not None:
            self.grid.select_candidates([c] if (c := self.board.grid.current_id()) else [])
        self.table.setFocus()

    def _show_sort_state(self) -> None:
        if hasattr(self, "buttons"):
            held = self.grid.is_out_of_order()
            self.buttons["sort"].setEnabled(held)
            self.buttons["sort"].setText(SORT_TEXTS[0] if held else SORT_TEXTS[1])

    def _on_change(self, change: Change) -> None:
        if change.collection == "findings" and change.action == "update" and "kind" not in change.fields:
            return  # what this panel counts of the findings (the gaps no candidate holds yet) is unchanged
        if (change.collection == "ballots" or change.collection == "candidates" and change.action == "update"
                and change.fields <= {"votes"}):
            # A tally or a ballot: a stream of them redraws a few times a second, and the grid, which
            # paces its own redraw, is left to it (redrawn here too, the two would always share a turn).
            self._tallies_only = self._tallies_only or not self._pace.is_waiting()
            self._pace.soon()
        elif change.collection in ("candidates", "tables", "findings", "participants", "voting", "document"):
            self._tallies_only = False
            self._pace.now()

    def _ask_ballot(self) -> tuple[str, dict[str, int]] | None:
        ws = self._document.workshop
        if not ws.participants:
            self._say("Add participants first: a ballot belongs to one of them.")
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle("Record ballot")
        form = QFormLayout(dialog)
        who = QComboBox()
        for person in ws.participants:
            who.addItem(person.name, person.id)
        form.addRow("Participant", who)
        spins: dict[str, QSpinBox] = {}
        for ranked in rank_candidates(ws):
            spin = QSpinBox()
            spin.setRange(0, max(ws.voting.votes_per_participant or 99, 1))
            spins[ranked.candidate_id] = spin
            form.addRow(ranked.title, spin)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        form.addRow(box)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return who.currentData(), {cid: spin.value() for cid, spin in spins.items() if spin.value()}

    def _ask_new_candidate(self) -> tuple[str, list[str]] | None:
        title, ok = QInputDialog.getText(self, "Add candidate", "Title of the candidate priority:")
        if not ok:
            return None
        scheme = self._document.workshop.scheme
        choices = [(scheme.cross_label, CROSS_INTERCEPT)] + [
            (f"Intercept {i.id}: {i.label}", i.id) for i in scheme.intercepts
        ]
        label, ok = QInputDialog.getItem(self, "Add candidate", "Where it sits:",
                                         [c[0] for c in choices], 0, False)
        if not ok:
            return None
        return title, [dict(choices)[label]]
