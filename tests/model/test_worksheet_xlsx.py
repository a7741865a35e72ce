"""Excel workbooks (.xlsx): the worksheet, participants and plans as sheets, read safely and exactly."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercept_mapper.model import InputError
from intercept_mapper.model import xlsx_tables as xlsx
from intercept_mapper.model.participants_csv import parse_participants, participant_rows
from intercept_mapper.model.plans_csv import apply_plans, plan_rows
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.tally_csv import parse_tally
from intercept_mapper.model.worksheet_csv import format_worksheet, parse_worksheet, worksheet_csv_bytes
from intercept_mapper.model.workshop import Finding
from tests.conftest import SAMPLES


def book(*sheets: tuple[str, list[list[object]]]) -> bytes:
    """A workbook made as a person would: sheets of plain values."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        sheet = wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_worksheet(data, "w.xlsx")
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def riverbend():
    return load_workshop(SAMPLES / "riverbend.simmap")


def test_the_sample_round_trips_through_a_workbook(riverbend):
    data = xlsx.workshop_workbook_bytes(riverbend, include_contacts=True)
    sheets = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    assert sheets == ["worksheet", "participants", "plans"]
    result = parse_worksheet(data, "back.xlsx")
    assert result.warnings == []
    assert format_worksheet(result.workshop) == format_worksheet(riverbend)
    people, warnings = result.participants
    assert warnings == []
    assert participant_rows(people) == participant_rows(riverbend.participants)
    # The plans sheet, applied as import-plans would, gives the same plans CSV rows.
    assert result.plans is not None and result.plans.warnings == []
    planned = apply_plans(result.workshop, result.plans.rows).workshop
    assert plan_rows(planned) == plan_rows(riverbend) and len(plan_rows(planned)) > 10
    # Each plan is linked again to the candidate it was for (its candidate_title column): none is lost.
    titles = {c.id: c.title for c in riverbend.voting.candidates}
    back = {c.id: c.title for c in planned.voting.candidates}
    assert [back[p.candidate_id] for p in planned.action_plans] == [
        titles[p.candidate_id] for p in riverbend.action_plans]
    # And the CSV of the same workshop imports to the same worksheet.
    assert format_worksheet(parse_worksheet(worksheet_csv_bytes(riverbend), "b.csv").workshop) == \
        format_worksheet(result.workshop)


def test_contacts_only_when_asked(riverbend):
    def header(data: bytes) -> list[str]:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["participants"]
        return [c.value for c in next(sheet.iter_rows())]

    assert "email" not in header(xlsx.workshop_workbook_bytes(riverbend))
    assert {"email", "phone"} <= set(header(xlsx.workshop_workbook_bytes(riverbend, include_contacts=True)))


def test_per_table_votes_round_trip_and_counts_are_numbers():
    text = ("intercept,kind,title,votes:System,votes:Community,rank\n1,gap,A,5,,\n1,gap,B,0,3,\n"
            "X,gap,C,,,1\n")
    ws = parse_worksheet(text.encode(), "w.csv").workshop
    data = xlsx.workshop_workbook_bytes(ws)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["worksheet"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][7:10] == ["votes:System", "votes:Community", "rank"]
    assert values[1][7:9] == [5, None] and values[2][7:9] == [0, 3]
    again = parse_worksheet(data, "w.xlsx").workshop
    assert format_worksheet(again) == format_worksheet(ws)


def test_formula_like_cells_are_text_guarded_and_come_back_exact():
    ws = parse_worksheet(b"intercept,kind,title\n1,gap,G\n", "w.csv").workshop
    texts = ["=1+1", "+44 20", "-x", "@here", "'=quoted", "ctrl \x01\x1f and \r\n and _x0041_ and _x005F_"]
    ws.findings = [Finding(id=f"f{n}", kind="resource", intercept="1", title=f"t{n}", description=t,
                           organisation=t) for n, t in enumerate(texts)]
    data = xlsx.workshop_workbook_bytes(ws)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["worksheet"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)  # nothing is a formula
    assert not [c.value for c in cells if str(c.value)[:1] in "=+-@"]
    back = parse_worksheet(data, "w.xlsx").workshop
    assert [(f.description, f.organisation) for f in back.findings] == [(t, t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.characters(exclude_categories=("Cs",)) | st.sampled_from(["_x", "_x0041_", "005F_", "\r"]))
       .map("".join))
def test_cell_escapes_round_trip(text):
    escaped = xlsx.escape_text(text)
    assert not xlsx._NOT_XML.search(escaped)
    assert xlsx.unescape_text(escaped) == text


def test_the_sheet_named_worksheet_is_read_else_the_first():
    rows = [["intercept", "kind", "title"], [1, "point", "From the worksheet sheet"]]
    other = [["intercept", "kind", "title"], [1, "point", "From the first sheet"]]
    named = parse_worksheet(book(("Notes", other), ("Worksheet", rows)), "w.xlsx").workshop
    assert [p.title for p in named.points] == ["From the worksheet sheet"]
    first = parse_worksheet(book(("Sheet1", other), ("Notes", rows)), "w.xlsx").workshop
    assert [p.title for p in first.points] == ["From the first sheet"]


