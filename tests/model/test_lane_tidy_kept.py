"""``LaneTidy`` (model/lane_layout.py, issue 18): a lane's tidy kept between edits, worked out again only
from the first box an edit reaches, gives ``tidy_lane``'s places for the same boxes after every step of
seeded random edits on lanes of a few hundred boxes (boxes added, deleted, moved, pinned and unpinned,
blocks grown and shrunk, and edits undone), and names exactly the boxes whose place changed."""

from __future__ import annotations

import random

import pytest

from intercept_mapper.model.lane_layout import LaneTidy, tidy_lane
from intercept_mapper.model.map_geometry import CHIP_GAP, GROWTH_ROOM, POINT_HEIGHT, ROW_GAP, first_row_y

CHIP = 39.0  # a chip as the canvas draws it at the usual text (taller than the room expects)
Lane = dict[str, tuple[float, int, bool, float]]  # box id -> (wanted y, order, pinned, block height)


def whole(boxes: Lane) -> dict[str, float]:
    """Every box's place by the whole tidy, as the scene gave it before (sorted by wanted y, then order)."""
    order = sorted(boxes, key=lambda b: boxes[b][:2])
    return dict(zip(order, tidy_lane([(boxes[b][0], boxes[b][2], boxes[b][3]) for b in order]), strict=True))


def packed_lane(rng: random.Random, size: int, pinned_share: float) -> Lane:
    """Boxes spaced as automatic layout spaces them (room under each), some with chips, a few pinned."""
    boxes = {}
    y = first_row_y()
    for n in range(size):
        height = POINT_HEIGHT + rng.choice((0, 0, 1, 2, 3)) * (CHIP + CHIP_GAP)
        boxes[f"b{n:03}"] = (y, n, rng.random() < pinned_share, height)
        y += height + ROW_GAP + GROWTH_ROOM + rng.choice((0.0, 0.0, 40.0))
    return boxes


def edit(rng: random.Random, boxes: dict, order: int) -> tuple[str, tuple | None]:
    """One random edit of ``boxes`` in place; the box it changed and what that box was before (None: new)."""
    box_id = rng.choice(sorted(boxes))
    wanted, seq, pinned, height = boxes[box_id]
    kind = rng.randrange(7)
    if kind == 0:  # a box added: at a lane's end, between two boxes, or on another's wanted y
        new_id = f"n{order}"
        y = rng.choice((wanted, wanted + 60.0, max(b[0] for b in boxes.values()) + 300.0))
        boxes[new_id] = (y, order, rng.random() < 0.1, POINT_HEIGHT)
        return new_id, None
    old = boxes[box_id]
    if kind == 1:
        del boxes[box_id]
    elif kind in (2, 3):  # a chip added or taken away
        step = CHIP + CHIP_GAP
        boxes[box_id] = (wanted, seq, pinned, max(POINT_HEIGHT, height + rng.choice((step, step, -step))))
    elif kind == 4:  # pinned or unpinned where it is
        boxes[box_id] = (wanted, seq, not pinned, height)
    elif kind == 5:  # dragged somewhere else (pinned there), or moved by a nudge
        boxes[box_id] = (max(first_row_y(), wanted + rng.choice((-900.0, -40.0, 16.0, 2000.0))), seq,
                         rng.random() < 0.7, height)
    else:  # a box's title grown to a taller box
        boxes[box_id] = (wanted, seq, pinned, height + 18.0)
    return box_id, old


@pytest.mark.parametrize("seed", range(12))
def test_the_kept_tidy_gives_the_whole_tidys_places_after_every_edit_and_undo(seed: int) -> None:
    rng = random.Random(seed)
    boxes = packed_lane(rng, rng.choice((150, 300)), pinned_share=rng.choice((0.0, 0.02, 0.1)))
    if seed % 2:  # made from all its boxes at once, or told of them one by one
        tidy = LaneTidy.of((box_id, *values) for box_id, values in boxes.items())
    else:
        tidy = LaneTidy()
        for box_id, values in boxes.items():
            tidy.put(box_id, *values)
    before = whole(boxes)
    assert set(tidy.tidy()) == set(boxes)
    assert {b: tidy.place(b) for b in boxes} == before
    done: list[tuple[str, tuple | None]] = []
    for step in range(160):
        touched = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):  # (several edits between two tidies: one change)
            if done and rng.random() < 0.2:  # undo the last edit
                box_id, old = done.pop()
                if old is None:
                    boxes.pop(box_id, None)
                else:
                    boxes[box_id] = old
            else:
                box_id, old = edit(rng, boxes, 1000 + step)
                done.append((box_id, old))
            touched.append(box_id)
        for box_id in touched:
            if box_id in boxes:
                tidy.put(box_id, *boxes[box_id])
            else:
                tidy.remove(box_id)
        moved = tidy.tidy()
        after = whole(boxes)
        assert {b: tidy.place(b) for b in boxes} == after, f"seed {seed}, step {step}"
        # Named: exactly the boxes whose place differs from the last tidy's (a new box always).
        assert set(moved) == {b for b in after if before.get(b) != after[b]}, f"seed {seed}, step {step}"
        assert sorted(tidy.bottoms()) == sorted(after[b] + boxes[b][3] for b in boxes)
        before = after


def test_a_chip_added_at_the_top_of_a_long_lane_places_only_the_boxes_it_reaches() -> None:
    """The shortcut itself: a block grown past its room pushes the next box; the box after that keeps its
    place in its own room, so the one below it meets the cursor it met before and the tidy stops there
    (three boxes of 300 looked at, not the 290 below the grown one)."""
    rng = random.Random(3)
    boxes = packed_lane(rng, 300, pinned_share=0.0)
    tidy = LaneTidy()
    for box_id, values in boxes.items():
        tidy.put(box_id, *values)
    tidy.tidy()
    reached: list[int] = []

    class Watched(list):
        def __setitem__(self, n, value):
            reached.append(n)
            super().__setitem__(n, value)

    tidy._cursor_in = Watched(tidy._cursor_in)  # noqa: SLF001 - which boxes the tidy went over
    wanted, seq, pinned, height = boxes["b010"]
    boxes["b010"] = (wanted, seq, pinned, height + 2 * (CHIP + CHIP_GAP))
    tidy.put("b010", *boxes["b010"])
    moved = tidy.tidy()
    assert moved == ["b011"]
    assert {b: tidy.place(b) for b in boxes} == whole(boxes)
    assert reached == [10, 11, 12]
