"""The map SVG drawn exactly as the shared marks say (issue 20, mutation run mutG).

``map_svg`` draws the marks ``map_style`` makes for the PDF: every item group's shapes are read back here
(rect, circle, polygon, path, text) and compared, in order, with the marks of that item, attribute by
attribute: position, size, colour, outline, dash, corner radius, font weight and style, anchor and the
text itself. The older tests checked boxes and flow lines by geometry; mutants that changed a colour, a
dash, a font or a number's spelling passed them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from reportlab.lib.colors import Color

from intercept_mapper.export import map_style as ms
from intercept_mapper.export import report_styles as rs
from intercept_mapper.export.map_layout import build_layout
from intercept_mapper.export.map_svg import (
    _CSS_MIXED,
    _draw,
    _num,
    build_map_svg,
    flow_title,
    map_size,
    svg_description,
    svg_title,
)
from intercept_mapper.export.pdf_fonts import FALLBACK, report_fonts
from intercept_mapper.export.pdf_text import font_runs, plain
from intercept_mapper.model import DecisionPoint, Finding, Flow, Workshop, new_workshop
from tests.export.report_helpers import sample, small_workshop
from tests.export.test_map_svg import five_intercept_workshop

SVG = "{http://www.w3.org/2000/svg}"


def hexc(c: Color | None) -> str:
    """A reportlab colour as the SVG spells it: ``#rrggbb`` (read from its red, green and blue)."""
    if c is None:
        return "none"
    red, green, blue = (round(v * 255) for v in (c.red, c.green, c.blue))
    return f"#{red:02x}{green:02x}{blue:02x}"


def numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").replace(",", " ").split()]


def check_mark(el: ET.Element, m: ms.Mark) -> None:
    """``el`` draws mark ``m``: every attribute it has is the mark's, and it has no other."""
    got = dict(el.attrib)
    if isinstance(m, ms.Text):
        assert el.tag == f"{SVG}text"
        assert el.text == plain(m.text)
        assert (float(got.pop("x")), float(got.pop("y"))) == (round(m.x, 3), round(m.y, 3))
        assert float(got.pop("font-size")) == round(m.size, 3)
        assert got.pop("fill") == hexc(m.colour)
        if m.font == "bold":
            assert got.pop("font-weight") == "bold"
        if m.font == "italic":
            assert got.pop("font-style") == "italic"
        if m.anchor != "start":
            assert got.pop("text-anchor") == m.anchor
        # Only a line with characters the report font lacks names the fallback fonts.
        if any(font == FALLBACK for _, font in font_runs(plain(m.text), report_fonts().regular)):
            assert got.pop("font-family") == _CSS_MIXED
    elif isinstance(m, ms.Box):
        assert el.tag == f"{SVG}rect"
        assert [float(got.pop(k)) for k in ("x", "y", "width", "height")] == [m.x, m.y, m.w, m.h]
        assert got.pop("fill") == hexc(m.fill)
        if m.radius:
            assert float(got.pop("rx")) == float(got.pop("ry")) == m.radius
        if m.stroke is not None:
            assert got.pop("stroke") == hexc(m.stroke)
            assert float(got.pop("stroke-width")) == m.stroke_width
            if m.dash:
                assert numbers(got.pop("stroke-dasharray")) == list(m.dash)
    elif isinstance(m, ms.Dot):
        assert el.tag == f"{SVG}circle"
        assert [float(got.pop(k)) for k in ("cx", "cy", "r")] == [m.cx, m.cy, m.r]
        assert got.pop("fill") == hexc(m.fill)
    elif isinstance(m, ms.Shape):
        assert el.tag == f"{SVG}polygon"
        pts = numbers(got.pop("points"))
        assert list(zip(pts[::2], pts[1::2], strict=True)) == [(float(x), float(y)) for x, y in m.points]
        assert got.pop("fill") == hexc(m.fill)
    else:
        assert el.tag == f"{SVG}path"
        d = got.pop("d").split()
        assert d[0::3] == ["M"] + ["L"] * (len(m.points) - 1)
        assert list(zip(map(float, d[1::3]), map(float, d[2::3]), strict=True)) == [
            (float(x), float(y)) for x, y in m.points]
        assert got.pop("fill") == "none" and got.pop("stroke") == hexc(m.colour)
        assert float(got.pop("stroke-width")) == m.width and got.pop("stroke-linejoin") == "round"
        if m.dash:
            assert numbers(got.pop("stroke-dasharray")) == list(m.dash)
    assert got == {}, (el.tag, got)


def drawn(group: ET.Element) -> list[ET.Element]:
    return [el for el in group if el.tag not in (f"{SVG}title", f"{SVG}desc")]


