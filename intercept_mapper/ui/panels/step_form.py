"""The form under the action-planning chart: the selected step's text, who, when, status and notes.

"Who" is chosen from the participants list (type a few letters: the completer finds the name) and still
takes any text, such as an agency; "when" is typed (a date in any common form, or words such as
"Q3 2026") or chosen on a calendar (``when_field``). Tab goes Step, Who, When, Status, Notes; a field
that takes the keyboard is scrolled into view when the panel is too short to show the whole form. The
form only reports what the user did; the panel turns each change into one undo step and the form then
shows the document's value again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from ...model import ActionStep, Participant
from ...model.when_text import WhenError, parse_when
from ...model.workshop import STEP_STATUSES
from ..plain_text import plain
from .when_field import WhenField

STATUS_WORDS = {
    "not-started": "Not started", "in-progress": "In progress", "done": "Done", "blocked": "Blocked",
}
StepEdit = Callable[[str, Any], object]  # (field name, new value)


def who_label(person: Participant) -> str:
    """How a participant is offered as "who": ``Name (Organisation)``."""
    return f"{person.name} ({person.organisation})" if person.organisation else person.name


class StepForm(QWidget):
    """Fields of the selected step (or the selected objective's text)."""

    # A keystroke in a field that is kept only when editing finishes (for the recovery copy).
    sig_typed = Signal()

    def __init__(self, on_step_edit: StepEdit, on_objective_edit: Callable[[str], object],
                 on_depends: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("action_step_form")
        self._on_step_edit = on_step_edit
        self._on_objective_edit = on_objective_edit
        self._shown: tuple[str, str] | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 4, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("step_text")
        self.text_edit.setAccessibleName("Action step")
        self.text_edit.editingFinished.connect(self._text_done)
        self.text_label = QLabel("Step")
        form.addRow(self.text_label, self.text_edit)
        self.who_combo = QComboBox()
        self.who_combo.setObjectName("step_who")
        self.who_combo.setEditable(True)
        self.who_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.who_combo.setMinimumContentsLength(10)
        self.who_combo.setAccessibleName("Who: a participant, or any name such as an agency")
        self.who_combo.setToolTip("Pick someone from the participants list, or type any name (an agency)")
        self.who_combo.lineEdit().setPlaceholderText("Participant or agency")
        completer = QCompleter(self.who_combo.model(), self.who_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.who_combo.setCompleter(completer)
        self.who_combo.activated.connect(lambda _n: self._who_done())
        self.who_combo.lineEdit().editingFinished.connect(self._who_done)
        form.addRow("Who", self.who_combo)
        self.who_note = QLabel()
        self.who_note.setObjectName("step_who_note")
        self.who_note.setTextFormat(Qt.TextFormat.PlainText)  # names are user text
        self.who_note.setWordWrap(True)
        form.addRow("", self.who_note)
        self.when_field = WhenField()
        self.when_field.sig_edited.connect(self._when_done)
        self.when_edit = self.when_field.line
        self.when_label = QLabel("When")
        form.addRow(self.when_label, self.when_field)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("step_status")
        self.status_combo.setAccessibleName("Status")
        for status in STEP_STATUSES:
            self.status_combo.addItem(STATUS_WORDS[status], status)
        self.status_combo.activated.connect(
            lambda _n: self._on_step_edit("status", self.status_combo.currentData()))
        self.status_label = QLabel("Status")
        form.addRow(self.status_label, self.status_combo)
        self.notes_edit = QLineEdit()
        self.notes_edit.setObjectName("step_notes")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setPlaceholderText("What happened, what is in the way")
        self.notes_edit.editingFinished.connect(self._notes_done)
        for line in (self.text_edit, self.who_combo.lineEdit(), self.when_field.line, self.notes_edit):
            line.textEdited.connect(self.sig_typed)
        self.notes_label = QLabel("Notes")
        form.addRow(self.notes_label, self.notes_edit)
        depends_row = QHBoxLayout()
        self.depends_label = QLabel()
        self.depends_label.setObjectName("step_depends")
        self.depends_label.setTextFormat(Qt.TextFormat.PlainText)
        # One line, cut at the panel's edge (the tooltip has it all): never widens a narrow panel.
        self.depends_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        depends_button = QPushButton("Change\u2026")
        depends_button.setObjectName("step_depends_button")
        depends_button.setToolTip("The steps this one waits for")
        depends_button.clicked.connect(on_depends)
        depends_row.addWidget(self.depends_label, 1)
        depends_row.addWidget(depends_button)
        self.depends_title = QLabel("After")
        form.addRow(self.depends_title, depends_row)
        self.depends_button = depends_button
        self._step_rows = [self.who_combo, self.who_note, self.when_field, self.status_combo, self.notes_edit,
                           self.depends_label, depends_button]
        self._step_labels = [self.when_label, self.status_label, self.notes_label, self.depends_title]
        self._form = form
        # Tab in the order people fill a chart's row; every field shows itself when it takes the keyboard.
        chain = [self.text_edit, self.who_combo, self.when_edit, self.status_combo, self.notes_edit,
                 depends_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for field in (self.text_edit, self.who_combo, self.when_edit, self.status_combo,
                      self.notes_edit, depends_button):
            field.installEventFilter(self)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.show_nothing()

    # ------------------------------------------------------------------ Public API
    def set_today(self, today: Callable[[], date]) -> None:
        """Where "today" comes from: the calendar opens on it for a step with no date."""
        self.when_field.set_today(today)

    def fields(self) -> list[QWidget]:
        """The step's fields in Tab order: step, who, when, status, notes."""
        return [self.text_edit, self.who_combo, self.when_edit, self.status_combo, self.notes_edit]

    def set_people(self, people: list[Participant]) -> None:
        """The participants offered for "who"."""
        labels = [(who_label(p), p.id) for p in people]
        combo = self.who_combo
        current = [(combo.itemText(n), combo.itemData(n)) for n in range(combo.count())]
        if labels == current:
            return
        text = self.who_combo.currentText()
        with QSignalBlocker(self.who_combo):
            self.who_combo.clear()
            for label, person_id in labels:
                self.who_combo.addItem(label, person_id)
            self.who_combo.setCurrentIndex(-1)
            self.who_combo.setEditText(text)

    def shown(self) -> tuple[str, str] | None:
        """("step" or "objective", id) shown, or None."""
        return self._shown

    def show_nothing(self) -> None:
        """Nothing selected: the form is disabled and says how to start."""
        if self._shown is not None:
            self._keep_typed()
        self._shown = None
        self._set_rows(step=True)
        self.setEnabled(False)
        with QSignalBlocker(self.text_edit):
            self.text_edit.clear()
        self.text_edit.setPlaceholderText("Select a step or an objective in the chart")

    def show_objective(self, objective_id: str, text: str, drafted: bool = False) -> None:
        """Edit an objective's wording; a drafted one is labelled as a draft."""
        other = self._switch_to(("objective", objective_id))
        self.setEnabled(True)
        self._set_rows(step=False)
        self._label_text("Objective", drafted)
        self._set_line(self.text_edit, text, other)

    def show_step(self, step: ActionStep, depends_text: str, who_note: str) -> None:
        """Edit a step; ``who_note`` marks a "who" that is not (or no longer) on the participants list."""
        other = self._switch_to(("step", step.id))
        self.setEnabled(True)
        self._set_rows(step=True)
        self._label_text("Step", step.drafted)
        self._set_line(self.text_edit, step.text, other)
        typing_who = self.who_combo.hasFocus() or self.who_combo.lineEdit().hasFocus()
        if other or not typing_who:
            with QSignalBlocker(self.who_combo):
                index = self.who_combo.findData(step.who_participant_id) if step.who_participant_id else -1
                self.who_combo.setCurrentIndex(index)
                self.who_combo.setEditText(step.who)
                self.who_combo.lineEdit().setCursorPosition(0)
        self.who_note.setText(who_note)
        self.who_note.setVisible(bool(who_note))
        self.when_field.show_when(step.when, step.when_text, force=other)
        with QSignalBlocker(self.status_combo):
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(step.status)))
        self._set_line(self.notes_edit, step.notes, other)
        self.depends_label.setText(depends_text or "nothing: can start at once")
        self.depends_label.setToolTip(plain(depends_text))

    def typed(self) -> tuple[str, str, dict[str, Any]] | None:
        """("step" or "objective", id, fields as the form shows them now), typed but perhaps not yet
        kept (the fields are kept when editing finishes), for a recovery copy; None when nothing is shown.
        A "when" that is not a date in the calendar is left out."""
        if self._shown is None:
            return None
        kind, item_id = self._shown
        if kind == "objective":
            return kind, item_id, {"text": self.text_edit.text()}
        fields: dict[str, Any] = {"text": self.text_edit.text(), "who": self.who_combo.currentText(),
                                  "notes": self.notes_edit.text()}
        with contextlib.suppress(WhenError):  # not a date in the calendar: left as it is in the file
            fields["when"], fields["when_text"] = parse_when(self.when_edit.text())
        return kind, item_id, fields

    # ------------------------------------------------------------------ internals
    def _switch_to(self, shown: tuple[str, str]) -> bool:
        """Make ``shown`` the item the form edits; True when that is another item: then what was typed
        in the field with the keyboard is first kept for the item before, and every field shows the
        new item's value (the one with the keyboard too: a field never carries one step's value over
        to the next)."""
        if self._shown == shown:
            return False
        if self._shown is not None:
            self._keep_typed()
        self._shown = shown
        return True

    def _keep_typed(self) -> None:
        focus = QApplication.focusWidget()
        if focus is self.text_edit:
            self._text_done()
        elif focus is not None and (focus is self.who_combo or self.who_combo.isAncestorOf(focus)):
            self._who_done()
        elif focus is self.when_edit:
            self._when_done(self.when_edit.text())
        elif focus is self.notes_edit:
            self._notes_done()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A field taking the keyboard is scrolled into view (a short docked panel scrolls)."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.show_field(watched)
        return super().eventFilter(watched, event)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        # Leaving "who" keeps what was typed. (Its line edit's editingFinished does not come when the
        # completer was showing names: the completer eats the combo box's focus-out.)
        combo = self.who_combo
        popup = combo.completer().popup() if combo.completer() is not None else None
        was_who = old is not None and (old is combo or combo.isAncestorOf(old))
        if was_who and not (new is not None and (new is combo or combo.isAncestorOf(new) or new is popup)):
            self._who_done()

    def show_field(self, field: QWidget) -> None:
        """Scroll every scroll area this form sits in so that ``field`` (and its label) shows."""
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea) and parent.widget() is not None:
                parent.ensureWidgetVisible(field, 60, 24)
            parent = parent.parentWidget()

    def _label_text(self, what: str, drafted: bool) -> None:
        self.text_label.setText(f"{what} (draft)" if drafted else what)
        self.text_label.setToolTip("Suggested by the program: any edit makes it the group's own"
                                   if drafted else "")

    def _set_rows(self, step: bool) -> None:
        for widget in self._step_rows + self._step_labels:
            widget.setVisible(step)
        self.who_note.setVisible(step and bool(self.who_note.text()))
        for n in range(self._form.rowCount()):
            label = self._form.itemAt(n, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None and label.widget() is not self.text_label:
                label.widget().setVisible(step)

    @staticmethod
    def _set_line(edit: QLineEdit, text: str, force: bool = False) -> None:
        if (force or not edit.hasFocus()) and edit.text() != text:
            with QSignalBlocker(edit):
                edit.setText(text)
                edit.setCursorPosition(0)

    def _text_done(self) -> None:
        if self._shown is None:
            return
        kind, _ = self._shown
        if kind == "objective":
            self._on_objective_edit(self.text_edit.text())
        else:
            self._on_step_edit("text", self.text_edit.text())

    def _who_done(self) -> None:
        if self._shown is None or self._shown[0] != "step":
            return
        text = self.who_combo.currentText()
        index = self.who_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        person_id = self.who_combo.itemData(index) if index >= 0 else None
        self._on_step_edit("who", (text, person_id))

    def _notes_done(self) -> None:
        if self._shown is not None and self._shown[0] == "step":
            self._on_step_edit("notes", self.notes_edit.text())

    def _when_done(self, text: str) -> None:
        if self._shown is not None and self._shown[0] == "step":
            self._on_step_edit("when", text)
