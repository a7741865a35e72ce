"""The far drawing's index of boxes and flows by height: what a partial repaint looks at."""

from __future__ import annotations

import random

from intercept_mapper.ui.map.height_index import HeightIndex


def _reaching(extents: dict[str, tuple[float, float]], top: float, bottom: float) -> set[str]:
    return {key for key, (low, high) in extents.items() if low <= bottom and high >= top}


def test_every_id_reaching_a_stretch_is_found_after_places_moves_and_drops() -> None:
    """Against the extents themselves, over random places, moves (near and across many bands, into and
    out of the long list) and drops: ``among`` finds every id that reaches the asked stretch, never
    one that was dropped, and the others it returns share a band with the stretch or are long."""
    rng = random.Random(7)
    index = HeightIndex(band=100.0, most_bands=5)
    extents: dict[str, tuple[float, float]] = {}
    for step in range(3000):
        key = f"k{rng.randrange(200)}"
        if rng.random() < 0.15:
            index.drop(key)
            extents.pop(key, None)
        else:
            top = rng.uniform(-500, 10_000)
            bottom = top + rng.choice([0.0, rng.uniform(0, 150), rng.uniform(0, 3000)])
            index.place(key, top, bottom)
            extents[key] = (top, bottom)
        if step % 10 == 0:
            top = rng.uniform(-1000, 11_000)
            bottom = top + rng.uniform(0, 2000)
            found = index.among(top, bottom)
            assert _reaching(extents, top, bottom) <= found
            assert found <= set(extents)
            near = _reaching(extents, (top // 100) * 100, (bottom // 100 + 1) * 100)
            long = {k for k, (low, high) in extents.items() if high // 100 - low // 100 >= 5}
            assert found <= near | long
    assert len(index) == len(extents)


def test_a_moved_id_leaves_its_old_bands_and_a_long_one_is_always_asked() -> None:
    index = HeightIndex(band=100.0, most_bands=3)
    index.place("box", 50, 80)
    assert index.among(0, 99) == {"box"}
    index.place("box", 950, 990)  # moved down the map
    assert index.among(0, 99) == set()
    assert index.among(900, 999) == {"box"}
    index.place("flow", 0, 5000)  # from the map's top to its bottom: kept with the long ones
    assert index.among(2000, 2001) == {"flow"}
    index.place("flow", 0, 10)  # shortened: leaves the long ones
    assert index.among(2000, 2001) == set()
    assert index.among(0, 1) == {"flow"}
    index.drop("flow")
    index.drop("flow")  # (twice: nothing to drop)
    assert "flow" not in index and index.among(-1e9, 1e9) == {"box"}  # a stretch far beyond the map