def check_marks(group: ET.Element, marks: list[ms.Mark]) -> None:
    shapes = drawn(group)
    assert len(shapes) == len(marks), [el.tag for el in shapes]
    for el, m in zip(shapes, marks, strict=True):
        check_mark(el, m)


def check_head(group: ET.Element, title: str, desc: str | None = None) -> None:
    """The group opens with its ``<title>`` (then its ``<desc>``, only when it has one)."""
    head = [(el.tag.removeprefix(SVG), el.text) for el in group[:2]]
    assert head[0] == ("title", title)
    assert (head[1] if head[1][0] == "desc" else None) == (None if desc is None else ("desc", desc))
    assert len(group.findall(f"{SVG}title")) == 1 and len(group.findall(f"{SVG}desc")) == (desc is not None)


def groups(root: ET.Element, cls: str) -> dict[str, ET.Element]:
    return {el.get("data-id") or el.get("data-flow") or "": el for el in root.iter(f"{SVG}g")
            if el.get("class") == cls}


def mixed_script_workshop() -> Workshop:
    """Titles in Chinese, with accents and in Latin: lines that need the fallback fonts and others."""
    ws = small_workshop()
    ws.points[0].title = "精神健康 crisis line"
    ws.points[1].title = "Café patrol"
    ws.findings[0].title = "社区 housing"
    return ws


WORKSHOPS = {"sample": sample, "five-intercept": five_intercept_workshop, "small": small_workshop,
             "mixed-script": mixed_script_workshop}


@pytest.mark.parametrize("name", list(WORKSHOPS))
def test_every_item_draws_exactly_its_marks(name: str) -> None:
    ws = WORKSHOPS[name]()
    layout = build_layout(ws)
    root = ET.fromstring(build_map_svg(ws))

    lanes = groups(root, "lane")
    assert list(lanes) == [lane_id for lane_id, _ in layout.lanes]
    for lane, (lane_id, label) in enumerate(layout.lanes):
        c = layout.lane_rect(lane)
        check_head(lanes[lane_id], ms.lane_title(lane_id, label))
        assert lanes[lane_id].attrib == {"class": "lane", "data-id": lane_id}
        check_marks(lanes[lane_id], [ms.Box(c.x, c.y, c.w, c.h, rs.LANE_FILLS[lane % 2]),
                                     *ms.lane_header_marks(lane, lane_id, label)])
    (band,) = groups(root, "band").values()
    check_head(band, plain(layout.cross_label))
    check_marks(band, [ms.band_box(0, layout.width, layout.band.y, layout.band.bottom),
                       ms.band_label(layout, 0, layout.width)])
    points = groups(root, "point")
    assert list(points) == [pp.point.id for pp in layout.points]
    for pp in layout.points:
        check_head(points[pp.point.id], pp.point.title, pp.point.description or None)
        assert points[pp.point.id].attrib == {"class": "point", "data-id": pp.point.id}
        check_marks(points[pp.point.id], ms.point_marks(pp))
    chips = {**groups(root, "resource"), **groups(root, "gap")}
    assert sorted(chips) == sorted(pc.finding.id for pc in layout.chips)
    for pc in layout.chips:
        check_head(chips[pc.finding.id], pc.finding.title, pc.finding.description or None)
        assert chips[pc.finding.id].attrib == {"class": pc.finding.kind, "data-id": pc.finding.id}
        check_marks(chips[pc.finding.id], ms.chip_marks(pc))
    flows = groups(root, "flow")
    assert list(flows) == [pf.flow.id for pf in layout.flows]
    counted = groups(root, "flow-count")
    assert list(counted) == [pf.flow.id for pf in layout.flows if pf.flow.yearly_count is not None]
    for pf in layout.flows:
        colour = ms.flow_colour(pf.backward)
        check_head(flows[pf.flow.id], flow_title(pf))
        ends = {"data-source": pf.source.point.id, "data-target": pf.target.point.id}
        assert flows[pf.flow.id].attrib == {"class": "flow", "data-id": pf.flow.id, **ends}
        check_marks(flows[pf.flow.id], [ms.Stroke(tuple(pf.path), colour, ms.FLOW_STROKE,
                                                  ms.flow_dash(pf.backward)),
                                        ms.arrowhead(pf.path[-2], pf.path[-1], colour)])
        if pf.flow.yearly_count is not None:
            assert counted[pf.flow.id].attrib == {"class": "flow-count", "data-flow": pf.flow.id}
            check_marks(counted[pf.flow.id],
                        ms.count_marks(pf.path, pf.flow.yearly_count, colour, 0.0, layout.width))
    legend = next(el for el in root.iter(f"{SVG}g") if el.get("class") == "legend")
    fs = ms.image_legend_size()
    marks, width = ms.legend_marks(fs)
    assert legend.find(f"{SVG}title").text == "Legend"
    check_marks(legend, marks)
    centre = ms.image_rows_bottom(layout) + fs * ms.LEGEND_CENTRE
    shrink = min(1.0, layout.width / width)
    assert legend.get("transform") == f"translate(0 {_num(centre)}) scale({_num(shrink)})"


