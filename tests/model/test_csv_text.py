"""Reading CSV input: what is not usable text is an error naming the file and line; cells as written."""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.csv_text import read_csv_table


def _problem(data: bytes) -> tuple[str, int | None]:
    with pytest.raises(InputError) as caught:
        read_csv_table(data, "people.csv")
    [problem] = caught.value.problems
    assert problem.file == "people.csv"
    return problem.message, problem.line


def test_a_byte_that_is_not_utf8_is_reported_on_its_own_line() -> None:
    data = "name,team\r\nAna,Court\r\nJos\u00e9,Jail\r\nBo,Probation\r\nCy,Health\r\n".encode("cp1252")
    message, line = _problem(data)
    assert line == 3  # José's line, counted from the top: not the lines below it
    assert message == ("the file is not UTF-8 text (byte 0xe9 cannot be read): save it from the spreadsheet "
                       "as 'CSV UTF-8 (comma delimited)'")


def test_line_numbers_count_a_blank_first_line() -> None:
    assert _problem(b"\nname\r\nJos\xe9\r\n")[1] == 3
    assert _problem(b"\n\xe9\n")[1] == 2


def test_binary_data_is_named_for_what_it_is() -> None:
    assert _problem(b"PK\x03\x04\x00\x00xl/workbook.xml") == ("the file is binary data, not CSV text", None)


def test_cells_as_written_and_trimmed_and_an_absent_column_is_empty() -> None:
    table = read_csv_table(b"name,notes\r\n  Ana ,  see me  \r\n", "people.csv")
    [row] = table.rows
    assert (row.get("name"), row.raw("name"), row.raw("notes")) == ("Ana", "  Ana ", "  see me  ")
    assert (row.get("phone"), row.raw("phone")) == ("", "")


def test_a_quoted_cell_keeps_its_line_breaks_exactly() -> None:
    data = b'name,notes\r\nAna,"first\r\nsecond\rthird\nfourth"\r\nBo,x\r\n'
    table = read_csv_table(data, "people.csv")
    assert [row.raw("notes") for row in table.rows] == ["first\r\nsecond\rthird\nfourth", "x"]
    spanning = read_csv_table(b'name,notes\r\nAna,"first\r\nsecond\nthird"\r\nBo,x\r\n', "people.csv")
    assert [row.line for row in spanning.rows] == [2, 5]  # each row where it starts


def test_rows_ended_by_a_carriage_return_alone_are_read() -> None:
    """Excel for the Mac once saved "CSV (Macintosh)" with CR line ends; those files still turn up."""
    table = read_csv_table(b"name,notes\rAna,x\rBo,y\r", "people.csv")
    assert [(row.line, row.get("name"), row.get("notes")) for row in table.rows] == [(2, "Ana", "x"),
                                                                                     (3, "Bo", "y")]


def test_a_file_of_empty_cells_has_no_header_row() -> None:
    assert _problem(b",,\r\n , ,\r\n\r\n") == ("the file has no header row", None)


def test_empty_cells_past_the_last_column_are_no_problem() -> None:
    table = read_csv_table(b"name,notes\r\nAna,x,,\r\nBo,y, \r\n", "people.csv")
    assert [row.cells for row in table.rows] == [{"name": "Ana", "notes": "x"}, {"name": "Bo", "notes": "y"}]
