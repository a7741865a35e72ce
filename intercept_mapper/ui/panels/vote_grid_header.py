"""The vote grid's column header: in a narrow dock the number columns' names stand upright, in full.

A table name elided to "Syst..." or "Com..." tells nobody which table a column is. When the grid is
narrow, the header draws the names of the number columns turned a quarter (read bottom to top) and
grows as tall as the longest name, so those columns stay as narrow as their numbers and the candidate
titles keep their width.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

TURNED_PADDING = 12  # pixels above and below a turned name


class VoteGridHeader(QHeaderView):
    """A horizontal header that can draw chosen sections' text turned upright."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._turned: set[int] = set()
        self.setSectionsClickable(False)

    def set_turned(self, sections: set[int]) -> None:
        """Draw these sections' names turned upright (an empty set: every name lies flat)."""
        if sections != self._turned:
            self._turned = set(sections)
            self.updateGeometries()
            self.viewport().update()

    def is_turned(self, section: int) -> bool:
        """True when the section's name is drawn upright."""
        return section in self._turned

    def turned_room(self) -> int:
        """The length (pixels) an upright name has: the header's height less its padding."""
        return self.sizeHint().height() - TURNED_PADDING  # as paintSection lays it out

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Tall enough for the longest upright name."""
        hint = super().sizeHint()
        model = self.model()
        if not self._turned or model is None:
            return hint
        metrics = QFontMetrics(self.font())
        longest = max((metrics.horizontalAdvance(str(model.headerData(s, Qt.Orientation.Horizontal) or ""))
                       for s in self._turned if s < model.columnCount()), default=0)
        return QSize(hint.width(), max(hint.height(), longest + 2 * TURNED_PADDING))

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:  # noqa: N802
        """The usual section, or for a turned one its frame with the name drawn bottom to top."""
        if section not in self._turned:
            super().paintSection(painter, rect, section)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = section
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self.model().headerData(section, Qt.Orientation.Horizontal) or "")
        painter.save()
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        turned = QRect(TURNED_PADDING // 2, 0, rect.height() - TURNED_PADDING, rect.width())
        painter.drawText(turned, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
