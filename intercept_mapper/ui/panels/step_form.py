"""The form under the action-planning chart: the selected step's text, who, when, status and notes.

"Who" is chosen from the participants list (type a few letters: the completer finds the name) and still
takes any text, such as an agency; "when" has a calendar. The form only reports what the user did; the
panel turns each change into one undo step and the form then shows the document's value again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ...model import ActionStep, Participant
from ...model.workshop import STEP_STATUSES
from ..plain_text import plain

STATUS_WORDS = {
    "not-started": "Not started", "in-progress": "In progress", "done": "Done", "blocked": "Blocked",
}
NO_DATE = QDate(2000, 1, 1)  # the date editor's lowest value stands for "no date yet"

StepEdit = Callable[[str, Any], object]  # (field name, new value)


def who_label(person: Participant) -> str:
    """How a participant is offered as "who": ``Name (Organisation)``."""
    return f"{person.name} ({person.organisation})" if person.organisation else person.name


def to_qdate(value: date | None) -> QDate:
    """A step date for the date editor (None shows as "no date")."""
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date | None:
    """The date editor's value as a step date."""
    return None if value <= NO_DATE else date(value.year(), value.month(), value.day())


class DateEditor(QDateEdit):
    """A date with a calendar, where the lowest value reads "no date"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("no date")
        self.setAccessibleName("When: the date the step is due")

    def step_date(self) -> date | None:
        """The chosen date, or None."""
        return from_qdate(self.date())

    def set_step_date(self, value: date | None) -> None:
        """Show a step date without reporting an edit."""
        with QSignalBlocker(self):
            self.setDate(to_qdate(value))


class StepForm(QWidget):
    """Fields of the selected step (or the selected objective's text)."""

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
        row = QHBoxLayout()
        self.when_edit = DateEditor()
        self.when_edit.setObjectName("step_when")
        self.when_edit.editingFinished.connect(self._when_done)
        self.when_edit.calendarWidget().clicked.connect(lambda _d: self._when_done())
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("step_status")
        self.status_combo.setAccessibleName("Status")
        for status in STEP_STATUSES:
            self.status_combo.addItem(STATUS_WORDS[status], status)
        self.status_combo.activated.connect(
            lambda _n: self._on_step_edit("status", self.status_combo.currentData()))
        row.addWidget(self.when_edit)
        row.addWidget(self.status_combo, 1)
        self.when_label = QLabel("When")
        form.addRow(self.when_label, row)
        self.notes_edit = QLineEdit()
        self.notes_edit.setObjectName("step_notes")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setPlaceholderText("What happened, what is in the way")
        self.notes_edit.editingFinished.connect(
            lambda: self._on_step_edit("notes", self.notes_edit.text()))
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
        self._step_rows = [self.who_combo, self.who_note, self.when_edit, self.status_combo, self.notes_edit,
                           self.depends_label, depends_button]
        self._step_labels = [self.when_label, self.notes_label, self.depends_title]
        self._form = form
        self.show_nothing()

    # ------------------------------------------------------------------ Public API
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
        self._shown = None
        self._set_rows(step=True)
        self.setEnabled(False)
        with QSignalBlocker(self.text_edit):
            self.text_edit.clear()
        self.text_edit.setPlaceholderText("Select a step or an objective in the chart")

    def show_objective(self, objective_id: str, text: str, drafted: bool = False) -> None:
        """Edit an objective's wording; a drafted one is labelled as a draft."""
        self._shown = ("objective", objective_id)
        self.setEnabled(True)
        self._set_rows(step=False)
        self._label_text("Objective", drafted)
        self._set_line(self.text_edit, text)

    def show_step(self, step: ActionStep, depends_text: str, who_note: str) -> None:
        """Edit a step; ``who_note`` marks a "who" that is not (or no longer) on the participants list."""
        self._shown = ("step", step.id)
        self.setEnabled(True)
        self._set_rows(step=True)
        self._label_text("Step", step.drafted)
        self._set_line(self.text_edit, step.text)
        if not self.who_combo.lineEdit().hasFocus():
            with QSignalBlocker(self.who_combo):
                index = self.who_combo.findData(step.who_participant_id) if step.who_participant_id else -1
                self.who_combo.setCurrentIndex(index)
                self.who_combo.setEditText(step.who)
                self.who_combo.lineEdit().setCursorPosition(0)
        self.who_note.setText(who_note)
        self.who_note.setVisible(bool(who_note))
        if not self.when_edit.hasFocus():
            self.when_edit.set_step_date(step.when)
        with QSignalBlocker(self.status_combo):
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(step.status)))
        self._set_line(self.notes_edit, step.notes)
        self.depends_label.setText(depends_text or "nothing: can start at once")
        self.depends_label.setToolTip(plain(depends_text))

    # ------------------------------------------------------------------ internals
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
    def _set_line(edit: QLineEdit, text: str) -> None:
        if not edit.hasFocus() and edit.text() != text:
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

    def _when_done(self) -> None:
        if self._shown is not None and self._shown[0] == "step":
            self._on_step_edit("when", self.when_edit.step_date())
