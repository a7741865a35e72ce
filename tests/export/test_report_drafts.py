"""Drafted action plans in the report: each drafted objective and step is marked "Draft suggestion"."""

from __future__ import annotations

from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model.plan_derivation import derive_action_plans
from tests.drafting_workshop import drafting_workshop
from tests.export.report_helpers import TODAY, all_text, page_texts, small_workshop, squash


def test_drafted_objectives_and_steps_are_marked_and_edited_ones_are_not() -> None:
    ws = drafting_workshop()
    ws.voting.top_n = 2
    ws.action_plans = derive_action_plans(ws, today=TODAY)
    crisis, housing = ws.action_plans
    # The group made the housing objective and its first step their own.
    housing.objectives[0].drafted = False
    housing.objectives[0].text = "Twenty supportive housing places by 2027"
    housing.objectives[0].steps[0].drafted = False
    drafted = sum(o.drafted + sum(s.drafted for s in o.steps) for p in ws.action_plans for o in p.objectives)
    assert drafted == 5 + 3
    plans = all_text(build_report_pdf(ws, today=TODAY))
    assert plans.count("Draft suggestion") == drafted
    assert all_text(build_report_pdf(ws, handout=True, today=TODAY)).count("Draft suggestion") == drafted
    # The mark follows the drafted text it belongs to, in the same cell.
    first = crisis.objectives[0].steps[0].text
    assert squash(first + " Draft suggestion") in plans
    assert squash(crisis.objectives[0].text + " Draft suggestion") in plans
    edited = housing.objectives[0].steps[0].text
    assert squash(edited) in plans and squash(edited + " Draft suggestion") not in plans
    assert "Twenty supportive housing places by 2027 Draft suggestion" not in plans


def test_plans_written_by_people_carry_no_mark() -> None:
    text = " ".join(page_texts(build_report_pdf(small_workshop(), today=TODAY)))
    assert "Draft suggestion" not in text
