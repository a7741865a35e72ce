"""A step's "when" typed as people say it: dates in common forms, other targets kept as words."""

from __future__ import annotations

from datetime import date

import pytest

from intercept_mapper.model.when_text import WhenError, format_when, parse_when

SEP_30 = date(2026, 9, 30)


@pytest.mark.parametrize("typed", [
    "2026-09-30", "2026-9-30", "2026/09/30", " 2026-09-30 ",
    "9/30/2026", "09/30/2026", "9-30-2026", "9/30/26", "30/9/2026", "30.09.2026",
    "30 Sep 2026", "30 sep 2026", "30 September 2026", "30-Sep-2026", "30th September 2026",
    "Sep 30 2026", "Sep 30, 2026", "Sept. 30, 2026", "September 30, 2026", "SEPTEMBER 30 2026",
    "September 30th, 2026", "Wed, Sep 30, 2026", "Wednesday September 30, 2026",
])
def test_a_date_in_any_common_form(typed: str) -> None:
    assert parse_when(typed) == (SEP_30, "")


def test_month_first_when_both_numbers_could_be_a_month() -> None:
    assert parse_when("3/4/2027") == (date(2027, 3, 4), "")  # US order
    assert parse_when("13/4/2027") == (date(2027, 4, 13), "")  # 13 is no month: day first


@pytest.mark.parametrize("typed", [
    "Q3 2026", "2026-Q3", "Ongoing", "by next meeting", "by the next meeting", "Sep 2026", "2026",
    "September 30", "within 90 days", "Spring 2027", "after the levy vote (Nov 2026)",
])
def test_other_targets_are_kept_as_words(typed: str) -> None:
    assert parse_when(typed) == (None, typed)


def test_words_are_kept_as_typed_on_one_line() -> None:
    assert parse_when("  by the   next\nmeeting ") == (None, "by the next meeting")
    assert parse_when("") == (None, "")
    assert parse_when("   \t") == (None, "")


@pytest.mark.parametrize("typed", ["2026-02-30", "31/02/2026", "2026-13-01", "Feb 30, 2026", "13/13/2026"])
def test_something_written_as_a_date_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(WhenError, match="not a date in the calendar"):
        parse_when(typed)


def test_format_when_gives_the_date_or_the_words() -> None:
    assert format_when(SEP_30) == "2026-09-30"
    assert format_when(SEP_30, "ignored while there is a date") == "2026-09-30"
    assert format_when(None, "Q3 2026") == "Q3 2026"
    assert format_when(None) == ""


def test_what_format_when_writes_reads_back() -> None:
    for when, words in ((SEP_30, ""), (None, "Ongoing"), (None, "2026-Q3"), (None, "")):
        assert parse_when(format_when(when, words)) == (when, words)


def test_the_first_number_is_the_day_only_when_it_cannot_be_a_month() -> None:
    assert parse_when("12/5/2026") == (date(2026, 12, 5), "")  # 12 can be a month: month first
    assert parse_when("13/12/2026") == (date(2026, 12, 13), "")  # 13 cannot, and 12 can: day first


@pytest.mark.parametrize("typed", ["2026-02-30", "30 Feb 2026"])
def test_a_date_not_in_the_calendar_is_refused_quoting_it_and_saying_what_to_type(typed: str) -> None:
    with pytest.raises(WhenError) as refused:
        parse_when(typed)
    assert str(refused.value) == (
        f"'{typed}' is not a date in the calendar: type a date such as 2026-09-30 or Sep 30, 2026, or words "
        "such as 'Q3 2026' or 'Ongoing'")
