"""Presentation mode: the map alone, full screen, large text, high contrast, walked intercept by intercept.

Entering remembers everything it changes (window state and geometry, which bars and docks were
shown, theme, text size, zoom and scroll) and Escape puts all of it back exactly. PageDown and
PageUp step through the intercepts left to right, then the cross-intercept band; before the first
intercept is the whole map, as large as fits.

Each intercept step fills the screen's width with its lane, its text sized for the back row of a room
(point titles at least ``MIN_TITLE_CAP_PX``, resource and gap text ``MIN_CHIP_CAP_PX`` cap height),
with the intercept's number and label kept at the top. A lane taller than the screen is shown page by
page (``presentation_pages``) before PageDown moves on; the cross band is laid out one lane wide for its
step. Titles are never cut: boxes and chips grow to hold them whole.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFontMetricsF, QKeySequence, QTransform
from PySide6.QtWidgets import QDockWidget, QGraphicsScene, QGraphicsView, QMainWindow, QToolBar, QWidget

from ...model import CROSS_INTERCEPT
from ...model.map_geometry import LANE_WIDTH, POINT_WIDTH
from ..map import map_theme
from ..map.finding_chip import FindingChip
from ..map.point_item import PointItem
from .presentation_pages import Span, page_tops
from .themes import HIGH_CONTRAST, ThemeSwitcher

PRESENTATION_TEXT_SCALE = 1.25  # the whole map (the overview step)
# An intercept step: chip text at 12 px, so that two lines fill a chip of the map's own CHIP_HEIGHT and
# the lane's boxes, chips and gaps keep their proportions; zoomed to fill a 1280 px screen with the lane,
# titles are 41 px and chip text 33 px cap height, at 1024 px 33 and 26 px.
STEP_TEXT_SCALE = 0.86
MIN_TITLE_CAP_PX = 28.0  # cap height on screen of point titles in a step, never less (narrow screens
MIN_CHIP_CAP_PX = 22.0  # get a larger text scale): back-row guidance for a 60-person room is 22-35 px
HEADER_SHARE = 0.11  # of the screen's height: the intercept's number and label kept at the top
PAGE_LEAD = 3.0  # scene units shown above the first item of a page
LAST_PAGE = -1
ACTION_NEXT_INTERCEPT = "action_next_intercept"
ACTION_PREVIOUS_INTERCEPT = "action_previous_intercept"
ACTION_LEAVE_PRESENTATION = "action_leave_presentation"


@dataclass
class _Saved:
    """What entering presentation mode changed, to put back on leaving."""

    window_state: Qt.WindowState
    geometry: QRect
    hidden: dict[QWidget, bool] = field(default_factory=dict)
    raised: list[QDockWidget] = field(default_factory=list)  # the front tab of each dock group
    theme: str = ""
    text_scale: float = 1.0
    transform: QTransform = field(default_factory=QTransform)
    scroll: tuple[int, int] = (0, 0)
    scroll_policies: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy] = (
        Qt.ScrollBarPolicy.ScrollBarAsNeeded, Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    focus: QWidget | None = None


class PresentationMode(QObject):
    """Switches one main window in and out of presentation mode."""

    sig_active_changed = Signal(bool)
    sig_step_changed = Signal(str)  # intercept id shown ("" for the whole map)

    def __init__(self, window: QMainWindow, view: Callable[[], QGraphicsView], themes: ThemeSwitcher,
                 set_text_scale: Callable[..., None], intercept_ids: Callable[[], list[str]],
                 text_scale: Callable[[], float]) -> None:
        super().__init__(window)
        self._window = window
        self._view = view
        self._themes = themes
        self._set_text_scale = set_text_scale
        self._text_scale = text_scale
        self._intercept_ids = intercept_ids
        self._saved: _Saved | None = None
        self._step = -1  # -1 = whole map, then index into steps()
        self._page = 0  # page of the step's lane (LAST_PAGE: its last, when stepping back into it)
        self._pages: list[float] = []  # scene y at the top of each page of the step shown
        self._layout: tuple[float, int | None] | None = None  # text scale and band columns in use
        self._followed: QObject | None = None  # the scene whose selection the pages follow
        self.actions = {
            ACTION_NEXT_INTERCEPT: self._make_action(ACTION_NEXT_INTERCEPT, "Next Intercept",
                                                     [QKeySequence(Qt.Key.Key_PageDown)],
                                                     self.next_intercept),
            ACTION_PREVIOUS_INTERCEPT: self._make_action(ACTION_PREVIOUS_INTERCEPT, "Previous Intercept",
                                                         [QKeySequence(Qt.Key.Key_PageUp)],
                                                         self.previous_intercept),
            ACTION_LEAVE_PRESENTATION: self._make_action(ACTION_LEAVE_PRESENTATION, "Leave Presentation",
                                                         [QKeySequence(Qt.Key.Key_Escape)], self.leave),
        }

    def _make_action(self, name: str, text: str, keys: list[QKeySequence],
                     slot: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setEnabled(False)  # only while presenting: PageDown and Escape keep their usual jobs
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        return action

    # ------------------------------------------------------------------ Public API
    def is_active(self) -> bool:
        """True while presenting."""
        return self._saved is not None

    def set_active(self, active: bool) -> None:
        """Enter or leave."""
        if active:
            self.enter()
        else:
            self.leave()

    def toggle(self) -> None:
        """Enter when out, leave when in."""
        self.set_active(not self.is_active())

    def hide_while_presenting(self, widget: QWidget) -> None:
        """Tool chrome made while presenting (a panel built late) stays hidden until leaving, then shows
        as it was made."""
        if self._saved is None or widget in self._saved.hidden:
            return
        self._saved.hidden[widget] = widget.isHidden()
        widget.hide()

    def steps(self) -> list[str]:
        """What PageDown walks through: the intercepts in map order, then the cross-intercept band."""
        return [*self._intercept_ids(), CROSS_INTERCEPT]

    def current_step(self) -> str:
        """The intercept shown ("" for the whole map)."""
        steps = self.steps()
        return steps[self._step] if 0 <= self._step < len(steps) else ""

    def current_page(self) -> int:
        """The page of the step's lane shown, from 0."""
        return max(0, self._page)

    def page_count(self) -> int:
        """How many pages the step shown has (1 for the whole map and a lane that fits the screen)."""
        return max(1, len(self._pages))

    def enter(self) -> None:
        """Hide the tool chrome, go full screen, enlarge the text and switch to high contrast."""
        if self._saved is not None:
            return
        w = self._window
        view = self._view()
        saved = _Saved(window_state=w.windowState(), geometry=w.geometry(), theme=self._themes.current,
                       text_scale=self._text_scale(), transform=view.transform(),
                       scroll=(view.horizontalScrollBar().value(), view.verticalScrollBar().value()),
                       scroll_policies=(view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy()),
                       focus=w.focusWidget())
        for widget in self._chrome():
            saved.hidden[widget] = widget.isHidden()
            if isinstance(widget, QDockWidget) and widget.isVisible():
                saved.raised.append(widget)
        for widget in saved.hidden:
            widget.hide()
        self._saved = saved
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._themes.set_theme(HIGH_CONTRAST, remember=False)
        self._layout = None
        screen = w.screen()
        if screen is not None:
            # Exactly the screen, also where no window manager acts on "full screen" (a bare X server,
            # a kiosk): a window left larger than the projector would cut off the band and the legend.
            w.setGeometry(screen.geometry())
        w.showFullScreen()
        for action in self.actions.values():
            action.setEnabled(True)
        self._step, self._page = -1, 0
        self._show_step()
        # Going full screen resizes the view later (asynchronously on X11 and Wayland): fit again then.
        view.viewport().installEventFilter(self)
        scene = view.scene()
        if hasattr(scene, "sig_selection_changed"):
            scene.sig_selection_changed.connect(self.show_selected)
            self._followed = scene
        view.setFocus()
        self.sig_active_changed.emit(True)

    def leave(self) -> None:
        """Put back everything ``enter`` changed."""
        saved = self._saved
        if saved is None:
            return
        self._saved = None
        for action in self.actions.values():
            action.setEnabled(False)
        w = self._window
        view = self._view()
        view.viewport().removeEventFilter(self)
        if self._followed is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # the scene may be gone (another file)
                self._followed.sig_selection_changed.disconnect(self.show_selected)
            self._followed = None
        view.setSceneRect(QRectF())
        scene = view.scene()
        if hasattr(scene, "set_spotlight"):
            scene.set_spotlight(None)
        if hasattr(scene, "set_band_columns"):
            scene.set_band_columns(None)
        if hasattr(view, "keep_header"):
            view.keep_header(None)
        self._layout = None
        self._themes.set_theme(saved.theme, remember=False)
        self._set_text_scale(saved.text_scale)
        if saved.window_state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(saved.geometry)  # the client area: no guessing of window-frame sizes
        for widget, was_hidden in saved.hidden.items():
            widget.setHidden(was_hidden)
        for dock in saved.raised:
            dock.raise_()
        view.setHorizontalScrollBarPolicy(saved.scroll_policies[0])
        view.setVerticalScrollBarPolicy(saved.scroll_policies[1])
        view.setTransform(saved.transform)
        view.horizontalScrollBar().setValue(saved.scroll[0])
        view.verticalScrollBar().setValue(saved.scroll[1])
        if saved.focus is not None:
            saved.focus.setFocus()
        self.sig_active_changed.emit(False)

    def next_intercept(self) -> None:
        """Show the next page of the lane, else the next intercept (PageDown)."""
        if self._step >= 0 and self._page < len(self._step_pages()) - 1:
            self._page += 1
        elif self._step < len(self.steps()) - 1:
            self._step, self._page = self._step + 1, 0
        else:
            return
        self._show_step()

    def previous_intercept(self) -> None:
        """Show the page before, else the previous intercept from its last page, or the whole map before
        the first (PageUp)."""
        if self._step >= 0 and self._page > 0:
            self._page = min(self._page, len(self._step_pages())) - 1
        elif self._step > -1:
            self._step, self._page = self._step - 1, LAST_PAGE
        else:
            return
        self._show_step()

    def show_selected(self, ids: list) -> None:
        """While an intercept is shown, a point or chip selected off the page shown (with the arrow keys,
        say) brings its page, of its own intercept: the room sees what the facilitator is on."""
        if self._saved is None or self._step < 0 or len(ids) != 1:
            return
        scene = self._view().scene()
        item = scene.item_for(ids[0]) if hasattr(scene, "item_for") else None
        if not isinstance(item, PointItem | FindingChip):
            return  # a flow: it may span lanes, and is on some page of both
        owner = item.parentItem() if isinstance(item.parentItem(), PointItem) else item
        lanes = self._intercept_ids()
        step = self.steps().index(owner.intercept if owner.intercept in lanes else CROSS_INTERCEPT)
        top = scene.item_rect(item.item_id).top()
        step_before, page_before, self._step = self._step, self._page, step
        pages = self._step_pages()
        page = max([n for n, page_top in enumerate(pages) if page_top <= top + PAGE_LEAD] or [0])
        if (step, page) == (step_before, page_before):
            return
        self._page = page
        self._show_step()

    # ------------------------------------------------------------------ internals
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """While presenting, keep the shown intercept fitted when the view changes size."""
        if event.type() == QEvent.Type.Resize and self.is_active():
            self._show_step()
        return False

    def _chrome(self) -> list[QWidget]:
        w = self._window
        widgets: list[QWidget] = [w.menuBar(), w.statusBar()]
        widgets += [t for t in w.findChildren(QToolBar) if t.parent() is w]
        widgets += [d for d in w.findChildren(QDockWidget) if d.parent() is w]
        return widgets

    def _show_step(self) -> None:
        view = self._view()
        step = self.current_step()
        scene = view.scene()
        if hasattr(scene, "set_spotlight"):
            # The intercept being discussed stands out; what shows of its neighbours is dimmed.
            scene.set_spotlight(step or None)
        if step and hasattr(view, "make_current"):
            self._show_lane(view, scene, step)
        else:
            self._use_layout(PRESENTATION_TEXT_SCALE, None)
            self._pages = []
            if hasattr(view, "keep_header"):
                view.keep_header(None)
            view.setSceneRect(QRectF())  # follow the scene again
            if hasattr(view, "fit_to_window"):
                view.fit_to_window()  # the whole map, as large as fits
        self.sig_step_changed.emit(step)

    def _use_layout(self, text_scale: float, band_columns: int | None) -> None:
        """Lay the map out for the overview or for the steps (only when that changes: it re-wraps all)."""
        if self._layout == (text_scale, band_columns):
            return
        self._layout = (text_scale, band_columns)
        scene = self._view().scene()
        if hasattr(scene, "set_band_columns"):
            scene.set_band_columns(band_columns)
        self._set_text_scale(text_scale, True)

    def _step_zoom(self) -> float:
        """The zoom of an intercept step: the lane as wide as the screen."""
        return max(1, self._view().viewport().width()) / LANE_WIDTH

    def _header_px(self) -> float:
        return max(64.0, round(self._view().viewport().height() * HEADER_SHARE))

    def _step_pages(self) -> list[float]:
        """The tops of the pages of the step shown, in the step's layout (recomputed: edits move them)."""
        view = self._view()
        zoom = self._step_zoom()
        page_height = (view.viewport().height() - self._header_px()) / zoom
        self._pages = page_tops(_lane_spans(view.scene(), self.current_step()), page_height, PAGE_LEAD)
        return self._pages

    def _show_lane(self, view: QGraphicsView, scene: QGraphicsScene, step: str) -> None:
        """Fill the screen's width with the lane, from the top of the page shown."""
        zoom = self._step_zoom()
        self._use_layout(step_text_scale(zoom), 1)
        pages = self._step_pages()
        lane = scene.intercept_rect(step)
        lane.setWidth(LANE_WIDTH)  # the band's step shows its one column
        if self._page == LAST_PAGE or self._page >= len(pages):
            self._page = max(0, len(pages) - 1)
        header = self._header_px()
        # Page by page, under the kept header; a lane without items shows its own header.
        top = pages[self._page] - header / zoom if pages else lane.top()
        height = view.viewport().height() / zoom
        # Room around the map, so that any lane and any page can fill the screen.
        view.setSceneRect(scene.sceneRect().adjusted(-LANE_WIDTH, -height, LANE_WIDTH, height))
        view.setTransform(QTransform.fromScale(zoom, zoom))
        view.centerOn(lane.center().x(), top + height / 2)
        if pages and hasattr(scene, "set_spotlight"):
            # Lit: this page's items; an item cut off at the bottom (the next page's first) is dimmed.
            # (Less the half of a border's width: the cut item's outline is dimmed with it.)
            below = pages[self._page + 1] + PAGE_LEAD - 2 if self._page + 1 < len(pages) else lane.bottom()
            above = pages[self._page] if self._page else lane.top()
            scene.set_spotlight(step, QRectF(lane.left(), above, LANE_WIDTH, max(1.0, below - above)))
        note = f"{self._page + 1} / {len(pages)}" if len(pages) > 1 else ""
        if pages:
            # A page that begins with resources and gaps of a point above says whose they are.
            continued = _continued_title(scene, step, pages[self._page] + PAGE_LEAD)
            if continued:
                note = f"{continued} (continued)   {note}"
        view.keep_header(step, header, note)
        view.make_current(step)
        if hasattr(view, "sig_zoom_changed"):
            view.sig_zoom_changed.emit(zoom)


