"""Undo commands for room voting: a phone's ballot (swapping its earlier one), a suggestion arriving, a
suggestion accepted onto the map together with its naming."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ...model.document import Document, DocumentError, EditRecord
from ...model.room_ballots import add_suggestion, cast_room_ballot
from ..commands import AddItemsCommand, CompoundRecordCommand, describe


class RoomBallotCommand(CompoundRecordCommand):
    """One phone's ballot as one step; a resubmission swaps the earlier ballot in the same step."""

    def __init__(self, document: Document, device_key: str, table_id: str, votes: dict[str, int],
                 table_name: str) -> None:
        def apply(doc: Document) -> EditRecord:
            try:
                return cast_room_ballot(doc, device_key, table_id, votes)
            except DocumentError:  # the table went while the phone voted: nothing to record
                return EditRecord()

        dots = sum(votes.values())
        super().__init__(document, apply, f"Room ballot at {table_name} ({dots} dot{'s' * (dots != 1)})")


class RoomSuggestionCommand(CompoundRecordCommand):
    """A suggestion from a phone, put in the inbox."""

    def __init__(self, document: Document, kind: str, intercept: str, text: str) -> None:
        def apply(doc: Document) -> EditRecord:
            try:
                return add_suggestion(doc, kind, intercept, text)
            except DocumentError:
                return EditRecord()

        super().__init__(document, apply, describe(f"Suggested {kind} from the room", text))


class AcceptSuggestionCommand(AddItemsCommand):
    """Put a suggestion on the map and take it out of the inbox, as the one step its naming folds into."""

    def __init__(self, document: Document, entries: list[tuple[str, Any]], kind_text: str, title: str,
                 suggestion_id: str) -> None:
        super().__init__(document, entries, kind_text, title)
        self._suggestion_id = suggestion_id
        self._taken = False

    def redo(self) -> None:
        """Add the item and, the first time, record taking the suggestion out of the inbox."""
        first = self._record is None
        super().redo()
        if first and self._record is not None and self._document.get("inbox", self._suggestion_id):
            self._document.recorded_remove(self._record, "inbox", self._suggestion_id)


class DismissSuggestionCommand(QUndoCommand):
    """Take a suggestion out of the inbox without putting it on the map."""

    def __init__(self, document: Document, suggestion_id: str, text: str) -> None:
        super().__init__(describe("Dismiss suggestion", text))
        self._document = document
        self._id = suggestion_id
        self._record: EditRecord | None = None

    def redo(self) -> None:
        """Remove it (undo puts it back where it was)."""
        self._record = self._document.delete([self._id])

    def undo(self) -> None:
        """Put it back."""
        if self._record is not None:
            self._document.revert(self._record)
            self._record = None
