"""The voting board (F6) as a facilitator uses it: reading a tally sheet into it row by row (issue 15).

A tally sheet lists the candidates as the board showed them when counting began, with one column per
voting table. The facilitator reads it top to bottom: Down, the number, Enter; Tab goes to the next
table. Every number must land on the row the facilitator sees, even when the numbers reorder the
ranking; a number past a table's budget waits for a second Enter; every entry is one undo step.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPalette, QUndoStack

from intercept_mapper.model import Candidate, Document, Participant, VotingTable, new_workshop
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.ui.panels.priorities_panel import PrioritiesPanel
from intercept_mapper.ui.panels.voting_board import VotingBoard
from tests.conftest import SAMPLES

TITLES = [
    "Mobile crisis not available nights and weekends", "No crisis stabilisation unit",
    "No transfer protocol from 911 to 988", "Sheriff deputies not CIT trained",
    "Co-responder covers only the city", "Screening results not shared with defense",
    "No pretrial services agency", "Mental health court waitlist", "No MOUD induction in jail",
    "Released at night with no medication", "No warm hand-off to community providers",
    "Technical violations for missed appointments", "No shared data across agencies",
    "Lack of supportive housing", "People with lived experience not on planning bodies",
]
# The sheet, in the order the board showed the candidates when counting began (all uncounted, so by
# title): System and Community votes. Later rows get more votes, so each Enter reorders the ranking.
SYSTEM = [0, 1, 0, 2, 1, 0, 3, 1, 2, 0, 4, 1, 3, 5, 6]  # 29 of the 30 the system table has
COMMUNITY = [1, 0, 2, 0, 1, 3, 0, 1, 2, 0, 1, 0, 4, 2, 6]  # 23 of 24


def tally_document() -> Document:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id="tb-s", name="System table", voters=10),
                        VotingTable(id="tb-c", name="Community table", voters=8)]
    ws.voting.votes_per_participant = 3
    ws.voting.candidates = [Candidate(id=f"c{n:02d}", title=title, intercepts=["X"])
                            for n, title in enumerate(TITLES)]
    ws.participants = [Participant(id="p1", name="Ana", table="system")]
    return Document(ws)


@pytest.fixture
def panel(qtbot) -> PrioritiesPanel:
    stack = QUndoStack()
    widget = PrioritiesPanel(tally_document(), stack)
    widget._test_stack = stack  # keep the stack alive as long as the panel
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.dispose()


def open_board(qtbot, panel: PrioritiesPanel, size: tuple[int, int] | None = None) -> VotingBoard:
    board = panel.show_board()
    qtbot.waitUntil(board.isVisible, timeout=2000)
    if size is not None:
        board.showNormal()
        board.setGeometry(QRect(0, 0, *size))
        qtbot.waitUntil(lambda: (board.width(), board.height()) == size, timeout=2000)
    qtbot.wait(20)  # the text is fitted to the size just after the resize
    board.fit_text()
    return board


def seen_title(board: VotingBoard) -> str:
    """The candidate on the row the facilitator sees the cursor on."""
    table = board.grid.table
    return table.item(table.currentRow(), 1).data(Qt.ItemDataRole.UserRole + 1)


def votes_of(panel: PrioritiesPanel, table_id: str) -> dict[str, int | None]:
    return {c.title: c.votes.get(table_id) for c in panel.document.items("candidates")}


def type_number(qtbot, board: VotingBoard, number: int) -> None:
    qtbot.keyClicks(board.grid.table, str(number))
    qtbot.keyClick(board.grid.table, Qt.Key.Key_Return)


def test_reading_a_tally_sheet_row_by_row_records_every_number_on_its_row(qtbot, panel) -> None:
    board = open_board(qtbot, panel)
    table = board.grid.table
    sheet = [board.grid.table.item(r, 1).data(Qt.ItemDataRole.UserRole + 1) for r in range(15)]
    assert sorted(sheet) == sorted(TITLES)
    board.grid.select_candidates([board.grid.row_ids()[0]], table_id="tb-s")
    # The system column: Down, number, Enter, row after row (pages turn as the cursor goes down).
    for row, number in enumerate(SYSTEM):
        if row:
            qtbot.keyClick(table, Qt.Key.Key_Down)
        assert seen_title(board) == sheet[row], f"row {row + 1} of the sheet"
        type_number(qtbot, board, number)
        assert board.grid.row_ids().index(board.grid.current_id()) == row  # the cursor did not jump
    # Tab to the community table, back to the top, and the same again.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert board.grid.vote_table_id() == "tb-c"
    qtbot.keyClick(table, Qt.Key.Key_Home)
    for row, number in enumerate(COMMUNITY):
        if row:
            qtbot.keyClick(table, Qt.Key.Key_Down)
        assert seen_title(board) == sheet[row]
        type_number(qtbot, board, number)
    assert votes_of(panel, "tb-s") == dict(zip(sheet, SYSTEM, strict=True))
    assert votes_of(panel, "tb-c") == dict(zip(sheet, COMMUNITY, strict=True))
    assert panel._test_stack.count() == 30  # one undo step per number, zeros included
    # No line is left over from the typing: the message says what was recorded, not "Enter to record".
    assert "Enter to record" not in board.message_text()
    assert "Recorded 6" in board.message_text()
    # Sorting is on demand (F5) and when the board is left: then the ranking is in rank order.
    qtbot.keyClick(table, Qt.Key.Key_F5)
    ranked = board.grid.ranked_rows()
    assert ranked[0] == ("1", sheet[-1], 12)  # the last row of the sheet has the most votes
    assert [int(rank) for rank, _, _ in ranked] == list(range(1, 16))
    assert seen_title(board) == sheet[-1]  # the cursor stayed on its candidate


def test_row_by_row_across_the_tables_with_tab(qtbot, panel) -> None:
    board = open_board(qtbot, panel)
    table = board.grid.table
    first, second = board.grid.row_ids()[:2]
    board.grid.select_candidates([first], table_id="tb-s")
    qtbot.keyClicks(table, "4")
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # records the 4 and goes to the community table
    assert board.grid.vote_table_id() == "tb-c" and board.grid.current_id() == first
    qtbot.keyClicks(table, "2")
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # past the last table: the next row's first table
    assert board.grid.vote_table_id() == "tb-s" and board.grid.current_id() == second
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert board.grid.vote_table_id() == "tb-c" and board.grid.current_id() == first
    doc = panel.document
    assert doc.get("candidates", first).votes == {"tb-s": 4, "tb-c": 2}
    assert doc.get("candidates", second).votes == {}
    assert panel._test_stack.count() == 2


def test_a_number_past_the_tables_budget_waits_for_a_second_enter(qtbot, panel) -> None:
    board = open_board(qtbot, panel)
    table = board.grid.table
    stack = panel._test_stack
    target = board.grid.row_ids()[3]
    board.grid.select_candidates([target], table_id="tb-s")
    type_number(qtbot, board, 30)  # meant 3: the system table has 30 votes in all; fine so far
    assert panel.document.get("candidates", target).votes == {"tb-s": 30}
    qtbot.keyClick(table, Qt.Key.Key_Down)
    other = board.grid.current_id()
    type_number(qtbot, board, 2)  # 32 of 30: asked first, not recorded
    assert panel.document.get("candidates", other).votes == {}
    assert stack.count() == 1
    message = board.message_text()
    assert "System table" in message and "32" in message and "30" in message and "Enter" in message
    assert table.item(table.currentRow(), 2).text().startswith("2")  # the number waits in its cell
    qtbot.keyClick(table, Qt.Key.Key_Down)  # moving on does not accept it, nor lose the question
    assert board.grid.current_id() == other and panel.document.get("candidates", other).votes == {}
    qtbot.keyClick(table, Qt.Key.Key_Escape)  # not recorded; the board stays
    assert board.isVisible() and panel.document.get("candidates", other).votes == {}
    assert "not recorded" in board.message_text()
    # The facilitator corrects the first number, then the second goes in without a question.
    qtbot.keyClick(table, Qt.Key.Key_Up)
    type_number(qtbot, board, 3)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    type_number(qtbot, board, 2)
    assert panel.document.get("candidates", other).votes == {"tb-s": 2}
    # A count that really is over the budget is recorded after the second Enter.
    type_number(qtbot, board, 40)
    assert panel.document.get("candidates", other).votes == {"tb-s": 2}
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert panel.document.get("candidates", other).votes == {"tb-s": 40}
    assert "\u26a0 System 43 of 30: over budget" in board.summary_text()
    # + past the budget asks too.
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert panel.document.get("candidates", other).votes == {"tb-s": 40}
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert panel.document.get("candidates", other).votes == {"tb-s": 41}
    assert stack.count() == 5


def test_no_budget_recorded_means_nothing_to_check(qtbot, panel) -> None:
    panel.document.update_section("voting", votes_per_participant=None)
    board = open_board(qtbot, panel)
    target = board.grid.row_ids()[0]
    board.grid.select_candidates([target], table_id="tb-s")
    type_number(qtbot, board, 99)
    assert panel.document.get("candidates", target).votes == {"tb-s": 99}


def test_blank_is_not_counted_zero_is_a_count_and_delete_clears(qtbot, panel) -> None:
    board = open_board(qtbot, panel)
    table = board.grid.table
    target = board.grid.row_ids()[0]
    board.grid.select_candidates([target], table_id="tb-c")
    column = board.grid.target_column()

    def cell() -> str:
        board.grid.flush()
        return table.item(table.currentRow(), column).text()

    assert cell() == ""  # not counted yet
    type_number(qtbot, board, 0)
    assert panel.document.get("candidates", target).votes == {"tb-c": 0}
    assert cell() == "0"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert panel.document.get("candidates", target).votes == {}
    assert cell() == ""
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.get("candidates", target).votes == {"tb-c": 0}


def test_undo_takes_back_the_last_number_and_the_rows_stay_put(qtbot, panel) -> None:
    board = open_board(qtbot, panel)
    table = board.grid.table
    order = board.grid.row_ids()
    last = order[-1]
    board.grid.select_candidates([last], table_id="tb-s")
    type_number(qtbot, board, 9)
    type_number(qtbot, board, 8)
    assert board.grid.row_ids() == order  # the ranking changed; the rows did not move
    assert board.grid.ranked_rows()[-1][0] == "1"  # the rank shown is live
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.get("candidates", last).votes == {"tb-s": 9}
    board.grid.flush()
    assert board.message_text().startswith("Undone: Votes for")  # not "Recorded 8": no longer true
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.get("candidates", last).votes == {}
    assert board.grid.row_ids() == order and board.grid.current_id() == last
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert panel.document.get("candidates", last).votes == {"tb-s": 9}
    qtbot.keyClick(table, Qt.Key.Key_Escape)  # leaving the board sorts the panel
    assert not board.isVisible()
    assert panel.grid.row_ids()[0] == last


# ------------------------------------------------------------------------------ what the room sees
def sample_panel(qtbot) -> PrioritiesPanel:
    stack = QUndoStack()
    widget = PrioritiesPanel(Document(load_workshop(SAMPLES / "riverbend.simmap")), stack)
    widget._test_stack = stack
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown_rows(board: VotingBoard) -> list[int]:
    """Rows drawn whole inside the table's viewport."""
    table = board.grid.table
    height = table.viewport().height()
    rows = []
    for row in range(table.rowCount()):
        if table.isRowHidden(row):
            continue
        top = table.rowViewportPosition(row)
        if top >= 0 and top + table.rowHeight(row) <= height:
            rows.append(row)
    return rows


