"""A step's "when" as people type it: a date in any common form, or a target that is not a date.

Groups say "by September 30", "Q3 2026", "ongoing", "by the next meeting" as often as they give a date.
``parse_when`` turns what was typed into the step's two fields: ``when`` (a date, the only kind of
target that can be overdue) and ``when_text`` (the words, kept as typed, when there is no date). The
action-plan panel and the plans CSV share it, so both take the same forms.

Dates are read in these forms (English month names, full or short, any case):
``2026-09-30``, ``2026/9/30``, ``9/30/2026`` (month first, as in the US; ``30/9/2026`` is read day first
because 30 is no month), ``9/30/26``, ``30.09.2026``, ``30 Sep 2026``, ``30-Sep-2026``, ``Sep 30 2026``,
``September 30, 2026``, ``Sept. 30th, 2026``, with a leading weekday (``Wed, Sep 30, 2026``) allowed.
Something shaped like a date that is not in the calendar (``2026-02-30``) is refused, never kept as
text: a typo must not silently turn a deadline into a step that can never be overdue.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["WhenError", "format_when", "parse_when"]

_MONTHS = {
    name: number
    for number, names in enumerate((
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
        ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
        ("oct", "october"), ("nov", "november"), ("dec", "december"),
    ), start=1)
    for name in names
}
_MONTH = r"(?P<month>[a-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_NUMERIC = (
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"),  # ISO, year first
    re.compile(r"(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"),  # 9/30/2026
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"),  # 30.09.2026, day first
)
_NAMED = (
    re.compile(rf"{_DAY}[\s-]+{_MONTH}[\s,-]+{_YEAR}", re.IGNORECASE),  # 30 Sep 2026, 30-Sep-2026
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),  # Sep 30 2026, September 30, 2026
)


class WhenError(ValueError):
    """Text shaped like a date that is not one (``2026-02-30``, ``13/13/2026``)."""


def parse_when(text: str) -> tuple[date | None, str]:
    """``(when, when_text)`` from what was typed: ``(date, "")`` for a date in any common form,
    ``(None, words)`` for any other target (spaces collapsed), ``(None, "")`` for nothing.

    Raises ``WhenError`` for something written as a date that is not in the calendar."""
    words = " ".join(text.split())
    if not words:
        return None, ""
    found = _read_date(_WEEKDAY.sub("", words))
    return (found, "") if found is not None else (None, words)


def format_when(when: date | None, when_text: str = "") -> str:
    """A step's target as one string: the ISO date, else the words, else ``""``."""
    return when.isoformat() if when is not None else when_text


def _read_date(text: str) -> date | None:
    for pattern in _NUMERIC:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = match.groupdict()
        if "a" in fields:  # month first (US), unless the first number cannot be a month
            a, b = int(fields["a"]), int(fields["b"])
            month, day = (b, a) if a > 12 >= b else (a, b)
        else:
            month, day = int(fields["month"]), int(fields["day"])
        year = int(fields["year"])
        if len(fields["year"]) == 2:
            year += 2000
        return _calendar_date(text, year, month, day)
    for pattern in _NAMED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            return None  # "by 30 weeks 2026" is no date: kept as words
        return _calendar_date(text, int(match["year"]), month, int(match["day"]))
    return None


def _calendar_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError(f"'{text}' is not a date in the calendar: type a date such as 2026-09-30 or "
                        "Sep 30, 2026, or words such as 'Q3 2026' or 'Ongoing'") from None
