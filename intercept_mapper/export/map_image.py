"""The map as a PNG image (for slides): the SVG map rasterised by Qt's SVG renderer.

reportlab's own rasteriser needs an extra native package (rlPyCairo), so the raster path uses Qt,
which the app ships anyway; this is the one export module allowed to import PySide6. It works with no
display: without a running application it starts an offscreen one.
"""

from __future__ import annotations

import os

from ..model.workshop import Workshop
from ..resources import FONTS_DIR
from .map_svg import build_map_svg

MAX_PIXELS = 16384  # Qt's painter refuses larger images; a huge map is scaled down to fit


def _ensure_gui_app() -> None:
    from PySide6.QtWidgets import QApplication

    # A QApplication (not just a QGuiApplication), so that the app or a test started later in this
    # process can still create widgets.
    if QApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept on the function so it lives as long as the process (Qt needs one app, never collected).
        _ensure_gui_app.app = QApplication([])  # type: ignore[attr-defined]


def _register_bundled_fonts() -> None:
    """Give Qt the report's fonts, so the image matches the PDF on a machine without them installed."""
    from PySide6.QtGui import QFontDatabase

    if getattr(_register_bundled_fonts, "done", False):
        return
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))  # -1 (ignored) for a damaged file
    _register_bundled_fonts.done = True  # type: ignore[attr-defined]


def png_pixel_size(map_size: tuple[float, float], scale: float) -> tuple[int, int]:
    """Pixel width and height of the PNG of a map of ``map_size`` scene units at ``scale`` (capped)."""
    w, h = max(1.0, map_size[0]), max(1.0, map_size[1])
    scale = min(max(0.1, float(scale)), MAX_PIXELS / w, MAX_PIXELS / h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def render_map_png(ws: Workshop, scale: float = 2.0) -> bytes:
    """The whole map as PNG bytes, ``scale`` pixels per scene unit (2.0 is sharp on a projector)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ensure_gui_app()
    _register_bundled_fonts()
    renderer = QSvgRenderer(QByteArray(build_map_svg(ws)))
    if not renderer.isValid():
        raise ValueError("the map could not be drawn as an image")
    size = renderer.defaultSize()
    width, height = png_pixel_size((size.width(), size.height()), scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("the map image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())
