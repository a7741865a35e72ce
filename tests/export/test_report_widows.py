"""No page of the report starts with a lone line: a paragraph's last line never goes over alone (a
widow), and the introduction's closing sentence never stands alone on the page before the map.

Read from the PDF itself (pypdf's text runs): the body text is 10 pt on a 14 pt leading, so a line at
the top of a page with no text within one leading below it stands alone.
"""

from __future__ import annotations

from functools import cache

import pytest
from pdf_runs import text_runs
from report_helpers import sample, small_workshop

from intercept_mapper.export.report_pdf import build_report_pdf

BODY_PT = 10.0
LEADING_PT = 14.0
BODY_TOP, BODY_BOTTOM = 730, 60  # between the running header (y 744) and footer (y 40)
MARK = "Paragraph"  # the first word of every paragraph of the made-up background


def lone_top_lines(data: bytes) -> list[tuple[int, str]]:
    """(page number, text) of each page whose topmost line of text is body text standing alone."""
    found = []
    for number, runs in enumerate(text_runs(data), start=1):
        lines: dict[int, list] = {}
        for run in runs:  # the DRAFT watermark (110 pt) and header and footer left out
            if BODY_BOTTOM < run.y < BODY_TOP and run.size < 30:
                lines.setdefault(round(run.y), []).append(run)
        if not lines:
            continue
        ys = sorted(lines, reverse=True)
        top = sorted(lines[ys[0]], key=lambda r: r.x)
        alone = len(ys) == 1 or ys[0] - ys[1] > LEADING_PT + 1
        if alone and all(round(r.size, 1) == BODY_PT for r in top):
            found.append((number, " ".join(r.text for r in top)))
    return found


def top_lines(data: bytes) -> list[str]:
    """The topmost body line of every page that has one."""
    out = []
    for runs in text_runs(data):
        body = [r for r in runs if BODY_BOTTOM < r.y < BODY_TOP and round(r.size, 1) == BODY_PT]
        if body:
            y = max(r.y for r in body)
            out.append(" ".join(r.text for r in sorted(body, key=lambda r: r.x) if r.y == y))
    return out


def test_the_samples_introduction_ends_without_a_lone_line() -> None:
    data = build_report_pdf(sample())
    assert lone_top_lines(data) == []
    # (The line that stood alone at the top of page 4 goes over with the paragraph before it.)
    assert "The map holds" in " ".join(top_lines(data))


@cache
def _report_with_background(filler_lines: int) -> bytes:
    """A report whose background is ``filler_lines`` of filler, then paragraphs of three and four lines:
    from one value to the next the page break falls one line further into them."""
    ws = small_workshop()
    filler = " ".join(["filler words to take up one more line of the page"] * 2 * filler_lines)
    sizes = [3, 4] * 8
    paragraphs = [f"{MARK} {n}: " + " ".join(["each of these words is body text"] * 5 * lines)
                  for n, lines in enumerate(sizes)]
    ws.info.background = "\n\n".join(([filler] if filler else []) + paragraphs)
    return build_report_pdf(ws)


@pytest.mark.parametrize("filler_lines", range(8))
def test_no_paragraph_leaves_its_last_line_alone_on_the_next_page(filler_lines: int) -> None:
    data = _report_with_background(filler_lines)
    assert lone_top_lines(data) == []


def test_the_made_up_backgrounds_do_split_paragraphs_across_pages() -> None:
    """(So that the test above has widows to prevent: some pages start inside a paragraph.)"""
    continued = [line for n in range(8) for line in top_lines(_report_with_background(n))
                 if not line.startswith(MARK) and "filler" not in line and "each of these" in line]
    assert continued
