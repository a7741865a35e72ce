"""``LaneTidy.of`` (model/lane_layout.py): a lane's tidy made from all its boxes at once sorts them as the
whole tidy does, by wanted y and then by order, whatever their ids and the order they are given in
(mutation run mutL: every ``LaneTidy`` test gave the boxes with ids and orders that ran with the wanted
y, so a tidy sorted by id, by order alone or with ties broken by the pinned flag passed them all)."""

from __future__ import annotations

from intercept_mapper.model.lane_layout import LaneTidy, tidy_lane
from intercept_mapper.model.map_geometry import GROWTH_ROOM, POINT_HEIGHT, ROW_GAP, first_row_y

TOP = first_row_y()
STEP = POINT_HEIGHT + ROW_GAP  # a box and its row gap


def whole(boxes: dict[str, tuple[float, int, bool, float]]) -> dict[str, float]:
    """Every box's place by the whole tidy (sorted by wanted y, then order)."""
    order = sorted(boxes, key=lambda b: boxes[b][:2])
    return dict(zip(order, tidy_lane([(boxes[b][0], boxes[b][2], boxes[b][3]) for b in order]), strict=True))


def test_a_tidy_made_at_once_orders_boxes_by_wanted_y_then_order_not_by_id_or_input() -> None:
    # Ids run against the lane's order; orders against the wanted y; "b" and "c" want one y, and "c",
    # made first, comes first though it is given after "b".
    boxes = {
        "a": (TOP + 3 * STEP, 5, False, POINT_HEIGHT),
        "b": (TOP, 9, False, POINT_HEIGHT),
        "c": (TOP, 2, False, POINT_HEIGHT),
        "d": (TOP + STEP, 0, False, POINT_HEIGHT),
    }
    tidy = LaneTidy.of((box_id, *values) for box_id, values in boxes.items())
    assert sorted(tidy.tidy()) == ["a", "b", "c", "d"]  # every box is placed by the first tidy
    places = {b: tidy.place(b) for b in boxes}
    assert places == {"c": TOP, "b": TOP + STEP, "d": TOP + 2 * STEP, "a": TOP + 3 * STEP}
    assert places == whole(boxes)


def test_a_tidy_made_at_once_takes_later_edits_like_one_told_box_by_box() -> None:
    # The kept tidy finds a box by its (wanted y, order) key: its boxes must be sorted by that key.
    boxes = {
        "a": (TOP + 3 * STEP, 5, False, POINT_HEIGHT),
        "b": (TOP, 9, False, POINT_HEIGHT),
        "c": (TOP, 2, False, POINT_HEIGHT),
        "d": (TOP + STEP, 0, False, POINT_HEIGHT),
    }
    tidy = LaneTidy.of((box_id, *values) for box_id, values in boxes.items())
    tidy.tidy()
    boxes["c"] = (TOP, 2, False, POINT_HEIGHT + 80.0)  # a taller block pushes every box below it
    tidy.put("c", *boxes["c"])
    assert sorted(tidy.tidy()) == ["a", "b", "d"]
    boxes["d"] = (TOP + 10 * STEP, 0, True, POINT_HEIGHT)  # dragged far down and pinned there
    tidy.put("d", *boxes["d"])
    tidy.tidy()
    tidy.remove("b")
    del boxes["b"]
    tidy.tidy()
    places = whole(boxes)
    assert {b: tidy.place(b) for b in boxes} == places
    in_lane = sorted(boxes, key=lambda b: boxes[b][:2])
    assert tidy.bottoms() == [places[b] + boxes[b][3] for b in in_lane]


def test_a_pinned_box_moved_where_it_is_still_held_below_another_places_only_itself() -> None:
    """A pinned box dropped onto another pinned box is held just below it; moved a little within that box,
    it stays where it is and nothing the pinned boxes keep the others out of changes, so the tidy looks
    at that box alone, not at the 100 boxes above it (a tidy that went over the whole lane whenever a
    pinned box changed gave the same places, so only the boxes looked at tell)."""
    step = POINT_HEIGHT + ROW_GAP + GROWTH_ROOM
    boxes = {f"b{n:03}": (TOP + n * step, n, False, POINT_HEIGHT) for n in range(100)}
    below = TOP + 100 * step
    boxes["pinned"] = (below, 100, True, POINT_HEIGHT)
    boxes["dropped"] = (below + 10.0, 101, True, POINT_HEIGHT)
    tidy = LaneTidy()
    for box_id, values in boxes.items():
        tidy.put(box_id, *values)
    tidy.tidy()
    held = below + POINT_HEIGHT + ROW_GAP / 4
    assert tidy.place("dropped") == held
    reached: list[int] = []

    class Watched(list):
        def __setitem__(self, n, value):
            reached.append(n)
            super().__setitem__(n, value)

    tidy._cursor_in = Watched(tidy._cursor_in)  # noqa: SLF001 - which boxes the tidy went over
    boxes["dropped"] = (below + 30.0, 101, True, POINT_HEIGHT)
    tidy.put("dropped", *boxes["dropped"])
    assert tidy.tidy() == []
    assert reached == [101]
    assert {b: tidy.place(b) for b in boxes} == whole(boxes)
