"""``intercept-mapper validate FILE``: check a workshop file; print ``OK`` or each problem."""

from __future__ import annotations

import argparse

from .output import require_input_file


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = sub.add_parser(
        "validate",
        help="check a workshop file",
        description="Check a workshop file. Prints OK and exits 0, or prints each problem and exits 1.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap file to check")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the file: loading reports damage and checks every reference, listing each problem."""
    from ..model.simmap_file import load_workshop

    require_input_file(args.file)
    load_workshop(args.file, check_references=True)
    print("OK")
    return 0
