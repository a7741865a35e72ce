"""The user guide (docs/user-guide.md) stays true: its pictures exist, the shortcuts in its table are
the app's, and every command line it shows is one the command line accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from intercept_mapper.cli import build_parser
from intercept_mapper.ui.window import window_actions as wa

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = (DOCS / "user-guide.md").read_text(encoding="utf-8")

# Each shortcut the guide names, and the window action it belongs to.
SHORTCUTS = {
    "Ctrl+N": wa.ACTION_NEW, "Ctrl+O": wa.ACTION_OPEN, "Ctrl+S": wa.ACTION_SAVE,
    "Ctrl+Shift+S": wa.ACTION_SAVE_AS, "Ctrl+Z": wa.ACTION_UNDO, "Ctrl+Y": wa.ACTION_REDO,
    "Ctrl+Shift+H": wa.ACTION_SHOW_HISTORY, "Ctrl+Shift+P": wa.ACTION_ADD_POINT,
    "Ctrl+Shift+R": wa.ACTION_ADD_RESOURCE, "Ctrl+Shift+G": wa.ACTION_ADD_GAP, "Ctrl+L": wa.ACTION_CONNECT,
    "F2": wa.ACTION_RENAME, "Ctrl+D": wa.ACTION_DUPLICATE, "Ctrl+F": wa.ACTION_FIND,
    "Ctrl+0": wa.ACTION_FIT, "Ctrl+1": wa.ACTION_ZOOM_RESET, "F5": wa.ACTION_PRESENTATION_MODE,
    "Ctrl+Shift+M": wa.ACTION_FOCUS_MAP, "Ctrl+Shift+O": wa.ACTION_FOCUS_OUTLINE,
    "Ctrl+Shift+I": wa.ACTION_FOCUS_INSPECTOR, "Ctrl+Shift+A": wa.ACTION_FOCUS_ACTION_PLANS,
    "F7": wa.ACTION_PLANNING_VIEW, "Alt+0": wa.move_action_name("0"), "Alt+5": wa.move_action_name("5"),
    "Alt+X": wa.move_action_name("X"),
}


def test_every_picture_is_there_and_every_picture_is_used() -> None:
    shown = set(re.findall(r"\]\((images/[^)]+\.png)\)", GUIDE))
    assert shown and all((DOCS / name).is_file() for name in shown)
    assert {f"images/{p.name}" for p in (DOCS / "images").glob("*.png")} == shown


@pytest.mark.parametrize("keys", sorted(SHORTCUTS))
def test_each_shortcut_in_the_guide_is_the_apps(qtbot, keys: str) -> None:
    assert keys in GUIDE
    host = QWidget()
    qtbot.addWidget(host)
    action = wa.create_actions(host)[SHORTCUTS[keys]]
    assert QKeySequence(keys) in action.shortcuts(), (keys, [s.toString() for s in action.shortcuts()])


def test_every_menu_item_the_guide_names_exists() -> None:
    texts = {spec.text.replace("&", "").replace("\u2026", "…") for spec in wa.SPECS}
    for named in ("New…", "Save As…", "Import Worksheet…", "Export Report (PDF, HTML)…",
                  "Export Map Image (PNG, SVG)…", "Recover Unsaved Work…", "Compare With…", "Rollup…",
                  "Undo History", "Presentation Mode", "Action Plans Wide", "Connect Points…",
                  "Arrange Automatically"):
        assert named in texts, named
        assert named.rstrip("…") in GUIDE


def _command_lines() -> list[list[str]]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", GUIDE, flags=re.S):
        for line in block.splitlines():
            if line.startswith("intercept-mapper "):
                lines.append(shlex.split(line)[1:])
    return lines


@pytest.mark.parametrize("argv", _command_lines(), ids=lambda argv: " ".join(argv[:2]))
def test_each_command_in_the_guide_is_accepted(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)  # a usage error raises SystemExit
    assert args.run is not None
