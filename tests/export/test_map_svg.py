"""The map as SVG (and PNG): a semantic drawing of the layout, valid XML, fonts a viewer can find.

Every lane, point, resource, gap and flow is one titled ``<g>`` (contracts.md section 5); boxes and
flow lines are read back with ``svg_map_reading`` and compared with the layout the PDF uses.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.export.map_layout import build_layout
from intercept_mapper.export.map_style import IMAGE_MARGIN
from intercept_mapper.export.map_svg import build_map_svg, map_size, xml_text
from intercept_mapper.model import DecisionPoint, Finding, Flow, Workshop, new_workshop
from intercept_mapper.model import map_geometry as g
from tests.export.report_helpers import sample, small_workshop
from tests.export.svg_map_reading import parse_path, parse_transform, read_svg_map

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def five_intercept_workshop() -> Workshop:
    """The pre-2017 layout (1 to 5) with flows that skip lanes, stay in a lane and loop back."""
    ws = new_workshop("five-intercept", "Five County mapping", "Five County")
    titles = {"pt-911": ("1", "911 dispatch"), "pt-arrest": ("1", "Arrest"),
              "pt-book": ("2", "Booking and screening"), "pt-arr": ("2", "Arraignment"),
              "pt-jail": ("3", "County jail"), "pt-court": ("3", "Dispositional court"),
              "pt-reentry": ("4", "Jail reentry planning"), "pt-prob": ("5", "Probation"),
              "pt-viol": ("5", "Violation hearing")}
    ws.points = [DecisionPoint(id=pid, intercept=lane, title=title, organisation="Five County",
                               description=f"About {title.lower()}" if lane in "13" else "")
                 for pid, (lane, title) in titles.items()]
    ws.flows = [Flow(id="fl-1", source="pt-911", target="pt-arrest", yearly_count=5000),  # down a lane
                Flow(id="fl-2", source="pt-arrest", target="pt-book", yearly_count=1200),
                Flow(id="fl-3", source="pt-book", target="pt-arr"),
                Flow(id="fl-4", source="pt-arr", target="pt-prob", yearly_count=300),  # skips 3 and 4
                Flow(id="fl-5", source="pt-arr", target="pt-jail"),
                Flow(id="fl-6", source="pt-jail", target="pt-reentry"),
                Flow(id="fl-7", source="pt-court", target="pt-jail"),  # up a lane
                Flow(id="fl-8", source="pt-reentry", target="pt-prob", yearly_count=0),
                Flow(id="fl-9", source="pt-prob", target="pt-viol"),
                Flow(id="fl-10", source="pt-viol", target="pt-jail", yearly_count=85)]  # loops back
    ws.findings = [
        Finding(id="fd-1", kind="resource", intercept="1", point_id="pt-arrest", title="CIT officers",
                description="Forty trained officers"),
        Finding(id="fd-2", kind="gap", intercept="2", point_id="pt-book",
                title="No screening for mental illness at booking on weekends or holidays"),
        Finding(id="fd-3", kind="gap", intercept="4", title="No benefits on release"),  # tied to no point
        Finding(id="fd-4", kind="resource", intercept="X", title="Housing first vouchers"),  # band
    ]
    return ws


WORKSHOPS = {"sample": sample, "five-intercept": five_intercept_workshop}


@pytest.fixture(scope="module", params=list(WORKSHOPS))
def drawn(request: pytest.FixtureRequest) -> tuple[Workshop, bytes]:
    ws = WORKSHOPS[request.param]()
    return ws, build_map_svg(ws)


def item_groups(svg: bytes) -> dict[str, list[ET.Element]]:
    """Item groups by class, read straight from the XML (not through the reading helper)."""
    out: dict[str, list[ET.Element]] = {}
    for el in ET.fromstring(svg).iter(f"{SVG}g"):
        out.setdefault(el.get("class") or "", []).append(el)
    return out


# ---------------------------------------------------------------- what each shape is
def test_every_item_is_one_group_with_its_class_id_and_whole_title(drawn: tuple[Workshop, bytes]) -> None:
    ws, svg = drawn
    groups = item_groups(svg)

    def titles(cls: str) -> dict[str, str]:
        found = [(el.get("data-id"), el.find(f"{SVG}title").text) for el in groups.get(cls, [])]
        assert len({i for i, _ in found}) == len(found), f"a {cls} appears twice"
        return dict(found)

    assert titles("point") == {p.id: p.title for p in ws.points}
    assert titles("resource") == {f.id: f.title for f in ws.findings if f.kind == "resource"}
    assert titles("gap") == {f.id: f.title for f in ws.findings if f.kind == "gap"}
    assert titles("lane") == {i.id: f"Intercept {i.id}: {i.label}" for i in ws.scheme.intercepts}
    by_id = {p.id: p.title for p in ws.points}
    expected_flows = {}
    for f in ws.flows:
        count = "" if f.yearly_count is None else f" ({f.yearly_count:,} per year)"
        expected_flows[f.id] = f"{by_id[f.source]} → {by_id[f.target]}{count}"
    assert titles("flow") == expected_flows
    for el in groups["flow"]:
        flow = next(f for f in ws.flows if f.id == el.get("data-id"))
        assert (el.get("data-source"), el.get("data-target")) == (flow.source, flow.target)
        assert len(el.findall(f".//{SVG}path")) == 1
    assert len(groups["band"]) == 1 and groups["band"][0].find(f"{SVG}title").text == ws.scheme.cross_label


def test_every_point_and_chip_shows_its_whole_title_in_its_own_group() -> None:
    # The visible text, not only the <title>: every word of the title, in order, in the item's own group
    # (a check by first word passed when 7 of the sample's 15 point titles' first words were elsewhere).
    ws = sample()
    groups = item_groups(build_map_svg(ws))
    expected = {("point", p.id): p.title for p in ws.points}
    expected.update({(f.kind, f.id): f.title for f in ws.findings})
    shown = {}
    for cls in ("point", "resource", "gap"):
        for el in groups[cls]:
            drawn = " ".join("".join(t.itertext()) for t in el.iter(f"{SVG}text"))
            shown[cls, el.get("data-id")] = " ".join(drawn.split())
    assert shown.keys() == expected.keys()
    for key, title in expected.items():
        assert " ".join(title.split()) in shown[key], (key, title, shown[key])


def test_descriptions_are_in_desc_only_when_there_is_one(drawn: tuple[Workshop, bytes]) -> None:
    ws, svg = drawn
    items = {(i.cls, i.id): i for i in read_svg_map(svg).items}
    for p in ws.points:
        assert items["point", p.id].desc == (p.description or None)
    for f in ws.findings:
        assert items[f.kind, f.id].desc == (f.description or None)


def test_boxes_and_flow_lines_are_the_layouts(drawn: tuple[Workshop, bytes]) -> None:
    ws, svg = drawn
    layout = build_layout(ws)
    read = read_svg_map(svg)
    assert read.points == {pp.point.id: pp.box for pp in layout.points}
    assert read.chips == {pc.finding.id: pc.box for pc in layout.chips}
    assert set(read.flows) == {pf.flow.id for pf in layout.flows} == {f.id for f in ws.flows}
    for pf in layout.flows:
        line = read.flows[pf.flow.id]
        assert line.points == [(float(x), float(y)) for x, y in pf.path]  # exactly, first to last
        assert (line.source, line.target) == (pf.source.point.id, pf.target.point.id)


def test_backward_flows_are_dashed_and_forward_ones_solid() -> None:
    svg = build_map_svg(five_intercept_workshop())
    layout = {pf.flow.id: pf for pf in build_layout(five_intercept_workshop()).flows}
    assert layout["fl-10"].backward and not layout["fl-4"].backward
    for el in item_groups(svg)["flow"]:
        path = el.find(f"{SVG}path")
        assert (path.get("stroke-dasharray") is not None) == layout[el.get("data-id")].backward
        assert path.get("fill") == "none"
        assert len(el.findall(f"{SVG}polygon")) == 1  # the arrowhead


def test_a_layout_that_wraps_point_titles_is_drawn_as_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    # The layout may give a point its title's wrapped lines and a taller box: both are drawn as given.
    from intercept_mapper.export import map_svg

    ws = small_workshop()
    ws.points[0].title = "A very long decision point title that needs three or four lines to be read whole"
    wrapped = ["A very long decision point", "title that needs three or", "four lines to be read whole"]

    def layout_with_lines(w: Workshop):  # noqa: ANN202 - the layout type, patched
        layout = build_layout(w)
        pp = next(p for p in layout.points if p.point.id == "pt-a")
        pp.box = type(pp.box)(pp.box.x, pp.box.y, pp.box.w, 130.0)
        pp.lines = wrapped
        return layout

    monkeypatch.setattr(map_svg, "build_layout", layout_with_lines)
    svg = map_svg.build_map_svg(ws)
    assert read_svg_map(svg).points["pt-a"].h == 130.0
    group = next(el for el in item_groups(svg)["point"] if el.get("data-id") == "pt-a")
    assert [t.text for t in group.iter(f"{SVG}text")] == [*wrapped, "Crisis Co"]


# ---------------------------------------------------------------- text is data
HOSTILE = ["<script>alert(1)</script>", "]]><!--", "&amp; &lt; &#0; &bogus;", "\"quoted\" 'single'",
           "nul\x00 bell\x07 esc\x1b", "cr\r\nlf\rmix", "\ud800 lone \udfff surrogates",
           "non\ufffe chars\uffff",
           "emoji 😀 and 危机干预", "\t tab  spaces \t", "", "x" * 3000]


def hostile(title: str) -> Workshop:
    ws = small_workshop()
    ws.info.title = title
    ws.scheme.intercepts[1].label = title
    ws.scheme.cross_label = title
    ws.points[0].title = ws.points[1].organisation = ws.points[2].description = title
    ws.findings[0].title = ws.findings[1].description = title
    ws.points.append(DecisionPoint(id=f"pt-h{title[:20]}", intercept="2", title=title))
    ws.flows.append(Flow(id="fl-h", source="pt-a", target=ws.points[-1].id, yearly_count=3))
    return ws


def check_parses_and_keeps(title: str) -> None:
    ws = hostile(title)
    svg = build_map_svg(ws)
    read = read_svg_map(svg)  # parses: well-formed XML whatever the text was
    kept = xml_text(title)
    assert read.titles["point", "pt-a"] == kept
    assert read.titles["resource", "fd-1"] == kept
    assert read.titles["point", xml_text(ws.points[-1].id)] == kept
    assert read.titles["lane", "1"].startswith("Intercept 1")
    assert read.flows["fl-h"].source == "pt-a"


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_are_text_and_the_svg_parses(title: str) -> None:
    check_parses_and_keeps(title)


# Any character, and those XML forbids or must escape, more often than chance would pick them.
NASTY = st.sampled_from("\x00\x01\x0b\x1f\r\ud800\udfff\ufffe\uffff<&>\"'")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.one_of(st.characters(), NASTY), max_size=60))
def test_any_text_makes_an_svg_that_parses(title: str) -> None:
    check_parses_and_keeps(title)


def test_xml_text_drops_only_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x08c\x0bd\x1fe\ud800f\ufffeg\uffffh") == "abcdefgh"
    assert xml_text("tab\tnew\nline\r\nold mac\r") == "tab\tnew\nline\nold mac\n"
    assert xml_text("<&> 😀 \x7f") == "<&> 😀 \x7f"


# ---------------------------------------------------------------- the reading helper itself
def test_reader_applies_transforms_and_relative_path_commands() -> None:
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
      <g transform="translate(10 20) scale(2)">
        <g class="point x" data-id="p1"><title>One</title><rect x="1" y="2" width="3" height="4"/></g>
        <g class="flow" data-id="f1" data-source="p1" data-target="p1"><title>One &#8594; One</title>
          <path d="m 1,1 l 2 0 v 3 H 0 z"/></g>
      </g></svg>"""
    read = read_svg_map(svg)
    box = read.points["p1"]
    assert (box.x, box.y, box.w, box.h) == (12.0, 24.0, 6.0, 8.0)
    assert read.flows["f1"].points == [(12.0, 22.0), (16.0, 22.0), (16.0, 28.0), (10.0, 28.0), (12.0, 22.0)]
    assert read.flows["f1"].title == "One → One"
    assert parse_transform("rotate(90)")[1] == pytest.approx(1.0)
    assert parse_path("M0 0 10 0 10 10") == [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]
    with pytest.raises(ValueError, match="polyline"):
        parse_path("M0 0 C 1 1 2 2 3 3")


