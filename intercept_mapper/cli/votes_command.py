"""``intercept-mapper votes FILE --table NAME TALLY.csv``: record one voting table's tally, headless.

FILE is both the input and the output: saved atomically (the previous version kept as ``.bak``), or not at
all when any row is invalid or the table would hold more votes than its budget (unless ``--force``). The
tally is only read. See ``model/tally_csv.py``.
"""

from __future__ import annotations

import argparse

from .sheet_update import count, finish_update, open_for_update
from .terminal_text import echo


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``votes`` subcommand."""
    parser = sub.add_parser(
        "votes",
        help="record one voting table's tally from a CSV (candidate, votes)",
        description=(
            "Record the votes counted at one voting table from a CSV or Excel file with the columns "
            "candidate (a candidate priority's title or id) and votes (a whole number; blank: not "
            "counted). Candidates the file does not list keep their counts. Nothing is written when any "
            "row is invalid, or when the table would have more votes than its participants had to give "
            "(unless --force)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file to update")
    parser.add_argument("tally", metavar="TALLY.csv", help="the tally to read (.csv or .xlsx)")
    parser.add_argument("--table", metavar="NAME", required=True,
                        help="the voting table that counted these votes (as named in the workshop)")
    parser.add_argument("--force", action="store_true",
                        help="record a tally over the table's vote budget (a warning instead of an error)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read and check both files, record the tally, and save FILE when anything changed."""
    from ..model.problems import InputError, Problem
    from ..model.tally_csv import apply_tally, read_tally

    ws = open_for_update(args.file, args.tally)
    tally = read_tally(args.tally)
    result = apply_tally(ws, args.table, tally, str(args.file), str(args.tally))
    warnings = list(tally.warnings)
    if result.over_budget:
        if not args.force:
            raise InputError(Problem(f"{result.over_budget} Nothing was written: check the tally (--force "
                                     "records it as it is)", file=str(args.tally)))
        warnings.append(Problem(f"{result.over_budget} Recorded as it is (--force)", file=str(args.tally)))
    if result.not_in_file:
        n = len(result.not_in_file)
        warnings.append(Problem(f"{count(n, 'candidate')} of the workshop {'is' if n == 1 else 'are'} "
                                f"not in the tally; {'its count' if n == 1 else 'their counts'} at "
                                f"'{result.table.name}' kept as {'it is' if n == 1 else 'they are'}",
                                file=str(args.tally)))
    finish_update(result.workshop, str(args.file), warnings, result.changed)
    echo(f"{args.file}: {result.table.name}: {count(result.counted, 'count')} recorded"
         + (f", {result.not_counted:,} not counted" if result.not_counted else "")
         + ("" if result.changed else "; nothing changed, the file is left as it was"))
    return 0
