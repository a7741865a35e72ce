"""The inspector after edits of the item it shows: only what the changed fields feed is shown again
(``InspectorDock._show_changed_fields``), and the form then equals one filled afresh; the point choices
in map order, filled in one ``addItems`` (``ComboBinding.set_options``)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox
from window_helpers import make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.panels.field_bindings import ComboBinding
from intercept_mapper.ui.panels.inspector import PAGE_FINDING, PAGE_FLOW, PAGE_INFO
from intercept_mapper.ui.window import window_actions as wa


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    w = make_window(qtbot, monkeypatch)
    assert w.open_path(SAMPLE_WORKSHOP)
    return w


def _form_state(window: MainWindow, page: int) -> dict[str, Any]:
    """What the form shows: heading, each field (a combo with all its texts), the theme offer."""
    inspector = window.inspector
    form = inspector._forms[page]  # noqa: SLF001
    state: dict[str, Any] = {"page": inspector.current_page(), "heading": form.heading.text()}
    for name, binding in form.bindings.items():
        widget = binding.widget
        if isinstance(widget, QComboBox):
            state[name] = ([widget.itemText(n) for n in range(widget.count())], widget.currentIndex(),
                           binding.value())
        else:
            state[name] = binding.value()
    if page == PAGE_FINDING:
        offer = inspector.theme_suggestion
        state["offer"] = (offer.suggestion(), offer.isHidden(), offer.text() if not offer.isHidden() else "")
    return state


def _filled_afresh(window: MainWindow, item_id: str, page: int) -> dict[str, Any]:
    """The form of ``item_id`` shown anew: another page first, then the item again."""
    window.canvas.select_ids([])
    assert window.inspector.current_page() == PAGE_INFO
    window.canvas.select_ids([item_id])
    return _form_state(window, page)


def _rename_on_map(window: MainWindow, title: str) -> None:
    window.action(wa.ACTION_RENAME).trigger()
    editor = window.canvas.fast_entry.editor()
    editor.setPlainText(title)
    window.canvas.fast_entry.finish_editing()


def _pick(window: MainWindow, page: int, name: str, value: object) -> None:
    binding = window.inspector.binding(page, name)
    index = [v for _, v in binding._options].index(value)  # noqa: SLF001
    binding.widget.setCurrentIndex(index)
    binding.widget.activated.emit(index)


def test_edits_of_the_shown_gap_leave_the_form_as_a_fresh_one(window: MainWindow) -> None:
    ws = window.document.workshop
    gap = ws.gaps()[0]
    window.canvas.select_ids([gap.id])
    other = next(i for i in ws.scheme.ids() if i != gap.intercept)
    description = window.inspector.binding(PAGE_FINDING, "description").widget
    steps = [
        ("title with no theme's words", lambda: _rename_on_map(window, "Nothing at night")),
        ("description", lambda: description.setPlainText("No transport to court dates")),
        ("title with a theme's words", lambda: _rename_on_map(window, "Evictions and no housing")),
        ("theme taken", lambda: window.inspector.theme_suggestion.click()),
        ("kind", lambda: _pick(window, PAGE_FINDING, "kind", "resource")),
        ("moved to another intercept", lambda: window.action(wa.move_action_name(other)).trigger()),
        ("at a point of that intercept", lambda: _pick(window, PAGE_FINDING, "point_id", next(
            p.id for p in ws.points if p.intercept == other))),
        ("undo", lambda: window.action(wa.ACTION_UNDO).trigger()),
        ("undo", lambda: window.action(wa.ACTION_UNDO).trigger()),
        ("undo", lambda: window.action(wa.ACTION_UNDO).trigger()),
        ("redo", lambda: window.action(wa.ACTION_REDO).trigger()),
    ]
    offers, headings = set(), set()
    for what, step in steps:
        step()
        assert window.canvas.selected_ids() == [gap.id], what
        shown = _form_state(window, PAGE_FINDING)
        assert shown == _filled_afresh(window, gap.id, PAGE_FINDING), what
        offers.add(shown["offer"])
        headings.add(shown["heading"])
    # The steps did change what the heading and the offer show (else the comparison proves little).
    assert len(headings) == 2 and len(offers) >= 3


def test_a_rename_of_the_shown_gap_leaves_its_choices_alone(window: MainWindow, monkeypatch) -> None:
    gap = window.document.workshop.gaps()[0]
    window.canvas.select_ids([gap.id])
    calls: list[str] = []
    set_options = ComboBinding.set_options
    monkeypatch.setattr(ComboBinding, "set_options",
                        lambda binding, options: (calls.append(binding.name), set_options(binding, options)))
    _rename_on_map(window, "No crisis beds")
    window.action(wa.move_action_name(next(i for i in window.document.workshop.scheme.ids()
                                           if i != gap.intercept))).trigger()
    assert window.inspector.binding(PAGE_FINDING, "title").value() == "No crisis beds"
    assert calls == []  # the intercepts and points offered are the same: they are not looked at again
    point = window.document.workshop.points[0]
    window.document.update("points", point.id, title="Renamed point")  # what the choices list: again
    assert sorted(calls) == ["intercept", "point_id"]
    texts = window.inspector.binding(PAGE_FINDING, "point_id").widget
    assert f"{point.intercept}  Renamed point" in [texts.itemText(n) for n in range(texts.count())]


def test_point_choices_are_in_map_order_and_pick_the_point_shown(window: MainWindow) -> None:
    ws = window.document.workshop
    flow = ws.flows[0]
    window.canvas.select_ids([flow.id])
    source = window.inspector.binding(PAGE_FLOW, "source")
    in_order = sorted(ws.points, key=lambda p: (ws.scheme.order(p.intercept), p.y, p.x))
    expected = [f"{p.intercept}  {p.title}" for p in in_order]
    combo = source.widget
    assert [combo.itemText(n) for n in range(combo.count())] == expected
    assert combo.currentText() == expected[[p.id for p in in_order].index(flow.source)]
    # The combo holds texts only; what a choice means comes from the binding's own list.
    target = next(p for p in in_order if p.id not in (flow.source, flow.target))
    _pick(window, PAGE_FLOW, "source", target.id)
    assert window.document.get("flows", flow.id).source == target.id
    assert combo.currentText() == f"{target.intercept}  {target.title}"
    # A new point joins the choices in its place; the choice shown stays on the same point.
    window.canvas.select_ids([target.id])
    window.action(wa.ACTION_ADD_POINT).trigger()
    window.canvas.fast_entry.finish_editing()
    window.canvas.select_ids([flow.id])
    in_order = sorted(ws.points, key=lambda p: (ws.scheme.order(p.intercept), p.y, p.x))
    assert [combo.itemText(n) for n in range(combo.count())] == [f"{p.intercept}  {p.title}"
                                                                 for p in in_order]
    assert source.value() == target.id and combo.currentText() == f"{target.intercept}  {target.title}"
