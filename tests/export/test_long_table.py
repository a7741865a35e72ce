"""Long report tables are handed to reportlab in chunks and still print as one table (issue 18)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import pypdf
import pytest
from pypdf.generic import ContentStream

from intercept_mapper.export import report_table
from intercept_mapper.export.long_table import CHUNK_ROWS, LONG_TABLE_ROWS, LongTable, TableRows
from intercept_mapper.export.report_context import ReportContext
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.export.report_styles import ZEBRA
from intercept_mapper.export.report_table import ReportTable
from intercept_mapper.model import ActionStep, Objective
from tests.export.pdf_runs import _times, text_runs
from tests.export.report_helpers import TODAY, small_workshop

HEADER = "Objective Action step Who When Status"
CAPTION = "Priority 1: CIT for all patrol (continued)"
STEPS = 430  # several chunks: rows on both sides of chunk boundaries and page breaks


def _long_plan_workshop(steps: int = STEPS):  # noqa: ANN202 - a Workshop
    """The small workshop with one plan of ``steps`` steps of varied length, an objective per seven."""
    ws = small_workshop()
    plan = ws.action_plans[0]
    plan.objectives = [Objective(id=f"ob-{n}", text=f"Objective {n // 7}", steps=[])
                       for n in range(0, steps, 7)]
    for n in range(steps):
        words = "with words " * (2 + (n * 7) % 13)  # one to three lines
        plan.objectives[n // 7].steps.append(
            ActionStep(id=f"st-{n}", text=f"Row{n:04d} {words}", who="Someone", when=date(2026, 9, 1)))
    return ws


@pytest.fixture(scope="module")
def long_plan_pdf() -> bytes:
    return build_report_pdf(_long_plan_workshop(), today=TODAY, final=False)


def _row_runs(data: bytes) -> list[tuple[int, int, float, float]]:
    """(page, row number, x, y) of every "RowNNNN" step text, in drawing order."""
    out = []
    for page, runs in enumerate(text_runs(data)):
        for run in runs:
            found = re.match(r"Row(\d{4})", run.text)
            if found:
                out.append((page, int(found.group(1)), run.x, run.y))
    return out


def test_every_row_prints_once_in_order_under_one_header_and_a_caption_on_every_page(
        long_plan_pdf: bytes) -> None:
    rows = _row_runs(long_plan_pdf)
    assert [n for _, n, _, _ in rows] == list(range(STEPS))
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(long_plan_pdf)).pages]
    plan_pages = sorted({page for page, _, _, _ in rows})
    assert len(plan_pages) >= 8
    for page in plan_pages:
        assert HEADER in pages[page], page
        assert pages[page].count(HEADER) == 1, page  # no chunk draws its header mid-page
    for page in plan_pages[1:]:
        assert CAPTION in pages[page], page
    assert CAPTION not in pages[plan_pages[0]]
    # No lone last row on a page of its own.
    assert sum(1 for page, _, _, _ in rows if page == plan_pages[-1]) >= 2


def _filled_rects(page: pypdf.PageObject) -> Iterator[tuple[tuple[float, ...], float, float, float, float]]:
    """(fill colour, x0, y0, x1, y1) of every filled rectangle drawn on ``page``, in page space."""
    cm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple] = []
    fill: tuple[float, ...] = (0.0,)
    pending: list[tuple[float, float, float, float]] = []
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append((cm, fill))
        elif op == b"Q":
            cm, fill = stack.pop()
        elif op == b"cm":
            cm = _times(tuple(float(v) for v in operands), cm)
        elif op in (b"rg", b"g"):
            fill = tuple(round(float(v), 3) for v in operands)
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            pending.append((x, y, x + w, y + h))
        elif op in (b"f", b"f*", b"F", b"B", b"B*"):
            for x0, y0, x1, y1 in pending:
                (ax, ay), (bx, by) = (_point(cm, x0, y0), _point(cm, x1, y1))
                yield fill, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
            pending = []
        elif op in (b"n", b"S", b"s"):
            pending = []


def _point(cm: tuple, x: float, y: float) -> tuple[float, float]:
    return _times((1, 0, 0, 1, x, y), cm)[4:]


def _assert_stripes_by_place(data: bytes) -> None:
    """Under each row's text, the last white or zebra fill is zebra exactly for the odd rows."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = {page for page, _, _, _ in _row_runs(data)}
    rects = {page: list(_filled_rects(reader.pages[page])) for page in pages}
    zebra = tuple(round(v, 3) for v in ZEBRA.rgb())
    white = (1.0, 1.0, 1.0)
    for page, n, x, y in _row_runs(data):
        under = [fill for fill, x0, y0, x1, y1 in rects[page] if x0 <= x <= x1 and y0 <= y <= y1
                 and fill in (zebra, white)]
        assert under, (page, n)
        assert under[-1] == (zebra if n % 2 else white), (page, n)


