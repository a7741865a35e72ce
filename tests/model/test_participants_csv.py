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


# ----------------------------------------------------------------------------- every column, both ways
def test_every_column_and_its_other_spellings_are_read() -> None:
    data = (b"NAME,Organization,Sector,Role,Lived Experience,Table,E-mail,Phone,Planning-Team,Facilitator\n"
            b" Ana Ruiz ,NAMI,peer-lived-experience,Chair, Yes ,community,ana@example.org,555 0100,y,0\n"
            b"Bo,,,,,,,,,\n")
    (ana, bo), warnings = parse_participants(data, "p.csv")
    assert warnings == []
    assert ana.model_dump(exclude={"id", "counts_for_sector"}) == {
        "name": "Ana Ruiz", "organisation": "NAMI", "sector": "peer-lived-experience", "role": "Chair",
        "lived_experience": True, "table": "community", "email": "ana@example.org", "phone": "555 0100",
        "planning_team": True, "facilitator": False}
    assert (bo.lived_experience, bo.planning_team, bo.facilitator) == (None, False, False)
    assert ana.id.startswith("pp-") and ana.id != bo.id
    for header, column in (("org", "organisation"), ("agency", "organisation"), ("email address", "email")):
        (person,), _ = parse_participants(f"name,{header}\nAna,x\n".encode(), "p.csv")
        assert getattr(person, column) == "x"


@pytest.mark.parametrize("text", ["yes", " YES ", "y", "true", "1"])
def test_yes_in_each_spelling(text: str) -> None:
    from intercept_mapper.model.participants_csv import parse_yes_no
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", " No ", "n", "FALSE", "0", "", "  "])
def test_no_in_each_spelling(text: str) -> None:
    from intercept_mapper.model.participants_csv import parse_yes_no
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["maybe", "yes no", "2", "-"])
def test_anything_else_is_neither(text: str) -> None:
    from intercept_mapper.model.participants_csv import parse_yes_no
    assert parse_yes_no(text) is None


def test_the_planning_and_facilitator_flags_refuse_what_is_not_yes_or_no() -> None:
    with pytest.raises(InputError) as caught:
        parse_participants(b"name,planning_team,facilitator\nAna,perhaps,yes\nBo,no,sometimes\n", "p.csv")
    assert [str(p) for p in caught.value.problems] == [
        "p.csv:2: planning_team: 'perhaps' is not yes or no",
        "p.csv:3: facilitator: 'sometimes' is not yes or no",
    ]


def test_a_text_too_long_for_the_file_is_refused_naming_the_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_participants(f"name,role\n{'n' * 1001},ok\nBo,{'r' * 1001}\n".encode(), "p.csv")
    assert [str(p) for p in caught.value.problems] == [
        "p.csv:2: name: the name is 1,001 characters long; at most 1,000 are allowed",
        "p.csv:3: role: the role is 1,001 characters long; at most 1,000 are allowed",
    ]


def test_a_name_repeated_three_times_points_each_to_its_first_line() -> None:
    _, warnings = parse_participants(b"name\nAna\nBo\nANA\nana\n", "p.csv")
    assert [str(w) for w in warnings] == ["p.csv:4: name: 'ANA' is also listed on line 2",
                                          "p.csv:5: name: 'ana' is also listed on line 2"]


def test_more_rows_than_a_map_may_hold_are_refused() -> None:
    from intercept_mapper.model.limits import MAX_ITEMS
    data = ("name\n" + "".join(f"P{n}\n" for n in range(MAX_ITEMS + 1))).encode()
    with pytest.raises(InputError) as caught:
        parse_participants(data, "p.csv")
    assert [str(p) for p in caught.value.problems] == [
        f"p.csv: the map has {MAX_ITEMS + 1:,} items; at most {MAX_ITEMS:,} are allowed "
        "(see Limits in the README)"]
    data = ("name\n" + "".join(f"P{n}\n" for n in range(MAX_ITEMS))).encode()
    people, _ = parse_participants(data, "p.csv")
    assert len(people) == MAX_ITEMS


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    from intercept_mapper.model.limits import MAX_FILE_BYTES
    with pytest.raises(InputError) as caught:
        parse_participants(b"name\n" + b"x" * (MAX_FILE_BYTES - 4), "p.csv")
    assert [str(p) for p in caught.value.problems] == [
        "p.csv: the file is larger than 64 MB, more than any workshop needs (see Limits in the README)"]


