"""The workshop's information and report text as named fields: read, shown, parsed and set as text.

The fields of ``intercept-mapper info`` (contracts.md section 5): most live in ``WorkshopInfo``, the vote
budget and the number of priorities in ``Voting``. Each field is typed as one line of text (``dates`` as
ISO dates separated by commas, ``facilitators`` by ``;``); an empty value clears a field that may be
unset. ``@PATH`` reads the value from a UTF-8 text file (``@@`` starts a value with a literal ``@``).
Every assignment is checked before any is applied, so a workshop is changed whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .limits import MAX_COUNT, MAX_LONG_TEXT, MAX_SHORT_TEXT, text_limit, text_problem
from .problems import InputError, Problem

if TYPE_CHECKING:  # the command line builds its parsers from INFO_FIELDS without loading the model
    from .workshop import Workshop

# In the order ``info`` prints them.
INFO_FIELDS: tuple[str, ...] = (
    "title", "jurisdiction", "dates", "attendance", "facilitators", "prepared_by", "sponsors",
    "report_date", "status", "background", "data_summary", "recommendations", "further_resources",
    "votes_per_participant", "top_n",
)
# Fields stored in ``Workshop.voting``; every other one in ``Workshop.info``.
VOTING_FIELDS = frozenset({"votes_per_participant", "top_n"})
# Paragraphs: printed on lines of their own, and allowed several lines.
LONG_FIELDS = frozenset({"background", "data_summary", "recommendations", "further_resources"})
ONE_LINE_FIELDS = frozenset({"title", "jurisdiction", "prepared_by", "sponsors"})
REPORT_STATUSES = ("draft", "final")
DATES_SEPARATOR = ","
FACILITATORS_SEPARATOR = ";"
# A value read from a file: the longest text any field holds, in UTF-8, and one byte more to tell.
MAX_VALUE_FILE_BYTES = 4 * MAX_LONG_TEXT + 4

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOM = "\ufeff"


class FieldError(ValueError):
    """A value that a field cannot take; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class Assignment:
    """One ``FIELD=VALUE`` as given (the value still raw: ``@PATH`` not yet read)."""

    field: str
    value: str


def split_assignment(text: str) -> Assignment:
    """``FIELD=VALUE`` split at its first ``=``; raises ``ValueError`` when there is none or no field."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"'{text}' is not FIELD=VALUE (fields: {', '.join(INFO_FIELDS)})")
    return Assignment(name.strip(), value)


# ----------------------------------------------------------------------------- reading values
def info_values(ws: Workshop) -> dict[str, Any]:
    """Every field's value as stored (dates as ``date``, unset as None), in ``INFO_FIELDS`` order."""
    return {name: getattr(ws.voting if name in VOTING_FIELDS else ws.info, name) for name in INFO_FIELDS}


def info_json(ws: Workshop) -> dict[str, Any]:
    """Every field as JSON data: dates as ISO strings, lists as lists, null where unset."""
    values = info_values(ws)
    values["dates"] = [d.isoformat() for d in values["dates"]]
    values["report_date"] = values["report_date"].isoformat() if values["report_date"] else None
    values["facilitators"] = list(values["facilitators"])
    return values


def format_value(name: str, value: Any) -> str:
    """A field's value as it is typed for ``--set`` ("" for an unset or empty one)."""
    if value is None:
        return ""
    if name == "dates":
        return f"{DATES_SEPARATOR} ".join(d.isoformat() for d in value)
    if name == "facilitators":
        return f"{FACILITATORS_SEPARATOR} ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def unset_words(name: str) -> str:
    """What ``info`` shows for a field with no value."""
    if name in ("attendance", "votes_per_participant"):
        return "(not recorded)"
    if name == "report_date":
        return "(not set: the export prints the day it is made)"
    return "(empty)"


