"""The document as compact JSON for a recovery copy, re-serialising only the items that changed.

Serialising a 3,000-item workshop whole takes 2-8 ms of the UI thread (more on a busy machine), on every
copy. Here each item's JSON is kept, keyed by its id and the object itself, and dropped when a document
notice names the item (``Change``): the document changes items only through its methods, which announce
every change. A copy then serialises the few items an edit touched, the small sections (info, scheme,
the voting settings) and joins the rest. The bytes are those of pydantic's ``to_json`` of the whole
workshop (``tests/ui/test_recovery_incremental.py`` compares them), which the loader reads as it reads a
saved file. Qt-free; the recovery writer warms the cache in small steps between events (``warm``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from ...model.document import COLLECTIONS, Change, Document

# Each collection's key in the JSON: its last attribute (``voting.tables`` is ``"tables"`` in ``voting``).
_KEYS = {name: path[-1] for name, path in COLLECTIONS.items()}
_NESTED = {name: path[0] for name, path in COLLECTIONS.items() if len(path) == 2}  # "voting" for tables...

Pending = Iterable[tuple[str, str, dict[str, Any]]]


class Unserialisable(ValueError):
    """An item pydantic's JSON serialiser refuses (a lone surrogate in its text): copy the slow way."""


class _Joined:
    """One collection's items' JSON in document order, for the list object it was made from."""

    __slots__ = ("items", "pieces", "positions", "dirty", "joined")

    def __init__(self, items: list[Any], pieces: list[bytes]) -> None:
        self.items = items  # the document's list (a workshop swapped in without a notice has another)
        self.pieces: list[bytes | None] = list(pieces)
        self.positions: dict[str, int] | None = None  # id -> index, made when an update needs it
        self.dirty: set[str] = set()  # ids whose JSON is out of date (or missing: just inserted)
        self.joined: bytes | None = None  # the pieces joined, until one changes


