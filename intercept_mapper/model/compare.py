"""What changed between two versions of one community's workshop: a committee's yearly review.

How items are matched, in this order (each step only among what is still unmatched):
1. by id;
2. by the same title in other spelling (``text_key``: case, punctuation, ``&`` read as ``and``, runs
   of spaces), within the same intercept for gaps, resources and decision points;
3. by a similar title (``difflib.SequenceMatcher`` ratio of the ``text_key`` forms at least
   ``SIMILAR_TITLE_RATIO`` = 0.8; best pairs first), within the same intercept and the same kind; such
   a pair is reported as *renamed*, with the ratio. A renamed gap is the same gap, not one closed and
   one new.
Candidate priorities have no intercept: they are matched across the file. Action plans are matched by
id, then by the priority they belong to, then by title; action steps by id, then by their text within
the matched plan (then a similar text). Participants by id, then by name.

Reported: gaps closed (gone, or now a resource), new gaps, new and removed resources, decision points
added and removed, renamed items, new and dropped priorities (by ``ranking.rank_candidates``; an
excluded candidate is not ranked), priorities that changed, action steps completed since the older
file (status became "done", or added already done), action plans and steps lost or added (a file
that went through a worksheet round trip loses every plan: that is said, never "no changes"), and
participants no longer listed or added.

A priority is "changed" only when its rank, its votes or its action plan changed, and the note says
which: a rank change that comes only from candidates added or dropped above it is not news (its order
among the candidates of both files is the same); moving into or out of the top N is; a plan is
changed when it was added or lost or when objectives or steps were added or lost (a step's status
is reported under steps completed, not here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .ranking import RankedCandidate, rank_candidates
from .simmap_file import load_workshop
from .workshop import ActionPlan, ActionStep, Workshop

# Two titles whose text_key forms have a difflib ratio at least this high are one item renamed
# ("Lack of supportive housing" / "Lack of permanent supportive housing" is 0.84; "No shared data" /
# "No shared beds", two different gaps, is 0.79).
SIMILAR_TITLE_RATIO = 0.8
# Similar titles are looked for among at most this many (old, new) pairs left unmatched in one
# intercept, and this many in one kind of item (~25 microseconds a pair): a file re-typed wholesale
# gets a warning instead of a long wait.
MAX_SIMILARITY_PAIRS = 20_000
MAX_SIMILARITY_TOTAL = 60_000


class _HasId(Protocol):
    id: str


T = TypeVar("T", bound=_HasId)


@dataclass(frozen=True)
class ItemChange:
    """A resource, gap or decision point that appeared or went away."""

    id: str
    kind: str  # "gap", "resource" or "point"
    title: str
    intercept: str
    note: str = ""  # "now a resource", "was a gap"

    def as_json(self) -> dict[str, Any]:
        """Id, kind, title, intercept and note."""
        return {"id": self.id, "kind": self.kind, "title": self.title, "intercept": self.intercept,
                "note": self.note}


@dataclass(frozen=True)
class PriorityChange:
    """A candidate priority that is new, dropped, or moved in rank or votes, or whose plan changed."""

    title: str
    change: str  # "new", "dropped" or "changed"
    old_rank: int | None
    new_rank: int | None
    old_votes: int | None
    new_votes: int | None
    note: str  # one readable sentence

    def as_json(self) -> dict[str, Any]:
        """Every field."""
        return {"title": self.title, "change": self.change, "old_rank": self.old_rank,
                "new_rank": self.new_rank, "old_votes": self.old_votes, "new_votes": self.new_votes,
                "note": self.note}


@dataclass(frozen=True)
class StepCompleted:
    """An action step done now that was not done in the older file."""

    plan: str
    objective: str
    text: str
    who: str
    old_status: str  # "" when the step is new

    def as_json(self) -> dict[str, Any]:
        """Every field."""
        return {"plan": self.plan, "objective": self.objective, "text": self.text, "who": self.who,
                "old_status": self.old_status}


@dataclass(frozen=True)
class Renamed:
    """An item matched to one with a similar (not the same) title: the same item, renamed."""

    kind: str  # "gap", "resource", "point", "priority", "plan" or "step"
    id: str  # in the newer file
    old_title: str
    title: str
    where: str  # the intercept of a gap, resource or point; the plan of a step; else ""
    similarity: float  # difflib ratio of the two titles as text_key reads them

    def as_json(self) -> dict[str, Any]:
        """Every field (the similarity to two decimals)."""
        return {"kind": self.kind, "id": self.id, "old_title": self.old_title, "title": self.title,
                "where": self.where, "similarity": round(self.similarity, 2)}


@dataclass(frozen=True)
class PlanChange:
    """An action plan lost or added, with what it held."""

    id: str
    title: str
    priority: str  # the title of the candidate it belongs to, or ""
    objectives: int
    steps: int

    def as_json(self) -> dict[str, Any]:
        """Every field."""
        return {"id": self.id, "title": self.title, "priority": self.priority,
                "objectives": self.objectives, "steps": self.steps}


@dataclass(frozen=True)
class StepChange:
    """An action step lost or added (``with_plan``: its whole plan was lost or added with it)."""

    id: str
    plan: str
    objective: str
    text: str
    who: str
    status: str
    with_plan: bool

    def as_json(self) -> dict[str, Any]:
        """Every field."""
        return {"id": self.id, "plan": self.plan, "objective": self.objective, "text": self.text,
                "who": self.who, "status": self.status, "with_plan": self.with_plan}


@dataclass(frozen=True)
class ParticipantChange:
    """A participant no longer listed, or newly listed (name, organisation, sector; no contact details)."""

    id: str
    name: str
    organisation: str
    sector: str

    def as_json(self) -> dict[str, Any]:
        """Every field."""
        return {"id": self.id, "name": self.name, "organisation": self.organisation, "sector": self.sector}


@dataclass
class Comparison:
    """Everything that changed from an older file to a newer one."""

    old_name: str
    new_name: str
    gaps_closed: list[ItemChange] = field(default_factory=list)
    gaps_new: list[ItemChange] = field(default_factory=list)
    resources_new: list[ItemChange] = field(default_factory=list)
    resources_removed: list[ItemChange] = field(default_factory=list)
    points_added: list[ItemChange] = field(default_factory=list)
    points_removed: list[ItemChange] = field(default_factory=list)
    priorities_changed: list[PriorityChange] = field(default_factory=list)
    steps_completed: list[StepCompleted] = field(default_factory=list)
    plans_removed: list[PlanChange] = field(default_factory=list)
    plans_added: list[PlanChange] = field(default_factory=list)
    steps_removed: list[StepChange] = field(default_factory=list)
    steps_added: list[StepChange] = field(default_factory=list)
    participants_removed: list[ParticipantChange] = field(default_factory=list)
    participants_added: list[ParticipantChange] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # why the result may mislead (see scheme_warnings)

    SECTIONS = (
        ("gaps_closed", "Gaps closed"),
        ("gaps_new", "New gaps"),
        ("resources_new", "New resources"),
        ("resources_removed", "Resources no longer listed"),
        ("priorities_changed", "Priorities changed"),
        ("steps_completed", "Action steps completed"),
        ("plans_removed", "Action plans lost"),
        ("steps_removed", "Action steps lost"),
        ("plans_added", "Action plans added"),
        ("steps_added", "Action steps added"),
        ("participants_removed", "Participants no longer listed"),
        ("participants_added", "Participants added"),
        ("renamed", "Renamed (a similar title)"),
        ("points_added", "Decision points added"),
        ("points_removed", "Decision points removed"),
    )

    def counts(self) -> dict[str, int]:
        """How many of each kind of change, by section name."""
        return {name: len(getattr(self, name)) for name, _ in self.SECTIONS}

    def is_empty(self) -> bool:
        """True when nothing the comparison looks at changed."""
        return not any(self.counts().values())

    def as_json(self) -> dict[str, Any]:
        """The ``compare --json`` object."""
        data: dict[str, Any] = {"old": self.old_name, "new": self.new_name, "counts": self.counts()}
        for name, _ in self.SECTIONS:
            data[name] = [item.as_json() for item in getattr(self, name)]
        data["warnings"] = list(self.warnings)
        return data


# ------------------------------------------------------------------------------------ matching
_NON_WORD = re.compile(r"[\W_]+")
_AMPERSAND = re.compile(r"\s*&\s*")


def text_key(text: str) -> str:
    """Text as the comparison matches it: case-folded, ``&`` read as "and", punctuation and spacing
    made single spaces ("Jail & courts" and "jail and courts." are one title)."""
    folded = _AMPERSAND.sub(" and ", text.casefold())
    key = _NON_WORD.sub(" ", folded).strip()
    return key or text.strip().casefold()  # a title of punctuation alone is matched as written


def match_items(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]) -> dict[int, int]:
    """Pairs (index in ``old`` -> index in ``new``): same id first, then equal ``key`` in order."""
    new_by_id = {item.id: n for n, item in enumerate(new)}
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for o, item in enumerate(old):
        n = new_by_id.get(item.id)
        if n is not None and n not in used:
            pairs[o] = n
            used.add(n)
    waiting: dict[Hashable, list[int]] = {}
    for n, item in enumerate(new):
        if n not in used:
            waiting.setdefault(key(item), []).append(n)
    for o, item in enumerate(old):
        if o in pairs:
            continue
        queue = waiting.get(key(item))
        if queue:
            pairs[o] = queue.pop(0)
    return pairs


def similarity(a: str, b: str) -> float:
    """How alike two titles are (0 to 1): difflib's ratio of their ``text_key`` forms."""
    return SequenceMatcher(None, text_key(a), text_key(b), autojunk=False).ratio()


