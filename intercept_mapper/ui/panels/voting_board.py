"""The voting board: the live ranking full screen, readable from the back of the room, with vote entry.

During priority setting the facilitator puts the candidates on the projector (F6 or "Show on screen"),
then tallies with the keyboard as on the panel: arrows to choose a candidate (left and right for the
table), a number and Enter, or + and -. The text is sized so that every candidate fits the screen when
it can. Ctrl+Z undoes, Escape returns to the window. Everything goes through the same undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetricsF, QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...model import Change, Document
from .vote_grid import VoteGrid

MIN_VOTE_POINTS = 16.0  # below this the back rows cannot read it: scroll instead
MAX_VOTE_POINTS = 60.0
MAX_FITTED_ROWS = 60  # more candidates than this scroll at the smallest size
TITLE_SHARE = 0.72  # title size relative to the counts: the room reads both
HEADING_SHARE = 0.55  # heading and message sizes relative to the vote counts
KEYS_HINT = ("\u2191\u2193 choose   \u2190\u2192 table   type a number + Enter   + / \u2212 one vote   "
             "Ctrl+Z undo   Esc back")


class VotingBoard(QWidget):
    """A full-screen window holding the ranking, a heading with the vote count, and a message line."""

    sig_closed = Signal()

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("voting_board")
        self.setWindowTitle("Priorities: live ranking")
        self.setAccessibleName("Voting board: candidate priorities in rank order, full screen")
        self._document = document
        self._undo_stack = undo_stack
        self.grid = VoteGrid(document, undo_stack, self)
        self.grid.table.setObjectName("voting_board_table")
        self.grid.sig_message.connect(self._say)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        self.heading = QLabel("Priorities for change")
        self.heading.setObjectName("voting_board_heading")
        self.summary = QLabel()
        self.summary.setObjectName("voting_board_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Every label wraps, so that large text never makes the board wider than the screen.
        for label in (self.heading, self.summary):
            label.setWordWrap(True)
        top.addWidget(self.heading, 1)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        self.message = QLabel()
        self.message.setObjectName("voting_board_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user text
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.hint = QLabel(KEYS_HINT)
        self.hint.setObjectName("voting_board_keys")
        self.hint.setEnabled(False)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        for keys, slot in ((QKeySequence.StandardKey.Undo, undo_stack.undo),
                           (QKeySequence.StandardKey.Redo, undo_stack.redo),
                           (QKeySequence("Ctrl+Y"), undo_stack.redo),
                           (QKeySequence("F6"), self.close_board)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        # The same keys when the shortcut system does not see them (the board not yet the active window).
        self.grid.table.installEventFilter(self)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_text)
        self._votes_points = MIN_VOTE_POINTS
        self._unsubscribe = document.subscribe(self._on_change)
        self._refresh_summary()

    # ------------------------------------------------------------------ Public API
    def present(self, candidate_id: str | None = None, table_id: str | None = None) -> None:
        """Show full screen on the window's screen, with ``candidate_id`` chosen for entry."""
        parent = self.parentWidget()
        if parent is not None and parent.screen() is not None:
            self.setGeometry(parent.screen().geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        ids = self.grid.row_ids()
        chosen = candidate_id if candidate_id in ids else (ids[0] if ids else None)
        if chosen is not None:
            self.grid.select_candidates([chosen], table_id)
        self.fit_text()
        self.grid.table.setFocus()

    def close_board(self) -> None:
        """Record what was being typed, hide the board and give the keyboard back to the window."""
        if self.isVisible():
            self.close()

    def dispose(self) -> None:
        """Stop listening to the document."""
        self.grid.dispose()
        self._unsubscribe()

    def fit_text(self) -> None:
        """Size the text so that every candidate fits the height when it can (never below readable)."""
        rows = max(1, len(self.grid.row_ids()))
        # The largest size at which every row fits what the table really shows (halving the range).
        if rows > MAX_FITTED_ROWS:
            votes = MIN_VOTE_POINTS  # a long list scrolls anyway: no need to search
        else:
            low, high = MIN_VOTE_POINTS, MAX_VOTE_POINTS
            for _ in range(7):
                middle = (low + high) / 2
                self._apply_sizes(middle)
                if self._rows_fit():
                    low = middle
                else:
                    high = middle
            votes = low
        self._apply_sizes(votes)
        self._votes_points = votes

    def _rows_fit(self) -> bool:
        table = self.grid.table
        needed = sum(table.rowHeight(r) for r in range(table.rowCount()))
        return needed <= table.viewport().height()

    def vote_points(self) -> float:
        """The point size the counts are shown at (after fitting)."""
        return self._votes_points

    def message_text(self) -> str:
        """The message line."""
        return self.message.text()

    # ------------------------------------------------------------------ Qt events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Undo, redo and F6 typed on the ranking."""
        if watched is self.grid.table and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.matches(QKeySequence.StandardKey.Undo):
                self.grid.commit_typed()
                self._undo_stack.undo()
                return True
            if key_event.matches(QKeySequence.StandardKey.Redo) or (
                    key_event.key() == Qt.Key.Key_Y
                    and key_event.modifiers() == Qt.KeyboardModifier.ControlModifier):
                self._undo_stack.redo()
                return True
            if key_event.key() == Qt.Key.Key_F6:
                self.close_board()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Escape leaves the board (the grid's own Escape first cancels a number being typed)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_board()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """Refit the text to the new size."""
        super().resizeEvent(event)
        self._fit_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing (Escape, F6, the window manager, quitting) records a number being typed, then hides."""
        self.grid.commit_typed()
        event.accept()
        self.sig_closed.emit()

    # ------------------------------------------------------------------ internals
    def _apply_sizes(self, votes: float) -> None:
        self.grid.set_point_sizes(votes, votes * TITLE_SHARE, max(12.0, votes * 0.55))
        heading = QFont(self.font())
        heading.setPointSizeF(max(MIN_VOTE_POINTS, votes * HEADING_SHARE * 1.3))
        heading.setBold(True)
        self.heading.setFont(heading)
        small = QFont(self.font())
        small.setPointSizeF(max(14.0, votes * HEADING_SHARE))
        self.summary.setFont(small)
        message = QFont(small)
        message.setBold(True)
        self.message.setFont(message)
        keys = QFont(self.font())
        keys.setPointSizeF(max(11.0, votes * 0.33))
        self.hint.setFont(keys)
        # Room kept for two lines of reason and one of message, so that the rows do not jump when
        # they fill in (the ranking was fitted with them in place).
        self.grid.reason.setMinimumHeight(2 * QFontMetricsF(self.grid.reason.font()).lineSpacing() + 2)
        self.message.setMinimumHeight(QFontMetricsF(message).lineSpacing() + 2)
        self.layout().activate()  # the table's height follows the heading and message sizes

    def _say(self, message: str) -> None:
        self.message.setText(message)

    def _refresh_summary(self) -> None:
        voting = self._document.workshop.voting
        total = sum(c.total_votes() for c in voting.candidates if not c.excluded)
        ranked = sum(1 for c in voting.candidates if not c.excluded)
        top = min(voting.top_n, ranked)
        self.summary.setText(f"{total} votes \u00b7 {ranked} candidates \u00b7 top {top} above the line")

    def _on_change(self, change: Change) -> None:
        if change.collection in ("candidates", "voting", "tables", "document"):
            self._refresh_summary()
            if change.action != "update" or change.collection != "candidates":
                self._fit_timer.start()  # candidates came or went: the rows must fit again
