"""Shared plumbing for subcommands: check inputs, write outputs atomically, print warnings.

Every output goes through ``atomic_write`` so that a failed or interrupted command leaves either the
old file or nothing, never half a file; which outputs may be written at all is ``model.output_rules``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from ..model.problems import InputError, Problem
from .terminal_text import shown


def require_input_file(path: str | Path) -> Path:
    """The input path, or an InputError naming it when it is missing or not a regular file."""
    p = Path(path)
    if not p.exists():
        raise InputError(Problem("no such file", file=str(path)))
    if not p.is_file():
        raise InputError(Problem("not a regular file", file=str(path)))
    return p


def write_output_bytes(path: str | Path, data: bytes) -> None:
    """Write an output file atomically; a failure becomes an InputError naming the file."""
    from ..model.atomic_write import atomic_write_bytes

    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise InputError(Problem(f"cannot write: {exc.strerror or exc}", file=str(path))) from exc


def save_workshop_output(workshop: object, path: str | Path) -> None:
    """Save a workshop atomically (keeping any previous file as a backup); failures name the file."""
    from ..model.simmap_file import save_workshop

    try:
        save_workshop(workshop, path, backup=True)  # type: ignore[arg-type]
    except OSError as exc:
        raise InputError(Problem(f"cannot write: {exc.strerror or exc}", file=str(path))) from exc


def print_warnings(problems: Iterable[Problem | str]) -> None:
    """Print each problem as a ``warning: ...`` line on standard error."""
    for problem in problems:
        print(shown(f"warning: {problem}"), file=sys.stderr)  # paths and cells may hold ESC or newlines
