"""What every panel that redraws from a document shares: listening, a debounced rebuild, disposal."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ...model import Document


class DocumentPanel:
    """Mixin for a QWidget panel that shows a ``Document``: call ``_listen_to`` once in ``__init__``.

    The panel supplies ``rebuild()`` and ``_on_change(change)``; ``_on_change`` starts ``_rebuild_timer``
    so that a burst of change notices (one compound edit) redraws the panel once, after the edit.
    It also has a ``status`` label and a ``sig_message`` signal: ``_say`` tells the facilitator there.
    """

    _document: Document
    _rebuild_timer: QTimer

    def _listen_to(self, document: Document) -> None:
        """Keep ``document``, make the zero-interval single-shot rebuild timer and subscribe."""
        self._document = document
        self._rebuild_timer = QTimer(self)  # the panel is a QWidget, so the timer dies with it
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self._unsubscribe = document.subscribe(self._on_change)

    @property
    def document(self) -> Document:
        """The document being edited."""
        return self._document

    def _flush(self) -> None:
        """Redraw now if a rebuild is pending (before reading what the panel shows)."""
        if self._rebuild_timer.isActive():
            self.rebuild()

    def _say(self, message: str) -> None:
        """Show a message on the panel and pass it on (status bar), never as a dialog."""
        self.status.setText(message)
        self.sig_message.emit(message)

    def _refuse(self, message: str) -> bool:
        """Say why an edit was refused; False, for ``return self._refuse(...)``."""
        self._say(message)
        return False

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._rebuild_timer.stop()
        self._unsubscribe()
