"""The limits' own helpers: where each bound lies, and the quick search for code points no file may hold."""

from __future__ import annotations

import pytest

from intercept_mapper.model.limits import (
    MAX_COORDINATE,
    MAX_COUNT,
    MAX_ITEMS,
    coordinate_problem,
    might_hold_forbidden,
    number_problem,
    storable,
    text_problem,
    too_many_items,
)


def test_a_position_or_count_at_its_bound_is_allowed_and_past_it_refused() -> None:
    assert coordinate_problem(MAX_COORDINATE) is None and coordinate_problem(-MAX_COORDINATE) is None
    assert coordinate_problem(MAX_COORDINATE + 0.5) == (
        "is 3500000.5; positions on the map lie between -3,500,000 and 3,500,000")
    assert number_problem(MAX_COUNT) is None and number_problem(-MAX_COUNT) is None
    assert number_problem(MAX_COUNT + 1) == "is too large (at most 1,000,000,000,000)"


@pytest.mark.parametrize(("text", "forbidden"), [
    ("\ud800", True),  # a lone surrogate in the text itself (text given as a str, not read from bytes)
    ("\U00017ffe", False),  # F0 97 BF BE: BF then BE, but a character like any other
    ("\U0001fffe", True),  # F0 9F BF BE: a non-character
    ('"\\ud83f\\udc00"', False),  # an escaped pair whose high half ends in 3F: U+1FC00, a character
    ('"\\ud83f\\udffe"', True),  # the escaped pair of U+1FFFE
])
def test_the_quick_search_tells_forbidden_code_points_from_neighbours(text: str, forbidden: bool) -> None:
    assert might_hold_forbidden(text) is forbidden


def test_storable_drops_what_no_file_may_hold_and_then_cuts() -> None:
    assert storable("a\ud800b\ufdd0cd", 3) == "abc"


def test_text_problems_say_what_is_wrong_and_where() -> None:
    assert text_problem("abc", 3) is None
    assert text_problem("abcd", 3) == "is 4 characters long; at most 3 are allowed"
    assert text_problem("ab\ud800", 10) == (
        "holds U+D800 at character 3: half of a surrogate pair, which no text encoding can store")
    assert text_problem("\ufdd0", 10) == (
        "holds U+FDD0 at character 1: a Unicode non-character, which text files may not hold")


def test_a_map_of_exactly_the_item_limit_is_allowed() -> None:
    assert too_many_items(MAX_ITEMS) is None
    assert too_many_items(MAX_ITEMS + 1) == (
        "the map has 20,001 items; at most 20,000 are allowed (see Limits in the README)")


def test_a_map_at_the_item_limit_laid_out_in_one_lane_stays_within_the_positions_a_file_may_hold() -> None:
    # Seen: with the room under each box (GROWTH_ROOM), 19,990 boxes in one lane were laid out down to
    # y = 3,238,348: the app saved the file and then refused to open it (positions ended at 2,500,000).
    from intercept_mapper.model import DecisionPoint, new_workshop
    from intercept_mapper.model.auto_layout import apply_layout
    from intercept_mapper.model.map_geometry import GROWTH_ROOM, ROW_GAP, first_row_y, point_block_height

    step = point_block_height(0) + ROW_GAP + GROWTH_ROOM  # one box without chips and what keeps it apart
    ws = new_workshop("samhsa", "One long lane")
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title=f"P{n}") for n in range(2_000)]
    apply_layout(ws)
    assert max(p.y for p in ws.points) == first_row_y() + 1_999 * step  # the sum below is the layout's
    lowest_at_the_limit = first_row_y() + (MAX_ITEMS - 1) * step + point_block_height(0)
    assert lowest_at_the_limit <= MAX_COORDINATE
    assert coordinate_problem(first_row_y() + (MAX_ITEMS - 1) * step) is None
