"""The map as a directed graph of decision points (networkx): reading order and what lies downstream."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from .workshop import Workshop

if TYPE_CHECKING:
    import networkx as nx  # imported where used: it takes longer to load than the whole window


def flow_graph(ws: Workshop) -> nx.DiGraph:
    """Decision points as nodes (with ``intercept``, ``title``) and flows as edges (with ``flow_id``)."""
    import networkx as nx

    graph = nx.DiGraph()
    for point in ws.points:
        graph.add_node(point.id, intercept=point.intercept, title=point.title)
    for flow in ws.flows:
        # A flow whose end is missing is a validation problem, not a reason for the graph to fail.
        if flow.source in graph and flow.target in graph:
            graph.add_edge(flow.source, flow.target, flow_id=flow.id, yearly_count=flow.yearly_count)
    return graph


def flow_order(ws: Workshop) -> list[str]:
    """Point ids in reading order: intercepts left to right, then flow order within each intercept.

    Within an intercept, points come in topological order of the flows between them (a cycle, such as
    a violation looping back, is kept together and entered where the flow first reaches it); among
    points free to go next, one fed by an earlier point comes first, then by title, then by id. File
    order never matters.
    """
    graph = flow_graph(ws)
    lanes: dict[int, list[str]] = {}
    for point in ws.points:
        lanes.setdefault(ws.scheme.order(point.intercept), []).append(point.id)
    position: dict[str, int] = {}
    order: list[str] = []
    for lane in sorted(lanes):
        for point_id in _lane_order(graph, lanes[lane], position):
            position[point_id] = len(order)
            order.append(point_id)
    return order


def _lane_order(graph: nx.DiGraph, members: list[str], placed: dict[str, int]) -> list[str]:
    """Order the points of one lane; ``placed`` gives the reading position of points in earlier lanes."""
    import networkx as nx

    def key(node: str) -> tuple[float, str, str]:
        fed_by = [placed[p] for p in graph.predecessors(node) if p in placed]
        return (min(fed_by) if fed_by else math.inf, graph.nodes[node]["title"], node)

    sub = graph.subgraph(members)
    dag = nx.condensation(sub)
    member_keys = {scc: min(key(n) for n in dag.nodes[scc]["members"]) for scc in dag.nodes}
    # Keys sort with str(); embed the tuple rank so ties never fall back to networkx's internal order.
    ranked = {scc: rank for rank, scc in enumerate(sorted(dag.nodes, key=member_keys.__getitem__))}
    result: list[str] = []
    for scc in nx.lexicographical_topological_sort(dag, key=ranked.__getitem__):
        scc_members = dag.nodes[scc]["members"]
        if len(scc_members) == 1:
            result.extend(scc_members)
        else:
            result.extend(_cycle_order(graph, sub, scc_members, key))
    return result


def _cycle_order(
    graph: nx.DiGraph, sub: nx.DiGraph, members: set[str], key: Callable[[str], tuple[float, str, str]]
) -> list[str]:
    """A cycle's points, starting where flow enters it and following its arrows (depth first)."""
    entries = [n for n in members if any(p not in members for p in graph.predecessors(n))]
    start = min(entries or members, key=key)
    ordered: list[str] = []
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        ordered.append(node)
        nexts = sorted((s for s in sub.successors(node) if s in members and s not in seen), key=key)
        stack.extend(reversed(nexts))
    return ordered


def downstream_points(ws: Workshop, point_id: str) -> set[str]:
    """Ids of the decision points reachable by following flows from ``point_id`` (not itself)."""
    import networkx as nx

    graph = flow_graph(ws)
    if point_id not in graph:
        return set()
    reachable = nx.descendants(graph, point_id)
    reachable.discard(point_id)
    return reachable
