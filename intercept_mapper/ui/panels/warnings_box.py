"""The priorities panel's budget warnings, in a box that keeps its height while a room votes.

The warnings' text changes with the tallies (a table's count of votes is in it), and a room's ballots
make warnings come and go and gain lines as they stream in. A label in the panel's layout re-laid the
panel out each time its height changed: the vote grid shrank and was measured and repainted whole
(~6-7 ms of one turn of the event loop, twice a burst). So while a room votes (``hold_space``) the box
keeps one height whatever the text (longer text scrolls), and keeps its place even before the first
warning comes. Outside a room vote (votes typed at the grid, a file opened) a change is one at a time:
the box fits its warnings, up to ``MOST_LINES`` lines, so none is cut off in a narrow docked panel.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

LINES_SHOWN = 4  # lines in view at the least, and all the while a room votes; more scroll
MOST_LINES = 8  # outside a room vote the box grows to show every line of its warnings, up to this


class WarningsBox(QScrollArea):
    """A scrolling box of ``LINES_SHOWN`` lines holding the warnings ``label`` (plain text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priorities_warnings_box")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.label = QLabel()
        self.label.setObjectName("priorities_budget_warnings")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # table names are user text
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self.label)
        self._holding = False
        self._fit_height()
        self.setVisible(False)

    # ------------------------------------------------------------------ Public API
    def set_warnings(self, warnings: list[str]) -> None:
        """Show ``warnings`` (one a line, each marked); the box shows while there are any or space is held."""
        text = "\n".join(f"\u26a0 {w}" for w in warnings)
        if text != self.label.text():
            self.label.setText(text)
        self._show_if_needed()
        self._fit_height()

    def hold_space(self, hold: bool) -> None:
        """Keep the box's place in the panel even with no warning (while a room votes), or stop."""
        self._holding = hold
        self._show_if_needed()
        self._fit_height()

    def is_holding_space(self) -> bool:
        """Whether the box keeps its place with no warning in it."""
        return self._holding

    # ------------------------------------------------------------------ Qt events
    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """A new font (presentation mode, the system's): the box's height follows."""
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """A narrower or wider panel wraps the warnings onto more or fewer lines: the box follows."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    # ------------------------------------------------------------------ internals
    def _show_if_needed(self) -> None:
        wanted = self._holding or bool(self.label.text())
        if wanted == self.isHidden():  # shown or hidden only when that changes: each is a layout
            self.setVisible(wanted)

    def _fit_height(self) -> None:
        """``LINES_SHOWN`` lines while a room votes or with no warning; else as many as the text, to a cap."""
        line = QFontMetrics(self.label.font()).lineSpacing()
        margins = self.label.contentsMargins()
        lines = LINES_SHOWN
        if not self._holding and self.label.text():
            needed = self.label.heightForWidth(self.viewport().width()) - margins.top() - margins.bottom()
            lines = min(max(math.ceil(needed / line), LINES_SHOWN), MOST_LINES)
        height = line * lines + margins.top() + margins.bottom()
        if height != self.height() or self.minimumHeight() != self.maximumHeight():
            self.setFixedHeight(height)  # only when it changes: each change re-lays the panel out
