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
    QGraphicsView,
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
# By key code and as plain ints: every key event is looked up here, without making enum values of it.
_EDITING_KEY_CODES = frozenset(key.value for key in _EDITING_KEYS)
_EDITING_CTRL_KEY_CODES = frozenset(key.value for key in _EDITING_CTRL_KEYS)
_CTRL = Qt.KeyboardModifier.ControlModifier.value
_CTRL_OR_ALT = _CTRL | Qt.KeyboardModifier.AltModifier.value
_KEYPAD = Qt.KeyboardModifier.KeypadModifier.value
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_TAB, _BACKTAB = Qt.Key.Key_Tab.value, Qt.Key.Key_Backtab.value
_KEY_PRESS, _KEY_RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
_SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride
_KEY_EVENTS = frozenset((_KEY_PRESS, _KEY_RELEASE, _SHORTCUT_OVERRIDE))
_SCENE_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged
_SCENE_CHANGE = QGraphicsItem.GraphicsItemChange.ItemSceneChange


def clean_title(text: str) -> str:
    """A title as typed, on one line with single spaces, as long as a title may be (limits.py)."""
    return " ".join(storable(text, len(text)).split())[:MAX_SHORT_TEXT].rstrip()


def warm_up_text_control() -> None:
    """Ask once for a text item's control, as every editor does (``_accept_plain_text_only``): the first
    time, PySide finds its Python class and builds the enum classes that takes (~10 ms), which the
    session's first add would otherwise pay (``ui/window/first_edit_warm_up.py``)."""
    item = QGraphicsTextItem()  # kept while asked: its document and control go with it
    item.document().parent()


def warm_up_editor(font: QFont, theme: MapTheme) -> None:
    """Make one editor, off the map, and lay its text out in ``font`` and at the size an editor floats at
    far out, then let it go. The first editor of a session cost ~5 ms CPU more than the next ones (PySide
    making its class's parts and their enum classes, Qt loading those fonts), in the session's first
    add, which is also its heaviest (``ui/window/first_edit_warm_up.py``)."""
    warm_up_text_control()
    editor = InlineTitleEditor("", "New gap", QRectF(0, 0, 100, 20), font, theme)
    editor.document().size()  # laid out
    editor.setFont(floating_font(font, 0.01))
    editor.document().size()


def floating_font(font: QFont, zoom: float) -> QFont:
    """The font of an editor floating above a map shown at ``zoom`` (its own ``font`` would be smaller
    on screen than the app's text): ``FLOAT_TEXT_SCALE`` times the UI font, or more."""
    ui_px = QFontInfo(QApplication.font()).pixelSize()
    floating = QFont(font)
    floating.setPixelSize(max(math.ceil(ui_px * FLOAT_TEXT_SCALE), math.ceil(font.pixelSize() * zoom)))
    return floating


def keeps_from_shortcuts(event: QKeyEvent) -> bool:
    """True for a key the editor keeps even when a window action has it as a shortcut (Delete, Ctrl+Z,
    Enter, plain text, ...): its ``ShortcutOverride`` is accepted."""
    mods = event.modifiers().value & ~_KEYPAD
    key = event.key()
    if mods & _CTRL:
        return key in _EDITING_CTRL_KEY_CODES
    if key in _EDITING_KEY_CODES:
        return True
    text = event.text()
    return bool(text) and text.isprintable() and not mods & _CTRL_OR_ALT


class KeysToEditor(QObject):
    """While its editor has the scene's keyboard focus, the key events its view receives go straight to
    the scene (and so to the editor) from here: one trip into Python per key event.

    Otherwise each key went through the map's own handlers on the way (the map keyboard's and connect
    bar's filters, the view's ``event`` and ``keyPressEvent``, the editor's ``sceneEvent``), none of
    which does anything while a title is edited: ~70 us a key, about 60 % of it in Python. What they did
    for the editor is done here: Tab and Shift+Tab reach it (``handle_tab``; the scene would move the
    focus instead) and the keys it edits with are kept from window shortcuts (``keeps_from_shortcuts``).
    The rest is what ``QGraphicsView`` does with a key: the scene's, else its own (scrolling).
    """

    def __init__(self, editor: InlineTitleEditor) -> None:
        super().__init__(editor)  # (found as its parent: no reference cycle between the two)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Hand a key event on the view to the editor, if it has the scene's focus."""
        kind = event.type()
        if kind not in _KEY_EVENTS:
            return False
        editor = self.parent()
        scene = editor.scene()
        if scene is None or scene.focusItem() is not editor or not isinstance(watched, QGraphicsView):
            return False
        if kind == _SHORTCUT_OVERRIDE:
            if keeps_from_shortcuts(event):  # type: ignore[arg-type]
                event.accept()
                return True
            return False  # the view asks the scene (the text control keeps what it edits with)
        if kind == _KEY_RELEASE:
            QGraphicsView.keyReleaseEvent(watched, event)  # type: ignore[arg-type]
            return True
        key = event.key()  # type: ignore[attr-defined]
        if key in (_TAB, _BACKTAB):
            editor.handle_tab(key == _BACKTAB or bool(event.modifiers() & _SHIFT))  # type: ignore[attr-defined]
            event.accept()
            return True
        QGraphicsView.keyPressEvent(watched, event)  # type: ignore[arg-type]
        return True


class InlineTitleEditor(QGraphicsTextItem):
    """A one-line-at-heart text editor over a map item; wraps long text instead of scrolling."""

    sig_finished = Signal(str, str)  # (COMMIT | CANCEL | NEXT, text)

    def __init__(self, item_id: str, text: str, rect: QRectF, font: QFont, theme: MapTheme,
                 cover: QRectF | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self._finished = False
        self._keys = KeysToEditor(self)  # on the views of the scene it is shown in
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
        """Once on the map, take the keys of its views and float at a readable size if the zoom would
        make the title too small; taken off the map, give the keys back."""
        if change == _SCENE_HAS_CHANGED and value is not None:
            for view in value.views():
                view.installEventFilter(self._keys)
            self._keep_readable()
        elif change == _SCENE_CHANGE and self.scene() is not None:
            for view in self.scene().views():
                view.removeEventFilter(self._keys)
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
        font = floating_font(self.font(), zoom)
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
