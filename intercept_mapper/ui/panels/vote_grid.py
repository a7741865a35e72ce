"""The live ranking with keyboard vote entry, shared by the priorities panel and the voting board.

Select a candidate and a voting table's column, type a number and press Enter (or pause); + and - add
or take away one vote; Delete makes the cell blank again ("not counted", which is not 0). Tab goes to
the next table (past the last, to the next row's first), Left and Right between tables.

Rows stay where they are while votes are entered, so that a tally sheet read row by row (Down, number,
Enter) puts every number on the row the facilitator sees; the rank column is live. The rows re-sort on
demand (F5, ``sort_now``), when candidates come, go or change, and when the owner says so (the board
is left). A number that takes a table past its vote budget waits for a second Enter.

Each change is one undo step; the grid follows the document's change notices, so the panel and the
on-screen board stay in step. It updates row by row, at most once per turn of the event loop (the
ranking runs once per turn): the cells that show something else change, rows come, go and move, and
only a change of the voting tables (its columns) rebuilds it. The board shows the rows a page at a
time (``set_paged``) so that none is ever cut off at the bottom of the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...model import Candidate, Change, Document
from ...model.candidate_edits import clear_votes, set_votes, table_budget, table_vote_total
from ...model.ranking import RankedCandidate, rank_candidates, rank_candidates_since
from ..commands import describe
from ..plain_text import plain
from .on_screen import on_screen
from .record_edit import RecordEdit, push_record_edit, sentence
from .redraw_pace import RedrawPace
from .vote_grid_header import VoteGridHeader

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = ID_ROLE + 1
TOTAL_ROLE = ID_ROLE + 2
REASON_ROLE = ID_ROLE + 3
COMMIT_DELAY_MS = 1200  # a pause after typing digits records them, as Enter does
VOTE_POINT_SIZE = 20
TITLE_POINT_SIZE = 13
REASON_POINT_SIZE = 12
MAX_TYPED_DIGITS = 4  # nobody casts ten thousand votes; a stuck key should not either
MIN_DIGITS = 3  # the number columns fit 999 at least (a workshop's totals), wider when a total needs it
ROW_AIR = 4  # pixels added to each row's height
NO_ROW_HINT = "Select a candidate, type its votes and press Enter; + and - add or take away one vote."
COMPACT_WIDTH = 560  # below this width (a dock beside the map) the numbers shrink and columns stay narrow
COMPACT_SHARE = 0.65  # text size in compact mode, relative to the full size
HEADER_PADDING = 14  # room round a column header's text (the style's margins), so that it never elides
NAVIGATION_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                   Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Tab,
                   Qt.Key.Key_Backtab)


class _RowView(NamedTuple):
    """What one candidate's row shows: the cells' texts, its title, total and the reason for its rank,
    whether its rank is a priority (in the top N, drawn bold), and whether it is excluded (dimmed)."""

    cand_id: str
    texts: tuple[str, ...]
    title: str
    total: int
    reason: str
    priority: bool
    excluded: bool


def _longest_increasing(values: list[int]) -> list[int]:
    """Indexes of a longest strictly increasing run (not necessarily adjacent) of ``values``: the rows
    that can stay where they are while the others move (O(n log n))."""
    tails: list[int] = []  # index into values of the smallest tail of a run of each length
    back: list[int] = [-1] * len(values)
    for n, value in enumerate(values):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if values[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        back[n] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(n)
        else:
            tails[low] = n
    run: list[int] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(at)
        at = back[at]
    return run[::-1]


def _rows_in_place(current: list[str], order: list[str]) -> set[str]:
    """The rows of ``current`` (each also in ``order``) that can stay while the others move: the rows
    the same at the top and at the bottom of both (one edit moves a few rows in the middle), then a
    longest run still in order among the rest."""
    top = 0
    while top < len(current) and top < len(order) and current[top] == order[top]:
        top += 1
    bottom = 0
    while (bottom < len(current) - top and bottom < len(order) - top
           and current[-1 - bottom] == order[-1 - bottom]):
        bottom += 1
    middle = current[top:len(current) - bottom]
    position = {cand_id: n for n, cand_id in enumerate(order)}
    staying = _longest_increasing([position[cand_id] for cand_id in middle])
    return {*current[:top], *current[len(current) - bottom:], *(middle[n] for n in staying)}


def _digits_needed(views: dict[str, _RowView]) -> int:
    """How many characters the widest rank, table count or total shown takes (never fewer than 3)."""
    widest = MIN_DIGITS
    for view in views.values():
        texts = view.texts
        widest = max(widest, len(texts[0]), *(len(text) for text in texts[2:]))
    return widest


def short_table_name(name: str) -> str:
    """A column header for a voting table: "System table" becomes "System" (the tooltip has it all)."""
    words = name.split()
    if len(words) > 1 and words[-1].casefold() == "table":
        words = words[:-1]
    return " ".join(words)


class _CutLineDelegate(QStyledItemDelegate):
    """Draws a thick rule under the last candidate that makes the top N (the priorities for change)."""

    def __init__(self, grid: VoteGrid) -> None:
        super().__init__(grid.table)
        self._grid = grid

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """The cell as usual, plus the rule under the cut row."""
        super().paint(painter, option, index)
        if index.row() == self._grid.table.currentRow() and index.column() == self._grid.target_column():
            # The cell typed numbers go to, outlined (not by colour alone) for the facilitator.
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.HighlightedText))
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(2, 2, -3, -3))
            painter.restore()
        if index.row() == self._grid.cut_row():
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.Text))
            pen.setWidth(max(3, option.rect.height() // 16))
            painter.setPen(pen)
            y = option.rect.bottom() - pen.width() // 2
            painter.drawLine(option.rect.left(), y, option.rect.right(), y)
            painter.restore()


class VoteGrid(QWidget):
    """Candidates with their live rank and votes per table, a live reason line, and keyboard entry."""

    sig_message = Signal(str)  # a refusal, what typing goes to, what was recorded
    sig_reason = Signal(str)  # the reason for the current candidate's rank changed
    sig_arrangement = Signal()  # the rows were sorted or held, or another page shows
    sig_pending_changed = Signal()  # digits typed (or a number waiting) that the document does not hold yet

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None,
                 on_reword: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._undo_stack = undo_stack
        self._on_reword = on_reword
        self._typed = ""
        self._vote_table_id: str | None = None
        self._row_ids: list[str] = []
        self._table_columns: list[str] = []  # voting table id of each vote column, in order
        self._cut_row = -1
        self._showing_typed = False  # a cell shows digits typed and not yet recorded
        self._typed_for: tuple[str | None, str | None] = (None, None)  # (candidate, table) typed for
        self._typed_title = ""
        # A number past its table's budget, waiting for a second Enter: (candidate, table, votes).
        self._pending: tuple[str, str, int] | None = None
        # The last number said to be recorded (candidate, table, votes; None: cleared): when an undo or
        # another view changes it, the message is withdrawn rather than left standing, untrue.
        self._last_record: tuple[str, str, int | None] | None = None
        self._resort = True  # the next redraw puts the rows in rank order
        # The candidates changed since this grid last ranked (titles aside, which change no candidate's
        # place, votes or reach): the ranking works out only theirs again. None: rank afresh.
        self._since_ranking: set[str] | None = None
        self._shown: dict[str, _RowView] = {}  # what each candidate's row shows now
        self._heights: dict[str, int] = {}  # each candidate's row height (its title wrapped)
        # Cells showing digits being typed or a number waiting ("17_", "9?"), not what _shown says.
        self._borrowed: set[tuple[str, int]] = set()
        self.rebuilds = 0  # whole redraws so far (tests pin that tallies never cause one)
        self.rows_updated = 0  # rows whose cells were changed in place so far (tests pin how few)
        self.heights_measured = 0  # row heights measured (titles word-wrapped) so far
        self._out_of_order = False  # the rows are held in entry order and the ranking has moved on
        self._paged = False
        self._pages: list[tuple[int, int]] = []  # (first row, row after the last) of each page
        self._page = 0
        self._trap_tab = False  # Tab past the last cell stays in the grid (the full-screen board)
        self._scale = 1.0
        self._compact = False
        self._digits = MIN_DIGITS  # the number columns are as wide as this many digits
        self._sizes = (VOTE_POINT_SIZE, TITLE_POINT_SIZE, REASON_POINT_SIZE)
        self._pixel_sizes: tuple[float, float, float, float] | None = None  # votes, title, reason, header
        self._build()
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._pace = RedrawPace(self._rebuild_timer, self._rebuild_if_shown, self)  # it runs the timer
        self._dirty = False  # a change arrived while hidden: redraw when shown
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self._check_compact)
        self.commit_timer = QTimer(self)
        self.commit_timer.setSingleShot(True)
        self.commit_timer.setInterval(COMMIT_DELAY_MS)
        self.commit_timer.timeout.connect(self.commit_typed)
        self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def dispose(self) -> None:
        """Stop listening to the document."""
        self._pace.dispose()
        self.commit_timer.stop()
        self._unsubscribe()

    def set_point_sizes(self, votes: float, title: float, reason: float) -> None:
        """Base font sizes (points) of the vote counts, the titles and the reason line."""
        self._sizes = (votes, title, reason)
        self._pixel_sizes = None
        self._apply_fonts()

    def set_pixel_sizes(self, votes: float, title: float, reason: float, header: float) -> None:
        """Font sizes in pixels (the board sizes its text to the screen): counts, titles, reason, headers."""
        self._pixel_sizes = (votes, title, reason, header)
        self._apply_fonts()

    def set_text_scale(self, factor: float) -> None:
        """Scale every text of the grid (presentation mode enlarges it)."""
        self._scale = max(0.5, float(factor))
        self._apply_fonts()

    def text_scale(self) -> float:
        """The current text scale."""
        return self._scale

    def vote_point_size(self) -> float:
        """The point size the vote counts are drawn at."""
        if self._pixel_sizes is not None:
            return self._pixel_sizes[0] * 72.0 / max(1, self.logicalDpiY())
        return self._sizes[0] * self._scale

    def set_paged(self, paged: bool, trap_tab: bool = False) -> None:
        """Show the rows a page at a time (PageUp and PageDown turn pages) instead of scrolling.

        With ``trap_tab`` (the full-screen board), Tab past the last voting table goes on to the next
        row's first table; otherwise it leaves the table.
        """
        self._paged = paged
        self._trap_tab = trap_tab
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if paged
                                              else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._fit_rows()

    def page_count(self) -> int:
        """Pages of rows (1 when every row fits, or when the grid scrolls instead)."""
        self.flush()
        return max(1, len(self._pages)) if self._paged else 1

    def page(self) -> int:
        """The page shown, from 0."""
        return self._page if self._paged else 0

    def page_rows(self) -> range:
        """The rows of the page shown (every row when the grid scrolls)."""
        self.flush()
        if self._paged and self._pages:
            return range(*self._pages[self._page])
        return range(self.table.rowCount())

    def show_page(self, page: int) -> None:
        """Show one page; the cursor goes to its first row when it was elsewhere."""
        if not self._paged or not self._pages:
            return
        page = max(0, min(page, len(self._pages) - 1))
        first, end = self._pages[page]
        row = self.table.currentRow()
        self._set_page(page)
        if not first <= row < end:
            self._move_to(first, self.table.currentColumn())

    def all_rows_fit(self) -> bool:
        """True when every row fits the height the table has (one page)."""
        heights = sum(self._row_heights)
        return heights <= self.table.viewport().height()

    def row_ids(self) -> list[str]:
        """Candidate ids top to bottom as shown (ranked or held in entry order, then excluded)."""
        self.flush()
        return list(self._row_ids)

    def cut_row(self) -> int:
        """The row of the last candidate in the top N (-1 when none is ranked, or rows are held)."""
        return self._cut_row

    def is_out_of_order(self) -> bool:
        """True while the rows are held in entry order and the ranking has changed (F5 sorts)."""
        self.flush()
        return self._out_of_order

    def sort_now(self) -> None:
        """Put the rows in rank order now, keeping the cursor on its candidate."""
        self.commit_typed()
        self._resort = True
        self._redraw()  # the rows that move, move

    def target_column(self) -> int:
        """The column of the table typed votes go to (the total when there is one table)."""
        return self._column_of_table(self.vote_table_id())

    def ranked_rows(self) -> list[tuple[str, str, int]]:
        """(rank text, title, total votes) of each row as shown, top to bottom."""
        self.flush()
        total_col = self.table.columnCount() - 1
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).data(TITLE_ROLE),
             int(self.table.item(r, total_col).data(TOTAL_ROLE)))
            for r in range(self.table.rowCount())
        ]

    def select_candidates(self, ids: list[str], table_id: str | None = None) -> None:
        """Select candidates by id; the current cell goes to ``table_id``'s column when given."""
        self.flush()
        self.table.clearSelection()
        column = self._column_of_table(table_id) if table_id else 1
        rows = [row for row, cand_id in enumerate(self._row_ids) if cand_id in ids]
        if rows:
            self._move_to(rows[0], column)
        for row in rows:
            self._add_row_to_selection(row)
        if table_id:
            self._vote_table_id = table_id

    def selected_ids(self) -> list[str]:
        """Ids of the selected candidates, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._row_ids[r] for r in rows if r < len(self._row_ids)]

    def current_id(self) -> str | None:
        """The candidate of the current row."""
        self.flush()
        row = self.table.currentRow()
        return self._row_ids[row] if 0 <= row < len(self._row_ids) else None

    def vote_table_id(self) -> str | None:
        """The voting table that typed numbers and +/- go to."""
        tables = [t.id for t in self._document.items("tables")]
        column = self.table.currentColumn()
        if 2 <= column < 2 + len(self._table_columns):
            return self._table_columns[column - 2]
        if self._vote_table_id in tables:
            return self._vote_table_id
        return tables[0] if tables else None

    def set_vote_table(self, table_id: str) -> None:
        """Send typed votes to this table (also moves the current cell to its column)."""
        self._vote_table_id = table_id
        row = self.table.currentRow()
        if row >= 0 and table_id in self._table_columns:
            self.table.setCurrentCell(row, self._column_of_table(table_id))

    def set_votes(self, candidate_id: str, table_id: str, votes: object) -> bool:
        """Record a table's votes for a candidate as one undo step; False (with a message) if refused."""
        cand = self._document.get("candidates", candidate_id)
        title = cand.title if cand is not None else candidate_id
        return self.push(lambda d: set_votes(d, candidate_id, table_id, votes), describe("Votes for", title))

    def record(self, candidate_id: str, table_id: str, votes: int, confirmed: bool = False) -> bool:
        """Record a number as typed: past the table's budget it waits for confirmation (False) first."""
        cand = self._document.get("candidates", candidate_id)
        table = self._document.get("tables", table_id)
        if cand is None or table is None:
            return self.set_votes(candidate_id, table_id, votes)  # refused, with the model's words
        ws = self._document.workshop
        old = cand.votes.get(table_id)
        budget = table_budget(ws, table)
        total = table_vote_total(ws, table_id) - (old or 0) + votes
        if not confirmed and budget is not None and votes > (old or 0) and total > budget:
            self._pending = (candidate_id, table_id, votes)
            self.sig_pending_changed.emit()
            self._show_pending_cell()
            self.say(f"\u26a0 Over budget: {votes} makes {total} votes at {table.name}, which has {budget} "
                     f"to give. Enter: record {votes} anyway \u00b7 Esc: leave it out \u00b7 or type the "
                     f"right number")
            return False
        if not self.set_votes(candidate_id, table_id, votes):
            return False
        self._last_record = (candidate_id, table_id, votes)
        if old == votes:
            self.say(f"'{cand.title}' already has {votes} at {table.name}.")
            return True
        count = f"{total} of {budget}" if budget is not None else str(total)
        self.say(f"Recorded {votes} for '{cand.title}' at {table.name} ({table.name} now has {count}).")
        return True

    def forget_last_record(self) -> None:
        """The owner says something else about the last number now (an undo): no need to withdraw it."""
        self._last_record = None

    def pending(self) -> tuple[str, str, int] | None:
        """The number waiting for confirmation (candidate, table, votes), if any."""
        return self._pending

    def confirm_pending(self) -> bool:
        """Record the number that was waiting for confirmation."""
        if self._pending is None:
            return False
        cand_id, table_id, votes = self._pending
        self._pending = None
        self.sig_pending_changed.emit()
        done = self.record(cand_id, table_id, votes, confirmed=True)
        if not done:
            self.rebuild()
        return done

    def cancel_pending(self, redraw_now: bool = True) -> bool:
        """Leave out the number that was waiting for confirmation; True when there was one."""
        if self._pending is None:
            return False
        cand_id, table_id, votes = self._pending
        self._pending = None
        self.sig_pending_changed.emit()
        cand = self._document.get("candidates", cand_id)
        table = self._document.get("tables", table_id)
        where = f" for '{cand.title}'" if cand is not None else ""
        at = f" at {table.name}" if table is not None else ""
        self.say(f"{votes}{where}{at} was not recorded.")
        if redraw_now:
            self.rebuild()  # the cell shows the recorded number again
        else:
            self._pace.now()
        return True

    def change_votes(self, delta: int) -> bool:
        """Add ``delta`` votes (+1 or -1) to the current candidate at the current table."""
        cand_id, table_id = self._current_target()
        if cand_id is None or table_id is None:
            self.say("Select a candidate first (arrow keys), then press + or -.")
            return False
        cand = self._document.get("candidates", cand_id)
        current = cand.votes.get(table_id, 0)
        if current + delta < 0:
            self.say(f"'{cand.title}' has no votes at this table to take away: votes cannot go below zero.")
            return False
        return self.record(cand_id, table_id, current + delta)

    def clear_current(self) -> bool:
        """Make the current cell blank: the table did not count this candidate (not the same as 0)."""
        cand_id, table_id = self._current_target()
        cand = self._document.get("candidates", cand_id) if cand_id else None
        table = self._document.get("tables", table_id) if table_id else None
        if cand is None or table is None:
            self.say("Select a candidate first (arrow keys), then press Delete to clear its count.")
            return False
        if table_id not in cand.votes:
            self.say(f"'{cand.title}' has no count at {table.name} to clear.")
            return False
        done = self.push(lambda d: clear_votes(d, cand_id, table_id), describe("Clear votes for", cand.title))
        if done:
            self._last_record = (cand_id, table_id, None)
            self.say(f"Cleared: '{cand.title}' is not counted at {table.name}.")
        return done

    def type_text(self, text: str) -> bool:
        """Type into the vote entry as from the keyboard (digits, or anything else to be refused)."""
        if text.isdigit():
            if not self._typed:
                # The number goes to the cell it was typed in, even if the ranking moves meanwhile.
                self._typed_for = self._current_target()
                cand = self._document.get("candidates", self._typed_for[0] or "")
                self._typed_title = cand.title if cand is not None else ""
            self._typed = (self._typed + text)[:MAX_TYPED_DIGITS]
            self._show_typed()
            self.commit_timer.start()
            self.sig_pending_changed.emit()
            return True
        self.say(f"'{text}' is not a number of votes: type digits (0-9), or + and - to add or take one.")
        return False

    def typed(self) -> str:
        """Digits typed and not yet recorded."""
        return self._typed

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """The number typed into a cell and not yet recorded (or waiting for a second Enter past the
        budget), as (collection, candidate id, fields) for a recovery copy: the candidate's votes with
        that number at its table. The document and the undo stack never see it."""
        if self._pending is not None:
            cand_id, table_id, votes = self._pending
        elif self._typed and None not in self._typed_for:
            cand_id, table_id = self._typed_for
            votes = int(self._typed)
        else:
            return []
        cand = self._document.get("candidates", cand_id)
        table = self._document.get("tables", table_id)
        if cand is None or table is None or cand.votes.get(table_id) == votes:
            return []
        return [("candidates", cand_id, {"votes": {**cand.votes, table_id: votes}})]

    def commit_typed(self) -> bool:
        """Record the number typed so far for the cell it was typed in (past the budget: ask first)."""
        self.commit_timer.stop()
        typed, self._typed = self._typed, ""
        if typed:
            self.sig_pending_changed.emit()  # recorded, waiting, or refused: no longer typed
        shown, self._showing_typed = self._showing_typed, False
        if not typed:
            if shown:
                self.rebuild()  # the cell shows the recorded number again
            return False
        cand_id, table_id = self._typed_for
        if cand_id is None or table_id is None:
            self.say("Select a candidate before typing its votes.")
            done = False
        elif self._document.get("candidates", cand_id) is None:
            self.say(f"'{self._typed_title}' is no longer a candidate (deleted or merged meanwhile): "
                     f"the {typed} votes were not recorded.")
            done = False
        else:
            done = self.record(cand_id, table_id, int(typed))
        if not done and shown and self._pending is None:
            self.rebuild()
        return done

    def cancel_typed(self) -> bool:
        """Forget the digits typed; True when there were some."""
        had = bool(self._typed)
        self._typed = ""
        self.commit_timer.stop()
        if had:
            self.sig_pending_changed.emit()
            self.say("Typing cancelled.")
            self.rebuild()  # the cell shows the recorded number again
        return had

    def reason_text(self) -> str:
        """The spoken reason for the current candidate's rank, as shown under the table."""
        self.flush()
        return self.reason.text()

    def push(self, apply: RecordEdit, text: str) -> bool:
        """Push a model edit as an undo step; a refusal is said, not raised."""
        error = push_record_edit(self._document, self._undo_stack, apply, text)
        if error:
            self.say(sentence(error))
            return False
        return True

    def say(self, message: str) -> None:
        """Tell the facilitator something (the owner shows it)."""
        self.sig_message.emit(message)

    def flush(self) -> None:
        """Redraw now if a change is waiting."""
        if self._pace.is_waiting() or self._dirty:
            self._redraw()

    def _redraw(self) -> None:
        # Only what changed changes (cells, rows inserted, removed or moved); a rebuild only when the
        # voting tables (the columns) changed.
        if not self._refresh_rows():
            self.rebuild()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        self.table.setAccessibleName("Candidate priorities with their rank")
        self.table.setAccessibleDescription(
            "Select a candidate, type its votes and press Enter; plus and minus add or remove one vote; "
            "Tab goes to the next voting table; F5 sorts by rank"
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes between voting tables (handle_key), then on
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.header = VoteGridHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        self.header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegate(_CutLineDelegate(self))
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.currentCellChanged.connect(self._on_current_cell)
        layout.addWidget(self.table, 1)
        self.reason = QLabel()
        self.reason.setObjectName("priorities_reason")
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # titles are user text
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        self._row_heights: list[int] = []
        self._apply_fonts()

    def is_compact(self) -> bool:
        """True while the grid is narrow: smaller numbers, narrow number columns (names upright, in full)."""
        return self._compact

    def _fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        vote_font, title_font, reason_font, header_font = (QFont(self.font()) for _ in range(4))
        if self._pixel_sizes is not None:
            for font, size in zip((vote_font, title_font, reason_font, header_font), self._pixel_sizes,
                                  strict=True):
                font.setPixelSize(max(6, round(size * self._scale)))
        else:
            share = COMPACT_SHARE if self._compact else 1.0
            votes, title, reason = (max(6.0, s * self._scale * share) for s in self._sizes)
            vote_font.setPointSizeF(votes)
            title_font.setPointSizeF(title)
            reason_font.setPointSizeF(reason)
            header_font.setPointSizeF(max(8.0, title * 0.8))
        vote_font.setBold(True)
        header_font.setBold(True)
        return vote_font, title_font, reason_font, header_font

    def _apply_fonts(self) -> None:
        _, _, reason_font, header_font = self._fonts()
        self.reason.setFont(reason_font)
        self.table.horizontalHeader().setFont(header_font)
        if hasattr(self, "_rebuild_timer"):
            self.rebuild()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """Catch up with changes made while hidden (a tab behind the inspector)."""
        super().showEvent(event)
        if self._dirty:
            self._redraw()

    def catch_up(self) -> None:
        """Redraw now if changes arrived while the grid was hidden (its dock's tab came forward)."""
        if self._dirty:
            self._redraw()

    def _rebuild_if_shown(self) -> None:
        # A hidden grid (its dock closed, or a tab behind the inspector) does not re-rank on every map
        # edit; it catches up when shown, in rank order (nobody was entering votes in it, so there is
        # no row to hold still).
        if on_screen(self):
            self._redraw()
        else:
            self._dirty = True
            self._resort = True

    def rebuild(self) -> None:
        """Redraw every row from the document, keeping the row order (unless a re-sort is due) and the
        cursor. Edits do not come here: ``_refresh_rows`` changes only the rows they change."""
        self._rebuild_timer.stop()
        self._pace.redrawn()
        self._dirty = False
        self._showing_typed = False
        self._borrowed.clear()
        self.rebuilds += 1
        self._since_ranking = None  # a rebuild from the document ranks afresh too
        ws = self._document.workshop
        keep = self._cursor()
        tables = ws.voting.tables
        several = len(tables) > 1
        self._table_columns = [t.id for t in tables] if several else []
        headers = self._headers()
        ranked, order, views = self._arrange()
        vote_font, title_font, _, header_font = self._fonts()
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for column in range(len(headers)):
            self.table.horizontalHeaderItem(column).setFont(header_font)
        self.table.horizontalHeaderItem(0).setToolTip("Rank (live, even while the rows are held for entry)")
        for column, table in enumerate(tables if several else [], start=2):
            self.table.horizontalHeaderItem(column).setToolTip(
                plain(f"Votes from {table.name}: select a cell in this column to type them"))
        self.table.setRowCount(len(order))
        self._shown = {}
        for row_n, cand_id in enumerate(order):
            self._fill_row(row_n, views[cand_id], vote_font, title_font)
        self._digits = _digits_needed(views)
        self._size_columns(vote_font)
        self._fit_rows()
        self._restore_cursor(*keep)
        self._after_redraw()

    def _headers(self) -> list[str]:
        tables = self._document.workshop.voting.tables
        return ["Rank", "Candidate", *([short_table_name(t.name) for t in tables] if len(tables) > 1 else []),
                "Votes"]

    def _arrange(self) -> tuple[list[RankedCandidate], list[str], dict[str, _RowView]]:
        """Rank, and put the rows in order: rank order when a re-sort is due, else held where they are
        (a newcomer, only from elsewhere, at the end); what each row shows. Sets the cut and the order
        state."""
        ws = self._document.workshop
        changed = self._since_ranking
        ranked = rank_candidates(ws) if changed is None else rank_candidates_since(ws, changed)
        self._since_ranking = set()
        excluded = sorted((c for c in ws.voting.candidates if c.excluded),
                          key=lambda c: (c.title.casefold(), c.id))
        in_rank_order = [r.candidate_id for r in ranked] + [c.id for c in excluded]
        if self._resort or not self._row_ids:
            order = in_rank_order
        else:
            shown = set(in_rank_order)
            held = [cand_id for cand_id in self._row_ids if cand_id in shown]
            known = set(held)
            order = held + [cand_id for cand_id in in_rank_order if cand_id not in known]
        self._resort = False
        self._row_ids = order
        self._out_of_order = order != in_rank_order
        top_n = min(len(ranked), ws.voting.top_n)
        self._cut_row = -1 if self._out_of_order else top_n - 1
        ranked_by_id = {r.candidate_id: (n, r) for n, r in enumerate(ranked)}
        candidates = {c.id: c for c in ws.voting.candidates}
        views = {cand_id: self._row_view(candidates[cand_id], ranked_by_id, len(ranked), top_n)
                 for cand_id in order}
        return ranked, order, views

    def _row_view(self, cand: Candidate, ranked_by_id: dict[str, tuple[int, RankedCandidate]],
                  ranked_count: int, top_n: int) -> _RowView:
        # Made for every row at every redraw (compared with what the row shows): kept lean.
        found = ranked_by_id.get(cand.id)
        votes = cand.votes
        if found is not None:
            position, ranked_item = found
            rank, reason, total = str(ranked_item.rank), ranked_item.reason, ranked_item.votes
        else:
            position, rank, total = ranked_count, "\u2013", cand.total_votes()
            reason = "Excluded from the ranking"
        excluded = cand.excluded
        title = cand.title + "  (excluded)" if excluded else cand.title
        total_text = str(total) if votes else ""
        if self._table_columns:
            # A blank cell: that table did not count this candidate (0 is a count).
            texts = (rank, title, *[str(votes[t]) if t in votes else "" for t in self._table_columns],
                     total_text)
        else:
            texts = (rank, title, total_text)
        return _RowView(cand.id, texts, cand.title, total, reason, position < top_n, excluded)

    def _fill_row(self, row: int, view: _RowView, vote_font: QFont, title_font: QFont) -> None:
        """Make the items of a row that has none (a rebuild, or a row inserted)."""
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        self._shown[view.cand_id] = view
        for column, text in enumerate(view.texts):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, view.cand_id)
            item.setData(TITLE_ROLE, view.title)
            if column in (0, len(view.texts) - 1):  # the rank's and the total's cells: see _update_row
                item.setData(TOTAL_ROLE, view.total)
            if column == 0:
                item.setData(REASON_ROLE, view.reason)
                item.setToolTip(plain(view.reason))  # reasons quote titles; every cell's tooltip
            if column == 1:
                item.setFont(title_font)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            else:
                font = QFont(vote_font)
                if column == 0 and not view.priority:
                    font.setBold(False)  # not (yet) a priority: only the top N ranks are bold
                item.setFont(font)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if view.excluded:
                item.setForeground(dim)
            self.table.setItem(row, column, item)

    def _update_row(self, row: int, view: _RowView, before: _RowView) -> None:
        """Change the cells of a row whose candidate shows something else now (and only those): a rank
        moved by one edit above it changes one cell, whose item alone is looked up and set."""
        self._shown[view.cand_id] = view
        table = self.table
        self.rows_updated += 1
        if view.texts[1:] == before.texts[1:] and view[2:] == before[2:]:
            table.item(row, 0).setText(view.texts[0])  # only the rank (the commonest change by far)
            return
        # Any change to an item repaints its cell: the reason (which changes with nearly every tally) is
        # kept on the row's first cell alone, the total on the rank's and the total's cells, whose texts
        # change with it; a title cell, word-wrapped and the dearest to paint, repaints for its title.
        last = len(view.texts) - 1
        if view.reason != before.reason:
            table.item(row, 0).setData(REASON_ROLE, view.reason)
            table.item(row, 0).setToolTip(plain(view.reason))
        for column, text in enumerate(view.texts):
            item = table.item(row, column)
            if text != before.texts[column]:
                item.setText(text)
            if view.total != before.total and column in (0, last):
                item.setData(TOTAL_ROLE, view.total)
            if view.title != before.title:
                item.setData(TITLE_ROLE, view.title)
            if view.excluded != before.excluded:
                item.setForeground(QBrush(self.palette().color(QPalette.ColorGroup.Disabled,
                                                               QPalette.ColorRole.Text))
                                   if view.excluded else QBrush())
        if view.priority != before.priority:
            font = table.item(row, 0).font()
            font.setBold(view.priority)  # only the top N ranks are bold
            table.item(row, 0).setFont(font)

    def _refresh_rows(self) -> bool:
        """Bring the rows to what the document says by changing only what differs: rows of candidates
        gone are removed, newcomers inserted, rows that moved in the ranking (a re-sort) moved, and the
        cells that show something else changed; Qt's view repaints those. False when the columns
        differ (a voting table came, went or was renamed): then the caller rebuilds."""
        table = self.table
        tables = self._document.workshop.voting.tables
        columns = [t.id for t in tables] if len(tables) > 1 else []
        headers = self._headers()
        if (columns != self._table_columns or table.columnCount() != len(headers)
                or table.rowCount() != len(self._row_ids) or table.rowCount() == 0
                or [table.horizontalHeaderItem(c).text() for c in range(len(headers))] != headers):
            return False
        self._rebuild_timer.stop()
        self._pace.redrawn()
        self._dirty = False
        self._showing_typed = False
        for cand_id, column in self._borrowed:  # back to what they hold (typing shows again below)
            if cand_id in self._shown and cand_id in self._row_ids:
                table.item(self._row_ids.index(cand_id), column).setText(self._shown[cand_id].texts[column])
        self._borrowed.clear()
        keep = self._cursor()
        before_ids, cut_row = list(self._row_ids), self._cut_row
        _ranked, order, views = self._arrange()
        vote_font, title_font, _, _ = self._fonts()
        table.blockSignals(True)
        placed = self._move_rows(before_ids, order, views, vote_font, title_font)
        metrics = self._row_metrics()
        for row, cand_id in enumerate(order):
            view, before = views[cand_id], self._shown.get(cand_id)
            if before is not None and view != before:
                self._update_row(row, view, before)
            if row in placed or (before is not None and view.texts[1] != before.texts[1]):
                self._heights[cand_id] = self._row_height(view.texts[1], metrics)
                table.setRowHeight(row, self._heights[cand_id])
        for cand_id in set(before_ids) - set(order):
            self._shown.pop(cand_id, None)
            self._heights.pop(cand_id, None)
        self._row_heights = [self._heights[cand_id] for cand_id in order]
        digits = _digits_needed(views)
        if digits != self._digits:  # a total of 1,000 would show as "1..." in a column sized for 999
            self._digits = digits
            self._size_columns(vote_font)
        self._paginate()
        self._restore_cursor(*keep)
        if self._cut_row != cut_row:
            table.viewport().update()  # the rule under the top N moved (or went, while rows are held)
        self._after_redraw()
        return True

    def _move_rows(self, before: list[str], order: list[str], views: dict[str, _RowView],
                   vote_font: QFont, title_font: QFont) -> set[int]:
        """Turn the rows ``before`` into ``order``: remove the candidates gone, take out the rows that
        moved and put them back where they go now, insert newcomers. The rows that keep their order
        (the longest run of rows still in order) are not touched. Returns the rows put in."""
        table = self.table
        wanted = set(order)
        current = list(before)
        for row in reversed(range(len(current))):
            if current[row] not in wanted:
                table.removeRow(row)
                del current[row]
        kept = _rows_in_place(current, order)
        taken: dict[str, list[QTableWidgetItem]] = {}
        columns = table.columnCount()
        for row in reversed(range(len(current))):
            if current[row] not in kept:
                taken[current[row]] = [table.takeItem(row, column) for column in range(columns)]
                table.removeRow(row)
                del current[row]
        placed: set[int] = set()
        for row, cand_id in enumerate(order):
            if row < len(current) and current[row] == cand_id:
                continue
            table.insertRow(row)
            current.insert(row, cand_id)
            placed.add(row)
            if cand_id in taken:
                for column, item in enumerate(taken[cand_id]):
                    table.setItem(row, column, item)
            else:
                self._fill_row(row, views[cand_id], vote_font, title_font)
        return placed

    def _cursor(self) -> tuple[str | None, int, set[str]]:
        row = self.table.currentRow()
        current = self._row_ids[row] if 0 <= row < len(self._row_ids) else None
        return current, max(self.table.currentColumn(), 1), set(self.selected_ids())

    def _restore_cursor(self, current: str | None, column: int, selected: set[str]) -> None:
        """The cursor and the selection back on their candidates, wherever their rows are now."""
        table = self.table
        table.blockSignals(True)
        table.clearSelection()
        if current not in self._row_ids:
            table.setCurrentIndex(QModelIndex())  # its candidate went (as after a rebuild): no cursor
        for row_n, cand_id in enumerate(self._row_ids):
            if cand_id == current:
                self._set_page(self._page_of(row_n))
                table.setCurrentCell(row_n, min(column, table.columnCount() - 1))
        for row_n, cand_id in enumerate(self._row_ids):
            if cand_id in selected:
                self._add_row_to_selection(row_n)
        table.blockSignals(False)

    def _after_redraw(self) -> None:
        self._show_reason(self.table.currentRow())
        if self._typed:
            self._show_typed_cell()  # a redraw while typing keeps the digits in view
        if self._pending is not None:
            self._show_pending_cell()
        self._withdraw_untrue_record()
        self.sig_arrangement.emit()

    def _withdraw_untrue_record(self) -> None:
        if self._last_record is None:
            return
        cand_id, table_id, votes = self._last_record
        cand = self._document.get("candidates", cand_id)
        if cand is None or cand.votes.get(table_id) != votes:
            self._last_record = None
            self.say("")

    def _size_columns(self, vote_font: QFont) -> None:
        # Widths from font metrics, not from measuring every cell (a map can have 2,000 candidates).
        # A name is never elided ("Syst..." tells nobody which table it is): the column is as wide as
        # its name, or in a narrow dock as narrow as its numbers with the name standing upright.
        header = self.header
        header.setMinimumSectionSize(8)
        digits = QFontMetricsF(vote_font).horizontalAdvance("8" * self._digits) + (8 if self._compact else 12)
        header_metrics = QFontMetricsF(header.font())
        numbers = [column for column in range(self.table.columnCount()) if column != 1]
        header.set_turned(set(numbers) if self._compact else set())
        for column in range(self.table.columnCount()):
            if column == 1:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            width = digits if column else digits * 0.75
            if self._compact:  # the name stands upright: a line of it across
                width = max(width, header_metrics.height() + 8)
            else:
                label = self.table.horizontalHeaderItem(column).text()
                width = max(width, header_metrics.horizontalAdvance(label) + HEADER_PADDING)
            header.resizeSection(column, int(width + 0.5))

    def _fit_rows(self) -> None:
        # Rows as tall as their titles wrapped to the width the title column will have, plus a little
        # air (and room for the cut line); on the board, then cut into pages of whole rows. Measured
        # here rather than by the view, whose stretched column may not have its new width yet (a
        # title measured too wide is drawn elided: "Lack of supportive ...").
        metrics = self._row_metrics()
        self._row_heights = []
        self._heights = {}
        for row in range(self.table.rowCount()):
            self.table.setRowHidden(row, False)
            item = self.table.item(row, 1)
            height = self._row_height(item.text() if item is not None else "", metrics)
            self.table.setRowHeight(row, height)
            self._row_heights.append(height)
            if row < len(self._row_ids):
                self._heights[self._row_ids[row]] = height
        self._paginate()

    def _row_metrics(self) -> tuple[QFontMetrics, int, int, int]:
        """(title font metrics, the title column's text width, the least row height, the margin)."""
        header = self.header
        fixed = sum(header.sectionSize(c) for c in range(self.table.columnCount()) if c != 1)
        margin = self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1
        width = max(40, self.table.viewport().width() - fixed - 2 * margin - 2)  # less the grid line
        vote_font, title_font, _, _ = self._fonts()
        titles = QFontMetrics(title_font)
        return titles, width, max(QFontMetrics(vote_font).height(), titles.height()), margin

    def _row_height(self, title: str, metrics: tuple[QFontMetrics, int, int, int]) -> int:
        titles, width, least, margin = metrics
        self.heights_measured += 1
        needed = titles.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, title).height()
        return max(least, needed) + 2 * margin + ROW_AIR

    def _paginate(self) -> None:
        if not self._paged:
            self._pages = []
            self._page = 0
            return
        room = max(1, self.table.viewport().height())
        pages: list[tuple[int, int]] = []
        first, used = 0, 0
        for row, height in enumerate(self._row_heights):
            if row > first and used + height > room:
                pages.append((first, row))
                first, used = row, 0
            used += height
        if self._row_heights:
            pages.append((first, len(self._row_heights)))
        self._pages = pages
        self._set_page(self._page_of(self.table.currentRow()))

    def _page_of(self, row: int) -> int:
        for page, (first, end) in enumerate(self._pages):
            if first <= row < end:
                return page
        return min(self._page, max(0, len(self._pages) - 1))

    def _set_page(self, page: int) -> None:
        if not self._paged or not self._pages:
            return
        page = max(0, min(page, len(self._pages) - 1))
        first, end = self._pages[page]
        self.table.setUpdatesEnabled(False)
        for row in range(self.table.rowCount()):
            self.table.setRowHidden(row, not first <= row < end)
        self.table.setUpdatesEnabled(True)
        self.table.verticalScrollBar().setValue(0)
        changed = page != self._page
        self._page = page
        if changed:
            self.sig_arrangement.emit()

    def _check_compact(self) -> None:
        compact = (self._pixel_sizes is None and self.table.viewport().width() < COMPACT_WIDTH
                   and self._sizes[0] <= VOTE_POINT_SIZE)
        if compact != self._compact:
            self._compact = compact
            self._apply_fonts()
        else:
            self._fit_rows()

    def _add_row_to_selection(self, row: int) -> None:
        model = self.table.selectionModel()
        index = self.table.model().index(row, 0)
        model.select(index, model.SelectionFlag.Select | model.SelectionFlag.Rows)

    # ------------------------------------------------------------------ keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keys on the table enter votes; a resize re-wraps the titles."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self.handle_key(event)  # type: ignore[arg-type]
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._rows_timer.start()  # titles wrap to the new width: row heights follow
        if watched is self.table.viewport() and event.type() == QEvent.Type.ToolTip:
            # Every cell of a row tells why it ranks where it does: the reason, kept on the first cell.
            item = self.table.itemAt(event.pos())
            reason = self.table.item(item.row(), 0).toolTip() if item is not None else ""
            if reason:
                QToolTip.showText(event.globalPos(), reason, self.table.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Digits, Enter, Backspace, Delete, Escape, + and -, Tab, F5 (and F2 to reword); True when used."""
        key, text = event.key(), event.text()
        plain_key = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.AltModifier
                                             | Qt.KeyboardModifier.ShiftModifier)
        if self._pending is not None:
            return self._key_while_pending(key, text)
        if text.isdigit() and len(text) == 1:
            return self.type_text(text)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typed:
            self.commit_typed()
            return True
        if key == Qt.Key.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
            self._show_typed()
            self.commit_timer.start()
            self.sig_pending_changed.emit()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain_key:
            self.clear_current()
            return True
        if key == Qt.Key.Key_Escape and self._typed:
            return self.cancel_typed()
        if key == Qt.Key.Key_F5:
            self.sort_now()
            self.say("Sorted by rank.")
            return True
        if key in NAVIGATION_KEYS and (plain_key or key == Qt.Key.Key_Backtab):
            if self._typed:
                self.commit_typed()
                if self._pending is not None:
                    return True  # the cursor stays on the number that waits for a second Enter
            return self._navigate(key)
        if text in ("+", "=", "-"):
            self.commit_typed()
            if self._pending is None:
                self.change_votes(-1 if text == "-" else 1)
            return True
        if key == Qt.Key.Key_F2 and self._on_reword is not None:
            self._on_reword()
            return True
        if text and text.isprintable() and not text.isspace() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return self.type_text(text)  # a letter or a sign where a number is expected: say so
        return False

    def _key_while_pending(self, key: int, text: str) -> bool:
        # A number past the budget waits: Enter records it, Escape leaves it out, digits start a
        # corrected number for the same cell; other keys are held until the question is answered.
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm_pending()
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel_pending()
            return True
        cand_id, table_id, votes = self._pending
        if (text.isdigit() and len(text) == 1) or key == Qt.Key.Key_Backspace:
            self._pending = None
            self._typed_for = (cand_id, table_id)
            cand = self._document.get("candidates", cand_id)
            self._typed_title = cand.title if cand is not None else ""
            self._typed = str(votes)[:-1] if key == Qt.Key.Key_Backspace else ""
            if text.isdigit() and len(text) == 1:
                self._typed += text
            self._show_typed()
            self.commit_timer.start()
            self.sig_pending_changed.emit()
            return True
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            return False
        self.say(f"\u26a0 {votes} is past the table's budget: Enter records it anyway, Esc leaves it out.")
        return True

    def _navigate(self, key: int) -> bool:
        row, column = self.table.currentRow(), self.table.currentColumn()
        rows = self.table.rowCount()
        if rows == 0:
            return False
        row = max(row, 0)
        table_cols = [2 + n for n in range(len(self._table_columns))] or [self.table.columnCount() - 1]
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = key in (Qt.Key.Key_Tab, Qt.Key.Key_Right)
            if column not in table_cols:
                target = (row, table_cols[0] if forward else table_cols[-1])
            else:
                at = table_cols.index(column) + (1 if forward else -1)
                if 0 <= at < len(table_cols):
                    target = (row, table_cols[at])
                elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                    return True  # the first or last table: nowhere further on this row
                elif not self._trap_tab:
                    return False  # in a panel, Tab past the last table leaves the table (no trap)
                elif 0 <= row + (1 if forward else -1) < rows:
                    target = (row + (1 if forward else -1), table_cols[0] if forward else table_cols[-1])
                else:
                    return True  # past the board's last cell: nowhere to go
            self._move_to(*target)
            return True
        if not self._paged:
            return False  # the table's own Up, Down, PageUp, PageDown, Home and End scroll it
        if key == Qt.Key.Key_Up:
            target_row = max(0, row - 1)
        elif key == Qt.Key.Key_Down:
            target_row = min(rows - 1, row + 1)
        elif key == Qt.Key.Key_Home:
            target_row = 0
        elif key == Qt.Key.Key_End:
            target_row = rows - 1
        else:  # a page up or down; the cursor goes to the first row of that page
            page = self._page_of(row) + (1 if key == Qt.Key.Key_PageDown else -1)
            if page >= len(self._pages):
                target_row = rows - 1
            elif page < 0:
                target_row = 0
            else:
                target_row = self._pages[page][0]
        self._move_to(target_row, column if column >= 0 else table_cols[0])
        return True

    def _move_to(self, row: int, column: int) -> None:
        self._set_page(self._page_of(row))
        self.table.setCurrentCell(row, column)

    def _show_typed(self) -> None:
        cand_id, table_id = self._typed_for
        table = self._document.get("tables", table_id) if table_id else None
        cand = self._document.get("candidates", cand_id) if cand_id else None
        if cand is not None and table is not None:
            self.say(f"Votes for '{cand.title}' at {table.name}: {self._typed or '_'} (Enter to record)")
            self._show_typed_cell()
        elif cand is None:
            self.say("Select a candidate before typing its votes.")

    def _show_typed_cell(self) -> None:
        # The number appears where it will go, so that the room sees it being typed.
        cand_id, table_id = self._typed_for
        self._show_in_cell(cand_id, table_id, f"{self._typed}_" if self._typed else "_")

    def _show_pending_cell(self) -> None:
        if self._pending is not None:
            cand_id, table_id, votes = self._pending
            self._show_in_cell(cand_id, table_id, f"{votes}?")

    def _show_in_cell(self, cand_id: str | None, table_id: str | None, text: str) -> None:
        if cand_id not in self._row_ids:
            return
        column = self._column_of_table(table_id)
        item = self.table.item(self._row_ids.index(cand_id), column)
        if item is not None:
            item.setText(text)
            self._showing_typed = True
            self._borrowed.add((cand_id, column))

    # ------------------------------------------------------------------ internals
    def _current_target(self) -> tuple[str | None, str | None]:
        return self.current_id(), self.vote_table_id()

    def _column_of_table(self, table_id: str | None) -> int:
        if table_id in self._table_columns:
            return 2 + self._table_columns.index(table_id)
        return self.table.columnCount() - 1

    def _show_reason(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        text = f"{item.data(TITLE_ROLE)}: {item.data(REASON_ROLE)}" if item is not None else NO_ROW_HINT
        if text != self.reason.text():
            self.reason.setText(text)
        self.sig_reason.emit(text)

    def _on_current_cell(self, row: int, column: int, old_row: int, old_column: int) -> None:
        moved = (row, column) != (old_row, old_column)
        if moved and self._pending is not None:
            # A click elsewhere: the number that waited is left out, and that is said.
            self.cancel_pending(redraw_now=False)
        if self._typed and moved:
            # Moving away records what was typed, for the cell it was typed in; past the budget the
            # cursor stays there for the answer.
            self.commit_typed()
            if self._pending is not None:
                self.table.blockSignals(True)
                self.table.setCurrentCell(old_row, old_column)
                self.table.blockSignals(False)
                return
        self._show_reason(row)
        if 2 <= column < 2 + len(self._table_columns):
            self._vote_table_id = self._table_columns[column - 2]
        if self._paged and row >= 0 and self._pages and self._page_of(row) != self._page:
            self._set_page(self._page_of(row))

    def _note_for_ranking(self, change: Change) -> None:
        """Which candidates ``change`` concerns, for the next ranking (None: anything may have moved)."""
        changed = self._since_ranking
        if changed is None:
            return
        if (change.action == "update" and change.collection in ("candidates", "points")
                and change.fields <= {"title"}):
            return  # titles: only the order among equals and the reasons, which are made again anyway
        if change.collection == "candidates" and change.ids:
            changed.update(change.ids)
        elif change.collection == "findings" and change.ids:
            ids = set(change.ids)  # a gap moved, came or went: the candidates holding it
            changed.update(c.id for c in self._document.workshop.voting.candidates
                           if ids.intersection(c.gap_ids))
        else:
            self._since_ranking = None  # the map's graph, the tables, the scheme: rank afresh

    def _on_change(self, change: Change) -> None:
        if (change.collection in ("findings", "points", "flows") and change.action == "update"
                and not change.touches_graph and not change.fields & {"title", "kind"} - (
                    {"title"} if change.collection == "findings" else set())):
            return  # the ranking reads the map's graph, points' titles and gaps' kinds, nothing else of it
        if change.collection == "findings" and change.action in ("insert", "remove") and not (
                set(change.ids) & {g for c in self._document.workshop.voting.candidates for g in c.gap_ids}):
            # A finding no candidate holds (a resource, or a gap before it becomes one) ranks nothing:
            # the ranking reads findings only through candidates' gaps, whose own changes come too.
            return
        if change.collection in ("candidates", "tables", "findings", "points", "flows", "voting", "scheme",
                                 "document"):
            self._note_for_ranking(change)
            # Votes entered (or undone) keep the rows where they are; anything else re-sorts.
            if change.collection == "candidates" and change.action == "update" and change.fields <= {"votes"}:
                self._pace.soon()  # a tally: a stream of them (a room's ballots) redraws a few times a second
            else:
                self._resort = True
                self._pace.now()
