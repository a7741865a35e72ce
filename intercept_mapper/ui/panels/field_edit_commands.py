"""Undo commands for typing into a panel: keystrokes of one editing session merge into one step.

``UpdateItemCommand`` merges any two consecutive edits of the same field; these add an edit-session
number so that typing, leaving the field and typing again later gives two undo steps, not one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ...model import Document
from ..commands import UpdateItemCommand, UpdateSectionCommand

MERGE_SECTION_EDIT = 1002


class FieldEditCommand(UpdateItemCommand):
    """An item field edit that merges only with edits of the same editing session."""

    def __init__(self, document: Document, collection: str, item_id: str, fields: dict[str, Any],
                 text: str, merge: bool, edit_session: int) -> None:
        super().__init__(document, collection, item_id, fields, text, merge=merge)
        self.edit_session = edit_session

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Merge a following keystroke of the same session into this step."""
        if not isinstance(other, FieldEditCommand) or other.edit_session != self.edit_session:
            return False
        return super().mergeWith(other)


class SectionFieldEditCommand(UpdateSectionCommand):
    """A workshop-info field edit; keystrokes of one editing session merge into one step."""

    def __init__(self, document: Document, section: str, fields: dict[str, Any], text: str,
                 merge: bool, edit_session: int) -> None:
        super().__init__(document, section, fields, text)
        self._merge = merge
        self._section_name = section
        self._fields_key = frozenset(fields)
        self.edit_session = edit_session

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Merge id, only for edits that asked to merge."""
        return MERGE_SECTION_EDIT if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Fold a following keystroke in the same field and session into this step."""
        if (not isinstance(other, SectionFieldEditCommand) or not other._merge
                or other.edit_session != self.edit_session
                or (other._section_name, other._fields_key) != (self._section_name, self._fields_key)):
            return False
        self._new = dict(other._new)
        return True
