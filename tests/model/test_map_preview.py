"""The quick read of a file's map for the first paint: same values as the real loader, or nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intercept_mapper.model import workshop as ws_module
from intercept_mapper.model.document import Document
from intercept_mapper.model.intercept_presets import PRESETS
from intercept_mapper.model.map_preview import (
    blank_map_preview,
    preview_field_names,
    read_map_preview,
    same_map,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP

GOLDEN = Path(__file__).parent.parent / "data" / "golden-v2.simmap"


def scheme_dict(scheme) -> dict:
    """A preview's scheme as ``model_dump`` gives the real one."""
    return {"preset": scheme.preset, "intercepts": [i._asdict() for i in scheme.intercepts],
            "cross_label": scheme.cross_label}


def test_preview_records_mirror_the_pydantic_classes_field_for_field() -> None:
    for class_name, names in preview_field_names().items():
        assert names == list(getattr(ws_module, class_name).model_fields), class_name


def _golden_all_placed(folder: Path) -> Path:
    # The golden file has a box without a place (no preview for it): give it one, keep every other field.
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for point in data["points"]:
        if point["x"] == 0 and point["y"] == 0:
            point.update(x=40, y=160)
    path = folder / "golden-placed.simmap"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["sample", "golden"])
def test_preview_of_a_saved_file_equals_what_the_loader_reads(tmp_path: Path, which: str) -> None:
    path = SAMPLE_WORKSHOP if which == "sample" else _golden_all_placed(tmp_path)
    preview = read_map_preview(path)
    real = load_workshop(path)
    assert preview is not None
    assert scheme_dict(preview.scheme) == real.scheme.model_dump()
    for section in ("points", "flows", "findings"):
        assert [r._asdict() for r in getattr(preview, section)] == [
            r.model_dump() for r in getattr(real, section)], section
    assert preview.scheme.label("X") == real.scheme.label("X")
    assert preview.scheme.ids() == real.scheme.ids()


def _sample_data() -> dict:
    return json.loads(SAMPLE_WORKSHOP.read_text(encoding="utf-8"))


def _spoil(data: dict, how: str) -> dict:
    if how == "missing field":
        del data["points"][0]["organisation"]
    elif how == "extra field":
        data["findings"][0]["colour"] = "red"
    elif how == "bool for a number":
        data["points"][0]["x"] = True
    elif how == "text for a number":
        data["flows"][0]["yearly_count"] = "12"
    elif how == "older schema":
        data["schema_version"] = 0
    elif how == "newer schema":
        data["schema_version"] = 99
    elif how == "other format":
        data["format"] = "something-else"
    elif how == "box without a place":
        data["points"][0].update(x=0, y=0, pinned=False)
    elif how == "scheme not an object":
        data["scheme"] = []
    elif how == "flow to no box":
        data["flows"][0]["target"] = "pt-missing"
    elif how == "finding under no box":
        data["findings"][0]["point_id"] = "pt-missing"
    elif how == "box in no lane":
        data["points"][0]["intercept"] = "9"
    elif how == "unknown finding kind":
        data["findings"][0]["kind"] = "opportunity"
    elif how == "same id twice":
        data["flows"][1]["id"] = data["flows"][0]["id"]
    elif how == "box far beyond the map":
        data["points"][0]["y"] = 5e7
    elif how == "10 MB title":
        data["points"][0]["title"] = "T" * 10_000_000
    elif how == "non-character":
        data["findings"][0]["title"] = "Gap \uffff"
    return data


@pytest.mark.parametrize("how", [
    "missing field", "extra field", "bool for a number", "text for a number", "older schema",
    "newer schema", "other format", "box without a place", "scheme not an object", "flow to no box",
    "finding under no box", "box in no lane", "unknown finding kind", "same id twice",
    "box far beyond the map", "10 MB title", "non-character",  # what the loader refuses (limits.py)
])
def test_anything_but_a_complete_current_file_gives_no_preview(tmp_path: Path, how: str) -> None:
    path = tmp_path / "spoilt.simmap"
    path.write_text(json.dumps(_spoil(_sample_data(), how)), encoding="utf-8")
    assert read_map_preview(path) is None
    assert read_map_preview(tmp_path / "missing.simmap") is None
    assert read_map_preview(GOLDEN) is None  # one of its boxes has no place yet


def test_records_in_another_field_order_or_with_whole_numbers_read_the_same(tmp_path: Path) -> None:
    # Records as the app writes them take a quicker path; any other spelling of the same values must
    # give the same preview.
    data = _sample_data()
    for section in ("points", "flows", "findings"):
        data[section] = [dict(reversed(record.items())) for record in data[section]]
    data["points"][0]["x"] = int(data["points"][0]["x"])
    path = tmp_path / "reordered.simmap"
    path.write_text(json.dumps(data), encoding="utf-8")
    preview, usual = read_map_preview(path), read_map_preview(SAMPLE_WORKSHOP)
    assert preview is not None and usual is not None
    assert [r._asdict() for r in preview.points[1:]] == [r._asdict() for r in usual.points[1:]]
    assert preview.points[0].x == float(int(usual.points[0].x)) and isinstance(preview.points[0].x, float)
    for section in ("flows", "findings"):
        assert [r._asdict() for r in getattr(preview, section)] == [
            r._asdict() for r in getattr(usual, section)]


def test_unreadable_bytes_give_no_preview(tmp_path: Path) -> None:
    for name, raw in (("binary", b"\xff\xfe\x00garbage"), ("deep", b"[" * 100_000), ("empty", b"")):
        path = tmp_path / f"{name}.simmap"
        path.write_bytes(raw)
        assert read_map_preview(path) is None, name


def test_the_preview_loads_without_pydantic() -> None:
    code = ("import sys; from intercept_mapper.model.map_preview import read_map_preview; "
            "from intercept_mapper.model.document import Document; "
            f"d = Document(read_map_preview({str(SAMPLE_WORKSHOP)!r})); "
            "assert d.get('points', d.workshop.points[0].id) is d.workshop.points[0]; "
            "print('pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_same_map_tells_whether_the_loaded_file_holds_the_previewed_map() -> None:
    preview = read_map_preview(SAMPLE_WORKSHOP)
    real = load_workshop(SAMPLE_WORKSHOP)
    assert preview is not None and same_map(preview, real)
    real.findings[3].title += " (edited)"
    assert not same_map(preview, real)
    real = load_workshop(SAMPLE_WORKSHOP)
    real.flows.pop()
    assert not same_map(preview, real)
    real = load_workshop(SAMPLE_WORKSHOP)
    real.scheme.intercepts[0].label = "Community"
    assert not same_map(preview, real)


def test_a_document_adopts_the_validated_workshop_without_a_notice() -> None:
    preview = read_map_preview(SAMPLE_WORKSHOP)
    document = Document(preview)
    notices: list[object] = []
    document.subscribe(notices.append)
    revision = document.revision
    real = load_workshop(SAMPLE_WORKSHOP)
    document.adopt(real)
    assert notices == [] and document.revision == revision
    assert document.workshop is real
    point = real.points[2]
    assert document.get("points", point.id) is point
    assert document.find(real.findings[0].id) == ("findings", real.findings[0])


def test_the_blank_preview_is_the_map_of_a_new_workshop_of_each_preset() -> None:
    from intercept_mapper.model import new_workshop

    for preset in PRESETS:
        blank = blank_map_preview(preset)
        assert same_map(blank, new_workshop(preset)), preset
        assert not blank.points and not blank.flows and not blank.findings
    assert not same_map(blank_map_preview("texas"), new_workshop("samhsa"))
