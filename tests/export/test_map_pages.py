"""The report's map pages read at arm's length: no map text under 8 pt, a whole-map overview then pages
per intercept when the map is too big for one page, each resource and gap on its point's page, and the
points' descriptions and flow counts printed."""

from __future__ import annotations

import pytest

from intercept_mapper.export.map_drawing import FS_TITLE, MIN_TEXT_PT
from intercept_mapper.export.map_layout import MapLayout, build_layout, fit_lines
from intercept_mapper.export.pdf_fonts import report_fonts
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import DecisionPoint, Workshop
from tests.export.pdf_runs import TextRun, text_runs
from tests.export.report_helpers import (
    TODAY,
    big_workshop,
    outline,
    page_texts,
    reader,
    sample,
    small_workshop,
    squash,
)

OVERVIEW_NOTE = "The whole map at a glance."


def map_page_range(data: bytes) -> range:
    """The pages of the map section: from its heading to the page before the next section."""
    tops = [(title, page) for level, title, page in outline(data) if level == 0]
    names = [title for title, _ in tops]
    at = next(n for n, title in enumerate(names) if title.endswith("The Sequential Intercept Map"))
    return range(tops[at][1], tops[at + 1][1])


def map_text(data: bytes) -> str:
    """The map section's text, whitespace collapsed (only its pages are read: extraction is slow)."""
    pages = reader(data).pages
    return " ".join(squash(pages[n].extract_text()) for n in map_page_range(data))


def counted_sample() -> Workshop:
    """The sample with yearly counts on some flows (the bundled file records none)."""
    ws = sample()
    ws.flows[0].yearly_count = 1200
    ws.flows[7].yearly_count = 310
    return ws


def hundred_items() -> Workshop:
    """About 100 items: 20 points with 80 resources and gaps, flows down and across, descriptions."""
    ws = big_workshop(100)
    for n, p in enumerate(ws.points):
        if n % 2:
            p.description = f"Average daily population {400 + n}"
    ws.flows[0].yearly_count = 2500
    return ws


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return build_report_pdf(counted_sample(), today=TODAY)


@pytest.fixture(scope="module")
def big_pdf() -> bytes:
    return build_report_pdf(hundred_items(), today=TODAY)


def smallest(data: bytes) -> tuple[float, str]:
    """The smallest printed text size on the map pages, and that text."""
    runs = text_runs(data)
    found = [r for n in map_page_range(data) for r in runs[n]]
    least = min(found, key=lambda r: r.size)
    return least.size, least.text


