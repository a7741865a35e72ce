"""Read the map SVG back as a web page or a test would: items by class and id, their boxes and flow lines.

``read_svg_map(svg_bytes)`` parses the XML alone (it never imports the writer), following the contract
(contracts.md section 5): every ``<g>`` whose ``class`` holds ``point``, ``resource``, ``gap``, ``flow``
or ``lane`` is an item with a ``data-id`` and a ``<title>``; a point's, resource's or gap's box is the one
``<rect>`` inside its group, a flow's line the one ``<path>`` inside its group.

Coordinates are in the root's user space (its ``viewBox``), which the map writer makes equal to the
layout's scene units. Every ``transform`` from the root down to the shape is applied (``matrix``,
``translate``, ``scale``, ``rotate``, ``skewX``, ``skewY``); a rect under a rotation is read as its
bounding box. Path data may use ``M``, ``L``, ``H``, ``V`` and ``Z`` (absolute or relative, implicit
repeats included); a curve command raises ``ValueError``, since a flow's path is a polyline. So does a
malformed item: a missing ``data-id`` or ``<title>``, an id used twice within a class, a box group
without exactly one ``<rect>``, a flow without exactly one ``<path>`` or without its ends.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# A box is the layout's own value type (x, y, w, h; right, bottom), so a box read back compares equal
# to the layout's. Only the type is shared: nothing here knows how the writer works.
from intercept_mapper.export.map_layout import Rect as Box

ITEM_CLASSES = ("point", "resource", "gap", "flow", "lane")
BOX_CLASSES = ("point", "resource", "gap")

Matrix = tuple[float, float, float, float, float, float]  # SVG's (a, b, c, d, e, f)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class SvgItem:
    """One item group: its class, id, title, description, and the shapes that make it."""

    cls: str
    id: str
    title: str
    desc: str | None
    attrs: dict[str, str]
    rects: list[Box] = field(default_factory=list)
    paths: list[list[tuple[float, float]]] = field(default_factory=list)


@dataclass(frozen=True)
class SvgFlow:
    """A flow as drawn: its ends' point ids and its line's points, first to last."""

    id: str
    source: str
    target: str
    points: list[tuple[float, float]]
    title: str


@dataclass
class SvgMap:
    """Everything the SVG says about the map's items."""

    items: list[SvgItem]  # every item group in document order (for counting)
    points: dict[str, Box]  # point id -> its box
    chips: dict[str, Box]  # resource or gap id -> its box
    flows: dict[str, SvgFlow]
    titles: dict[tuple[str, str], str]  # (class, id) -> title
    name: str = ""  # the whole map's accessible name (see ``accessible_text``)
    description: str = ""  # the whole map's text alternative

    def boxes(self) -> dict[str, Box]:
        """Every point's and chip's box by id."""
        return {**self.points, **self.chips}


def read_svg_map(svg: bytes) -> SvgMap:
    """Parse the map SVG: every item with its title, boxes by id and flows with their polylines."""
    root = ET.fromstring(svg)
    items: list[SvgItem] = []
    _visit(root, IDENTITY, None, items)
    seen: set[tuple[str, str]] = set()
    points: dict[str, Box] = {}
    chips: dict[str, Box] = {}
    flows: dict[str, SvgFlow] = {}
    for item in items:
        if (item.cls, item.id) in seen:
            raise ValueError(f"{item.cls} {item.id!r} appears twice")
        seen.add((item.cls, item.id))
        if item.cls in BOX_CLASSES:
            if len(item.rects) != 1:
                raise ValueError(f"{item.cls} {item.id!r} has {len(item.rects)} <rect>s, not one")
            (points if item.cls == "point" else chips)[item.id] = item.rects[0]
        elif item.cls == "flow":
            if len(item.paths) != 1:
                raise ValueError(f"flow {item.id!r} has {len(item.paths)} <path>s, not one")
            source, target = item.attrs.get("data-source"), item.attrs.get("data-target")
            if not source or not target:
                raise ValueError(f"flow {item.id!r} lacks data-source or data-target")
            flows[item.id] = SvgFlow(item.id, source, target, item.paths[0], item.title)
    return SvgMap(items, points, chips, flows, {(i.cls, i.id): i.title for i in items},
                  accessible_text(root, "aria-labelledby", "title"),
                  accessible_text(root, "aria-describedby", "desc"))


