"""The vote grid follows tallies cell by cell: votes typed, cleared, undone or sent by phones change the
cells they change and never rebuild the rows; what it shows then is what a rebuild would show."""

from __future__ import annotations

import random

from PySide6.QtGui import QUndoStack

from intercept_mapper.model import Document
from intercept_mapper.model.candidate_edits import clear_votes, set_votes
from intercept_mapper.model.room_ballots import cast_room_ballot
from intercept_mapper.ui.panels.vote_grid import ID_ROLE, REASON_ROLE, TITLE_ROLE, TOTAL_ROLE, VoteGrid
from tests.room.room_support import voting_workshop

TITLES = [f"Priority {n}" for n in range(14)]


def _shown(grid: VoteGrid) -> list:
    table = grid.table
    rows = []
    for row in range(table.rowCount()):
        cells = []
        for column in range(table.columnCount()):
            item = table.item(row, column)
            cells.append((item.text(), item.data(ID_ROLE), item.data(TITLE_ROLE), item.data(TOTAL_ROLE),
                          item.data(REASON_ROLE), item.toolTip(), item.font().bold(),
                          item.foreground().color().name()))
        rows.append(cells)
    return [rows, grid.cut_row(), grid.is_out_of_order(), grid.reason.text(), grid.row_ids()]


def _settle(qtbot, grid: VoteGrid) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not grid._rebuild_timer.isActive(), timeout=2000)


def test_tallies_update_cells_in_place_and_match_a_rebuild(qtbot) -> None:
    ws = voting_workshop(TITLES, budget=40)
    ws.voting.top_n = 4
    doc = Document(ws)
    stack = QUndoStack()
    grid = VoteGrid(doc, stack)
    qtbot.addWidget(grid)
    grid.resize(700, 900)
    grid.show()
    qtbot.waitExposed(grid)
    grid.select_candidates(["c3"], "tcom")
    model = grid.table.model()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles: changed.append((first.row(), last.row())))
    rebuilds = grid.rebuilds
    rng = random.Random(19)
    ids = [c.id for c in ws.voting.candidates]
    for step in range(90):
        choice = rng.randrange(4)
        if choice == 0:
            set_votes(doc, rng.choice(ids), rng.choice(["tsys", "tcom"]), rng.randrange(0, 9))
        elif choice == 1:
            cand = doc.get("candidates", rng.choice(ids))
            if cand.votes:
                clear_votes(doc, cand.id, rng.choice(sorted(cand.votes)))
        elif choice == 2:
            votes = {cid: rng.randrange(1, 3) for cid in rng.sample(ids, 2)}
            cast_room_ballot(doc, f"phone{rng.randrange(6)}", rng.choice(["tsys", "tcom"]), votes)
        else:
            grid.set_votes(rng.choice(ids), "tsys", rng.randrange(0, 5))  # one undo step, then undone
            if rng.random() < 0.5:
                stack.undo()
        if step % 3 == 0:
            _settle(qtbot, grid)
            assert grid.rebuilds == rebuilds, "a tally must not rebuild the rows"
            assert not resets
            got = _shown(grid)
            grid.rebuild()  # what a rebuild from scratch shows, the rows held where they are
            rebuilds = grid.rebuilds
            resets.clear()
            assert _shown(grid) == got, f"step {step}"
            assert grid.current_id() == "c3"
    assert changed, "the cells that changed said so to their view"
    grid.dispose()


def test_a_tally_changes_only_the_rows_it_moves(qtbot) -> None:
    ws = voting_workshop(TITLES, budget=40)
    doc = Document(ws)
    grid = VoteGrid(doc, QUndoStack())
    qtbot.addWidget(grid)
    grid.resize(700, 900)
    grid.show()
    qtbot.waitExposed(grid)
    changed: set[int] = set()
    grid.table.model().dataChanged.connect(
        lambda first, last, _roles: changed.update(range(first.row(), last.row() + 1)))
    set_votes(doc, "c14", "tsys", 5)  # the last candidate goes to the top of the ranking
    _settle(qtbot, grid)
    row = grid.row_ids().index("c14")
    assert grid.table.item(row, 0).text() == "1"  # the rank is live; the row held still
    assert grid.table.item(row, 2).text() == "5"
    before = set(changed)
    changed.clear()
    set_votes(doc, "c14", "tsys", 6)  # its count and total change, the ranking does not
    _settle(qtbot, grid)
    assert changed == {row}
    assert before  # the first tally moved ranks: those rows changed, and no others were rebuilt
    grid.dispose()
