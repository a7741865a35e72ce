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
from .app_start import run_app_command
from .stop_signals import Stopped, stop_signals_raise
from .terminal_text import shown
from .version import add_version_option, asks_for_version, version_line

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
        epilog="The app: 'intercept-mapper [FILE]' opens it (on FILE); 'intercept-mapper --smoke-test FILE' "
               "opens it on FILE, waits until the window is whole and painted and quits (0, or 1 with an "
               "error line); 'intercept-mapper --install-desktop' adds it to a Linux desktop's menus. "
               "--version works after any command.",
    )
    add_version_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    for command in sub.choices.values():
        add_version_option(command)
    return parser


def command_name(module_name: str) -> str:
    """The subcommand a module of COMMAND_MODULES registers: ``import_worksheet_command`` is
    ``import-worksheet`` (a test holds every module to it)."""
    return module_name.removesuffix("_command").replace("_", "-")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if asks_for_version(args_list):  # on every command, before anything else is read or checked
        print(version_line())
        return 0
    commands = [command_name(m) for m in COMMAND_MODULES]
    if not args_list or (args_list[0] not in commands and args_list[0] not in ("-h", "--help")):
        # The app (or a mistyped command), without loading the subcommands: the app starts sooner.
        return run_app_command(args_list, commands)
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
