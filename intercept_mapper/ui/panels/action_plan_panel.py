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

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import ActionPlan, ActionStep, Change, Document, DocumentError, Objective, new_id
from ...model.plan_derivation import derive_plans_edit
from ...model.plan_progress import is_overdue, plan_progress
from ...model.step_order import check_dependencies, check_new_dependencies, steps_in_dependency_order
from ...model.workshop import STEP_STATUSES
from ..commands import DeleteItemsCommand, InsertItemsCommand, UpdateItemCommand, describe
from .record_edit import push_record_edit

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Objective / action step", "Who", "When", "Status", "Notes", "Depends on")
COL_TEXT, COL_WHO, COL_WHEN, COL_STATUS, COL_NOTES, COL_DEPENDS = range(len(COLUMNS))
STATUS_WORDS = {
    "not-started": "Not started", "in-progress": "In progress", "done": "Done", "blocked": "Blocked",
}
OVERDUE_MARK = "\u26a0 overdue"
OVERDUE_COLOUR = QColor("#b3261e")


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


class ActionPlanPanel(QDockWidget):
    """Plans, objectives and steps with who/when/status/notes; overdue marked; derive plans button."""

    sig_message = Signal(str)

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__("Action plans", parent)
        self.setObjectName("action_plan_panel")
        self._document = document
        self._undo_stack = undo_stack
        self._today = today
        self._plan_id: str | None = None
        self._building = False
        self._build()
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
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
        self._unsubscribe()

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
        objectives = self._copy(plan)
        objective = Objective(id=new_id("objective"), text=text)
        objectives.append(objective)
        self._update(plan_id, {"objectives": objectives}, describe("Add objective", text))
        return objective.id

    def add_step(self, plan_id: str, objective_id: str, text: str = "New action step") -> str | None:
        """Add a step at the end of an objective; returns its id."""
        plan = self._plan(plan_id)
        if plan is None:
            return None
        objectives = self._copy(plan)
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
        objectives = [o for o in self._copy(plan) if o.id != item_id]
        gone = {s.id for o in plan.objectives if o.id == item_id for s in o.steps} | {item_id}
        for objective in objectives:
            objective.steps = [s for s in objective.steps if s.id not in gone]
            for step in objective.steps:
                step.depends_on = [d for d in step.depends_on if d not in gone]
        return self._update(plan_id, {"objectives": objectives}, "Delete from action plan")

    def set_objective_text(self, plan_id: str, objective_id: str, text: str) -> bool:
        """Change an objective's wording."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        objectives = self._copy(plan)
        for objective in objectives:
            if objective.id == objective_id:
                objective.text = text.strip()
        return self._update(plan_id, {"objectives": objectives}, describe("Edit objective", text))

    def set_step_field(self, plan_id: str, step_id: str, name: str, value: Any) -> bool:
        """Change ``text``, ``who``, ``when`` (date or YYYY-MM-DD text), ``status`` or ``notes`` of a step."""
        plan = self._plan(plan_id)
        if plan is None:
            return False
        try:
            fields = self._step_fields(name, value)
        except DocumentError as exc:
            return self._refuse(str(exc))
        objectives = self._copy(plan)
        step = self._find_step(objectives, step_id)
        if step is None:
            return self._refuse("That step is no longer in the plan.")
        if all(getattr(step, k) == v for k, v in fields.items()):
            return True
        for key, new in fields.items():
            setattr(step, key, new)
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
        objectives = self._copy(plan)
        step = self._find_step(objectives, step_id)
        if step is None:
            return False
        step.depends_on = list(dict.fromkeys(depends_on))
        return self._update(plan_id, {"objectives": objectives}, describe("Set dependencies of", step.text))

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
        buttons = QHBoxLayout()
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
        buttons.addStretch(1)
        layout.addLayout(buttons)
        splitter = QSplitter()
        self.plan_list = QListWidget()
        self.plan_list.setObjectName("action_plan_list")
        self.plan_list.setAccessibleName("Action plans with their progress")
        self.plan_list.currentItemChanged.connect(self._on_plan_chosen)
        self.plan_list.itemChanged.connect(self._on_plan_renamed)
        splitter.addWidget(self.plan_list)
        self.tree = QTreeWidget()
        self.tree.setObjectName("action_plan_tree")
        self.tree.setAccessibleName("Action-planning chart: objectives and their steps")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setItemDelegateForColumn(COL_STATUS, _StatusDelegate(self.tree))
        self.tree.setWordWrap(True)
        self.tree.itemChanged.connect(self._on_tree_edit)
        splitter.addWidget(self.tree)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.problems = QLabel()
        self.problems.setObjectName("action_plan_problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # step texts are user text
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.status = QLabel()
        self.status.setObjectName("action_plan_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setWidget(body)

    def rebuild(self) -> None:
        """Redraw the list of plans and the chart of the current plan from the document."""
        self._rebuild_timer.stop()
        plans = self._document.items("action_plans")
        if self._plan_id not in {p.id for p in plans}:
            self._plan_id = plans[0].id if plans else None
        today = self._today()
        self._building = True
        try:
            self.plan_list.clear()
            for plan in plans:
                progress = plan_progress(plan, today)
                item = QListWidgetItem(f"{plan.title}\n{progress.summary()}")
                item.setData(ID_ROLE, plan.id)
                item.setData(ID_ROLE + 1, plan.title)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(progress.summary())
                self.plan_list.addItem(item)
                if plan.id == self._plan_id:
                    self.plan_list.setCurrentItem(item)
            self._fill_tree(self._plan(self._plan_id) if self._plan_id else None, today)
        finally:
            self._building = False
        has_plan = self._plan_id is not None
        for key in ("add_objective", "add_step", "depends", "delete"):
            self.buttons[key].setEnabled(has_plan)

    def _fill_tree(self, plan: ActionPlan | None, today: date) -> None:
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
            top = QTreeWidgetItem(self.tree, [objective.text])
            top.setData(0, ID_ROLE, ("objective", objective.id))
            top.setFont(0, bold)
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsEditable)
            steps = sorted(objective.steps, key=lambda s: order.get(s.id, 0)) if order else objective.steps
            for step in steps:
                self._add_step_row(top, step, texts, today)
            top.setExpanded(True)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)

    def _add_step_row(self, parent: QTreeWidgetItem, step: ActionStep, texts: dict[str, str],
                      today: date) -> None:
        overdue = is_overdue(step, today)
        when = step.when.isoformat() if step.when else ""
        status = STATUS_WORDS[step.status] + (f"  {OVERDUE_MARK}" if overdue else "")
        depends = "; ".join(texts.get(d, "(missing step)") for d in step.depends_on)
        row = QTreeWidgetItem(parent, [step.text, step.who, when, status, step.notes, depends])
        row.setData(0, ID_ROLE, ("step", step.id))
        row.setData(COL_STATUS, ID_ROLE + 1, step.status)
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
        if step.who_participant_id and self._document.get("participants", step.who_participant_id) is None:
            row.setToolTip(COL_WHO, "This person is no longer on the participants list")
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
        if kind == "objective":
            if column == COL_TEXT:
                self.set_objective_text(self._plan_id, item_id, item.text(0))
        elif column == COL_STATUS:
            self.set_step_field(self._plan_id, item_id, "status", item.data(COL_STATUS, ID_ROLE + 1))
        elif column in (COL_TEXT, COL_WHO, COL_WHEN, COL_NOTES):
            name = {COL_TEXT: "text", COL_WHO: "who", COL_WHEN: "when", COL_NOTES: "notes"}[column]
            self.set_step_field(self._plan_id, item_id, name, item.text(column))
        self._rebuild_timer.start()  # show the document's value (also after a refusal)

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
        current = self._find_step(plan.objectives, step_id)
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

    # ------------------------------------------------------------------ internals
    def _plan(self, plan_id: str | None) -> ActionPlan | None:
        return self._document.get("action_plans", plan_id) if plan_id else None

    @staticmethod
    def _copy(plan: ActionPlan) -> list[Objective]:
        # Steps live inside the plan: an edit replaces the plan's objectives with an edited copy.
        return [o.model_copy(deep=True) for o in plan.objectives]

    @staticmethod
    def _find_step(objectives: list[Objective], step_id: str) -> ActionStep | None:
        return next((s for o in objectives for s in o.steps if s.id == step_id), None)

    def _step_fields(self, name: str, value: Any) -> dict[str, Any]:
        if name == "when":
            return {"when": value if isinstance(value, date) or value is None else parse_when(str(value))}
        if name == "status":
            if value not in STEP_STATUSES:
                raise DocumentError(f"'{value}' is not a status (not-started, in-progress, done, blocked)")
            return {"status": value}
        if name == "who":
            who = " ".join(str(value).split())
            # A name typed exactly as on the participants list links the step to that person.
            person = next((p for p in self._document.items("participants")
                           if p.name.casefold() == who.casefold()), None)
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

    def _refuse(self, message: str) -> bool:
        self._say(message)
        return False

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.sig_message.emit(message)

    def _flush(self) -> None:
        if self._rebuild_timer.isActive():
            self.rebuild()

    def _on_change(self, change: Change) -> None:
        if change.collection in ("action_plans", "participants", "document"):
            self._rebuild_timer.start()
