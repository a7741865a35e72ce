"""A finding's or a flow's row in the outline is a leaf: never expanded, flagged as never having rows.

Qt keeps a persistent index for every expanded row and walks all of them at every row taken out of
the tree, and its layout asks every row without that flag whether it has rows: with the leaves
expanded too, taking one row cost ~5 ms and a whole layout ~14 at 30,000 rows (bench/README.md,
"30,000 items: the outline's leaves").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTreeWidgetItem

from intercept_mapper.model import DecisionPoint, Finding, Flow
from intercept_mapper.ui.panels.outline import ID_ROLE, KIND_ROLE, OutlineDock
from tests.ui.test_outline_repaints import _settle, _shown_dock

NEVER = Qt.ItemFlag.ItemNeverHasChildren


def _rows(dock: OutlineDock) -> list[QTreeWidgetItem]:
    tree = dock.tree
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    rows = []
    while stack:
        row = stack.pop()
        rows.append(row)
        stack.extend(row.child(i) for i in range(row.childCount()))
    return rows


def _assert_leaves_folded_and_the_rest_expanded(dock: OutlineDock) -> None:
    kinds = set()
    for row in _rows(dock):
        kind = row.data(0, KIND_ROLE)
        kinds.add(kind)
        if kind in ("gap", "resource", "flow"):
            assert not row.isExpanded(), f"leaf row {row.data(0, ID_ROLE)} is expanded"
            assert row.flags() & NEVER, f"leaf row {row.data(0, ID_ROLE)} may have rows"
            assert row.flags() & Qt.ItemFlag.ItemIsSelectable and row.flags() & Qt.ItemFlag.ItemIsEnabled
        else:
            assert row.isExpanded(), f"{kind} row {row.text(0)} is folded"
            assert not row.flags() & NEVER
    assert {"intercept", "point", "gap", "resource", "flow"} <= kinds


def test_leaf_rows_stay_unexpanded_through_a_build_and_each_way_rows_come(qtbot) -> None:
    doc, dock = _shown_dock(qtbot, height=900)
    _assert_leaves_folded_and_the_rest_expanded(dock)
    ws = doc.workshop
    point, other = ws.points[0], ws.points[3]
    doc.insert("findings", Finding(id="g-at", kind="gap", intercept=point.intercept, title="At",
                                   point_id=point.id))
    doc.insert("findings", Finding(id="g-loose", kind="gap", intercept=point.intercept, title="Loose"))
    doc.insert("flows", Flow(id="l-new", source=point.id, target=other.id))
    doc.insert("points", DecisionPoint(id="p-new", intercept=other.intercept, title="New point", y=5.0))
    _settle(qtbot, dock)
    doc.update("findings", "g-at", point_id=other.id, intercept=other.intercept)  # a row moved between points
    doc.update("findings", "g-loose", point_id="p-new")  # from a heading to a new point
    _settle(qtbot, dock)
    record = doc.delete([other.id])  # a point with rows: back by undo, its rows made afresh
    _settle(qtbot, dock)
    doc.revert(record)
    _settle(qtbot, dock)
    assert dock.item_for("g-at").parent() is dock.item_for(other.id)
    assert dock.item_for("g-loose").parent() is dock.item_for("p-new")
    _assert_leaves_folded_and_the_rest_expanded(dock)
    dock.dispose()


def test_a_rebuild_keeps_folded_headings_and_points_folded(qtbot) -> None:
    doc, dock = _shown_dock(qtbot)
    point = next(p for p in doc.workshop.points if dock.item_for(p.id).childCount())
    heading = "intercept:" + doc.workshop.scheme.ids()[-1]
    dock.item_for(point.id).setExpanded(False)
    dock._items[heading].setExpanded(False)  # noqa: SLF001 - a heading has no item id
    dock.rebuild()
    _settle(qtbot, dock)
    assert not dock.item_for(point.id).isExpanded()
    assert not dock._items[heading].isExpanded()  # noqa: SLF001
    others = [row for row in _rows(dock) if row.data(0, KIND_ROLE) in ("intercept", "point")
              and row is not dock.item_for(point.id) and row is not dock._items[heading]]  # noqa: SLF001
    assert others and all(row.isExpanded() for row in others)
    dock.dispose()


def test_a_screen_reader_hears_a_leaf_as_neither_expandable_nor_expanded(qtbot) -> None:
    """What the accessibility layer says of each row: a heading and a point can be folded and are
    open; a finding's or flow's row neither (Qt said 'expanded' of every leaf while leaves were
    expanded, of rows that can never be folded)."""
    QAccessible.setActive(True)
    try:
        doc, dock = _shown_dock(qtbot, height=900)
        face = QAccessible.queryAccessibleInterface(dock.tree)
        seen = set()
        for i in range(face.childCount()):
            cell = face.child(i)
            if cell.role() != QAccessible.Role.TreeItem:
                continue  # the hidden header's cell
            name = cell.text(QAccessible.Text.Name)
            leaf = not name.startswith(("Intercept", "Cross-intercept", "Decision point"))
            seen.add(leaf)
            state = cell.state()
            expected = (False, False) if leaf else (True, True)
            assert (bool(state.expandable), bool(state.expanded)) == expected, name
        assert seen == {True, False}
        dock.dispose()
    finally:
        QAccessible.setActive(False)
