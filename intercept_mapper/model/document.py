"""The live workshop document: edits the ``Workshop`` data and announces every change.

The document knows nothing of Qt. Editors (undo commands, importers, scripts) call its methods; views
subscribe and redraw from the ``Change`` notices. Load, undo, redo, paste and recovery therefore all
arrive through the same door. Each primitive (``insert``, ``remove``, ``update``) returns what is needed
to reverse it, and ``delete`` returns an ``EditRecord`` that ``revert`` undoes exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .document_constants import CROSS_INTERCEPT
from .limits import coordinate_problem, text_limit, text_problem, too_many_items

if TYPE_CHECKING:  # the pydantic classes load with the first workshop, not with this module
    from pydantic import BaseModel

    from .workshop import Workshop

# Collections of items with ids, and where each lives in the Workshop.
COLLECTIONS: dict[str, tuple[str, ...]] = {
    "points": ("points",),
    "flows": ("flows",),
    "findings": ("findings",),
    "participants": ("participants",),
    "tables": ("voting", "tables"),
    "candidates": ("voting", "candidates"),
    "ballots": ("voting", "ballots"),
    "action_plans": ("action_plans",),
    "inbox": ("inbox",),
}
# Single objects edited field by field.
SECTIONS = ("info", "scheme", "voting")

# What a change touches, so that a panel refreshes only when its part changed (a label edit need not
# re-run the graph analysis).
GRAPH_COLLECTIONS = frozenset({"points", "flows"})
GRAPH_FIELDS = frozenset({"intercept", "source", "target", "point_id"})
PLACE_FIELDS = frozenset({"x", "y"})  # what ``move_points`` changes

ChangeAction = Literal["insert", "remove", "update", "reset"]


@dataclass(frozen=True)
class Change:
    """One notice sent to listeners after the document changed."""

    collection: str  # a COLLECTIONS key, a SECTIONS name, or "document" for a reset
    action: ChangeAction
    ids: tuple[str, ...] = ()
    fields: frozenset[str] = frozenset()
    index: int | None = None

    @property
    def touches_graph(self) -> bool:
        """True when the flow graph (points, flows, where items sit) may have changed."""
        if self.action == "reset":
            return True
        if self.collection in GRAPH_COLLECTIONS:
            if self.action != "update":
                return True
            return bool(self.fields & GRAPH_FIELDS)
        if self.collection in ("findings", "candidates"):
            return bool(self.fields & GRAPH_FIELDS) or self.action != "update"
        return self.collection == "scheme"


Listener = Callable[[Change], None]


@dataclass
class _Op:
    kind: Literal["insert", "remove", "update"]
    collection: str
    item_id: str
    item: Any = None
    index: int = -1
    old: dict[str, Any] = field(default_factory=dict)


@dataclass
class EditRecord:
    """What a compound edit did, in order, so that ``Document.revert`` can undo it exactly."""

    ops: list[_Op] = field(default_factory=list)

    def removed(self, collection: str) -> list[Any]:
        """Items this edit removed from ``collection``."""
        return [op.item for op in self.ops if op.kind == "remove" and op.collection == collection]

    def __bool__(self) -> bool:
        return bool(self.ops)


class DocumentError(ValueError):
    """An edit that would break the document (unknown id, duplicate id, invalid value)."""


class Document:
    """A workshop being edited, with change notification and id indexes."""

    def __init__(self, workshop: Workshop) -> None:
        self._workshop = workshop
        self._listeners: list[Listener] = []
        self._index: dict[str, dict[str, Any]] = {}
        self.revision = 0  # bumped on every change; autosave and "modified" compare it
        self._rebuild_indexes()

    # ----------------------------------------------------------------- public API: reading
    @property
    def workshop(self) -> Workshop:
        """The data being edited. Read it freely; change it only through this class."""
        return self._workshop

    def items(self, collection: str) -> list[Any]:
        """The live list of a collection, in document order (do not mutate it)."""
        obj: Any = self._workshop
        for attr in COLLECTIONS[collection]:
            obj = getattr(obj, attr)
        return obj

    def get(self, collection: str, item_id: str) -> Any | None:
        """The item with this id in a collection, or None."""
        return self._index[collection].get(item_id)

    def find(self, item_id: str) -> tuple[str, Any] | None:
        """The (collection, item) for any id, or None."""
        for name, index in self._index.items():
            if item_id in index:
                return name, index[item_id]
        return None

    def index_of(self, collection: str, item_id: str) -> int:
        """Position of an item in its collection."""
        item = self.get(collection, item_id)
        if item is None:
            raise DocumentError(f"no {collection[:-1]} with id '{item_id}'")
        items = self.items(collection)
        # By identity: ``list.index`` compares with ``==``, and pydantic compares field by field (40 ms
        # for the last of 12,000 findings; ids of all of them 1 ms). The index holds the list's objects.
        try:
            return list(map(id, items)).index(id(item))
        except ValueError:  # an equal copy put in the list behind the document's back
            return items.index(item)

    # ----------------------------------------------------------------- public API: listening
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # ----------------------------------------------------------------- public API: editing
    def replace(self, workshop: Workshop) -> None:
        """Swap in a whole workshop (open, recovery); listeners get one ``reset`` notice."""
        self._workshop = workshop
        self._rebuild_indexes()
        self._emit(Change("document", "reset"))

    def adopt(self, workshop: Workshop) -> None:
        """Swap in a workshop whose content is what the document already holds (the validated file
        behind a quick map preview, see ``map_preview.same_map``): no notice, since nothing any view
        shows changes; only the objects behind the ids are the new ones."""
        self._workshop = workshop
        self._rebuild_indexes()

    def insert(self, collection: str, item: Any, index: int | None = None) -> int:
        """Insert ``item`` (at ``index``, default the end); returns where it went."""
        items = self.items(collection)
        if item.id in self._index[collection]:
            raise DocumentError(f"an item with id '{item.id}' already exists in {collection}")
        self._refuse_growth([item])
        if index is None or index > len(items):
            index = len(items)
        items.insert(index, item)
        self._index[collection][item.id] = item
        self._emit(Change(collection, "insert", (item.id,), index=index))
        return index

    def remove(self, collection: str, item_id: str) -> tuple[Any, int]:
        """Remove one item (no cascade); returns the item and where it was."""
        index = self.index_of(collection, item_id)
        item = self.items(collection).pop(index)
        del self._index[collection][item_id]
        self._emit(Change(collection, "remove", (item_id,), index=index))
        return item, index

    def update(self, collection: str, item_id: str, **fields: Any) -> dict[str, Any]:
        """Change fields of one item after validating them; returns the old values."""
        item = self.get(collection, item_id)
        if item is None:
            raise DocumentError(f"no {collection[:-1]} with id '{item_id}'")
        return self._update_model(item, fields, Change(collection, "update", (item_id,), frozenset(fields)))

    def move_points(self, places: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        """Put each point of ``places`` at its ``(x, y)`` and announce ONE update of ``x`` and ``y`` naming
        them all (``update`` announces each item on its own, and each notice costs every view a redraw:
        6,000 boxes arranged one notice at a time kept the map busy for minutes). Returns each point's
        old place. All or nothing: an unknown point or a place off the map raises ``DocumentError``
        before any point moves."""
        points = []
        for point_id, (x, y) in places.items():
            point = self.get("points", point_id)
            if point is None:
                raise DocumentError(f"no point with id '{point_id}'")
            for value in (x, y):
                why = coordinate_problem(value)
                if why:
                    raise DocumentError(f"a position {why}")
            points.append((point, float(x), float(y)))
        old: dict[str, tuple[float, float]] = {}
        for point, x, y in points:
            old[point.id] = (point.x, point.y)
            point.x, point.y = x, y
        if old:
            self._emit(Change("points", "update", tuple(old), PLACE_FIELDS))
        return old

    def update_section(self, section: str, **fields: Any) -> dict[str, Any]:
        """Change fields of ``info``, ``scheme`` or ``voting``; returns the old values."""
        if section not in SECTIONS:
            raise DocumentError(f"unknown section '{section}'")
        if section == "voting" and fields.keys() & {"tables", "candidates", "ballots"}:
            raise DocumentError("edit voting tables, candidates and ballots item by item")
        target = getattr(self._workshop, section)
        return self._update_model(target, fields, Change(section, "update", (), frozenset(fields)))

    def set_intercept_label(self, intercept_id: str, label: str) -> str:
        """Rename an intercept (or the cross-intercept band); returns the old label."""
        scheme = self._workshop.scheme
        if intercept_id == CROSS_INTERCEPT:
            old = scheme.cross_label
            scheme.cross_label = label
        else:
            match = next((i for i in scheme.intercepts if i.id == intercept_id), None)
            if match is None:
                raise DocumentError(f"intercept '{intercept_id}' is not in this map")
            old, match.label = match.label, label
        self._emit(Change("scheme", "update", (intercept_id,), frozenset({"label"})))
        return old

    # ----------------------------------------------------------------- compound edits
    def delete(self, ids: Iterable[str]) -> EditRecord:
        """Delete items by id with everything that hangs on them; ``revert`` undoes it exactly.

        Flows go with their points; resources and gaps at a deleted point stay but lose the link;
        a gap leaves the candidates it was merged into (a candidate that was only that gap goes);
        a participant's ballots go; plans of a deleted candidate stay but lose the link.
        """
        record = EditRecord()
        for item_id in list(dict.fromkeys(ids)):
            found = self.find(item_id)
            if found is None:
                continue
            collection, _ = found
            self._cascade(collection, item_id, record)
            self.recorded_remove(record, collection, item_id)
        return record

    def revert(self, record: EditRecord) -> None:
        """Undo an ``EditRecord`` (from ``delete`` or ``apply``), last operation first."""
        for op in reversed(record.ops):
            if op.kind == "remove":
                self.insert(op.collection, op.item, op.index)
            elif op.kind == "insert":
                self.remove(op.collection, op.item_id)
            else:
                self._restore_fields(op)

    def reapply(self, record: EditRecord) -> None:
        """Redo an ``EditRecord`` that ``revert`` undid, first operation first."""
        for op in record.ops:
            if op.kind == "remove":
                self.remove(op.collection, op.item_id)
            elif op.kind == "insert":
                self.insert(op.collection, op.item, op.index)
            else:
                item = self.get(op.collection, op.item_id)
                new = {k: getattr(op.item, k) for k in op.old} if op.item is not None else {}
                if item is not None and new:
                    self.update(op.collection, op.item_id, **new)

    def insert_all(self, entries: Iterable[tuple[str, Any]]) -> EditRecord:
        """Insert several items (paste, import, duplicate) and return a record that ``revert`` undoes."""
        entries = list(entries)
        self._refuse_growth([item for _, item in entries])  # all or nothing: checked before any goes in
        record = EditRecord()
        for collection, item in entries:
            self.recorded_insert(record, collection, item)
        return record

    def _refuse_growth(self, items: list[Any]) -> None:
        """Raise ``DocumentError`` when adding ``items`` would pass the item limit or they hold text the
        loader would refuse (limits.py): what the app holds, it saves into a file it opens again."""
        # Lengths of the collections, and only the plans walked (few): an insert stays cheap.
        count = sum(len(self.items(name)) for name in COLLECTIONS)
        count += sum(_items_in(plan) - 1 for plan in self.items("action_plans"))
        too_many = too_many_items(count + sum(_items_in(item) for item in items))
        if too_many:
            raise DocumentError(too_many)
        for item in items:
            _refuse_unstorable_text({name: getattr(item, name) for name in type(item).model_fields})

    # ----------------------------------------------------------------- building records step by step
    def recorded_insert(
        self, record: EditRecord, collection: str, item: Any, index: int | None = None
    ) -> int:
        """``insert`` and add the step to ``record`` so that revert and reapply replay it; returns where."""
        index = self.insert(collection, item, index)
        record.ops.append(_Op("insert", collection, item.id, item, index))
        return index

    def recorded_remove(self, record: EditRecord, collection: str, item_id: str) -> Any:
        """``remove`` one item (no cascade) and add the step to ``record``; returns the item."""
        item, index = self.remove(collection, item_id)
        record.ops.append(_Op("remove", collection, item_id, item, index))
        return item

    def recorded_update(
        self, record: EditRecord, collection: str, item_id: str, **fields: Any
    ) -> dict[str, Any]:
        """``update`` one item and add the step to ``record``; returns the old values."""
        old = self.update(collection, item_id, **fields)
        new_item = self.get(collection, item_id)
        snapshot = new_item.model_copy(deep=True) if new_item is not None else None
        record.ops.append(_Op("update", collection, item_id, snapshot, old=old))
        return old

    # ----------------------------------------------------------------- internals
    def _cascade(self, collection: str, item_id: str, record: EditRecord) -> None:
        ws = self._workshop
        if collection == "points":
            for flow in [f for f in ws.flows if item_id in (f.source, f.target)]:
                self.recorded_remove(record, "flows", flow.id)
            for finding in [f for f in ws.findings if f.point_id == item_id]:
                self.recorded_update(record, "findings", finding.id, point_id=None)
            for cand in [c for c in ws.voting.candidates if c.point_id == item_id]:
                self.recorded_update(record, "candidates", cand.id, point_id=None)
        elif collection == "findings":
            for cand in [c for c in ws.voting.candidates if item_id in c.gap_ids]:
                remaining = [g for g in cand.gap_ids if g != item_id]
                if remaining or cand.intercepts:
                    self.recorded_update(record, "candidates", cand.id, gap_ids=remaining)
                else:
                    self._cascade("candidates", cand.id, record)
                    self.recorded_remove(record, "candidates", cand.id)
        elif collection == "candidates":
            for ballot in ws.voting.ballots:
                if item_id in ballot.votes:
                    votes = {k: v for k, v in ballot.votes.items() if k != item_id}
                    self.recorded_update(record, "ballots", ballot.id, votes=votes)
            for plan in [p for p in ws.action_plans if p.candidate_id == item_id]:
                self.recorded_update(record, "action_plans", plan.id, candidate_id=None)
        elif collection == "participants":
            for ballot in [b for b in ws.voting.ballots if b.participant_id == item_id]:
                self.recorded_remove(record, "ballots", ballot.id)
            self._detach_participant_from_plans(item_id, record)
        elif collection == "tables":
            for cand in [c for c in ws.voting.candidates if item_id in c.votes]:
                votes = {k: v for k, v in cand.votes.items() if k != item_id}
                self.recorded_update(record, "candidates", cand.id, votes=votes)
            for ballot in [b for b in ws.voting.ballots if b.table_id == item_id]:
                self.recorded_remove(record, "ballots", ballot.id)

    def _detach_participant_from_plans(self, participant_id: str, record: EditRecord) -> None:
        # Steps are nested inside plans: the plan's objectives are replaced by an edited copy, and
        # the step keeps the person's name in ``who`` so that nothing the group wrote is lost.
        for plan in self._workshop.action_plans:
            if not any(s.who_participant_id == participant_id for o in plan.objectives for s in o.steps):
                continue
            objectives = [o.model_copy(deep=True) for o in plan.objectives]
            for objective in objectives:
                for step in objective.steps:
                    if step.who_participant_id == participant_id:
                        step.who_participant_id = None
            self.recorded_update(record, "action_plans", plan.id, objectives=objectives)

    def _restore_fields(self, op: _Op) -> None:
        if self.get(op.collection, op.item_id) is not None:
            self.update(op.collection, op.item_id, **op.old)

    def _update_model(self, target: BaseModel, fields: dict[str, Any], change: Change) -> dict[str, Any]:
        unknown = set(fields) - set(type(target).model_fields)
        if unknown:
            raise DocumentError(f"unknown field(s) {sorted(unknown)} for {type(target).__name__}")
        if "id" in fields:
            raise DocumentError("an item's id never changes")
        _refuse_unstorable_text(fields)
        try:
            checked = type(target).model_validate({**target.model_dump(), **fields})
        except ValueError as exc:
            raise DocumentError(str(exc)) from exc
        old = {name: getattr(target, name) for name in fields}
        for name in fields:
            setattr(target, name, getattr(checked, name))
        self._emit(change)
        return old

    def _rebuild_indexes(self) -> None:
        self._index = {name: {item.id: item for item in self.items(name)} for name in COLLECTIONS}

    def _emit(self, change: Change) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(change)


def _refuse_unstorable_text(fields: dict[str, Any]) -> None:
    """Raise ``DocumentError`` for text the loader would refuse (limits.py): what the app holds, it opens."""
    stack = list(fields.items())
    while stack:
        name, value = stack.pop()
        if isinstance(value, str):
            why = text_problem(value, text_limit(name))
            if why:
                raise DocumentError(f"{name.replace('_', ' ')} {why}")
        elif isinstance(value, list | tuple):
            stack.extend((name, v) for v in value)
        elif isinstance(value, dict):
            stack.extend((name, k) for k in value)
            stack.extend((name, v) for v in value.values())
        elif hasattr(type(value), "model_fields"):
            stack.extend((n, getattr(value, n)) for n in type(value).model_fields)


def _items_in(item: Any) -> int:
    """How many items ``item`` counts for (limits.MAX_ITEMS): an action plan also its objectives and steps."""
    objectives = getattr(item, "objectives", None)
    if objectives is None:
        return 1
    return 1 + len(objectives) + sum(len(objective.steps) for objective in objectives)
