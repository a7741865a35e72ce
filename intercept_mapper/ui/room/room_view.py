"""The room's projector view: a large QR code and address, the dots per phone, the live count of
ballots per table, the network to listen on, and one key (Esc) to close voting.

Black on white whatever the app's theme: a QR code and a projector both need the contrast. The first
Esc (or the button) closes voting, the phones then say so; the second Esc (or Done) leaves the view and
stops the server.
"""

from __future__ import annotations

import io

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetricsF, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...room.lan_addresses import lan_addresses
from ..panels.between_paints import between_paints
from .room_session import RoomSession

QR_MINIMUM = 160  # pixels: still read by a phone from a few rows back
ADDRESS_POINTS = 26.0  # the address's size when the view has room for it on one line
ADDRESS_LEAST_POINTS = 10.0  # smaller still would not be read from the room
ADDRESS_LEAST_WIDTH = 240  # pixels the address asks of the layout at least, whatever its length

_STYLE = """
QWidget#room_view { background: white; }
QWidget#room_view QLabel { color: black; background: white; }
QLabel#room_heading { font-size: 40pt; font-weight: bold; }
QLabel#room_how, QLabel#room_budget { font-size: 22pt; }
QLabel#room_counts { font-size: 30pt; font-weight: bold; }
QLabel#room_state { font-size: 24pt; font-weight: bold; }
QPushButton { font-size: 16pt; padding: 10px 20px; min-height: 44px; }
QComboBox { font-size: 14pt; min-height: 40px; color: black; background: white; }
QLabel#room_network_label { font-size: 14pt; }
"""


