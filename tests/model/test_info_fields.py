"""The workshop's information as named text fields: each field parsed, shown and set (no Qt)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from intercept_mapper.model import new_workshop
from intercept_mapper.model.info_fields import (
    INFO_FIELDS,
    Assignment,
    FieldError,
    apply_values,
    format_value,
    info_json,
    parse_assignments,
    parse_field,
    read_value,
    split_assignment,
)
from intercept_mapper.model.limits import MAX_LONG_TEXT, MAX_SHORT_TEXT
from intercept_mapper.model.problems import InputError


def test_the_fields_are_those_of_the_contract() -> None:
    assert INFO_FIELDS == (
        "title", "jurisdiction", "dates", "attendance", "facilitators", "prepared_by", "sponsors",
        "report_date", "status", "background", "data_summary", "recommendations", "further_resources",
        "votes_per_participant", "top_n",
    )


@pytest.mark.parametrize(("name", "text", "value"), [
    ("title", "  Lake County SIM  ", "Lake County SIM"),
    ("dates", "2026-03-18, 2026-04-02", [date(2026, 3, 18), date(2026, 4, 2)]),  # days apart
    ("dates", "2026-04-02,2026-03-18", [date(2026, 4, 2), date(2026, 3, 18)]),  # as given
    ("dates", "", []),
    ("attendance", "45", 45),
    ("attendance", "0", 0),
    ("attendance", "", None),
    ("facilitators", "Morgan  Ellis; Denise Park;", ["Morgan Ellis", "Denise Park"]),
    ("report_date", "2026-05-01", date(2026, 5, 1)),
    ("report_date", " ", None),
    ("status", "Final", "final"),
    ("status", "draft", "draft"),
    ("background", "One.\n\nTwo.\n", "One.\n\nTwo."),
    ("votes_per_participant", "3", 3),
    ("votes_per_participant", "", None),
    ("top_n", "4", 4),
])
def test_each_field_parses_its_text(name: str, text: str, value: object) -> None:
    assert parse_field(name, text) == value


@pytest.mark.parametrize(("name", "text", "words"), [
    ("dates", "2026-02-30", "not a date in the calendar"),
    ("dates", "18/03/2026", "YYYY-MM-DD"),
    ("dates", "20260318", "YYYY-MM-DD"),  # Python would read it; a person means something else
    ("dates", "2026-03-18, 2026-03-18", "given twice"),
    ("report_date", "March 3", "YYYY-MM-DD"),
    ("attendance", "-4", "negative"),
    ("attendance", "4.5", "not a whole number"),
    ("attendance", "forty", "not a whole number"),
    ("attendance", "\u0664\u0665", "not a whole number"),  # Arabic-Indic digits
    ("votes_per_participant", "-1", "negative"),
    ("top_n", "", "empty"),
    ("top_n", "1e3", "not a whole number"),
    ("status", "done", "not a report status"),
    ("title", "x" * (MAX_SHORT_TEXT + 1), "at most 1,000"),
    ("title", "two\nlines", "one line"),
    ("background", "x" * (MAX_LONG_TEXT + 1), "at most 20,000"),
    ("facilitators", "ok; " + "y" * (MAX_SHORT_TEXT + 1), "at most 1,000"),
    ("sponsors", "bad \ufffe char", "non-character"),
])
def test_bad_values_say_why(name: str, text: str, words: str) -> None:
    with pytest.raises(FieldError, match=words):
        parse_field(name, text)


def test_long_text_may_be_at_its_limit() -> None:
    assert len(parse_field("background", "x" * MAX_LONG_TEXT)) == MAX_LONG_TEXT


def test_split_assignment_splits_at_the_first_equals_sign() -> None:
    assert split_assignment("title=a=b") == Assignment("title", "a=b")
    assert split_assignment("attendance=") == Assignment("attendance", "")
    for bad in ("title", "=x", ""):
        with pytest.raises(ValueError):
            split_assignment(bad)


def test_at_path_reads_utf8_text_with_any_line_ends(tmp_path: Path) -> None:
    text_file = tmp_path / "background.txt"
    text_file.write_bytes("\ufeffCaf\u00e9 line one\r\nline two\rline three\n".encode())
    text = read_value(Assignment("background", f"@{text_file}"))
    assert text == "Caf\u00e9 line one\nline two\nline three\n"
    assert read_value(Assignment("sponsors", "@@County")) == "@County"  # @@: a literal @
    assert read_value(Assignment("sponsors", "County")) == "County"


@pytest.mark.parametrize(("content", "words"), [
    (None, "no such file"),
    (b"\xff\xfe n\x00o", "not UTF-8"),
    (b"x" * (4 * MAX_LONG_TEXT + 5), "longer than any field"),
])
def test_unreadable_at_path_says_why(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "value.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FieldError, match=words):
        read_value(Assignment("background", f"@{path}"))
    with pytest.raises(FieldError, match="folder"):
        read_value(Assignment("background", f"@{tmp_path}"))
    with pytest.raises(FieldError, match="names no file"):
        read_value(Assignment("background", "@"))


def test_every_problem_is_reported_with_the_file_and_field() -> None:
    with pytest.raises(InputError) as caught:
        parse_assignments([Assignment("colour", "red"), Assignment("attendance", "-1"),
                           Assignment("title", "ok"), Assignment("title", "again")], "w.simmap")
    lines = caught.value.lines()
    assert lines[0].startswith("error: w.simmap: colour: there is no such field")
    assert lines[1] == "error: w.simmap: attendance: '-1' is negative: give a whole number of 0 or more"
    assert lines[2] == "error: w.simmap: title: is set twice; set each field once"
    assert len(lines) == 3


def test_apply_values_sets_info_and_voting_on_a_copy() -> None:
    ws = new_workshop(title="Old")
    values = parse_assignments([Assignment("title", "New"), Assignment("votes_per_participant", "3"),
                                Assignment("top_n", "4"), Assignment("dates", "2026-03-18")], "w")
    changed = apply_values(ws, values)
    assert (changed.info.title, changed.voting.votes_per_participant, changed.voting.top_n) == ("New", 3, 4)
    assert changed.info.dates == [date(2026, 3, 18)]
    assert (ws.info.title, ws.voting.votes_per_participant, ws.voting.top_n) == ("Old", None, 5)


def test_json_and_text_forms_of_every_field() -> None:
    ws = new_workshop(title="T")
    ws.info.dates = [date(2026, 3, 18), date(2026, 4, 2)]
    ws.info.facilitators = ["A", "B"]
    data = info_json(ws)
    assert list(data) == list(INFO_FIELDS)
    assert data["dates"] == ["2026-03-18", "2026-04-02"]
    assert data["attendance"] is None and data["report_date"] is None
    assert data["votes_per_participant"] is None and data["top_n"] == 5
    assert format_value("dates", ws.info.dates) == "2026-03-18, 2026-04-02"
    assert format_value("facilitators", ws.info.facilitators) == "A; B"
    # What info prints is what --set takes back.
    for name in ("dates", "facilitators"):
        assert parse_field(name, format_value(name, getattr(ws.info, name))) == getattr(ws.info, name)


def test_a_count_may_be_as_large_as_the_limit_and_no_larger() -> None:
    from intercept_mapper.model.limits import MAX_COUNT

    assert parse_field("attendance", str(MAX_COUNT)) == MAX_COUNT
    with pytest.raises(FieldError) as caught:
        parse_field("attendance", str(MAX_COUNT + 1))
    assert str(caught.value) == f"'{MAX_COUNT + 1}' is too large (at most {MAX_COUNT:,})"


def test_empty_places_in_a_list_of_dates_are_skipped_not_the_end_of_it() -> None:
    assert parse_field("dates", "2026-03-18,, 2026-04-02,") == [date(2026, 3, 18), date(2026, 4, 2)]


def test_text_without_an_equals_sign_is_told_the_fields() -> None:
    with pytest.raises(ValueError) as caught:
        split_assignment("title")
    assert str(caught.value) == f"'title' is not FIELD=VALUE (fields: {', '.join(INFO_FIELDS)})"
    assert "fields: title, jurisdiction, dates, attendance," in str(caught.value)


def test_one_line_fields_refuse_any_line_break_and_names_are_checked_as_names() -> None:
    for text in ("two\nlines", "two\rlines", "two\r\nlines"):
        with pytest.raises(FieldError) as caught:
            parse_field("sponsors", text)
        assert str(caught.value) == "must be one line (it holds a line break)"
    with pytest.raises(FieldError) as caught:
        parse_field("facilitators", "Ana; " + "y" * (MAX_SHORT_TEXT + 1))
    assert str(caught.value).startswith("a facilitator's name is ")
    with pytest.raises(KeyError, match="colour"):
        parse_field("colour", "red")


def test_at_names_a_file_even_a_one_letter_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("b").write_text("Background from b.", encoding="utf-8")
    assert read_value(Assignment("background", "@b")) == "Background from b."
    with pytest.raises(FieldError) as caught:
        read_value(Assignment("background", "@"))
    assert str(caught.value) == "'@' names no file (write @PATH, or @@ for a value starting with '@')"


def test_a_file_that_cannot_be_used_is_named_in_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    binary = tmp_path / "notes.doc"
    binary.write_bytes(b"ok \xff")
    for path, words in ((folder, f"cannot read {folder}: it is a folder, not a text file"),
                        (binary, f"{binary} is not UTF-8 text (byte 3 cannot be read)")):
        with pytest.raises(FieldError) as caught:
            read_value(Assignment("background", f"@{path}"))
        assert str(caught.value) == words


def test_an_unreadable_value_file_says_why_and_names_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    real_open = builtins.open

    def refuse(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - open's own signature
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)  # as a file the user may not read (tests run as root)
    with pytest.raises(FieldError) as caught:
        read_value(Assignment("background", f"@{locked}"))
    assert str(caught.value) == f"cannot read {locked}: Permission denied"


def test_a_value_file_too_long_for_any_field_names_the_file(tmp_path: Path) -> None:
    from intercept_mapper.model.info_fields import MAX_VALUE_FILE_BYTES

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_VALUE_FILE_BYTES + 1))
    with pytest.raises(FieldError) as caught:
        read_value(Assignment("background", f"@{big}"))
    assert str(caught.value) == f"{big} is longer than any field may be ({MAX_LONG_TEXT:,} characters)"
