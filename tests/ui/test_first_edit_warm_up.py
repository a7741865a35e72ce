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


def test_a_title_editor_is_made_once_off_the_map_in_the_chips_font(qtbot, monkeypatch) -> None:
    # The first editor's one-time costs (its parts' classes, the fonts laid out) are paid at idle; the
    # editor made for that is nowhere afterwards.
    from intercept_mapper.ui.map import inline_title_editor
    from intercept_mapper.ui.map.finding_chip import chip_font

    made = []
    init = inline_title_editor.InlineTitleEditor.__init__

    def counted(editor, item_id, text, rect, font, theme, cover=None):  # noqa: ANN001, ANN202
        made.append(font.pixelSize())
        init(editor, item_id, text, rect, font, theme, cover)

    monkeypatch.setattr(inline_title_editor.InlineTitleEditor, "__init__", counted)
    window = make_window(qtbot, monkeypatch)
    window.priorities_panel  # noqa: B018 - the late panels, built as after a first paint
    for _ in range(3):
        QApplication.processEvents()
    assert made == [chip_font(window.canvas.scene.theme()).pixelSize()]
    assert not any(isinstance(item, inline_title_editor.InlineTitleEditor)
                   for item in window.canvas.scene.items())
    assert not window.canvas.fast_entry.is_editing()
