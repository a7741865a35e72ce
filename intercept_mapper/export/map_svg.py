"""The map as a semantic SVG image (and the PNG's source): each shape says what it is.

Written from the same layout (``map_layout.build_layout``) and marks (``map_style``) as the report's
map pages, so the SVG, PNG and PDF agree. As fixed in contracts.md section 5, every lane, decision
point, resource, gap and flow is one ``<g>`` with ``class`` (``lane``, ``point``, ``resource``, ``gap``,
``flow``), ``data-id`` (a lane's is its intercept id) and a ``<title>`` child holding the item's text
in full (a point or chip also has a ``<desc>`` with its description, when it has one); flows also
carry ``data-source`` and ``data-target``. A point's or chip's box is the group's one ``<rect>``; a
flow's line is the group's one ``<path>``, the layout's polyline as ``M`` and ``L`` commands from its
first point to its last through every corner (joins are rounded by the stroke, not by the path), and
its arrowhead a ``<polygon>`` beside it.

Coordinates are scene units: the ``viewBox`` starts at (-IMAGE_MARGIN, -IMAGE_MARGIN), so every x and
y in the file is the layout's own. Only the legend group is transformed (moved under the map and
shrunk to its width). Stacking, bottom to top: white page, lanes, cross-intercept band (``class="band"``),
flows (under the boxes, as on paper), points, resources and gaps, yearly flow counts (over the boxes,
so a short visible stretch still shows a whole number; ``aria-hidden``, as the flow's title says it),
legend.

The root's ``<title>`` and ``<desc>`` (``aria-labelledby``, ``aria-describedby``) are the map's
accessible name and text alternative: the desc tells the whole map in words (``svg_description``).

User text is data: ElementTree escapes markup, and characters XML 1.0 forbids (C0 controls, lone
surrogates, U+FFFE, U+FFFF) are dropped, so the file always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from reportlab.lib.colors import Color

from ..model.map_narrative import narrative_text
from ..model.workshop import Workshop
from . import map_style as ms
from . import report_styles as st
from .map_layout import MapLayout, PlacedChip, PlacedFlow, PlacedPoint, build_layout
from .pdf_fonts import FALLBACK, report_fonts
from .pdf_text import font_runs, plain

# SVG viewers look fonts up by family name, not by the name reportlab registered them under.
_CSS_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"
_CSS_CJK = ("'Droid Sans Fallback', 'Noto Sans CJK SC', 'Source Han Sans', 'Microsoft YaHei', "
            "'PingFang SC', sans-serif")
# A line with characters the report font lacks: the viewer falls back character by character.
_CSS_MIXED = _CSS_FAMILY.removesuffix(", sans-serif") + ", " + _CSS_CJK

# What XML 1.0 does not allow in a document, even escaped (plus CR, which a parser would turn into LF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SVG_NS = "http://www.w3.org/2000/svg"


def xml_text(text: object) -> str:
    """User text safe for an XML document: forbidden characters dropped, line ends unified."""
    s = "" if text is None else str(text)
    return _NOT_XML.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))


def _num(v: float) -> str:
    """A coordinate as the shortest text that reads back as the same float (exact for readers)."""
    s = repr(float(v))
    return s[:-2] if s.endswith(".0") else s


def _colour(c: Color | None) -> str:
    return "none" if c is None else "#" + c.hexval()[2:]  # hexval() is "0xrrggbb"


def _points(points: Iterable[ms.Point]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; keyword names become attribute names (``class_`` class, ``data_id`` data-id)."""
    el = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _group(parent: ET.Element, cls: str, title: str, desc: str = "", **attrs: str) -> ET.Element:
    """An item's ``<g>``: its class, data attributes and, first, its ``<title>`` (and ``<desc>``)."""
    grp = _sub(parent, "g", class_=cls, **{k: xml_text(v) for k, v in attrs.items()})
    _sub(grp, "title", xml_text(title))
    if desc.strip():
        _sub(grp, "desc", xml_text(desc))
    return grp


