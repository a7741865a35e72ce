"""Issue 13: the inspector and the inline title editor cannot store what the loader would refuse."""

from __future__ import annotations

from window_helpers import make_window

from intercept_mapper.model.limits import MAX_LONG_TEXT, MAX_SHORT_TEXT
from intercept_mapper.model.simmap_file import loads_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.map.inline_title_editor import clean_title
from intercept_mapper.ui.panels.inspector import PAGE_INFO, PAGE_POINT


def test_inspector_refuses_text_the_file_could_not_hold_and_keeps_the_old_value(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    point = window.document.workshop.points[0]
    window.canvas.select_ids([point.id])
    assert window.inspector.current_page() == PAGE_POINT
    title = window.inspector.binding(PAGE_POINT, "title")
    before = point.title
    for bad in ("Arrest \uffff", "x" * (MAX_SHORT_TEXT + 1)):
        title.widget.setText(bad)
        title.widget.textEdited.emit(bad)
        assert point.title == before
        assert title.widget.toolTip().startswith("Title ")
    title.widget.setText("Arrest and booking")
    title.widget.textEdited.emit("Arrest and booking")
    assert point.title == "Arrest and booking" and title.widget.toolTip() == ""

    background = window.inspector.binding(PAGE_INFO, "background")
    background.widget.setPlainText("b" * (MAX_LONG_TEXT + 1))
    assert window.document.workshop.info.background != "b" * (MAX_LONG_TEXT + 1)
    assert "at most 20,000 are allowed" in background.widget.toolTip()
    # What the app holds still saves into a file the loader opens.
    from intercept_mapper.model.simmap_file import dumps_workshop

    loads_workshop(dumps_workshop(window.document.workshop))


def test_the_inline_title_editor_keeps_a_title_the_file_can_hold() -> None:
    assert clean_title("Arrest \uffff\ud800 now") == "Arrest now"
    assert clean_title("y" * (MAX_SHORT_TEXT + 50)) == "y" * MAX_SHORT_TEXT
