"""Voting > Open Room Voting and Voting > Room Inbox: what the window does to start a session.

Before serving: the gaps become candidates when there are none yet, and a budget is asked for when the
file records none (3 dots by default; the choice is one undo step, so the file states the budget the
room used). The server listens on the first LAN address (never 0.0.0.0); the projector view lets the
facilitator pick another network. Leaving the view, opening another file or closing the app stops it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from ...model.candidate_edits import sync_gap_candidates
from ...model.room_ballots import clear_room_ballots, room_ballots
from ...room.lan_addresses import lan_addresses
from ...room.room_offer import DEFAULT_DOTS
from ..commands import CompoundRecordCommand, UpdateSectionCommand
from ..plain_text import ask_choice, show_message
from .inbox_panel import InboxPanel
from .room_session import RoomSession
from .room_view import RoomView


def ready_to_vote(window: Any, ask_budget: bool = True) -> bool:
    """Make sure there is something to vote on and a budget; False when there is nothing to vote on."""
    doc, stack = window.document, window.undo_stack
    ws = doc.workshop
    if not ws.voting.candidates:
        if not ws.gaps():
            show_message(window, "Room Voting", "There is nothing to vote on yet: add gaps or candidate "
                         "priorities first.", warning=False)
            return False
        stack.push(CompoundRecordCommand(doc, sync_gap_candidates, "Add gaps as candidates"))
    if not ws.voting.votes_per_participant:
        dots = DEFAULT_DOTS
        if ask_budget:
            dots, ok = QInputDialog.getInt(window, "Room Voting", "Dots each phone may spend:",
                                           DEFAULT_DOTS, 1, 50)
            if not ok:
                return False
        stack.push(UpdateSectionCommand(doc, "voting", {"votes_per_participant": dots},
                                        f"Set {dots} dots per voter"))
    return True


def offer_to_clear_earlier(window: Any, clear: bool | None = None) -> bool:
    """A file that holds an earlier room vote's ballots: ask once whether to clear them (one undo step)
    before this vote, since that session's phones would count again under new keys. ``clear`` answers
    without asking (tests, scripts). False when the facilitator cancels the opening."""
    earlier = len(room_ballots(window.document))
    if not earlier:
        return True
    if clear is None:
        ballots = f"{earlier} ballot{'s' * (earlier != 1)}"
        answer = ask_choice(
            window, "Room Voting",
            f"This file holds {ballots} from an earlier room vote. Clear them before this "
            "vote? Their dots come out of the tallies (one step: Undo puts them back).",
            [("clear", f"Clear {ballots}", True), ("keep", "Keep them", False)], default="keep",
            question=True)
        if answer is None:
            return False
        clear = answer == "clear"
    if clear:
        window.undo_stack.push(CompoundRecordCommand(
            window.document, clear_room_ballots,
            f"Clear {earlier} earlier room ballot{'s' * (earlier != 1)}"))
    return True


def open_room_voting(window: Any, *, ask_budget: bool = True, full_screen: bool = True,
                     clear_earlier: bool | None = None) -> RoomView | None:
    """Start a room session for the window's document and show its projector view (``clear_earlier``:
    the answer to clearing an earlier vote's ballots, asked when None)."""
    view = getattr(window, "room_view", None)
    if view is not None and view.isVisible():
        view.raise_()
        view.activateWindow()
        return view
    if not offer_to_clear_earlier(window, clear_earlier) or not ready_to_vote(window, ask_budget):
        return None
    session = RoomSession(window.document, window.undo_stack, window)
    host = lan_addresses()[0]
    try:
        session.serve(host)
    except OSError as exc:
        session.stop()
        show_message(window, "Room Voting", f"Cannot listen on {host}: {exc.strerror or exc}")
        return None
    view = RoomView(session, window)
    view.choose_host(host)
    window.room_session, window.room_view = session, view

    # While phones vote, warnings of tables over budget come and go: their place is kept meanwhile.
    window.priorities_panel.hold_warning_space(True)

    def finished() -> None:
        session.stop()
        window.priorities_panel.hold_warning_space(False)
        if getattr(window, "room_session", None) is session:
            window.room_session = window.room_view = None

    view.sig_finished.connect(finished)
    # The first suggestion of the session brings the inbox forward (the projector view shows the count).
    session.sig_first_suggestion.connect(lambda: show_room_inbox(window))
    window.session.sig_document_replaced.connect(view.finish, Qt.ConnectionType.SingleShotConnection)
    show_room_inbox(window)
    if full_screen:
        view.showFullScreen()
    else:
        view.show()
    view.activateWindow()
    view.close_button.setFocus()
    return view


def show_room_inbox(window: Any) -> QWidget:
    """The inbox dock, built on first use, shown and raised."""
    dock = getattr(window, "room_inbox_dock", None)
    if dock is None:
        def accept(kind: str, intercept: str, text: str, suggestion_id: str) -> None:
            window.canvas.start_fast_entry().add_suggested(kind, intercept, text, suggestion_id)

        panel = window.room_inbox = InboxPanel(window.document, window.undo_stack, accept)
        dock = window.room_inbox_dock = window.add_panel_dock(panel, "Room Inbox")
    dock.show()
    dock.raise_()
    return dock