def test_values_a_person_typed_become_the_text_a_csv_would_hold():
    data = book(("Sheet1", [["Intercept", "Kind", "Title", "Organization", "Votes"],
                            [2, "point", "Court", None, None],
                            [2.0, "gap", "No interpreter", "Court admin", 4.0],
                            [3, "gap", datetime(2026, 3, 1), True, 0]]))
    result = parse_worksheet(data, "w.xlsx")
    ws = result.workshop
    assert [p.intercept for p in ws.points] == ["2"]
    assert [(g.title, g.organisation) for g in ws.gaps()] == [("No interpreter", "Court admin"),
                                                              ("2026-03-01", "true")]
    assert [c.total_votes() for c in ws.voting.candidates] == [4, 0]
    assert xlsx.cell_text(date(2026, 1, 2)) == "2026-01-02" and xlsx.cell_text(2.5) == "2.5"


def test_problems_name_the_sheet_and_row():
    data = book(("Map", [["intercept", "kind", "title"], [1, "point", "A"], [9, "point", "B"]]))
    assert errors_of(data) == ["w.xlsx (sheet 'Map'):3: intercept: '9' is not an intercept (use 0 to 5, X, "
                               "'Intercept N' or an intercept's label)"]
    assert errors_of(book(("Empty", []))) == ["w.xlsx (sheet 'Empty'): the sheet is empty"]


def test_every_sheet_is_checked_before_giving_up():
    data = book(("worksheet", [["intercept", "kind", "title"], [9, "point", "A"]]),
                ("participants", [["name", "lived_experience"], ["Ann", "maybe"]]),
                ("plans", [["priority", "objective", "step", "status"], ["P", "O", "S", "maybe"]]))
    found = errors_of(data)
    assert [f.split(": ")[0] for f in found] == [
        "w.xlsx (sheet 'worksheet'):2", "w.xlsx (sheet 'participants'):2", "w.xlsx (sheet 'plans'):2"]


def test_participants_and_a_tally_from_workbooks():
    people, _ = parse_participants(book(("People", [["Name", "Agency", "Table"], ["Ann", "PD", "system"]])),
                                   "p.xlsx")
    assert (people[0].name, people[0].organisation, people[0].table) == ("Ann", "PD", "system")
    tally = parse_tally(book(("Sheet", [["Candidate", "Votes"], ["Housing", 3], ["Data", None]])), "t.xlsx")
    assert [(r.candidate, r.votes) for r in tally.rows] == [("Housing", 3), ("Data", None)]


# --- hostile workbooks --------------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_UNPACKED_BYTES", 100_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000)  # compresses to a few hundred bytes
    data = out.getvalue()
    assert len(data) < 2_000
    found = errors_of(data)
    assert len(found) == 1 and found[0].startswith("w.xlsx: the workbook unpacks to 0 MB, more than the 0 MB")


def test_too_many_rows_or_columns_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 10)
    rows = [["intercept", "kind", "title"]] + [[1, "point", f"P{n}"] for n in range(20)]
    assert errors_of(book(("S", rows))) == [
        "w.xlsx (sheet 'S'): the sheet has more than 10 rows; a worksheet needs at most one per item "
        "(see Limits in the README)"]
    wb = openpyxl.Workbook()
    wb.active.append(["intercept", "kind", "title"])
    wb.active.cell(row=2, column=5000, value="far away")
    out = io.BytesIO()
    wb.save(out)
    assert errors_of(out.getvalue()) == ["w.xlsx (sheet 'Sheet'):2: the row has a value in column 5,000; at "
                                         "most 1,000 columns are read"]


def test_a_sheet_claiming_the_whole_grid_is_read_by_what_it_holds():
    data = book(("S", [["intercept", "kind", "title"], [1, "point", "A"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"')
                assert b"XFD1048576" in body
            dst.writestr(item, body)
    ws = parse_worksheet(out.getvalue(), "w.xlsx").workshop
    assert [p.title for p in ws.points] == ["A"]


@pytest.mark.parametrize(("members", "expected"), [
    ({"content.xml": "x", "mimetype": "application/vnd.oasis.opendocument.spreadsheet"},
     "w.xlsx: the file is an OpenDocument spreadsheet, not an Excel workbook (.xlsx)"),
    ({"word/document.xml": "x"}, "w.xlsx: the file is a zip archive, not an Excel workbook (.xlsx)"),
    ({"xl/workbook.xml": "<not a workbook"}, "w.xlsx: the workbook cannot be read"),
])
def test_other_archives_are_refused_plainly(members, expected):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    found = errors_of(out.getvalue())
    assert len(found) == 1 and found[0].startswith(expected), found
