"""Excel workbooks (``.xlsx``): sheets read as tables of text, and the workshop written as sheets.

Reading is safe on hostile files: the archive's members and unpacked size are checked against
``limits`` before anything is unpacked (a zip bomb is refused, never unpacked), the sheet is streamed
(openpyxl's read-only mode, with the sheet's claimed dimensions ignored), and rows and columns are
limited. Any other damage becomes an ``InputError`` naming the file.

Cells are text as the CSV importers know it: whole numbers without ``.0``, dates as ``YYYY-MM-DD``,
formulas as their last computed value. Writing keeps every text exact: characters XML cannot hold (and
the carriage return, which XML would drop) are written as Excel's ``_xHHHH_`` escapes, a literal
``_xHHHH_`` is escaped in turn, and reading undoes both. Exporters guard formula-like cells themselves
(``csv_guard``), and every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

from .csv_text import Columns, CsvTable, table_from_rows
from .limits import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_MEMBERS,
    MAX_WORKBOOK_UNPACKED_BYTES,
)
from .problems import InputError, Problem

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_SAVE_AS = "save it from the spreadsheet as an Excel workbook (.xlsx) or as 'CSV UTF-8 (comma delimited)'"


def escape_text(text: str) -> str:
    """Text as a cell holds it in the file: ``_xHHHH_`` for what XML cannot hold, a literal one escaped."""
    text = _ESCAPE_LIKE.sub("_x005F_", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_text(text: str) -> str:
    """A cell's text as written by a person: Excel's ``_xHHHH_`` escapes undone."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


# ----------------------------------------------------------------------------- reading
def _check_archive(data: bytes, source: str) -> None:
    """Refuse what is no workbook, or would unpack to more than any workshop needs, before unpacking."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(Problem("the file is a damaged zip archive, not a readable Excel workbook: "
                                 + _SAVE_AS, file=source)) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument spreadsheet" if "content.xml" in names else "a zip archive"
        raise InputError(Problem(f"the file is {what}, not an Excel workbook (.xlsx): {_SAVE_AS}",
                                 file=source))
    if len(members) > MAX_WORKBOOK_MEMBERS:
        raise InputError(Problem(f"the workbook holds {len(members):,} parts; at most "
                                 f"{MAX_WORKBOOK_MEMBERS:,} are allowed (see Limits in the README)",
                                 file=source))
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        raise InputError(Problem(
            f"the workbook unpacks to {unpacked / (1024 * 1024):,.0f} MB, more than the "
            f"{MAX_WORKBOOK_UNPACKED_BYTES // (1024 * 1024)} MB any workshop needs "
            "(see Limits in the README)",
            file=source))


def read_workbook(data: bytes, source: str, sheets: dict[str, Columns], first: str) -> dict[str, CsvTable]:
    """The sheets named in ``sheets`` (names compared ignoring case and spaces) that the workbook has,
    each read as a table with its ``Columns``; ``first`` falls back to the workbook's first sheet."""
    _check_archive(data, source)
    import openpyxl  # only when a workbook is read: the CSV importers do without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise InputError(Problem(f"the workbook cannot be read ({type(exc).__name__}): {_SAVE_AS}",
                                 file=source)) from None
    try:
        by_name = {" ".join(name.split()).casefold(): name for name in book.sheetnames}
        tables: dict[str, CsvTable] = {}
        for wanted, columns in sheets.items():
            name = by_name.get(wanted.casefold())
            if name is None and wanted == first:
                if not book.sheetnames:
                    raise InputError(Problem("the workbook has no sheets", file=source))
                name = book.sheetnames[0]
            if name is None:
                continue
            tables[wanted] = _sheet_table(book[name], f"{source} (sheet '{name}')", columns)
        return tables
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - damage found while streaming a sheet
        raise InputError(Problem(f"the workbook cannot be read ({type(exc).__name__}): {_SAVE_AS}",
                                 file=source)) from None
    finally:
        book.close()


def _sheet_table(sheet: Any, source: str, columns: Columns) -> CsvTable:
    """One sheet as a table (row numbers as line numbers), within the row and column limits."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a sheet may claim A1:XFD1048576; only the cells it holds count
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SHEET_ROWS:
            raise InputError(Problem(f"the sheet has more than {MAX_SHEET_ROWS:,} rows; a worksheet needs at "
                                     "most one per item (see Limits in the README)", file=source))
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > MAX_SHEET_COLUMNS:
            raise InputError(Problem(f"the row has a value in column {len(cells):,}; at most "
                                     f"{MAX_SHEET_COLUMNS:,} columns are read", file=source, line=number))
        rows.append((number, [cell_text(v) for v in cells]))
    if not any(any(c.strip() for c in cells) for _, cells in rows):
        raise InputError(Problem("the sheet is empty", file=source))
    return table_from_rows(rows, source, columns, read_as=f"the sheet '{getattr(sheet, 'title', '')}'")


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------- writing
def workbook_bytes(sheets: list[tuple[str, list[str], list[dict[str, str]]]],
                   numbers: frozenset[str] = frozenset()) -> bytes:
    """An Excel workbook of ``(sheet name, columns, rows)``; a cell of a column in ``numbers`` that holds a
    whole number is written as a number, every other cell as text (guarded by the caller)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"  # the header stays in view

        def text_cell(value: str, sheet: Any = sheet) -> Any:
            cell = WriteOnlyCell(sheet, value=escape_text(value))
            cell.data_type = "s"  # text, even when it looks like a formula or a number
            return cell

        sheet.append([text_cell(name) for name in columns])
        for row in rows:
            cells: list[Any] = []
            for name in columns:
                value = row.get(name, "")
                if name in numbers and value.isascii() and value.isdecimal():
                    cells.append(int(value))
                else:
                    cells.append(text_cell(value))
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKSHEET_SHEET = "worksheet"
PARTICIPANTS_SHEET = "participants"
PLANS_SHEET = "plans"


def workshop_workbook_bytes(ws: Any, include_contacts: bool = False) -> bytes:
    """The workshop as an Excel workbook: the map as the sheet ``worksheet`` (the worksheet CSV's columns),
    the participants as ``participants`` (e-mail and phone only with ``include_contacts``) and the action
    plans as ``plans`` (the plans CSV's columns); formula-like cells guarded as in the CSV files."""
    from .csv_guard import guard_cell
    from .participants_csv import COLUMNS as PEOPLE_COLUMNS
    from .participants_csv import CONTACT_COLUMNS, participant_rows
    from .plans_csv import COLUMNS as PLAN_COLUMNS
    from .plans_csv import plan_rows
    from .worksheet_csv import RANK_COLUMN, guarded_rows, vote_headers, worksheet_columns, worksheet_rows

    people_columns = [c for c in PEOPLE_COLUMNS if include_contacts or c not in CONTACT_COLUMNS]
    people = [{name: guard_cell(value) for name, value in row.items()}
              for row in participant_rows(ws.participants, include_contacts)]
    numbers = frozenset([name for name, _ in vote_headers(ws)] + [RANK_COLUMN])
    return workbook_bytes([
        (WORKSHEET_SHEET, worksheet_columns(ws), guarded_rows(worksheet_rows(ws))),
        (PARTICIPANTS_SHEET, people_columns, people),
        (PLANS_SHEET, list(PLAN_COLUMNS), plan_rows(ws)),  # plan_rows guards its cells itself
    ], numbers)
