"""Shared plumbing for subcommands: check inputs, refuse to overwrite them, write outputs atomically.

Every output goes through ``atomic_write`` so that a failed or interrupted command leaves either the
old file or nothing, never half a file; an output that names an input is refused before any work.
"""

from __future__ import annotations

import os
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


def _same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file (through links, ``..`` or a different spelling)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def refuse_overwriting_inputs(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """Raise InputError when an output would replace an input file, or two outputs are one file."""
    outs = [Path(o) for o in outputs]
    ins = [Path(i) for i in inputs]
    problems: list[Problem] = []
    for n, out in enumerate(outs):
        for inp in ins:
            if _same_file(out, inp):
                problems.append(Problem(f"refusing to write over the input file {inp}", file=str(out)))
        for earlier in outs[:n]:
            if _same_file(out, earlier):
                problems.append(Problem("the same file is named for two outputs", file=str(out)))
    if problems:
        raise InputError(problems)


def check_output_folder(path: str | Path) -> None:
    """Raise InputError when the output's folder is missing or the output is a folder."""
    p = Path(path)
    if p.is_dir():
        raise InputError(Problem("is a folder, not a file", file=str(path)))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(Problem(f"cannot write: folder {parent} does not exist", file=str(path)))


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
