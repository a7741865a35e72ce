"""``--set FIELD=VALUE`` (repeatable): the workshop's information fields, for ``info``, ``new`` and
``import-worksheet`` alike. A malformed assignment is a usage error; a bad value an ``error:`` line."""

from __future__ import annotations

import argparse
from typing import Any

from ..model.info_fields import INFO_FIELDS, Assignment, parse_assignments, split_assignment


def _assignment(text: str) -> Assignment:
    try:
        return split_assignment(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_set_option(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--set FIELD=VALUE`` to ``parser``; ``what`` says which workshop it sets."""
    parser.add_argument(
        "--set", dest="assignments", metavar="FIELD=VALUE", type=_assignment, action="append", default=[],
        help=f"set a field of {what} (repeatable); FIELD=@PATH reads the value from a UTF-8 text file "
        f"(@@ for a value starting with @). Fields: {', '.join(INFO_FIELDS)}",
    )


def parsed_assignments(args: argparse.Namespace, source: str) -> dict[str, Any]:
    """The checked values of every ``--set`` (InputError naming ``source`` and each bad field)."""
    return parse_assignments(args.assignments, source)


def value_files(args: argparse.Namespace) -> list[str]:
    """The files ``--set FIELD=@PATH`` reads: inputs, so no output may be one of them."""
    return [a.value[1:] for a in args.assignments if a.value.startswith("@") and not a.value.startswith("@@")
            and len(a.value) > 1]
