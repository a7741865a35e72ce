"""Check that a workshop holds together: every reference resolves, every intercept exists, ids are unique.

Pydantic already checked each item's shape; this module checks what lies between items. Messages name
the item by kind, id and title, so a facilitator can find it on the map or in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .limits import coordinate_problem
from .problems import Problem
from .workshop import CROSS_INTERCEPT, ActionPlan, Candidate, Workshop

_TITLE_LIMIT = 60


def validate_workshop(ws: Workshop, source: str = "") -> list[Problem]:
    """Every broken reference, unknown intercept and duplicate id in ``ws``, in document order."""
    return _Checker(ws, source).run()


def describe(kind: str, item_id: str, title: str = "") -> str:
    """``point pt-1 '911 dispatch'``: how messages name an item (long titles are shortened)."""
    parts = [kind, item_id.strip() and item_id, quote(title) if title else ""]
    return " ".join(part for part in parts if part)


def _candidate_name(candidate: Candidate) -> str:
    return describe("candidate priority", candidate.id, candidate.title)


def short_repr(value: Any, limit: int = 40) -> str:
    """A value from a file as a message shows it: short scalars quoted, anything else by its kind."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return f"a {type(value).__name__}"


def quote(text: str) -> str:
    """A title in quotes on one line, shortened to fit in a message."""
    text = " ".join(text.split())
    if len(text) > _TITLE_LIMIT:
        text = text[: _TITLE_LIMIT - 1] + "\u2026"
    return f"'{text}'"