def accessible_text(root: ET.Element, attribute: str, child: str) -> str:
    """The root's accessible name or description as assistive technology finds it: the text of the
    elements its ``aria-labelledby`` (``aria-describedby``) names, in order, else its first ``<title>``
    (``<desc>``) child; empty when there is none. A named id that no element has raises ``ValueError``."""
    refs = (root.get(attribute) or "").split()
    if refs:
        by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
        missing = [r for r in refs if r not in by_id]
        if missing:
            raise ValueError(f"{attribute} names {missing[0]!r}, which no element has")
        return " ".join("".join(by_id[r].itertext()) for r in refs)
    el = next((c for c in root if _local(c.tag) == child), None)
    return "" if el is None else "".join(el.itertext())


# ---------------------------------------------------------------- the walk
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _visit(el: ET.Element, ctm: Matrix, owner: SvgItem | None, items: list[SvgItem]) -> None:
    ctm = _multiply(ctm, parse_transform(el.get("transform", "")))
    tag = _local(el.tag)
    if tag == "g":
        classes = (el.get("class") or "").split()
        kind = next((c for c in classes if c in ITEM_CLASSES), None)
        if kind is not None:
            owner = _item(el, kind)
            items.append(owner)
    elif owner is not None and tag == "rect":
        owner.rects.append(_rect_box(el, ctm))
    elif owner is not None and tag == "path":
        owner.paths.append([_apply(ctm, p) for p in parse_path(el.get("d", ""))])
    for child in el:
        _visit(child, ctm, owner, items)


def _item(el: ET.Element, kind: str) -> SvgItem:
    item_id = el.get("data-id")
    if not item_id:
        raise ValueError(f"a {kind} group has no data-id")
    title = next((c for c in el if _local(c.tag) == "title"), None)
    if title is None:
        raise ValueError(f"{kind} {item_id!r} has no <title>")
    desc = next((c for c in el if _local(c.tag) == "desc"), None)
    desc_text = None if desc is None else (desc.text or "")
    return SvgItem(kind, item_id, title.text or "", desc_text, dict(el.attrib))


def _rect_box(el: ET.Element, ctm: Matrix) -> Box:
    x, y = float(el.get("x", "0")), float(el.get("y", "0"))
    w, h = float(el.get("width", "0")), float(el.get("height", "0"))
    corners = [_apply(ctm, p) for p in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


# ---------------------------------------------------------------- transforms
def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _apply(m: Matrix, p: tuple[float, float]) -> tuple[float, float]:
    if m == IDENTITY:  # keep the file's numbers exactly
        return p
    a, b, c, d, e, f = m
    x, y = p
    return a * x + c * y + e, b * x + d * y + f


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


def parse_transform(text: str) -> Matrix:
    """An SVG ``transform`` attribute as one matrix (identity when empty)."""
    m = IDENTITY
    for name, args in _TRANSFORM.findall(text):
        v = [float(n) for n in re.findall(_NUMBER, args)]
        if name == "matrix":
            step: Matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif name == "translate":
            step = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale":
            step = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif name == "rotate":
            r = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0.0, 0.0)
            rot = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)
            step = _multiply(_multiply((1.0, 0.0, 0.0, 1.0, cx, cy), rot), (1.0, 0.0, 0.0, 1.0, -cx, -cy))
        elif name == "skewX":
            step = (1.0, 0.0, math.tan(math.radians(v[0])), 1.0, 0.0, 0.0)
        else:
            step = (1.0, math.tan(math.radians(v[0])), 0.0, 1.0, 0.0, 0.0)
        m = _multiply(m, step)
    return m


# ---------------------------------------------------------------- path data
_PATH_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")


def parse_path(d: str) -> list[tuple[float, float]]:
    """The vertices of a polyline path (``M L H V Z``, absolute or relative), in order."""
    tokens = _PATH_TOKEN.findall(d)
    out: list[tuple[float, float]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                x, y = start
                out.append(start)
                continue
        if cmd not in "MmLlHhVv" or not cmd:
            raise ValueError(f"path command {cmd!r} is not a polyline's")
        rel = cmd.islower()
        if cmd in "Hh":
            x = float(tokens[i]) + (x if rel else 0.0)
            i += 1
        elif cmd in "Vv":
            y = float(tokens[i]) + (y if rel else 0.0)
            i += 1
        else:
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            x, y = (x + dx, y + dy) if rel else (dx, dy)
            if cmd in "Mm":
                start = (x, y)
                cmd = "l" if rel else "L"  # pairs after a move are lines
        out.append((x, y))
    return out
