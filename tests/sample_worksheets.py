"""Variants of the bundled sample worksheet for tests (no Qt)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLES


def five_intercept_worksheet(tmp_path: Path) -> Path:
    """The sample worksheet without intercept 0 (and the follows cells naming its points), for the
    five-intercept preset: a map imported as a county on the older layout would import it."""
    lines = (SAMPLES / "riverbend-worksheet.csv").read_text(encoding="utf-8").splitlines()
    zero_points = {line.split(",")[2] for line in lines[1:] if line.startswith("0,point")}
    kept = [lines[0]]
    for line in lines[1:]:
        if line.startswith("0,"):
            continue
        for title in zero_points:
            line = line.replace(f",{title},", ",,")  # a follows cell naming an intercept-0 point
        kept.append(line)
    path = tmp_path / "five.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path
