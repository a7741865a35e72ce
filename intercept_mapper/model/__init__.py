"""The workshop document and everything that reads or writes it. Plain Python: never imports Qt.

The names below are loaded on first use (PEP 562): importing a light module of this package
(``map_geometry``, ``problems``, ``map_preview``) must not build the pydantic classes, so that the app
can paint a map before the document model has loaded (see ``ui/app.py``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Change, Document, DocumentError, EditRecord
    from .document_constants import CROSS_INTERCEPT, DEFAULT_TABLE_ID, FORMAT_MARKER, SCHEMA_VERSION
    from .ids import new_id
    from .intercept_presets import DEFAULT_PRESET, PRESETS, preset_names, scheme_from_preset
    from .problems import InputError, Problem
    from .workshop import (
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
        Suggestion,
        Voting,
        VotingTable,
        Workshop,
        WorkshopInfo,
    )

# Public name -> the submodule that defines it.
_HOMES = {
    **dict.fromkeys(("Change", "Document", "DocumentError", "EditRecord"), "document"),
    "new_id": "ids",
    **dict.fromkeys(("DEFAULT_PRESET", "PRESETS", "preset_names", "scheme_from_preset"), "intercept_presets"),
    **dict.fromkeys(("InputError", "Problem"), "problems"),
    **dict.fromkeys(("CROSS_INTERCEPT", "DEFAULT_TABLE_ID", "FORMAT_MARKER", "SCHEMA_VERSION"),
                    "document_constants"),
    **dict.fromkeys((
        "ActionPlan", "ActionStep",
        "Ballot", "Candidate", "DecisionPoint", "Finding", "Flow", "Intercept", "InterceptScheme",
        "Objective", "Participant", "Suggestion", "Voting", "VotingTable", "Workshop", "WorkshopInfo",
    ), "workshop"),
}

__all__ = [
    "CROSS_INTERCEPT", "DEFAULT_PRESET", "DEFAULT_TABLE_ID", "FORMAT_MARKER", "PRESETS", "SCHEMA_VERSION",
    "ActionPlan", "ActionStep", "Ballot", "Candidate", "Change", "DecisionPoint", "Document",
    "DocumentError", "EditRecord", "Finding", "Flow", "InputError", "Intercept", "InterceptScheme",
    "Objective", "Participant", "Problem", "Suggestion", "Voting", "VotingTable", "Workshop",
    "WorkshopInfo", "new_id", "new_workshop", "preset_names", "scheme_from_preset",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def new_workshop(preset: str | None = None, title: str = "", jurisdiction: str = "") -> Workshop:
    """An empty workshop from an intercept preset (the default preset when none is given)."""
    from .intercept_presets import DEFAULT_PRESET, scheme_from_preset
    from .workshop import Workshop, WorkshopInfo

    return Workshop(
        info=WorkshopInfo(title=title, jurisdiction=jurisdiction),
        scheme=scheme_from_preset(preset or DEFAULT_PRESET),
    )
