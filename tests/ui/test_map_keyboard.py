"""The map from the keyboard (issue 12, part 5): arrows and Tab move the selection along lanes and
flows with a focus ring; Ctrl+L connects by typing a title, shows the direction and flips it; every
refusal says why in the status bar; and intercept 1 of the sample is built from empty with keys alone.

Keys are sent to whichever widget has the keyboard focus, as a real keyboard would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import make_window

from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.map import map_navigation as nav
from intercept_mapper.ui.map.focus_ring import FOCUS_COLOURS, FocusRing
from intercept_mapper.ui.map.map_connect import Choice, match_point
from intercept_mapper.ui.plain_text import plain

# Intercept 1 of the sample: its 8 titles have 185 characters, which any way of entering it types; the
# keys that place, attach and connect them (28 when this was written) may not be more than this.
TITLE_CHARACTERS = 185
COMMAND_KEYS_BOUND = 30


class Keyboard:
    """Presses keys on the focused widget, the way a person at the keyboard does, and counts them."""

    def __init__(self, qtbot, window: MainWindow) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.window = window
        self.count = 0  # every key press; a chord (Ctrl+Shift+P) is one
        self.typed = 0  # of which characters of new items' titles
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None and widget.window() is self.window, f"the keyboard is lost: {widget!r}"
        return widget

    def press(self, *sequences: str) -> None:
        for sequence in sequences:
            combo = QKeySequence(sequence)[0]
            self.qtbot.keyClick(self.focused(), combo.key(), combo.keyboardModifiers())
            self.count += 1

    def type(self, text: str, then: str = "Return", title: bool = True) -> None:
        self.qtbot.keyClicks(self.focused(), text)
        self.count += len(text)
        self.typed += len(text) if title else 0
        if then:
            self.press(then)


@pytest.fixture
def window(qtbot, monkeypatch):  # noqa: ANN001, ANN201
    return make_window(qtbot, monkeypatch)


@pytest.fixture
def sample(window: MainWindow) -> MainWindow:
    assert window.open_path(SAMPLE_WORKSHOP)
    window.map_view.setFocus()
    return window


def selected_titles(window: MainWindow) -> list[str]:
    return [getattr(window.document.get("points", i) or window.document.get("findings", i), "title", "?")
            for i in window.canvas.selected_ids()]


def point_id(window: MainWindow, title: str) -> str:
    return next(p.id for p in window.document.workshop.points if p.title == title)


def flows(window: MainWindow) -> set[tuple[str, str]]:
    titles = {p.id: p.title for p in window.document.workshop.points}
    return {(titles[f.source], titles[f.target]) for f in window.document.workshop.flows}


# ----------------------------------------------------------------------------- where the keys go
def test_navigation_rules_without_qt() -> None:
    spots = [nav.Spot("a", 0, 130), nav.Spot("b", 0, 250), nav.Spot("c", 1, 130), nav.Spot("d", 1, 420),
             nav.Spot("e", 3, 400), nav.Spot("band", 0, 900, in_band=True)]
    a, b, c, d, e, band = spots
    assert nav.step(spots, a, nav.DOWN) == b and nav.step(spots, b, nav.DOWN) == band
    assert nav.step(spots, a, nav.UP) is None
    assert nav.step(spots, b, nav.RIGHT) == c  # nearest in height in the next lane
    assert nav.step(spots, b, nav.RIGHT, linked={"d"}) == d  # a flow leads there
    assert nav.step(spots, b, nav.RIGHT, linked={"e"}) == e  # along a flow that skips a lane
    assert nav.step(spots, b, nav.RIGHT, linked={"e"}, follow_flows=False) == c  # Ctrl+Right: next lane
    assert nav.step(spots, d, nav.RIGHT) == e  # an empty lane is stepped over
    assert nav.step(spots, e, nav.RIGHT) is None
    assert nav.step(spots, band, nav.HOME) == a and nav.step(spots, a, nav.END) == band
    assert [s.point_id for s in nav.reading_order(spots)] == ["a", "b", "c", "d", "e", "band"]
    assert nav.step(spots, e, nav.NEXT) == band and nav.step(spots, band, nav.NEXT) is None


def test_arrows_move_along_lanes_and_flows(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    keys.press("2", "Down")  # nothing selected: the first point of the intercept jumped to
    assert selected_titles(sample) == ["Arrest"]
    keys.press("Down", "Down")
    assert selected_titles(sample) == ["First appearance"]
    keys.press("Right")  # First appearance feeds three courts in intercept 3: the nearest in height
    assert selected_titles(sample) == ["County jail"]
    keys.press("Down")
    assert selected_titles(sample) == ["Dispositional court"]
    keys.press("Right")  # its flow skips intercept 4: the key follows it to Probation
    assert selected_titles(sample) == ["Probation"]
    keys.press("Left")  # back along a flow: Jail reentry planning feeds Probation, nearest lane first
    assert selected_titles(sample) == ["Jail reentry planning"]
    keys.press("Home", "Ctrl+Left")  # the next lane over, whatever the flows
    assert selected_titles(sample) == ["County jail"]
    keys.press("Up")
    assert selected_titles(sample) == ["County jail"]
    assert sample.status.currentMessage() == "No decision point above 'County jail'"
    keys.press("Shift+Down")  # Shift adds the point reached to the selection
    assert selected_titles(sample) == ["County jail", "Dispositional court"]
    assert sample.canvas.keyboard.focus_id() == point_id(sample, "Dispositional court")
    assert sample.map_view.accessibleDescription() == "Dispositional court, intercept 3"


def test_from_a_resource_or_gap_the_keys_start_at_its_point(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    gap = next(f for f in sample.document.workshop.findings
               if f.title == "No transfer protocol from 911 to 988")
    sample.canvas.select_ids([gap.id])
    assert sample.canvas.keyboard.focus_id() == gap.point_id  # the ring is round its point
    keys.press("Up")  # the chip sits under its point: up is the point
    assert selected_titles(sample) == ["911 dispatch"]
    sample.canvas.select_ids([gap.id])
    keys.press("Down")  # the next point below 911 dispatch
    assert selected_titles(sample) == ["Co-responder team"]


def test_tab_walks_the_points_in_reading_order_then_leaves_the_map(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    scene = sample.canvas.scene
    order = [p.title for p in sorted(sample.document.workshop.points,
                                     key=lambda p: (int(p.intercept), scene.item_rect(p.id).top()))]
    seen = []
    for _ in order:
        keys.press("Tab")
        seen += selected_titles(sample)
    assert seen == order
    keys.press("Shift+Tab")
    assert selected_titles(sample) == [order[-2]]
    keys.press("Tab", "Tab")  # past the last point the keyboard leaves the map: no trap
    assert not sample.map_view.hasFocus()


# ----------------------------------------------------------------------------- the focus ring
def _ring_pixels(window: MainWindow, colour: str, ring: FocusRing) -> int:
    """Pixels of ``colour`` on the band where the ring runs round the focused point, as grabbed."""
    view = window.map_view
    middle = ring.mapRectToScene(ring.ring_rect())
    outer = view.mapFromScene(middle.adjusted(-3, -3, 3, 3)).boundingRect()
    inner = view.mapFromScene(middle.adjusted(3, 3, -3, -3)).boundingRect()
    image = view.viewport().grab().toImage()
    want = QColor(colour)
    found = 0
    for x in range(max(0, outer.left()), min(image.width(), outer.right())):
        for y in range(max(0, outer.top()), min(image.height(), outer.bottom())):
            if inner.contains(x, y):
                continue
            pixel = image.pixelColor(QPoint(x, y))
            if max(abs(pixel.red() - want.red()), abs(pixel.green() - want.green()),
                   abs(pixel.blue() - want.blue())) < 40:
                found += 1
    return found


def test_focus_ring_is_drawn_round_the_focused_point(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    keyboard = sample.canvas.keyboard
    keys.press("1", "Down")
    assert keyboard.ring_shown()
    ring = keyboard.ring()
    assert ring.parentItem() is sample.canvas.scene.item_for(point_id(sample, "911 dispatch"))
    # Round the box and its chips (two under 911 dispatch), outside the selection border.
    assert ring.ring_rect().height() > 84 + 2 * 34
    assert _ring_pixels(sample, FOCUS_COLOURS["light"], ring) > 300  # a dashed ring, 4 px wide
    keys.press("Ctrl+Shift+O")  # the keyboard goes to the outline: no ring on the map
    assert not keyboard.ring_shown()
    assert _ring_pixels(sample, FOCUS_COLOURS["light"], ring) == 0
    keys.press("Ctrl+Shift+M")
    assert keyboard.ring_shown()
    height = ring.ring_rect().height()
    keys.press("Ctrl+Shift+R")
    keys.type("Reverse 911")  # a third chip under 911 dispatch: the ring keeps round them all
    assert keyboard.focus_id() == point_id(sample, "911 dispatch")
    assert ring.ring_rect().height() > height + 30
    height = ring.ring_rect().height()
    sample.canvas.set_text_scale(1.6)  # presentation's larger text: taller chips, a taller ring
    assert ring.ring_rect().height() > height + 20
    sample.canvas.set_text_scale(1.0)
    sample.themes.set_theme("high-contrast", remember=False)  # what presentation mode shows
    qtbot.wait(10)  # (the window's first fit to the map may come now)
    keys.press("1")  # intercept 1 in view again; the selection in it stays
    assert _ring_pixels(sample, FOCUS_COLOURS["high-contrast"], ring) > 300
    # A click on the map hides the ring until the next key.
    view = sample.map_view
    centre = view.mapFromScene(sample.canvas.scene.item_rect(keyboard.focus_id()).center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert not keyboard.ring_shown()
    keys.press("Down")
    assert keyboard.ring_shown() and selected_titles(sample) == ["Co-responder team"]


def test_the_ring_is_fitted_again_after_changes_of_boxes_or_chips_only(qtbot, sample: MainWindow,
                                                                       monkeypatch) -> None:
    keys = Keyboard(qtbot, sample)
    keyboard = sample.canvas.keyboard
    keys.press("1", "Down")
    assert keyboard.ring_shown()
    fitted = []
    place = type(keyboard)._place_ring
    monkeypatch.setattr(type(keyboard), "_place_ring", lambda kb: (fitted.append(1), place(kb)))
    document = sample.document
    candidate = document.workshop.voting.candidates[0]
    document.update("candidates", candidate.id, title="Renamed priority")  # not on the map
    assert fitted == []
    focus = keyboard.focus_id()
    height = keyboard.ring().ring_rect().height()
    chip = next(f for f in document.workshop.findings if f.point_id == focus)
    document.update("findings", chip.id, title="A much longer title that takes a chip two lines " * 2)
    assert fitted and keyboard.ring().ring_rect().height() > height


def test_the_ring_and_keys_survive_delete_undo_and_another_file(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    keyboard = sample.canvas.keyboard
    keys.press("1", "Down", "Delete")  # 911 dispatch goes, with its ring
    assert keyboard.focus_id() is None and not keyboard.ring_shown()
    keys.press("Ctrl+Z")
    keys.press("1", "Down")
    assert selected_titles(sample) == ["911 dispatch"] and keyboard.ring_shown()
    assert sample.open_path(SAMPLE_WORKSHOP)  # the whole map is built again
    sample.map_view.setFocus()
    keys.press("1", "Down", "Down")
    assert selected_titles(sample) == ["Co-responder team"] and keyboard.ring_shown()


def test_an_empty_map_lets_tab_through(qtbot, window: MainWindow) -> None:
    keys = Keyboard(qtbot, window)
    keys.press("Down")
    assert window.status.currentMessage() == "The map has no decision points yet: Ctrl+Shift+P adds one"
    keys.press("Tab")
    assert not window.map_view.hasFocus()


# ----------------------------------------------------------------------------- connecting by typing
def test_ctrl_l_with_one_point_connects_to_a_typed_title(qtbot, window: MainWindow) -> None:
    keys = Keyboard(qtbot, window)
    keys.press("1", "Ctrl+Shift+P")
    keys.type("911 dispatch", then="Tab")
    keys.type("Patrol officers")
    keys.press("Up", "Ctrl+L")
    connector = window.canvas.connector
    assert connector.is_open() and connector.bar().edit.hasFocus()
    keys.type("Helicopter", then="")
    assert connector.preview() is None  # no arrow while the typing names no point
    keys.press(*["Backspace"] * len("Helicopter"))
    keys.type("pat", then="")
    assert connector.bar().shown_direction() == "from 911 dispatch \u2192 to pat"
    assert connector.preview() is not None
    assert window.status.currentMessage().startswith("Connect from 911 dispatch")
    before = window.undo_stack.count()
    keys.press("Return")
    assert flows(window) == {("911 dispatch", "Patrol officers")}
    assert window.undo_stack.count() == before + 1  # one undo step
    assert not connector.is_open() and window.map_view.hasFocus() and connector.preview() is None
    assert selected_titles(window) == ["911 dispatch"]  # ready for the next flow from the same point
    assert window.status.currentMessage() == ("Added the flow '911 dispatch \u2192 Patrol officers'"
                                              " (Ctrl+Z takes it back)")
    keys.press("Ctrl+Z")
    assert flows(window) == set()


def test_two_points_show_the_direction_and_it_flips(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    keys.press("3", "Down", "Shift+Right")  # County jail, then Jail reentry planning added
    assert selected_titles(sample) == ["County jail", "Jail reentry planning"]
    before = flows(sample)
    keys.press("Ctrl+L")
    bar = sample.canvas.connector.bar()
    assert bar.shown_direction() == "from County jail \u2192 to Jail reentry planning"
    assert bar.edit.text() == "Jail reentry planning"  # prefilled; Enter would draw it this way
    jail = sample.canvas.scene.item_rect(point_id(sample, "County jail"))
    reentry = sample.canvas.scene.item_rect(point_id(sample, "Jail reentry planning"))
    start, head = sample.canvas.connector.preview().ends()  # the arrow on the map says it too
    assert jail.right() == start.x() and reentry.left() == head.x()
    keys.press("Ctrl+L")  # flips: the selection order no longer decides unseen
    assert bar.shown_direction() == "from Jail reentry planning \u2192 to County jail"
    start, head = sample.canvas.connector.preview().ends()
    assert reentry.left() == start.x() and jail.right() == head.x()
    assert sample.status.currentMessage() == "Direction: from Jail reentry planning \u2192 to County jail"
    bar.flip_button.click()
    bar.flip_button.click()  # the button flips too (and back)
    assert bar.is_flipped() and bar.edit.hasFocus()
    keys.press("Return")
    assert flows(sample) - before == {("Jail reentry planning", "County jail")}
    keys.press("Ctrl+Z")
    assert flows(sample) == before


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_the_bar_shows_titles_as_plain_text_and_fits_the_map(qtbot, window: MainWindow,  # noqa: ANN001
                                                              size: tuple[int, int]) -> None:
    window.resize(*size)
    keys = Keyboard(qtbot, window)
    title = "Regional mobile crisis <b>outreach</b> & stabilisation team for the whole county"
    keys.press("1", "Ctrl+Shift+P")
    keys.type(title)
    keys.press("Ctrl+L")
    bar = window.canvas.connector.bar()
    # The tooltip too: escaped, as a zero-width space in front did not stop Qt reading <b> (issue 13).
    assert bar.fixed.textFormat() == Qt.TextFormat.PlainText and bar.fixed.toolTip() == plain(title)
    assert bar.shown_direction() == f"from {title} \u2192 to ?"
    lines = ([bar.caption, bar.from_word, bar.fixed, bar.flip_button], [bar.arrow, bar.edit, bar.flip_button])
    for line in lines:
        for left, right in zip(line, line[1:], strict=False):
            assert left.geometry().right() < right.geometry().left()  # nothing overlaps, in reading order
    assert bar.fixed.geometry().bottom() < bar.edit.geometry().top()  # from over to
    assert window.map_view.viewport().geometry().contains(bar.geometry())
    assert bar.fixed.font().pixelSize() >= 20 and bar.hint.font().pixelSize() >= 15


def test_escape_leaves_the_bar_without_a_flow(qtbot, sample: MainWindow) -> None:
    keys = Keyboard(qtbot, sample)
    keys.press("1", "Down", "Ctrl+L")
    count = sample.undo_stack.count()
    keys.type("Arrest", then="Escape")
    assert not sample.canvas.connector.is_open() and sample.map_view.hasFocus()
    assert sample.undo_stack.count() == count


def test_the_bar_follows_the_map_resized_while_open_and_the_view_is_unwatched_while_closed(
        qtbot, sample: MainWindow) -> None:  # noqa: ANN001
    connector = sample.canvas.connector
    assert not connector.is_watching_resizes()  # no Python filter on every event of the map view
    keys = Keyboard(qtbot, sample)
    keys.press("1", "Down", "Ctrl+L")
    bar = connector.bar()
    assert connector.is_open() and connector.is_watching_resizes()
    for step in (-300, 200):  # narrower, wider: placed again each time (unplaced, it stays put)
        before = bar.geometry()
        sample.resize(sample.width() + step, sample.height())
        qtbot.waitUntil(lambda before=before: bar.geometry() != before)
    keys.press("Escape")
    assert not connector.is_open() and not connector.is_watching_resizes()
    keys.press("Down", "Ctrl+L")  # opened again: watched again
    assert connector.is_watching_resizes()
    before = bar.geometry()
    sample.resize(sample.width() - 200, sample.height())
    qtbot.waitUntil(lambda: bar.geometry() != before)
    keys.press("Escape")
    assert not connector.is_watching_resizes()


@pytest.mark.parametrize(("setup", "typed", "message"), [
    ("nothing", None,
     "Nothing to connect: select a decision point (arrow keys or Tab on the map), then Ctrl+L"),
    ("gap", None,
     "Flows join decision points, not resources or gaps: Up selects '911 dispatch', then Ctrl+L"),
    ("three", None, "Select one or two decision points to connect (3 are selected)"),
    ("one", "", "Type the title of the point to connect to (Esc leaves)"),
    ("one", "Helicopter", "No decision point is called 'Helicopter'"),
    ("one", "court", "'court' could be 2 points ('Mental health court', 'Dispositional court'): "
                     "type more of the title"),
    ("one", "911 dispatch", "A flow cannot start and end at '911 dispatch': type another point"),
    ("one", "Patrol", "The flow '911 dispatch \u2192 Patrol officers' is already on the map"),
])
def test_each_refusal_says_why(qtbot, sample: MainWindow, setup: str, typed: str | None,  # noqa: ANN001
                               message: str) -> None:
    keys = Keyboard(qtbot, sample)
    ws = sample.document.workshop
    dispatch = point_id(sample, "911 dispatch")
    gap = next(f.id for f in ws.findings if f.point_id == dispatch and f.kind == "gap")
    chosen = {"nothing": [], "gap": [gap], "three": [p.id for p in ws.points[:3]], "one": [dispatch]}[setup]
    sample.canvas.select_ids(chosen)
    count = sample.undo_stack.count()
    keys.press("Ctrl+L")
    if typed is not None:
        keys.type(typed)
        bar = sample.canvas.connector.bar()
        assert bar.isVisible() and bar.hint.text() == message  # the bar says it too; the typing can be mended
        keys.type("x", then="")
        assert bar.hint.text().startswith("Enter connects")
    else:
        assert not sample.canvas.connector.is_open()
    assert sample.status.currentMessage() == message
    assert sample.undo_stack.count() == count


def test_matching_a_typed_title() -> None:
    choices = [Choice("a", "Arrest (intercept 2)", "Arrest"), Choice("b", "Arrest (intercept 3)", "Arrest"),
               Choice("c", "Booking", "Booking"), Choice("d", "Probation", "Probation")]
    assert match_point("  arrest (INTERCEPT 3) ", choices) == ("b", "")
    assert match_point("book", choices) == ("c", "")  # the one title that starts so
    assert match_point("bat", choices) == ("d", "")  # the one title that contains it
    assert match_point("Arrest", choices)[0] is None  # two points share the title: say which
    assert match_point("Arrest", choices, exclude="a")[0] is None
    assert match_point("Arr", choices, exclude="a") == ("b", "")  # part of a title never means the own point


# ----------------------------------------------------------------------------- intercept 1, keys alone
def intercept_1(workshop) -> tuple[set, set, set]:  # noqa: ANN001
    """Intercept 1's point titles, its resources and gaps with their point, and the flows inside it."""
    points = {p.id: p.title for p in workshop.points if p.intercept == "1"}
    findings = {(f.kind, f.title, points.get(f.point_id or "", ""))
                for f in workshop.findings if f.intercept == "1"}
    inside = {(points[f.source], points[f.target]) for f in workshop.flows
              if f.source in points and f.target in points}
    return set(points.values()), findings, inside


