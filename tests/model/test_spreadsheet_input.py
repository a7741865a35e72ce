"""Worksheets, participants and plans as Excel really saves them (issue 17, part 1): header spellings,
encodings, delimiters, the byte-order mark on export and the formula guard both ways."""

from __future__ import annotations

import csv
import io

import pytest

from intercept_mapper.model import InputError, new_workshop
from intercept_mapper.model.csv_guard import guard_cell
from intercept_mapper.model.participants_csv import format_participants, parse_participants
from intercept_mapper.model.plans_csv import parse_plans
from intercept_mapper.model.worksheet_csv import parse_worksheet, worksheet_csv_bytes
from intercept_mapper.model.workshop import Finding


def problems(call, *args) -> list[str]:
    with pytest.raises(InputError) as caught:
        call(*args)
    return [str(p) for p in caught.value.problems]


# --- header spellings -------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["organization", "Organization", "org", "AGENCY", "Organi sation",
                                    "organi_sation"])
def test_organisation_spellings_fill_the_organisation(header):
    data = f"intercept,kind,title,{header}\n1,point,Patrol,Riverbend PD\n1,gap,No CIT,NAMI\n".encode()
    result = parse_worksheet(data, "w.csv")
    assert result.warnings == []  # seen: 'organization' was ignored with a warning, every cell lost
    assert [p.organisation for p in result.workshop.points] == ["Riverbend PD"]
    assert [g.organisation for g in result.workshop.gaps()] == ["NAMI"]


def test_headers_ignore_case_spaces_and_underscores():
    data = b"INTERCEPT,Kind,Title,At Point,AT_POINT_X,Description\n1,point,Patrol,,,d\n1,gap,G,Patrol,,\n"
    result = parse_worksheet(data, "w.csv")
    assert result.workshop.gaps()[0].point_id == result.workshop.points[0].id
    assert [str(w) for w in result.warnings] == ["w.csv:1: unknown column 'at_point_x' ignored"]


def test_two_spellings_of_one_column_are_refused():
    assert problems(parse_worksheet, b"intercept,kind,title,organisation,Organization\n", "w.csv") == [
        "w.csv:1: the columns 'organisation' and 'Organization' both mean 'organisation'"]


def test_participants_accept_organization():
    people, warnings = parse_participants(b"Name,Organization,Lived Experience\nAnn,PD,yes\n", "p.csv")
    assert warnings == [] and people[0].organisation == "PD" and people[0].lived_experience is True


# --- encodings ----------------------------------------------------------------------------------------

EXCEL_CP1252_SEMICOLONS = (
    "intercept;kind;title;organization;votes\r\n"
    "1;point;Patrouille;Département de police;\r\n"
    "1;gap;Pas d'équipe CIT;Café « Entraide »;7\r\n"
).encode("cp1252")


def test_a_csv_saved_by_excel_in_cp1252_with_semicolons():
    result = parse_worksheet(EXCEL_CP1252_SEMICOLONS, "excel.csv")
    ws = result.workshop
    assert [p.organisation for p in ws.points] == ["Département de police"]
    assert ws.gaps()[0].title == "Pas d'équipe CIT" and ws.gaps()[0].organisation == "Café « Entraide »"
    assert ws.voting.candidates[0].total_votes() == 7
    assert len(result.warnings) == 1
    assert "cp1252" in str(result.warnings[0]) and str(result.warnings[0]).startswith("excel.csv: ")


def test_utf8_with_and_without_bom_gives_no_warning():
    text = "intercept,kind,title\n1,point,Café\n"
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        result = parse_worksheet(data, "w.csv")
        assert result.warnings == [] and result.workshop.points[0].title == "Café"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_a_bom_tab_separated(codec):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
    text = "intercept\tkind\ttitle\n2\tpoint\tAudiencia inicial\n2\tgap\tSin intérprete\n"
    data = text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
    ws = parse_worksheet(data, "w.txt").workshop
    assert [p.title for p in ws.points] == ["Audiencia inicial"] and ws.gaps()[0].title == "Sin intérprete"


