"""Pushing a model edit that returns an ``EditRecord`` as one undo step, with refusals as messages.

The model's priority and plan edits (``model/candidate_edits.py``, ``model/plan_derivation.py``) raise
``DocumentError`` before changing anything when the input is bad; the panels show that message where
the facilitator is looking instead of a dialog, and leave no empty step on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack

from ...model import Document, DocumentError, EditRecord
from ..commands import CompoundRecordCommand

RecordEdit = Callable[[Document], EditRecord]


class RecordEditCommand(CompoundRecordCommand):
    """A model edit that returns an ``EditRecord``; a refused or empty edit leaves no undo step."""

    def __init__(self, document: Document, apply: RecordEdit, text: str,
                 on_error: Callable[[str], None]) -> None:
        super().__init__(document, apply, text)
        self._on_error = on_error

    def redo(self) -> None:
        """Run (or replay) the edit; a ``DocumentError`` is reported and the command dropped."""
        try:
            super().redo()
        except DocumentError as exc:
            self.setObsolete(True)  # QUndoStack.push deletes an obsolete command instead of keeping it
            self._on_error(str(exc))
            return
        if self._record is not None and not self._record:
            self.setObsolete(True)


def push_record_edit(document: Document, undo_stack: QUndoStack, apply: RecordEdit, text: str) -> str | None:
    """Push one model edit as an undo step; returns the refusal message, or None when it was done."""
    errors: list[str] = []
    undo_stack.push(RecordEditCommand(document, apply, text, errors.append))
    return errors[0] if errors else None


def sentence(message: str) -> str:
    """A model message as a sentence for the screen: capital first letter, full stop at the end."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?" else message + "."
