"""Ranking candidate priorities: votes, reach, intercepts, title; never the file order."""

from __future__ import annotations

import random

from intercept_mapper.model import (
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.ranking import candidate_intercepts, candidate_reach, rank_candidates

# A chain of points: crisis line (0) -> dispatch (1) -> patrol (1) -> booking (2) -> jail (3)
#                    -> probation (5) -> jail (violation loop).
CHAIN = [("p-crisis", "0", "Crisis line"), ("p-911", "1", "911 dispatch"), ("p-patrol", "1", "Patrol"),
         ("p-book", "2", "Booking"), ("p-jail", "3", "Jail"), ("p-prob", "5", "Probation")]
EDGES = [("p-crisis", "p-911"), ("p-911", "p-patrol"), ("p-patrol", "p-book"), ("p-book", "p-jail"),
         ("p-jail", "p-prob"), ("p-prob", "p-jail")]


def chain_workshop() -> Workshop:
    ws = new_workshop()
    ws.points = [DecisionPoint(id=i, intercept=k, title=t) for i, k, t in CHAIN]
    ws.flows = [Flow(id=f"f{n}", source=a, target=b) for n, (a, b) in enumerate(EDGES)]
    return ws


def add_gap(ws: Workshop, gap_id: str, title: str, intercept: str, point_id: str | None, votes: int,
            table: str = "tb-all") -> Candidate:
    ws.findings.append(Finding(id=gap_id, kind="gap", intercept=intercept, title=title, point_id=point_id))
    cand = Candidate(id=f"c-{gap_id}", title=title, gap_ids=[gap_id], votes={table: votes})
    ws.voting.candidates.append(cand)
    return cand


def titles(ws: Workshop) -> list[str]:
    return [r.title for r in rank_candidates(ws)]


def test_more_votes_rank_first_whatever_the_reach() -> None:
    ws = chain_workshop()
    add_gap(ws, "g1", "Upstream gap", "0", "p-crisis", 3)
    add_gap(ws, "g2", "Downstream gap", "5", "p-prob", 7)
    ranked = rank_candidates(ws)
    assert [r.title for r in ranked] == ["Downstream gap", "Upstream gap"]
    assert [r.rank for r in ranked] == [1, 2]
    assert ranked[0].votes == 7
    assert ranked[0].reason == "7 votes, the most of any candidate."
    assert ranked[1].reason == "3 votes, 4 votes fewer than 'Downstream gap' ranked above it."


def test_tie_goes_to_the_greater_downstream_reach() -> None:
    ws = chain_workshop()
    add_gap(ws, "g1", "A booking gap", "2", "p-book", 5)
    add_gap(ws, "g2", "B dispatch gap", "1", "p-911", 5)
    ranked = rank_candidates(ws)
    assert [r.title for r in ranked] == ["B dispatch gap", "A booking gap"]
    # dispatch -> patrol, booking, jail, probation; booking -> jail, probation
    assert [r.downstream_reach for r in ranked] == [4, 2]
    assert ranked[0].reason == (
        "5 votes; ties with 'A booking gap' but sits at 911 dispatch, upstream of 4 decision points."
    )
    assert "'B dispatch gap'" in ranked[1].reason and "reaches further downstream" in ranked[1].reason


def test_a_point_in_a_loop_reaches_the_rest_of_the_loop_but_not_itself() -> None:
    ws = chain_workshop()
    cand = add_gap(ws, "g1", "Violations", "5", "p-prob", 1)
    assert candidate_reach(ws, cand) == 1  # probation -> jail (-> probation, itself not counted)


def test_gap_on_an_intercept_without_a_point_reaches_the_intercept_and_downstream() -> None:
    ws = chain_workshop()
    loose = add_gap(ws, "g1", "Loose", "1", None, 2)
    at_patrol = add_gap(ws, "g2", "At patrol", "1", "p-patrol", 2)
    assert candidate_reach(ws, loose) == 5  # dispatch, patrol, booking, jail, probation
    assert candidate_reach(ws, at_patrol) == 3
    assert titles(ws) == ["Loose", "At patrol"]


def test_cross_intercept_items_reach_the_whole_map_and_win_the_tie() -> None:
    ws = chain_workshop()
    add_gap(ws, "g1", "At crisis line", "0", "p-crisis", 4)
    cross = Candidate(id="c-x", title="Zz shared data", intercepts=["X"], votes={"tb-all": 4})
    ws.voting.candidates.append(cross)
    ranked = rank_candidates(ws)
    assert [r.title for r in ranked] == ["Zz shared data", "At crisis line"]
    assert ranked[0].intercepts == ["X"]
    assert ranked[0].downstream_reach == len(CHAIN)
    assert "is cross-intercept, reaching all 6 decision points" in ranked[0].reason


def test_then_more_intercepts_touched_then_title_case_insensitive() -> None:
    ws = chain_workshop()
    # Both at points with no flows out, so both reach nothing.
    ws.points.append(DecisionPoint(id="p-end0", intercept="0", title="ED"))
    ws.points.append(DecisionPoint(id="p-end4", intercept="4", title="Reentry"))
    ws.findings.append(Finding(id="ga", kind="gap", intercept="0", title="a", point_id="p-end0"))
    ws.findings.append(Finding(id="gb", kind="gap", intercept="4", title="b", point_id="p-end4"))
    merged = Candidate(id="c-m", title="zeta merged", gap_ids=["gb", "ga"], votes={"tb-all": 2})
    beta = Candidate(id="c-a", title="Beta single", gap_ids=["ga"], votes={"tb-all": 2})
    alpha = Candidate(id="c-z", title="alpha single", gap_ids=["ga"], votes={"tb-all": 2})
    upper = Candidate(id="c-y", title="ALPHA SINGLE", gap_ids=["ga"], votes={"tb-all": 2})
    ws.voting.candidates += [beta, merged, alpha, upper]
    assert candidate_intercepts(ws, merged) == ["0", "4"]
    ranked = rank_candidates(ws)
    # then title ignoring case, then id
    assert [r.candidate_id for r in ranked] == ["c-m", "c-y", "c-z", "c-a"]
    assert "touches more intercepts (2 against 1)" in ranked[0].reason
    assert "touches more intercepts" in ranked[1].reason
    assert "on everything" in ranked[2].reason
    assert ranked[3].reason == (
        "2 votes; ties with 'alpha single' on votes, reach and intercepts, so they are listed by title."
    )


def test_excluded_candidates_are_left_out() -> None:
    ws = chain_workshop()
    add_gap(ws, "g1", "Kept", "0", "p-crisis", 1)
    add_gap(ws, "g2", "Dropped", "0", "p-crisis", 9).excluded = True
    assert titles(ws) == ["Kept"]


def test_votes_by_table_by_name_in_table_order_and_in_the_reason() -> None:
    ws = chain_workshop()
    ws.voting.tables = [
        VotingTable(id="tb-s", name="System table"), VotingTable(id="tb-c", name="Community table"),
    ]
    cand = add_gap(ws, "g1", "Crisis", "0", "p-crisis", 0)
    cand.votes = {"tb-c": 6, "tb-s": 9}
    add_gap(ws, "g2", "Other", "0", "p-crisis", 1, table="tb-c")
    top = rank_candidates(ws)[0]
    assert list(top.votes_by_table.items()) == [("System table", 9), ("Community table", 6)]
    assert top.reason == "15 votes (System table 9, Community table 6), the most of any candidate."


def test_ranking_does_not_depend_on_file_order() -> None:
    ws = chain_workshop()
    ws.points.append(DecisionPoint(id="p-x0", intercept="0", title="Mobile crisis"))
    ws.flows.append(Flow(id="fx", source="p-x0", target="p-911"))
    names = ["No unit", "no unit", "Training", "Housing", "Data", "Peers", "Transport"]
    spots = [("0", "p-crisis"), ("0", "p-x0"), ("1", None), ("3", "p-jail"), ("5", "p-prob"), ("2", None)]
    rng = random.Random(4)
    for n in range(40):
        intercept, point = spots[n % len(spots)]
        add_gap(ws, f"g{n}", names[n % len(names)], intercept, point, rng.randint(0, 4))
    ws.voting.candidates.append(Candidate(id="c-x", title="Data", intercepts=["X"], votes={"tb-all": 3}))
    ws.voting.candidates[3].gap_ids.append("g9")
    expected = rank_candidates(ws)
    for seed in range(5):
        shuffled = ws.model_copy(deep=True)
        r = random.Random(seed)
        for items in (shuffled.points, shuffled.flows, shuffled.findings, shuffled.voting.candidates):
            r.shuffle(items)
        assert rank_candidates(shuffled) == expected


def test_every_reason_is_one_sentence() -> None:
    ws = chain_workshop()
    for n, (_, intercept, _) in enumerate(CHAIN):
        add_gap(ws, f"g{n}", f"Gap {n}", intercept, CHAIN[n][0], n % 3)
    for ranked in rank_candidates(ws):
        assert ranked.reason.endswith(".") and ranked.reason.count(". ") == 0
        assert ranked.reason.startswith(f"{ranked.votes} vote")


def test_empty_workshop_ranks_nothing() -> None:
    assert rank_candidates(new_workshop()) == []


def test_a_candidate_in_several_places_reaches_each_and_is_named_by_the_first_place_alphabetically() -> None:
    ws = new_workshop(title="Places")
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Patrol"),
                 DecisionPoint(id="p2", intercept="1", title="dispatch"),
                 DecisionPoint(id="p3", intercept="3", title="Court"),
                 DecisionPoint(id="p4", intercept="2", title="booking")]
    ws.flows = [Flow(id="f1", source="p4", target="p3")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="3", point_id="p3", title="No docket"),
                   Finding(id="g2", kind="gap", intercept="2", point_id="p4", title="No screening"),
                   Finding(id="g3", kind="gap", intercept="1", title="No CIT")]  # on intercept 1, at no point
    ws.voting.candidates = [
        Candidate(id="a", title="Everywhere", gap_ids=["g1", "g2", "g3"], votes={"tb-all": 5}),
        Candidate(id="b", title="Alone", intercepts=["5"], votes={"tb-all": 5})]
    first, second = rank_candidates(ws)
    # Court from booking; both points of intercept 1 (no flows from them): three in all.
    assert (first.title, first.downstream_reach, second.downstream_reach) == ("Everywhere", 3, 0)
    # Places sorted without regard to case: "booking" before "Court" and "intercept 1 (...)".
    assert first.reason == ("5 votes; ties with 'Alone' but sits at booking and 2 other places, "
                            "upstream of 3 decision points.")


