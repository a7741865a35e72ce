"""Which strategy answers a gap, held exactly (issue 20): the weights of long keywords, of title and
description words, of a theme and an intercept; the themes a gap carries or is suggested; and the
library's lookups."""

from __future__ import annotations

import pytest

from intercept_mapper.model.strategy_library import GENERAL_PLANNING, STRATEGIES, strategy
from intercept_mapper.model.strategy_match import gap_themes, match_strategy, strategy_fits


def _fit(key: str, title: str, description: str = "", themes: frozenset[str] = frozenset(),
         intercepts: frozenset[str] = frozenset()):
    return next(f for f in strategy_fits(title, description, set(themes), set(intercepts))
                if f.strategy.key == key)


def test_a_keyword_of_two_words_in_the_title_counts_eight_and_two() -> None:
    best = strategy_fits("No crisis stabilisation unit", "", set(), set())[0]
    assert best.strategy.key == "crisis-stabilisation-unit"
    assert (best.score, best.title_words, best.description_words) == (10, ("stabilisation unit",), ())
    assert (best.theme, best.intercept, best.matched) == (False, False, True)


def test_description_words_an_intercept_and_a_theme_each_count_and_are_named() -> None:
    fit = _fit("treatment-capacity", "Gap", "People wait on a waiting list for a bed", intercepts={"3"})
    assert (fit.score, fit.title_words, fit.description_words) == (8, (), ("bed", "waiting list"))
    assert (fit.theme, fit.intercept, fit.matched) == (False, True, True)
    elsewhere = _fit("treatment-capacity", "Gap", "People wait on a waiting list for a bed", intercepts={"1"})
    assert (elsewhere.score, elsewhere.intercept) == (6, False)
    themed = _fit("treatment-capacity", "Gap", themes={"treatment"}, intercepts={"1"})
    assert (themed.score, themed.theme, themed.matched, themed.description_words) == (6, True, True, ())
    anywhere = _fit("treatment-capacity", "Gap", intercepts={"1"})
    assert (anywhere.score, anywhere.matched) == (0, False)


def test_the_themes_a_gap_carries_or_the_one_its_words_suggest() -> None:
    assert gap_themes(["Crisis services", " Housing "], "Medication", "") == {"crisis-services", "housing"}
    assert gap_themes(["", "  "], "Lack of supportive housing", "") == {"housing"}
    assert gap_themes([], "Medication", "pharmacy") == {"medication-moud"}  # 4 + 2: the description counts
    assert gap_themes([], "Meeting", "") == set() and gap_themes([], "Medication", "") == set()


def test_a_weak_title_with_no_description_gets_the_general_draft() -> None:
    assert match_strategy("Medication") is GENERAL_PLANNING
    assert match_strategy("Medication", "pharmacy").key == "jail-moud"  # the theme of both together
    assert match_strategy("Pharmacy", "prescriptions", intercepts=["3"]).key == "jail-moud"


def test_the_library_names_each_strategy_and_refuses_an_unknown_key() -> None:
    names = [s.name for s in (*STRATEGIES, GENERAL_PLANNING)]
    assert all(isinstance(n, str) and n.strip() for n in names) and len(set(names)) == len(names)
    assert strategy("housing").name == "Housing navigator, landlord engagement and supportive housing"
    assert strategy("general-planning") is GENERAL_PLANNING
    with pytest.raises(KeyError) as refused:
        strategy("no-such-strategy")
    assert refused.value.args == ("no-such-strategy",)