def match_similar(old: Sequence[T], new: Sequence[T], pairs: dict[int, int], text: Callable[[T], str],
                  group: Callable[[T], Hashable] = lambda _item: "") -> tuple[dict[int, float], bool]:
    """Add to ``pairs`` the unmatched items of one ``group`` with similar ``text``, best pairs first.

    Returns (old index -> ratio for each pair added, False when a group was too large to look at).
    """
    taken = set(pairs.values())
    old_left: dict[Hashable, list[int]] = {}
    new_left: dict[Hashable, list[int]] = {}
    for o, item in enumerate(old):
        if o not in pairs:
            old_left.setdefault(group(item), []).append(o)
    for n, item in enumerate(new):
        if n not in taken:
            new_left.setdefault(group(item), []).append(n)
    ratios: dict[int, float] = {}
    complete = True
    budget = MAX_SIMILARITY_TOTAL
    for g, olds in old_left.items():
        news = new_left.get(g, [])
        if not news:
            continue
        if len(olds) * len(news) > min(MAX_SIMILARITY_PAIRS, budget):
            complete = False
            continue
        budget -= len(olds) * len(news)
        keys_new = {n: text_key(text(new[n])) for n in news}
        found: list[tuple[float, int, int]] = []
        for o in olds:
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(text_key(text(old[o])))
            for n in news:
                matcher.set_seq1(keys_new[n])
                if (matcher.real_quick_ratio() >= SIMILAR_TITLE_RATIO
                        and matcher.quick_ratio() >= SIMILAR_TITLE_RATIO):
                    ratio = matcher.ratio()
                    if ratio >= SIMILAR_TITLE_RATIO:
                        found.append((ratio, o, n))
        found.sort(key=lambda t: (-t[0], t[1], t[2]))
        for ratio, o, n in found:
            if o in pairs or n in taken:
                continue
            pairs[o] = n
            taken.add(n)
            ratios[o] = ratio
    return ratios, complete


