"""The action-plan panel: derive, edit who/when/status/notes, overdue marks, dependencies, undo."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Candidate,
    Document,
    Objective,
    Participant,
    new_workshop,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.ui.panels.action_plan_panel import (
    COL_DEPENDS,
    COL_STATUS,
    COL_WHEN,
    COL_WHO,
    DRAFT_MARK,
    ActionPlanPanel,
)
from tests.conftest import SAMPLES

TODAY = date(2026, 9, 1)


def plan_document() -> Document:
    ws = new_workshop()
    ws.participants = [Participant(id="pp-ana", name="Ana Ruiz", organisation="Peer Network")]
    ws.voting.candidates = [Candidate(id="c1", title="No crisis unit", intercepts=["0"], votes={"tb-all": 4})]
    ws.action_plans = [ActionPlan(id="ap1", candidate_id="c1", title="Crisis unit", objectives=[
        Objective(id="o1", text="Open a unit", steps=[
            ActionStep(id="s-fund", text="Find funding", depends_on=["s-site"], when=date(2026, 5, 1)),
            ActionStep(id="s-site", text="Choose a site", when=date(2026, 4, 1), status="done"),
            ActionStep(id="s-staff", text="Hire staff", when=date(2026, 12, 1)),
        ]),
    ])]
    return Document(ws)


@pytest.fixture
def panel(qtbot):
    stack = QUndoStack()
    widget = ActionPlanPanel(plan_document(), stack, today=lambda: TODAY)
    widget._test_stack = stack
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.dispose()


def step(panel: ActionPlanPanel, step_id: str) -> ActionStep:
    plan = panel.document.get("action_plans", "ap1")
    return next(s for o in plan.objectives for s in o.steps if s.id == step_id)


def test_chart_lists_steps_in_dependency_order_and_marks_overdue(panel: ActionPlanPanel) -> None:
    assert panel.objectName() == "action_plan_panel"
    assert panel.shown_step_ids() == ["s-site", "s-fund", "s-staff"]
    fund = panel.step_row("s-fund")
    assert "overdue" in fund.text(COL_STATUS) and fund.font(COL_WHEN).bold()
    assert "overdue" not in panel.step_row("s-site").text(COL_STATUS)  # done, so not overdue
    assert "overdue" not in panel.step_row("s-staff").text(COL_STATUS)  # not due yet
    assert fund.text(COL_DEPENDS) == "Choose a site"
    assert panel.plan_list.item(0).text() == "Crisis unit\n1 of 3 done, 1 overdue"


def test_editing_fields_are_undo_steps(panel: ActionPlanPanel) -> None:
    stack = panel._test_stack
    before = panel.document.workshop.model_dump()
    assert panel.set_step_field("ap1", "s-fund", "status", "in-progress")
    assert panel.set_step_field("ap1", "s-fund", "when", "2026-10-15")
    assert panel.set_step_field("ap1", "s-fund", "who", "ana ruiz")
    assert panel.set_step_field("ap1", "s-fund", "notes", "County budget cycle")
    fund = step(panel, "s-fund")
    assert (fund.status, fund.when, fund.who, fund.who_participant_id, fund.notes) == (
        "in-progress", date(2026, 10, 15), "ana ruiz", "pp-ana", "County budget cycle")
    assert "overdue" not in panel.step_row("s-fund").text(COL_STATUS)
    assert stack.count() == 4
    while stack.canUndo():
        stack.undo()
    assert panel.document.workshop.model_dump() == before


def test_a_bad_date_is_refused_with_a_message_and_nothing_changes(panel: ActionPlanPanel) -> None:
    before = panel.document.workshop.model_dump()
    assert not panel.set_step_field("ap1", "s-fund", "when", "31/02/2026")
    assert "'31/02/2026' is not a date in the calendar" in panel.status.text()
    assert panel.document.workshop.model_dump() == before and panel._test_stack.count() == 0


def test_editing_in_the_chart_goes_through_the_undo_stack(panel: ActionPlanPanel) -> None:
    row = panel.step_row("s-staff")
    row.setText(COL_WHEN, "2026-08-01")
    assert step(panel, "s-staff").when == date(2026, 8, 1)
    assert panel._test_stack.count() == 1
    assert "overdue" in panel.step_row("s-staff").text(COL_STATUS)


def test_a_dependency_cycle_is_refused_naming_it(panel: ActionPlanPanel) -> None:
    before = panel.document.workshop.model_dump()
    assert not panel.set_dependencies("ap1", "s-site", ["s-fund"])
    assert "'Choose a site' -> 'Find funding' -> 'Choose a site'" in panel.status.text()
    assert panel.document.workshop.model_dump() == before
    assert panel.set_dependencies("ap1", "s-staff", ["s-fund"])
    assert panel.shown_step_ids() == ["s-site", "s-fund", "s-staff"]


def test_a_cycle_already_in_the_file_is_shown_not_crashed_on(qtbot) -> None:
    doc = plan_document()
    plan = doc.get("action_plans", "ap1")
    plan.objectives[0].steps[1].depends_on = ["s-fund"]  # as a hand-edited file might have it
    widget = ActionPlanPanel(doc, QUndoStack(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    assert widget.shown_step_ids() == ["s-fund", "s-site", "s-staff"]  # written order
    assert "cycle: 'Find funding' -> 'Choose a site' -> 'Find funding'" in widget.problems.text()
    widget.dispose()


def test_add_and_delete_objectives_steps_and_plans(panel: ActionPlanPanel) -> None:
    stack = panel._test_stack
    before = panel.document.workshop.model_dump()
    objective_id = panel.add_objective("ap1", "Fund it for three years")
    step_id = panel.add_step("ap1", objective_id, "Ask the county board")
    assert panel.shown_step_ids()[-1] == step_id
    assert panel.delete_row("ap1", "s-site")
    assert step(panel, "s-fund").depends_on == []  # the dependency on the deleted step went with it
    new_plan = panel.add_plan("Housing")
    panel.delete_plan(new_plan)
    assert stack.count() == 5
    while stack.canUndo():
        stack.undo()
    assert panel.document.workshop.model_dump() == before


def test_derive_plans_button_drafts_plans_once(panel: ActionPlanPanel) -> None:
    panel.document.get("action_plans", "ap1").candidate_id = None
    assert panel.derive_plans()
    plans = panel.document.items("action_plans")
    assert [p.candidate_id for p in plans] == [None, "c1"]
    assert panel.current_plan_id() == plans[1].id
    assert not panel.derive_plans()
    assert "already has a plan" in panel.status.text()
    assert panel._test_stack.count() == 1
    panel._test_stack.undo()
    assert len(panel.document.items("action_plans")) == 1


def test_riverbend_sample_shows_its_plans_and_progress(qtbot) -> None:
    ws = load_workshop(SAMPLES / "riverbend.simmap")
    widget = ActionPlanPanel(Document(ws), QUndoStack(), today=lambda: date(2027, 1, 1))
    qtbot.addWidget(widget)
    assert widget.plan_list.count() == len(ws.action_plans)
    assert len(widget.shown_step_ids()) == len(ws.action_plans[0].objectives[0].steps) + sum(
        len(o.steps) for o in ws.action_plans[0].objectives[1:])
    widget.dispose()


def test_the_form_edits_who_when_and_status_of_the_selected_step(panel: ActionPlanPanel) -> None:
    stack = panel._test_stack
    assert panel.select_row("s-staff")
    form = panel.form
    assert form.isVisibleTo(panel) and form.shown() == ("step", "s-staff")
    assert [form.who_combo.itemText(n) for n in range(form.who_combo.count())] == ["Ana Ruiz (Peer Network)"]
    form.who_combo.setCurrentIndex(0)
    form.who_combo.activated.emit(0)
    assert (step(panel, "s-staff").who, step(panel, "s-staff").who_participant_id) == (
        "Ana Ruiz (Peer Network)", "pp-ana")
    form.who_combo.setEditText("County Board of Commissioners")  # an agency: kept as written, no link
    form.who_combo.lineEdit().editingFinished.emit()
    assert (step(panel, "s-staff").who, step(panel, "s-staff").who_participant_id) == (
        "County Board of Commissioners", None)
    form.when_edit.setText("10/1/2026")
    form.when_edit.editingFinished.emit()
    assert step(panel, "s-staff").when == date(2026, 10, 1)
    form.when_edit.setText("")  # no date
    form.when_edit.editingFinished.emit()
    assert step(panel, "s-staff").when is None
    form.status_combo.setCurrentIndex(form.status_combo.findData("blocked"))
    form.status_combo.activated.emit(form.status_combo.currentIndex())
    assert step(panel, "s-staff").status == "blocked"
    assert panel.progress_text("ap1") == "1 of 3 done, 1 blocked, 1 overdue"
    assert stack.count() == 5


def test_marking_a_step_done_changes_the_progress_summary(panel: ActionPlanPanel) -> None:
    assert panel.progress_text("ap1") == "1 of 3 done, 1 overdue"
    assert "1 of 3 steps done, \u26a0 1 overdue" in panel.overview.text()
    assert panel.set_step_field("ap1", "s-fund", "status", "done")
    assert panel.progress_text("ap1") == "2 of 3 done"
    assert "none overdue" in panel.overview.text()
    panel._test_stack.undo()
    assert panel.progress_text("ap1") == "1 of 3 done, 1 overdue"


def test_filter_to_open_or_overdue_steps(panel: ActionPlanPanel) -> None:
    panel.set_filter("open")
    assert panel.shown_step_ids() == ["s-fund", "s-staff"]
    panel.set_filter("overdue")
    assert panel.shown_step_ids() == ["s-fund"]
    assert "overdue" in panel.step_row("s-fund").text(COL_STATUS)
    panel.set_filter("all")
    assert panel.shown_step_ids() == ["s-site", "s-fund", "s-staff"]


def test_a_removed_participant_keeps_the_name_with_a_mark(panel: ActionPlanPanel) -> None:
    assert panel.set_step_field("ap1", "s-staff", "who", "Ana Ruiz")
    panel.document.delete(["pp-ana"])
    row = panel.step_row("s-staff")
    assert row.text(COL_WHO).startswith("Ana Ruiz") and "not on the list" in row.text(COL_WHO)
    panel.select_row("s-staff")
    assert "Ana Ruiz was removed from the participants list" in panel.form.who_note.text()
    assert step(panel, "s-staff").who == "Ana Ruiz"


def test_a_step_linked_to_someone_missing_from_the_file_is_marked_not_crashed_on(qtbot) -> None:
    doc = plan_document()
    plan = doc.get("action_plans", "ap1")
    plan.objectives[0].steps[2].who = "Lee Chan"
    plan.objectives[0].steps[2].who_participant_id = "pp-gone"  # as a hand-edited file might have it
    widget = ActionPlanPanel(doc, QUndoStack(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    assert "not on the list" in widget.step_row("s-staff").text(COL_WHO)
    assert "no longer on the participants list" in widget.who_note(plan.objectives[0].steps[2])
    widget.dispose()


def test_narrow_panel_stacks_the_list_over_the_chart(qtbot, panel: ActionPlanPanel) -> None:
    panel.resize(380, 700)
    qtbot.waitUntil(lambda: panel.splitter.orientation() == Qt.Orientation.Vertical, timeout=2000)
    assert panel.minimumSizeHint().width() < 360
    assert panel.tree.isColumnHidden(COL_WHEN)
    fund = panel.step_row("s-fund")
    assert fund.text(0).startswith("Find funding\n") and "2026-05-01" in fund.text(0)
    assert "overdue" in fund.text(0)
    panel.resize(1500, 700)
    qtbot.waitUntil(lambda: panel.splitter.orientation() == Qt.Orientation.Horizontal, timeout=2000)
    assert not panel.tree.isColumnHidden(COL_WHEN) and not panel.tree.isColumnHidden(COL_DEPENDS)
    assert panel.step_row("s-fund").text(0) == "Find funding"


# ---------------------------------------------------------------- drafted plans
@pytest.fixture
def drafts(qtbot):
    """A panel over plans drafted for the varied gaps of tests/drafting_workshop.py."""
    from intercept_mapper.model.plan_derivation import derive_plans_edit
    from tests.drafting_workshop import drafting_workshop

    doc = Document(drafting_workshop())
    derive_plans_edit(doc, today=TODAY)
    stack = QUndoStack()
    widget = ActionPlanPanel(doc, stack, today=lambda: TODAY)
    widget._test_stack = stack
    qtbot.addWidget(widget)
    widget.resize(1400, 700)
    widget.show()
    widget.show_plan(next(p.id for p in doc.items("action_plans") if p.candidate_id == "c-g-unit"))
    yield widget
    widget.dispose()


def drafted_plan(panel: ActionPlanPanel) -> ActionPlan:
    return panel.document.get("action_plans", panel.current_plan_id())


def test_drafted_steps_and_objectives_show_as_drafts(drafts: ActionPlanPanel) -> None:
    plan = drafted_plan(drafts)
    objective = plan.objectives[0]
    top = drafts.tree.topLevelItem(0)
    assert top.text(0) == objective.text + DRAFT_MARK and top.font(0).italic() and top.font(0).bold()
    for step_ in objective.steps:
        row = drafts.step_row(step_.id)
        assert row.text(0) == step_.text + DRAFT_MARK and row.font(0).italic()
        assert "Draft suggestion" in row.toolTip(0)
    assert drafts.select_row(objective.steps[0].id)
    assert drafts.form.text_label.text() == "Step (draft)"
    assert drafts.form.text_edit.text() == objective.steps[0].text  # the mark is not part of the text
    assert drafts.select_row(objective.id)
    assert drafts.form.text_label.text() == "Objective (draft)"


@pytest.mark.parametrize(("name", "value"), [
    ("text", "Ask the county board to fund the unit"), ("who", "Ana Ruiz"), ("when", "2026-07-01"),
    ("status", "in-progress"), ("notes", "Budget hearing in May"),
])
def test_any_edit_of_a_drafted_step_clears_the_mark_and_undo_restores_it(
    drafts: ActionPlanPanel, name: str, value: str,
) -> None:
    stack = drafts._test_stack
    plan_id = drafts.current_plan_id()
    first, second = drafted_plan(drafts).objectives[0].steps[:2]
    assert drafts.set_step_field(plan_id, first.id, name, value)
    assert stack.count() == 1  # one undo step for the edit and the mark
    edited = drafted_plan(drafts).objectives[0].steps
    assert (edited[0].drafted, edited[1].drafted, drafted_plan(drafts).objectives[0].drafted) == (
        False, True, True)
    row = drafts.step_row(first.id)
    assert not row.text(0).endswith(DRAFT_MARK) and not row.font(0).italic()
    stack.undo()
    restored = drafted_plan(drafts).objectives[0].steps[0]
    assert restored == first and restored.drafted
    assert drafts.step_row(first.id).text(0).endswith(DRAFT_MARK)
    stack.redo()
    assert drafted_plan(drafts).objectives[0].steps[0].drafted is False
    assert second == drafted_plan(drafts).objectives[0].steps[1]


def test_rewording_a_drafted_objective_in_the_form_clears_its_mark(drafts: ActionPlanPanel) -> None:
    objective = drafted_plan(drafts).objectives[0]
    assert drafts.select_row(objective.id)
    drafts.form.text_edit.setText("Open a crisis unit with two hospitals by next spring")
    drafts.form.text_edit.editingFinished.emit()
    edited = drafted_plan(drafts).objectives[0]
    assert (edited.text, edited.drafted) == ("Open a crisis unit with two hospitals by next spring", False)
    assert all(s.drafted for s in edited.steps)  # the steps are still the program's suggestions
    drafts._test_stack.undo()
    assert drafted_plan(drafts).objectives[0] == objective


def test_editing_a_drafted_step_in_the_chart_keeps_the_mark_out_of_the_text(drafts: ActionPlanPanel) -> None:
    stack = drafts._test_stack
    first = drafted_plan(drafts).objectives[0].steps[0]
    row = drafts.step_row(first.id)
    row.setText(0, "Ask the county for levy funding" + DRAFT_MARK)  # edited with the mark left on
    step_ = drafted_plan(drafts).objectives[0].steps[0]
    assert (step_.text, step_.drafted) == ("Ask the county for levy funding", False)
    stack.undo()
    assert drafted_plan(drafts).objectives[0].steps[0] == first
    # Opening the editor and leaving it unchanged is no edit: still a draft, no undo step.
    drafts.step_row(first.id).setText(0, first.text + DRAFT_MARK)
    assert drafted_plan(drafts).objectives[0].steps[0].drafted and stack.count() == 1 and stack.index() == 0


def test_deleting_only_the_draft_mark_adopts_the_draft_as_it_stands(drafts: ActionPlanPanel) -> None:
    objective = drafted_plan(drafts).objectives[0]
    drafts.tree.topLevelItem(0).setText(0, objective.text)
    adopted = drafted_plan(drafts).objectives[0]
    assert (adopted.text, adopted.drafted) == (objective.text, False)
    assert drafts._test_stack.undoText() == "Adopt drafted suggestion"
    drafts._test_stack.undo()
    assert drafted_plan(drafts).objectives[0].drafted


def test_leaving_a_drafted_who_unchanged_keeps_the_link_and_the_mark(drafts: ActionPlanPanel) -> None:
    step_ = drafted_plan(drafts).objectives[0].steps[2]  # several partners, the first one linked
    assert "; " in step_.who and step_.who_participant_id == "pp-marcus"
    assert drafts.select_row(step_.id)
    drafts.form.who_combo.lineEdit().editingFinished.emit()  # focus moved on, nothing typed
    assert drafted_plan(drafts).objectives[0].steps[2] == step_
    assert drafts._test_stack.count() == 0
