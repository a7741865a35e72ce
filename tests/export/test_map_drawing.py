"""The map drawing: one page when it reads at 8 pt, else an overview and pages per intercept."""

from __future__ import annotations

from collections import Counter

from reportlab.graphics.shapes import Drawing, Group, String

from intercept_mapper.export.map_drawing import (
    MIN_TEXT_PT,
    fit_lines,
    map_page_drawings,
)
from intercept_mapper.export.map_layout import build_layout
from intercept_mapper.export.map_pages import plan_map_pages
from intercept_mapper.export.pdf_fonts import report_fonts
from intercept_mapper.export.report_pages import map_frame_size
from intercept_mapper.model import Intercept
from intercept_mapper.model import map_geometry as g
from tests.export.report_helpers import big_workshop, sample, small_workshop

WIDTH, HEIGHT = map_frame_size()


def strings(node: Group, scale: float = 1.0) -> list[tuple[str, float]]:
    """Every String in a drawing with its effective font size (group scaling applied)."""
    out: list[tuple[str, float]] = []
    for child in node.contents:
        if isinstance(child, String):
            out.append((child.text, child.fontSize * scale))
        elif isinstance(child, Group):
            out += strings(child, scale * (child.transform[0] if child.transform else 1.0))
    return out


def whole_labels(drawing: Drawing, most_lines: int = 4) -> set[str]:
    """Every run of up to ``most_lines`` consecutive Strings of a drawing, joined: a label and its lines."""
    lines = [" ".join(t.split()) for t, _ in strings(drawing)]
    return {" ".join(lines[i:j]) for i in range(len(lines))
            for j in range(i + 1, min(i + most_lines, len(lines)) + 1)}


def test_sample_map_is_an_overview_then_intercept_pages_all_readable() -> None:
    ws = sample()
    pages = map_page_drawings(ws, WIDTH, HEIGHT)
    assert len(pages) >= 1 + len(ws.scheme.intercepts)  # six lanes do not fit one page at 8 pt
    for drawing in pages:
        assert drawing.width <= WIDTH + 0.01 and drawing.height <= HEIGHT + 0.01
        assert min(size for _, size in strings(drawing)) >= MIN_TEXT_PT - 1e-6
    texts = [t for t, _ in strings(pages[0])]
    for label in ("Decision point", "Resource (what works)", "Gap (what is missing)", "Cross-intercept"):
        assert label in texts
    # Every point's and every resource's or gap's whole title, its lines in order, on an intercept page
    # (checking the first word passed with 7 of the 15 first words found in other labels).
    labels = [label for d in pages[1:] for label in whole_labels(d)]
    for item in [*ws.points, *ws.findings]:
        assert " ".join(item.title.split()) in labels, item.title


def test_resources_and_gaps_differ_by_marker_not_only_colour() -> None:
    texts = [t for d in map_page_drawings(small_workshop(), WIDTH, HEIGHT) for t, _ in strings(d)]
    assert texts.count("+") >= 2  # resource markers (two resources) plus the legend's
    assert texts.count("!") >= 3  # gap markers plus the legend's


def test_large_map_splits_and_every_item_appears_once_at_readable_size() -> None:
    ws = big_workshop(1500)
    plan = plan_map_pages(build_layout(ws), WIDTH, HEIGHT)
    pages = [p.render(plan) for p in plan.pages]
    assert plan.pages[0].kind == "overview" and len(pages) > 2
    counts: Counter[str] = Counter()
    for page, drawing in zip(plan.pages, pages, strict=True):
        assert isinstance(drawing, Drawing)
        assert drawing.width <= WIDTH + 0.01 and drawing.height <= HEIGHT + 0.01
        found = strings(drawing)
        assert min(size for _, size in found) >= MIN_TEXT_PT - 1e-6
        if page.kind != "overview":  # the overview repeats the point titles that fit its boxes
            counts.update(t for t, _ in found)
    for item in [p.title for p in ws.points] + [f.title for f in ws.findings]:
        assert counts[item] == 1, item
    captions = [t for d in pages for t, _ in strings(d) if t.startswith("Part ")]
    assert captions and captions[0].startswith("Part 1 of ")
    # Flows that leave a page say where they go.
    assert any(t.startswith("to Point") for d in pages for t, _ in strings(d))


