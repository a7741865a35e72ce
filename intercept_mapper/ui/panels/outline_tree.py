"""The outline's tree widget: a row inserted or removed repaints only the rows it moves on screen.

After any insert, remove or move of a row, Qt's ``QTreeView`` lays every row out again and repaints
its whole viewport (``QAbstractItemView.doItemsLayout``): 5-7 ms CPU on a 3,000-row outline for the
~45 rows in view, in every edit that adds, deletes or moves an item of the map, most of them out of
view or below the row that changed. Here the outline notes how the rows on screen look (which row,
where, its text, selected, current, with children, expanded) just before it changes rows
(``remember_rows``); the layout that follows runs with the viewport's updates held and repaints from
the first row on screen that looks different, nothing when none does. Any other layout (a row
expanded by hand, a resize) repaints the whole viewport, as Qt does.

Qt also skips repainting a row whose text changed while a layout was pending ("the layout repaints
everything anyway"): the rows are noted before the texts change, so such a row differs and is
repainted. Its vertical scroll bar repaints only where its thumb moves (``ThriftyScrollBar``).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QTreeWidget, QWidget

from ..thrifty_scroll_bar import ThriftyScrollBar

_HELD = Qt.WidgetAttribute.WA_UpdatesDisabled
_DISPLAY = Qt.ItemDataRole.DisplayRole

RowLook = tuple[int, int, int, int, str, bool, bool, bool, bool]


class OutlineTree(QTreeWidget):
    """A ``QTreeWidget`` whose row layout repaints only the rows that look different afterwards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBar(ThriftyScrollBar(Qt.Orientation.Vertical, self))
        self.full_layout_repaints = 0  # layouts after which the whole viewport was repainted (tests)
        self._painted: list[RowLook] | None = None  # the rows on screen before the outline changed rows

    def rows_on_screen(self) -> list[RowLook]:
        """How each row in the viewport looks: its item, place, text and states, top to bottom."""
        viewport = self.viewport()
        height = viewport.height()
        selection = self.selectionModel()
        current = self.currentIndex()
        model = self.model()
        rows: list[RowLook] = []
        index = self.indexAt(QPoint(0, 0))
        if not index.isValid():
            index = self.indexAt(QPoint(viewport.width() - 1, 0))
        while index.isValid():
            rect = self.visualRect(index)
            if rect.top() >= height:
                break
            rows.append((index.internalId(), rect.top(), rect.left(), rect.height(),
                         str(index.data(_DISPLAY) or ""), selection.isSelected(index), index == current,
                         model.hasChildren(index), self.isExpanded(index)))
            index = self.indexBelow(index)
        return rows

    def remember_rows(self) -> None:
        """Note how the rows on screen look now, before the outline changes rows: the next layout
        repaints from the first row that then looks different. (Taken just before a change, not after
        every paint: ~1 ms for the ~45 rows in view.)"""
        self._painted = None  # a layout still pending runs inside rows_on_screen: a whole repaint
        self._painted = self.rows_on_screen() if self.isVisible() else None

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt's name
        """Lay the rows out; after ``remember_rows``, repaint from the first row on screen that looks
        different, if any (else, as Qt does, the whole viewport)."""
        viewport = self.viewport()
        before, self._painted = self._painted, None
        if before is None or not self.isVisible() or viewport.testAttribute(_HELD):
            super().doItemsLayout()
            return
        viewport.setAttribute(_HELD, True)  # not setUpdatesEnabled: turning it back on repaints all
        try:
            super().doItemsLayout()
        finally:
            viewport.setAttribute(_HELD, False)
        self._repaint_from_first_difference(before, self.rows_on_screen())

    def _repaint_from_first_difference(self, before: list[RowLook], after: list[RowLook]) -> None:
        viewport = self.viewport()
        if before == after:
            return
        top = viewport.height()
        for old, new in zip(before, after, strict=False):
            if old != new:
                top = min(old[1], new[1])
                break
        else:  # one list is a prefix of the other: the rows after it came or went
            shorter = min(len(before), len(after))
            longer = before if len(before) > shorter else after
            top = longer[shorter][1] if shorter < len(longer) else top
        if top <= 0:
            self.full_layout_repaints += 1
            viewport.update()
        else:
            viewport.update(QRect(0, top, viewport.width(), viewport.height() - top))
