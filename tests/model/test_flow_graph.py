"""The flow graph: nodes and edges, reading order (with cycles), and what lies downstream."""

from __future__ import annotations

import random

from intercept_mapper.model import DecisionPoint, Flow, Workshop, new_workshop
from intercept_mapper.model.flow_graph import downstream_points, flow_graph, flow_order
from intercept_mapper.model.worksheet_csv import read_worksheet
from tests.conftest import SAMPLES


def build(points: list[tuple[str, str, str]], flows: list[tuple[str, str]]) -> Workshop:
    """A workshop from (id, intercept, title) points and (source, target) flows."""
    ws = new_workshop()
    ws.points = [DecisionPoint(id=i, intercept=n, title=t) for i, n, t in points]
    ws.flows = [Flow(id=f"fl-{s}-{t}", source=s, target=t) for s, t in flows]
    return ws


def titles(ws: Workshop, ids: list[str]) -> list[str]:
    by_id = {p.id: p.title for p in ws.points}
    return [by_id[i] for i in ids]


def sample() -> Workshop:
    return read_worksheet(SAMPLES / "riverbend-worksheet.csv").workshop


def test_graph_has_points_and_flows_and_skips_dangling_flows():
    ws = build([("a", "1", "A"), ("b", "2", "B")], [("a", "b"), ("a", "gone")])
    graph = flow_graph(ws)
    assert dict(graph.nodes(data=True)) == {"a": {"intercept": "1", "title": "A"},
                                            "b": {"intercept": "2", "title": "B"}}
    assert list(graph.edges) == [("a", "b")]
    assert graph.edges["a", "b"]["flow_id"] == "fl-a-b"


def test_sample_reading_order():
    ws = sample()
    assert titles(ws, flow_order(ws)) == [
        "Crisis line / 988", "Mobile crisis team", "Emergency department",
        "911 dispatch", "Co-responder team", "Patrol officers",
        "Arrest", "Booking and screening", "First appearance",
        "County jail", "Dispositional court", "Mental health court",
        "Jail reentry planning",
        "Probation", "Violation hearing",
    ]


def test_order_never_depends_on_file_order():
    ws = sample()
    expected = titles(ws, flow_order(ws))
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(ws.points)
        rng.shuffle(ws.flows)
        assert titles(ws, flow_order(ws)) == expected


def test_points_fed_earlier_come_first_then_title():
    # In lane 2, "Zed" is fed by the first point of lane 1 and "Alpha" by the second.
    ws = build([("p1", "1", "First"), ("p2", "1", "Second"), ("z", "2", "Zed"), ("a", "2", "Alpha"),
                ("lone", "2", "Aardvark")],
               [("p1", "p2"), ("p1", "z"), ("p2", "a")])
    assert titles(ws, flow_order(ws)) == ["First", "Second", "Zed", "Alpha", "Aardvark"]


def test_cycle_within_an_intercept_is_entered_where_flow_arrives():
    ws = build([("in", "4", "Release"), ("a", "5", "Alpha"), ("b", "5", "Bravo"), ("c", "5", "Charlie"),
                ("after", "5", "After")],
               [("in", "b"), ("b", "c"), ("c", "a"), ("a", "b"), ("a", "after")])
    assert titles(ws, flow_order(ws)) == ["Release", "Bravo", "Charlie", "Alpha", "After"]


def test_violation_loop_back_to_jail_is_harmless():
    ws = sample()
    jail = next(p.id for p in ws.points if p.title == "County jail")
    violation = next(p.id for p in ws.points if p.title == "Violation hearing")
    ws.flows.append(Flow(id="fl-loop", source=violation, target=jail))
    order = titles(ws, flow_order(ws))
    assert order.index("County jail") < order.index("Violation hearing")
    assert len(order) == len(ws.points)


def test_downstream_points():
    ws = sample()
    by_title = {p.title: p.id for p in ws.points}
    reentry = downstream_points(ws, by_title["Jail reentry planning"])
    assert reentry == {by_title["Probation"], by_title["Violation hearing"]}
    assert downstream_points(ws, by_title["Violation hearing"]) == set()
    # With the violation looping back to jail, jail's downstream includes the loop but not jail itself.
    ws.flows.append(Flow(id="fl-loop", source=by_title["Violation hearing"], target=by_title["County jail"]))
    from_jail = downstream_points(ws, by_title["County jail"])
    assert by_title["County jail"] not in from_jail
    assert {by_title["Jail reentry planning"], by_title["Violation hearing"]} <= from_jail
    assert len(downstream_points(ws, by_title["Crisis line / 988"])) == 14
    assert downstream_points(ws, "pt-missing") == set()


def test_a_cycle_entered_from_its_own_lane_starts_at_the_entry_not_the_first_title():
    # "Zulu" is the entry (fed by "Start", which is outside the cycle); "Bravo" sorts first by title.
    ws = build([("s", "2", "Start"), ("z", "2", "Zulu"), ("b", "2", "Bravo")],
               [("s", "z"), ("z", "b"), ("b", "z")])
    assert titles(ws, flow_order(ws)) == ["Start", "Zulu", "Bravo"]


def test_a_cycle_with_two_entries_starts_at_the_first_by_title_whatever_the_ids():
    ws = build([("p1", "2", "Start one"), ("p2", "2", "Start two"), ("id-2", "2", "Alpha"),
                ("id-1", "2", "Bravo")],
               [("p1", "id-2"), ("p2", "id-1"), ("id-2", "id-1"), ("id-1", "id-2")])
    assert titles(ws, flow_order(ws)) == ["Start one", "Start two", "Alpha", "Bravo"]


def test_every_point_of_a_branching_cycle_is_read_once_branches_by_title():
    # x branches to a and d; a branches to b and c; b, c and d lead back to x. Ids sort against titles.
    ws = build([("9x", "3", "a x"), ("8a", "3", "b a"), ("7b", "3", "c b"), ("6c", "3", "d c"),
                ("5d", "3", "e d")],
               [("9x", "8a"), ("9x", "5d"), ("8a", "7b"), ("8a", "6c"), ("7b", "6c"), ("6c", "9x"),
                ("5d", "9x")])
    assert titles(ws, flow_order(ws)) == ["a x", "b a", "c b", "d c", "e d"]


def test_two_point_cycles_are_entered_where_flow_arrives():
    # Twenty two-point cycles, each entered at the point whose title sorts last: the order must follow
    # the flow, never the order a set happens to hold a cycle's two points in.
    points, flows = [], []
    for n in range(20):
        points += [(f"in{n:02}", "0", f"In {n:02}"), (f"late{n:02}", "1", f"Zulu {n:02}"),
                   (f"early{n:02}", "1", f"Alpha {n:02}")]
        flows += [(f"in{n:02}", f"late{n:02}"), (f"late{n:02}", f"early{n:02}"),
                  (f"early{n:02}", f"late{n:02}")]
    ws = build(points, flows)
    assert titles(ws, flow_order(ws)) == ([f"In {n:02}" for n in range(20)]
                                          + [f"{t} {n:02}" for n in range(20) for t in ("Zulu", "Alpha")])
