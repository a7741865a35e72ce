"""Map > Arrange Automatically: every unpinned decision point moved to where automatic layout puts it.

Automatic layout runs by itself only on import. A file saved before boxes kept room under them keeps its
packed places, and a map whose boxes were dragged about keeps the tangle; this command lays such a map
out again in one undo step. Boxes a facilitator pinned stay where they are; the others flow around them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication, QUndoStack

from ...model.document import Change, Document
from ..commands import MovePointsCommand

Moves = dict[str, tuple[dict[str, Any], dict[str, Any]]]
# From this many boxes, chips and flows the arrangement, its undo and its redo show a busy cursor. Measured
# (bench/bench_arrange.py, every box moved, CPU until the map is repainted): 3,000 items ~0.1 s, 30,000
# items ~1.5 s (undo and redo ~1.2 s): automatic layout, every flow routed again, the map repainted.
BUSY_FROM_ITEMS = 10_000


@contextlib.contextmanager
def busy_cursor(document: Document) -> Iterator[None]:
    """A busy cursor over the app while a large map is arranged, until the map has been repainted (the
    cursor goes back in the event-loop turn after this one, once the repaint posted meanwhile is done)."""
    ws = document.workshop
    if len(ws.points) + len(ws.findings) + len(ws.flows) < BUSY_FROM_ITEMS:
        yield
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QTimer.singleShot(0, QGuiApplication.restoreOverrideCursor)


class ArrangeMapCommand(MovePointsCommand):
    """The arrangement as one undo step: the places of a drag's ``MovePointsCommand`` (only ``x`` and
    ``y``: announced as one change), under a busy cursor on a large map."""

    def redo(self) -> None:
        """Put every box at its arranged place."""
        with busy_cursor(self._document):
            super().redo()

    def undo(self) -> None:
        """Put every box back where it was."""
        with busy_cursor(self._document):
            super().undo()


def arrangement_moves(document: Document) -> Moves:
    """``{point id: (old place, new place)}`` for every unpinned box that automatic layout puts elsewhere;
    empty when every one is where layout would put it."""
    from ...model.auto_layout import layout_positions  # networkx loads slowly: on first use only

    moves: Moves = {}
    for point_id, (x, y) in layout_positions(document.workshop).items():
        point = document.get("points", point_id)
        if point is None or (point.x, point.y) == (x, y):
            continue
        moves[point_id] = ({"x": point.x, "y": point.y}, {"x": x, "y": y})
    return moves


def push_arrangement(document: Document, undo_stack: QUndoStack) -> int:
    """Push one command moving every box ``arrangement_moves`` names; returns how many (0: none pushed)."""
    with busy_cursor(document):  # automatic layout itself takes ~0.4 s at 30,000 items
        moves = arrangement_moves(document)
        if moves:
            undo_stack.push(ArrangeMapCommand(document, moves, arrangement_text(len(moves))))
    return len(moves)


NOTHING_TO_ARRANGE = ("Nothing to arrange: every point not kept where placed by hand is already where "
                      "automatic layout puts it")


def arrange_map(document: Document, undo_stack: QUndoStack, say: Callable[[str], object]) -> int:
    """Map > Arrange Automatically: push the arrangement and ``say`` what it did (or that nothing moves);
    returns how many points moved."""
    moved = push_arrangement(document, undo_stack)
    say(arranged_text(moved) if moved else NOTHING_TO_ARRANGE)
    return moved


def bind_arrange_action(action: QAction, document: Document, presenting_changed: SignalInstance,
                        presenting: Callable[[], bool]) -> None:
    """Keep ``action`` enabled only when it can act: the map has points and is not being presented
    (in front of the room a whole map rearranged at a stray click is a surprise)."""

    def sync(*_args: object) -> None:
        if shiboken6.isValid(action):  # (the document may outlive the window's actions at its close)
            action.setEnabled(bool(document.items("points")) and not presenting())

    def follow(change: Change) -> None:
        # Only a point added or removed, or another workshop, can make the map empty or not.
        if change.action != "update" and change.collection in ("points", "document"):
            sync()

    document.subscribe(follow)
    presenting_changed.connect(sync)
    sync()


def arranged_text(moved: int) -> str:
    """The status bar's words after arranging: ``Arranged the map: 12 points moved (Undo puts them back)``."""
    return f"Arranged the map: {_points(moved)} moved (Undo puts {'them' if moved != 1 else 'it'} back)"


def _points(count: int) -> str:
    return f"{count:,} point{'s' if count != 1 else ''}"


def arrangement_text(moved: int) -> str:
    """The undo step's name: ``Arrange map (12 points moved)``."""
    return f"Arrange map ({_points(moved)} moved)"
