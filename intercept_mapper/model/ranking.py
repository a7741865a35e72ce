"""Ranking candidate priorities: votes first, then downstream reach, intercepts touched and title.

Rules (the order never depends on the order of anything in the file):

0. candidates whose votes were counted (at any table; a count of 0 is a count) come before those whose
   votes were not counted at all; among the uncounted, a published order (``Candidate.rank``: the order
   a workshop gave without counts) comes first, lowest rank first, and the rules below decide the rest;
1. more total votes (every voting table added up) ranks higher;
2. on equal votes, the greater *downstream reach* ranks higher: the number of decision points reachable
   by following flows from where the candidate sits.
   - A candidate at a decision point (its own ``point_id`` or that of any of its gaps) reaches the
     points downstream of that point, not the point itself.
   - A candidate placed on an intercept but at no particular point concerns the whole intercept: it
     reaches every decision point of that intercept and everything downstream of them.
   - A cross-intercept candidate (``"X"``) reaches the whole map.
   - A merged candidate reaches the union of what its parts reach.
3. then the one touching more intercepts (a cross-intercept candidate touches all of them);
4. then the title (case-insensitive), then the id.

Reach is computed once per strongly connected part of the flow graph, as bitsets kept only while
needed, so a map of thousands of items ranks in milliseconds and a 200,000-point chain in seconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .workshop import CROSS_INTERCEPT, Candidate, Workshop


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate priority in rank order, with the numbers behind its place and a spoken reason."""

    rank: int
    candidate_id: str
    title: str
    votes: int
    votes_by_table: dict[str, int]  # table name -> votes, in table order
    intercepts: list[str]  # intercept ids in scheme order, "X" for cross-intercept last
    downstream_reach: int
    reason: str
    # Names of the voting tables that recorded no count for this candidate (a count of 0 is a count).
    # Every table: the votes were not counted at all, and the 0 in ``votes`` is no result.
    uncounted_tables: tuple[str, ...] = ()
    # The place the workshop gave it without counting votes (``Candidate.rank``), when its votes were
    # not counted; None otherwise (a counted candidate is ranked by its votes).
    published_rank: int | None = None

    @property
    def counted(self) -> bool:
        """True when at least one table recorded a count for this candidate."""
        return len(self.uncounted_tables) < len(self.votes_by_table) or not self.votes_by_table


