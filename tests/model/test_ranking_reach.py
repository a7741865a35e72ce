"""Downstream reach in ranking (plain Python, no networkx at start-up) agrees with networkx on any graph."""

from __future__ import annotations

import random
import time
import tracemalloc

import networkx as nx

from intercept_mapper.model import Candidate, DecisionPoint, Finding, Flow, new_workshop, ranking
from intercept_mapper.model.ranking import _ReachIndex, candidate_reach, rank_candidates


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


def test_a_chain_100_times_a_real_lane_ranks_in_seconds_in_little_memory() -> None:
    # Issue 13: a 200,000-point chain made `plan` eat 24 GB (a set of everything downstream per point);
    # the former index needed 9 GB and 56 s for 20,000 points.
    n = 15_000
    ws = new_workshop("samhsa", "Chain")
    ws.points = [DecisionPoint(id=f"p{i}", intercept=str(i * 6 // n), title=f"P{i}") for i in range(n)]
    ws.flows = [Flow(id=f"f{i}", source=f"p{i}", target=f"p{i + 1}") for i in range(n - 1)]
    ws.findings = [Finding(id=f"g{i}", kind="gap", intercept=ws.points[i * 10].intercept, title=f"G{i}",
                           point_id=f"p{i * 10}") for i in range(n // 10)]
    ws.voting.candidates = [Candidate(id=f"c{i}", title=f"G{i}", gap_ids=[f"g{i}"]) for i in range(n // 10)]
    tracemalloc.start()
    started = time.perf_counter()
    ranked = rank_candidates(ws)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.downstream_reach for r in ranked[:3]] == [n - 1, n - 11, n - 21]
    assert seconds < 5
    assert peak < 100 * 1024 * 1024


def test_merged_and_intercept_wide_reach_match_networkx() -> None:
    rng = random.Random(7)
    for _ in range(30):
        ws = new_workshop("samhsa", "Random")
        ws.points = [DecisionPoint(id=f"p{i}", intercept=rng.choice("012345"), title=f"P{i}")
                     for i in range(rng.randint(2, 20))]
        ids = [p.id for p in ws.points]
        ends = [(rng.choice(ids), rng.choice(ids)) for _ in range(30)]
        ws.flows = [Flow(id=f"f{n}", source=a, target=b) for n, (a, b) in enumerate(ends) if a != b]
        graph = nx.DiGraph()
        graph.add_nodes_from(ids)
        graph.add_edges_from((f.source, f.target) for f in ws.flows)
        at = rng.sample(ids, 2)
        intercept = rng.choice("012345")
        cand = Candidate(id="c", title="C", point_id=at[0], intercepts=[intercept])
        expected = nx.descendants(graph, at[0]) - {at[0]}
        for p in ws.points:
            if p.intercept == intercept:
                expected |= {p.id} | nx.descendants(graph, p.id)
        if ws.point(at[0]).intercept == intercept:  # the candidate's own intercept is where its point is
            expected = nx.descendants(graph, at[0]) - {at[0]}
        assert candidate_reach(ws, cand) == len(expected)


def test_a_flow_with_a_missing_end_is_left_out_and_ranking_goes_on() -> None:
    ws = new_workshop("samhsa", "Broken")
    ws.points = [DecisionPoint(id=f"p{i}", intercept="1", title=f"P{i}") for i in range(3)]
    ws.flows = [Flow(id="f0", source="p0", target="gone"), Flow(id="f1", source="gone", target="p2"),
                Flow(id="f2", source="p0", target="p1")]
    index = _ReachIndex(ws)
    assert [index.from_point(p) for p in ("p0", "p1", "p2")] == [{"p1"}, set(), set()]


def test_a_point_not_asked_for_or_not_on_the_map_reaches_nothing() -> None:
    ws = new_workshop("samhsa", "Two")
    ws.points = [DecisionPoint(id=f"p{i}", intercept="1", title=f"P{i}") for i in range(2)]
    ws.flows = [Flow(id="f0", source="p1", target="p0")]
    index = _ReachIndex(ws, {"p0"}, set())
    assert (index.point_bits("p1"), index.point_bits("gone"), index.from_point("gone")) == (0, 0, frozenset())


def test_a_long_chain_asked_for_one_point_holds_a_few_bitsets_at_a_time() -> None:
    # Each part's bitset is dropped once the parts flowing into it have used it. Keeping them all (or
    # keeping every point's, asked for or not) costs n bitsets of up to n bits: ~28 MB more here.
    n = 15_000
    ws = new_workshop("samhsa", "Chain")
    ws.points = [DecisionPoint(id=f"p{i}", intercept=str(i * 6 // n), title=f"P{i}") for i in range(n)]
    ws.flows = [Flow(id=f"f{i}", source=f"p{i}", target=f"p{i + 1}") for i in range(n - 1)]
    for build in (lambda: _ReachIndex(ws, {"p0"}, set()), lambda: ranking._reach_index(ws, {"p0"}, set())):
        ranking._last_reach = None
        tracemalloc.start()
        index = build()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(index.from_point("p0")) == n - 1
        assert peak < 16 * 1024 * 1024, peak