@pytest.mark.parametrize("which", ["sample_pdf", "big_pdf"])
def test_no_map_text_prints_under_8_pt(which: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(which)
    size, text = smallest(data)
    assert size >= MIN_TEXT_PT - 0.01, (size, text)


def test_a_small_map_is_one_page_and_a_big_one_an_overview_then_a_page_per_intercept(big_pdf: bytes) -> None:
    small = small_workshop()
    small.scheme.intercepts = small.scheme.intercepts[:4]  # four lanes fit one landscape page at 8 pt
    data = build_report_pdf(small, today=TODAY)
    pages = page_texts(data)
    assert not any(OVERVIEW_NOTE in pages[n] for n in map_page_range(data))
    assert smallest(data)[0] >= MIN_TEXT_PT - 0.01
    assert "Decision points in Intercept 0: Community Services" in " ".join(pages)

    pages = page_texts(big_pdf)
    section = map_page_range(big_pdf)
    assert OVERVIEW_NOTE in pages[section[0]]
    entries = [(title, page) for level, title, page in outline(big_pdf) if title.startswith("Map of ")]
    ws = hundred_items()
    assert [t for t, _ in entries][:len(ws.scheme.intercepts)] == [
        f"Map of Intercept {i.id}: {i.label}" for i in ws.scheme.intercepts]
    # The overview says which page holds each intercept.
    for _, page in entries:
        assert page in section
        assert f"page {page + 1}" in pages[section[0]].lower()


def _title_lines(layout: MapLayout, point_id: str) -> list[str]:
    pp = next(pp for pp in layout.points if pp.point.id == point_id)
    lines = getattr(pp, "lines", None) or fit_lines(pp.point.title, report_fonts().bold, FS_TITLE,
                                                    pp.box.w - 24, 3)
    return [line.strip() for line in lines]


@pytest.mark.parametrize("which", ["sample_pdf", "big_pdf"])
def test_every_resource_and_gap_prints_on_its_points_page(which: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(which)
    ws = counted_sample() if which == "sample_pdf" else hundred_items()
    layout = build_layout(ws)
    runs = text_runs(data)
    section = map_page_range(data)
    attached = [pc for pc in layout.chips if pc.finding.point_id]
    assert len(attached) > 10
    for pc in attached:
        title = _title_lines(layout, pc.finding.point_id or "")
        homes = []
        for n in section:
            chip_runs = [r for r in runs[n] if r.text == pc.lines[0].strip()]
            # The point's title sits left of its chips' text, in the same lane (not in the table beside).
            if any(r.text == title[0] and r.x < c.x for c in chip_runs for r in runs[n]):
                homes.append(n)
        assert homes, (pc.finding.title, title)
        # Whole, not only their first lines: every line of the chip and of its point's title is there.
        assert " ".join(line.strip() for line in pc.lines) == " ".join(pc.finding.title.split())
        point = next(p for p in ws.points if p.id == pc.finding.point_id)
        assert " ".join(title) == " ".join(point.title.split())
        on_page = [{r.text for r in runs[n]} for n in homes]
        assert any({line.strip() for line in pc.lines} | set(title) <= texts for texts in on_page), (
            pc.finding.title, title)


def test_descriptions_and_flow_counts_print_with_their_intercept(sample_pdf: bytes, big_pdf: bytes) -> None:
    text = map_text(sample_pdf)
    assert "Average daily population 410" in text
    assert "Decision points in Intercept 3: Jails / Courts" in text
    assert "1,200 a year" in text and "310 a year" in text
    for p in sample().points:
        if p.description.strip():
            assert squash(p.description) in text, p.description
    big = map_text(big_pdf)
    assert "Average daily population 401" in big and "2,500 a year" in big


def test_only_fields_that_hold_data_print() -> None:
    ws = small_workshop()  # no point has a description; one flow has a count, one has none
    ws.points.append(DecisionPoint(id="pt-d", intercept="3", title="Drug court", description="Twelve slots"))
    data = build_report_pdf(ws, today=TODAY)
    text = map_text(data)
    assert "Twelve slots" in text
    assert "→ Patrol (Intercept 1): 1,200 a year" in text
    assert "→ County jail (Intercept 3)" in text and "County jail (Intercept 3):" not in text
    # Intercept 0's table has no description column: none of its points has one.
    start = text.index("Decision points in Intercept 0")
    intercept0 = text[start:text.index("Decision points in Intercept 1")]
    assert "Description" not in intercept0 and "Description" in text


def test_flows_leaving_an_intercepts_page_say_where_they_go(sample_pdf: bytes) -> None:
    pages = text_runs(sample_pdf)
    runs: list[TextRun] = [r for n in map_page_range(sample_pdf) for r in pages[n]]
    texts = [r.text for r in runs]
    assert "to 911 dispatch" in texts and "from Co-responder team" in " ".join(texts)


def test_point_text_in_the_table_is_data_not_markup() -> None:
    ws = small_workshop()
    ws.points[0].description = "<b>Open</b> & staffed <font size=2>24/7</font>"
    data = build_report_pdf(ws, today=TODAY)
    assert "<b>Open</b> & staffed <font size=2>24/7</font>" in map_text(data)
    assert smallest(data)[0] >= MIN_TEXT_PT - 0.01


def test_the_overview_names_only_what_the_intercept_pages_hold() -> None:
    """Truth: the sentence over the overview lists resources and gaps, flows and descriptions only when
    the map has them."""
    full = map_text(build_report_pdf(sample(), today=TODAY))
    assert ("with its resources and gaps, the flows to other intercepts and its decision points described"
            in full)
    bare = sample()
    bare.findings, bare.flows, bare.voting.candidates, bare.action_plans = [], [], [], []
    for point in bare.points:
        point.description = ""
    text = map_text(build_report_pdf(bare, today=TODAY))
    assert OVERVIEW_NOTE in text
    for claim in ("resources and gaps", "flows to other intercepts", "described"):
        assert claim not in text.split(OVERVIEW_NOTE, 1)[1][:300]
    assert "a list of its decision points" in text
