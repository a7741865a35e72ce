"""``intercept-mapper import-plans FILE PLANS.csv``: bring a committee's edited action plans back.

FILE is both the input and the output: it is saved atomically (the previous version kept as ``.bak``),
or not at all when any row of the CSV is invalid. The CSV is only read. See ``model/plans_csv.py``.
"""

from __future__ import annotations

import argparse

from .output import print_warnings, require_input_file, save_workshop_output
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


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    """Read and check both files, apply the rows, and save FILE when anything changed."""
    from ..model.limits import MAX_WARNINGS
    from ..model.output_rules import check_workshop_output
    from ..model.plans_csv import apply_plans, read_plans
    from ..model.problems import InputError, Problem, summarised
    from ..model.simmap_file import check_workshop, load_workshop

    require_input_file(args.file)
    require_input_file(args.plans)
    # FILE is replaced (force: it is meant to be), never the CSV, nor anything where FILE's .bak goes.
    check_workshop_output(args.file, [args.plans], force=True)
    ws = load_workshop(args.file)
    plans = read_plans(args.plans)
    result = apply_plans(ws, plans.rows)
    problems = check_workshop(result.workshop, source=str(args.file))
    if problems:
        raise InputError(problems)
    warnings = list(plans.warnings)
    if result.steps_not_in_file:
        warnings.append(Problem(
            f"{_count(result.steps_not_in_file, 'step')} of the workshop "
            f"{'is' if result.steps_not_in_file == 1 else 'are'} not in {args.plans}; kept as "
            f"{'it is' if result.steps_not_in_file == 1 else 'they are'}", file=str(args.file)))
    print_warnings(summarised(warnings, MAX_WARNINGS))
    if result.changed:
        save_workshop_output(result.workshop, args.file)
    added = [_count(n, w) for n, w in ((result.objectives_added, "objective"), (result.plans_added, "plan"))
             if n]
    echo(f"{args.file}: {_count(result.steps_updated, 'step')} updated, {_count(result.steps_added, 'step')} "
         f"added" + (f" ({', '.join(added)} added)" if added else "")
         + ("" if result.changed else "; nothing changed, the file is left as it was"))
    return 0
