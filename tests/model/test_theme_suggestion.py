"""Suggested themes: fixed keyword rules on whole words, None when unsure, never written silently."""

from __future__ import annotations

import time

import pytest

from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.theme_suggestion import (
    THEMES,
    normalise_theme,
    suggest_theme,
    theme_label,
    theme_scores,
)
from intercept_mapper.model.worksheet_csv import read_worksheet
from tests.conftest import SAMPLES

RIVERBEND = SAMPLES / "riverbend.simmap"


@pytest.mark.parametrize(("title", "expected"), [
    ("988 answered locally", "crisis-services"),
    ("Mobile crisis not available nights and weekends", "crisis-services"),
    ("Co-responder covers only the city", "crisis-services"),
    ("No transfer protocol from 911 to 988", "crisis-services"),
    ("Lack of supportive housing", "housing"),
    ("No shared data across agencies", "data-sharing"),
    # The complaint is that results are not shared, not that nobody screens.
    ("Screening results not shared with defense", "data-sharing"),
    ("CIT training", "training"),
    ("Sheriff deputies not CIT trained", "training"),
    ("No bus passes for people leaving probation appointments", "transportation"),
    ("No MOUD induction in jail", "medication-moud"),
    ("Medication for opioid use disorder in jail", "medication-moud"),
    ("MAT not offered at the jail", "medication-moud"),
    ("Released at night with no medication", "reentry"),
    ("No warm hand-off to community providers", "reentry"),
    ("Brief Jail Mental Health Screen at booking", "screening"),
    ("Peer responders on mobile team", "peer-support"),
    ("Mental health court waitlist", "treatment-capacity"),
    ("No detox beds in the county", "treatment-capacity"),
])
def test_suggests_the_theme_the_words_point_to(title: str, expected: str) -> None:
    assert suggest_theme(title) == expected


@pytest.mark.parametrize("title", [
    "Mental health court",  # no theme word at all
    "No pretrial services agency",
    "Monthly criminal justice coordinating council",
    "Dispatch mental-health codes",  # one weak word: not enough
    "Treatment",
    "",
    "   ",
])
def test_unsure_gives_none(title: str) -> None:
    assert suggest_theme(title) is None


def test_a_tie_between_two_themes_gives_none() -> None:
    scores = theme_scores("Housing and transportation")
    assert scores == {"housing": 3, "transportation": 3}
    assert suggest_theme("Housing and transportation") is None


def test_whole_words_only() -> None:
    # "bus" in abuse, "data" in update, "ride" in override, "car" in careful, "rent" in current,
    # "train" in restraint, "peer" in peering, "mat" in lower case: none of them count.
    text = "Substance abuse update override careful current restraint peering mat format"
    assert theme_scores(text) == {}
    assert suggest_theme(text) is None


def test_the_title_decides_and_the_description_helps_only_when_it_cannot() -> None:
    assert suggest_theme("Released at night", "no medication, no prescription, no pharmacy") == "reentry"
    assert suggest_theme("Nothing on weekends", "The crisis line closes on Friday") == "crisis-services"
    assert suggest_theme("Nothing on weekends", "") is None


def test_the_sample_gaps_tagged_from_the_vocabulary_get_their_tag_suggested() -> None:
    ws = load_workshop(RIVERBEND)
    agree = [f.title for f in ws.gaps()
             if f.theme in THEMES and suggest_theme(f.title, f.description) == f.theme]
    # The sample tags MOUD as treatment capacity; everything else it tags from the vocabulary agrees.
    disagree = [f.title for f in ws.gaps() if f.theme in THEMES and f.title not in agree]
    assert disagree == ["No MOUD induction in jail"]
    assert len(agree) >= 10


@pytest.mark.parametrize("text", [
    "<b>housing</b> &amp; <script>alert(1)</script>",
    "housing\x00\x1b[31m\ud800",
    "ＨＯＵＳＩＮＧ shelter",  # full-width letters fold to housing
    "Жильё 住房 سكن",
    "'; DROP TABLE themes; --",
    "\n\t\r" * 1000,
])
def test_hostile_text_never_fails(text: str) -> None:
    result = suggest_theme(text, text)
    assert result is None or result in THEMES


def test_markup_around_a_word_still_reads_the_word() -> None:
    assert suggest_theme("<b>Lack of housing</b>") == "housing"


def test_a_megabyte_of_text_is_quick() -> None:
    text = "housing " + "x" * 1_000_000
    start = time.perf_counter()
    assert suggest_theme(text, text) == "housing"
    assert time.perf_counter() - start < 0.5


def test_normalise_theme_merges_spellings() -> None:
    assert normalise_theme(" Crisis services ") == "crisis-services"
    assert normalise_theme("crisis_services") == "crisis-services"
    assert normalise_theme("DATA-SHARING") == "data-sharing"
    assert normalise_theme("   ") == ""
    assert theme_label("medication-moud") == "Medication and MOUD"
    assert theme_label("pretrial") == "Pretrial"  # a theme outside the vocabulary, in words


def test_worksheet_import_leaves_theme_empty_unless_the_csv_gives_one(tmp_path) -> None:  # noqa: ANN001
    ws = read_worksheet(SAMPLES / "riverbend-worksheet.csv").workshop  # no theme column
    suggested = [f for f in ws.findings if suggest_theme(f.title, f.description)]
    assert len(suggested) > 10
    # The suggestion shows in the inspector; import never writes it.
    assert [f.title for f in ws.findings if f.theme] == []

    csv = tmp_path / "w.csv"
    csv.write_text("intercept,kind,title,theme\n"
                   "X,gap,Lack of supportive housing,Housing\n"
                   "X,resource,988 answered locally,\n", encoding="utf-8")
    ws = read_worksheet(csv).workshop
    assert {f.title: f.theme for f in ws.findings} == {
        "Lack of supportive housing": "housing", "988 answered locally": ""}
