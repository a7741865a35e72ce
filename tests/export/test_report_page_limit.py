"""Issue 13, case 6: a report stops at the page limit with a clear error instead of running for minutes."""

from __future__ import annotations

import time

import pytest

from intercept_mapper.export import report_pdf
from intercept_mapper.model.limits import MAX_COORDINATE
from intercept_mapper.model.simmap_file import load_workshop
from tests.conftest import SAMPLES
from tests.export.report_helpers import reader, sample


def test_a_report_past_the_page_limit_stops_as_soon_as_it_passes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load_workshop(SAMPLES / "riverbend.simmap")
    assert report_pdf.MAX_PDF_PAGES >= 1_000
    monkeypatch.setattr(report_pdf, "MAX_PDF_PAGES", 4)
    started = time.perf_counter()
    with pytest.raises(report_pdf.ReportTooLong, match="longer than 4 pages, the most a report may have"):
        report_pdf.build_report_pdf(ws)
    assert time.perf_counter() - started < 10


def test_progress_is_still_reported_under_the_limit() -> None:
    seen: list[float] = []
    report_pdf.build_report_pdf(load_workshop(SAMPLES / "riverbend.simmap"), progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) > 3


@pytest.mark.parametrize("y", [1e5, MAX_COORDINATE])
def test_a_point_far_down_the_map_adds_no_pages_and_no_time(y: float) -> None:
    # Issue 13: y = 1e5 gave 106 pages instead of 14, y = 5e7 45,906 pages in 272 s (now refused).
    ws = sample()
    pages = len(reader(report_pdf.build_report_pdf(ws)).pages)
    ws.points[0].y, ws.points[0].pinned = y, True
    started = time.perf_counter()
    far = report_pdf.build_report_pdf(ws)
    assert time.perf_counter() - started < 10
    assert len(reader(far).pages) == pages


def test_voting_tables_with_names_as_long_as_a_name_may_be_print() -> None:
    # Found by tests/export/test_anything_valid_exports.py: each name headed a column a few words
    # wide, and a 1,000-character name made the header row taller than a page (LayoutError).
    from intercept_mapper.model.limits import MAX_SHORT_TEXT
    from intercept_mapper.model.workshop import VotingTable

    ws = sample()
    ws.voting.tables = [VotingTable(id=f"tb-{n}", name=letter * MAX_SHORT_TEXT)
                        for n, letter in enumerate("xyzw")]
    for n, candidate in enumerate(ws.voting.candidates):
        candidate.votes = {f"tb-{n % 4}": n % 3 + 1}
    for handout in (False, True):
        assert report_pdf.build_report_pdf(ws, handout=handout).startswith(b"%PDF")
