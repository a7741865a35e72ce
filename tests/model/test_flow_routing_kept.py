"""What the router keeps between routings (model/flow_routing.py, issue 18): each gutter's legs and tracks
(``_Gutter``: tracks given again only from the first changed leg, until the tracks' last legs end as
before) and each column's block spans. After seeded random edits on gutters of hundreds of legs, the
tracks equal a gutter filled afresh and the legs said unchanged kept their track; on a map of lanes of
150 boxes with room under each, boxes nudged and blocks grown as an added chip does, undone, boxes
taken off and put back and flows added and removed, the routes equal a fresh router's and exactly the
flows whose route differs are reported."""

from __future__ import annotations

import random

import pytest

from intercept_mapper.model.flow_routing import Box, FlowRouter, _Gutter
from intercept_mapper.model.map_geometry import (
    CHIP_GAP,
    GROWTH_ROOM,
    LANE_HEADER_HEIGHT,
    POINT_HEIGHT,
    POINT_WIDTH,
    ROW_GAP,
    lane_point_x,
)
from tests.model.test_flow_routing import fresh_routes

CHIP = 39.0  # a chip as the canvas draws it at the usual text


def random_leg(rng: random.Random, n: int) -> tuple[float, float, str, int]:
    low = float(rng.randrange(0, 40000, 8))
    return low, low + rng.choice((0.0, 8.0, rng.uniform(0, 600))), f"f{n}", n % 2


@pytest.mark.parametrize("seed", range(10))
def test_a_gutter_kept_between_changes_gives_the_tracks_of_one_filled_afresh(seed: int) -> None:
    rng = random.Random(seed)
    legs = {random_leg(rng, n) for n in range(rng.choice((40, 300, 1500)))}
    gutter = _Gutter()
    assert gutter.update((), legs) == range(len(legs))
    new_id = 10 ** 6
    for step in range(60):
        taken = set(rng.sample(sorted(legs), rng.randrange(0, 4)))
        put = set()
        for low, high, flow_id, part in taken:  # most come back nudged, as a box's ports move
            if rng.random() < 0.8:
                shift = rng.choice((5.0, -5.0, 16.0, 42.0, 0.5))
                put.add((low + shift, high + shift, flow_id, part))
        for _ in range(rng.randrange(0, 2)):
            new_id += 1
            put.add(random_leg(rng, new_id))
        before = {(leg[2], leg[3]): track for leg, track in zip(gutter.legs, gutter.tracks, strict=True)}
        again = gutter.update(taken, put)
        legs = (legs - taken) | put
        fresh = _Gutter()
        fresh.update((), legs)
        assert (gutter.legs, gutter.tracks, gutter.count) == (fresh.legs, fresh.tracks, fresh.count), (
            f"seed {seed}, step {step}")
        # A leg not in the range said given again has the track it had (the router's x of it stands).
        assert all(before.get((leg[2], leg[3])) == track
                   for n, (leg, track) in enumerate(zip(gutter.legs, gutter.tracks, strict=True))
                   if n not in again), f"seed {seed}, step {step}"


def test_a_nudged_leg_in_a_busy_gutter_gives_few_legs_tracks_again() -> None:
    """The shortcut taken: one leg of 1,500 moved by a few units is followed only until the tracks' last
    legs end as before, not to the gutter's end."""
    rng = random.Random(7)
    legs = sorted({random_leg(rng, n) for n in range(1500)})
    gutter = _Gutter()
    gutter.update((), legs)
    low, high, flow_id, part = legs[200]
    again = gutter.update([legs[200]], [(low + 5.0, high + 5.0, flow_id, part)])
    assert len(again) < 100


def lanes_with_room(rng: random.Random, columns: int, per_lane: int) -> dict[str, Box]:
    """Lanes of boxes spaced as automatic layout spaces them (room under each block), 0-3 chips each."""
    boxes = {}
    for lane in range(columns):
        y = 130.0
        for n in range(per_lane):
            block = POINT_HEIGHT + (rng.randrange(4) * (CHIP + CHIP_GAP) + CHIP_GAP if n % 3 else 0.0)
            boxes[f"{lane}.{n:03}"] = Box(lane_point_x(lane), y, POINT_WIDTH, POINT_HEIGHT, y + block)
            y += block + ROW_GAP + GROWTH_ROOM
    return boxes


@pytest.mark.parametrize("seed", range(4))
def test_routing_kept_gutters_and_spans_after_chip_sized_edits_equals_a_fresh_router(seed: int) -> None:
    rng = random.Random(seed)
    columns, per_lane = 3, 150
    boxes = lanes_with_room(rng, columns, per_lane)
    ids = sorted(boxes)
    flows: dict[str, tuple[str, str]] = {}
    while len(flows) < 700:  # mostly onward to the next lane or down one: hundreds of legs a gutter
        s = rng.choice(ids)
        lane, n = int(s[0]), int(s[2:])
        t = rng.choice((f"{min(columns - 1, lane + 1)}.{rng.randrange(per_lane):03}",
                        f"{lane}.{min(per_lane - 1, n + rng.randrange(1, 20)):03}", rng.choice(ids)))
        if s != t:
            flows[f"f{len(flows)}"] = (s, t)
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, box in boxes.items():
        router.set_box(point_id, box)
    for flow_id, (s, t) in flows.items():
        router.set_flow(flow_id, s, t)
    blocked: dict[int, list[tuple[float, float]]] = {}
    seen = router.routes()
    undo: list[tuple[str, Box]] = []
    for step in range(40):
        kind = rng.randrange(5)
        point_id = rng.choice(ids)
        if kind in (0, 1):  # a chip added: the block grows, the next box nudged a few units
            b = boxes[point_id]
            undo.append((point_id, b))
            boxes[point_id] = b._replace(bottom=b.bottom + CHIP + CHIP_GAP)
            router.set_box(point_id, boxes[point_id])
            lane, n = point_id.split(".")
            below = f"{lane}.{int(n) + 1:03}"
            if below in boxes:
                nb = boxes[below]
                undo.append((below, nb))
                shift = rng.choice((0.0, 5.0, 16.0))
                boxes[below] = nb._replace(y=nb.y + shift, bottom=nb.bottom + shift)
                router.set_box(below, boxes[below])
        elif kind == 2 and undo:  # the last nudge undone
            undone, b = undo.pop()
            boxes[undone] = b
            router.set_box(undone, b)
        elif kind == 3:  # a flow added or removed
            flow_id = f"g{rng.randrange(6)}"
            if flow_id in flows:
                del flows[flow_id]
                router.remove_flow(flow_id)
            else:
                flows[flow_id] = (point_id, rng.choice([p for p in ids if p != point_id]))
                router.set_flow(flow_id, *flows[flow_id])
        else:  # a box taken off the map and put back; loose chips at a lane's foot
            router.remove_box(point_id)
            router.changed_routes()
            seen = router.routes()
            router.set_box(point_id, boxes[point_id])
            blocked = {rng.randrange(columns): [(60000.0 + step, 60200.0)]}
            router.set_blocked("loose", blocked)
        changed = router.changed_routes()
        now = router.routes()
        assert now == fresh_routes(router, boxes, flows, blocked), f"seed {seed}, step {step}"
        assert {f for f in set(seen) | set(now) if seen.get(f) != now.get(f)} == set(changed)
        seen = now
