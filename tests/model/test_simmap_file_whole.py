"""The loader's refusals held whole: the line each field is found on, and what each message names.

Each test here failed on mutants (small deliberate changes of ``model/simmap_file.py``) that the other
tests of the loader let pass (bench/README.md, "Mutation testing", fifth run).
"""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.simmap_file import field_lines, loads_workshop

NESTED = """{
  "a": 1,
  "b": {
    "c": [
      {"d": 1},
      {
        "d": 2,
        "e": "x, {y} [z]: \\"w\\""
      }
    ],
    "f": [1,
      2],
    "g\\"h": [[3],
      [4]]
  }
}
"""


def test_each_field_is_found_on_its_line_and_a_missing_one_on_its_parent_s() -> None:
    wanted = {"a", "b.c[0].d", "b.c[1]", "b.c[1].d", "b.c[1].e", "b.f[1]", 'b.g"h[1][0]',
              "b.c[1].missing", "b.f[5]", 'b.g"h[1][7]', "b.zz", "nowhere"}
    assert field_lines(NESTED, wanted) == {
        "a": 2, "b.c[0].d": 5, "b.c[1]": 6, "b.c[1].d": 7, "b.c[1].e": 8, "b.f[1]": 12, 'b.g"h[1][0]': 14,
        # Not in the text: the line of the nearest parent that is (none for a top-level field).
        "b.c[1].missing": 6, "b.f[5]": 11, 'b.g"h[1][7]': 14, "b.zz": 3,
    }


def test_a_refusal_of_text_given_with_no_source_names_no_file() -> None:
    with pytest.raises(InputError) as caught:
        loads_workshop(b"  \n")
    assert [(p.file, p.message) for p in caught.value.problems] == [("", "the file is empty")]


def test_lines_count_from_a_blank_first_line_and_list_members_past_the_second() -> None:
    text = '\n{"a": [\n  1,\n  2,\n  3,\n  4]}\n'
    assert field_lines(text, {"a", "a[0]", "a[2]", "a[3]"}) == {"a": 2, "a[0]": 3, "a[2]": 5, "a[3]": 6}


def test_a_workshop_checked_before_writing_gets_every_refusal_the_loader_would_give_it() -> None:
    from intercept_mapper.model import DecisionPoint, Flow, new_workshop
    from intercept_mapper.model.simmap_file import check_workshop

    too_long = "the text is 1,001 characters long; at most 1,000 are allowed"
    ws = new_workshop()
    ws.info.title = "T" * 1001
    ws.flows = [Flow(id="f1", source="p-gone", target="p-gone2")]
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title="P") for n in range(20_000)]
    assert [str(p) for p in check_workshop(ws, "map.simmap")] == [
        f"map.simmap: info.title: {too_long}",
        "map.simmap: the map has 20,002 items; at most 20,000 are allowed (see Limits in the README)",
        "map.simmap: flows[0].source: flow f1 to p-gone2 comes from a decision point that does not exist"
        " (p-gone)",
        "map.simmap: flows[0].target: flow f1 from p-gone goes to a decision point that does not exist"
        " (p-gone2)",
    ]
    ws = new_workshop()
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title="P" * 1001) for n in range(60)]
    problems = check_workshop(ws, "map.simmap")
    assert [str(p) for p in problems] == [
        *(f"map.simmap: points[{n}].title: {too_long}" for n in range(50)),
        "map.simmap: ... and 10 more problems"]
    assert {p.file for p in check_workshop(ws)} == {""}  # no file named unless given


def test_a_file_cut_off_after_a_value_or_inside_a_string_ends_too_early() -> None:
    def message(text: str) -> str:
        with pytest.raises(InputError) as caught:
            loads_workshop(text, "map.simmap")
        (problem,) = caught.value.problems
        return problem.message

    assert message('{"format": "intercept-mapper"') == (  # the parser stops just past the last character
        "the file ends too early (it is truncated or damaged): Expecting ',' delimiter at line 1, column 30")
    assert message('{"format": "intercept-mapper", "info": {"title": "Adams County') == (
        "the file ends too early (it is truncated or damaged): Unterminated string starting at line 1, "
        "column 50")  # where the cut string starts, "at" said once


def test_a_number_too_long_to_read_is_said_in_words() -> None:
    with pytest.raises(InputError) as caught:
        loads_workshop('{"format": "intercept-mapper", "schema_version": ' + "9" * 5000 + "}", "map.simmap")
    assert [str(p) for p in caught.value.problems] == [
        "map.simmap: the file is damaged (it is not valid JSON): a number is too long"]


def test_the_full_walk_allows_exactly_the_value_limit_and_names_no_file_unless_given() -> None:
    from intercept_mapper.model.limits import MAX_VALUES
    from intercept_mapper.model.simmap_file import check_values

    raw = {"facilitators": ["x"] * (MAX_VALUES - 2)}  # the object, the list and its strings: the limit
    assert check_values(raw) == []
    raw["facilitators"].append("x")
    assert [(p.file, p.message) for p in check_values(raw)] == [
        ("", f"the file holds more than {MAX_VALUES:,} values, more than any workshop needs"
             " (see Limits in the README)")]


def test_a_key_too_long_is_named_with_its_file_and_place() -> None:
    from intercept_mapper.model.simmap_file import check_values

    key = "k" * 1001
    assert [(p.file, p.field, p.message) for p in check_values({"info": {key: 1}}, "map.simmap")] == [
        ("map.simmap", f"info.{key}", "a key is 1,001 characters long; at most 1,000 are allowed")]


def test_a_file_with_more_text_problems_than_are_listed_counts_the_rest_naming_the_file() -> None:
    import json

    from intercept_mapper.model import new_workshop
    from intercept_mapper.model.simmap_file import dumps_workshop

    raw = json.loads(dumps_workshop(new_workshop()))
    raw["info"]["facilitators"] = ["x" * 1001] * 60
    with pytest.raises(InputError) as caught:
        loads_workshop(json.dumps(raw, indent=2), "map.simmap")
    problems = caught.value.problems
    assert len(problems) == 51 and {p.file for p in problems} == {"map.simmap"}
    assert (problems[0].field, problems[0].line) == ("info.facilitators[0]", 10)
    assert str(problems[-1]) == "map.simmap: ... and 10 more problems"
