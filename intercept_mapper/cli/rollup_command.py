"""``intercept-mapper rollup FILE... [--json] [--pdf OUT.pdf]``: what many communities have in common.

A FILE may be a folder: every ``*.simmap`` in it. Files that cannot be read are named on standard
error as ``warning:`` lines and left out; the command fails (exit 1, ``error:`` lines) only when none
can be read. Progress goes to standard error when it is a terminal, or with ``--progress``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..model.limits import MAX_WARNINGS
from ..model.output_rules import check_export_outputs
from ..model.problems import summarised
from .output import print_warnings, write_output_bytes
from .terminal_text import echo, json_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``rollup`` subcommand."""
    parser = sub.add_parser(
        "rollup",
        help="cross-community summary of many workshop files",
        description="Summarise many communities' workshop files: themes counted across communities "
        "(gaps and priorities), the most common gaps and priorities with the communities they come "
        "from, and gaps per intercept. A FILE may be a folder (every .simmap in it). Files that cannot "
        "be read are named and skipped.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="workshop files or folders of them")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="also write the summary as a PDF report")
    parser.add_argument("--title", default="", help="with --pdf: the report's title")
    parser.add_argument("--progress", action="store_true",
                        help="report progress on standard error even when it is not a terminal")
    parser.set_defaults(run=run, parser=parser)


class _Progress:
    """Progress on standard error: one updating line on a terminal, else a line every tenth."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self._last_tenth = -1

    def __call__(self, done: int, total: int, _name: str) -> None:
        if total == 0:
            return
        if self.terminal:
            end = "\n" if done == total else ""
            self.stream.write(f"\rreading {done}/{total} files{end}")
            self.stream.flush()
            return
        tenth = done * 10 // total
        if tenth != self._last_tenth and (done > 0 or total == 0):
            self._last_tenth = tenth
            self.stream.write(f"progress: {done}/{total} files read\n")


def run(args: argparse.Namespace) -> int:
    """Build the rollup, print it, and write the PDF when asked."""
    from ..model.rollup import build_rollup

    if args.title and not args.pdf:
        args.parser.error("--title goes with --pdf")
    if args.pdf:
        from ..model.rollup import collect_inputs

        # Against every file the rollup reads: a folder stands for the workshops in it.
        check_export_outputs([args.pdf], [*args.files, *collect_inputs(args.files)[0]])
    progress = _Progress(sys.stderr) if (args.progress or sys.stderr.isatty()) else None
    rollup = build_rollup(args.files, progress=progress)
    print_warnings(summarised(rollup.skipped, MAX_WARNINGS))  # a folder of damaged files: not a flood
    if args.pdf:
        from ..export.rollup_pdf import build_rollup_pdf

        write_output_bytes(args.pdf, build_rollup_pdf(rollup, title=args.title))
    if args.json:
        print(json_text(rollup.as_json()))
    else:
        print_rollup(rollup)
    return 0


def print_rollup(rollup: object) -> None:
    """The rollup as text for a terminal."""
    from ..model.rollup import Rollup
    from ..model.theme_suggestion import UNTHEMED

    assert isinstance(rollup, Rollup)
    n = len(rollup.communities)
    echo(f"Summary of {n} communit{'y' if n == 1 else 'ies'}")
    if rollup.skipped:
        echo(f"({len(rollup.skipped)} file{'s' if len(rollup.skipped) != 1 else ''} skipped: "
              "see the warnings)")
    echo()
    rows = rollup.themes_with_unthemed()
    echo("Themes, most common first:")
    if not rows:
        echo("  no gaps or priorities yet")
    else:
        width = max(len("theme"), *(len(t.theme) for t in rows))
        echo(f"  {'theme':<{width}}  communities   gaps  priorities")
        for t in rows:
            echo(f"  {t.theme:<{width}}  {len(t.communities):>11}  {t.gaps:>5}  {t.priorities:>10}")
    u = rollup.unthemed
    if u.gaps or u.priorities:
        echo(f"  ({UNTHEMED}: {u.gaps} gap{'s' if u.gaps != 1 else ''} and {u.priorities} "
              f"priorit{'y' if u.priorities == 1 else 'ies'} with no theme, in {len(u.communities)} "
              f"communit{'y' if len(u.communities) == 1 else 'ies'})")
    for heading, items in (("Most common gaps", rollup.common_gaps),
                           ("Most common priorities", rollup.common_priorities)):
        echo()
        echo(f"{heading} (same title in several communities):")
        if not items:
            echo("  none shared by two or more communities")
        for item in items[:15]:
            echo(f"  {len(item.communities)}  {item.title}: {', '.join(item.communities)}")
        if len(items) > 15:
            echo(f"  ... and {len(items) - 15} more (see --json or --pdf)")
    echo()
    echo("Gaps per intercept (all communities):")
    total = rollup.gaps_per_intercept_total()
    echo("  " + "  ".join(f"{i}: {total[i]}" for i in rollup.intercepts))
