"""Who is at the table: participants per sector, the recommended sectors missing, lived-experience voices.

Facilitators are neutral and are not counted as a sector's voice, unless marked as also speaking for
their sector (``counts_for_sector``: the county's own coordinator, say); everyone else is. A sector
outside the vocabulary (or none) counts as ``other``. Lived experience counts only a recorded yes; a
person whose answer is not recorded is counted apart, never as a no.
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
    lived_experience_unknown: int = 0  # people whose lived experience is not recorded
    # People per table (the voting table's name, else as first written; "" for no table), first-seen order.
    tables: dict[str, int] = field(default_factory=dict)


def speaks_for_sector(person: Participant) -> bool:
    """Whether a person counts as their sector's voice: everyone but a neutral facilitator."""
    return not person.facilitator or person.counts_for_sector


def _people_per_table(ws: Workshop, people: list[Participant]) -> dict[str, int]:
    """People per table, by the voting table's name when one matches ("system" sits at "System
    table"), else as first written; "" for people with no table."""
    from .candidate_edits import table_key

    named = {table_key(t.name): t.name for t in ws.voting.tables}
    spelled: dict[str, str] = {}
    tables: dict[str, int] = {}
    for person in people:
        written = " ".join(person.table.split())
        key = table_key(written) if written else ""
        name = named.get(key) or spelled.setdefault(key, written)
        tables[name] = tables.get(name, 0) + 1
    return tables


def build_roster(ws: Workshop) -> Roster:
    """The roster of a workshop's participants (facilitators left out)."""
    by_sector: dict[str, list[Participant]] = {}
    seated = [p for p in ws.participants if speaks_for_sector(p)]
    for person in seated:
        by_sector.setdefault(sector_group(person.sector), []).append(person)
    for people in by_sector.values():
        people.sort(key=lambda p: (p.name.casefold(), p.id))
    order = {s: n for n, s in enumerate(SECTORS)}
    by_sector = dict(sorted(by_sector.items(), key=lambda item: order.get(item[0], len(order))))
    sectors = {s: len(people) for s, people in by_sector.items()}
    missing = [s for s in RECOMMENDED_SECTORS if s not in sectors]
    lived = sum(1 for p in seated if p.lived_experience is True)
    unknown = sum(1 for p in seated if p.lived_experience is None)
    tables = _people_per_table(ws, seated)
    warnings = []
    if lived == 0 and unknown:
        warnings.append(f"Nobody is recorded as having lived experience, and it is not recorded for "
                        f"{unknown} of {len(seated)} people: ask, so that those voices are counted.")
    elif lived == 0:
        warnings.append("Nobody with lived experience is at the table: people with lived experience "
                        "should be equal partners, not left out.")
    elif lived < MIN_LIVED_EXPERIENCE:
        warnings.append("Only one person with lived experience is at the table: a single seat is "
                        "tokenism; invite at least one more voice.")
    warnings += [f"Nobody from {SECTOR_PHRASES.get(s, s)} is at the table." for s in missing]
    return Roster(sectors=sectors, missing=missing, lived_experience=lived, warnings=warnings,
                  participants_by_sector=by_sector, lived_experience_unknown=unknown, tables=tables)
