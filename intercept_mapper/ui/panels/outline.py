"""The outline dock: every item of the map as a tree, intercept by intercept.

Keyboard users and screen readers cannot reach items drawn on a canvas; this tree gives them the
same map as text. Selection follows the canvas and the canvas follows the selection here. The tree is
kept in step with the document's change notices row by row (an edit inserts, removes, moves or
re-texts only the rows it touches; Qt's tree model then updates only those), coalesced per event-loop
turn; only a reset of the document or a change of the intercepts rebuilds the whole tree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QTreeWidgetItem, QWidget

from ...model import CROSS_INTERCEPT, Change, Document
from ...model.workshop import DecisionPoint, Finding, Flow, Workshop
from ..plain_text import plain
from .outline_tree import OutlineTree

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # an intercept heading's key in ``_items``
# Fields whose change re-texts rows without moving any.
TEXT_FIELDS = frozenset({"title", "yearly_count", "description", "organisation", "theme", "notes"})
KIND_WORDS = {"resource": "Resource", "gap": "Gap"}
# Text marks as well as words: the outline never relies on colour to tell resources from gaps.
KIND_MARKS = {"resource": "\u2714", "gap": "\u2716", "point": "\u25a0", "flow": "\u2192"}


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
        self._pending: list[Change] = []  # changes of this event-loop turn, applied row by row
        self._whole = False  # a change that only a whole rebuild follows (a reset, the scheme)
        self._selection_waits = False  # a selection asked for while an update was pending
        self.rebuilds = 0  # whole rebuilds so far (tests pin that an edit does not rebuild)
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self._catch_up)
        self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def select_ids(self, ids: list[str]) -> None:
        """Select these ids in the tree (from the canvas) without echoing back to the canvas."""
        self._wanted_ids = list(ids)
        if self._rebuild_timer.isActive():
            self._selection_waits = True
            return  # applied after the pending update
        self._apply_selection()

    def focus_tree(self) -> None:
        """Show the outline and put the keyboard on it (at the selected item when there is one)."""
        self.show()
        self.raise_()
        if self._rebuild_timer.isActive():
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
        if self._rebuild_timer.isActive():
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
        collapsed = {key for key, item in self._items.items() if not item.isExpanded()}
        scroll = self.tree.verticalScrollBar().value()
        self._syncing = True
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            self._items = {}
            for intercept_id in [*ws.scheme.ids(), CROSS_INTERCEPT]:
                self._add_intercept(ws, intercept_id)
            for key, item in self._items.items():
                item.setExpanded(key not in collapsed)
        finally:
            self.tree.setUpdatesEnabled(True)
            self._syncing = False
        self.tree.verticalScrollBar().setValue(scroll)
        self._apply_selection()

    def _add_intercept(self, ws: Workshop, intercept_id: str) -> None:
        label = ws.scheme.label(intercept_id)
        text = label if intercept_id == CROSS_INTERCEPT else f"Intercept {intercept_id}: {label}"
        heading = QTreeWidgetItem(self.tree, [text])
        heading.setData(0, KIND_ROLE, "intercept")
        heading.setData(0, KEY_ROLE, "intercept:" + intercept_id)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        self._items["intercept:" + intercept_id] = heading
        points_by_id = {p.id: p for p in ws.points}
        attached, loose = self._findings_of(ws, intercept_id, points_by_id)
        flows_from: dict[str, list[Flow]] = {}
        for flow in ws.flows:
            flows_from.setdefault(flow.source, []).append(flow)
        for point in self._points_of(ws, intercept_id):
            self._point_row(heading, point, attached.get(point.id, []), flows_from.get(point.id, []),
                            points_by_id)
        for finding in loose:
            self._finding_row(heading, finding, None)

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

    def _point_row(self, parent: QTreeWidgetItem | None, point: DecisionPoint, findings: list[Finding],
                   flows: list[Flow], points_by_id: dict[str, DecisionPoint]) -> QTreeWidgetItem:
        text = f"{KIND_MARKS['point']} {point.title or '(untitled)'}"
        row = self._add_row(parent, point.id, "point", text, f"Decision point: {point.title}")
        for finding in findings:
            self._finding_row(row, finding, point)
        for flow in flows:
            self._flow_row(row, flow, point, points_by_id.get(flow.target))
        return row

    def _finding_row(self, parent: QTreeWidgetItem | None, finding: Finding,
                     point: DecisionPoint | None) -> QTreeWidgetItem:
        return self._add_row(parent, finding.id, finding.kind, _finding_text(finding),
                             self._finding_accessible(finding, point))

    @staticmethod
    def _finding_accessible(finding: Finding, point: DecisionPoint | None) -> str:
        if point is None:
            return f"{KIND_WORDS[finding.kind]}: {finding.title}"
        return f"{KIND_WORDS[finding.kind]} at {point.title}: {finding.title}"

    def _flow_row(self, parent: QTreeWidgetItem | None, flow: Flow, source: DecisionPoint,
                  target: DecisionPoint | None) -> QTreeWidgetItem:
        return self._add_row(parent, flow.id, "flow", _flow_text(flow, target),
                             f"Flow from {source.title} {_flow_text(flow, target)[2:]}")

    def _add_row(self, parent: QTreeWidgetItem | None, item_id: str, kind: str, text: str,
                 accessible: str) -> QTreeWidgetItem:
        """A row under ``parent`` (None: a row not yet placed, see ``_apply_changes``)."""
        row = QTreeWidgetItem(parent, [text]) if parent is not None else QTreeWidgetItem([text])
        row.setData(0, ID_ROLE, item_id)
        row.setData(0, KIND_ROLE, kind)
        self._set_texts(row, text, accessible)
        self._items[item_id] = row
        return row

    @staticmethod
    def _set_texts(row: QTreeWidgetItem, text: str, accessible: str) -> None:
        row.setText(0, text)
        row.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)
        row.setToolTip(0, plain(text))  # titles are data: Qt would render <b> or <img> in a tooltip

    # ------------------------------------------------------------------ selection both ways
    def _apply_selection(self) -> None:
        self._syncing = True
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
            self._syncing = False

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
        self._rebuild_timer.start()

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
        points_by_id = {p.id: p for p in ws.points}
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
                    parents.add(self._parent_key(found[1], points_by_id))
                    retext.add(item_id)
        waits, self._selection_waits = self._selection_waits, False
        if not parents and not retext:
            if waits:
                self._apply_selection()
            return
        self._syncing = True
        if parents:  # rows will be inserted, taken or moved: note the screen before they are
            self.tree.remember_rows()
        try:
            detached: dict[str, QTreeWidgetItem] = {}
            wanted = {key: self._children_wanted(ws, key, points_by_id) for key in parents}
            for key, ids in wanted.items():  # first take out what is gone or moves elsewhere
                parent = self._row_of_key(key)
                if parent is None:
                    continue
                keep = set(ids)
                for index in reversed(range(parent.childCount())):
                    child = parent.child(index)
                    if child.data(0, ID_ROLE) not in keep:
                        if child is self.tree.currentItem() and not self.tree.hasFocus():
                            # Qt would look for a new current row as it goes (~2 ms of a delete on a
                            # 3,000-row tree); one is needed only for the keyboard in the tree itself.
                            self.tree.setCurrentItem(None)
                        detached[child.data(0, ID_ROLE)] = parent.takeChild(index)
            for key, ids in wanted.items():  # then put each child in its place, new or moved here
                parent = self._row_of_key(key)
                if parent is None:
                    continue
                index = 0
                for item_id in ids:
                    # Never ask for a child past the end: PySide returns that null as a None it does
                    # not own, and each call costs None a reference (the soak test's None guard).
                    current = parent.child(index) if index < parent.childCount() else None
                    if current is not None and current.data(0, ID_ROLE) == item_id:
                        index += 1
                        continue
                    row = detached.pop(item_id, None)
                    if row is None:
                        row = self._items.get(item_id)
                        if row is not None and row.parent() is parent:
                            parent.takeChild(parent.indexOfChild(row))
                        else:
                            row = self._new_row(ws, item_id, points_by_id)
                            retext.discard(item_id)
                    if row is None:
                        continue
                    parent.insertChild(index, row)
                    row.setExpanded(True)
                    index += 1
            for row in detached.values():  # gone for good: forget them and their children
                self._forget(row)
            for item_id in retext:
                self._retext(ws, item_id, points_by_id)
        finally:
            self._syncing = False
        touched = {*retext, *(c for ids in wanted.values() for c in ids)}
        if waits or any(i in touched for i in self._wanted_ids):
            self._apply_selection()

    @staticmethod
    def _key_of(row: QTreeWidgetItem) -> str:
        return row.data(0, ID_ROLE) or row.data(0, KEY_ROLE) or ""

    def _row_of_key(self, key: str) -> QTreeWidgetItem | None:
        return self._items.get(key) if key else None

    @staticmethod
    def _parent_key(model: object, points_by_id: dict[str, DecisionPoint]) -> str:
        if isinstance(model, DecisionPoint):
            return "intercept:" + model.intercept
        if isinstance(model, Flow):
            return model.source if model.source in points_by_id else ""
        if isinstance(model, Finding):
            point = points_by_id.get(model.point_id) if model.point_id else None
            return point.id if point is not None else "intercept:" + model.intercept
        return ""

    def _children_wanted(self, ws: Workshop, key: str, points_by_id: dict[str, DecisionPoint]) -> list[str]:
        """The ids of a heading's or a point's rows, in the order ``rebuild`` puts them."""
        if key.startswith("intercept:"):
            intercept_id = key[len("intercept:"):]
            _, loose = self._findings_of_loose(ws, intercept_id, points_by_id)
            return [p.id for p in self._points_of(ws, intercept_id)] + [f.id for f in loose]
        if key not in points_by_id:
            return []
        return ([f.id for f in ws.findings if f.point_id == key]
                + [f.id for f in ws.flows if f.source == key])

    @staticmethod
    def _findings_of_loose(ws: Workshop, intercept_id: str, points_by_id: dict[str, DecisionPoint]
                           ) -> tuple[None, list[Finding]]:
        return None, [f for f in ws.findings if f.intercept == intercept_id
                      and (not f.point_id or f.point_id not in points_by_id)]

    def _new_row(self, ws: Workshop, item_id: str, points_by_id: dict[str, DecisionPoint]
                 ) -> QTreeWidgetItem | None:
        found = self._document.find(item_id)
        if found is None:
            return None
        model = found[1]
        if isinstance(model, DecisionPoint):
            return self._point_row(None, model, [f for f in ws.findings if f.point_id == model.id],
                                   [f for f in ws.flows if f.source == model.id], points_by_id)
        if isinstance(model, Finding):
            return self._finding_row(None, model, points_by_id.get(model.point_id or ""))
        if isinstance(model, Flow) and model.source in points_by_id:
            return self._flow_row(None, model, points_by_id[model.source], points_by_id.get(model.target))
        return None

    def _retext(self, ws: Workshop, item_id: str, points_by_id: dict[str, DecisionPoint]) -> None:
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
                            self._finding_accessible(model, points_by_id.get(model.point_id or "")))
        elif isinstance(model, Flow) and model.source in points_by_id:
            target = points_by_id.get(model.target)
            self._set_texts(row, _flow_text(model, target),
                            f"Flow from {points_by_id[model.source].title} {_flow_text(model, target)[2:]}")

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
            stack.extend(item.child(i) for i in range(item.childCount()))
