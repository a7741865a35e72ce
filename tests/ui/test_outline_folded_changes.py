"""A point's rows change with the point folded (``OutlineDock._put_rows_in_place``): Qt then lays out
only that point's rows, not the whole tree, and what the outline shows is what a rebuild shows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QStyleFactory

from intercept_mapper.model import DecisionPoint, Finding, Flow
from intercept_mapper.ui.panels import outline_tree
from tests.ui.test_outline_repaints import _on_screen, _settle, _shown_dock


@pytest.fixture
def layouts(monkeypatch) -> list[int]:  # noqa: ANN001
    """Every whole layout of the outline's rows (``QTreeView.doItemsLayout``)."""
    seen: list[int] = []
    whole = outline_tree.OutlineTree.doItemsLayout

    def counted(tree: outline_tree.OutlineTree) -> None:
        seen.append(1)
        whole(tree)

    monkeypatch.setattr(outline_tree.OutlineTree, "doItemsLayout", counted)
    return seen


def test_rows_added_and_taken_at_a_point_lay_out_no_other_row(qtbot, layouts: list[int]) -> None:
    doc, dock = _shown_dock(qtbot)
    point = doc.workshop.points[0]
    layouts.clear()
    doc.insert("findings", Finding(id="g-new", kind="gap", intercept=point.intercept, title="Said",
                                   point_id=point.id))
    _settle(qtbot, dock)
    assert dock.item_for("g-new").parent() is dock.item_for(point.id)
    doc.remove("findings", "g-new")
    _settle(qtbot, dock)
    assert dock.item_for("g-new") is None
    assert layouts == [], "a row at a point must not lay out the whole tree"
    # A gap at no point is a row of its heading: Qt lays out the whole tree (the counter counts).
    doc.insert("findings", Finding(id="g-loose", kind="gap", intercept=point.intercept, title="Said"))
    _settle(qtbot, dock)
    assert dock.item_for("g-loose").parent() is dock.item_for("intercept:" + point.intercept)
    assert layouts, "the heading's new row was laid out"
    dock.dispose()


def test_a_point_that_loses_its_last_row_shows_no_branch_mark(qtbot) -> None:
    """The view's note that a row has children is kept by the model's notices, held while the rows
    are taken: after the last one goes, the point is drawn as a rebuild draws it."""
    doc, dock = _shown_dock(qtbot)
    point = doc.workshop.points[0]
    ids = [f.id for f in doc.workshop.findings if f.point_id == point.id]
    ids += [f.id for f in doc.workshop.flows if f.source == point.id]
    assert ids and dock.tree.visualItemRect(dock.item_for(point.id)).top() >= 0
    doc.delete(ids)
    dock.select_ids([point.id])  # the same current row in both (a rebuild has none of its own)
    _settle(qtbot, dock)
    assert dock.item_for(point.id).childCount() == 0
    shown = _on_screen(dock)
    dock.rebuild()
    _settle(qtbot, dock)
    assert shown == _on_screen(dock)
    dock.dispose()


def test_after_each_edit_the_outline_on_screen_equals_a_rebuild(qtbot) -> None:
    """Rows changed in place (a point folded, its rows taken with the model's notices held) show what
    a tree built afresh shows: rows, places, branch marks, selection."""
    doc, dock = _shown_dock(qtbot, height=900)  # the whole sample in view
    ws = doc.workshop
    intercepts = ws.scheme.ids()
    rng = random.Random(11)
    for step in range(40):
        points = [p.id for p in ws.points]
        choice = rng.randrange(6)
        if choice == 0:
            doc.insert("points", DecisionPoint(id=f"np{step}", intercept=rng.choice(intercepts),
                                               title=f"New point {step}", y=rng.uniform(0, 900)))
        elif choice == 1:
            doc.insert("findings", Finding(id=f"nf{step}", kind=rng.choice(["gap", "resource"]),
                                           intercept=rng.choice(intercepts), title=f"Said {step}",
                                           point_id=rng.choice([*points, None])))
        elif choice == 2 and ws.findings:
            doc.update("findings", rng.choice(ws.findings).id, point_id=rng.choice(points))
        elif choice == 3 and len(points) > 2:
            a, b = rng.sample(points, 2)
            doc.insert("flows", Flow(id=f"nl{step}", source=a, target=b))
        elif choice == 4 and ws.flows:
            doc.delete([rng.choice(ws.flows).id])
        elif ws.findings:
            doc.delete([f.id for f in rng.sample(ws.findings, min(2, len(ws.findings)))])
        picked = rng.choice([f.id for f in ws.findings] or points)
        dock.select_ids([picked])
        _settle(qtbot, dock)
        shown = _on_screen(dock)
        dock.rebuild()
        _settle(qtbot, dock)
        assert shown == _on_screen(dock), f"step {step}: the outline differs from a rebuild"
    dock.dispose()


def test_rows_selected_beside_a_row_taken_stay_selected(qtbot) -> None:
    doc, dock = _shown_dock(qtbot)
    point = next(p for p in doc.workshop.points
                 if sum(f.point_id == p.id for f in doc.workshop.findings) >= 2)
    first, second = [f.id for f in doc.workshop.findings if f.point_id == point.id][:2]
    dock.select_ids([first, second])
    assert sorted(dock.selected_ids()) == sorted([first, second])
    doc.remove("findings", first)
    _settle(qtbot, dock)
    assert dock.selected_ids() == [second]
    dock.dispose()


