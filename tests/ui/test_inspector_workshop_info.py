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


def test_attendance_and_report_date_are_edited_and_undone(qtbot, monkeypatch) -> None:
    from datetime import date

    window = make_window(qtbot, monkeypatch)
    info = window.document.workshop.info
    before = (info.attendance, info.report_date)
    attendance = window.inspector.binding(PAGE_INFO, "attendance")
    attendance.widget.setValue(64)
    assert window.document.workshop.info.attendance == 64
    report_date = window.inspector.binding(PAGE_INFO, "report_date")
    report_date.widget.setText("2026-05-04")
    report_date.widget.editingFinished.emit()
    assert window.document.workshop.info.report_date == date(2026, 5, 4)
    report_date.widget.setText("May 4")  # not a date: refused, nothing changes
    report_date.widget.editingFinished.emit()
    assert window.document.workshop.info.report_date == date(2026, 5, 4)
    report_date.widget.setText("")  # empty: back to "the day it is exported"
    report_date.widget.editingFinished.emit()
    assert window.document.workshop.info.report_date is None
    for _ in range(3):
        window.action(wa.ACTION_UNDO).trigger()
    assert (window.document.workshop.info.attendance, window.document.workshop.info.report_date) == before
