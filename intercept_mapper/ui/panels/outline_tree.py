"""The outline's tree widget: rows changed in place repaint only the rows they move on screen.

An edit's rows are changed inside ``changing_rows``: the outline notes how the rows on screen look
(which row, where, its text, selected, current, with children, expanded, last of its parent), holds
the viewport's repaints while rows are inserted, taken, moved, collapsed and expanded (Qt repaints the
whole viewport after any of them: 3-5 ms for the ~45 rows in view), lays out what Qt left pending,
then repaints from the first row on screen that looks different, nothing when none does. Any other
layout (a row expanded by hand, a resize) repaints the whole viewport, as Qt does.

Qt skips repainting a row whose text changed while a layout was pending ("the layout repaints
everything anyway"): the rows are noted before the texts change, so such a row differs and is
repainted. Its vertical scroll bar repaints only where its thumb moves (``ThriftyScrollBar``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTreeWidget, QWidget

from ..thrifty_scroll_bar import ThriftyScrollBar

_HELD = Qt.WidgetAttribute.WA_UpdatesDisabled

RowLook = tuple[int, int, int, int, str, bool, bool, bool, bool, bool]


class OutlineTree(QTreeWidget):
    """A ``QTreeWidget`` whose rows, changed in ``changing_rows``, repaint only where they look different."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBar(ThriftyScrollBar(Qt.Orientation.Vertical, self))
        self.full_layout_repaints = 0  # changes after which the whole viewport was repainted (tests)

    def rows_on_screen(self) -> list[RowLook]:
        """How each row in the viewport looks: its item, place, text and states, top to bottom.

        Asked of the items, not of model indexes: ~5 us a row, not ~14 (twice per catch-up)."""
        viewport = self.viewport()
        height = viewport.height()
        selection = self.selectionModel()
        current = self.currentItem()
        rows: list[RowLook] = []
        item = self.itemAt(0, 0)
        if item is None:
            item = self.itemAt(viewport.width() - 1, 0)
        while item is not None:
            rect = self.visualItemRect(item)
            if rect.top() >= height:
                break
            # The last row of a parent may draw its branch differently from one with rows after it.
            parent = item.parent()
            if parent is None:
                last = self.topLevelItem(self.topLevelItemCount() - 1) is item
            else:
                last = parent.child(parent.childCount() - 1) is item
            rows.append((id(item), rect.top(), rect.left(), rect.height(), item.text(0),
                         selection.isSelected(self.indexFromItem(item)), item is current,
                         item.childCount() > 0, item.isExpanded(), last))
            item = self.itemBelow(item)
        return rows

    @contextmanager
    def changing_rows(self) -> Iterator[None]:
        """Change rows inside: the viewport is repainted from the first row on screen that then looks
        different (Qt: the whole viewport after each insert, take, collapse or expand)."""
        viewport = self.viewport()
        if not self.isVisible() or viewport.testAttribute(_HELD):
            yield
            return
        before = self.rows_on_screen()  # (a layout still pending runs here, unheld: a whole repaint)
        viewport.setAttribute(_HELD, True)  # not setUpdatesEnabled: turning it back on repaints all
        try:
            yield
            self.executeDelayedItemsLayout()  # a row inserted under an expanded heading: Qt lays out all
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
