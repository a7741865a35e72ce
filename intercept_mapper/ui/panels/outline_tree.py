"""The outline's tree widget: rows changed in place repaint only the rows they change on screen.

An edit's rows are changed inside ``changing_rows``: the outline notes how the rows on screen look
(which row, where, its text, selected, current, with children, expanded, and whether it and each row
above it in the tree is the last of its parent: a branch line ends there), holds the viewport's
repaints while rows are inserted, taken, moved, collapsed and expanded (Qt repaints the whole viewport
after any of them: 3-5 ms for the ~45 rows in view), lays out what Qt left pending, then compares.
Rows that look the same but stand higher or lower (the rows under one added or taken) are moved on
screen as pixels, as Qt scrolls; the rows that look different are repainted; nothing when none does.
Any other layout (a row expanded by hand, a resize) repaints the whole viewport, as Qt does.

Qt skips repainting a row whose text changed while a layout was pending ("the layout repaints
everything anyway"): the rows are noted before the texts change, so such a row differs and is
repainted. Its vertical scroll bar repaints only where its thumb moves (``ThriftyScrollBar``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ..thrifty_scroll_bar import ThriftyScrollBar

_HELD = Qt.WidgetAttribute.WA_UpdatesDisabled

# (the item's id, top, left, height, text, selected, current, has rows, expanded, and for the row and
# each row above it in the tree whether it is the last of its parent: each ends a branch line).
RowLook = tuple[int, int, int, int, str, bool, bool, bool, bool, tuple[bool, ...]]


class OutlineTree(QTreeWidget):
    """A ``QTreeWidget`` whose rows, changed in ``changing_rows``, repaint only where they look different."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBar(ThriftyScrollBar(Qt.Orientation.Vertical, self))
        self.full_layout_repaints = 0  # changes after which the whole viewport was repainted (tests)
        self.moves_on_screen = 0  # changes after which rows on screen were moved as pixels (tests)

    def rows_on_screen(self) -> list[RowLook]:
        """How each row in the viewport looks: its item, place, text and states, top to bottom.

        Asked of the items, not of model indexes: ~5 us a row, not ~14 (twice per catch-up)."""
        viewport = self.viewport()
        height = viewport.height()
        current = self.currentItem()
        rows: list[RowLook] = []
        # By parent: its last row, and whether it and each row above it is the last of its parent.
        last_rows: dict[int, QTreeWidgetItem | None] = {}
        lasts: dict[int, tuple[bool, ...]] = {}
        top_items = self.topLevelItemCount()
        item = self.itemAt(0, 0)
        if item is None:
            item = self.itemAt(viewport.width() - 1, 0)
        while item is not None:
            rect = self.visualItemRect(item)
            if rect.top() >= height:
                break
            # In a style with branch lines, the last row of a parent ends its line, and the rows under
            # a row that is last of its parent draw no line for it (asked once per parent).
            parent = item.parent()
            if parent is None:
                last: tuple[bool, ...] = (self.topLevelItem(top_items - 1) is item,)
            else:
                key = id(parent)
                if key not in lasts:
                    last_rows[key] = parent.child(parent.childCount() - 1)
                    lasts[key] = self._lasts(parent, top_items)
                last = (last_rows[key] is item, *lasts[key])
            rows.append((id(item), rect.top(), rect.left(), rect.height(), item.text(0), item.isSelected(),
                         item is current, item.childCount() > 0, item.isExpanded(), last))
            item = self.itemBelow(item)
        return rows

    def _lasts(self, item: QTreeWidgetItem, top_items: int) -> tuple[bool, ...]:
        """Whether ``item`` and each row above it in the tree is the last of its parent."""
        lasts = []
        while item is not None:
            parent = item.parent()
            if parent is None:
                lasts.append(self.topLevelItem(top_items - 1) is item)
            else:
                lasts.append(parent.child(parent.childCount() - 1) is item)
            item = parent
        return tuple(lasts)

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
        self._repaint_differences(before, self.rows_on_screen())

    def _repaint_differences(self, before: list[RowLook], after: list[RowLook]) -> None:
        """Repaint the rows that look different; rows that only stand higher or lower are moved."""
        if before == after:
            return
        viewport = self.viewport()
        width, height = viewport.width(), viewport.height()
        first = 0  # the first row that differs
        while first < len(before) and first < len(after) and before[first] == after[first]:
            first += 1
        # Where the first difference is on screen, before or after (the higher of the two).
        tops = [rows[first][1] for rows in (before, after) if first < len(rows)]
        top = min(tops) if tops else height
        moved = _moved_rows(before, after, first)
        if moved is None:
            if top <= 0:
                self.full_layout_repaints += 1
                viewport.update()
            else:
                viewport.update(QRect(0, top, width, height - top))
            return
        was, now, count = moved
        shift = after[now][1] - before[was][1]
        if shift:
            # The rows from ``was`` on show the same as before, ``shift`` pixels lower or higher: Qt moves
            # their pixels and repaints what that uncovers (as when the view scrolls).
            self.moves_on_screen += 1
            source = before[was][1]
            viewport.scroll(0, shift, QRect(0, min(source, source + shift), width,
                                            height - min(source, source + shift)))
            # Except a selected or current row: Fusion's highlight differs by a level at a corner pixel
            # or two when drawn a few pixels higher or lower (seen in the repaint tests).
            for row in after[now:now + count]:
                if row[5] or row[6]:
                    viewport.update(QRect(0, row[1], width, row[3]))
        if now > first:
            viewport.update(QRect(0, top, width, after[now][1] - top))  # the rows that changed above them
        if now + count < len(after):  # rows come into view under them
            rest = after[now + count][1]
            viewport.update(QRect(0, rest, width, height - rest))


def _moved_rows(before: list[RowLook], after: list[RowLook], first: int) -> tuple[int, int, int] | None:
    """The rows from ``first`` on that look as they did but stand higher or lower, all by the same
    number of pixels, up to the end of either list: where they start in ``before`` and in ``after``, and
    how many they are; None when the rows differ again under them (then all is repainted from
    ``first``). A row that looks different before that run is skipped: it is repainted."""
    index_before = {row[0]: n for n, row in enumerate(before) if n >= first}
    for now in range(first, len(after)):
        was = index_before.get(after[now][0])
        if was is None:
            continue
        shift = after[now][1] - before[was][1]
        count = 0
        while was + count < len(before) and now + count < len(after):
            old, new = before[was + count], after[now + count]
            if old[0] != new[0] or old[2:] != new[2:] or new[1] - old[1] != shift:
                break
            count += 1
        if not count:
            continue  # this row changed its look: repainted with the rows above the run
        if was + count == len(before) or now + count == len(after):
            return was, now, count
        return None
    return None
