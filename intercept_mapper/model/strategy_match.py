"""Which strategy of the library answers a gap: by the words of its title and description, its theme and
its intercepts.

Words decide first: a title that names the thing ("No crisis stabilisation unit", "Mental health court
waitlist") points to the strategy for that thing whatever the theme says. Each keyword found counts
(longer phrases more, being more specific), a keyword in the title far more than one in the
description; a matching theme counts next, and the intercept breaks what is left, then library order.
Keywords are matched as theme_suggestion matches its rules: whole words on normalised text. A gap
with no keyword and no theme of any strategy gets ``GENERAL_PLANNING``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .strategy_library import GENERAL_PLANNING, STRATEGIES, Strategy
from .theme_suggestion import normalise_theme, normalise_words, phrase_pattern, suggest_theme

# Only the start of a pasted paragraph is read, as for theme suggestions.
MAX_CHARS = 2000
TITLE_HIT = 8
DESCRIPTION_HIT = 2
PER_EXTRA_WORD = 2  # a keyword of n words counts (n - 1) x this more: "mental health court" over "court"
THEME_MATCH = 6
INTERCEPT_MATCH = 2


@dataclass(frozen=True)
class StrategyFit:
    """How well one strategy fits a gap, and why (for tests and for explaining a draft)."""

    strategy: Strategy
    score: int
    title_words: tuple[str, ...]
    description_words: tuple[str, ...]
    theme: bool
    intercept: bool

    @property
    def matched(self) -> bool:
        """True when a keyword or a theme points to the strategy (an intercept alone never does)."""
        return bool(self.title_words or self.description_words or self.theme)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(phrase_pattern(s.keywords) for s in STRATEGIES)


def _found(pattern: re.Pattern[str], words: str) -> tuple[str, ...]:
    return tuple(sorted(set(pattern.findall(words))))


def _weight(phrases: Iterable[str], per_hit: int) -> int:
    return sum(per_hit + PER_EXTRA_WORD * phrase.count(" ") for phrase in phrases)


def gap_themes(themes: Iterable[str], title: str, description: str) -> set[str]:
    """The themes a gap carries (normalised), or the suggested one when it carries none."""
    given = {normalise_theme(t) for t in themes} - {""}
    if given:
        return given
    suggested = suggest_theme(title, description)
    return {suggested} if suggested else set()


def strategy_fits(title: str, description: str, themes: set[str], intercepts: set[str]) -> list[StrategyFit]:
    """Every strategy's fit for a gap, best first; ties keep library order."""
    title_words = normalise_words(title[:MAX_CHARS])
    description_words = normalise_words(description[:MAX_CHARS])
    fits = []
    for strategy, pattern in zip(STRATEGIES, _patterns(), strict=True):
        in_title = _found(pattern, title_words)
        in_description = tuple(w for w in _found(pattern, description_words) if w not in in_title)
        theme = bool(strategy.themes & themes)
        intercept = not strategy.intercepts or bool(strategy.intercepts & intercepts)
        score = (_weight(in_title, TITLE_HIT) + _weight(in_description, DESCRIPTION_HIT)
                 + THEME_MATCH * theme + INTERCEPT_MATCH * intercept)
        fits.append(StrategyFit(strategy, score, in_title, in_description, theme, intercept))
    order = {s.key: n for n, s in enumerate(STRATEGIES)}
    return sorted(fits, key=lambda f: (-f.score, order[f.strategy.key]))


def match_strategy(title: str, description: str = "", themes: Iterable[str] = (),
                   intercepts: Iterable[str] = ()) -> Strategy:
    """The strategy that answers a gap best, or ``GENERAL_PLANNING`` when nothing points to one."""
    wanted = gap_themes(themes, title, description)
    best = next((f for f in strategy_fits(title, description, wanted, set(intercepts)) if f.matched), None)
    return best.strategy if best is not None else GENERAL_PLANNING