def qr_pixmap(text: str, size: int) -> QPixmap:
    """A crisp black-on-white QR code of ``text`` about ``size`` pixels square (segno, via PNG bytes)."""
    import segno

    code = segno.make(text, error="m")
    modules = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, size // modules), border=4, dark="black", light="white")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class AddressLabel(QLabel):
    """The room's address on one line, at up to ``ADDRESS_POINTS`` and smaller when the view is narrow.

    A URL has no place to wrap (the token has no spaces, and only sometimes a hyphen), so at full size
    it would hold the view wider than a 1024-pixel projector, cutting off its buttons, with some tokens
    and not others. It is shrunk instead, and stays one selectable line (a copied address is whole).
    """

    def __init__(self) -> None:
        super().__init__(objectName="room_address")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSizeF(ADDRESS_POINTS)
        self.setFont(font)

    def minimumSizeHint(self) -> QSize:  # noqa: D102 - Qt's name
        return QSize(ADDRESS_LEAST_WIDTH, super().minimumSizeHint().height())

    def setText(self, text: str) -> None:  # noqa: D102, N802 - Qt's name
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        """Fit the text to the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        font = QFont(self.font())
        font.setPointSizeF(ADDRESS_POINTS)
        needed = QFontMetricsF(font).horizontalAdvance(self.text())
        if room > 0 and needed > room:
            # Glyph widths do not scale exactly with the size: the proportional guess, then down in
            # half points until the line fits.
            size = max(ADDRESS_LEAST_POINTS, ADDRESS_POINTS * room / needed)
            font.setPointSizeF(size)
            while size > ADDRESS_LEAST_POINTS and QFontMetricsF(font).horizontalAdvance(self.text()) > room:
                size = max(ADDRESS_LEAST_POINTS, size - 0.5)
                font.setPointSizeF(size)
        if abs(font.pointSizeF() - self.font().pointSizeF()) > 0.05:
            self.setFont(font)


class RoomView(QWidget):
    """The full-screen room view for one ``RoomSession``."""

    sig_finished = Signal()  # the facilitator left the view: the window stops the session

    def __init__(self, session: RoomSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.setObjectName("room_view")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("Room Voting")
        self.setStyleSheet(_STYLE)
        self._finished = False
        self._qr_drawn: tuple[str, int] | None = None  # what the QR label shows: encoding is ~20 ms

        self.heading = QLabel("Vote on priorities from your phone", objectName="room_heading")
        self.qr = QLabel(objectName="room_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.how = QLabel("Scan the code with your phone's camera, or type the address below "
                          "(same Wi-Fi as this computer).", objectName="room_how")
        self.how.setWordWrap(True)
        self.address = AddressLabel()
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.budget = QLabel(objectName="room_budget")
        self.counts = QLabel(objectName="room_counts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        # How many suggestions wait in the Room Inbox: the facilitator sees it on the projector (the
        # count only; their text stays in the inbox, off the room's screen).
        self.suggestions = QLabel(objectName="room_suggestions")
        self.suggestions.setTextFormat(Qt.TextFormat.PlainText)
        self.state = QLabel(objectName="room_state")
        self.state.setAccessibleName("Voting state")
        # A 1024x768 projector is narrower than these lines at their size: they wrap rather than
        # widen the view past the screen (it was 1,437 px wide at 1024x768).
        for label in (self.heading, self.budget, self.counts, self.suggestions, self.state):
            label.setWordWrap(True)
        # The code is drawn to fit the space it has: its last picture must not hold the view that wide.
        self.qr.setMinimumSize(QR_MINIMUM, QR_MINIMUM)
        # The label's own size decides the code's: it also changes when the counts or the state re-lay
        # the view out with no resize of the view, so the label's resizes redraw it.
        self.qr.installEventFilter(self)

        self.network = QComboBox(objectName="room_network")
        self.network.setAccessibleName("Network address phones use")
        for address in lan_addresses():
            self.network.addItem(address, address)
        network_label = QLabel("&Network:", objectName="room_network_label")
        network_label.setBuddy(self.network)
        self.close_button = QPushButton("Close voting (Esc)", objectName="room_close_voting")
        self.done_button = QPushButton("Done", objectName="room_done")
        self.close_button.clicked.connect(self.close_voting)
        self.done_button.clicked.connect(self.finish)

        text = QVBoxLayout()
        text.addWidget(self.how)
        text.addSpacing(24)
        text.addWidget(self.budget)
        text.addWidget(self.counts)
        text.addWidget(self.suggestions)
        text.addStretch(1)
        text.addWidget(self.state)
        middle = QHBoxLayout()
        middle.addWidget(self.qr, 5)
        middle.addSpacing(32)
        middle.addLayout(text, 6)
        bottom = QHBoxLayout()
        bottom.addWidget(network_label)
        bottom.addWidget(self.network)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.heading)
        layout.addLayout(middle, 1)
        # The address has the view's whole width: at its full size it is about as wide as a small
        # projector, so beside the code it would be shrunk for want of room.
        layout.addWidget(self.address)
        layout.addLayout(bottom)

        # The view is a window of its own: its repaints too keep the session's work out of their pass.
        between_paints().watch(self)
        session.sig_counts_changed.connect(self.refresh)
        session.sig_state_changed.connect(self.refresh)
        self.network.activated.connect(self._network_chosen)
        self.refresh()

    # ------------------------------------------------------------------ public
    def choose_host(self, host: str) -> None:
        """Show ``host`` as the chosen network (listening is the session's)."""
        index = self.network.findData(host)
        if index < 0:
            self.network.addItem(host, host)
            index = self.network.count() - 1
        self.network.setCurrentIndex(index)

    def close_voting(self) -> None:
        """Close voting (the server answers 409 from now on) and keep the final counts on screen."""
        self.session.close_voting()
        self.done_button.setFocus()

    def finish(self) -> None:
        """Leave the view; the window stops the server."""
        if not self._finished:
            self._finished = True
            self.sig_finished.emit()
        self.close()

    def refresh(self) -> None:
        """Show the address, QR code, counts and state as they are now."""
        url = self.session.url
        self.address.setText(url or "(not listening)")
        self._draw_qr()  # only when the address or the size changed
        budget = self.session.box.offer.budget
        self.budget.setText(f"Each phone has {budget} dot{'s' * (budget != 1)}.")
        lines = [f"{name}: {n} ballot{'s' * (n != 1)}" for name, n in self.session.ballots_by_table()]
        self.counts.setText("\n".join(lines))
        self.counts.setAccessibleName("Ballots per table: " + "; ".join(lines))
        waiting = self.session.suggestions_waiting()
        self.suggestions.setText(f"Room Inbox: {waiting} suggestion{'s' * (waiting != 1)} waiting"
                                 if waiting else "")
        self.suggestions.setVisible(bool(waiting))
        if self.session.is_open():
            self.state.setText("Voting is open. Change your vote until it closes.")
            self.close_button.setEnabled(True)
            self.done_button.setText("Stop and Leave")
        else:
            self.state.setText("Voting is closed. Thank you!")
            self.close_button.setEnabled(False)
            self.done_button.setText("Done (Esc)")
        self.network.setEnabled(self.session.is_open())

    # ------------------------------------------------------------------ internals
    def _draw_qr(self) -> None:
        url = self.session.url
        if not url:
            self.qr.clear()
            return
        side = max(QR_MINIMUM, min(self.qr.width(), self.qr.height()))
        if self._qr_drawn == (url, side):
            return
        self._qr_drawn = (url, side)
        self.qr.setPixmap(qr_pixmap(url, side))
        self.qr.setAccessibleName(f"QR code for {url}")

    def _network_chosen(self, index: int) -> None:
        host = self.network.itemData(index)
        if host and host != self.session.host:
            try:
                self.session.serve(host)
            except OSError as exc:
                self.state.setText(f"Cannot listen on {host}: {exc.strerror or exc}")

    # ------------------------------------------------------------------ Qt events
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Esc closes voting; Esc again leaves."""
        if event.key() == Qt.Key.Key_Escape:
            if self.session.is_open():
                self.close_voting()
            else:
                self.finish()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Redraw the QR code when its label changes size (the view resized or re-laid out)."""
        if watched is self.qr and event.type() == QEvent.Type.Resize:
            self._draw_qr()
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing the window stops the session too."""
        if not self._finished:
            self._finished = True
            self.sig_finished.emit()
        super().closeEvent(event)
