"""What ``compare`` reports, record by record, where the older tests read only some fields or never
reached the case (bench/README.md, "Mutation testing", sixth run (mutJ)): renamed decision points and
priorities, the "too many" warnings, plans matched through their priority, plan and step records."""

from __future__ import annotations

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Objective,
    new_workshop,
)
from intercept_mapper.model.compare import (
    MAX_SIMILARITY_PAIRS,
    PlanChange,
    Renamed,
    StepChange,
    compare_workshops,
    similarity,
)

_TOO_MANY = "changed at once to look for renamed ones: a renamed one is listed as removed and new"
_SIDE = int(MAX_SIMILARITY_PAIRS ** 0.5) + 1  # side * side unmatched pairs: over the limit


def test_a_renamed_decision_point_is_one_point_renamed_not_removed_and_added() -> None:
    old = new_workshop(title="Points")
    old.points = [DecisionPoint(id="d1", intercept="2", title="Pretrial screening at booking"),
                  DecisionPoint(id="d2", intercept="2", title="Arraignment")]
    new = old.model_copy(deep=True)
    new.points = [DecisionPoint(id="n1", intercept="2", title="Pretrial screening at the booking desk"),
                  DecisionPoint(id="n2", intercept="2", title="arraignment.")]
    result = compare_workshops(old, new)
    ratio = similarity("Pretrial screening at booking", "Pretrial screening at the booking desk")
    assert result.renamed == [Renamed("point", "n1", "Pretrial screening at booking",
                                      "Pretrial screening at the booking desk", "2", ratio)]
    assert result.points_added == [] and result.points_removed == []
    assert result.warnings == []


def test_too_many_points_changed_at_once_says_so_in_its_own_words() -> None:
    old = new_workshop(title="Points")
    old.points = [DecisionPoint(id=f"d{n}", intercept="2", title=f"Point {n}") for n in range(_SIDE)]
    new = old.model_copy(deep=True)
    new.points = [DecisionPoint(id=f"n{n}", intercept="2", title=f"Point {n} retyped") for n in range(_SIDE)]
    result = compare_workshops(old, new)
    assert result.warnings == [f"too many decision points {_TOO_MANY}"]
    assert len(result.points_added) == len(result.points_removed) == _SIDE
    assert result.renamed == []


def test_too_many_priorities_changed_at_once_says_so_in_its_own_words() -> None:
    old = new_workshop(title="Votes")
    old.voting.candidates = [Candidate(id=f"c{n}", title=f"Priority {n}") for n in range(_SIDE)]
    new = old.model_copy(deep=True)
    new.voting.candidates = [Candidate(id=f"n{n}", title=f"Priority {n} retyped") for n in range(_SIDE)]
    result = compare_workshops(old, new)
    assert result.warnings == [f"too many candidate priorities {_TOO_MANY}"]
    assert result.renamed == []


def test_a_renamed_gap_is_recorded_under_its_new_id() -> None:
    old = new_workshop(title="Gaps")
    old.findings = [Finding(id="g1", kind="gap", intercept="3", title="Lack of supportive housing")]
    new = old.model_copy(deep=True)
    new.findings = [Finding(id="g7", kind="gap", intercept="3", title="Lack of permanent supportive housing")]
    result = compare_workshops(old, new)
    ratio = similarity("Lack of supportive housing", "Lack of permanent supportive housing")
    assert result.renamed == [Renamed("gap", "g7", "Lack of supportive housing",
                                      "Lack of permanent supportive housing", "3", ratio)]


def test_a_renamed_priority_that_changed_says_what_and_what_it_was_called() -> None:
    old = new_workshop(title="Votes")
    old.voting.candidates = [Candidate(id="c1", title="No transfer protocol from 911 to 988",
                                       votes={"tb-all": 4}),
                             Candidate(id="c2", title="Jail reentry", votes={"tb-all": 2})]
    new = old.model_copy(deep=True)
    new.voting.candidates = [Candidate(id="c9", title="No transfer protocol from 911 & 988 line",
                                       votes={"tb-all": 6}),
                             Candidate(id="c2", title="Jail reentry", votes={"tb-all": 3})]
    # A renamed gap with the candidate's new id: only a priority's rename is the priority's history.
    old.findings = [Finding(id="g1", kind="gap", intercept="1", title="Lack of supportive housing")]
    new.findings = [Finding(id="c2", kind="gap", intercept="1", title="Lack of permanent supportive housing")]
    result = compare_workshops(old, new)
    ratio = similarity("No transfer protocol from 911 to 988", "No transfer protocol from 911 & 988 line")
    assert Renamed("priority", "c9", "No transfer protocol from 911 to 988",
                   "No transfer protocol from 911 & 988 line", "", ratio) in result.renamed
    assert [(p.title, p.change, p.note) for p in result.priorities_changed] == [
        ("No transfer protocol from 911 & 988 line", "changed",
         "votes 4 to 6, was titled 'No transfer protocol from 911 to 988'"),
        ("Jail reentry", "changed", "votes 2 to 3")]