def test_a_place_on_an_intercept_with_no_point_is_named_by_the_intercepts_number_and_label() -> None:
    ws = new_workshop(title="Places")
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Patrol"),
                 DecisionPoint(id="p2", intercept="2", title="Jail booking")]
    ws.flows = [Flow(id="f1", source="p1", target="p2")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="1", title="No CIT"),  # at no point
                   Finding(id="g2", kind="gap", intercept="2", point_id="p2", title="No screening")]
    ws.voting.candidates = [
        Candidate(id="a", title="Two places", gap_ids=["g1", "g2"], votes={"tb-all": 5}),
        Candidate(id="b", title="Alone", intercepts=["5"], votes={"tb-all": 5})]
    first = rank_candidates(ws)[0]
    # "intercept 1 (Law Enforcement)" sorts before "Jail booking", and so names the candidate.
    assert first.reason == ("5 votes; ties with 'Alone' but sits at intercept 1 (Law Enforcement) and "
                            "1 other place, upstream of 2 decision points.")
    ws.findings[1].point_id = None  # both loose now: still named by the first intercept, in scheme words
    assert rank_candidates(ws)[0].reason == (
        "5 votes; ties with 'Alone' but sits at intercept 1 (Law Enforcement) and 1 other place, "
        "upstream of 2 decision points.")


