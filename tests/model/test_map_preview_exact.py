"""The first-paint preview's edges (model/map_preview.py): what is exactly at a limit is painted, as the
real loader opens it; a scheme's wrong types and a box at the top edge."""

from __future__ import annotations

import json
from pathlib import Path

from intercept_mapper.model.limits import MAX_ITEMS, MAX_LONG_TEXT, MAX_SHORT_TEXT
from intercept_mapper.model.map_preview import MAX_PREVIEW_BYTES, read_map_preview
from intercept_mapper.resources import SAMPLE_WORKSHOP


def sample() -> dict:
    return json.loads(SAMPLE_WORKSHOP.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, pad_to: int = 0) -> Path:
    path = tmp_path / "map.simmap"
    raw = json.dumps(data).encode("utf-8")
    path.write_bytes(raw + b" " * max(0, pad_to - len(raw)))
    return path


def test_texts_exactly_at_their_limits_are_painted_and_one_more_is_not(tmp_path: Path) -> None:
    data = sample()
    data["points"][0]["title"] = "T" * MAX_SHORT_TEXT
    data["points"][0]["description"] = "D" * MAX_LONG_TEXT  # a long text field: far over a title's limit
    assert read_map_preview(write(tmp_path, data)) is not None
    data["points"][0]["title"] += "T"
    assert read_map_preview(write(tmp_path, data)) is None


def test_a_file_of_exactly_the_preview_size_limit_is_read(tmp_path: Path) -> None:
    assert read_map_preview(write(tmp_path, sample(), pad_to=MAX_PREVIEW_BYTES)) is not None
    assert read_map_preview(write(tmp_path, sample(), pad_to=MAX_PREVIEW_BYTES + 1)) is None


def test_a_map_of_exactly_the_item_limit_is_painted(tmp_path: Path) -> None:
    data = sample()
    data["flows"], data["findings"] = [], []
    room = MAX_ITEMS - len(data["scheme"]["intercepts"])
    first = data["points"][0]
    data["points"] = [{**first, "id": f"pt-{n}", "y": 130.0 + n} for n in range(room)]
    assert read_map_preview(write(tmp_path, data)) is not None
    data["points"].append({**first, "id": "pt-one-more"})
    assert read_map_preview(write(tmp_path, data)) is None


def test_a_box_on_the_top_or_left_edge_has_a_place(tmp_path: Path) -> None:
    data = sample()
    data["points"][0].update(x=250.0, y=0, pinned=False)
    data["points"][1].update(x=0, y=300.0, pinned=False)
    preview = read_map_preview(write(tmp_path, data))
    assert preview is not None and (preview.points[0].x, preview.points[0].y) == (250.0, 0.0)


def test_a_scheme_with_a_preset_or_band_label_that_is_not_text_gives_no_preview(tmp_path: Path) -> None:
    for field in ("preset", "cross_label"):
        data = sample()
        data["scheme"][field] = 3
        assert read_map_preview(write(tmp_path, data)) is None, field
