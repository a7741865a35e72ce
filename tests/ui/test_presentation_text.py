"""Room-size text (issue 12, part 2): presentation steps read from the back row, long titles are shown
whole in presentation, jumping to an intercept keeps its neighbours in view, the title editor reads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QImage, QUndoStack
from PySide6.QtWidgets import QApplication
from window_helpers import make_window

from intercept_mapper.model import Document
from intercept_mapper.model.map_geometry import CHIP_GAP, LANE_WIDTH, POINT_HEIGHT
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.map import MapScene, map_theme
from intercept_mapper.ui.map.finding_chip import FindingChip
from intercept_mapper.ui.map.map_view import MapView
from intercept_mapper.ui.map.point_item import PointItem
from intercept_mapper.ui.window.presentation import HEADER_SHARE, MIN_CHIP_CAP_PX, MIN_TITLE_CAP_PX

LONG_TITLE = ("Crisis line answered by the county's behavioural health partners, with warm transfers "
              "from 911 dispatch and follow-up calls the next morning")
LONG_CHIP = ("Peer responders ride with the mobile crisis team on weekdays, and on weekends when the "
             "grant allows, with a lived-experience supervisor on call for the whole county")


def test_full_titles_grow_boxes_and_chips_and_keep_stacks_clear(qapp) -> None:
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    point = document.workshop.points[0]
    document.update("points", point.id, title=LONG_TITLE)
    chip_id = next(f.id for f in document.workshop.findings if f.point_id == point.id)
    document.update("findings", chip_id, title=LONG_CHIP)
    scene = MapScene(document, QUndoStack())
    box, chip = scene.item_for(point.id), scene.item_for(chip_id)
    assert box.box_height() == POINT_HEIGHT  # the normal window elides (the tooltip has it all)
    assert "\u2026" in " ".join(line.text for _, line in box._lines)

    scene.set_text_scale(1.25, full_titles=True)
    title_lines = [line.text for _, line in box._lines][: box._title_line_count]
    assert " ".join(title_lines) == LONG_TITLE
    assert box.box_height() > POINT_HEIGHT
    assert all(box.boundingRect().contains(QPointF(*pos)) for pos, _ in box._lines)
    assert " ".join(chip.text_lines()) == LONG_CHIP
    box_rect = scene.item_rect(point.id)
    assert scene.item_rect(chip_id).top() == box_rect.bottom() + CHIP_GAP  # the stack starts below the box
    others = [scene.item_rect(p.id) for p in document.workshop.points
              if p.intercept == point.intercept and p.id != point.id]
    stack = box_rect.united(scene.item_rect(chip_id))
    assert not any(stack.intersects(r) for r in others)

    scene.set_text_scale(1.0)
    assert box.box_height() == POINT_HEIGHT
    scene.dispose()


# ---------------------------------------------------------------------------------------------- steps
CAPITALS = set("ABCDEFGHIKLMNOPRSTUVWXYZ0123456789")  # no descender, no accent: ink = cap height


def ink_height(image: QImage, rect: QRect) -> int:
    """Rows of ``rect`` in ``image`` holding bright (text) pixels, from the first to the last."""
    rows = [y for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1))
            if any(QColor(image.pixel(x, y)).lightness() > 150
                   for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)))]
    return rows[-1] - rows[0] + 1 if rows else 0


def cap_height(font: QFont) -> float:
    """The font's cap height in pixels at its size, unhinted (the view scales the glyphs' outlines)."""
    large = QFont(font)
    large.setPixelSize(200)
    return QFontMetricsF(large).capHeight() / 200 * font.pixelSize()


def shown_texts(view: MapView, header_px: float) -> list[tuple[str, str, QRect, float]]:
    """Every box title and chip title of a box or chip wholly shown below the kept header:
    (kind, text, where its first capital is drawn on screen, its font's cap height times the zoom)."""
    zoom = view.zoom_factor()
    screen = QRectF(view.viewport().rect()).adjusted(0, header_px, 0, 0)
    lit = view.scene()._spotlight_area  # the page's own items; what comes next is dimmed
    screen = screen.intersected(QRectF(view.mapFromScene(lit).boundingRect())) if lit is not None else screen
    found = []
    for item in view.scene().items():
        if isinstance(item, PointItem):
            kind, lines = "title", item._lines[:1]
        elif isinstance(item, FindingChip):
            kind, lines = "chip", item._text_lines[:1]
        else:
            continue
        for (x, y), line in lines:
            first = line.text[:1]
            if first not in CAPITALS:
                continue
            metrics = QFontMetricsF(line.font)
            glyph = QRectF(x, y, metrics.horizontalAdvance(first) * 0.8, metrics.height())
            on_screen = view.mapFromScene(item.mapToScene(glyph)).boundingRect()
            whole = view.mapFromScene(item.mapToScene(item.shape().boundingRect())).boundingRect()
            if screen.contains(QRectF(whole)):  # lit: an item cut off at the bottom is dimmed
                found.append((kind, item.title, on_screen, cap_height(line.font) * zoom))
    return found


def present_at(qtbot, window: MainWindow, width: int, height: int) -> None:
    """Enter presentation mode on a projector of this size."""
    assert window.priorities_panel is not None  # the late panels are built now, not while presenting
    window.presentation.enter()
    qtbot.waitUntil(window.isFullScreen)
    # The offscreen screen is 800x800: the window, chrome still hidden, is given the projector's size.
    window.showNormal()
    window.setGeometry(0, 0, width, height)
    view = window.map_view
    qtbot.waitUntil(lambda: abs(view.viewport().width() - width) <= 4
                    and abs(view.viewport().height() - height) <= 4)
    view.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow() and view.hasFocus())
    qtbot.wait(50)
    assert abs(view.viewport().width() - width) <= 4 and abs(view.viewport().height() - height) <= 4


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)], ids=["1280x720", "1024x768"])
def test_every_step_reads_from_the_back_row(qtbot, monkeypatch, size) -> None:
    """Measured on grabbed frames: point titles at least 28 px and resource/gap text at least 22 px cap
    height on every page of every intercept step (and the band), agreeing with the fonts' metrics."""
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    present_at(qtbot, window, *size)
    presentation, view = window.presentation, window.map_view
    measured: dict[tuple[str, int], dict[str, list[int]]] = {}
    seen: set[str] = set()
    for _ in range(60):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        step, page = presentation.current_step(), presentation.current_page()
        if (step, page) in measured:
            break  # the last page of the band: PageDown stays
        assert abs(view.zoom_factor() - view.viewport().width() / LANE_WIDTH) < 0.01  # the lane fills
        frame = view.viewport().grab().toImage()
        header = max(64.0, round(view.viewport().height() * HEADER_SHARE))
        sizes: dict[str, list[int]] = {"title": [], "chip": []}
        for kind, text, where, metric in shown_texts(view, header):
            ink = ink_height(frame, where)
            assert abs(ink - metric) <= 2.5, (step, page, text, ink, metric)
            sizes[kind].append(ink)
            seen.add(text)
        assert sizes["title"] or sizes["chip"], (step, page)
        assert min(sizes["title"], default=99) >= MIN_TITLE_CAP_PX, (step, page, sizes)
        assert min(sizes["chip"], default=99) >= MIN_CHIP_CAP_PX, (step, page, sizes)
        measured[(step, page)] = sizes
    assert presentation.current_step() == "X"
    ws = window.document.workshop
    titles = [*(p.title for p in ws.points), *(f.title for f in ws.findings)]
    assert {t for t in titles if t[:1] in CAPITALS} <= seen  # every box and chip was measured
    print(size, {k: (min(v["title"], default=None), min(v["chip"], default=None))
                 for k, v in measured.items()})


