"""Suggested themes held exactly (issue 20): the phrase patterns' whole-word and longest-first rules,
weights that add up, the title counting double beside a description, and themes written in words."""

from __future__ import annotations

from intercept_mapper.model.theme_suggestion import (
    normalise_theme,
    normalise_words,
    phrase_pattern,
    suggest_theme,
    theme_label,
    theme_scores,
)


def _found(phrases: tuple[str, ...], text: str) -> list[str]:
    return phrase_pattern(phrases).findall(normalise_words(text))


def test_a_phrase_pattern_finds_whole_words_only() -> None:
    assert _found(("bus",), "A bus, then a bus.") == ["bus", "bus"]
    assert _found(("bus",), "minibus") == [] and _found(("bus",), "buses") == []
    assert _found(("bus",), "abuse") == _found(("bus",), "bus2") == _found(("bus",), "2bus") == []


def test_a_phrase_pattern_finds_every_phrase_and_the_longest_first() -> None:
    assert _found(("van", "bus", "ride"), "a van ride or the bus") == ["van", "ride", "bus"]
    assert _found(("co", "co responder"), "co responder") == ["co responder"]
    assert _found(("co responder", "co"), "a co responder, a co pilot") == ["co responder", "co"]
    assert _found(("42 cfr", "42"), "42 CFR part 2") == ["42 cfr"]
    assert _found(("a.b",), "a b") == []  # phrases are literal text, not patterns


def test_the_weights_of_one_themes_rules_add_up() -> None:
    assert theme_scores("Crisis calls go to 911 dispatch") == {"crisis-services": 4}
    assert theme_scores("MAT with methadone at the pharmacy") == {"medication-moud": 10}
    assert theme_scores("MAT") == {"medication-moud": 4}
    assert theme_scores("") == {} and theme_scores(None) == {}


def test_a_weak_title_alone_suggests_nothing() -> None:
    assert suggest_theme("Medication") is None  # 2, under the 3 a suggestion needs
    assert suggest_theme("Medication", "") is None


def test_beside_a_description_the_title_counts_double_not_more() -> None:
    assert suggest_theme("Medication", "the clinic") == "medication-moud"  # 4 against 1
    assert suggest_theme("Medication", "information sharing") == "data-sharing"  # 4 against 5
    assert suggest_theme("Medication", "pharmacy") == "medication-moud"  # 4 + 2
    assert suggest_theme("Medication", "data") == "medication-moud"  # 4 against 3
    assert suggest_theme("Treatment", "data sharing") == "data-sharing"  # 2 against 4 + 3


def test_theme_spellings_lose_their_outer_separators() -> None:
    assert normalise_theme("_crisis_services_") == "crisis-services"
    assert normalise_theme(" - Housing - ") == "housing"


def test_themes_in_words() -> None:
    assert theme_label("medication_moud") == "Medication and MOUD"
    assert theme_label(" Data sharing ") == "Data sharing"
    assert theme_label("unthemed") == "No theme" and theme_label(" Unthemed ") == "No theme"
    assert theme_label("community_supervision") == "Community supervision"
    assert theme_label("jail_diversion-program") == "Jail diversion program"
    assert theme_label("__") == "__" and theme_label("") == ""
