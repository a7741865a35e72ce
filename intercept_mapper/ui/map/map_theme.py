"""Colours and font sizes of the map canvas: Light, Dark and High-contrast, with a text-scale factor.

Resources and gaps use the colour-blind-safe Okabe-Ito palette (bluish green and vermillion), and
they differ by shape and mark as well, so colour is never the only cue. Font sizes are in pixels at
100 % zoom and are chosen to read from the back of a room on a projector.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

FONT_FAMILY = "DejaVu Sans"

# Base sizes in pixels at 100 % zoom (multiplied by ``MapTheme.text_scale``).
POINT_TITLE_PX = 17
ORGANISATION_PX = 12
CHIP_PX = 14
INTERCEPT_NUMBER_PX = 40
INTERCEPT_LABEL_PX = 18
FLOW_LABEL_PX = 13
LEGEND_PX = 13


class MapTheme(NamedTuple):
    """Everything the canvas paints with; an immutable value, so swapping themes is one assignment.

    (A named tuple, not a dataclass: it is made before the first paint, where a tuple is a third of
    the cost.)
    """

    name: str
    background: str
    lane_fill_a: str
    lane_fill_b: str
    lane_border: str
    intercept_number: str
    intercept_label: str
    cross_fill: str
    point_fill: str
    point_border: str
    point_text: str
    organisation_text: str
    selection: str
    find_highlight: str
    flow: str
    flow_label_fill: str
    flow_label_text: str
    resource_fill: str
    resource_border: str
    resource_text: str
    gap_fill: str
    gap_border: str
    gap_text: str
    legend_text: str
    text_scale: float = 1.0
    full_titles: bool = False  # titles wrap whole, boxes and chips grow to hold them (presentation)

    def colour(self, attr: str) -> QColor:
        """One of the theme's colours as a QColor (shared: callers must not modify it)."""
        return _qcolor(getattr(self, attr))

    def pen(self, attr: str, width: float, round_cap: bool = False) -> QPen:
        """A solid pen in one of the theme's colours (shared: callers must not modify it)."""
        return _qpen(getattr(self, attr), width, round_cap)

    def font(self, base_px: int, bold: bool = False) -> QFont:
        """The map font at ``base_px`` scaled by the text-scale factor."""
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(6, round(base_px * self.text_scale)))
        font.setBold(bold)
        return font

    def shared_font(self, base_px: int, bold: bool = False) -> QFont:
        """Like ``font``, but one QFont per size and weight, shared by every item (never modify it)."""
        return shared_font_px(max(6, round(base_px * self.text_scale)), bold)

    def scaled(self, factor: float) -> MapTheme:
        """The same colours with another text-scale factor (presentation mode enlarges text)."""
        return self._replace(text_scale=max(0.5, min(3.0, float(factor))))


@lru_cache(maxsize=256)
def _qcolor(spec: str) -> QColor:
    # paint() asks for colours thousands of times per frame; parse each hex string once.
    return QColor(spec)


@lru_cache(maxsize=64)
def shared_font_px(pixel_size: int, bold: bool = False) -> QFont:
    """The map font at exactly ``pixel_size``, one QFont shared by every item (never modify it)."""
    # A map build lays out 3,000 items: one font per size, not one QFont built per item.
    font = QFont(FONT_FAMILY)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


@lru_cache(maxsize=256)
def _qpen(spec: str, width: float, round_cap: bool) -> QPen:
    # Likewise for pens: fit-to-window paints 1,500 boxes and flows, each setting its pen.
    cap = Qt.PenCapStyle.RoundCap if round_cap else Qt.PenCapStyle.SquareCap
    return QPen(_qcolor(spec), width, Qt.PenStyle.SolidLine, cap)


LIGHT = MapTheme(
    name="light",
    background="#ffffff",
    lane_fill_a="#f4f7fb",
    lane_fill_b="#e9eef5",
    lane_border="#c5cfdc",
    intercept_number="#0b3d6e",
    intercept_label="#1a1a1a",
    cross_fill="#f3efe4",
    point_fill="#ffffff",
    point_border="#2b4a6f",
    point_text="#111111",
    organisation_text="#4a4a4a",
    selection=OKABE_ITO["blue"],
    find_highlight=OKABE_ITO["yellow"],
    flow="#3b4754",
    flow_label_fill="#ffffff",
    flow_label_text="#111111",
    resource_fill="#e3f4ee",
    resource_border="#007a59",
    resource_text="#0d2a21",
    gap_fill="#fbe9df",
    gap_border="#b34e00",
    gap_text="#3a1600",
    legend_text="#1a1a1a",
)

DARK = MapTheme(
    name="dark",
    background="#1c1f24",
    lane_fill_a="#23272e",
    lane_fill_b="#2a2f37",
    lane_border="#4a525e",
    intercept_number="#8cc4ff",
    intercept_label="#e8e8e8",
    cross_fill="#2e2b25",
    point_fill="#313843",
    point_border="#9db4d0",
    point_text="#f2f2f2",
    organisation_text="#c0c6ce",
    selection=OKABE_ITO["sky_blue"],
    find_highlight=OKABE_ITO["yellow"],
    flow="#b9c3cf",
    flow_label_fill="#1c1f24",
    flow_label_text="#f2f2f2",
    resource_fill="#123a2f",
    resource_border="#2cc79a",
    resource_text="#e6fff6",
    gap_fill="#3d2414",
    gap_border="#ff8a3d",
    gap_text="#fff0e6",
    legend_text="#e8e8e8",
)

HIGH_CONTRAST = MapTheme(
    name="high-contrast",
    background="#000000",
    lane_fill_a="#000000",
    lane_fill_b="#141414",
    lane_border="#ffffff",
    intercept_number="#ffff00",
    intercept_label="#ffffff",
    cross_fill="#0d0d0d",
    point_fill="#000000",
    point_border="#ffffff",
    point_text="#ffffff",
    organisation_text="#e0e0e0",
    selection="#00ffff",
    find_highlight="#ffff00",
    flow="#ffffff",
    flow_label_fill="#000000",
    flow_label_text="#ffffff",
    resource_fill="#001a12",
    resource_border="#3ee8b0",
    resource_text="#ffffff",
    gap_fill="#1f0a00",
    gap_border="#ff9d4d",
    gap_text="#ffffff",
    legend_text="#ffffff",
)

THEMES: dict[str, MapTheme] = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}


def theme_named(name: str) -> MapTheme:
    """The map theme called ``name`` ("light", "dark", "high-contrast"); unknown names give Light."""
    return THEMES.get(name, LIGHT)