def _placed_map() -> Workshop:
    ws = new_workshop("samhsa", "Placement")
    ws.points = [DecisionPoint(id="p1", intercept="1", title="Dispatch"),
                 DecisionPoint(id="p3", intercept="3", title="Jail")]
    ws.flows = [Flow(id="f1", source="p1", target="p3")]
    ws.findings = [Finding(id="g1", kind="gap", intercept="1", point_id="p1", title="No transfer")]
    return ws


def test_a_candidate_with_one_gap_and_a_point_of_its_own_sits_at_both() -> None:
    from intercept_mapper.model.ranking import candidate_points
    ws = _placed_map()
    cand = Candidate(id="c", title="C", gap_ids=["g1"], point_id="p3")
    assert (candidate_points(ws, cand), candidate_intercepts(ws, cand)) == (["p1", "p3"], ["1", "3"])


def test_a_candidate_whose_only_gap_is_gone_sits_nowhere() -> None:
    from intercept_mapper.model.ranking import candidate_points
    ws = _placed_map()
    cand = Candidate(id="c", title="C", gap_ids=["gone"])
    assert (candidate_points(ws, cand), candidate_intercepts(ws, cand)) == ([], [])
    assert candidate_reach(ws, cand) == 0


def test_intercepts_listed_after_the_point_s_own_are_kept() -> None:
    ws = _placed_map()
    cand = Candidate(id="c", title="C", point_id="p1", intercepts=["1", "4", "X"])
    assert candidate_intercepts(ws, cand) == ["1", "4", "X"]


def test_intercepts_come_in_the_scheme_s_column_order_with_cross_intercept_last() -> None:
    ws = _placed_map()
    ws.scheme.intercepts = list(reversed(ws.scheme.intercepts))  # columns 5, 4, ..., 0
    cand = Candidate(id="c", title="C", intercepts=["X", "1", "3"])
    assert candidate_intercepts(ws, cand) == ["3", "1", "X"]
    cand = Candidate(id="c", title="C", intercepts=["9", "X", "1"])  # 9: no longer on the scheme
    assert candidate_intercepts(ws, cand) == ["1", "X", "9"]


