"""The reach index is reused while points and flows stay the same, and the ranking is the same as fresh."""

from __future__ import annotations

import random

from intercept_mapper.model import Candidate, DecisionPoint, Finding, Flow, new_workshop, ranking
from intercept_mapper.model.ranking import rank_candidates


def _fresh(ws) -> list:  # noqa: ANN001
    ranking._last_reach = None
    return rank_candidates(ws)


def _map(seed: int):  # noqa: ANN202
    rng = random.Random(seed)
    ws = new_workshop("samhsa", "Random")
    ws.points = [DecisionPoint(id=f"p{i}", intercept=rng.choice("12345"), title=f"P{i}") for i in range(20)]
    ws.flows = [Flow(id=f"f{n}", source=f"p{rng.randrange(20)}", target=f"p{rng.randrange(20)}")
                for n in range(30)]
    ws.flows = [f for f in ws.flows if f.source != f.target]
    ws.findings = [Finding(id=f"g{n}", kind="gap", intercept="1", point_id=f"p{rng.randrange(20)}",
                           title=f"Gap {n}") for n in range(12)]
    ws.voting.candidates = [Candidate(id=f"c{n}", title=f"Gap {n}", gap_ids=[f"g{n}"]) for n in range(12)]
    return ws, rng


def test_edits_that_leave_the_graph_alone_reuse_the_index_and_rank_as_fresh() -> None:
    ws, rng = _map(1)
    rank_candidates(ws)
    index = ranking._last_reach[3]
    for n in range(10):  # gaps move between points, as a map edit moves them; points and flows stay
        ws.findings[n].point_id = f"p{rng.randrange(20)}"
        ranked = rank_candidates(ws)
        assert ranking._last_reach[3] is index or ranking._last_reach[0] == ranking._graph_signature(ws)
        assert ranked == _fresh(ws)
        rank_candidates(ws)
    ws.findings[0].point_id = "p0"
    rank_candidates(ws)
    same = ranking._last_reach[3]
    assert rank_candidates(ws) and ranking._last_reach[3] is same  # nothing changed: the same index


def test_a_changed_graph_builds_a_new_index_and_ranks_as_fresh() -> None:
    for seed in range(20):
        ws, rng = _map(seed)
        rank_candidates(ws)
        before = ranking._last_reach[3]
        change = seed % 3
        if change == 0:  # a flow added
            ws.flows.append(Flow(id="new", source="p3", target=f"p{rng.randrange(4, 20)}"))
        elif change == 1:  # a flow turned round
            ws.flows[0] = Flow(id=ws.flows[0].id, source=ws.flows[0].target, target=ws.flows[0].source)
        else:  # a point moved to another intercept (candidates placed by intercept reach it there)
            ws.points[5].intercept = "5" if ws.points[5].intercept != "5" else "4"
            ws.voting.candidates.append(Candidate(id="loose", title="Loose", intercepts=["4"]))
        ranked = rank_candidates(ws)
        assert ranking._last_reach[3] is not before, seed
        assert ranked == _fresh(ws), seed


def test_ranking_again_after_titles_changed_is_ranking_afresh() -> None:
    from intercept_mapper.model.ranking import rank_candidates_retitled

    for seed in range(30):
        ws, rng = _map(seed)
        for cand in ws.voting.candidates[: seed % 4]:
            cand.votes = {"t": rng.randrange(3)}
        rank_candidates(ws)
        for _ in range(5):  # titles move rows among equals and change the reasons that quote them
            rng.choice(ws.voting.candidates).title = rng.choice(["Alpha", "beta", "Gap 3", "Zed"])
            rng.choice(ws.points).title = f"Renamed {rng.randrange(9)}"
            assert rank_candidates_retitled(ws) == _fresh(ws), seed
        ws.voting.candidates[0].votes = {"t": 7}  # not a title: ranked afresh, not from the old rows
        assert rank_candidates_retitled(ws) == _fresh(ws)
        ws.voting.candidates.append(Candidate(id="extra", title="Extra", intercepts=["2"]))
        assert rank_candidates_retitled(ws) == _fresh(ws)
        other, _ = _map(seed + 100)
        assert rank_candidates_retitled(other) == _fresh(other)  # another workshop: ranked afresh


