"""The voting board: the candidates full screen, readable from the back of the room, with vote entry.

During priority setting the facilitator puts the candidates on the projector (F6 or "Show on screen")
and reads the tally sheet into it: Down, the number, Enter; Tab to the next voting table; Delete
clears a count. The rows hold still while numbers go in (the rank column is live), so every number
lands on the row the facilitator sees; F5 sorts by rank, and leaving the board sorts the panel. A
number that takes a table past its vote budget (its voters times the votes each) waits for a second
Enter. Names are at least 28 pixels tall (cap height) on a 720-line screen; rows that do not fit show
a page at a time (Page Down), never cut off. Ctrl+Z undoes, Escape returns to the window.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from ...model import Change, Document
from ...model.candidate_edits import table_budget, table_vote_total
from .vote_grid import VoteGrid, short_table_name

NAME_CAP_PIXELS = 28.0  # cap height of the candidate names on a 720-line screen: read from the back
REFERENCE_LINES = 720  # taller screens get proportionally taller text
MAX_NAME_CAP_PIXELS = 72.0  # a short list grows to fill the screen, up to this
MAX_FITTED_ROWS = 60  # more candidates than this are paged at the smallest size without searching
VOTES_SHARE = 1.0  # counts and ranks relative to the names (bold)
HEADER_SHARE = 0.5  # column headers and the summary relative to the names
HEADING_SHARE = 0.7
MESSAGE_SHARE = 0.6  # the message line; a long one shrinks (to MIN_MESSAGE_SHARE) to fit two lines
MIN_MESSAGE_SHARE = 0.42
HINT_SHARE = 0.45
# The keys, most needed first: what does not fit on one line is left out (the accessible description
# of the table has them all).
HINT_PARTS = ("\u2191\u2193 row", "Tab next table", "number + Enter", "Esc back", "Ctrl+Z undo", "F5 sort",
              "Del clear", "+/\u2212 one vote")
HINT_CONTRAST = 7.0  # the hint is quieter than the names but well above the 4.5:1 minimum


def pixel_size_for_cap_height(font: QFont, cap: float) -> int:
    """The smallest pixel size at which ``font``'s capital letters are at least ``cap`` pixels tall."""
    probe = QFont(font)
    size = max(6, math.ceil(cap / 0.7))
    probe.setPixelSize(size)
    while QFontMetricsF(probe).capHeight() < cap:
        size += 1
        probe.setPixelSize(size)
    while size > 6:
        probe.setPixelSize(size - 1)
        if QFontMetricsF(probe).capHeight() < cap:
            break
        size -= 1
    return size


