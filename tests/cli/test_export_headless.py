"""``intercept-mapper export`` on a machine with no display: every output works in a plain child process
(no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM), and outputs are written whole or not at all."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
from cli_support import REPO, SAMPLES, snapshot

SAMPLE = SAMPLES / "riverbend.simmap"


def run_headless(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m intercept_mapper ARGS`` with every display variable removed from the environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "INTERCEPT_MAPPER_DEBUG")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "intercept_mapper", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=180)


def test_every_export_works_without_a_display(tmp_path: Path) -> None:
    before = snapshot(SAMPLE)
    pdf, handout, png, svg = (tmp_path / n for n in ("r.pdf", "h.pdf", "map.png", "map.svg"))
    proc = run_headless("export", SAMPLE, "--pdf", pdf, "--final", "--include-contacts", "--png", png,
                        "--svg", svg, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_headless("export", SAMPLE, "--pdf", handout, "--handout", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "FINAL REPORT" in text and "DRAFT" not in text and "dwhitfield@example.org" in text
    handout_pages = pypdf.PdfReader(handout).pages
    assert 1 <= len(handout_pages) <= 3 and all("DRAFT" in p.extract_text() for p in handout_pages)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert width > 2000 and height > 1000  # the default 2x: sharp on a projector
    assert ET.fromstring(svg.read_bytes()).tag.endswith("svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf", "map.png", "map.svg", "r.pdf"]
    assert snapshot(SAMPLE) == before


def test_one_impossible_output_means_no_output_at_all(tmp_path: Path) -> None:
    pdf, png = tmp_path / "r.pdf", tmp_path / "missing" / "map.png"
    proc = run_headless("export", SAMPLE, "--pdf", pdf, "--png", png, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"error: {png}: cannot write: folder {png.parent} does not exist"]
    assert list(tmp_path.iterdir()) == []
