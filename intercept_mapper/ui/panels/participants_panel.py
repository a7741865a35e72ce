"""Who is at the table: the participants list (add, edit, import the CSV) and sector coverage.

The coverage line under the list says which recommended sectors nobody represents and warns when lived
experience is voiced by fewer than two people (tokenism). Every edit is one undo step. Text typed into a
cell's open editor is kept only when the editor closes; until then ``pending_edits`` hands it to the
recovery copy (``sig_pending_text_changed`` says when it changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Change, Document, InputError, Participant, new_id
from ...model.document_constants import DEFAULT_TABLE_ID
from ...model.participants_csv import read_participants
from ...model.roster import build_roster
from ...model.seating import default_table_is_unused, tables_for
from ...model.sectors import SECTORS, normalise_sector
from ..commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand, describe
from .document_panel import DocumentPanel
from .flow_layout import FlowLayout

ID_ROLE = Qt.ItemDataRole.UserRole
# (field, header); the lived-experience, planning-team, facilitator and sector-voice columns are check boxes.
COLUMNS = (
    ("name", "Name"), ("organisation", "Organisation"), ("sector", "Sector"), ("role", "Role"),
    ("table", "Voting table"), ("lived_experience", "Lived experience"),
    ("planning_team", "Planning team"), ("facilitator", "Facilitator"),
    ("counts_for_sector", "Facilitator speaks for sector"),
    ("email", "Email"), ("phone", "Phone"),
)
FLAG_FIELDS = frozenset({"lived_experience", "planning_team", "facilitator", "counts_for_sector"})
UNKNOWN_ALLOWED = "lived_experience"  # the one flag that may be unknown (None)
_CHECK_STATES = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked,
                 None: Qt.CheckState.PartiallyChecked}
_FLAG_VALUES = {state: value for value, state in _CHECK_STATES.items()}
SECTOR_COLUMN = 2


class _TypingDelegate(QStyledItemDelegate):
    """The cells' editors, each reporting what is typed into it, and its closing (``typed``)."""

    def __init__(self, typed: SignalInstance, parent: QWidget) -> None:
        super().__init__(parent)
        self._typed = typed
        # An editor closed with Esc takes its text back: the recovery copy must drop it too.
        self.closeEditor.connect(lambda *_args: typed.emit())

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802 - Qt's name
        """Qt's line editor, watched."""
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self._typed)
        return editor


class _SectorDelegate(_TypingDelegate):
    """An editable drop-down of the sector vocabulary (other text is kept and counted as "other")."""

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802 - Qt's name
        """The sector combo box."""
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(list(SECTORS))
        combo.editTextChanged.connect(self._typed)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802 - Qt's name
        """Show the current sector."""
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802 - Qt's name
        """Hand the chosen sector back (the panel turns it into an undo step)."""
        model.setData(index, editor.currentText())