# ---------------------------------------------------------------- the picture
def test_svg_is_the_whole_map_in_scene_units() -> None:
    ws = sample()
    svg = build_map_svg(ws)
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert width == g.map_width(len(ws.scheme.intercepts)) + 2 * IMAGE_MARGIN
    assert map_size(ws) == (width, height)  # the image dialog's size, without drawing
    # The view box starts at minus the margin, so the file's coordinates are the layout's.
    assert root.get("viewBox") == f"{-IMAGE_MARGIN:g} {-IMAGE_MARGIN:g} {width:g} {height:g}"
    assert height > build_layout(ws).height + 2 * IMAGE_MARGIN
    found = texts(svg)
    for intercept in ws.scheme.intercepts:
        assert intercept.id in found
    assert "Resource (what works)" in found and "Gap (what is missing)" in found


def test_svg_names_fonts_viewers_have() -> None:
    svg = build_map_svg(small_workshop()).decode("utf-8")
    root = ET.fromstring(svg)
    assert "IMSans" not in svg  # the name reportlab registered is unknown to browsers
    assert root.get("font-family").startswith("'DejaVu Sans'") and "sans-serif" in root.get("font-family")
    assert any(el.get("font-weight") == "bold" for el in root.iter(f"{SVG}text"))
    assert all(el.get("fill") == "none" for el in root.iter(f"{SVG}path"))  # lines, not black shapes


