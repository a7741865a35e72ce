"""Reading CSV text, exactly (bench/README.md, "Mutation testing", sixth run (mutI)): the refusals whole,
with the file named, for the encodings and delimiters spreadsheets write."""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.csv_text import (
    Columns,
    CsvTable,
    DecodedText,
    decode_text_bytes,
    read_csv_table,
    table_from_rows,
)


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


def test_the_encoding_read_is_named_as_promised() -> None:
    assert decode_text_bytes(b"name\r\nJos\xc3\xa9", "p.csv") == DecodedText("name\r\nJos\u00e9", "utf-8")
    assert decode_text_bytes(b"\xef\xbb\xbfname", "p.csv") == DecodedText("name", "utf-8")
    utf16 = b"\xff\xfe" + "name".encode("utf-16-le")
    assert decode_text_bytes(utf16, "p.csv") == DecodedText("name", "utf-16")
    assert decode_text_bytes(b"Jos\xe9", "p.csv") == DecodedText("Jos\u00e9", "cp1252")


def test_nuls_make_binary_data_only_past_one_byte_in_ten() -> None:
    ten = b"name\r\n" + b"\x00" * 10 + b"a" * 84  # 100 bytes, 10 of them NUL: text
    assert len(ten) == 100 and decode_text_bytes(ten, "p.csv").encoding == "utf-8"
    assert _refusal(ten[:-1] + b"\x00")[0] == "the file is binary data, not CSV text"


def test_only_the_first_4096_bytes_are_counted_for_nuls() -> None:
    head = b"name\r\n" + b"\x00" * 409 + b"a" * (4096 - 6 - 409)  # 409 NULs in 4,096 bytes: text
    assert len(head) == 4096
    assert decode_text_bytes(head + b"\x00" * 50, "p.csv").encoding == "utf-8"


def test_a_nul_in_text_that_is_not_utf8_is_binary_data_said_whole() -> None:
    assert _refusal(b"name\r\nJos\xe9\x00\r\n") == (
        "the file is binary data, not CSV text", "people.csv", None)


def test_the_line_of_a_bad_byte_counts_a_line_break_as_the_first_byte() -> None:
    assert _refusal(b"\nname,team\r\nAna,\x81\r\n")[2] == 3


def _missing(columns: list[str], read_as: str = "comma-separated") -> str:
    table = CsvTable(source="people.csv", header_line=2, columns=columns, rows=[], read_as=read_as)
    with pytest.raises(InputError) as caught:
        table.check_columns(("title",))
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("people.csv", 2)
    return problem.message


_SEPARATE = "separate the columns with commas, semicolons or tabs)"


def test_a_missing_column_says_how_the_header_was_read_when_it_looks_split_wrong() -> None:
    assert _missing(["name|team"]) == ("the required column 'title' is missing (the header row was read as "
                                       f"comma-separated, giving the columns 'name|team': {_SEPARATE}")
    assert _missing(["a;b", "c", "d", "e", "f", "g", "h"]) == (
        "the required column 'title' is missing (the header row was read as comma-separated, giving the "
        "columns 'a;b', 'c', 'd', 'e', 'f', 'g', ...; a semicolon is inside a column name: " + _SEPARATE)
    assert _missing(["a\tb", "c", "d", "e", "f", "g"], "semicolon-separated") == (
        "the required column 'title' is missing (the header row was read as semicolon-separated, giving the "
        "columns 'a\tb', 'c', 'd', 'e', 'f', 'g'; a tab is inside a column name: " + _SEPARATE)
    assert _missing(["a;b\tc"]).endswith("; a semicolon or tab is inside a column name: " + _SEPARATE)


def test_a_missing_column_has_no_hint_when_the_header_looks_sound_or_was_not_split() -> None:
    assert _missing(["name", "team"]) == "the required column 'title' is missing"
    assert _missing(["name|team"], read_as="") == "the required column 'title' is missing"


def test_unknown_columns_are_those_not_known_when_a_list_is_given() -> None:
    table = CsvTable(source="people.csv", header_line=3, columns=["title", "team", "extra", ""], rows=[],
                     unknown={"team"})
    table.check_columns(("title",), known=("title", "team"))
    assert [(w.message, w.file, w.line) for w in table.warnings] == [
        ("unknown column 'extra' ignored", "people.csv", 3)]
    table.warnings.clear()
    table.check_columns(("title",))
    assert [w.message for w in table.warnings] == ["unknown column 'team' ignored"]


def test_a_prefixed_column_keeps_every_colon_after_its_prefix() -> None:
    columns = Columns.of(["title"], prefixed=("votes",))
    assert columns.canonical(" Votes : Table  1: east ") == "votes:Table 1: east"


def test_windows_1252_text_is_read_with_its_warning_said_whole() -> None:
    table = read_csv_table(b"name\r\nJos\xe9\r\n", "people.csv")
    assert [(w.message, w.file, w.line) for w in table.warnings] == [(
        "the file is not UTF-8: it was read as Windows-1252 (cp1252), what Excel's 'CSV (Comma delimited)' "
        "writes on Windows; check accented letters, or save it as 'CSV UTF-8'", "people.csv", None)]


def test_the_known_columns_choose_the_delimiter_of_a_header_holding_two() -> None:
    data = b"title;notes,more\r\nA;b,c\r\n"
    table = read_csv_table(data, "people.csv", Columns.of(["title", "notes"]))
    assert table.columns == ["title", "notes,more"] and table.rows[0].raw("title") == "A"
    assert table.read_as == "semicolon-separated"


def test_a_broken_quote_names_the_files_own_delimiter() -> None:
    assert _refusal(b'name;team\r\n"Ana"x;Court\r\n') == (
        "a closing '\"' must be followed by a semicolon or the end of the line", "people.csv", 2)


def test_the_encoding_warning_comes_first_and_keeps_the_tables_own() -> None:
    table = read_csv_table(b"name,\r\nJos\xe9,extra\r\n", "people.csv")
    assert [w.message[:22] for w in table.warnings] == ["the file is not UTF-8:", "column 2 has no header"]
    unnamed = table.warnings[1]
    assert (unnamed.message, unnamed.file, unnamed.line) == (
        "column 2 has no header name and is ignored", "people.csv", 1)


def test_a_sheets_table_gives_no_delimiter_hint_and_no_unknown_columns_without_a_reader() -> None:
    table = table_from_rows([(1, ["name|team"]), (2, ["a"])], "book.xlsx")
    with pytest.raises(InputError) as caught:
        table.check_columns(("title",))
    assert [p.message for p in caught.value.problems] == ["the required column 'title' is missing"]
    table.check_columns(())
    assert table.warnings == [] and table.unknown == set()


def test_every_row_longer_than_the_header_is_refused_by_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read_csv_table(b"name,team\r\nA,b,c\r\nC\r\nD,e,f,g\r\n", "people.csv")
    assert [(p.message, p.line) for p in caught.value.problems] == [
        ("the row has 3 values but the header has 2 columns", 2),
        ("the row has 4 values but the header has 2 columns", 4)]


def test_a_header_of_one_column_is_said_in_the_singular() -> None:
    with pytest.raises(InputError) as caught:
        read_csv_table(b"name\r\nA,b\r\n", "people.csv")
    assert [(p.message, p.line) for p in caught.value.problems] == [
        ("the row has 2 values but the header has 1 column", 2)]
