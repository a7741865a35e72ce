"""The .simmap file: what it looks like, round trips, and a clear InputError for every kind of damage."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model import (
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    InputError,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.simmap_file import (
    MAX_PROBLEMS,
    dumps_workshop,
    load_workshop,
    loads_workshop,
    save_workshop,
)
from tests.model.strategies import HOSTILE, workshops

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-v2.simmap"
GOLDEN_TEXT = GOLDEN.read_text(encoding="utf-8")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _error(data: bytes | str, source: str = "map.simmap") -> InputError:
    with pytest.raises(InputError) as caught:
        loads_workshop(data, source)
    error = caught.value
    assert error.problems and all(p.file == source for p in error.problems)
    assert all(line.startswith(f"error: {source}") for line in error.lines())
    return error


def _raw() -> dict:
    return json.loads(GOLDEN_TEXT)


# ----------------------------------------------------------------------------- the text written
def test_dumps_is_indented_ordered_unescaped_and_ends_with_a_newline() -> None:
    ws = new_workshop(title="Crisis & <Care> \u5371\u673a \U0001f4de")
    text = dumps_workshop(ws)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "format": "intercept-mapper",\n  "schema_version": 2,\n  "info": {\n    "title"' in text
    assert '"title": "Crisis & <Care> \u5371\u673a \U0001f4de"' in text  # no \\u escapes: diffable
    assert list(json.loads(text)) == list(Workshop.model_fields)  # fields in model order


def test_dict_keys_are_sorted_whatever_order_they_were_set_in() -> None:
    ws = new_workshop()
    ws.voting.tables = [VotingTable(id=t, name=t) for t in ("tb-m", "tb-z", "tb-a")]
    votes = {"tb-z": 1, "tb-a": 2, "tb-m": 3}
    ws.voting.candidates.append(Candidate(id="cd-1", title="Housing", votes=votes))
    text = dumps_workshop(ws)
    tally = text[text.index('"votes": {'):]
    assert tally.index('"tb-a": 2') < tally.index('"tb-m": 3') < tally.index('"tb-z": 1')
    assert [t.id for t in loads_workshop(text).voting.tables] == ["tb-m", "tb-z", "tb-a"]  # lists keep order
    assert dumps_workshop(loads_workshop(text)) == text


def test_same_workshop_gives_the_same_bytes() -> None:
    assert dumps_workshop(loads_workshop(GOLDEN_TEXT)) == dumps_workshop(loads_workshop(GOLDEN_TEXT))


def test_a_position_that_is_not_a_number_is_saved_as_zero_rather_than_losing_the_save() -> None:
    ws = new_workshop()
    ws.points.append(DecisionPoint(id="pt-1", intercept="1", title="Patrol", x=float("nan"), y=5.0))
    back = loads_workshop(dumps_workshop(ws))
    assert (back.points[0].x, back.points[0].y) == (0.0, 5.0)


@FAST
@given(workshops())
def test_any_valid_workshop_saves_and_loads_equal(ws: Workshop) -> None:
    text = dumps_workshop(ws)
    back = loads_workshop(text.encode("utf-8"), "round.simmap")
    assert back == ws
    assert dumps_workshop(back) == text


def test_hostile_text_survives_save_and_load(tmp_path: Path) -> None:
    ws = new_workshop()
    for n, text in enumerate(HOSTILE):
        ws.findings.append(Finding(id=f"fd-{n}", kind="gap", intercept="X", title=text or "t",
                                   description=text, organisation=text, theme=text))
    path = tmp_path / "hostile.simmap"
    save_workshop(ws, path)
    assert load_workshop(path) == ws


def test_a_lone_surrogate_escape_is_refused_with_its_place() -> None:
    # Issue 13: such a file validated, then the PDF, plan and roster failed on it ("unexpected failure").
    text = GOLDEN_TEXT.replace('"text": "Sign"', '"text": "Sign \\udfff"')
    [problem] = _error(text).problems
    assert problem.field == "action_plans[0].objectives[0].steps[1].text"
    assert problem.line is not None
    assert "U+DFFF at character 6: half of a surrogate pair" in problem.message


# ----------------------------------------------------------------------------- reading
def test_load_from_a_path_and_from_str_and_bytes() -> None:
    from_path = load_workshop(GOLDEN)
    assert loads_workshop(GOLDEN_TEXT) == from_path == loads_workshop(GOLDEN.read_bytes())


def test_a_utf8_bom_is_accepted() -> None:
    expected = loads_workshop(GOLDEN_TEXT)
    assert loads_workshop(b"\xef\xbb\xbf" + GOLDEN_TEXT.encode("utf-8")) == expected
    assert loads_workshop("\ufeff" + GOLDEN_TEXT) == expected


def test_windows_line_endings_are_accepted() -> None:
    assert loads_workshop(GOLDEN_TEXT.replace("\n", "\r\n")) == loads_workshop(GOLDEN_TEXT)


def test_missing_file_and_folder_give_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_workshop(tmp_path / "nope.simmap")
    assert caught.value.lines() == [f"error: {tmp_path / 'nope.simmap'}: no such file"]
    with pytest.raises(InputError, match="is a folder"):
        load_workshop(tmp_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
         "this is not an Intercept Mapper file (it is not UTF-8 text: byte 0"),
        (b"PK\x03\x04\x14\x00\x08\x00\x08\x00\xff", "it is not UTF-8 text: byte 10 cannot be read"),
        (b"hello world",
         "this is not an Intercept Mapper file (it is not JSON text): Expecting value at line 1, column 1"),
        (b"[1, 2, 3]", "this is not an Intercept Mapper file (it holds a JSON list, not an object)"),
        (b'"just a string"', "(it holds a JSON string, not an object)"),
        (b"null", "(it holds a JSON null, not an object)"),
        (b"42", "(it holds a JSON number, not an object)"),
        (b'{"title": "x"}',
         'this is not an Intercept Mapper file (it has no "format": "intercept-mapper" marker)'),
        (b'{"format": "drawio", "schema_version": 1}',
         "this is not an Intercept Mapper file (its format marker is 'drawio', not 'intercept-mapper')"),
        (b'{"format": ["intercept-mapper"]}', "its format marker is a list"),
        (b'{"format": "intercept-mapper"}',
         "schema_version: is missing, so the version of this file is unknown"),
        (b'{"format": "intercept-mapper", "schema_version": "one"}',
         "schema_version: must be a whole number, not 'one'"),
        (b'{"format": "intercept-mapper", "schema_version": 7}',
         "this file was written by a newer Intercept Mapper (file schema version 7; this version reads up "
         "to 2): update Intercept Mapper to open it"),
        (b'{"format": "intercept-mapper", "schema_version": 1, "x": NaN}', "NaN is not a number JSON allows"),
        (b'{"format": "intercept-mapper", "schema_version": 1, "x": -Infinity}', "-Infinity is not a number"),
        (b'{"format": "intercept-mapper", "schema_version": 1' + b"9" * 5000 + b"}", "a number is too long"),
    ],
)
def test_damaged_files_give_one_clear_problem(data: bytes, message: str) -> None:
    error = _error(data)
    assert len(error.problems) == 1
    assert message in str(error.problems[0])


def test_truncated_file_names_line_and_column() -> None:
    cut = GOLDEN_TEXT[: GOLDEN_TEXT.index('"flows"') + 20]
    error = _error(cut.encode("utf-8"))
    problem = error.problems[0]
    line = cut.count("\n") + 1
    assert problem.line == line
    assert problem.message.startswith("the file ends too early (it is truncated or damaged)")
    assert f"at line {line}, column" in problem.message
    assert error.lines()[0].startswith(f"error: map.simmap:{line}: the file ends too early")


def test_a_syntax_error_in_the_middle_names_its_line() -> None:
    lines = GOLDEN_TEXT.splitlines(keepends=True)
    lines[9] = lines[9].rstrip().rstrip(",") + "\n"  # drop a comma on line 10
    error = _error("".join(lines))
    assert error.problems[0].line == 11
    assert error.problems[0].message.startswith("the file is damaged (it is not valid JSON): Expecting ','")


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_absurdly_deep_nesting_is_a_clean_error(depth: int) -> None:
    error = _error(b"[" * depth + b"]" * depth)
    assert "nested too deeply" in error.problems[0].message
    head = b'{"format": "intercept-mapper", "schema_version": 1, "scheme": '
    inside = head + b'{"a":' * depth + b"1" + b"}" * depth
    assert "nested too deeply" in _error(inside + b"}").problems[0].message


def test_field_errors_are_listed_with_their_paths() -> None:
    raw = _raw()
    raw["points"][1]["title"] = 5
    raw["flows"][0]["yearly_count"] = -3
    raw["findings"][0]["kind"] = "problem"
    del raw["participants"][1]["name"]
    raw["action_plans"][0]["objectives"][0]["steps"][1]["when"] = "next Tuesday"
    raw["info"]["colour"] = "blue"
    error = _error(json.dumps(raw))
    got = [(p.field, p.message) for p in error.problems]
    assert got == [
        ("info.colour", "is not part of the Intercept Mapper file format (a typing mistake?)"),
        ("points[1].title", "input should be a valid string (found 5)"),
        ("flows[0].yearly_count", "input should be greater than or equal to 0 (found -3)"),
        ("findings[0].kind", "input should be 'resource' or 'gap' (found 'problem')"),
        ("participants[1].name", "is missing"),
        ("action_plans[0].objectives[0].steps[1].when",
         "input should be a valid date in the format YYYY-MM-DD, invalid character in year "
         "(found 'next Tuesday')"),
    ]
    assert error.lines()[1] == (
        "error: map.simmap:1: points[1].title: input should be a valid string (found 5)")


def test_field_problems_name_the_line_of_the_field_in_the_file() -> None:
    raw = _raw()
    raw["points"][1]["title"] = 5
    del raw["participants"][1]["name"]
    raw["info"]["colour"] = "blue"
    text = json.dumps(raw, indent=2, ensure_ascii=False)
    lines = text.splitlines()
    where = {p.field: lines[p.line - 1].strip() for p in _error(text).problems}
    assert where == {
        "info.colour": '"colour": "blue"',
        "points[1].title": '"title": 5,',
        "participants[1].name": "{",  # missing: the line where that participant starts
    }
    assert lines[_error(text).problems[2].line] == '      "id": "pp-peer",'


def test_broken_references_name_their_lines() -> None:
    text = GOLDEN_TEXT.replace('"target": "pt-booking"', '"target": "pt-9"')
    line = GOLDEN_TEXT.splitlines().index('      "target": "pt-booking",') + 1
    assert _error(text).lines() == [
        f"error: map.simmap:{line}: flows[0].target: flow fl-1 from '911 dispatch' goes to a decision point "
        "that does not exist (pt-9)"
    ]


def test_huge_or_nested_bad_values_are_summarised_not_printed() -> None:
    raw = _raw()
    raw["points"][0]["title"] = {"nested": [[["deep"]]]}
    raw["points"][1]["title"] = ["x" * 900]
    messages = [p.message for p in _error(json.dumps(raw)).problems]
    assert messages == ["input should be a valid string (found a dict)",
                        "input should be a valid string (found a list)"]


def test_many_problems_are_capped() -> None:
    raw = _raw()
    raw["points"] = [{"id": f"pt-{n}"} for n in range(200)]
    error = _error(json.dumps(raw))
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert error.problems[-1].message.startswith("... and ")


def test_broken_references_refuse_the_file_listing_each() -> None:
    raw = _raw()
    raw["flows"][0]["target"] = "pt-9"
    raw["findings"][0]["point_id"] = "pt-8"
    error = _error(json.dumps(raw))
    assert error.lines() == [
        "error: map.simmap:1: flows[0].target: flow fl-1 from '911 dispatch' goes to a decision point that "
        "does not exist (pt-9)",
        "error: map.simmap:1: findings[0].point_id: resource fd-res 'CIT training for 60% of patrol 🚓' "
        "concerns a decision point that does not exist (pt-8)",
    ]
    # A repair tool can still open it.
    ws = loads_workshop(json.dumps(raw), check_references=False)
    assert ws.flows[0].target == "pt-9"


def test_a_position_of_1e999_is_refused_as_unusable() -> None:
    text = GOLDEN_TEXT.replace('"x": 120.5', '"x": 1e999')
    [problem] = _error(text).problems
    assert (problem.field, problem.message) == ("points[0].x", "the number is inf, not a finite number")


# ----------------------------------------------------------------------------- fuzzing
@FAST
@given(st.binary(max_size=300))
def test_any_bytes_give_a_workshop_or_an_input_error(data: bytes) -> None:
    try:
        assert isinstance(loads_workshop(data, "fuzz.simmap"), Workshop)
    except InputError as error:
        assert error.problems and error.lines()[0].startswith("error: fuzz.simmap")


_SMALL = dumps_workshop(loads_workshop(GOLDEN_TEXT))
_PIECES = ['"', "{", "}", "[", "]", ",", ":", "null", "true", "-1", "1e999", "\\", "\\u12", "\x00", "\ud800",
           '"X"', '"pt-9"', "2", "[]", "{}", '"format"', "\ufeff", "😀"]


@FAST
@given(st.data())
def test_mutated_valid_files_give_a_workshop_or_an_input_error(data: st.DataObject) -> None:
    text = _SMALL
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        start = data.draw(st.integers(min_value=0, max_value=len(text)))
        end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
        insert = data.draw(st.one_of(st.just(""), st.sampled_from(_PIECES), st.text(max_size=5)))
        text = text[:start] + insert + text[end:]
    try:
        ws = loads_workshop(text.encode("utf-8", "surrogatepass"), "fuzz.simmap")
    except InputError as error:
        assert error.lines()[0].startswith("error: fuzz.simmap")
    else:
        assert loads_workshop(dumps_workshop(ws)) == ws  # whatever loads also saves and reloads


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found += _paths(item, (*path, n))
    return found


_GOLDEN_PATHS = _paths(json.loads(GOLDEN_TEXT))[1:]
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False) | st.sampled_from(
        ["", "pt-9", "pt-dispatch", "X", "7", "gap", "2024-02-30", "fd-res", "tb-system", "st-sign"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "title", "x"]), inner,
                                                                max_size=3),
    max_leaves=6,
)


@FAST
@given(st.data())
def test_files_with_wrong_values_anywhere_give_a_workshop_or_located_problems(data: st.DataObject) -> None:
    raw = _raw()
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        *parents, last = data.draw(st.sampled_from(_GOLDEN_PATHS))
        node = raw
        try:
            for part in parents:
                node = node[part]
            if data.draw(st.booleans()) and isinstance(node, dict):
                del node[last]
            else:
                node[last] = data.draw(_JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place
    text = json.dumps(raw, indent=2, ensure_ascii=False)
    try:
        ws = loads_workshop(text, "fuzz.simmap")
    except InputError as error:
        n_lines = text.count("\n") + 1
        for problem in error.problems:
            assert problem.line is None or 1 <= problem.line <= n_lines
    else:
        assert loads_workshop(dumps_workshop(ws)) == ws


# ----------------------------------------------------------------------------- speed
def _big_workshop(items: int) -> Workshop:
    ws = new_workshop(title="Big")
    n_points = items // 5
    for n in range(n_points):
        ws.points.append(DecisionPoint(id=f"pt-{n}", intercept=str(n % 6), title=f"Point {n}",
                                       description="A decision point " * 5, x=n * 1.5, y=n % 40))
    for n in range(n_points):
        ws.flows.append(Flow(id=f"fl-{n}", source=f"pt-{n}", target=f"pt-{(n + 1) % n_points}",
                             yearly_count=n))
    for n in range(items - 2 * n_points):
        ws.findings.append(Finding(id=f"fd-{n}", kind="gap" if n % 2 else "resource", intercept=str(n % 6),
                                   title=f"Finding {n} & more", description="text " * 20,
                                   point_id=f"pt-{n % n_points}", theme="housing"))
    return ws


def test_a_5000_item_file_opens_well_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "big.simmap"
    save_workshop(_big_workshop(5000), path)
    start = time.perf_counter()
    ws = load_workshop(path)
    elapsed = time.perf_counter() - start
    assert len(ws.points) + len(ws.flows) + len(ws.findings) == 5000
    assert elapsed < 0.5, f"opening 5,000 items took {elapsed:.2f} s"


@pytest.mark.parametrize(("data", "kind"), [(b"true", "true/false value"), (b"1.5", "number")])
def test_a_lone_json_value_is_named_by_its_kind(data: bytes, kind: str) -> None:
    assert _error(data).problems[0].message == (
        f"this is not an Intercept Mapper file (it holds a JSON {kind}, not an object)")


@pytest.mark.parametrize(("broken", "listed"), [(50, 50), (51, 51), (53, 51)])
def test_at_most_50_problems_are_listed_and_the_rest_counted(broken: int, listed: int) -> None:
    raw = json.loads(GOLDEN_TEXT)
    raw["flows"] += [{"id": f"fl-broken-{n}", "source": "pt-dispatch", "target": "pt-gone"}
                     for n in range(broken)]
    problems = _error(json.dumps(raw)).problems
    assert len(problems) == listed
    assert all(p.message.startswith("flow fl-broken-") for p in problems[:50])
    if broken > 50:
        assert problems[-1].message == f"... and {broken - 50} more problems"


# ----------------------------------------------------------------------------- the quick pass and the counts
# Every file opened first takes a quick pass (`_sizes_fit`) that builds no paths; only when it says "may not
# fit" does the full walk (`check_values`) name the places. It must never say "fits" for what the walk
# refuses (the file would open with an over-long text), and must say "fits" for a sound file at each limit
# (or every large sound file pays the full walk).
_SHORT, _LONG, _BIG = 1_000, 20_000, 10**12


@pytest.mark.parametrize("raw", [
    {"k" * _SHORT: 1},
    {"title": "t" * _SHORT, "notes": "n" * _LONG, "description": "d" * (_SHORT + 1)},
    {"aliases": ["a" * _SHORT], "notes": ["n" * _LONG]},
    {"n": _BIG, "m": -_BIG, "f": float(_BIG), "list": [_BIG, -_BIG, float(-_BIG)], "b": True},
    [{"title": "t" * _SHORT}, [["x" * _SHORT]]],
    {"x": {"y": [{"notes": "n" * _LONG}]}},
    {},
], ids=["key", "texts", "lists of texts", "numbers", "nested in a list", "nested in a dict", "empty"])
def test_the_quick_pass_lets_a_sound_file_at_every_limit_through(raw: object) -> None:
    from intercept_mapper.model.simmap_file import _sizes_fit, check_values
    assert check_values(raw) == []
    assert _sizes_fit(raw) is True


@pytest.mark.parametrize("raw", [
    {"k" * (_SHORT + 1): 1},
    {"ok": 1, "k" * (_SHORT + 1): 1},
    {"title": "t" * (_SHORT + 1)},
    {"notes": "n" * (_LONG + 1)},
    {"aliases": ["a" * (_SHORT + 1)]},
    {"notes": ["n" * (_LONG + 1)]},
    {"n": _BIG + 1}, {"n": -_BIG - 1}, {"f": float(_BIG) * 2}, {"f": -float(_BIG) * 2},
    {"list": [_BIG + 1]}, {"list": [-_BIG - 1]}, {"list": [float(_BIG) * 2]}, {"list": [-float(_BIG) * 2]},
    [{"title": "t" * (_SHORT + 1)}],
    {"x": [{"title": "t" * (_SHORT + 1)}]},
    {"x": {"y": {"title": "t" * (_SHORT + 1)}}},
    {"x": [["t" * (_SHORT + 1)]]},
    {"x": [[_BIG + 1]]},
], ids=lambda raw: repr(raw)[:30])
def test_the_quick_pass_never_lets_through_what_the_full_walk_refuses(raw: object) -> None:
    from intercept_mapper.model.simmap_file import _sizes_fit, check_values
    assert check_values(raw) != []
    assert _sizes_fit(raw) is False


def test_the_quick_pass_counts_every_value_and_leaves_lone_values_to_the_walk() -> None:
    from intercept_mapper.model.limits import MAX_VALUES
    from intercept_mapper.model.simmap_file import _sizes_fit
    assert _sizes_fit([0] * MAX_VALUES) is True
    assert _sizes_fit([0] * (MAX_VALUES + 1)) is False
    assert _sizes_fit({"a": [0] * (MAX_VALUES - 1)}) is True
    assert _sizes_fit({"a": [0] * MAX_VALUES}) is False  # the key "a" is a value too
    assert _sizes_fit({str(n): 0 for n in range(MAX_VALUES + 1)}) is False
    assert _sizes_fit("text") is False and _sizes_fit(3) is False


def test_the_quick_pass_adds_up_values_spread_over_many_small_dicts() -> None:
    """No one dict is big, but the file holds over a million values: the quick pass must add up the whole
    file (one that counted each dict afresh would let it skip the full walk)."""
    from intercept_mapper.model.limits import MAX_VALUES
    from intercept_mapper.model.simmap_file import _sizes_fit

    point = {"a": 0, "b": 0}  # the same dict many times: the pass walks each place it appears
    assert _sizes_fit([point] * (MAX_VALUES // 3)) is True  # 3 values a place: 999,999
    assert _sizes_fit([point] * (MAX_VALUES // 3 + 1)) is False  # 1,000,002


def test_a_file_with_more_values_than_the_limit_is_refused_saying_so() -> None:
    from intercept_mapper.model.limits import MAX_VALUES
    raw = _raw()
    raw["points"][0]["aliases"] = [0] * MAX_VALUES
    problems = _error(json.dumps(raw)).problems
    assert [p.message for p in problems] == [
        f"the file holds more than {MAX_VALUES:,} values, more than any workshop needs "
        "(see Limits in the README)"]


def test_every_kind_of_item_is_counted_and_malformed_parts_count_nothing() -> None:
    from intercept_mapper.model.simmap_file import count_items
    raw = {"points": [1, 2], "flows": [1], "findings": [1, 2, 3], "participants": [1],
           "voting": {"tables": [1, 2], "candidates": [1], "ballots": [1, 2, 3, 4]},
           "action_plans": [{"objectives": [{"steps": [1, 2]}, {"steps": "no"}, {}, "odd"]}, "odd", {}]}
    # 2 + 1 + 3 + 1 + 2 + 1 + 4 items, 3 plans, 4 objectives (one malformed still counts), 2 steps.
    assert count_items(raw) == 14 + 3 + 4 + 2
    assert count_items({"points": "many", "voting": [1, 2], "action_plans": {"a": 1}}) == 0
    assert count_items({"voting": {"tables": {"t": 1}}}) == 0


# ----------------------------------------------------------------------------- saving and loading a path
def test_a_workshop_saved_after_a_glitch_is_written_like_any_other() -> None:
    # The fallback for a position that is not a number writes the same text as a sound position of 0.
    ws = new_workshop()
    ws.info.title = "Comté de Québec"
    ws.points.append(DecisionPoint(id="pt-1", intercept="1", title="Patrouille à pied", x=0.0, y=5.0))
    sound = dumps_workshop(ws)
    ws.points[0].x = float("inf")
    assert dumps_workshop(ws) == sound
    assert "Comté de Québec" in sound and '\n  "format"' in sound


def test_a_lone_surrogate_that_slipped_past_the_editors_still_saves_and_is_then_named(tmp_path: Path) -> None:
    ws = new_workshop()
    ws.info.title = "Bad \udfff title"
    path = tmp_path / "map.simmap"
    save_workshop(ws, path)
    assert b"Bad \\udfff title" in path.read_bytes()
    with pytest.raises(InputError) as caught:
        load_workshop(path)
    assert [p.field for p in caught.value.problems] == ["info.title"]


def test_a_save_keeps_the_previous_file_as_bak_unless_told_not_to(tmp_path: Path) -> None:
    path = tmp_path / "map.simmap"
    first, second = new_workshop(), new_workshop()
    first.info.title, second.info.title = "First", "Second"
    save_workshop(first, path)
    save_workshop(second, path)
    assert load_workshop(tmp_path / "map.simmap.bak").info.title == "First"
    (tmp_path / "map.simmap.bak").unlink()
    save_workshop(first, path, backup=False)
    assert not (tmp_path / "map.simmap.bak").exists()
    assert load_workshop(path).info.title == "First"


def test_reading_a_path_names_it_in_every_refusal(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_workshop(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{tmp_path}: is a folder, not a workshop file"]
    inside_a_file = tmp_path / "notes.txt" / "map.simmap"
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError) as caught:
        load_workshop(inside_a_file)
    assert [str(p) for p in caught.value.problems] == [f"{inside_a_file}: cannot be read (Not a directory)"]
    latin1 = tmp_path / "latin1.simmap"
    latin1.write_bytes(GOLDEN_TEXT.replace("Riverbend", "Rivière").encode("latin-1", "replace"))
    with pytest.raises(InputError) as caught:
        load_workshop(latin1)
    (problem,) = caught.value.problems
    assert problem.file == str(latin1) and "not UTF-8 text: byte" in problem.message
    damaged = tmp_path / "damaged.simmap"
    damaged.write_text(GOLDEN_TEXT[:-40], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_workshop(damaged)
    assert [p.file for p in caught.value.problems] == [str(damaged)]


def test_a_file_of_exactly_the_size_limit_is_read_whole(tmp_path: Path, monkeypatch) -> None:
    from intercept_mapper.model import simmap_file
    text = GOLDEN_TEXT
    path = tmp_path / "map.simmap"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(simmap_file, "MAX_FILE_BYTES", len(text.encode("utf-8")))
    assert load_workshop(path) == loads_workshop(GOLDEN_TEXT)
    monkeypatch.setattr(simmap_file, "MAX_FILE_BYTES", len(text.encode("utf-8")) - 1)
    with pytest.raises(InputError, match="the file is larger than"):
        load_workshop(path)


def test_loading_a_path_without_checking_references_takes_a_broken_reference(tmp_path: Path) -> None:
    raw = _raw()
    raw["flows"].append({"id": "fl-broken", "source": raw["points"][0]["id"], "target": "pt-gone"})
    path = tmp_path / "broken.simmap"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert any(f.id == "fl-broken" for f in load_workshop(path, check_references=False).flows)
    with pytest.raises(InputError, match="fl-broken"):
        load_workshop(path)


def test_too_deep_nesting_is_said_whole() -> None:
    assert [p.message for p in _error(b"[" * 5_000 + b"]" * 5_000).problems] == [
        "the file is damaged: its data is nested too deeply to be a workshop file"]


def test_a_file_over_the_size_limit_is_refused_naming_the_limit_in_megabytes() -> None:
    from intercept_mapper.model.limits import MAX_FILE_BYTES
    assert [str(p) for p in _error(b" " * (MAX_FILE_BYTES + 1), "big.simmap").problems] == [
        "big.simmap: the file is larger than 64 MB, more than any workshop needs (see Limits in the README)"]


def test_a_file_with_more_items_than_the_limit_is_refused_before_it_is_checked() -> None:
    from intercept_mapper.model.limits import MAX_ITEMS
    from intercept_mapper.model.simmap_file import count_items  # pinned by its own test above
    raw = _raw()
    raw["flows"] += [{"id": f"fl-x{n}"} for n in range(MAX_ITEMS)]  # not even valid flows: never reached
    assert [str(p) for p in _error(json.dumps(raw)).problems] == [
        f"map.simmap: the map has {count_items(raw):,} items; at most {MAX_ITEMS:,} are allowed "
        "(see Limits in the README)"]
