"""``--version`` on every command: ``intercept-mapper X.Y.Z``, from the installed package's metadata."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ..about import DIST_NAME, version


def version_line() -> str:
    """What ``--version`` prints."""
    return f"{DIST_NAME} {version()}"


def asks_for_version(args: Sequence[str]) -> bool:
    """True when ``--version`` is among the options (before a ``--`` that ends them)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == "--version":
            return True
    return False


class VersionAction(argparse.Action):
    """``--version``: prints ``intercept-mapper X.Y.Z`` and exits 0 (the version is read only then)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the program's version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        print(version_line(), file=sys.stdout)
        parser.exit(0)


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``--version`` option."""
    parser.add_argument("--version", action=VersionAction)
