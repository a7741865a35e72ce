"""Who carries out a drafted step: participants from the sectors the step needs, never an invented name.

A strategy step names the sectors it needs (``strategy_library.StepDraft.sectors``). For each, the
participant from that sector is named, people from the organisations involved in the gap first (the
place's operator, the gap's organisation, those running resources nearby), then by name. When nobody
from a needed sector took part, the "who" says so: "a housing provider (nobody from
housing-homelessness took part)", which is also a note on who is missing from the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from .document_constants import CROSS_INTERCEPT
from .roster import build_roster
from .sectors import SECTORS
from .strategy_library import INTERCEPT_PARTNERS
from .workshop import Participant, Workshop

LIVED_EXPERIENCE_SECTOR = "peer-lived-experience"
PARTNER_SEPARATOR = "; "

# Which intercepts each sector usually works at; "X" for sectors that span the whole system.
SECTOR_INTERCEPTS: dict[str, frozenset[str]] = {
    "crisis-services": frozenset({"0"}),
    "hospital-health": frozenset({"0"}),
    "ems-fire": frozenset({"0", "1"}),
    "law-enforcement": frozenset({"1"}),
    "dispatch-911": frozenset({"1"}),
    "courts": frozenset({"2", "3"}),
    "pretrial": frozenset({"2", "3"}),
    "defense": frozenset({"2", "3"}),
    "prosecution": frozenset({"2", "3"}),
    "jail": frozenset({"3", "4"}),
    "probation-parole": frozenset({"5"}),
    "behavioral-health": frozenset({"0", "4", "5"}),
    "substance-use-treatment": frozenset({"0", "3", "4", "5"}),
    "housing-homelessness": frozenset({"4", "5"}),
    "veterans": frozenset({CROSS_INTERCEPT}),
    "local-government": frozenset({CROSS_INTERCEPT}),
    "advocacy-family": frozenset({CROSS_INTERCEPT}),
    "peer-lived-experience": frozenset({CROSS_INTERCEPT, "0", "4"}),
    "community-faith": frozenset({CROSS_INTERCEPT, "0"}),
}

# How a "who" names a sector nobody came from: "<this> (nobody from <sector> took part)".
SECTOR_ROLES: dict[str, str] = {
    "law-enforcement": "a law-enforcement agency",
    "dispatch-911": "the 911 centre",
    "ems-fire": "EMS or fire",
    "crisis-services": "a crisis-services provider",
    "courts": "the court",
    "prosecution": "the prosecutor's office",
    "defense": "the public defender",
    "pretrial": "pretrial services",
    "jail": "the jail",
    "probation-parole": "probation or parole",
    "behavioral-health": "a behavioral-health provider",
    "substance-use-treatment": "a substance use treatment provider",
    "hospital-health": "a hospital or health-care provider",
    "housing-homelessness": "a housing provider",
    "local-government": "county or city government",
    "veterans": "veterans' services",
    "advocacy-family": "an advocacy or family organisation",
    "peer-lived-experience": "people with lived experience",
    "community-faith": "a community or faith group",
}


def participant_label(person: Participant) -> str:
    """A participant as a step's "who": ``Name (Organisation)``, or the name alone."""
    return f"{person.name} ({person.organisation})" if person.organisation.strip() else person.name


def intercept_sectors(intercepts: Iterable[str]) -> list[str]:
    """The sectors that work at any of ``intercepts``, in vocabulary order."""
    wanted = set(intercepts) or {CROSS_INTERCEPT}
    return [s for s in SECTORS if SECTOR_INTERCEPTS.get(s, frozenset()) & wanted]


def missing_wording(sectors: list[str], role: str | None = None) -> str:
    """The "who" for a partner nobody at the table can be: what is needed, and that nobody came."""
    names = sectors[0] if len(sectors) == 1 else ", ".join(sectors[:-1]) + " or " + sectors[-1]
    return f"{role or SECTOR_ROLES.get(sectors[0], sectors[0])} (nobody from {names} took part)"


class PartnerFinder:
    """Participants by sector (facilitators left out), built once for every plan of a derivation."""

    def __init__(self, ws: Workshop) -> None:
        self._by_sector = {s: list(people) for s, people in build_roster(ws).participants_by_sector.items()}
        seated = self._by_sector.get(LIVED_EXPERIENCE_SECTOR, [])
        lived = sorted((p for p in ws.participants if p.lived_experience and not p.facilitator
                        and p not in seated), key=lambda p: (p.name.casefold(), p.id))
        # People with lived experience speak for it whatever their sector: after the peers themselves.
        self._by_sector[LIVED_EXPERIENCE_SECTOR] = seated + lived

    def people(self, sector: str, organisations: set[str]) -> list[Participant]:
        """The participants of one sector, those from ``organisations`` (casefolded) first."""
        people = self._by_sector.get(sector, [])
        return sorted(people, key=lambda p: p.organisation.strip().casefold() not in organisations)

    def who(self, slots: tuple[str, ...], organisations: set[str],
            intercepts: Iterable[str]) -> tuple[str, str | None]:
        """The "who" text of a step needing ``slots``, and the id of the first person named (or None)."""
        parts: list[str] = []
        named: list[Participant] = []
        for slot in slots:
            local = slot == INTERCEPT_PARTNERS
            sectors = intercept_sectors(intercepts) if local else slot.split("|")
            present = [p for s in sectors for p in self.people(s, organisations)]
            if not present:
                parts.append(missing_wording(sectors, "the agencies where the gap sits" if local else None))
                continue
            person = next((p for p in present if p not in named), None)
            if person is not None:  # else everyone from this sector is named already in this step
                named.append(person)
                parts.append(participant_label(person))
        return PARTNER_SEPARATOR.join(dict.fromkeys(parts)), named[0].id if named else None
