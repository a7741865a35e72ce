"""The outline dock: every item of the map as a tree, intercept by intercept.

Keyboard users and screen readers cannot reach items drawn on a canvas; this tree gives them the
same map as text. Selection follows the canvas and the canvas follows the selection here. The tree is
kept in step with the document's change notices row by row (an edit inserts, removes, moves or
re-texts only the rows it touches), coalesced per event-loop turn; only a reset of the document or a
change of the intercepts rebuilds the whole tree.

It stays a ``QTreeWidget`` (a tree model in C++), not a ``QAbstractItemModel`` written in Python:
``QTreeView`` lays out every row after any row is inserted under an expanded row or removed, whatever
the model, and asks the model for each row as it does (a Python model: 15 ms for 3,000 rows, 163 ms
for 30,000, against 0.3 and 10 for this one); see bench/README.md, "The outline: rows at a point
without a whole layout". What it lays out less: see ``_put_rows_in_place``; what a leaf row costs Qt
less: see ``LEAF_FLAGS``.
"""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleTableModelChangeEvent
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QTreeWidgetItem, QWidget

from ...model import CROSS_INTERCEPT, Change, Document
from ...model.workshop import DecisionPoint, Finding, Flow, Workshop
from ..plain_text import plain
from .outline_tree import OutlineTree

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # an intercept heading's key in ``_items``
# Changes kept for an outline out of sight; past that many its showing rebuilds it whole instead.
HIDDEN_CHANGES_KEPT = 500
# Fields whose change re-texts rows without moving any.
TEXT_FIELDS = frozenset({"title", "yearly_count", "description", "organisation", "theme", "notes"})
KIND_WORDS = {"resource": "Resource", "gap": "Gap"}
# Text marks as well as words: the outline never relies on colour to tell resources from gaps.
KIND_MARKS = {"resource": "\u2714", "gap": "\u2716", "point": "\u25a0", "flow": "\u2192"}
# A finding's or a flow's row (a leaf): a new QTreeWidgetItem's flags, and never any rows under it.
# A leaf is never expanded either: Qt keeps a persistent index per expanded row and walks them all at
# every row taken out or put in, and its layout asks a row with this flag nothing more. In the window
# at 30,000 items: a row of a heading taken ~14 ms -> ~2, a whole layout ~13 -> ~8.
LEAF_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
              | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
              | Qt.ItemFlag.ItemNeverHasChildren)


def _flow_text(flow: Flow, target: DecisionPoint | None) -> str:
    count = f" ({flow.yearly_count:,} a year)" if flow.yearly_count is not None else ""
    return f"{KIND_MARKS['flow']} to {target.title if target else '?'}{count}"


def _finding_text(finding: Finding) -> str:
    return f"{KIND_MARKS[finding.kind]} {KIND_WORDS[finding.kind]}: {finding.title}"


