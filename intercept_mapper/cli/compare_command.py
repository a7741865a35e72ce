"""``intercept-mapper compare OLD NEW [--json]``: what changed between two versions of a community's file."""

from __future__ import annotations

import argparse

from .output import print_warnings, require_input_file
from .terminal_text import echo, json_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``compare`` subcommand."""
    parser = sub.add_parser(
        "compare",
        help="what changed between two versions of one community's file",
        description="Compare an older and a newer version of one community's workshop file: gaps "
        "closed, new gaps, new resources, priorities changed, action steps completed, action plans, "
        "steps and participants lost or added, items renamed. Items are matched by id, then by the "
        "same title in other spelling (case, punctuation, & for and) within the same intercept, then "
        "by a similar title (reported as renamed).",
    )
    parser.add_argument("old", metavar="OLD", help="the older .simmap file")
    parser.add_argument("new", metavar="NEW", help="the newer .simmap file")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load both files, compare them, and print what changed."""
    from ..model.compare import compare_files

    require_input_file(args.old)
    require_input_file(args.new)
    result = compare_files(args.old, args.new)
    print_warnings(result.warnings)
    if args.json:
        print(json_text(result.as_json()))
        return 0
    for line in comparison_lines(result):
        echo(line)
    return 0


def comparison_lines(result: object) -> list[str]:
    """The comparison as lines of text, section by section."""
    from ..model.compare import Comparison

    assert isinstance(result, Comparison)
    lines = [f"Changes from {result.old_name} to {result.new_name}"]
    if result.is_empty():
        return [*lines, "No changes to gaps, resources, decision points, priorities, action plans, "
                "action steps or participants."]
    for name, heading in result.SECTIONS:
        items = getattr(result, name)
        if not items:
            continue
        lines += ["", f"{heading} ({len(items)}):"]
        lines += [f"  - {change_text(item)}" for item in items]
    return lines


def change_text(item: object) -> str:
    """One change as one line of text (without the leading dash)."""
    from ..model.compare import (
        ItemChange,
        ParticipantChange,
        PlanChange,
        PriorityChange,
        Renamed,
        StepChange,
        StepCompleted,
    )

    if isinstance(item, ItemChange):
        note = f" ({item.note})" if item.note else ""
        return f"{item.title} [{_where(item.intercept)}]{note}"
    if isinstance(item, PriorityChange):
        return f"{item.title}: {item.note}"
    if isinstance(item, StepCompleted):
        was = f", was {item.old_status}" if item.old_status else ", new step"
        who = f" ({item.who})" if item.who else ""
        return f"{item.plan}: {item.text}{who}{was}"
    if isinstance(item, PlanChange):
        held = (f"{item.objectives} objective{'s' if item.objectives != 1 else ''}, "
                f"{item.steps} action step{'s' if item.steps != 1 else ''}")
        priority = f"; priority: {item.priority}" if item.priority else ""
        return f"{item.title} ({held}{priority})"
    if isinstance(item, StepChange):
        who = f" ({item.who})" if item.who else ""
        whole = " [with its plan]" if item.with_plan else ""
        return f"{item.plan}: {item.text}{who}{whole}"
    if isinstance(item, ParticipantChange):
        details = ", ".join(x for x in (item.organisation, item.sector) if x)
        return f"{item.name}" + (f" ({details})" if details else "")
    if isinstance(item, Renamed):
        where = f" [{_where(item.where)}]" if item.kind in ("gap", "resource", "point") else (
            f" [plan: {item.where}]" if item.where else "")
        return (f"{item.kind}: '{item.old_title}' is now '{item.title}'{where} "
                f"(similarity {item.similarity:.2f})")
    return str(item)


def _where(intercept: str) -> str:
    return "cross-intercept" if intercept == "X" else f"intercept {intercept}"
