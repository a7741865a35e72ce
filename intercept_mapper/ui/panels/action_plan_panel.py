"""The action-plan panel: one chart per priority (objective, step, who, when, status, notes).

Groups draft plans on day two; a committee opens the file months later to update statuses and dates.
Overdue steps are marked against today's date in words as well as colour, steps are listed in
dependency order, and a dependency that would close a cycle is refused with a message naming it.
Every edit is one undo step, and the chart follows the document's change notices row by row (rows
are updated, added and removed in place, so the selection, the scroll position and an open editor stay).

On day two the chart is filled live while the room talks, so everything is reachable by keyboard:
Ctrl+Enter adds a step (after the selected one, in its objective), Ctrl+Shift+Enter an objective; the new
row is selected, scrolled to and opened for typing. F2 edits the selected cell in place, Tab moves on
along the row (Who, When, Status, Notes; in a narrow panel to the same fields in the form below), Delete
deletes the selected row. "When" is typed: a date in any common form or words such as "Q3 2026"
(``model.when_text``). The wide view (``set_wide``: F7 in the window) floats the panel over the window
for the projector, with every column showing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import ActionPlan, ActionStep, Change, Document, DocumentError, Objective, new_id
from ...model.plan_derivation import derive_plans_edit
from ...model.plan_edits import (
    accepted_draft,
    edited_objective_text,
    edited_step,
    find_step,
    objectives_copy,
    plan_item,
)
from ...model.plan_progress import is_overdue, plan_progress
from ...model.step_order import check_dependencies, check_new_dependencies, steps_in_dependency_order
from ...model.when_text import WhenError, format_when, parse_when
from ...model.workshop import STEP_STATUSES
from ..commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand, describe
from ..plain_text import plain
from .document_panel import DocumentPanel
from .flow_layout import FlowLayout
from .record_edit import push_record_edit
from .step_form import STATUS_WORDS, StepForm, who_label
from .when_field import PLACEHOLDER as WHEN_PLACEHOLDER

ID_ROLE = Qt.ItemDataRole.UserRole
WARNED_ROLE = ID_ROLE + 2  # a step row shows the overdue icon (ID_ROLE + 1 holds a cell's raw value)
COLUMNS = ("Objective / action step", "Who", "When", "Status", "Notes", "Depends on")
COL_TEXT, COL_WHO, COL_WHEN, COL_STATUS, COL_NOTES, COL_DEPENDS = range(len(COLUMNS))
OVERDUE_MARK = "\u26a0 overdue"
OVERDUE_COLOUR = QColor("#b3261e")
REMOVED_MARK = "\u26a0 not on the list"
# After a drafted objective's or step's text (shown in italics too) until a person edits it; deleting the
# mark in the chart adopts the draft as it stands.
DRAFT_MARK = "  (draft)"
DRAFT_TIP = "Draft suggestion: edit it to make it the group's own"
# Which steps the chart lists.
FILTERS = {"all": "All steps", "open": "Open steps (not done)", "overdue": "Overdue steps"}
NARROW_WIDTH = 720  # below this the plan list sits above the chart and the chart shows fewer columns
COLUMN_CAP = 200  # widest a Who, Notes or Depends column grows to fit its text
SQUEEZED_COLUMN = 140  # narrowest Who, Notes and Depends get before a column is given up
# The step text keeps at least this share of the chart (and this many pixels): the other columns
# give way (Who and Notes narrower, then Depends, then Notes left to the form below).
TEXT_SHARE, TEXT_MIN = 0.28, 240
LIST_SHARE, LIST_CAP = 0.22, 270  # the plan list's share of a wide panel, and its widest
ADD_STEP_KEYS = ("Ctrl+Return", "Ctrl+Enter")
ADD_OBJECTIVE_KEYS = ("Ctrl+Shift+Return", "Ctrl+Shift+Enter")
# The heights the list and the chart ask for. The dock's scroll area makes the panel as tall as its
# preferred height, so Qt's 192 px each pushed the form below a 720-line screen's fold.
PREFERRED_LIST_HEIGHT, PREFERRED_CHART_HEIGHT = 90, 110
WIDE_FONT_POINTS = 2  # the wide view's text is this much larger, for the back of the room
KEYS_HINT = ("Ctrl+Enter add a step   Ctrl+Shift+Enter add an objective   F2 edit   Tab next field   "
             "Delete   Ctrl+Z undo   F7 or Esc back")
# The columns a step row edits in place, in Tab order (an objective's row edits its text only).
STEP_EDIT_COLUMNS = (COL_TEXT, COL_WHO, COL_WHEN, COL_STATUS, COL_NOTES)


class _StatusDelegate(QStyledItemDelegate):
    """A drop-down of the four statuses for the Status column."""

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802 - Qt's name
        """The status combo box."""
        combo = QComboBox(parent)
        for status in STEP_STATUSES:
            combo.addItem(STATUS_WORDS[status], status)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802 - Qt's name
        """Show the step's current status."""
        current = index.data(ID_ROLE + 1)
        position = editor.findData(current)
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802 - Qt's name
        """Hand the chosen status back (the panel turns it into an undo step)."""
        model.setData(index, editor.currentData(), ID_ROLE + 1)
        model.setData(index, STATUS_WORDS[editor.currentData()], Qt.ItemDataRole.EditRole)


class _WhenDelegate(QStyledItemDelegate):
    """A plain text field for the When column: a date in any common form, or words (Q3 2026)."""

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802 - Qt's name
        """The text field."""
        editor = QLineEdit(parent)
        editor.setPlaceholderText(WHEN_PLACEHOLDER)
        editor.setAccessibleName("When: a date, or words such as Q3 2026 or Ongoing")
        return editor

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802 - Qt's name
        """Show the step's date or words (never the overdue mark)."""
        editor.setText(index.data(ID_ROLE + 1) or "")

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802 - Qt's name
        """Hand the text back (the panel reads it and turns it into an undo step)."""
        if editor.text() != (index.data(ID_ROLE + 1) or ""):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class _WrapDelegate(QStyledItemDelegate):
    """Rows of the first column as tall as their wrapped text at the column's width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        """Height of the text wrapped to the column (minus the indentation of its level)."""
        size = super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        top = not index.parent().isValid()
        spanned = top and self._tree.isFirstColumnSpanned(index.row(), index.parent())
        column = self._tree.viewport().width() if spanned else self._tree.header().sectionSize(index.column())
        width = column - self._tree.indentation() * (depth + 1) - 12
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            width -= self._tree.iconSize().width() + 8 if self._tree.iconSize().width() > 0 else 24
        if width <= 40:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap,
                                               index.data() or "")
        return QSize(size.width(), max(size.height(), rect.height() + 6))

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        """Edit the text alone: a narrow chart's second line (when, status, who) stays out of it."""
        if isinstance(editor, QLineEdit):
            editor.setText((index.data(Qt.ItemDataRole.EditRole) or "").split("\n", 1)[0])
        else:
            super().setEditorData(editor, index)