def test_a_row_taken_from_an_expanded_heading_is_taken_as_qt_does_it(qtbot) -> None:
    """Only a folded row's rows are taken with the model's notices held: the view holds the rows of an
    expanded heading, and would go on showing (and pointing at) a row taken behind its back."""
    doc, dock = _shown_dock(qtbot, height=900)
    loose = next(f for f in doc.workshop.findings if not f.point_id)
    doc.delete([loose.id])
    dock.select_ids([doc.workshop.points[0].id])
    _settle(qtbot, dock)
    assert dock.item_for(loose.id) is None
    shown = _on_screen(dock)
    dock.rebuild()
    _settle(qtbot, dock)
    assert shown == _on_screen(dock)
    dock.dispose()


def test_a_row_that_stops_being_last_of_its_parent_is_repainted(qtbot) -> None:
    """In a style that draws branch lines, the last row of a parent ends its line (└, not ├): a row
    added after it changes that row's look, and the repaint must reach it."""
    style = QStyleFactory.create("Windows")
    doc, dock = _shown_dock(qtbot, height=900)
    dock.tree.setStyle(style)
    _settle(qtbot, dock)
    point = next(p for p in doc.workshop.points if any(f.point_id == p.id for f in doc.workshop.findings)
                 and not any(f.source == p.id for f in doc.workshop.flows))
    doc.insert("findings", Finding(id="g-last", kind="gap", intercept=point.intercept, title="Said",
                                   point_id=point.id))
    _settle(qtbot, dock)
    shown = _on_screen(dock)
    dock.tree.viewport().repaint()
    assert shown == _on_screen(dock)
    dock.dispose()


def test_the_current_row_taken_with_the_keyboard_in_the_tree_leaves_its_point_whole(qtbot) -> None:
    """With the keyboard in the tree, the row before the taken one becomes current (as Qt's selection
    model chooses), and only once the point is unfolded again: made current while it is folded, Qt
    unfolds it to show that row and lays out the row being taken with it."""
    doc, dock = _shown_dock(qtbot)
    point = next(p for p in doc.workshop.points
                 if sum(f.point_id == p.id for f in doc.workshop.findings) >= 2)
    first, second = [f.id for f in doc.workshop.findings if f.point_id == point.id][:2]
    dock.select_ids([second])
    dock.tree.setFocus()
    qtbot.waitUntil(dock.tree.hasFocus, timeout=2000)
    doc.remove("findings", second)
    _settle(qtbot, dock)
    row = dock.item_for(point.id)
    assert dock.tree.currentItem() is dock.item_for(first)
    tree = dock.tree
    assert all(tree.visualItemRect(row.child(i)).height() > 0 for i in range(row.childCount()))
    rows = [tree.itemBelow(row)]
    while rows[-1] is not None and rows[-1].parent() is row:
        rows.append(tree.itemBelow(rows[-1]))
    assert rows[:-1] == [row.child(i) for i in range(row.childCount())]
    dock.dispose()


def _accessible_rows(tree: outline_tree.OutlineTree) -> list[str]:
    face = QAccessible.queryAccessibleInterface(tree)
    return [face.child(i).text(QAccessible.Text.Name) for i in range(face.childCount())]


def test_a_screen_reader_is_told_of_rows_taken_with_the_models_notices_held(qtbot) -> None:
    """The view tells a screen reader of rows only when it lays them out: a point that loses all its
    rows lays out none, so the outline says the rows changed (else the reader keeps the old rows)."""
    QAccessible.setActive(True)
    try:
        doc, dock = _shown_dock(qtbot, height=900)
        point = next(p for p in doc.workshop.points if any(f.point_id == p.id for f in doc.workshop.findings))
        ids = [f.id for f in doc.workshop.findings if f.point_id == point.id]
        ids += [f.id for f in doc.workshop.flows if f.source == point.id]
        before = _accessible_rows(dock.tree)  # the reader has read the rows
        doc.delete(ids)
        _settle(qtbot, dock)
        after = _accessible_rows(dock.tree)
        dock.rebuild()
        _settle(qtbot, dock)
        assert after == _accessible_rows(dock.tree) and len(after) == len(before) - len(ids)
        dock.dispose()
    finally:
        QAccessible.setActive(False)


def test_taking_the_current_row_and_the_one_chosen_after_it_keeps_a_current_row(qtbot) -> None:
    """Two rows of a point taken in one edit, the keyboard in the tree on the second: the row chosen
    to follow it is taken too, so the one before both becomes current (as Qt's selection model does)."""
    doc, dock = _shown_dock(qtbot)
    point = next(p for p in doc.workshop.points
                 if sum(f.point_id == p.id for f in doc.workshop.findings) >= 3)
    first, second, third = [f.id for f in doc.workshop.findings if f.point_id == point.id][:3]
    dock.select_ids([third])
    dock.tree.setFocus()
    qtbot.waitUntil(dock.tree.hasFocus, timeout=2000)
    doc.delete([second, third])
    _settle(qtbot, dock)
    assert dock.tree.currentItem() is dock.item_for(first)
    dock.dispose()
