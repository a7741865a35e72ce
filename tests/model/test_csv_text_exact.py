"""Reading CSV text, exactly (bench/README.md, "Mutation testing", sixth run (mutI)): the refusals whole,
with the file named, for the encodings and delimiters spreadsheets write."""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.csv_text import read_csv_table


def _refusal(data: bytes) -> tuple[str, str | None, int | None]:
    with pytest.raises(InputError) as caught:
        read_csv_table(data, "people.csv")
    [problem] = caught.value.problems
    return problem.message, problem.file, problem.line


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_a_utf16_file_of_nothing_but_spaces_is_empty(bom: bytes) -> None:
    spaces = " \r\n\t".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    assert _refusal(bom + spaces) == ("the file is empty", "people.csv", None)


def test_a_utf16_file_that_is_not_utf16_is_said_so_whole() -> None:
    assert _refusal(b"\xff\xfe" + "name".encode("utf-16-le") + b"\x00\xd8") == (
        "the file starts as UTF-16 text but is not valid UTF-16: save it from the spreadsheet as "
        "'CSV UTF-8 (comma delimited)'", "people.csv", None)


def test_utf16_text_holding_a_nul_is_binary_data() -> None:
    assert _refusal(b"\xff\xfe" + "name\x00,team".encode("utf-16-le")) == (
        "the file is binary data, not CSV text", "people.csv", None)


def test_a_utf8_file_of_nothing_but_spaces_and_a_mark_is_empty() -> None:
    assert _refusal(b"\xef\xbb\xbf \r\n ") == ("the file is empty", "people.csv", None)


def test_text_neither_utf8_nor_windows_1252_names_the_byte_and_its_line() -> None:
    # 0x81 is undefined in Windows-1252; the UTF-8 error comes earlier (at the lone 0xe9).
    data = b"name,team\r\nJos\xe9,Jail\r\nAna,\x81\r\n"
    assert _refusal(data) == (
        "the file is neither UTF-8 nor Windows-1252 text (byte 0x81 cannot be read): save it from the "
        "spreadsheet as 'CSV UTF-8 (comma delimited)'", "people.csv", 3)


def test_the_later_of_the_two_failures_is_the_byte_named() -> None:
    # Windows-1252 fails first (0x81 inside the UTF-8 of U+0081 on line 1), UTF-8 later (0xff on line 2).
    data = b"name\xc2\x81\r\nx\xff\r\n"
    message, _, line = _refusal(data)
    assert "byte 0xff cannot be read" in message and line == 2


def test_many_nuls_in_utf8_text_make_it_binary_a_few_do_not() -> None:
    assert _refusal(b"name\x00\x00\r\n" + b"a\x00\r\n" * 3) == (
        "the file is binary data, not CSV text", "people.csv", None)
    table = read_csv_table(b"name,notes\r\n" + b"Ana,a\x00b" + b" " * 100 + b"\r\n", "people.csv")
    assert table.rows[0].raw("notes").startswith("a\x00b")
