"""The map narrative: points in flow order with branches, flows named with their counts and intercepts,
resources and gaps at each point and loose at the intercept, and the plain-text sentences."""

from __future__ import annotations

import random

from intercept_mapper.model import DecisionPoint, Finding, Flow, Workshop, new_workshop
from intercept_mapper.model.map_narrative import (
    FlowNote,
    InterceptNarrative,
    PointEntry,
    flow_phrase,
    map_narrative,
    narrative_sentences,
    narrative_text,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP


def build(points: list[tuple[str, str, float]], flows: list[tuple[str, str] | tuple[str, str, int]],
          preset: str = "samhsa") -> Workshop:
    """A workshop from (id, intercept, y) points (title = id upper-cased) and (source, target[, count])
    flows."""
    ws = new_workshop(preset)
    ws.points = [DecisionPoint(id=i, intercept=n, title=i.upper(), y=y, description=f"About {i}",
                               organisation=f"Org {i}") for i, n, y in points]
    ws.flows = [Flow(id=f"fl-{f[0]}-{f[1]}", source=f[0], target=f[1],
                     yearly_count=f[2] if len(f) > 2 else None) for f in flows]  # type: ignore[misc]
    return ws


def lane(ws: Workshop, intercept: str) -> InterceptNarrative:
    return next(n for n in map_narrative(ws) if n.intercept_id == intercept)


def entry(ws: Workshop, point_id: str) -> PointEntry:
    return next(e for n in map_narrative(ws) for e in n.entries if e.point_id == point_id)


def outs(e: PointEntry) -> list[tuple[str, str]]:
    return [(n.point_id, n.kind) for n in e.flows_out]


def test_branching_reads_the_line_first_then_the_branch() -> None:
    # A->B, A->C, B->D: A, B, D on one line, then C as a branch of A.
    ws = build([("a", "1", 0), ("b", "1", 100), ("c", "1", 200), ("d", "1", 300)],
               [("a", "b"), ("a", "c"), ("b", "d")])
    entries = lane(ws, "1").entries
    assert [(e.point_id, e.depth, e.branch_of) for e in entries] == [
        ("a", 0, None), ("b", 0, None), ("d", 0, None), ("c", 1, "a")]
    assert [e.start for e in entries] == [True, False, False, False]
    assert outs(entries[0]) == [("b", "next"), ("c", "branch")]
    assert all(e.reached for e in entries)


def test_targets_are_taken_in_map_order_not_file_order() -> None:
    ws = build([("a", "1", 0), ("low", "1", 300), ("high", "1", 100)], [("a", "low"), ("a", "high")])
    for _ in range(3):
        random.shuffle(ws.points)
        random.shuffle(ws.flows)
        assert [e.point_id for e in lane(ws, "1").entries] == ["a", "high", "low"]
        assert outs(entry(ws, "a")) == [("high", "next"), ("low", "branch")]


def test_a_branch_of_a_branch_goes_one_level_deeper_and_its_line_stays_there() -> None:
    ws = build([("a", "1", 0), ("b", "1", 10), ("c", "1", 20), ("d", "1", 30), ("e", "1", 40),
                ("f", "1", 50)],
               [("a", "b"), ("a", "c"), ("c", "d"), ("c", "e"), ("e", "f")])
    entries = lane(ws, "1").entries
    assert [(e.point_id, e.depth, e.branch_of) for e in entries] == [
        ("a", 0, None), ("b", 0, None), ("c", 1, "a"), ("d", 1, None), ("e", 2, "c"), ("f", 2, None)]


def test_merging_lines_name_the_point_above_and_never_repeat_it() -> None:
    ws = build([("a", "1", 0), ("b", "1", 10), ("c", "1", 20), ("d", "1", 30)],
               [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    entries = lane(ws, "1").entries
    assert [e.point_id for e in entries] == ["a", "b", "d", "c"]
    assert outs(entries[3]) == [("d", "joins")]
    assert flow_phrase(entries[3].flows_out[0]) == "D (see above)"


def test_a_cycle_is_named_as_a_loop_back_not_followed() -> None:
    ws = build([("a", "5", 0), ("b", "5", 10), ("c", "5", 20)], [("a", "b"), ("b", "c"), ("c", "a"),
                                                                  ("c", "c")])
    ws.points.append(DecisionPoint(id="jail", intercept="3", title="Jail"))
    ws.flows.append(Flow(id="in", source="jail", target="a"))
    entries = lane(ws, "5").entries
    assert [e.point_id for e in entries] == ["a", "b", "c"]
    assert outs(entries[2]) == [("a", "loop"), ("c", "loop")]
    assert flow_phrase(entries[2].flows_out[0]) == "A (loops back)"
    assert entries[0].start and entries[0].reached


def test_a_cycle_entered_from_another_intercept_starts_where_it_is_entered() -> None:
    # b <-> c is entered at c (from intercept 2); a is an entry of its own, on top of the map.
    ws = build([("x", "2", 0), ("a", "3", 0), ("b", "3", 10), ("c", "3", 20)],
               [("x", "c"), ("b", "c"), ("c", "b")])
    entries = lane(ws, "3").entries
    assert [(e.point_id, e.start, e.reached) for e in entries] == [
        ("a", True, True), ("c", True, True), ("b", False, True)]
    assert outs(entries[2]) == [("c", "loop")]


def test_points_no_path_reaches_come_last_in_map_order() -> None:
    # e -> a is the lane's entry; b <-> c is a cycle nothing enters; d is reached from a.
    ws = build([("e", "1", 50), ("a", "1", 60), ("c", "1", 10), ("b", "1", 20), ("d", "1", 70)],
               [("e", "a"), ("a", "d"), ("b", "c"), ("c", "b")])
    entries = lane(ws, "1").entries
    assert [(e.point_id, e.start, e.reached) for e in entries] == [
        ("e", True, True), ("a", False, True), ("d", False, True), ("c", True, False), ("b", False, False)]
    text = narrative_text(ws)
    assert "Not on a path from this intercept's entries: C (Org c)" in text


def test_lane_skipping_and_back_flows_are_named_with_the_intercept() -> None:
    ws = build([("cit", "1", 0), ("jail", "3", 0), ("court", "3", 10), ("viol", "5", 0)],
               [("cit", "jail", 40), ("court", "jail"), ("jail", "viol"), ("viol", "jail", 120)],
               )
    cit = entry(ws, "cit")
    assert [(n.point_id, n.kind, n.intercept_id, n.skips) for n in cit.flows_out] == [
        ("jail", "forward", "3", ("2",))]
    assert flow_phrase(cit.flows_out[0]) == "JAIL (intercept 3, 40 a year)"
    viol = entry(ws, "viol")
    assert [(n.point_id, n.kind) for n in viol.flows_out] == [("jail", "back")]
    assert flow_phrase(viol.flows_out[0]) == "JAIL (back to intercept 3, 120 a year)"
    assert viol.flows_out[0].leaves and viol.flows_out[0].skips == ()
    jail = entry(ws, "jail")
    assert [(n.point_id, n.kind) for n in jail.flows_in] == [("cit", "forward"), ("viol", "back")]
    assert "Entered from CIT (intercept 1, 40 a year); VIOL (back from intercept 5, 120 a year)." in \
        narrative_text(ws)
    # court -> jail inside intercept 3: jail is an entry (entered from intercept 1) but court reaches it.
    assert [e.point_id for e in lane(ws, "3").entries] == ["court", "jail"]


def test_flows_out_list_the_intercept_first_then_later_then_earlier_intercepts() -> None:
    ws = build([("z", "0", 0), ("a", "1", 0), ("b", "1", 10), ("c", "2", 0), ("d", "4", 0)],
               [("a", "d"), ("a", "z"), ("a", "c", 1250), ("a", "b", 7)])
    a = entry(ws, "a")
    assert outs(a) == [("b", "next"), ("c", "forward"), ("d", "forward"), ("z", "back")]
    assert "Flows to B (7 a year); C (intercept 2, 1,250 a year); D (intercept 4); Z (back to intercept 0)." \
        in narrative_text(ws)


def test_entries_carry_descriptions_organisations_and_their_findings() -> None:
    ws = build([("a", "2", 0), ("b", "2", 10)], [("a", "b")])
    ws.findings = [
        Finding(id="r1", kind="resource", intercept="2", title="Screen", point_id="a", organisation="Jail",
                description="BJMHS"),
        Finding(id="g1", kind="gap", intercept="2", title="No sharing", point_id="a"),
        Finding(id="g2", kind="gap", intercept="2", title="No pretrial"),
        Finding(id="g3", kind="gap", intercept="2", title="Pointing elsewhere", point_id="gone"),
        Finding(id="x1", kind="gap", intercept="X", title="Housing"),
        Finding(id="r2", kind="resource", intercept="X", title="Council"),
    ]
    n = lane(ws, "2")
    a = n.entries[0]
    assert (a.title, a.description, a.organisation) == ("A", "About a", "Org a")
    assert [r.title for r in a.resources] == ["Screen"] and a.resources[0].organisation == "Jail"
    assert [g.title for g in a.gaps] == ["No sharing"]
    assert [g.finding_id for g in n.loose_gaps] == ["g2", "g3"] and n.loose_resources == ()
    cross = map_narrative(ws)[-1]
    assert cross.is_cross and cross.entries == ()
    assert [g.title for g in cross.loose_gaps] == ["Housing"]
    assert [r.title for r in cross.loose_resources] == ["Council"]
    text = narrative_text(ws)
    assert "A (Org a): About a. Flows to B. Resource: Screen. Gap: No sharing." in text
    assert "Gaps at the intercept as a whole: No pretrial; Pointing elsewhere." in text
    assert text.endswith("Resource: Council.\nGap: Housing.")


def test_every_intercept_is_told_in_scheme_order_and_the_cross_band_last() -> None:
    ws = build([("a", "3", 0)], [], preset="five-intercept")
    narratives = map_narrative(ws)
    assert [n.intercept_id for n in narratives] == ["1", "2", "3", "4", "5", "X"]
    sentences = narrative_sentences(narratives)
    assert sentences[0] == "Intercept 1: Law Enforcement, no decision points."
    assert "Intercept 3: Jails / Courts, 1 decision point." in sentences


def test_text_is_data_never_markup_and_line_breaks_are_spaces() -> None:
    ws = build([("a", "1", 0)], [])
    ws.points[0].title = "<b>Jail & court</b>\nnight"
    ws.points[0].description = "line one\r\nline two"
    e = entry(ws, "a")
    assert e.title == "<b>Jail & court</b>\nnight"  # kept as typed: renderers escape
    assert "<b>Jail & court</b> night (Org a): line one line two." in narrative_text(ws)


def test_broken_references_do_not_stop_the_narrative() -> None:
    ws = build([("a", "1", 0), ("b", "1", 10)], [("a", "b"), ("a", "gone"), ("gone", "b")])
    ws.points.append(DecisionPoint(id="a", intercept="2", title="Duplicate id"))
    ws.points.append(DecisionPoint(id="lost", intercept="9", title="No such intercept"))
    assert [e.point_id for e in lane(ws, "1").entries] == ["a", "b"]
    assert all(e.point_id != "lost" for n in map_narrative(ws) for e in n.entries)


def test_a_long_chain_and_a_wide_map_are_quick_and_complete() -> None:
    n = 5000
    ws = build([(f"p{k}", "3", float(k)) for k in range(n)], [(f"p{k}", f"p{k + 1}") for k in range(n - 1)])
    entries = lane(ws, "3").entries
    assert len(entries) == n and {e.depth for e in entries} == {0}
    # Every point once, whatever the shape: a random graph over all six intercepts.
    rng = random.Random(7)
    pts = [(f"q{k}", str(rng.randrange(6)), float(rng.randrange(50))) for k in range(800)]
    flows = [(f"q{rng.randrange(800)}", f"q{rng.randrange(800)}") for _ in range(1600)]
    ws = build(pts, list(dict.fromkeys(flows)))
    narratives = map_narrative(ws)
    listed = [e.point_id for nar in narratives for e in nar.entries]
    assert sorted(listed) == sorted(p[0] for p in pts)
    for nar in narratives:
        for e in nar.entries:
            assert len(e.flows_out) == sum(1 for f in ws.flows if f.source == e.point_id)
            assert all(isinstance(note, FlowNote) for note in e.flows_out)


def test_the_sample_reads_in_flow_order() -> None:
    ws = load_workshop(SAMPLE_WORKSHOP)
    titles = {n.intercept_id: [e.title for e in n.entries] for n in map_narrative(ws)}
    assert titles["0"] == ["Crisis line / 988", "Mobile crisis team", "Emergency department"]
    assert titles["2"] == ["Arrest", "Booking and screening", "First appearance"]
    assert titles["5"] == ["Probation", "Violation hearing"]
    first = entry(ws, "pt-22da4daf737e")  # First appearance
    assert [n.title for n in first.flows_out] == ["County jail", "Dispositional court", "Mental health court"]
    assert {n.kind for n in first.flows_out} == {"forward"}


def test_a_branch_names_the_point_it_leaves() -> None:
    ws = build([("a", "1", 0), ("b", "1", 10), ("c", "1", 20)], [("a", "b"), ("a", "c")])
    n = lane(ws, "1")
    c = n.entries[-1]
    assert c.branch_of == "a" and n.title_of(c.branch_of) == "A" and n.title_of("nowhere") == ""
    assert "Branch from A: C (Org c): About c." in narrative_text(ws)
