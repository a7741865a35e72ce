"""Themes: the short tags that group like resources and gaps across communities, and a suggested one.

A theme is free text (the worksheet's ``theme`` column); ``THEMES`` is the vocabulary the app offers
and suggests. ``suggest_theme`` reads an item's words with fixed keyword rules (whole words only, so
"bus" never matches "abuse" and "data" never matches "update"). Each rule adds a weight to its theme;
the heaviest theme wins only when it is clearly ahead. It returns None when no rule matched or two
themes tie: a wrong suggestion costs the facilitator more than none.
"""

from __future__ import annotations

import functools
import re

# The suggested vocabulary, in the order the app lists it. The worksheet vocabulary of contracts.md
# (crisis-services, housing, data-sharing, training, treatment-capacity, reentry, transportation) is
# part of it.
THEMES: tuple[str, ...] = (
    "crisis-services",
    "housing",
    "data-sharing",
    "training",
    "transportation",
    "medication-moud",
    "reentry",
    "screening",
    "peer-support",
    "treatment-capacity",
)

THEME_LABELS: dict[str, str] = {
    "crisis-services": "Crisis services",
    "housing": "Housing",
    "data-sharing": "Data sharing",
    "training": "Training",
    "transportation": "Transportation",
    "medication-moud": "Medication and MOUD",
    "reentry": "Reentry",
    "screening": "Screening",
    "peer-support": "Peer support",
    "treatment-capacity": "Treatment capacity",
}

UNTHEMED = "unthemed"

# Only the first part of a pasted paragraph is read: the words that matter come first, and a
# megabyte of pasted text must not slow the inspector down.
_MAX_CHARS = 2000
# A weak word alone ("treatment", "911") scores 1, doubled to 2 in a title: not enough to suggest.
MIN_SCORE = 3

# (theme, weight, phrases). Phrases are matched on the normalised text (lower case, every run of
# non-letters and non-digits one space), as whole words; "s?" style endings are written out.
_RULES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("crisis-services", 3, ("crisis", "crises", "988", "mobile team", "co responder", "co responders",
                            "coresponder", "stabilisation unit", "stabilization unit", "warm line",
                            "warmline", "crisis line", "hotline", "drop off centre", "drop off center",
                            "receiving centre", "receiving center", "psychiatric emergency")),
    ("crisis-services", 1, ("911", "dispatch", "dispatcher", "dispatchers")),
    ("housing", 3, ("housing", "homeless", "homelessness", "shelter", "shelters", "eviction",
                    "evictions", "landlord", "landlords", "apartment", "apartments", "rent", "rental",
                    "housing first", "unhoused", "vouchers", "voucher")),
    # "Not shared" is the complaint even when the thing not shared is a screening or a release.
    ("data-sharing", 4, ("information sharing", "share", "shared", "sharing", "data sharing",
                         "release of information", "information exchange")),
    ("data-sharing", 3, ("data", "database", "dashboard", "records", "hipaa", "42 cfr", "consent form")),
    ("data-sharing", 1, ("information", "mou", "memorandum of understanding")),
    ("training", 3, ("training", "trainings", "trained", "train", "cross train", "cross training",
                     "cit", "crisis intervention team", "mental health first aid", "de escalation",
                     "curriculum", "educate", "education")),
    ("transportation", 3, ("transport", "transportation", "bus", "buses", "bus pass", "bus passes",
                           "ride", "rides", "van", "vans", "transit", "travel", "gas card",
                           "gas cards", "taxi", "car", "cars", "mileage")),
    ("medication-moud", 4, ("moud", "opioid use disorder", "oud", "buprenorphine", "methadone",
                            "naltrexone", "vivitrol", "suboxone", "naloxone", "narcan",
                            "medication assisted treatment", "medications for opioid use disorder")),
    ("medication-moud", 2, ("medication", "medications", "prescription", "prescriptions", "pharmacy",
                            "opioid", "opioids", "induction")),
    ("reentry", 3, ("reentry", "re entry", "released", "release", "releases", "discharge",
                    "discharged", "warm hand off", "warm handoff", "hand off", "handoff",
                    "leaving jail", "leaving prison", "returning citizens", "medicaid")),
    ("screening", 3, ("screen", "screens", "screening", "screenings", "screened", "assessment",
                      "assessments", "assess", "bjmhs", "identification")),
    ("peer-support", 4, ("peer", "peers", "peer support", "recovery coach", "recovery coaches",
                         "peer specialist", "peer specialists", "peer navigator")),
    ("peer-support", 1, ("lived experience", "navigator", "navigators", "mentor", "mentors")),
    ("treatment-capacity", 3, ("waitlist", "waitlists", "wait list", "waiting list", "waiting lists",
                               "beds", "bed", "capacity", "detox", "residential treatment",
                               "inpatient", "shortage", "shortages", "psychiatrist", "psychiatrists",
                               "slots", "no treatment", "treatment providers", "outpatient")),
    ("treatment-capacity", 1, ("treatment", "providers", "clinic", "clinics", "counseling",
                               "counselling", "therapy")),
)

