"""``intercept-mapper import-plans FILE PLANS.csv``: bring a committee's edited action plans back.

FILE is both the input and the output: it is saved atomically (the previous version kept as ``.bak``),
or not at all when any row of the CSV is invalid. The CSV is only read. See ``model/plans_csv.py``.
"""

from __future__ import annotations

import argparse

from .sheet_update import count, finish_update, open_for_update
from .terminal_text import echo


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import-plans`` subcommand."""
    parser = sub.add_parser(
        "import-plans",
        help="update the workshop's action plans from a plans CSV",
        description=(
            "Update the action plans of FILE from a CSV with the columns priority, objective, step and "
            "optionally who, when, status, notes (as 'export --plans' writes it). Steps are matched by "
            "priority, objective and step text: a matched step takes the row's who, when, status and "
            "notes; a row that matches nothing is added. Nothing is deleted. Nothing is written when "
            "any row is invalid."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file to update")
    parser.add_argument("plans", metavar="PLANS.csv", help="the plans CSV to read")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read and check both files, apply the rows, and save FILE when anything changed."""
    from ..model.plans_csv import apply_plans, read_plans
    from ..model.problems import Problem

    ws = open_for_update(args.file, args.plans)
    plans = read_plans(args.plans)
    result = apply_plans(ws, plans.rows)
    warnings = list(plans.warnings)
    if result.steps_not_in_file:
        warnings.append(Problem(
            f"{count(result.steps_not_in_file, 'step')} of the workshop "
            f"{'is' if result.steps_not_in_file == 1 else 'are'} not in {args.plans}; kept as "
            f"{'it is' if result.steps_not_in_file == 1 else 'they are'}", file=str(args.file)))
    finish_update(result.workshop, str(args.file), warnings, result.changed)
    added = [count(n, w) for n, w in ((result.objectives_added, "objective"), (result.plans_added, "plan"))
             if n]
    echo(f"{args.file}: {count(result.steps_updated, 'step')} updated, {count(result.steps_added, 'step')} "
         f"added" + (f" ({', '.join(added)} added)" if added else "")
         + ("" if result.changed else "; nothing changed, the file is left as it was"))
    return 0
