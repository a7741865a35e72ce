"""One room voting session in the app: the web server on a background thread, and every ballot and
suggestion handed to the UI thread through a queued signal, where it becomes one undo command.

The server thread never touches the document: its ballot box checks against a snapshot of the offer
(re-made when the facilitator edits candidates or tables during voting), and the UI thread applies
what arrives. Closing voting makes the server answer 409 (the phones then say voting is closed);
``stop`` ends the server (the window calls it when the room view or the app closes).
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from ...model.document import Change, Document
from ...model.room_ballots import room_ballots
from ...room.ballot_box import BallotBox, RoomBallot, RoomSuggestion
from ...room.room_offer import room_offer
from ...room.room_server import RoomThread
from ..panels.between_paints import between_paints
from .room_commands import RoomBallotCommand, RoomSuggestionCommand

OFFER_COLLECTIONS = frozenset({"candidates", "tables", "voting", "scheme", "info", "findings", "document"})


class RoomSession(QObject):
    """The room's server and what it delivers, for one open voting session."""

    sig_arrived = Signal()  # something waits in the queue; emitted on the server's thread
    sig_counts_changed = Signal()  # ballots per table changed
    sig_state_changed = Signal()  # serving, address, or open/closed changed
    sig_first_suggestion = Signal()  # the inbox had nothing waiting and a suggestion came

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = undo_stack
        # The server thread appends (deque appends are thread-safe) and wakes the UI thread, which applies
        # one item per turn of its event loop, in a turn that holds no repaint (``between_paints``): a
        # burst of 300 ballots never holds the window for longer than one ballot (a queued signal per
        # ballot would all be delivered in one pass of the event queue).
        self._queue: deque[RoomBallot | RoomSuggestion] = deque()
        self.box = BallotBox(room_offer(document.workshop), self._from_server)
        self._thread: RoomThread | None = None
        self.url = ""
        self.host = ""
        self.received = 0
        self.sig_arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        # The projector's counts follow at most ten times a second, not once per notice of each ballot,
        # and in a turn of their own too.
        self._counts_timer = QTimer(self, singleShot=True, interval=100)
        self._counts_timer.timeout.connect(self._counts_due)
        self._offer_timer = QTimer(self, singleShot=True, interval=300)
        self._offer_timer.timeout.connect(self._refresh_offer)
        self._unsubscribe = document.subscribe(self._on_change)

    # ------------------------------------------------------------------ serving
    def serve(self, host: str, port: int = 0) -> str:
        """Listen on ``host`` (stopping any earlier listener); returns the URL. Raises ``OSError``."""
        self._stop_thread()
        thread = RoomThread(self.box, host, port)
        self.url = thread.start_serving()
        self._thread, self.host = thread, host
        self.sig_state_changed.emit()
        return self.url

    def is_open(self) -> bool:
        """Whether phones may still vote."""
        return self.box.is_open

    def close_voting(self) -> None:
        """Refuse every later ballot (409); the server keeps answering so phones learn it closed."""
        # One flag the server thread reads (a plain assignment): closed at once for both threads, so the
        # view never shows "open" after the key was pressed.
        self.box.close()
        self.sig_state_changed.emit()

    def stop(self) -> None:
        """Close voting and stop the server (idempotent)."""
        self.box.close()
        self._stop_thread()
        while self._queue:  # what the server accepted before it stopped is recorded
            self._apply_next()
        between_paints().cancel(self._apply_turn)
        between_paints().cancel(self._count)
        self._offer_timer.stop()
        self._counts_timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.sig_state_changed.emit()

    def _stop_thread(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()

    # ------------------------------------------------------------------ counts
    def ballots_by_table(self) -> list[tuple[str, int]]:
        """(table name, phones with a ballot there) for every table offered, from the document."""
        counts: dict[str, int] = {}
        for ballot in room_ballots(self.document):
            counts[ballot.table_id] = counts.get(ballot.table_id, 0) + 1
        return [(t.name, counts.get(t.id, 0)) for t in self.box.offer.tables]

    def suggestions_waiting(self) -> int:
        """Suggestions in the Room Inbox (from this session or earlier ones) not yet taken or dismissed."""
        return len(self.document.items("inbox"))

    # ------------------------------------------------------------------ arrivals
    def _from_server(self, item: RoomBallot | RoomSuggestion) -> None:
        """On the server's thread: queue the item and wake the UI thread."""
        self._queue.append(item)
        self.sig_arrived.emit()

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _arrived(self) -> None:
        between_paints().run_soon(self._apply_turn, self, self._window())

    def _apply_turn(self) -> None:
        """One turn of the event loop without a repaint: the next queued item; the rest wait their turns
        (after the redraws that asked for one meanwhile)."""
        self._apply_next()
        if self._queue:
            between_paints().run_soon(self._apply_turn, self, self._window())

    def _counts_due(self) -> None:
        between_paints().run_soon(self._count, self, self._window())

    def _count(self) -> None:
        self.sig_counts_changed.emit()

    def _apply_next(self) -> None:
        """On the UI thread: one queued ballot or suggestion becomes one undo command."""
        if not self._queue:
            return
        item = self._queue.popleft()
        if isinstance(item, RoomBallot):
            table = self.document.get("tables", item.table_id)
            name = table.name if table is not None else "a removed table"
            self.undo_stack.push(RoomBallotCommand(self.document, item.device_key, item.table_id, item.votes,
                                                   name))
            self.received += 1
        else:
            waiting = self.suggestions_waiting()
            self.undo_stack.push(RoomSuggestionCommand(self.document, item.kind, item.intercept, item.text))
            if not waiting and self.suggestions_waiting():
                self.sig_first_suggestion.emit()

    def _on_change(self, change: Change) -> None:
        if change.collection in OFFER_COLLECTIONS and not (
                change.collection == "candidates" and change.fields and change.fields <= {"votes"}):
            self._offer_timer.start()  # a tally moving is not a new offer
        if (change.collection in ("ballots", "inbox") or change.action == "reset") and (
                not self._counts_timer.isActive()):
            self._counts_timer.start()

    def _refresh_offer(self) -> None:
        self.box.offer = room_offer(self.document.workshop,
                                    [t.id for t in self.document.workshop.voting.tables])
