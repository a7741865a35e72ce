"""Map > Arrange Automatically: every unpinned decision point moved to where automatic layout puts it.

Automatic layout runs by itself only on import. A file saved before boxes kept room under them keeps its
packed places, and a map whose boxes were dragged about keeps the tangle; this command lays such a map
out again in one undo step. Boxes a facilitator pinned stay where they are (the others flow around
them), and so do the cross-intercept band's boxes, which the band stacks itself whatever their places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QUndoStack

from ..model.document import Change, Document
from .commands import MovePointsCommand

Moves = dict[str, tuple[dict[str, Any], dict[str, Any]]]


def arrangement_moves(document: Document) -> Moves:
    """``{point id: (old place, new place)}`` for every unpinned box in an intercept lane that automatic
    layout puts elsewhere; empty when every such box is where layout would put it."""
    from ..model.auto_layout import layout_positions  # networkx loads slowly: on first use only

    ws = document.workshop
    lanes = set(ws.scheme.ids())
    moves: Moves = {}
    for point_id, (x, y) in layout_positions(ws).items():
        point = document.get("points", point_id)
        if point is None or point.intercept not in lanes or (point.x, point.y) == (x, y):
            continue
        moves[point_id] = ({"x": point.x, "y": point.y}, {"x": x, "y": y})
    return moves


def push_arrangement(document: Document, undo_stack: QUndoStack) -> int:
    """Push one command moving every box ``arrangement_moves`` names; returns how many (0: none pushed)."""
    moves = arrangement_moves(document)
    if moves:
        undo_stack.push(MovePointsCommand(document, moves, arrangement_text(len(moves))))
    return len(moves)


NOTHING_TO_ARRANGE = ("Nothing to arrange: every point not kept where placed by hand is already where "
                      "automatic layout puts it")


def arrange_map(document: Document, undo_stack: QUndoStack, say: Callable[[str], object]) -> int:
    """Map > Arrange Automatically: push the arrangement and ``say`` what it did (or that nothing moves);
    returns how many points moved."""
    moved = push_arrangement(document, undo_stack)
    say(arrangement_text(moved) if moved else NOTHING_TO_ARRANGE)
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


def arrangement_text(moved: int) -> str:
    """The undo step's name (and the status bar's words): ``Arrange map (12 points moved)``."""
    return f"Arrange map ({moved:,} point{'s' if moved != 1 else ''} moved)"
