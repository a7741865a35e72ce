"""Drafted plans follow the gaps behind a priority, not only its own title.

Each test here failed on a mutant (a small deliberate change of ``model/plan_derivation.py``) that
``test_plan_derivation.py`` and ``test_drafted_plans.py`` let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from intercept_mapper.model.plan_derivation import candidate_strategy
from tests.drafting_workshop import drafting_workshop


def test_a_priority_with_a_wordless_title_is_drafted_from_its_gaps_words() -> None:
    ws = drafting_workshop()
    cand = next(c for c in ws.voting.candidates if c.id == "c-g-unit")
    cand.title = "Priority A"  # the gap still says "No crisis stabilisation unit"
    assert candidate_strategy(ws, cand).key == "crisis-stabilisation-unit"


def test_a_gap_with_no_telling_words_is_drafted_from_its_theme() -> None:
    ws = drafting_workshop()
    cand = next(c for c in ws.voting.candidates if c.id == "c-g-housing")
    cand.title = "Priority B"
    gap = ws.finding("g-housing")
    gap.title = "Gap B"  # only its theme, housing, tells
    assert candidate_strategy(ws, cand).key == "housing"
