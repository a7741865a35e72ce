"""The window's status bar: messages, what the map holds, and when the last recovery copy was made."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ...model import CROSS_INTERCEPT, Change, Document
from ..plain_text import plain

MESSAGE_MS = 6000


def map_counts(document: Document, resources: int | None = None) -> str:
    """``12 points · 30 resources · 25 gaps · 14 flows`` (``resources``: the number of resources, when
    known; else they are counted)."""
    ws = document.workshop
    if resources is None:
        resources = sum(1 for f in ws.findings if f.kind == "resource")
    gaps = len(ws.findings) - resources

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return " \u00b7 ".join((n(len(ws.points), "point"), n(resources, "resource"), n(gaps, "gap"),
                            n(len(ws.flows), "flow")))


class ResourceIds:
    """The ids of the document's resources, kept from its notices: counting them again after every edit
    walked every finding (~0.4 ms at 3,000 items, ten times that at 30,000)."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self.ids: set[str] = set()
        self.recount()

    def recount(self) -> None:
        """All of them afresh (a new document)."""
        self.ids = {f.id for f in self._document.workshop.findings if f.kind == "resource"}

    def follow(self, change: Change) -> None:
        """Take in one notice."""
        if change.action == "reset" or change.collection == "document":
            self.recount()
        elif change.collection != "findings":
            return
        elif change.action == "remove":
            self.ids.difference_update(change.ids)
        elif change.action == "insert" or "kind" in change.fields:
            for item_id in change.ids:
                finding = self._document.get("findings", item_id)
                if finding is not None and finding.kind == "resource":
                    self.ids.add(item_id)
                else:
                    self.ids.discard(item_id)


class SteadyLabel(QLabel):
    """A status-bar label whose width only grows: a new text of the same width or narrower re-lays out
    nothing (a label that may change size makes the status bar lay out and repaint all of itself)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show ``text`` (nothing happens when it is the text shown)."""
        if text == self.text():
            return
        super().setText(text)  # a fixed size: Qt does not ask the status bar to lay out again
        hint = self.sizeHint()
        if self.minimumSize() != self.maximumSize() or hint.width() > self.minimumWidth() \
                or hint.height() != self.minimumHeight():
            self.setFixedSize(max(hint.width(), self.minimumWidth()), hint.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A new font or style (a theme, a text size) measures the text again, narrower or wider."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.text():
            self.setMinimumSize(0, 0)
            self.setMaximumSize(16777215, 16777215)
            hint = self.sizeHint()
            self.setFixedSize(hint.width(), hint.height())


class MapStatusBar(QStatusBar):
    """Status messages on the left; counts and the recovery state on the right."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self._document = document
        self.counts = SteadyLabel()
        self.counts.setObjectName("status_counts")
        self.recovery = SteadyLabel()
        self.recovery.setObjectName("status_recovery")
        self.zoom = SteadyLabel()
        self.zoom.setObjectName("status_zoom")
        self.addPermanentWidget(self.recovery)
        self.addPermanentWidget(self.counts)
        self.addPermanentWidget(self.zoom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh_counts)
        self._resources = ResourceIds(document)
        self._unsubscribe = document.subscribe(self._on_change)
        self.refresh_counts()

    def say(self, message: str) -> None:
        """Show a short message for a few seconds."""
        self.showMessage(message, MESSAGE_MS)

    def refresh_counts(self) -> None:
        """Recount the items of the map."""
        self.counts.setText(map_counts(self._document, len(self._resources.ids)))

    def zoom_changed(self, factor: float) -> None:
        """Show the map's zoom."""
        self.zoom.setText(f"{factor:.0%}")

    def intercept_shown(self, intercept_id: str, label: str) -> None:
        """Say which intercept is current: where new items go while nothing is selected."""
        where = label if intercept_id == CROSS_INTERCEPT else f"Intercept {intercept_id}: {label}"
        self.say(f"{where} (new items go here while nothing is selected)")

    def recovery_written(self, _path: str) -> None:
        """Note the time of the last recovery copy."""
        self.recovery.setText(f"Recovery copy {time.strftime('%H:%M:%S')}")  # not datetime: ~1.5 ms to import
        self.recovery.setToolTip(plain(_path))

    def recovery_failed(self, reason: str) -> None:
        """Say that recovery copies are not being made."""
        self.recovery.setText("Recovery copy FAILED")
        self.recovery.setToolTip(plain(reason))  # quotes a path
        self.say(reason)

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._timer.stop()
        self._unsubscribe()

    def _on_change(self, change: Change) -> None:
        self._resources.follow(change)
        # (a finding's kind changed: a gap became a resource)
        if change.action != "update" or change.collection == "document" or (
                change.collection == "findings" and "kind" in change.fields):
            self._timer.start()