class _ReachIndex:
    """Downstream points of the decision points (and intercepts) candidates sit at, computed once.

    Sets of points are bitsets (a Python int, bit i for the i-th point), built from the sinks up. A
    part's bitset is dropped once every part that flows into it has used it, unless a candidate sits
    there: a 200,000-point chain then holds a few bitsets at a time, not a set per point (which needed
    24 GB). Time is linear in points and flows plus one bitset union per flow.
    """

    def __init__(self, ws: Workshop, points: set[str] | None = None,
                 intercepts: set[str] | None = None) -> None:
        # Plain Python rather than networkx: the priorities panel ranks while the app starts, and
        # loading networkx alone takes longer than building the whole window. ``points`` and
        # ``intercepts``: what will be asked for (None: everything).
        self.ids = [p.id for p in ws.points]
        bit = {point_id: n for n, point_id in enumerate(self.ids)}
        successors: dict[str, list[str]] = {point_id: [] for point_id in self.ids}
        for flow in ws.flows:
            # A flow whose end is missing is a validation problem, not a reason for ranking to fail.
            if flow.source in successors and flow.target in successors:
                successors[flow.source].append(flow.target)
        parts = _strongly_connected_parts(successors)
        scc_of = {node: n for n, part in enumerate(parts) for node in part}
        waiting = [0] * len(parts)  # flows into each part from other parts not yet processed
        for node, nexts in successors.items():
            for succ in nexts:
                if scc_of[succ] != scc_of[node]:
                    waiting[scc_of[succ]] += 1
        wanted_points = set(self.ids) if points is None else points & successors.keys()
        by_intercept: dict[str, list[str]] = {}
        for point in ws.points:
            if intercepts is None or point.intercept in intercepts:
                by_intercept.setdefault(point.intercept, []).append(point.id)
        intercept_of = {pid: intercept for intercept, pids in by_intercept.items() for pid in pids}
        self._point_bits: dict[str, int] = {}
        self._intercept_bits: dict[str, int] = dict.fromkeys(by_intercept, 0)
        # Parts come sinks first: every part a flow leads to is finished before the parts that feed it.
        reach: dict[int, int] = {}  # part -> its members and everything downstream, while still needed
        for n, part in enumerate(parts):
            below = 0
            for node in part:
                for succ in successors[node]:
                    other = scc_of[succ]
                    if other != n:
                        below |= reach[other]
                        waiting[other] -= 1
                        if waiting[other] == 0:
                            del reach[other]
            members = 0
            for node in part:
                members |= 1 << bit[node]
            whole = below | members
            for node in part:
                if node in wanted_points:
                    # The other points of a loop it is in count; the point itself not.
                    self._point_bits[node] = (whole if len(part) > 1 else below) & ~(1 << bit[node])
                if node in intercept_of:
                    self._intercept_bits[intercept_of[node]] |= whole
            if waiting[n]:
                reach[n] = whole

    def point_bits(self, point_id: str) -> int:
        """Points downstream of one point, as a bitset (0 for a point not asked for or not on the map)."""
        return self._point_bits.get(point_id, 0)

    def intercept_bits(self, intercept_id: str) -> int:
        """Every point of an intercept and everything downstream of them, as a bitset."""
        return self._intercept_bits.get(intercept_id, 0)

    def from_point(self, point_id: str) -> frozenset[str]:
        """Points downstream of one point (the other points of a loop it is in count; itself not)."""
        return self._ids_of(self.point_bits(point_id))

    def from_intercept(self, intercept_id: str) -> frozenset[str]:
        """Every point of an intercept and everything downstream of them."""
        return self._ids_of(self.intercept_bits(intercept_id))

    def whole_map(self) -> int:
        """Number of decision points on the map."""
        return len(self.ids)

    def _ids_of(self, bits: int) -> frozenset[str]:
        return frozenset(point_id for n, point_id in enumerate(self.ids) if bits >> n & 1)


# The last reach index built, with what it was built from: (the graph's signature, the points and
# intercepts it answers for, the index). Ranking runs after every edit while the priorities are on
# screen, and most edits (a gap added, renamed, moved, deleted; votes) leave points and flows alone.
_last_reach: tuple[tuple, frozenset[str], frozenset[str], _ReachIndex] | None = None


def _graph_signature(ws: Workshop) -> tuple:
    """What a reach index is computed from: the points (and their intercepts, in order) and the flows."""
    return (tuple((p.id, p.intercept) for p in ws.points), tuple((f.source, f.target) for f in ws.flows))


def _reach_index(ws: Workshop, points: set[str], intercepts: set[str]) -> _ReachIndex:
    """A reach index answering for ``points`` and ``intercepts``: the last one when the graph is the same
    and it answers for them (a point's reach does not depend on what else was asked for)."""
    global _last_reach
    signature = _graph_signature(ws)
    last = _last_reach
    if last is not None and last[0] == signature:
        if points <= last[1] and intercepts <= last[2]:
            return last[3]
        points, intercepts = points | last[1], intercepts | last[2]  # what was asked before, asked again
    index = _ReachIndex(ws, set(points), set(intercepts))
    _last_reach = (signature, frozenset(points), frozenset(intercepts), index)
    return index


