"""``intercept-mapper themes FILE [--apply-suggestions] [--json]``: the theme each unthemed gap and
resource's words suggest (``model.theme_apply``), as the app's inspector offers it.

Without ``--apply-suggestions`` the file is only read and the suggestions are listed. With it, every
suggestion is set and the file is saved atomically (the previous version kept as ``.bak``), then what
was set is listed; with nothing to set the file is left as it is, byte for byte. An item that already
has a theme is never changed.
"""

from __future__ import annotations

import argparse

from .output import require_input_file, save_workshop_output
from .terminal_text import echo, json_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``themes`` subcommand."""
    parser = sub.add_parser(
        "themes",
        help="list (or set) the suggested theme of every unthemed gap and resource",
        description="List the theme suggested by the words of each gap and resource that has no theme "
        "(as the app's inspector suggests it). With --apply-suggestions, set them and save the file "
        "atomically (the previous version kept as .bak); items that have a theme are never changed.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file")
    parser.add_argument("--apply-suggestions", action="store_true",
                        help="set the suggested themes and save the file")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List the suggestions, or set them, save, and list what was set."""
    from ..model.simmap_file import load_workshop
    from ..model.theme_apply import apply_theme_suggestions, theme_suggestions
    from ..model.theme_suggestion import theme_label

    path = require_input_file(args.file)
    ws = load_workshop(path)
    found, without = theme_suggestions(ws)
    if args.apply_suggestions and found:
        found = apply_theme_suggestions(ws)
        save_workshop_output(ws, args.file)
    applied = bool(args.apply_suggestions)
    if args.json:
        print(json_text({"file": str(args.file), "applied": applied and bool(found),
                         "suggestions": [s.as_json() for s in found], "no_suggestion": without}))
        return 0
    if not found:
        echo("No theme to suggest: every gap and resource has a theme, or its words suggest none.")
    else:
        verb = "Set" if applied else "Suggested (not saved; --apply-suggestions sets them)"
        echo(f"{verb}: {len(found)} theme{'s' if len(found) != 1 else ''}")
        for s in found:
            where = "cross-intercept" if s.intercept == "X" else f"intercept {s.intercept}"
            echo(f"  {s.kind} '{s.title}' [{where}]: {theme_label(s.theme)} ({s.theme})")
    if without:
        echo(f"{without} unthemed item{'s' if without != 1 else ''} with no suggestion (the words point "
             "to no theme, or to two): give them a theme in the app's inspector or the worksheet.")
    return 0