class _Checker:
    """One pass over a workshop, collecting problems."""

    def __init__(self, ws: Workshop, source: str) -> None:
        self.ws = ws
        self.source = source
        self.problems: list[Problem] = []
        self.points = {p.id: p for p in ws.points}
        self.findings = {f.id: f for f in ws.findings}
        self.participants = {p.id: p for p in ws.participants}
        self.tables = {t.id: t for t in ws.voting.tables}
        self.candidates = {c.id: c for c in ws.voting.candidates}
        self.intercept_ids = set(ws.scheme.ids())

    def run(self) -> list[Problem]:
        self._check_scheme()
        self._check_unique_ids()
        self._check_points()
        self._check_flows()
        self._check_findings()
        self._check_inbox()
        self._check_candidates()
        self._check_ballots()
        for n, plan in enumerate(self.ws.action_plans):
            self._check_plan(n, plan)
        return self.problems

    def add(self, message: str, field: str) -> None:
        self.problems.append(Problem(message, file=self.source, field=field))

    # ------------------------------------------------------------------ the intercepts
    def _check_scheme(self) -> None:
        intercepts = self.ws.scheme.intercepts
        if not intercepts:
            self.add("the map has no intercepts", "scheme.intercepts")
        seen: set[str] = set()
        for n, intercept in enumerate(intercepts):
            where = f"scheme.intercepts[{n}].id"
            if intercept.id == CROSS_INTERCEPT:
                self.add(f"intercept id '{CROSS_INTERCEPT}' is reserved for the cross-intercept band", where)
            elif not intercept.id.strip():
                self.add(f"intercept {quote(intercept.label)} has an empty id", where)
            elif intercept.id in seen:
                self.add(f"intercept id '{intercept.id}' is used twice", where)
            seen.add(intercept.id)

    def _intercept_known(self, intercept_id: str, *, allow_cross: bool) -> bool:
        if intercept_id == CROSS_INTERCEPT:
            return allow_cross
        return intercept_id in self.intercept_ids

    def _intercept_message(self, subject: str, intercept_id: str, *, allow_cross: bool) -> str:
        if intercept_id == CROSS_INTERCEPT and not allow_cross:
            return f"{subject} sits in the cross-intercept band, where only resources and gaps may go"
        known = ", ".join(self.ws.scheme.ids()) or "none"
        return f"{subject} is at intercept '{intercept_id}', which this map does not have (it has {known})"

    # ------------------------------------------------------------------ ids
    def _check_unique_ids(self) -> None:
        ids = list(self._every_id())
        if len(set(ids)) == len(ids) and all(item_id.strip() for item_id in ids):
            return  # the usual case, settled without naming every item (60 ms of a 30,000-item file)
        first: dict[str, str] = {}
        for where, name, item_id in self._all_ids():
            if not item_id.strip():
                self.add(f"{name} has an empty id", where)
            elif item_id in first:
                self.add(f"{name} has the same id as {first[item_id]}; every id must be unique", where)
            else:
                first[item_id] = name

    def _every_id(self) -> Iterable[str]:
        """The ids ``_all_ids`` names, without the names."""
        ws = self.ws
        for items in (ws.points, ws.flows, ws.findings, ws.participants, ws.voting.tables,
                      ws.voting.candidates, ws.voting.ballots, ws.inbox, ws.action_plans):
            for item in items:
                yield item.id
        for plan in ws.action_plans:
            for objective in plan.objectives:
                yield objective.id
                for step in objective.steps:
                    yield step.id

    def _all_ids(self) -> Iterable[tuple[str, str, str]]:
        ws = self.ws
        for n, p in enumerate(ws.points):
            yield f"points[{n}].id", describe("point", p.id, p.title), p.id
        for n, f in enumerate(ws.flows):
            yield f"flows[{n}].id", f"flow {f.id}", f.id
        for n, f in enumerate(ws.findings):
            yield f"findings[{n}].id", describe(f.kind, f.id, f.title), f.id
        for n, p in enumerate(ws.participants):
            yield f"participants[{n}].id", describe("participant", p.id, p.name), p.id
        for n, t in enumerate(ws.voting.tables):
            yield f"voting.tables[{n}].id", describe("voting table", t.id, t.name), t.id
        for n, c in enumerate(ws.voting.candidates):
            yield f"voting.candidates[{n}].id", describe("candidate priority", c.id, c.title), c.id
        for n, b in enumerate(ws.voting.ballots):
            yield f"voting.ballots[{n}].id", f"ballot {b.id}", b.id
        for n, s in enumerate(ws.inbox):
            yield f"inbox[{n}].id", describe(f"suggested {s.kind}", s.id, s.text), s.id
        for n, plan in enumerate(ws.action_plans):
            yield f"action_plans[{n}].id", describe("action plan", plan.id, plan.title), plan.id
            for m, objective in enumerate(plan.objectives):
                where = f"action_plans[{n}].objectives[{m}]"
                yield f"{where}.id", describe("objective", objective.id, objective.text), objective.id
                for k, step in enumerate(objective.steps):
                    yield f"{where}.steps[{k}].id", describe("action step", step.id, step.text), step.id

    # ------------------------------------------------------------------ the map
    def _point_name(self, point_id: str) -> str:
        point = self.points.get(point_id)
        return quote(point.title) if point is not None else point_id

    def _check_points(self) -> None:
        for n, p in enumerate(self.ws.points):
            if not self._intercept_known(p.intercept, allow_cross=False):
                subject = f"decision {describe('point', p.id, p.title)}"
                self.add(self._intercept_message(subject, p.intercept, allow_cross=False),
                         f"points[{n}].intercept")
            for axis in ("x", "y"):
                why = coordinate_problem(getattr(p, axis))
                if why:
                    self.add(f"decision {describe('point', p.id, p.title)} has no usable position "
                             f"({axis} {why})", f"points[{n}].{axis}")

    def _check_flows(self) -> None:
        for n, f in enumerate(self.ws.flows):
            if f.source not in self.points:
                self.add(f"flow {f.id} to {self._point_name(f.target)} comes from a decision point "
                         f"that does not exist ({f.source})", f"flows[{n}].source")
            if f.target not in self.points:
                self.add(f"flow {f.id} from {self._point_name(f.source)} goes to a decision point "
                         f"that does not exist ({f.target})", f"flows[{n}].target")
            elif f.source == f.target:
                # The map draws a flow between two boxes; one that leaves and enters the same box has
                # no route, and the reading order and reach would count the point as its own successor.
                self.add(f"flow {f.id} goes from {self._point_name(f.source)} back to itself; a flow "
                         "joins two different decision points", f"flows[{n}].target")

    def _check_findings(self) -> None:
        for n, f in enumerate(self.ws.findings):
            known = self._intercept_known(f.intercept, allow_cross=True)
            dangling = f.point_id is not None and f.point_id not in self.points
            if known and not dangling:
                continue  # the usual case: no name to build (18,000 of them in a 30,000-item file)
            name = describe(f.kind, f.id, f.title)
            if not known:
                self.add(self._intercept_message(name, f.intercept, allow_cross=True),
                         f"findings[{n}].intercept")
            if dangling:
                self.add(f"{name} concerns a decision point that does not exist ({f.point_id})",
                         f"findings[{n}].point_id")

    def _check_inbox(self) -> None:
        for n, s in enumerate(self.ws.inbox):
            if not self._intercept_known(s.intercept, allow_cross=True):
                self.add(self._intercept_message(describe(f"suggested {s.kind}", s.id, s.text), s.intercept,
                                                 allow_cross=True), f"inbox[{n}].intercept")

    # ------------------------------------------------------------------ priorities
    def _check_candidates(self) -> None:
        for n, c in enumerate(self.ws.voting.candidates):
            # The candidate is named only in a problem's message: most have none.
            where = f"voting.candidates[{n}]"
            for gap_id in c.gap_ids:
                finding = self.findings.get(gap_id)
                if finding is None:
                    self.add(f"{_candidate_name(c)} merges a gap that does not exist ({gap_id})",
                             f"{where}.gap_ids")
                elif finding.kind != "gap":
                    resource = describe("resource", finding.id, finding.title)
                    self.add(f"{_candidate_name(c)} merges {resource}, which is a resource, not a gap",
                             f"{where}.gap_ids")
            for intercept_id in c.intercepts:
                if not self._intercept_known(intercept_id, allow_cross=True):
                    self.add(self._intercept_message(_candidate_name(c), intercept_id, allow_cross=True),
                             f"{where}.intercepts")
            if c.point_id is not None and c.point_id not in self.points:
                self.add(f"{_candidate_name(c)} concerns a decision point that does not exist ({c.point_id})",
                         f"{where}.point_id")
            for table_id in c.votes:
                if table_id not in self.tables:
                    self.add(f"{_candidate_name(c)} has votes from a voting table that does not exist "
                             f"({table_id})", f"{where}.votes")

    def _check_ballots(self) -> None:
        for n, b in enumerate(self.ws.voting.ballots):
            where = f"voting.ballots[{n}]"
            person = self.participants.get(b.participant_id) if b.participant_id is not None else None
            name = f"ballot {b.id}" + (f" of {quote(person.name)}" if person is not None else "")
            if b.participant_id is None:
                if not b.device_key:
                    self.add(f"{name} names neither a participant nor a voting device", f"{where}.device_key")
            elif person is None:
                self.add(f"{name} belongs to a participant who does not exist ({b.participant_id})",
                         f"{where}.participant_id")
            if b.table_id not in self.tables:
                self.add(f"{name} is from a voting table that does not exist ({b.table_id})",
                         f"{where}.table_id")
            for candidate_id in b.votes:
                if candidate_id not in self.candidates:
                    self.add(f"{name} votes for a candidate priority that does not exist ({candidate_id})",
                             f"{where}.votes")

    # ------------------------------------------------------------------ action plans
    def _check_plan(self, n: int, plan: ActionPlan) -> None:
        where = f"action_plans[{n}]"
        plan_name = describe("action plan", plan.id, plan.title)
        if plan.candidate_id is not None and plan.candidate_id not in self.candidates:
            self.add(f"{plan_name} is for a candidate priority that does not exist ({plan.candidate_id})",
                     f"{where}.candidate_id")
        steps = {s.id: s for o in plan.objectives for s in o.steps}
        for m, objective in enumerate(plan.objectives):
            for k, step in enumerate(objective.steps):
                step_where = f"{where}.objectives[{m}].steps[{k}]"
                step_name = describe("action step", step.id, step.text)
                for dep in step.depends_on:
                    if dep not in steps:
                        self.add(f"{step_name} of {plan_name} depends on a step that is not in this plan "
                                 f"({dep})", f"{step_where}.depends_on")
                if step.who_participant_id is not None and step.who_participant_id not in self.participants:
                    self.add(f"{step_name} is assigned to a participant who does not exist "
                             f"({step.who_participant_id})", f"{step_where}.who_participant_id")
        graph = {sid: [d for d in s.depends_on if d in steps] for sid, s in steps.items()}
        for cycle in _cycles(graph):
            chain = " -> ".join(describe("step", sid, steps[sid].text) for sid in cycle)
            self.add(f"steps of {plan_name} depend on each other in a circle: {chain} -> {cycle[0]}",
                     f"{where}.objectives")


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle (as a list of nodes) for each circle of dependencies found by a depth-first search."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    found: list[list[str]] = []
    for start in graph:
        if colour[start] != white:
            continue
        # Iterative DFS: a plan with a long chain of steps must not hit the recursion limit.
        path: list[str] = [start]
        stack: list[Any] = [iter(graph[start])]
        colour[start] = grey
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour[nxt] == grey:
                found.append(path[path.index(nxt):])
            elif colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return found
