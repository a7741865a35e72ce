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
        "closed, new gaps, new resources, priorities changed, action steps completed. Items are "
        "matched by id, then by title within the same intercept.",
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
    from ..model.compare import Comparison, ItemChange, PriorityChange, StepCompleted

    assert isinstance(result, Comparison)
    lines = [f"Changes from {result.old_name} to {result.new_name}"]
    if result.is_empty():
        return [*lines, "No changes to gaps, resources, decision points, priorities or action steps."]
    for name, heading in result.SECTIONS:
        items = getattr(result, name)
        if not items:
            continue
        lines += ["", f"{heading} ({len(items)}):"]
        for item in items:
            if isinstance(item, ItemChange):
                where = "cross-intercept" if item.intercept == "X" else f"intercept {item.intercept}"
                note = f" ({item.note})" if item.note else ""
                lines.append(f"  - {item.title} [{where}]{note}")
            elif isinstance(item, PriorityChange):
                lines.append(f"  - {item.title}: {item.note}")
            elif isinstance(item, StepCompleted):
                was = f", was {item.old_status}" if item.old_status else ", new step"
                who = f" ({item.who})" if item.who else ""
                lines.append(f"  - {item.plan}: {item.text}{who}{was}")
    return lines
