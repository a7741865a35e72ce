"""The inspector's workshop page edits every WorkshopInfo field, including the data gathered beforehand."""

from __future__ import annotations

from window_helpers import make_window

from intercept_mapper.model.workshop import WorkshopInfo
from intercept_mapper.ui.panels.inspector import PAGE_INFO
from intercept_mapper.ui.window import window_actions as wa


def test_every_workshop_info_field_has_an_editor(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.inspector.current_page() == PAGE_INFO
    for name in WorkshopInfo.model_fields:
        binding = window.inspector.binding(PAGE_INFO, name)
        assert binding.widget.isEnabled() and not getattr(binding.widget, "isReadOnly", lambda: False)()


def test_data_summary_edit_reaches_the_document_and_undoes(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    binding = window.inspector.binding(PAGE_INFO, "data_summary")
    binding.widget.setPlainText("412 bookings with a mental-health flag in 2025.")
    assert window.document.workshop.info.data_summary == "412 bookings with a mental-health flag in 2025."
    window.action(wa.ACTION_UNDO).trigger()
    assert window.document.workshop.info.data_summary == ""
    assert binding.value() == ""
