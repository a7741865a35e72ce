"""Nothing untrue (issue 14): each sentence the report used to print from a default or a guess, before
and after. Every case builds a workshop that says one thing and reads the PDF's text back."""

from __future__ import annotations

from datetime import date

import pytest

from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.export.report_text import missing_for_final
from intercept_mapper.model import Candidate, Participant, VotingTable
from intercept_mapper.model.ranking import rank_candidates
from tests.export.report_helpers import TODAY, all_text, sample, squash


def _text(ws, **options) -> str:
    return all_text(build_report_pdf(ws, today=TODAY, **options))


def _people(n: int) -> list[Participant]:
    return [Participant(id=f"pp{i}", name=f"Person {i}", sector="courts") for i in range(n)]


def test_attendance_and_the_participant_list_are_each_reported_as_what_they_are() -> None:
    ws = sample()
    ws.info.background = "Forty-five people took part in two days of mapping."
    ws.participants = _people(12)
    ws.info.attendance = 45
    text = _text(ws)
    assert "12 participants took part" not in text  # the old sentence: the list read as the turnout
    assert "45 people attended; the participant list names 12 of them (see the appendix)." in text
    assert "The participant list names 12 people from 1 sector; 45 people attended in all" in text


def test_without_an_attendance_number_only_the_list_is_counted() -> None:
    ws = sample()
    ws.participants = _people(3)
    ws.info.attendance = None
    ws.info.background = ""  # the sample's own text says how many took part
    text = _text(ws)
    assert "took part" not in text and "attended" not in text
    assert "The participant list names 3 people (see the appendix)." in text


def test_the_vote_budget_prints_only_when_recorded() -> None:
    ws = sample()
    ws.voting.votes_per_participant = None
    text = _text(ws)
    assert "votes each" not in text and "to give" not in text
    ws.voting.votes_per_participant = 3
    assert "Each participant had 3 votes to give." in _text(ws)


def test_top_n_counts_the_priorities_that_exist() -> None:
    ws = sample()
    ws.voting.top_n = 5
    ws.voting.candidates = ws.voting.candidates[:4]
    text = _text(ws)
    assert "top 5" not in text
    assert "The top 4 candidates (shaded) became the priorities for change." in text
    ws.voting.candidates = ws.voting.candidates[:1]
    assert "The top candidate (shaded) became the priority for change." in _text(ws)


def test_blank_vote_counts_print_as_not_counted_never_zero() -> None:
    ws = sample()
    tables = [t.id for t in ws.voting.tables]
    counted, blank, zero = ws.voting.candidates[:3]
    blank.votes = {}  # nobody counted its dots
    zero.votes = {tables[0]: 0, tables[1]: 0}  # counted: nobody voted for it
    blank_rank = next(r for r in rank_candidates(ws) if r.candidate_id == blank.id)
    assert not blank_rank.counted and blank_rank.reason.startswith("Votes not counted")
    text = _text(ws)
    start = text.index(f"{blank_rank.rank} {squash(blank.title)} Votes not counted")
    row = text[start:text.index("Votes for the leading candidates", start)]
    # Two table columns and the total, each "not counted"; the intercept column follows (0 here).
    assert row.endswith("not counted not counted not counted 0 ") or \
        row.rstrip().endswith("not counted not counted not counted 0")
    assert "The votes for 1 candidate were not counted" in text


def test_the_report_date_is_its_own_field_and_otherwise_the_export_day_says_so() -> None:
    ws = sample()
    ws.info.dates = [date(2016, 4, 12), date(2016, 4, 13)]
    ws.info.report_date = date(2016, 6, 1)
    assert "FINAL REPORT, June 1, 2016" in _text(ws, final=True)
    assert "DRAFT of June 1, 2016" in _text(ws, final=False)
    ws.info.report_date = None
    text = _text(ws, final=True)
    assert "FINAL REPORT, exported on June 1, 2026" in text  # TODAY, said as the export day
    assert "FINAL REPORT, June 1, 2026" not in text


def test_workshop_days_may_be_several_and_apart() -> None:
    ws = sample()
    ws.info.dates = [date(2026, 4, 2), date(2026, 3, 12), date(2026, 5, 7)]
    assert "Workshop: March 12, 2026, April 2, 2026 and May 7, 2026" in _text(ws)


def test_the_files_report_status_decides_draft_or_final_unless_told() -> None:
    ws = sample()
    ws.info.status = "final"
    assert "DRAFT" not in _text(ws)  # was: DRAFT unless --final
    assert "DRAFT" in _text(ws, final=False)
    ws.info.status = "draft"
    assert "DRAFT" in _text(ws)
    assert "DRAFT" not in _text(ws, final=True)


def _bare_final_workshop():
    ws = sample()
    ws.participants = []
    ws.action_plans = []
    ws.info.background = ""
    ws.info.recommendations = ""
    ws.info.further_resources = ""
    for c in ws.voting.candidates:
        c.votes = {}
    return ws


def test_missing_for_final_lists_every_empty_required_section() -> None:
    ws = _bare_final_workshop()
    sections = [m.section for m in missing_for_final(ws, rank_candidates(ws))]
    assert sections == ["introduction", "priorities for change", "appendix"]
    complete = sample()
    assert missing_for_final(complete, rank_candidates(complete)) == []


def test_a_final_report_leaves_empty_sections_out_and_a_draft_keeps_its_placeholders() -> None:
    ws = _bare_final_workshop()
    final = _text(ws, final=True)
    for placeholder in ("No action plans have been written yet", "No recommendations have been written yet",
                        "No participants are recorded", "None listed", "No votes have been recorded yet"):
        assert placeholder not in final
    assert "Priorities for change" not in final and "Appendix" not in final
    assert "4. Recommendations" not in final  # sections left out take no number
    draft = _text(ws, final=False)
    for placeholder in ("No action plans have been written yet", "No recommendations have been written yet",
                        "No participants are recorded", "No votes have been recorded yet"):
        assert placeholder in draft


@pytest.mark.parametrize("missing_plan", [True, False])
def test_a_top_priority_without_a_plan_blocks_final(missing_plan: bool) -> None:
    ws = sample()
    top = rank_candidates(ws)[0]
    if missing_plan:
        ws.action_plans = [p for p in ws.action_plans if p.candidate_id != top.candidate_id]
    missing = [m.message() for m in missing_for_final(ws, rank_candidates(ws))]
    assert (missing == [f"action plans: priority 1, '{top.title}', has no action plan with an objective"]) \
        == missing_plan


def test_a_new_table_without_counts_is_not_counted_there() -> None:
    ws = sample()
    ws.voting.tables.append(VotingTable(id="tb-late", name="Late table"))
    ws.voting.candidates.append(Candidate(id="c-new", title="Counted only late", votes={"tb-late": 2}))
    rank = next(r for r in rank_candidates(ws) if r.candidate_id == "c-new")
    assert rank.counted and set(rank.uncounted_tables) == {t.name for t in ws.voting.tables[:2]}


def test_a_table_where_nothing_was_counted_is_neither_shown_nor_said() -> None:
    ws = sample()
    ws.voting.tables.append(VotingTable(id="tb-empty", name="Observers table"))
    text = _text(ws)
    assert "Observers table" not in text
    assert "Votes were counted at 2 tables (System table and Community table)" in text
