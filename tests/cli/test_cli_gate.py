"""Issue 13, cases 5 and 6 on the command line: refused by validate and by every command alike, with one
clear ``error:`` line; warnings summarised after a cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.limits import MAX_WARNINGS

SAMPLE = SAMPLES / "riverbend.simmap"


def _edited(tmp_path: Path, change: str) -> Path:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    if change == "surrogate":
        raw["points"][0]["title"] = "PLACEHOLDER"
    elif change == "non-character":
        raw["info"]["title"] = "PLACEHOLDER"
    elif change == "self-loop":
        raw["flows"][0]["target"] = raw["flows"][0]["source"]
    elif change == "far away":
        raw["points"][0]["y"] = 5e7
    elif change == "10 MB title":
        raw["info"]["title"] = "T" * 10_000_000
    text = json.dumps(raw, indent=1)
    text = text.replace("PLACEHOLDER", {"surrogate": "\\ud800", "non-character": "Riverbend \\uffff"}
                        .get(change, "PLACEHOLDER"))
    path = tmp_path / "odd.simmap"
    path.write_text(text, encoding="utf-8")
    return path


CHANGES = ["surrogate", "non-character", "self-loop", "far away", "10 MB title"]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("command", [
    ["validate"], ["plan"], ["roster"],
    ["export", "--pdf", "{out}/r.pdf"], ["export", "--svg", "{out}/m.svg"],
])
def test_what_would_break_later_is_refused_by_every_command(
        cli, tmp_path: Path, out_dir: Path, change: str, command: list[str]) -> None:
    path = _edited(tmp_path, change)
    before = snapshot(path)
    args = [command[0], path, *(a.format(out=out_dir) for a in command[1:])]
    result = cli(*args)
    assert_clean_failure(result, names=path, before=before, out_dir=out_dir)
    assert list(out_dir.iterdir()) == []
    assert len(result.error_lines) == 1, result.err
    assert len(result.err) < 400  # the 10 MB title is never printed


def test_a_header_of_100000_unknown_columns_prints_a_summary_not_100000_warnings(
        cli, tmp_path: Path, out_dir: Path) -> None:
    worksheet = tmp_path / "wide.csv"
    extra = ",".join(f"c{n}" for n in range(100_000))
    worksheet.write_text(f"intercept,kind,title,{extra}\n1,point,Arrest\n", encoding="utf-8")
    result = cli("import-worksheet", worksheet, "-o", out_dir / "wide.simmap")
    assert result.code == 0, result.err
    lines = result.error_lines
    assert len(lines) == MAX_WARNINGS + 1
    assert all(line.startswith("warning: ") for line in lines)
    assert lines[-1].endswith(f"... and {100_000 - MAX_WARNINGS:,} more like these, not shown")


def test_a_report_past_the_page_limit_is_an_error_naming_the_output(
        cli, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intercept_mapper.export import report_pdf

    monkeypatch.setattr(report_pdf, "MAX_PDF_PAGES", 4)
    before = snapshot(SAMPLE)
    result = cli("export", SAMPLE, "--pdf", out_dir / "r.pdf")
    assert_clean_failure(result, names=out_dir / "r.pdf", before=before, out_dir=out_dir)
    assert result.error_lines == [f"error: {out_dir / 'r.pdf'}: could not make the PDF: the report "
                                  "would be longer than 4 pages, the most a report may have (see Limits in "
                                  "the README)"]
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("title", ["T" * 1_001, "Lake County \uffff"])
def test_new_refuses_a_title_its_file_could_not_hold(cli, out_dir: Path, title: str) -> None:
    result = cli("new", out_dir / "lake.simmap", "--title", title)
    assert result.code == 1
    [line] = result.error_lines
    assert line.startswith(f"error: {out_dir / 'lake.simmap'}: info.title: the text ")
    assert list(out_dir.iterdir()) == []
