"""Where presentation pages begin in a lane (plain arithmetic, no Qt)."""

from __future__ import annotations

from intercept_mapper.ui.presentation_pages import OVERLAP_STEP, page_tops


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
