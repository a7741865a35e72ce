"""The map as a QGraphicsScene: drawn from the Document, redrawn from its change notices.

The scene subscribes to the document and touches only the items a ``Change`` names; load, undo, redo,
paste and recovery all arrive through that one door. It never changes the document except by pushing
commands on the undo stack: a finished drag is one ``MovePointsCommand`` (snapped into a lane, the box
pinned), a flow drawn with the mouse is one ``InsertItemsCommand``.

A workshop of ``BUILD_IN_STEPS_FROM_ITEMS`` items or more is shown as one sketch at once (``map_sketch``)
and its items are built behind it, a step of at most ``BUILD_STEP_S`` per event-loop turn (``_build_steps``);
whatever needs an item (a press, a selection, find, ``item_for``) finishes the building first, and a
change before the end builds the whole map from the document at once.

Public API (used by the main window): ``MapScene(document, undo_stack)``, ``sig_selection_changed``,
``sig_item_activated``, ``selected_ids``, ``select_ids``, ``set_theme``, ``set_text_scale``,
``intercept_rect``, ``item_rect``, ``find``, ``add_flow``, ``dispose``.
"""

from __future__ import annotations

import contextlib
import gc
import math
import time
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform, QUndoStack
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
)

from ...model.document import Change, Document
from ...model.document_constants import CROSS_INTERCEPT
from ...model.flow_routing import ROUTE_CEILING, Box, FlowRouter, Route
from ...model.ids import new_id
from ...model.lane_layout import (
    LaneTidy,
    band_blocked,
    block_height,
    chip_offsets,
    fill_band,
    lane_end,
    list_loose,
    next_box_y,
)
from ...model.map_geometry import (
    CROSS_BAND_GAP,
    LANE_WIDTH,
    MIN_LANE_HEIGHT,
    POINT_HEIGHT,
    POINT_WIDTH,
    first_row_y,
    lane_left,
    lane_point_x,
    map_width,
    snap_point,
)
from .. import startup_gc
from ..commands import InsertItemsCommand, MovePointsCommand, describe
from .far_map import FarMap, is_far, set_contents_drawn
from .finding_chip import FindingChip, LegendItem, chip_height
from .flow_item import ARROW_HALF_WIDTH, ARROW_LENGTH, FlowItem, forget, keep_only, kept_count, route_rect
from .freed_in_parts import FreedInParts
from .lane_item import CrossBandItem, LaneItem
from .map_sketch import MapSketch, SketchLayout, can_sketch, lay_out
from .map_theme import LIGHT, MapTheme
from .point_item import PointItem

if TYPE_CHECKING:
    from ...model.workshop import Flow


def _auto_layout(ws: Any) -> dict[str, tuple[float, float]]:
    """Automatic layout positions of unpinned points (imported on first use: networkx is slow to load)."""
    try:
        from ...model.auto_layout import layout_positions
    except ImportError:  # pragma: no cover - the module is part of the model; stack naively without it
        return {}
    return layout_positions(ws)

MapItem = PointItem | FindingChip | FlowItem
LEGEND_GAP = 24.0
SCENE_MARGIN = 16.0  # around the map: small, so that fit-to-window gives the map the whole view
PREVIEW_FLOW = "\x00preview"  # the id of the flow the connect bar previews (no document id looks like it)
SCENE_INDEX_STEP = 4096.0  # Qt's scene rect (its item index) changes in steps of this many pixels
LOOSE_FIELDS = frozenset({"point_id", "intercept"})  # a finding's fields that decide where it hangs loose
# The fields (of an update) that automatic layout reads, per collection: where the boxes of a map holding
# a box without a place stand (``_follow_automatic_layout``). A point's title orders its lane.
LAYOUT_FIELDS = {"points": frozenset({"intercept", "title", "x", "y", "pinned"}),
                 "findings": frozenset({"point_id"}), "flows": frozenset({"source", "target"})}
RELIST_LOOSE_ONE_BY_ONE = 8  # a change of more findings than this lists the loose ones again, all at once
KEPT_SLACK = 20_000  # kept lines of routes no longer pending beyond this are all forgotten (``keep_only``)
SETTLE_CHUNK = 300  # flow items given their route per event-loop turn after a build in steps (~10 ms)
# A workshop of this many boxes, chips and flows or more (opened, imported, restored) is shown as a
# sketch at once and its items are built behind it, a step per event-loop turn (see ``_build_steps``).
BUILD_IN_STEPS_FROM_ITEMS = 10_000
BUILD_STEP_S = 0.025  # the longest a step of that building holds the event loop (wall clock)
FLOW_SLICE = 250  # flow items given their route (and far line) between two yields
END_OF_TURN = object()  # yielded by ``_build_steps``: the step ends here, whatever time is left
_NOWHERE = QPointF(-1e9, -1e9)  # asking the scene for items there brings its index up to date
ROUTER_SLICE = 1000  # boxes or flows told to the router (or routes read back) between two yields
# Items put in the scene and taken into Qt's item index in one turn at the end of a build in steps
# (8-18 ms CPU at 30,000 items: ~6 us to add a box, chip or flow, ~2 us to index it, and 3-5 ms for the
# query that brings the index up to date, which tests the ~4,000 items of the index's corner leaf:
# slices of 500 cost the build ~100 ms more than slices of 1,000).
ADD_SLICE = 1000
PREPARE_SLICE = 1000  # boxes or flows whose far drawing is made between two yields (~5-7 ms at 30,000)


def _moves_automatic_layout(change: Change) -> bool:
    """Whether automatic layout may place a box elsewhere after ``change`` (see ``LAYOUT_FIELDS``)."""
    fields = LAYOUT_FIELDS.get(change.collection)
    if fields is None:
        return False
    return change.action != "update" or not change.fields or bool(change.fields & fields)


def _show_on_route(item: FlowItem, route: Route | None) -> None:
    """A flow the router could not place (its box is not on the map) is hidden; else it takes ``route``."""
    if route is None:
        item.setVisible(False)
        return
    if not item.isVisible():
        item.setVisible(True)
    item.set_route(route)


# How far a route's drawing (its curve, pen and arrowhead, not its count) reaches beyond its corner
# points: ``route_rect``'s margin and an arrowhead's length and half width in any direction.
ROUTE_REACH = 8.0 + ARROW_LENGTH + ARROW_HALF_WIDTH


def _routes_extent(routes: Iterable[Route]) -> QRectF:
    """One rectangle around where all ``routes`` are drawn (a little wider than the union of their
    ``route_rect``s), in plain numbers: a re-routing far out touches one rectangle for thousands."""
    left = top = float("inf")
    right = bottom = float("-inf")
    for route in routes:
        for x, y in route.points:
            if x < left:
                left = x
            if x > right:
                right = x
            if y < top:
                top = y
            if y > bottom:
                bottom = y
    if left > right:
        return QRectF()
    return QRectF(left - ROUTE_REACH, top - ROUTE_REACH,
                  right - left + 2 * ROUTE_REACH, bottom - top + 2 * ROUTE_REACH)


def _route_reaches(route: Route, x: float, y: float) -> bool:
    """True when (x, y) lies within ``ROUTE_REACH`` of the box around a route's corner points (where
    its item's shape, curve and head can be once it takes the route)."""
    xs = [px for px, _ in route.points]
    ys = [py for _, py in route.points]
    return (min(xs) - ROUTE_REACH <= x <= max(xs) + ROUTE_REACH
            and min(ys) - ROUTE_REACH <= y <= max(ys) + ROUTE_REACH)


class FarGroup:
    """Boxes of one lane (at ``x``) placed in one go while far out: which moved, and the strip their
    old and new places cover, for one repaint of the far drawing (``touch``)."""

    __slots__ = ("x", "ids", "left", "top", "right", "bottom")

    def __init__(self, x: float) -> None:
        self.x = x
        self.ids: list[str] = []
        self.left = self.top = math.inf
        self.right = self.bottom = -math.inf

    def add(self, item: PointItem, old_y: float, new_y: float) -> None:
        """``item`` moved from ``old_y`` to ``new_y`` (its x stays the lane's)."""
        self.ids.append(item.item_id)
        bounds = item.boundingRect()
        self.left = min(self.left, bounds.left())
        self.right = max(self.right, bounds.right())
        self.top = min(self.top, min(old_y, new_y) + bounds.top())
        self.bottom = max(self.bottom, max(old_y, new_y) + bounds.bottom())

    def touch(self, far: FarMap) -> None:
        """Tell ``far`` which boxes changed and repaint the strip they cover, once."""
        if not self.ids:
            return
        for point_id in self.ids:
            far.touch_box(point_id, QRectF())  # (an empty rect: noted, nothing repainted yet)
        far.touch(QRectF(self.x + self.left, self.top, self.right - self.left, self.bottom - self.top))


