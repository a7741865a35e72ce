"""FINAL means final (issue 14): the command line refuses a FINAL report with empty required sections,
one `error:` line per section, unless --allow-incomplete; the file's report status decides otherwise."""

from __future__ import annotations

from pathlib import Path

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from tests.conftest import SAMPLES
from tests.export.report_helpers import all_text


def _imported(cli, tmp_path: Path) -> Path:
    """A workshop as import-worksheet makes it: a map and votes, no participants, plans or text."""
    out = tmp_path / "imported.simmap"
    result = cli("import-worksheet", SAMPLES / "riverbend-worksheet.csv", "-o", out)
    assert result.code == 0, result.err
    return out


def test_final_refuses_an_imported_workshop_naming_each_empty_section(cli, tmp_path: Path) -> None:
    path = _imported(cli, tmp_path)
    before = path.read_bytes()
    result = cli("export", path, "--pdf", tmp_path / "r.pdf", "--final")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert all(line.startswith("error: ") and str(path) in line for line in lines)
    wanted = ["cover: no jurisdiction", "cover: no workshop dates", "introduction: the background text",
              "action plans: priority 1", "appendix: no participants"]
    for words in wanted:
        assert sum(words in line for line in lines) == 1, (words, lines)
    assert not (tmp_path / "r.pdf").exists() and path.read_bytes() == before
    assert "Traceback" not in result.err


def test_allow_incomplete_leaves_the_empty_sections_out(cli, tmp_path: Path) -> None:
    path = _imported(cli, tmp_path)
    result = cli("export", path, "--pdf", tmp_path / "r.pdf", "--final", "--allow-incomplete")
    assert result.code == 0, result.err
    text = all_text((tmp_path / "r.pdf").read_bytes())
    assert "FINAL REPORT" in text and "DRAFT" not in text
    for placeholder in ("No action plans have been written yet", "No participants are recorded",
                        "No recommendations have been written yet", "None listed"):
        assert placeholder not in text
    assert "Appendix" not in text and "Action plans" not in text
    assert "Priorities for change" in text  # the imported votes make priorities: that section stays


def test_a_draft_keeps_its_placeholders_and_is_never_refused(cli, tmp_path: Path) -> None:
    path = _imported(cli, tmp_path)
    assert cli("export", path, "--pdf", tmp_path / "r.pdf").code == 0
    text = all_text((tmp_path / "r.pdf").read_bytes())
    assert "DRAFT" in text and "No action plans have been written yet" in text


def test_the_files_status_makes_it_final_and_draft_overrides(cli, tmp_path: Path) -> None:
    ws = load_workshop(SAMPLE_WORKSHOP)
    ws.info.status = "final"
    path = tmp_path / "final.simmap"
    save_workshop(ws, path, backup=False)
    assert cli("export", path, "--pdf", tmp_path / "a.pdf").code == 0
    assert "DRAFT" not in all_text((tmp_path / "a.pdf").read_bytes())
    assert cli("export", path, "--pdf", tmp_path / "b.pdf", "--draft").code == 0
    assert "DRAFT" in all_text((tmp_path / "b.pdf").read_bytes())
    ws.info.background = ""
    save_workshop(ws, path, backup=False)  # final by its status, and now incomplete: refused too
    result = cli("export", path, "--pdf", tmp_path / "c.pdf")
    assert result.code == 1 and "introduction: the background text is empty" in result.err


def test_final_and_draft_together_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("export", SAMPLE_WORKSHOP, "--pdf", tmp_path / "a.pdf", "--final", "--draft")
    assert result.code == 2
