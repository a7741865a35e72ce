"""Strategies from the field that facilitators draw on when a group drafts action steps.

Each strategy is a concrete kind of step (the domain brief: protocols for referral and follow-up,
memoranda of understanding for information sharing, cross-training, regular partner meetings, shared
outcome data, people with lived experience as equal partners in planning), with the themes and the
intercepts it suits best. Step templates take ``{topic}`` (the priority), ``{place}`` (where it sits on
the map) and ``{partners}`` (the organisations involved).
"""

from __future__ import annotations

from dataclasses import dataclass

from .workshop import CROSS_INTERCEPT


@dataclass(frozen=True)
class Strategy:
    """One kind of action step, with a template for its text and what it suits."""

    key: str
    name: str
    step: str
    themes: frozenset[str]
    intercepts: frozenset[str]  # empty: suits every intercept equally
    lived_experience: bool = False  # the step is best led by someone with lived experience

    def text(self, topic: str, place: str, partners: str) -> str:
        """The step text for one priority."""
        return self.step.format(topic=topic, place=place, partners=partners)

    def score(self, themes: set[str], intercepts: set[str]) -> int:
        """How well the strategy fits a priority: a matching theme counts double, an intercept once."""
        score = 2 * len(self.themes & themes)
        if not self.intercepts or self.intercepts & intercepts:
            score += 1
        return score


STRATEGIES: tuple[Strategy, ...] = (
    Strategy(
        "referral-protocol", "Referral and follow-up protocol",
        "Write a referral and follow-up protocol between {partners} so that people at {place} are "
        "connected to treatment and followed up within a set time",
        frozenset({"crisis-services", "reentry", "treatment-capacity", "transportation", "housing"}),
        frozenset({"0", "1", "2", "4", "5"}),
    ),
    Strategy(
        "information-sharing", "Information-sharing agreement (MOU)",
        "Draft a memorandum of understanding between {partners} for sharing the information needed "
        "on {topic}, within HIPAA, 42 CFR Part 2 and CJIS",
        frozenset({"data-sharing", "reentry"}),
        frozenset({"1", "2", "3", "4", CROSS_INTERCEPT}),
    ),
    Strategy(
        "cross-training", "Cross-training",
        "Arrange cross-training so that staff at {place} and their partners learn each other's work "
        "and what is available on {topic}",
        frozenset({"training", "crisis-services"}),
        frozenset({"0", "1", "2", "3", "5"}),
    ),
    Strategy(
        "partner-meetings", "Regular partner meetings",
        "Hold a monthly partner meeting on {topic} with {partners}, with a named convener and notes "
        "shared with the committee",
        frozenset(),
        frozenset(),
    ),
    Strategy(
        "shared-outcome-data", "Shared outcome data",
        "Agree on the outcome data to collect on {topic}, who collects it, and report it to the "
        "committee every quarter",
        frozenset({"data-sharing", "treatment-capacity", "crisis-services"}),
        frozenset({CROSS_INTERCEPT}),
    ),
    Strategy(
        "lived-experience", "People with lived experience in planning",
        "Bring people with lived experience into planning on {topic} as equal, paid partners, not a "
        "single token seat",
        frozenset({"peer-support", "reentry", "crisis-services"}),
        frozenset(),
        lived_experience=True,
    ),
)


def suitable_strategies(themes: set[str], intercepts: set[str], count: int) -> list[Strategy]:
    """The ``count`` strategies that fit best, library order breaking ties (always deterministic)."""
    ranked = sorted(enumerate(STRATEGIES), key=lambda pair: (-pair[1].score(themes, intercepts), pair[0]))
    return [strategy for _, strategy in ranked[:count]]
