"""Who is at the table: sector counts, missing recommended sectors, lived-experience voices."""

from __future__ import annotations

from intercept_mapper.model import Participant, new_workshop
from intercept_mapper.model.participants_csv import read_participants
from intercept_mapper.model.roster import build_roster
from intercept_mapper.model.sectors import RECOMMENDED_SECTORS
from tests.conftest import SAMPLES


def riverbend_roster():
    ws = new_workshop()
    ws.participants, _ = read_participants(SAMPLES / "riverbend-participants.csv")
    return build_roster(ws)


def test_riverbend_counts_missing_sectors_and_lived_experience() -> None:
    roster = riverbend_roster()
    assert roster.sectors == {
        "law-enforcement": 1, "dispatch-911": 1, "crisis-services": 1, "courts": 1, "defense": 1,
        "jail": 1, "probation-parole": 1, "housing-homelessness": 1, "advocacy-family": 1,
        "peer-lived-experience": 2, "community-faith": 1,
    }
    assert roster.missing == [
        "prosecution", "behavioral-health", "substance-use-treatment", "hospital-health",
    ]
    assert roster.lived_experience == 2
    assert roster.warnings == [
        "Nobody from the prosecution is at the table.",
        "Nobody from behavioral health is at the table.",
        "Nobody from substance use treatment is at the table.",
        "Nobody from the hospitals or health care is at the table.",
    ]
    assert [p.name for p in roster.participants_by_sector["peer-lived-experience"]] == [
        "Jamal Greene", "Luis Ortega",
    ]


def test_unknown_sectors_count_as_other_and_facilitators_are_not_counted() -> None:
    ws = new_workshop()
    ws.participants = [
        Participant(id="a", name="A", sector="Astrology"),
        Participant(id="b", name="B", sector=""),
        Participant(id="c", name="C", sector="Law Enforcement"),
        Participant(id="f", name="F", sector="jail", facilitator=True),
    ]
    roster = build_roster(ws)
    assert roster.sectors == {"law-enforcement": 1, "other": 2}
    assert "jail" in roster.missing
    assert roster.missing == [s for s in RECOMMENDED_SECTORS if s != "law-enforcement"]


def test_lived_experience_warnings_for_none_and_for_a_single_voice() -> None:
    ws = new_workshop()
    assert "Nobody with lived experience" in build_roster(ws).warnings[0]
    ws.participants = [Participant(id="a", name="A", lived_experience=True)]
    assert "tokenism" in build_roster(ws).warnings[0]
    ws.participants.append(Participant(id="b", name="B", lived_experience=True))
    roster = build_roster(ws)
    assert roster.lived_experience == 2
    assert not any("tokenism" in w or "Nobody with lived experience" in w for w in roster.warnings)


def test_sectors_come_in_vocabulary_order_and_lived_experience_warnings_are_said_whole() -> None:
    ws = new_workshop()
    ws.participants = [
        Participant(id="p1", name="Vet", sector="veterans", lived_experience=False),
        Participant(id="p2", name="Judge", sector="courts", lived_experience=False),
        Participant(id="p3", name="Officer", sector="law-enforcement", lived_experience=False),
    ]
    roster = build_roster(ws)
    assert list(roster.sectors) == ["law-enforcement", "courts", "veterans"]
    assert roster.warnings[0] == ("Nobody with lived experience is at the table: people with lived "
                                  "experience should be equal partners, not left out.")
    ws.participants[0].lived_experience = True
    assert build_roster(ws).warnings[0] == (
        "Only one person with lived experience is at the table: a single seat is tokenism; invite at "
        "least one more voice.")
