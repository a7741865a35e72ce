"""``export --pdf --progress``: the fraction done on standard error, for the app's export process."""

from __future__ import annotations

from pathlib import Path

from intercept_mapper.resources import SAMPLE_WORKSHOP


def _fractions(err: str) -> list[float]:
    lines = err.splitlines()
    return [float(line.removeprefix("progress: ")) for line in lines if line.startswith("progress: ")]


def test_progress_lines_rise_from_zero_to_one_and_the_report_is_written(cli, out_dir: Path) -> None:
    out = out_dir / "report.pdf"
    result = cli("export", SAMPLE_WORKSHOP, "--pdf", out, "--progress")
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
    fractions = _fractions(result.err)
    assert all(line.startswith("progress: ") for line in result.err.splitlines())  # nothing else said
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and len(fractions) >= 3
    assert fractions == sorted(fractions) and len(set(fractions)) == len(fractions)  # each value once
    assert result.out == ""


def test_without_progress_nothing_is_printed(cli, out_dir: Path) -> None:
    result = cli("export", SAMPLE_WORKSHOP, "--pdf", out_dir / "report.pdf")
    assert result.code == 0 and result.err == ""


def test_progress_goes_with_pdf(cli, out_dir: Path) -> None:
    result = cli("export", SAMPLE_WORKSHOP, "--worksheet", out_dir / "w.csv", "--progress")
    assert result.code == 2 and "--progress goes with --pdf" in result.err
    assert list(out_dir.iterdir()) == []


def test_a_failure_is_still_error_lines_naming_the_file(cli, out_dir: Path) -> None:
    out = out_dir / "gone" / "report.pdf"
    result = cli("export", SAMPLE_WORKSHOP, "--pdf", out, "--progress")
    assert result.code == 1
    assert result.error_lines and all(line.startswith(f"error: {out}") for line in result.error_lines)
    assert list(out_dir.iterdir()) == []