def _draw(parent: ET.Element, marks: Iterable[ms.Mark]) -> None:
    """SVG elements for the shared marks, in scene coordinates."""
    regular = report_fonts().regular
    for m in marks:
        if isinstance(m, ms.Text):
            text = xml_text(plain(m.text))
            # Text is placed to the thousandth of a unit (geometry that readers measure stays exact).
            attrs = {"x": _num(round(m.x, 3)), "y": _num(round(m.y, 3)), "font-size": _num(round(m.size, 3)),
                     "fill": _colour(m.colour)}
            if m.font == "bold":
                attrs["font-weight"] = "bold"
            elif m.font == "italic":
                attrs["font-style"] = "italic"
            if m.anchor != "start":
                attrs["text-anchor"] = m.anchor
            if any(name == FALLBACK for _, name in font_runs(text, regular)):
                attrs["font-family"] = _CSS_MIXED
            ET.SubElement(parent, "text", attrs).text = text
        elif isinstance(m, ms.Box):
            attrs = {"x": _num(m.x), "y": _num(m.y), "width": _num(m.w), "height": _num(m.h),
                     "fill": _colour(m.fill)}
            if m.radius:
                attrs["rx"] = attrs["ry"] = _num(m.radius)
            if m.stroke is not None:
                attrs |= {"stroke": _colour(m.stroke), "stroke-width": _num(m.stroke_width)}
                if m.dash:
                    attrs["stroke-dasharray"] = " ".join(_num(d) for d in m.dash)
            ET.SubElement(parent, "rect", attrs)
        elif isinstance(m, ms.Dot):
            ET.SubElement(parent, "circle", {"cx": _num(m.cx), "cy": _num(m.cy), "r": _num(m.r),
                                             "fill": _colour(m.fill)})
        elif isinstance(m, ms.Shape):
            ET.SubElement(parent, "polygon", {"points": _points(m.points), "fill": _colour(m.fill)})
        else:
            _line(parent, m)


def _line(parent: ET.Element, m: ms.Stroke) -> None:
    """One ``<path>`` through every point of the polyline: ``M`` to the first, ``L`` to each next."""
    d = " ".join(f"{'L' if n else 'M'} {_num(x)} {_num(y)}" for n, (x, y) in enumerate(m.points))
    attrs = {"d": d, "fill": "none", "stroke": _colour(m.colour), "stroke-width": _num(m.width),
             "stroke-linejoin": "round"}
    if m.dash:
        attrs["stroke-dasharray"] = " ".join(_num(d) for d in m.dash)
    ET.SubElement(parent, "path", attrs)


# ---------------------------------------------------------------- items
def _lanes(parent: ET.Element, layout: MapLayout) -> None:
    for lane, (lane_id, label) in enumerate(layout.lanes):
        grp = _group(parent, "lane", ms.lane_title(lane_id, label), data_id=lane_id)
        column = layout.lane_rect(lane)
        _draw(grp, [ms.Box(column.x, column.y, column.w, column.h, st.LANE_FILLS[lane % 2]),
                    *ms.lane_header_marks(lane, lane_id, label)])


def _band(parent: ET.Element, layout: MapLayout) -> None:
    grp = _group(parent, "band", plain(layout.cross_label) or "Cross-intercept")
    _draw(grp, [ms.band_box(0, layout.width, layout.band.y, layout.band.bottom),
                ms.band_label(layout, 0, layout.width)])


def flow_title(pf: PlacedFlow) -> str:
    """A flow in words: "Arrest → Booking (1,200 per year)", the count only when one was given."""
    def name(pp: PlacedPoint) -> str:
        return " ".join(plain(pp.point.title).split())

    count = pf.flow.yearly_count
    return f"{name(pf.source)} → {name(pf.target)}" + (f" ({count:,} per year)" if count is not None else "")


def _flow(parent: ET.Element, pf: PlacedFlow) -> None:
    grp = _group(parent, "flow", flow_title(pf), data_id=pf.flow.id, data_source=pf.source.point.id,
                 data_target=pf.target.point.id)
    colour = ms.flow_colour(pf.backward)
    marks: list[ms.Mark] = [ms.Stroke(tuple(pf.path), colour, ms.FLOW_STROKE, ms.flow_dash(pf.backward))]
    if len(pf.path) >= 2:
        marks.append(ms.arrowhead(pf.path[-2], pf.path[-1], colour))
    _draw(grp, marks)


