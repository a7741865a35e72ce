"""Undo commands: the only way the app changes the document.

Each command calls ``Document`` methods and nothing else; views redraw from the document's change
notices, so undo, redo, load and paste share one path. No command pushes another.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtGui import QUndoCommand

from ..model.document import PLACE_FIELDS, Document, DocumentError, EditRecord

# Where a refused edit is said (each main window shows it in its status bar); weak, so a closed window
# is not kept alive by it.
_refusal_listeners: list[weakref.WeakMethod] = []


def announce_stack_state(stack: Any) -> None:
    """Tell a QUndoStack's listeners its state again (``indexChanged``): a push of an obsolete command
    drops the redo steps without any signal, which would leave Redo looking enabled."""
    if shiboken6.isValid(stack):
        stack.indexChanged.emit(stack.index())


def listen_for_refusals(method: Callable[[str], None]) -> None:
    """Call the bound ``method`` with the reason whenever the document refuses an edit."""
    _refusal_listeners.append(weakref.WeakMethod(method))  # type: ignore[arg-type]


def refuse(command: QUndoCommand, error: DocumentError) -> None:
    """An edit the document refused (past a limit, text a file cannot hold): the command leaves the undo
    stack at once (obsolete) and the refusal is said, instead of a traceback and an empty undo step."""
    command.setObsolete(True)
    _refusal_listeners[:] = [ref for ref in _refusal_listeners if ref() is not None]
    for ref in list(_refusal_listeners):
        listener = ref()
        if listener is not None:
            with contextlib.suppress(RuntimeError):  # a window whose Qt side is gone
                listener(str(error))

# Ids for QUndoCommand.id(): consecutive edits of the same text field merge into one step.
MERGE_FIELD_EDIT = 1001


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def describe(kind: str, title: str) -> str:
    """Undo text such as ``Add gap 'No crisis unit'``."""
    return f"{kind} '{_short(title)}'" if title else kind


class InsertItemsCommand(QUndoCommand):
    """Add one or more items (add, paste, duplicate, import), as one undo step."""

    def __init__(self, document: Document, entries: Iterable[tuple[str, Any]], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._entries = list(entries)
        self._record: EditRecord | None = None

    def redo(self) -> None:
        """Insert the items (again, at the same places on redo)."""
        if self._record is None:
            try:
                self._record = self._document.insert_all(self._entries)
            except DocumentError as exc:  # all or nothing: nothing went in
                refuse(self, exc)
        else:
            self._document.reapply(self._record)

    def undo(self) -> None:
        """Remove the items."""
        if self._record is not None:
            self._document.revert(self._record)

    def item_ids(self) -> list[str]:
        """Ids of the items this command adds."""
        return [item.id for _, item in self._entries]


class DeleteItemsCommand(QUndoCommand):
    """Delete items with everything hanging on them (flows, links, ballots); undo restores all."""

    def __init__(self, document: Document, ids: Iterable[str], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._ids = list(ids)
        self._record: EditRecord | None = None

    def redo(self) -> None:
        """Delete (the document records what went, for undo)."""
        self._record = self._document.delete(self._ids)

    def undo(self) -> None:
        """Put back every item and link exactly where it was."""
        if self._record is not None:
            self._document.revert(self._record)
            self._record = None


class UpdateItemCommand(QUndoCommand):
    """Change fields of one item. Typing into the same field of the same item merges into one step."""

    def __init__(
        self, document: Document, collection: str, item_id: str, fields: dict[str, Any], text: str,
        merge: bool = False,
    ) -> None:
        super().__init__(text)
        self._document = document
        self._collection = collection
        self._item_id = item_id
        self._new = dict(fields)
        item = document.get(collection, item_id)
        self._old = {k: getattr(item, k) for k in fields} if item is not None else {}
        self._merge = merge

    def redo(self) -> None:
        """Apply the new values."""
        try:
            self._document.update(self._collection, self._item_id, **self._new)
        except DocumentError as exc:
            refuse(self, exc)

    def undo(self) -> None:
        """Restore the old values."""
        self._document.update(self._collection, self._item_id, **self._old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Merge id, only for field edits that asked to merge."""
        return MERGE_FIELD_EDIT if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Fold a following edit of the same fields of the same item into this step."""
        if not isinstance(other, UpdateItemCommand) or not other._merge or other.isObsolete():
            return False  # a refused edit is never folded in (it would be tried again on redo)
        if (other._collection, other._item_id, set(other._new)) != (
            self._collection, self._item_id, set(self._new)
        ):
            return False
        self._new = dict(other._new)
        return True


class UpdateSectionCommand(QUndoCommand):
    """Change fields of the workshop info, scheme or voting settings."""

    def __init__(self, document: Document, section: str, fields: dict[str, Any], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._section = section
        self._new = dict(fields)
        target = getattr(document.workshop, section)
        self._old = {k: getattr(target, k) for k in fields}

    def redo(self) -> None:
        """Apply the new values."""
        self._document.update_section(self._section, **self._new)

    def undo(self) -> None:
        """Restore the old values."""
        self._document.update_section(self._section, **self._old)


class RenameInterceptCommand(QUndoCommand):
    """Change an intercept's label (labels are data: states rename intercepts)."""

    def __init__(self, document: Document, intercept_id: str, label: str) -> None:
        super().__init__(f"Rename intercept {intercept_id} to '{_short(label)}'")
        self._document = document
        self._intercept_id = intercept_id
        self._new = label
        self._old = document.workshop.scheme.label(intercept_id)

    def redo(self) -> None:
        """Apply the new label."""
        self._document.set_intercept_label(self._intercept_id, self._new)

    def undo(self) -> None:
        """Restore the old label."""
        self._document.set_intercept_label(self._intercept_id, self._old)


