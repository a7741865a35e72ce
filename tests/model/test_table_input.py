"""Imported spreadsheets (plans, tallies) are read within the size limit through one helper."""

from __future__ import annotations

import pytest

from intercept_mapper.model import table_input
from intercept_mapper.model.problems import InputError
from intercept_mapper.model.tally_csv import parse_tally, read_tally


def test_a_tally_over_the_limit_is_refused_and_one_at_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = b"candidate,votes\r\nHousing,3\r\n"
    monkeypatch.setattr(table_input, "MAX_FILE_BYTES", len(sheet))
    assert [(row.candidate, row.votes) for row in parse_tally(sheet, "t.csv").rows] == [("Housing", 3)]
    with pytest.raises(InputError) as caught:
        parse_tally(sheet + b"\n", "t.csv")
    assert caught.value.lines() == ["error: t.csv: the file is larger than 0 MB, more than any tally needs "
                                    "(see Limits in the README)"]


def test_a_tally_that_cannot_be_read_says_why(tmp_path) -> None:  # noqa: ANN001
    gone = tmp_path / "gone.csv"
    with pytest.raises(InputError) as caught:
        read_tally(gone)
    assert caught.value.lines() == [f"error: {gone}: cannot read the file: No such file or directory"]
