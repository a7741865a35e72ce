"""One-time costs of a session's first edit, paid while the window is idle after it opened.

The first gap added in a session took 80-90 ms CPU at 3,000 items against ~35 for the next ones
(``bench_window.py 3000``, per-run times): PySide finding the Python class of the title editor's text
control the first time one is asked for (and building the enum classes that takes, ~10 ms), the
theme suggestion's patterns compiled on first use (~9 ms), the outline's first look at its rows
on screen, and the first title editor's own parts and fonts (~5 ms). Each is asked for once here, a
turn after the late panels are built; nothing on screen changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model.theme_suggestion import suggest_theme
from ..map.finding_chip import chip_font
from ..map.inline_title_editor import warm_up_editor, warm_up_text_control

if TYPE_CHECKING:
    from .main_window import MainWindow


def warm_up_first_edit(window: MainWindow) -> None:
    """Pay now what the first edit of the session would pay."""
    suggest_theme("warm up")  # compiles the theme rules' patterns
    scene = getattr(getattr(window, "canvas", None), "scene", None)
    if scene is not None:  # a title editor made once, in the font of a gap's or resource's title
        warm_up_editor(chip_font(scene.theme()), scene.theme())
    else:
        warm_up_text_control()
    tree = getattr(window.outline, "tree", None)  # (a window opened on a preview may hold an empty place)
    if tree is not None:
        tree.rows_on_screen()
