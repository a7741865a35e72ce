"""``rollup`` and ``compare`` on the command line: JSON shapes of the contract, exit codes, folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from cli_support import REPO, SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from tests.rollup_communities import write_communities

SAMPLE = SAMPLES / "riverbend.simmap"


@pytest.fixture
def counties(tmp_path: Path) -> list[Path]:
    """adams, baker, clark and damaged.simmap in one folder."""
    return write_communities(tmp_path / "counties")


def test_rollup_json_has_the_contract_shape(cli, counties: list[Path]) -> None:  # noqa: ANN001
    result = cli("rollup", *counties[:3], "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["communities"] == 3
    assert isinstance(data["themes"], list)
    for entry in data["themes"]:
        assert {"theme", "communities", "gaps", "priorities"} <= set(entry)
        assert all(isinstance(entry[k], int) for k in ("communities", "gaps", "priorities"))
    named = [e for e in data["themes"] if e["theme"] != "unthemed"]
    keys = [(-e["communities"], -e["gaps"], -e["priorities"]) for e in named]
    assert keys == sorted(keys)  # most common first
    assert named[0] == {"theme": "crisis-services", "communities": 2, "gaps": 3, "priorities": 3,
                        "resources": 1, "community_names": ["Adams County", "Baker County"]}
    assert data["themes"][-1]["theme"] == "unthemed"
    assert result.err == ""


def test_a_folder_argument_reads_every_simmap_and_skips_the_damaged_one(cli, counties: list[Path]) -> None:  # noqa: ANN001
    before = snapshot(*counties)
    result = cli("rollup", counties[0].parent, "--json")
    assert result.code == 0
    assert json.loads(result.out)["communities"] == 3
    warnings = result.error_lines
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: ") and "damaged.simmap" in warnings[0]
    assert snapshot(*counties) == before


def test_a_folder_of_many_damaged_files_prints_a_capped_list_of_warnings(cli, counties: list[Path]) -> None:  # noqa: ANN001
    from intercept_mapper.model.limits import MAX_WARNINGS

    for n in range(MAX_WARNINGS + 15):
        (counties[0].parent / f"broken-{n:02}.simmap").write_text("{", encoding="utf-8")
    result = cli("rollup", counties[0].parent, "--json")
    assert result.code == 0 and json.loads(result.out)["communities"] == 3
    warnings = result.error_lines
    assert len(warnings) == MAX_WARNINGS + 1  # the first ones, then one line counting the rest
    assert warnings[-1].startswith("warning: ") and "16 more" in warnings[-1]


def test_text_output_says_what_is_unthemed(cli, counties: list[Path]) -> None:  # noqa: ANN001
    result = cli("rollup", *counties[:3])
    assert result.code == 0
    assert "Summary of 3 communities" in result.out
    assert "unthemed: 3 gaps and 0 priorities with no theme, in 2 communities" in result.out
    assert "No mobile crisis at night: Adams County, Baker County" in result.out


def test_none_readable_is_exit_1_with_error_lines(cli, tmp_path: Path, out_dir: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.simmap"
    bad.write_text("{", encoding="utf-8")
    before = snapshot(bad)
    result = cli("rollup", bad, tmp_path / "missing.simmap", "--pdf", out_dir / "summary.pdf")
    assert_clean_failure(result, names=bad, before=before, out_dir=out_dir)
    assert any("missing.simmap" in line for line in result.error_lines)


def test_rollup_pdf_is_written_and_inputs_are_refused_as_outputs(cli, counties: list[Path],  # noqa: ANN001
                                                                 out_dir: Path) -> None:
    out = out_dir / "summary.pdf"
    result = cli("rollup", counties[0].parent, "--pdf", out, "--title", "Ohio summary")
    assert result.code == 0, result.err
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "Ohio summary" in text and "Baker County" in text
    before = snapshot(counties[0])
    clash = cli("rollup", *counties[:2], "--pdf", counties[0])
    assert_clean_failure(clash, names=counties[0], before=before)
    assert cli("rollup", counties[0], "--title", "x").code == 2  # --title goes with --pdf


def test_rollup_needs_a_file(cli) -> None:  # noqa: ANN001
    assert cli("rollup").code == 2


def test_progress_goes_to_stderr_when_asked(cli, counties: list[Path]) -> None:  # noqa: ANN001
    result = cli("rollup", *counties[:3], "--json", "--progress")
    assert result.code == 0
    assert "progress: 3/3 files read" in result.err
    json.loads(result.out)  # progress never mixes into the JSON


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.simmap"
    shutil.copy(SAMPLE, old)
    ws = load_workshop(old)
    gap = next(f for f in ws.findings if f.title == "Sheriff deputies not CIT trained")
    ws.findings.remove(gap)
    ws.voting.candidates = [c for c in ws.voting.candidates if gap.id not in c.gap_ids]
    ws.action_plans[0].objectives[0].steps[1].status = "done"
    new = tmp_path / "new.simmap"
    save_workshop(ws, new, backup=False)
    return old, new


def test_compare_json_and_text(cli, two_versions: tuple[Path, Path]) -> None:  # noqa: ANN001
    old, new = two_versions
    before = snapshot(old, new)
    result = cli("compare", old, new, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) >= {"old", "new", "counts", "gaps_closed", "gaps_new", "resources_new",
                         "priorities_changed", "steps_completed"}
    assert [g["title"] for g in data["gaps_closed"]] == ["Sheriff deputies not CIT trained"]
    assert data["counts"]["steps_completed"] == 1
    assert data["steps_completed"][0]["old_status"] == "in-progress"
    text = cli("compare", old, new)
    assert text.code == 0
    assert "Gaps closed (1):" in text.out
    assert "  - Sheriff deputies not CIT trained [intercept 1]" in text.out
    assert "Action steps completed (1):" in text.out
    same = cli("compare", old, old)
    assert "No changes" in same.out
    assert snapshot(old, new) == before


def test_compare_with_a_bad_file_is_exit_1(cli, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.simmap"
    bad.write_text("[]", encoding="utf-8")
    before = snapshot(bad)
    assert_clean_failure(cli("compare", SAMPLE, bad), names=bad, before=before)
    missing = cli("compare", SAMPLE, tmp_path / "nope.simmap")
    assert missing.code == 1 and "nope.simmap: no such file" in missing.err
    assert cli("compare", SAMPLE).code == 2


def test_as_a_real_process_without_traceback(counties: list[Path]) -> None:
    run = subprocess.run([sys.executable, "-m", "intercept_mapper", "rollup", str(counties[-1])],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 1
    assert run.stderr.startswith("error: ") and "Traceback" not in run.stderr


def test_rollup_with_pdf_and_compare_never_load_qt(counties: list[Path], tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from intercept_mapper.cli import main\n"
        f"assert main(['rollup', {str(counties[0].parent)!r}, '--pdf', {str(tmp_path / 's.pdf')!r}]) == 0\n"
        f"assert main(['compare', {str(SAMPLE)!r}, {str(SAMPLE)!r}, '--json']) == 0\n"
        "print('QT' if any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules) else 'NO QT')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("NO QT")
