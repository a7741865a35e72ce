"""Which outputs a command may write, checked before any work: never one of its inputs (through links,
hard links and other spellings), never a device, pipe, socket or folder, and never a workshop file it
was not asked to replace (exports never replace one; ``new`` and ``import-worksheet`` need ``--force``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from .atomic_write import backup_path
from .problems import InputError, Problem

_WORKSHOP_NAMES = (".simmap", ".simmap.bak")
# Every .simmap file starts with its format marker; 4 KB is far more than any file puts before it.
_WORKSHOP_HEAD = re.compile(rb'"format"\s*:\s*"intercept-mapper"')
_HEAD_BYTES = 4096


def check_export_outputs(outputs: Sequence[str | Path], inputs: Iterable[str | Path]) -> None:
    """Raise InputError naming every export output (PDF, image, CSV) that may not be written.

    ``inputs`` are the files the command reads (a folder's files listed one by one, as it reads them).
    """
    ins = [Path(i) for i in inputs]
    problems: list[Problem] = []
    for n, out in enumerate(Path(o) for o in outputs):
        found = _folder_name_problems(outputs[n]) or _place_problems(out) + _input_problems(out, ins)
        found += [Problem("the same file is named for two outputs", file=str(out))
                  for earlier in outputs[:n] if _same_file(out, Path(earlier))]
        if not found and _is_workshop(out):
            found.append(Problem("is a workshop file; an export never replaces one (choose another name)",
                                 file=str(out)))
        problems += found
    if problems:
        raise InputError(problems)


def check_workshop_output(output: str | Path, inputs: Iterable[str | Path], *, force: bool) -> None:
    """Raise InputError when a workshop may not be written to ``output``.

    An existing output is replaced only with ``force``, and then its previous version goes to
    ``NAME.bak``, which is held to the same rules (never an input, never a pipe or device).
    """
    out = Path(output)
    ins = [Path(i) for i in inputs]
    problems = _folder_name_problems(output) or _place_problems(out) + _input_problems(out, ins)
    if not problems and _exists(out):
        if not force:
            problems.append(Problem("already exists; choose another name or pass --force (the old file "
                                    f"is then kept as {backup_path(out).name})", file=str(out)))
        else:
            kept = backup_path(Path(os.path.realpath(out)))  # beside the file a link points to
            problems += _place_problems(kept) + _input_problems(kept, ins)
    if problems:
        raise InputError(problems)


# ----------------------------------------------------------------------------- the rules
def _folder_name_problems(output: str | Path) -> list[Problem]:
    """A name ending in a slash names a folder (``Path`` would drop the slash and write a file)."""
    text = str(output) if isinstance(output, str) else ""
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        return [Problem("names a folder, not a file", file=text)]
    return []


def _place_problems(out: Path) -> list[Problem]:
    """An output must be a regular file or nothing yet, in a folder that exists."""
    try:
        st = os.stat(out)  # through a link: the file that would be written
    except FileNotFoundError:
        st = None
    except OSError as exc:
        return [Problem(f"cannot write: {exc.strerror or exc}", file=str(out))]
    if st is not None and stat.S_ISDIR(st.st_mode):
        return [Problem("is a folder, not a file", file=str(out))]
    if st is not None and not stat.S_ISREG(st.st_mode):
        return [Problem("is not a regular file (a device, pipe or socket); refusing to replace it",
                        file=str(out))]
    folder = Path(os.path.realpath(out)).parent
    if not folder.is_dir():
        parent = out.parent if str(out.parent) else Path(".")
        return [Problem(f"cannot write: folder {parent} does not exist", file=str(out))]
    return []


def _input_problems(out: Path, inputs: list[Path]) -> list[Problem]:
    return [Problem(f"refusing to write over the input file {inp}", file=str(out))
            for inp in inputs if _same_file(out, inp)]


def _same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file (through links, hard links, ``..`` or another spelling)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _is_workshop(out: Path) -> bool:
    """True for an existing workshop file or backup: by its name, or by its format marker."""
    real = Path(os.path.realpath(out))
    if not real.is_file():
        return False
    if real.name.casefold().endswith(_WORKSHOP_NAMES) or out.name.casefold().endswith(_WORKSHOP_NAMES):
        return True
    try:
        with open(real, "rb") as f:
            head = f.read(_HEAD_BYTES)
    except OSError:
        return False  # unreadable: writing over it fails the same way
    return _WORKSHOP_HEAD.search(head) is not None
