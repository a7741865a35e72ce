"""The sector vocabulary of the participants list, and the sectors every workshop should have present."""

from __future__ import annotations

import re

SECTORS: tuple[str, ...] = (
    "law-enforcement",
    "dispatch-911",
    "ems-fire",
    "crisis-services",
    "courts",
    "prosecution",
    "defense",
    "pretrial",
    "jail",
    "probation-parole",
    "behavioral-health",
    "substance-use-treatment",
    "hospital-health",
    "housing-homelessness",
    "local-government",
    "veterans",
    "advocacy-family",
    "peer-lived-experience",
    "community-faith",
    "other",
)

RECOMMENDED_SECTORS: tuple[str, ...] = (
    "law-enforcement",
    "dispatch-911",
    "crisis-services",
    "courts",
    "prosecution",
    "defense",
    "jail",
    "probation-parole",
    "behavioral-health",
    "substance-use-treatment",
    "hospital-health",
    "housing-homelessness",
    "advocacy-family",
    "peer-lived-experience",
)

OTHER_SECTOR = "other"
_KNOWN = frozenset(SECTORS)
_SEPARATORS = re.compile(r"[\s_]+")


def normalise_sector(text: str) -> str:
    """A sector as stored: trimmed, lower-case, spaces and underscores as single hyphens."""
    return _SEPARATORS.sub("-", text.strip().lower())


def is_known_sector(sector: str) -> bool:
    """True when ``sector`` (already normalised) is in the vocabulary."""
    return sector in _KNOWN


def sector_group(sector: str) -> str:
    """The sector a participant is counted under: the sector itself, or ``other`` for anything else."""
    normalised = normalise_sector(sector)
    return normalised if normalised in _KNOWN else OTHER_SECTOR
