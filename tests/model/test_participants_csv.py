"""Participants CSV import and export, and the sector vocabulary."""

from __future__ import annotations

import csv
import io

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.participants_csv import (
    format_participants,
    parse_participants,
    read_participants,
)
from intercept_mapper.model.sectors import (
    RECOMMENDED_SECTORS,
    SECTORS,
    normalise_sector,
    sector_group,
)
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "riverbend-participants.csv"


def test_sample_participants():
    people, warnings = read_participants(SAMPLE)
    assert warnings == []
    assert len(people) == 12
    jamal = next(p for p in people if p.name == "Jamal Greene")
    assert (jamal.sector, jamal.lived_experience, jamal.table) == ("peer-lived-experience", True, "community")
    dana = people[0]
    assert (dana.name, dana.email, dana.lived_experience) == (
        "Dana Whitfield", "dwhitfield@example.org", False)
    assert len({p.id for p in people}) == 12


def test_round_trip_keeps_every_value():
    people, _ = read_participants(SAMPLE)
    again, _ = parse_participants(format_participants(people).encode(), "again.csv")
    strip_ids = [p.model_dump(exclude={"id"}) for p in people]
    assert [p.model_dump(exclude={"id"}) for p in again] == strip_ids


def test_export_without_contacts_leaves_out_email_and_phone():
    people, _ = read_participants(SAMPLE)
    text = format_participants(people, include_contacts=False)
    assert "dwhitfield@example.org" not in text
    header = next(csv.reader(io.StringIO(text)))
    assert "email" not in header and "phone" not in header and header[0] == "name"


@pytest.mark.parametrize(("text", "expected"), [
    ("yes", True), ("YES", True), ("y", True), ("True", True), ("1", True),
    ("no", False), ("N", False), ("false", False), ("0", False), ("", None), ("  ", None),
])
def test_lived_experience_values(text, expected):  # empty: not said, so unknown (not "no")
    people, _ = parse_participants(f"name,lived_experience\nAna,{text}\n".encode(), "p.csv")
    assert people[0].lived_experience is expected


def test_bad_rows_are_all_reported():
    data = b"Name,Lived_Experience\nAna,maybe\n,yes\nBo,no\n"
    with pytest.raises(InputError) as caught:
        parse_participants(data, "p.csv")
    assert [str(p) for p in caught.value.problems] == [
        "p.csv:2: lived_experience: 'maybe' is not yes or no",
        "p.csv:3: name: the name is empty",
    ]


def test_missing_name_column():
    with pytest.raises(InputError, match="p.csv:1: the required column 'name' is missing"):
        parse_participants(b"organisation\nNAMI\n", "p.csv")


def test_sector_normalised_and_unknown_kept_with_a_warning():
    data = b"name,sector,shoe_size\nAna, Law Enforcement \nBo,Probation_Parole\nCy,Judge\n"
    people, warnings = parse_participants(data, "p.csv")
    assert [p.sector for p in people] == ["law-enforcement", "probation-parole", "judge"]
    assert [sector_group(p.sector) for p in people] == ["law-enforcement", "probation-parole", "other"]
    assert [str(w) for w in warnings] == [
        "p.csv:1: unknown column 'shoe_size' ignored",
        "p.csv:4: sector: 'judge' is not a known sector; it is kept and counted as 'other'",
    ]


def test_duplicate_names_warn():
    _, warnings = parse_participants(b"name\nAna Ruiz\nana ruiz\n", "p.csv")
    assert [str(w) for w in warnings] == ["p.csv:3: name: 'ana ruiz' is also listed on line 2"]


def test_sector_vocabulary():
    assert SECTORS[0] == "law-enforcement" and SECTORS[-1] == "other" and len(SECTORS) == 20
    assert set(RECOMMENDED_SECTORS) <= set(SECTORS) and len(RECOMMENDED_SECTORS) == 14
    assert normalise_sector("  Substance Use_Treatment ") == "substance-use-treatment"
    assert sector_group("") == "other"