def test_ranking_since_changes_to_some_candidates_is_ranking_afresh() -> None:
    from intercept_mapper.model.ranking import rank_candidates_since

    for seed in range(40):
        ws, rng = _map(seed)
        rank_candidates(ws)
        for step in range(8):
            changed: set[str] = set()
            kind = rng.randrange(5)
            cands = ws.voting.candidates
            if kind == 0:  # a gap and its candidate added
                gap = Finding(id=f"n{step}", kind="gap", intercept="3", point_id=f"p{rng.randrange(20)}",
                              title=f"New {step}")
                ws.findings.append(gap)
                cands.append(Candidate(id=f"cn{step}", title=gap.title, gap_ids=[gap.id]))
                changed.add(f"cn{step}")
            elif kind == 1 and len(cands) > 2:  # a candidate deleted
                changed.add(cands.pop(rng.randrange(len(cands))).id)
            elif kind == 2:  # a gap moved: its candidates change place
                gap = rng.choice(ws.findings)
                gap.point_id = f"p{rng.randrange(20)}"
                changed |= {c.id for c in cands if gap.id in c.gap_ids}
            elif kind == 3:  # votes
                cand = rng.choice(cands)
                cand.votes = {"t": rng.randrange(4)}
                changed.add(cand.id)
            else:  # excluded, or back
                cand = rng.choice(cands)
                cand.excluded = not cand.excluded
                changed.add(cand.id)
            rng.choice(cands).title = rng.choice(["Alpha", "beta", "Gap 3"])  # titles: always allowed
            assert rank_candidates_since(ws, changed) == _fresh(ws), (seed, step)


def test_points_asked_for_before_are_still_answered_by_the_next_index() -> None:
    ws, _ = _map(3)
    ranking._last_reach = None
    first = ranking._reach_index(ws, {"p1"}, {"2"})
    second = ranking._reach_index(ws, {"p2"}, set())
    assert second is not first
    assert ranking._reach_index(ws, {"p1"}, set()) is second
    assert ranking._reach_index(ws, set(), {"2"}) is second


def test_every_candidate_after_an_excluded_or_a_reused_one_is_ranked() -> None:
    ws, _ = _map(4)
    ws.voting.candidates[1].excluded = True
    assert len(rank_candidates(ws)) == 11
    ws.voting.candidates[-1].votes = {"tb-all": 7}
    ranked = ranking.rank_candidates_since(ws, {ws.voting.candidates[-1].id})
    assert len(ranked) == 11
    assert ranked == _fresh(ws)


def test_ranking_since_never_reuses_what_another_workshop_worked_out() -> None:
    ws, _ = _map(5)
    rank_candidates(ws)
    other = ws.model_copy()  # shares the very candidates, but its flows are its own
    other.flows = []
    assert ranking.rank_candidates_since(other, set()) == _fresh(other)
    assert any(r.downstream_reach for r in rank_candidates(ws))  # so the reuse would have shown


def test_a_candidate_replaced_by_another_object_is_ranked_afresh_even_if_not_named_changed() -> None:
    ws, _ = _map(6)
    rank_candidates(ws)
    moved = ws.voting.candidates[0]
    ws.voting.candidates[0] = moved.model_copy(update={"gap_ids": [], "intercepts": ["X"]})
    assert ranking.rank_candidates_since(ws, set()) == _fresh(ws)


def test_the_first_ranking_in_a_process_has_nothing_to_reuse_and_ranks_all() -> None:
    ws, _ = _map(7)
    ranking._last_rows = None
    assert len(ranking.rank_candidates_since(ws, set())) == 12
    ranking._last_rows = None
    assert len(rank_candidates(ws)) == 12
