"""The intercept schemes a workshop can start from: SAMHSA's 0-5, the pre-2017 1-5, and Texas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document_constants import CROSS_INTERCEPT

if TYPE_CHECKING:
    from .workshop import InterceptScheme

DEFAULT_PRESET = "samhsa"

_SAMHSA = [
    ("0", "Community Services"),
    ("1", "Law Enforcement"),
    ("2", "Initial Detention / Initial Court Hearings"),
    ("3", "Jails / Courts"),
    ("4", "Reentry"),
    ("5", "Community Corrections"),
]

_TEXAS = [
    ("0", "Mobile Crisis Outreach Teams / Co-Response"),
    ("1", "Law Enforcement and Emergency Services"),
    ("2", "Initial Detention / Initial Court Hearings"),
    ("3", "Jails / Courts"),
    ("4", "Reentry"),
    ("5", "Community Corrections / Community Support"),
]

PRESETS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "samhsa": ("SAMHSA Sequential Intercept Model, intercepts 0 to 5", _SAMHSA),
    "five-intercept": ("Five intercepts, 1 to 5 (the pre-2017 layout)", _SAMHSA[1:]),
    "texas": ("Texas labels, intercepts 0 to 5", _TEXAS),
}

CROSS_INTERCEPT_LABEL = "Cross-intercept"


def preset_names() -> list[str]:
    """Names accepted by ``--preset``, the default first."""
    return list(PRESETS)


def scheme_from_preset(name: str = DEFAULT_PRESET) -> InterceptScheme:
    """Build a fresh intercept scheme (with the cross-intercept band) from a preset name."""
    if name not in PRESETS:
        known = ", ".join(PRESETS)
        raise KeyError(f"unknown preset '{name}' (known presets: {known})")
    from .workshop import Intercept, InterceptScheme  # the command line's --preset choices need no pydantic

    _, rows = PRESETS[name]
    return InterceptScheme(
        preset=name,
        intercepts=[Intercept(id=i, label=label) for i, label in rows],
        cross_label=CROSS_INTERCEPT_LABEL,
    )


__all__ = ["CROSS_INTERCEPT", "DEFAULT_PRESET", "PRESETS", "preset_names", "scheme_from_preset"]
