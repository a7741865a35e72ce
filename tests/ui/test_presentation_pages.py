"""Where presentation pages begin in a lane (plain arithmetic, no Qt)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intercept_mapper.ui.window.presentation_pages import OVERLAP_STEP, page_tops


def box(top: float, bottom: float, block_bottom: float | None = None) -> tuple[float, float, float, float]:
    return (top, bottom, top, block_bottom if block_bottom is not None else bottom)


def chip(top: float, bottom: float, block: tuple[float, float, float, float]) -> tuple[float, ...]:
    return (top, bottom, block[2], block[3])


def test_a_lane_that_fits_is_one_page() -> None:
    assert page_tops([box(130, 214), box(250, 334)], page_height=300, lead=5) == [125]
    assert page_tops([], page_height=300, lead=5) == []


def test_a_cut_point_starts_the_next_page_with_its_chips() -> None:
    first = box(130, 214, 300)
    second = box(336, 420, 500)
    spans = [first, chip(218, 256, first), chip(260, 300, first), second, chip(424, 460, second),
             chip(464, 500, second)]
    # 200 units a page: the second block (164 units) is cut on the first page and begins the second.
    assert page_tops(spans, page_height=200, lead=4) == [126, 332]


def test_a_block_taller_than_a_page_breaks_at_the_first_item_cut() -> None:
    block = box(130, 214, 420)
    spans = [block, chip(218, 256, block), chip(260, 300, block), chip(304, 340, block),
             chip(344, 380, block), chip(384, 420, block)]
    assert page_tops(spans, page_height=150, lead=4) == [126, 256, 380]


def test_an_item_taller_than_a_page_is_stepped_through_with_overlap() -> None:
    tops = page_tops([box(100, 600)], page_height=200, lead=0)
    assert tops[:3] == [100, 100 + 200 * OVERLAP_STEP, 100 + 400 * OVERLAP_STEP]
    assert tops[-1] + 200 >= 600 and all(b > a for a, b in zip(tops, tops[1:], strict=False))


@st.composite
def lanes(draw: st.DrawFn) -> list[tuple[float, float, float, float]]:
    """A lane as the scene lays it out: blocks of a box and its chips, loose chips, gaps between."""
    spans = []
    y = 130.0
    for _ in range(draw(st.integers(0, 12))):
        top = y
        items = [(top, top + draw(st.sampled_from([84.0, 120.0, 178.0])))]
        for _ in range(draw(st.integers(0, 5))):
            start = items[-1][1] + 4
            items.append((start, start + draw(st.sampled_from([34.0, 48.0, 90.0]))))
        bottom = items[-1][1]
        spans += [(a, b, top, bottom) for a, b in items]
        y = bottom + 36
    return spans


@given(lanes(), st.floats(120, 400), st.floats(0, 10))
def test_every_item_is_whole_on_some_page_and_pages_go_down(spans, page_height, lead) -> None:
    tops = page_tops(spans, page_height, lead)
    assert bool(tops) == bool(spans)
    assert all(b > a for a, b in zip(tops, tops[1:], strict=False))  # always down: PageDown ends
    for top, bottom, _, _ in spans:
        if bottom - top + lead <= page_height:  # taller items are stepped through instead
            assert any(t <= top and bottom <= t + page_height + 0.5 for t in tops), (top, bottom, tops)
        else:
            assert any(t <= top + page_height for t in tops) and tops[-1] + page_height >= bottom - 0.5