def test_pages_show_every_item_whole_and_page_up_walks_back(qtbot, monkeypatch) -> None:
    """PageDown shows every page of a tall lane before the next intercept; each box and chip is wholly
    on screen, under the kept header, on some page of its step; PageUp walks the same pages back."""
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    point = next(p for p in window.document.workshop.points if p.title == "County jail")
    window.document.update("points", point.id, title=LONG_TITLE)  # wrapped whole, the box grows
    present_at(qtbot, window, 1280, 720)
    presentation, view, scene = window.presentation, window.map_view, window.canvas.scene
    assert presentation.current_step() == "" and presentation.page_count() == 1
    shown_map = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown_map.contains(scene.sceneRect().adjusted(8, 8, -8, -8))  # the overview: the whole map
    zoom, port = view.zoom_factor(), view.viewport().rect()
    assert max(scene.sceneRect().width() * zoom / port.width(),
               scene.sceneRect().height() * zoom / port.height()) > 0.99  # as large as fits
    walk: list[tuple[str, int]] = []
    whole: set[str] = set()
    for _ in range(60):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        state = (presentation.current_step(), presentation.current_page())
        if walk and state == walk[-1]:
            break
        walk.append(state)
        assert view.kept_header() == state[0]
        header = max(64.0, round(view.viewport().height() * HEADER_SHARE))
        content = view.mapToScene(view.viewport().rect().adjusted(0, int(header), 0, 0)).boundingRect()
        content = content.intersected(scene._spotlight_area)  # lit: the page's own items
        for item in scene.items(content):
            if isinstance(item, PointItem | FindingChip) and content.contains(scene.item_rect(item.item_id)):
                whole.add(item.item_id)
    steps = [*window.document.workshop.scheme.ids(), "X"]
    assert [s for n, (s, _) in enumerate(walk) if n == 0 or walk[n - 1][0] != s] == steps  # lane by lane
    assert len(walk) > len(steps)  # some lanes take more than one page at 1280x720
    for (step_before, page_before), (step, page) in zip(walk, walk[1:], strict=False):
        assert page == (page_before + 1 if step == step_before else 0)  # every page, in order
    ws = window.document.workshop
    assert whole == {p.id for p in ws.points} | {f.id for f in ws.findings}
    box = scene.item_for(point.id)
    assert " ".join(line.text for _, line in box._lines[: box._title_line_count]) == LONG_TITLE
    back = []
    for _ in walk[:-1]:
        qtbot.keyClick(view, Qt.Key.Key_PageUp)
        back.append((presentation.current_step(), presentation.current_page()))
    assert back == walk[-2::-1]
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert presentation.current_step() == ""
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.theme().text_scale == 1.0 and not scene.theme().full_titles
    assert box.box_height() == POINT_HEIGHT


