"""Issue 13, case 5: what ``validate`` accepts works everywhere; what would fail later is refused there."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercept_mapper.model import InputError
from intercept_mapper.model.limits import (
    MAX_COORDINATE,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    MAX_VALUES,
    might_hold_forbidden,
    text_problem,
)
from intercept_mapper.model.simmap_file import check_values, load_workshop, loads_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN_TEXT = (ROOT / "tests" / "data" / "golden-v1.simmap").read_text(encoding="utf-8")
SAMPLE = SAMPLE_WORKSHOP


def _raw() -> dict:
    return json.loads(GOLDEN_TEXT)


def _problems(data: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        loads_workshop(data, "map.simmap")
    return [(p.field, p.message) for p in caught.value.problems]


def test_old_files_still_load() -> None:
    loads_workshop(GOLDEN_TEXT)
    load_workshop(SAMPLE)


@pytest.mark.parametrize(("text", "code"), [
    ("Sign \\ud800 here", "U+D800"),  # a lone surrogate, written as the JSON escape
    ("\\uffff", "U+FFFF"),
    ("Arrest \\ufdd0", "U+FDD0"),
    ("\\udbff\\udfff", "U+10FFFF"),  # a valid pair, but the pair is a non-character
])
def test_unencodable_text_and_non_characters_are_refused_with_the_place(text: str, code: str) -> None:
    raw = _raw()
    raw["points"][0]["title"] = "PLACEHOLDER"
    data = json.dumps(raw).replace("PLACEHOLDER", text)
    [(field, message)] = _problems(data)
    assert field == "points[0].title"
    assert code in message


def test_a_surrogate_in_a_dict_key_is_refused() -> None:
    data = GOLDEN_TEXT.replace('"votes": {', '"votes": {"\\udc00": 1, ', 1)
    [(_, message)] = _problems(data)
    assert message.startswith("a key holds U+DC00")


def test_a_valid_surrogate_pair_escape_is_an_ordinary_character() -> None:
    raw = _raw()
    raw["points"][0]["title"] = "PLACEHOLDER"
    ws = loads_workshop(json.dumps(raw).replace("PLACEHOLDER", "\\ud83d\\udcde crisis line"))
    assert ws.points[0].title == "\U0001f4de crisis line"


def test_a_key_written_twice_is_refused() -> None:
    data = GOLDEN_TEXT.replace('"title": "911 dispatch"', '"title": "911 dispatch", "title": "Other"', 1)
    [(_, message)] = _problems(data)
    assert message == ("the file is damaged (it is not valid JSON): "
                       "the key 'title' appears twice in one object")


@pytest.mark.parametrize(("path", "value", "field"), [
    (("points", 0, "x"), True, "points[0].x"),
    (("flows", 0, "yearly_count"), True, "flows[0].yearly_count"),
    (("flows", 0, "yearly_count"), "120", "flows[0].yearly_count"),
    (("voting", "top_n"), 5.0, "voting.top_n"),
    (("points", 0, "pinned"), 1, "points[0].pinned"),
    (("points", 0, "title"), 7, "points[0].title"),
])
def test_wrong_json_types_are_refused(path: tuple, value: object, field: str) -> None:
    raw = _raw()
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert [f for f, _ in _problems(json.dumps(raw))] == [field]


def test_whole_numbers_are_accepted_as_positions() -> None:
    raw = _raw()
    raw["points"][0]["x"] = 120
    assert loads_workshop(json.dumps(raw)).points[0].x == 120.0


def test_a_self_loop_flow_is_refused() -> None:
    raw = _raw()
    raw["flows"][0]["target"] = raw["flows"][0]["source"]
    [(field, message)] = _problems(json.dumps(raw))
    assert field == "flows[0].target"
    assert "back to itself" in message


# ------------------------------------------------------------------------------------- case 6: limits
# Under mutation testing every line is traced (several times slower): the bound still catches the
# quadratic and worse, not the tracing.
TIME_BOUND = 5.0 * (4 if os.environ.get("MUTANT_UNDER_TEST") else 1)


def _timed_problems(raw: dict) -> list[tuple[str, str]]:
    started = time.perf_counter()
    problems = _problems(json.dumps(raw))
    assert time.perf_counter() - started < TIME_BOUND
    return problems


@pytest.mark.parametrize(("field", "limit"), [
    ("title", MAX_SHORT_TEXT), ("description", MAX_LONG_TEXT), ("organisation", MAX_SHORT_TEXT),
])
def test_text_longer_than_its_limit_is_refused_and_at_the_limit_accepted(field: str, limit: int) -> None:
    raw = _raw()
    raw["points"][0][field] = "x" * limit
    loads_workshop(json.dumps(raw))
    raw["points"][0][field] = "x" * (limit + 1)
    [(where, message)] = _problems(json.dumps(raw))
    assert where == f"points[0].{field}"
    assert f"is {limit + 1:,} characters long; at most {limit:,} are allowed" in message


def test_a_10_mb_title_is_refused_in_well_under_a_second() -> None:
    raw = _raw()
    raw["info"]["title"] = "T" * 10_000_000
    [(where, _)] = _timed_problems(raw)
    assert where == "info.title"


@pytest.mark.parametrize("y", [MAX_COORDINATE + 1, -MAX_COORDINATE - 1, 5e7])
def test_a_position_beyond_the_map_is_refused(y: float) -> None:
    raw = _raw()
    raw["points"][0]["y"] = y
    [(where, message)] = _problems(json.dumps(raw))
    assert where == "points[0].y"
    assert "positions on the map lie between -3,500,000 and 3,500,000" in message


def test_a_count_beyond_any_use_is_refused() -> None:
    raw = _raw()
    raw["flows"][0]["yearly_count"] = 10**30
    [(where, message)] = _problems(json.dumps(raw))
    assert where == "flows[0].yearly_count"
    assert message == "the number is too large (at most 1,000,000,000,000)"


def test_more_items_than_the_limit_are_refused_before_validation() -> None:
    raw = _raw()
    point = raw["points"][0]
    raw["points"] = [dict(point, id=f"pt-{n}") for n in range(MAX_ITEMS + 1)]
    [(_, message)] = _timed_problems(raw)
    assert message.startswith("the map has 20,0")
    assert f"at most {MAX_ITEMS:,} are allowed" in message


def test_more_values_than_the_limit_are_refused() -> None:
    raw = _raw()
    raw["info"]["facilitators"] = ["x"] * (MAX_VALUES + 1)
    [(_, message)] = _timed_problems(raw)
    assert message.startswith(f"the file holds more than {MAX_VALUES:,} values")


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.simmap"
    with open(path, "wb") as file:
        file.truncate(MAX_FILE_BYTES * 4)  # sparse: no disk used
    with pytest.raises(InputError) as caught:
        load_workshop(path)
    assert "larger than 64 MB" in str(caught.value)


def test_the_document_refuses_edits_the_file_could_not_hold() -> None:
    from intercept_mapper.model import DecisionPoint, Document, DocumentError

    ws = loads_workshop(GOLDEN_TEXT)
    doc = Document(ws)
    point = ws.points[0]
    before = (point.title, doc.revision)
    for bad in ({"title": "Arrest \ufffe"}, {"title": "x" * (MAX_SHORT_TEXT + 1)},
                {"description": "d" * (MAX_LONG_TEXT + 1)}):
        with pytest.raises(DocumentError):
            doc.update("points", point.id, **bad)
    assert (point.title, doc.revision) == before
    with pytest.raises(DocumentError, match="title is 1,001 characters long"):
        doc.insert("points", DecisionPoint(id="pt-new", intercept=point.intercept, title="t" * 1001))
    assert doc.get("points", "pt-new") is None
    doc.update("points", point.id, title="t" * MAX_SHORT_TEXT)  # at the limit is fine


_code_points = st.one_of(st.integers(0, 0x10FFFF), st.integers(0xFDC0, 0xFFFF),
                         st.integers(0, 16).map(lambda plane: plane * 0x10000 + 0xFFFE),
                         st.integers(0, 16).map(lambda plane: plane * 0x10000 + 0xFFFF)).map(chr)


@settings(max_examples=500, deadline=None)
@given(st.text(_code_points, max_size=6))
def test_the_quick_byte_search_finds_exactly_what_the_character_check_finds(text: str) -> None:
    found = text_problem(text, 100) is not None
    assert might_hold_forbidden(text) == found
    assert might_hold_forbidden(json.dumps(text)) == found  # written as escapes


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.one_of(st.text(_code_points, max_size=3), st.integers(-10**13, 10**13),
                              st.floats(allow_nan=True), st.booleans(), st.none(),
                              st.just("x" * (MAX_SHORT_TEXT + 1))),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.sampled_from(["title", "description", "k"]),
                                                            inner, max_size=3)), max_leaves=12))
def test_the_quick_pass_and_the_full_walk_agree(raw: object) -> None:
    text = json.dumps(raw)
    assert (check_values(raw, "f", text) == []) == (check_values(raw, "f") == [])


def test_the_document_refuses_to_grow_past_the_item_limit_all_or_nothing(monkeypatch) -> None:
    from intercept_mapper.model import DecisionPoint, Document, DocumentError, limits

    ws = loads_workshop(GOLDEN_TEXT)
    doc = Document(ws)
    monkeypatch.setattr(limits, "MAX_ITEMS", 60)
    present = sum(len(doc.items(name)) for name in ("points", "flows", "findings", "participants", "tables",
                                                    "candidates", "ballots", "action_plans"))
    new = [("points", DecisionPoint(id=f"pt-n{n}", intercept="1", title=f"N{n}")) for n in range(60)]
    with pytest.raises(DocumentError, match="at most 60 are allowed"):
        doc.insert_all(new)
    assert len(doc.items("points")) == len(ws.points) and doc.get("points", "pt-n0") is None
    assert present < 60
