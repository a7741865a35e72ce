"""A spreadsheet a command imports (plans, a tally): its bytes read within the size limit, and its
table from CSV text or from an Excel workbook's sheet."""

from __future__ import annotations

from pathlib import Path

from .csv_text import Columns, CsvTable, read_csv_table
from .limits import MAX_FILE_BYTES
from .problems import InputError, Problem


def read_input_file(path: str | Path) -> bytes:
    """The file's bytes; a byte past the size limit is read, so that ``input_table`` can refuse it."""
    try:
        with open(path, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read the file: {exc.strerror or exc}", file=str(path))) from None


def input_table(data: bytes, source: str, sheet: str, columns: Columns, needed_by: str) -> CsvTable:
    """The table in CSV or workbook bytes (the workbook's sheet ``sheet``, else its first); a file
    over the size limit is refused as more than any ``needed_by`` ("workshop", "tally") needs."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Problem(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than "
                                 f"any {needed_by} needs (see Limits in the README)", file=source))
    if data.startswith(b"PK\x03\x04"):  # an Excel workbook (a zip)
        from .xlsx_tables import read_workbook

        return read_workbook(data, source, {sheet: columns}, first=sheet)[sheet]
    return read_csv_table(data, source, columns)