# ------------------------------------------------------------------------------------ comparing
def compare_files(old_path: str | Path, new_path: str | Path) -> Comparison:
    """Load both files (an unreadable one raises ``InputError`` naming it) and compare them."""
    old = load_workshop(old_path)
    new = load_workshop(new_path)
    return compare_workshops(old, new, str(old_path), str(new_path))


def compare_workshops(old: Workshop, new: Workshop, old_name: str = "older file",
                      new_name: str = "newer file") -> Comparison:
    """What changed from ``old`` to ``new``."""
    result = Comparison(old_name, new_name, warnings=scheme_warnings(old, new))
    _compare_findings(old, new, result)
    _compare_points(old, new, result)
    candidate_pairs = _match_candidates(old, new, result)
    plan_notes = _compare_plans(old, new, candidate_pairs, result)
    result.priorities_changed = _compare_priorities(old, new, candidate_pairs, plan_notes, result)
    _compare_participants(old, new, result)
    return result


def scheme_warnings(old: Workshop, new: Workshop) -> list[str]:
    """A warning when the files number their intercepts differently (e.g. samhsa 0-5, five-intercept 1-5).

    Findings and points are matched within one intercept, so anything that moved to another intercept
    on the way from one scheme to the other shows as gone and new.
    """
    before = [i.id for i in old.scheme.intercepts]
    after = [i.id for i in new.scheme.intercepts]
    if before == after:
        return []
    return [f"the files use different intercept schemes (older: {_scheme_text(old)}; newer: "
            f"{_scheme_text(new)}): items are matched within the same intercept, so a gap, resource or "
            "decision point that moved to another intercept is listed as removed and new"]


