"""``intercept-mapper import-worksheet``: build a workshop file from a worksheet CSV (and participants)."""

from __future__ import annotations

import argparse

from ..model.intercept_presets import DEFAULT_PRESET, preset_names
from ..model.output_rules import check_workshop_output
from ..model.problems import InputError, Problem
from .output import print_warnings, require_input_file, save_workshop_output
from .set_option import add_set_option, parsed_assignments, value_files


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import-worksheet`` subcommand."""
    parser = sub.add_parser(
        "import-worksheet",
        help="build a workshop file from a worksheet CSV or Excel workbook",
        description=(
            "Build a workshop file from a worksheet CSV (columns intercept, kind, title, and optionally "
            "description, follows, at_point, organisation, votes or votes:TABLE per voting table, rank, "
            "theme) or an Excel workbook (.xlsx: its sheet 'worksheet', else the first; sheets "
            "'participants' (unless --participants is given) and 'plans' are imported too, as 'export "
            "--worksheet OUT.xlsx' writes them). CSV may be UTF-8, UTF-16 "
            "or Windows-1252, separated by commas, semicolons or tabs. Nothing is written when any row "
            "is invalid."
        ),
    )
    parser.add_argument("worksheet", metavar="WORKSHEET.csv", help="the worksheet to import (.csv or .xlsx)")
    parser.add_argument("--participants", metavar="PEOPLE.csv", help="participants CSV (or .xlsx) to add")
    parser.add_argument(
        "--preset", choices=preset_names(), default=DEFAULT_PRESET,
        help=f"intercept layout (default {DEFAULT_PRESET})",
    )
    parser.add_argument("-o", "--output", metavar="OUT.simmap", required=True, help="the file to write")
    parser.add_argument(
        "--force", action="store_true",
        help="replace an existing file (the old one is kept as a backup)",
    )
    add_set_option(parser, "the imported workshop")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read every input (the worksheet arrives laid out), check the result, then write it atomically."""
    from ..model.info_fields import apply_values
    from ..model.limits import MAX_WARNINGS
    from ..model.participants_csv import read_participants
    from ..model.problems import summarised
    from ..model.simmap_file import check_workshop
    from ..model.worksheet_csv import read_worksheet

    inputs = [args.worksheet] + ([args.participants] if args.participants else [])
    for path in inputs:
        require_input_file(path)
    check_workshop_output(args.output, inputs + value_files(args), force=args.force)

    # Read every input before giving up, so one run reports the problems of each.
    errors: list[Problem] = []
    imported = people = None
    values: dict[str, object] = {}
    try:
        values = parsed_assignments(args, str(args.output))
    except InputError as exc:
        errors.extend(exc.problems)
    try:
        imported = read_worksheet(args.worksheet, preset=args.preset)
    except InputError as exc:
        errors.extend(exc.problems)
    if args.participants:
        try:
            people = read_participants(args.participants)
        except InputError as exc:
            errors.extend(exc.problems)
    if errors or imported is None:
        raise InputError(errors)
    if people is None:
        people = imported.participants  # a workbook's own participants sheet
    workshop, warnings = apply_values(imported.workshop, values), list(imported.warnings)
    if people is not None:
        from ..model.seating import seat_tables

        # Where people sit makes the voting tables (system, community...), so per-table tallies work.
        workshop.voting.tables = seat_tables(workshop, people[0])
        workshop.participants.extend(people[0])
        warnings.extend(people[1])
    if imported.plans is not None:  # a workbook's plans sheet: the action plans, by candidate title
        from ..model.plans_csv import apply_plans

        workshop = apply_plans(workshop, imported.plans.rows).workshop
        warnings.extend(imported.plans.warnings)

    # The importers check their rows; this catches anything they let through before it reaches disk,
    # with the loader's own checks, so what import writes, every command opens.
    problems = check_workshop(workshop, source=str(args.output))
    if problems:
        raise InputError(problems)
    print_warnings(summarised(warnings, MAX_WARNINGS))
    save_workshop_output(workshop, args.output)
    return 0
