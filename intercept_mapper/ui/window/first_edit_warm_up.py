"""One-time costs of a session's first edit, paid while the window is idle after it opened.

The first gap added in a session took 80-90 ms CPU at 3,000 items against ~35 for the next ones
(``bench_window.py 3000``, per-run times): PySide finding the Python class of the title editor's text
control the first time one is asked for (and building the enum classes that takes, ~10 ms), the
theme suggestion's patterns compiled on first use (~9 ms), and the outline's first look at its rows
on screen. Each is asked for once here, a turn after the late panels are built; nothing on screen
changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model.theme_suggestion import suggest_theme
from ..map.inline_title_editor import warm_up_text_control

if TYPE_CHECKING:
    from .main_window import MainWindow


def warm_up_first_edit(window: MainWindow) -> None:
    """Pay now what the first edit of the session would pay."""
    suggest_theme("warm up")  # compiles the theme rules' patterns
    warm_up_text_control()
    tree = getattr(window.outline, "tree", None)  # (a window opened on a preview may hold an empty place)
    if tree is not None:
        tree.rows_on_screen()
