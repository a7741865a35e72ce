"""What the room sees on the projector: chip titles wrap (the chip grows) instead of being cut, and a
flow that skips a lane runs clear of that lane's boxes and chips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPathStroker, QUndoStack

from intercept_mapper.model import Document, Finding
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.commands import InsertItemsCommand, UpdateItemCommand
from intercept_mapper.ui.map import MapScene
from intercept_mapper.ui.map.finding_chip import CHIP_PAD, FindingChip
from intercept_mapper.ui.map.point_item import PointItem
from intercept_mapper.ui.window.presentation import PRESENTATION_TEXT_SCALE

LIVED = "People with lived experience not on planning bodies"


@pytest.fixture(params=[1.0, PRESENTATION_TEXT_SCALE], ids=["normal", "presentation"])
def sample(request, qapp):
    document = Document(load_workshop(SAMPLE_WORKSHOP))
    stack = QUndoStack()
    scene = MapScene(document, stack)
    scene.set_text_scale(request.param)
    yield document, stack, scene
    scene.dispose()


def by_title(document: Document, collection: str, title: str):
    """The one item of ``collection`` with this title."""
    return next(i for i in document.items(collection) if i.title == title)


def box_rects(scene: MapScene) -> list[tuple[str, QRectF]]:
    """Every point box and chip outline in scene coordinates."""
    return [(i.title, scene.item_rect(i.item_id)) for i in scene.items()
            if isinstance(i, PointItem | FindingChip)]


def assert_title_whole(chip: FindingChip) -> None:
    """The laid-out lines hold the whole title, inside the chip, clear of its border."""
    assert " ".join(chip.text_lines()) == " ".join(chip.title.split()), chip.text_lines()
    inside = chip.rect().adjusted(0, CHIP_PAD - 0.5, -8, -CHIP_PAD + 0.5)
    assert all(inside.contains(r) for r in chip.text_rects()), chip.title


def assert_no_overlap(scene: MapScene) -> None:
    rects = box_rects(scene)
    for n, (title_a, a) in enumerate(rects):
        for title_b, b in rects[n + 1:]:
            assert not a.intersects(b), (title_a, title_b)


def test_band_chip_wraps_whole_title_and_band_grows(sample):
    document, _, scene = sample
    chip = scene.item_for(by_title(document, "findings", LIVED).id)
    assert len(chip.text_lines()) >= 2
    assert_title_whole(chip)
    assert LIVED in chip.toolTip()
    band = scene.intercept_rect("X")
    for finding in document.items("findings"):
        if finding.intercept == "X":
            assert band.contains(scene.item_rect(finding.id)), finding.title
    for item in scene.items():
        if isinstance(item, FindingChip):
            assert_title_whole(item)
    assert_no_overlap(scene)


def test_long_lane_chip_grows_to_three_lines_and_the_stack_follows(sample):
    document, stack, scene = sample
    point = by_title(document, "points", "County jail")
    long_title = "No medication for opioid use disorder continued for people held longer than three days"
    finding = Finding(id="fd-long", kind="gap", intercept=point.intercept, title=long_title,
                      point_id=point.id)
    stack.push(InsertItemsCommand(document, [("findings", finding)], "Add gap"))
    chip = scene.item_for("fd-long")
    assert len(chip.text_lines()) >= 3
    assert_title_whole(chip)
    assert_no_overlap(scene)
    # A shorter title shrinks it back, and the boxes below move up again.
    tall = chip.rect().height()
    stack.push(UpdateItemCommand(document, "findings", "fd-long", {"title": "Short"}, "Rename"))
    assert chip.rect().height() < tall and chip.text_lines() == ["Short"]
    assert_no_overlap(scene)


def test_flow_over_a_skipped_lane_runs_clear_of_its_boxes_and_chips(sample):
    document, stack, scene = sample
    source = by_title(document, "points", "Dispositional court")
    target = by_title(document, "points", "Probation")
    flow = next(f for f in document.items("flows") if (f.source, f.target) == (source.id, target.id))
    stack.push(UpdateItemCommand(document, "flows", flow.id, {"yearly_count": 1234}, "Count"))
    item = scene.item_for(flow.id)
    stroker = QPainterPathStroker()
    stroker.setWidth(3.0)
    band = stroker.createStroke(item.path())
    skipped = [i for i in scene.items() if getattr(i, "intercept", None) == "4"
               and isinstance(i, PointItem | FindingChip)]
    assert skipped
    for box in skipped:
        rect = scene.item_rect(box.item_id)
        assert not band.intersects(rect), box.title
        assert not item.label_rect().intersects(rect), box.title
    # It starts on the source's right edge and its arrowhead comes in level onto the target's left edge.
    src, tgt = scene.item_rect(source.id), scene.item_rect(target.id)
    path = item.path()
    assert path.pointAtPercent(0).x() == pytest.approx(src.right())
    end = path.pointAtPercent(1)
    assert end.x() == pytest.approx(tgt.left()) and tgt.top() < end.y() < tgt.bottom()
    assert path.angleAtPercent(1.0) % 360 == pytest.approx(0, abs=1)


def test_legend_grows_with_the_text_scale_below_the_band(qapp):
    from intercept_mapper.ui.map.finding_chip import LegendItem

    document = Document(load_workshop(SAMPLE_WORKSHOP))
    scene = MapScene(document, QUndoStack())
    legend = next(i for i in scene.items() if isinstance(i, LegendItem))
    heights = []
    for scale in (1.0, PRESENTATION_TEXT_SCALE, 2.0):
        scene.set_text_scale(scale)
        row = legend.sceneBoundingRect()
        heights.append(row.height())
        assert row.top() > scene.intercept_rect("X").bottom()
        assert scene.sceneRect().contains(row)  # fit-to-window shows all of it
        assert all(legend.boundingRect().contains(r) for r in legend.text_rects())
    assert heights[0] < heights[1] < heights[2]
    scene.set_text_scale(1.0)
    assert legend.boundingRect().height() == heights[0]
    scene.dispose()


def test_wrapped_lines_match_measuring_each_candidate_line_whole(qapp):
    # wrap_text sums word widths for plain ASCII; it must break exactly where whole-line measuring does.
    from PySide6.QtGui import QFontMetricsF

    from intercept_mapper.ui.map.map_theme import shared_font_px
    from intercept_mapper.ui.map.point_item import wrap_text

    def reference(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if metrics.horizontalAdvance(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
        return [*lines, current] if current else lines

    document = Document(load_workshop(SAMPLE_WORKSHOP))
    titles = [i.title for c in ("points", "findings") for i in document.items(c)]
    for px, bold in ((14, False), (17, True), (18, False), (22, True)):
        font = shared_font_px(px, bold)
        metrics = QFontMetricsF(font)
        for title in titles:
            # Widths at and around where each title's own prefixes end: the closest calls there are.
            words = title.split()
            edges = {metrics.horizontalAdvance(" ".join(words[:n])) for n in range(2, len(words) + 1)}
            for width in sorted({w + d for w in edges for d in (-0.5, 0.0, 0.25)} | {120.0, 174.0}):
                if any(metrics.horizontalAdvance(w) > width for w in words):
                    continue  # a word broken by characters: not what this compares
                expected = reference(title, metrics, width)
                assert wrap_text(title, font, width, 99)[0] == expected, (title, width)
