"""The action-plan handout: the priorities and their plans alone, one to three pages."""

from __future__ import annotations

import pytest

from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model.step_order import plan_steps
from tests.export.report_helpers import TODAY, outline, page_texts, sample, small_workshop, squash


@pytest.fixture(scope="module")
def handout_pages() -> list[str]:
    return page_texts(build_report_pdf(sample(), handout=True, today=TODAY))


def test_sample_handout_is_one_to_three_pages(handout_pages: list[str]) -> None:
    assert 1 <= len(handout_pages) <= 3


def test_handout_holds_the_priorities_and_every_step(handout_pages: list[str]) -> None:
    ws = sample()
    text = " ".join(handout_pages)
    assert "Priorities for change" in text and "Action plans" in text
    for plan in ws.action_plans:
        assert squash(plan.title) in text
        for step in plan_steps(plan):
            assert squash(step.text) in text


def test_handout_leaves_out_map_appendix_and_other_sections(handout_pages: list[str]) -> None:
    text = " ".join(handout_pages)
    for absent in ("INTERCEPT", "Decision point", "Appendix", "Resources and gaps", "Contents",
                   "Introduction and background", "Recommendations"):
        assert absent not in text, absent
    ws = sample()
    participant = next(p for p in ws.participants if p.email)
    assert participant.email not in text


def test_handout_lists_only_the_top_priorities(handout_pages: list[str]) -> None:
    from intercept_mapper.model.ranking import rank_candidates

    ws = sample()
    ranking = rank_candidates(ws)
    top = ws.voting.top_n
    assert len(ranking) > top
    text = " ".join(handout_pages)
    first_table = text.split("Action plans")[0]
    assert all(squash(r.title) in first_table for r in ranking[:top])
    assert not any(squash(r.title) in first_table for r in ranking[top:])


def test_handout_draft_and_final(handout_pages: list[str]) -> None:
    assert all("DRAFT" in t for t in handout_pages)
    final = page_texts(build_report_pdf(sample(), handout=True, final=True, today=TODAY))
    assert not any("DRAFT" in t for t in final)


def test_handout_bookmarks_each_plan() -> None:
    data = build_report_pdf(small_workshop(), handout=True, today=TODAY)
    titles = [t for _, t, _ in outline(data)]
    assert titles[0] == "Priorities for change"
    assert "Priority 1: CIT for all patrol" in titles