class _RowCommand(UpdateItemCommand):
    """A plan edit about one row: adding it for typing ("add"), or typing its text ("type"). The first
    text typed into a row just added joins the add's undo step, so one Ctrl+Z takes the row away with
    what was typed; nothing else ever joins either."""

    def __init__(self, document: Document, plan_id: str, fields: dict[str, Any], text: str, kind: str,
                 row_id: str, joined_text: str = "") -> None:
        super().__init__(document, "action_plans", plan_id, fields, text, merge=True)
        self.kind, self.row_id = kind, row_id
        self.joined_text = joined_text  # what the add's step is called once this text joined it
        self._open = kind == "add"

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Take in the first text typed into this row, once."""
        if not (self._open and isinstance(other, _RowCommand) and other.kind == "type"
                and other.row_id == self.row_id):
            return False
        self._open = False
        if other.joined_text:
            self.setText(other.joined_text)  # "Add step 'Ask the board'", not the placeholder's words
        return super().mergeWith(other)


def _claim_edit_keys(event: QEvent) -> bool:
    """Accept a plain F2 or Delete offered as a shortcut, so that the list or chart with the keyboard
    gets it, not the window's Rename and Delete (which act on the map's selection); True when taken."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    plain_key = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
    if plain_key and event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Delete):
        event.accept()
        return True
    return False


class _PlanList(QListWidget):
    """The list of plans, asking for little height: a short docked panel gives its room to the form.
    F2 renames the selected plan, Delete deletes it (one undo step)."""

    sig_delete = Signal()

    def event(self, event: QEvent) -> bool:
        """Claim F2 and Delete from the window's shortcuts."""
        return True if _claim_edit_keys(event) else super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Delete deletes the selected plan."""
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.sig_delete.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Qt's width, a few rows' height (the panel's scroll area lays the panel out at its hint)."""
        return QSize(super().sizeHint().width(), PREFERRED_LIST_HEIGHT)


class _PlanTree(QTreeWidget):
    """The chart: F2 and Delete belong to it while it has the keyboard (not to the map's actions), and
    Tab in a cell's editor moves on along the row."""

    sig_delete = Signal()
    sig_escape = Signal()  # Escape with no cell being edited
    sig_tab_out = Signal(int)  # Tab left the row's last shown column: the column it left from

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Qt's width, a few rows' height (it stretches into whatever room there is)."""
        return QSize(super().sizeHint().width(), PREFERRED_CHART_HEIGHT)

    def event(self, event: QEvent) -> bool:
        """Claim F2 and Delete before the window's shortcuts (Rename and Delete on the map) see them."""
        return True if _claim_edit_keys(event) else super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Delete deletes the selected row (one undo step)."""
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.sig_delete.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.state() != QAbstractItemView.State.EditingState:
            self.sig_escape.emit()
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """Tab and Shift+Tab move to the next or previous column of the same row that can be edited."""
        Hint = QAbstractItemDelegate.EndEditHint  # noqa: N806 - Qt's enum
        if hint not in (Hint.EditNextItem, Hint.EditPreviousItem):
            super().closeEditor(editor, hint)
            return
        index = self.currentIndex()
        super().closeEditor(editor, Hint.NoHint)
        item = self.itemFromIndex(index)
        if item is None:
            return
        columns = [COL_TEXT]
        if item.parent() is not None:
            columns = [c for c in STEP_EDIT_COLUMNS if not self.isColumnHidden(c)]
        step = 1 if hint == Hint.EditNextItem else -1
        position = columns.index(index.column()) + step if index.column() in columns else -1
        if 0 <= position < len(columns):
            self.setCurrentItem(item, columns[position])
            self.editItem(item, columns[position])
        elif step > 0:
            self.sig_tab_out.emit(index.column())

    def open_editor(self) -> QWidget | None:
        """The cell editor that is open, or None."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        focus = QApplication.focusWidget()
        return focus if focus is not None and self.viewport().isAncestorOf(focus) else None


