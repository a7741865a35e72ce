"""Replay seeded random edit sequences on one ``FlowRouter`` and compare it with a fresh router after
every edit (bench/README.md, "Mutation testing", sixth run): the check behind calling a mutant of the
router's bookkeeping "more work, same routes". Evidence, not proof: it shows the mutant gives a fresh
router's routes (and reports exactly the flows whose route changed) on every step tried.

    .venv/bin/python -m tests.model.routing_replay [SEEDS] [STEPS]    # default 40 seeds of 150 steps

Inside mutmut's ``mutants/`` folder with ``MUTANT_UNDER_TEST=NAME`` (and ``PYTHONPATH=.:../.mutation``)
it checks that mutant. Exit status 0: every step agreed; 1: the first disagreement is printed.
``tests/model/test_flow_routing_exact2.py`` runs the first 40 seeds as a test.
"""

from __future__ import annotations

import random
import sys

from intercept_mapper.model.flow_routing import Box, FlowRouter
from intercept_mapper.model.map_geometry import LANE_HEADER_HEIGHT, POINT_HEIGHT, POINT_WIDTH, lane_point_x


def _box(lane: int, y: float, block: float = POINT_HEIGHT) -> Box:
    return Box(lane_point_x(lane), y, POINT_WIDTH, POINT_HEIGHT, y + block)


def _router(boxes, flows, columns, blocked) -> FlowRouter:
    router = FlowRouter(columns, LANE_HEADER_HEIGHT)
    for point_id, b in boxes.items():
        router.set_box(point_id, b)
    for flow_id, (s, t) in flows.items():
        router.set_flow(flow_id, s, t)
    for key, by_column in blocked.items():
        router.set_blocked(key, by_column)
    return router


def replay(seed: int, steps: int) -> str | None:
    """One sequence; the first step at which the router and a fresh one disagree, said, or None."""
    rng = random.Random(seed)
    columns = rng.randrange(2, 6)
    per_lane = rng.randrange(2, 6)
    boxes = {f"{lane}.{n}": _box(lane, 130.0 + 200.0 * n + rng.choice((0, 16, 40)),
                                 POINT_HEIGHT + 38.0 * rng.randrange(4))
             for lane in range(columns) for n in range(per_lane)}
    ids = sorted(boxes)
    flows = {f"f{n}": (rng.choice(ids), rng.choice(ids)) for n in range(rng.randrange(4, 30))}
    on_map = dict(boxes)
    blocked: dict[str, dict[int, list[tuple[float, float]]]] = {}
    router = _router(on_map, flows, columns, blocked)
    seen = router.routes()
    for step in range(steps):
        kind = rng.randrange(9)
        point_id = rng.choice(ids)
        if kind == 0:  # moved within its lane or to another, its block grown or shrunk
            b = boxes[point_id]
            boxes[point_id] = b._replace(x=lane_point_x(rng.randrange(columns + 1)),
                                         y=max(130.0, b.y + rng.choice((-60, -8, 4, 40, 120))),
                                         bottom=b.bottom + rng.choice((-40, 0, 60, 98)))
            if point_id in on_map:
                on_map[point_id] = boxes[point_id]
                router.set_box(point_id, boxes[point_id])
        elif kind == 1:  # removed, or put back
            if point_id in on_map:
                del on_map[point_id]
                router.remove_box(point_id)
            else:
                on_map[point_id] = boxes[point_id]
                router.set_box(point_id, boxes[point_id])
        elif kind == 2:  # a flow removed, or added (sometimes to itself)
            flow_id = f"g{rng.randrange(8)}"
            if flow_id in flows:
                del flows[flow_id]
                router.remove_flow(flow_id)
            else:
                flows[flow_id] = (point_id, rng.choice(ids))
                router.set_flow(flow_id, *flows[flow_id])
        elif kind == 3:  # a flow given another end, or the ends it has
            flow_id = rng.choice(sorted(flows))
            s, t = flows[flow_id]
            r = rng.random()
            flows[flow_id] = (s, point_id) if r < 0.4 else (point_id, t) if r < 0.8 else (s, t)
            router.set_flow(flow_id, *flows[flow_id])
        elif kind == 4:  # loose chips or the band: blocked heights under one of two keys, or none
            key = rng.choice(("loose", "band"))
            top = rng.choice((300.0, 520.0, 700.0, 1200.0))
            blocked[key] = {} if rng.random() < 0.3 else {
                rng.randrange(columns): [(top, top + rng.choice((40.0, 150.0)))]}
            router.set_blocked(key, blocked[key])
        elif kind == 5:  # a lane added or taken away
            columns = max(1, min(6, columns + rng.choice((-1, 1))))
            router.set_columns(columns)
        elif kind == 6:  # a box set where it is
            if point_id in on_map:
                router.set_box(point_id, on_map[point_id])
        elif kind == 7:  # two edits before routing again
            continue
        changed = router.changed_routes()
        now = router.routes()
        want = _router(on_map, flows, columns, blocked).routes()
        if now != want:
            return f"seed {seed} step {step}: routes differ from a fresh router's"
        reported = {f for f in set(seen) | set(now) if seen.get(f) != now.get(f)}
        if reported != set(changed):
            return f"seed {seed} step {step}: changed {sorted(changed)}, not {sorted(reported)}"
        seen = now
    return None


def main() -> int:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    for seed in range(seeds):
        try:
            problem = replay(seed, steps)
        except Exception as exc:  # a mutant may crash: that is a disagreement too
            problem = f"seed {seed}: {type(exc).__name__}: {exc}"
        if problem:
            print(problem)
            return 1
    print(f"{seeds} sequences of {steps} steps: every step as a fresh router")
    return 0


if __name__ == "__main__":
    sys.exit(main())