def _plan(plan_id: str, candidate_id: str | None, title: str, *steps: str, prefix: str = "s") -> ActionPlan:
    return ActionPlan(id=plan_id, candidate_id=candidate_id, title=title, objectives=[
        Objective(id=f"o-{plan_id}", text="Goal", steps=[
            ActionStep(id=f"{prefix}{plan_id}{n}", text=t, who="Ana", status="in-progress")
            for n, t in enumerate(steps)])])


def test_plans_with_new_ids_and_titles_are_matched_through_their_priorities() -> None:
    """Plans re-made with new ids and titles, in the other order, under priorities that got new ids
    too: each is still its priority's plan (nothing lost or added)."""
    old = new_workshop(title="Plans")
    old.voting.candidates = [Candidate(id="c-A", title="Crisis beds", votes={"tb-all": 5}),
                             Candidate(id="c-B", title="Jail reentry", votes={"tb-all": 3})]
    old.action_plans = [_plan("p1", "c-A", "Beds plan", "Find a site", "Hire staff"),
                        _plan("p2", "c-B", "Reentry plan", "Meet the sheriff")]
    new = old.model_copy(deep=True)
    new.voting.candidates = [Candidate(id="n-A", title="crisis beds", votes={"tb-all": 5}),
                             Candidate(id="n-B", title="jail reentry", votes={"tb-all": 3})]
    new.action_plans = [_plan("q2", "n-B", "Leaving jail", "Meet the sheriff"),
                        _plan("q1", "n-A", "Stabilisation", "Find a site", "Hire staff")]
    result = compare_workshops(old, new)
    assert result.plans_removed == [] and result.plans_added == []
    assert result.steps_removed == [] and result.steps_added == []
    assert result.priorities_changed == [] and result.renamed == []


def test_a_lost_and_an_added_plan_are_recorded_whole() -> None:
    old = new_workshop(title="Plans")
    old.voting.candidates = [Candidate(id="c-A", title="Crisis beds", votes={"tb-all": 5})]
    old.action_plans = [_plan("p1", "c-A", "Beds plan", "Find a site", "Hire staff")]
    new = old.model_copy(deep=True)
    new.action_plans = [_plan("p5", None, "Unattached plan", "Write it up"),
                        _plan("p6", "c-gone", "Plan of a deleted priority", "Ask")]
    result = compare_workshops(old, new)
    assert result.plans_removed == [PlanChange("p1", "Beds plan", "Crisis beds", 1, 2)]
    assert result.plans_added == [PlanChange("p5", "Unattached plan", "", 1, 1),
                                  PlanChange("p6", "Plan of a deleted priority", "", 1, 1)]
    assert result.steps_removed == [
        StepChange("sp10", "Beds plan", "Goal", "Find a site", "Ana", "in-progress", True),
        StepChange("sp11", "Beds plan", "Goal", "Hire staff", "Ana", "in-progress", True)]
    assert result.steps_added == [
        StepChange("sp50", "Unattached plan", "Goal", "Write it up", "Ana", "in-progress", True),
        StepChange("sp60", "Plan of a deleted priority", "Goal", "Ask", "Ana", "in-progress", True)]


_LONG_STEP = ("Convene the county behavioral health director, the sheriff, the public defender and the "
              "hospital emergency department leads to agree on a written protocol for transferring people in "
              "crisis from jail booking to the crisis stabilisation unit")


def test_similarity_is_difflibs_ratio_of_the_matching_forms() -> None:
    assert similarity("Jail & Courts", "jail and courts.") == 1.0
    # "lack of supportive housing" in "lack of permanent supportive housing": 2 * 26 / (26 + 36).
    assert similarity("Lack of supportive housing", "Lack of permanent supportive housing") == 2 * 26 / 62
    assert similarity("No beds", "") == 0.0


def test_a_long_text_reworded_in_many_places_is_still_similar() -> None:
    """Over 200 characters difflib's autojunk would ignore common letters and call this 0.70."""
    assert len(_LONG_STEP) > 200
    reworded = _LONG_STEP.replace(" the ", " our ")
    assert similarity(_LONG_STEP, reworded) > 0.93
    assert similarity(reworded, _LONG_STEP) > 0.93


