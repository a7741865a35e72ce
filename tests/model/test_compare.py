"""Comparing two versions of the bundled sample: a committee's review a year after the workshop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intercept_mapper.model import Candidate, DecisionPoint, Finding, InputError, new_workshop
from intercept_mapper.model.compare import compare_files, compare_workshops, match_items, text_key
from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "riverbend.simmap"


def _finding(ws, title: str) -> Finding:  # noqa: ANN001
    return next(f for f in ws.findings if f.title == title)


def _candidate(ws, title: str) -> Candidate:  # noqa: ANN001
    return next(c for c in ws.voting.candidates if c.title == title)


def a_year_later(old_path: Path, new_path: Path) -> None:
    """Write ``new_path``: the sample after a year of committee work."""
    ws = load_workshop(old_path)
    # Closed: the co-responder now covers the county (the gap became a resource, same id) ...
    co = _finding(ws, "Co-responder covers only the city")
    co.kind, co.title = "resource", "Co-responder covers the whole county"
    ws.voting.candidates.remove(_candidate(ws, "Co-responder covers only the city"))
    # ... and deputies were trained (the gap is gone).
    cit = _finding(ws, "Sheriff deputies not CIT trained")
    ws.findings.remove(cit)
    ws.voting.candidates.remove(_candidate(ws, "Sheriff deputies not CIT trained"))
    # New: a gap with its candidate, a resource, a decision point.
    ws.findings.append(Finding(id="fd-new-transport", kind="gap", intercept="5",
                               title="No transportation to probation appointments", theme="transportation"))
    ws.voting.candidates.append(Candidate(
        id="cd-new-transport", title="No transportation to probation appointments",
        gap_ids=["fd-new-transport"], votes={ws.voting.tables[0].id: 20}))
    ws.findings.append(Finding(id="fd-new-peer", kind="resource", intercept="4",
                               title="Reentry peer at the door"))
    ws.points.append(DecisionPoint(id="pt-new", intercept="0", title="Crisis stabilisation unit"))
    # Re-imported under a new id, retyped: still the same gap (same intercept, same title).
    housing = _finding(ws, "Lack of supportive housing")
    housing.id, housing.title = "fd-reimported", "  lack of SUPPORTIVE housing "
    _candidate(ws, "Lack of supportive housing").gap_ids = ["fd-reimported"]
    # Votes changed; steps done.
    ws.voting.candidates[0].votes = {k: v + 10 for k, v in ws.voting.candidates[0].votes.items()}
    for plan in ws.action_plans:
        for objective in plan.objectives:
            for step in objective.steps:
                if step.id in ("st-ea8bdbd9fdae", "st-3ee1a9f7d0c2"):
                    step.status = "done"
    save_workshop(ws, new_path, backup=False)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "riverbend-2026.simmap"
    shutil.copy(SAMPLE, old)
    new = tmp_path / "riverbend-2027.simmap"
    a_year_later(old, new)
    return old, new


def test_gaps_closed_and_new(versions: tuple[Path, Path]) -> None:
    result = compare_files(*versions)
    assert [(c.title, c.note) for c in result.gaps_closed] == [
        ("Sheriff deputies not CIT trained", ""),
        ("Co-responder covers only the city", "now a resource: 'Co-responder covers the whole county'"),
    ]
    assert [(c.title, c.intercept) for c in result.gaps_new] == [
        ("No transportation to probation appointments", "5")]


def test_resources_and_points(versions: tuple[Path, Path]) -> None:
    result = compare_files(*versions)
    assert [(c.title, c.note) for c in result.resources_new] == [
        ("Co-responder covers the whole county", "was a gap: 'Co-responder covers only the city'"),
        ("Reentry peer at the door", ""),
    ]
    assert result.resources_removed == []
    assert [p.title for p in result.points_added] == ["Crisis stabilisation unit"]
    assert result.points_removed == []


def test_a_reimported_gap_is_matched_by_title_within_its_intercept(versions: tuple[Path, Path]) -> None:
    result = compare_files(*versions)
    everything = [c.title.strip().casefold() for c in (*result.gaps_closed, *result.gaps_new)]
    assert "lack of supportive housing" not in everything


def test_priorities_changed(versions: tuple[Path, Path]) -> None:
    result = compare_files(*versions)
    by_title = {p.title: p for p in result.priorities_changed}
    new = by_title["No transportation to probation appointments"]
    assert (new.change, new.new_rank, new.new_votes) == ("new", 2, 20)
    mobile = by_title["Mobile crisis not available nights and weekends"]
    assert (mobile.change, mobile.old_rank, mobile.new_rank, mobile.old_votes, mobile.new_votes) == (
        "changed", 2, 1, 14, 34)
    assert "votes 14 to 34" in mobile.note and "up 1 place" in mobile.note
    dropped = {p.title for p in result.priorities_changed if p.change == "dropped"}
    assert dropped == {"Co-responder covers only the city", "Sheriff deputies not CIT trained"}
    housing = by_title["Lack of supportive housing"]  # pushed down by the two above it now
    assert (housing.old_rank, housing.new_rank) == (1, 3)
    assert "no longer" not in housing.note
    # Shifted down one place only because a new candidate came in above: not news.
    assert "Released at night with no medication" not in by_title
    unit = by_title["No crisis stabilisation unit"]  # shifted too, but out of the top 5
    assert unit.note == "down 1 place (rank 5 to 6), no longer in the top 5"


def test_steps_completed_since_the_older_file(versions: tuple[Path, Path]) -> None:
    result = compare_files(*versions)
    assert [(s.plan, s.old_status) for s in result.steps_completed] == [
        ("Supportive housing for people leaving jail or on probation", "in-progress"),
        ("Mobile crisis around the clock", "in-progress"),
    ]
    assert result.steps_completed[0].text.startswith("Draft a memorandum of understanding")


def test_json_lists_every_section_with_counts(versions: tuple[Path, Path]) -> None:
    data = compare_files(*versions).as_json()
    assert data["counts"] == {"gaps_closed": 2, "gaps_new": 1, "resources_new": 2, "resources_removed": 0,
                              "priorities_changed": len(data["priorities_changed"]), "steps_completed": 2,
                              "points_added": 1, "points_removed": 0, "plans_removed": 0, "plans_added": 0,
                              "steps_removed": 0, "steps_added": 0, "participants_removed": 0,
                              "participants_added": 0, "renamed": 0}
    assert data["old"].endswith("riverbend-2026.simmap")


def test_a_file_compared_with_itself_has_no_changes() -> None:
    ws = load_workshop(SAMPLE)
    result = compare_workshops(ws, load_workshop(SAMPLE))
    assert result.is_empty()


def test_the_other_way_round_gaps_closed_become_new(versions: tuple[Path, Path]) -> None:
    old, new = versions
    backwards = compare_files(new, old)
    assert {c.title for c in backwards.gaps_new} == {"Sheriff deputies not CIT trained",
                                                    "Co-responder covers only the city"}
    assert [c.title for c in backwards.gaps_closed] == ["No transportation to probation appointments"]
    assert backwards.steps_completed == []  # done steps going back to in progress are not "completed"


def test_an_unreadable_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.simmap"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        compare_files(SAMPLE, bad)
    assert "bad.simmap" in caught.value.lines()[0]


def test_matching_prefers_ids_then_titles_in_order() -> None:
    old = [Finding(id="a", kind="gap", intercept="1", title="Same"),
           Finding(id="b", kind="gap", intercept="1", title="Same"),
           Finding(id="c", kind="gap", intercept="2", title="Same")]
    new = [Finding(id="x", kind="gap", intercept="1", title=" same "),
           Finding(id="b", kind="gap", intercept="3", title="Moved and renamed"),
           Finding(id="y", kind="gap", intercept="1", title="SAME")]
    pairs = match_items(old, new, lambda f: (f.intercept, text_key(f.title)))
    assert pairs == {1: 1, 0: 0}  # b by id wherever it went; a by title; c's intercept has no match


def test_the_same_title_in_another_intercept_is_another_item() -> None:
    """A gap, resource or point re-entered in another intercept (new id) is gone there and new here."""
    old = load_workshop(SAMPLE)
    new = old.model_copy(deep=True)
    gap = _finding(new, "Lack of supportive housing")
    resource = next(f for f in new.findings if f.kind == "resource")
    point = new.points[0]
    was = {}
    for item in (gap, resource, point):
        was[item.title] = item.intercept
        item.intercept = next(lane for lane in new.scheme.ids() if lane != item.intercept)
        item.id += "-again"  # no id to match by: only the same title is left, in another intercept
    result = compare_workshops(old, new)
    assert [(c.title, c.intercept) for c in result.gaps_closed] == [(gap.title, was[gap.title])]
    assert [(c.title, c.intercept) for c in result.gaps_new] == [(gap.title, gap.intercept)]
    assert [(c.title, c.intercept) for c in result.resources_removed] == [
        (resource.title, was[resource.title])]
    assert [(c.title, c.intercept) for c in result.resources_new] == [(resource.title, resource.intercept)]
    assert [(p.title, p.intercept) for p in result.points_removed] == [(point.title, was[point.title])]
    assert [(p.title, p.intercept) for p in result.points_added] == [(point.title, point.intercept)]


def test_json_records_have_every_field_of_the_contract(versions: tuple[Path, Path]) -> None:
    old, new = versions
    data = compare_files(old, new).as_json()
    assert (data["old"], data["new"]) == (str(old), str(new))
    assert data["gaps_closed"][1] == {
        "id": _finding(load_workshop(old), "Co-responder covers only the city").id, "kind": "gap",
        "title": "Co-responder covers only the city", "intercept": "1",
        "note": "now a resource: 'Co-responder covers the whole county'"}
    assert data["points_added"] == [{"id": "pt-new", "kind": "point", "title": "Crisis stabilisation unit",
                                     "intercept": "0", "note": ""}]
    by_title = {p["title"]: p for p in data["priorities_changed"]}
    assert by_title["No transportation to probation appointments"] == {
        "title": "No transportation to probation appointments", "change": "new", "old_rank": None,
        "new_rank": 2, "old_votes": None, "new_votes": 20, "note": "new: ranked 2 with 20 votes"}
    assert by_title["Mobile crisis not available nights and weekends"] == {
        "title": "Mobile crisis not available nights and weekends", "change": "changed", "old_rank": 2,
        "new_rank": 1, "old_votes": 14, "new_votes": 34, "note": "up 1 place (rank 2 to 1), votes 14 to 34"}
    assert by_title["Lack of supportive housing"]["note"] == "down 2 places (rank 1 to 3)"
    assert by_title["Sheriff deputies not CIT trained"] == {
        "title": "Sheriff deputies not CIT trained", "change": "dropped", "old_rank": 14, "new_rank": None,
        "old_votes": 4, "new_votes": None,
        "note": "dropped (no longer a candidate); was ranked 14 with 4 votes"}
    step = data["steps_completed"][1]
    assert step == {"plan": "Mobile crisis around the clock",
                    "objective": "Mobile crisis coverage 24 hours a day, 7 days a week by July 2027",
                    "text": "Apply for the state mobile crisis expansion grant and set up Medicaid billing "
                            "for mobile crisis", "who": "Priya Raman", "old_status": "in-progress"}
    unnamed = compare_workshops(load_workshop(old), load_workshop(new)).as_json()
    assert (unnamed["old"], unnamed["new"]) == ("older file", "newer file")


def test_priority_notes_say_places_votes_and_the_top_n_in_words() -> None:
    old = new_workshop(title="Votes")
    old.voting.candidates = [Candidate(id=f"c{n}", title=f"Priority {n}", votes={"tb-all": 7 - n})
                             for n in range(1, 7)]  # 6 votes down to 1: c6 ranks 6th, outside the top 5
    old.findings = [Finding(id="fd-r", kind="resource", intercept="2", title="Court liaison")]
    new = old.model_copy(deep=True)
    new.voting.candidates[5].votes = {"tb-all": 10}  # c6 to the top
    new.voting.candidates.append(Candidate(id="c7", title="Priority 7", votes={"tb-all": 1}))
    new.findings[0].kind, new.findings[0].title = "gap", "Court liaison gone"
    result = compare_workshops(old, new)
    notes = {p.title: p.note for p in result.priorities_changed}
    assert notes == {
        "Priority 6": "up 5 places (rank 6 to 1), votes 1 to 10, now in the top 5",
        "Priority 1": "down 1 place (rank 1 to 2)",
        "Priority 2": "down 1 place (rank 2 to 3)",
        "Priority 3": "down 1 place (rank 3 to 4)",
        "Priority 4": "down 1 place (rank 4 to 5)",
        "Priority 5": "down 1 place (rank 5 to 6), no longer in the top 5",
        "Priority 7": "new: ranked 7 with 1 vote",
    }
    assert [(c.title, c.note) for c in result.resources_removed] == [
        ("Court liaison", "now a gap: 'Court liaison gone'")]
    assert [(c.title, c.note) for c in result.gaps_new] == [
        ("Court liaison gone", "was a resource: 'Court liaison'")]


def test_steps_are_matched_by_id_then_by_text_within_the_plan_of_the_same_title() -> None:
    old = load_workshop(SAMPLE)
    new = old.model_copy(deep=True)
    first, second = new.action_plans[0], new.action_plans[1]
    for step in old.action_plans[0].objectives[0].steps[:-1]:
        step.status = "in-progress"
    steps = first.objectives[0].steps
    retyped = steps[-1]  # the last of its objective, after steps that are not done
    was = next(s for s in old.action_plans[0].objectives[0].steps if s.id == retyped.id).status
    for step in steps[:-1]:
        step.status = "in-progress"  # not done, before the one that is (so none is news but that one)
    assert was != "done"
    retyped.id, retyped.status = "st-retyped", "done"  # re-entered: a new id, the same text
    copied = retyped.model_copy(update={"id": "st-copied"})
    second.objectives[0].steps.append(copied)  # the same text in another plan: a new step there
    dropped_point = new.points.pop()
    excluded = next(c for c in new.voting.candidates if not c.excluded)
    excluded.excluded = True
    result = compare_workshops(old, new)
    assert [(s.plan, s.text, s.old_status) for s in result.steps_completed] == [
        (first.title, retyped.text, was), (second.title, copied.text, "")]
    assert [p.as_json() for p in result.points_removed] == [{
        "id": dropped_point.id, "kind": "point", "title": dropped_point.title,
        "intercept": dropped_point.intercept, "note": ""}]
    dropped = [p for p in result.priorities_changed if p.change == "dropped"]
    assert [p.title for p in dropped] == [excluded.title]
    assert dropped[0].note.startswith("dropped (excluded from voting); was ranked ")


def test_an_item_matched_by_id_is_not_matched_again_by_title() -> None:
    """Two gaps of one title; one kept (same id), one gone: the gone one is closed, not paired too."""
    old = new_workshop(title="Twins")
    old.findings = [Finding(id="fd-a", kind="gap", intercept="1", title="No crisis beds"),
                    Finding(id="fd-b", kind="gap", intercept="1", title="No crisis beds")]
    new = old.model_copy(deep=True)
    new.findings.pop()
    result = compare_workshops(old, new)
    assert [c.id for c in result.gaps_closed] == ["fd-b"]
    assert match_items(old.findings, new.findings, lambda f: (f.intercept, text_key(f.title))) == {0: 0}


def test_an_item_gone_or_new_with_nothing_in_its_place_has_no_note() -> None:
    old = new_workshop(title="Notes")
    old.findings = [Finding(id="fd-r", kind="resource", intercept="2", title="Court liaison")]
    new = old.model_copy(deep=True)
    new.findings = [Finding(id="fd-g", kind="gap", intercept="3", title="No jail discharge planner")]
    result = compare_workshops(old, new)
    assert [(c.title, c.note) for c in result.resources_removed] == [("Court liaison", "")]
    assert [(c.title, c.note) for c in result.gaps_new] == [("No jail discharge planner", "")]
    assert result.gaps_closed == [] and result.resources_new == []


def test_the_scheme_warning_says_what_a_move_between_intercepts_looks_like() -> None:
    old = new_workshop("five-intercept", "Lake County SIM", "Lake County")
    new = new_workshop("samhsa", "Lake County SIM", "Lake County")
    new.scheme.intercepts = []
    [warning] = compare_workshops(old, new).warnings
    assert warning == (
        "the files use different intercept schemes (older: five-intercept, intercepts 1, 2, 3, 4, 5; "
        "newer: samhsa, no intercepts): items are matched within the same intercept, so a gap, resource "
        "or decision point that moved to another intercept is listed as removed and new")
    assert compare_workshops(new, new.model_copy(deep=True)).warnings == []
