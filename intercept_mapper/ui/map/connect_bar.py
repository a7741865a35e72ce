"""The connect bar: a small bar floating at the foot of the map that asks for the other end of a flow.

It reads "Connect  from [Arrest]" over "-> to [type a title]", with a completer of the map's point
titles, or, flipped, "from [type a title]" over "-> to [Arrest]": the direction is on screen the whole
time. Enter asks
for the flow, Ctrl+L (or the button) flips the direction, Escape closes the bar. The bar only reports
what the user did (``sig_accepted``, ``sig_flipped``, ``sig_closed``); ``map_connect`` decides what it
means. No modal dialog: the map stays in view and the room sees what is typed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ..plain_text import plain

TEXT_PX = 20  # projected at 1280x720, read from the back half of a room
HINT_PX = 15
HINT = "Enter connects \u00b7 Ctrl+L flips the direction \u00b7 Esc leaves"
FIXED_MAX_PX = 15 * TEXT_PX  # a longer title is cut with an ellipsis (the whole of it in the tooltip)
FLIP_KEYS = QKeySequence("Ctrl+L")
MARGIN = 14  # from the foot of the map


def _label(text: str, name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles are user text: never read as markup
    label.setText(text)
    label.setObjectName(name)
    return label


def _font(bold: bool = False, px: int = TEXT_PX) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class ConnectBar(QFrame):
    """From one fixed point to a typed one (or back): the two ends in reading order, with the arrow."""

    sig_accepted = Signal()
    sig_flipped = Signal()
    sig_closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("connect_bar")
        self.setAccessibleName("Connect points")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#connect_bar { border: 3px solid palette(highlight); border-radius: 8px;"
                           " background: palette(window); }"
                           " #connect_fixed { border: 1px solid palette(mid); border-radius: 4px;"
                           " padding: 2px 8px; background: palette(base); }")
        self._flipped = False
        self._fixed_title = ""
        self.caption = _label("Connect", "connect_caption")
        self.from_word = _label("from", "connect_from")
        self.arrow = _label("\u2192  to", "connect_arrow")
        self.fixed = _label("", "connect_fixed")
        self.edit = QLineEdit()
        self.edit.setObjectName("connect_target")
        self.edit.setAccessibleName("Title of the other point")
        self.edit.setPlaceholderText("type a title\u2026")
        self.edit.setMinimumWidth(4 * TEXT_PX)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.titles = QStringListModel(self)
        self.completer = QCompleter(self.titles, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.popup().setFont(_font())
        self.edit.setCompleter(self.completer)
        self.flip_button = QPushButton()
        self.flip_button.setObjectName("connect_flip")
        self.flip_button.setText("\u21c4 Flip")  # its key is in the hint below: room for the titles
        self.flip_button.setToolTip("Swap which end the flow starts from")
        self.flip_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the typing stays in the title field
        self.flip_button.clicked.connect(self.sig_flipped.emit)
        self.hint = _label(HINT, "connect_hint")
        self.hint.setWordWrap(True)  # a refusal can be long; the bar never grows wider than the map
        # Two lines, one per end of the flow, read top to bottom: "from A" over "-> to B".
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(14, 8, 14, 8)
        self._layout.setHorizontalSpacing(10)
        self._layout.setVerticalSpacing(6)
        self._layout.addWidget(self.caption, 0, 0)
        self._layout.addWidget(self.from_word, 0, 1, Qt.AlignmentFlag.AlignRight)
        self._layout.addWidget(self.arrow, 1, 1, Qt.AlignmentFlag.AlignRight)
        self._layout.addWidget(self.flip_button, 0, 3, 2, 1)
        self._layout.addWidget(self.hint, 2, 0, 1, 4)
        self._layout.setColumnStretch(2, 1)
        self._place_ends()
        for widget in (self.caption, self.from_word, self.arrow, self.fixed, self.edit, self.flip_button,
                       self.hint):
            # Set on each: a label's own font would not follow the bar's.
            widget.setFont(_font(bold=widget in (self.caption, self.arrow, self.fixed),
                                 px=HINT_PX if widget is self.hint else TEXT_PX))
        self.edit.returnPressed.connect(self.sig_accepted.emit)
        self.edit.textEdited.connect(lambda _text: self.show_problem(""))
        self.edit.installEventFilter(self)
        self.hide()

    # ----------------------------------------------------------------- Public API
    def show_ends(self, fixed_title: str, choices: list[str], text: str, flipped: bool) -> None:
        """Show the bar for ``fixed_title`` with ``choices`` to complete from and ``text`` typed."""
        self.fixed.setToolTip(plain(fixed_title))  # a title is data, never markup
        self._fixed_title = fixed_title
        self.titles.setStringList(choices)
        self.edit.setText(text)
        self.edit.selectAll()
        self.show_problem("")
        self.set_flipped(flipped)
        self.show()
        self.raise_()
        self.place()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_problem(self, why: str) -> None:
        """Say under the ends why Enter did not connect (the status bar is hidden while presenting);
        an empty ``why`` brings the keys' hint back."""
        font = self.hint.font()
        font.setBold(bool(why))
        self.hint.setFont(font)
        self.hint.setText(why or HINT)
        self.place()

    def set_flipped(self, flipped: bool) -> None:
        """The fixed point is where the flow starts (False) or where it ends (True)."""
        if flipped != self._flipped:
            self._flipped = flipped
            self._place_ends()
            self.place()

    def is_flipped(self) -> bool:
        """True when the typed point is where the flow starts."""
        return self._flipped

    def text(self) -> str:
        """What is typed for the other end."""
        return self.edit.text()

    def shown_direction(self) -> str:
        """The bar's reading, as on screen: ``from Arrest → to Booking``."""
        ends = [self.edit.text() or "?", self._fixed_title] if self._flipped else \
            [self._fixed_title, self.edit.text() or "?"]
        return f"from {ends[0]} \u2192 to {ends[1]}"

    def place(self) -> None:
        """Centre the bar at the foot of the map (call when the view changes size)."""
        host = self.parentWidget()
        if host is None:
            return
        room = host.width() - 2 * MARGIN
        # The fixed title gives way on a narrow map: the rest of the bar must stay whole and apart.
        self.fixed.setText(self._fixed_title)
        self.edit.setMinimumWidth(4 * TEXT_PX)
        self._layout.activate()
        others = self.sizeHint().width() - max(self.fixed.sizeHint().width(), self.edit.minimumWidth())
        fit = max(3 * TEXT_PX, min(FIXED_MAX_PX, room - others - 24))
        self.edit.setMinimumWidth(fit)  # room to type a whole title where the map allows it
        metrics = QFontMetrics(self.fixed.font())
        self.fixed.setText(metrics.elidedText(self._fixed_title, Qt.TextElideMode.ElideRight, fit))
        self._layout.activate()
        self.adjustSize()
        width = max(min(self.sizeHint().width(), room), 100)
        # Tall enough for every line of the hint as wrapped at this width: sizeHint's height is the
        # unwrapped one, which cut the hint's second line off on a narrow map.
        self.resize(width, max(self.sizeHint().height(), self.heightForWidth(width)))
        area = host.contentsRect()
        viewport = getattr(host, "viewport", None)
        if callable(viewport):
            area = viewport().geometry()
        # Centred; on a map narrower than the bar its start (what is typed) stays in view.
        self.move(max(area.left(), area.left() + (area.width() - self.width()) // 2),
                  max(area.top(), area.bottom() - self.height() - MARGIN))

    # ----------------------------------------------------------------- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Escape and Ctrl+L belong to the bar while it has the keyboard, whatever the window binds."""
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key = event.keyCombination().toCombined()
            escape = event.key() == Qt.Key.Key_Escape  # (an open list of titles takes the first Escape)
            flip = QKeySequence(key) == FLIP_KEYS
            if escape or flip:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    (self.sig_closed if escape else self.sig_flipped).emit()
                return True
        return super().eventFilter(watched, event)

    def _place_ends(self) -> None:
        """Put the start of the flow on the "from" line and its end on the "to" line."""
        start, end = (self.edit, self.fixed) if self._flipped else (self.fixed, self.edit)
        for widget in (start, end):
            self._layout.removeWidget(widget)
        self._layout.addWidget(start, 0, 2)
        self._layout.addWidget(end, 1, 2)
