"""Where a priority sits helps choose the strategy its plan is drafted from.

The test here failed on a mutant of ``model/plan_derivation.py`` (``candidate_strategy`` not passing the
candidate's intercepts on) that every drafting test let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from intercept_mapper.model import Candidate, Finding, new_workshop
from intercept_mapper.model.plan_derivation import candidate_strategy


def test_two_strategies_of_one_theme_are_told_apart_by_the_priority_s_intercept() -> None:
    # Both training strategies carry the theme "training"; no word of these titles names either, so only
    # the intercept tells them apart: CIT training is for intercept 1, cross-training for the others.
    ws = new_workshop()
    ws.findings = [
        Finding(id="g-arrest", kind="gap", intercept="1", title="Gap A", theme="training"),
        Finding(id="g-court", kind="gap", intercept="3", title="Gap B", theme="training"),
    ]
    at_arrest = Candidate(id="c-arrest", title="Priority A", gap_ids=["g-arrest"])
    at_court = Candidate(id="c-court", title="Priority B", gap_ids=["g-court"])
    ws.voting.candidates = [at_arrest, at_court]
    assert candidate_strategy(ws, at_arrest).key == "cit-training"
    assert candidate_strategy(ws, at_court).key == "cross-training"
