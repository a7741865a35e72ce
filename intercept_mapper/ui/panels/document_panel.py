"""What every panel that redraws from a document shares: listening, a debounced rebuild, disposal."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ...model import Document


class DocumentPanel:
    """Mixin for a QWidget panel that shows a ``Document``: call ``_listen_to`` once in ``__init__``.

    The panel supplies ``rebuild()`` and ``_on_change(change)``; ``_on_change`` starts ``_rebuild_timer``
    so that a burst of change notices (one compound edit) redraws the panel once, after the edit.
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

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._rebuild_timer.stop()
        self._unsubscribe()
