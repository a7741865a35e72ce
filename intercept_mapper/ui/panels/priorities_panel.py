"""The voting panel, made for a projector: candidate priorities with large vote counts, ranked live.

Keyboard entry: select a candidate (and, with several voting tables, a table's column), type a number
and press Enter (or pause), or press + and - to add or take away one vote. Every change is an undo
step through ``RecordEditCommand``; the table redraws from the document's change notices.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import CROSS_INTERCEPT, Change, Document, DocumentError, EditRecord
from ...model.candidate_edits import (
    add_ballot,
    add_candidate,
    add_table,
    ballot_warnings,
    budget_warnings,
    merge_candidates,
    reword,
    set_excluded,
    set_votes,
    sync_gap_candidates,
)
from ...model.ranking import rank_candidates
from ..commands import CompoundRecordCommand, describe

ID_ROLE = Qt.ItemDataRole.UserRole
COMMIT_DELAY_MS = 1200  # a pause after typing digits records them, as Enter does
VOTE_POINT_SIZE = 26
TITLE_POINT_SIZE = 16

RecordEdit = Callable[[Document], EditRecord]


class RecordEditCommand(CompoundRecordCommand):
    """A model edit that returns an ``EditRecord``; a refused or empty edit leaves no undo step."""

    def __init__(self, document: Document, apply: RecordEdit, text: str,
                 on_error: Callable[[str], None]) -> None:
        super().__init__(document, apply, text)
        self._on_error = on_error

    def redo(self) -> None:
        """Run (or replay) the edit; a ``DocumentError`` is reported and the command dropped."""
        try:
            super().redo()
        except DocumentError as exc:
            self.setObsolete(True)  # QUndoStack.push deletes an obsolete command instead of keeping it
            self._on_error(str(exc))
            return
        if self._record is not None and not self._record:
            self.setObsolete(True)


def push_record_edit(document: Document, undo_stack: QUndoStack, apply: RecordEdit, text: str) -> str | None:
    """Push one model edit as an undo step; returns the refusal message, or None when it was done."""
    errors: list[str] = []
    undo_stack.push(RecordEditCommand(document, apply, text, errors.append))
    return errors[0] if errors else None


class PrioritiesPanel(QDockWidget):
    """Candidate priorities with per-table votes, live ranking, merge/exclude/reword/add, budget warnings."""

    sig_message = Signal(str)  # something to tell the facilitator (a refusal, what typing goes to)

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("Priorities", parent)
        self.setObjectName("priorities_panel")
        self._document = document
        self._undo_stack = undo_stack
        self._typed = ""
        self._vote_table_id: str | None = None
        self._row_ids: list[str] = []
        self._table_columns: list[str] = []  # voting table id of each vote column, in order
        self._build()
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(COMMIT_DELAY_MS)
        self._commit_timer.timeout.connect(self.commit_typed)
        self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    @property
    def document(self) -> Document:
        """The document being edited."""
        return self._document

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._rebuild_timer.stop()
        self._commit_timer.stop()
        self._unsubscribe()

    def ranked_rows(self) -> list[tuple[str, str, int]]:
        """(rank text, title, total votes) of each row as shown, top to bottom (for tests and demos)."""
        self._flush()
        total_col = self.table.columnCount() - 1
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).data(ID_ROLE + 1),
             int(self.table.item(r, total_col).text()))
            for r in range(self.table.rowCount())
        ]

    def select_candidates(self, ids: list[str], table_id: str | None = None) -> None:
        """Select candidates by id; the current cell goes to ``table_id``'s column when given."""
        self._flush()
        self.table.clearSelection()
        column = self._column_of_table(table_id) if table_id else 1
        rows = [row for row, cand_id in enumerate(self._row_ids) if cand_id in ids]
        if rows:
            self.table.setCurrentCell(rows[0], column)
        for row in rows:
            self._add_row_to_selection(row)
        if table_id:
            self._vote_table_id = table_id

    def selected_ids(self) -> list[str]:
        """Ids of the selected candidates, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._row_ids[r] for r in rows if r < len(self._row_ids)]

    def vote_table_id(self) -> str | None:
        """The voting table that typed numbers and +/- go to."""
        tables = [t.id for t in self._document.items("tables")]
        column = self.table.currentColumn()
        if 2 <= column < 2 + len(self._table_columns):
            return self._table_columns[column - 2]
        if self._vote_table_id in tables:
            return self._vote_table_id
        return tables[0] if tables else None

    def set_votes(self, candidate_id: str, table_id: str, votes: int) -> bool:
        """Record a table's votes for a candidate as one undo step; False (with a message) if refused."""
        cand = self._document.get("candidates", candidate_id)
        title = cand.title if cand is not None else candidate_id
        return self._push(lambda d: set_votes(d, candidate_id, table_id, votes),
                          describe("Votes for", title))

    def change_votes(self, delta: int) -> bool:
        """Add ``delta`` votes (+1 or -1) to the current candidate at the current table."""
        cand_id, table_id = self._current_target()
        if cand_id is None or table_id is None:
            return False
        current = self._document.get("candidates", cand_id).votes.get(table_id, 0)
        if current + delta < 0:
            self._say("Votes cannot go below zero.")
            return False
        return self.set_votes(cand_id, table_id, current + delta)

    def commit_typed(self) -> bool:
        """Record the number typed so far for the current candidate and table."""
        self._commit_timer.stop()
        typed, self._typed = self._typed, ""
        if not typed:
            return False
        cand_id, table_id = self._current_target()
        if cand_id is None or table_id is None:
            self._say("Select a candidate before typing its votes.")
            return False
        return self.set_votes(cand_id, table_id, int(typed))

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
        """Add a voting table such as "community" (asks for its name)."""
        if name is None:
            name, ok = QInputDialog.getText(self, "Add voting table", "Name of the table (e.g. community):")
            if not ok:
                return False
        return self._push(lambda d: add_table(d, name), describe("Add voting table", name))

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
        self._flush()
        return self.reason.text()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, tip in (
            ("add", "Add candidate\u2026", lambda: self.add_candidate(), "A priority that is not a gap"),
            ("reword", "Reword\u2026", lambda: self.reword_selected(), "Change the candidate's title (F2)"),
            ("merge", "Merge\u2026", lambda: self.merge_selected(), "Merge the selected duplicates"),
            ("exclude", "Exclude / include", self.toggle_excluded_selected, "Leave out of the ranking"),
            ("table", "Add voting table\u2026", lambda: self.add_voting_table(), "e.g. system, community"),
            ("sync", "Add new gaps", self.sync_gaps, "Gaps recorded since are candidates too"),
            ("ballot", "Record ballot\u2026", lambda: self.record_ballot(), "One participant's votes, kept"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"priorities_{key}_button")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table = QTableWidget()
        self.table.setObjectName("priorities_table")
        self.table.setAccessibleName("Candidate priorities in rank order")
        self.table.setAccessibleDescription(
            "Select a candidate, type its votes and press Enter; plus and minus add or remove one vote"
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.installEventFilter(self)
        self.table.currentCellChanged.connect(self._on_current_cell)
        layout.addWidget(self.table, 1)
        self.reason = QLabel()
        self.reason.setObjectName("priorities_reason")
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # titles are user text
        self.reason.setWordWrap(True)
        reason_font = QFont(self.font())
        reason_font.setPointSize(TITLE_POINT_SIZE)
        self.reason.setFont(reason_font)
        layout.addWidget(self.reason)
        self.status = QLabel()
        self.status.setObjectName("priorities_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.warnings = QLabel()
        self.warnings.setObjectName("priorities_budget_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # table names are user text
        layout.addWidget(self.warnings)
        self.setWidget(body)

    def rebuild(self) -> None:
        """Redraw the ranking from the document, keeping the selected candidates and column."""
        self._rebuild_timer.stop()
        ws = self._document.workshop
        keep_selected = set(self.selected_ids())
        keep_current = self._row_ids[self.table.currentRow()] if 0 <= self.table.currentRow() < len(
            self._row_ids) else None
        keep_column = max(self.table.currentColumn(), 1)
        tables = ws.voting.tables
        several = len(tables) > 1
        self._table_columns = [t.id for t in tables] if several else []
        headers = ["Rank", "Candidate", *([t.name for t in tables] if several else []), "Votes"]
        ranked = rank_candidates(ws)
        excluded = sorted((c for c in ws.voting.candidates if c.excluded),
                          key=lambda c: (c.title.casefold(), c.id))
        candidates = {c.id: c for c in ws.voting.candidates}
        self._row_ids = [r.candidate_id for r in ranked] + [c.id for c in excluded]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self._row_ids))
        vote_font = QFont(self.font())
        vote_font.setPointSize(VOTE_POINT_SIZE)
        vote_font.setBold(True)
        title_font = QFont(self.font())
        title_font.setPointSize(TITLE_POINT_SIZE)
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        rows = [(str(r.rank), candidates[r.candidate_id], r.reason) for r in ranked]
        rows += [("\u2013", c, "Excluded from the ranking") for c in excluded]
        for row, (rank, cand, reason) in enumerate(rows):
            title = cand.title + ("  (excluded)" if cand.excluded else "")
            cells = [rank, title, *[str(cand.votes.get(t, 0)) for t in self._table_columns],
                     str(cand.total_votes())]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, cand.id)
                item.setData(ID_ROLE + 1, cand.title)
                item.setToolTip(reason)
                if column == 1:
                    item.setFont(title_font)
                else:
                    item.setFont(vote_font)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if cand.excluded:
                    item.setForeground(dim)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        for row, cand_id in enumerate(self._row_ids):
            if cand_id == keep_current:
                self.table.setCurrentCell(row, min(keep_column, len(headers) - 1))
        for row, cand_id in enumerate(self._row_ids):
            if cand_id in keep_selected:
                self._add_row_to_selection(row)
        self.table.blockSignals(False)
        self._refresh_side(ws)

    def _refresh_side(self, ws) -> None:
        self._show_reason(self.table.currentRow())
        warnings = budget_warnings(ws) + ballot_warnings(ws)
        self.warnings.setText("\n".join(f"\u26a0 {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        in_candidates = {g for c in ws.voting.candidates for g in c.gap_ids}
        new_gaps = sum(1 for g in ws.gaps() if g.id not in in_candidates)
        self.buttons["sync"].setEnabled(new_gaps > 0)
        self.buttons["sync"].setText(f"Add {new_gaps} new gap{'s' if new_gaps != 1 else ''}"
                                     if new_gaps else "Add new gaps")

    def _add_row_to_selection(self, row: int) -> None:
        model = self.table.selectionModel()
        index = self.table.model().index(row, 0)
        model.select(index, model.SelectionFlag.Select | model.SelectionFlag.Rows)

    # ------------------------------------------------------------------ keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Digits, Enter, Backspace, Escape, + and - on the table enter votes."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self._on_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            if len(self._typed) < 4:  # nobody casts ten thousand votes; a stuck key should not either
                self._typed += text
            self._show_typed()
            self._commit_timer.start()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typed:
            self.commit_typed()
            return True
        if key == Qt.Key.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
            self._show_typed()
            self._commit_timer.start()
            return True
        if key == Qt.Key.Key_Escape and self._typed:
            self._typed = ""
            self._commit_timer.stop()
            self._say("Typing cancelled.")
            return True
        if text in ("+", "=", "-"):
            self.commit_typed()
            self.change_votes(-1 if text == "-" else 1)
            return True
        if key == Qt.Key.Key_F2:
            self.reword_selected()
            return True
        return False

    def _show_typed(self) -> None:
        cand_id, table_id = self._current_target()
        table = self._document.get("tables", table_id) if table_id else None
        cand = self._document.get("candidates", cand_id) if cand_id else None
        if cand is not None and table is not None:
            self._say(f"Votes for '{cand.title}' at {table.name}: {self._typed or '_'} (Enter to record)")

    # ------------------------------------------------------------------ internals
    def _current_target(self) -> tuple[str | None, str | None]:
        self._flush()
        row = self.table.currentRow()
        cand_id = self._row_ids[row] if 0 <= row < len(self._row_ids) else None
        return cand_id, self.vote_table_id()

    def _column_of_table(self, table_id: str) -> int:
        if table_id in self._table_columns:
            return 2 + self._table_columns.index(table_id)
        return self.table.columnCount() - 1

    def _show_reason(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        self.reason.setText(f"{item.data(ID_ROLE + 1)}: {item.toolTip()}" if item is not None else "")

    def _on_current_cell(self, row: int, column: int, old_row: int, old_column: int) -> None:
        self._show_reason(row)
        if self._typed and (row, column) != (old_row, old_column):
            # Moving away records what was typed, for the cell it was typed in.
            self.table.blockSignals(True)
            self.table.setCurrentCell(old_row, old_column)
            self.commit_typed()
            self.table.blockSignals(False)
            self.table.setCurrentCell(row, column)
        if 2 <= column < 2 + len(self._table_columns):
            self._vote_table_id = self._table_columns[column - 2]

    def _push(self, apply: RecordEdit, text: str) -> bool:
        error = push_record_edit(self._document, self._undo_stack, apply, text)
        if error:
            self._say(error)
            return False
        return True

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.sig_message.emit(message)

    def _flush(self) -> None:
        if self._rebuild_timer.isActive():
            self.rebuild()

    def _on_change(self, change: Change) -> None:
        if change.collection in ("candidates", "tables", "ballots", "findings", "participants", "points",
                                 "flows", "voting", "scheme", "document"):
            self._rebuild_timer.start()

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
            spin.setRange(0, max(ws.voting.votes_per_participant, 1))
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
