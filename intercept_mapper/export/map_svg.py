"""The map as an SVG image, drawn by the same renderer as the report's map pages."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG

from ..model.workshop import Workshop
from .map_drawing import map_drawing
from .pdf_fonts import FALLBACK, report_fonts
from .pdf_text import plain

# SVG viewers look fonts up by family name, not by the name reportlab registered them under.
_CSS_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"
_CSS_CJK = ("'Droid Sans Fallback', 'Noto Sans CJK SC', 'Source Han Sans', 'Microsoft YaHei', "
            "'PingFang SC', sans-serif")


def build_map_svg(ws: Workshop) -> bytes:
    """The whole map with its legend as UTF-8 SVG bytes (scene units, 1 unit = 1 px)."""
    svg = renderSVG.drawToString(map_drawing(ws, scale=1.0))
    fonts = report_fonts()
    for name, family, weight, style in ((fonts.bold, _CSS_FAMILY, "bold", "normal"),
                                        (fonts.italic, _CSS_FAMILY, "normal", "italic"),
                                        (fonts.regular, _CSS_FAMILY, "normal", "normal"),
                                        (FALLBACK, _CSS_CJK, "normal", "normal")):
        svg = svg.replace(f"font-family: {name};", f"font-family: {family}; font-weight: {weight};"
                          f" font-style: {style};")
        svg = svg.replace(f'font-family="{name}"', f'font-family="{family}" font-weight="{weight}"'
                          f' font-style="{style}"')
    # renderSVG writes "fill: None" for unfilled lines, which viewers read as black.
    svg = svg.replace("fill: None", "fill: none")
    # ... and "..." as the title and description that viewers show in tabs and tooltips.
    title = plain(ws.info.title).strip() or "Sequential Intercept Map"
    where = plain(ws.info.jurisdiction).strip()
    desc = "Sequential Intercept Map" + (f" of {where}" if where else "") + ", made with Intercept Mapper"
    svg = svg.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    svg = svg.replace("<desc>...</desc>", f"<desc>{escape(desc)}</desc>", 1)
    return svg.encode("utf-8")
