"""Where the pages of one presentation step begin: a lane taller than the screen is shown page by page.

Plain arithmetic on the vertical extents of a lane's boxes and chips (Qt-free, tested without a window).
A page never shows an item only in part without showing it whole on the next page, and a decision point
that fits one page with its resources and gaps is shown with them, from its box down.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[float, float, float, float]  # an item's top and bottom, then its block's (box and chips)

OVERLAP_STEP = 0.85  # something taller than a page is shown a page at a time, overlapping the page before


def page_tops(spans: Sequence[Span], page_height: float, lead: float) -> list[float]:
    """The scene y at the top of each page of a lane whose items occupy ``spans``.

    The first page begins ``lead`` above the highest item; each next page begins ``lead`` above the
    first item the page before cut off, or above the top of that item's block when the whole block fits
    one page. No items: no pages.
    """
    if not spans or page_height <= 0:
        return []
    ordered = sorted(spans)
    top = ordered[0][0] - lead
    tops = [top]
    while True:
        limit = top + page_height
        cut = next((s for s in ordered if s[1] > limit + 0.5), None)
        if cut is None:
            return tops
        item_top, _, block_top, block_bottom = cut
        start = block_top if block_bottom - block_top + lead <= page_height else item_top
        nxt = start - lead
        if nxt <= top + 1.0:  # an item taller than a page: step down a page, with overlap
            nxt = top + page_height * OVERLAP_STEP
        tops.append(nxt)
        top = nxt