def test_build_the_samples_intercept_1_with_the_keyboard_alone(qtbot, window: MainWindow) -> None:
    keys = Keyboard(qtbot, window)
    assert window.document.workshop.points == [] and window.map_view.hasFocus()
    keys.press("1", "Ctrl+Shift+P")  # intercept 1, a point
    keys.type("911 dispatch", then="Tab")  # Tab keeps it and adds the next point below
    keys.type("Patrol officers", then="Tab")
    keys.type("Co-responder team")
    keys.press("Home")  # the first point of the lane: 911 dispatch
    keys.press("Ctrl+Shift+R")
    keys.type("Dispatch mental-health codes")
    keys.press("Ctrl+Shift+G")  # still at 911 dispatch: the resource's point
    keys.type("No transfer protocol from 911 to 988")
    keys.press("Down")  # from the gap under 911 dispatch to the next point, Patrol officers
    keys.press("Ctrl+Shift+R")
    keys.type("CIT training")
    keys.press("Ctrl+Shift+G")
    keys.type("Sheriff deputies not CIT trained")
    keys.press("Down")
    keys.press("Ctrl+Shift+G")
    keys.type("Co-responder covers only the city")
    keys.press("Home", "Ctrl+L")  # flows from 911 dispatch: name the other end
    keys.type("Pat", title=False)
    keys.press("Ctrl+L")
    keys.type("Co", title=False)

    expected = intercept_1(load_workshop(SAMPLE_WORKSHOP))
    assert intercept_1(window.document.workshop) == expected
    assert {p.intercept for p in window.document.workshop.points} == {"1"}
    commands = keys.count - keys.typed
    print(f"intercept 1 from the keyboard: {keys.count} keys, {keys.typed} of them the titles' "
          f"characters, {commands} commands")
    assert keys.typed == TITLE_CHARACTERS  # every title typed once, no more
    assert keys.count <= TITLE_CHARACTERS + COMMAND_KEYS_BOUND