def _point(parent: ET.Element, pp: PlacedPoint) -> None:
    p = pp.point
    _draw(_group(parent, "point", p.title, p.description, data_id=p.id), ms.point_marks(pp))


def _chip(parent: ET.Element, pc: PlacedChip) -> None:
    f = pc.finding
    kind = "resource" if f.kind == "resource" else "gap"
    _draw(_group(parent, kind, f.title, f.description, data_id=f.id), ms.chip_marks(pc))


def _counts(parent: ET.Element, layout: MapLayout) -> None:
    for pf in layout.flows:
        if pf.flow.yearly_count is not None and len(pf.path) >= 2:
            grp = _sub(parent, "g", class_="flow-count", data_flow=xml_text(pf.flow.id))
            colour = ms.flow_colour(pf.backward)
            _draw(grp, ms.count_marks(pf.path, pf.flow.yearly_count, colour, 0.0, layout.width))


def _legend(parent: ET.Element, layout: MapLayout) -> None:
    fs = ms.image_legend_size()
    marks, width = ms.legend_marks(fs)
    shrink = min(1.0, layout.width / width) if width else 1.0
    # The legend's marks are centred on y = 0: moved to the middle of the strip under the map.
    centre = ms.image_rows_bottom(layout) + fs * ms.LEGEND_CENTRE
    grp = _sub(parent, "g", class_="legend", transform=f"translate(0 {_num(centre)}) scale({_num(shrink)})")
    _sub(grp, "title", "Legend")
    _draw(grp, marks)


# ---------------------------------------------------------------- public
MAP_TITLE_ID = "sim-map-title"  # the root's <title>: the map's accessible name
MAP_DESC_ID = "sim-map-desc"  # the root's <desc>: the map told in words, its text alternative


def svg_title(ws: Workshop) -> str:
    """The map's accessible name: the workshop's title, or "Sequential Intercept Map"."""
    return plain(ws.info.title).strip() or "Sequential Intercept Map"


def svg_description(ws: Workshop) -> str:
    """The map's text alternative: what it is, then the narrative (``model.map_narrative``): each
    intercept's decision points in flow order, with their flows, resources and gaps, then the
    cross-intercept items; one paragraph per intercept, one line per point."""
    where = plain(ws.info.jurisdiction).strip()
    opening = "Sequential Intercept Map" + (f" of {where}" if where else "") + ", made with Intercept Mapper."
    return opening + "\n\n" + plain(narrative_text(ws))


def map_size(ws: Workshop, scale: float = 1.0) -> tuple[float, float]:
    """Width and height of the map image (SVG units, or PNG pixels at ``scale``) without drawing it."""
    return ms.image_size(build_layout(ws), scale)


def build_map_svg(ws: Workshop) -> bytes:
    """The whole map with its legend as UTF-8 SVG bytes (scene units, 1 unit = 1 px)."""
    layout = build_layout(ws)
    width, height = ms.image_size(layout)
    m = ms.IMAGE_MARGIN
    root = ET.Element("svg", {
        "xmlns": _SVG_NS, "version": "1.1", "width": _num(width), "height": _num(height),
        "viewBox": f"{_num(-m)} {_num(-m)} {_num(width)} {_num(height)}",
        "font-family": _CSS_FAMILY, "role": "graphics-document",
        "aria-labelledby": MAP_TITLE_ID, "aria-describedby": MAP_DESC_ID,
    })
    _sub(root, "title", xml_text(svg_title(ws)), id=MAP_TITLE_ID)
    _sub(root, "desc", xml_text(svg_description(ws)), id=MAP_DESC_ID)
    # An opaque page: a transparent image on a dark slide would hide the legend's dark text.
    _sub(root, "rect", x=_num(-m), y=_num(-m), width=_num(width), height=_num(height), fill="#ffffff")
    _lanes(_sub(root, "g", class_="lanes"), layout)
    _band(root, layout)
    flows = _sub(root, "g", class_="flows")
    for pf in layout.flows:
        _flow(flows, pf)
    points = _sub(root, "g", class_="points")
    for pp in layout.points:
        _point(points, pp)
    findings = _sub(root, "g", class_="findings")
    for pc in layout.chips:
        _chip(findings, pc)
    _counts(_sub(root, "g", class_="flow-counts", aria_hidden="true"), layout)
    _legend(root, layout)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"
