"""Issue 17: compare matches renamed items and calls a priority changed only when something changed."""

from __future__ import annotations

from intercept_mapper.model import ActionPlan, ActionStep, Candidate, Finding, Objective, new_workshop
from intercept_mapper.model.compare import SIMILAR_TITLE_RATIO, compare_workshops, similarity, text_key


def _gaps(*titles: str, intercept: str = "1", prefix: str = "g") -> list[Finding]:
    return [Finding(id=f"{prefix}{n}", kind="gap", intercept=intercept, title=t)
            for n, t in enumerate(titles)]


def test_and_for_ampersand_is_the_same_gap_not_one_closed_and_one_new() -> None:
    old = new_workshop(title="Before")
    old.findings = _gaps("Jail and court data not shared", "No crisis line")
    new = old.model_copy(deep=True)
    new.findings = _gaps("Jail & Court data not shared.", "no  crisis line", prefix="re-")  # new ids
    result = compare_workshops(old, new)
    assert result.gaps_closed == [] and result.gaps_new == []
    assert result.is_empty()  # the same titles in other spelling: nothing to tell
    assert text_key("Jail & Court data, not shared.") == text_key("jail and court data not shared")


def test_a_similar_title_in_the_same_intercept_is_reported_as_renamed() -> None:
    old = new_workshop(title="Before")
    old.findings = _gaps("Lack of supportive housing", "No shared data")
    new = old.model_copy(deep=True)
    new.findings = _gaps("Lack of permanent supportive housing", "No shared beds", prefix="re-")
    result = compare_workshops(old, new)
    assert [(r.kind, r.old_title, r.title, r.where) for r in result.renamed] == [
        ("gap", "Lack of supportive housing", "Lack of permanent supportive housing", "1")]
    assert result.renamed[0].similarity >= SIMILAR_TITLE_RATIO
    # Under the threshold: two different gaps, one closed and one new.
    assert similarity("No shared data", "No shared beds") < SIMILAR_TITLE_RATIO
    assert [g.title for g in result.gaps_closed] == ["No shared data"]
    assert [g.title for g in result.gaps_new] == ["No shared beds"]
    data = result.as_json()
    assert data["counts"]["renamed"] == 1
    assert data["renamed"][0]["old_title"] == "Lack of supportive housing"


def test_a_similar_title_in_another_intercept_is_not_a_rename() -> None:
    old = new_workshop(title="Before")
    old.findings = _gaps("Lack of supportive housing")
    new = old.model_copy(deep=True)
    new.findings = _gaps("Lack of permanent supportive housing", intercept="4", prefix="re-")
    result = compare_workshops(old, new)
    assert result.renamed == []
    assert len(result.gaps_closed) == len(result.gaps_new) == 1


def _voted(votes: dict[str, int]) -> list[Candidate]:
    return [Candidate(id=f"c-{t}", title=f"Priority {t}", votes={"tb-all": v}) for t, v in votes.items()]


def test_priorities_that_only_shifted_are_not_changed() -> None:
    """Four priorities keep their rank and votes while others come and go around them: not changed."""
    old = new_workshop(title="Votes")
    old.voting.candidates = _voted({"A": 10, "B": 8, "C": 6, "D": 5, "E": 4})
    new = old.model_copy(deep=True)
    new.voting.candidates[0].votes = {"tb-all": 3}  # A falls from first to last ...
    new.voting.candidates.append(Candidate(id="c-N", title="Priority N", votes={"tb-all": 20}))  # N on top
    result = compare_workshops(old, new)
    by_title = {p.title: p for p in result.priorities_changed}
    assert set(by_title) == {"Priority A", "Priority N"}  # B, C, D and E are where they were
    assert by_title["Priority A"].note == "down 5 places (rank 1 to 6), votes 10 to 3, no longer in the top 5"
    assert all(p.note for p in result.priorities_changed)


def test_a_priority_whose_plan_changed_says_so() -> None:
    old = new_workshop(title="Plans")
    old.voting.candidates = _voted({"A": 5, "B": 3})
    steps = [ActionStep(id=f"s{n}", text=f"Step {n}") for n in range(3)]
    old.action_plans = [ActionPlan(id="p1", candidate_id="c-A", title="Plan A",
                                   objectives=[Objective(id="o1", text="Goal", steps=steps)])]
    new = old.model_copy(deep=True)
    new.action_plans[0].objectives[0].steps.pop()  # one step lost
    new.action_plans[0].objectives[0].steps.append(ActionStep(id="s9", text="A quite different thing"))
    new.action_plans.append(ActionPlan(id="p2", candidate_id="c-B", title="Plan B"))
    result = compare_workshops(old, new)
    notes = {p.title: p.note for p in result.priorities_changed}
    assert notes == {"Priority A": "1 action step lost, 1 action step added",
                     "Priority B": "action plan added (0 objectives, 0 action steps)"}
    assert [(s.text, s.with_plan) for s in result.steps_removed] == [("Step 2", False)]
    assert [s.text for s in result.steps_added] == ["A quite different thing"]
    assert [p.title for p in result.plans_added] == ["Plan B"]


def test_a_renamed_priority_keeps_its_history() -> None:
    old = new_workshop(title="Renamed")
    old.voting.candidates = [Candidate(id="c1", title="No transfer protocol from 911 to 988",
                                       votes={"tb-all": 4})]
    new = old.model_copy(deep=True)
    new.voting.candidates = [Candidate(id="c9", title="No transfer protocol from 911 & 988 line",
                                       votes={"tb-all": 4})]
    result = compare_workshops(old, new)
    assert [p.change for p in result.priorities_changed] == []  # not dropped and new
    assert [(r.kind, r.title) for r in result.renamed] == [
        ("priority", "No transfer protocol from 911 & 988 line")]


def test_participants_lost_and_added_are_listed() -> None:
    from intercept_mapper.model import Participant

    old = new_workshop(title="People")
    old.participants = [Participant(id="p1", name="Ada Lee", sector="courts"),
                        Participant(id="p2", name="Bo Chan", sector="jail")]
    new = old.model_copy(deep=True)
    new.participants = [Participant(id="p9", name="ada lee", sector="courts"),
                        Participant(id="p3", name="Cy Ray", organisation="NAMI")]
    result = compare_workshops(old, new)
    assert [p.name for p in result.participants_removed] == ["Bo Chan"]
    assert [(p.name, p.organisation) for p in result.participants_added] == [("Cy Ray", "NAMI")]
    assert "email" not in result.as_json()["participants_added"][0]


def test_a_file_retyped_wholesale_gets_a_warning_not_a_long_wait() -> None:
    from intercept_mapper.model.compare import MAX_SIMILARITY_PAIRS

    side = int(MAX_SIMILARITY_PAIRS ** 0.5) + 1
    old = new_workshop(title="Big")
    old.findings = _gaps(*(f"Gap number {n}" for n in range(side)))
    new = old.model_copy(deep=True)
    new.findings = _gaps(*(f"Gap number {n} retyped" for n in range(side)), prefix="re-")
    result = compare_workshops(old, new)
    assert len(result.gaps_closed) == len(result.gaps_new) == side
    assert any("too many gaps and resources" in w for w in result.warnings)
