"""Who is at the table: participants per sector, the recommended sectors missing, lived-experience voices.

Facilitators are neutral and are not counted as a sector's voice; everyone else is. A sector outside the
vocabulary (or none) counts as ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .sectors import RECOMMENDED_SECTORS, SECTORS, sector_group
from .workshop import Participant, Workshop

# Enough voices that lived experience is not a single token seat (the domain brief: tokenism).
MIN_LIVED_EXPERIENCE = 2

# How the warning names a missing sector: "Nobody from <this> is at the table".
SECTOR_PHRASES: dict[str, str] = {
    "law-enforcement": "law enforcement",
    "dispatch-911": "911 dispatch",
    "ems-fire": "EMS or fire",
    "crisis-services": "crisis services",
    "courts": "the courts",
    "prosecution": "the prosecution",
    "defense": "the defense",
    "pretrial": "pretrial services",
    "jail": "the jail",
    "probation-parole": "probation or parole",
    "behavioral-health": "behavioral health",
    "substance-use-treatment": "substance use treatment",
    "hospital-health": "the hospitals or health care",
    "housing-homelessness": "housing and homelessness services",
    "local-government": "local government",
    "veterans": "veterans' services",
    "advocacy-family": "advocates or families",
    "peer-lived-experience": "peers with lived experience",
    "community-faith": "community or faith groups",
}


@dataclass
class Roster:
    """Coverage of the table: counts per sector (vocabulary order), gaps in it, and warnings to read out."""

    sectors: dict[str, int]
    missing: list[str]
    lived_experience: int
    warnings: list[str]
    participants_by_sector: dict[str, list[Participant]] = field(default_factory=dict)


def build_roster(ws: Workshop) -> Roster:
    """The roster of a workshop's participants (facilitators left out)."""
    by_sector: dict[str, list[Participant]] = {}
    seated = [p for p in ws.participants if not p.facilitator]
    for person in seated:
        by_sector.setdefault(sector_group(person.sector), []).append(person)
    for people in by_sector.values():
        people.sort(key=lambda p: (p.name.casefold(), p.id))
    order = {s: n for n, s in enumerate(SECTORS)}
    by_sector = dict(sorted(by_sector.items(), key=lambda item: order.get(item[0], len(order))))
    sectors = {s: len(people) for s, people in by_sector.items()}
    missing = [s for s in RECOMMENDED_SECTORS if s not in sectors]
    lived = sum(1 for p in seated if p.lived_experience)
    warnings = []
    if lived == 0:
        warnings.append("Nobody with lived experience is at the table: people with lived experience "
                        "should be equal partners, not left out.")
    elif lived < MIN_LIVED_EXPERIENCE:
        warnings.append("Only one person with lived experience is at the table: a single seat is "
                        "tokenism; invite at least one more voice.")
    warnings += [f"Nobody from {SECTOR_PHRASES.get(s, s)} is at the table." for s in missing]
    return Roster(sectors=sectors, missing=missing, lived_experience=lived, warnings=warnings,
                  participants_by_sector=by_sector)