def _scheme_text(ws: Workshop) -> str:
    ids = [i.id for i in ws.scheme.intercepts]
    return f"{ws.scheme.preset}, intercepts {', '.join(ids)}" if ids else f"{ws.scheme.preset}, no intercepts"


def _too_many(result: Comparison, what: str) -> None:
    result.warnings.append(f"too many {what} changed at once to look for renamed ones: a renamed one "
                           "is listed as removed and new")


def _compare_findings(old: Workshop, new: Workshop, result: Comparison) -> None:
    pairs = match_items(old.findings, new.findings, lambda f: (f.intercept, text_key(f.title)))
    ratios, complete = match_similar(old.findings, new.findings, pairs, lambda f: f.title,
                                     lambda f: (f.intercept, f.kind))
    if not complete:
        _too_many(result, "gaps and resources")
    matched_new = {n: o for o, n in pairs.items()}
    for o, item in enumerate(old.findings):
        n = pairs.get(o)
        now = new.findings[n] if n is not None else None
        if item.kind == "gap" and (now is None or now.kind != "gap"):
            note = f"now a resource: '{now.title}'" if now is not None else ""
            result.gaps_closed.append(_change(item, note))
        elif item.kind == "resource" and (now is None or now.kind != "resource"):
            note = f"now a gap: '{now.title}'" if now is not None else ""
            result.resources_removed.append(_change(item, note))
        if o in ratios and now is not None:
            result.renamed.append(Renamed(now.kind, now.id, item.title, now.title, now.intercept, ratios[o]))
    for n, item in enumerate(new.findings):
        o = matched_new.get(n)
        before = old.findings[o] if o is not None else None
        if item.kind == "gap" and (before is None or before.kind != "gap"):
            note = f"was a resource: '{before.title}'" if before is not None else ""
            result.gaps_new.append(_change(item, note))
        elif item.kind == "resource" and (before is None or before.kind != "resource"):
            note = f"was a gap: '{before.title}'" if before is not None else ""
            result.resources_new.append(_change(item, note))


def _change(item: Any, note: str = "", kind: str = "") -> ItemChange:
    return ItemChange(item.id, kind or item.kind, item.title, item.intercept, note)


def _compare_points(old: Workshop, new: Workshop, result: Comparison) -> None:
    pairs = match_items(old.points, new.points, lambda p: (p.intercept, text_key(p.title)))
    ratios, complete = match_similar(old.points, new.points, pairs, lambda p: p.title, lambda p: p.intercept)
    if not complete:
        _too_many(result, "decision points")
    for o, n in pairs.items():
        if o in ratios:
            now = new.points[n]
            result.renamed.append(Renamed("point", now.id, old.points[o].title, now.title, now.intercept,
                                          ratios[o]))
    matched_new = set(pairs.values())
    result.points_removed = [_change(p, kind="point") for o, p in enumerate(old.points) if o not in pairs]
    result.points_added = [_change(p, kind="point") for n, p in enumerate(new.points)
                           if n not in matched_new]


