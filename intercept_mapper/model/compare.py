"""What changed between two versions of one community's workshop: a committee's yearly review.

Items are matched by id first; an item whose id changed (re-imported from a worksheet, retyped) is
matched by its title within the same intercept (trimmed, case-insensitive). Candidate priorities
have no intercept, so they are matched by id, then by title; action steps by id, then by their text
within the plan of the same title.

Reported: gaps closed (gone, or now a resource), new gaps, new and removed resources, decision points
added and removed, new and dropped priorities (by ``ranking.rank_candidates``; an excluded candidate
is not ranked), priorities whose votes changed, whose order among the candidates of both files
changed, or that entered or left the top N (a rank that only shifts because a candidate was added
or dropped above it is not a change), and action steps completed since the older file (status
became "done", or added already done).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .ranking import RankedCandidate, rank_candidates
from .simmap_file import load_workshop
from .workshop import Workshop


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
    """A candidate priority that is new, dropped, or moved in rank or votes."""

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
    warnings: list[str] = field(default_factory=list)  # why the result may mislead (see scheme_warnings)

    SECTIONS = (
        ("gaps_closed", "Gaps closed"),
        ("gaps_new", "New gaps"),
        ("resources_new", "New resources"),
        ("resources_removed", "Resources no longer listed"),
        ("priorities_changed", "Priorities changed"),
        ("steps_completed", "Action steps completed"),
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
def text_key(text: str) -> str:
    """Text as the comparison matches it: trimmed and case-folded."""
    return text.strip().casefold()


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
    result.priorities_changed = _compare_priorities(old, new)
    result.steps_completed = _completed_steps(old, new)
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


def _compare_findings(old: Workshop, new: Workshop, result: Comparison) -> None:
    pairs = match_items(old.findings, new.findings, lambda f: (f.intercept, text_key(f.title)))
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
    matched_new = set(pairs.values())
    result.points_removed = [_change(p, kind="point") for o, p in enumerate(old.points) if o not in pairs]
    result.points_added = [_change(p, kind="point") for n, p in enumerate(new.points)
                           if n not in matched_new]


def _compare_priorities(old: Workshop, new: Workshop) -> list[PriorityChange]:
    old_ranked = rank_candidates(old)
    new_ranked = rank_candidates(new)
    old_by_id = {r.candidate_id: r for r in old_ranked}
    new_by_id = {r.candidate_id: r for r in new_ranked}
    # Match the candidates themselves (excluded ones too, so that "excluded" is told apart from "gone").
    pairs = match_items(old.voting.candidates, new.voting.candidates, lambda c: text_key(c.title))
    new_for_old = {old.voting.candidates[o].id: new.voting.candidates[n].id for o, n in pairs.items()}
    old_for_new = {v: k for k, v in new_for_old.items()}
    excluded_now = {c.id for c in new.voting.candidates if c.excluded}
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
        reordered = old_order[r.candidate_id] != new_order[r.candidate_id]
        if before.votes != r.votes or reordered or was_top != is_top:
            changes.append(PriorityChange(r.title, "changed", before.rank, r.rank, before.votes, r.votes,
                                          _moved(before, r, old.voting.top_n, new.voting.top_n)))
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


def _completed_steps(old: Workshop, new: Workshop) -> list[StepCompleted]:
    old_steps: dict[str, str] = {}  # step id -> status
    old_by_text: dict[tuple[str, str], list[str]] = {}  # (plan title, step text) -> statuses
    for plan in old.action_plans:
        for objective in plan.objectives:
            for step in objective.steps:
                old_steps[step.id] = step.status
                old_by_text.setdefault((text_key(plan.title), text_key(step.text)), []).append(step.status)
    done: list[StepCompleted] = []
    for plan in new.action_plans:
        for objective in plan.objectives:
            for step in objective.steps:
                if step.status != "done":
                    continue
                if step.id in old_steps:
                    before = old_steps[step.id]
                else:
                    statuses = old_by_text.get((text_key(plan.title), text_key(step.text)))
                    before = statuses.pop(0) if statuses else ""
                if before != "done":
                    done.append(StepCompleted(plan.title, objective.text, step.text, step.who, before))
    return done
