"""Outside a room vote, the Priorities panel's budget warnings are shown whole, even docked narrow.

While a room votes, the warnings box keeps one height (``test_room_burst``: its warnings never resize
the grid, longer text scrolls). A facilitator typing votes at the grid changes one thing at a time, so
there the box fits its warnings: a warning cut off below a scroll edge is a warning the room misses.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from intercept_mapper.model import Document
from intercept_mapper.model.candidate_edits import budget_warnings
from intercept_mapper.ui.panels.warnings_box import LINES_SHOWN, MOST_LINES
from tests.room.room_support import voting_workshop
from tests.ui.test_room_burst import TITLES, _ballot_command, narrow_priorities_panel


def _narrow_panel(qtbot):  # noqa: ANN001, ANN202
    ws = voting_workshop(TITLES, budget=2)
    doc, stack, panel = narrow_priorities_panel(qtbot, ws)
    return doc, stack, panel, [c.id for c in ws.voting.candidates]


def _over_budget_at_both_tables(doc: Document, stack: QUndoStack, panel, ids: list[str]) -> None:  # noqa: ANN001
    for n, table_id in enumerate(["tsys", "tcom"]):
        stack.push(_ballot_command(doc, f"phone{n}", table_id, {ids[n]: 3}))
    panel.ranked_rows()
    QApplication.processEvents()


def test_two_warnings_in_a_narrow_dock_are_shown_whole_not_scrolled(qtbot) -> None:
    doc, stack, panel, ids = _narrow_panel(qtbot)
    _over_budget_at_both_tables(doc, stack, panel, ids)
    box = panel.warnings_box
    warnings = budget_warnings(doc.workshop)
    assert len(warnings) == 2 and box.isVisible()
    line = box.label.fontMetrics().lineSpacing()
    wrapped = box.label.heightForWidth(box.viewport().width())
    assert wrapped > LINES_SHOWN * line  # the case that used to scroll: more than the box's old height
    assert box.verticalScrollBar().maximum() == 0  # nothing below a scroll edge
    assert box.viewport().height() >= wrapped
    # The warnings gone, the box goes, and comes back at its least height.
    while stack.canUndo():
        stack.undo()
    panel.ranked_rows()
    assert not box.isVisible()
    assert LINES_SHOWN * line <= box.height() < (LINES_SHOWN + 1) * line
    panel.dispose()


def test_the_box_keeps_its_height_while_a_room_votes_and_fits_when_it_closes(qtbot) -> None:
    doc, stack, panel, ids = _narrow_panel(qtbot)
    panel.hold_warning_space(True)
    _over_budget_at_both_tables(doc, stack, panel, ids)
    box = panel.warnings_box
    line = box.label.fontMetrics().lineSpacing()
    assert LINES_SHOWN * line <= box.height() < (LINES_SHOWN + 1) * line
    assert box.verticalScrollBar().maximum() > 0  # while the room votes, the rest scrolls
    panel.hold_warning_space(False)
    QApplication.processEvents()
    assert box.verticalScrollBar().maximum() == 0
    margins = box.label.contentsMargins()
    assert box.height() <= MOST_LINES * line + margins.top() + margins.bottom()
    panel.dispose()


def _gap_above(widget, panel) -> int:  # noqa: ANN001
    """Pixels between ``widget``'s top and the bottom of the visible widget just above it in the panel."""
    layout = panel.widget().layout()
    shown = [layout.itemAt(i).widget() for i in range(layout.count())]
    shown = [w for w in shown if w is not None and w.isVisible()]
    above = shown[shown.index(widget) - 1]
    return widget.geometry().top() - above.geometry().bottom() - 1


def test_the_warnings_box_sits_right_under_the_grid_in_a_tall_panel(qtbot) -> None:
    doc, stack, panel, ids = _narrow_panel(qtbot)
    panel.resize(260, 1000)  # tall: the grid has room to spare
    _over_budget_at_both_tables(doc, stack, panel, ids)
    box, spacing = panel.warnings_box, panel.widget().layout().spacing()
    assert box.isVisible()
    # No blank band between the grid and the warnings (an empty message line and its spacing were).
    assert 0 <= box.geometry().top() - panel.grid.geometry().bottom() - 1 <= spacing
    assert not panel.status.isVisible()
    # Once the panel has something to say, its message line sits between them, the box right under it.
    panel.select_candidates([])
    assert not panel.merge_selected("x")
    qtbot.waitUntil(panel.status.isVisible)
    assert "Select two or more" in panel.status.text()
    assert _gap_above(panel.status, panel) <= spacing and _gap_above(box, panel) <= spacing
    panel.dispose()
