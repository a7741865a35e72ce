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