def rows_cut_off(board: VotingBoard) -> list[int]:
    table = board.grid.table
    height = table.viewport().height()
    return [row for row in range(table.rowCount()) if not table.isRowHidden(row)
            and table.rowViewportPosition(row) < height
            and table.rowViewportPosition(row) + table.rowHeight(row) > height]


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_every_row_is_on_a_page_and_none_is_cut_off(qtbot, size: tuple[int, int]) -> None:
    panel = sample_panel(qtbot)
    board = open_board(qtbot, panel, size)
    table = board.grid.table
    seen: set[int] = set()
    for _ in range(board.grid.page_count()):
        assert rows_cut_off(board) == []
        seen.update(shown_rows(board))
        qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert seen == set(range(15))
    assert board.grid.page_count() == 1 or board.page_label.text().startswith("Page")
    panel.dispose()


def test_names_are_readable_from_the_back_of_the_room(qtbot) -> None:
    panel = sample_panel(qtbot)
    board = open_board(qtbot, panel, (1280, 720))
    table = board.grid.table
    for row in shown_rows(board):
        assert QFontMetrics(table.item(row, 1).font()).capHeight() >= 28
    panel.dispose()


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, two: QColor) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", [None, "dark", "high-contrast"])
def test_the_hint_line_has_enough_contrast(qtbot, panel, theme: str | None) -> None:
    board = open_board(qtbot, panel, (1280, 720))
    if theme is not None:  # a theme chosen while the board is up: the hint's colour follows it
        from intercept_mapper.ui.window.themes import build_palette

        board.setPalette(build_palette(theme))
    for label in (board.hint, board.message, board.page_label):
        group = QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled
        text = label.palette().color(group, label.foregroundRole())
        background = board.palette().color(QPalette.ColorGroup.Active, board.backgroundRole())
        assert contrast(text, background) >= 4.5, label.objectName()


