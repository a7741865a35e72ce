"""The desktop app (PySide6): the main window, the map canvas and the panels around it.

Grouped by concern: ``app`` (the entry) and ``startup_gc`` (start-up); ``commands`` and
``intercept_moves`` (the undo commands, the one door to the document); ``window/`` (the main window,
its actions, layout, themes, status bar and presentation mode); ``files/`` (the open workshop, files,
export, recovery copies, settings); ``dialogs/`` (export, rollup, compare); ``map/`` (the canvas);
``panels/`` (the docks around it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .window.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: ``ui.app`` paints the map before the window's heavier parts are imported.
    if name == "MainWindow":
        from .window.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
