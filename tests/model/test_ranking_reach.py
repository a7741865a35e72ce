"""Downstream reach in ranking (plain Python, no networkx at start-up) agrees with networkx on any graph."""

from __future__ import annotations

import random

import networkx as nx

from intercept_mapper.model import DecisionPoint, Flow, new_workshop
from intercept_mapper.model.ranking import _ReachIndex


def test_reach_matches_networkx_descendants_on_random_maps() -> None:
    for seed in range(60):
        rng = random.Random(seed)
        ws = new_workshop("samhsa", "Random")
        ws.points = [DecisionPoint(id=f"p{i}", intercept=rng.choice("012345"), title=f"P{i}")
                     for i in range(rng.randint(1, 25))]
        ids = [p.id for p in ws.points]
        ws.flows = [Flow(id=f"f{n}", source=rng.choice(ids), target=rng.choice(ids))
                    for n in range(rng.randint(0, 40))]
        ws.flows = [f for f in ws.flows if f.source != f.target]
        graph = nx.DiGraph()
        graph.add_nodes_from(ids)
        graph.add_edges_from((f.source, f.target) for f in ws.flows)
        index = _ReachIndex(ws)
        assert index.whole_map() == len(ids)
        for point_id in ids:
            assert index.from_point(point_id) == nx.descendants(graph, point_id) - {point_id}, seed
