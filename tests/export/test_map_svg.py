"""The map as SVG (and PNG): the same drawing as the report, valid XML, fonts a viewer can find."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from intercept_mapper.export.map_drawing import IMAGE_MARGIN
from intercept_mapper.export.map_svg import build_map_svg
from intercept_mapper.model import map_geometry as g
from tests.export.report_helpers import sample, small_workshop

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_svg_is_the_whole_map_in_scene_units() -> None:
    ws = sample()
    svg = build_map_svg(ws)
    root = ET.fromstring(svg)
    assert float(root.get("width")) == g.map_width(len(ws.scheme.intercepts)) + 2 * IMAGE_MARGIN
    found = " ".join(texts(svg))
    for intercept in ws.scheme.intercepts:
        assert intercept.id in texts(svg)
    for point in ws.points:
        assert point.title.split()[0] in found
    assert "Resource (what works)" in found and "Gap (what is missing)" in found


def test_svg_names_fonts_viewers_have_and_draws_lines_unfilled() -> None:
    svg = build_map_svg(small_workshop()).decode("utf-8")
    assert "IMSans" not in svg  # the name reportlab registered is unknown to browsers
    assert "DejaVu Sans" in svg and "sans-serif" in svg
    assert "fill: None" not in svg  # would paint every flow line as a black polygon
    assert "font-weight: bold" in svg


def test_cli_writes_svg_and_png(tmp_path: Path) -> None:
    from intercept_mapper.cli import main
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    assert main(["export", str(SAMPLE_WORKSHOP), "--svg", str(svg), "--png", str(png)]) == 0
    ET.fromstring(svg.read_bytes())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    root = ET.fromstring(svg.read_bytes())
    # PNG at 2 pixels per scene unit, same aspect as the SVG.
    assert width == round(float(root.get("width")) * 2)
    assert abs(width / height - float(root.get("width")) / float(root.get("height"))) < 0.01


def test_png_is_not_blank() -> None:
    from PySide6.QtGui import QImage

    from intercept_mapper.export.map_image import render_map_png

    image = QImage.fromData(render_map_png(sample(), scale=0.5))
    assert not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
    assert len(colours) > 10  # lanes, boxes, chips and text, not one flat fill
    corner = image.pixelColor(2, image.height() - 2)
    assert corner.alpha() == 255 and min(corner.red(), corner.green(), corner.blue()) >= 250  # white page


def test_yearly_counts_are_drawn_over_the_boxes() -> None:
    # A flow between neighbouring lanes passes mostly under its boxes; its count must stay whole.
    found = texts(build_map_svg(small_workshop()))
    assert "1,200/yr" in found
    assert found.index("1,200/yr") > max(found.index("Crisis line"), found.index("Patrol"))


def test_svg_title_and_description_name_the_workshop() -> None:
    ws = small_workshop()
    ws.info.title = "Small <County> & map"
    root = ET.fromstring(build_map_svg(ws))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Small <County> & map"
    desc = "Sequential Intercept Map of Small County, made with Intercept Mapper"
    assert root.find(f"{ns}desc").text == desc


def test_sample_svg_shows_every_chip_title_in_full_and_nothing_overlaps() -> None:
    from intercept_mapper.export.map_layout import build_layout

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