# Acronyms that are ordinary words in lower case ("mat"), so they count only when capitalised.
_CASED_RULES: tuple[tuple[str, int, str], ...] = (
    ("medication-moud", 4, r"\bMAT\b"),
)

_NON_WORD = re.compile(r"[^0-9a-z]+")


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of ``phrases`` as whole words in ``normalise_words`` text, longest first."""
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(alternatives) + r")(?![0-9a-z])")


_Rules = tuple[tuple[str, int, re.Pattern[str]], ...]


@functools.cache
def _compiled() -> tuple[_Rules, _Rules]:
    """The rules as patterns, compiled on first use (~9 ms: kept out of the app's start-up)."""
    phrases = tuple((theme, weight, phrase_pattern(words)) for theme, weight, words in _RULES)
    cased = tuple((theme, weight, re.compile(p)) for theme, weight, p in _CASED_RULES)
    return phrases, cased


def normalise_words(text: str) -> str:
    """Lower-case ``text`` with every run of non-letters and non-digits made one space."""
    return " " + _NON_WORD.sub(" ", text.casefold()) + " "


def theme_scores(text: str) -> dict[str, int]:
    """The weight each theme gets from ``text`` (themes with no matching word are left out)."""
    text = (text or "")[:_MAX_CHARS]
    words = normalise_words(text)
    scores: dict[str, int] = {}
    for theme, weight, pattern in _compiled()[0]:
        # Each rule counts once however often its words repeat: a long description must not
        # outweigh the title by repetition.
        if pattern.search(words):
            scores[theme] = scores.get(theme, 0) + weight
    for theme, weight, pattern in _compiled()[1]:
        if pattern.search(text):
            scores[theme] = scores.get(theme, 0) + weight
    return scores


def suggest_theme(title: str, description: str = "") -> str | None:
    """The theme an item's words point to, or None when the words are weak, absent or tie two themes.

    The title decides when it can: it is what the room agreed to write on the map. The description
    is read only when the title alone is not clear, and then the title still counts double.
    """
    title_scores = theme_scores(title)
    decided = _clear_winner(title_scores)
    if decided is not None or not description:
        return decided
    scores = {theme: 2 * score for theme, score in title_scores.items()}
    for theme, score in theme_scores(description).items():
        scores[theme] = scores.get(theme, 0) + score
    return _clear_winner(scores)


def _clear_winner(scores: dict[str, int]) -> str | None:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


_SPACES = re.compile(r"[\s_]+")


def normalise_theme(theme: str) -> str:
    """A theme as the rollup counts it: trimmed, lower case, spaces and underscores as hyphens.

    "Crisis services", "crisis_services" and " crisis-services " are one theme; an empty theme stays
    empty (the item is unthemed).
    """
    return _SPACES.sub("-", (theme or "").strip().casefold()).strip("-")


def theme_label(theme: str) -> str:
    """A theme in words: the vocabulary's label, else the id with hyphens and underscores as spaces and
    a capital first letter ("community-supervision" prints "Community supervision")."""
    if theme in THEME_LABELS:
        return THEME_LABELS[theme]
    key = normalise_theme(theme)
    if key in THEME_LABELS:
        return THEME_LABELS[key]
    if key == UNTHEMED:
        return "No theme"
    words = " ".join(theme.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else theme
