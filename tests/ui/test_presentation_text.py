"""Room-size text (issue 12, part 2): presentation steps read from the back row, long titles are shown
whole in presentation, jumping to an intercept keeps its neighbours in view, the title editor reads."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from intercept_mapper.model import Document
from intercept_mapper.model.map_geometry import CHIP_GAP, POINT_HEIGHT
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.map import MapScene

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
    assert all(box.boundingRect().contains(pos) for pos, _ in box._lines)
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
