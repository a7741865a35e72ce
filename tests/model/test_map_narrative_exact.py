"""The map narrative's words said whole (model/map_narrative.py): each sentence a report or the map's
text alternative prints, for every kind of flow, entry and intercept, and where loose items go."""

from __future__ import annotations

from intercept_mapper.model import DecisionPoint, Finding, Flow, Workshop, new_workshop
from intercept_mapper.model.map_narrative import (
    LEAVING_KINDS,
    FlowNote,
    count_text,
    entry_sentence,
    flow_phrase,
    intercept_heading,
    intercept_sentences,
    map_narrative,
    narrative_text,
)


def build(points: list[tuple[str, str, float]], flows: list[tuple[str, str]]) -> Workshop:
    ws = new_workshop("samhsa")
    ws.points = [DecisionPoint(id=i, intercept=n, title=i.upper(), y=y) for i, n, y in points]
    ws.flows = [Flow(id=f"{s}-{t}", source=s, target=t) for s, t in flows]
    return ws


def lines_of(ws: Workshop, intercept: str) -> list[str]:
    return intercept_sentences(next(n for n in map_narrative(ws) if n.intercept_id == intercept))


def note(kind: str, count: int | None = None, intercept: str = "3", title: str = "Jail") -> FlowNote:
    return FlowNote("f", "p", title, intercept, "Jails", count, kind)  # type: ignore[arg-type]


def test_every_kind_of_flow_is_named_in_its_own_words() -> None:
    assert flow_phrase(note("next")) == "Jail"
    assert flow_phrase(note("branch", 5)) == "Jail (5 a year)"
    assert flow_phrase(note("joins", 0)) == "Jail (see above, 0 a year)"
    assert flow_phrase(note("loop")) == "Jail (loops back)"
    assert flow_phrase(note("forward")) == "Jail (intercept 3)"
    assert flow_phrase(note("forward"), incoming=True) == "Jail (intercept 3)"
    assert flow_phrase(note("back", 1250)) == "Jail (back to intercept 3, 1,250 a year)"
    assert flow_phrase(note("back"), incoming=True) == "Jail (back from intercept 3)"
    assert flow_phrase(note("next", title=" \n ")) == "(untitled)"
    assert flow_phrase(note("forward", intercept="3\nb")) == "Jail (intercept 3 b)"
    assert count_text(1234567) == "1,234,567 a year"
    assert {"forward", "back"} == LEAVING_KINDS
    assert note("forward").leaves and note("back").leaves
    assert not any(note(kind).leaves for kind in ("next", "branch", "joins", "loop"))


def test_a_forward_flow_lists_each_intercept_it_passes_over() -> None:
    ws = build([("a", "0", 0), ("b", "1", 0), ("c", "4", 0), ("d", "5", 0)],
               [("a", "c"), ("a", "b"), ("a", "d"), ("d", "a")])
    (lane0,) = [n for n in map_narrative(ws) if n.intercept_id == "0"]
    notes = {n.point_id: n for n in lane0.entries[0].flows_out}
    assert notes["b"].skips == ()
    assert notes["c"].skips == ("1", "2", "3")
    assert notes["d"].skips == ("1", "2", "3", "4")
    # Flows in list the intercepts they came from but never what they pass over; back-flows neither.
    assert all(n.skips == () for n in lane0.entries[0].flows_in)
    assert [(n.point_id, n.kind) for n in lane0.entries[0].flows_in] == [("d", "back")]


def test_headings_and_counts_of_points() -> None:
    ws = build([("a", "1", 0), ("b", "2", 0), ("c", "2", 10)], [])
    assert lines_of(ws, "0")[0] == "Intercept 0: Community Services, no decision points."
    assert lines_of(ws, "1")[0] == "Intercept 1: Law Enforcement, 1 decision point."
    assert lines_of(ws, "2")[0] == (
        "Intercept 2: Initial Detention / Initial Court Hearings, 2 decision points.")
    ws.scheme.intercepts[1].label = "  "
    assert lines_of(ws, "1")[0] == "Intercept 1, 1 decision point."
    ws.scheme.cross_label = "Across the\nsystem"
    cross = map_narrative(ws)[-1]
    assert intercept_heading(cross) == "Across the system"
    assert intercept_sentences(cross) == ["Across the system, items that concern every intercept.",
                                          "None recorded."]
    ws.scheme.cross_label = " "
    assert intercept_heading(map_narrative(ws)[-1]) == "Cross-intercept"


def test_loose_items_of_an_intercept_and_of_the_band_are_said_in_the_singular_or_plural() -> None:
    ws = build([("a", "1", 0)], [])
    ws.findings = [
        Finding(id="r1", kind="resource", intercept="1", title="Crisis line"),
        Finding(id="r2", kind="resource", intercept="1", title="Co-responders", point_id="gone"),
        Finding(id="g1", kind="gap", intercept="1", title="No data"),
        Finding(id="g2", kind="gap", intercept="9", title="An intercept this map lacks"),
        Finding(id="x1", kind="gap", intercept="X", title="Housing"),
        Finding(id="x2", kind="resource", intercept="X", title=""),
        Finding(id="m1", kind="gap", intercept="2", title="Filed at another intercept than its point",
                point_id="a"),
    ]
    assert lines_of(ws, "1")[1:] == ["A.",
                                     "Resources at the intercept as a whole: Crisis line; Co-responders.",
                                     "Gap at the intercept as a whole: No data."]
    assert lines_of(ws, "2")[1:] == [
        "Gap at the intercept as a whole: Filed at another intercept than its point."]
    cross = map_narrative(ws)[-1]
    assert intercept_sentences(cross)[1:] == ["Resource: (untitled).",
                                              "Gaps: An intercept this map lacks; Housing."]
    assert [n.finding_id for n in cross.loose_gaps] == ["g2", "x1"]
    assert cross.loose_resources[0].kind == "resource" and cross.loose_gaps[0].kind == "gap"


