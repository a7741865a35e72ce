"""``export``: the worksheet CSV now, the PDF and images when their modules exist; all or nothing."""

from __future__ import annotations

import csv
import errno
import io
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.model.worksheet_csv import format_worksheet
from intercept_mapper.resources import SAMPLE_WORKSHOP


@pytest.fixture
def workshop_file(cli, tmp_path: Path) -> Path:
    """The sample worksheet imported into a workshop file."""
    path = tmp_path / "riverbend.simmap"
    assert cli("import-worksheet", SAMPLES / "riverbend-worksheet.csv", "-o", path).code == 0
    return path


def test_worksheet_export_keeps_every_row(cli, workshop_file: Path, out_dir: Path) -> None:
    before = snapshot(workshop_file)
    out = out_dir / "back.csv"
    result = cli("export", workshop_file, "--worksheet", out)
    assert result.code == 0, result.err
    assert snapshot(workshop_file) == before
    # A byte-order mark first, so Excel on Windows reads the accents as UTF-8.
    expected = format_worksheet(load_workshop(workshop_file)).encode("utf-8")
    assert out.read_bytes() == b"\xef\xbb\xbf" + expected

    def titled(path: Path) -> list[tuple[str, str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return sorted((r["intercept"], r["kind"], r["title"]) for r in csv.DictReader(f))

    assert titled(out) == titled(SAMPLES / "riverbend-worksheet.csv")


def test_refuses_to_export_over_the_input(cli, workshop_file: Path) -> None:
    before = snapshot(workshop_file)
    result = cli("export", workshop_file, "--worksheet", workshop_file)
    assert_clean_failure(result, names=workshop_file, before=before)


def test_usage_errors_exit_2(cli, workshop_file: Path, out_dir: Path) -> None:
    assert cli("export", workshop_file).code == 2  # no output named
    assert cli("export", workshop_file, "--worksheet", out_dir / "a.csv", "--final").code == 2
    assert cli("export", workshop_file, "--svg", out_dir / "a.svg", "--handout").code == 2
    assert list(out_dir.iterdir()) == []


def test_missing_pdf_module_is_a_clean_error_and_nothing_is_written(
    cli, workshop_file: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A None entry in sys.modules makes the import fail exactly as a missing module does.
    monkeypatch.setitem(sys.modules, "intercept_mapper.export.report_pdf", None)
    before = snapshot(workshop_file)
    pdf = out_dir / "report.pdf"
    result = cli("export", workshop_file, "--worksheet", out_dir / "map.csv", "--pdf", pdf)
    assert_clean_failure(result, names=pdf, before=before, out_dir=out_dir)
    assert result.error_lines == [f"error: {pdf}: PDF export is not available in this version"]


def test_damaged_input_writes_nothing(cli, tmp_path: Path, out_dir: Path) -> None:
    bad = tmp_path / "bad.simmap"
    bad.write_bytes(b'{"format": "intercept-mapper", "schema_version": 1, "info": {')
    result = cli("export", bad, "--worksheet", out_dir / "x.csv")
    assert_clean_failure(result, names=bad, before=snapshot(bad), out_dir=out_dir)


def test_export_is_plain_csv_with_a_header(cli, workshop_file: Path, out_dir: Path) -> None:
    out = out_dir / "x.csv"
    assert cli("export", workshop_file, "--worksheet", out).code == 0
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {"intercept", "kind", "title"} <= {h.lower() for h in header}


def test_map_images_in_one_run(cli, workshop_file: Path, out_dir: Path) -> None:
    svg, png = out_dir / "map.svg", out_dir / "map.png"
    result = cli("export", workshop_file, "--svg", svg, "--png", png)
    assert result.code == 0, result.err
    assert b"<svg" in svg.read_bytes()[:500]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert sorted(p.name for p in out_dir.iterdir()) == ["map.png", "map.svg"]
    # The SVG says what each shape is (contracts.md section 5): a titled group per point and flow.
    ws = load_workshop(workshop_file)
    root = ET.fromstring(svg.read_bytes())
    groups = {(g.get("class"), g.get("data-id")): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    for point in ws.points:
        assert groups["point", point.id].findtext("{http://www.w3.org/2000/svg}title") == point.title
    for flow in ws.flows:
        group = groups["flow", flow.id]
        assert (group.get("data-source"), group.get("data-target")) == (flow.source, flow.target)


def test_a_full_disk_is_a_clean_error(cli, workshop_file: Path, out_dir: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(path: object, data: bytes, **_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("intercept_mapper.model.atomic_write.atomic_write_bytes", disk_full)
    monkeypatch.setattr("intercept_mapper.model.simmap_file.atomic_write_bytes", disk_full)
    before = snapshot(workshop_file)
    out = out_dir / "x.csv"
    result = cli("export", workshop_file, "--worksheet", out)
    assert_clean_failure(result, names=out, before=before, out_dir=out_dir)
    assert result.error_lines == [f"error: {out}: cannot write: No space left on device"]
    result = cli("import-worksheet", SAMPLES / "riverbend-worksheet.csv", "-o", out_dir / "x.simmap")
    assert_clean_failure(result, names=out_dir / "x.simmap", before=before, out_dir=out_dir)


def test_pdf_flags_reach_the_report(cli, out_dir: Path) -> None:
    pytest.importorskip("intercept_mapper.export.report_pdf")
    pypdf = pytest.importorskip("pypdf")
    sample = SAMPLE_WORKSHOP
    before = snapshot(sample)

    def pdf(name: str, *flags: str) -> tuple[int, str]:
        out = out_dir / name
        result = cli("export", sample, "--pdf", out, *flags)
        assert result.code == 0, result.err
        assert out.read_bytes().startswith(b"%PDF")
        reader = pypdf.PdfReader(out)
        return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)

    draft_pages, draft = pdf("draft.pdf")
    final_pages, final = pdf("final.pdf", "--final")
    handout_pages, _ = pdf("handout.pdf", "--handout")
    assert "DRAFT" in draft and "DRAFT" not in final and "FINAL" in final
    assert handout_pages < draft_pages
    assert "dwhitfield@example" not in draft
    _, with_contacts = pdf("contacts.pdf", "--include-contacts")
    assert "dwhitfield@example" in with_contacts  # a table cell may wrap the rest
    assert snapshot(sample) == before


def test_an_exporter_failure_names_the_output(cli, workshop_file: Path, out_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot_draw(ws: object) -> bytes:
        raise ValueError("the map could not be drawn as an image")

    monkeypatch.setattr("intercept_mapper.export.map_svg.build_map_svg", cannot_draw)
    svg = out_dir / "map.svg"
    result = cli("export", workshop_file, "--worksheet", out_dir / "x.csv", "--svg", svg)
    assert_clean_failure(result, names=svg, before=snapshot(workshop_file), out_dir=out_dir)
    message = "could not make the SVG: the map could not be drawn as an image"
    assert result.error_lines == [f"error: {svg}: {message}"]
