"""Problems as every importer prints them: the place (file, line, field, or as much of it as is known)
before the message; a long list capped with one line counting the rest; ``InputError`` from a message, a
problem or a list. See bench/README.md, "Mutation testing", fifth run (mutD): the importers' tests held these
only through their own messages, which always name a file, so 18 of the module's 33 mutants passed them."""

from __future__ import annotations

import pytest

from intercept_mapper.model.problems import InputError, Problem, summarised


@pytest.mark.parametrize(("problem", "printed"), [
    (Problem("bad", file="w.csv", line=3, field="kind"), "w.csv:3: kind: bad"),
    (Problem("bad", file="w.csv", line=3), "w.csv:3: bad"),
    (Problem("bad", file="w.csv", field="kind"), "w.csv: kind: bad"),
    (Problem("bad", file="w.csv"), "w.csv: bad"),
    (Problem("bad", line=3, field="kind"), "line 3: kind: bad"),
    (Problem("bad", line=0), "line 0: bad"),
    (Problem("bad", field="kind"), "kind: bad"),
    (Problem("bad"), "bad"),
])
def test_a_problem_prints_as_much_of_its_place_as_is_known(problem: Problem, printed: str) -> None:
    assert str(problem) == printed


def test_a_list_at_the_cap_is_whole_and_a_longer_one_counts_the_rest_naming_the_first_file() -> None:
    problems = [Problem(f"bad {n}", file="a.csv" if n == 0 else "b.csv", line=n + 2) for n in range(1003)]
    assert summarised(problems[:3], 3) == problems[:3]
    capped = summarised(problems, 3)
    assert capped[:3] == problems[:3]
    assert [str(p) for p in capped[3:]] == ["a.csv: ... and 1,000 more like these, not shown"]


def test_an_input_error_holds_its_problems_and_prints_one_line_each() -> None:
    from_text = InputError("cannot read the file", file="w.csv")
    assert from_text.problems == [Problem("cannot read the file", file="w.csv")]
    assert str(from_text) == "w.csv: cannot read the file"
    one = Problem("bad", file="w.csv", line=2)
    assert InputError(one).problems == [one]
    two = [one, Problem("worse", file="w.csv", line=3, field="kind")]
    error = InputError(two)
    assert error.problems == two and error.problems is not two
    assert str(error) == "w.csv:2: bad\nw.csv:3: kind: worse"
    assert error.lines() == ["error: w.csv:2: bad", "error: w.csv:3: kind: worse"]
    assert InputError("no place").lines() == ["error: no place"]
