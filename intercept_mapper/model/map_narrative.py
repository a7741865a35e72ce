"""The map told in words, intercept by intercept: decision points in flow order, what flows where, and
the resources and gaps at each point (the "Sequential Intercept Map Narrative" of published reports).

One structure serves every renderer: the PDF report, the HTML report and the map image's text
alternative. Everything here is plain text taken from the document: no markup, nothing escaped;
renderers escape.

Reading order within an intercept (``map_narrative``):

1. The walk starts at the points no flow reaches from inside the intercept: the points entered from
   other intercepts and those with no incoming flow at all.
2. From each point it follows the flows that stay in the intercept, depth first, targets in map order
   (top to bottom by ``y``, then ``x``, title and id). The first flow followed continues the line at the
   same depth; each further one opens a *branch* one level deeper (``branch_of`` names the point it
   leaves), read once the line before it has ended. A->B, A->C, B->D reads A, B, D, then C as a branch
   of A.
3. A point is never listed twice: a flow to a point already listed is named, not followed (``joins``
   when it merges into a line above, ``loop`` when it returns to a point on the line that led here).
4. Points still unlisted come next: first those entered from another intercept inside a cycle, then,
   with ``reached=False``, the points no path from the intercept's entries reaches, each in map order
   and each followed in turn as above.

Flows that leave the intercept are named with the target's intercept (``forward``, and ``skips`` lists
the intercepts a flow passes over, such as 2 for a flow from 1 to 3) or as back-flows (``back``, to an
earlier intercept, such as a violation returning to jail). Each point also lists the flows that enter it
from other intercepts (``flows_in``).

Pure Python over the document (no networkx: the report of a 3,000-item map walks it in milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .document_constants import CROSS_INTERCEPT
from .workshop import DecisionPoint, Finding, Flow, Workshop

FlowKind = Literal["next", "branch", "joins", "loop", "forward", "back"]
# next:    stays in the intercept; its target is read next, on the same line
# branch:  stays in the intercept; its target opens a branch (read after the current line)
# joins:   stays in the intercept; its target was listed before (lines merge)
# loop:    stays in the intercept; its target is on the line that led here (a cycle), or is itself
# forward: to a later intercept (or, for ``flows_in``, from an earlier one)
# back:    to an earlier intercept, a back-flow (or, for ``flows_in``, back from a later one)
LEAVING_KINDS: frozenset[str] = frozenset({"forward", "back"})


@dataclass(frozen=True)
class FlowNote:
    """One flow as the narrative names it, seen from the point it is listed under.

    ``point_id``, ``title``, ``intercept_id`` and ``intercept_label`` describe the point at the far end:
    the target of a flow out, the source of a flow in.
    """

    flow_id: str
    point_id: str
    title: str
    intercept_id: str
    intercept_label: str
    yearly_count: int | None
    kind: FlowKind
    skips: tuple[str, ...] = ()  # intercept ids a forward flow passes over (1 -> 3 skips "2")

    @property
    def leaves(self) -> bool:
        """True for a flow between intercepts (``forward`` or ``back``)."""
        return self.kind in LEAVING_KINDS


@dataclass(frozen=True)
class FindingNote:
    """A resource or gap as the narrative lists it."""

    finding_id: str
    kind: Literal["resource", "gap"]
    title: str
    description: str
    organisation: str
    theme: str


@dataclass(frozen=True)
class PointEntry:
    """One decision point in reading order, with what it carries and where its flows go.

    ``depth`` is 0 for the lines that start the intercept and one more for each branch level (renderers
    indent by it). ``branch_of`` is set on the first entry of a branch only: the id of the point it
    leaves from. ``start`` marks the first entry of a walk (an entry point of the intercept, or, with
    ``reached`` False, a point no path from the entries reaches).
    """

    point_id: str
    title: str
    description: str
    organisation: str
    depth: int
    branch_of: str | None
    start: bool
    reached: bool
    flows_in: tuple[FlowNote, ...]  # from other intercepts only, in their intercept and map order
    flows_out: tuple[FlowNote, ...]  # every flow out: in this intercept (map order), then other intercepts
    resources: tuple[FindingNote, ...]
    gaps: tuple[FindingNote, ...]


@dataclass(frozen=True)
class InterceptNarrative:
    """One intercept told in words: its points in reading order, then what sits at no point.

    The last narrative of ``map_narrative`` is the cross-intercept band (``intercept_id`` "X", no
    entries), holding the items that concern every intercept.
    """

    intercept_id: str
    label: str
    entries: tuple[PointEntry, ...]
    loose_resources: tuple[FindingNote, ...]
    loose_gaps: tuple[FindingNote, ...]

    @property
    def is_cross(self) -> bool:
        """True for the cross-intercept band."""
        return self.intercept_id == CROSS_INTERCEPT

    def title_of(self, point_id: str) -> str:
        """The title of one of this intercept's points (a branch's ``branch_of``), or "" for another."""
        return next((e.title for e in self.entries if e.point_id == point_id), "")


# ------------------------------------------------------------------ building
def _map_key(point: DecisionPoint) -> tuple[float, float, str, str]:
    """Map order: top to bottom, then left to right, then title and id (file order never matters)."""
    return (point.y, point.x, point.title.casefold(), point.id)


@dataclass
class _Draft:
    """A point's entry while the walk builds it (its flow kinds are settled as the walk reaches them)."""

    point: DecisionPoint
    depth: int
    branch_of: str | None
    start: bool
    reached: bool
    out: list[tuple[Flow, FlowKind | None]] = field(default_factory=list)


