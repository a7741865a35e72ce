"""An edit touches only the vote grid's rows whose shown text changed, measures only the rows it puts in
or retitles, and a finding no candidate holds does not re-rank (issue 18: the priorities in front while
the map is edited)."""

from __future__ import annotations

import random

from PySide6.QtGui import QUndoStack

from intercept_mapper.model import Document, Finding
from intercept_mapper.model.candidate_edits import add_candidate, reword, set_votes
from intercept_mapper.ui.panels import vote_grid
from intercept_mapper.ui.panels.vote_grid import REASON_ROLE, VoteGrid, _rows_in_place
from tests.room.room_support import voting_workshop
from tests.ui.test_vote_grid_incremental import shown_grid

TITLES = [f"Priority {n}" for n in range(12)]


def _texts(grid: VoteGrid) -> dict[str, tuple]:
    """What each candidate's row shows (its cells' texts and its reason), by candidate id."""
    table = grid.table
    return {cand_id: (tuple(table.item(row, c).text() for c in range(table.columnCount())),
                      table.item(row, 0).data(REASON_ROLE))
            for row, cand_id in enumerate(grid.row_ids())}


def _grid(qtbot) -> tuple[Document, VoteGrid]:  # noqa: ANN001
    doc = Document(voting_workshop(TITLES, budget=None))
    for n, cand in enumerate(doc.items("candidates")):
        set_votes(doc, cand.id, "tsys", 3 * (12 - n))  # every count different: titles decide nothing
    grid = shown_grid(qtbot, doc, QUndoStack())
    qtbot.waitUntil(lambda: not grid._rows_timer.isActive(), timeout=2000)  # first layout's heights
    qtbot.wait(20)
    return doc, grid


def _settle(qtbot, grid: VoteGrid) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not grid._pace.is_waiting(), timeout=2000)


def test_a_reworded_candidate_touches_its_row_and_the_one_whose_reason_quotes_it(qtbot) -> None:
    doc, grid = _grid(qtbot)
    before = _texts(grid)
    updated, measured, rebuilds = grid.rows_updated, grid.heights_measured, grid.rebuilds
    reword(doc, "c4", "Peer support in court, renamed")
    _settle(qtbot, grid)
    after = _texts(grid)
    changed = {cand_id for cand_id in after if after[cand_id] != before[cand_id]}
    # c4's own row, and c5's reason ("... fewer than 'Priority 3' ranked above it"); no other row.
    assert changed == {"c4", "c5"}
    assert "Peer support in court, renamed" in after["c5"][1]
    assert grid.rows_updated - updated == len(changed)
    assert grid.heights_measured - measured == 1  # the retitled row only (its title may wrap anew)
    assert grid.rebuilds == rebuilds
    grid.dispose()


def test_a_candidate_added_touches_the_rows_below_it_and_measures_only_its_own(qtbot) -> None:
    doc, grid = _grid(qtbot)
    before = _texts(grid)
    updated, measured, rebuilds = grid.rows_updated, grid.heights_measured, grid.rebuilds
    add_candidate(doc, "Said in the room", ["2"])
    new_id = doc.items("candidates")[-1].id
    set_votes(doc, new_id, "tsys", 19)  # between Priority 5 (21) and Priority 6 (18)
    _settle(qtbot, grid)
    after = _texts(grid)
    changed = {cand_id for cand_id in before if after[cand_id] != before[cand_id]}
    rows = grid.row_ids()
    assert rows.index(new_id) == 6
    assert changed == set(rows[7:])  # ranks below it moved by one (and the reason under it)
    assert grid.rows_updated - updated == len(changed)
    assert grid.heights_measured - measured == 1
    assert grid.rebuilds == rebuilds
    grid.dispose()


def test_a_finding_no_candidate_holds_does_not_rank_again(qtbot, monkeypatch) -> None:
    doc, grid = _grid(qtbot)
    ranked: list[int] = []
    real, since = vote_grid.rank_candidates, vote_grid.rank_candidates_since
    monkeypatch.setattr(vote_grid, "rank_candidates", lambda ws: ranked.append(1) or real(ws))
    monkeypatch.setattr(vote_grid, "rank_candidates_since", lambda ws, c: ranked.append(1) or since(ws, c))
    doc.insert("findings", Finding(id="r1", kind="resource", intercept="2", title="Drop-in centre"))
    doc.insert("findings", Finding(id="g1", kind="gap", intercept="2", title="No night line"))
    assert not grid._pace.is_waiting()
    doc.remove("findings", "r1")
    assert not grid._pace.is_waiting()
    _settle(qtbot, grid)
    assert ranked == []
    doc.update("candidates", "c3", gap_ids=["g1"])  # the gap becomes part of a candidate: re-rank
    _settle(qtbot, grid)
    assert ranked == [1]
    doc.remove("findings", "g1")  # a gap a candidate holds: its place may change
    _settle(qtbot, grid)
    assert ranked == [1, 1]
    grid.dispose()


