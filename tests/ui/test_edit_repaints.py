"""An edit repaints what it changed, not the widgets around it (issue 18: paint events counted per widget).

Each test counts the ``Paint`` events Qt delivers to the window's widgets while an edit and the events
that follow it are processed, and names the widgets that must not repaint.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import make_window

from intercept_mapper.model.workshop import Finding
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.panels.inspector import PAGE_FINDING, PAGE_INFO


class PaintLog(QObject):
    """Counts paint and layout-request events by widget while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: dict[int, int] = {}
        self.layouts: dict[int, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.paints[id(watched)] = self.paints.get(id(watched), 0) + 1
        elif event.type() == QEvent.Type.LayoutRequest:
            self.layouts[id(watched)] = self.layouts.get(id(watched), 0) + 1
        return False

    def painted(self, widget: QWidget) -> int:
        return self.paints.get(id(widget), 0)


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:  # noqa: ANN001
    w = make_window(qtbot, monkeypatch)
    assert w.open_path(SAMPLE_WORKSHOP)
    settle(qtbot)
    return w


def settle(qtbot) -> None:  # noqa: ANN001
    for _ in range(3):
        qtbot.wait(5)
        QApplication.processEvents()


def during(qtbot, edit) -> PaintLog:  # noqa: ANN001
    """The paints of ``edit`` and of the events that follow it."""
    settle(qtbot)
    log = PaintLog()
    QApplication.instance().installEventFilter(log)
    try:
        edit()
        settle(qtbot)
    finally:
        QApplication.instance().removeEventFilter(log)
    return log


def test_a_new_count_repaints_the_count_alone_not_the_whole_status_bar(qtbot, window: MainWindow) -> None:
    status = window.status
    point = window.document.workshop.points[0]
    gap = Finding(id="repaint-gap", kind="gap", intercept=point.intercept, point_id=point.id, title="New gap")
    log = during(qtbot, lambda: window.document.insert("findings", gap))
    assert "gap" in status.counts.text() and log.painted(status.counts) >= 1
    # Before: the label's new width re-laid the status bar out, and QStatusBar repaints all of itself then.
    assert log.layouts.get(id(status), 0) == 0
    assert log.painted(status.zoom) == 0 and log.painted(status.recovery) == 0
    # Narrower and equal texts keep the label's size; a wider one grows it.
    width = status.counts.width()
    status.counts.setText("1 point")
    assert status.counts.width() == width and status.counts.text() == "1 point"
    status.counts.setText("x" * 200)
    assert status.counts.width() > width


def test_an_info_edit_repaints_its_field_not_the_rest_of_the_workshop_page(qtbot, window: MainWindow) -> None:
    inspector = window.inspector
    inspector.show_ids([])
    assert inspector.current_page() == PAGE_INFO
    # The list and date fields cleared their error mark by setting an empty style sheet at every
    # refresh: once a mark had been shown and cleared, a re-polish and repaint of each, every time.
    for name in ("dates", "report_date"):
        inspector.binding(PAGE_INFO, name).show_error("not a date")
        inspector.binding(PAGE_INFO, name).show_error("")
    quiet = [inspector.binding(PAGE_INFO, name).widget
             for name in ("dates", "facilitators", "report_date", "title", "background")]
    log = during(qtbot, lambda: window.document.update_section("info", jurisdiction="Travis County"))
    assert inspector.binding(PAGE_INFO, "jurisdiction").widget.text() == "Travis County"
    assert log.painted(inspector.binding(PAGE_INFO, "jurisdiction").widget) >= 1
    assert [w.objectName() for w in quiet if log.painted(w)] == []


def test_an_error_mark_is_still_set_and_cleared(qtbot, window: MainWindow) -> None:
    binding = window.inspector.binding(PAGE_INFO, "report_date")
    binding.show_error("'May 4' is not a date")
    assert binding.widget.styleSheet() and "May 4" in binding.widget.toolTip()
    binding.show_error("")
    assert binding.widget.styleSheet() == "" and binding.widget.toolTip() == ""


def test_a_point_edit_the_choices_do_not_show_leaves_the_gap_form_alone(qtbot, monkeypatch,
                                                                        window: MainWindow) -> None:
    ws = window.document.workshop
    gap = next(f for f in ws.findings if f.point_id)
    window.canvas.select_ids([gap.id])
    settle(qtbot)
    inspector = window.inspector
    assert inspector.current_page() == PAGE_FINDING
    at_point = inspector.binding(PAGE_FINDING, "point_id").widget
    other = next(p for p in ws.points if p.id != gap.point_id)
    shown: list[str] = []
    show_item = inspector._show_item

    def counted(collection: str, item: object) -> None:
        shown.append(collection)
        show_item(collection, item)

    monkeypatch.setattr(inspector, "_show_item", counted)
    log = during(qtbot, lambda: window.document.update("points", other.id, description="Changed words"))
    # Before: every change of any point re-showed the form and sorted all points for its choices.
    assert shown == [] and log.painted(at_point) == 0
    # A title the choices show is still followed.
    window.document.update("points", other.id, title="Renamed crisis line")
    assert any(at_point.itemText(i).endswith("Renamed crisis line") for i in range(at_point.count()))
    assert inspector.binding(PAGE_FINDING, "point_id").value() == gap.point_id


def test_a_larger_font_widens_the_status_labels(qtbot, window: MainWindow) -> None:
    counts = window.status.counts
    width = counts.width()
    font = counts.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    counts.setFont(font)
    assert counts.width() > width and counts.width() >= counts.sizeHint().width()
