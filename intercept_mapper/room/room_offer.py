"""What the room votes on: the tables offered, the dots each phone has, the candidates and intercepts.

A plain frozen snapshot built from a ``Workshop``, handed to the ballot box (which may run on another
thread): the box never reads the live document.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.ranking import candidate_intercepts
from ..model.workshop import CROSS_INTERCEPT, Workshop

# The dots a phone has when the workshop records no budget: the usual SIM practice (sim-reference.md).
# Opening the room records it in the file, so the report states the budget the room used.
DEFAULT_DOTS = 3
# What the phone shows of a candidate's description: a line or two, not the whole paragraph.
DESCRIPTION_CHARS = 280


@dataclass(frozen=True)
class OfferedTable:
    """A voting table phones may choose."""

    id: str
    name: str


@dataclass(frozen=True)
class OfferedCandidate:
    """A candidate priority as the phone shows it."""

    id: str
    title: str
    intercepts: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class RoomOffer:
    """Everything a phone needs to vote; ``budget`` is the dots per phone (never None)."""

    title: str
    tables: tuple[OfferedTable, ...]
    budget: int
    candidates: tuple[OfferedCandidate, ...]
    intercepts: tuple[tuple[str, str], ...]  # (id, label) in map order, then ("X", cross label)

    def table(self, name_or_id: str) -> OfferedTable | None:
        """The offered table with this id, or this name ignoring case and a trailing "table"."""
        from ..model.candidate_edits import table_key

        for table in self.tables:
            if table.id == name_or_id:
                return table
        key = table_key(name_or_id)
        return next((t for t in self.tables if table_key(t.name) == key), None)

    def candidate_ids(self) -> frozenset[str]:
        """Ids phones may vote for."""
        return frozenset(c.id for c in self.candidates)

    def intercept_ids(self) -> frozenset[str]:
        """Intercepts a suggestion may name."""
        return frozenset(i for i, _ in self.intercepts)


def short_description(text: str) -> str:
    """A description cut to a phone-sized excerpt at a word, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= DESCRIPTION_CHARS:
        return flat
    cut = flat[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] or flat[:DESCRIPTION_CHARS]
    return cut + "\u2026"


def room_offer(ws: Workshop, table_ids: list[str] | None = None, budget: int | None = None) -> RoomOffer:
    """The offer for ``ws``: the tables ``table_ids`` (all when None), the recorded budget or
    ``budget`` or ``DEFAULT_DOTS``, and every candidate that is not excluded, in document order."""
    tables = [t for t in ws.voting.tables if table_ids is None or t.id in table_ids]
    if table_ids is not None:
        tables.sort(key=lambda t: table_ids.index(t.id))
    dots = budget if budget is not None else ws.voting.votes_per_participant
    candidates = tuple(
        OfferedCandidate(c.id, " ".join(c.title.split()), tuple(candidate_intercepts(ws, c)),
                         short_description(c.description))
        for c in ws.voting.candidates if not c.excluded
    )
    intercepts = tuple((i.id, i.label) for i in ws.scheme.intercepts) + ((CROSS_INTERCEPT,
                                                                          ws.scheme.cross_label),)
    return RoomOffer(
        title=" ".join(ws.info.title.split()),
        tables=tuple(OfferedTable(t.id, t.name) for t in tables),
        budget=DEFAULT_DOTS if dots is None else dots,
        candidates=candidates,
        intercepts=intercepts,
    )
