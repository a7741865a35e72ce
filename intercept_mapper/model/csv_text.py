"""Reading CSV input safely: bytes to text, text to rows that remember the line each started on.

Shared by the worksheet and participants importers. Anything that is not usable text ends in an
``InputError`` naming the file and line, never in a ``UnicodeDecodeError`` or ``csv.Error``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .problems import InputError, Problem

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_HINT = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"


def decode_csv_bytes(data: bytes, source: str) -> str:
    """The text of a CSV file: UTF-8 with an optional byte-order mark, else a clear ``InputError``."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if not data.strip():
        raise InputError(Problem("the file is empty", file=source))
    if data.startswith(_UTF16_BOMS):
        raise InputError(Problem(f"the file is UTF-16 text, not UTF-8: {_SAVE_AS_HINT}", file=source))
    if b"\x00" in data:
        # NUL never occurs in text; this is a spreadsheet, archive or image given by mistake.
        raise InputError(Problem("the file is binary data, not CSV text", file=source))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read): {_SAVE_AS_HINT}"
        raise InputError(Problem(message, file=source, line=line)) from None


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its cells by (normalised) column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell of ``column`` with surrounding whitespace removed ("" when absent)."""
        return self.cells.get(column, "").strip()

    def raw(self, column: str) -> str:
        """The cell of ``column`` exactly as written ("" when absent)."""
        return self.cells.get(column, "")


@dataclass
class CsvTable:
    """A CSV file read into a header and rows; ``warnings`` are problems that do not stop an import."""

    source: str
    header_line: int
    columns: list[str]
    rows: list[CsvRow]
    warnings: list[Problem] = field(default_factory=list)

    def check_columns(self, required: tuple[str, ...], known: tuple[str, ...]) -> None:
        """Raise for each missing required column; add a warning for each column not in ``known``."""
        missing = [
            Problem(f"the required column '{name}' is missing", file=self.source, line=self.header_line)
            for name in required
            if name not in self.columns
        ]
        if missing:
            raise InputError(missing)
        for name in self.columns:
            if name and name not in known:
                self.warnings.append(
                    Problem(f"unknown column '{name}' ignored", file=self.source, line=self.header_line)
                )


def normalise_header(name: str) -> str:
    """A header cell as compared: trimmed and lower-case (``Title `` is ``title``)."""
    return name.strip().lower()


def read_csv_table(data: bytes, source: str) -> CsvTable:
    """Decode ``data`` and read it as RFC 4180 CSV with one header row; blank rows are skipped."""
    text = decode_csv_bytes(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    raw_rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            raw_rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(Problem(_csv_error_message(str(exc)), file=source, line=start)) from None
    except MemoryError:  # pragma: no cover - a field too large for memory
        raise InputError(Problem("the file is too large to read", file=source)) from None

    raw_rows = [(line, cells) for line, cells in raw_rows if any(c.strip() for c in cells)]
    if not raw_rows:
        raise InputError(Problem("the file has no header row", file=source))
    header_line, header = raw_rows[0]
    columns = [normalise_header(h) for h in header]
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            problems.append(Problem(f"the column '{name}' appears twice", file=source, line=header_line))
        seen.add(name)
    if problems:
        raise InputError(problems)

    table = CsvTable(source=source, header_line=header_line, columns=columns, rows=[])
    unnamed_with_data: set[int] = set()
    for line, cells in raw_rows[1:]:
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            problems.append(
                Problem(
                    f"the row has {len(cells)} values but the header has {len(columns)} columns",
                    file=source,
                    line=line,
                )
            )
            continue
        values: dict[str, str] = {}
        for index, name in enumerate(columns):
            cell = cells[index] if index < len(cells) else ""  # spreadsheets drop trailing empties
            if name:
                values[name] = cell
            elif cell.strip():
                unnamed_with_data.add(index)
        table.rows.append(CsvRow(line=line, cells=values))
    if problems:
        raise InputError(problems)
    for index in sorted(unnamed_with_data):
        table.warnings.append(
            Problem(f"column {index + 1} has no header name and is ignored", file=source, line=header_line)
        )
    return table


def _csv_error_message(detail: str) -> str:
    """A csv module error in words a spreadsheet user can act on."""
    if "unexpected end of data" in detail:
        return "a quoted value starting in this row is never closed (a '\"' is missing)"
    if "expected after" in detail:
        return "a closing '\"' must be followed by a comma or the end of the line"
    if "field larger than field limit" in detail:
        return "a value in this row is too long"
    return f"this row is not valid CSV ({detail})"


def write_csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """CSV text (RFC 4180, CRLF line ends) with a header row and one line per row dict."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(name, "") for name in columns])
    return out.getvalue()