def _match_candidates(old: Workshop, new: Workshop, result: Comparison) -> dict[str, str]:
    """Old candidate id -> new candidate id, every candidate (excluded ones too)."""
    olds, news = old.voting.candidates, new.voting.candidates
    pairs = match_items(olds, news, lambda c: text_key(c.title))
    ratios, complete = match_similar(olds, news, pairs, lambda c: c.title)
    if not complete:
        _too_many(result, "candidate priorities")
    for o, n in pairs.items():
        if o in ratios:
            result.renamed.append(Renamed("priority", news[n].id, olds[o].title, news[n].title, "",
                                          ratios[o]))
    return {olds[o].id: news[n].id for o, n in pairs.items()}


def _compare_priorities(old: Workshop, new: Workshop, new_for_old: dict[str, str],
                        plan_notes: dict[str, str], result: Comparison) -> list[PriorityChange]:
    old_ranked = rank_candidates(old)
    new_ranked = rank_candidates(new)
    old_by_id = {r.candidate_id: r for r in old_ranked}
    new_by_id = {r.candidate_id: r for r in new_ranked}
    old_for_new = {v: k for k, v in new_for_old.items()}
    excluded_now = {c.id for c in new.voting.candidates if c.excluded}
    renamed_from = {r.id: r.old_title for r in result.renamed if r.kind == "priority"}
    # Order among the candidates ranked in both files: a new candidate above (or one dropped) shifts
    # every rank below it, which is not news about those candidates; a change of order is.
    both = [r.candidate_id for r in new_ranked if old_by_id.get(old_for_new.get(r.candidate_id, ""))]
    new_order = {cid: n for n, cid in enumerate(both)}
    old_order = {cid: n for n, cid in enumerate(
        sorted(both, key=lambda cid: old_by_id[old_for_new[cid]].rank))}
    changes: list[PriorityChange] = []
    for r in new_ranked:
        before = old_by_id.get(old_for_new.get(r.candidate_id, ""))
        if before is None:
            changes.append(PriorityChange(r.title, "new", None, r.rank, None, r.votes,
                                          f"new: ranked {r.rank} with {_votes(r.votes)}"))
            continue
        was_top, is_top = before.rank <= old.voting.top_n, r.rank <= new.voting.top_n
        # Its rank changed and not only because others came or went: its order among the rest moved.
        moved = old_order[r.candidate_id] != new_order[r.candidate_id] and before.rank != r.rank
        plan = plan_notes.get(r.candidate_id, "")
        if before.votes != r.votes or moved or was_top != is_top or plan:
            parts = [_moved(before, r, old.voting.top_n, new.voting.top_n), plan]
            if r.candidate_id in renamed_from:
                parts.append(f"was titled '{renamed_from[r.candidate_id]}'")
            changes.append(PriorityChange(r.title, "changed", before.rank, r.rank, before.votes, r.votes,
                                          ", ".join(p for p in parts if p)))
    for r in old_ranked:
        now_id = new_for_old.get(r.candidate_id)
        if now_id is not None and now_id in new_by_id:
            continue
        why = "excluded from voting" if now_id in excluded_now else "no longer a candidate"
        changes.append(PriorityChange(r.title, "dropped", r.rank, None, r.votes, None,
                                      f"dropped ({why}); was ranked {r.rank} with {_votes(r.votes)}"))
    return changes


def _votes(n: int) -> str:
    return f"{n} vote" if n == 1 else f"{n} votes"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _moved(before: RankedCandidate, now: RankedCandidate, old_top: int, new_top: int) -> str:
    parts = []
    if before.rank != now.rank:
        way = "up" if now.rank < before.rank else "down"
        places = abs(before.rank - now.rank)
        parts.append(f"{way} {places} place{'s' if places != 1 else ''} (rank {before.rank} to {now.rank})")
    if before.votes != now.votes:
        parts.append(f"votes {before.votes} to {now.votes}")
    was_top, is_top = before.rank <= old_top, now.rank <= new_top
    if is_top and not was_top:
        parts.append(f"now in the top {new_top}")
    elif was_top and not is_top:
        parts.append(f"no longer in the top {new_top}")
    return ", ".join(parts)


