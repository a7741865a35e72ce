"""A step's "when" as a plain text field with a calendar button: type a date in any common form, or
words such as "Q3 2026" or "Ongoing"; the calendar (the button, Alt+Down or F4) opens on the date in
the field, else on today, and puts the chosen date in the field.

The field only reports what was typed or chosen (``sig_edited`` with the text); the panel reads it with
``model.when_text.parse_when`` and turns it into one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model.when_text import WhenError, format_when, parse_when

PLACEHOLDER = "2026-09-30, Sep 30 2026, Q3 2026, Ongoing"
TIP = ("A date (2026-09-30, 9/30/2026, 30 Sep 2026, September 30, 2026) or words for a target that is not "
       "a date (Q3 2026, Ongoing, by the next meeting). Alt+Down opens the calendar.")


class CalendarPopup(QFrame):
    """A calendar in a pop-up: Enter or a click chooses the date, Escape closes it."""

    sig_chosen = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("step_when_calendar_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("step_when_calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName("Calendar: arrows move, Enter chooses the date, Escape closes")
        self.calendar.activated.connect(self._choose)  # Enter, or a double click
        self.calendar.clicked.connect(self._choose)
        layout.addWidget(self.calendar)
        self.calendar.installEventFilter(self)

    def open_on(self, day: date, below: QWidget) -> None:
        """Show the calendar under ``below`` with ``day`` selected and the keyboard on it."""
        with QSignalBlocker(self.calendar):
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.adjustSize()
        self.move(below.mapToGlobal(QPoint(0, below.height())))
        self.show()
        self.calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Escape closes the calendar without choosing (the panel's and window's keys wait meanwhile)."""
        if watched is self.calendar and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if watched is self.calendar and isinstance(event, QKeyEvent) and (
                event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape):
            self.close()
            return True
        return super().eventFilter(watched, event)

    def _choose(self, day: QDate) -> None:
        self.close()
        self.sig_chosen.emit(day)


class WhenField(QWidget):
    """The text field and its calendar button."""

    sig_edited = Signal(str)

    def __init__(self, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setObjectName("step_when")
        self.line.setAccessibleName("When: a date, or words such as Q3 2026 or Ongoing")
        self.line.setPlaceholderText(PLACEHOLDER)
        self.line.setToolTip(TIP)
        self.line.setClearButtonEnabled(False)
        self.line.editingFinished.connect(lambda: self.sig_edited.emit(self.line.text()))
        self.line.installEventFilter(self)
        self.button = QToolButton()
        self.button.setObjectName("step_when_calendar_button")
        self.button.setText("Calendar")
        self.button.setToolTip("Choose the date on a calendar (Alt+Down in the field)")
        self.button.setAccessibleName("Open the calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from When to Status: Alt+Down opens it
        self.button.clicked.connect(self.open_calendar)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.popup = CalendarPopup(self)
        self.popup.sig_chosen.connect(self._chosen)

    # ------------------------------------------------------------------ Public API
    def set_today(self, today: Callable[[], date]) -> None:
        """Where "today" comes from (the calendar opens on it when the field holds no date)."""
        self._today = today

    def text(self) -> str:
        """What the field holds."""
        return self.line.text()

    def show_when(self, when: date | None, when_text: str, force: bool = False) -> None:
        """Show a step's target without reporting an edit (not while the user is typing in it, unless
        ``force``: another step is shown)."""
        shown = format_when(when, when_text)
        if (force or not self.line.hasFocus()) and self.line.text() != shown:
            with QSignalBlocker(self.line):
                self.line.setText(shown)
                self.line.setCursorPosition(0)

    def calendar_start(self) -> date:
        """The day the calendar opens on: the date in the field, else today."""
        try:
            typed, _words = parse_when(self.line.text())
        except WhenError:
            typed = None
        return typed or self._today()

    def open_calendar(self) -> None:
        """Open the calendar on the field's date (or today)."""
        self.popup.open_on(self.calendar_start(), self.line)

    # ------------------------------------------------------------------ internals
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Alt+Down or F4 in the field opens the calendar, as on a drop-down list."""
        if watched is self.line and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def _chosen(self, day: QDate) -> None:
        self.line.setText(date(day.year(), day.month(), day.day()).isoformat())
        self.line.setFocus()
        self.line.selectAll()
        self.sig_edited.emit(self.line.text())
