"""The action plan chart follows edits row by row (issue 18): steps added, edited, moved by their
dependencies, and deleted insert, change, move and remove their rows; the chart is never cleared for an
edit of the plan it shows, and what it shows is what a chart built from scratch shows."""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from intercept_mapper.ui.panels.action_plan_panel import COL_STATUS, ID_ROLE, ActionPlanPanel
from tests.ui.test_action_plan_panel import TODAY, plan_document

COLUMNS = 6


def _chart(panel: ActionPlanPanel) -> list:
    tree = panel.tree

    def row(item) -> tuple:  # noqa: ANN001
        return (item.data(0, ID_ROLE), tuple(
            (item.text(c), item.toolTip(c), item.font(c).bold(), item.font(c).italic(),
             item.data(c, Qt.ItemDataRole.ForegroundRole) is not None, item.icon(c).isNull())
            for c in range(COLUMNS)))

    return [(row(top), [row(top.child(n)) for n in range(top.childCount())])
            for top in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))]


def _fresh_chart(panel: ActionPlanPanel) -> list:
    other = ActionPlanPanel(panel.document, QUndoStack(), today=lambda: TODAY)
    other.resize(panel.size())
    other.show_plan(panel.current_plan_id())
    chart = _chart(other)
    other.dispose()
    other.deleteLater()
    return chart


def test_edits_change_the_chart_row_by_row_and_match_a_fresh_chart(qtbot) -> None:
    stack = QUndoStack()
    panel = ActionPlanPanel(plan_document(), stack, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    model = panel.tree.model()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    removed: list[int] = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append(last - first + 1))
    rng = random.Random(18)
    statuses = ["not-started", "in-progress", "done", "blocked"]
    for n in range(60):
        plan = panel.document.get("action_plans", "ap1")
        objectives = plan.objectives
        steps = [s for o in objectives for s in o.steps]
        choice = rng.randrange(7)
        if choice == 0:
            objective = rng.choice(objectives)
            panel.add_step("ap1", objective.id, f"Step {n}")
        elif choice == 1 and steps:
            panel.set_step_field("ap1", rng.choice(steps).id, "status", rng.choice(statuses))
        elif choice == 2 and steps:
            panel.set_step_field("ap1", rng.choice(steps).id, "when", date(2026, rng.randrange(1, 13), 1))
        elif choice == 3 and len(steps) > 1:
            a, b = rng.sample(steps, 2)
            panel.set_dependencies("ap1", a.id, [b.id])  # a cycle is refused, and that is fine too
        elif choice == 4 and len(steps) > 2:
            panel.delete_row("ap1", rng.choice(steps).id)
        elif choice == 5:
            panel.add_objective("ap1", f"Objective {n}")
        elif stack.canUndo():
            stack.undo()
        if n % 3 == 0:
            qtbot.waitUntil(lambda: not panel._rebuild_timer.isActive(), timeout=2000)
            assert not resets, "an edit of the plan shown must not clear its chart"
            assert _chart(panel) == _fresh_chart(panel), f"step {n}"
    assert removed, "deleted steps took their rows out"
    panel.dispose()


def test_an_edit_of_one_step_changes_only_its_row(qtbot) -> None:
    panel = ActionPlanPanel(plan_document(), QUndoStack(), today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    for n in range(5):
        panel.add_step("ap1", "o1", f"Step {n}")
    qtbot.waitUntil(lambda: not panel._rebuild_timer.isActive(), timeout=2000)
    changed: set[int] = set()
    panel.tree.model().dataChanged.connect(lambda first, last, _roles: changed.update(
        range(first.row(), last.row() + 1)) if first.parent().isValid() else changed.add(-1))
    assert panel.set_step_field("ap1", "s-staff", "status", "in-progress")
    qtbot.waitUntil(lambda: not panel._rebuild_timer.isActive(), timeout=2000)
    row = panel.step_row("s-staff")
    assert "progress" in row.text(COL_STATUS).casefold()
    assert changed == {row.parent().indexOfChild(row)}  # no other row repaints
    panel.dispose()
