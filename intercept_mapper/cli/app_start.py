"""Starting the desktop app from the command line: ``intercept-mapper [FILE]``, ``--smoke-test FILE``,
``--install-desktop``, and ``intercept-mapper-gui [FILE]`` (the ``gui-scripts`` entry, no console).

What is not a command must be a workshop file: a word such as ``expotr`` that names no file is a
mistyped command (usage error, exit 2), a missing file is an ``error:`` (exit 1), and on Linux without
a display the app says how to run it instead of letting Qt abort the process.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from .terminal_text import shown
from .version import add_version_option

PROG = "intercept-mapper"
APP_USAGE = f"{PROG} [-h] [--version] [FILE | --smoke-test FILE | --install-desktop | COMMAND ...]"
# A word that could only be a (mistyped) command: letters and hyphens, no dot, no folder.
_COMMAND_LIKE = re.compile(r"[A-Za-z][A-Za-z-]*")


class _AppParser(argparse.ArgumentParser):
    """The app's options; a usage error shows the argument escaped (exit 2)."""

    def error(self, message: str):  # type: ignore[override] - NoReturn, as argparse's
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {shown(message)}\n")


def app_parser() -> argparse.ArgumentParser:
    """The parser for the app's own arguments (no subcommand)."""
    parser = _AppParser(
        prog=PROG, usage=APP_USAGE,
        description="Opens the desktop app (on FILE if given). Commands: intercept-mapper COMMAND --help.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a .simmap workshop file to open")
    parser.add_argument("--smoke-test", metavar="FILE", dest="smoke_test",
                        help="open the app on FILE, wait until the window is whole and painted, quit: "
                             "exit 0, or 1 with an error line")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add Intercept Mapper to this user's desktop menus (Linux: .desktop entry, "
                             "icon, .simmap file type) and exit")
    add_version_option(parser)
    return parser


def unknown_command(parser: argparse.ArgumentParser, word: str, commands: Iterable[str]) -> int:
    """Say that ``word`` is no command, as argparse says an invalid choice (exit 2)."""
    import difflib

    names = list(commands)
    close = difflib.get_close_matches(word, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    choices = ", ".join(f"'{name}'" for name in names)
    parser.print_usage(sys.stderr)
    print(f"{PROG}: error: argument COMMAND: invalid choice: {shown(repr(word))} (choose from {choices}, "
          f"or give a workshop FILE that exists){hint}", file=sys.stderr)
    return 2


def display_problem() -> str | None:
    """Why the app cannot open a window here (Linux without a display), or None."""
    if sys.platform in ("win32", "darwin") or sys.platform.startswith("cygwin"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("error: no display to open the app on (DISPLAY and WAYLAND_DISPLAY are not set): for a headless "
            f"check run QT_QPA_PLATFORM=offscreen {PROG} --smoke-test FILE, to use it run xvfb-run {PROG} "
            f"FILE; the commands ({PROG} --help) need no display")


def run_app_command(args_list: list[str], commands: Iterable[str]) -> int:
    """``intercept-mapper`` without a subcommand: the app, its smoke test, or the desktop files."""
    if len(args_list) == 1 and not args_list[0].startswith("-"):
        # The usual start (a file from the desktop or the shell), without building the parser (~2 ms).
        file: str | None = args_list[0]
        smoke, install = None, False
        if not Path(file).exists() and _COMMAND_LIKE.fullmatch(file):
            return unknown_command(app_parser(), file, commands)
    else:
        parser = app_parser()
        args, extra = parser.parse_known_args(args_list)
        positionals = [a for a in extra if not a.startswith("-") or a == "-"]
        file, smoke, install = args.file, args.smoke_test, args.install_desktop
        # A mistyped command, with or without its arguments and options.
        if file is not None and (positionals or (not Path(file).exists() and _COMMAND_LIKE.fullmatch(file))):
            return unknown_command(parser, file, commands)
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if sum(bool(x) for x in (file, smoke, install)) > 1:
            parser.error("give one of FILE, --smoke-test FILE and --install-desktop")
    if install:
        return _install_desktop()
    target = smoke or file
    if target is not None and not Path(target).exists():
        print(shown(f"error: {target}: no such file"), file=sys.stderr)
        return 1
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if smoke is not None:
        from ..ui.smoke_test import run_smoke_test  # Qt only now

        return run_smoke_test(Path(smoke))
    return start_app(file)


def start_app(file: str | None) -> int:
    """Open the desktop app (on ``file``); returns its exit status."""
    from ..ui import startup_gc

    startup_gc.pause()  # until the window is whole (``run_app`` resumes it): see ui/startup_gc.py
    # The Qt-free parts of the first paint load before Qt: once PySide6 is loaded it hooks every later
    # import and reads the module's source (for its ``__feature__`` switches), some 15-20 ms here.
    from .. import paths, resources  # noqa: F401
    from ..model import document, ids, map_geometry, map_preview  # noqa: F401
    from ..ui.files import recovery_copies  # noqa: F401
    # isort: split
    from ..ui.app import run_app  # Qt is imported only when the app is wanted

    return run_app(file)


def _install_desktop() -> int:
    if sys.platform in ("win32", "darwin"):
        print("error: --install-desktop is for Linux desktops (freedesktop.org menus); on Windows and macOS "
              "use the installer or the app bundle", file=sys.stderr)
        return 1
    from ..desktop_integration import install_desktop

    try:
        said = install_desktop()
    except OSError as exc:
        print(shown(f"error: {exc.filename or 'desktop files'}: cannot write: {exc.strerror or exc}"),
              file=sys.stderr)
        return 1
    for line in said:
        print(shown(line), file=sys.stderr if line.startswith("warning:") else sys.stdout)
    return 0


def gui_main(argv: list[str] | None = None) -> int:
    """``intercept-mapper-gui [FILE]``: the app, started from a desktop menu or a file manager."""
    # Started without a console (pythonw on Windows), the standard streams may be missing: messages
    # must not fail for it.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = app_parser()
    parser.prog = f"{PROG}-gui"
    args = parser.parse_args(args_list)
    if args.install_desktop:
        return _install_desktop()
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if args.smoke_test:
        if not Path(args.smoke_test).exists():
            print(shown(f"error: {args.smoke_test}: no such file"), file=sys.stderr)
            return 1
        from ..ui.smoke_test import run_smoke_test

        return run_smoke_test(Path(args.smoke_test))
    # A missing FILE is said in the window (nobody reads a console here).
    return start_app(args.file)
