"""The live map canvas: the scene drawn from the Document, its view, and fast keyboard entry.

Names load on first use (PEP 562): the first paint of a map needs the scene and the view, not fast
entry and its undo commands (which load the pydantic document model).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .fast_entry import FastEntry
    from .map_scene import MapScene
    from .map_theme import DARK, HIGH_CONTRAST, LIGHT, MapTheme, theme_named
    from .map_view import MapView

_HOMES = {
    "FastEntry": "fast_entry", "MapScene": "map_scene", "MapView": "map_view",
    **dict.fromkeys(("DARK", "HIGH_CONTRAST", "LIGHT", "MapTheme", "theme_named"), "map_theme"),
}
__all__ = ["DARK", "FastEntry", "HIGH_CONTRAST", "LIGHT", "MapScene", "MapTheme", "MapView", "theme_named"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