def test_the_json_object_has_the_names_counts_every_section_and_the_warnings() -> None:
    old = new_workshop(title="Before")
    new = new_workshop("five-intercept", title="After")
    new.findings = [Finding(id="g1", kind="gap", intercept="1", title="No crisis line")]
    result = compare_workshops(old, new, "a.simmap", "b.simmap")
    data = result.as_json()
    assert result.warnings and data["warnings"] == result.warnings
    assert data["old"] == "a.simmap" and data["new"] == "b.simmap"
    assert data["counts"] == result.counts() and data["counts"]["gaps_new"] == 1
    assert data["gaps_new"] == [{"id": "g1", "kind": "gap", "title": "No crisis line", "intercept": "1",
                                 "note": ""}]
    assert list(data) == ["old", "new", "counts", *(name for name, _ in result.SECTIONS), "warnings"]


# ------------------------------------------------------------------ match_similar, called directly
def _similar(old: list[str], new: list[str], pairs: dict[int, int] | None = None,
             group: dict[str, str] | None = None) -> tuple[dict[int, int], dict[int, float], bool]:
    from intercept_mapper.model.compare import match_similar

    pairs = {} if pairs is None else pairs
    groups = group or {}
    ratios, complete = match_similar(old, new, pairs, lambda t: t, lambda t: groups.get(t, ""))
    return pairs, ratios, complete


def test_the_best_pair_is_taken_first_and_a_title_is_taken_once() -> None:
    # "no crisis beds" is 0.96 like "no crisis bed": in file order it would take it from its twin (1.0).
    pairs, ratios, complete = _similar(["no crisis beds", "no crisis bed", "jail beds"],
                                       ["no crisis bed", "no crisis beds now"])
    assert pairs == {1: 0, 0: 1}
    assert ratios == {1: 1.0, 0: similarity("no crisis beds", "no crisis beds now")}
    assert complete is True


def test_an_item_already_matched_keeps_its_match() -> None:
    # "no crisis beds now" is closer to "no crisis beds" (0.88) than "no crisis bed" is (0.84), but
    # "no crisis beds" has its twin (1.0) first and keeps it: "no crisis bed" takes the other.
    pairs, ratios, _ = _similar(["no crisis beds", "no crisis bed"], ["no crisis beds", "no crisis beds now"])
    assert (pairs, ratios) == ({0: 0, 1: 1}, {0: 1.0, 1: similarity("no crisis bed", "no crisis beds now")})
    # Given pairs are neither undone nor taken again.
    pairs, ratios, _ = _similar(["no crisis beds", "no crisis bedz"], ["no crisis bed", "no crisis beds"],
                                pairs={0: 1})
    assert (pairs, ratios) == ({0: 1, 1: 0}, {1: similarity("no crisis bedz", "no crisis bed")})


def test_equally_similar_titles_go_to_the_earlier_item_of_the_older_file() -> None:
    pairs, ratios, _ = _similar(["no crisis beds a", "no crisis beds b"], ["no crisis beds c"])
    assert pairs == {0: 0} and ratios == {0: 0.9375}


def test_a_ratio_of_exactly_the_threshold_is_similar() -> None:
    assert similarity("Drop in centre", "Drop-in centre closed") == 0.8
    pairs, ratios, _ = _similar(["Drop in centre"], ["Drop-in centre closed"])
    assert pairs == {0: 0} and ratios == {0: 0.8}


def test_a_long_text_reworded_is_matched_without_difflibs_autojunk() -> None:
    reworded = _LONG_STEP.replace(" the ", " our ")
    pairs, ratios, _ = _similar([_LONG_STEP], [reworded])
    assert pairs == {0: 0} and ratios[0] > 0.93


def test_the_limits_skip_a_group_too_large_and_every_group_past_the_total(monkeypatch) -> None:
    """Limits of 4 pairs a group and 8 in all: "big" (3 x 2) is skipped, "lone" has no new items,
    "a" (2 x 2, exactly the limit) and "b" (2 x 2, exactly what is left) are looked at; nothing is
    left for "c"."""
    from intercept_mapper.model import compare

    monkeypatch.setattr(compare, "MAX_SIMILARITY_PAIRS", 4)
    monkeypatch.setattr(compare, "MAX_SIMILARITY_TOTAL", 8)
    titles = {"big": ["big beds one", "big beds two", "big beds three"], "lone": ["lone beds"],
              "a": ["a crisis beds", "a jail diversion"], "b": ["b crisis beds", "b jail diversion"],
              "c": ["c crisis beds"]}
    group = {t: g for g, ts in titles.items() for t in ts}
    old = [t for ts in titles.values() for t in ts]
    new = [t + "s" for g, ts in titles.items() if g != "lone" for t in ts[:2]]
    group.update({t + "s": group[t] for t in old})
    pairs, ratios, complete = _similar(old, new, group=group)
    assert {old[o]: new[n] for o, n in pairs.items()} == {
        "a crisis beds": "a crisis bedss", "a jail diversion": "a jail diversions",
        "b crisis beds": "b crisis bedss", "b jail diversion": "b jail diversions"}
    assert set(ratios) == set(pairs)
    assert complete is False