def test_rows_in_place_keep_the_top_and_bottom_and_a_longest_run_in_order() -> None:
    rows = [f"c{n}" for n in range(10)]
    inserted = rows[:4] + ["new"] + rows[4:]
    assert _rows_in_place(rows, inserted) == set(rows)  # every old row stays; the new one goes in
    moved = rows[:2] + ["c7"] + rows[2:7] + rows[8:]  # c7 rose five places
    assert _rows_in_place(rows, moved) == set(rows) - {"c7"}
    rng = random.Random(3)
    for _ in range(200):
        order = rows[:]
        rng.shuffle(order)
        kept = _rows_in_place(rows, order)
        positions = [order.index(r) for r in rows if r in kept]
        assert positions == sorted(positions)  # what stays is in the new order already


def test_the_grid_ranks_again_only_the_candidates_an_edit_concerns_and_shows_a_fresh_ranking(
        qtbot, monkeypatch) -> None:  # noqa: ANN001
    doc, grid = _grid(qtbot)
    set_votes(doc, "c9", "tsys", 3 * (12 - 7))  # c9 ties with c8: their titles decide between them
    _settle(qtbot, grid)
    calls: list[object] = []
    full, since = vote_grid.rank_candidates, vote_grid.rank_candidates_since
    monkeypatch.setattr(vote_grid, "rank_candidates", lambda ws: calls.append("afresh") or full(ws))
    monkeypatch.setattr(vote_grid, "rank_candidates_since",
                        lambda ws, changed: calls.append(set(changed)) or since(ws, changed))
    assert grid.row_ids().index("c8") < grid.row_ids().index("c9")
    reword(doc, "c9", "A priority first by title")
    _settle(qtbot, grid)
    assert calls == [set()]  # a title: no candidate's place, votes or reach to work out again
    assert grid.row_ids().index("c9") < grid.row_ids().index("c8")  # the tie now goes the other way
    set_votes(doc, "c2", "tsys", 1)
    _settle(qtbot, grid)
    assert calls[-1] == {"c2"}
    doc.insert("findings", Finding(id="g1", kind="gap", intercept="2", title="No night line"))
    doc.update("candidates", "c3", gap_ids=["g1"])
    doc.update("findings", "g1", intercept="4")  # the gap moves: the candidate holding it
    _settle(qtbot, grid)
    assert calls[-1] == {"c3"}
    doc.update_section("scheme", intercepts=doc.workshop.scheme.intercepts)  # the scheme: rank afresh
    _settle(qtbot, grid)
    assert calls[-1] == "afresh"
    shown = _texts(grid)
    grid.rebuild()  # ranks afresh from the document: the same rows
    assert calls[-1] == "afresh"
    assert _texts(grid) == shown
    grid.dispose()


def test_a_tally_changes_only_the_cells_whose_numbers_moved_and_every_cell_tells_the_reason(qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    doc, grid = _grid(qtbot)
    table = grid.table
    changed: list[tuple[int, int]] = []  # (row, column) of each cell Qt is told changed (and repaints)
    table.model().dataChanged.connect(lambda top, _bottom, _roles: changed.append((top.row(), top.column())))
    before = _texts(grid)
    set_votes(doc, "c6", "tsys", 3 * (12 - 5) + 1)  # c6 gains a vote (its total, its reason change)
    _settle(qtbot, grid)
    after = _texts(grid)
    row = grid.row_ids().index("c6")
    assert after["c6"][1] != before["c6"][1]  # its reason moved with the tally
    assert changed and {column for _row, column in changed} <= {0, 2, 3, 4}  # no title cell (column 1)
    assert (row, 1) not in changed and (row, 0) in changed
    # Hovering any cell of the row (its title here) tells why it ranks there, as plain text.
    rect = table.visualRect(table.model().index(row, 1))
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                        table.viewport().mapToGlobal(rect.center())))
    assert QToolTip.isVisible() and QToolTip.text() == table.item(row, 0).toolTip()
    assert after["c6"][1] in QToolTip.text()
    QToolTip.hideText()
    grid.dispose()
