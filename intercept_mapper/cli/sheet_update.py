"""What ``import-plans`` and ``votes`` share: a workshop FILE updated in place from a spreadsheet.

FILE is both input and output: it is saved atomically (the previous version kept as ``.bak``) when
anything changed, or not at all when the result would not load again. The spreadsheet is only read.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.problems import Problem
from ..model.workshop import Workshop
from .output import print_warnings, require_input_file, save_workshop_output


def count(n: int, word: str) -> str:
    """``1 step``, ``1,200 steps``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def open_for_update(file: str, sheet: str) -> Workshop:
    """FILE loaded, once both files exist and FILE may be replaced (never the sheet, nor anything where
    FILE's ``.bak`` goes)."""
    from ..model.output_rules import check_workshop_output
    from ..model.simmap_file import load_workshop

    require_input_file(file)
    require_input_file(sheet)
    check_workshop_output(file, [sheet], force=True)  # force: FILE is meant to be replaced
    return load_workshop(file)


def finish_update(updated: Workshop, file: str, warnings: Iterable[Problem], changed: bool) -> None:
    """Refuse a result the loader would refuse; print the warnings; save FILE when anything changed."""
    from ..model.limits import MAX_WARNINGS
    from ..model.problems import InputError, summarised
    from ..model.simmap_file import check_workshop

    problems = check_workshop(updated, source=file)
    if problems:
        raise InputError(problems)
    print_warnings(summarised(list(warnings), MAX_WARNINGS))
    if changed:
        save_workshop_output(updated, file)
