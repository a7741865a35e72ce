"""Editing a title in place on the map: a plain-text editor laid over the item.

Enter keeps the text, Escape gives up, Tab keeps it and asks for the next item of the same kind;
leaving the editor (a click elsewhere) keeps the text. The editor only reports what the user did
(``sig_finished``); ``FastEntry`` decides what that means for the document.

Where the map is zoomed out so far that the title would be smaller on screen than the app's own
text (fit-to-window of a large map), the editor floats above the map at a readable size instead
(``FLOAT_TEXT_SCALE`` times the UI font), unscaled by the zoom.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontInfo,
    QKeyEvent,
    QPainter,
    QPen,
    QTextCursor,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsTextItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...model.limits import MAX_SHORT_TEXT, storable
from .map_theme import MapTheme

COMMIT = "commit"
CANCEL = "cancel"
NEXT = "next"
FLOAT_TEXT_SCALE = 1.2  # a floating editor's text, times the UI font's size
FLOAT_WIDTH_EMS = 22.0  # a floating editor is at least this many text sizes wide

# Keys the editor keeps for itself even when a window action has them as a shortcut.
_EDITING_KEYS = {
    Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_F2,
}
_EDITING_CTRL_KEYS = {Qt.Key.Key_A, Qt.Key.Key_C, Qt.Key.Key_V, Qt.Key.Key_X, Qt.Key.Key_Z, Qt.Key.Key_Y,
                      Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Backspace, Qt.Key.Key_Delete}


def clean_title(text: str) -> str:
    """A title as typed, on one line with single spaces, as long as a title may be (limits.py)."""
    return " ".join(storable(text, len(text)).split())[:MAX_SHORT_TEXT].rstrip()


def warm_up_text_control() -> None:
    """Ask once for a text item's control, as every editor does (``_accept_plain_text_only``): the first
    time, PySide finds its Python class and builds the enum classes that takes (~10 ms), which the
    session's first add would otherwise pay (``ui/window/first_edit_warm_up.py``)."""
    item = QGraphicsTextItem()  # kept while asked: its document and control go with it
    item.document().parent()


class InlineTitleEditor(QGraphicsTextItem):
    """A one-line-at-heart text editor over a map item; wraps long text instead of scrolling."""

    sig_finished = Signal(str, str)  # (COMMIT | CANCEL | NEXT, text)

    def __init__(self, item_id: str, text: str, rect: QRectF, font: QFont, theme: MapTheme,
                 cover: QRectF | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self._finished = False
        self._theme = theme
        self._rect = QRectF(rect)
        # The card hides the item's old title: ``cover`` (scene coordinates) is at least the item's text area.
        self._cover = (cover or rect).translated(-rect.topLeft())
        self.setFont(font)
        self.setDefaultTextColor(theme.colour("point_text"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.document().setDocumentMargin(4)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setTextWidth(rect.width())
        self.setPlainText(text)
        self._accept_plain_text_only()
        self.setPos(rect.topLeft())
        self.setZValue(100)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.select_all()

    def _accept_plain_text_only(self) -> None:
        # A paste or drop of HTML (from a web page or a word processor) would bring markup into the
        # editor, and its <img src=file:...> would read a local file. Qt's text control has the switch
        # only as a property (QGraphicsTextItem does not pass it on); without it, pastes take the text.
        # The control owns the document: asking for the document's parent wraps one object, where
        # findChildren wrapped all five of the item's children (4-8 ms of every add on a large map).
        control = self.document().parent()
        controls = [control] if control is not None else self.findChildren(QObject)
        for child in controls:
            if child.metaObject().className() == "QWidgetTextControl":
                child.setProperty("acceptRichText", False)

    def is_floating(self) -> bool:
        """True when the editor floats above the map at a readable size, unscaled by the zoom."""
        return bool(self.flags() & QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)

    def itemChange(self, change, value):  # noqa: N802, ANN001, ANN201 - Qt's name
        """Once on the map, float at a readable size if the zoom would make the title too small."""
        if change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged and value is not None:
            self._keep_readable()
        return super().itemChange(change, value)

    def _keep_readable(self) -> None:
        views = self.scene().views()
        if not views:
            return
        view = views[0]
        zoom = view.transform().m11()
        ui_px = QFontInfo(QApplication.font()).pixelSize()
        if zoom <= 0 or self.font().pixelSize() * zoom >= ui_px:
            return
        font = QFont(self.font())
        font.setPixelSize(max(math.ceil(ui_px * FLOAT_TEXT_SCALE), math.ceil(self.font().pixelSize() * zoom)))
        room = max(80.0, view.viewport().width() - 16.0)
        width = min(room, max(self._rect.width() * zoom, FLOAT_WIDTH_EMS * font.pixelSize()))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.prepareGeometryChange()
        self.setFont(font)
        self.setTextWidth(width)
        self._cover = QTransform.fromScale(zoom, zoom).mapRect(self._cover)
        # Wholly on screen: a box at the right edge of the view gets its editor to the left.
        at = view.mapFromScene(self._rect.topLeft())
        left = min(at.x(), view.viewport().width() - 8 - math.ceil(width))
        self.setPos(view.mapToScene(QPoint(max(8, left), at.y())))

    def text(self) -> str:
        """The title typed so far, cleaned to one line."""
        return clean_title(self.toPlainText())

    def select_all(self) -> None:
        """Select the whole text, so typing replaces a placeholder."""
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def finish(self, how: str) -> None:
        """End editing once (COMMIT, CANCEL or NEXT) and tell the listener."""
        if self._finished:
            return
        self._finished = True
        self.sig_finished.emit(how, self.text())

    @property
    def finished(self) -> bool:
        """True once the editor has reported its result."""
        return self._finished

    def handle_tab(self, backwards: bool) -> None:
        """Tab keeps the text and asks for the next item; Shift+Tab just keeps it."""
        self.finish(COMMIT if backwards else NEXT)

    # ----------------------------------------------------------------- events
    def sceneEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keep editing keys from window shortcuts (Delete, Ctrl+Z...) while the title is edited."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            key = Qt.Key(event.key())
            plain_text = bool(event.text()) and event.text().isprintable() and not (
                mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
            if plain_text or key in _EDITING_KEYS and not mods & Qt.KeyboardModifier.ControlModifier or (
                mods & Qt.KeyboardModifier.ControlModifier and key in _EDITING_CTRL_KEYS
            ):
                event.accept()
                return True
        return super().sceneEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter keeps, Escape cancels, Tab keeps and asks for the next item; other keys edit."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(COMMIT)
        elif key == Qt.Key.Key_Escape:
            self.finish(CANCEL)
        elif key == Qt.Key.Key_Tab:
            self.finish(NEXT)
        elif key == Qt.Key.Key_Backtab:
            self.finish(COMMIT)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusOutEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        """Clicking elsewhere keeps what was typed (never lose a word)."""
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish(COMMIT)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The text, grown to the card that covers the item's old title."""
        return super().boundingRect().united(self._cover)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """An opaque card with a thick outline under the text, so the old title does not show through."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = self.boundingRect().adjusted(1.5, 1.5, -1.5, -1.5)
        painter.setPen(QPen(self._theme.colour("selection"), 3.0))
        painter.setBrush(QBrush(self._theme.colour("point_fill")))
        painter.drawRoundedRect(rect, 6, 6)
        # No dotted focus frame inside the card: the card's outline already shows where typing goes.
        option.state = option.state & ~(QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected)
        super().paint(painter, option, widget)
