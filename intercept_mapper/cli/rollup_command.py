"""``intercept-mapper rollup FILE... [--json] [--pdf OUT.pdf]``: what many communities have in common.

A FILE may be a folder: every ``*.simmap`` in it. Communities are counted, not files: of several
files of one community (the same jurisdiction) the latest workshop counts and the earlier ones are
listed as its history; ``--all-years`` counts every file. ``--json``'s ``communities`` is that number
of communities, ``file_count`` the number of files read. ``--suggest-themes`` gives unthemed gaps and
resources their suggested theme for this summary only (the files are not changed; ``themes FILE
--apply-suggestions`` saves them) and lists what it set. Files that cannot be read are named on
standard error as ``warning:`` lines and left out; the command fails (exit 1, ``error:`` lines) only
when none can be read. Progress goes to standard error when it is a terminal, or with ``--progress``.
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
        "from, gaps per intercept, and themes over the years. A FILE may be a folder (every .simmap in "
        "it). Communities are counted, not files: a community's latest workshop (by its workshop "
        "dates, else its report date, else the file's time) counts and its earlier files are listed "
        "as history. Files that cannot be read are named and skipped.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="workshop files or folders of them")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="also write the summary as a PDF report")
    parser.add_argument("--title", default="", help="with --pdf: the report's title")
    parser.add_argument("--all-years", action="store_true",
                        help="count every file as a community of its own, not only each community's "
                        "latest workshop")
    parser.add_argument("--suggest-themes", action="store_true",
                        help="give unthemed gaps and resources the theme their words suggest, for this "
                        "summary only (the files are not changed), and list what was set")
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
    rollup = build_rollup(args.files, progress=progress, all_years=args.all_years,
                          suggest_themes=args.suggest_themes)
    print_warnings(summarised(rollup.skipped, MAX_WARNINGS))  # a folder of damaged files: not a flood
    if args.pdf:
        from ..export.rollup_pdf import build_rollup_pdf

        write_output_bytes(args.pdf, build_rollup_pdf(rollup, title=args.title))
    if args.json:
        print(json_text(rollup.as_json()))
    else:
        print_rollup(rollup)
    return 0


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def print_rollup(rollup: object) -> None:
    """The rollup as text for a terminal."""
    from ..model.rollup import DATE_SOURCES, Rollup
    from ..model.theme_suggestion import UNTHEMED, theme_label

    assert isinstance(rollup, Rollup)
    n = len(rollup.communities)
    files = len(rollup.files())
    how = "every file counted" if rollup.all_years else "the latest workshop of each counted"
    echo(f"Summary of {n} communit{'y' if n == 1 else 'ies'} ({_plural(files, 'file', 'files')} read; {how})")
    if rollup.skipped:
        echo(f"({len(rollup.skipped)} file{'s' if len(rollup.skipped) != 1 else ''} skipped: "
              "see the warnings)")
    echo()
    rows = rollup.themes_with_unthemed()
    echo("Themes, most common first:")
    if not rows:
        echo("  no gaps or priorities yet")
    else:
        labels = ["No theme" if t.theme == UNTHEMED else theme_label(t.theme) for t in rows]
        width = max(len("theme"), *(len(label) for label in labels))
        echo(f"  {'theme':<{width}}  communities   gaps  priorities")
        for t, label in zip(rows, labels, strict=True):
            echo(f"  {label:<{width}}  {len(t.communities):>11}  {t.gaps:>5}  {t.priorities:>10}")
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
    for name, intercepts in rollup.not_mapped().items():
        echo(f"  {name}: intercept{'s' if len(intercepts) != 1 else ''} {', '.join(intercepts)} not mapped "
             "(its map has no such intercept)")
    echo()
    echo("Communities (the workshop counted; earlier ones are history):")
    for c in rollup.communities:
        when = (f"{c.workshop_date.isoformat()} ({DATE_SOURCES.get(c.date_from, c.date_from)})"
                if c.workshop_date else "no date")
        echo(f"  {c.name}: {c.file}, {when}")
        for h in c.history:
            echo(f"    history: {h.file}, {h.workshop_date.isoformat()} "
                 f"({DATE_SOURCES.get(h.date_from, h.date_from)})")
    _print_trends(rollup)
    if rollup.suggested:
        echo()
        echo(f"Themes suggested for this summary ({len(rollup.suggested)}; the files are not changed):")
        for t in rollup.suggested:
            echo(f"  {t.community}: {t.suggestion.kind} '{t.suggestion.title}' -> "
                 f"{theme_label(t.suggestion.theme)}")


def _print_trends(rollup: object) -> None:
    from ..model.rollup import Rollup
    from ..model.theme_suggestion import UNTHEMED, theme_label

    assert isinstance(rollup, Rollup)
    trends = rollup.trends
    if len(trends.years) < 2:
        return
    echo()
    echo("Gaps per theme over the years (every file read, history included):")
    labels = ["No theme" if t.theme == UNTHEMED else theme_label(t.theme) for t in trends.themes]
    width = max(len("workshops"), *(len(label) for label in labels)) if labels else len("workshops")
    echo("  " + " " * width + "".join(f"  {y:>5}" for y in trends.years))
    echo(f"  {'workshops':<{width}}" + "".join(f"  {trends.workshops.get(y, 0):>5}" for y in trends.years))
    for t, label in zip(trends.themes, labels, strict=True):
        echo(f"  {label:<{width}}" + "".join(f"  {t.gaps.get(y, 0):>5}" for y in trends.years))