def test_the_file_is_stacked_in_order_under_an_accessible_root() -> None:
    ws = five_intercept_workshop()
    data = build_map_svg(ws)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ') and data.endswith(b"</svg>\n")
    assert b"\n  <title" in data  # indented, one element a line
    root = ET.fromstring(data)
    width, height = ms.image_size(build_layout(ws))
    assert root.attrib == {
        "version": "1.1", "width": _num(width), "height": _num(height),
        "viewBox": f"-24 -24 {_num(width)} {_num(height)}",
        "font-family": "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif",
        "role": "graphics-document", "aria-labelledby": "sim-map-title", "aria-describedby": "sim-map-desc"}
    kids = list(root)
    assert [(el.tag.removeprefix(SVG), el.get("class") or el.get("id")) for el in kids] == [
        ("title", "sim-map-title"), ("desc", "sim-map-desc"), ("rect", None), ("g", "lanes"), ("g", "band"),
        ("g", "flows"), ("g", "points"), ("g", "findings"), ("g", "flow-counts"), ("g", "legend")]
    assert kids[2].attrib == {"x": "-24", "y": "-24", "width": _num(width), "height": _num(height),
                              "fill": "#ffffff"}
    assert kids[8].get("aria-hidden") == "true"
    assert {el.get("class") for el in kids[3]} == {"lane"} and {el.get("class") for el in kids[7]} == {
        "resource", "gap"}


def test_a_narrow_map_shrinks_its_legend_to_the_maps_width() -> None:
    ws = new_workshop("samhsa", "One lane", "Somewhere")
    ws.scheme.intercepts = ws.scheme.intercepts[:1]
    layout = build_layout(ws)
    _, legend_width = ms.legend_marks(ms.image_legend_size())
    assert layout.width < legend_width  # the case: the legend row is wider than the map
    root = ET.fromstring(build_map_svg(ws))
    legend = next(el for el in root.iter(f"{SVG}g") if el.get("class") == "legend")
    scale = float(legend.get("transform").partition("scale(")[2].rstrip(")"))
    assert scale == layout.width / legend_width < 1.0


def test_numbers_are_written_shortest_and_read_back_exactly() -> None:
    assert [_num(v) for v in (3.0, -24.0, 0.0, 2.5, 0.1, 1 / 3, 1234567.0)] == [
        "3", "-24", "0", "2.5", "0.1", "0.3333333333333333", "1234567"]
    assert _num(7) == "7" and _num(True) == "1"


def test_titles_descriptions_and_ids_are_text_with_markup_and_controls_cleaned() -> None:
    ws = new_workshop("samhsa", "Title", "Place")
    ws.points = [DecisionPoint(id="pt-a\r\nb", intercept="1", title="Arrest\tand\x01 <b>hold</b>",
                               description="   "),
                 DecisionPoint(id="pt-2", intercept="2", title="Court\r\nhearing",
                               description="Line\r\nnext\x00")]
    ws.findings = [Finding(id="fd-1", kind="resource", intercept="1", title="A & B", description="\r"),
                   Finding(id="fd-2", kind="gap", intercept="2", title="Gap\x0b one", description="Why\rnot")]
    ws.flows = [Flow(id="fl\x02-1", source="pt-a\r\nb", target="pt-2", yearly_count=1234567)]
    root = ET.fromstring(build_map_svg(ws))
    point = groups(root, "point")
    assert set(point) == {"pt-a\nb", "pt-2"}
    assert point["pt-a\nb"].find(f"{SVG}title").text == "Arrest\tand <b>hold</b>"
    assert point["pt-a\nb"].find(f"{SVG}desc") is None  # a description of spaces is no description
    assert point["pt-2"].find(f"{SVG}title").text == "Court\nhearing"
    assert point["pt-2"].find(f"{SVG}desc").text == "Line\nnext"
    assert groups(root, "resource")["fd-1"].find(f"{SVG}desc") is None
    gap = groups(root, "gap")["fd-2"]
    assert (gap.find(f"{SVG}title").text, gap.find(f"{SVG}desc").text) == ("Gap one", "Why\nnot")
    (flow,) = groups(root, "flow").values()
    assert flow.attrib == {"class": "flow", "data-id": "fl-1", "data-source": "pt-a\nb",
                           "data-target": "pt-2"}
    assert flow.find(f"{SVG}title").text == "Arrest and <b>hold</b> → Court hearing (1,234,567 per year)"
    assert set(groups(root, "flow-count")) == {"fl-1"}


