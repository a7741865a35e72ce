"""``intercept-mapper roster FILE [--json]``: who is at the table, the sectors missing, warnings."""

from __future__ import annotations

import argparse

from .output import require_input_file
from .terminal_text import echo, json_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``roster`` subcommand."""
    parser = sub.add_parser(
        "roster",
        help="who is at the table: participants per sector, missing sectors, lived-experience voices",
        description="Count the participants per sector (facilitators are not counted), list the "
        "recommended sectors with nobody present, and warn when lived experience has fewer than two voices.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the workshop and print its roster (never contact details)."""
    from ..model.roster import build_roster
    from ..model.simmap_file import load_workshop

    ws = load_workshop(require_input_file(args.file))
    roster = build_roster(ws)
    if args.json:
        print(json_text({
            "file": str(args.file),
            "participants": sum(roster.sectors.values()),
            "sectors": roster.sectors,
            "missing": roster.missing,
            "lived_experience": roster.lived_experience,
            "lived_experience_unknown": roster.lived_experience_unknown,
            "tables": {name or "(no table)": n for name, n in roster.tables.items()},
            "warnings": roster.warnings,
        }))
        return 0
    total = sum(roster.sectors.values())
    echo(f"Who is at the table: {ws.info.title or args.file}")
    unknown = (f" ({roster.lived_experience_unknown} not recorded)" if roster.lived_experience_unknown
               else "")
    echo(f"{total} participant{'s' if total != 1 else ''}, "
         f"{roster.lived_experience} with lived experience{unknown}")
    if any(roster.tables):  # anyone seated at a named table: the people per table
        echo("Tables: " + ", ".join(f"{name or '(no table)'} {n}" for name, n in roster.tables.items()))
    width = max((len(s) for s in roster.sectors), default=0)
    for sector, people in roster.participants_by_sector.items():
        names = ", ".join(p.name + (f" ({p.organisation})" if p.organisation else "") for p in people)
        echo(f"  {sector:<{width}}  {len(people):>2}  {names}")
    echo("Missing recommended sectors: " + (", ".join(roster.missing) if roster.missing else "none"))
    for warning in roster.warnings:
        echo(f"Warning: {warning}")
    return 0
