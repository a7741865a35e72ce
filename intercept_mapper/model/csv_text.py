"""Reading CSV input safely: bytes to text, text to rows that remember the line each started on.

Shared by the worksheet and participants importers. Anything that is not usable text ends in an
``InputError`` naming the file and line, never in a ``UnicodeDecodeError`` or ``csv.Error``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .problems import InputError, Problem

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_HINT = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"
# Separators a spreadsheet writes: comma, semicolon (Excel where the decimal mark is a comma), tab
# (Excel's "Unicode text"), by the names messages use.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_HEADER_NOISE = re.compile(r"[\s_\-]+")


def fold_header(name: str) -> str:
    """A header cell as compared with known column names: lower-case, no spaces, '_' or '-'."""
    return _HEADER_NOISE.sub("", name.strip().lower())


@dataclass(frozen=True)
class DecodedText:
    """The text of a file and, when it was not UTF-8, the encoding it was read in."""

    text: str
    encoding: str  # "utf-8", "utf-16" or "cp1252"


def decode_text_bytes(data: bytes, source: str) -> DecodedText:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark,
    else Windows-1252 (what Excel's plain "CSV" writes on Windows); a clear ``InputError`` otherwise."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    elif data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(Problem("the file starts as UTF-16 text but is not valid UTF-16: "
                                     f"{_SAVE_AS_HINT}", file=source)) from None
        if not text.strip():
            raise InputError(Problem("the file is empty", file=source))
        if "\x00" in text:
            raise InputError(Problem("the file is binary data, not CSV text", file=source))
        return DecodedText(text, "utf-16")
    if not data.strip():
        raise InputError(Problem("the file is empty", file=source))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        # A NUL in a cell is text an export wrote (a workshop may hold one); many NULs are UTF-16 text
        # without its byte-order mark, or a spreadsheet, archive or image given by mistake.
        if data[:4096].count(0) * 10 > len(data[:4096]):
            raise InputError(Problem("the file is binary data, not CSV text", file=source))
        return DecodedText(text, "utf-8")
    if b"\x00" in data:  # not UTF-8, and holding NUL: no text encoding the importers read
        raise InputError(Problem("the file is binary data, not CSV text", file=source))
    try:
        return DecodedText(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError as exc:
        at = exc.start if exc.start > utf8_error.start else utf8_error.start
        line = data.count(b"\n", 0, at) + 1
        message = (f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{data[at]:02x} cannot be read): "
                   f"{_SAVE_AS_HINT}")
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


@dataclass(frozen=True)
class Columns:
    """The columns a reader knows: every header spelling (folded, see ``fold_header``) to its column, and
    the prefixes of columns that carry a name after a colon (``votes:TABLE``)."""

    aliases: dict[str, str]
    prefixed: tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str], aliases: dict[str, str] | None = None,
           prefixed: tuple[str, ...] = ()) -> Columns:
        """The columns ``names`` (each matched by its folded name) and extra ``aliases`` (alias -> name)."""
        table = {fold_header(name): name for name in names}
        table.update({fold_header(alias): name for alias, name in (aliases or {}).items()})
        return cls(table, prefixed)

    def canonical(self, header: str) -> str | None:
        """The column a header cell names (``votes:`` columns keep their name, spaces collapsed), or None."""
        prefix, colon, rest = header.partition(":")
        if colon and fold_header(prefix) in self.prefixed:
            return f"{fold_header(prefix)}:{' '.join(rest.split())}"
        return self.aliases.get(fold_header(header))


@dataclass
class CsvTable:
    """A CSV file (or a spreadsheet's sheet) read into a header and rows; ``warnings`` are problems that
    do not stop an import. ``read_as`` says how the header was split ("comma-separated")."""

    source: str
    header_line: int
    columns: list[str]
    rows: list[CsvRow]
    warnings: list[Problem] = field(default_factory=list)
    read_as: str = ""
    unknown: set[str] = field(default_factory=set)

    def check_columns(self, required: tuple[str, ...], known: tuple[str, ...] | None = None) -> None:
        """Raise for each missing required column; add a warning for each unknown column (not in
        ``known`` when given, else not known to the reader's ``Columns``)."""
        hint = self._delimiter_hint()
        missing = [
            Problem(f"the required column '{name}' is missing{hint}", file=self.source, line=self.header_line)
            for name in required
            if name not in self.columns
        ]
        if missing:
            raise InputError(missing)
        for name in self.columns:
            if name and (name not in known if known is not None else name in self.unknown):
                self.warnings.append(
                    Problem(f"unknown column '{name}' ignored", file=self.source, line=self.header_line)
                )

    def _delimiter_hint(self) -> str:
        """When the header looks split at the wrong character: how it was read, so the reader can tell."""
        if not self.read_as:
            return ""
        others = [word for mark, word in DELIMITERS.items()
                  if any(mark in name for name in self.columns)]
        odd = len(self.columns) == 1 and re.search(r"[^\w\s-]", self.columns[0])  # "a|b|c" is one column
        if not others and not odd:
            return ""
        shown = ", ".join(f"'{name}'" for name in self.columns[:6])
        shown += ", ..." if len(self.columns) > 6 else ""
        also = f"; a {' or '.join(others)} is inside a column name" if others else ""
        return (f" (the header row was read as {self.read_as}, giving the columns {shown}{also}: "
                "separate the columns with commas, semicolons or tabs)")


def normalise_header(name: str) -> str:
    """A header cell as compared when the reader knows no columns: trimmed and lower-case."""
    return name.strip().lower()


def read_csv_table(data: bytes, source: str, columns: Columns | None = None) -> CsvTable:
    """Decode ``data`` (see ``decode_text_bytes``), find its delimiter (comma, semicolon or tab, by the
    header row), and read it as RFC 4180 CSV with one header row; blank rows are skipped."""
    decoded = decode_text_bytes(data, source)
    text = decoded.text
    warnings: list[Problem] = []
    if decoded.encoding == "cp1252":
        warnings.append(Problem(
            "the file is not UTF-8: it was read as Windows-1252 (cp1252), what Excel's 'CSV (Comma "
            "delimited)' writes on Windows; check accented letters, or save it as 'CSV UTF-8'", file=source))
    delimiter = sniff_delimiter(text, source, columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    raw_rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            raw_rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = _csv_error_message(str(exc), DELIMITERS[delimiter])
        raise InputError(Problem(message, file=source, line=start)) from None
    except MemoryError:  # pragma: no cover - a field too large for memory
        raise InputError(Problem("the file is too large to read", file=source)) from None
    table = table_from_rows(raw_rows, source, columns, read_as=f"{DELIMITERS[delimiter]}-separated")
    table.warnings[:0] = warnings
    return table


def _first_line(text: str) -> str:
    """The first line that is not blank (the header row, unless a header cell holds a line break)."""
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def sniff_delimiter(text: str, source: str, columns: Columns | None) -> str:
    """The delimiter of CSV text, from its header row: the one whose cells name the most known columns
    (then the one giving more cells); a comma when the header holds none of them. Raises when two
    delimiters read the header equally well, naming both."""
    header = _first_line(text)
    present = [mark for mark in DELIMITERS if mark in header]
    if len(present) <= 1:
        return present[0] if present else ","
    scores: dict[str, tuple[int, int]] = {}
    for mark in present:
        try:
            cells = next(csv.reader([header], delimiter=mark))
        except (csv.Error, StopIteration):
            continue
        known = sum(1 for c in cells if columns is not None and columns.canonical(c) is not None)
        scores[mark] = (known, len(cells))
    if not scores:
        return ","
    best = max(scores.values())
    tied = [mark for mark, score in scores.items() if score == best]
    if len(tied) == 1:
        return tied[0]
    words = " or ".join(f"{DELIMITERS[m]}s" for m in tied)
    raise InputError(Problem(
        f"cannot tell whether the columns are separated by {words}: the header row reads as well either "
        "way (save it from the spreadsheet as 'CSV UTF-8 (comma delimited)')", file=source, line=1))


def table_from_rows(raw_rows: list[tuple[int, list[str]]], source: str, columns: Columns | None = None,
                    read_as: str = "") -> CsvTable:
    """A table from rows of cells (each with the line it starts on): the first non-blank row is the header,
    named by ``columns`` (a header it does not know is kept trimmed and lower-case, and is ``unknown``)."""
    raw_rows = [(line, cells) for line, cells in raw_rows if any(c.strip() for c in cells)]
    if not raw_rows:
        raise InputError(Problem("the file has no header row", file=source))
    header_line, header = raw_rows[0]
    names: list[str] = []
    unknown: set[str] = set()
    for cell in header:
        canonical = columns.canonical(cell) if columns is not None else None
        if canonical is None:
            canonical = normalise_header(cell)
            if columns is not None and canonical:
                unknown.add(canonical)
        names.append(canonical)
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for cell, name in zip(header, names, strict=True):
        if name and name in first:
            if normalise_header(first[name]) == normalise_header(cell):
                message = f"the column '{name}' appears twice"
            else:
                message = f"the columns '{first[name].strip()}' and '{cell.strip()}' both mean '{name}'"
            problems.append(Problem(message, file=source, line=header_line))
        first.setdefault(name, cell)
    if problems:
        raise InputError(problems)

    table = CsvTable(source=source, header_line=header_line, columns=names, rows=[], read_as=read_as,
                     unknown=unknown)
    unnamed_with_data: set[int] = set()
    for line, cells in raw_rows[1:]:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            problems.append(
                Problem(
                    f"the row has {len(cells)} values but the header has {len(names)} "
                    + ("column" if len(names) == 1 else "columns"),
                    file=source,
                    line=line,
                )
            )
            continue
        values: dict[str, str] = {}
        for index, name in enumerate(names):
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


def _csv_error_message(detail: str, delimiter: str = "comma") -> str:
    """A csv module error in words a spreadsheet user can act on."""
    if "unexpected end of data" in detail:
        return "a quoted value starting in this row is never closed (a '\"' is missing)"
    if "expected after" in detail:
        return f"a closing '\"' must be followed by a {delimiter} or the end of the line"
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