# ----------------------------------------------------------------------------- parsing values
def parse_field(name: str, text: str) -> Any:
    """The value ``text`` gives field ``name``; raises ``FieldError`` (or ``KeyError`` for no such field)."""
    if name not in INFO_FIELDS:
        raise KeyError(name)
    text = text.strip()
    if name == "dates":
        return _parse_dates(text)
    if name == "report_date":
        return _parse_date(text) if text else None
    if name in ("attendance", "votes_per_participant"):
        return _parse_count(text, name) if text else None
    if name == "top_n":
        if not text:
            raise FieldError("is empty; give the number of priorities (a whole number)")
        return _parse_count(text, name)
    if name == "status":
        status = text.lower()
        if status not in REPORT_STATUSES:
            raise FieldError(f"'{text}' is not a report status (use draft or final)")
        return status
    if name == "facilitators":
        names = [" ".join(part.split()) for part in text.split(FACILITATORS_SEPARATOR)]
        for person in names:
            _check_text(person, MAX_SHORT_TEXT, "a facilitator's name")
        return [person for person in names if person]
    limit = text_limit(name)
    _check_text(text, limit, "the text")
    if name in ONE_LINE_FIELDS and ("\n" in text or "\r" in text):
        raise FieldError("must be one line (it holds a line break)")
    return text


def _parse_date(text: str) -> date:
    if not _ISO_DATE.fullmatch(text):
        raise FieldError(f"'{text}' is not a date written as YYYY-MM-DD, e.g. 2026-03-18")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError(f"'{text}' is not a date in the calendar") from None


def _parse_dates(text: str) -> list[date]:
    days: list[date] = []
    for part in (p.strip() for p in text.split(DATES_SEPARATOR)):
        if not part:
            continue
        day = _parse_date(part)
        if day in days:
            raise FieldError(f"{day.isoformat()} is given twice")
        days.append(day)
    return days


def _parse_count(text: str, name: str) -> int:
    if text.startswith("-") and text[1:].strip().isdecimal():
        raise FieldError(f"'{text}' is negative: give a whole number of 0 or more")
    if not (text.isascii() and text.isdecimal()):
        raise FieldError(f"'{text}' is not a whole number")
    value = int(text)
    if value > MAX_COUNT:
        raise FieldError(f"'{text}' is too large (at most {MAX_COUNT:,})")
    return value


def _check_text(text: str, limit: int, what: str) -> None:
    why = text_problem(text, limit)
    if why:
        raise FieldError(f"{what} {why}")


# ----------------------------------------------------------------------------- assignments
def read_value(assignment: Assignment) -> str:
    """The text an assignment gives: its value, or the content of the file after ``@``.

    ``@@TEXT`` is the literal text ``@TEXT``. Raises ``FieldError`` when the file cannot be read.
    """
    value = assignment.value
    if value.startswith("@@"):
        return value[1:]
    if not value.startswith("@"):
        return value
    if not value[1:]:
        raise FieldError("'@' names no file (write @PATH, or @@ for a value starting with '@')")
    path = Path(value[1:])
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_VALUE_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FieldError(f"cannot read {value[1:]}: no such file") from None
    except IsADirectoryError:
        raise FieldError(f"cannot read {value[1:]}: it is a folder, not a text file") from None
    except OSError as exc:
        raise FieldError(f"cannot read {value[1:]}: {exc.strerror or exc}") from None
    if len(data) > MAX_VALUE_FILE_BYTES:
        raise FieldError(f"{value[1:]} is longer than any field may be ({MAX_LONG_TEXT:,} characters)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FieldError(f"{value[1:]} is not UTF-8 text (byte {exc.start} cannot be read)") from None
    # Line ends as the app stores them, whatever system wrote the file.
    return text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")


def parse_assignments(assignments: Sequence[Assignment], source: str) -> dict[str, Any]:
    """The value of each assigned field, all checked: raises ``InputError`` with one problem per bad one.

    ``source`` is the workshop file the values are for; each problem names it and the field.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    given: set[str] = set()
    for assignment in assignments:
        name = assignment.field
        if name not in INFO_FIELDS:
            problems.append(Problem(f"there is no such field (fields: {', '.join(INFO_FIELDS)})",
                                    file=source, field=name))
            continue
        if name in given:
            problems.append(Problem("is set twice; set each field once", file=source, field=name))
            continue
        given.add(name)
        try:
            values[name] = parse_field(name, read_value(assignment))
        except FieldError as exc:
            problems.append(Problem(str(exc), file=source, field=name))
    if problems:
        raise InputError(problems)
    return values


def apply_values(ws: Workshop, values: dict[str, Any]) -> Workshop:
    """A copy of ``ws`` with the parsed ``values`` set (``ws`` itself is left as it was)."""
    info = {k: v for k, v in values.items() if k not in VOTING_FIELDS}
    voting = {k: v for k, v in values.items() if k in VOTING_FIELDS}
    return ws.model_copy(update={
        "info": ws.info.model_copy(update=info),
        "voting": ws.voting.model_copy(update=voting),
    })
