"""The one-time costs of a session's first edit are paid while the window is idle after it opened
(``ui/window/first_edit_warm_up.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from window_helpers import make_window

from intercept_mapper.model import theme_suggestion


def test_the_theme_patterns_are_compiled_once_the_late_panels_are_built(qtbot, monkeypatch) -> None:
    theme_suggestion._compiled.cache_clear()  # noqa: SLF001 - compiled on first use
    window = make_window(qtbot, monkeypatch)
    window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
    for _ in range(3):
        QApplication.processEvents()
    assert theme_suggestion._compiled.cache_info().currsize == 1  # noqa: SLF001
