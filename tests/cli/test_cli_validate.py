"""``validate``: OK for a sound file; one ``error:`` line per problem for a damaged or broken one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot


@pytest.fixture
def good_file(cli, tmp_path: Path) -> Path:
    """A valid workshop file with points, findings and participants (imported from the sample CSVs)."""
    path = tmp_path / "good.simmap"
    result = cli("import-worksheet", SAMPLES / "riverbend-worksheet.csv",
                 "--participants", SAMPLES / "riverbend-participants.csv", "-o", path)
    assert result.code == 0, result.err
    return path


def test_valid_file_prints_ok(cli, good_file: Path) -> None:
    before = snapshot(good_file)
    result = cli("validate", good_file)
    assert (result.code, result.out, result.err) == (0, "OK\n", "")
    assert snapshot(good_file) == before


def _damaged(good: Path) -> dict[str, bytes]:
    text = good.read_bytes()
    data = json.loads(text)
    other = dict(data, format="some-other-tool")
    newer = dict(data, schema_version=data["schema_version"] + 50)
    depth = 5000
    return {
        "truncated": text[: len(text) // 2],
        "not an object (list)": b"[1, 2, 3]",
        "not an object (number)": b"42",
        "another format": json.dumps(other).encode(),
        "newer version": json.dumps(newer).encode(),
        "nested thousands deep": (b'{"a": ' * depth) + b"1" + (b"}" * depth),
        "nested lists thousands deep": b"[" * 100_000 + b"]" * 100_000,
        "empty file": b"",
        "binary garbage": bytes((n * 53 + 7) % 256 for n in range(4096)),
        "not UTF-8": b'{"format": "intercept-mapper", "title": "\xff\xfe"}',
    }


@pytest.mark.parametrize("case", [
    "truncated", "not an object (list)", "not an object (number)", "another format", "newer version",
    "nested thousands deep", "nested lists thousands deep", "empty file", "binary garbage", "not UTF-8",
])
def test_damaged_file_fails_cleanly(cli, good_file: Path, tmp_path: Path, case: str) -> None:
    bad = tmp_path / "bad.simmap"
    bad.write_bytes(_damaged(good_file)[case])
    before = snapshot(bad)
    result = cli("validate", bad)
    assert_clean_failure(result, names=bad, before=before)
    assert result.out == ""
    if case == "newer version":
        assert "version" in result.err


def test_broken_references_are_each_named(cli, good_file: Path, tmp_path: Path) -> None:
    data = json.loads(good_file.read_bytes())
    data["findings"][0]["point_id"] = "pt-nowhere"
    data["flows"][0]["target"] = "pt-gone"
    bad = tmp_path / "broken.simmap"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = cli("validate", bad)
    assert_clean_failure(result, names=bad, before=snapshot(bad))
    assert len(result.error_lines) >= 2
    assert "pt-nowhere" in result.err and "pt-gone" in result.err


def test_missing_file_and_folder(cli, tmp_path: Path) -> None:
    assert_clean_failure(cli("validate", tmp_path / "nope.simmap"), names="nope.simmap", before={})
    assert_clean_failure(cli("validate", tmp_path), names=tmp_path, before={})
