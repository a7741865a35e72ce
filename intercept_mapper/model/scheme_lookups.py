"""Lookups on an intercept scheme (ids, labels, column order), shared by the pydantic ``InterceptScheme``
and the quick ``map_preview`` read of a file, so that both answer alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from .document_constants import CROSS_INTERCEPT


class _Intercept(Protocol):
    id: str
    label: str


class SchemeLookups:
    """Mixin: needs ``intercepts`` (objects with ``id`` and ``label``) and ``cross_label``."""

    if TYPE_CHECKING:  # declared for type checkers only: pydantic must not take them as fields
        intercepts: Sequence[_Intercept]
        cross_label: str

    def ids(self) -> list[str]:
        """Intercept ids in map order, without the cross-intercept band."""
        return [i.id for i in self.intercepts]

    def has(self, intercept_id: str) -> bool:
        """True for an intercept of this scheme or the cross-intercept band ``X``."""
        return intercept_id == CROSS_INTERCEPT or any(i.id == intercept_id for i in self.intercepts)

    def label(self, intercept_id: str) -> str:
        """The display label of an intercept id (or of the cross-intercept band)."""
        if intercept_id == CROSS_INTERCEPT:
            return self.cross_label
        for i in self.intercepts:
            if i.id == intercept_id:
                return i.label
        return intercept_id

    def order(self, intercept_id: str) -> int:
        """Column index of an intercept; the cross-intercept band sorts after every intercept."""
        for n, i in enumerate(self.intercepts):
            if i.id == intercept_id:
                return n
        return len(self.intercepts)