def test_zebra_stripes_follow_each_rows_place_in_the_table(long_plan_pdf: bytes) -> None:
    _assert_stripes_by_place(long_plan_pdf)


def test_a_table_over_the_threshold_is_chunked_and_reportlab_never_splits_more_than_a_chunk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = ReportContext(ws=small_workshop(), final=False, include_contacts=False, today=TODAY)
    header = [["Head"]]
    assert isinstance(ctx.table(header + [[f"r{n}"] for n in range(LONG_TABLE_ROWS)], [100]), ReportTable)
    assert isinstance(ctx.table(header + [[f"r{n}"] for n in range(LONG_TABLE_ROWS + 1)], [100]), LongTable)

    split_sizes: list[int] = []
    original = report_table.ReportTable.split

    def counting(self: ReportTable, width: float, height: float) -> list:
        split_sizes.append(len(self._cellvalues))
        return original(self, width, height)

    monkeypatch.setattr(report_table.ReportTable, "split", counting)
    build_report_pdf(_long_plan_workshop(1200), today=TODAY, final=False)
    assert len(split_sizes) > 20
    assert max(split_sizes) <= CHUNK_ROWS * 3 // 2 + 1  # never the 1,200 rows left


def test_each_chunk_carries_the_style_commands_of_its_own_rows() -> None:
    body = 3 * CHUNK_ROWS + CHUNK_ROWS // 2 - 5  # the short last chunk joins the one before
    rows: list[list[object]] = [["Head"]] + [[f"r{n}"] for n in range(body)]
    marked = [n for n in range(body) if n % 7 == 0]
    style = [("BACKGROUND", (0, 1 + n), (-1, 1 + n), "#E6F0F8") for n in marked]
    style += [("LINEABOVE", (0, 0), (-1, 0), 2, "#000000"), ("LEFTPADDING", (-1, 0), (-1, -1), 10)]
    table = TableRows(rows, [100], 1, style, "Things")
    assert table.starts == [0, CHUNK_ROWS, 2 * CHUNK_ROWS, body]
    seen = []
    for chunk in range(len(table.starts) - 1):
        for headed in (True, False):
            made = table.chunk_table(chunk, headed)
            head = 1 if headed else 0
            cells = [row[0] for row in made._cellvalues]
            backgrounds = [c for c in made._bkgrndcmds if c[0] == "BACKGROUND" and c[3] == "#E6F0F8"]
            assert all(c[1][1] == c[2][1] for c in backgrounds)
            names = [cells[c[1][1]] for c in backgrounds]
            assert all(int(name[1:]) % 7 == 0 for name in names)
            if headed:
                seen += names
                assert cells[0] == "Head"
                assert ("LINEABOVE", (0, 0), (-1, 0), 2, "#000000") in [c[:5] for c in made._linecmds]
            else:
                assert "Head" not in cells
            # A command over every row (the vote count's padding) is on every row of every chunk.
            assert [row[-1].leftPadding for row in made._cellStyles] == [10] * len(cells)
            assert len(cells) == head + table.starts[chunk + 1] - table.starts[chunk]
    assert seen == [f"r{n}" for n in marked]


def test_tall_rows_cut_across_pages_inside_a_chunk_keep_every_row_and_one_header_per_page() -> None:
    ws = _long_plan_workshop(240)
    for objective in ws.action_plans[0].objectives:
        for step in objective.steps:
            n = int(step.text[3:7])
            if n % 37 == 5:  # an essay pasted into a step: taller than a third of a page, cut in two
                step.text += " " + "a long pasted paragraph " * 160 + f"END{n:04d}"
    data = build_report_pdf(ws, today=TODAY, final=False)
    rows = _row_runs(data)
    assert [n for _, n, _, _ in rows] == list(range(240))
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    for page in sorted({page for page, _, _, _ in rows}):
        assert pages[page].count(HEADER) == 1, page
    text = " ".join(pages)
    assert all(f"END{n:04d}" in text for n in range(240) if n % 37 == 5)
    # Essays were cut: pages start with their second pieces (under the header), the rows around them
    # keep their stripes.
    assert sum("pasted paragraph" in p.split(HEADER)[-1][:40] for p in pages) >= 3
    _assert_stripes_by_place(data)