class OutlineDock(QDockWidget):
    """A tree of intercepts, their decision points, the resources, gaps and flows of each point."""

    sig_selection_changed = Signal(list)  # ids the user selected in the tree
    sig_item_activated = Signal(str)  # Enter or double-click on an item

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__("Outline", parent)
        self.setObjectName("outline_panel")
        self._document = document
        self._syncing = False
        self._wanted_ids: list[str] = []
        self.tree = OutlineTree()
        self.tree.setObjectName("outline_tree")
        self.tree.setAccessibleName("Map outline")
        self.tree.setAccessibleDescription("Every decision point, resource, gap and flow, by intercept")
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.itemSelectionChanged.connect(self._on_tree_selection)
        self.tree.itemActivated.connect(self._on_activated)
        self.setWidget(self.tree)
        self._items: dict[str, QTreeWidgetItem] = {}
        # The ids of each heading's and point's rows, in order (by key: "intercept:<id>" or a point
        # id): a catch-up compares them with what the document wants without asking Qt for each row.
        self._children: dict[str, list[str]] = {}
        # The row to make current once rows are in place (empty: the current row stays), see ``_take``.
        self._next_current: list[QTreeWidgetItem | None] = []
        self._pending: list[Change] = []  # changes of this event-loop turn, applied row by row
        self._whole = False  # a change that only a whole rebuild follows (a reset, the scheme)
        self._selection_waits = False  # a selection asked for while an update was pending
        self.rebuilds = 0  # whole rebuilds so far (tests pin that an edit does not rebuild)
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self._catch_up)
        # Closed, or a tab behind another dock: changes wait until the outline is seen again (then one
        # catch-up, or one rebuild after more than ``HIDDEN_CHANGES_KEPT`` of them).
        self._out_of_sight = False
        self.visibilityChanged.connect(self._on_visibility)
        self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def select_ids(self, ids: list[str]) -> None:
        """Select these ids in the tree (from the canvas) without echoing back to the canvas."""
        self._wanted_ids = list(ids)
        if self._behind():
            self._selection_waits = True
            return  # applied after the pending update
        self._apply_selection()

    def focus_tree(self) -> None:
        """Show the outline and put the keyboard on it (at the selected item when there is one)."""
        self.show()
        self.raise_()
        if self._behind():
            self._catch_up()
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0), 0,
                                     self.tree.selectionModel().SelectionFlag.NoUpdate)
        self.tree.setFocus()

    def selected_ids(self) -> list[str]:
        """Ids of the selected tree rows that are items (not intercept headings)."""
        return [i.data(0, ID_ROLE) for i in self.tree.selectedItems() if i.data(0, ID_ROLE)]

    def item_for(self, item_id: str) -> QTreeWidgetItem | None:
        """The tree row of an item id (for tests)."""
        if self._behind():
            self._catch_up()
        return self._items.get(item_id)

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._rebuild_timer.stop()
        self._unsubscribe()

    # ------------------------------------------------------------------ building
    def rebuild(self) -> None:
        """Rebuild the whole tree from the document, keeping expansion and selection."""
        self._rebuild_timer.stop()
        self._pending = []
        self._whole = False
        self.rebuilds += 1
        ws = self._document.workshop
        # Headings and points only: a leaf is never expanded (``LEAF_FLAGS``).
        collapsed = {key for key in self._children
                     if (item := self._items.get(key)) is not None and not item.isExpanded()}
        scroll = self.tree.verticalScrollBar().value()
        self._syncing = True
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            self._items = {}
            self._children = {}
            for intercept_id in [*ws.scheme.ids(), CROSS_INTERCEPT]:
                self._add_intercept(ws, intercept_id)
            for key in self._children:
                self._items[key].setExpanded(key not in collapsed)
        finally:
            self.tree.setUpdatesEnabled(True)
            self._syncing = False
        self.tree.verticalScrollBar().setValue(scroll)
        self._apply_selection()

    def _add_intercept(self, ws: Workshop, intercept_id: str) -> None:
        label = ws.scheme.label(intercept_id)
        text = label if intercept_id == CROSS_INTERCEPT else f"Intercept {intercept_id}: {label}"
        # Built whole before it joins the tree: its rows' data set before the model knows them, Qt tells
        # the view of one insert per heading, not of each row and each of its texts (~15 % of a rebuild).
        heading = QTreeWidgetItem([text])
        heading.setData(0, KIND_ROLE, "intercept")
        heading.setData(0, KEY_ROLE, "intercept:" + intercept_id)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        key = "intercept:" + intercept_id
        self._items[key] = heading
        self._children[key] = []
        points_by_id = {p.id: p for p in ws.points}
        attached, loose = self._findings_of(ws, intercept_id, points_by_id)
        flows_from: dict[str, list[Flow]] = {}
        for flow in ws.flows:
            flows_from.setdefault(flow.source, []).append(flow)
        for point in self._points_of(ws, intercept_id):
            self._point_row(heading, key, point, attached.get(point.id, []), flows_from.get(point.id, []),
                            points_by_id)
        for finding in loose:
            self._finding_row(heading, key, finding, None)
        self.tree.addTopLevelItem(heading)

    @staticmethod
    def _points_of(ws: Workshop, intercept_id: str) -> list[DecisionPoint]:
        return sorted((p for p in ws.points if p.intercept == intercept_id), key=lambda p: (p.y, p.x))

    @staticmethod
    def _findings_of(ws: Workshop, intercept_id: str, points_by_id: dict[str, DecisionPoint]
                     ) -> tuple[dict[str, list[Finding]], list[Finding]]:
        """Findings at this intercept's points (by point id), and those under the intercept itself."""
        attached: dict[str, list[Finding]] = {}
        loose: list[Finding] = []
        for finding in ws.findings:
            point = points_by_id.get(finding.point_id) if finding.point_id else None
            if point is not None:
                if point.intercept == intercept_id:
                    attached.setdefault(point.id, []).append(finding)
            elif finding.intercept == intercept_id:
                loose.append(finding)  # not at a point (or at one that is gone): under the intercept
        return attached, loose

    def _point_row(self, parent: QTreeWidgetItem | None, parent_key: str, point: DecisionPoint,
                   findings: list[Finding], flows: list[Flow],
                   points_by_id: dict[str, DecisionPoint] | _DocumentPoints) -> QTreeWidgetItem:
        text = f"{KIND_MARKS['point']} {point.title or '(untitled)'}"
        row = self._add_row(parent, parent_key, point.id, "point", text, f"Decision point: {point.title}")
        self._children[point.id] = []
        for finding in findings:
            self._finding_row(row, point.id, finding, point)
        for flow in flows:
            self._flow_row(row, point.id, flow, point, points_by_id.get(flow.target))
        return row

    def _finding_row(self, parent: QTreeWidgetItem | None, parent_key: str, finding: Finding,
                     point: DecisionPoint | None) -> QTreeWidgetItem:
        return self._add_row(parent, parent_key, finding.id, finding.kind, _finding_text(finding),
                             self._finding_accessible(finding, point))

    @staticmethod
    def _finding_accessible(finding: Finding, point: DecisionPoint | None) -> str:
        if point is None:
            return f"{KIND_WORDS[finding.kind]}: {finding.title}"
        return f"{KIND_WORDS[finding.kind]} at {point.title}: {finding.title}"

    def _flow_row(self, parent: QTreeWidgetItem | None, parent_key: str, flow: Flow, source: DecisionPoint,
                  target: DecisionPoint | None) -> QTreeWidgetItem:
        return self._add_row(parent, parent_key, flow.id, "flow", _flow_text(flow, target),
                             f"Flow from {source.title} {_flow_text(flow, target)[2:]}")

    def _add_row(self, parent: QTreeWidgetItem | None, parent_key: str, item_id: str, kind: str, text: str,
                 accessible: str) -> QTreeWidgetItem:
        """A row under ``parent``, whose key is ``parent_key`` (None: a row not yet placed, see
        ``_put_rows_in_place``)."""
        row = QTreeWidgetItem()  # its data set before it joins its parent (see ``_add_intercept``)
        if kind != "point":
            row.setFlags(LEAF_FLAGS)
        row.setData(0, ID_ROLE, item_id)
        row.setData(0, KIND_ROLE, kind)
        self._set_texts(row, text, accessible)
        self._items[item_id] = row
        if parent is not None:
            parent.addChild(row)
            self._children[parent_key].append(item_id)
        return row

    @staticmethod
    def _set_texts(row: QTreeWidgetItem, text: str, accessible: str) -> None:
        row.setText(0, text)
        row.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)
        row.setToolTip(0, plain(text))  # titles are data: Qt would render <b> or <img> in a tooltip

    # ------------------------------------------------------------------ selection both ways
    def _apply_selection(self) -> None:
        syncing, self._syncing = self._syncing, True
        try:
            self.tree.clearSelection()
            first = None
            for item_id in self._wanted_ids:
                row = self._items.get(item_id)
                if row is not None:
                    row.setSelected(True)
                    first = first or row
            if first is not None:
                self.tree.setCurrentItem(first, 0, self.tree.selectionModel().SelectionFlag.NoUpdate)
                self.tree.scrollToItem(first)
        finally:
            self._syncing = syncing

    def _on_tree_selection(self) -> None:
        if self._syncing:
            return
        self._wanted_ids = self.selected_ids()
        self.sig_selection_changed.emit(list(self._wanted_ids))

    def _on_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item_id = row.data(0, ID_ROLE)
        if item_id:
            self.sig_item_activated.emit(item_id)

    def _on_change(self, change: Change) -> None:
        if change.collection not in ("points", "flows", "findings", "scheme", "document"):
            return
        if change.action == "reset" or change.collection in ("scheme", "document"):
            self._whole = True
        elif not self._whole:
            self._pending.append(change)
            if self._out_of_sight and len(self._pending) > HIDDEN_CHANGES_KEPT:
                self._whole, self._pending = True, []  # a long session unseen: one rebuild when shown
        if not self._out_of_sight:
            self._rebuild_timer.start()

    def _behind(self) -> bool:
        """True while the tree does not show the document yet (changes wait for a turn or a showing)."""
        return self._rebuild_timer.isActive() or bool(self._pending) or self._whole

    def _on_visibility(self, visible: bool) -> None:
        self._out_of_sight = not visible
        if visible and self._behind():
            self._catch_up()  # before the tree's first paint

    def _catch_up(self) -> None:
        """Apply the changes of the last event-loop turn: the rows they touch, or the whole tree."""
        if self._whole:
            self.rebuild()
        else:
            self._apply_changes()

    # ------------------------------------------------------------------ updating in place
    def _apply_changes(self) -> None:
        """Update only the rows the pending changes touch: insert, remove, move and re-text them."""
        self._rebuild_timer.stop()
        changes, self._pending = self._pending, []
        ws = self._document.workshop
        points = _DocumentPoints(self._document)
        parents: set[str] = set()  # rows whose children to put right: "intercept:<id>" or a point id
        retext: set[str] = set()
        for change in changes:
            text_only = change.action == "update" and bool(change.fields) and change.fields <= TEXT_FIELDS
            for item_id in change.ids:
                if change.collection == "points" and change.action == "update" and "title" in change.fields:
                    retext.update(self._texts_naming(ws, item_id))
                if text_only:
                    retext.add(item_id)
                    continue
                old = self._items.get(item_id)
                if old is not None and old.parent() is not None:
                    parents.add(self._key_of(old.parent()))
                found = self._document.find(item_id)
                if found is not None:
                    parents.add(self._parent_key(found[1], points))
                    retext.add(item_id)
        waits, self._selection_waits = self._selection_waits, False
        wanted = {key: ids for key, ids in self._children_wanted(ws, parents, points).items()
                  if self._children.get(key) != ids}
        if not wanted and not retext:
            if waits:
                self._apply_selection()
            return
        self._syncing = True
        try:
            # Rows re-texted only: Qt repaints each of them. Rows inserted or taken: one repaint.
            with self.tree.changing_rows() if wanted else nullcontext():
                reselect = self._put_rows_in_place(ws, wanted, points, retext)
                for item_id in retext:
                    self._retext(ws, item_id, points)
            touched = {*retext, *(c for ids in wanted.values() for c in ids)}
            if reselect or waits or any(i in touched for i in self._wanted_ids):
                # After the rows' repaint: a scroll of a few rows then moves the pixels Qt has and
                # paints the rows it brings in (held, the whole viewport would be repainted).
                self._apply_selection()
        finally:
            self._syncing = False

    def _put_rows_in_place(self, ws: Workshop, wanted: dict[str, list[str]], points: _DocumentPoints,
                           retext: set[str]) -> bool:
        """Give each parent row in ``wanted`` those children, in that order; True when a selected row
        was taken out while the model's notices were held (the selection is then applied again).

        Qt's tree view lays out every row after a row is inserted under an expanded row or taken from
        any row (2 ms at 3,000 rows, 20 ms at 30,000). It lays out only a row's own children when that
        row is expanded, and nothing when rows come or go under a collapsed one. So a point whose rows
        change is collapsed first and expanded after; rows taken from it are taken with the model's
        notices held, since the view forgets all its rows at any removal notice (its rows never
        include a collapsed row's children, and persistent indexes, the selection's among them, are
        kept right by the model itself). A heading's rows (the points, the gaps at no point) change
        as Qt does it: collapsing a heading would lay out its whole part of the tree again.
        """
        detached: dict[str, QTreeWidgetItem] = {}
        reselect = False
        model = self.tree.model()
        folded = [row for key in wanted if not key.startswith("intercept:")
                  and (row := self._items.get(key)) is not None and row.treeWidget() is not None
                  and row.isExpanded()]
        for row in folded:
            row.setExpanded(False)
        for key, ids in wanted.items():  # first take out what is gone or moves elsewhere
            parent = self._row_of_key(key)
            if parent is None:
                continue
            keep = set(ids)
            shown = self._children.setdefault(key, [])
            for index in reversed(range(len(shown))):
                if shown[index] not in keep:
                    row, chosen = self._take(model, parent, index)
                    reselect = reselect or chosen
                    detached[shown.pop(index)] = row
        for key, ids in wanted.items():  # then put each child in its place, new or moved here
            parent = self._row_of_key(key)
            if parent is None:
                continue
            shown = self._children[key]
            index = 0
            for item_id in ids:
                if index < len(shown) and shown[index] == item_id:
                    index += 1
                    continue
                row = detached.pop(item_id, None)
                if row is None:
                    row = self._items.get(item_id)
                    if row is not None and row.parent() is parent:  # further down this parent: up here
                        row, chosen = self._take(model, parent, shown.index(item_id, index))
                        reselect = reselect or chosen
                        shown.remove(item_id)
                    else:
                        row = self._new_row(ws, item_id, points)
                        retext.discard(item_id)
                if row is None:
                    continue
                parent.insertChild(index, row)
                shown.insert(index, item_id)
                if item_id in self._children:  # a point's row (a leaf is never expanded: ``LEAF_FLAGS``)
                    row.setExpanded(True)
                index += 1
        for row in folded:
            row.setExpanded(True)
        for row in detached.values():  # gone for good: forget them and their children
            self._forget(row)
        if self._next_current:
            near = self._next_current.pop()
            placed = near is not None and near.treeWidget() is self.tree
            self.tree.selectionModel().setCurrentIndex(
                self.tree.indexFromItem(near) if placed else QModelIndex(),
                QItemSelectionModel.SelectionFlag.NoUpdate)
        return reselect

    def _take(self, model: QAbstractItemModel, parent: QTreeWidgetItem, index: int
              ) -> tuple[QTreeWidgetItem, bool]:
        """Take a child row out of ``parent`` (see ``_put_rows_in_place``); the row, and whether it was
        selected while the model's notices were held."""
        child = parent.child(index)
        quiet = not parent.isExpanded()  # the view holds none of its rows: it need not hear of it
        # (A row chosen to be current in place of one taken earlier in this catch-up counts as current.)
        if child is self.tree.currentItem() or (self._next_current and child is self._next_current[0]):
            if not self.tree.hasFocus():
                # Qt would look for a new current row as it goes (~2 ms of a delete on a 3,000-row
                # tree); one is needed only for the keyboard in the tree itself.
                self.tree.setCurrentItem(None)
            elif quiet:  # the selection model will not hear of it: its choice of a new current row,
                # made current once the rows are in place (now, Qt would unfold this row to show it,
                # laying out the row being taken)
                near = index - 1 if index > 0 else index + 1
                self._next_current = [parent.child(near) if near < parent.childCount() else None]
        if not quiet:
            return parent.takeChild(index), False
        selected = child.isSelected()
        model.blockSignals(True)
        try:
            row = parent.takeChild(index)
        finally:
            model.blockSignals(False)
        if not parent.childCount():
            parent.emitDataChanged()  # the view's note that the row has children (its branch mark)
        if QAccessible.isActive():  # a screen reader's copy of the rows, told nothing else
            QAccessible.updateAccessibility(QAccessibleTableModelChangeEvent(
                self.tree, QAccessibleTableModelChangeEvent.ModelChangeType.ModelReset))
        return row, selected

    @staticmethod
    def _key_of(row: QTreeWidgetItem) -> str:
        return row.data(0, ID_ROLE) or row.data(0, KEY_ROLE) or ""

    def _row_of_key(self, key: str) -> QTreeWidgetItem | None:
        return self._items.get(key) if key else None

    @staticmethod
    def _parent_key(model: object, points: _DocumentPoints | dict[str, DecisionPoint]) -> str:
        if isinstance(model, DecisionPoint):
            return "intercept:" + model.intercept
        if isinstance(model, Flow):
            return model.source if model.source in points else ""
        if isinstance(model, Finding):
            point = points.get(model.point_id) if model.point_id else None
            return point.id if point is not None else "intercept:" + model.intercept
        return ""

    def _children_wanted(self, ws: Workshop, keys: set[str], points: _DocumentPoints) -> dict[str, list[str]]:
        """The ids of these headings' and points' rows, in the order ``rebuild`` puts them (one pass
        over each list of the workshop, whatever the number of keys)."""
        # A point that is gone takes its rows with it: only headings and points still there.
        wanted: dict[str, list[str]] = {key: [] for key in keys
                                        if key.startswith("intercept:") or key in points}
        at_point = {key: [] for key in wanted if key in points}
        if at_point:
            flows_from: dict[str, list[str]] = {key: [] for key in at_point}
            for finding in ws.findings:
                if finding.point_id in at_point:
                    at_point[finding.point_id].append(finding.id)
            for flow in ws.flows:
                if flow.source in flows_from:
                    flows_from[flow.source].append(flow.id)
            for key, ids in at_point.items():
                wanted[key] = ids + flows_from[key]
        headings = {key[len("intercept:"):] for key in wanted if key.startswith("intercept:")}
        if headings:
            points_at: dict[str, list[DecisionPoint]] = {i: [] for i in headings}
            for point in ws.points:
                if point.intercept in points_at:
                    points_at[point.intercept].append(point)
            loose: dict[str, list[str]] = {i: [] for i in headings}
            for finding in ws.findings:
                if finding.intercept in loose and (not finding.point_id or finding.point_id not in points):
                    loose[finding.intercept].append(finding.id)
            for intercept_id in headings:
                ordered = sorted(points_at[intercept_id], key=lambda p: (p.y, p.x))
                wanted["intercept:" + intercept_id] = [p.id for p in ordered] + loose[intercept_id]
        return wanted

    def _new_row(self, ws: Workshop, item_id: str, points: _DocumentPoints) -> QTreeWidgetItem | None:
        found = self._document.find(item_id)
        if found is None:
            return None
        model = found[1]
        if isinstance(model, DecisionPoint):
            return self._point_row(None, "", model, [f for f in ws.findings if f.point_id == model.id],
                                   [f for f in ws.flows if f.source == model.id], points)
        if isinstance(model, Finding):
            return self._finding_row(None, "", model, points.get(model.point_id or ""))
        if isinstance(model, Flow) and model.source in points:
            return self._flow_row(None, "", model, points[model.source], points.get(model.target))
        return None

    def _retext(self, ws: Workshop, item_id: str, points: _DocumentPoints) -> None:
        row = self._items.get(item_id)
        found = self._document.find(item_id)
        if row is None or found is None:
            return
        model = found[1]
        if isinstance(model, DecisionPoint):
            self._set_texts(row, f"{KIND_MARKS['point']} {model.title or '(untitled)'}",
                            f"Decision point: {model.title}")
        elif isinstance(model, Finding):
            self._set_texts(row, _finding_text(model),
                            self._finding_accessible(model, points.get(model.point_id or "")))
        elif isinstance(model, Flow) and model.source in points:
            target = points.get(model.target)
            self._set_texts(row, _flow_text(model, target),
                            f"Flow from {points[model.source].title} {_flow_text(model, target)[2:]}")

    @staticmethod
    def _texts_naming(ws: Workshop, point_id: str) -> list[str]:
        """Rows whose text names this point: its findings and the flows from and to it."""
        return ([f.id for f in ws.findings if f.point_id == point_id]
                + [f.id for f in ws.flows if point_id in (f.source, f.target)])

    def _forget(self, row: QTreeWidgetItem) -> None:
        stack = [row]
        while stack:
            item = stack.pop()
            item_id = item.data(0, ID_ROLE)
            if item_id and self._items.get(item_id) is item:
                del self._items[item_id]
                self._children.pop(item_id, None)
            stack.extend(item.child(i) for i in range(item.childCount()))


class _DocumentPoints:
    """The document's points by id, read through its own index (a catch-up builds no dict of them)."""

    def __init__(self, document: Document) -> None:
        self._document = document

    def get(self, point_id: str) -> DecisionPoint | None:
        return self._document.get("points", point_id)

    def __contains__(self, point_id: object) -> bool:
        return isinstance(point_id, str) and self._document.get("points", point_id) is not None

    def __getitem__(self, point_id: str) -> DecisionPoint:
        point = self._document.get("points", point_id)
        if point is None:
            raise KeyError(point_id)
        return point
