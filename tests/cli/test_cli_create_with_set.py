"""``new`` and ``import-worksheet`` with ``--set``: the information fields at creation, checked first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop

WORKSHEET = SAMPLES / "riverbend-worksheet.csv"


def test_new_applies_every_set(cli, tmp_path: Path) -> None:
    out = tmp_path / "lake.simmap"
    result = cli("new", out, "--set", "jurisdiction=Lake County", "--set", "dates=2026-03-18,2026-04-09",
                 "--set", "attendance=38", "--set", "votes_per_participant=3", "--set", "status=draft")
    assert result.code == 0, result.err
    ws = load_workshop(out)
    assert ws.info.title == "Lake County Sequential Intercept Mapping"  # from the jurisdiction set
    assert ws.info.dates == [date(2026, 3, 18), date(2026, 4, 9)]
    assert (ws.info.attendance, ws.voting.votes_per_participant) == (38, 3)


def test_set_title_wins_over_the_title_option(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.simmap"
    assert cli("new", out, "--title", "From the option", "--set", "title=From set").code == 0
    assert load_workshop(out).info.title == "From set"


def test_new_with_a_bad_set_writes_nothing(cli, out_dir: Path) -> None:
    result = cli("new", out_dir / "x.simmap", "--set", "attendance=lots", "--set", "report_date=2026-3-1")
    assert_clean_failure(result, names="x.simmap", before={}, out_dir=out_dir)
    assert [line.split(": ")[2] for line in result.error_lines] == ["attendance", "report_date"]


def test_new_force_keeps_the_old_file_as_bak_and_applies_the_sets(cli, tmp_path: Path) -> None:
    out = tmp_path / "county.simmap"
    assert cli("new", out, "--title", "First").code == 0
    first = out.read_bytes()
    before = snapshot(out)
    assert_clean_failure(cli("new", out, "--set", "title=Second"), names=out, before=before)
    assert cli("new", out, "--force", "--set", "title=Second").code == 0
    assert out.with_name("county.simmap.bak").read_bytes() == first
    assert load_workshop(out).info.title == "Second"
    # A bad --set with --force leaves both files as they were.
    before = snapshot(out, out.with_name("county.simmap.bak"))
    assert_clean_failure(cli("new", out, "--force", "--set", "top_n=-2"), names=out, before=before)


def test_a_value_file_is_never_the_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "county.simmap"
    assert cli("new", out).code == 0
    before = snapshot(out)
    result = cli("new", out, "--force", "--set", f"background=@{out}")
    assert_clean_failure(result, names=out, before=before)
    assert "input file" in result.err


def test_import_worksheet_applies_every_set(cli, tmp_path: Path) -> None:
    out = tmp_path / "riverbend.simmap"
    background = tmp_path / "background.txt"
    background.write_text("Riverbend asked for this workshop.\n", encoding="utf-8")
    result = cli("import-worksheet", WORKSHEET, "-o", out, "--set", "title=Riverbend SIM",
                 "--set", f"background=@{background}", "--set", "facilitators=Morgan Ellis;Denise Park")
    assert result.code == 0, result.err
    ws = load_workshop(out)
    assert (ws.info.title, ws.info.background) == ("Riverbend SIM", "Riverbend asked for this workshop.")
    assert ws.info.facilitators == ["Morgan Ellis", "Denise Park"]
    assert ws.points  # the worksheet itself was imported


def test_import_worksheet_reports_bad_sets_with_bad_rows_and_writes_nothing(cli, tmp_path: Path,
                                                                            out_dir: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("intercept,kind,title\n9,point,Nowhere\n", encoding="utf-8")
    before = snapshot(sheet)
    result = cli("import-worksheet", sheet, "-o", out_dir / "x.simmap", "--set", "status=done")
    assert_clean_failure(result, names=sheet, before=before, out_dir=out_dir)
    assert any("x.simmap: status: 'done' is not a report status" in line for line in result.error_lines)
    assert any(f"{sheet}:2" in line for line in result.error_lines)


def test_import_worksheet_force_keeps_the_old_file_as_bak(cli, tmp_path: Path) -> None:
    out = tmp_path / "riverbend.simmap"
    assert cli("new", out, "--title", "Old").code == 0
    old = out.read_bytes()
    assert cli("import-worksheet", WORKSHEET, "-o", out, "--force", "--set", "title=New").code == 0
    assert out.with_name("riverbend.simmap.bak").read_bytes() == old
    assert load_workshop(out).info.title == "New"


def test_malformed_set_is_a_usage_error_for_new_and_import(cli, out_dir: Path) -> None:
    assert cli("new", out_dir / "x.simmap", "--set", "title").code == 2
    assert cli("import-worksheet", WORKSHEET, "-o", out_dir / "x.simmap", "--set", "nothing").code == 2
    assert list(out_dir.iterdir()) == []
