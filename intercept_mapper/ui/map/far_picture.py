"""The far drawing kept as a picture of the view, redrawn only where something changed.

Far out, a repaint of the whole map (the fit-to-window view) drew every box and flow in Python: 7-9 ms
of CPU for a 3,000-item map. ``FarPicture`` holds what the view shows up to and with the far drawing
(the background, the layers below it: lanes, band, legend; then the boxes and flows) in an opaque
image of the view's size, drawn through the view's own transform, and a paint copies the exposed
part out of it. A change marks scene rectangles (a box's; each leg of a flow's old and new line); the
next paint redraws the rectangle around the marks into a second image (no clip) and copies it over.

Why it is made this way (each alternative was tried and measured against the items' own pixels):
far out, a box's outline and a flow are thinner than a pixel and Qt draws them as faint lines
(coverage as opacity). On a transparent image laid over the lanes they round differently (up to 39
levels where several overlap: why an earlier attempt with Qt's item cache was dropped); drawn with a
clip, Qt blends them a level lighter; through a transform shifted by whole pixels, a lane border and
header text moved by a pixel. Drawn over the same lanes, through the same transform, unclipped, in
the same order, the pixels are the same.

The layers below change rarely (a lane grows, a label is renamed): each paint compares them with how
they were drawn (``lower_look``) and marks where one differs. A new picture is made only by a repaint
of (nearly) the whole map, which draws everything anyway; marks around more than ``LARGE`` of the map
(the flows an added gap re-routes run across it) drop it, and the map is drawn directly, as before.
No picture either at another transform (zoom, scroll: until the next whole repaint), on a screen of
more than one device pixel a pixel, or over ``MAX_PIXELS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

MAX_PIXELS = 6_000_000  # 24 MB: a map fitted to a 4K screen fits several times over
WHOLE = 0.9  # a repaint of at least this share of the view draws a new picture when there is none
LARGE = 0.25  # marks around more of the map than this: the picture is dropped, the map drawn directly
EDGE_PX = 2  # pixels around each marked rectangle (a line thinner than a pixel is drawn one pixel wide)
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents

# Draws the far drawing's boxes and flows with ``painter`` (its transform set) where ``area`` (a scene
# rect, or a path of scene rects) may show them.
Draw = Callable[[QPainter, "QRectF | QPainterPath"], None]
# How an item below the far drawing looks: shown, its place and extent, its drawn rect, its label.
LowerLook = tuple[bool, tuple[float, float, float, float], tuple[float, float, float, float], object]


def _rect_tuple(rect: QRectF) -> tuple[float, float, float, float]:
    return rect.x(), rect.y(), rect.width(), rect.height()


def lower_look(item: QGraphicsItem) -> LowerLook:
    """What a redraw of a layer below the far drawing depends on (its theme is the picture's: a new
    theme drops the picture)."""
    return (item.isVisible(), _rect_tuple(item.sceneBoundingRect()), _rect_tuple(item.shape().boundingRect()),
            getattr(item, "label", None))


class FarPicture:
    """The view's picture up to the far drawing, at one scale; ``mark`` what changed, ``paint`` copies."""

    def __init__(self) -> None:
        self._image: QImage | None = None
        self._key: tuple[object, ...] | None = None  # the view's transform, size, pixel format, hints
        self._into = QTransform()  # scene -> image pixels: the view's own transform
        self._marks: list[QRectF] = []  # scene rects to redraw before the next copy
        self._lower: dict[int, tuple[QGraphicsItem, LowerLook]] = {}  # the layers below, as drawn
        self.redrawn = 0  # whole redraws of the image (tests)
        self.parts = 0  # marked parts redrawn (tests)
        self._scratch: QImage | None = None  # where marked parts are redrawn before they are copied

    def drop(self) -> None:
        """Forget the picture: the next paint draws it afresh (a theme, or the map rebuilt)."""
        self._image = None
        self._key = None
        self._marks = []
        self._lower = {}
        self._scratch = None

    def mark(self, rect: QRectF) -> None:
        """``rect`` (scene coordinates) changed: redraw it before it is next copied."""
        if self._image is not None and not rect.isEmpty():
            self._marks.append(rect)

    def paint(self, painter: QPainter, exposed: QRectF, bounds: QRectF, draw: Draw,
              lower: Sequence[QGraphicsItem], background: QBrush, hints: QPainter.RenderHint) -> bool:
        """Copy the exposed area from the picture (brought up to date first: ``background``, the items
        ``lower`` than the far drawing in stacking order, then ``draw``, from the view's render
        ``hints``, as the view starts its items); False when there is no
        picture for this view (the caller draws), which a whole repaint of the map ``bounds`` makes."""
        view = painter.worldTransform()
        device = painter.device()
        pixels = painter.deviceTransform()  # differs in scale on a screen of two device pixels a pixel
        if device is None or view.m12() or view.m21() or view.m11() <= 0 or view.m22() <= 0 \
                or pixels.m11() != view.m11() or pixels.m22() != view.m22():
            self.drop()
            return False
        width, height = device.width(), device.height()
        key = (view.m11(), view.m22(), view.dx(), view.dy(), width, height, _format_of(painter),
               hints)
        where = view.mapRect(exposed).toAlignedRect().adjusted(-1, -1, 1, 1)
        if key != self._key or self._image is None:
            # Only a whole repaint draws a new picture (it draws everything anyway); a scroll exposes
            # a strip at a new offset: that is drawn directly, as before.
            screen = QRect(0, 0, width, height)
            shown = where.intersected(screen)
            whole = view.mapRect(bounds).toAlignedRect().intersected(screen)
            if width * height > MAX_PIXELS \
                    or shown.width() * shown.height() < WHOLE * whole.width() * whole.height():
                self.drop()
                return False
            self._draw_whole(key, view, width, height, draw, lower, background)
        else:
            self._mark_lower_changes(lower)
            if self._marks and not self._redraw_marked(draw, lower, background, bounds):
                self.drop()  # most of the map changed: drawn directly, as a new picture would be
                return False
        image = self._image
        assert image is not None
        source = where.intersected(image.rect())
        if not source.isEmpty():
            painter.setWorldTransform(QTransform())  # device pixels: a copy, no resampling
            painter.drawImage(source.topLeft(), image, source)
            painter.setWorldTransform(view)
        return True

    def _draw_whole(self, key: tuple[object, ...], view: QTransform, width: int, height: int, draw: Draw,
                    lower: Sequence[QGraphicsItem], background: QBrush) -> None:
        image = QImage(width, height, key[6])  # type: ignore[call-overload]
        self._image, self._key, self._into = image, key, QTransform(view)
        self._marks = []
        self._lower = {id(item): (item, lower_look(item)) for item in lower}
        self.redrawn += 1
        painter = QPainter(image)
        painter.setRenderHints(key[7])  # type: ignore[arg-type]
        self._draw_layers(painter, view, view.inverted()[0].mapRect(QRectF(0, 0, width, height)), draw,
                          lower, background)
        painter.end()

    def _mark_lower_changes(self, lower: Sequence[QGraphicsItem]) -> None:
        drawn = self._lower
        now = {id(item): (item, lower_look(item)) for item in lower}
        if now.keys() == drawn.keys() and all(drawn[k][1] == look for k, (_i, look) in now.items()):
            return
        for key in drawn.keys() | now.keys():
            before, after = drawn.get(key), now.get(key)
            if before is None or after is None or before[1] != after[1]:
                for _item, look in (x for x in (before, after) if x is not None):
                    self.mark(QRectF(*look[1]))
        self._lower = now

    def _redraw_marked(self, draw: Draw, lower: Sequence[QGraphicsItem], background: QBrush,
                       bounds: QRectF) -> bool:
        """Redraw the rectangle around the marks: into a second image of the picture's size, through
        the same transform, with no clip (Qt blends a clipped faint line a level lighter, and the view
        draws without one), only what may show there; then copy it over. False, and nothing drawn,
        when that rectangle is more than ``LARGE`` of the map (the flows an added box re-routes run
        across it): a picture would save nothing there."""
        marks, self._marks = self._marks, []
        image = self._image
        assert image is not None and self._key is not None
        into = self._into
        union = QRectF()
        for rect in marks:
            union = union.united(rect)
        shown = union.intersected(bounds)
        if shown.width() * shown.height() > LARGE * bounds.width() * bounds.height():
            return False
        pixels = into.mapRect(union).toAlignedRect().adjusted(-EDGE_PX, -EDGE_PX, EDGE_PX, EDGE_PX)
        pixels = pixels.intersected(image.rect())
        if pixels.isEmpty():
            return True
        scratch = self._scratch
        if scratch is None or scratch.size() != image.size() or scratch.format() != image.format():
            scratch = self._scratch = QImage(image.size(), image.format())
        # Drawn a little past the copied pixels: what shows a pixel inside is found a little outside,
        # and a background filled in scene units covers every pixel copied.
        area = into.inverted()[0].mapRect(QRectF(pixels.adjusted(-EDGE_PX, -EDGE_PX, EDGE_PX, EDGE_PX)))
        painter = QPainter(scratch)
        painter.setRenderHints(self._key[7])  # type: ignore[arg-type]
        self._draw_layers(painter, into, area, draw, lower, background)
        painter.end()
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(pixels.topLeft(), scratch, pixels)
        painter.end()
        self.parts += 1
        return True

    @staticmethod
    def _draw_layers(painter: QPainter, into: QTransform, area: QRectF | QPainterPath, draw: Draw,
                     lower: Sequence[QGraphicsItem], background: QBrush) -> None:
        """The background, the items below the far drawing, then the far drawing, where ``area`` is
        (scene coordinates: a rect or a path of rects; ``into`` maps them to the painter's pixels), as
        the view paints them."""
        box = area.boundingRect() if isinstance(area, QPainterPath) else area
        painter.setWorldTransform(into)
        if background.style() != Qt.BrushStyle.NoBrush:  # QGraphicsScene.drawBackground
            painter.save()
            painter.setBrushOrigin(0, 0)
            painter.fillRect(box, background)
            painter.restore()
        option = QStyleOptionGraphicsItem()
        for item in lower:
            if not item.isVisible() or item.flags() & _NO_CONTENTS \
                    or not item.sceneBoundingRect().intersects(box):
                continue
            place = item.sceneTransform()
            if place.type().value <= QTransform.TransformationType.TxTranslate.value:  # as Qt composes it
                transform = QTransform(into)
                transform.translate(place.dx(), place.dy())
            else:
                transform = place * into
            painter.setWorldTransform(transform)
            option.exposedRect = item.boundingRect()
            option.rect = option.exposedRect.toAlignedRect()
            item.paint(painter, option, None)
        painter.setWorldTransform(into)
        draw(painter, area)


def _format_of(painter: QPainter) -> QImage.Format:
    """The pixel format the painter draws into (the picture uses the same: text and faint lines blend
    the same way)."""
    engine = painter.paintEngine()
    device = engine.paintDevice() if engine is not None else None
    if isinstance(device, QImage):
        return device.format()
    if isinstance(device, QPixmap) and not device.hasAlphaChannel():
        return QImage.Format.Format_RGB32
    return QImage.Format.Format_ARGB32_Premultiplied