def test_the_panels_table_headers_are_not_cut_short(qtbot) -> None:
    panel = sample_panel(qtbot)
    for width in (300, 380, 900):
        panel.resize(width, 600)
        qtbot.wait(20)
        panel.grid.flush()
        header = panel.grid.header
        for column in range(panel.table.columnCount()):
            if column == 1:
                continue
            text = panel.table.horizontalHeaderItem(column).text()
            needed = QFontMetrics(header.font()).horizontalAdvance(text) + 6
            # Lying flat in the column's width, or (a narrow dock) standing upright in the header's height.
            room = header.turned_room() if header.is_turned(column) else header.sectionSize(column)
            assert room >= needed, (width, text)
        assert panel.table.columnWidth(1) >= (120 if width >= 380 else 95)  # and the titles keep room
        table = panel.table
        for row in range(table.rowCount()):  # each title wrapped in full, none elided ("Lack of su...")
            item = table.item(row, 1)
            area = QRect(0, 0, table.columnWidth(1) - 7, 10_000)
            needed = QFontMetrics(item.font()).boundingRect(area, Qt.TextFlag.TextWordWrap, item.text())
            assert needed.height() <= table.rowHeight(row), (width, item.text())
    panel.dispose()


def test_the_panel_withdraws_a_recorded_line_that_an_undo_made_untrue(qtbot, panel) -> None:
    target = panel.grid.row_ids()[0]
    panel.select_candidates([target], table_id="tb-c")
    qtbot.keyClicks(panel.table, "5")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.message().startswith("Recorded 5 for")
    panel._test_stack.undo()  # from the Edit menu, say
    panel.grid.flush()
    assert panel.message() == ""


def test_tab_in_the_docked_panel_moves_between_tables_then_leaves(qtbot, panel) -> None:
    panel.table.setFocus()
    panel.select_candidates([panel.grid.row_ids()[0]], table_id="tb-s")
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    assert panel.vote_table_id() == "tb-c" and panel.table.currentRow() == 0
    tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert not panel.grid.handle_key(tab)  # past the last table: the key is left to move the focus on