def test_many_intercepts_get_an_overview_and_a_page_each() -> None:
    ws = small_workshop()
    ws.scheme.intercepts = [Intercept(id=str(n), label=f"Stage {n}") for n in range(12)]
    plan = plan_map_pages(build_layout(ws), WIDTH, HEIGHT)
    assert [p.kind for p in plan.pages][:1] == ["overview"]
    assert sorted({p.lane for p in plan.pages if p.kind == "lane"}) == [0, 1, 3, 4]  # lanes holding items


def test_layout_keeps_pinned_points_and_pushes_overlaps_apart() -> None:
    ws = small_workshop()
    for p in ws.points:
        p.intercept = "0"
        p.pinned = True
        p.y = 200.0  # all three stored on top of each other
    layout = build_layout(ws)
    boxes = sorted((pp.box for pp in layout.points), key=lambda b: b.y)
    assert boxes[0].y == 200.0
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower.y >= upper.bottom
    chips = [c.box for c in layout.chips if c.lane == 0]
    for chip in chips:
        assert not any(b.y < chip.bottom and chip.y < b.bottom for b in boxes)


def test_fit_lines_wraps_breaks_long_words_and_ellipsises() -> None:
    font = report_fonts().regular
    lines = fit_lines("A " + "x" * 400 + " tail", font, 10, 100, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) < 60 for line in lines)
    assert fit_lines("short", font, 10, 100, 2) == ["short"]


def test_long_chip_titles_wrap_grow_the_chip_and_push_the_stack_down() -> None:
    from intercept_mapper.export.map_layout import MAX_CHIP_LINES, chip_height
    from intercept_mapper.model import DecisionPoint, Finding, new_workshop

    ws = new_workshop("samhsa", "Wrap", "Here")
    lane = ws.scheme.intercepts[1].id
    ws.points.append(DecisionPoint(id="pt-a", intercept=lane, title="Booking", pinned=True, x=0, y=200))
    ws.points.append(DecisionPoint(id="pt-b", intercept=lane, title="Court", pinned=True, x=0, y=340))
    medium = "Peer support specialists meet people at booking"
    huge = " ".join(["Overlong"] * 60)
    for n, title in enumerate([medium, huge, "Short"]):
        ws.findings.append(Finding(id=f"fd-{n}", kind="resource" if n % 2 else "gap", intercept=lane,
                                   point_id="pt-a", title=title))
    ws.findings.append(Finding(id="fd-x", kind="gap", intercept="X", title=medium))
    layout = build_layout(ws)
    chips = {pc.finding.id: pc for pc in layout.chips}
    assert 1 < len(chips["fd-0"].lines) < MAX_CHIP_LINES and " ".join(chips["fd-0"].lines) == medium
    assert len(chips["fd-1"].lines) == MAX_CHIP_LINES and chips["fd-1"].lines[-1].endswith("…")
    assert chips["fd-1"].box.h == chip_height(MAX_CHIP_LINES) > chips["fd-2"].box.h == g.CHIP_HEIGHT
    boxes = [pp.box for pp in layout.points] + [pc.box for pc in layout.chips]
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            assert not (a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom), (a, b)
    assert layout.band.bottom > chips["fd-x"].box.bottom
    texts = [t for d in map_page_drawings(ws, WIDTH, HEIGHT) for t, _ in strings(d)]
    for line in chips["fd-0"].lines + chips["fd-x"].lines:
        assert line in texts


