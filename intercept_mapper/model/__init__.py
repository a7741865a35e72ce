"""The workshop document and everything that reads or writes it. Plain Python: never imports Qt."""

from .document import Change, Document, DocumentError, EditRecord
from .ids import new_id
from .intercept_presets import DEFAULT_PRESET, PRESETS, preset_names, scheme_from_preset
from .problems import InputError, Problem
from .workshop import (
    CROSS_INTERCEPT,
    DEFAULT_TABLE_ID,
    FORMAT_MARKER,
    SCHEMA_VERSION,
    ActionPlan,
    ActionStep,
    Ballot,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Intercept,
    InterceptScheme,
    Objective,
    Participant,
    Voting,
    VotingTable,
    Workshop,
    WorkshopInfo,
)

__all__ = [
    "CROSS_INTERCEPT", "DEFAULT_PRESET", "DEFAULT_TABLE_ID", "FORMAT_MARKER", "PRESETS", "SCHEMA_VERSION",
    "ActionPlan", "ActionStep", "Ballot", "Candidate", "Change", "DecisionPoint", "Document",
    "DocumentError", "EditRecord", "Finding", "Flow", "InputError", "Intercept", "InterceptScheme",
    "Objective", "Participant", "Problem", "Voting", "VotingTable", "Workshop", "WorkshopInfo",
    "new_id", "preset_names", "scheme_from_preset",
]


def new_workshop(preset: str = DEFAULT_PRESET, title: str = "", jurisdiction: str = "") -> Workshop:
    """An empty workshop from an intercept preset."""
    return Workshop(
        info=WorkshopInfo(title=title, jurisdiction=jurisdiction),
        scheme=scheme_from_preset(preset),
    )


__all__.append("new_workshop")
