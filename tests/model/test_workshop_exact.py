"""The workshop's own defaults and lookups, and the intercept schemes it starts from, held exactly
(issue 20): each names what a user reads (the default table, the intercept labels, a refused preset)."""

from __future__ import annotations

import pytest

from intercept_mapper.model import DecisionPoint, Finding, new_workshop
from intercept_mapper.model.document_constants import CROSS_INTERCEPT, DEFAULT_TABLE_ID
from intercept_mapper.model.intercept_presets import scheme_from_preset


def test_a_new_workshop_votes_at_one_table_named_all_participants() -> None:
    assert [(t.id, t.name) for t in new_workshop().voting.tables] == [(DEFAULT_TABLE_ID, "All participants")]


def test_point_and_finding_find_by_id_and_say_none_for_an_unknown_id() -> None:
    ws = new_workshop()
    ws.points = [DecisionPoint(id=f"p{n}", intercept="1", title=f"Point {n}") for n in range(3)]
    ws.findings = [Finding(id=f"f{n}", kind="gap", intercept="1", title=f"Gap {n}") for n in range(3)]
    assert ws.point("p1").title == "Point 1" and ws.point("p2").title == "Point 2"
    assert ws.finding("f1").title == "Gap 1"
    assert ws.point("nope") is None and ws.finding("nope") is None
    assert new_workshop().point("p1") is None


def test_an_unknown_preset_is_refused_naming_it_and_every_known_one() -> None:
    with pytest.raises(KeyError) as refused:
        scheme_from_preset("ohio")
    assert refused.value.args == ("unknown preset 'ohio' (known presets: samhsa, five-intercept, texas)",)


def test_labels_and_column_order_of_each_intercept_and_the_cross_band() -> None:
    scheme = scheme_from_preset("five-intercept")
    assert [scheme.label(i) for i in ["1", "3", "5"]] == ["Law Enforcement", "Jails / Courts",
                                                         "Community Corrections"]
    assert scheme.label(CROSS_INTERCEPT) == "Cross-intercept" == scheme.cross_label
    assert scheme.label("0") == "0"  # an intercept this scheme lacks is named by its id
    assert [scheme.order(i) for i in ["1", "2", "5", CROSS_INTERCEPT, "0"]] == [0, 1, 4, 5, 5]
    scheme.cross_label = "Across the system"
    assert scheme.label(CROSS_INTERCEPT) == "Across the system"
