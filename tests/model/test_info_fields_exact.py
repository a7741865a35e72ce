"""``info --set``'s assignments held whole: the unknown-field refusal lists every field, and a field set
twice does not stop the check of those after it.

Each test here failed on a mutant (a small deliberate change of ``model/info_fields.py``) that the info
tests before it let pass; see bench/README.md, "Mutation testing", fifth run (mutD).
"""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError
from intercept_mapper.model.info_fields import Assignment, parse_assignments


def test_an_unknown_field_is_refused_listing_every_field() -> None:
    with pytest.raises(InputError) as caught:
        parse_assignments([Assignment("colour", "red")], "w.simmap")
    assert caught.value.lines() == [
        "error: w.simmap: colour: there is no such field (fields: title, jurisdiction, dates, attendance, "
        "facilitators, prepared_by, sponsors, report_date, status, background, data_summary, "
        "recommendations, further_resources, votes_per_participant, top_n)"]


def test_fields_after_one_set_twice_are_still_checked() -> None:
    with pytest.raises(InputError) as caught:
        parse_assignments([Assignment("title", "ok"), Assignment("title", "again"),
                           Assignment("top_n", "many")], "w.simmap")
    assert caught.value.lines() == ["error: w.simmap: title: is set twice; set each field once",
                                    "error: w.simmap: top_n: 'many' is not a whole number"]
