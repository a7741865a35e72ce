"""Issue 13, case 6 for the worksheet: limits refused up front, the follows cell read in linear time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercept_mapper.model import InputError
from intercept_mapper.model.limits import MAX_ERRORS, MAX_ITEMS, MAX_SHORT_TEXT
from intercept_mapper.model.worksheet_csv import FOLLOWS_SEPARATOR, _PointTitles, parse_worksheet

HEADER = "intercept,kind,title,follows"


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _errors(data: bytes) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_worksheet(data, "w.csv")
    return [str(p) for p in caught.value.problems]


class _Titles(_PointTitles):
    """The title lookup of the importer over bare titles (no rows needed to split a cell)."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__({})
        self.by_title = {t: [] for t in titles}
        for title in titles:
            if FOLLOWS_SEPARATOR in title:
                self.joined.add(title.split(FOLLOWS_SEPARATOR))


def _old_split(by_title: set[str], text: str) -> list[str]:
    """The importer's former reading of a cell (cubic, but the reference for what it must return)."""
    pieces = text.split(FOLLOWS_SEPARATOR)
    titles, start = [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            candidate = FOLLOWS_SEPARATOR.join(pieces[start:end]).strip()
            if end - start == 1 or candidate in by_title:
                break
        if candidate:
            titles.append(candidate)
        start = end
    return titles


_piece = st.sampled_from(["a", " a", "a ", "b", " b ", "", " ", "c d"])
_title = st.lists(_piece, min_size=1, max_size=4).map(lambda ps: FOLLOWS_SEPARATOR.join(ps).strip())


@settings(max_examples=300, deadline=None)
@given(st.lists(_title, max_size=6), st.lists(_piece, max_size=12))
def test_the_follows_cell_splits_as_before(titles: list[str], pieces: list[str]) -> None:
    titles = [t for t in titles if t]
    text = FOLLOWS_SEPARATOR.join(pieces)
    assert _Titles(titles).split_follows(text) == _old_split(set(titles), text)


def test_a_follows_cell_of_30000_separators_splits_in_well_under_a_second() -> None:
    # 2,000 took 9.4 s and 30,000 did not finish in 300 s before (issue 13).
    lookup = _Titles(["Arrest", "Probation; parole office"])
    started = time.perf_counter()
    assert lookup.split_follows(";" * 30_000) == []
    assert len(lookup.split_follows("Arrest;" * 30_000)) == 30_000
    assert time.perf_counter() - started < 1


def test_a_point_following_2000_points_imports_in_seconds() -> None:
    # 100x the points a real lane holds, all named in one follows cell (within the text limit).
    names = [f"P{n}" for n in range(2_000)]
    rows = [f"1,point,{name}," for name in names]
    rows.append(f"2,point,Court,{';'.join(names)}")
    started = time.perf_counter()
    ws = parse_worksheet(_csv(*rows), "w.csv").workshop
    assert len(ws.flows) == 2_000
    assert time.perf_counter() - started < 10


def test_more_rows_than_the_item_limit_are_refused_before_any_is_read() -> None:
    rows = [f"1,point,P{n}," for n in range(MAX_ITEMS + 1)]
    started = time.perf_counter()
    [message] = _errors(_csv(*rows))
    assert time.perf_counter() - started < 5
    assert f"at most {MAX_ITEMS:,} are allowed" in message


def test_follows_cells_asking_for_more_flows_than_the_limit_are_refused_as_they_are_read() -> None:
    names = [f"P{n}" for n in range(2_000)]
    rows = [f"1,point,{name}," for name in names]
    follows = ";".join(names)
    rows += [f"2,point,C{n},{follows}" for n in range(10)]  # 20,000 flows + 2,010 points
    started = time.perf_counter()
    [message] = _errors(_csv(*rows))
    assert time.perf_counter() - started < 10
    assert "w.csv:" in message and "follows: the map has" in message


@pytest.mark.parametrize(("cell", "words"), [
    ("Arrest \uffff", "U+FFFF"),
    ("x" * (MAX_SHORT_TEXT + 1), f"is {MAX_SHORT_TEXT + 1:,} characters long"),
])
def test_a_title_the_file_could_not_hold_is_refused_at_import(cell: str, words: str) -> None:
    [message] = _errors(_csv(f"1,point,{cell},"))
    assert message.startswith("w.csv:2: title: the title ")
    assert words in message


def test_many_bad_rows_are_summarised_after_the_cap() -> None:
    errors = _errors(_csv(*["9,point,P," for _ in range(500)]))
    assert len(errors) == MAX_ERRORS + 1
    assert errors[-1].endswith(f"... and {500 - MAX_ERRORS:,} more like these, not shown")


def test_participants_the_file_could_not_hold_are_refused_at_import_with_their_line() -> None:
    from intercept_mapper.model.participants_csv import parse_participants

    data = f"name,organisation\nAna,County\nBo \uffff,x\nCy,{'o' * (MAX_SHORT_TEXT + 1)}\n".encode()
    with pytest.raises(InputError) as caught:
        parse_participants(data, "p.csv")
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("p.csv:3: name: the name holds U+FFFF")
    assert messages[1].startswith(f"p.csv:4: organisation: the organisation is {MAX_SHORT_TEXT + 1:,}")
