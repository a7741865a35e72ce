"""``new``: an empty workshop from a preset; never written over an existing file by accident."""

from __future__ import annotations

from pathlib import Path

from cli_support import assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop


def test_new_writes_a_valid_empty_workshop(cli, tmp_path: Path) -> None:
    out = tmp_path / "county.simmap"
    result = cli("new", out, "--title", "Riverbend SIM workshop", "--jurisdiction", "Riverbend County")
    assert result.code == 0, result.err
    ws = load_workshop(out)
    assert (ws.info.title, ws.info.jurisdiction) == ("Riverbend SIM workshop", "Riverbend County")
    assert ws.scheme.preset == "samhsa"
    assert ws.scheme.ids() == ["0", "1", "2", "3", "4", "5"]
    assert ws.points == [] and ws.findings == []
    assert cli("validate", out).out.strip() == "OK"


def test_presets_shape_the_intercepts(cli, tmp_path: Path) -> None:
    assert cli("new", tmp_path / "five.simmap", "--preset", "five-intercept").code == 0
    assert load_workshop(tmp_path / "five.simmap").scheme.ids() == ["1", "2", "3", "4", "5"]
    assert cli("new", tmp_path / "tx.simmap", "--preset", "texas").code == 0
    texas = load_workshop(tmp_path / "tx.simmap").scheme
    assert texas.label("0") == "Mobile Crisis Outreach Teams / Co-Response"


def test_title_defaults_from_the_jurisdiction(cli, tmp_path: Path) -> None:
    assert cli("new", tmp_path / "a.simmap", "--jurisdiction", "Lake County").code == 0
    assert load_workshop(tmp_path / "a.simmap").info.title == "Lake County Sequential Intercept Mapping"


def test_unknown_preset_is_a_usage_error_listing_the_presets(cli, out_dir: Path) -> None:
    result = cli("new", out_dir / "x.simmap", "--preset", "ohio")
    assert result.code == 2
    assert "ohio" in result.err
    assert all(name in result.err for name in ("samhsa", "five-intercept", "texas"))
    assert list(out_dir.iterdir()) == []


def test_does_not_replace_an_existing_file_without_force(cli, tmp_path: Path) -> None:
    out = tmp_path / "county.simmap"
    assert cli("new", out, "--title", "First").code == 0
    before = snapshot(out)
    result = cli("new", out, "--title", "Second")
    assert_clean_failure(result, names=out, before=before)
    assert "already exists" in result.err
    assert cli("new", out, "--title", "Second", "--force").code == 0
    assert load_workshop(out).info.title == "Second"


def test_missing_folder_is_an_error_naming_the_output(cli, tmp_path: Path) -> None:
    result = cli("new", tmp_path / "missing" / "x.simmap")
    assert_clean_failure(result, names="x.simmap", before={})
    assert not (tmp_path / "missing").exists()


def test_force_keeps_the_replaced_file_as_bak(cli, tmp_path: Path) -> None:
    # README: "--force replaces an existing file, keeping it as .bak".
    out = tmp_path / "county.simmap"
    bak = tmp_path / "county.simmap.bak"
    assert cli("new", out, "--title", "First").code == 0
    assert not bak.exists()  # nothing was replaced
    first = out.read_bytes()
    assert cli("new", out, "--title", "Second", "--force").code == 0
    assert bak.read_bytes() == first  # the replaced file, byte for byte
    second = out.read_bytes()
    assert load_workshop(out).info.title == "Second"
    assert cli("new", out, "--title", "Third", "--force").code == 0
    assert bak.read_bytes() == second  # the one just replaced, not the first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county.simmap", "county.simmap.bak"]
