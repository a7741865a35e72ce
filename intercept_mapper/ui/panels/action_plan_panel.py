"""The action-plan panel: one chart per priority (objective, step, who, when, status, notes).

Groups draft plans on day two; a committee opens the file months later to update statuses and dates.
Overdue steps are marked against today's date in words as well as colour, steps are listed in
dependency order, and a dependency that would close a cycle is refused with a message naming it.
Every edit is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
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
from ...model.workshop import STEP_STATUSES
from ..commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand, describe
from ..plain_text import plain
from .document_panel import DocumentPanel
from .flow_layout import FlowLayout
from .record_edit import push_record_edit
from .step_form import STATUS_WORDS, DateEditor, StepForm, from_qdate, to_qdate, who_label

ID_ROLE = Qt.ItemDataRole.UserRole
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
WIDE_COLUMNS = 1000  # from this chart width on, notes and dependencies get columns too
COLUMN_CAP = 200  # widest a Who, Notes or Depends column grows to fit its text


def _mark_draft(row: QTreeWidgetItem) -> None:
    """Show a row's text in italics: a suggestion nobody has edited yet."""
    font = row.font(COL_TEXT)
    font.setItalic(True)
    row.setFont(COL_TEXT, font)
    row.setToolTip(COL_TEXT, DRAFT_TIP)


def parse_when(text: str) -> date | None:
    """A step date from ``YYYY-MM-DD`` (empty is no date); raises ``DocumentError`` otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DocumentError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-30") from None


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


class _DateDelegate(QStyledItemDelegate):
    """A date editor with a calendar for the When column."""

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802 - Qt's name
        """The date editor."""
        return DateEditor(parent)

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802 - Qt's name
        """Show the step's date."""
        text = index.data(ID_ROLE + 1) or ""
        editor.setDate(to_qdate(date.fromisoformat(text)) if text else to_qdate(None))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802 - Qt's name
        """Hand the date back as text (the panel turns it into an undo step)."""
        chosen = from_qdate(editor.date())
        model.setData(index, chosen.isoformat() if chosen else "", Qt.ItemDataRole.EditRole)