def _note(ws: Workshop, flow: Flow, far: DecisionPoint, kind: FlowKind, near_order: int) -> FlowNote:
    scheme = ws.scheme
    far_order = scheme.order(far.intercept)
    skips: tuple[str, ...] = ()
    if kind == "forward":
        low, high = sorted((near_order, far_order))
        skips = tuple(scheme.intercepts[n].id for n in range(low + 1, min(high, len(scheme.intercepts))))
    return FlowNote(flow.id, far.id, far.title, far.intercept, scheme.label(far.intercept),
                    flow.yearly_count, kind, skips)


def _finding_note(f: Finding) -> FindingNote:
    kind: Literal["resource", "gap"] = "resource" if f.kind == "resource" else "gap"
    return FindingNote(f.id, kind, f.title, f.description, f.organisation, f.theme)


def _split(findings: Iterable[Finding]) -> tuple[tuple[FindingNote, ...], tuple[FindingNote, ...]]:
    notes = [_finding_note(f) for f in findings]
    return (tuple(n for n in notes if n.kind == "resource"), tuple(n for n in notes if n.kind == "gap"))


class _Walker:
    """Reads one intercept's points into entries (see the module docstring for the order)."""

    def __init__(self, ws: Workshop, members: list[DecisionPoint], points: dict[str, DecisionPoint],
                 out_flows: dict[str, list[Flow]], in_flows: dict[str, list[Flow]]) -> None:
        self.ws = ws
        self.points = points
        self.out_flows = out_flows
        self.in_flows = in_flows
        self.member_ids = {p.id for p in members}
        self.members = sorted(members, key=_map_key)
        self.drafts: list[_Draft] = []
        self.listed: set[str] = set()

    def _inside(self, flow: Flow) -> bool:
        return flow.target in self.member_ids

    def run(self) -> list[_Draft]:
        """Every member point once, in reading order."""
        entered_inside = {f.target for p in self.members for f in self.out_flows.get(p.id, ())
                          if self._inside(f) and f.target != p.id}
        for p in self.members:  # 1. the entries: no flow reaches them from inside the intercept
            if p.id not in entered_inside and p.id not in self.listed:
                self._walk(p, reached=True)
        for p in self.members:  # 2. a cycle entered from another intercept
            if p.id not in self.listed and any(f.source not in self.member_ids
                                               for f in self.in_flows.get(p.id, ())):
                self._walk(p, reached=True)
        for p in self.members:  # 3. what no path from the entries reaches
            if p.id not in self.listed:
                self._walk(p, reached=False)
        return self.drafts

    def _visit(self, point: DecisionPoint, depth: int, branch_of: str | None, start: bool,
               reached: bool) -> tuple[_Draft, list[tuple[int, Flow]]]:
        draft = _Draft(point, depth, branch_of, start, reached)
        self.drafts.append(draft)
        self.listed.add(point.id)
        inside: list[tuple[int, Flow]] = []
        for flow in self.out_flows.get(point.id, ()):
            draft.out.append((flow, None))
            if self._inside(flow):
                inside.append((len(draft.out) - 1, flow))
        inside.sort(key=lambda item: _map_key(self.points[item[1].target]))
        return draft, inside

    def _walk(self, root: DecisionPoint, reached: bool) -> None:
        """Depth first from ``root`` (an explicit stack: a chain of thousands of points is fine)."""
        draft, inside = self._visit(root, 0, None, True, reached)
        # Each frame: the draft, its flows inside the intercept still to take, and whether one was followed.
        stack: list[tuple[_Draft, list[tuple[int, Flow]], list[bool]]] = [(draft, inside[::-1], [False])]
        on_line: set[str] = {root.id}
        while stack:
            top, todo, followed = stack[-1]
            if not todo:
                stack.pop()
                on_line.discard(top.point.id)
                continue
            slot, flow = todo.pop()
            target = self.points[flow.target]
            if target.id in on_line:
                top.out[slot] = (flow, "loop")
            elif target.id in self.listed:
                top.out[slot] = (flow, "joins")
            else:
                kind: FlowKind = "branch" if followed[0] else "next"
                followed[0] = True
                depth = top.depth + (1 if kind == "branch" else 0)
                child, child_inside = self._visit(target, depth, top.point.id if kind == "branch" else None,
                                                  False, reached)
                top.out[slot] = (flow, kind)
                stack.append((child, child_inside[::-1], [False]))
                on_line.add(target.id)


