"""Worksheet export held row by row (vote columns per table, lanes and kinds in map order, follows, a gap's
intercept cell) and the last of import's reference checks (every unknown point reported).

Each test here failed on a mutant (a small deliberate change of ``model/worksheet_csv.py``) that the
worksheet tests before it let pass; see bench/README.md, "Mutation testing", fifth run (mutD).
"""

from __future__ import annotations

import pytest

from intercept_mapper.model import InputError, new_workshop
from intercept_mapper.model.worksheet_csv import (
    parse_worksheet,
    worksheet_columns,
    worksheet_rows,
)
from intercept_mapper.model.workshop import Candidate, DecisionPoint, Finding, Flow


def imported(text: str):
    return parse_worksheet(text.encode(), "w.csv").workshop


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_worksheet(text.encode(), "w.csv")
    return [str(p) for p in caught.value.problems]


def test_every_unknown_point_a_finding_names_is_reported_not_only_the_first() -> None:
    assert problems_of("intercept,kind,title,at_point\n1,gap,A,Nowhere\n1,resource,B,Elsewhere\n") == [
        "w.csv:2: at_point: no decision point is titled 'Nowhere'",
        "w.csv:3: at_point: no decision point is titled 'Elsewhere'",
    ]


def test_a_first_table_named_like_the_default_keeps_every_tables_column() -> None:
    ws = imported("intercept,kind,title,votes:All participants,votes:System\n1,gap,G,2,3\n")
    assert [name for name in worksheet_columns(ws) if name.startswith("votes")] == [
        "votes:All participants", "votes:System"]
    row = worksheet_rows(ws)[0]
    assert (row["votes:All participants"], row["votes:System"]) == ("2", "3")


def finding(fid: str, kind: str, intercept: str, title: str, **more) -> Finding:
    return Finding(id=fid, kind=kind, intercept=intercept, title=title, **more)


def test_resources_come_before_gaps_in_each_lane_whatever_the_document_order() -> None:
    ws = new_workshop()
    ws.findings = [finding("f1", "gap", "1", "No beds"), finding("f2", "resource", "1", "CIT"),
                   finding("f3", "gap", "1", "No data")]
    assert [(r["kind"], r["title"]) for r in worksheet_rows(ws)] == [
        ("resource", "CIT"), ("gap", "No beds"), ("gap", "No data")]


def test_items_at_intercepts_the_scheme_lacks_come_after_its_own_and_before_the_cross_band() -> None:
    # A document with an intercept its scheme lacks is not valid, but its export loses no row and keeps
    # the lanes apart: the scheme's intercepts in order, then the others by id, then X.
    ws = new_workshop()
    ws.findings = [finding("f1", "gap", "X", "Housing"), finding("f2", "gap", "reentry", "No ID cards"),
                   finding("f3", "gap", "3", "No jail data"), finding("f4", "gap", "9", "Old lane"),
                   finding("f5", "gap", "1", "No CIT")]
    assert [r["intercept"] for r in worksheet_rows(ws)] == ["1", "3", "9", "reentry", "X"]


def test_a_flow_whose_point_is_gone_is_left_out_of_follows() -> None:
    ws = new_workshop()
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Arrest"),
                 DecisionPoint(id="p2", intercept="1", title="Booking")]
    ws.flows = [Flow(id="l1", source="gone", target="p2"), Flow(id="l2", source="p1", target="p2"),
                Flow(id="l3", source="p1", target="gone")]
    assert [(r["title"], r["follows"]) for r in worksheet_rows(ws)] == [("Arrest", ""), ("Booking", "Arrest")]


def test_a_gap_in_the_cross_band_is_written_at_x_alone_whatever_its_candidate_concerns() -> None:
    ws = new_workshop()
    ws.findings = [finding("f1", "gap", "X", "Housing"), finding("f2", "gap", "1", "No CIT")]
    ws.voting.candidates = [Candidate(id="c1", title="Housing", gap_ids=["f1"], intercepts=["1", "2"]),
                            Candidate(id="c2", title="No CIT", gap_ids=["f2"], intercepts=["X"])]
    assert [(r["title"], r["intercept"]) for r in worksheet_rows(ws)] == [("No CIT", "1"), ("Housing", "X")]
