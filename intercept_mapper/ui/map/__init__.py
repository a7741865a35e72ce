"""The live map canvas: the scene drawn from the Document, its view, and fast keyboard entry."""

from .fast_entry import FastEntry
from .map_scene import MapScene
from .map_theme import DARK, HIGH_CONTRAST, LIGHT, MapTheme, theme_named
from .map_view import MapView

__all__ = ["DARK", "FastEntry", "HIGH_CONTRAST", "LIGHT", "MapScene", "MapTheme", "MapView", "theme_named"]