def test_votes_for_a_removed_table_count_under_its_id_and_tables_sharing_a_name_are_added_up() -> None:
    ws = _placed_map()
    ws.voting.tables = [VotingTable(id="tb-s", name="System"), VotingTable(id="tb-c", name="Community")]
    ws.voting.candidates = [Candidate(id="c", title="C", gap_ids=["g1"], votes={"tb-s": 2, "tb-old": 3})]
    (row,) = rank_candidates(ws)
    assert row.votes == 5
    assert list(row.votes_by_table.items()) == [("System", 2), ("Community", 0), ("tb-old", 3)]
    ws.voting.candidates = [Candidate(id="c", title="C", gap_ids=["g1"], votes={"tb-s": 2})]
    (row,) = rank_candidates(ws)
    assert (row.votes_by_table, row.uncounted_tables) == ({"System": 2, "Community": 0}, ("Community",))
    ws.voting.tables = [VotingTable(id="tb-a", name="Table"), VotingTable(id="tb-b", name="Table")]
    ws.voting.candidates = [Candidate(id="c", title="C", gap_ids=["g1"], votes={"tb-a": 1, "tb-b": 2})]
    (row,) = rank_candidates(ws)
    assert row.votes_by_table == {"Table": 3}


def test_a_candidate_at_two_points_reaches_what_is_below_either() -> None:
    ws = _placed_map()
    assert candidate_reach(ws, Candidate(id="c", title="C", gap_ids=["g1"], point_id="p3")) == 1


def test_ordinals_in_english() -> None:
    from intercept_mapper.model.ranking import ordinal
    numbers = [1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 101, 111, 112, 113, 121, 122, 123]
    assert [ordinal(n) for n in numbers] == [
        "1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "14th", "20th", "21st", "22nd", "23rd",
        "24th", "101st", "111th", "112th", "113th", "121st", "122nd", "123rd"]


def test_only_uncounted_candidates_are_said_to_be_out_of_a_published_order_when_there_is_one() -> None:
    ws = _placed_map()
    ws.voting.candidates = [Candidate(id="a", title="A", intercepts=["1"], votes={"tb-all": 3}),
                            Candidate(id="b", title="B", intercepts=["1"]),
                            Candidate(id="c", title="C", intercepts=["1"], rank=1)]
    assert [(r.title, r.reason) for r in rank_candidates(ws)] == [
        ("A", "3 votes, the most of any candidate."),
        ("C", "Votes not counted; 1st in the published order (the order was given, not counted)."),
        ("B", "Votes not counted and not in the published order."),
    ]
    del ws.voting.candidates[2]
    assert [r.reason for r in rank_candidates(ws)] == ["3 votes, the most of any candidate.",
                                                       "Votes not counted."]


def test_reasons_when_no_votes_are_in_yet_and_for_the_first_of_three_tied() -> None:
    ws = _placed_map()
    ws.voting.candidates = [Candidate(id="a", title="A", intercepts=["1"], votes={"tb-all": 0})]
    assert [r.reason for r in rank_candidates(ws)] == ["0 votes yet; the only candidate."]
    ws.voting.candidates.append(Candidate(id="b", title="B", intercepts=["3"]))  # not counted
    assert [r.reason for r in rank_candidates(ws)] == ["0 votes yet.", "Votes not counted."]
    ws.voting.candidates[0].votes = {"tb-all": 2}
    ws.voting.candidates[1].votes = {"tb-all": 0}
    assert [r.reason for r in rank_candidates(ws)] == ["2 votes, the most of any candidate.", "0 votes."]
    ws.voting.candidates = [Candidate(id=c, title=c.upper(), intercepts=[i], votes={"tb-all": 2})
                            for c, i in (("a", "1"), ("b", "3"), ("c", "4"))]
    assert rank_candidates(ws)[0].reason == (
        "2 votes; ties with 'B' but sits at intercept 1 (Law Enforcement), upstream of 2 decision points.")


def test_a_reach_of_one_decision_point_is_said_in_the_singular() -> None:
    """A tie lost to a candidate reaching one point read "1 decision points against 0"."""
    ws = chain_workshop()
    ws.flows = [Flow(id="f-only", source="p-book", target="p-jail")]  # booking -> jail, nothing else
    add_gap(ws, "g1", "A jail gap", "3", "p-jail", 5)  # reaches nothing
    add_gap(ws, "g2", "C booking gap", "2", "p-book", 5)  # reaches the jail
    ranked = rank_candidates(ws)
    assert [(r.title, r.downstream_reach) for r in ranked] == [("C booking gap", 1), ("A jail gap", 0)]
    assert ranked[1].reason.endswith(
        "ties with 'C booking gap', which reaches further downstream (1 decision point against 0).")
