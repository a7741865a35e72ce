"""Render the app icon's PNGs from its SVG (intercept_mapper/resources/icons/intercept-mapper.svg).

    .venv/bin/python tools/render_icons.py

Writes intercept-mapper-SIZE.png beside the SVG for each size in ``resources.ICON_SIZES`` (16 to 256),
drawn by Qt's SVG renderer, offscreen. Commit the PNGs with the SVG; tests/packaging checks that they
are current.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from intercept_mapper.resources import APP_ICON_SVG, ICON_SIZES, app_icon_png  # noqa: E402


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` image, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter, Qt
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    """Write every PNG size; prints the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt's painting needs one
    for size in ICON_SIZES:
        out = app_icon_png(size)
        out.write_bytes(render(APP_ICON_SVG, size))
        print(out.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