def test_arrow_keys_while_presenting_bring_the_selected_point_s_page(qtbot, monkeypatch) -> None:
    """Walking the map with the arrow keys in presentation mode never leaves the room looking at another
    page: the page (and intercept) of the point reached is shown, lit."""
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    present_at(qtbot, window, 1280, 720)
    presentation, view, scene = window.presentation, window.map_view, window.canvas.scene
    while presentation.current_step() != "3":
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert presentation.current_page() == 0 and presentation.page_count() > 1
    titles = {p.id: p.title for p in window.document.workshop.points}
    seen = []
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Right):
        qtbot.keyClick(view, key)
        (selected,) = scene.selected_ids()
        seen.append((titles[selected], presentation.current_step(), presentation.current_page()))
        # The selected box is wholly on screen, under the kept header, and lit.
        header = max(64.0, round(view.viewport().height() * HEADER_SHARE))
        content = view.mapToScene(view.viewport().rect().adjusted(0, int(header), 0, 0)).boundingRect()
        assert content.intersected(scene._spotlight_area).contains(scene.item_rect(selected)), seen[-1]
    assert [s for s, _, _ in seen[:3]] == ["County jail", "Dispositional court", "Mental health court"]
    assert [page for _, _, page in seen[:3]] == sorted(page for _, _, page in seen[:3])
    assert seen[-1][1] == "4"  # Right went on to the next intercept


# ---------------------------------------------------------------------------------- the normal window
def test_jumping_to_an_intercept_keeps_its_neighbours_in_view(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    view, scene = window.map_view, window.canvas.scene
    view.fit_to_window()
    view.setFocus()
    lanes = window.document.workshop.scheme.ids()
    for key, jumped, shown in ((Qt.Key.Key_3, "3", ["2", "3", "4"]), (Qt.Key.Key_0, "0", ["0", "1", "2"]),
                               (Qt.Key.Key_5, "5", ["3", "4", "5"])):
        qtbot.keyClick(view, key)
        assert view.current_intercept == jumped
        assert view.zoom_factor() <= 1.0 + 1e-9  # never the 250 % that lost the room the map
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        for lane in lanes:
            rect = scene.intercept_rect(lane)
            if lane in shown:
                assert visible.left() <= rect.left() + 1 and visible.right() >= rect.right() - 1, (key, lane)
        # From the lane's header down, or from its first box with the header kept on top.
        header_shown = visible.top() <= scene.intercept_rect(jumped).top() + 1
        assert header_shown or view.kept_header() == jumped
        assert visible.contains(scene.intercept_items_rect(jumped).topLeft())


def test_the_title_editor_at_fit_floats_at_a_readable_size(qtbot, monkeypatch) -> None:
    """F2 at fit-to-window: the editor is never smaller on screen than the app's own text, and stays on
    screen; zoomed in, it sits over the title at the title's own size as before."""
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    view, scene = window.map_view, window.canvas.scene
    ui_px = QFontInfo(QApplication.font()).pixelSize()
    probation = next(p for p in window.document.workshop.points if p.title == "Probation")  # right edge
    for point_id in (window.document.workshop.points[0].id, probation.id):
        view.fit_to_window()
        assert scene.theme().font(map_theme.POINT_TITLE_PX).pixelSize() * view.zoom_factor() < ui_px
        scene.select_ids([point_id])
        window.canvas.fast_entry.rename_selected()
        editor = window.canvas.fast_entry.editor()
        assert editor is not None and editor.is_floating()
        on_screen = view.mapFromScene(editor.scenePos())
        assert editor.font().pixelSize() >= ui_px  # unscaled by the zoom: this is its size on screen
        shown = QRectF(on_screen, editor.boundingRect().size())
        assert QRectF(view.viewport().rect()).contains(shown)
        frame = view.viewport().grab().toImage()
        ink = ink_height(frame, QRect(int(shown.left()) + 4, int(shown.top()) + 4,
                                      int(QFontMetricsF(editor.font()).horizontalAdvance(editor.text()[:1])),
                                      int(QFontMetricsF(editor.font()).height())))
        assert ink >= cap_height(editor.font()) - 2  # drawn at that size
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    view.set_zoom(1.5)
    scene.select_ids([probation.id])
    window.canvas.fast_entry.rename_selected()
    editor = window.canvas.fast_entry.editor()
    assert not editor.is_floating()
    assert editor.font().pixelSize() == scene.item_for(probation.id).title_font().pixelSize()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