def _entry(ws: Workshop, draft: _Draft, points: dict[str, DecisionPoint], in_flows: dict[str, list[Flow]],
           findings: Iterable[Finding]) -> PointEntry:
    """A walked point frozen into its entry: flows out in the intercept (map order), then to later
    intercepts left to right, then the back-flows; flows in from other intercepts in map order."""
    scheme = ws.scheme
    p = draft.point
    here = scheme.order(p.intercept)

    def lane_key(point: DecisionPoint) -> tuple[int, tuple[float, float, str, str]]:
        return (scheme.order(point.intercept), _map_key(point))

    def leaving(flow: Flow, far: DecisionPoint, incoming: bool) -> FlowNote:
        earlier = scheme.order(far.intercept) < here
        return _note(ws, flow, far, "back" if earlier != incoming else "forward", here)

    inside = [(flow, kind) for flow, kind in draft.out if kind is not None]
    inside.sort(key=lambda fk: _map_key(points[fk[0].target]))
    away = [flow for flow, kind in draft.out if kind is None]
    away.sort(key=lambda f: (lane_key(points[f.target])[0] < here, lane_key(points[f.target])))
    notes = [_note(ws, f, points[f.target], kind, here) for f, kind in inside]
    notes += [leaving(f, points[f.target], incoming=False) for f in away]
    arriving = [f for f in in_flows.get(p.id, ()) if points[f.source].intercept != p.intercept]
    arriving.sort(key=lambda f: lane_key(points[f.source]))
    notes_in = [leaving(f, points[f.source], incoming=True) for f in arriving]
    resources, gaps = _split(findings)
    return PointEntry(p.id, p.title, p.description, p.organisation, draft.depth, draft.branch_of, draft.start,
                      draft.reached, tuple(notes_in), tuple(notes), resources, gaps)


def map_narrative(ws: Workshop) -> list[InterceptNarrative]:
    """The map in reading order: one narrative per intercept, left to right, then the cross band."""
    scheme = ws.scheme
    intercept_ids = scheme.ids()
    points: dict[str, DecisionPoint] = {}
    for p in ws.points:
        points.setdefault(p.id, p)  # a duplicate id is a validation problem: the first one counts
    out_flows: dict[str, list[Flow]] = {}
    in_flows: dict[str, list[Flow]] = {}
    for flow in ws.flows:
        # A flow whose end is missing is a validation problem, not a reason for the narrative to fail.
        if flow.source in points and flow.target in points:
            out_flows.setdefault(flow.source, []).append(flow)
            in_flows.setdefault(flow.target, []).append(flow)
    lanes: dict[str, list[DecisionPoint]] = {i: [] for i in intercept_ids}
    for p in points.values():
        if p.intercept in lanes:
            lanes[p.intercept].append(p)
    at_point: dict[str, list[Finding]] = {}
    loose: dict[str, list[Finding]] = {i: [] for i in [*intercept_ids, CROSS_INTERCEPT]}
    for f in ws.findings:
        point = points.get(f.point_id or "")
        if f.intercept not in lanes:
            loose[CROSS_INTERCEPT].append(f)  # cross-intercept, or an intercept this map lacks
        elif point is not None and point.intercept == f.intercept:
            at_point.setdefault(point.id, []).append(f)
        else:
            loose[f.intercept].append(f)

    result: list[InterceptNarrative] = []
    for intercept in scheme.intercepts:
        if intercept.id in {n.intercept_id for n in result}:
            continue  # a duplicate intercept id is a validation problem: told once
        drafts = _Walker(ws, lanes[intercept.id], points, out_flows, in_flows).run()
        entries = [_entry(ws, d, points, in_flows, at_point.get(d.point.id, ())) for d in drafts]
        resources, gaps = _split(loose[intercept.id])
        result.append(InterceptNarrative(intercept.id, intercept.label, tuple(entries), resources, gaps))
    resources, gaps = _split(loose[CROSS_INTERCEPT])
    result.append(InterceptNarrative(CROSS_INTERCEPT, scheme.cross_label, (), resources, gaps))
    return result


# ------------------------------------------------------------------ words
def _words(text: str) -> str:
    """Text on one line, runs of white space (line breaks included) as single spaces."""
    return " ".join(text.split())


def _name(title: str) -> str:
    return _words(title) or "(untitled)"


