"""The last surrogate, U+DFFF, is named as half of a surrogate pair like the first. See bench/README.md,
"Mutation testing", fifth run (mutD): the old tests named U+D800 only, so a range ending one short
passed."""

from __future__ import annotations

from intercept_mapper.model.limits import text_problem


def test_the_last_lone_surrogate_is_named_as_half_of_a_pair() -> None:
    assert text_problem("ab\udfff", 100) == (
        "holds U+DFFF at character 3: half of a surrogate pair, which no text encoding can store")
    assert text_problem("\ufdd0", 100) == (
        "holds U+FDD0 at character 1: a Unicode non-character, which text files may not hold")
