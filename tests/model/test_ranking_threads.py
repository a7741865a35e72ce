"""A ranking finished on a worker thread is never reused by another thread; a table's breakdown adds up.

Each test here failed on a mutant of ``model/ranking.py`` that the other ranking tests let pass
(bench/README.md, "Mutation testing", fifth run).
"""

from __future__ import annotations

import threading

from intercept_mapper.model import Candidate, DecisionPoint, Finding, Flow, VotingTable, new_workshop, ranking
from intercept_mapper.model.ranking import rank_candidates, rank_candidates_retitled


def _chain():  # noqa: ANN202
    ws = new_workshop("samhsa", "Threads")
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Dispatch"),
                 DecisionPoint(id="p2", intercept="2", title="Booking"),
                 DecisionPoint(id="p3", intercept="3", title="Jail")]
    ws.flows = [Flow(id="f1", source="p1", target="p2")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="1", point_id="p1", title="No transfer")]
    ws.voting.candidates = [Candidate(id="c1", title="No transfer", gap_ids=["g1"])]
    return ws


def test_rows_a_worker_thread_stored_after_this_thread_ranked_are_never_reused(monkeypatch) -> None:  # noqa: ANN001
    # An export ranks on a worker thread. Here it works its rows out while the map has one flow, and
    # stores them only after the window has added a second flow and ranked afresh. The window's next
    # ranking after a retitle must not take the worker's rows (reach 1) for its own (reach 2).
    ws = _chain()
    computed, resume = threading.Event(), threading.Event()
    real_touch_count = ranking._touch_count

    def touch_count(*args):  # noqa: ANN002, ANN202 - the last step before the rows are stored
        count = real_touch_count(*args)
        if threading.current_thread().name == "export":
            computed.set()
            assert resume.wait(30)
        return count

    monkeypatch.setattr(ranking, "_touch_count", touch_count)
    worker_rows: list = []
    worker = threading.Thread(target=lambda: worker_rows.extend(rank_candidates(ws)), name="export")
    worker.start()
    assert computed.wait(30)
    ws.flows.append(Flow(id="f2", source="p2", target="p3"))
    assert [r.downstream_reach for r in rank_candidates(ws)] == [2]
    resume.set()
    worker.join(30)
    assert [r.downstream_reach for r in worker_rows] == [1]  # the worker did see the map as it was
    ws.voting.candidates[0].title = "No warm transfer"
    assert [(r.title, r.downstream_reach) for r in rank_candidates_retitled(ws)] == [("No warm transfer", 2)]


def test_a_table_named_like_a_removed_table_s_id_keeps_its_own_votes_in_the_breakdown() -> None:
    ws = _chain()
    ws.voting.tables = [VotingTable(id="tb-new", name="tb-old")]
    ws.voting.candidates = [Candidate(id="c1", title="No transfer", gap_ids=["g1"],
                                      votes={"tb-new": 2, "tb-old": 3})]  # tb-old: a table since removed
    (row,) = rank_candidates(ws)
    assert (row.votes, row.votes_by_table) == (5, {"tb-old": 5})