class MapScene(QGraphicsScene):
    """Draws a Document's map and turns mouse gestures into undo commands."""

    sig_selection_changed = Signal(list)  # selected ids (points, findings, flows) in selection order
    sig_item_activated = Signal(str)  # an item was double-clicked
    sig_map_rect_changed = Signal(QRectF)  # the map's extent (``sceneRect``) changed
    sig_items_built = Signal()  # a large map's items, built behind its sketch in steps, replaced it

    def __init__(self, document: Document, undo_stack: QUndoStack, parent: Any = None,
                 theme: MapTheme = LIGHT, sketch_first: bool = False) -> None:
        """The scene of ``document``'s map. With ``sketch_first``, a large map is first drawn as one
        sketch (``map_sketch``) and its items are built by ``build_items``."""
        super().__init__(parent)
        self.document = document
        self.undo_stack = undo_stack
        self._base_theme = theme  # given here, the map is laid out once, not again for its theme
        self._text_scale = 1.0
        self._full_titles = False
        self._band_columns: int | None = None  # None: one column per lane
        self._theme = theme
        self._chip_h = chip_height(theme)  # grows with the text (presentation): two lines fit a chip
        self._points: dict[str, PointItem] = {}
        self._findings: dict[str, FindingChip] = {}
        self._flows: dict[str, FlowItem] = {}
        self._lanes: dict[str, LaneItem] = {}
        self._lane_index: dict[str, int] = {}
        self._lane_ids: list[str] = []  # intercept ids in lane order
        self._band: CrossBandItem | None = None
        self._legend: LegendItem | None = None
        self._flows_at: dict[str, set[str]] = defaultdict(set)  # point id -> flow ids touching it
        # Where every flow runs (model.flow_routing): told of every box that moved or grew, it routes
        # again and names the flows whose route changed; only those are redrawn.
        self._router = FlowRouter(1, ROUTE_CEILING)
        self._moved_boxes: set[str] = set()
        self._band_ids: list[str] | None = None  # points in the cross band, in document order
        self._chips_at: dict[str, list[str]] = {}  # point id -> finding ids stacked under it
        # Point id -> ids of the findings whose chips name it (on the map or not), kept by the change
        # notices: a point's chips are listed again from its own findings, not a pass over all 12,000.
        self._findings_of: dict[str, set[str]] = defaultdict(set)
        # Box + chips height per point, kept until one of its chips (or the theme) changes: every tidy
        # of a lane and every flow redraw asks for it.
        self._block_h: dict[str, float] = {}
        # Loose (unattached) finding ids per lane key in document order; None when findings changed.
        self._loose_ids: dict[str, list[str]] | None = None
        self._lane_points: dict[str, set[str]] = defaultdict(set)  # intercept id -> point ids
        # Each lane's boxes in order with their heights and places, kept between edits (``LaneTidy``):
        # a tidy starts at the first box an edit reaches, not with a sort and a read of all 1,000 boxes
        # of a lane. Told of the boxes whose place, pin, height or lane changed (``_box_touched``).
        self._lane_tidies: dict[str, LaneTidy] = {}
        self._lane_touched: dict[str, set[str]] = defaultdict(set)  # lane -> boxes to tell its tidy of
        # Boxes without a place (unpinned, x = y = 0: a file written by hand or by another tool), in the
        # lanes or the band. While there is one, automatic layout decides where every unpinned box of the
        # lanes wants to stand, as the exported map does (``export/map_layout.build_layout``): its y per
        # unpinned point id is ``_auto_y``, empty while there is none (``_follow_automatic_layout``).
        self._unplaced_ids: set[str] = set()
        self._auto_y: dict[str, float] = {}
        self._lane_bottom: dict[str, float] = {}
        self._lanes_bottom = MIN_LANE_HEIGHT
        self._band_rect = QRectF()
        self._map_rect = QRectF()
        self._dirty_stacks: set[str] = set()
        self._dirty_lanes: set[str] = set()
        self._dirty_flows: set[str] = set()
        self._band_dirty = False
        self._selection_order: list[str] = []
        self._last_selection: list[str] = []
        self._selecting = False
        self._find_text = ""
        self._link_source: str | None = None
        self._link_line: QGraphicsPathItem | None = None
        self._dragging = False
        self._moved_by_hand: set[str] = set()  # boxes moved since the last commit_drag (not by layout)
        self._spotlight: QGraphicsPathItem | None = None
        self._spotlight_id: str | None = None
        self._spotlight_area: QRectF | None = None
        self._sequence = 0  # creation order of boxes: ties in a lane keep document order
        self._in_change = False  # inside a change notice: moved boxes' flows are redrawn once at the end
        self._sketch_first = sketch_first
        self._sketch: MapSketch | None = None  # the whole map in one item, until its items are built
        # While the view is zoomed far out, one item draws every box and flow (``far_map``).
        self._far_wanted = False
        self._far: FarMap | None = None
        self._far_selected: set[str] = set()  # selected ids as the far drawing last showed them
        # The far drawing a build in steps made in its last steps, what it draws of every box and flow
        # made there a slice at a time (``FarMap.prepare``): the built map's first paint takes it.
        self._far_ready: FarMap | None = None
        # Far out, re-routed flows are drawn by the far drawing from their new routes at once and their
        # items take them only when something needs them (an edit on a 30,000-item map re-routes
        # ~3,000 flows; giving each item its route cost ~80-100 ms CPU per edit): a press, the rubber
        # band, ``item_for``, a view coming nearer (``settle_flows``); after a map is built behind its
        # sketch, at idle: flow id -> the route its item has yet to take (None: hidden).
        self._pending_routes: dict[str, Route | None] = {}
        self._rubber_band_views: weakref.WeakSet[QGraphicsView] = weakref.WeakSet()  # ``_watch_rubber_band``
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(0)
        self._settle_timer.timeout.connect(self._settle_some_flows)
        # The items of a large workshop built behind its sketch, a step per event-loop turn.
        self._builder: Iterator[object] | None = None
        self._in_build_step = False  # the builder is running: what it calls must not ask it to finish
        # While a build in steps makes and places the items, they are held here, out of the scene, in the
        # order they were made; its last steps put them in a slice at a time (``_add_to_scene``).
        self._held_back: list[QGraphicsItem] | None = None
        self._near_build_due = False  # a view showed the sketch near: the rest is built next turn
        # The collector waits from the first step until the items are built (they are all kept: its
        # passes over the growing heap found nothing and took ~1 s of a 30,000-item build, in stalls of
        # up to 0.8 s); True while the scene holds it paused.
        self._paused_collector = False
        # Set by the window, which owns the collector's policy (``startup_gc``): when a build in steps
        # ends, what it made is frozen as the collector resumes. Else the collector's first pass walks
        # it all (0.1-0.25 s in the last step's turn at 30,000 items), and the window's full collection
        # after it (``refreeze``) walked the whole heap (0.35-0.5 s in one turn).
        self.freeze_when_built = False
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_some)
        self.build_seconds = 0.0  # wall time spent in those steps (benches read it)
        self._freed_in_parts = FreedInParts(self)  # the sketch's layout, once the items replaced it
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.selectionChanged.connect(self._on_selection_changed)
        self.selectionChanged.connect(self._far_selection_changed)
        self._unsubscribe = document.subscribe(self._on_change)
        self.setBackgroundBrush(theme.colour("background"))
        self._rebuild()

    # ================================================================= public API
    def dispose(self) -> None:
        """Stop listening to the document and go quiet (call before dropping the scene).

        Qt's destructor of a scene clears its items, which deselects them and emits
        ``selectionChanged`` into a half-destroyed Python object ("Slot 'MapScene::' not found"):
        the connection is cut here and no signal leaves the scene after this.
        """
        if self._unsubscribe is None:
            return  # already disposed
        self._unsubscribe()
        self._unsubscribe = None
        self._build_timer.stop()
        self._builder = None
        self._resume_collector()
        self._selecting = True  # from now on selection changes are not announced
        with contextlib.suppress(RuntimeError, TypeError):
            self.selectionChanged.disconnect(self._on_selection_changed)
        self.blockSignals(True)

    def selected_ids(self) -> list[str]:
        """Ids of the selected points, findings and flows, in the order they were selected."""
        return list(self._last_selection)

    def select_ids(self, ids: Iterable[str], ensure_visible: bool = True) -> None:
        """Select exactly these items (unknown ids are ignored) and optionally scroll to them."""
        wanted = [i for i in dict.fromkeys(ids) if self._item(i) is not None]
        self._selecting = True
        try:
            self.clearSelection()
            for item_id in wanted:
                self._item(item_id).setSelected(True)
        finally:
            self._selecting = False
        self._selection_order = list(wanted)
        self._on_selection_changed()
        if ensure_visible and wanted:
            area = QRectF()
            for item_id in wanted:
                area = area.united(self.item_rect(item_id))
            for view in self.views():
                view.ensureVisible(area, 40, 40)

    def set_theme(self, theme: MapTheme) -> None:
        """Paint with another theme (keeps the current text scale)."""
        self._base_theme = theme
        self._apply_theme()

    def set_text_scale(self, factor: float, full_titles: bool = False) -> None:
        """Scale every text on the map (presentation mode); with ``full_titles`` no title is elided:
        boxes and chips grow to hold them whole (presentation)."""
        self._text_scale = factor
        self._full_titles = full_titles
        self._apply_theme()

    def set_band_columns(self, columns: int | None) -> None:
        """Fill the cross band in this many columns (None: one per lane, as usual); presentation steps
        show the band one lane wide, so they ask for one."""
        if columns == self._band_columns:
            return
        self._need_items()
        self._band_columns = columns
        self._band_dirty = True
        self._in_change = True
        try:
            self._flush()
        finally:
            self._in_change = False

    def set_far_zoom(self, far: bool) -> None:
        """Draw every box and flow in one item (True: a view shows the map zoomed far out, see
        ``far_map``) or each item itself (False)."""
        if far != self._far_wanted:
            self._far_wanted = far
            self._apply_far()

    def far_zoom(self) -> bool:
        """True while one item draws every box and flow (the view is zoomed far out)."""
        return self._far is not None

    def _apply_far(self, flag_items: bool = True) -> None:
        """Start or stop the far drawing as the view asks, and tell the items whether to draw themselves
        (unless ``flag_items`` is False: the caller sees to that)."""
        far = self._far_wanted and self._sketch is None
        if far and self._far is None:
            ready, self._far_ready = self._far_ready, None
            if ready is None:
                self._far = FarMap(self._points, self._flows, self._theme, self._pending_routes)
                self._far_bounds()
            else:  # (its bounds given with its entries: nothing moved since)
                self._far = ready
            self._far_selected = {i.item_id for i in self.selectedItems() if hasattr(i, "item_id")}
            self._far.selected = self._far_selected
            self.addItem(self._far)
        elif not far and self._far is not None:
            self.settle_flows()  # nearer, each flow draws itself
            self.removeItem(self._far)
            self._far = None
        else:
            return
        if not flag_items:
            return
        for items in (self._points, self._findings, self._flows):
            for item in items.values():
                set_contents_drawn(item, not far)

    def settle_flows(self, limit: int | None = None) -> None:
        """Give the flow items the routes the far drawing already shows (all, or the first ``limit``)."""
        pending, items = self._pending_routes, self._flows
        for flow_id in list(pending)[:limit]:
            route = pending.pop(flow_id)
            forget(route)  # its item draws its own line now
            item = items.get(flow_id)
            if item is not None:
                _show_on_route(item, route)

    def _settle_some_flows(self) -> None:
        self.settle_flows(SETTLE_CHUNK)
        if self._pending_routes:
            self._settle_timer.start()

    def _far_bounds(self, far: FarMap | None = None) -> None:
        """Give the far drawing (``far``, else the scene's own if it has one) the map's extent."""
        far = far if far is not None else self._far
        if far is not None:
            rect = QRectF(self._map_rect)
            for flow in self._flows.values():
                rect = rect.united(flow._bounds)  # noqa: SLF001 - where it draws
            pending = self._pending_routes  # drawn along these routes, not their items' own
            rect = rect.united(_routes_extent(r for r in pending.values() if r is not None))
            # Room at the sides for what a re-routing touches (``_routes_extent`` reaches
            # ``ROUTE_REACH`` beyond a route, an item's bounds less): else the first edit's touch near the
            # map's left edge widens the bounds, and Qt repaints the whole map for a new bounding rect
            # (at 30,000 items ~25 ms more in that edit). Not above and below: a fitted view shows the
            # map's height exactly, and a whole repaint is told by its exposed area holding the bounds.
            far.set_bounds(rect.adjusted(-ROUTE_REACH, 0, ROUTE_REACH, 0))

    def _settle_flows_under(self, pos: QPointF) -> None:
        """Before a press far out: the flows whose item or new route lies under ``pos`` take their new
        routes (a press finds items by their shapes); the others keep waiting (``_pending_routes``)."""
        pending, items = self._pending_routes, self._flows
        if not pending:
            return
        x, y = pos.x(), pos.y()
        under = []
        for flow_id, route in pending.items():
            item = items.get(flow_id)
            if item is not None and (item._bounds.contains(pos)  # noqa: SLF001 - where it is now
                                     or (route is not None and _route_reaches(route, x, y))):
                under.append(flow_id)
        for flow_id in under:
            route = pending.pop(flow_id)
            forget(route)
            _show_on_route(items[flow_id], route)

    def _watch_rubber_band(self) -> None:
        """A press far out that no item takes starts the view's rubber band, which selects flows by their
        items' shapes: the first time it changes, every item takes its route (``_settle_for_band``)."""
        for view in self.views():
            if view not in self._rubber_band_views:  # (a view gone and another made: not mistaken for it)
                self._rubber_band_views.add(view)
                view.rubberBandChanged.connect(self._settle_for_band)

    def _settle_for_band(self, rect: Any, *_ends: Any) -> None:
        # Qt tells this before it selects by the band (and once with an empty band when it ends).
        if self._pending_routes and not rect.isNull():
            self.settle_flows()

    def far_touch_point(self, item: PointItem, came_or_went: bool = False) -> None:
        """A box is about to change or has changed (place, size, highlight), or ``came_or_went`` on the
        map: repaint it when far out."""
        if self._far is not None:
            if came_or_went:
                self._far.order_changed()
            self._far.touch_box(item.item_id, item.boundingRect().translated(item.pos()))

    def _far_selection_changed(self) -> None:
        if self._far is None:
            return
        selected = {i.item_id for i in self.selectedItems() if hasattr(i, "item_id")}
        pending = self._pending_routes
        for item_id in selected ^ self._far_selected:
            item = self._points.get(item_id) or self._flows.get(item_id)
            if item is not None:
                self._far.touch(item.boundingRect().translated(item.pos()))
            if pending.get(item_id) is not None:  # drawn along its new route, not its item's
                self._far.touch(route_rect(pending[item_id]))
        self._far_selected = self._far.selected = selected

    def theme(self) -> MapTheme:
        """The theme in use, with its text scale."""
        return self._theme

    def intercept_rect(self, intercept_id: str) -> QRectF:
        """The scene rectangle of an intercept lane including its header; "X" gives the cross band."""
        if intercept_id == CROSS_INTERCEPT:
            return QRectF(self._band_rect)
        index = self._lane_index.get(intercept_id)
        if index is None:
            return QRectF()
        return QRectF(lane_left(index), 0, LANE_WIDTH, self._lanes_bottom)

    def intercept_content_rect(self, intercept_id: str) -> QRectF:
        """Like ``intercept_rect`` but only as deep as that lane's own content (for showing one lane)."""
        rect = self.intercept_rect(intercept_id)
        if intercept_id == CROSS_INTERCEPT or rect.isEmpty():
            return rect
        reach = max(first_row_y() + POINT_HEIGHT, self._lane_bottom.get(intercept_id, rect.bottom()))
        rect.setBottom(min(rect.bottom(), reach))
        return rect

    def selection_within(self, intercept_id: str) -> bool:
        """True when every selected item sits in ``intercept_id`` (a flow: where it leads)."""
        for item_id in self._last_selection:
            found = self.document.find(item_id)
            if found is None:
                continue
            collection, model = found
            if collection == "flows":
                model = self.document.get("points", model.target)
            if model is not None and self._lane_key(model.intercept) != self._lane_key(intercept_id):
                return False
        return True

    def intercept_items_rect(self, intercept_id: str) -> QRectF:
        """The part of a lane its boxes and chips occupy (empty when it has no box)."""
        self._need_items()
        rect = QRectF()
        for point_id in self._lane_points.get(intercept_id, ()):
            item = self._points.get(point_id)
            if item is not None:
                block = self._block_height(point_id)
                rect = rect.united(QRectF(item.pos().x(), item.pos().y(), POINT_WIDTH, block))
        return rect

    def spotlight(self) -> str | None:
        """The intercept standing out (the others dimmed), or None."""
        return self._spotlight_id

    def set_spotlight(self, intercept_id: str | None, area: QRectF | None = None) -> None:
        """Dim everything but one intercept lane (or the band) while walking the room through the map;
        with ``area``, only that part of it stays lit (a presentation page: what comes next is dimmed)."""
        if self._spotlight is not None:
            self.removeItem(self._spotlight)
            self._spotlight = None
        self._spotlight_id = intercept_id
        self._spotlight_area = QRectF(area) if area is not None else None
        rect = self.intercept_rect(intercept_id) if intercept_id else QRectF()
        if area is not None:
            rect = rect.intersected(area)
        if rect.isEmpty():
            return
        shade = QPainterPath()
        shade.addRect(self.sceneRect().adjusted(-2000, -2000, 2000, 2000))
        hole = QPainterPath()
        hole.addRect(rect)
        if self._legend is not None:  # the key to the chips' shapes stays lit at every step
            hole.addRect(self._legend.sceneBoundingRect())
        veil = QGraphicsPathItem(shade.subtracted(hole))
        colour = QColor(self._theme.colour("background"))
        colour.setAlpha(165)
        veil.setBrush(colour)
        veil.setPen(QPen(Qt.PenStyle.NoPen))
        veil.setZValue(40)
        veil.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.addItem(veil)
        self._spotlight = veil

    def item_rect(self, item_id: str) -> QRectF:
        """Scene rectangle of a point box, chip or flow (empty for an unknown id)."""
        item = self._item(item_id)
        if item is None:
            return QRectF()
        if isinstance(item, FlowItem):
            return item.sceneBoundingRect()
        return item.mapRectToScene(item.shape().boundingRect())

    def item_for(self, item_id: str) -> MapItem | None:
        """The graphics item showing ``item_id`` (for the inline editor and tests)."""
        return self._item(item_id)

    def find(self, text: str) -> list[str]:
        """Highlight points and findings whose title, description or organisation contains ``text``."""
        self._need_items()
        self._find_text = text.strip().casefold()
        matches: list[str] = []
        for collection, items in (("points", self._points), ("findings", self._findings)):
            for model in self.document.items(collection):
                item = items.get(model.id)
                if item is None:
                    continue
                hit = self._matches(model)
                item.set_highlighted(hit)
                if hit:
                    matches.append(model.id)
        return matches

    def next_point_y(self, intercept_id: str, exclude: str | None = None) -> float:
        """The y below the last point of an intercept lane (where a new point goes)."""
        self._need_items()
        points = self._points
        return next_box_y([points[p].model_xy[1] + self._block_height(p)
                           for p in self._lane_points.get(intercept_id, ()) if p != exclude])

    def add_flow(self, source: str, target: str) -> bool:
        """Push one command that draws a flow; self-loops and duplicates are refused (returns False)."""
        self._need_items()
        if source == target or source not in self._points or target not in self._points:
            return False
        if any(self._flows[f].target == target and self._flows[f].source == source
               for f in self._flows_at.get(source, ()) if f in self._flows):
            return False
        from ...model.workshop import Flow  # the pydantic classes are not needed to paint a map

        flow = Flow(id=new_id("flow"), source=source, target=target)
        names = f"{self._points[source].title} \u2192 {self._points[target].title}"
        command = InsertItemsCommand(self.document, [("flows", flow)], describe("Add flow", names))
        self.undo_stack.push(command)
        return True

    def preview_route(self, source: str, target: str) -> Route | None:
        """The route a new flow from ``source`` to ``target`` would take (None for no such flow); the
        map's own flows stay as they are."""
        self._need_items()
        if source == target or source not in self._points or target not in self._points:
            return None
        self._route_flows()
        router = self._router
        router.set_flow(PREVIEW_FLOW, source, target)
        route = router.route(PREVIEW_FLOW)
        router.remove_flow(PREVIEW_FLOW)
        self._route_flows()  # the router forgets the preview (the items never saw it)
        return route

    def lanes_bottom(self) -> float:
        """Bottom of the intercept lanes (the cross band starts below it)."""
        return self._lanes_bottom

    # ================================================================= building
    def _rebuild(self, in_steps: bool = False) -> None:
        """Every item again from the document; with ``in_steps``, a large map is sketched at once and its
        items are built behind the sketch (``_build_steps``)."""
        was_building = self._builder is not None
        self._builder = None  # items half built are cleared with the others
        self._held_back = None  # (those not in the scene yet go with the dicts below)
        self._build_timer.stop()
        self._resume_collector()
        self._far = None  # cleared with the other items below
        self._far_ready = None
        self._pending_routes.clear()  # the new items are routed as they are built
        self._selecting = True
        try:
            self.clear()
        finally:
            self._selecting = False
        self._link_line = None
        self._link_source = None
        self._spotlight = None
        self._points.clear()
        self._findings.clear()
        self._flows.clear()
        self._lanes.clear()
        self._flows_at.clear()
        self._moved_boxes.clear()
        self._chips_at.clear()
        self._findings_of.clear()
        self._block_h.clear()
        self._loose_ids = None
        self._band_ids = None
        self._lane_points.clear()
        self._lane_tidies.clear()
        self._lane_touched.clear()
        self._lane_bottom.clear()
        self._auto_y.clear()
        self._unplaced_ids.clear()
        ws = self.document.workshop
        self._lane_index = {i.id: n for n, i in enumerate(ws.scheme.intercepts)}
        self._lane_ids = list(self._lane_index)
        self._router = FlowRouter(len(self._lane_ids), ROUTE_CEILING)
        for n, intercept in enumerate(ws.scheme.intercepts):
            lane = LaneItem(intercept.id, intercept.label, n, self._theme)
            self._lanes[intercept.id] = lane
            self.addItem(lane)
        self._band = CrossBandItem(ws.scheme.cross_label, self._theme)
        self.addItem(self._band)
        self._legend = LegendItem(self._theme)
        self.addItem(self._legend)
        self._sketch = None
        sketch_first, self._sketch_first = self._sketch_first, False
        in_steps = in_steps and len(ws.points) + len(ws.findings) + len(ws.flows) >= BUILD_IN_STEPS_FROM_ITEMS
        if (sketch_first or in_steps) and can_sketch(ws):
            layout = self._show_sketch(ws)
            self._selection_order = []
            self._on_selection_changed()  # nothing is selected on a sketch
            if in_steps:
                self._start_building(ws, layout)
            return
        # (A sketched map has none: ``can_sketch`` refuses a map with a box without a place.)
        self._unplaced_ids = {p.id for p in ws.points if self._unplaced(p)}
        if self._unplaced_ids:
            self._auto_y = {point_id: xy[1] for point_id, xy in _auto_layout(ws).items()}
        # Inside a change from here on: a box placed while the items are built has its flows routed
        # once, by the flush at the end (outside a change, each placed box routed the whole map again:
        # 6,000 routings, most of a 30,000-item map's opening).
        self._in_change = True
        try:
            self._build_items(ws)
        finally:
            self._in_change = False
        self._reapply_view_state()
        self._apply_far()
        if was_building:  # built whole instead (a change came before the steps were done)
            if self.freeze_when_built and gc.isenabled():
                startup_gc.freeze_built()
            self.sig_items_built.emit()

    def _reapply_view_state(self) -> None:
        """After the items were (re)built: the selection starts afresh, and the find highlights and the
        spotlight are put on the new items."""
        self._selection_order = []
        self._on_selection_changed()
        if self._find_text:
            self.find(self._find_text)
        if self._spotlight_id is not None:
            self.set_spotlight(self._spotlight_id, self._spotlight_area)

    def _build_items(self, ws: Any) -> None:
        """One item per box, chip and flow of ``ws``, placed, stacked and routed (inside a change)."""
        for finding in ws.findings:
            self._add_finding_item(finding)
        for point in ws.points:
            self._add_point_item(point, recompute_chips=False)
        for finding in ws.findings:
            if finding.point_id in self._points:
                self._chips_at.setdefault(finding.point_id, []).append(finding.id)
        for point_id in self._chips_at:
            self._chips_at[point_id] = self._ordered_chips(self._chips_at[point_id])
        for point in ws.points:
            self._place_point(self._points[point.id], point)
        for flow in ws.flows:
            self._add_flow_item(flow)
        self._dirty_stacks = set(self._points)
        self._dirty_lanes = set(self._lane_index) | {CROSS_INTERCEPT}
        self._band_dirty = True
        self._flush(force_extent=True)

    def _show_sketch(self, ws: Any) -> SketchLayout:
        """Draw the map as one sketch, with the lanes, band and legend where its items will put them."""
        assert self._band is not None
        layout = lay_out(ws, self._theme, self._band.header_height())
        self._sketch = MapSketch(layout, self._theme, on_near=self._sketch_seen_near)
        self.addItem(self._sketch)
        self._lane_bottom = dict(layout.lane_reach)
        self._lanes_bottom = layout.lanes_bottom
        for lane in self._lanes.values():
            lane.set_height(layout.lanes_bottom)
        self._place_band(layout.band_top, layout.band_height)
        self._update_scene_rect()
        return layout

    def _start_building(self, ws: Any, layout: SketchLayout) -> None:
        self._builder = self._build_steps(ws, layout)
        self._build_timer.start()

    def _build_steps(self, ws: Any, layout: SketchLayout) -> Iterator[object]:
        """Build the items of ``ws`` behind its sketch, yielding after each small piece of work.

        The same work as ``_build_items``, in the same order, with two savings the sketch allows: a box
        in a lane is put at once where the sketch (the same arithmetic) has it, so tidying its lane
        moves nothing, and the router that routed the sketch's flows is taken over, so only what
        differs from the sketch (nothing, when the arithmetic agrees) is routed again. The items are
        drawn by nobody until the last step (flagged as without contents): the sketch shows the map.

        The items are made and placed out of the scene (``_held_back``) and put in it at the end, a
        slice per turn, each slice taken into Qt's item index at once. In the scene from the
        start, they were all indexed in one turn: Qt indexes whatever it has not yet at its first query
        or on its own timer (which fires in the first turn that adds no item: mid-build, in the chips'
        ordering or the router's pieces), 30-70 ms CPU for a 30,000-item map, and an item indexed
        before it was placed left the index again when it moved.
        """
        self._router = layout.router or self._router
        self._held_back = []
        for finding in ws.findings:
            set_contents_drawn(self._add_finding_item(finding), False)
            yield
        for point in ws.points:
            set_contents_drawn(self._add_point_item(point, recompute_chips=False), False)
            yield
        for finding in ws.findings:
            if finding.point_id in self._points:
                self._chips_at.setdefault(finding.point_id, []).append(finding.id)
        yield
        for n, point_id in enumerate(list(self._chips_at), 1):  # (a slice at a time: 25 ms at 30,000)
            self._chips_at[point_id] = self._ordered_chips(self._chips_at[point_id])
            if n % ROUTER_SLICE == 0:
                yield
        yield
        in_lanes = self._lane_index
        for point, box in zip(ws.points, layout.boxes, strict=True):
            item = self._points[point.id]
            self._place_point(item, point)
            if point.intercept in in_lanes:
                self._set_point_pos(item, box.topLeft())
            yield
        router = self._router
        for flow in ws.flows:
            item = self._add_flow_item(flow)
            set_contents_drawn(item, False)
            # Its route as the sketch's router has it (the flush below gives again what it changes), with
            # the line it draws far out: given before Qt's index takes the item in, so that the item is
            # not taken out of the index again for it.
            _show_on_route(item, router.route(flow.id))
            if item.routed():
                item.far_line()
            yield
        for point_id in list(self._points):
            self._stack_chips(point_id)
            yield
        self._dirty_stacks = set()
        for lane_key in self._lane_index:  # (what the flush below does for each dirty lane)
            self._layout_lane(lane_key)
            yield
        self._dirty_lanes = {CROSS_INTERCEPT}
        self._band_dirty = True
        # The router is told where the boxes are and which flows there are a slice at a time (the
        # flush below then has only the band's boxes left to tell it of).
        moved, self._moved_boxes = list(self._moved_boxes), set()
        for n, point_id in enumerate(moved, 1):
            self._tell_router(point_id)
            if n % ROUTER_SLICE == 0:
                yield
        flows, self._dirty_flows = list(self._dirty_flows), set()
        router, items = self._router, self._flows
        for n, flow_id in enumerate(flows, 1):
            item = items.get(flow_id)
            if item is not None:
                router.set_flow(flow_id, item.source, item.target)
            if n % ROUTER_SLICE == 0:
                yield
        self._flush(force_extent=True)
        yield
        # Every flow item has its route and far line by now (given when the sketch went, far out they were
        # drawn from the routes, a new polygon per flow at every paint until the items had caught up at
        # idle: the built map's first paint took 2-3 times a repaint's CPU). Any left without one (the
        # sketch's router could not place it, the flush did) takes it here.
        for n, (flow_id, item) in enumerate(items.items(), 1):
            if not item.routed():
                _show_on_route(item, router.route(flow_id))
            if item.routed():
                item.far_line()
            if n % FLOW_SLICE == 0:
                yield
        # Into the scene, placed and routed, in the order they were made (Qt stacks items of one height
        # in the order they joined the scene): the loose chips, the boxes (each with its chips, which
        # join with it), the flows. Each slice is taken into Qt's index at once (asking it for items
        # somewhere brings it up to date), in a turn of its own, so that no turn indexes the whole map
        # and none does two slices' work (two in one step made a 37-ms turn under load).
        held, self._held_back = self._held_back, None
        for n, item in enumerate(held, 1):
            if item.parentItem() is None:
                self.addItem(item)
            if n % ADD_SLICE == 0:
                self.items(_NOWHERE)
                yield END_OF_TURN
        self.items(_NOWHERE)
        yield END_OF_TURN
        # Far out, the far drawing with what it draws of each box and flow, made a slice at a time, and
        # its bounds: the first paint made those entries (a 30,000-item map's first paint cost 111-122 ms
        # CPU, a later whole repaint 47-54) and ``_built`` the bounds (~8 ms, in the same turn). Nothing
        # changes the items between here and ``_built`` (a change rebuilds them whole, anything that
        # needs them finishes the build first); what ``_built`` changes (the find's highlights) it tells
        # the far drawing.
        view = self._far_view()
        if view is not None:
            far = self._far_ready = FarMap(self._points, self._flows, self._theme, self._pending_routes)
            point_ids, flow_ids = list(self._points), list(self._flows)
            for start in range(0, len(point_ids), PREPARE_SLICE):
                far.prepare(view, point_ids=point_ids[start:start + PREPARE_SLICE])
                yield
            for start in range(0, len(flow_ids), PREPARE_SLICE):
                far.prepare(flow_ids=flow_ids[start:start + PREPARE_SLICE])
                yield
            self._far_bounds(far)
            yield END_OF_TURN  # (``_built`` and the first paint in a turn of their own)

    def _far_view(self) -> QTransform | None:
        """The transform a view zoomed far out paints the scene through (None when none is far out)."""
        if not self._far_wanted:
            return None
        for view in self.views():
            if is_far(view.transform().m11()):
                return view.viewportTransform()
        return None

    def _build_some(self) -> None:
        """One step of building the items behind the sketch (at most ``BUILD_STEP_S``)."""
        builder = self._builder
        if builder is None:
            return
        start = time.perf_counter()
        deadline = start + BUILD_STEP_S
        if gc.isenabled():  # (checked at each step: a caller may have paused and resumed it meanwhile)
            self._paused_collector = True
            gc.disable()
        self._in_change = self._in_build_step = True
        try:
            for piece in builder:
                if piece is END_OF_TURN or time.perf_counter() >= deadline:
                    break
            else:
                self._builder = None
        except BaseException:
            self._release_held_back()
            raise
        finally:
            self._in_change = self._in_build_step = False
        if self._builder is None:
            self._built()
        else:
            self._build_timer.start()
        self.build_seconds += time.perf_counter() - start

    def _built(self) -> None:
        """The items are built and placed: they replace the sketch."""
        self._build_timer.stop()
        self._resume_collector(built=True)
        if self._sketch is not None:
            self.removeItem(self._sketch)
            # Its layout (~150,000 objects at 30,000 items) is freed over the next turns, not in this one.
            self._freed_in_parts.free(*self._sketch.layout().take_lists())
            self._sketch = None
        # The far drawing first: the find's highlights put back on the new boxes are told to it (else the
        # entries made for it in the build's last steps would draw them unlit).
        self._apply_far(flag_items=False)  # built without contents: far out, they stay so
        self._far_ready = None  # (not taken when the view came near meanwhile)
        self._reapply_view_state()
        far = self._far is not None  # (every flow item took its route in the steps: none is pending)
        if self._pending_routes and not self._settle_timer.isActive():
            self._settle_timer.start()
        if not far:
            for items in (self._points, self._findings, self._flows):
                for item in items.values():
                    set_contents_drawn(item, True)
        elif self._far is not None:
            self._far.update()
        self.sig_items_built.emit()

    def _resume_collector(self, built: bool = False) -> None:
        """The collector on again if the build paused it; ``built``: the build ended (not cut short)."""
        if self._paused_collector:
            self._paused_collector = False
            if built and self.freeze_when_built:
                startup_gc.freeze_built()  # before it is on: no pass over what the build made
            gc.enable()

    def _sketch_seen_near(self) -> None:
        """A view shows the sketch near enough for titles (it draws none): build the items at once, right
        after this paint (a zoom or a scroll asks for no item, yet the boxes must show their titles)."""
        if self._builder is not None and not self._near_build_due:
            self._near_build_due = True
            QTimer.singleShot(0, self._build_when_seen_near)

    def _build_when_seen_near(self) -> None:
        self._near_build_due = False
        self._need_items()

    def building(self) -> bool:
        """True while a large map's items are being built behind its sketch."""
        return self._builder is not None

    def _need_items(self) -> None:
        """Finish building the items now when they are being built in steps (a click, a search, a
        selection from a panel or a key needs them)."""
        if self._builder is not None and not self._in_build_step:
            self._finish_building()

    def _finish_building(self) -> None:
        builder, self._builder = self._builder, None
        if builder is None:
            return
        start = time.perf_counter()
        if gc.isenabled():  # paused as the steps pause it: ``_built`` resumes it (freezing what was made)
            self._paused_collector = True
            gc.disable()
        self._in_change = self._in_build_step = True
        try:
            for _ in builder:
                pass
        except BaseException:
            self._release_held_back()
            self._resume_collector()
            raise
        finally:
            self._in_change = self._in_build_step = False
        self._built()
        self.build_seconds += time.perf_counter() - start

    def is_sketch(self) -> bool:
        """True while the map is shown as a sketch, before its items are built."""
        return self._sketch is not None

    def build_items(self, in_steps: bool = False) -> None:
        """Replace the sketch with the map's items (nothing to do when they are built); with ``in_steps``,
        a map of ``BUILD_IN_STEPS_FROM_ITEMS`` items or more is built behind its sketch in steps."""
        if self._builder is not None:
            self._finish_building()
        elif self._sketch is not None:
            ws = self.document.workshop
            if in_steps and len(ws.points) + len(ws.findings) + len(ws.flows) >= BUILD_IN_STEPS_FROM_ITEMS:
                self._start_building(ws, self._sketch.layout())
            else:
                self._rebuild()

    def _block_height(self, point_id: str) -> float:
        """Height of a point box and its chips as drawn (each chip as tall as its title needs)."""
        cached = self._block_h.get(point_id)
        if cached is not None:
            return cached
        findings = self._findings
        box = self._points[point_id].box_height() if point_id in self._points else POINT_HEIGHT
        height = block_height([findings[c].height() for c in self._chips_at.get(point_id, ())], box)
        self._block_h[point_id] = height
        return height

    def _apply_theme(self) -> None:
        self._theme = self._base_theme.scaled(self._text_scale)._replace(full_titles=self._full_titles)
        if self._sketch is not None:  # the items are built in the new theme
            self.setBackgroundBrush(self._theme.colour("background"))
            self._rebuild()
            return
        height = chip_height(self._theme)
        self._chip_h = height
        self._block_h.clear()
        self._lane_tidies.clear()  # (every block's height may change: each lane's tidy is made anew)
        for chip in self._findings.values():
            chip.set_height(height)
        # Another text size re-wraps every chip title (and may change its height): every stack, lane
        # and flow is laid out again.
        self._dirty_stacks = set(self._points)
        self._dirty_lanes = set(self._lane_index) | {CROSS_INTERCEPT}
        self._dirty_flows = set(self._flows)
        self.setBackgroundBrush(self._theme.colour("background"))
        items: list[Any] = [*self._lanes.values(), *self._points.values(), *self._findings.values(),
                            *self._flows.values()]
        if self._band is not None:
            items.append(self._band)
        if self._legend is not None:
            items.append(self._legend)
        for item in items:
            item.set_theme(self._theme)
        if self._far is not None:
            self._far.set_theme(self._theme)
        self._band_dirty = True
        self._in_change = True
        try:
            self._flush(force_extent=True)
        finally:
            self._in_change = False
        if self._spotlight is not None:
            self.set_spotlight(self._spotlight_id, self._spotlight_area)
        self.update()

    # ================================================================= change notices
    def _on_change(self, change: Change) -> None:
        collection = change.collection
        if change.action == "reset" or collection == "document":
            self._rebuild(in_steps=True)
            return
        if self._sketch is not None:  # a change before the items were built: build them from it whole
            self._rebuild()
            return
        if collection == "scheme":
            if change.fields == frozenset({"label"}) and change.ids:
                self._relabel(change.ids)
            else:
                self._rebuild()
            return
        handler = {"points": self._point_changed, "findings": self._finding_changed,
                   "flows": self._flow_changed}.get(collection)
        if handler is None:
            return
        if self._loose_may_change(change):
            self._loose_ids = None
        if collection == "points" and change.action != "update":
            self._band_ids = None
        self._in_change = True
        try:
            for item_id in change.ids:
                handler(item_id, change.action)
            if (self._unplaced_ids or self._auto_y) and _moves_automatic_layout(change):
                self._follow_automatic_layout()
            self._flush()
        finally:
            self._in_change = False

    def _loose_may_change(self, change: Change) -> bool:
        """Whether ``change`` may change which findings hang loose, in which lane or in what order, so
        that they are listed again (a pass over every finding: 12,000 on a large map). A rename or a
        flow cannot; a removed finding leaves its lane's list, a few findings moved or added are put in
        their lane's list or taken out of it (``_finding_changed``, ``_relist_loose``)."""
        collection, action = change.collection, change.action
        if collection == "points":
            return action != "update"
        if collection != "findings" or action == "remove" or len(change.ids) <= RELIST_LOOSE_ONE_BY_ONE:
            return False
        if action == "update":
            return not change.fields or bool(change.fields & LOOSE_FIELDS)
        points, get = self._points, self.document.get
        return any((finding := get("findings", finding_id)) is None or finding.point_id not in points
                   for finding_id in change.ids)

    def _relabel(self, ids: Iterable[str]) -> None:
        scheme = self.document.workshop.scheme
        for intercept_id in ids:
            if intercept_id == CROSS_INTERCEPT and self._band is not None:
                self._band.set_label(scheme.cross_label)
            elif intercept_id in self._lanes:
                self._lanes[intercept_id].set_label(scheme.label(intercept_id))

    def _point_changed(self, point_id: str, action: str) -> None:
        point = self.document.get("points", point_id)
        if point is None or action == "remove":
            self._unplaced_ids.discard(point_id)
        elif self._unplaced(point):
            self._unplaced_ids.add(point_id)
        elif self._unplaced_ids:
            self._unplaced_ids.discard(point_id)
        if action == "insert" and point is not None:
            item = self._add_point_item(point, recompute_chips=True)
            self._place_point(item, point)
            self._dirty_flows |= self._flows_at.get(point_id, set())
        elif action == "remove":
            self._remove_point_item(point_id)
        elif action == "update" and point is not None:
            item = self._points.get(point_id)
            if item is None:
                return
            old_lane = item.intercept
            item.set_content(point.title, point.organisation, point.description, point.intercept)
            if old_lane != point.intercept:
                self._lane_points[old_lane].discard(point_id)
                self._lane_points[point.intercept].add(point_id)
                self._band_ids = None
                self._box_touched(self._lane_key(old_lane), point_id)
            self._place_point(item, point)
            self._dirty_lanes.add(self._lane_key(point.intercept))
            self._dirty_flows |= self._flows_at.get(point_id, set())
            if self._find_text:
                item.set_highlighted(self._matches(point))

    def _finding_changed(self, finding_id: str, action: str) -> None:
        finding = self.document.get("findings", finding_id)
        chip = self._findings.get(finding_id)
        if action == "insert" and finding is not None:
            chip = self._add_finding_item(finding)
            self._attach_changed(None, finding.point_id)
            self._relist_loose(finding, None)
            self._dirty_lanes.add(self._lane_key(finding.intercept))
        elif action == "remove" and chip is not None:
            del self._findings[finding_id]
            self._findings_of[chip.point_id or ""].discard(finding_id)
            listed = self._loose_ids.get(self._lane_key(chip.intercept)) if self._loose_ids else None
            if listed and finding_id in listed:
                listed.remove(finding_id)  # (a finding added again under a box must not show here)
            self._attach_changed(chip.point_id, None)
            self._dirty_lanes.add(self._lane_key(chip.intercept))
            self._drop_selection(finding_id)
            self.removeItem(chip)
        elif action == "update" and finding is not None and chip is not None:
            old_point, old_kind, old_lane = chip.point_id, chip.kind, chip.intercept
            old_height = chip.height()
            chip.set_content(finding.kind, finding.title, finding.organisation, finding.description,
                             finding.intercept, finding.point_id)
            if old_point != finding.point_id:
                self._findings_of[old_point or ""].discard(finding_id)
                self._findings_of[finding.point_id or ""].add(finding_id)
            if (old_point, old_lane) != (finding.point_id, finding.intercept):
                self._relist_loose(finding, old_lane)
            if (old_point, old_kind, old_lane, old_height) != (
                    finding.point_id, finding.kind, finding.intercept, chip.height()):
                # It moved, or its new title made it taller or shorter: its stack and lanes again. (A
                # rename that keeps its height moves nothing: a lane of 1,000 boxes is not tidied.)
                self._block_h.pop(old_point or "", None)  # the chip may be taller or gone from there
                self._block_h.pop(finding.point_id or "", None)
                if old_point != finding.point_id or old_kind != finding.kind:
                    self._attach_changed(old_point, finding.point_id)
                elif finding.point_id in self._points:
                    self._dirty_stacks.add(finding.point_id)  # a new title may make the chip taller
                self._dirty_lanes.add(self._lane_key(old_lane))
                self._dirty_lanes.add(self._lane_key(finding.intercept))
            if self._find_text:
                chip.set_highlighted(self._matches(finding))

    def _flow_changed(self, flow_id: str, action: str) -> None:
        flow = self.document.get("flows", flow_id)
        item = self._flows.get(flow_id)
        if action == "insert" and flow is not None:
            self._add_flow_item(flow)
        elif action == "remove" and item is not None:
            del self._flows[flow_id]
            self._router.remove_flow(flow_id)
            self._flows_at[item.source].discard(flow_id)
            self._flows_at[item.target].discard(flow_id)
            self._drop_selection(flow_id)
            waiting = self._pending_routes.pop(flow_id, None)  # far out, drawn along this until now
            if self._far is not None:
                self._far.order_changed()
                self._far.touch_flows((flow_id,), item.boundingRect().united(route_rect(waiting)))
            forget(waiting)
            self.removeItem(item)
        elif action == "update" and flow is not None and item is not None:
            self._flows_at[item.source].discard(flow_id)
            self._flows_at[item.target].discard(flow_id)
            item.set_content(flow.source, flow.target, flow.yearly_count)
            self._flows_at[flow.source].add(flow_id)
            self._flows_at[flow.target].add(flow_id)
            self._dirty_flows.add(flow_id)

    # ================================================================= items
    def _add_point_item(self, point: Any, recompute_chips: bool) -> PointItem:
        item = PointItem(point.id, self._theme)
        self._sequence += 1
        item.seq = self._sequence
        item.set_content(point.title, point.organisation, point.description, point.intercept)
        self._points[point.id] = item
        self._lane_points[point.intercept].add(point.id)
        if self._far is not None:
            set_contents_drawn(item, False)
        self._add_to_scene(item)
        self.far_touch_point(item, came_or_went=True)
        if recompute_chips:
            self._recompute_chips(point.id)
        return item

    def _remove_point_item(self, point_id: str) -> None:
        item = self._points.pop(point_id, None)
        if item is None:
            return
        # Chips are children of their box; keep them (they become loose) rather than delete them.
        self._block_h.pop(point_id, None)
        for chip_id in self._chips_at.pop(point_id, []):
            chip = self._findings.get(chip_id)
            if chip is not None:
                chip.setParentItem(None)
                self._dirty_lanes.add(self._lane_key(chip.intercept))
        self._lane_points[item.intercept].discard(point_id)
        self._box_touched(self._lane_key(item.intercept), point_id)
        self._moved_boxes.add(point_id)  # gone: the router drops it and hides its flows
        self._dirty_stacks.discard(point_id)
        self._drop_selection(point_id)
        self.far_touch_point(item, came_or_went=True)
        self.removeItem(item)

    def _add_finding_item(self, finding: Any) -> FindingChip:
        chip = FindingChip(finding.id, finding.kind, self._theme)
        chip.set_height(self._chip_h)
        chip.set_content(finding.kind, finding.title, finding.organisation, finding.description,
                         finding.intercept, finding.point_id)
        self._findings[finding.id] = chip
        self._findings_of[finding.point_id or ""].add(finding.id)
        if self._far is not None:
            set_contents_drawn(chip, False)
        self._add_to_scene(chip)
        return chip

    def _add_flow_item(self, flow: Flow) -> FlowItem:
        item = FlowItem(flow.id, self._theme)
        item.set_content(flow.source, flow.target, flow.yearly_count)
        self._flows[flow.id] = item
        self._flows_at[flow.source].add(flow.id)
        self._flows_at[flow.target].add(flow.id)
        if self._far is not None:
            set_contents_drawn(item, False)
            self._far.order_changed()  # (told of its route by ``_route_flows``)
        self._add_to_scene(item)
        self._dirty_flows.add(flow.id)
        return item

    def _release_held_back(self) -> None:
        """A build step failed: the items it held out of the scene join it now, so that neither they nor
        any later edit's items stay out of sight (later items no longer wait for a build that ended)."""
        held, self._held_back = self._held_back, None
        for item in held or ():
            if item.parentItem() is None and item.scene() is None:
                self.addItem(item)

    def _add_to_scene(self, item: QGraphicsItem) -> None:
        """Put a new box, chip or flow in the scene, or hold it back while a build in steps is making
        the items (``_build_steps`` puts them in at its end)."""
        if self._held_back is not None:
            self._held_back.append(item)
        else:
            self.addItem(item)

    def _item(self, item_id: str) -> MapItem | None:
        """The item of ``item_id``, built now if it is being built in steps; a flow's item never routed
        yet (a large map just built) is given the route the far drawing already shows."""
        if self._builder is not None and self.document.find(item_id) is not None:
            self._need_items()  # (an id the document does not hold, such as a stale focus, waits for nothing)
        for items in (self._points, self._findings, self._flows):
            item = items.get(item_id)
            if item is not None:
                if item_id in self._pending_routes and isinstance(item, FlowItem):
                    route = self._pending_routes.pop(item_id)
                    forget(route)
                    _show_on_route(item, route)
                return item
        return None

    @staticmethod
    def _unplaced(point: Any) -> bool:
        return not point.pinned and point.x == 0 and point.y == 0

    def _lane_key(self, intercept_id: str) -> str:
        return intercept_id if intercept_id in self._lane_index else CROSS_INTERCEPT

    def _matches(self, model: Any) -> bool:
        needle = self._find_text
        if not needle:
            return False
        return any(needle in (getattr(model, f, "") or "").casefold()
                   for f in ("title", "description", "organisation"))

    # ================================================================= layout
    def _ordered_chips(self, finding_ids: list[str]) -> list[str]:
        """Resources first, then gaps, each in document order (ids arrive in document order)."""
        return sorted(finding_ids, key=lambda f: self._findings[f].kind != "resource")

    def _recompute_chips(self, point_id: str) -> None:
        if point_id not in self._points:
            return
        ids = self._findings_of.get(point_id, ())
        self._chips_at[point_id] = self._ordered_chips(self._in_document_order(ids))
        self._block_h.pop(point_id, None)
        self._dirty_stacks.add(point_id)

    def _in_document_order(self, finding_ids: Iterable[str]) -> list[str]:
        """Those of ``finding_ids`` the document holds, in the document's order."""
        get = self.document.get
        held = [(finding_id, finding) for finding_id in finding_ids
                if (finding := get("findings", finding_id)) is not None]
        if len(held) < 2:  # noqa: PLR2004 - one or none: nothing to order
            return [finding_id for finding_id, _ in held]
        # Their places found by identity in C (``list.index`` over the ids of the findings' objects):
        # a few per point, against a pass in Python over every finding (~1.4 ms at 12,000).
        where = list(map(id, self.document.items("findings")))

        def place(entry: tuple[str, Any]) -> int:
            try:
                return where.index(id(entry[1]))
            except ValueError:  # (an equal copy in the list: as ``Document.index_of`` finds it)
                return self.document.index_of("findings", entry[0])

        return [finding_id for finding_id, _ in sorted(held, key=place)]

    def _attach_changed(self, old_point: str | None, new_point: str | None) -> None:
        for point_id in {old_point, new_point} - {None}:
            self._recompute_chips(point_id)

    def _follow_automatic_layout(self) -> None:
        """While the map holds a box without a place, every unpinned box of the lanes wants to stand where
        automatic layout puts it, as the export lays the map out (``export/map_layout.build_layout``: the
        places of all unpinned points from ``auto_layout.layout_positions`` once any point has none); the
        lanes are then tidied as usual. Called after each change automatic layout reads (a box, its
        title, lane or pin, a chip attached or detached, a flow: ``_moves_automatic_layout``), so the live
        map stands where a fresh one and the export stand. When the last box without a place gets one
        (or goes), every box wants its document place again. A map whose boxes all have places never
        gets here (nor runs automatic layout)."""
        if self._unplaced_ids:
            self._auto_y = {point_id: xy[1] for point_id, xy in _auto_layout(self.document.workshop).items()}
        else:
            self._auto_y = {}
        get = self.document.get
        for point_id, item in self._points.items():
            point = get("points", point_id)
            if point is None or point.pinned:
                continue  # (a pinned box wants its document place: ``_place_point`` gave it)
            lane_key = self._lane_key(point.intercept)
            if lane_key == CROSS_INTERCEPT:
                continue  # (the band places its boxes itself)
            y = self._wanted_y(point)
            if y != item.wanted_y:
                item.wanted_y = y
                self._box_touched(lane_key, point_id)

    def _wanted_y(self, point: Any) -> float:
        """Where a box of a lane wants to stand: automatic layout's place while the map holds a box
        without a place and this one is unpinned (``_follow_automatic_layout``), else its document place;
        without either (automatic layout missing) a box without a place wants the first row, as in the
        export."""
        y = None if point.pinned else self._auto_y.get(point.id)
        if y is None:
            y = first_row_y() if self._unplaced(point) else point.y
        return max(first_row_y(), y)

    def _place_point(self, item: PointItem, point: Any) -> None:
        """Put a box where it wants to stand (``_wanted_y``; x centred in its lane); band boxes are placed
        by the band."""
        lane_key = self._lane_key(point.intercept)
        if lane_key == CROSS_INTERCEPT:
            self._band_dirty = True
            return
        y = self._wanted_y(point)
        item.wanted_y, item.pinned = y, point.pinned
        self._set_point_pos(item, QPointF(lane_point_x(self._lane_index[lane_key]), y))
        self._box_touched(lane_key, point.id)
        self._dirty_stacks.add(point.id)

    def _set_point_pos(self, item: PointItem, pos: QPointF, far_group: FarGroup | None = None) -> None:
        """Show the box at ``pos``, where the scene places it. The box's own notices of the move
        (``PointItem.itemChange``) are the scene's work here: far out, its old and new places are
        repainted at once, or, with ``far_group``, noted there for one repaint of them all."""
        x, y = pos.x(), pos.y()
        item.model_xy = (x, y)
        old = item.pos()
        if old != pos:
            far = self._far
            grouped = far is not None and far_group is not None and old.x() == x == far_group.x
            if far is not None and not grouped:
                far.touch_box(item.item_id, item.boundingRect().translated(old))
            item.placing = True
            try:
                item.setPos(pos)
            finally:
                item.placing = False
            if grouped:
                far_group.add(item, old.y(), y)  # type: ignore[union-attr]
            elif far is not None:
                far.touch_box(item.item_id, item.boundingRect().translated(pos))
            self._moved_boxes.add(item.item_id)
        self._moved_by_hand.discard(item.item_id)  # placed by the scene: where the document has it

    def _stack_chips(self, point_id: str) -> None:
        self._block_h.pop(point_id, None)  # a restack follows every change of its chips
        item = self._points.get(point_id)
        if item is None:
            return
        chips = [self._findings[chip_id] for chip_id in self._chips_at.get(point_id, ())]
        offsets = chip_offsets([chip.height() for chip in chips], item.box_height())
        for chip, y in zip(chips, offsets, strict=True):
            if chip.parentItem() is not item:
                chip.setParentItem(item)
            chip.setPos(0, y)
        self._moved_boxes.add(point_id)  # its block may have grown or shrunk
        self._box_touched(self._lane_key(item.intercept), point_id)

    def _relist_loose(self, finding: Any, old_lane: str | None) -> None:
        """A finding added (``old_lane`` None) or moved: out of the loose list of its old lane, into its
        new lane's at its place in document order if it hangs loose now (the lists as a pass over every
        finding makes them, ``_loose_findings``, without the pass)."""
        listed = self._loose_ids
        if listed is None:
            return  # (listed again when next asked)
        if old_lane is not None:
            was = listed.get(self._lane_key(old_lane))
            if was and finding.id in was:
                was.remove(finding.id)
        if finding.point_id in self._points:
            return
        lane = listed.setdefault(self._lane_key(finding.intercept), [])
        # Its place: how many of the lane's listed findings come before it in the document (the ids of
        # the findings' objects compared in C, not a pass in Python over 12,000).
        where = list(map(id, self.document.items("findings")))
        try:
            at = where.index(id(finding))
        except ValueError:  # (an equal copy in the list, as ``Document.index_of`` allows: all again)
            self._loose_ids = None
            return
        get = self.document.get
        before = {id(get("findings", finding_id)) for finding_id in lane}
        lane.insert(len(before.intersection(where[:at])), finding.id)

    def _loose_findings(self, lane_key: str) -> list[FindingChip]:
        if self._loose_ids is None:
            # One pass over the findings per change of findings or boxes, not one per lane laid out.
            loose: dict[str, list[str]] = defaultdict(list)
            for finding in self.document.items("findings"):
                if finding.point_id not in self._points and finding.id in self._findings:
                    loose[self._lane_key(finding.intercept)].append(finding.id)
            self._loose_ids = loose
        return [self._findings[f] for f in self._loose_ids.get(lane_key, ()) if f in self._findings]

    def _box_touched(self, lane_key: str, point_id: str) -> None:
        """A box of this lane came, went, or changed its wanted place, pin or block height: the lane is
        tidied again, from that box (``_tidy_lane``; the cross band is filled whole, ``_layout_band``)."""
        self._dirty_lanes.add(lane_key)
        if lane_key in self._lane_index:
            self._lane_touched[lane_key].add(point_id)

    def _tidy_lane(self, intercept_id: str) -> float:
        """Keep a lane tidy as items arrive: an unpinned box that its neighbour's new chips would overlap
        moves down (on screen only; the document keeps where layout or the user put it), pinned boxes
        stay where the facilitator put them and the others flow around them. Returns where the lane's
        next box goes (``next_point_y``, from the places just given: not a second pass over the lane).

        The lane's ``LaneTidy`` is told of the boxes touched since its last tidy and places the boxes
        below the first of them until they stand where they stood (``tidy_lane``'s places, always)."""
        x = lane_point_x(self._lane_index[intercept_id])
        points, members = self._points, self._lane_points.get(intercept_id, set())
        touched = self._lane_touched.pop(intercept_id, set())
        tidy = self._lane_tidies.get(intercept_id)
        if tidy is None:  # (a lane tidied for the first time since the items were made: all its boxes)
            touched = {p for p in members if p in points}
            tidy = self._lane_tidies[intercept_id] = LaneTidy.of(
                (p, points[p].wanted_y, points[p].seq, points[p].pinned, self._block_height(p))
                for p in touched)
        else:
            for point_id in touched:
                item = points.get(point_id)
                if item is None or point_id not in members:
                    tidy.remove(point_id)
                else:
                    tidy.put(point_id, item.wanted_y, item.seq, item.pinned, self._block_height(point_id))
        moved = tidy.tidy()
        # Far out, the boxes a new chip pushes down (dozens, all of a lane's below a box at its top)
        # are repainted as one strip of the lane, not one notice per box's old and new place.
        group = FarGroup(x) if self._far is not None else None
        # The boxes that may stand elsewhere than their place: those whose place changed, those placed
        # at their wanted place since (``_place_point``), those moved by hand since the last drop.
        for point_id in {*moved, *touched, *(self._moved_by_hand & members)}:
            item = points.get(point_id)
            if item is None or point_id not in members:
                continue
            y = tidy.place(point_id)
            if item.model_xy != (x, y) or point_id in self._moved_by_hand:
                self._set_point_pos(item, QPointF(x, y), group)
        if group is not None:
            group.touch(self._far)
        return lane_end(tidy.bottoms())

    def _layout_lane(self, intercept_id: str) -> None:
        """Tidy the lane, list loose resources and gaps at its bottom, remember how far it reaches."""
        lane_end_y = self._tidy_lane(intercept_id)
        x = lane_point_x(self._lane_index[intercept_id])
        chips = self._loose_findings(intercept_id)
        places, reach = list_loose(lane_end_y, [chip.height() for chip in chips])
        for chip, y in zip(chips, places, strict=True):
            if chip.parentItem() is not None:
                chip.setParentItem(None)
            chip.setPos(x, y)
        self._lane_bottom[intercept_id] = reach
        column = self._lane_index[intercept_id]
        loose = [(places[0], places[-1] + chips[-1].height())] if chips else []
        self._router.set_blocked(f"loose:{column}", {column: loose})

    def _layout_band(self) -> None:
        """Boxes and loose items of the cross-intercept band, filled column by column, shortest first."""
        top = self._lanes_bottom + CROSS_BAND_GAP
        columns = self._band_columns or max(1, len(self._lane_index))
        header = self._band.header_height() if self._band is not None else 56.0
        if self._band_ids is None:
            # One pass over the points per change of which points there are or of a point's lane.
            self._band_ids = [p.id for p in self.document.workshop.points
                              if p.id in self._points and self._lane_key(p.intercept) == CROSS_INTERCEPT]
        boxes = [p for p in self._band_ids if p in self._points]
        chips = self._loose_findings(CROSS_INTERCEPT)
        box_places, chip_places, height = fill_band(
            top, header, columns, [self._block_height(p) for p in boxes], [chip.height() for chip in chips])
        for point_id, (col, y) in zip(boxes, box_places, strict=True):
            self._set_point_pos(self._points[point_id], QPointF(lane_point_x(col), y))
            self._dirty_stacks.add(point_id)
        for chip, (col, y) in zip(chips, chip_places, strict=True):
            if chip.parentItem() is not None:
                chip.setParentItem(None)
            chip.setPos(lane_point_x(col), y)
        self._place_band(top, height)
        self._router.set_blocked("band", band_blocked(
            top, header, height, columns, [(col, y, chip.height())
                                           for chip, (col, y) in zip(chips, chip_places, strict=True)]))

    def _place_band(self, top: float, height: float) -> None:
        """Put the cross band (and the legend below it) at ``top``, this tall."""
        width = map_width(max(1, len(self._lane_index)))
        self._band_rect = QRectF(0, top, width, height)
        if self._band is not None:
            self._band.setPos(0, top)
            self._band.set_size(width, height)
        if self._legend is not None:
            self._legend.setPos(0, top + height + LEGEND_GAP * self._legend.size_factor)

    def _flush(self, force_extent: bool = False) -> None:
        """Bring the touched parts of the layout up to date (each change touches only what it names)."""
        for _ in range(3):  # the band may move boxes, which restacks them; settles in two rounds
            stacks, self._dirty_stacks = self._dirty_stacks, set()
            for point_id in stacks:
                self._stack_chips(point_id)
            lanes, self._dirty_lanes = self._dirty_lanes, set()
            for lane_key in lanes:
                if lane_key == CROSS_INTERCEPT:
                    self._band_dirty = True
                elif lane_key in self._lane_index:
                    self._layout_lane(lane_key)
            if lanes or force_extent:
                force_extent = False
                reach = max([MIN_LANE_HEIGHT, *self._lane_bottom.values()])
                if reach != self._lanes_bottom or not self._band_rect.isValid():
                    self._lanes_bottom = reach
                    self._band_dirty = True
                for lane in self._lanes.values():
                    lane.set_height(reach)
            if self._band_dirty:
                self._band_dirty = False
                self._layout_band()
            if not self._dirty_stacks and not self._dirty_lanes:
                break
        self._route_flows()
        self._update_scene_rect()

    def _route_flows(self) -> None:
        """Tell the router which boxes moved and which flows changed; redraw the flows it re-routed."""
        router = self._router
        router.set_columns(len(self._lane_ids))
        moved, self._moved_boxes = self._moved_boxes, set()
        for point_id in moved:
            self._tell_router(point_id)
        flows, self._dirty_flows = self._dirty_flows, set()
        for flow_id in flows:
            item = self._flows.get(flow_id)
            if item is not None:
                router.set_flow(flow_id, item.source, item.target)
        far = self._far
        items = self._flows
        # Where the far drawing must repaint: one rectangle around every re-routed flow, before and
        # after (an edit on a 30,000-item map re-routes thousands; one touch instead of two each).
        touched = QRectF()
        pending = self._pending_routes
        drawn: list[Route] = []  # the routes the far drawing showed or will show for them
        told: list[str] = []  # the flows the far drawing draws along another route, or no more
        for flow_id, route in router.changed_routes().items():
            item = items.get(flow_id)
            if item is None:
                continue
            if far is not None:
                # Drawn by the far drawing from the new route at once; the item takes it when needed.
                if flow_id in pending:
                    old = pending[flow_id]
                    if old is not None:
                        drawn.append(old)
                        forget(old)  # (freed here, in the edit that replaced it: ~2 us a route)
                else:
                    touched = touched.united(item.boundingRect())
                pending[flow_id] = route
                told.append(flow_id)
                if route is not None:
                    drawn.append(route)
                continue
            _show_on_route(item, route)
        if drawn:
            touched = touched.united(_routes_extent(drawn))
        for flow_id in flows:  # a flow whose box is not (yet) on the map is not drawn
            item = items.get(flow_id)
            if item is not None and router.route(flow_id) is None:
                if far is not None:
                    if flow_id in pending:
                        touched = touched.united(route_rect(pending[flow_id]))
                        forget(pending[flow_id])
                    elif item.isVisible():
                        touched = touched.united(item.boundingRect())
                    pending[flow_id] = None
                    told.append(flow_id)
                    continue
                item.setVisible(False)
        if far is not None:
            far.touch_flows(told, touched)  # (the items take their routes when needed: ``_pending_routes``)
            if kept_count() > len(pending) + KEPT_SLACK:  # any left behind (a map rebuilt, ...)
                keep_only(pending.values())

    def _tell_router(self, point_id: str) -> None:
        """Where a box (and its block) is now, or that it is gone."""
        item = self._points.get(point_id)
        if item is None:
            self._router.remove_box(point_id)
            return
        pos = item.pos()
        self._router.set_box(point_id, Box(pos.x(), pos.y(), POINT_WIDTH, item.box_height(),
                                           pos.y() + self._block_height(point_id)))

    def point_moved(self, item: PointItem) -> None:
        """A box moved (drag or layout): its flows follow (at once during a drag, once per change else)."""
        self._moved_boxes.add(item.item_id)
        if self._in_change:
            return
        self._moved_by_hand.add(item.item_id)
        if not self._dragging:  # a mouse drag routes once per step, after all its boxes moved
            self._route_flows()

    def sceneRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The map with a thin margin (what views scroll over and fit); Qt's own index may reach lower."""
        return QRectF(self._map_rect)

    def _update_scene_rect(self) -> None:
        width = map_width(max(1, len(self._lane_index)))
        bottom = self._band_rect.bottom()
        if self._legend is not None:
            width = max(width, self._legend.boundingRect().width())
            bottom = self._legend.pos().y() + self._legend.boundingRect().height()
        rect = QRectF(-SCENE_MARGIN, -SCENE_MARGIN / 2, width + 2 * SCENE_MARGIN, bottom + 1.5 * SCENE_MARGIN)
        if rect == self._map_rect:
            return
        self._map_rect = rect
        self._far_bounds()
        # Qt rebuilds its whole item index (~10 ms on a 3,000-item map) whenever its scene rect changes,
        # so that rect grows and shrinks in steps; views show the exact map rect (sig_map_rect_changed).
        indexed = QRectF(rect)
        indexed.setBottom(math.ceil(rect.bottom() / SCENE_INDEX_STEP) * SCENE_INDEX_STEP)
        if indexed != super().sceneRect():
            self.setSceneRect(indexed)
        self.sig_map_rect_changed.emit(QRectF(rect))
        if self._spotlight is not None:
            self.set_spotlight(self._spotlight_id, self._spotlight_area)

    # ================================================================= selection
    def _on_selection_changed(self) -> None:
        if self._selecting:
            return
        selected = {i.item_id for i in self.selectedItems() if hasattr(i, "item_id")}
        order = [i for i in self._selection_order if i in selected]
        order += [i for i in self._ordered_ids(selected - set(order))]
        self._selection_order = order
        if order != self._last_selection:
            self._last_selection = list(order)
            self.sig_selection_changed.emit(list(order))

    def _ordered_ids(self, ids: set[str]) -> list[str]:
        """Ids newly selected together (rubber band) in reading order: left to right, top to bottom."""
        def key(item_id: str) -> tuple[float, float]:
            rect = self.item_rect(item_id)
            return (rect.left(), rect.top())

        return sorted(ids, key=key)

    def _drop_selection(self, item_id: str) -> None:
        if item_id in self._selection_order:
            self._selection_order.remove(item_id)

    # ================================================================= mouse
    def _top_item_at(self, pos: QPointF) -> QGraphicsItem | None:
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder,
                               QTransform()):
            if item is self._link_line:
                continue
            return item
        return None

    def _point_at(self, pos: QPointF) -> PointItem | None:
        item = self._top_item_at(pos)
        while item is not None and not isinstance(item, PointItem):
            item = item.parentItem()
        return item

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Start drawing a flow (handle or Shift+drag on a box) or a normal press (select, drag)."""
        self._need_items()  # a press on a map still being built finishes building it
        self._settle_flows_under(event.scenePos())
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self._top_item_at(event.scenePos())
            if isinstance(hit, PointItem) and (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                or hit.in_flow_handle(hit.mapFromScene(event.scenePos()))
            ):
                self._start_link(hit)
                event.accept()
                return
            self._dragging = True
        super().mousePressEvent(event)
        if not event.isAccepted() and self._pending_routes:
            self._watch_rubber_band()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Follow the pointer while drawing a flow; otherwise Qt moves the selected boxes."""
        if self._link_source is not None:
            self._draw_link_to(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._moved_boxes:
            self._route_flows()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Finish a flow or a drag: either becomes one undo command."""
        if self._link_source is not None:
            self._finish_link(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self._dragging:
            self._dragging = False
            self.commit_drag()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Double-click activates an item (the window opens it in the inspector or renames it)."""
        self._need_items()
        self._settle_flows_under(event.scenePos())
        item = self._top_item_at(event.scenePos())
        while item is not None and not hasattr(item, "item_id"):
            item = item.parentItem()
        super().mouseDoubleClickEvent(event)
        if item is not None:
            self.sig_item_activated.emit(item.item_id)

    def _start_link(self, source: PointItem) -> None:
        self._link_source = source.item_id
        line = QGraphicsPathItem()
        pen = QPen(self._theme.colour("selection"), 3.0, Qt.PenStyle.DashLine)
        line.setPen(pen)
        line.setZValue(50)
        line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.addItem(line)
        self._link_line = line

    def _draw_link_to(self, pos: QPointF) -> None:
        source = self._points.get(self._link_source or "")
        if source is None or self._link_line is None:
            return
        start = source.pos() + QPointF(POINT_WIDTH, POINT_HEIGHT / 2)
        path = QPainterPath(start)
        path.lineTo(pos)
        self._link_line.setPath(path)

    def _finish_link(self, pos: QPointF) -> None:
        source = self._link_source
        self._link_source = None
        if self._link_line is not None:
            self.removeItem(self._link_line)
            self._link_line = None
        target = self._point_at(pos)
        if source is not None and target is not None:
            self.add_flow(source, target.item_id)

    def commit_drag(self) -> bool:
        """Turn boxes moved by a drag into one ``MovePointsCommand`` (snapped, pinned); False if none."""
        self._need_items()
        moves: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        lane_ids = self._lane_ids
        # Only boxes moved outside a change notice (by a drag) can differ from where the document has them.
        by_hand, self._moved_by_hand = self._moved_by_hand, set()
        moved = sorted((self._points[p] for p in by_hand
                        if p in self._points and self._points[p].pos() != self._points[p].model_pos),
                       key=lambda i: i.seq)
        for item in moved:
            point = self.document.get("points", item.item_id)
            if point is None:
                continue
            pos = item.pos()
            if pos.y() + POINT_HEIGHT / 2 > self._lanes_bottom + CROSS_BAND_GAP / 2 or not lane_ids:
                intercept, x, y = CROSS_INTERCEPT, pos.x(), pos.y()
            else:
                lane, x, y = snap_point(pos.x(), pos.y(), len(lane_ids))
                intercept = lane_ids[lane]
            old = {"x": point.x, "y": point.y, "intercept": point.intercept, "pinned": point.pinned}
            new = {"x": round(x, 1), "y": round(y, 1), "intercept": intercept, "pinned": True}
            if new != old:
                moves[point.id] = (old, new)
        for item in moved:
            if item.item_id not in moves:
                item.setPos(item.model_pos)
        if not moves:
            return False
        if len(moves) == 1:
            text = describe("Move", self._points[next(iter(moves))].title)
        else:
            text = f"Move {len(moves)} points"
        self.undo_stack.push(MovePointsCommand(self.document, moves, text))
        # A command that changed nothing visible (same place after snapping) still leaves boxes right.
        for item in moved:
            if item.pos() != item.model_pos:
                item.setPos(item.model_pos)
        return True

    def view(self) -> QGraphicsView | None:
        """The first view showing this scene, if any."""
        views = self.views()
        return views[0] if views else None
