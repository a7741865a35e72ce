"""Workbooks held exactly: escapes as Excel writes them, each refusal of a hostile or damaged file said
whole with the file, and the archive's limits at their exact count.

Each test here failed on a mutant (a small deliberate change of ``model/xlsx_tables.py``) that the
workbook tests before it let pass; see bench/README.md, "Mutation testing", fifth run (mutD).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest

from intercept_mapper.model import InputError, new_workshop
from intercept_mapper.model import xlsx_tables as xlsx
from intercept_mapper.model.worksheet_csv import parse_worksheet
from intercept_mapper.model.workshop import ActionPlan
from tests.model.test_worksheet_xlsx import book

SAVE_AS = "save it from the spreadsheet as an Excel workbook (.xlsx) or as 'CSV UTF-8 (comma delimited)'"


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_worksheet(data, "w.xlsx")
    return [str(p) for p in caught.value.problems]


def small_book() -> bytes:
    return book(("worksheet", [["intercept", "kind", "title"], ["1", "gap", "Housing"]]))


def test_escapes_are_written_as_excel_writes_them() -> None:
    assert xlsx.escape_text("_x0041_ ctrl \x01 cr \r") == "_x005F_x0041_ ctrl _x0001_ cr _x000D_"


def test_a_damaged_zip_is_refused_whole_naming_the_file() -> None:
    assert problems_of(b"PK\x03\x04\x14\x00garbage") == [
        f"w.xlsx: the file is a damaged zip archive, not a readable Excel workbook: {SAVE_AS}"]


def test_the_count_of_parts_is_allowed_at_the_limit_and_refused_past_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_book()
    parts = len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_MEMBERS", parts)
    assert [f.title for f in parse_worksheet(data, "w.xlsx").workshop.findings] == ["Housing"]
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_MEMBERS", parts - 1)
    assert problems_of(data) == [
        f"w.xlsx: the workbook holds {parts} parts; at most {parts - 1} are allowed "
        "(see Limits in the README)"]


def test_the_unpacked_size_is_allowed_at_the_limit_and_refused_past_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_book()
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_UNPACKED_BYTES", unpacked)
    assert [f.title for f in parse_worksheet(data, "w.xlsx").workshop.findings] == ["Housing"]
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_UNPACKED_BYTES", 2 * 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 512 * 1024))  # 2.5 MB and 11 bytes: "3 MB"
    assert problems_of(bomb.getvalue()) == [
        "w.xlsx: the workbook unpacks to 3 MB, more than the 2 MB any workshop needs "
        "(see Limits in the README)"]


def rewritten(data: bytes, member: str, change) -> bytes:  # noqa: ANN001 - a bytes -> bytes function
    """The workbook with one part's XML changed, as another program might have written it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, change(body) if item.filename == member else body)
    return out.getvalue()


def test_a_formula_is_read_as_the_value_the_spreadsheet_last_computed() -> None:
    data = book(("worksheet", [["intercept", "kind", "title", "description"],
                               ["1", "gap", "Housing", "=1+2"]]))
    data = rewritten(data, "xl/worksheets/sheet1.xml", lambda body: body.replace(b"<v />", b"<v>3</v>"))
    assert [f.description for f in parse_worksheet(data, "w.xlsx").workshop.findings] == ["3"]


