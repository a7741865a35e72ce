"""The live ranking with keyboard vote entry, shared by the priorities panel and the voting board.

Select a candidate (and, with several voting tables, a table's column), type a number and press Enter
(or pause), or press + and - to add or take away one vote. Each change is one undo step; the grid
redraws from the document's change notices, so the panel and the on-screen board stay in step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QKeyEvent, QPainter, QPalette, QPen, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Change, Document
from ...model.candidate_edits import set_votes
from ...model.ranking import rank_candidates
from ..commands import describe
from ..plain_text import plain
from .record_edit import RecordEdit, push_record_edit, sentence

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = ID_ROLE + 1
COMMIT_DELAY_MS = 1200  # a pause after typing digits records them, as Enter does
VOTE_POINT_SIZE = 20
TITLE_POINT_SIZE = 13
REASON_POINT_SIZE = 12
MAX_TYPED_DIGITS = 4  # nobody casts ten thousand votes; a stuck key should not either
ROW_AIR = 4  # pixels added to each row's height
NO_ROW_HINT = "Select a candidate, type its votes and press Enter; + and - add or take away one vote."
COMPACT_WIDTH = 560  # below this width (a dock beside the map) the numbers shrink and columns stay narrow
COMPACT_SHARE = 0.65  # text size in compact mode, relative to the full size


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
        if index.column() == self._grid.target_column() and index.row() == self._grid.table.currentRow():
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
    """Candidates in rank order with their votes per table, a live reason line, and keyboard entry."""

    sig_message = Signal(str)  # a refusal, or what typing goes to

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
        self._scale = 1.0
        self._compact = False
        self._sizes = (VOTE_POINT_SIZE, TITLE_POINT_SIZE, REASON_POINT_SIZE)
        self._build()
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self._rebuild_if_shown)
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
        self._rebuild_timer.stop()
        self.commit_timer.stop()
        self._unsubscribe()

    def set_point_sizes(self, votes: float, title: float, reason: float) -> None:
        """Base font sizes (points) of the vote counts, the titles and the reason line."""
        self._sizes = (votes, title, reason)
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
        return self._sizes[0] * self._scale

    def row_ids(self) -> list[str]:
        """Candidate ids top to bottom as shown (ranked, then excluded)."""
        self.flush()
        return list(self._row_ids)

    def cut_row(self) -> int:
        """The row of the last candidate in the top N (-1 when none is ranked)."""
        return self._cut_row

    def target_column(self) -> int:
        """The column of the table typed votes go to (the total when there is one table)."""
        return self._column_of_table(self.vote_table_id())

    def ranked_rows(self) -> list[tuple[str, str, int]]:
        """(rank text, title, total votes) of each row as shown, top to bottom."""
        self.flush()
        total_col = self.table.columnCount() - 1
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).data(TITLE_ROLE),
             int(self.table.item(r, total_col).text()))
            for r in range(self.table.rowCount())
        ]

    def select_candidates(self, ids: list[str], table_id: str | None = None) -> None:
        """Select candidates by id; the current cell goes to ``table_id``'s column when given."""
        self.flush()
        self.table.clearSelection()
        column = self._column_of_table(table_id) if table_id else 1
        rows = [row for row, cand_id in enumerate(self._row_ids) if cand_id in ids]
        if rows:
            self.table.setCurrentCell(rows[0], column)
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
        return self.set_votes(cand_id, table_id, current + delta)

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
            return True
        self.say(f"'{text}' is not a number of votes: type digits (0-9), or + and - to add or take one.")
        return False

    def typed(self) -> str:
        """Digits typed and not yet recorded."""
        return self._typed

    def commit_typed(self) -> bool:
        """Record the number typed so far for the current candidate and table."""
        self.commit_timer.stop()
        typed, self._typed = self._typed, ""
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
            done = self.set_votes(cand_id, table_id, int(typed))
        if not done and shown:
            self.rebuild()
        return done

    def cancel_typed(self) -> bool:
        """Forget the digits typed; True when there were some."""
        had = bool(self._typed)
        self._typed = ""
        self.commit_timer.stop()
        if had:
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
        if self._rebuild_timer.isActive() or self._dirty:
            self.rebuild()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        self.table.setAccessibleName("Candidate priorities in rank order")
        self.table.setAccessibleDescription(
            "Select a candidate, type its votes and press Enter; plus and minus add or remove one vote"
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
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
        self._apply_fonts()

    def is_compact(self) -> bool:
        """True while the grid is narrow: smaller numbers, narrow vote columns (headers elided)."""
        return self._compact

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        share = COMPACT_SHARE if self._compact else 1.0
        votes, title, reason = (max(6.0, s * self._scale * share) for s in self._sizes)
        vote_font = QFont(self.font())
        vote_font.setPointSizeF(votes)
        vote_font.setBold(True)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title)
        reason_font = QFont(self.font())
        reason_font.setPointSizeF(reason)
        return vote_font, title_font, reason_font

    def _apply_fonts(self) -> None:
        _, title_font, reason_font = self._fonts()
        self.reason.setFont(reason_font)
        header_font = QFont(title_font)
        header_font.setPointSizeF(max(8.0, title_font.pointSizeF() * 0.8))
        self.table.horizontalHeader().setFont(header_font)
        if hasattr(self, "_rebuild_timer"):
            self.rebuild()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """Catch up with changes made while hidden (a tab behind the inspector)."""
        super().showEvent(event)
        if self._dirty:
            self.rebuild()

    def _rebuild_if_shown(self) -> None:
        # A hidden grid does not re-rank on every map edit; it catches up when shown.
        if self.isVisible():
            self.rebuild()
        else:
            self._dirty = True

    def rebuild(self) -> None:
        """Redraw the ranking from the document, keeping the selected candidates and column."""
        self._rebuild_timer.stop()
        self._dirty = False
        self._showing_typed = False
        ws = self._document.workshop
        keep_selected = set(self.selected_ids())
        row = self.table.currentRow()
        keep_current = self._row_ids[row] if 0 <= row < len(self._row_ids) else None
        keep_column = max(self.table.currentColumn(), 1)
        tables = ws.voting.tables
        several = len(tables) > 1
        self._table_columns = [t.id for t in tables] if several else []
        headers = ["Rank", "Candidate", *([short_table_name(t.name) for t in tables] if several else []),
                   "Votes"]
        ranked = rank_candidates(ws)
        excluded = sorted((c for c in ws.voting.candidates if c.excluded),
                          key=lambda c: (c.title.casefold(), c.id))
        candidates = {c.id: c for c in ws.voting.candidates}
        self._row_ids = [r.candidate_id for r in ranked] + [c.id for c in excluded]
        self._cut_row = min(len(ranked), ws.voting.top_n) - 1
        vote_font, title_font, _ = self._fonts()
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        header_font = self.table.horizontalHeader().font()
        for column in range(len(headers)):
            self.table.horizontalHeaderItem(column).setFont(header_font)
        for column, table in enumerate(tables if several else [], start=2):
            self.table.horizontalHeaderItem(column).setToolTip(
                plain(f"Votes from {table.name}: select a cell in this column to type them"))
        self.table.setRowCount(len(self._row_ids))
        rows = [(str(r.rank), candidates[r.candidate_id], r.reason) for r in ranked]
        rows += [("\u2013", c, "Excluded from the ranking") for c in excluded]
        for row_n, (rank, cand, reason) in enumerate(rows):
            title = cand.title + ("  (excluded)" if cand.excluded else "")
            cells = [rank, title, *[str(cand.votes.get(t, 0)) for t in self._table_columns],
                     str(cand.total_votes())]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, cand.id)
                item.setData(TITLE_ROLE, cand.title)
                item.setToolTip(plain(reason))  # reasons quote titles
                if column == 1:
                    item.setFont(title_font)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                else:
                    font = QFont(vote_font)
                    if column == 0 and row_n > self._cut_row:
                        font.setBold(False)  # below the cut: not (yet) a priority
                    item.setFont(font)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if cand.excluded:
                    item.setForeground(dim)
                self.table.setItem(row_n, column, item)
        self._size_columns(vote_font)
        self._fit_rows()
        for row_n, cand_id in enumerate(self._row_ids):
            if cand_id == keep_current:
                self.table.setCurrentCell(row_n, min(keep_column, len(headers) - 1))
        for row_n, cand_id in enumerate(self._row_ids):
            if cand_id in keep_selected:
                self._add_row_to_selection(row_n)
        self.table.blockSignals(False)
        self._show_reason(self.table.currentRow())
        if self._typed:
            self._show_typed_cell()  # a redraw while typing keeps the digits in view

    def _size_columns(self, vote_font: QFont) -> None:
        # Widths from font metrics, not from measuring every cell (a map can have 2,000 candidates).
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(8)
        digits = QFontMetricsF(vote_font).horizontalAdvance("888") + (8 if self._compact else 14)
        header_metrics = QFontMetricsF(header.font())
        for column in range(self.table.columnCount()):
            if column == 1:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            if self._compact:  # narrow: the header text is elided (tooltip and reason name the table)
                width = digits if column else digits * 0.75
            else:
                label = self.table.horizontalHeaderItem(column).text()
                width = max(digits if column else digits * 0.75, header_metrics.horizontalAdvance(label) + 16)
            header.resizeSection(column, int(width))

    def _fit_rows(self) -> None:
        # Rows as tall as their wrapped titles, plus a little air (and room for the cut line).
        self.table.resizeRowsToContents()
        for row in range(self.table.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + ROW_AIR)

    def _check_compact(self) -> None:
        compact = self.table.viewport().width() < COMPACT_WIDTH and self._sizes[0] <= VOTE_POINT_SIZE
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
        return super().eventFilter(watched, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Digits, Enter, Backspace, Escape, + and - (and F2 to reword); True when the key was used."""
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            return self.type_text(text)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typed:
            self.commit_typed()
            return True
        if key == Qt.Key.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
            self._show_typed()
            self.commit_timer.start()
            return True
        if key == Qt.Key.Key_Escape and self._typed:
            return self.cancel_typed()
        if text in ("+", "=", "-"):
            self.commit_typed()
            self.change_votes(-1 if text == "-" else 1)
            return True
        if key == Qt.Key.Key_F2 and self._on_reword is not None:
            self._on_reword()
            return True
        if text and text.isprintable() and not text.isspace() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return self.type_text(text)  # a letter or a sign where a number is expected: say so
        return False

    def _show_typed(self) -> None:
        cand_id, table_id = self._current_target()
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
        if cand_id not in self._row_ids:
            return
        item = self.table.item(self._row_ids.index(cand_id), self._column_of_table(table_id))
        if item is not None:
            item.setText(f"{self._typed}_" if self._typed else "_")
            self._showing_typed = True

    # ------------------------------------------------------------------ internals
    def _current_target(self) -> tuple[str | None, str | None]:
        return self.current_id(), self.vote_table_id()

    def _column_of_table(self, table_id: str | None) -> int:
        if table_id in self._table_columns:
            return 2 + self._table_columns.index(table_id)
        return self.table.columnCount() - 1

    def _show_reason(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        self.reason.setText(f"{item.data(TITLE_ROLE)}: {item.toolTip()}" if item is not None else NO_ROW_HINT)

    def _on_current_cell(self, row: int, column: int, old_row: int, old_column: int) -> None:
        self._show_reason(row)
        if self._typed and (row, column) != (old_row, old_column):
            # Moving away records what was typed, for the cell it was typed in.
            self.table.blockSignals(True)
            self.table.setCurrentCell(old_row, old_column)
            self.commit_typed()
            self.table.blockSignals(False)
            self.table.setCurrentCell(row, column)
        if 2 <= column < 2 + len(self._table_columns):
            self._vote_table_id = self._table_columns[column - 2]

    def _on_change(self, change: Change) -> None:
        if change.collection in ("candidates", "tables", "findings", "points", "flows", "voting", "scheme",
                                 "document"):
            self._rebuild_timer.start()

