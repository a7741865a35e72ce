"""Undo commands for typing into a panel: keystrokes of one editing session merge into one step.

``UpdateItemCommand`` merges any two consecutive edits of the same field; these add an edit-session
number so that typing, leaving the field and typing again later gives two undo steps, not one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ...model import Candidate, Document, EditRecord, new_id
from ..commands import UpdateItemCommand, UpdateSectionCommand

MERGE_SECTION_EDIT = 1002


Companion = tuple[str, str, dict[str, Any]]  # (collection, id, new fields) changed in the same step


class FieldEditCommand(UpdateItemCommand):
    """An item field edit that merges only with edits of the same editing session.

    ``companions`` change along in the same step (a gap's candidate priority keeps the gap's title
    while the two agree, as on the map).
    """

    def __init__(self, document: Document, collection: str, item_id: str, fields: dict[str, Any],
                 text: str, merge: bool, edit_session: int,
                 companions: list[Companion] | None = None) -> None:
        super().__init__(document, collection, item_id, fields, text, merge=merge)
        self.edit_session = edit_session
        self._companions = list(companions or [])
        self._companions_old: list[Companion] = []
        for c_collection, c_id, c_fields in self._companions:
            item = document.get(c_collection, c_id)
            if item is not None:
                self._companions_old.append((c_collection, c_id, {k: getattr(item, k) for k in c_fields}))

    def redo(self) -> None:
        """Apply the edit and its companions."""
        super().redo()
        for collection, item_id, fields in self._companions:
            if self._document.get(collection, item_id) is not None:
                self._document.update(collection, item_id, **fields)

    def undo(self) -> None:
        """Restore the companions and the field."""
        for collection, item_id, fields in reversed(self._companions_old):
            if self._document.get(collection, item_id) is not None:
                self._document.update(collection, item_id, **fields)
        super().undo()

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Merge a following keystroke of the same session into this step."""
        if not isinstance(other, FieldEditCommand) or other.edit_session != self.edit_session:
            return False
        if [(c, i) for c, i, _ in other._companions] != [(c, i) for c, i, _ in self._companions]:
            return False
        if not super().mergeWith(other):
            return False
        self._companions = list(other._companions)
        return True


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


class ChangeFindingKindCommand(QUndoCommand):
    """Turn a gap into a resource or back, keeping candidate priorities consistent, as one step.

    Every gap is a candidate priority: a gap that becomes a resource leaves the candidates it was in
    (a candidate that was only that gap goes, with its votes, exactly as when the gap is deleted); a
    resource that becomes a gap gets its own candidate.
    """

    def __init__(self, document: Document, finding_id: str, kind: str, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._finding_id = finding_id
        self._kind = kind
        finding = document.get("findings", finding_id)
        self._old_kind = finding.kind
        self._new_candidate = Candidate(id=new_id("candidate"), title=finding.title, gap_ids=[finding_id])
        self._records: list[EditRecord] = []
        self._gap_ids_before: list[tuple[str, list[str]]] = []

    def redo(self) -> None:
        """Change the kind and the candidates that hang on it."""
        doc = self._document
        self._records, self._gap_ids_before = [], []
        if self._kind == "resource" and self._old_kind == "gap":
            for cand in [c for c in doc.items("candidates") if self._finding_id in c.gap_ids]:
                remaining = [g for g in cand.gap_ids if g != self._finding_id]
                if remaining or cand.intercepts:
                    self._gap_ids_before.append((cand.id, list(cand.gap_ids)))
                    doc.update("candidates", cand.id, gap_ids=remaining)
                else:
                    self._records.append(doc.delete([cand.id]))
        doc.update("findings", self._finding_id, kind=self._kind)
        if self._kind == "gap" and self._old_kind == "resource":
            doc.insert("candidates", self._new_candidate.model_copy(deep=True))

    def undo(self) -> None:
        """Put the kind and every candidate back."""
        doc = self._document
        if self._kind == "gap" and self._old_kind == "resource":
            doc.remove("candidates", self._new_candidate.id)
        doc.update("findings", self._finding_id, kind=self._old_kind)
        for record in reversed(self._records):
            doc.revert(record)
        for cand_id, gap_ids in reversed(self._gap_ids_before):
            doc.update("candidates", cand_id, gap_ids=gap_ids)