def test_cli_writes_svg_and_png(tmp_path: Path) -> None:
    from intercept_mapper.cli import main
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    assert main(["export", str(SAMPLE_WORKSHOP), "--svg", str(svg), "--png", str(png)]) == 0
    read_svg_map(svg.read_bytes())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    root = ET.fromstring(svg.read_bytes())
    # PNG at 2 pixels per scene unit, same aspect as the SVG.
    assert width == round(float(root.get("width")) * 2)
    assert abs(width / height - float(root.get("width")) / float(root.get("height"))) < 0.01


def test_png_is_the_svg_drawn() -> None:
    from PySide6.QtGui import QImage

    from intercept_mapper.export.map_image import render_map_png

    ws = five_intercept_workshop()
    image = QImage.fromData(render_map_png(ws, scale=0.5))
    assert not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
    assert len(colours) > 10  # lanes, boxes, chips and text, not one flat fill
    corner = image.pixelColor(2, image.height() - 2)
    assert corner.alpha() == 255 and min(corner.red(), corner.green(), corner.blue()) >= 250  # white page
    # Each point's box is painted in the point blue where the SVG puts it (scene units + margin, halved).
    for pp in build_layout(ws).points:
        x, y = (pp.box.x + 40 + IMAGE_MARGIN) * 0.5, (pp.box.y + 6 + IMAGE_MARGIN) * 0.5
        assert image.pixelColor(round(x), round(y)).name() == "#0072b2", pp.point.title


