"""Themes filled in headless, held exactly (issue 20): the JSON a suggestion is written as, the
description read when the title alone is unclear, and every item with no suggestion counted."""

from __future__ import annotations

from intercept_mapper.model import Finding, new_workshop
from intercept_mapper.model.theme_apply import apply_theme_suggestions, theme_suggestions


def _workshop():
    ws = new_workshop()
    ws.findings = [
        Finding(id="g1", kind="gap", intercept="3", title="Medication", description="pharmacy refills"),
        Finding(id="g2", kind="gap", intercept="1", title="Meeting"),
        Finding(id="r1", kind="resource", intercept="X", title="Weekly call"),
        Finding(id="g3", kind="gap", intercept="4", title="No housing", theme="reentry"),
    ]
    return ws


def test_a_suggestion_from_title_and_description_and_each_item_without_one_counted() -> None:
    found, without = theme_suggestions(_workshop())
    assert [(s.id, s.theme) for s in found] == [("g1", "medication-moud")]
    assert without == 2


def test_a_suggestion_as_json_names_every_field_and_the_theme_in_words() -> None:
    found, _ = theme_suggestions(_workshop())
    assert found[0].as_json() == {"id": "g1", "kind": "gap", "intercept": "3", "title": "Medication",
                                  "theme": "medication-moud", "label": "Medication and MOUD"}


def test_applying_sets_only_the_unthemed_items_with_a_suggestion() -> None:
    ws = _workshop()
    applied = apply_theme_suggestions(ws)
    assert [s.id for s in applied] == ["g1"]
    assert [(f.id, f.theme) for f in ws.findings] == [("g1", "medication-moud"), ("g2", ""), ("r1", ""),
                                                      ("g3", "reentry")]
