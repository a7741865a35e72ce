"""Issue 4 "done when": the Riverbend sample voted, ranked, planned and followed up entirely in the app.

Everything goes through the panels (their buttons' methods, the keyboard, the step form), every step
is undoable back to the opened file, and redo brings all of it back.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from intercept_mapper.model.ranking import rank_candidates
from intercept_mapper.model.roster import build_roster
from intercept_mapper.resources import SAMPLE_WORKSHOP
from tests.ui.window_helpers import dump, make_window

TODAY = date(2026, 10, 1)  # a committee meeting months after the workshop


def candidate_id(window, title: str) -> str:  # noqa: ANN001
    return next(c.id for c in window.document.workshop.voting.candidates if c.title == title)


def plan_steps(window, plan_id: str):  # noqa: ANN001, ANN201
    plan = window.document.get("action_plans", plan_id)
    return [s for o in plan.objectives for s in o.steps]


def test_vote_rank_plan_and_follow_up_the_sample_through_the_panels(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    stack = window.undo_stack
    opened = dump(window)
    assert stack.count() == 0
    votes = window.priorities_panel
    plans = window.action_plan_panel
    people = window.participants_panel
    plans.set_today(lambda: TODAY)
    notes: list[str] = []
    votes.sig_message.connect(notes.append)

    # --- Priority setting: a third voting table, votes typed with the keyboard.
    votes.raise_()
    assert votes.tables_editor.add_table("Lived experience")
    lived = next(t.id for t in window.document.items("tables") if t.name == "Lived experience")
    assert votes.tables_editor.set_voters(lived, 4)  # four people voted there; the list names two
    sheriff = candidate_id(window, "Sheriff deputies not CIT trained")
    votes.select_candidates([sheriff], table_id=lived)
    qtbot.keyClicks(votes.table, "12")
    qtbot.keyClick(votes.table, Qt.Key.Key_Return)  # 12 of the 12 the table has
    qtbot.keyClick(votes.table, Qt.Key.Key_Plus)  # 13 of 12: asked first, recorded on a second Enter
    assert "Over budget" in votes.message()
    assert window.document.get("candidates", sheriff).votes[lived] == 12
    qtbot.keyClick(votes.table, Qt.Key.Key_Return)
    qtbot.keyClick(votes.table, Qt.Key.Key_Plus)
    qtbot.keyClick(votes.table, Qt.Key.Key_Return)
    qtbot.keyClick(votes.table, Qt.Key.Key_Minus)
    assert window.document.get("candidates", sheriff).votes[lived] == 13
    # Bad input where it is typed: a letter, a vote below zero. Nothing changes, no undo step.
    steps_so_far = stack.count()
    qtbot.keyClicks(votes.table, "q")
    assert "not a number of votes" in votes.message()
    technical = candidate_id(window, "Technical violations for missed appointments")
    votes.select_candidates([technical], table_id=lived)
    qtbot.keyClick(votes.table, Qt.Key.Key_Minus)
    assert "below zero" in votes.message()
    assert stack.count() == steps_so_far
    # The same keys on the board the room sees.
    board = votes.show_board()
    qtbot.waitUntil(board.isVisible, timeout=2000)
    board.grid.select_candidates([technical], table_id=lived)
    qtbot.keyClicks(board.grid.table, "2")
    qtbot.keyClick(board.grid.table, Qt.Key.Key_Return)
    qtbot.keyClick(board.grid.table, Qt.Key.Key_Return)  # past the table's budget: yes, record it
    qtbot.keyClick(board.grid.table, Qt.Key.Key_Escape)
    assert not board.isVisible()
    assert window.document.get("candidates", technical).votes[lived] == 2
    # Live ranking: the sheriff's 17 votes now lead, and the reason says why.
    ranked = votes.ranked_rows()
    assert ranked[0] == ("1", "Sheriff deputies not CIT trained", 17)
    model_order = [r.title for r in rank_candidates(window.document.workshop)]
    assert [title for _, title, _ in ranked[: len(model_order)]] == model_order
    votes.select_candidates([sheriff])
    assert votes.reason_text().startswith("Sheriff deputies not CIT trained: 17 votes (System table 3, "
                                          "Community table 1, Lived experience 13)")

    # --- Consolidate: merge two duplicates (votes combined), exclude one.
    release = candidate_id(window, "Released at night with no medication")
    handoff = candidate_id(window, "No warm hand-off to community providers")
    votes.select_candidates([release, handoff])
    assert votes.merge_selected("Safe release with a warm hand-off")
    merged = window.document.get("candidates", release)
    assert merged.total_votes() == 12 + 9 and window.document.get("candidates", handoff) is None
    votes.select_candidates([technical])
    assert votes.toggle_excluded_selected()
    assert ("\u2013", "Technical violations for missed appointments", 3 + 2) in votes.ranked_rows()
    ranked = votes.ranked_rows()
    assert ranked[:2] == [("1", "Safe release with a warm hand-off", 21),
                          ("2", "Sheriff deputies not CIT trained", 17)]
    # A vote for a candidate that has just been merged away is refused, not crashed on.
    assert not votes.set_votes(handoff, lived, 3)
    assert "does not exist" in votes.message()

    # --- Action planning: seven priorities this time; draft plans for those without one.
    assert votes.tables_editor.set_voting_setting("top_n", 7)
    plans.raise_()
    before_plans = {p.id for p in window.document.items("action_plans")}
    assert plans.derive_plans()
    drafted = [p for p in window.document.items("action_plans") if p.id not in before_plans]
    assert drafted and {p.candidate_id for p in drafted} <= {r.candidate_id for r in
                                                              rank_candidates(window.document.workshop)[:7]}
    plan_id = drafted[0].id
    assert plans.current_plan_id() == plan_id
    objective = window.document.get("action_plans", plan_id).objectives[0]
    # Edit the objective through the form under the chart.
    assert plans.select_row(objective.id)
    plans.form.text_edit.setText("Train every sheriff's deputy in crisis intervention by next summer")
    plans.form.text_edit.editingFinished.emit()
    assert window.document.get("action_plans", plan_id).objectives[0].text.startswith("Train every sheriff")
    # A step's who (from the participants list), when (typed as people write dates) and status.
    first, second, third = plan_steps(window, plan_id)[:3]
    assert plans.select_row(first.id)
    form = plans.form
    index = next(n for n in range(form.who_combo.count()) if form.who_combo.itemText(n).startswith("Priya"))
    form.who_combo.setCurrentIndex(index)
    form.who_combo.activated.emit(index)
    step = plan_steps(window, plan_id)[0]
    assert step.who == "Priya Raman (Riverbend Behavioral Health)" and step.who_participant_id is not None
    form.when_edit.setText("Sep 15, 2026")
    form.when_edit.editingFinished.emit()
    form.status_combo.setCurrentIndex(form.status_combo.findData("in-progress"))
    form.status_combo.activated.emit(form.status_combo.currentIndex())
    step = plan_steps(window, plan_id)[0]
    assert (step.when, step.status) == (date(2026, 9, 15), "in-progress")
    assert "overdue" in plans.progress_text(plan_id)  # 15 September has passed on 1 October
    # Dependencies: the second step waits for the first; the first waiting for the second is refused.
    assert plans.set_dependencies(plan_id, second.id, [first.id])
    steps_so_far = stack.count()
    assert not plans.set_dependencies(plan_id, first.id, [second.id])
    assert "cycle" in plans.message() and f"'{first.text}'" in plans.message()
    assert stack.count() == steps_so_far
    # Follow-up: marking a step done changes the plan's progress line.
    progress_before = plans.progress_text(plan_id)
    assert plans.set_step_field(plan_id, first.id, "status", "done")
    assert plans.progress_text(plan_id) != progress_before
    assert plans.progress_text(plan_id).startswith("1 of ")
    plans.set_filter("overdue")
    assert first.id not in plans.shown_step_ids()
    plans.set_filter("all")

    # --- Who is at the table: a prosecutor joins; the coverage line changes.
    people.raise_()
    assert "prosecution" in build_roster(window.document.workshop).missing
    coverage_before = people.coverage_text()
    person = people.add_participant("Rosa Diaz", organisation="District Attorney", sector="prosecution")
    assert "prosecution" not in build_roster(window.document.workshop).missing
    assert people.coverage_text() != coverage_before and "13 at the table" in people.coverage_text()
    # A step's owner leaves the list: the step keeps the name, with a mark.
    assert plans.set_step_field(plan_id, third.id, "who", "Rosa Diaz")
    assert plan_steps(window, plan_id)[2].who_participant_id == person
    people.delete_participants([person])
    assert "keeps the name" in people.status.text()
    row = plans.step_row(third.id)
    assert "Rosa Diaz" in plans.who_note(plan_steps(window, plan_id)[2]) and row is not None

    # --- Every step undoes back to the file as opened, and redoes to the end.
    finished = dump(window)
    count = stack.count()
    assert count == 20
    while stack.canUndo():
        stack.undo()
    assert dump(window) == opened
    while stack.canRedo():
        stack.redo()
    assert dump(window) == finished and stack.index() == count
    assert not [n for n in notes if "Traceback" in n]


def test_the_voting_board_opens_with_f6_in_presentation_mode(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    votes = window.priorities_panel
    action = window.findChild(type(votes.board_action), "action_voting_board")
    assert action is votes.board_action and action.shortcut().toString() == "F6"
    window.presentation.enter()
    assert votes.text_scale() == 1.25  # the panel's text follows presentation mode
    action.trigger()
    board = votes.board
    qtbot.waitUntil(lambda: board is not None and board.isVisible(), timeout=2000)
    assert board.grid.current_id() == board.grid.row_ids()[0]  # ready to type for the leader
    assert board.vote_points() >= 16
    qtbot.keyClick(board.grid.table, Qt.Key.Key_Escape)
    assert not board.isVisible() and window.presentation.is_active()
    window.presentation.leave()
    assert votes.text_scale() == 1.0