def test_row_cuts_keep_units_whole_and_pages_within_capacity() -> None:
    from intercept_mapper.export.map_pages import ROW_END, row_cuts

    units = [(100.0 + 300 * n, 100.0 + 300 * n + 250) for n in range(10)]  # blocks 250 tall, 50 apart
    cuts = row_cuts(units, 90.0, 800.0)
    assert len(cuts) > 1
    for y0, y1 in cuts:
        inside = [u for u in units if y0 <= u[0] < y1]
        assert inside and all(u[1] <= y1 for u in inside)  # no block reaches past its page's cut
        assert y1 - y0 <= 800.0 + ROW_END
    assert [u for u in units if not any(y0 <= u[0] < y1 for y0, y1 in cuts)] == []


def test_intercept_pages_fold_empty_lane_and_fit_the_page() -> None:
    from intercept_mapper.export.map_pages import side_by_side
    from intercept_mapper.model import DecisionPoint

    ws = small_workshop()
    # Two points of one intercept far apart (a stale drag, or rows lined up with other lanes): folded,
    # the empty stretch between them takes a row gap and the intercept is one page.
    ws.points += [DecisionPoint(id="pt-far", intercept="1", title="Far below", pinned=True, y=3000.0)]
    layout = build_layout(ws)
    plan = plan_map_pages(layout, WIDTH, HEIGHT)
    lane = [p for p in plan.pages if p.kind == "lane" and p.lane == 1]
    assert len(lane) == 1 and lane[0].view.folds
    v = lane[0].view
    ys = [v.top_edge + n * 37.0 for n in range(60)]
    assert all(a < b for a, b in zip(map(v.squeeze, ys), map(v.squeeze, ys[1:]), strict=False))
    # A long intercept's parts, two to a page, fit the page.
    big = big_workshop(1500)
    plan = plan_map_pages(build_layout(big), WIDTH, HEIGHT)
    parts = [p.render(plan) for p in plan.pages if p.kind == "lane" and p.lane == 0]
    assert len(parts) >= 3
    joined = side_by_side(parts, WIDTH)
    assert len(joined) < len(parts)
    assert all(d.width <= WIDTH + 0.01 and d.height <= HEIGHT + 0.01 for d in joined)


def test_a_point_wrapped_by_the_layout_prints_every_line_of_its_box() -> None:
    from dataclasses import replace

    from intercept_mapper.export.map_drawing import render_view

    # The layout may wrap a title fully and make the box taller: the page reads pp.lines and pp.box.
    ws = small_workshop()
    layout = build_layout(ws)
    pp = next(pp for pp in layout.points if pp.point.id == "pt-b")
    pp.lines = ["Patrol officers of", "the county sheriff", "and city police"]  # type: ignore[attr-defined]
    pp.box = replace(pp.box, h=pp.box.h + 40)
    plan = plan_map_pages(layout, WIDTH, HEIGHT)
    page = next(p for p in plan.pages if p.kind == "lane" and p.lane == pp.lane)
    found = strings(render_view(layout, page.view, page.scale))
    texts = [t for t, _ in found]
    assert all(line in texts for line in pp.lines)  # type: ignore[attr-defined]
    assert min(size for _, size in found) >= MIN_TEXT_PT - 1e-6


def test_flows_of_a_page_come_from_its_rows_alone_in_the_order_a_full_scan_gives() -> None:
    """``RowIndex.flows_in`` looks only at nearby flows (a long report stays linear), same result."""
    layout = build_layout(big_workshop(1500))
    plan = plan_map_pages(layout, *map_frame_size())
    index = plan.index
    assert index is not None and len(plan.pages) > 5
    for page in plan.pages:
        view = page.view
        flows = index.flows
        if view.lane_page:  # the scan the index replaced
            flows = list({id(e[2]): e for lane in range(view.lane_from, view.lane_to)
                          for e in index.by_lane.get(lane, [])}.values())
        want = [pf for top, bottom, pf in flows if top <= view.bottom_edge and bottom >= view.top_edge]
        assert index.flows_in(view) == want
