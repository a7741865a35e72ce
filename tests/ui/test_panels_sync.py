"""Map, outline and inspector stay in step; inspector edits are undoable and merge per typing session."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from window_helpers import dump, make_window

from intercept_mapper.model.validation import validate_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.panels.inspector import PAGE_FINDING, PAGE_FLOW, PAGE_INFO, PAGE_MANY, PAGE_POINT
from intercept_mapper.ui.window import window_actions as wa


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    w = make_window(qtbot, monkeypatch)
    assert w.open_path(SAMPLE_WORKSHOP)
    return w


def _flush(qtbot) -> None:  # noqa: ANN001
    qtbot.wait(1)  # the outline rebuilds on the next turn of the event loop


def test_map_selection_shows_in_outline_and_inspector(qtbot, window: MainWindow) -> None:
    point = window.document.workshop.points[2]
    window.canvas.select_ids([point.id])
    _flush(qtbot)
    assert window.outline.selected_ids() == [point.id]
    assert window.inspector.current_page() == PAGE_POINT
    assert window.inspector.binding(PAGE_POINT, "title").value() == point.title
    gap = window.document.workshop.gaps()[0]
    window.canvas.select_ids([gap.id])
    assert window.outline.selected_ids() == [gap.id]
    assert window.inspector.current_page() == PAGE_FINDING
    window.canvas.select_ids([point.id, gap.id])
    assert window.inspector.current_page() == PAGE_MANY
    window.canvas.select_ids([])
    assert window.outline.selected_ids() == [] and window.inspector.current_page() == PAGE_INFO


def test_outline_selection_selects_on_the_map(qtbot, window: MainWindow) -> None:
    _flush(qtbot)
    flow = window.document.workshop.flows[0]
    row = window.outline.item_for(flow.id)
    window.outline.tree.setCurrentItem(row)
    assert window.canvas.selected_ids() == [flow.id]
    assert window.inspector.current_page() == PAGE_FLOW


def test_outline_is_keyboard_navigable_and_labelled(qtbot, window: MainWindow) -> None:
    _flush(qtbot)
    tree = window.outline.tree
    assert tree.accessibleName() == "Map outline"
    first_point = window.outline.item_for(window.document.workshop.points[0].id)
    tree.setFocus()
    tree.setCurrentItem(first_point)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    moved_to = tree.currentItem()
    assert moved_to is not first_point
    assert window.canvas.selected_ids() == [moved_to.data(0, Qt.ItemDataRole.UserRole)]
    gap = window.document.workshop.gaps()[0]
    text = window.outline.item_for(gap.id).data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("Gap") and gap.title in text


def test_outline_lists_every_item_under_its_intercept(qtbot, window: MainWindow) -> None:
    _flush(qtbot)
    ws = window.document.workshop
    for item in [*ws.points, *ws.findings, *ws.flows]:
        assert window.outline.item_for(item.id) is not None, item.id
    for point in ws.points:
        heading = window.outline.item_for(point.id).parent()
        assert heading.text(0).startswith(f"Intercept {point.intercept}:")


def test_outline_follows_adds_and_undo(qtbot, window: MainWindow) -> None:
    window.canvas.select_ids([])
    window.action(wa.ACTION_ADD_POINT).trigger()
    window.canvas.fast_entry.finish_editing()
    new_id = window.canvas.selected_ids()[0]
    qtbot.waitUntil(lambda: window.outline.selected_ids() == [new_id])
    window.action(wa.ACTION_UNDO).trigger()
    qtbot.waitUntil(lambda: window.outline.item_for(new_id) is None)


def test_typing_a_title_in_the_inspector_is_one_undo_step(qtbot, window: MainWindow) -> None:
    point = window.document.workshop.points[0]
    before = dump(window)
    window.canvas.select_ids([point.id])
    field = window.inspector.binding(PAGE_POINT, "title").widget
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Crisis line 988")
    assert window.document.get("points", point.id).title == "Crisis line 988"
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText().startswith("Edit title of point")
    # A second session in the same field (focus left and came back) is its own step.
    window.map_view.setFocus()
    field.setFocus()
    qtbot.keyClicks(field, "!")
    assert window.undo_stack.count() == 2
    window.action(wa.ACTION_UNDO).trigger()
    assert window.document.get("points", point.id).title == "Crisis line 988"
    assert field.text() == "Crisis line 988"  # the inspector follows undo
    window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before


def test_every_field_of_a_gap_is_editable(qtbot, window: MainWindow) -> None:
    gap = window.document.workshop.gaps()[0]
    other_point = next(p for p in window.document.workshop.points if p.id != gap.point_id
                       and p.intercept != gap.intercept)
    before = dump(window)
    window.canvas.select_ids([gap.id])
    inspector = window.inspector
    for name, text in (("organisation", "County BH"), ("theme", "housing")):
        widget = inspector.binding(PAGE_FINDING, name).widget
        widget.setFocus()
        widget.selectAll()
        qtbot.keyClicks(widget, text)
    description = inspector.binding(PAGE_FINDING, "description").widget
    description.setFocus()
    description.selectAll()
    qtbot.keyClicks(description, "Long text")
    point_combo = inspector.binding(PAGE_FINDING, "point_id")
    point_combo.widget.setCurrentIndex([d for _, d in point_combo._options].index(other_point.id))
    point_combo.widget.activated.emit(point_combo.widget.currentIndex())
    kind = inspector.binding(PAGE_FINDING, "kind")
    kind.widget.setCurrentIndex(0)
    kind.widget.activated.emit(0)
    edited = window.document.get("findings", gap.id)
    assert (edited.organisation, edited.theme, edited.description) == ("County BH", "housing", "Long text")
    assert edited.point_id == other_point.id and edited.intercept == other_point.intercept
    assert edited.kind == "resource"
    # A resource is no candidate priority: the file stays valid (it would not open otherwise).
    assert validate_workshop(window.document.workshop, "x") == []
    assert not any(gap.id in c.gap_ids for c in window.document.workshop.voting.candidates)
    kind.widget.setCurrentIndex(1)
    kind.widget.activated.emit(1)
    assert window.document.get("findings", gap.id).kind == "gap"
    assert any(c.gap_ids == [gap.id] for c in window.document.workshop.voting.candidates)
    assert validate_workshop(window.document.workshop, "x") == []
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert dump(window) == before


def test_a_gap_title_typed_in_the_inspector_renames_its_candidate_too(qtbot, window: MainWindow) -> None:
    ws = window.document.workshop
    gap, cand = next((g, c) for g in ws.gaps() for c in ws.voting.candidates
                     if c.gap_ids == [g.id] and c.title == g.title)
    window.canvas.select_ids([gap.id])
    field = window.inspector.binding(PAGE_FINDING, "title").widget
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "No crisis unit")
    assert (gap.title, cand.title) == ("No crisis unit", "No crisis unit")
    assert window.undo_stack.count() == 1
    window.action(wa.ACTION_UNDO).trigger()
    assert gap.title == cand.title != "No crisis unit"


def test_flow_count_can_be_set_and_cleared(window: MainWindow) -> None:
    flow = window.document.workshop.flows[0]
    window.canvas.select_ids([flow.id])
    spin = window.inspector.binding(PAGE_FLOW, "yearly_count").widget
    spin.setValue(1200)
    assert window.document.get("flows", flow.id).yearly_count == 1200
    spin.setValue(spin.minimum())
    assert window.document.get("flows", flow.id).yearly_count is None


def test_workshop_details_when_nothing_is_selected(qtbot, window: MainWindow) -> None:
    before = dump(window)
    window.canvas.select_ids([])
    inspector = window.inspector
    assert inspector.current_page() == PAGE_INFO
    jurisdiction = inspector.binding(PAGE_INFO, "jurisdiction").widget
    jurisdiction.setFocus()
    jurisdiction.selectAll()
    qtbot.keyClicks(jurisdiction, "Riverbend County, Ohio")
    dates = inspector.binding(PAGE_INFO, "dates")
    dates.widget.setFocus()
    dates.widget.setText("2026-03-18, 2026-13-40")
    dates.widget.editingFinished.emit()
    assert "not a date" in dates.widget.toolTip()  # invalid: shown, nothing changed
    dates.widget.setText("2026-03-18, 2026-03-19")
    dates.widget.editingFinished.emit()
    info = window.document.workshop.info
    assert info.jurisdiction == "Riverbend County, Ohio"
    assert info.dates == [date(2026, 3, 18), date(2026, 3, 19)]
    assert window.undo_stack.count() == 2
    label = inspector._label_bindings["1"].widget
    label.setText("Law Enforcement and 911")
    label.editingFinished.emit()
    assert window.document.workshop.scheme.label("1") == "Law Enforcement and 911"
    while window.undo_stack.canUndo():
        window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before
    assert jurisdiction.text() == before["info"]["jurisdiction"]


def test_inspector_follows_a_rename_on_the_map(qtbot, window: MainWindow) -> None:
    point = window.document.workshop.points[0]
    window.canvas.select_ids([point.id])
    window.action(wa.ACTION_RENAME).trigger()
    editor = window.canvas.fast_entry.editor()
    editor.setPlainText("Mobile crisis team")
    window.canvas.fast_entry.finish_editing()
    assert window.inspector.binding(PAGE_POINT, "title").value() == "Mobile crisis team"


def test_deleting_the_shown_item_empties_the_inspector(window: MainWindow) -> None:
    gap = window.document.workshop.gaps()[0]
    window.canvas.select_ids([gap.id])
    window.action(wa.ACTION_DELETE).trigger()
    assert window.inspector.current_page() == PAGE_INFO


def test_moving_a_point_in_the_inspector_takes_its_resources_and_gaps(window: MainWindow) -> None:
    ws = window.document.workshop
    point = next(p for p in ws.points if any(f.point_id == p.id for f in ws.findings))
    before = dump(window)
    window.canvas.select_ids([point.id])
    combo = window.inspector.binding(PAGE_POINT, "intercept")
    target = next(i for i in ws.scheme.ids() if i != point.intercept)
    index = [d for _, d in combo._options].index(target)
    combo.widget.setCurrentIndex(index)
    combo.widget.activated.emit(index)
    assert point.intercept == target
    assert all(f.intercept == target for f in ws.findings if f.point_id == point.id)
    assert window.undo_stack.count() == 1
    window.action(wa.ACTION_UNDO).trigger()
    assert dump(window) == before