def test_a_workbook_with_no_sheets_is_refused_naming_the_file() -> None:
    data = rewritten(small_book(), "xl/workbook.xml",
                     lambda body: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", body))
    assert problems_of(data) == ["w.xlsx: the workbook has no sheets"]


def test_a_workbook_that_cannot_be_read_names_the_error_and_the_way_out() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    assert problems_of(out.getvalue()) == [f"w.xlsx: the workbook cannot be read (KeyError): {SAVE_AS}"]


def test_a_workbook_without_a_participants_sheet_still_gives_its_plans() -> None:
    data = book(("worksheet", [["intercept", "kind", "title"], ["1", "gap", "Housing"]]),
                ("plans", [["priority", "objective", "step"], ["Housing", "Open beds", "Sign the lease"]]))
    result = parse_worksheet(data, "w.xlsx")
    assert result.participants is None
    assert [(r.priority, r.step) for r in result.plans.rows] == [("Housing", "Sign the lease")]


def test_damage_met_while_reading_a_sheet_names_the_error_and_the_way_out() -> None:
    # The workbook opens (a sheet is streamed); its sheet's XML stops in the middle of row 2.
    data = rewritten(small_book(), "xl/worksheets/sheet1.xml",
                     lambda body: body[:body.index(b'<row r="2"')] + b'<row r="2"><c')
    assert problems_of(data) == [f"w.xlsx: the workbook cannot be read (ParseError): {SAVE_AS}"]


def test_the_row_and_column_limits_take_a_sheet_at_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 3)
    monkeypatch.setattr(xlsx, "MAX_SHEET_COLUMNS", 4)
    data = book(("worksheet", [["intercept", "kind", "title", "description"], ["1", "gap", "A", "a"],
                               ["1", "gap", "B", "b"]]))
    assert [f.title for f in parse_worksheet(data, "w.xlsx").workshop.findings] == ["A", "B"]


def test_empty_cells_at_the_end_of_a_row_are_not_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty text cell in column Z, as some programs write one: read as "" after 22 empty cells.
    monkeypatch.setattr(xlsx, "MAX_SHEET_COLUMNS", 4)
    far = b'<c r="Z2" t="inlineStr"><is><t/></is></c></row></sheetData>'
    data = rewritten(small_book(), "xl/worksheets/sheet1.xml",
                     lambda body: body.replace(b"</row></sheetData>", far))
    assert [f.title for f in parse_worksheet(data, "w.xlsx").workshop.findings] == ["Housing"]


def test_a_header_typed_in_one_cell_is_named_with_the_sheet_it_was_read_from() -> None:
    data = book(("Map", [["intercept;kind;title"], ["1;gap;Housing"]]))
    assert problems_of(data)[0] == (
        "w.xlsx (sheet 'Map'):1: the required column 'intercept' is missing (the header row was read as "
        "the sheet 'Map', giving the columns 'intercept;kind;title'; a semicolon is inside a column name: "
        "separate the columns with commas, semicolons or tabs)")


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("a _x0041_", "a A"), (True, "true"), (False, "false"), (3.0, "3"), (2.5, "2.5"), (7, "7"),
    (datetime(2026, 3, 18), "2026-03-18"), (datetime(2026, 3, 18, 9, 30), "2026-03-18 09:30:00"),
    (date(2026, 3, 18), "2026-03-18"), (time(9, 30), "09:30:00"),
])
def test_a_cells_value_is_the_text_a_csv_file_would_hold(value: object, text: str) -> None:
    assert xlsx.cell_text(value) == text


def test_written_sheets_keep_their_header_in_view() -> None:
    data = xlsx.workbook_bytes([("worksheet", ["title"], [{"title": "A"}]), ("plans", ["step"], [])])
    book_read = openpyxl.load_workbook(io.BytesIO(data))
    assert [(sheet.title, sheet.freeze_panes) for sheet in book_read.worksheets] == [
        ("worksheet", "A2"), ("plans", "A2")]


def test_a_row_without_a_column_writes_that_cell_empty() -> None:
    data = xlsx.workbook_bytes([("plans", ["priority", "objective", "votes"], [{"priority": "Housing"}])],
                               numbers=frozenset({"votes"}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["priority", "objective", "votes"], ["Housing", None, None]]


def test_a_plan_with_no_objectives_reaches_the_workbooks_plans_sheet() -> None:
    ws = new_workshop()
    ws.action_plans = [ActionPlan(id="a1", title="Housing")]
    result = parse_worksheet(xlsx.workshop_workbook_bytes(ws), "w.xlsx")
    assert [(r.priority, r.objective, r.step) for r in result.plans.rows] == [("Housing", "", "")]