def test_bytes_neither_utf8_nor_cp1252_are_refused_with_the_line():
    assert problems(parse_worksheet, b"intercept,kind,title\n1,point,A\x81\n", "w.csv")[0].startswith(
        "w.csv:2: the file is neither UTF-8 nor Windows-1252 text (byte 0x81")


# --- delimiters ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("mark", [",", ";", "\t"])
def test_each_delimiter_is_found_from_the_header(mark):
    rows = [["intercept", "kind", "title", "description"], ["1", "point", "Patrol", "a, b; c"]]
    data = "\n".join(mark.join(f'"{c}"' if mark in "a, b; c" and c == "a, b; c" else c for c in row)
                     for row in rows).encode()
    ws = parse_worksheet(data, "w.csv").workshop
    assert ws.points[0].description == "a, b; c"


def test_a_title_with_commas_in_a_semicolon_file():
    ws = parse_worksheet(b"intercept;kind;title\n1;point;Arrest, booking\n", "w.csv").workshop
    assert ws.points[0].title == "Arrest, booking"


def test_a_header_that_reads_as_well_either_way_names_both_delimiters():
    found = problems(parse_worksheet, b"intercept;kind,title\n", "w.csv")
    assert found == ["w.csv:1: cannot tell whether the columns are separated by commas or semicolons: the "
                     "header row reads as well either way (save it from the spreadsheet as 'CSV UTF-8 "
                     "(comma delimited)')"]


def test_missing_columns_say_how_the_header_was_read():
    # Seen: a file split at another character failed with "required column missing" and no word of why.
    found = problems(parse_worksheet, b"intercept|kind|title\n1|point|A\n", "w.csv")
    assert len(found) == 3
    assert all("read as comma-separated, giving the columns 'intercept|kind|title'" in f for f in found)
    # A file whose header simply lacks a column keeps the plain message.
    assert problems(parse_worksheet, b"intercept,title\n1,A\n", "w.csv") == [
        "w.csv:1: the required column 'kind' is missing"]


def test_participants_and_plans_read_semicolons_and_cp1252():
    data = "name;organization;table\nJosé;Église;community\n".encode("cp1252")
    people, _ = parse_participants(data, "p.csv")
    assert (people[0].name, people[0].organisation, people[0].table) == ("José", "Église", "community")
    plans = parse_plans(b"priority;objective;step;who\nHousing;More beds;Ask the council;Ann\n", "p.csv")
    assert [(r.priority, r.step, r.values["who"]) for r in plans.rows] == [
        ("Housing", "Ask the council", "Ann")]


# --- export: byte-order mark and formula guard ---------------------------------------------------------

def test_worksheet_csv_starts_with_a_bom():
    assert worksheet_csv_bytes(new_workshop()).startswith(b"\xef\xbb\xbfintercept,kind,title,")


FORMULAS = ["=HYPERLINK(\"http://x\",\"click\")", "+1 555 0100", "-2 beds", "@SUM(A1)", "'=already quoted",
            "''=twice", "plain", "'plain"]


def test_formula_like_cells_are_guarded_on_export_and_unguarded_on_import():
    ws = new_workshop()
    ws.findings = [Finding(id=f"g{n}", kind="gap", intercept="1", title=text, description=text,
                           organisation=text, theme=text.lower()) for n, text in enumerate(FORMULAS)]
    data = worksheet_csv_bytes(ws)
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]  # seen: written as they were
    assert guard_cell(FORMULAS[0]) in cells and "'" * 3 + "=twice" in cells and "'plain" in cells
    back = parse_worksheet(data, "w.csv").workshop
    assert [(g.title, g.description, g.organisation) for g in back.gaps()] == [(t, t, t) for t in FORMULAS]


def test_participants_export_guards_and_import_unguards():
    people, _ = parse_participants(b"name,phone\n'=cmd,'+1 555\n", "p.csv")
    assert (people[0].name, people[0].phone) == ("=cmd", "+1 555")
    text = format_participants(people)
    assert "'=cmd" in text and "'+1 555" in text
    again, _ = parse_participants(text.encode(), "again.csv")
    assert (again[0].name, again[0].phone) == ("=cmd", "+1 555")