class _WrapDelegate(QStyledItemDelegate):
    """Rows of the first column as tall as their wrapped text at the column's width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        """Height of the text wrapped to the column (minus the indentation of its level)."""
        size = super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        width = self._tree.header().sectionSize(index.column()) - self._tree.indentation() * (depth + 1) - 12
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            width -= self._tree.iconSize().width() + 8 if self._tree.iconSize().width() > 0 else 24
        if width <= 40:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap,
                                               index.data() or "")
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class ActionPlanPanel(QDockWidget, DocumentPanel):
    """Plans, objectives and steps with who/when/status/notes; overdue marked; derive plans button."""

    sig_message = Signal(str)

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
        self._update(plan_id, {"objectives": objectives}, describe("Add objective", text))
        return objective.id

    def add_step(self, plan_id: str, objective_id: str, text: str = "New action step") -> str | None:
        """Add a step at the end of an objective; returns its id."""
        plan = self._plan(plan_id)
        if plan is None:
            return None
        objectives = objectives_copy(plan)
        step = ActionStep(id=new_id("step"), text=text)
        for objective in objectives:
            if objective.id == objective_id:
                objective.steps.append(step)
                self._update(plan_id, {"objectives": objectives}, describe("Add step", text))
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
        return self._update(plan_id, {"objectives": objectives}, describe("Edit objective", text))

    def accept_draft(self, plan_id: str, item_id: str) -> bool:
        """Adopt a drafted objective or step as it stands: it is no longer marked as a draft."""
        plan = self._plan(plan_id)
        objectives = accepted_draft(plan, item_id) if plan is not None else None
        if objectives is None:
            return False
        return self._update(plan_id, {"objectives": objectives}, "Adopt drafted suggestion")

    def set_step_field(self, plan_id: str, step_id: str, name: str, value: Any) -> bool:
        """Change ``text``, ``who``, ``when`` (date or YYYY-MM-DD text), ``status`` or ``notes`` of a step;
        a drafted step becomes the group's own in the same undo step."""
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
        return self._update(plan_id, {"objectives": objectives}, describe(f"Set {name} of", step.text))

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
            ("add_objective", "Add objective", self._add_objective_here, "An objective in this plan"),
            ("add_step", "Add step", self._add_step_here, "A step under the selected objective"),
            ("depends", "Depends on\u2026", self._edit_dependencies_here, "Steps this one waits for"),
            ("delete", "Delete", self._delete_here, "Delete the selected step, objective or plan"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"action_plan_{key}_button")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
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
        self.plan_list = QListWidget()
        self.plan_list.setObjectName("action_plan_list")
        self.plan_list.setAccessibleName("Action plans with their progress")
        self.plan_list.setWordWrap(True)
        self.plan_list.currentItemChanged.connect(self._on_plan_chosen)
        self.plan_list.itemChanged.connect(self._on_plan_renamed)
        self.splitter.addWidget(self.plan_list)
        chart = QWidget()
        chart_layout = QVBoxLayout(chart)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("action_plan_tree")
        self.tree.setAccessibleName("Action-planning chart: objectives and their steps")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setItemDelegateForColumn(COL_STATUS, _StatusDelegate(self.tree))
        self.tree.setItemDelegateForColumn(COL_WHEN, _DateDelegate(self.tree))
        self.tree.setItemDelegateForColumn(COL_TEXT, _WrapDelegate(self.tree))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemChanged.connect(self._on_tree_edit)
        self.tree.currentItemChanged.connect(lambda *_: self._show_form())
        chart_layout.addWidget(self.tree, 1)
        self.form = StepForm(self._form_step_edit, self._form_objective_edit, self._edit_dependencies_here)
        chart_layout.addWidget(self.form)
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
        self.setWidget(body)
        body.installEventFilter(self)
        self.tree.viewport().installEventFilter(self)
        self._body = body

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Arrange list, chart and columns for the panel's width."""
        if watched is self._body and event.type() == QEvent.Type.Resize:
            self._arrange(self._body.width())
        elif watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.tree.scheduleDelayedItemsLayout()  # wrapped step texts need new row heights
        return super().eventFilter(watched, event)

    def _arrange(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.splitter.setSizes([120, 480] if narrow else [width // 4, width * 3 // 4])
        wide = width * 0.75 >= WIDE_COLUMNS  # the chart gets about three quarters of the width
        # Narrow: one column, each step on two lines (text, then when, status and who), so that the
        # step text keeps the width; the form below edits the fields.
        for column in range(1, len(COLUMNS)):
            hidden = narrow or (column in (COL_NOTES, COL_DEPENDS) and not wide)
            self.tree.setColumnHidden(column, hidden)
        self._size_columns()
        self.tree.setHeaderHidden(narrow)
        if narrow != self._narrow:
            self._narrow = narrow
            self._rebuild_timer.start()

    def _size_columns(self) -> None:
        # The step text stretches; the other columns fit their contents up to a cap (long agency
        # names and notes are elided, their tooltips and the form show them whole).
        header = self.tree.header()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if not self.tree.isColumnHidden(column):
                self.tree.resizeColumnToContents(column)
                cap = COLUMN_CAP if column in (COL_WHO, COL_NOTES, COL_DEPENDS) else 2 * COLUMN_CAP
                header.resizeSection(column, min(header.sectionSize(column), cap))

    def rebuild(self) -> None:
        """Redraw the list of plans and the chart of the current plan from the document."""
        self._rebuild_timer.stop()
        plans = self._document.items("action_plans")
        if self._plan_id not in {p.id for p in plans}:
            self._plan_id = plans[0].id if plans else None
        today = self._today()
        self._note_people()
        self._building = True
        try:
            self.plan_list.clear()
            totals = [0, 0, 0, 0]
            for plan in plans:
                progress = plan_progress(plan, today)
                totals = [totals[0] + progress.total, totals[1] + progress.done,
                          totals[2] + progress.overdue, totals[3] + progress.blocked]
                item = QListWidgetItem(f"{plan.title}\n{progress.summary()}")
                item.setData(ID_ROLE, plan.id)
                item.setData(ID_ROLE + 1, plan.title)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(plain(f"{progress.summary()}; {progress.not_started} not started"))
                if progress.overdue:
                    item.setIcon(self._warning_icon())
                self.plan_list.addItem(item)
                if plan.id == self._plan_id:
                    self.plan_list.setCurrentItem(item)
            total, done, overdue, blocked = totals
            self.overview.setText(
                f"As of {today.isoformat()}: {done} of {total} steps done"
                + (f", {blocked} blocked" if blocked else "")
                + (f", \u26a0 {overdue} overdue" if overdue else ", none overdue")
                + f" across {len(plans)} plan{'s' if len(plans) != 1 else ''}." if plans else
                "No action plans yet: rank the priorities, then draft plans for the top ones.")
            self._fill_tree(self._plan(self._plan_id) if self._plan_id else None, today)
        finally:
            self._building = False
        has_plan = self._plan_id is not None
        for key in ("add_objective", "add_step", "depends", "delete"):
            self.buttons[key].setEnabled(has_plan)
        self.form.set_people([p for p in self._document.items("participants") if not p.facilitator])
        self._show_form()

    def _fill_tree(self, plan: ActionPlan | None, today: date) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, ID_ROLE) if current is not None else None
        self.tree.clear()
        self.problems.clear()
        if plan is None:
            return
        try:
            order = {s.id: n for n, s in enumerate(steps_in_dependency_order(plan))}
        except DocumentError:
            order = {}  # a cycle in the file: written order, and the problem is named below
        problems = check_dependencies(plan)
        self.problems.setText("\n".join(f"\u26a0 {p.message}" for p in problems))
        texts = {s.id: s.text for o in plan.objectives for s in o.steps}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for objective in plan.objectives:
            steps = sorted(objective.steps, key=lambda s: order.get(s.id, 0)) if order else objective.steps
            shown = [s for s in steps if self._passes_filter(s, today)]
            if self._filter != "all" and not shown:
                continue
            top = QTreeWidgetItem(self.tree, [objective.text + (DRAFT_MARK if objective.drafted else "")])
            top.setData(0, ID_ROLE, ("objective", objective.id))
            top.setFont(0, bold)
            if objective.drafted:
                _mark_draft(top)
            top.setFirstColumnSpanned(False)
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsEditable)
            for step in shown:
                self._add_step_row(top, step, texts, today)
            top.setExpanded(True)
        self._size_columns()
        if keep is not None:
            for item in self._all_rows():
                if item.data(0, ID_ROLE) == keep:
                    self.tree.setCurrentItem(item)

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

    def _add_step_row(self, parent: QTreeWidgetItem, step: ActionStep, texts: dict[str, str],
                      today: date) -> None:
        overdue = is_overdue(step, today)
        when = step.when.isoformat() if step.when else ""
        status = STATUS_WORDS[step.status] + (f"  {OVERDUE_MARK}" if overdue else "")
        depends = "; ".join(texts.get(d, "(missing step)") for d in step.depends_on)
        note = self.who_note(step)
        who = step.who + (f"  {REMOVED_MARK}" if note else "")
        text = step.text + (DRAFT_MARK if step.drafted else "")
        row = QTreeWidgetItem(parent, [text, who, when, status, step.notes, depends])
        if self._narrow:
            meta = [f"due {when}" if when else "no date", status, who]
            row.setText(COL_TEXT, text + "\n    " + " \u00b7 ".join(m for m in meta if m))
            if overdue:
                row.setIcon(COL_TEXT, self._warning_icon())  # with the words "overdue", not colour alone
        row.setData(0, ID_ROLE, ("step", step.id))
        row.setData(COL_STATUS, ID_ROLE + 1, step.status)
        row.setData(COL_WHEN, ID_ROLE + 1, when)
        row.setData(COL_WHO, ID_ROLE + 1, step.who)
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
        tip = step.text + (f"\nWho: {step.who}" if step.who else "")
        tip += f"\nNotes: {step.notes}" if step.notes else ""
        if step.drafted:
            _mark_draft(row)
            tip += f"\n({DRAFT_TIP})"
        row.setToolTip(COL_TEXT, plain(tip))  # step texts, names and notes are data, never markup
        if note or step.who:  # a long "who" (several partners) is elided in its column
            row.setToolTip(COL_WHO, plain(note or step.who))
        if overdue:
            for column in (COL_WHEN, COL_STATUS):
                row.setForeground(column, QBrush(OVERDUE_COLOUR))
                font = row.font(column)
                font.setBold(True)
                row.setFont(column, font)
            row.setToolTip(COL_WHEN, f"Due {when}; not done by {today.isoformat()}")

    # ------------------------------------------------------------------ edits from the widgets
    def _on_tree_edit(self, item: QTreeWidgetItem, column: int) -> None:
        if self._building or self._plan_id is None:
            return
        kind, item_id = item.data(0, ID_ROLE)
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

    def _add_objective_here(self) -> None:
        if self._plan_id:
            self.add_objective(self._plan_id)

    def _add_step_here(self) -> None:
        plan = self._plan(self._plan_id) if self._plan_id else None
        if plan is None:
            return
        row = self.tree.currentItem()
        objective_id = None
        if row is not None:
            holder = row if row.parent() is None else row.parent()
            objective_id = holder.data(0, ID_ROLE)[1]
        if objective_id is None and plan.objectives:
            objective_id = plan.objectives[-1].id
        if objective_id is None:
            objective_id = self.add_objective(plan.id)
        if objective_id:
            self.add_step(plan.id, objective_id)

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

    def _step_fields(self, name: str, value: Any) -> dict[str, Any]:
        if name == "when":
            return {"when": value if isinstance(value, date) or value is None else parse_when(str(value))}
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

    def _update(self, plan_id: str, fields: dict[str, Any], text: str) -> bool:
        try:
            checked = ActionPlan.model_validate({**self._plan(plan_id).model_dump(), **fields})
        except ValueError as exc:
            return self._refuse(str(exc))
        del checked  # validated before pushing, so the command cannot fail half-way
        self._undo_stack.push(UpdateItemCommand(self._document, "action_plans", plan_id, fields, text))
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