# ------------------------------------------------------------------------------------ action plans
_Located = tuple[str, ActionStep]  # (objective text, step)


def _steps_of(plan: ActionPlan) -> list[_Located]:
    return [(objective.text, step) for objective in plan.objectives for step in objective.steps]


def _plan_change(plan: ActionPlan, candidates: dict[str, str]) -> PlanChange:
    return PlanChange(plan.id, plan.title, candidates.get(plan.candidate_id or "", ""),
                      len(plan.objectives), len(_steps_of(plan)))


def _step_change(plan: ActionPlan, located: _Located, with_plan: bool) -> StepChange:
    objective, step = located
    return StepChange(step.id, plan.title, objective, step.text, step.who, step.status, with_plan)


class _IdOnly:
    """An action step seen by the matcher: its id and its text."""

    def __init__(self, step: ActionStep) -> None:
        self.id = step.id
        self.text = step.text


def _compare_plans(old: Workshop, new: Workshop, new_for_old: dict[str, str],
                   result: Comparison) -> dict[str, str]:
    """Fill the plan and step sections; returns new candidate id -> what changed in its plans."""
    old_titles = {c.id: c.title for c in old.voting.candidates}
    new_titles = {c.id: c.title for c in new.voting.candidates}
    olds, news = old.action_plans, new.action_plans
    # Id first, then the plan of the matched candidate, then the title, then a similar title.
    new_by_id = {plan.id: n for n, plan in enumerate(news)}
    pairs = {o: new_by_id[plan.id] for o, plan in enumerate(olds) if plan.id in new_by_id}
    pairs = _extend(pairs, olds, news, lambda p, is_new: (
        "candidate", p.candidate_id if is_new else new_for_old.get(p.candidate_id or "", "")),
        lambda p: p.candidate_id)
    pairs = _extend(pairs, olds, news, lambda p, _is_new: text_key(p.title), lambda _p: True)
    ratios, _complete = match_similar(olds, news, pairs, lambda p: p.title)
    for o, n in pairs.items():
        if o in ratios:
            result.renamed.append(Renamed("plan", news[n].id, olds[o].title, news[n].title, "", ratios[o]))
    matched_new = {n: o for o, n in pairs.items()}
    # Per candidate (by its id in the newer file): plans lost/added, objectives and steps lost/added.
    tally: dict[str, dict[str, int]] = {}

    def count(candidate_id: str | None, what: str, n: int = 1) -> None:
        if candidate_id and n:
            row = tally.setdefault(candidate_id, {})
            row[what] = row.get(what, 0) + n

    for o, plan in enumerate(olds):
        if o in pairs:
            continue
        result.plans_removed.append(_plan_change(plan, old_titles))
        result.steps_removed += [_step_change(plan, s, True) for s in _steps_of(plan)]
        lost_for = new_for_old.get(plan.candidate_id or "")
        count(lost_for, "plan_lost")
        count(lost_for, "plan_lost_objectives", len(plan.objectives))
        count(lost_for, "plan_lost_steps", len(_steps_of(plan)))
    for n, plan in enumerate(news):
        if n in matched_new:
            continue
        result.plans_added.append(_plan_change(plan, new_titles))
        result.steps_added += [_step_change(plan, s, True) for s in _steps_of(plan)]
        count(plan.candidate_id, "plan_added")
        count(plan.candidate_id, "plan_added_objectives", len(plan.objectives))
        count(plan.candidate_id, "plan_added_steps", len(_steps_of(plan)))
    for n, plan in enumerate(news):  # in the newer file's order, as steps completed are listed
        o = matched_new.get(n)
        before = olds[o] if o is not None else None
        lost, added, completed = _compare_steps(before, plan, result)
        result.steps_completed += completed
        if before is None:
            continue
        count(plan.candidate_id, "steps_lost", lost)
        count(plan.candidate_id, "steps_added", added)
        old_objectives = {text_key(obj.text) for obj in before.objectives}
        new_objectives = {text_key(obj.text) for obj in plan.objectives}
        count(plan.candidate_id, "objectives_lost", len(old_objectives - new_objectives))
        count(plan.candidate_id, "objectives_added", len(new_objectives - old_objectives))
    return {cid: _plan_note(row) for cid, row in tally.items()}