class ActionPlanPanel(QDockWidget, DocumentPanel):
    """Plans, objectives and steps with who/when/status/notes; overdue marked; derive plans button."""

    sig_message = Signal(str)
    sig_wide_changed = Signal(bool)

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__("Action plans", parent)
        self.setObjectName("action_plan_panel")
        self._undo_stack = undo_stack
        self._today = today
        self._plan_id: str | None = None
        self._building = False
        self._filter = "all"
        self._narrow = False
        self._wide = False
        self._docked_before: tuple[bool, QRect] | None = None  # where the wide view returns to
        self._tree_plan_id: str | None = None  # the plan whose rows the chart holds
        self._adding_row = False  # adding a row for typing: its first text joins the same undo step
        self._known_people: dict[str, str] = {p.id: p.name for p in document.items("participants")}
        self._removed_names: dict[str, str] = {}  # casefolded name -> name, people removed this session
        self._build()
        self._listen_to(document)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def current_plan_id(self) -> str | None:
        """The plan shown in the chart."""
        return self._plan_id

    def show_plan(self, plan_id: str | None) -> None:
        """Show one plan's chart."""
        self._plan_id = plan_id
        self.rebuild()

    def focus_chart(self) -> None:
        """Put the keyboard on the chart (its first row selected when none is), the panel in front."""
        self._flush()
        if self.isHidden():
            self.show()
        self.raise_()
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        if self.tree.currentItem() is not None:
            self.tree.scrollToItem(self.tree.currentItem())
            self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:  # no plan yet: the buttons that make one
            self.buttons["derive" if self._document.items("candidates") else "add_plan"].setFocus()

    def is_wide(self) -> bool:
        """True while the panel is the wide planning view."""
        return self._wide

    def set_wide(self, wide: bool) -> None:
        """The wide planning view for the projector: the panel floats over the whole window (the whole
        screen without one) with every column shown and larger text; off, it goes back where it was."""
        if wide == self._wide:
            return
        editor = self.tree.open_editor()
        if editor is not None:  # what is being typed is kept
            self.tree.commitData(editor)
            self.tree.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._wide = wide
        self.keys_hint.setVisible(wide)
        if wide:
            self._docked_before = (self.isFloating(), self.geometry())
            host = self.parentWidget().window() if self.parentWidget() is not None else None
            area = host.geometry() if host is not None else self.screen().availableGeometry()
            font = QFont(QApplication.font())
            font.setPointSizeF(font.pointSizeF() + WIDE_FONT_POINTS)
            self.widget().setFont(font)
            if host is not None:
                self.setFloating(True)
            self.setGeometry(area)
            self.show()
            self.raise_()
            self.activateWindow()
        else:
            self.widget().setFont(QFont())  # the inherited font again
            floating, geometry = self._docked_before or (False, self.geometry())
            if self.parentWidget() is not None:
                self.setFloating(floating)
            if floating or self.parentWidget() is None:
                self.setGeometry(geometry)
        self._rebuild_timer.start()
        self.focus_chart()
        self.sig_wide_changed.emit(wide)

    def add_step_here(self) -> str | None:
        """Add a step after the selected one (or at the end of the selected objective, or of the last),
        select it and open its text for typing; returns its id."""
        plan = self._plan(self._plan_id) if self._plan_id else None
        if plan is None:
            self._say("Add or draft a plan first: Ctrl+Enter adds a step to the plan shown.")
            return None
        self._commit_open_editor()
        row = self.tree.currentItem()
        objective_id = after = None
        if row is not None:
            holder = row if row.parent() is None else row.parent()
            objective_id = holder.data(0, ID_ROLE)[1]
            after = row.data(0, ID_ROLE)[1] if row.parent() is not None else None
        if objective_id is None and plan.objectives:
            objective_id = plan.objectives[-1].id
        if objective_id is None:
            objective_id = self.add_objective(plan.id)
        self._adding_row = True
        try:
            step_id = self.add_step(plan.id, objective_id, after=after) if objective_id else None
        finally:
            self._adding_row = False
        if step_id:
            self._start_typing(step_id)
        return step_id

    def add_objective_here(self) -> str | None:
        """Add an objective at the end of the plan shown, select it and open its text for typing."""
        if not self._plan_id:
            self._say("Add or draft a plan first: Ctrl+Shift+Enter adds an objective to the plan shown.")
            return None
        self._commit_open_editor()
        self._adding_row = True
        try:
            objective_id = self.add_objective(self._plan_id)
        finally:
            self._adding_row = False
        if objective_id:
            self._start_typing(objective_id)
        return objective_id

    def derive_plans(self) -> bool:
        """Draft plans for the top-ranked priorities that have none yet (one undo step)."""
        before = {p.id for p in self._document.items("action_plans")}
        error = push_record_edit(self._document, self._undo_stack,
                                 lambda d: derive_plans_edit(d, None, self._today()), "Draft action plans")
        added = [p.id for p in self._document.items("action_plans") if p.id not in before]
        if error:
            return self._refuse(error)
        if not added:
            return self._refuse("Every top priority already has a plan (or nothing has votes yet).")
        self._plan_id = added[0]
        self._say(f"Drafted {len(added)} plan{'s' if len(added) > 1 else ''}: edit them with the groups.")
        return True

    def add_plan(self, title: str = "New action plan") -> str:
        """Add an empty plan with one objective; returns its id."""
        plan = ActionPlan(id=new_id("plan"), title=title,
                          objectives=[Objective(id=new_id("objective"), text="New objective")])
        self._undo_stack.push(InsertItemsCommand(self._document, [("action_plans", plan)],
                                                 describe("Add action plan", title)))
        self._plan_id = plan.id
        return plan.id

    def delete_plan(self, plan_id: str) -> None:
        """Delete a plan (undo brings it back)."""
        plan = self._plan(plan_id)
        if plan is not None:
            self._undo_stack.push(DeleteItemsCommand(self._document, [plan_id],
                                                     describe("Delete action plan", plan.title)))

    def set_plan_title(self, plan_id: str, title: str) -> bool:
        """Rename a plan."""
        title = " ".join(title.split())
        if not title:
            return self._refuse("An action plan needs a title.")
        return self._update(plan_id, {"title": title}, describe("Rename plan", title))

    def add_objective(self, plan_id: str, text: str = "New objective") -> str | None:
        """Add an objective to a plan; returns its id."""
        plan = self._plan(plan_id)
        if plan is None:
            return None
        objectives = objectives_copy(plan)
        objective = Objective(id=new_id("objective"), text=text)
        objectives.append(objective)
        self._update(plan_id, {"objectives": objectives}, describe("Add objective", text),
                     row=("add", objective.id) if self._adding_row else None)
        return objective.id

    def add_step(self, plan_id: str, objective_id: str, text: str = "New action step",
                 after: str | None = None) -> str | None:
        """Add a step at the end of an objective (or right after its step ``after``); returns its id."""
        plan = self._plan(plan_id)
        if plan is None:
            return None
        objectives = objectives_copy(plan)
        step = ActionStep(id=new_id("step"), text=text)
        for objective in objectives:
            if objective.id == objective_id:
                place = next((n + 1 for n, s in enumerate(objective.steps) if s.id == after),
                             len(objective.steps))
                objective.steps.insert(place, step)
                self._update(plan_id, {"objectives": objectives}, describe("Add step", text),
                             row=("add", step.id) if self._adding_row else None)
                return step.id
        return None

    def delete_row(self, plan_id: str, item_id: str) -> bool:
        """Delete an objective (with its steps) or a step; dependencies on what went are dropped."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        objectives = [o for o in objectives_copy(plan) if o.id != item_id]
        gone = {s.id for o in plan.objectives if o.id == item_id for s in o.steps} | {item_id}
        for objective in objectives:
            objective.steps = [s for s in objective.steps if s.id not in gone]
            for step in objective.steps:
                step.depends_on = [d for d in step.depends_on if d not in gone]
        return self._update(plan_id, {"objectives": objectives}, "Delete from action plan")

    def set_objective_text(self, plan_id: str, objective_id: str, text: str) -> bool:
        """Change an objective's wording (a drafted objective becomes the group's own)."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        objectives = edited_objective_text(plan, objective_id, text.strip())
        if objectives is None:  # the same words, or the objective is gone: nothing to do
            return True
        return self._update(plan_id, {"objectives": objectives}, describe("Edit objective", text),
                            row=("type", objective_id, describe("Add objective", text)))

    def accept_draft(self, plan_id: str, item_id: str) -> bool:
        """Adopt a drafted objective or step as it stands: it is no longer marked as a draft."""
        plan = self._plan(plan_id)
        objectives = accepted_draft(plan, item_id) if plan is not None else None
        if objectives is None:
            return False
        return self._update(plan_id, {"objectives": objectives}, "Adopt drafted suggestion")

    def set_step_field(self, plan_id: str, step_id: str, name: str, value: Any) -> bool:
        """Change ``text``, ``who``, ``when`` (a date, or text: a date in any common form or words such as
        "Q3 2026"), ``status`` or ``notes`` of a step; a drafted step becomes the group's own in the same
        undo step."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        try:
            fields = self._step_fields(name, value)
        except DocumentError as exc:
            return self._refuse(str(exc))
        step = find_step(plan.objectives, step_id)
        if step is None:
            return self._refuse("That step is no longer in the plan.")
        if name == "who" and fields["who"] == step.who and fields["who_participant_id"] is None:
            # The same words left as they were (focus moved on): the link to the person stays.
            fields["who_participant_id"] = step.who_participant_id
        objectives = edited_step(plan, step_id, fields)
        if objectives is None:  # nothing changes
            return True
        return self._update(plan_id, {"objectives": objectives}, describe(f"Set {name} of", step.text),
                            row=("type", step_id, describe("Add step", fields["text"])) if name == "text"
                            else None)

    def set_dependencies(self, plan_id: str, step_id: str, depends_on: list[str]) -> bool:
        """Make a step depend on others; refuses (naming the cycle) a dependency that closes a loop."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        try:
            check_new_dependencies(plan, step_id, depends_on)
        except DocumentError as exc:
            return self._refuse(str(exc))
        objectives = objectives_copy(plan)
        step = find_step(objectives, step_id)
        if step is None:
            return False
        step.depends_on = list(dict.fromkeys(depends_on))
        return self._update(plan_id, {"objectives": objectives}, describe("Set dependencies of", step.text))

    def set_today(self, today: Callable[[], date]) -> None:
        """Where "today" comes from (overdue marks and progress); tests and demos pin it."""
        self._today = today
        self.rebuild()

    def set_filter(self, name: str) -> None:
        """List ``all`` steps, the ``open`` ones (not done) or the ``overdue`` ones."""
        if name not in FILTERS:
            raise ValueError(f"unknown filter {name!r}")
        self._filter = name
        with_index = list(FILTERS).index(name)
        if self.filter_combo.currentIndex() != with_index:
            self.filter_combo.setCurrentIndex(with_index)
        self.rebuild()

    def select_row(self, item_id: str) -> bool:
        """Select a step or objective in the chart (the form below shows it); False when not listed."""
        self._flush()
        for top in range(self.tree.topLevelItemCount()):
            objective = self.tree.topLevelItem(top)
            if objective.data(0, ID_ROLE)[1] == item_id:
                self.tree.setCurrentItem(objective)
                return True
            for n in range(objective.childCount()):
                if objective.child(n).data(0, ID_ROLE)[1] == item_id:
                    self.tree.setCurrentItem(objective.child(n))
                    return True
        return False

    def progress_text(self, plan_id: str) -> str:
        """The progress line of a plan as the list shows it."""
        self._flush()
        for n in range(self.plan_list.count()):
            if self.plan_list.item(n).data(ID_ROLE) == plan_id:
                return self.plan_list.item(n).text().split("\n", 1)[1]
        return ""

    def message(self) -> str:
        """The message line (the last refusal or note)."""
        return self.status.text()

    def step_row(self, step_id: str) -> QTreeWidgetItem | None:
        """The chart row of a step (for tests and scripted demos)."""
        self._flush()
        for top in range(self.tree.topLevelItemCount()):
            objective = self.tree.topLevelItem(top)
            for n in range(objective.childCount()):
                if objective.child(n).data(0, ID_ROLE) == ("step", step_id):
                    return objective.child(n)
        return None

    def shown_step_ids(self) -> list[str]:
        """Step ids in the order the chart lists them."""
        self._flush()
        return [self.tree.topLevelItem(t).child(n).data(0, ID_ROLE)[1]
                for t in range(self.tree.topLevelItemCount())
                for n in range(self.tree.topLevelItem(t).childCount())]

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        bar = QWidget()
        buttons = FlowLayout(bar)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, tip in (
            ("derive", "Draft plans for top priorities", self.derive_plans,
             "A drafted plan for each top-ranked priority that has none"),
            ("add_plan", "Add plan", lambda: self.add_plan(), "An empty action plan"),
            ("add_objective", "Add objective", self.add_objective_here,
             "An objective in this plan, ready for typing (Ctrl+Shift+Enter)"),
            ("add_step", "Add step", self.add_step_here,
             "A step after the selected one, ready for typing (Ctrl+Enter)"),
            ("depends", "Depends on\u2026", self._edit_dependencies_here, "Steps this one waits for"),
            ("delete", "Delete", self._delete_here, "Delete the selected step, objective or plan (Delete)"),
            ("wide", "Wide view", lambda: self.set_wide(not self._wide),
             "The plans over the whole window for the projector, every column showing (F7; Esc goes back)"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"action_plan_{key}_button")
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
            self.buttons[key] = button
        self.buttons["wide"].setCheckable(True)
        self.sig_wide_changed.connect(self.buttons["wide"].setChecked)
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("action_plan_filter")
        self.filter_combo.setAccessibleName("Which steps the chart lists")
        for key, text in FILTERS.items():
            self.filter_combo.addItem(text, key)
        self.filter_combo.activated.connect(lambda n: self.set_filter(self.filter_combo.itemData(n)))
        buttons.addWidget(self.filter_combo)
        layout.addWidget(bar)
        self.overview = QLabel()
        self.overview.setObjectName("action_plan_overview")
        self.overview.setTextFormat(Qt.TextFormat.PlainText)
        self.overview.setWordWrap(True)
        layout.addWidget(self.overview)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.plan_list = _PlanList()
        self.plan_list.setObjectName("action_plan_list")
        self.plan_list.setAccessibleName("Action plans with their progress")
        self.plan_list.setWordWrap(True)
        self.plan_list.currentItemChanged.connect(self._on_plan_chosen)
        self.plan_list.itemChanged.connect(self._on_plan_renamed)
        self.plan_list.sig_delete.connect(lambda: self._plan_id and self.delete_plan(self._plan_id))
        self.splitter.addWidget(self.plan_list)
        chart = QWidget()
        chart_layout = QVBoxLayout(chart)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = _PlanTree()
        self.tree.setObjectName("action_plan_tree")
        self.tree.setAccessibleName("Action-planning chart: objectives and their steps")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setItemDelegateForColumn(COL_STATUS, _StatusDelegate(self.tree))
        self.tree.setItemDelegateForColumn(COL_WHEN, _WhenDelegate(self.tree))
        self.tree.setItemDelegateForColumn(COL_TEXT, _WrapDelegate(self.tree))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemChanged.connect(self._on_tree_edit)
        self.tree.currentItemChanged.connect(lambda *_: self._show_form())
        self.tree.sig_delete.connect(self._delete_here)
        self.tree.sig_escape.connect(lambda: self.set_wide(False))
        self.tree.sig_tab_out.connect(self._tab_to_form)
        chart_layout.addWidget(self.tree, 1)
        self.form = StepForm(self._form_step_edit, self._form_objective_edit, self._edit_dependencies_here)
        self.form.set_today(lambda: self._today())
        chart_layout.addWidget(self.form)
        QWidget.setTabOrder(self.tree, self.form.text_edit)
        # Keys that work wherever the keyboard is in the panel (the chart, the form, a cell's editor).
        self.key_actions: dict[str, QAction] = {}
        for key, text, keys, slot in (
            ("add_step", "Add step", ADD_STEP_KEYS, self.add_step_here),
            ("add_objective", "Add objective", ADD_OBJECTIVE_KEYS, self.add_objective_here),
        ):
            action = QAction(self)
            action.setText(text)
            action.setObjectName(f"action_plan_{key}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)
            self.key_actions[key] = action
        self.splitter.addWidget(chart)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([150, 450])
        layout.addWidget(self.splitter, 1)
        self.problems = QLabel()
        self.problems.setObjectName("action_plan_problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # step texts are user text
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.status = QLabel()
        self.status.setObjectName("action_plan_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        status_font = self.status.font()
        status_font.setBold(True)
        self.status.setFont(status_font)
        layout.addWidget(self.status)
        self.keys_hint = QLabel(KEYS_HINT)  # shown in the wide view, where the room sees it too
        self.keys_hint.setObjectName("action_plan_keys")
        self.keys_hint.setEnabled(False)
        self.keys_hint.setWordWrap(True)
        self.keys_hint.hide()
        layout.addWidget(self.keys_hint)
        self.setWidget(body)
        body.installEventFilter(self)
        self.tree.viewport().installEventFilter(self)
        self._body = body

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Arrange list, chart and columns for the panel's width."""
        if watched is self._body and event.type() == QEvent.Type.Resize:
            self._arrange(self._body.width())
        elif watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._size_columns()  # the columns the chart has room for, at this width
            self.tree.scheduleDelayedItemsLayout()  # wrapped step texts need new row heights
        return super().eventFilter(watched, event)

    def _arrange(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        list_width = min(int(width * LIST_SHARE), LIST_CAP)
        if self.splitter.orientation() != orientation or self._wide:
            self.splitter.setOrientation(orientation)
            self.splitter.setSizes([120, 480] if narrow else [list_width, width - list_width])
        # Narrow: one column, each step on two lines (text, then when, status and who), so that the
        # step text keeps the width; the form below edits the fields. Wider: who, when and status
        # columns, then notes and dependencies as the chart has room for them (``_size_columns``).
        for column in range(1, len(COLUMNS)):
            self.tree.setColumnHidden(column, narrow)
        self._size_columns()
        self.tree.setHeaderHidden(narrow)
        if narrow != self._narrow:
            self._narrow = narrow
            self._rebuild_timer.start()

    def _size_columns(self) -> None:
        # The step text stretches; the other columns fit their contents up to a cap (long agency
        # names and notes are elided, their tooltips and the form show them whole). When they would
        # leave the text less than its share, Who, Notes and Depends narrow, then Depends and Notes go.
        header = self.tree.header()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        if self._narrow_columns():
            return
        chart = self.tree.viewport().width()
        budget = chart - max(TEXT_MIN, int(chart * TEXT_SHARE))
        squeezable = (COL_WHO, COL_NOTES, COL_DEPENDS)
        shown = list(range(1, len(COLUMNS)))
        for column in shown:
            self.tree.setColumnHidden(column, False)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.resizeColumnToContents(column)
            cap = COLUMN_CAP if column in squeezable else 2 * COLUMN_CAP
            header.resizeSection(column, min(header.sectionSize(column), cap))
        for give_up in (None, COL_DEPENDS, COL_NOTES):
            if give_up is not None:
                self.tree.setColumnHidden(give_up, True)
                shown.remove(give_up)
            over = sum(header.sectionSize(c) for c in shown) - budget
            for column in (c for c in squeezable if c in shown):
                if over <= 0:
                    break
                cut = min(over, header.sectionSize(column) - SQUEEZED_COLUMN)
                if cut > 0:
                    header.resizeSection(column, header.sectionSize(column) - cut)
                    over -= cut
            if over <= 0:
                return

    def _narrow_columns(self) -> bool:
        """True when the chart shows the text column alone (a narrow panel)."""
        return all(self.tree.isColumnHidden(c) for c in range(1, len(COLUMNS))) and self._narrow_layout()

    def _narrow_layout(self) -> bool:
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def rebuild(self) -> None:
        """Bring the list of plans and the chart of the current plan up to date with the document, row
        by row (rows that did not change are left alone)."""
        self._rebuild_timer.stop()
        plans = self._document.items("action_plans")
        if self._plan_id not in {p.id for p in plans}:
            self._plan_id = plans[0].id if plans else None
        today = self._today()
        self._note_people()
        self._building = True
        try:
            self._fill_list(plans, today)
            self._fill_tree(self._plan(self._plan_id) if self._plan_id else None, today)
        finally:
            self._building = False
        has_plan = self._plan_id is not None
        for key in ("add_objective", "add_step", "depends", "delete"):
            self.buttons[key].setEnabled(has_plan)
        self.form.set_people([p for p in self._document.items("participants") if not p.facilitator])
        self._show_form()

    def _fill_list(self, plans: list[ActionPlan], today: date) -> None:
        totals = [0, 0, 0, 0]
        for n, plan in enumerate(plans):
            progress = plan_progress(plan, today)
            totals = [totals[0] + progress.total, totals[1] + progress.done,
                      totals[2] + progress.overdue, totals[3] + progress.blocked]
            item = self.plan_list.item(n)
            if item is None or item.data(ID_ROLE) != plan.id:
                item = next((self.plan_list.item(k) for k in range(n + 1, self.plan_list.count())
                             if self.plan_list.item(k).data(ID_ROLE) == plan.id), None)
                if item is not None:
                    self.plan_list.takeItem(self.plan_list.row(item))
                else:
                    item = QListWidgetItem()
                    item.setData(ID_ROLE, plan.id)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.plan_list.insertItem(n, item)
            item.setText(f"{plan.title}\n{progress.summary()}")
            item.setData(ID_ROLE + 1, plan.title)
            item.setToolTip(plain(f"{progress.summary()}; {progress.not_started} not started"))
            item.setIcon(self._warning_icon() if progress.overdue else QIcon())
        while self.plan_list.count() > len(plans):
            self.plan_list.takeItem(len(plans))
        current = next((self.plan_list.item(n) for n in range(self.plan_list.count())
                        if self.plan_list.item(n).data(ID_ROLE) == self._plan_id), None)
        if current is not None and self.plan_list.currentItem() is not current:
            self.plan_list.setCurrentItem(current)
        total, done, overdue, blocked = totals
        self.overview.setText(
            f"As of {today.isoformat()}: {done} of {total} steps done"
            + (f", {blocked} blocked" if blocked else "")
            + (f", \u26a0 {overdue} overdue" if overdue else ", none overdue")
            + f" across {len(plans)} plan{'s' if len(plans) != 1 else ''}." if plans else
            "No action plans yet: rank the priorities, then draft plans for the top ones.")

    def _fill_tree(self, plan: ActionPlan | None, today: date) -> None:
        if plan is None or plan.id != self._tree_plan_id:
            self.tree.clear()  # another plan: its rows are all new
        self._tree_plan_id = plan.id if plan is not None else None
        if plan is None:
            self.problems.clear()
            return
        try:
            order = {s.id: n for n, s in enumerate(steps_in_dependency_order(plan))}
        except DocumentError:
            order = {}  # a cycle in the file: written order, and the problem is named below
        problems = check_dependencies(plan)
        self.problems.setText("\n".join(f"\u26a0 {p.message}" for p in problems))
        texts = {s.id: s.text for o in plan.objectives for s in o.steps}
        rows = {row.data(0, ID_ROLE): row for row in self._all_rows()}
        position = 0
        for objective in plan.objectives:
            steps = sorted(objective.steps, key=lambda s: order.get(s.id, 0)) if order else objective.steps
            shown = [s for s in steps if self._passes_filter(s, today)]
            if self._filter != "all" and not shown:
                continue
            top = rows.pop(("objective", objective.id), None)
            if top is None:
                top = QTreeWidgetItem()
                top.setData(0, ID_ROLE, ("objective", objective.id))
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsEditable)
            if top.parent() is not None or self.tree.indexOfTopLevelItem(top) != position:
                self._take(top)
                self.tree.insertTopLevelItem(position, top)
            position += 1
            self._set_objective_row(top, objective)
            for n, step in enumerate(shown):
                row = rows.pop(("step", step.id), None)
                if row is None:
                    row = QTreeWidgetItem()
                    row.setData(0, ID_ROLE, ("step", step.id))
                    row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
                if row.parent() is not top or top.indexOfChild(row) != n:
                    self._take(row)
                    top.insertChild(n, row)
                self._set_step_row(row, step, texts, today)
            while top.childCount() > len(shown):  # rows of steps gone from this objective
                rows.pop(top.child(len(shown)).data(0, ID_ROLE), None)
                top.takeChild(len(shown))
            if not top.isExpanded():
                top.setExpanded(True)
        for row in sorted(rows.values(), key=lambda r: r.parent() is None):  # steps first, then objectives
            self._take(row)
        self._size_columns()

    def _take(self, row: QTreeWidgetItem) -> None:
        """Take a row out of the chart (to put it elsewhere, or drop it)."""
        parent = row.parent()
        if parent is not None:
            parent.removeChild(row)
        elif (index := self.tree.indexOfTopLevelItem(row)) >= 0:
            self.tree.takeTopLevelItem(index)

    def _set_objective_row(self, top: QTreeWidgetItem, objective: Objective) -> None:
        if not top.isFirstColumnSpanned():
            top.setFirstColumnSpanned(True)  # an objective is text alone: it reads across the chart
        top.setText(COL_TEXT, objective.text + (DRAFT_MARK if objective.drafted else ""))
        font = QFont(self.tree.font())
        font.setBold(True)
        font.setItalic(objective.drafted)
        top.setFont(COL_TEXT, font)
        top.setToolTip(COL_TEXT, DRAFT_TIP if objective.drafted else "")

    def _all_rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for top in range(self.tree.topLevelItemCount()):
            objective = self.tree.topLevelItem(top)
            rows.append(objective)
            rows += [objective.child(n) for n in range(objective.childCount())]
        return rows

    def _passes_filter(self, step: ActionStep, today: date) -> bool:
        if self._filter == "open":
            return step.status != "done"
        if self._filter == "overdue":
            return is_overdue(step, today)
        return True

    def who_note(self, step: ActionStep) -> str:
        """Why a step's "who" is marked: a person no longer on the participants list (else "")."""
        if step.who_participant_id and self._document.get("participants", step.who_participant_id) is None:
            return f"\u26a0 {step.who or 'This person'} is no longer on the participants list."
        if not step.who_participant_id and step.who:
            name = step.who.split(" (", 1)[0].casefold()
            if name in self._removed_names or step.who.casefold() in self._removed_names:
                return f"\u26a0 {step.who} was removed from the participants list; the name is kept here."
        return ""

    def _set_step_row(self, row: QTreeWidgetItem, step: ActionStep, texts: dict[str, str],
                      today: date) -> None:
        overdue = is_overdue(step, today)  # only a dated step can be: "Q3 2026" never is
        when = format_when(step.when, step.when_text)
        status = STATUS_WORDS[step.status] + (f"  {OVERDUE_MARK}" if overdue else "")
        depends = "; ".join(texts.get(d, "(missing step)") for d in step.depends_on)
        note = self.who_note(step)
        who = step.who + (f"  {REMOVED_MARK}" if note else "")
        text = step.text + (DRAFT_MARK if step.drafted else "")
        if self._narrow:
            meta = [(f"due {when}" if step.when else when) if when else "no date", status, who]
            text += "\n    " + " \u00b7 ".join(m for m in meta if m)
        for column, value in ((COL_TEXT, text), (COL_WHO, who), (COL_WHEN, when), (COL_STATUS, status),
                              (COL_NOTES, step.notes), (COL_DEPENDS, depends)):
            row.setText(column, value)
        # With the words "overdue", not colour alone. Set only when it changes: icons never compare
        # equal, so setting one again would repaint every row of the chart after any edit.
        warned = overdue and self._narrow
        if row.data(COL_TEXT, WARNED_ROLE) != warned:
            row.setData(COL_TEXT, WARNED_ROLE, warned)
            row.setIcon(COL_TEXT, self._warning_icon() if warned else QIcon())
        row.setData(COL_STATUS, ID_ROLE + 1, step.status)
        row.setData(COL_WHEN, ID_ROLE + 1, when)
        row.setData(COL_WHO, ID_ROLE + 1, step.who)
        font = QFont(self.tree.font())
        font.setItalic(step.drafted)
        row.setFont(COL_TEXT, font)
        tip = step.text + (f"\nWho: {step.who}" if step.who else "")
        tip += f"\nNotes: {step.notes}" if step.notes else ""
        tip += f"\n({DRAFT_TIP})" if step.drafted else ""
        row.setToolTip(COL_TEXT, plain(tip))  # step texts, names and notes are data, never markup
        # A long "who" (several partners) is elided in its column.
        row.setToolTip(COL_WHO, plain(note or step.who) if note or step.who else "")
        for column in (COL_WHEN, COL_STATUS):
            font = QFont(self.tree.font())
            font.setBold(overdue)
            row.setFont(column, font)
            row.setData(column, Qt.ItemDataRole.ForegroundRole, QBrush(OVERDUE_COLOUR) if overdue else None)
        target_tip = "" if step.when or not when else plain(f"{when}: a target, not a date (never overdue)")
        row.setToolTip(COL_WHEN, f"Due {when}; not done by {today.isoformat()}" if overdue else target_tip)

    # ------------------------------------------------------------------ edits from the widgets
    def _on_tree_edit(self, item: QTreeWidgetItem, column: int) -> None:
        if self._building or self._plan_id is None:
            return
        kind, item_id = item.data(0, ID_ROLE)
        plan = self._plan(self._plan_id)
        if plan is None or plan_item(plan.objectives, item_id) is None:
            return  # its row went (an undo) while a cell was being edited: nothing to keep
        text, adopted = self._chart_text(item_id, item.text(COL_TEXT))
        if column == COL_TEXT and adopted:
            self.accept_draft(self._plan_id, item_id)
        elif kind == "objective":
            if column == COL_TEXT:
                self.set_objective_text(self._plan_id, item_id, text)
        elif column == COL_STATUS:
            self.set_step_field(self._plan_id, item_id, "status", item.data(COL_STATUS, ID_ROLE + 1))
        elif column == COL_WHO:
            text = item.text(column).replace(REMOVED_MARK, "").strip()
            if text != item.data(COL_WHO, ID_ROLE + 1):
                self.set_step_field(self._plan_id, item_id, "who", text)
        elif column in (COL_TEXT, COL_WHEN, COL_NOTES):
            name = {COL_TEXT: "text", COL_WHEN: "when", COL_NOTES: "notes"}[column]
            text = text if column == COL_TEXT else item.text(column)
            self.set_step_field(self._plan_id, item_id, name, text)
        self._rebuild_timer.start()  # show the document's value (also after a refusal)

    def _chart_text(self, item_id: str, shown: str) -> tuple[str, bool]:
        """The text a chart row's first column holds (its first line; a draft's mark taken off), and
        whether only the "(draft)" mark was deleted from an unchanged draft (which adopts it)."""
        plan = self._plan(self._plan_id)
        first = shown.split("\n", 1)[0].rstrip()
        if plan is None:
            return first, False
        item = plan_item(plan.objectives, item_id)
        if item is None or not item.drafted:
            return first, False
        mark = DRAFT_MARK.strip()
        if first.endswith(mark):
            return first[: -len(mark)].rstrip(), False
        return first, " ".join(first.split()) == item.text

    def _on_plan_chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._building or current is None:
            return
        self._plan_id = current.data(ID_ROLE)
        self._rebuild_timer.start()

    def _on_plan_renamed(self, item: QListWidgetItem) -> None:
        if self._building:
            return
        title = item.text().split("\n", 1)[0]
        if title != item.data(ID_ROLE + 1):
            self.set_plan_title(item.data(ID_ROLE), title)
        self._rebuild_timer.start()

    def _selected_row(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _start_typing(self, item_id: str) -> None:
        """Select a new row, scroll to it and open its text for typing (all of it selected)."""
        if not self.select_row(item_id):
            return
        row = self.tree.currentItem()
        self.tree.setCurrentItem(row, COL_TEXT)
        self.tree.scrollToItem(row)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        self.tree.editItem(row, COL_TEXT)

    def _commit_open_editor(self) -> None:
        """Keep what is being typed in a cell (or a form field) before the chart changes under it."""
        editor = self.tree.open_editor()
        if editor is not None:
            self.tree.commitData(editor)
            self.tree.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and self.form.isAncestorOf(focus):
            focus.editingFinished.emit()

    def _tab_to_form(self, column: int) -> None:
        """Tab from a narrow chart's cell goes on to the same step's next field in the form."""
        shown = self.form.shown()
        if shown is None or shown[0] != "step":
            self.tree.setFocus()
            return
        after = {COL_TEXT: self.form.who_combo, COL_WHO: self.form.when_edit,
                 COL_WHEN: self.form.status_combo, COL_STATUS: self.form.notes_edit}
        target = after.get(column, self.form.depends_button)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        line = target.lineEdit() if isinstance(target, QComboBox) else target
        if isinstance(line, QLineEdit):
            line.selectAll()

    def _delete_here(self) -> None:
        selected = self._selected_row()
        if selected is not None and self._plan_id:
            self.delete_row(self._plan_id, selected[1])
        elif self._plan_id:
            self.delete_plan(self._plan_id)

    def _edit_dependencies_here(self) -> None:
        selected = self._selected_row()
        plan = self._plan(self._plan_id) if self._plan_id else None
        if plan is None or selected is None or selected[0] != "step":
            self._say("Select a step to choose the steps it depends on.")
            return
        step_id = selected[1]
        dialog = QDialog(self)
        dialog.setWindowTitle("Depends on")
        layout = QVBoxLayout(dialog)
        choices = QListWidget()
        current = find_step(plan.objectives, step_id)
        for step in (s for o in plan.objectives for s in o.steps if s.id != step_id):
            item = QListWidgetItem(step.text)
            item.setData(ID_ROLE, step.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = current is not None and step.id in current.depends_on
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            choices.addItem(item)
        layout.addWidget(QLabel("This step can start once these are done:"))
        layout.addWidget(choices)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        layout.addWidget(box)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            chosen = [choices.item(n).data(ID_ROLE) for n in range(choices.count())
                      if choices.item(n).checkState() == Qt.CheckState.Checked]
            self.set_dependencies(plan.id, step_id, chosen)

    def _warning_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # ------------------------------------------------------------------ the form under the chart
    def _show_form(self) -> None:
        selected = self._selected_row()
        plan = self._plan(self._plan_id) if self._plan_id else None
        self.form.setVisible(selected is not None and plan is not None)
        if selected is None or plan is None:
            self.form.show_nothing()
            return
        kind, item_id = selected
        if kind == "objective":
            objective = next((o for o in plan.objectives if o.id == item_id), None)
            if objective is None:
                self.form.show_nothing()
            else:
                self.form.show_objective(item_id, objective.text, objective.drafted)
            return
        step = find_step(plan.objectives, item_id)
        if step is None:
            self.form.show_nothing()
            return
        texts = {s.id: s.text for o in plan.objectives for s in o.steps}
        depends = "; ".join(texts.get(d, "(missing step)") for d in step.depends_on)
        self.form.show_step(step, depends, self.who_note(step))

    def _form_step_edit(self, name: str, value: Any) -> None:
        shown = self.form.shown()
        if shown is None or shown[0] != "step" or self._plan_id is None:
            return
        self.set_step_field(self._plan_id, shown[1], name, value)
        self._rebuild_timer.start()  # the form shows the stored value (also after a refusal)

    def _form_objective_edit(self, text: str) -> None:
        shown = self.form.shown()
        if shown is None or shown[0] != "objective" or self._plan_id is None:
            return
        self.set_objective_text(self._plan_id, shown[1], text)
        self._rebuild_timer.start()

    def _note_people(self) -> None:
        # Remember who left the list this session, so that steps keeping their name are marked.
        people = {p.id: p.name for p in self._document.items("participants")}
        for person_id, name in self._known_people.items():
            if person_id not in people:
                self._removed_names[name.casefold()] = name
        for name in people.values():
            self._removed_names.pop(name.casefold(), None)
        self._known_people = people

    # ------------------------------------------------------------------ internals
    def _plan(self, plan_id: str | None) -> ActionPlan | None:
        return self._document.get("action_plans", plan_id) if plan_id else None

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """What the form holds that the document does not yet (a step or objective being typed), as
        (collection, plan id, fields) for a recovery copy: the plan with that item's text applied."""
        typed = self.form.typed()
        if typed is None:
            return []
        kind, item_id, fields = typed
        for plan in self._document.items("action_plans"):
            for n, objective in enumerate(plan.objectives):
                if kind == "objective" and objective.id == item_id:
                    changed = objective.model_copy(update=fields)
                elif kind == "step" and any(s.id == item_id for s in objective.steps):
                    steps = [s.model_copy(update=fields) if s.id == item_id else s for s in objective.steps]
                    changed = objective.model_copy(update={"steps": steps})
                else:
                    continue
                if changed == objective:
                    return []
                objectives = [*plan.objectives[:n], changed, *plan.objectives[n + 1:]]
                return [("action_plans", plan.id, {"objectives": objectives})]
        return []

    def _step_fields(self, name: str, value: Any) -> dict[str, Any]:
        if name == "when":  # a date, None, or what was typed: a date in any common form, or words
            if isinstance(value, date) or value is None:
                return {"when": value, "when_text": ""}
            try:
                when, words = parse_when(str(value))
            except WhenError as exc:
                raise DocumentError(str(exc)) from None
            return {"when": when, "when_text": words}
        if name == "status":
            if value not in STEP_STATUSES:
                raise DocumentError(f"'{value}' is not a status (not-started, in-progress, done, blocked)")
            return {"status": value}
        if name == "who":
            text, person_id = value if isinstance(value, tuple) else (value, None)
            who = " ".join(str(text).split())
            people = self._document.items("participants")
            person = self._document.get("participants", person_id) if person_id else None
            if person is None:
                # A name typed as on the participants list (alone or as "Name (Organisation)") links the
                # step to that person; anything else (an agency) is kept as written.
                key = who.casefold()
                person = next((p for p in people
                               if key in (p.name.casefold(), who_label(p).casefold())), None)
            return {"who": who, "who_participant_id": person.id if person else None}
        if name == "text":
            text = " ".join(str(value).split())
            if not text:
                raise DocumentError("An action step needs some text.")
            return {"text": text}
        if name == "notes":
            return {"notes": str(value)}
        raise DocumentError(f"a step has no field '{name}'")

    def _update(self, plan_id: str, fields: dict[str, Any], text: str,
                row: tuple[str, ...] | None = None) -> bool:
        """Push one undo step; ``row`` is ("add", id) for a row added for typing, ("type", id) for
        text typed into a row (which joins the row's "add" step when that is the last one)."""
        try:
            checked = ActionPlan.model_validate({**self._plan(plan_id).model_dump(), **fields})
        except ValueError as exc:
            return self._refuse(str(exc))
        del checked  # validated before pushing, so the command cannot fail half-way
        if row is None:
            command = UpdateItemCommand(self._document, "action_plans", plan_id, fields, text)
        else:
            command = _RowCommand(self._document, plan_id, fields, text, *row)
        self._undo_stack.push(command)
        return True

    def _on_change(self, change: Change) -> None:
        if change.collection == "document":  # another file: nobody was removed from this one
            self._known_people = {p.id: p.name for p in self._document.items("participants")}
            self._removed_names.clear()
        elif change.collection == "participants":
            # Follow the list as it changes (before any redraw), to know who left it this session.
            for person_id in change.ids:
                person = self._document.get("participants", person_id)
                if person is not None:
                    self._known_people[person_id] = person.name
            self._note_people()
        if change.collection in ("action_plans", "participants", "document"):
            self._rebuild_timer.start()
