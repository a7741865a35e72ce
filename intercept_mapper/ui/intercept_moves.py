"""Move the selected items to another intercept from the keyboard (Alt+0 to Alt+5, Alt+X).

With fast entry, a facilitator adds a point, types its title and presses Alt+3 to put it in
intercept 3: the whole map can be built without the mouse. One undo step per move.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..model import CROSS_INTERCEPT, Document


def move_changes(document: Document, ids: list[str], intercept: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The field changes that put these items in ``intercept`` (points cannot go to the cross band).

    A moved point is unpinned so that automatic layout puts it in its new lane, and takes its
    resources and gaps along; a resource or gap leaves a point that stays behind in another intercept.
    """
    if not document.workshop.scheme.has(intercept):
        return []
    changes: list[tuple[str, str, dict[str, Any]]] = []
    for item_id in ids:
        found = document.find(item_id)
        if found is None:
            continue
        collection, item = found
        if collection == "points" and intercept != CROSS_INTERCEPT and item.intercept != intercept:
            changes.append(("points", item_id, {"intercept": intercept, "pinned": False}))
            # Its resources and gaps go with it: they are drawn under the point.
            changes += [("findings", f.id, {"intercept": intercept}) for f in document.items("findings")
                        if f.point_id == item_id and f.id not in ids and f.intercept != intercept]
        elif collection == "findings" and item.intercept != intercept:
            fields: dict[str, Any] = {"intercept": intercept}
            point = document.get("points", item.point_id) if item.point_id else None
            if point is not None and point.id not in ids:
                fields["point_id"] = None
            changes.append(("findings", item_id, fields))
    return changes


class MoveToInterceptCommand(QUndoCommand):
    """Put items in another intercept, as one undo step."""

    def __init__(self, document: Document, changes: list[tuple[str, str, dict[str, Any]]], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._changes = changes
        self._old: list[tuple[str, str, dict[str, Any]]] = []

    def redo(self) -> None:
        """Apply the moves, remembering what they replaced."""
        self._old = [(c, i, self._document.update(c, i, **fields)) for c, i, fields in self._changes]

    def undo(self) -> None:
        """Put every item back where it was."""
        for collection, item_id, old in reversed(self._old):
            self._document.update(collection, item_id, **old)


def push_move(document: Document, undo_stack: QUndoStack, ids: list[str], intercept: str) -> bool:
    """Push one command moving ``ids`` to ``intercept``; False when there is nothing to move."""
    changes = move_changes(document, ids, intercept)
    if not changes:
        return False
    label = document.workshop.scheme.label(intercept)
    undo_stack.push(MoveToInterceptCommand(document, changes, f"Move to {label}"))
    return True