class ParticipantsPanel(QDockWidget, DocumentPanel):
    """The participants list with sector coverage, missing sectors and the tokenism warning."""

    sig_message = Signal(str)
    sig_pending_text_changed = Signal()  # typed into a cell's open editor, not kept until it closes

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__("Participants", parent)
        self.setObjectName("participants_panel")
        self._undo_stack = undo_stack
        self._building = False
        self._row_ids: list[str] = []
        self._build()
        self._listen_to(document)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def add_participant(self, name: str = "New participant", **fields: Any) -> str:
        """Add someone to the list; returns the new id."""
        person = Participant(id=new_id("participant"), name=name, **fields)
        self._undo_stack.push(InsertItemsCommand(self._document, [("participants", person)],
                                                 describe("Add participant", name)))
        return person.id

    def set_field(self, participant_id: str, name: str, value: Any) -> bool:
        """Change one field of a participant; False (with a message) when refused."""
        person = self._document.get("participants", participant_id)
        if person is None:
            return self._refuse("That participant is no longer on the list.")
        if name == UNKNOWN_ALLOWED and value is None:
            pass  # lived experience not said: unknown, not "no"
        elif name in FLAG_FIELDS:
            value = bool(value)
        else:
            value = " ".join(str(value).split()) if name != "sector" else normalise_sector(str(value))
        if name == "name" and not value:
            return self._refuse("A participant needs a name.")
        if getattr(person, name) == value:
            return True
        self._undo_stack.push(UpdateItemCommand(self._document, "participants", participant_id, {name: value},
                                                describe(f"Set {name} of", person.name)))
        return True

    def delete_participants(self, ids: list[str]) -> None:
        """Remove participants (their ballots go; steps they own keep the name as text)."""
        ids = [i for i in ids if self._document.get("participants", i) is not None]
        if not ids:
            self._say("Select the participants to delete.")
            return
        names = [self._document.get("participants", i).name for i in ids]
        owned = sum(1 for plan in self._document.items("action_plans") for o in plan.objectives
                    for s in o.steps if s.who_participant_id in ids)
        text = f"Delete {len(ids)} participant{'s' if len(ids) > 1 else ''}"
        self._undo_stack.push(DeleteItemsCommand(self._document, ids, text))
        note = f"Removed {', '.join(names)}."
        if owned:
            note += (f" {owned} action step{'s keep' if owned != 1 else ' keeps'} the name, marked "
                     "as no longer on the list (Undo links them again).")
        self._say(note)

    def import_csv(self, path: str | Path) -> bool:
        """Add the people of a participants CSV who are not on the list yet (matched by name)."""
        try:
            people, warnings = read_participants(path)
        except InputError as exc:
            return self._refuse("; ".join(str(p) for p in exc.problems))
        known = {p.name.casefold() for p in self._document.items("participants")}
        new = [p for p in people if p.name.casefold() not in known]
        skipped = len(people) - len(new)
        tables = tables_for(self._document.workshop, new)
        if new:
            # One undo step: the people, and the voting tables their "table" column names (which take
            # the place of the default table when nothing was counted there).
            replace_default = bool(tables) and default_table_is_unused(self._document.workshop)
            self._undo_stack.beginMacro(f"Import {len(new)} participants")
            self._undo_stack.push(InsertItemsCommand(
                self._document, [("participants", p) for p in new] + [("tables", t) for t in tables],
                f"Import {len(new)} participants"))
            if replace_default:
                self._undo_stack.push(DeleteItemsCommand(self._document, [DEFAULT_TABLE_ID],
                                                         "Replace the default voting table"))
            self._undo_stack.endMacro()
        note = f"Imported {len(new)} participant{'s' if len(new) != 1 else ''}"
        if skipped:
            note += f"; {skipped} already on the list"
        if new and tables:
            note += "; voting tables: " + ", ".join(t.name for t in tables)
        if warnings:
            note += "; " + "; ".join(str(w) for w in warnings[:3])
        self._say(note + ".")
        return bool(new)

    def selected_ids(self) -> list[str]:
        """Ids of the selected participants."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._row_ids[r] for r in rows if r < len(self._row_ids)]

    def row_of(self, participant_id: str) -> int:
        """The table row of a participant, or -1."""
        self._flush()
        return self._row_ids.index(participant_id) if participant_id in self._row_ids else -1

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """The text of a cell's open editor when it differs from the document, as the edit closing it
        would make it (``set_field``), as (collection, id, fields) for a recovery copy; [] otherwise."""
        if not shiboken6.isValid(self.table) or self.table.state() != QAbstractItemView.State.EditingState:
            return []
        index = self.table.currentIndex()
        editor = self.table.indexWidget(index) if index.isValid() else None  # the open editor, if any
        text = (editor.text() if isinstance(editor, QLineEdit)
                else editor.currentText() if isinstance(editor, QComboBox) else None)
        participant_id = index.data(ID_ROLE)
        person = self._document.get("participants", participant_id) if participant_id else None
        name = COLUMNS[index.column()][0]
        if text is None or person is None or name in FLAG_FIELDS:
            return []
        value = normalise_sector(text) if name == "sector" else " ".join(text.split())
        if (name == "name" and not value) or getattr(person, name) == value:
            return []
        return [("participants", person.id, {name: value})]

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        bar = QWidget()
        buttons = FlowLayout(bar)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", "Add participant", lambda: self.add_participant()),
            ("delete", "Delete", lambda: self.delete_participants(self.selected_ids())),
            ("import", "Import CSV\u2026", self._ask_import),
        ):
            button = QPushButton(text)
            button.setObjectName(f"participants_{key}_button")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout.addWidget(bar)
        self.table = QTableWidget()
        self.table.setObjectName("participants_table")
        self.table.setAccessibleName("Participants")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels([header for _, header in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegate(_TypingDelegate(self.sig_pending_text_changed, self.table))
        self.table.setItemDelegateForColumn(SECTOR_COLUMN, _SectorDelegate(self.sig_pending_text_changed,
                                                                           self.table))
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.table, 1)
        self.coverage = QLabel()
        self.coverage.setObjectName("participants_coverage")
        self.coverage.setTextFormat(Qt.TextFormat.PlainText)
        self.coverage.setWordWrap(True)
        layout.addWidget(self.coverage)
        self.status = QLabel()
        self.status.setObjectName("participants_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setWidget(body)

    def rebuild(self) -> None:
        """Redraw the list and the coverage from the document."""
        self._rebuild_timer.stop()
        people = self._document.items("participants")
        self._row_ids = [p.id for p in people]
        self._building = True
        try:
            self.table.setRowCount(len(people))
            for row, person in enumerate(people):
                for column, (name, _) in enumerate(COLUMNS):
                    item = QTableWidgetItem()
                    item.setData(ID_ROLE, person.id)
                    if name in FLAG_FIELDS:
                        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                 | Qt.ItemFlag.ItemIsUserCheckable)
                        if name == UNKNOWN_ALLOWED:  # yes, no, or not said (shown half-checked)
                            flags |= Qt.ItemFlag.ItemIsUserTristate
                            item.setToolTip("Lived experience: checked yes, empty no, half-checked not said")
                        item.setFlags(flags)
                        item.setCheckState(_CHECK_STATES[getattr(person, name)])
                    else:
                        item.setText(getattr(person, name))
                    self.table.setItem(row, column, item)
            self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        finally:
            self._building = False
        self.coverage.setText(self.coverage_text())

    def coverage_text(self) -> str:
        """Counts, the missing recommended sectors and the warnings, as shown under the list."""
        roster = build_roster(self._document.workshop)
        total = sum(roster.sectors.values())
        lines = [f"{total} at the table, {roster.lived_experience} with lived experience. "
                 + ("Missing: " + ", ".join(roster.missing) + "." if roster.missing
                    else "Every recommended sector is present.")]
        lines += [f"\u26a0 {w}" for w in roster.warnings if not w.startswith("Nobody from ")]
        return "\n".join(lines)

    # ------------------------------------------------------------------ internals
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._building:
            return
        name = COLUMNS[item.column()][0]
        value: Any = _FLAG_VALUES[item.checkState()] if name in FLAG_FIELDS else item.text()
        if name != UNKNOWN_ALLOWED and value is None:
            value = False
        self.set_field(item.data(ID_ROLE), name, value)
        self._rebuild_timer.start()  # show the stored value (normalised, or the old one if refused)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import participants", "",
                                              "CSV files (*.csv);;All files (*)")
        if path:
            self.import_csv(path)

    def _on_change(self, change: Change) -> None:
        if change.collection in ("participants", "document"):
            self._rebuild_timer.start()