def _cap_share(bold: bool) -> float:
    """The map font's cap height as a share of its pixel size."""
    return QFontMetricsF(map_theme.shared_font_px(100, bold)).capHeight() / 100


def step_text_scale(zoom: float) -> float:
    """The text scale of an intercept step shown at ``zoom``: ``STEP_TEXT_SCALE``, or more where the
    screen is so narrow that titles or chip text would drop under the room's minimum cap heights."""
    title_px = math.ceil((MIN_TITLE_CAP_PX + 1) / (_cap_share(True) * zoom))
    chip_px = math.ceil((MIN_CHIP_CAP_PX + 1) / (_cap_share(False) * zoom))
    return max(STEP_TEXT_SCALE, title_px / map_theme.POINT_TITLE_PX + 1e-3,
               chip_px / map_theme.CHIP_PX + 1e-3)


def _lane_points(scene: QGraphicsScene, step: str) -> list[PointItem]:
    """The decision points of the step's lane (the band: its first column)."""
    area = scene.intercept_rect(step)
    area.setWidth(LANE_WIDTH)
    return [item for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
            if isinstance(item, PointItem) and area.contains(item.sceneBoundingRect().center())]


def _continued_title(scene: QGraphicsScene, step: str, y: float) -> str:
    """The title of the decision point whose box is above ``y`` and whose stack of chips goes on below."""
    for point in _lane_points(scene, step):
        top = point.scenePos().y()
        bottom = point.mapRectToScene(point.childrenBoundingRect()).bottom() - 5
        if top < y - 1 and bottom > y + 1:
            return point.title
    return ""


def _lane_spans(scene: QGraphicsScene, step: str) -> list[Span]:
    """The vertical extent of every box and chip in the step's lane (the band: its first column), each
    with its block's (a decision point with its stack of resources and gaps)."""
    area = scene.intercept_rect(step)
    if area.isEmpty():
        return []
    area.setWidth(LANE_WIDTH)
    spans: list[Span] = []
    for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
        if not isinstance(item, PointItem | FindingChip):
            continue
        rect = item.mapRectToScene(item.shape().boundingRect())
        if not area.contains(rect.center()):
            continue
        owner = item.parentItem() if isinstance(item, FindingChip) else item
        block = rect
        if isinstance(owner, PointItem):
            own = QRectF(0, 0, POINT_WIDTH, owner.box_height())
            block = owner.mapRectToScene(own.united(owner.childrenBoundingRect().adjusted(0, 0, 0, -5)))
        spans.append((rect.top(), rect.bottom(), block.top(), block.bottom()))
    return spans