def _strongly_connected_parts(successors: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively; a part comes after every part it leads to."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    parts: list[list[str]] = []
    for root in successors:
        if root in index:
            continue
        work = [(root, iter(successors[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    part: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    parts.append(part)
    return parts


@dataclass(frozen=True)
class _Placement:
    """Where a candidate sits: decision points, intercepts with no point, and intercepts touched."""

    point_ids: tuple[str, ...]
    loose_intercepts: tuple[str, ...]
    intercepts: tuple[str, ...]  # scheme order, "X" last


def _placement(
    ws: Workshop, cand: Candidate, points: dict | None = None, findings: dict | None = None
) -> _Placement:
    """Where ``cand`` sits; ``points`` and ``findings`` are id indexes a caller may share."""
    if points is None:
        points = {p.id: p for p in ws.points}
    if findings is None:
        findings = {f.id: f for f in ws.findings}
    if len(cand.gap_ids) == 1 and not cand.point_id and not cand.intercepts:
        # A gap's own candidate (every gap is one by default): where its gap sits, as below.
        gap = findings.get(cand.gap_ids[0])
        point = points.get(gap.point_id) if gap is not None and gap.point_id else None
        if point is not None:
            return _Placement((point.id,), (), (point.intercept,))
        if gap is not None and gap.intercept:
            return _Placement((), (gap.intercept,), (gap.intercept,))
        return _Placement((), (), ())
    point_ids: list[str] = []
    loose: list[str] = []
    touched: set[str] = set()

    def place(point_id: str | None, intercept: str | None) -> None:
        point = points.get(point_id) if point_id else None
        if point is not None:
            if point.id not in point_ids:
                point_ids.append(point.id)
            touched.add(point.intercept)
        elif intercept:
            if intercept not in loose:
                loose.append(intercept)
            touched.add(intercept)

    for gap_id in cand.gap_ids:
        gap = findings.get(gap_id)
        if gap is not None:
            place(gap.point_id, gap.intercept)
    place(cand.point_id, None)
    for intercept in cand.intercepts:
        if cand.point_id and cand.point_id in points and points[cand.point_id].intercept == intercept:
            continue
        place(None, intercept)
    if len(touched) > 1:
        columns = {i.id: n for n, i in enumerate(ws.scheme.intercepts)}
        last = len(columns)
        ordered = tuple(sorted(touched, key=lambda i: (columns.get(i, last), i != CROSS_INTERCEPT, i)))
    else:
        ordered = tuple(touched)
    return _Placement(tuple(sorted(point_ids)), tuple(sorted(loose)), ordered)


def candidate_intercepts(ws: Workshop, cand: Candidate) -> list[str]:
    """Intercept ids the candidate touches (through its gaps, point or own list), in scheme order."""
    return list(_placement(ws, cand).intercepts)


def candidate_points(ws: Workshop, cand: Candidate) -> list[str]:
    """Ids of the decision points the candidate (or any of its gaps) sits at, sorted."""
    return list(_placement(ws, cand).point_ids)


def _reach_of(placement: _Placement, index: _ReachIndex) -> int:
    if CROSS_INTERCEPT in placement.loose_intercepts:
        return index.whole_map()
    reach = 0
    for point_id in placement.point_ids:
        reach |= index.point_bits(point_id)
    for intercept in placement.loose_intercepts:
        reach |= index.intercept_bits(intercept)
    return reach.bit_count()


def candidate_reach(ws: Workshop, cand: Candidate) -> int:
    """Number of decision points downstream of where the candidate sits (see the module rules)."""
    placement = _placement(ws, cand)
    return _reach_of(placement, _ReachIndex(ws, set(placement.point_ids), set(placement.loose_intercepts)))


def _touch_count(ws: Workshop, intercepts: tuple[str, ...]) -> int:
    # A cross-intercept item concerns every intercept of the map.
    if CROSS_INTERCEPT in intercepts:
        return len(ws.scheme.intercepts)
    return len(intercepts)


def _uncounted_tables(ws: Workshop, cand: Candidate) -> tuple[str, ...]:
    return tuple(t.name for t in ws.voting.tables if t.id not in cand.votes)


def _votes_by_table(ws: Workshop, cand: Candidate) -> dict[str, int]:
    result: dict[str, int] = {}
    known: set[str] = set()
    for table in ws.voting.tables:
        known.add(table.id)
        result[table.name] = result.get(table.name, 0) + cand.votes.get(table.id, 0)
    for table_id, votes in cand.votes.items():  # votes for a table since removed still count
        if table_id not in known:
            result[table_id] = result.get(table_id, 0) + votes
    return result


@dataclass
class _Row:
    cand: Candidate
    placement: _Placement
    votes: int
    by_table: dict[str, int]
    reach: int
    touches: int
    uncounted: tuple[str, ...] = ()
    # Set once here: sorting and the reasons ask each row ~17 times (a fifth of ranking 6,000 candidates).
    counted: bool = field(init=False)
    published: int | None = field(init=False)  # the published rank that places it (votes not counted)

    def __post_init__(self) -> None:
        self.counted = len(self.uncounted) < len(self.by_table) or not self.by_table
        self.published = None if self.counted else self.cand.rank

    def key(self) -> tuple[bool, int, float, int, int, str, str]:
        published = self.published
        return (not self.counted, -self.votes, published if published is not None else float("inf"),
                -self.reach, -self.touches, self.cand.title.casefold(), self.cand.id)

    def same_place(self, other: _Row) -> bool:
        """True when only reach, intercepts or title tell them apart (a tie on what was counted or given)."""
        return (self.counted, self.votes, self.published) == (other.counted, other.votes, other.published)


def rank_candidates(ws: Workshop) -> list[RankedCandidate]:
    """Candidates that are not excluded, best first, each with the reason for its place."""
    return _rank(ws, None)


def rank_candidates_since(ws: Workshop, changed: set[str]) -> list[RankedCandidate]:
    """``rank_candidates(ws)``, reusing what the last ranking of ``ws`` (on this thread) worked out for
    each candidate, when since then nothing changed but titles (of candidates or points) and the
    candidates ``changed`` (any field; come or gone; their gaps moved). The caller knows, from the
    document's change notices; a candidate's place, votes and reach depend on nothing else. The order
    (titles break ties) and the reasons (they quote titles and neighbours) are made again."""
    return _rank(ws, changed)


def rank_candidates_retitled(ws: Workshop) -> list[RankedCandidate]:
    """``rank_candidates(ws)`` when nothing but titles changed since ``ws`` was last ranked."""
    return _rank(ws, set())


# What the last ranking worked out for each candidate (the workshop, rows by candidate id, the thread
# that ranked: an export ranking on a worker thread must not leave rows older than what the UI thread
# has seen). Nothing in a row depends on a title.
_last_rows: tuple[Workshop, dict[str, _Row], int] | None = None


def _rank(ws: Workshop, changed: set[str] | None) -> list[RankedCandidate]:
    global _last_rows
    last = _last_rows
    if last is None or last[0] is not ws or last[2] != threading.get_ident():
        changed = None
    known = last[1] if changed is not None and last is not None else {}
    points = {p.id: p for p in ws.points}
    findings: dict | None = None
    rows: list[_Row] = []
    fresh: list[tuple[int, Candidate, _Placement]] = []
    for cand in ws.voting.candidates:
        if cand.excluded:
            continue
        row = known.get(cand.id)
        if (row is not None and cand.id not in changed and row.cand is cand  # type: ignore[operator]
                and row.votes == cand.total_votes()):
            rows.append(row)
            continue
        if findings is None:
            findings = {f.id: f for f in ws.findings}
        fresh.append((len(rows), cand, _placement(ws, cand, points, findings)))
        rows.append(None)  # type: ignore[arg-type] - filled below
    if fresh:
        index = _reach_index(ws, {p for _, _, pl in fresh for p in pl.point_ids},
                             {i for _, _, pl in fresh for i in pl.loose_intercepts})
        tables = [(t.id, t.name) for t in ws.voting.tables]
        table_ids = {table_id for table_id, _ in tables}
        names_unique = len({name for _, name in tables}) == len(tables)
        for at, cand, placement in fresh:
            votes = cand.votes
            if names_unique and votes.keys() <= table_ids:  # as _votes_by_table, the common case quickly
                by_table = {name: votes.get(table_id, 0) for table_id, name in tables}
            else:
                by_table = _votes_by_table(ws, cand)
            rows[at] = _Row(
                cand, placement, cand.total_votes(), by_table,
                _reach_of(placement, index), _touch_count(ws, placement.intercepts),
                tuple([name for table_id, name in tables if table_id not in votes]),  # as _uncounted_tables
            )
    _last_rows = (ws, {row.cand.id: row for row in rows}, threading.get_ident())
    return _ranked(ws, rows, points)


def _ranked(ws: Workshop, rows: list[_Row], points: dict) -> list[RankedCandidate]:
    rows.sort(key=_Row.key)
    several_tables = len(ws.voting.tables) > 1
    any_published = any(row.published is not None for row in rows)
    result = []
    for n, row in enumerate(rows):
        reason = _reason(ws, rows, n, points, several_tables, any_published)
        result.append(RankedCandidate(
            rank=n + 1,
            candidate_id=row.cand.id,
            title=row.cand.title,
            votes=row.votes,
            votes_by_table=dict(row.by_table),  # each ranking's own (its rows may be ranked again)
            intercepts=list(row.placement.intercepts),
            downstream_reach=row.reach,
            reason=reason,
            uncounted_tables=row.uncounted,
            published_rank=row.published,
        ))
    return result


# ---------------------------------------------------------------------------------------- reasons
def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def vote_phrase(votes: int, by_table: dict[str, int], several_tables: bool) -> str:
    """``12 votes (system 7, community 5)``; the breakdown only when there are several tables."""
    text = _plural(votes, "vote")
    if several_tables and by_table:
        text += " (" + ", ".join(f"{name} {v}" for name, v in by_table.items()) + ")"
    return text


def _where(ws: Workshop, placement: _Placement, points: dict) -> str:
    places = [points[p].title for p in placement.point_ids] + [
        f"intercept {i} ({ws.scheme.label(i)})" for i in placement.loose_intercepts
    ]
    places.sort(key=str.casefold)
    if not places:
        return "no particular place on the map"
    if len(places) == 1:
        return places[0]
    return f"{places[0]} and {_plural(len(places) - 1, 'other place')}"


def _sits(ws: Workshop, row: _Row, points: dict) -> str:
    if CROSS_INTERCEPT in row.placement.loose_intercepts:
        return f"is cross-intercept, reaching all {_plural(row.reach, 'decision point')}"
    return f"sits at {_where(ws, row.placement, points)}, upstream of {_plural(row.reach, 'decision point')}"


def _tie_phrase(ws: Workshop, row: _Row, other: _Row, above: bool, points: dict) -> str:
    """Why ``row`` is above (or below) ``other``, which has the same number of votes."""
    name = f"'{other.cand.title}'"
    if row.reach != other.reach:
        if above:
            return f"ties with {name} but {_sits(ws, row, points)}"
        return (f"ties with {name}, which reaches further downstream "
                f"({_plural(other.reach, 'decision point')} against {row.reach})")
    if row.touches != other.touches:
        if above:
            return (f"ties with {name} on votes and reach but touches more intercepts "
                    f"({row.touches} against {other.touches})")
        return (f"ties with {name} on votes and reach, which touches more intercepts "
                f"({other.touches} against {row.touches})")
    if row.cand.title.casefold() != other.cand.title.casefold():
        return f"ties with {name} on votes, reach and intercepts, so they are listed by title"
    return f"ties with {name} on everything, including the title"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


GIVEN_NOT_COUNTED = "the order was given, not counted"


def _reason(ws: Workshop, rows: list[_Row], n: int, points: dict, several_tables: bool,
            any_published: bool = False) -> str:
    row = rows[n]
    # A blank tally is no result: never read out as "0 votes", for the candidate or for one table.
    counted = ({name: v for name, v in row.by_table.items() if name not in row.uncounted}
               if row.uncounted else row.by_table)
    votes = vote_phrase(row.votes, counted, several_tables) if row.counted else "Votes not counted"
    if row.published is not None:
        votes += f"; {ordinal(row.published)} in the published order ({GIVEN_NOT_COUNTED})"
    elif not row.counted and any_published:
        votes += " and not in the published order"
    prev = rows[n - 1] if n > 0 else None
    nxt = rows[n + 1] if n + 1 < len(rows) else None
    if prev is not None and prev.same_place(row):
        return f"{votes}; {_tie_phrase(ws, row, prev, above=False, points=points)}."
    if nxt is not None and nxt.same_place(row):
        return f"{votes}; {_tie_phrase(ws, row, nxt, above=True, points=points)}."
    if row.published is not None:
        return f"{votes}."
    if prev is None:
        if row.votes == 0:
            return f"{votes} yet; the only candidate." if nxt is None else f"{votes} yet."
        return f"{votes}, the most of any candidate."
    if row.votes == 0:
        return f"{votes}."
    gap = prev.votes - row.votes
    return f"{votes}, {_plural(gap, 'vote')} fewer than '{prev.cand.title}' ranked above it."