class MovePointsCommand(QUndoCommand):
    """Move decision points (a whole drag is one step). ``moves`` maps id to (old fields, new fields).

    Fields are ``x``, ``y`` and, when a drop snaps a box into another lane, ``intercept``; a moved box
    is ``pinned`` so that automatic layout keeps it where the facilitator put it. Moves of nothing but
    ``x`` and ``y`` (Map > Arrange Automatically: thousands of boxes) are announced as one change naming
    every box (``Document.move_points``), so that views redraw once, not once per box.
    """

    def __init__(self, document: Document, moves: dict[str, tuple[dict[str, Any], dict[str, Any]]],
                 text: str = "Move") -> None:
        super().__init__(text)
        self._document = document
        self._moves = moves
        self._places_only = all(set(old) | set(new) <= PLACE_FIELDS for old, new in moves.values())

    def redo(self) -> None:
        """Put each box at its new place."""
        self._put(1)

    def undo(self) -> None:
        """Put each box back."""
        self._put(0)

    def _put(self, side: int) -> None:
        if self._places_only:
            places = {point_id: (fields[side]["x"], fields[side]["y"])
                      for point_id, fields in self._moves.items()}
            try:
                self._document.move_points(places)
            except DocumentError as exc:  # all or nothing: no box moved
                refuse(self, exc)
            return
        for point_id, fields in self._moves.items():
            self._document.update("points", point_id, **fields[side])


class CompoundRecordCommand(QUndoCommand):
    """Apply a prepared model edit given as two callables; for edits the model composes itself.

    ``apply`` returns an ``EditRecord``; undo reverts it and redo re-applies it.
    """

    def __init__(self, document: Document, apply: Any, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._apply = apply
        self._record: EditRecord | None = None

    def redo(self) -> None:
        """Run the edit the first time; replay it exactly afterwards."""
        if self._record is None:
            self._record = self._apply(self._document)
        else:
            self._document.reapply(self._record)

    def undo(self) -> None:
        """Revert the edit."""
        if self._record is not None:
            self._document.revert(self._record)


# Merge id shared by an item just added from the keyboard and the naming of it that follows, so that
# "add, type the title, Enter" is one undo step: "Add gap 'No crisis unit'".
MERGE_NEW_ITEM_TITLE = 1002


class UpdateItemsCommand(QUndoCommand):
    """Change fields of several items as one step (a gap renamed together with its candidate).

    ``changes`` is a list of ``(collection, item id, new fields)``. With ``names_new_item`` the edit
    folds into the ``AddItemsCommand`` just before it when that command added these items.
    """

    def __init__(self, document: Document, changes: Iterable[tuple[str, str, dict[str, Any]]], text: str,
                 names_new_item: bool = False) -> None:
        super().__init__(text)
        self._document = document
        self._changes = [(c, i, dict(f)) for c, i, f in changes]
        self._old: list[tuple[str, str, dict[str, Any]]] = []
        for collection, item_id, fields in self._changes:
            item = document.get(collection, item_id)
            if item is not None:
                self._old.append((collection, item_id, {k: getattr(item, k) for k in fields}))
        self.names_new_item = names_new_item

    def item_ids(self) -> list[str]:
        """Ids of the items this command changes."""
        return [item_id for _, item_id, _ in self._changes]

    def redo(self) -> None:
        """Apply the new values."""
        for collection, item_id, fields in self._changes:
            self._document.update(collection, item_id, **fields)

    def undo(self) -> None:
        """Restore the old values, last change first."""
        for collection, item_id, fields in reversed(self._old):
            self._document.update(collection, item_id, **fields)

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Merge id when this names a freshly added item."""
        return MERGE_NEW_ITEM_TITLE if self.names_new_item else -1


class AddItemsCommand(InsertItemsCommand):
    """Add new items from the keyboard; naming the new item right away folds into this one step.

    The document holds the very item objects this command inserted, so once the naming edit has been
    applied, undo removes the named item and redo puts it back with its name.
    """

    def __init__(self, document: Document, entries: Iterable[tuple[str, Any]], kind_text: str,
                 title: str) -> None:
        super().__init__(document, entries, describe(kind_text, title))
        self._kind_text = kind_text

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Merge id shared with the naming edit."""
        return MERGE_NEW_ITEM_TITLE

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Absorb the naming of items this command added (the edit is already applied)."""
        if not isinstance(other, UpdateItemsCommand) or not other.names_new_item:
            return False
        if not set(other.item_ids()) <= set(self.item_ids()):
            return False
        title = other._changes[0][2].get("title") if other._changes else None
        if isinstance(title, str):
            self.setText(describe(self._kind_text, title))
        return True
