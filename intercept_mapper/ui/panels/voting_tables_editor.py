"""The voting tables of a workshop: add, rename, remove, how many voted at each, and the vote budget.

Some programs seat people with lived experience at their own table; each table's votes show side by
side. A table's voter count stands in for the participants list when that does not name everyone, so
the budget warning (votes over voters times votes each) stays right. Every change is one undo step. A
name being typed is kept when its field loses the keyboard or Enter is pressed; until then
``pending_edits`` hands it to the recovery copy (``sig_pending_text_changed`` says when it changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model import Document
from ...model.candidate_edits import (
    add_table,
    remove_table,
    rename_table,
    set_table_voters,
    table_participants,
    table_vote_total,
)
from ..commands import UpdateSectionCommand, describe
from .record_edit import push_record_edit, sentence

FROM_LIST = -1  # the voters spin box's "count the participants list" value


class VotingTablesEditor(QWidget):
    """One line per voting table (name, voters, votes so far, remove), then the budget settings."""

    sig_pending_text_changed = Signal()  # a table's name typed, not yet kept

    def __init__(self, document: Document, undo_stack: QUndoStack, say: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voting_tables_editor")
        self._document = document
        self._undo_stack = undo_stack
        self._say = say
        self._table_ids: list[str] = []
        self.name_edits: dict[str, QLineEdit] = {}
        self.voter_spins: dict[str, QSpinBox] = {}
        self.remove_buttons: dict[str, QToolButton] = {}
        self._totals: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._grid_holder = QWidget()
        self._grid = QGridLayout(self._grid_holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        layout.addWidget(self._grid_holder)
        settings = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("voting_table_new_name")
        self.new_name.setPlaceholderText("New table, e.g. community")
        self.new_name.setAccessibleName("Name of a new voting table")
        self.new_name.returnPressed.connect(lambda: self.add_table(self.new_name.text()))
        add = QToolButton()
        add.setObjectName("voting_table_add_button")
        add.setText("Add table")
        add.setToolTip("Add a voting table with this name")
        add.clicked.connect(lambda: self.add_table(self.new_name.text()))
        settings.addWidget(self.new_name, 1)
        settings.addWidget(add)
        layout.addLayout(settings)
        budget = QHBoxLayout()
        self.votes_each = QSpinBox()
        self.votes_each.setObjectName("votes_per_participant")
        self.votes_each.setRange(0, 99)
        # 0 stands for "not recorded" (None in the file): the report then states no budget.
        self.votes_each.setSpecialValueText("not set")
        self.votes_each.setAccessibleName("Votes each participant may cast")
        self.votes_each.setToolTip("Votes each participant may cast (stacking allowed)")
        self.votes_each.editingFinished.connect(
            lambda: self.set_voting_setting("votes_per_participant", self.votes_each.value() or None))
        self.top_n = QSpinBox()
        self.top_n.setObjectName("voting_top_n")
        self.top_n.setRange(1, 20)
        self.top_n.setAccessibleName("How many top candidates become priorities")
        self.top_n.setToolTip("How many top-ranked candidates become the priorities (and get plans)")
        self.top_n.editingFinished.connect(lambda: self.set_voting_setting("top_n", self.top_n.value()))
        budget.addWidget(QLabel("Votes each"))
        budget.addWidget(self.votes_each)
        budget.addSpacing(12)
        budget.addWidget(QLabel("Priorities: top"))
        budget.addWidget(self.top_n)
        budget.addStretch(1)
        layout.addLayout(budget)
        self.refresh()

    # ------------------------------------------------------------------ Public API
    def add_table(self, name: str) -> bool:
        """Add a voting table (one undo step)."""
        if self._push(lambda d: add_table(d, name), describe("Add voting table", name.strip())):
            self.new_name.clear()
            return True
        return False

    def rename_table(self, table_id: str, name: str) -> bool:
        """Rename a table (one undo step); a clash or an empty name is refused with a message."""
        ok = self._push(lambda d: rename_table(d, table_id, name), describe("Rename voting table", name))
        if not ok:
            self.refresh(force=True)  # show the stored name again
        return ok

    def set_voters(self, table_id: str, voters: int | None) -> bool:
        """How many voted at a table (None: count the participants seated there); one undo step."""
        table = self._document.get("tables", table_id)
        name = table.name if table is not None else table_id
        return self._push(lambda d: set_table_voters(d, table_id, voters), describe("Voters at", name))

    def remove_table(self, table_id: str) -> bool:
        """Remove a table with its votes (one undo step; the last table stays)."""
        ws = self._document.workshop
        table = self._document.get("tables", table_id)
        votes = table_vote_total(ws, table_id) if table is not None else 0
        name = table.name if table is not None else table_id
        if not self._push(lambda d: remove_table(d, table_id), describe("Remove voting table", name)):
            return False
        lost = f" and its {votes} vote{'s' if votes != 1 else ''}" if votes else ""
        self._say(f"Removed the table '{name}'{lost}; Undo brings {'them' if votes else 'it'} back.")
        return True

    def set_voting_setting(self, name: str, value: int | None) -> bool:
        """Change ``votes_per_participant`` or ``top_n`` (one undo step)."""
        if getattr(self._document.workshop.voting, name) == value:
            return True
        text = "Votes each participant" if name == "votes_per_participant" else "Number of priorities"
        self._undo_stack.push(UpdateSectionCommand(self._document, "voting", {name: value},
                                                   f"{text}: {'not set' if value is None else value}"))
        return True

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Table names typed but not yet kept, as (collection, id, fields) for a recovery copy: only a
        name the rename would accept (not empty, not another table's), cleaned as the rename cleans it."""
        if not shiboken6.isValid(self):
            return []
        tables = self._document.items("tables")
        typed = {table_id: " ".join(edit.text().split()) for table_id, edit in self.name_edits.items()
                 if shiboken6.isValid(edit)}
        renamed = {t.id: typed[t.id] for t in tables if typed.get(t.id) and typed[t.id] != t.name}
        while True:  # drop the names that clash in the copy, until none does (a dropped one keeps its name)
            names = [renamed.get(t.id, t.name).casefold() for t in tables]
            clashing = {i for i, name in renamed.items() if names.count(name.casefold()) > 1}
            if not clashing:
                return [("tables", table_id, {"name": name}) for table_id, name in renamed.items()]
            renamed = {i: name for i, name in renamed.items() if i not in clashing}

    def refresh(self, force: bool = False) -> None:
        """Show the document's tables and settings (rows are rebuilt only when tables come or go)."""
        ws = self._document.workshop
        ids = [t.id for t in ws.voting.tables]
        if ids != self._table_ids or force:
            self._rebuild_rows()
        for table in ws.voting.tables:
            edit = self.name_edits[table.id]
            if not edit.hasFocus() and edit.text() != table.name:
                edit.setText(table.name)
                edit.setCursorPosition(0)
            spin = self.voter_spins[table.id]
            seated = table_participants(ws, table)
            spin.setSpecialValueText(f"{seated} listed")
            with QSignalBlocker(spin):
                spin.setValue(FROM_LIST if table.voters is None else table.voters)
            total = table_vote_total(ws, table.id)
            self._totals[table.id].setText(f"{total} vote{'s' if total != 1 else ''}")
            self.remove_buttons[table.id].setEnabled(len(ids) > 1)
        voting = ws.voting
        for spin, value in ((self.votes_each, voting.votes_per_participant), (self.top_n, voting.top_n)):
            if not spin.hasFocus():
                with QSignalBlocker(spin):
                    spin.setValue(value or 0)

    # ------------------------------------------------------------------ internals
    def _rebuild_rows(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.name_edits.clear()
        self.voter_spins.clear()
        self.remove_buttons.clear()
        self._totals.clear()
        tables = self._document.workshop.voting.tables
        self._table_ids = [t.id for t in tables]
        for column, text in enumerate(("Voting table", "Voters", "")):
            header = QLabel(text)
            header.setEnabled(False)
            self._grid.addWidget(header, 0, column)
        for row, table in enumerate(tables, start=1):
            edit = QLineEdit(table.name)
            edit.setObjectName(f"voting_table_name_{row - 1}")
            edit.setAccessibleName(f"Name of voting table {row}")
            edit.editingFinished.connect(lambda t=table.id, e=edit: self._name_edited(t, e))
            edit.textEdited.connect(self.sig_pending_text_changed)
            spin = QSpinBox()
            spin.setObjectName(f"voting_table_voters_{row - 1}")
            spin.setRange(FROM_LIST, 9999)
            spin.setAccessibleName(f"How many voted at voting table {row}")
            spin.setToolTip("How many people voted at this table. At the lowest value the app counts the "
                            "participants seated here; set a number when the list does not name everyone.")
            spin.editingFinished.connect(lambda t=table.id, s=spin: self._voters_edited(t, s))
            total = QLabel()
            remove = QToolButton()
            remove.setObjectName(f"voting_table_remove_{row - 1}")
            remove.setText("\u2715")
            remove.setAccessibleName(f"Remove voting table {row}")
            remove.setToolTip("Remove this table and its votes (Undo brings them back)")
            remove.clicked.connect(lambda _c=False, t=table.id: self.remove_table(t))
            self._grid.addWidget(edit, row, 0)
            self._grid.addWidget(spin, row, 1)
            self._grid.addWidget(total, row, 2)
            self._grid.addWidget(remove, row, 3)
            self.name_edits[table.id] = edit
            self.voter_spins[table.id] = spin
            self.remove_buttons[table.id] = remove
            self._totals[table.id] = total

    def _name_edited(self, table_id: str, edit: QLineEdit) -> None:
        table = self._document.get("tables", table_id)
        if table is not None and edit.text().strip() != table.name:
            self.rename_table(table_id, edit.text())

    def _voters_edited(self, table_id: str, spin: QSpinBox) -> None:
        table = self._document.get("tables", table_id)
        value = None if spin.value() == FROM_LIST else spin.value()
        if table is not None and value != table.voters:
            self.set_voters(table_id, value)

    def _push(self, apply, text: str) -> bool:  # noqa: ANN001 - a RecordEdit
        error = push_record_edit(self._document, self._undo_stack, apply, text)
        if error:
            self._say(sentence(error))
            return False
        return True