def _extend(pairs: dict[int, int], old: Sequence[Any], new: Sequence[Any],
            key: Callable[[Any, bool], Hashable], usable: Callable[[Any], object]) -> dict[int, int]:
    """``pairs`` plus the unmatched items (where ``usable``) with equal ``key``, in order."""
    taken = set(pairs.values())
    waiting: dict[Hashable, list[int]] = {}
    for n, item in enumerate(new):
        if n not in taken and usable(item):
            waiting.setdefault(key(item, True), []).append(n)
    for o, item in enumerate(old):
        if o in pairs or not usable(item):
            continue
        queue = waiting.get(key(item, False))
        if queue:
            pairs[o] = queue.pop(0)
    return pairs


def _plan_note(row: dict[str, int]) -> str:
    parts = []
    for way in ("lost", "added"):
        plans = row.get(f"plan_{way}", 0)
        if plans:
            held = (f"{_plural(row.get(f'plan_{way}_objectives', 0), 'objective', 'objectives')}, "
                    f"{_plural(row.get(f'plan_{way}_steps', 0), 'action step', 'action steps')}")
            what = "action plan" if plans == 1 else f"{plans} action plans"
            parts.append(f"{what} {way} ({held})")
    for what, one, many, verb in (("objectives_lost", "objective", "objectives", "lost"),
                                  ("objectives_added", "objective", "objectives", "added"),
                                  ("steps_lost", "action step", "action steps", "lost"),
                                  ("steps_added", "action step", "action steps", "added")):
        if row.get(what):
            parts.append(f"{_plural(row[what], one, many)} {verb}")
    return ", ".join(parts)


def _compare_steps(before: ActionPlan | None, plan: ActionPlan,
                   result: Comparison) -> tuple[int, int, list[StepCompleted]]:
    """Steps of a matched plan: how many lost and added (listed in ``result``) and those completed."""
    new_steps = _steps_of(plan)
    old_steps = _steps_of(before) if before is not None else []
    completed: list[StepCompleted] = []
    if before is None:  # a new plan: every step done in it is news
        for objective, step in new_steps:
            if step.status == "done":
                completed.append(StepCompleted(plan.title, objective, step.text, step.who, ""))
        return 0, 0, completed
    olds = [_IdOnly(s) for _, s in old_steps]
    news = [_IdOnly(s) for _, s in new_steps]
    pairs = match_items(olds, news, lambda s: text_key(s.text))
    ratios, _complete = match_similar(olds, news, pairs, lambda s: s.text)
    matched_new = {n: o for o, n in pairs.items()}
    for o, n in pairs.items():
        if o in ratios:
            result.renamed.append(Renamed("step", new_steps[n][1].id, old_steps[o][1].text,
                                          new_steps[n][1].text, plan.title, ratios[o]))
    lost = [o for o in range(len(old_steps)) if o not in pairs]
    added = [n for n in range(len(new_steps)) if n not in matched_new]
    result.steps_removed += [_step_change(before, old_steps[o], False) for o in lost]
    result.steps_added += [_step_change(plan, new_steps[n], False) for n in added]
    for n, (objective, step) in enumerate(new_steps):
        if step.status != "done":
            continue
        o = matched_new.get(n)
        was = old_steps[o][1].status if o is not None else ""
        if was != "done":
            completed.append(StepCompleted(plan.title, objective, step.text, step.who, was))
    return len(lost), len(added), completed


# ------------------------------------------------------------------------------------ participants
def _compare_participants(old: Workshop, new: Workshop, result: Comparison) -> None:
    pairs = match_items(old.participants, new.participants, lambda p: text_key(p.name))
    matched_new = set(pairs.values())

    def change(p: Any) -> ParticipantChange:
        return ParticipantChange(p.id, p.name, p.organisation, p.sector)

    result.participants_removed = [change(p) for o, p in enumerate(old.participants) if o not in pairs]
    result.participants_added = [change(p) for n, p in enumerate(new.participants) if n not in matched_new]
