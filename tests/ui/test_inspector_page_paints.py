"""The inspector changes page with one paint of the page (``InspectorDock._show_page``), and what the
screen then shows is what a whole repaint shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from window_helpers import make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.panels.inspector import PAGE_FINDING, PAGE_FLOW, PAGE_INFO, PAGE_MANY, PAGE_POINT
from intercept_mapper.ui.window import window_actions as wa


class _PagePaints(QObject):
    """Paint events of the inspector's pages (the forms and the stack behind them)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _on_screen(window) -> QImage:  # noqa: ANN001
    """What the window's backing store holds for the inspector (repainted only where Qt was told)."""
    _settle()
    dock = window.inspector
    where = QRect(dock.mapTo(window, QPoint(0, 0)), dock.size())
    return window.screen().grabWindow(window.winId()).toImage().copy(where)


def test_each_change_of_page_paints_the_page_once_and_shows_what_a_whole_repaint_shows(
        qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    ws = window.document.workshop
    gap = next(f for f in ws.findings if f.kind == "gap")
    steps = [([ws.points[0].id], PAGE_POINT), ([gap.id], PAGE_FINDING), ([], PAGE_INFO),
             ([ws.flows[0].id], PAGE_FLOW), ([ws.points[0].id, gap.id], PAGE_MANY),
             ([ws.points[1].id], PAGE_POINT), ([], PAGE_INFO), ([gap.id], PAGE_FINDING)]
    stack = window.inspector._stack  # noqa: SLF001
    paints = _PagePaints()
    for index in range(stack.count()):
        stack.widget(index).installEventFilter(paints)
    _settle()
    for ids, page in steps:
        paints.count = 0
        window.canvas.select_ids(ids)
        shown = _on_screen(window)
        assert window.inspector.current_page() == page
        assert paints.count == 1, f"page {page} painted {paints.count} times"
        window.inspector.repaint()
        assert shown == _on_screen(window), f"page {page}: the screen differs from a whole repaint"


def test_the_workshop_page_with_new_label_fields_is_painted_once_too(qtbot, monkeypatch) -> None:
    """``_show_page`` keeps each page's widgets; the workshop page's intercept label fields are made anew
    for a scheme with other intercepts (the old ones deleted), and the page is then shown with those."""
    from intercept_mapper.model import new_workshop

    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    point = window.document.workshop.points[0].id
    for ids in ([point], [], [point]):  # the workshop page shown once from another: its widgets kept
        window.canvas.select_ids(ids)
    window.document.replace(new_workshop("five-intercept"))  # intercepts 1 to 5: other label fields
    assert window.inspector.current_page() == PAGE_INFO
    assert list(window.inspector._label_bindings) == ["1", "2", "3", "4", "5", "X"]  # noqa: SLF001
    # A point of the new map, then the workshop page again.
    window.action(wa.ACTION_ADD_POINT).trigger()
    window.canvas.fast_entry.finish_editing()
    assert window.inspector.current_page() == PAGE_POINT
    _settle()
    paints = _PagePaints()
    window.inspector._stack.widget(PAGE_INFO).installEventFilter(paints)  # noqa: SLF001
    window.canvas.select_ids([])
    shown = _on_screen(window)
    assert window.inspector.current_page() == PAGE_INFO
    assert paints.count == 1, f"the workshop page painted {paints.count} times"
    window.inspector.repaint()
    assert shown == _on_screen(window), "the screen differs from a whole repaint"
