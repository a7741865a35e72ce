"""``info``: the workshop's information read as text or JSON, and set atomically with ``--set``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop

RIVERBEND = SAMPLES / "riverbend.simmap"


@pytest.fixture
def workshop(cli, tmp_path: Path) -> Path:
    """A fresh workshop file with a title and nothing else set."""
    path = tmp_path / "lake.simmap"
    assert cli("new", path, "--title", "Lake County SIM").code == 0
    return path


def test_set_then_json_shows_it_and_the_file_holds_it(cli, workshop: Path, tmp_path: Path) -> None:
    before = workshop.read_bytes()
    result = cli("info", workshop, "--set", "title=Lake County Sequential Intercept Mapping",
                 "--set", "jurisdiction=Lake County", "--set", "dates=2026-03-18, 2026-04-02",
                 "--set", "attendance=41", "--set", "facilitators=Morgan Ellis; Denise Park",
                 "--set", "prepared_by=State Center", "--set", "sponsors=CJCC",
                 "--set", "report_date=2026-05-01", "--set", "status=final",
                 "--set", "recommendations=Keep the Council as the home of this work.",
                 "--set", "votes_per_participant=3", "--set", "top_n=4")
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""
    shown = json.loads(cli("info", workshop, "--json").out)
    assert shown == {
        "title": "Lake County Sequential Intercept Mapping", "jurisdiction": "Lake County",
        "dates": ["2026-03-18", "2026-04-02"], "attendance": 41,
        "facilitators": ["Morgan Ellis", "Denise Park"], "prepared_by": "State Center", "sponsors": "CJCC",
        "report_date": "2026-05-01", "status": "final", "background": "", "data_summary": "",
        "recommendations": "Keep the Council as the home of this work.", "further_resources": "",
        "votes_per_participant": 3, "top_n": 4,
    }
    ws = load_workshop(workshop)
    assert ws.info.attendance == 41 and ws.voting.votes_per_participant == 3
    assert workshop.with_name("lake.simmap.bak").read_bytes() == before  # the save path keeps a .bak
    # Empty clears what may be unset.
    assert cli("info", workshop, "--set", "attendance=", "--set", "report_date=",
               "--set", "votes_per_participant=", "--set", "dates=").code == 0
    shown = json.loads(cli("info", workshop, "--json").out)
    assert (shown["attendance"], shown["report_date"], shown["votes_per_participant"], shown["dates"]) == (
        None, None, None, [])


def test_a_fresh_workshop_shows_what_is_unset_in_words(cli, workshop: Path) -> None:
    result = cli("info", workshop)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "title:                 Lake County SIM",
        "jurisdiction:          (empty)",
        "dates:                 (empty)",
        "attendance:            (not recorded)",
        "facilitators:          (empty)",
        "prepared_by:           (empty)",
        "sponsors:              (empty)",
        "report_date:           (not set: the export prints the day it is made)",
        "status:                draft",
        "background:            (empty)",
        "data_summary:          (empty)",
        "recommendations:       (empty)",
        "further_resources:     (empty)",
        "votes_per_participant: (not recorded)",
        "top_n:                 5",
    ]


def test_reading_never_changes_the_file(cli) -> None:
    before = snapshot(RIVERBEND)
    text = cli("info", RIVERBEND)
    assert text.code == 0, text.err
    assert "title:" in text.out and "Riverbend County Sequential Intercept Mapping" in text.out
    assert "dates:                 2026-03-12, 2026-04-02" in text.out
    assert "background:\n    Riverbend County (population about 180,000)" in text.out
    assert "votes_per_participant: 3" in text.out
    data = json.loads(cli("info", RIVERBEND, "--json").out)
    assert data["attendance"] == 45 and data["report_date"] is None
    assert snapshot(RIVERBEND) == before


def test_at_path_sets_long_text(cli, workshop: Path, tmp_path: Path) -> None:
    text = "Riverbend County has one city.\n\nForty-five people took part.\n" * 100
    source = tmp_path / "background.txt"
    source.write_text(text, encoding="utf-8")
    assert cli("info", workshop, "--set", f"background=@{source}", "--set", "sponsors=@@home").code == 0
    ws = load_workshop(workshop)
    assert ws.info.background == text.strip()
    assert ws.info.sponsors == "@home"
    assert source.read_text(encoding="utf-8") == text  # the value file is only read


@pytest.mark.parametrize(("assignment", "line"), [
    ("colour=red", "error: {f}: colour: there is no such field"),
    ("dates=2026-03-18,2026-13-01", "error: {f}: dates: '2026-13-01' is not a date in the calendar"),
    ("dates=18 March 2026", "error: {f}: dates: '18 March 2026' is not a date written as YYYY-MM-DD"),
    ("report_date=tomorrow", "error: {f}: report_date: 'tomorrow' is not a date written as YYYY-MM-DD"),
    ("attendance=-5", "error: {f}: attendance: '-5' is negative"),
    ("attendance=12.5", "error: {f}: attendance: '12.5' is not a whole number"),
    ("votes_per_participant=three", "error: {f}: votes_per_participant: 'three' is not a whole number"),
    ("top_n=", "error: {f}: top_n: is empty"),
    ("status=published", "error: {f}: status: 'published' is not a report status (use draft or final)"),
    ("background=@{missing}", "error: {f}: background: cannot read {missing}: no such file"),
    ("title=" + "T" * 1001, "error: {f}: title: the text is 1,001 characters long; at most 1,000"),
    ("data_summary=" + "d" * 20_001, "error: {f}: data_summary: the text is 20,001 characters long"),
])
def test_each_bad_value_is_one_error_line_and_the_file_is_untouched(
    cli, workshop: Path, tmp_path: Path, assignment: str, line: str
) -> None:
    missing = tmp_path / "missing.txt"
    before = snapshot(workshop)
    result = cli("info", workshop, "--set", "prepared_by=A good value", "--set",
                 assignment.format(missing=missing))
    assert_clean_failure(result, names=workshop, before=before)
    assert len(result.error_lines) == 1
    assert result.error_lines[0].startswith(line.format(f=workshop, missing=missing)), result.err
    assert not workshop.with_name("lake.simmap.bak").exists()


def test_every_bad_assignment_is_reported_at_once(cli, workshop: Path) -> None:
    before = snapshot(workshop)
    result = cli("info", workshop, "--set", "attendance=x", "--set", "status=x", "--set", "top_n=-1",
                 "--set", "title=ok", "--set", "title=twice")
    assert_clean_failure(result, names=workshop, before=before)
    assert [line.split(": ")[2] for line in result.error_lines] == ["attendance", "status", "top_n", "title"]


def test_malformed_set_is_a_usage_error(cli, workshop: Path) -> None:
    before = snapshot(workshop)
    for bad in ("title", "=value"):
        result = cli("info", workshop, "--set", bad)
        assert result.code == 2, result.err
        assert "FIELD=VALUE" in result.err
    assert snapshot(workshop) == before


def test_setting_the_same_values_leaves_the_file_as_it_was(cli, workshop: Path) -> None:
    before = snapshot(workshop)
    assert cli("info", workshop, "--set", "title=Lake County SIM", "--set", "attendance=").code == 0
    assert snapshot(workshop) == before
    assert not workshop.with_name("lake.simmap.bak").exists()


def test_set_with_json_prints_the_saved_fields(cli, workshop: Path) -> None:
    result = cli("info", workshop, "--set", "attendance=7", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["attendance"] == 7


def test_text_from_the_file_cannot_drive_the_terminal(cli, workshop: Path, tmp_path: Path) -> None:
    value = tmp_path / "title.txt"
    value.write_text("Lake \x1b]0;owned\x07County \u202eSIM", encoding="utf-8")
    assert cli("info", workshop, "--set", f"title=@{value}", "--set", "background=one\ntwo\x1b[2J").code == 0
    result = cli("info", workshop)
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x07" not in result.out
    assert "title:                 Lake \\x1b]0;owned\\x07County \\u202eSIM" in result.out
    assert "background:\n    one\n    two\\x1b[2J\n" in result.out
    assert "\\u001b" in cli("info", workshop, "--json").out


def test_a_missing_or_damaged_file_is_an_error(cli, tmp_path: Path) -> None:
    result = cli("info", tmp_path / "nope.simmap", "--set", "title=x")
    assert result.code == 1 and result.error_lines == [f"error: {tmp_path / 'nope.simmap'}: no such file"]
    damaged = tmp_path / "damaged.simmap"
    damaged.write_text('{"format": "intercept-mapper", "schema_version": 2,', encoding="utf-8")
    before = snapshot(damaged)
    assert_clean_failure(cli("info", damaged, "--set", "title=x"), names=damaged, before=before)


def test_output_to_a_file_in_a_windows_code_page_is_utf8(cli, tmp_path: Path, monkeypatch) -> None:
    """On Windows, ``info FILE > info.txt`` writes in the ANSI code page, which has no CJK: UTF-8 instead."""
    import io
    import sys

    from intercept_mapper.cli import main

    path = tmp_path / "tokyo.simmap"
    assert cli("new", path, "--title", "東京都 SIM — Доклад").code == 0
    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", redirected)
    assert main(["info", str(path)]) == 0
    redirected.flush()
    assert "東京都 SIM — Доклад" in redirected.buffer.getvalue().decode("utf-8")