def test_yearly_counts_are_drawn_over_the_boxes() -> None:
    # A flow between neighbouring lanes passes mostly under its boxes; its count must stay whole.
    svg = build_map_svg(small_workshop())
    found = texts(svg)
    assert "1,200/yr" in found
    assert found.index("1,200/yr") > max(found.index("Crisis line"), found.index("Patrol"))
    badge = next(el for el in item_groups(svg)["flow-count"])
    assert badge.get("data-flow") == "fl-1"  # tied to its flow, not a second flow item


def test_yearly_counts_stay_on_the_map() -> None:
    # fl-1 runs down a rail in intercept 1's outer padding: its badge must not hang off the left edge.
    ws = five_intercept_workshop()
    width = build_layout(ws).width
    badges = item_groups(build_map_svg(ws))["flow-count"]
    assert {el.get("data-flow") for el in badges} == {f.id for f in ws.flows if f.yearly_count is not None}
    for el in badges:
        rect = el.find(f"{SVG}rect")
        x, w = float(rect.get("x")), float(rect.get("width"))
        assert x >= 0 and x + w <= width, el.get("data-flow")


def test_svg_title_and_description_name_the_workshop() -> None:
    ws = small_workshop()
    ws.info.title = "Small <County> & map"
    root = ET.fromstring(build_map_svg(ws))
    assert root.find(f"{SVG}title").text == "Small <County> & map"
    desc = "Sequential Intercept Map of Small County, made with Intercept Mapper."
    assert root.find(f"{SVG}desc").text.split("\n")[0] == desc
    read = read_svg_map(build_map_svg(ws))
    assert read.name == "Small <County> & map"
    assert read.description.split("\n")[0] == desc


