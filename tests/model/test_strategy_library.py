"""The strategy library and how a gap is matched to a strategy: words first, then theme, then intercept."""

from __future__ import annotations

import pytest

from intercept_mapper.model.sectors import SECTORS
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.strategy_library import (
    GENERAL_PLANNING,
    INTERCEPT_PARTNERS,
    STRATEGIES,
    strategy,
)
from intercept_mapper.model.strategy_match import match_strategy, strategy_fits
from intercept_mapper.model.theme_suggestion import THEMES, normalise_words
from tests.conftest import SAMPLES

CONTRACT_THEMES = ("crisis-services", "housing", "data-sharing", "training", "treatment-capacity", "reentry",
                   "transportation")


def test_every_step_needs_sectors_of_the_vocabulary() -> None:
    for item in (*STRATEGIES, GENERAL_PLANNING):
        for draft in item.steps:
            assert draft.sectors, (item.key, draft.text)
            for slot in draft.sectors:
                if slot != INTERCEPT_PARTNERS:
                    assert set(slot.split("|")) <= set(SECTORS) - {"other"}, (item.key, slot)


def test_keywords_are_written_as_normalised_words() -> None:
    for item in STRATEGIES:
        assert item.keywords
        for keyword in item.keywords:
            assert normalise_words(keyword).strip() == keyword, (item.key, keyword)


@pytest.mark.parametrize("theme", sorted(set(THEMES) | set(CONTRACT_THEMES)))
def test_every_theme_the_product_knows_has_a_strategy(theme: str) -> None:
    assert any(theme in s.themes for s in STRATEGIES)
    assert match_strategy("Something is not working", themes=[theme]) is not GENERAL_PLANNING


@pytest.mark.parametrize(("title", "theme", "intercept", "key"), [
    # The sample's gaps, with the themes the sample gives them (some outside the suggested vocabulary).
    ("Mobile crisis not available nights and weekends", "crisis-services", "0", "mobile-crisis-coverage"),
    ("No crisis stabilisation unit", "crisis-services", "0", "crisis-stabilisation-unit"),
    ("No transfer protocol from 911 to 988", "crisis-services", "1", "911-988-transfer"),
    ("Sheriff deputies not CIT trained", "training", "1", "cit-training"),
    ("Co-responder covers only the city", "crisis-services", "1", "co-responder"),
    ("Screening results not shared with defense", "data-sharing", "2", "data-sharing"),
    ("No pretrial services agency", "pretrial", "2", "pretrial-screening"),
    ("Mental health court waitlist", "treatment-capacity", "3", "specialty-court-capacity"),
    ("No MOUD induction in jail", "treatment-capacity", "3", "jail-moud"),
    ("Released at night with no medication", "reentry", "4", "jail-reentry"),
    ("No warm hand-off to community providers", "reentry", "4", "warm-hand-off"),
    ("Technical violations for missed appointments", "community-supervision", "5", "community-supervision"),
    ("No shared data across agencies", "data-sharing", "X", "data-sharing"),
    ("Lack of supportive housing", "housing", "X", "housing"),
    ("People with lived experience not on planning bodies", "lived-experience", "X",
     "lived-experience-peers"),
    # No theme given: the words alone.
    ("Veterans not identified at booking", "", "2", "veterans"),
    ("Long waits for a psychiatrist", "", "X", "treatment-capacity"),
    ("Jail staff not trained in mental health", "", "3", "cross-training"),
    ("No drop-off option for police", "", "1", "crisis-stabilisation-unit"),
    ("Landlords refuse tenants with a record", "", "5", "housing"),
    ("Court date reminders not sent", "", "2", "pretrial-screening"),
])
def test_gaps_match_the_strategy_for_them(title: str, theme: str, intercept: str, key: str) -> None:
    assert match_strategy(title, themes=[theme], intercepts=[intercept]).key == key


def test_words_beat_the_theme_and_the_intercept_breaks_a_tie() -> None:
    # The sample files MOUD induction under treatment capacity; its words name MOUD.
    fits = strategy_fits("No MOUD induction in jail", "", {"treatment-capacity"}, {"3"})
    assert fits[0].strategy.key == "jail-moud" and fits[0].title_words == ("induction", "moud")
    # A training gap with no telling words: patrol at intercept 1 gets CIT, the jail cross-training.
    assert match_strategy("Skills gap", themes=["training"], intercepts=["1"]).key == "cit-training"
    assert match_strategy("Skills gap", themes=["training"], intercepts=["3"]).key == "cross-training"


def test_the_description_counts_when_the_title_says_little() -> None:
    assert match_strategy("Gap at the county line").key == "general-planning"
    assert match_strategy("Gap at the county line", "People wait weeks for a detox bed").key == (
        "treatment-capacity")
    # A theme variant written by hand counts as the theme.
    assert match_strategy("Gap at the county line", themes=["Data Sharing"]).key == "data-sharing"


def test_no_words_and_no_theme_give_the_general_draft() -> None:
    for title in ("", "   ", "Rural county line confusion between agencies", "Funeral costs"):
        assert match_strategy(title, intercepts=["2"]) is GENERAL_PLANNING
    assert GENERAL_PLANNING.general and strategy("general-planning") is GENERAL_PLANNING


def test_every_gap_of_the_sample_gets_a_specific_strategy() -> None:
    ws = load_workshop(SAMPLES / "riverbend.simmap")
    keys = [match_strategy(g.title, g.description, [g.theme], [g.intercept]).key for g in ws.gaps()]
    assert "general-planning" not in keys
    assert len(set(keys)) >= 12


def test_a_pasted_paragraph_is_read_only_at_its_start() -> None:
    long_title = "No crisis stabilisation unit " + "x " * 5000 + "housing"
    assert match_strategy(long_title).key == "crisis-stabilisation-unit"
