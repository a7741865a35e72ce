"""``intercept-mapper info FILE [--json] [--set FIELD=VALUE]...``: read or write the workshop's
information and report text. Without ``--set`` the file is only read; with it, every value is checked
first and the file is saved atomically (the previous version kept as ``.bak``) or not at all."""

from __future__ import annotations

import argparse

from .output import require_input_file, save_workshop_output
from .set_option import add_set_option, parsed_assignments
from .terminal_text import echo, json_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``info`` subcommand."""
    parser = sub.add_parser(
        "info",
        help="print or set the workshop's information and report text",
        description="Print the workshop's information and report text, or set fields with --set. "
        "dates: ISO dates separated by commas; facilitators: names separated by ';'; attendance, "
        "report_date, votes_per_participant: empty for not recorded; status: draft or final.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file")
    parser.add_argument("--json", action="store_true", help="print one JSON object of every field")
    add_set_option(parser, "the workshop")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the fields, or check and save the assignments (then print nothing, or the JSON)."""
    from ..model.info_fields import apply_values, info_json
    from ..model.problems import InputError
    from ..model.simmap_file import check_workshop, load_workshop

    path = require_input_file(args.file)
    ws = load_workshop(path)
    if args.assignments:
        values = parsed_assignments(args, str(args.file))
        changed = apply_values(ws, values)
        problems = check_workshop(changed, source=str(args.file))
        if problems:
            raise InputError(problems)
        if changed != ws:  # the same values again: the file stays as it is, byte for byte
            save_workshop_output(changed, args.file)
        ws = changed
        if not args.json:
            return 0
    if args.json:
        print(json_text(info_json(ws)))
    else:
        _print_fields(ws)
    return 0


def _print_fields(ws: object) -> None:
    from ..model.info_fields import INFO_FIELDS, LONG_FIELDS, format_value, info_values, unset_words

    width = max(len(name) for name in INFO_FIELDS) + 1
    for name, value in info_values(ws).items():  # type: ignore[arg-type]
        text = format_value(name, value)
        label = f"{name + ':':<{width}}"
        if not text:
            echo(f"{label} {unset_words(name)}")
        elif name in LONG_FIELDS or "\n" in text:
            echo(f"{name}:")
            for line in text.split("\n"):  # every other control character is shown escaped
                echo(f"    {line}".rstrip())
        else:
            echo(f"{label} {text}")