class SnapshotCache:
    """Compact JSON of ``document``'s workshop, item by item, kept in step by the document's notices."""

    def __init__(self, document: Document) -> None:
        self._document = document
        # While a collection is filled a few items at a time: id -> (the item object serialised, its JSON).
        self._filling: dict[str, dict[str, tuple[Any, bytes]]] = {name: {} for name in COLLECTIONS}
        self._joined: dict[str, _Joined] = {}
        self._unsubscribe: Callable[[], None] = document.subscribe(self._on_change)

    def dispose(self) -> None:
        """Stop following the document."""
        self._unsubscribe()
        self._unsubscribe = lambda: None

    def is_warm(self) -> bool:
        """True when every item's JSON is kept (a copy then serialises only what changed since)."""
        return all(self._current(name) is not None for name in COLLECTIONS)

    def warm(self, budget: int = 250) -> bool:
        """Serialise up to ``budget`` items not kept yet (a fraction of a millisecond); True when warm."""
        for name in COLLECTIONS:
            budget = self._fill(name, budget)
            if budget < 0:
                return False
        return True

    def parts(self, pending: Pending = ()) -> list[bytes]:
        """The workshop's JSON as pieces to join (``b"".join``), with ``pending`` fields applied to the
        copy only: ``(collection, id, fields)``, or ``(section, "", fields)`` for info and scheme.

        Raises ``Unserialisable`` when pydantic cannot serialise some text; nothing is changed then.
        """
        workshop = self._document.workshop
        sections: dict[str, Any] = {}
        edited: dict[str, dict[str, dict[str, Any]]] = {}
        for collection, item_id, fields in pending:
            if not item_id:
                sections[collection] = getattr(workshop, collection).model_copy(update=fields)
            elif collection in COLLECTIONS:
                edited.setdefault(collection, {}).setdefault(item_id, {}).update(fields)
        # The skeleton: the workshop with every collection empty; each ``"key":[]`` is where its items go.
        voting = sections.get("voting", workshop.voting).model_copy(
            update={_KEYS[name]: [] for name, section in _NESTED.items() if section == "voting"})
        skeleton = workshop.model_copy(update={
            **sections, "voting": voting, **{_KEYS[name]: [] for name in COLLECTIONS if name not in _NESTED}})
        text = _json(skeleton)
        places = []
        for name in COLLECTIONS:
            marker = b'"' + _KEYS[name].encode() + b'":[]'
            at = text.find(marker)
            if at < 0 or text.find(marker, at + 1) >= 0:  # a key spelt the same elsewhere: never guess
                return [_json(self._with_pending(workshop, sections, edited))]
            places.append((at + len(marker) - 1, name))  # before the closing bracket
        places.sort()
        pieces: list[bytes] = []
        start = 0
        for at, name in places:
            pieces.append(text[start:at])
            pieces.append(self._collection_json(name, edited.get(name, {})))
            start = at
        pieces.append(text[start:])
        return pieces

    # ------------------------------------------------------------------ internals
    def _on_change(self, change: Change) -> None:
        if change.action == "reset" or change.collection == "document":
            for filling in self._filling.values():
                filling.clear()
            self._joined.clear()
            return
        if change.collection not in COLLECTIONS:
            return  # a section: serialised whole at every copy
        filling = self._filling[change.collection]
        for item_id in change.ids:  # (changed in place: the same object, other content)
            filling.pop(item_id, None)
        state = self._joined.get(change.collection)
        if state is None:
            return  # (filled from the document as it is when next asked)
        state.joined = None
        if change.action == "update":
            state.dirty.update(change.ids)
            return
        if change.index is None or len(change.ids) != 1:
            del self._joined[change.collection]  # (every notice names its place; should one not: afresh)
            return
        at_end = change.index >= len(state.pieces) - (change.action == "remove")
        if change.action == "insert":
            state.pieces.insert(change.index, None)
            state.dirty.add(change.ids[0])
        else:
            del state.pieces[change.index]
            state.dirty.discard(change.ids[0])
        if state.positions is not None and at_end:  # the usual case (a new item goes last): no shift
            if change.action == "insert":
                state.positions[change.ids[0]] = change.index
            else:
                state.positions.pop(change.ids[0], None)
        else:
            state.positions = None

    def _fill(self, name: str, budget: int) -> int:
        """Serialise up to ``budget`` of the collection's items not kept yet; the budget left, or -1
        when the collection is not whole yet (what was serialised is kept for the next call)."""
        if self._current(name) is not None:
            return budget
        filling = self._filling[name]
        items = self._document.items(name)
        for item in items:
            entry = filling.get(item.id)
            if entry is None or entry[0] is not item:
                if budget <= 0:
                    return -1
                filling[item.id] = (item, _item_json(item))
                budget -= 1
        self._joined[name] = _Joined(items, [filling[item.id][1] for item in items])
        filling.clear()
        return budget

    def _current(self, name: str) -> _Joined | None:
        state = self._joined.get(name)
        items = self._document.items(name)
        # The same list and length: a document swapped in without a notice (``adopt``) is noticed.
        if state is None or state.items is not items or len(state.pieces) != len(items):
            return None
        return state

    def _state(self, name: str) -> _Joined:
        """The collection's pieces, each up to date."""
        state = self._current(name)
        if state is None:  # cold (a copy made at once, ``RecoveryWriter.write_now``): all of it now
            self._fill(name, len(self._document.items(name)))
            state = self._joined[name]
        if state.dirty:
            items = state.items
            if state.positions is None:
                state.positions = {item.id: index for index, item in enumerate(items)}
            for item_id in state.dirty:
                index = state.positions.get(item_id)
                if index is not None:
                    state.pieces[index] = _item_json(items[index])
            state.dirty.clear()
        return state

    def _collection_json(self, name: str, edited: dict[str, dict[str, Any]]) -> bytes:
        state = self._state(name)
        if not edited:
            if state.joined is None:
                state.joined = b",".join(state.pieces)  # type: ignore[arg-type] - none left missing
            return state.joined
        if state.positions is None:
            state.positions = {item.id: index for index, item in enumerate(state.items)}
        pieces = list(state.pieces)
        for item_id, fields in edited.items():
            index = state.positions.get(item_id)
            if index is not None:
                pieces[index] = _item_json(state.items[index].model_copy(update=fields))
        return b",".join(pieces)  # type: ignore[arg-type]

    def _with_pending(self, workshop: Any, sections: dict[str, Any],
                      edited: dict[str, dict[str, dict[str, Any]]]) -> Any:
        """A shallow copy of ``workshop`` with the pending text in it (the slow, whole path)."""
        copy = workshop.model_copy(update=sections)
        for name, by_id in edited.items():
            owner = copy
            if name in _NESTED:
                owner = getattr(copy, _NESTED[name]).model_copy()
                object.__setattr__(copy, _NESTED[name], owner)
            object.__setattr__(owner, _KEYS[name], [
                item.model_copy(update=by_id[item.id]) if item.id in by_id else item
                for item in getattr(owner, _KEYS[name])])
        return copy


def _json(model: Any) -> bytes:
    try:
        return model.__pydantic_serializer__.to_json(model)
    except ValueError as exc:  # e.g. a lone surrogate
        raise Unserialisable(str(exc)) from None


def _item_json(item: Any) -> bytes:
    """One item's JSON; a position that is not a number (a glitch while dragging) is written as 0, as
    a save writes it (``simmap_file.dumps_workshop``), so that the copy still loads."""
    fields = type(item).model_fields
    glitched = {name: 0.0 for name in ("x", "y") if name in fields
                and isinstance(value := getattr(item, name), float) and not math.isfinite(value)}
    if glitched:
        item = item.model_copy(update=glitched)
    return _json(item)