def contrast_ratio(one: QColor, two: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def quiet_colour(text: QColor, background: QColor, minimum: float = HINT_CONTRAST) -> QColor:
    """``text`` moved towards ``background`` as far as it can go keeping ``minimum`` contrast."""
    best = QColor(text)
    for step in range(1, 11):
        share = step / 20  # up to half-way
        mixed = QColor.fromRgbF(
            text.redF() + (background.redF() - text.redF()) * share,
            text.greenF() + (background.greenF() - text.greenF()) * share,
            text.blueF() + (background.blueF() - text.blueF()) * share,
        )
        if contrast_ratio(mixed, background) < minimum:
            break
        best = mixed
    return best


class VotingBoard(QWidget):
    """A full-screen window: heading with the tables' budgets, the candidates a page at a time, messages."""

    sig_closed = Signal()

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("voting_board")
        self.setWindowTitle("Priorities: voting board")
        self.setAccessibleName("Voting board: candidate priorities with their votes, full screen")
        self._document = document
        self._undo_stack = undo_stack
        self._said = ""  # the last thing said since the cursor moved (else the reason is shown)
        self._reason = ""
        self.grid = VoteGrid(document, undo_stack, self)
        self.grid.table.setObjectName("voting_board_table")
        self.grid.reason.hide()  # the message line shows the reason when there is nothing to say
        self.grid.set_paged(True, trap_tab=True)
        self.grid.sig_message.connect(self._say)
        self.grid.sig_reason.connect(self._on_reason)
        self.grid.sig_arrangement.connect(self._refresh_page_label)
        self.grid.sig_arrangement.connect(self._refresh_summary)
        self.grid.table.currentCellChanged.connect(self._on_moved)
        layout = QVBoxLayout(self)
        # The board takes the screen it is given: large text never makes it ask for more (a window
        # larger than the screen would drop out of full screen).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.heading = QLabel("Priorities for change")
        self.heading.setObjectName("voting_board_heading")
        self.summary = QLabel()
        self.summary.setObjectName("voting_board_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # table names are user text
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The summary wraps, so that large text never makes the board wider than the screen; the
        # heading is short and keeps its one line.
        self.summary.setWordWrap(True)
        top.addWidget(self.heading)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        self.message = QLabel()
        self.message.setObjectName("voting_board_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user text
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("voting_board_keys")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.page_label = QLabel()
        self.page_label.setObjectName("voting_board_page")
        self.page_label.setTextFormat(Qt.TextFormat.PlainText)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.page_label)
        layout.addLayout(bottom)
        # One shortcut per key: two for the same key (Ctrl+Y is Redo on some desktops) would be
        # ambiguous, and Qt then runs neither.
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Y"))
        for keys, slot in ([*QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)], self._undo), \
                (redo_keys, self._redo), ([QKeySequence("F6")], self.close_board):
            for key in keys:
                shortcut = QShortcut(key, self)
                shortcut.activated.connect(slot)
        # The same keys when the shortcut system does not see them (the board not yet the active window).
        self.grid.table.installEventFilter(self)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_text)
        self._name_cap = NAME_CAP_PIXELS
        self._message_pixels = 16
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(0)
        self._summary_timer.timeout.connect(self._refresh_summary)
        self._unsubscribe = document.subscribe(self._on_change)
        self._colour_hint()
        self._refresh_summary()
        self._refresh_hint()

    # ------------------------------------------------------------------ Public API
    def present(self, candidate_id: str | None = None, table_id: str | None = None) -> None:
        """Show full screen on the window's screen, in rank order, with ``candidate_id`` chosen for entry."""
        parent = self.parentWidget()
        if parent is not None and parent.screen() is not None:
            self.setGeometry(parent.screen().geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.grid.sort_now()
        ids = self.grid.row_ids()
        chosen = candidate_id if candidate_id in ids else (ids[0] if ids else None)
        if chosen is not None:
            self.grid.select_candidates([chosen], table_id or self.grid.vote_table_id())
        self.fit_text()
        self._said = ""
        self._refresh_message()
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
        """Size the text to the screen: names at least 28 px tall at 720 lines; larger when all rows fit."""
        smallest = NAME_CAP_PIXELS * max(1.0, self.height() / REFERENCE_LINES)
        self._apply_sizes(smallest)
        cap = smallest
        if len(self.grid.row_ids()) <= MAX_FITTED_ROWS and self.grid.all_rows_fit():
            # A short list: the largest size at which every row still fits (halving the range).
            low, high = smallest, max(smallest, MAX_NAME_CAP_PIXELS * self.height() / REFERENCE_LINES)
            for _ in range(6):
                middle = (low + high) / 2
                self._apply_sizes(middle)
                if self.grid.all_rows_fit():
                    low = middle
                else:
                    high = middle
            cap = low
            self._apply_sizes(cap)
        self._name_cap = cap

    def name_cap_height(self) -> float:
        """The cap height (pixels) the candidate names are drawn at, after fitting."""
        return self._name_cap

    def vote_points(self) -> float:
        """The point size the counts are shown at (after fitting)."""
        return self.grid.vote_point_size()

    def message_text(self) -> str:
        """The message line."""
        return self.message.text()

    def summary_text(self) -> str:
        """The heading's summary: each table's votes against its budget, and how the top N shows."""
        self.grid.flush()
        self._refresh_summary()
        return self.summary.text()

    # ------------------------------------------------------------------ Qt events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Undo, redo and F6 typed on the ranking."""
        if watched is self.grid.table and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.matches(QKeySequence.StandardKey.Undo):
                self._undo()
                return True
            if key_event.matches(QKeySequence.StandardKey.Redo) or (
                    key_event.key() == Qt.Key.Key_Y
                    and key_event.modifiers() == Qt.KeyboardModifier.ControlModifier):
                self._redo()
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A new theme (palette): the hint's colour follows it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_hint()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing (Escape, F6, the window manager, quitting) records a number being typed, then hides.

        A number past the budget that is still waiting for its second Enter is left out (and said).
        """
        self.grid.commit_typed()
        self.grid.cancel_pending()
        event.accept()
        self.sig_closed.emit()

    # ------------------------------------------------------------------ internals
    def _undo(self) -> None:
        if self.grid.cancel_pending():
            return  # the question is answered "no"; the step before it stays
        self.grid.commit_typed()
        if self.grid.cancel_pending():
            return
        text = self._undo_stack.undoText()
        self._undo_stack.undo()
        if text:
            self.grid.forget_last_record()
            self._say(f"Undone: {text}. (Ctrl+Y redoes it.)")

    def _redo(self) -> None:
        self.grid.cancel_pending()
        self.grid.commit_typed()
        if self.grid.pending() is None:
            text = self._undo_stack.redoText()
            self._undo_stack.redo()
            if text:
                self.grid.forget_last_record()
                self._say(f"Redone: {text}.")

    def _apply_sizes(self, cap: float) -> None:
        base = QFont(self.font())
        names = pixel_size_for_cap_height(base, cap)
        self.grid.set_pixel_sizes(names * VOTES_SHARE, names, names * MESSAGE_SHARE, names * HEADER_SHARE)
        for label, share, bold in ((self.heading, HEADING_SHARE, True), (self.summary, HEADER_SHARE, False),
                                   (self.message, MESSAGE_SHARE, True), (self.hint, HINT_SHARE, False),
                                   (self.page_label, HINT_SHARE, True)):
            font = QFont(base)
            font.setPixelSize(max(12, round(names * share)))
            font.setBold(bold)
            label.setFont(font)
        # Two lines kept for the message, so that the rows do not jump when it fills in (the pages were
        # cut with it in place); one for the keys.
        self._message_pixels = self.message.font().pixelSize()
        self.message.setFixedHeight(math.ceil(2 * QFontMetricsF(self.message.font()).lineSpacing()) + 2)
        self.hint.setWordWrap(False)
        self.layout().activate()  # the table's height follows the heading and message sizes
        self.grid.flush()
        self._refresh_hint()
        self._refresh_message()

    def _colour_hint(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorGroup.Active, self.backgroundRole())
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        hint_palette = self.hint.palette()
        quiet = quiet_colour(text, background)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            hint_palette.setColor(group, QPalette.ColorRole.WindowText, quiet)
        self.hint.setPalette(hint_palette)

    def _say(self, message: str) -> None:
        self._said = message
        self._refresh_message()

    def _on_reason(self, reason: str) -> None:
        self._reason = reason
        self._refresh_message()

    def _on_moved(self, row: int, column: int, old_row: int, old_column: int) -> None:
        if row != old_row and not self.grid.typed() and self.grid.pending() is None:
            self._said = ""  # a new row: what was said about the last one gives way to this one's reason
            self._refresh_message()

    def _refresh_message(self) -> None:
        text = self._said or self._reason
        # Two lines are kept for the message; a longer one is drawn smaller rather than cut off.
        font = QFont(self.message.font())
        width = max(1, self.message.width())
        size = self._message_pixels
        smallest = max(12, round(self._message_pixels * MIN_MESSAGE_SHARE / MESSAGE_SHARE))
        while True:
            font.setPixelSize(size)
            metrics = QFontMetricsF(font)
            area = QRectF(0, 0, width, 10_000)
            needed = metrics.boundingRect(area, Qt.TextFlag.TextWordWrap, text).height()
            if needed <= 2 * metrics.lineSpacing() + 1 or size <= smallest:
                break
            size -= 1
        if font.pixelSize() != self.message.font().pixelSize():
            self.message.setFont(font)
        self.message.setText(text)

    def _refresh_hint(self) -> None:
        several = len(self._document.workshop.voting.tables) > 1
        parts = [p for p in HINT_PARTS if several or not p.startswith("Tab")]
        metrics = QFontMetricsF(self.hint.font())
        margins = self.layout().contentsMargins()
        room = (self.width() - margins.left() - margins.right() - self.page_label.sizeHint().width()
                - 2 * max(0, self.layout().spacing()) - 4)
        while len(parts) > 3 and metrics.horizontalAdvance("   ".join(parts)) > room:
            parts.pop()
        self.hint.setText("   ".join(parts))

    def _refresh_page_label(self) -> None:
        parts = []
        pages = self.grid.page_count()
        if pages > 1:
            page = self.grid.page() + 1
            turn = "\u25bc Page Down" if page < pages else "\u25b2 Page Up"
            parts.append(f"Page {page} of {pages} {turn}")
        if self.grid.is_out_of_order():
            parts.append("rows held: F5 sorts")
        self.page_label.setText(" \u00b7 ".join(parts))
        self._refresh_hint()  # the keys get what room the page line leaves

    def _refresh_summary(self) -> None:
        ws = self._document.workshop
        voting = ws.voting
        parts = []
        for table in voting.tables:
            total = table_vote_total(ws, table.id)
            budget = table_budget(ws, table)
            name = short_table_name(table.name) if len(voting.tables) > 1 else "Votes"
            if budget is None:
                parts.append(f"{name} {total}")
            elif total > budget:
                parts.append(f"\u26a0 {name} {total} of {budget}: over budget")
            else:
                parts.append(f"{name} {total} of {budget}")
        ranked = sum(1 for c in voting.candidates if not c.excluded)
        top = min(voting.top_n, ranked)
        parts.append(f"top {top} {'in bold' if self.grid.is_out_of_order() else 'above the line'}")
        self.summary.setText(" \u00b7 ".join(parts))

    def _on_change(self, change: Change) -> None:
        if change.collection in ("candidates", "voting", "tables", "participants", "document"):
            self._summary_timer.start()  # after the change is whole (a merge is several notices)
            self._refresh_hint()
            if change.action != "update" or change.collection != "candidates":
                self._fit_timer.start()  # candidates came or went: the rows must fit again
