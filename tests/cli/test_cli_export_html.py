"""``export FILE --html OUT.html``: the accessible report, with --final and --include-contacts, written
by the same output rules (never over an input or a workshop file, all or nothing, atomically)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.resources import SAMPLE_WORKSHOP


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the bundled sample (so that a test can prove it is left alone)."""
    path = tmp_path / "riverbend.simmap"
    shutil.copyfile(SAMPLE_WORKSHOP, path)
    return path


def test_html_report_is_a_draft_without_contacts_by_default(cli, sample: Path, out_dir: Path) -> None:
    before = snapshot(sample)
    out = out_dir / "report.html"
    result = cli("export", sample, "--html", out)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    assert 'id="draft-banner"' in text and "FINAL REPORT" not in text
    assert "Riverbend County Sequential Intercept Mapping" in text
    assert "dwhitfield@example" not in text and "contact details are left out" in text
    assert snapshot(sample) == before
    assert [p.name for p in out_dir.iterdir()] == ["report.html"]  # no temporary file left behind


def test_final_and_contacts_apply_to_the_html_report(cli, sample: Path, out_dir: Path) -> None:
    out = out_dir / "final.html"
    result = cli("export", sample, "--html", out, "--final", "--include-contacts")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "FINAL REPORT" in text and 'id="draft-banner"' not in text
    assert "dwhitfield@example" in text


def test_html_and_pdf_in_one_run(cli, sample: Path, out_dir: Path) -> None:
    html, pdf = out_dir / "r.html", out_dir / "r.pdf"
    result = cli("export", sample, "--html", html, "--pdf", pdf, "--final")
    assert result.code == 0, result.err
    assert pdf.read_bytes().startswith(b"%PDF") and "FINAL REPORT" in html.read_text(encoding="utf-8")


def test_html_usage_errors_exit_2(cli, sample: Path, out_dir: Path) -> None:
    assert cli("export", sample, "--html", out_dir / "a.html", "--handout").code == 2  # a PDF handout
    assert cli("export", sample, "--html", out_dir / "a.html", "--progress").code == 2
    assert cli("export", sample, "--svg", out_dir / "a.svg", "--final").code == 2
    assert cli("export", sample, "--html").code == 2  # no file named
    assert list(out_dir.iterdir()) == []


def test_html_never_replaces_an_input_or_a_workshop_file(cli, sample: Path, tmp_path: Path) -> None:
    before = snapshot(sample)
    assert_clean_failure(cli("export", sample, "--html", sample), names=sample, before=before)
    other = tmp_path / "other.simmap"
    shutil.copyfile(SAMPLE_WORKSHOP, other)
    kept = snapshot(sample, other)
    assert_clean_failure(cli("export", sample, "--html", other), names=other, before=kept)


def test_html_into_a_missing_folder_is_a_clean_error(cli, sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "r.html"
    assert_clean_failure(cli("export", sample, "--html", out), names=out, before=snapshot(sample))


def test_missing_html_module_is_a_clean_error_and_nothing_is_written(
    cli, sample: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "intercept_mapper.export.report_html", None)
    out = out_dir / "r.html"
    result = cli("export", sample, "--worksheet", out_dir / "map.csv", "--html", out)
    assert_clean_failure(result, names=out, before=snapshot(sample), out_dir=out_dir)
    assert result.error_lines == [f"error: {out}: HTML export is not available in this version"]


def test_html_of_an_imported_worksheet(cli, tmp_path: Path, out_dir: Path) -> None:
    path = tmp_path / "w.simmap"
    assert cli("import-worksheet", SAMPLES / "riverbend-worksheet.csv", "-o", path).code == 0
    out = out_dir / "w.html"
    assert cli("export", path, "--html", out).code == 0
    assert "<svg" in out.read_text(encoding="utf-8")


def test_a_final_html_report_is_refused_while_required_sections_are_empty(cli, tmp_path: Path,
                                                                         out_dir: Path) -> None:
    empty = tmp_path / "empty.simmap"
    assert cli("new", empty).code == 0
    out = out_dir / "r.html"
    result = cli("export", empty, "--html", out, "--final")
    assert_clean_failure(result, names=empty, before=snapshot(empty), out_dir=out_dir)
    assert all("cannot make a FINAL report" in line for line in result.error_lines)
    assert cli("export", empty, "--html", out, "--final", "--allow-incomplete").code == 0
    text = out.read_text(encoding="utf-8")
    assert "FINAL REPORT" in text and "Priorities for change" not in text  # left out, not a placeholder
    assert cli("export", empty, "--html", out_dir / "d.html", "--draft").code == 0
    assert 'id="draft-banner"' in (out_dir / "d.html").read_text(encoding="utf-8")
