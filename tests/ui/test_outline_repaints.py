"""The outline repaints only the rows an edit moves on screen (``ui/panels/outline_tree.py``), and what
the screen then shows is what a whole repaint shows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyleFactory

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.panels.outline import OutlineDock


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRect] = []

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region().boundingRect())
        return False


def _shown_dock(qtbot, height: int = 360) -> tuple[Document, OutlineDock]:  # noqa: ANN001
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    dock.resize(320, height)  # 360: fewer rows than the sample has, some edits fall out of view
    dock.show()
    qtbot.waitExposed(dock)
    _settle(qtbot, dock)
    return doc, dock


def _settle(qtbot, dock: OutlineDock) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dock._rebuild_timer.isActive(), timeout=2000)  # noqa: SLF001
    QApplication.processEvents()
    QApplication.processEvents()


def _on_screen(dock: OutlineDock) -> QImage:
    """What the window's backing store holds for the tree's viewport (repainted only where Qt was told)."""
    QApplication.processEvents()
    viewport = dock.tree.viewport()
    where = QRect(viewport.mapTo(dock.window(), QPoint(0, 0)), viewport.size())
    return dock.screen().grabWindow(dock.window().winId()).toImage().copy(where)


def _random_edit(doc: Document, rng: random.Random, step: int) -> None:
    """One edit of the kinds a workshop makes: points and rows added, moved, re-texted, deleted."""
    ws = doc.workshop
    intercepts = ws.scheme.ids()
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
        doc.update("findings", rng.choice(ws.findings).id, title=f"Renamed {step}")
    elif choice == 3 and ws.findings:  # moved to another point, and re-texted with it
        doc.update("findings", rng.choice(ws.findings).id, point_id=rng.choice(points),
                   title=f"Moved {step}")
    elif choice == 4 and len(points) > 2:
        a, b = rng.sample(points, 2)
        doc.insert("flows", Flow(id=f"nl{step}", source=a, target=b))
    elif ws.findings:
        doc.delete([rng.choice(ws.findings).id])


def test_after_each_edit_the_outline_on_screen_equals_a_whole_repaint(qtbot) -> None:
    doc, dock = _shown_dock(qtbot)
    ws = doc.workshop
    rng = random.Random(7)
    partial = 0
    for step in range(60):
        points = [p.id for p in ws.points]
        _random_edit(doc, rng, step)
        if rng.random() < 0.4:
            dock.select_ids([rng.choice([f.id for f in ws.findings] or points)])
        before = dock.tree.full_layout_repaints
        _settle(qtbot, dock)
        partial += dock.tree.full_layout_repaints == before
        shown = _on_screen(dock)
        dock.tree.viewport().repaint()
        assert shown == _on_screen(dock), f"step {step}: the screen differs from a whole repaint"
    assert partial > 20, "most edits repainted less than the whole viewport"
    dock.dispose()


def test_a_row_added_below_the_rows_in_view_repaints_none_of_them(qtbot) -> None:
    doc, dock = _shown_dock(qtbot)
    tree = dock.tree
    paints = _Paints()
    tree.viewport().installEventFilter(paints)
    last = doc.workshop.points[-1]
    assert tree.visualItemRect(dock.item_for(last.id)).top() > tree.viewport().height(), "out of view"
    doc.insert("findings", Finding(id="g-below", kind="gap", intercept=last.intercept, title="Said",
                                   point_id=last.id))
    _settle(qtbot, dock)
    assert dock.item_for("g-below") is not None
    assert paints.regions == []
    # A row added at the top moves every row under it: their pixels are moved (as Qt scrolls), and only
    # the new row is painted (not the rows above it, nor those under it), as a whole repaint shows them.
    first = doc.workshop.points[0]
    doc.insert("findings", Finding(id="g-top", kind="gap", intercept=first.intercept, title="Said",
                                   point_id=first.id))
    _settle(qtbot, dock)
    new = tree.visualItemRect(dock.item_for("g-top"))
    assert new.bottom() < tree.viewport().height() // 2
    assert paints.regions and all(new.top() <= r.top() and r.bottom() <= new.bottom() for r in paints.regions)
    shown = _on_screen(dock)
    tree.viewport().repaint()
    assert shown == _on_screen(dock)
    dock.dispose()


@pytest.mark.parametrize(("style", "seed"), [("Fusion", 3), ("Windows", 5)])
def test_rows_moved_on_screen_show_what_a_whole_repaint_shows(qtbot, style: str, seed: int) -> None:
    """Rows under one added or taken are moved as pixels: after each of 80 random edits (a row
    selected, the keyboard in the tree or not) the screen is what a whole repaint shows, in a style
    with branch lines and one without."""
    doc, dock = _shown_dock(qtbot, height=420)
    dock.tree.setStyle(QStyleFactory.create(style))
    _settle(qtbot, dock)
    rng = random.Random(seed)
    for step in range(80):
        _random_edit(doc, rng, step)
        if rng.random() < 0.2:
            dock.tree.setFocus()
        if rng.random() < 0.4:
            ws = doc.workshop
            dock.select_ids([rng.choice([f.id for f in ws.findings] or [ws.points[0].id])])
        _settle(qtbot, dock)
        shown = _on_screen(dock)
        dock.tree.viewport().repaint()
        assert shown == _on_screen(dock), f"step {step}: the screen differs from a whole repaint"
    assert dock.tree.moves_on_screen > 20, "rows under a change were moved, not repainted"
    dock.dispose()


def test_rows_whose_parent_stops_being_last_out_of_view_are_repainted(qtbot) -> None:
    """With branch lines, a point's rows draw its line on to the next point: a point added after the
    last one changes the rows of that one, though it is out of view and they look the same otherwise."""
    doc, dock = _shown_dock(qtbot)
    dock.tree.setStyle(QStyleFactory.create("Windows"))
    _settle(qtbot, dock)
    ws = doc.workshop
    first = ws.scheme.ids()[0]
    last = max((p for p in ws.points if p.intercept == first), key=lambda p: (p.y, p.x))
    row = dock.item_for(last.id)
    assert row.childCount()
    dock.tree.scrollToItem(row.child(0), dock.tree.ScrollHint.PositionAtTop)
    _settle(qtbot, dock)
    assert dock.tree.visualItemRect(row).bottom() < 0  # the point itself is out of view, its rows in
    doc.insert("points", DecisionPoint(id="p-after", intercept=first, title="After", y=last.y + 500))
    _settle(qtbot, dock)
    shown = _on_screen(dock)
    dock.tree.viewport().repaint()
    assert shown == _on_screen(dock)
    dock.dispose()


def test_a_row_re_texted_while_a_layout_waits_is_repainted(qtbot) -> None:
    """Qt skips repainting a re-texted row while a layout is pending (the layout used to repaint all):
    a rename in view with an insert out of view in the same turn still shows the new title."""
    doc, dock = _shown_dock(qtbot)
    tree = dock.tree
    shown_row = next(f for f in doc.workshop.findings
                     if 0 < tree.visualItemRect(dock.item_for(f.id)).top() < tree.viewport().height() - 20)
    last = doc.workshop.points[-1]
    doc.update("findings", shown_row.id, title="Renamed while a row was added out of view")
    doc.insert("findings", Finding(id="g-below", kind="gap", intercept=last.intercept, title="Said",
                                   point_id=last.id))
    _settle(qtbot, dock)
    shown = _on_screen(dock)
    tree.viewport().repaint()
    assert shown == _on_screen(dock)
    dock.dispose()
