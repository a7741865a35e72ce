"""A quick read of a ``.simmap`` file's map, to paint it while the document model is still loading.

Building the pydantic classes costs about as much as starting Qt itself, so the app paints the map
from this read first and opens the file properly right after (``ui/app.py``). This is not a second
loader: it never validates, fills in or repairs anything, and it gives up (returns None) on anything
but a complete file of the current schema whose boxes all have their places, in which case the app
simply opens the file the usual way. Nothing read here is ever edited or saved.

The records mirror the pydantic classes of ``workshop.py`` field for field (a test holds them to it),
so that the map scene draws both alike.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

from .document_constants import CROSS_INTERCEPT, FORMAT_MARKER, SCHEMA_VERSION
from .intercept_presets import CROSS_INTERCEPT_LABEL, DEFAULT_PRESET, PRESETS
from .limits import MAX_ITEMS, coordinate_problem, text_limit, utf8_might_hold_forbidden
from .scheme_lookups import SchemeLookups

MAX_PREVIEW_BYTES = 20_000_000  # a bigger file is opened the usual way


class PreviewIntercept(NamedTuple):
    """``workshop.Intercept`` as read for the preview."""

    id: str
    label: str


@dataclass(slots=True)
class PreviewScheme(SchemeLookups):
    """``workshop.InterceptScheme`` as read for the preview."""

    preset: str
    intercepts: list[PreviewIntercept]
    cross_label: str


class PreviewPoint(NamedTuple):
    """``workshop.DecisionPoint`` as read for the preview."""

    id: str
    intercept: str
    title: str
    description: str
    organisation: str
    x: float
    y: float
    pinned: bool


class PreviewFlow(NamedTuple):
    """``workshop.Flow`` as read for the preview."""

    id: str
    source: str
    target: str
    yearly_count: int | None


class PreviewFinding(NamedTuple):
    """``workshop.Finding`` as read for the preview."""

    id: str
    kind: str
    intercept: str
    title: str
    description: str
    organisation: str
    point_id: str | None
    theme: str


@dataclass(slots=True)
class PreviewVoting:
    """The voting section: empty, since the map does not show it."""

    tables: list[Any] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    ballots: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class PreviewWorkshop:
    """What the map shows of a workshop; the sections the map does not show are left empty."""

    scheme: PreviewScheme
    points: list[PreviewPoint]
    flows: list[PreviewFlow]
    findings: list[PreviewFinding]
    participants: list[Any] = field(default_factory=list)
    voting: PreviewVoting = field(default_factory=PreviewVoting)
    action_plans: list[Any] = field(default_factory=list)
    inbox: list[Any] = field(default_factory=list)


# The JSON types each field must have. ``json`` makes exactly these types, so a field's type is looked up
# as it is (a bool is not taken for a number, nor a number for a bool): one set lookup per field.
_STR, _NUMBER = frozenset({str}), frozenset({int, float})
_KINDS: dict[type, dict[str, frozenset[type]]] = {
    PreviewIntercept: {"id": _STR, "label": _STR},
    PreviewPoint: {"id": _STR, "intercept": _STR, "title": _STR, "description": _STR,
                   "organisation": _STR, "x": _NUMBER, "y": _NUMBER, "pinned": frozenset({bool})},
    PreviewFlow: {"id": _STR, "source": _STR, "target": _STR, "yearly_count": frozenset({int, type(None)})},
    PreviewFinding: {"id": _STR, "kind": _STR, "intercept": _STR, "title": _STR,
                     "description": _STR, "organisation": _STR, "point_id": frozenset({str, type(None)}),
                     "theme": _STR},
}


class _NoPreview(Exception):
    pass


def _record(cls: type, raw: Any) -> Any:
    kinds = _KINDS[cls]
    if type(raw) is not dict or raw.keys() != kinds.keys():
        raise _NoPreview
    for name, allowed in kinds.items():
        if type(raw[name]) not in allowed:
            raise _NoPreview
    if cls is PreviewPoint:
        raw = {**raw, "x": float(raw["x"]), "y": float(raw["y"])}
    return cls(**raw)


# A record as the app writes it (fields in the classes' order, exact JSON types) is recognised with one
# lookup and built from its values in order: 3,000 boxes in ~3 ms, not ~5. Others go through ``_record``.
_FIELD_ORDER = {cls: tuple(kinds) for cls, kinds in _KINDS.items()}
_TYPE_ROWS = {cls: frozenset(itertools.product(*kinds.values())) for cls, kinds in _KINDS.items()}


def _records(cls: type, raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise _NoPreview
    order, type_rows, point = _FIELD_ORDER[cls], _TYPE_ROWS[cls], cls is PreviewPoint
    records = []
    for item in raw:
        if type(item) is dict and tuple(item) == order and tuple(map(type, item.values())) in type_rows:
            if point:
                item = {**item, "x": float(item["x"]), "y": float(item["y"])}
            records.append(cls(*item.values()))
        else:
            records.append(_record(cls, item))
    return records


def _scheme(raw: Any) -> PreviewScheme:
    if not isinstance(raw, dict) or raw.keys() != {"preset", "intercepts", "cross_label"}:
        raise _NoPreview
    if not isinstance(raw["preset"], str) or not isinstance(raw["cross_label"], str):
        raise _NoPreview
    return PreviewScheme(raw["preset"], _records(PreviewIntercept, raw["intercepts"]), raw["cross_label"])


def read_map_preview(path: str | Path) -> PreviewWorkshop | None:
    """The map of a complete, current ``.simmap`` file whose boxes all have places; else None."""
    try:
        path = Path(path)
        if path.stat().st_size > MAX_PREVIEW_BYTES:
            return None
        content = path.read_bytes()
        if utf8_might_hold_forbidden(content):
            return None  # the loader says what is wrong; nothing is painted before it
        data = json.loads(content)
        if not isinstance(data, dict) or data.get("format") != FORMAT_MARKER:
            return None
        version = data.get("schema_version")
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            return None  # an older file is migrated by the real loader; a newer one is refused there
        workshop = PreviewWorkshop(
            scheme=_scheme(data.get("scheme")),
            points=_records(PreviewPoint, data.get("points")),
            flows=_records(PreviewFlow, data.get("flows")),
            findings=_records(PreviewFinding, data.get("findings")),
        )
    except (OSError, ValueError, RecursionError, _NoPreview):
        return None
    return workshop if _drawable(workshop) else None


def blank_map_preview(preset: str = DEFAULT_PRESET) -> PreviewWorkshop:
    """The map of a new, empty workshop (``model.new_workshop``), for the first paint of an app started
    without a file."""
    _, rows = PRESETS[preset]
    scheme = PreviewScheme(preset, [PreviewIntercept(i, label) for i, label in rows], CROSS_INTERCEPT_LABEL)
    return PreviewWorkshop(scheme=scheme, points=[], flows=[], findings=[])


def _drawable(ws: PreviewWorkshop) -> bool:
    """Only what the map can draw as it is; anything doubtful is left to the real loader's checks."""
    lanes = set(ws.scheme.ids())
    points = {p.id for p in ws.points}
    ids = [*points, *(f.id for f in ws.flows), *(f.id for f in ws.findings), *lanes]
    if len(set(ids)) != len(ids) or CROSS_INTERCEPT in lanes:
        return False
    # A box without a place would need the automatic layout (networkx): not worth it for a preview.
    if any(p.intercept not in lanes or (not p.pinned and p.x == 0 and p.y == 0) for p in ws.points):
        return False
    if any(f.source not in points or f.target not in points or f.source == f.target for f in ws.flows):
        return False
    # What the loader refuses is not painted first either (a 10 MB title, a box 50 million units down).
    records = [*ws.points, *ws.flows, *ws.findings, *ws.scheme.intercepts]
    if len(records) > MAX_ITEMS or any(coordinate_problem(c) for p in ws.points for c in (p.x, p.y)):
        return False
    if any(isinstance(value, str) and len(value) > text_limit(name)
           for record in records for name, value in zip(record._fields, record, strict=True)):
        return False
    return all(f.kind in ("resource", "gap") and (f.intercept in lanes or f.intercept == CROSS_INTERCEPT)
               and (f.point_id is None or f.point_id in points) for f in ws.findings)