def test_at_most_50_bad_rows_are_listed_and_the_rest_counted() -> None:
    data = b"name,role\n" + b"".join(b",x\n" for _ in range(53))
    with pytest.raises(InputError) as caught:
        parse_participants(data, "p.csv")
    problems = caught.value.problems
    assert len(problems) == 51
    assert str(problems[49]) == "p.csv:51: name: the name is empty"
    assert problems[50].message == "... and 3 more like these, not shown"


def test_an_unreadable_file_is_named_with_the_reason(tmp_path) -> None:
    with pytest.raises(InputError) as caught:
        read_participants(tmp_path / "gone.csv")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'gone.csv'}: cannot read the file: No such file or directory"]


def test_the_written_file_has_every_column_in_order_flags_in_words_and_formulas_guarded() -> None:
    from intercept_mapper.model import Participant
    from intercept_mapper.model.participants_csv import participants_csv_bytes
    people = [Participant(id="p1", name="=HYPERLINK(1)", organisation="NAMI", sector="courts", role="Judge",
                          lived_experience=None, table="system", email="a@b.org", phone="+1 555",
                          planning_team=True, facilitator=False),
              Participant(id="p2", name="Bo", lived_experience=True, facilitator=True),
              Participant(id="p3", name="Cy", lived_experience=False)]
    data = participants_csv_bytes(people)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["name", "organisation", "sector", "role", "lived_experience", "table", "email", "phone",
         "planning_team", "facilitator"],
        ["'=HYPERLINK(1)", "NAMI", "courts", "Judge", "", "system", "a@b.org", "'+1 555", "yes", "no"],
        ["Bo", "", "", "", "yes", "", "", "", "no", "yes"],
        ["Cy", "", "", "", "no", "", "", "", "no", "no"],
    ]
    again, _ = parse_participants(data, "again.csv")
    assert [p.model_dump(exclude={"id"}) for p in again] == [p.model_dump(exclude={"id"}) for p in people]
    without = participants_csv_bytes(people, include_contacts=False).decode("utf-8-sig")
    short = list(csv.reader(io.StringIO(without)))
    assert short[0] == ["name", "organisation", "sector", "role", "lived_experience", "table",
                        "planning_team", "facilitator"]
    assert short[1] == ["'=HYPERLINK(1)", "NAMI", "courts", "Judge", "", "system", "yes", "no"]


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not(monkeypatch) -> None:
    from intercept_mapper.model import participants_csv
    data = b"name\nAna\nBo\n"
    monkeypatch.setattr(participants_csv, "MAX_FILE_BYTES", len(data))
    people, _ = parse_participants(data, "p.csv")
    assert [p.name for p in people] == ["Ana", "Bo"]
    with pytest.raises(InputError) as caught:
        parse_participants(data + b"C\n", "p.csv")
    assert str(caught.value.problems[0]).startswith("p.csv: the file is larger than ")


def test_a_workbook_s_bad_rows_name_the_file_and_the_sheet() -> None:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    for row in (["Name", "Facilitator"], ["Ann", "perhaps"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InputError) as caught:
        parse_participants(out.getvalue(), "p.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "p.xlsx (sheet 'People'):2: facilitator: 'perhaps' is not yes or no"]


def test_a_file_read_from_disk_names_its_path_in_each_problem(tmp_path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"name,facilitator\nAna,perhaps\n")
    with pytest.raises(InputError) as caught:
        read_participants(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:2: facilitator: 'perhaps' is not yes or no"]


def test_rows_hold_the_contacts_unless_told_not_to() -> None:
    from intercept_mapper.model import Participant
    from intercept_mapper.model.participants_csv import participant_rows
    people = [Participant(id="p1", name="Ana", email="a@b.org", phone="555")]
    assert (participant_rows(people)[0]["email"], participant_rows(people)[0]["phone"]) == ("a@b.org", "555")
    assert "email" not in participant_rows(people, include_contacts=False)[0]