def test_a_flow_title_joins_the_points_words_and_says_a_count_of_zero() -> None:
    ws = five_intercept_workshop()
    ws.points[0].title = "  911\n dispatch\t\tcentre "
    layout = {pf.flow.id: pf for pf in build_layout(ws).flows}
    assert flow_title(layout["fl-1"]) == "911 dispatch centre → Arrest (5,000 per year)"
    assert flow_title(layout["fl-8"]) == "Jail reentry planning → Probation (0 per year)"
    assert flow_title(layout["fl-3"]) == "Booking and screening → Arraignment"


def test_the_maps_name_and_opening_without_a_title_or_place() -> None:
    ws = small_workshop()
    ws.info.title, ws.info.jurisdiction = " \x01 ", "  "
    assert svg_title(ws) == "Sequential Intercept Map"
    assert svg_description(ws).startswith("Sequential Intercept Map, made with Intercept Mapper.\n\n")
    ws.info.title, ws.info.jurisdiction = " Small\x02 map ", " Small\x7f County "
    assert svg_title(ws) == "Small map"
    assert svg_description(ws).startswith(
        "Sequential Intercept Map of Small County, made with Intercept Mapper.\n\n")
    root = ET.fromstring(build_map_svg(ws))
    assert root.find(f"{SVG}title").attrib == {"id": "sim-map-title"}
    assert root.find(f"{SVG}desc").attrib == {"id": "sim-map-desc"}
    assert root.find(f"{SVG}desc").text == svg_description(ws)


def test_the_band_is_called_what_the_scheme_calls_it_or_cross_intercept() -> None:
    ws = small_workshop()
    ws.scheme.cross_label = "Across <all> systems\x01"
    band = next(iter(groups(ET.fromstring(build_map_svg(ws)), "band").values()))
    assert band.find(f"{SVG}title").text == "Across <all> systems"
    ws.scheme.cross_label = "\x01"
    band = next(iter(groups(ET.fromstring(build_map_svg(ws)), "band").values()))
    assert band.find(f"{SVG}title").text == "Cross-intercept"
    assert band.attrib == {"class": "band"}


def test_text_the_report_font_lacks_names_the_fallback_fonts_and_latin_text_does_not() -> None:
    ws = small_workshop()
    ws.points[0].title = "精神健康 Crisis"
    root = ET.fromstring(build_map_svg(ws))
    point = groups(root, "point")[ws.points[0].id]
    texts = [el for el in point.iter(f"{SVG}text")]
    assert texts[0].text.startswith("精神健康")
    assert texts[0].get("font-family") == _CSS_MIXED == (
        "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, 'Droid Sans Fallback', 'Noto Sans CJK SC', "
        "'Source Han Sans', 'Microsoft YaHei', 'PingFang SC', sans-serif")
    others = [el for el in root.iter(f"{SVG}text") if el.text and el.text.isascii()]
    assert others and all(el.get("font-family") is None for el in others)


def test_a_box_with_no_fill_is_drawn_unfilled() -> None:
    # A mark may leave a box unfilled (``Box.fill`` is optional); SVG's default would paint it black.
    parent = ET.Element("g")
    _draw(parent, [ms.Box(1, 2.5, 3, 4, None)])
    assert parent[0].attrib == {"x": "1", "y": "2.5", "width": "3", "height": "4", "fill": "none"}


def test_text_is_placed_to_the_thousandth_in_its_weight_or_style() -> None:
    parent = ET.Element("g")
    _draw(parent, [ms.Text(1.23456, 2.34567, "a", "italic", 9.87654, rs.INK),
                   ms.Text(10, 20, "b", "bold", 8, rs.INK, "end"),
                   ms.Text(0.0004, -0.0006, "c", "regular", 7.0001, rs.INK)])
    ink = hexc(rs.INK)
    assert [el.attrib for el in parent] == [
        {"x": "1.235", "y": "2.346", "font-size": "9.877", "fill": ink, "font-style": "italic"},
        {"x": "10", "y": "20", "font-size": "8", "fill": ink, "font-weight": "bold", "text-anchor": "end"},
        {"x": "0", "y": "-0.001", "font-size": "7", "fill": ink}]


def test_the_map_size_at_a_scale_is_the_image_size_at_that_scale() -> None:
    ws = five_intercept_workshop()
    layout = build_layout(ws)
    assert map_size(ws, 2.5) == ms.image_size(layout, 2.5) != map_size(ws) == ms.image_size(layout)


def test_the_file_is_utf_8_with_text_as_itself() -> None:
    ws = small_workshop()
    ws.points[0].title = "Café → 精神"
    data = build_map_svg(ws)
    assert "Café → 精神".encode() in data and b"&#" not in data
