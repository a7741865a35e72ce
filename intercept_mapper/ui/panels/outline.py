"""The outline dock: every item of the map as a tree, intercept by intercept.

Keyboard users and screen readers cannot reach items drawn on a canvas; this tree gives them the
same map as text. Selection follows the canvas and the canvas follows the selection here. The tree is
rebuilt from the document's change notices, coalesced so a burst of changes costs one rebuild.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QTreeWidget, QTreeWidgetItem, QWidget

from ...model import CROSS_INTERCEPT, Change, Document
from ...model.workshop import DecisionPoint, Finding, Flow, Workshop
from ..plain_text import plain

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
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
        self.tree = QTreeWidget()
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
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    # ------------------------------------------------------------------ Public API
    def select_ids(self, ids: list[str]) -> None:
        """Select these ids in the tree (from the canvas) without echoing back to the canvas."""
        self._wanted_ids = list(ids)
        if self._rebuild_timer.isActive():
            return  # applied after the pending rebuild
        self._apply_selection()

    def focus_tree(self) -> None:
        """Show the outline and put the keyboard on it (at the selected item when there is one)."""
        self.show()
        self.raise_()
        if self._rebuild_timer.isActive():
            self.rebuild()
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
            self.rebuild()
        return self._items.get(item_id)

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._rebuild_timer.stop()
        self._unsubscribe()

    # ------------------------------------------------------------------ building
    def rebuild(self) -> None:
        """Rebuild the whole tree from the document, keeping expansion and selection."""
        self._rebuild_timer.stop()
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
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        self._items["intercept:" + intercept_id] = heading
        points = sorted((p for p in ws.points if p.intercept == intercept_id), key=lambda p: (p.y, p.x))
        points_by_id = {p.id: p for p in ws.points}
        here = {p.id for p in points}
        attached: dict[str, list[Finding]] = {}
        loose: list[Finding] = []
        for finding in ws.findings:
            if finding.point_id in here:
                attached.setdefault(finding.point_id, []).append(finding)
            elif finding.intercept == intercept_id and finding.point_id not in points_by_id:
                loose.append(finding)  # not at a point (or at one that is gone): under the intercept
        flows_from: dict[str, list[Flow]] = {}
        for flow in ws.flows:
            flows_from.setdefault(flow.source, []).append(flow)
        for point in points:
            text = f"{KIND_MARKS['point']} {point.title or '(untitled)'}"
            row = self._add_row(heading, point.id, "point", text, f"Decision point: {point.title}")
            for finding in attached.get(point.id, []):
                self._add_row(row, finding.id, finding.kind, _finding_text(finding),
                              f"{KIND_WORDS[finding.kind]} at {point.title}: {finding.title}")
            for flow in flows_from.get(point.id, []):
                target = points_by_id.get(flow.target)
                self._add_row(row, flow.id, "flow", _flow_text(flow, target),
                              f"Flow from {point.title} {_flow_text(flow, target)[2:]}")
        for finding in loose:
            self._add_row(heading, finding.id, finding.kind, _finding_text(finding),
                          f"{KIND_WORDS[finding.kind]}: {finding.title}")

    def _add_row(self, parent: QTreeWidgetItem, item_id: str, kind: str, text: str,
                 accessible: str) -> QTreeWidgetItem:
        row = QTreeWidgetItem(parent, [text])
        row.setData(0, ID_ROLE, item_id)
        row.setData(0, KIND_ROLE, kind)
        row.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)
        row.setToolTip(0, plain(text))  # titles are data: Qt would render <b> or <img> in a tooltip
        self._items[item_id] = row
        return row

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
        if change.collection in ("points", "flows", "findings", "scheme", "document"):
            self._rebuild_timer.start()
