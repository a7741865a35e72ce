"""Reference validation: every broken link is reported once, naming the item, its place and the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from intercept_mapper.model import (
    ActionStep,
    DecisionPoint,
    Finding,
    Flow,
    Intercept,
    Objective,
    Workshop,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.validation import describe, quote, short_repr, validate_workshop
from tests.model.strategies import workshops

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-v2.simmap"


@pytest.fixture
def ws() -> Workshop:
    return load_workshop(GOLDEN)


def _only(ws: Workshop) -> tuple[str, str]:
    problems = validate_workshop(ws, "map.simmap")
    assert len(problems) == 1, problems
    assert problems[0].file == "map.simmap"
    return problems[0].field, problems[0].message


def test_golden_file_is_valid(ws: Workshop) -> None:
    assert validate_workshop(ws) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workshops())
def test_generated_workshops_are_valid(generated: Workshop) -> None:
    assert validate_workshop(generated) == []


def test_flow_to_a_missing_point_names_the_flow_and_where_it_starts(ws: Workshop) -> None:
    ws.flows[0].target = "pt-9"
    assert _only(ws) == (
        "flows[0].target",
        "flow fl-1 from '911 dispatch' goes to a decision point that does not exist (pt-9)",
    )
    assert str(validate_workshop(ws, "map.simmap")[0]) == (
        "map.simmap: flows[0].target: flow fl-1 from '911 dispatch' goes to a decision point that does "
        "not exist (pt-9)"
    )


def test_flow_from_a_missing_point(ws: Workshop) -> None:
    ws.flows[1].source = "pt-gone"
    field, message = _only(ws)
    assert field == "flows[1].source"
    assert message == "flow fl-2 to '911 dispatch' comes from a decision point that does not exist (pt-gone)"


def test_both_ends_missing_gives_two_problems(ws: Workshop) -> None:
    ws.flows.append(Flow(id="fl-3", source="a", target="b"))
    fields = [p.field for p in validate_workshop(ws)]
    assert fields == ["flows[2].source", "flows[2].target"]


def test_point_at_an_intercept_the_scheme_lacks(ws: Workshop) -> None:
    ws.scheme.intercepts = ws.scheme.intercepts[1:]  # five-intercept layout: no intercept 0
    ws.inbox[0].intercept = "1"
    ws.points[0].intercept = "0"
    field, message = _only(ws)
    assert field == "points[0].intercept"
    assert message == ("decision point pt-dispatch '911 dispatch' is at intercept '0', which this map "
                       "does not have (it has 1, 2, 3, 4, 5)")


def test_points_may_not_sit_in_the_cross_intercept_band_but_findings_may(ws: Workshop) -> None:
    ws.points[1].intercept = "X"
    field, message = _only(ws)
    assert field == "points[1].intercept"
    assert "cross-intercept band" in message and "pt-booking" in message
    assert ws.findings[1].intercept == "X"  # the golden gap sits there, and is not reported


def test_finding_problems_name_the_kind(ws: Workshop) -> None:
    ws.findings[0].point_id = "pt-lost"
    ws.findings[1].intercept = "7"
    problems = validate_workshop(ws)
    assert [(p.field, p.message) for p in problems] == [
        ("findings[0].point_id",
         "resource fd-res 'CIT training for 60% of patrol 🚓' concerns a decision point that does not exist "
         "(pt-lost)"),
        ("findings[1].intercept",
         "gap fd-gap '没有共享数据 — no data sharing' is at intercept '7', which this map does not have "
         "(it has 0, 1, 2, 3, 4, 5)"),
    ]


def _set(path: str, value: object) -> Callable[[Workshop], None]:
    def change(ws: Workshop) -> None:
        *parents, last = path.split(".")
        obj: object = ws
        for part in parents:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)  # type: ignore[index]
        setattr(obj, last, value)

    return change


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (_set("voting.candidates.0.gap_ids", ["fd-gap", "fd-none"]), "voting.candidates[0].gap_ids",
         "candidate priority cd-data 'Share data across agencies' merges a gap that does not exist "
         "(fd-none)"),
        (_set("voting.candidates.0.gap_ids", ["fd-res"]), "voting.candidates[0].gap_ids",
         "merges resource fd-res 'CIT training for 60% of patrol 🚓', which is a resource, not a gap"),
        (_set("voting.candidates.0.intercepts", ["X", "6"]), "voting.candidates[0].intercepts",
         "is at intercept '6', which this map does not have"),
        (_set("voting.candidates.0.point_id", "pt-x"), "voting.candidates[0].point_id",
         "concerns a decision point that does not exist (pt-x)"),
        (_set("voting.candidates.0.votes", {"tb-system": 1, "tb-gone": 2}), "voting.candidates[0].votes",
         "has votes from a voting table that does not exist (tb-gone)"),
        (_set("voting.ballots.0.participant_id", "pp-x"), "voting.ballots[0].participant_id",
         "ballot bl-1 belongs to a participant who does not exist (pp-x)"),
        (_set("voting.ballots.0.participant_id", None), "voting.ballots[0].device_key",
         "ballot bl-1 names neither a participant nor a voting device"),
        (_set("inbox.0.intercept", "9"), "inbox[0].intercept",
         "suggested gap sg-1 'No crisis line in Spanish"),
        (_set("voting.ballots.0.table_id", "tb-x"), "voting.ballots[0].table_id",
         "ballot bl-1 of 'Sam \"Peer\" Lee' is from a voting table that does not exist (tb-x)"),
        (_set("voting.ballots.0.votes", {"cd-data": 1, "cd-x": 1}), "voting.ballots[0].votes",
         "votes for a candidate priority that does not exist (cd-x)"),
        (_set("action_plans.0.candidate_id", "cd-x"), "action_plans[0].candidate_id",
         "action plan ap-data 'Share data across agencies' is for a candidate priority that does not exist"),
        (_set("action_plans.0.objectives.0.steps.1.depends_on", ["st-elsewhere"]),
         "action_plans[0].objectives[0].steps[1].depends_on",
         "action step st-sign 'Sign' of action plan ap-data 'Share data across agencies' depends on a step "
         "that is not in this plan (st-elsewhere)"),
        (_set("action_plans.0.objectives.0.steps.0.who_participant_id", "pp-x"),
         "action_plans[0].objectives[0].steps[0].who_participant_id",
         "is assigned to a participant who does not exist (pp-x)"),
        (_set("points.0.x", float("nan")), "points[0].x", "has no usable position (x is nan)"),
        (_set("points.1.y", float("inf")), "points[1].y", "has no usable position (y is inf)"),
    ],
)
def test_each_broken_reference_is_reported_once(
    ws: Workshop, edit: Callable[[Workshop], None], field: str, words: str
) -> None:
    edit(ws)
    got_field, message = _only(ws)
    assert got_field == field
    assert words in message


def test_a_step_depending_on_a_step_of_another_plan_is_reported(ws: Workshop) -> None:
    ws.action_plans[1].objectives = [
        Objective(id="ob-2", text="Peers",
                  steps=[ActionStep(id="st-peer", text="Hire", depends_on=["st-sign"])])
    ]
    field, message = _only(ws)
    assert field == "action_plans[1].objectives[0].steps[0].depends_on"
    assert "(st-sign)" in message


def test_a_circle_of_step_dependencies_is_named_in_order(ws: Workshop) -> None:
    steps = ws.action_plans[0].objectives[0].steps
    steps[0].depends_on = ["st-sign"]  # draft waits for sign, sign waits for draft
    field, message = _only(ws)
    assert field == "action_plans[0].objectives"
    assert message == (
        "steps of action plan ap-data 'Share data across agencies' depend on each other in a circle: "
        "step st-draft 'Draft the MOU (42 CFR Part 2 & HIPAA)' -> step st-sign 'Sign' -> st-draft"
    )


def test_a_step_depending_on_itself_is_a_circle(ws: Workshop) -> None:
    ws.action_plans[0].objectives[0].steps[1].depends_on = ["st-sign"]
    _, message = _only(ws)
    assert message.endswith("circle: step st-sign 'Sign' -> st-sign")


def test_a_long_chain_of_steps_is_no_circle_and_no_recursion_error(ws: Workshop) -> None:
    steps = [ActionStep(id=f"st-{n}", text=f"step {n}", depends_on=[f"st-{n - 1}"] if n else [])
             for n in range(5000)]
    ws.action_plans[1].objectives = [Objective(id="ob-long", text="Long", steps=steps)]
    assert validate_workshop(ws) == []
    steps[0].depends_on = ["st-4999"]
    _, message = _only(ws)
    assert "circle" in message and message.endswith("-> st-0")


def test_ids_must_be_unique_across_the_whole_document(ws: Workshop) -> None:
    ws.findings[1].id = "pt-dispatch"  # a gap with a point's id
    ws.voting.candidates[0].gap_ids = ["pt-dispatch"]  # keep the candidate pointing at the gap
    ws.action_plans[1].id = "st-draft"  # a plan with a step's id
    problems = validate_workshop(ws)
    assert [(p.field, p.message) for p in problems] == [
        ("findings[1].id",
         "gap pt-dispatch '没有共享数据 — no data sharing' has the same id as point pt-dispatch "
         "'911 dispatch'; every id must be unique"),
        ("action_plans[1].id",
         "action plan st-draft 'Peer support in the jail' has the same id as action step st-draft "
         "'Draft the MOU (42 CFR Part 2 & HIPAA)'; every id must be unique"),
    ]


def test_empty_ids_are_reported(ws: Workshop) -> None:
    ws.participants[0].id = " "
    ws.action_plans[0].objectives[0].steps[0].who_participant_id = None
    field, message = _only(ws)
    assert (field, message) == ("participants[0].id", "participant 'Hon. María José García' has an empty id")


def test_scheme_intercept_ids_are_unique_and_x_is_reserved(ws: Workshop) -> None:
    ws.scheme.intercepts.append(Intercept(id="3", label="Courts again"))
    ws.scheme.intercepts.append(Intercept(id="X", label="Extra"))
    problems = validate_workshop(ws)
    assert [(p.field, p.message) for p in problems] == [
        ("scheme.intercepts[6].id", "intercept id '3' is used twice"),
        ("scheme.intercepts[7].id", "intercept id 'X' is reserved for the cross-intercept band"),
    ]


def test_a_scheme_without_intercepts_is_reported(ws: Workshop) -> None:
    ws.scheme.intercepts = []
    ws.points = []
    ws.flows = []
    ws.findings = [f for f in ws.findings if f.intercept == "X"]
    ws.findings[0].point_id = None
    ws.voting.candidates[0].intercepts = ["X"]
    ws.voting.candidates[0].point_id = None
    ws.inbox[0].intercept = "X"
    assert _only(ws) == ("scheme.intercepts", "the map has no intercepts")


def test_two_points_with_one_title_in_one_intercept_are_allowed(ws: Workshop) -> None:
    ws.points.append(DecisionPoint(id="pt-twin", intercept="1", title="911 dispatch"))
    ws.findings.append(Finding(id="fd-twin", kind="gap", intercept="1", title="No CIT", point_id="pt-twin"))
    assert validate_workshop(ws) == []


def test_long_titles_are_shortened_in_messages(ws: Workshop) -> None:
    ws.points[0].title = "line one\n" + "x" * 5000
    ws.flows[0].target = "pt-9"
    _, message = _only(ws)
    assert len(message) < 200
    assert "'line one xxx" in message and "\u2026'" in message


def test_the_quick_id_check_sees_every_id_the_named_check_names() -> None:
    from intercept_mapper.model.simmap_file import load_workshop
    from intercept_mapper.model.validation import _Checker
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    checker = _Checker(load_workshop(SAMPLE_WORKSHOP), "")
    named = [item_id for _, _, item_id in checker._all_ids()]
    assert len(named) > 50
    assert sorted(checker._every_id()) == sorted(named)


def test_a_point_on_a_map_without_intercepts_says_the_map_has_none(ws: Workshop) -> None:
    ws.scheme.intercepts = []
    problems = validate_workshop(ws)
    assert [(p.field, p.message) for p in problems[:2]] == [
        ("scheme.intercepts", "the map has no intercepts"),
        ("points[0].intercept", "decision point pt-dispatch '911 dispatch' is at intercept '1', which this "
                                "map does not have (it has none)"),
    ]


def test_short_repr_quotes_up_to_40_characters_and_cuts_longer_values_to_40() -> None:
    fits = "x" * 38  # its repr, quotes included, is exactly 40 characters
    assert short_repr(fits) == repr(fits)
    cut = short_repr("y" * 39)  # a repr of 41 characters
    assert cut == "'" + "y" * 38 + "\u2026"
    assert len(cut) == 40
    assert short_repr("z" * 50, limit=10) == "'zzzzzzzz\u2026"
    assert short_repr(["a list"]) == "a list" and short_repr(None) == "None"


def test_a_circle_after_finished_steps_and_one_entered_from_outside_it_are_found(ws: Workshop) -> None:
    # s-a waits for s-b (no circle), then s-c waits for s-d, which waits for s-e, which waits for s-d:
    # the search must go on past the finished steps and see the circle it entered from s-c.
    steps = [ActionStep(id="s-a", text="A", depends_on=["s-b"]), ActionStep(id="s-b", text="B"),
             ActionStep(id="s-c", text="C", depends_on=["s-d"]),
             ActionStep(id="s-d", text="D", depends_on=["s-e"]),
             ActionStep(id="s-e", text="E", depends_on=["s-d"])]
    ws.action_plans[1].objectives = [Objective(id="ob-loop", text="Loop", steps=steps)]
    field, message = _only(ws)
    assert field == "action_plans[1].objectives"
    assert message.endswith("in a circle: step s-d 'D' -> step s-e 'E' -> s-d")


def test_an_intercept_without_an_id_is_named_by_its_label(ws: Workshop) -> None:
    ws.scheme.intercepts.append(Intercept(id=" ", label="Reentry again"))
    assert _only(ws) == ("scheme.intercepts[6].id", "intercept 'Reentry again' has an empty id")


def test_messages_name_an_untitled_item_by_kind_and_id_and_cut_titles_at_60_characters() -> None:
    assert describe("flow", "fl-1") == "flow fl-1"
    assert describe("point", " ", "Jail") == "point 'Jail'"
    assert quote("t" * 60) == "'" + "t" * 60 + "'"
    assert quote("u" * 61) == "'" + "u" * 59 + "\u2026'"
    assert quote(" two\n words ") == "'two words'"


def test_a_repeated_id_names_both_items_by_kind_id_and_title_whatever_their_kind(ws: Workshop) -> None:
    ws.voting.tables[1].id = "pt-dispatch"
    ws.voting.candidates[1].id = "tb-community"
    ws.inbox[0].id = "cd-data"
    ws.action_plans[0].objectives[0].id = "fl-1"
    repeated = [(p.field, p.message) for p in validate_workshop(ws) if p.field.endswith(".id")]
    same = "has the same id as"
    assert repeated == [
        ("voting.tables[1].id", f"voting table pt-dispatch 'System table' {same} point pt-dispatch "
                                "'911 dispatch'; every id must be unique"),
        ("voting.candidates[1].id", f"candidate priority tb-community 'Transport after release' {same} "
                                    "voting table tb-community 'Community table'; every id must be unique"),
        ("inbox[0].id", f"suggested gap cd-data 'No crisis line in Spanish — ¿y en español? <b>' {same} "
                        "candidate priority cd-data 'Share data across agencies'; every id must be unique"),
        ("action_plans[0].objectives[0].id", f"objective fl-1 'Sign an information-sharing MOU' {same} flow "
                                             "fl-1; every id must be unique"),
    ]


def test_a_lost_position_a_flow_to_itself_and_unknown_intercepts_name_the_item(ws: Workshop) -> None:
    ws.points[0].y = float("nan")
    ws.flows[1].target = ws.flows[1].source
    ws.inbox[0].intercept = "9"
    ws.voting.candidates[1].intercepts = ["9"]
    unknown = "is at intercept '9', which this map does not have (it has 0, 1, 2, 3, 4, 5)"
    assert [(p.field, p.message) for p in validate_workshop(ws)] == [
        ("points[0].y", "decision point pt-dispatch '911 dispatch' has no usable position (y is nan)"),
        ("flows[1].target", "flow fl-2 goes from 'Booking & screening <jail>' back to itself; a flow joins "
                            "two different decision points"),
        ("inbox[0].intercept",
         f"suggested gap sg-1 'No crisis line in Spanish — ¿y en español? <b>' {unknown}"),
        ("voting.candidates[1].intercepts",
         f"candidate priority cd-other 'Transport after release' {unknown}"),
    ]


def test_a_bad_finding_after_good_ones_is_still_found_and_no_file_is_named_unless_given(ws: Workshop) -> None:
    ws.findings.append(Finding(id="late", kind="gap", intercept="1", title="Late", point_id="gone"))
    assert len(ws.findings) > 2  # the golden file's own findings come first, all valid
    problems = validate_workshop(ws)
    assert [(p.file, p.field, p.message) for p in problems] == [
        ("", f"findings[{len(ws.findings) - 1}].point_id",
         "gap late 'Late' concerns a decision point that does not exist (gone)")]