def count_text(count: int) -> str:
    """A yearly count in words: ``1,250 a year``."""
    return f"{count:,} a year"


def flow_phrase(note: FlowNote, incoming: bool = False) -> str:
    """A flow named for a list: ``Jail (1,250 a year)``, ``Arrest (intercept 2)``, ``Jail (back to
    intercept 3)``, ``Dispatch (loops back)``, ``Probation (see above)``; with ``incoming``, the far end
    is where the flow comes from (``Violation hearing (back from intercept 5, 85 a year)``)."""
    extras: list[str] = []
    where = f"intercept {_words(note.intercept_id)}"
    if note.kind == "forward":
        extras.append(where)
    elif note.kind == "back":
        extras.append(f"back from {where}" if incoming else f"back to {where}")
    elif note.kind == "loop":
        extras.append("loops back")
    elif note.kind == "joins":
        extras.append("see above")
    if note.yearly_count is not None:
        extras.append(count_text(note.yearly_count))
    return _name(note.title) + (f" ({', '.join(extras)})" if extras else "")


def intercept_heading(narrative: InterceptNarrative) -> str:
    """``Intercept 2: Initial Detention``, or the cross band's label."""
    if narrative.is_cross:
        return _words(narrative.label) or "Cross-intercept"
    label = _words(narrative.label)
    return f"Intercept {_words(narrative.intercept_id)}" + (f": {label}" if label else "")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _titles(notes: Sequence[FindingNote]) -> str:
    return "; ".join(_name(n.title) for n in notes)


def _findings_sentences(resources: Sequence[FindingNote], gaps: Sequence[FindingNote],
                        where: str) -> list[str]:
    out = []
    for notes, one, many in ((resources, "Resource", "Resources"), (gaps, "Gap", "Gaps")):
        if notes:
            out.append(_sentence(f"{one if len(notes) == 1 else many}{where}: {_titles(notes)}"))
    return out


def entry_sentence(entry: PointEntry, titles: dict[str, str] | None = None) -> str:
    """One entry as a few plain sentences: where it sits in the flow, who runs it, what it is, where
    its flows go, and its resources and gaps. ``titles`` (point id to title) names a branch's origin."""
    name = _name(entry.title)
    opening = name
    if entry.branch_of is not None:
        origin = (titles or {}).get(entry.branch_of)
        opening = f"Branch from {_name(origin)}: {name}" if origin is not None else f"Branch: {name}"
    elif entry.start and not entry.reached:
        opening = f"Not on a path from this intercept's entries: {name}"
    if _words(entry.organisation):
        opening += f" ({_words(entry.organisation)})"
    parts = [_sentence(opening + (f": {_words(entry.description)}" if _words(entry.description) else ""))]
    if entry.flows_in:
        arrivals = "; ".join(flow_phrase(n, incoming=True) for n in entry.flows_in)
        parts.append(_sentence(f"Entered from {arrivals}"))
    if entry.flows_out:
        parts.append(_sentence("Flows to " + "; ".join(flow_phrase(n) for n in entry.flows_out)))
    parts += _findings_sentences(entry.resources, entry.gaps, "")
    return " ".join(parts)


def intercept_sentences(narrative: InterceptNarrative) -> list[str]:
    """One intercept as plain sentences: a heading line, one line per point, then its loose items."""
    heading = intercept_heading(narrative)
    points = len(narrative.entries)
    if narrative.is_cross:
        lines = [_sentence(f"{heading}, items that concern every intercept")]
    else:
        count = "no decision points" if not points else f"{points} decision point{'s' if points != 1 else ''}"
        lines = [_sentence(f"{heading}, {count}")]
    titles = {e.point_id: e.title for e in narrative.entries}
    lines += [entry_sentence(e, titles) for e in narrative.entries]
    where = "" if narrative.is_cross else " at the intercept as a whole"
    lines += _findings_sentences(narrative.loose_resources, narrative.loose_gaps, where)
    if narrative.is_cross and len(lines) == 1:
        lines.append("None recorded.")
    return lines


def narrative_sentences(narratives: Sequence[InterceptNarrative]) -> list[str]:
    """Every intercept's sentences in reading order (each intercept's heading line first)."""
    return [line for n in narratives for line in intercept_sentences(n)]


def narrative_text(ws: Workshop) -> str:
    """The whole map in plain text: one paragraph per intercept, one line per point (alt text)."""
    return "\n\n".join("\n".join(intercept_sentences(n)) for n in map_narrative(ws))


__all__ = ["LEAVING_KINDS", "FindingNote", "FlowKind", "FlowNote", "InterceptNarrative", "PointEntry",
           "count_text", "entry_sentence", "flow_phrase", "intercept_heading", "intercept_sentences",
           "map_narrative", "narrative_sentences", "narrative_text"]
