"""The participants CSV (contracts.md section 3): who is at the table, read and written.

Columns: ``name`` (required), ``organisation``, ``sector``, ``role``, ``lived_experience`` (yes/no),
``table``, ``email``, ``phone``. Two optional yes/no columns extend the contract so that the model's
flags survive a round trip: ``planning_team`` and ``facilitator``.
"""

from __future__ import annotations

from pathlib import Path

from .csv_guard import guard_cell, unguard_cell
from .csv_text import Columns, CsvRow, CsvTable, read_csv_table, write_csv_text
from .ids import new_id
from .limits import MAX_ERRORS, MAX_FILE_BYTES, text_limit, text_problem, too_many_items
from .problems import InputError, Problem, summarised
from .sectors import is_known_sector, normalise_sector
from .workshop import Participant

REQUIRED_COLUMNS = ("name",)
CONTACT_COLUMNS = ("email", "phone")
COLUMNS = (
    "name", "organisation", "sector", "role", "lived_experience", "table", "email", "phone",
    "planning_team", "facilitator",
)
# Header spellings besides the names (compared without case, spaces, '_' or '-').
HEADER_ALIASES = {"organization": "organisation", "org": "organisation", "agency": "organisation",
                  "lived experience": "lived_experience", "email address": "email", "e-mail": "email"}
READ_COLUMNS = Columns.of(COLUMNS, HEADER_ALIASES)
_FLAG_COLUMNS = ("lived_experience", "planning_team", "facilitator")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})


def parse_yes_no(text: str) -> bool | None:
    """``True``/``False`` for yes/no, true/false, y/n, 1/0 (any case; empty is no), else ``None``."""
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def parse_participants(data: bytes, source: str) -> tuple[list[Participant], list[Problem]]:
    """Participants from CSV bytes (or an Excel workbook's ``participants`` sheet, else its first), with
    warnings; raises ``InputError`` listing every bad row."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Problem(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than "
                                 "any workshop needs (see Limits in the README)", file=source))
    if data.startswith(b"PK\x03\x04"):
        from .xlsx_tables import read_workbook

        sheets = read_workbook(data, source, {"participants": READ_COLUMNS}, first="participants")
        table = sheets["participants"]
    else:
        table = read_csv_table(data, source, READ_COLUMNS)
    return participants_from_table(table, table.source)


def participants_from_table(table: CsvTable, source: str) -> tuple[list[Participant], list[Problem]]:
    """Participants from a table read from CSV or a workbook's sheet (see ``parse_participants``)."""
    table.check_columns(REQUIRED_COLUMNS)
    too_many = too_many_items(len(table.rows))
    if too_many:
        raise InputError(Problem(too_many, file=source))
    warnings = list(table.warnings)
    errors: list[Problem] = []
    participants: list[Participant] = []
    first_line_of_name: dict[str, int] = {}
    for row in table.rows:
        participant = _participant(row, source, errors, warnings)
        if participant is None:
            continue
        key = participant.name.casefold()
        if key in first_line_of_name:
            warnings.append(Problem(
                f"'{participant.name}' is also listed on line {first_line_of_name[key]}",
                file=source, line=row.line, field="name",
            ))
        else:
            first_line_of_name[key] = row.line
        participants.append(participant)
    if errors:
        raise InputError(summarised(errors, MAX_ERRORS))
    return participants, warnings


def _participant(
    row: CsvRow, source: str, errors: list[Problem], warnings: list[Problem]
) -> Participant | None:
    """One participant from a row, or None after adding its problems to ``errors``."""
    ok = True

    def cell(column: str) -> str:
        return unguard_cell(row.get(column))  # the guard an export put before a formula, taken off

    name = cell("name")
    if not name:
        errors.append(Problem("the name is empty", file=source, line=row.line, field="name"))
        ok = False
    for column in COLUMNS:
        # The same limits as the file the import becomes, so what imports also opens.
        why = text_problem(cell(column), text_limit(column))
        if why:
            errors.append(Problem(f"the {column} {why}", file=source, line=row.line, field=column))
            ok = False
    flags: dict[str, bool] = {}
    for column in _FLAG_COLUMNS:
        if column == "lived_experience" and not cell(column).strip():
            continue  # not said is not "no": left unknown
        flag = parse_yes_no(cell(column))
        if flag is None:
            errors.append(Problem(
                f"'{cell(column)}' is not yes or no", file=source, line=row.line, field=column,
            ))
            ok = False
        else:
            flags[column] = flag
    sector = normalise_sector(cell("sector"))
    if sector and not is_known_sector(sector):
        warnings.append(Problem(
            f"'{sector}' is not a known sector; it is kept and counted as 'other'",
            file=source, line=row.line, field="sector",
        ))
    if not ok:
        return None
    return Participant(
        id=new_id("participant"),
        name=name,
        organisation=cell("organisation"),
        sector=sector,
        role=cell("role"),
        table=cell("table"),
        email=cell("email"),
        phone=cell("phone"),
        **flags,
    )


def read_participants(path: str | Path) -> tuple[list[Participant], list[Problem]]:
    """Participants from a CSV file on disk (see ``parse_participants``)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"cannot read the file: {exc.strerror or exc}", file=source)) from None
    return parse_participants(data, source)


def participant_rows(participants: list[Participant], include_contacts: bool = True) -> list[dict[str, str]]:
    """One CSV row dict per participant, in list order."""
    rows = []
    for p in participants:
        row = {
            "name": p.name,
            "organisation": p.organisation,
            "sector": p.sector,
            "role": p.role,
            "lived_experience": {True: "yes", False: "no"}.get(p.lived_experience, ""),
            "table": p.table,
            "planning_team": "yes" if p.planning_team else "no",
            "facilitator": "yes" if p.facilitator else "no",
        }
        if include_contacts:
            row["email"] = p.email
            row["phone"] = p.phone
        rows.append(row)
    return rows


def format_participants(participants: list[Participant], include_contacts: bool = True) -> str:
    """The participants as CSV text; without ``include_contacts`` the email and phone columns are left out."""
    columns = [c for c in COLUMNS if include_contacts or c not in CONTACT_COLUMNS]
    rows = [{name: guard_cell(value) for name, value in row.items()}
            for row in participant_rows(participants, include_contacts)]
    return write_csv_text(columns, rows)


def participants_csv_bytes(participants: list[Participant], include_contacts: bool = True) -> bytes:
    """The participants CSV file as written: UTF-8 with a byte-order mark, formula-like cells guarded."""
    return ("\ufeff" + format_participants(participants, include_contacts)).encode("utf-8")
