"""``intercept-mapper new OUT.simmap``: write an empty workshop from an intercept preset."""

from __future__ import annotations

import argparse

from ..model import new_workshop
from ..model.intercept_presets import DEFAULT_PRESET, PRESETS, preset_names
from ..model.output_rules import check_workshop_output
from ..model.problems import InputError
from .output import save_workshop_output
from .set_option import add_set_option, parsed_assignments, value_files

DEFAULT_TITLE = "Sequential Intercept Mapping"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` subcommand."""
    presets = "; ".join(f"{name}: {PRESETS[name][0]}" for name in preset_names())
    parser = sub.add_parser(
        "new",
        help="write a new, empty workshop file from an intercept preset",
        description=f"Write a new, empty workshop file. Presets: {presets}.",
    )
    parser.add_argument("output", metavar="OUT.simmap", help="the workshop file to create")
    parser.add_argument(
        "--preset", choices=preset_names(), default=DEFAULT_PRESET,
        help=f"intercept layout (default {DEFAULT_PRESET})",
    )
    parser.add_argument("--title", default=None, help="workshop title (default: from the jurisdiction)")
    parser.add_argument("--jurisdiction", default="", help="county, city or region mapped")
    parser.add_argument(
        "--force", action="store_true",
        help="replace an existing file (the old one is kept as a backup)",
    )
    add_set_option(parser, "the new workshop (after --title and --jurisdiction)")
    parser.set_defaults(run=run)


def default_title(jurisdiction: str) -> str:
    """The title used when none is given: 'Riverbend County Sequential Intercept Mapping'."""
    return f"{jurisdiction} {DEFAULT_TITLE}" if jurisdiction else DEFAULT_TITLE


def run(args: argparse.Namespace) -> int:
    """Create the file; refuses to replace an existing one unless ``--force``."""
    # A new, empty workshop written over a real one would lose a community's work.
    check_workshop_output(args.output, value_files(args), force=args.force)
    from ..model.info_fields import apply_values

    values = parsed_assignments(args, str(args.output))  # every --set checked before anything is written
    jurisdiction = values.get("jurisdiction", args.jurisdiction.strip())
    title = default_title(jurisdiction) if args.title is None else args.title.strip()
    workshop = apply_values(new_workshop(args.preset, title=title, jurisdiction=jurisdiction), values)
    # The loader's own checks (limits.py), so the new file opens: a title could be too long.
    from ..model.simmap_file import check_workshop

    problems = check_workshop(workshop, source=str(args.output))
    if problems:
        raise InputError(problems)
    save_workshop_output(workshop, args.output)
    return 0
