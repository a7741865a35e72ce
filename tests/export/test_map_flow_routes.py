"""The printed and exported map (PDF, SVG, PNG) routes its flows as the canvas does: none hidden under
a box, none running along another. Checked on the export layout and on the SVG as written (read back
from its XML) for the sample, the sample as a five-intercept map, and a generated 100-point map."""

from __future__ import annotations

import random
from pathlib import Path

from intercept_mapper.export.map_layout import MapLayout, build_layout
from intercept_mapper.export.map_svg import build_map_svg
from intercept_mapper.model import DecisionPoint, Finding, Flow, new_workshop
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.worksheet_csv import read_worksheet
from tests.conftest import SAMPLES
from tests.export.svg_map_reading import read_svg_map
from tests.flow_geometry import DrawnFlow, flows_through_boxes, shared_stretches
from tests.sample_worksheets import five_intercept_worksheet


def busy_workshop(points: int = 100, seed: int = 7):
    """Points in every lane, chips under most, flows forward, over lanes, back and within a lane."""
    rng = random.Random(seed)
    ws = new_workshop("samhsa", "Busy County")
    lanes = ws.scheme.ids()
    for n in range(points):
        ws.points.append(DecisionPoint(id=f"p{n}", intercept=lanes[n % len(lanes)], title=f"Point {n}"))
        for k in range(rng.randint(0, 3)):
            ws.findings.append(Finding(id=f"f{n}.{k}", kind=rng.choice(["gap", "resource"]),
                                       intercept=lanes[n % len(lanes)], title=f"Finding {n}.{k}",
                                       point_id=f"p{n}"))
    pairs = set()
    while len(pairs) < points:
        a, b = rng.randrange(points), rng.randrange(points)
        if a != b:
            pairs.add((a, b))
    ws.flows = [Flow(id=f"l{n}", source=f"p{a}", target=f"p{b}", yearly_count=n * 10 or None)
                for n, (a, b) in enumerate(sorted(pairs))]
    return ws


def layout_geometry(layout: MapLayout) -> tuple[dict, list[DrawnFlow]]:
    rects = {pp.point.id: (pp.box.x, pp.box.y, pp.box.w, pp.box.h) for pp in layout.points}
    rects.update({pc.finding.id: (pc.box.x, pc.box.y, pc.box.w, pc.box.h) for pc in layout.chips})
    flows = [DrawnFlow(pf.flow.id, pf.flow.source, pf.flow.target, pf.path) for pf in layout.flows]
    return rects, flows


def svg_geometry(ws) -> tuple[dict, list[DrawnFlow]]:
    svg = read_svg_map(build_map_svg(ws))
    rects = {item_id: (b.x, b.y, b.w, b.h) for item_id, b in {**svg.points, **svg.chips}.items()}
    flows = [DrawnFlow(f.id, f.source, f.target, f.points) for f in svg.flows.values()]
    return rects, flows


def assert_truthful(ws) -> None:
    for rects, flows in (layout_geometry(build_layout(ws)), svg_geometry(ws)):
        assert len(flows) == len(ws.flows)
        assert len(rects) == len(ws.points) + len(ws.findings)
        assert flows_through_boxes(rects, flows) == []
        assert shared_stretches(flows) == []


def test_the_sample_printed_map_hides_no_flow() -> None:
    assert_truthful(load_workshop(SAMPLES / "riverbend.simmap"))


def test_a_five_intercept_printed_map_hides_no_flow(tmp_path: Path) -> None:
    assert_truthful(read_worksheet(five_intercept_worksheet(tmp_path), preset="five-intercept").workshop)


def test_a_busy_printed_map_hides_no_flow() -> None:
    assert_truthful(busy_workshop())