def test_svg_text_alternative_tells_the_map_in_flow_order() -> None:
    from intercept_mapper.model.map_narrative import narrative_text

    ws = five_intercept_workshop()
    ws.points[0].description = "Line one\nline <two> & more"
    read = read_svg_map(build_map_svg(ws))
    assert read.description.endswith(narrative_text(ws))
    paragraphs = read.description.split("\n\n")
    assert [p.split(",")[0] for p in paragraphs[1:]] == [
        "Intercept 1: Law Enforcement", "Intercept 2: Initial Detention / Initial Court Hearings",
        "Intercept 3: Jails / Courts", "Intercept 4: Reentry", "Intercept 5: Community Corrections",
        "Cross-intercept"]
    assert "911 dispatch (Five County): Line one line <two> & more." in read.description
    assert "Violation hearing (Five County). Flows to County jail (back to intercept 3, 85 a year)." \
        in read.description
    # Every point told, and the items still read as before (the contract's groups are untouched).
    for p in ws.points:
        assert f"\n{p.title} (" in read.description or f": {p.title} (" in read.description
    assert set(read.points) == {p.id for p in ws.points}


def test_sample_svg_shows_every_chip_title_in_full_and_nothing_overlaps() -> None:
    ws = sample()
    shown = texts(build_map_svg(ws))
    layout = build_layout(ws)
    assert len(layout.chips) == len(ws.findings)
    assert any(len(pc.lines) > 1 for pc in layout.chips)  # the sample has titles that need wrapping
    for pc in layout.chips:
        # Every line of the chip is drawn, and together they are the whole title, not a cut one.
        assert " ".join(pc.lines) == " ".join(pc.finding.title.split())
        assert all(line in shown for line in pc.lines), pc.lines
    boxes = [pp.box for pp in layout.points] + [pc.box for pc in layout.chips]
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            assert not (a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom), (a, b)


def test_xml_text_of_nothing_is_empty_and_of_anything_else_its_text() -> None:
    assert xml_text(None) == ""
    assert xml_text(12) == "12" and "\x00" not in xml_text("a\x00b")