def test_an_entry_says_where_it_sits_who_runs_it_and_what_it_is() -> None:
    ws = build([("a", "1", 0), ("b", "1", 10), ("c", "1", 20), ("u", "1", 30), ("v", "1", 40)],
               [("a", "b"), ("a", "c"), ("u", "v"), ("v", "u")])
    ws.points[0].organisation = "Police"
    ws.points[0].description = "Calls for service!"
    ws.points[1].description = "Is it?"
    ws.points[2].organisation = " \n"
    lines = lines_of(ws, "1")
    assert lines[1] == "A (Police): Calls for service! Flows to B; C."
    assert lines[2] == "B: Is it?"
    assert lines[3] == "Branch from A: C."
    assert lines[4] == "Not on a path from this intercept's entries: U. Flows to V."
    assert lines[5] == "V. Flows to U (loops back)."
    (lane1,) = [n for n in map_narrative(ws) if n.intercept_id == "1"]
    branch = lane1.entries[2]
    assert entry_sentence(branch) == "Branch: C."  # no titles given: the origin is not named
    assert entry_sentence(branch, {"a": ""}) == "Branch from (untitled): C."


def test_an_entry_names_where_it_is_entered_from_and_its_findings() -> None:
    ws = build([("a", "1", 0), ("b", "2", 0), ("z", "0", 0), ("y", "0", 10)],
               [("z", "b"), ("y", "b"), ("b", "a")])
    ws.findings = [Finding(id="g1", kind="gap", intercept="2", title="No beds", point_id="b"),
                   Finding(id="g2", kind="gap", intercept="2", title="No data", point_id="b"),
                   Finding(id="r1", kind="resource", intercept="2", title="Screening", point_id="b")]
    assert lines_of(ws, "2")[1] == ("B. Entered from Z (intercept 0); Y (intercept 0). Flows to A (back to "
                                    "intercept 1). Resource: Screening. Gaps: No beds; No data.")


def test_every_intercept_is_told_once_even_if_the_scheme_names_it_twice() -> None:
    ws = build([("a", "1", 0)], [])
    ws.scheme.intercepts.append(ws.scheme.intercepts[1].model_copy(update={"label": "Again"}))
    ids = [n.intercept_id for n in map_narrative(ws)]
    assert ids == ["0", "1", "2", "3", "4", "5", "X"]
    assert narrative_text(ws).count("A.") == 1
    assert narrative_text(ws).split("\n\n")[1] == "Intercept 1: Law Enforcement, 1 decision point.\nA."


def test_notes_carry_the_flow_the_far_intercepts_label_and_each_findings_fields() -> None:
    ws = build([("a", "1", 0), ("b", "3", 0)], [("a", "b")])
    ws.findings = [Finding(id="g1", kind="gap", intercept="1", title="No beds", point_id="a",
                           description="Waits of weeks", organisation="County", theme="Housing")]
    (lane1,) = [n for n in map_narrative(ws) if n.intercept_id == "1"]
    (out,) = lane1.entries[0].flows_out
    assert (out.flow_id, out.point_id, out.intercept_id, out.intercept_label) == (
        "a-b", "b", "3", "Jails / Courts")
    (gap,) = lane1.entries[0].gaps
    assert (gap.finding_id, gap.kind, gap.title, gap.description, gap.organisation, gap.theme) == (
        "g1", "gap", "No beds", "Waits of weeks", "County", "Housing")


def test_a_point_whose_only_flow_returns_to_itself_is_still_an_entry_of_its_intercept() -> None:
    ws = build([("a", "1", 0)], [("a", "a")])
    (lane1,) = [n for n in map_narrative(ws) if n.intercept_id == "1"]
    assert [(e.point_id, e.start, e.reached) for e in lane1.entries] == [("a", True, True)]
    assert lines_of(ws, "1")[1] == "A. Flows to A (loops back)."


def test_intercepts_after_one_named_twice_are_still_told() -> None:
    ws = build([("a", "1", 0), ("e", "5", 0)], [])
    ws.scheme.intercepts.insert(2, ws.scheme.intercepts[1].model_copy(update={"label": "Again"}))
    assert [n.intercept_id for n in map_narrative(ws)] == ["0", "1", "2", "3", "4", "5", "X"]
    assert lines_of(ws, "5")[1] == "E."


def test_a_sentence_that_ends_in_a_full_stop_gets_no_second_one() -> None:
    ws = build([("a", "1", 0)], [])
    ws.points[0].description = "Screens everyone."
    assert lines_of(ws, "1")[1] == "A: Screens everyone."
