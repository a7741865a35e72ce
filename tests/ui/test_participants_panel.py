"""The participants panel: add, edit, import the CSV, coverage and the tokenism warning; all undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from intercept_mapper.model import ActionPlan, ActionStep, Document, Objective, new_workshop
from intercept_mapper.ui.panels.participants_panel import ParticipantsPanel
from tests.conftest import SAMPLES


@pytest.fixture
def panel(qtbot):
    stack = QUndoStack()
    widget = ParticipantsPanel(Document(new_workshop()), stack)
    widget._test_stack = stack
    qtbot.addWidget(widget)
    yield widget
    widget.dispose()


def test_import_the_riverbend_csv_shows_coverage_and_is_one_undo_step(panel: ParticipantsPanel) -> None:
    assert panel.objectName() == "participants_panel"
    empty = panel.coverage_text()
    assert "0 at the table" in empty and "Nobody with lived experience" in empty
    assert panel.import_csv(SAMPLES / "riverbend-participants.csv")
    assert len(panel.document.items("participants")) == 12
    panel.rebuild()
    assert panel.coverage.text().startswith(
        "12 at the table, 2 with lived experience. "
        "Missing: prosecution, behavioral-health, substance-use-treatment, hospital-health."
    )
    assert not panel.import_csv(SAMPLES / "riverbend-participants.csv")  # everyone is already listed
    assert "12 already on the list" in panel.status.text()
    assert panel._test_stack.count() == 1
    # The CSV's table column (system, community) made the voting tables, in the same undo step.
    assert [t.name for t in panel.document.items("tables")] == ["System table", "Community table"]
    assert "voting tables: System table, Community table" not in panel.status.text()  # the 2nd import
    panel._test_stack.undo()
    assert panel.document.items("participants") == []
    assert [t.name for t in panel.document.items("tables")] == ["All participants"]


def test_edit_fields_and_check_boxes_through_the_table(panel: ParticipantsPanel) -> None:
    person_id = panel.add_participant("Jo Park")
    row = panel.row_of(person_id)
    panel.table.item(row, 2).setText("Law Enforcement")
    assert panel.document.get("participants", person_id).sector == "law-enforcement"
    panel.table.item(panel.row_of(person_id), 5).setCheckState(Qt.CheckState.Checked)
    assert panel.document.get("participants", person_id).lived_experience
    assert "tokenism" in panel.coverage_text()
    assert not panel.set_field(person_id, "name", "  ")
    assert "needs a name" in panel.status.text()
    assert panel._test_stack.count() == 3


def test_deleting_a_step_owner_keeps_the_name_on_the_step(panel: ParticipantsPanel) -> None:
    person_id = panel.add_participant("Sam Harlow")
    plan = ActionPlan(id="ap", title="Reentry", objectives=[Objective(id="o", text="Plan", steps=[
        ActionStep(id="s", text="Call the jail", who="Sam Harlow", who_participant_id=person_id)])])
    panel.document.insert("action_plans", plan)
    panel.delete_participants([person_id])
    step = panel.document.get("action_plans", "ap").objectives[0].steps[0]
    assert (step.who, step.who_participant_id) == ("Sam Harlow", None)
    panel._test_stack.undo()
    step = panel.document.get("action_plans", "ap").objectives[0].steps[0]
    assert step.who_participant_id == person_id


def test_a_bad_csv_is_reported_not_raised(panel: ParticipantsPanel, tmp_path) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text("organisation\nCourt\n", encoding="utf-8")
    assert not panel.import_csv(bad)
    assert "people.csv" in panel.status.text()
    assert panel._test_stack.count() == 0
