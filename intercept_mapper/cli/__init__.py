"""The ``intercept-mapper`` command line: the app when given no command, or one subcommand.

Each subcommand lives in its own ``*_command.py`` module with ``register(subparsers)``, which adds its
parser and sets ``run=function(args) -> int``. Exit status: 0 success, 1 invalid input or failed
work (``error:`` lines on standard error, never a traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..model.problems import InputError
from .stop_signals import Stopped, stop_signals_raise
from .terminal_text import shown

# Module names under intercept_mapper.cli, in the order ``--help`` lists them.
COMMAND_MODULES = [
    "new_command",
    "import_worksheet_command",
    "validate_command",
    "info_command",
    "export_command",
    "import_plans_command",
    "votes_command",
    "plan_command",
    "roster_command",
    "rollup_command",
    "compare_command",
    "themes_command",
    "room_command",
]


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a usage error quoting an argument (a path, a title) shows it escaped."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {shown(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand (the app itself is handled before it)."""
    parser = _Parser(
        prog="intercept-mapper",
        description="Sequential Intercept Model mapping workshops. With no command, opens the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def command_name(module_name: str) -> str:
    """The subcommand a module of COMMAND_MODULES registers: ``import_worksheet_command`` is
    ``import-worksheet`` (a test holds every module to it)."""
    return module_name.removesuffix("_command").replace("_", "-")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    commands = {command_name(m) for m in COMMAND_MODULES}
    if not args_list or (args_list[0] not in commands and args_list[0] not in ("-h", "--help")):
        return _run_app(args_list)  # without loading the subcommands: the app starts sooner
    _print_in_utf8()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        with stop_signals_raise():
            return int(args.run(args) or 0)
    except InputError as exc:
        for line in exc.lines():
            print(shown(line), file=sys.stderr)  # a newline or ESC in a path or title stays in its line
        return 1
    except Stopped as exc:
        print(f"error: stopped by {exc.signal_name}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``intercept-mapper plan FILE | head``): nothing is wrong with the work,
        # so say nothing, and stop Python from failing again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - the contract: no traceback, one error line
        if os.environ.get("INTERCEPT_MAPPER_DEBUG"):
            raise
        line = f"error: {args.command}: unexpected failure: {type(exc).__name__}: {exc}"
        print(shown(line), file=sys.stderr)
        return 1


def _print_in_utf8() -> None:
    """Write standard output and error as UTF-8 whatever the system's code page.

    On Windows, output sent to a file or a pipe (``plan FILE > plan.txt``, the app's export child)
    is in the ANSI code page, which cannot hold every title (a CJK or Cyrillic name failed the command).
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            # ValueError, OSError: already written to, or not a text stream we may change.
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(encoding="utf-8")


def _run_app(args_list: list[str]) -> int:
    from ..ui import startup_gc

    startup_gc.pause()  # until the window is whole (``run_app`` resumes it): see ui/startup_gc.py
    if len(args_list) == 1 and not args_list[0].startswith("-"):
        file: str | None = args_list[0]  # what the parser below makes of it, without its ~2 ms
    else:
        parser = _Parser(prog="intercept-mapper", description="Open the desktop app.")
        parser.add_argument("file", nargs="?", help="a .simmap workshop file to open")
        file = parser.parse_args(args_list).file
    # The Qt-free parts of the first paint load before Qt: once PySide6 is loaded it hooks every later
    # import and reads the module's source (for its ``__feature__`` switches), some 15-20 ms here.
    from .. import paths, resources  # noqa: F401
    from ..model import document, ids, map_geometry, map_preview  # noqa: F401
    from ..ui.files import recovery_copies  # noqa: F401
    # isort: split
    from ..ui.app import run_app  # Qt is imported only when the app is wanted

    return run_app(file)