def same_map(preview: PreviewWorkshop, workshop: Any) -> bool:
    """True when ``workshop`` (as the real loader read it) has exactly the map of ``preview``."""
    def rows(records: list[Any]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in records]

    def real_rows(records: list[Any], like: type) -> list[tuple[Any, ...]]:
        names = like._fields
        return [tuple(getattr(r, n) for n in names) for r in records]

    scheme = workshop.scheme
    return (
        (preview.scheme.preset, preview.scheme.cross_label) == (scheme.preset, scheme.cross_label)
        and rows(preview.scheme.intercepts) == real_rows(scheme.intercepts, PreviewIntercept)
        and rows(preview.points) == real_rows(workshop.points, PreviewPoint)
        and rows(preview.flows) == real_rows(workshop.flows, PreviewFlow)
        and rows(preview.findings) == real_rows(workshop.findings, PreviewFinding)
    )


def preview_field_names() -> dict[str, list[str]]:
    """Field names of each preview record, by the name of the pydantic class it mirrors (for tests)."""
    return {
        "Intercept": list(PreviewIntercept._fields),
        "InterceptScheme": [f.name for f in fields(PreviewScheme)],
        "DecisionPoint": list(PreviewPoint._fields),
        "Flow": list(PreviewFlow._fields),
        "Finding": list(PreviewFinding._fields),
    }
