"""The report's shortcuts (branch pdf25) print exactly what the plain computations they replace print.

Each shortcut is checked twice: on its own against the plain computation (equal floats on the maps
here), and through a whole report, whose pages (text and drawing operators, map pages included) must
be byte for byte the same as those of the report built with the plain computation put back.
"""

from __future__ import annotations

import gc
import io
import random
from datetime import date

import pypdf
import pytest

from intercept_mapper.export import (
    map_drawing,
    map_layout,
    map_style,
    pdf_text,
    report_map,
    report_pages,
    report_plans,
    report_table,
)
from intercept_mapper.export.map_drawing import FOLD, View
from intercept_mapper.export.map_layout import build_layout
from intercept_mapper.export.map_pages import plan_map_pages
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.export.report_table import ReportTable
from tests.export.report_helpers import big_workshop

TODAY = date(2026, 6, 1)
ITEMS = 600  # a map of intercept pages cut in parts, with folds, long tables and a split votes table


def plain_squeeze(view: View, y: float) -> float:
    """``View.squeeze`` as it was: every fold above ``y`` folded afresh, in order."""
    if not view.folds:
        return y
    out = y
    for top, bottom in view.folds:
        if y <= top:
            break
        out -= (min(y, bottom) - top) * (1 - FOLD / (bottom - top))
    return out


def plain_calc(table: ReportTable, availWidth: float, availHeight: float) -> None:  # noqa: N803
    """``ReportTable._calc`` as it was: measured again for every new width and height."""
    if getattr(table, "_measured_for", None) != (availWidth, availHeight):
        super(ReportTable, table)._calc(availWidth, availHeight)
        table._measured_for = (availWidth, availHeight)


def plain_text_width(text: str, font: str, size: float) -> float:
    """``text_width`` as it was: every text cut into font runs first."""
    return sum(pdf_text.stringWidth(run, name, size) for run, name in pdf_text.font_runs(text, font))


@pytest.fixture(scope="module")
def folded_views() -> list[View]:
    layout = build_layout(big_workshop(ITEMS))
    plan = plan_map_pages(layout, 720.0, 500.0)
    views = [p.view for p in plan.pages if p.view.folds]
    assert len(views) >= 5 and max(len(v.folds) for v in views) >= 10  # folds worth the shortcut
    return views


def test_squeeze_matches_folding_afresh(folded_views: list[View]) -> None:
    # Equal floats on this map. Subtracting a sum of cuts instead of each cut in turn may differ in the
    # last bit on another map, some 1e-13 of a point: a PDF prints 7 significant digits.
    rng = random.Random(18)
    for view in folded_views:
        edges = [y for fold in view.folds for y in fold]
        ys = [*edges, *(y + d for y in edges for d in (-1e-9, 1e-9, -0.5, 0.5)),
              *(rng.uniform(view.top_edge - 50, view.bottom_edge + 50) for _ in range(300)),
              view.folds[0][0] - 100, view.folds[-1][1] + 100]
        for y in ys:
            assert view.squeeze(y) == plain_squeeze(view, y), (view, y)


def _pages(data: bytes) -> list[tuple[bytes, str]]:
    """Each page's decoded content stream (every drawing operator) and its extracted text."""
    return [(page.get_contents().get_data(), page.extract_text())
            for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_report_prints_the_same_as_with_the_plain_computations(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = big_workshop(ITEMS)
    fast = _pages(build_report_pdf(ws, today=TODAY))
    monkeypatch.setattr(map_drawing.View, "squeeze", plain_squeeze)
    monkeypatch.setattr(report_table.ReportTable, "_calc", plain_calc)
    for module in (pdf_text, map_drawing, map_layout, map_style, report_map, report_pages, report_plans):
        monkeypatch.setattr(module, "text_width", plain_text_width)
    plain = _pages(build_report_pdf(ws, today=TODAY))
    assert len(fast) == len(plain) > 20
    for n, (a, b) in enumerate(zip(fast, plain, strict=True)):
        assert a[1] == b[1], f"page {n + 1}: text differs"
        assert a[0] == b[0], f"page {n + 1}: drawing operators differ"


class _Cancelled(Exception):
    pass


def test_the_collector_waits_while_the_report_is_built_and_is_as_it_was_after() -> None:
    ws = big_workshop(60)
    on_during: list[bool] = []
    assert gc.isenabled()
    build_report_pdf(ws, today=TODAY, progress=lambda _: on_during.append(gc.isenabled()))
    # Paused from the story (progress 0.1 on; 0.0 is reported before) until the file is written.
    assert len(on_during) > 2 and not any(on_during[1:])
    assert gc.isenabled()

    def cancel(done: float) -> None:
        if done > 0.2:
            raise _Cancelled

    with pytest.raises(_Cancelled):
        build_report_pdf(ws, today=TODAY, progress=cancel)
    assert gc.isenabled()  # a cancelled build leaves the collector on
    gc.disable()  # the app's start-up pause: a report made then leaves it paused
    try:
        build_report_pdf(ws, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
