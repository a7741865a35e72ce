"""Issue 17 on the command line: rollup counts communities; not mapped; themes in words; themes FILE."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from cli_support import snapshot

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from tests.rollup_communities import community
from tests.rollup_years import write_program


@pytest.fixture
def program(tmp_path: Path) -> dict[str, Path]:
    return write_program(tmp_path / "program")


def test_rollup_json_counts_communities_and_lists_history(cli, program: dict[str, Path]) -> None:  # noqa: ANN001
    result = cli("rollup", program["adams-2026"].parent, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["communities"] == 2 and data["file_count"] == 3
    assert [Path(h["file"]).name for h in data["history"]["ADAMS county"]] == ["adams-2025.simmap"]
    assert data["gaps_per_intercept"]["by_community"]["Clark County"]["0"] is None
    assert data["trends"]["years"] == ["2025", "2026"]
    themes = [t["theme"] for t in data["themes"]]
    assert "community-supervision" in themes  # JSON keeps the keys
    assert {"theme", "communities", "gaps", "priorities"} <= set(data["themes"][0])
    every = json.loads(cli("rollup", program["adams-2026"].parent, "--json", "--all-years").out)
    assert every["communities"] == every["file_count"] == 3


def test_rollup_text_says_not_mapped_history_and_themes_in_words(cli, program: dict[str, Path]) -> None:  # noqa: ANN001
    result = cli("rollup", *program.values())
    assert result.code == 0, result.err
    out = result.out
    assert "Summary of 2 communities (3 files read" in out
    assert "Community supervision" in out and "community-supervision" not in out
    assert "Clark County: intercept 0 not mapped" in out
    assert "history: " in out and "adams-2025.simmap, 2025-03-05 (workshop dates)" in out
    assert "Gaps per theme over the years" in out


def test_rollup_pdf_prints_words_not_mapped_trends_and_history(cli, program: dict[str, Path],  # noqa: ANN001
                                                                out_dir: Path) -> None:
    pdf = out_dir / "program.pdf"
    assert cli("rollup", *program.values(), "--pdf", pdf).code == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)
    assert "Community supervision" in text
    assert "community-supervision" not in text
    assert "Clark County not mapped 1 1 0 2" in text  # Int. 0 not mapped; 1, 5, X, total
    assert "5. Themes over the years" in text
    assert "Workshops that year 1 2" in text
    assert "Community supervision 1 2" in text
    assert "history (not counted)" in text and "adams-2025.simmap" in text


def test_themes_lists_then_applies_suggestions_atomically(cli, tmp_path: Path) -> None:  # noqa: ANN001
    ws = community("Fen", [("0", "No mobile crisis team at night", "", 3),
                           ("1", "Officers lack CIT training", "housing", 2),
                           ("2", "Court calendar is slow", "", 0)],
                   resources=[("3", "Medication for opioid use disorder in jail", "")])
    path = tmp_path / "fen.simmap"
    save_workshop(ws, path, backup=False)
    before = snapshot(path)
    listed = cli("themes", path)
    assert listed.code == 0, listed.err
    assert "Suggested (not saved" in listed.out
    assert ("gap 'No mobile crisis team at night' [intercept 0]: Crisis services (crisis-services)"
            in listed.out)
    assert "Medication and MOUD" in listed.out
    assert "1 unthemed item with no suggestion" in listed.out
    assert snapshot(path) == before  # listing never writes
    applied = cli("themes", path, "--apply-suggestions", "--json")
    assert applied.code == 0, applied.err
    data = json.loads(applied.out)
    assert data["applied"] is True
    assert [(s["title"], s["theme"]) for s in data["suggestions"]] == [
        ("No mobile crisis team at night", "crisis-services"),
        ("Medication for opioid use disorder in jail", "medication-moud")]
    assert [f.theme for f in load_workshop(path).findings] == [
        "crisis-services", "housing", "", "medication-moud"]
    assert path.with_name("fen.simmap.bak").read_bytes() == before[path][0]  # the old one kept
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    again = cli("themes", path, "--apply-suggestions")
    assert again.code == 0 and "No theme to suggest" in again.out
    rolled = json.loads(cli("rollup", path, "--json").out)
    assert [t["theme"] for t in rolled["themes"]] == ["crisis-services", "housing", "unthemed"]


def test_rollup_suggest_themes_lists_what_it_set_and_leaves_the_files(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "fen.simmap"
    save_workshop(community("Fen", [("0", "No mobile crisis team at night", "", 3)]), path, backup=False)
    before = snapshot(path)
    result = cli("rollup", path, "--suggest-themes")
    assert result.code == 0, result.err
    assert "Themes suggested for this summary (1; the files are not changed):" in result.out
    assert "Fen: gap 'No mobile crisis team at night' -> Crisis services" in result.out
    data = json.loads(cli("rollup", path, "--suggest-themes", "--json").out)
    assert data["suggested_themes"][0]["theme"] == "crisis-services"
    assert data["themes"][0]["theme"] == "crisis-services"
    assert snapshot(path) == before


def test_themes_with_a_bad_file_is_exit_1(cli, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.simmap"
    bad.write_text("{", encoding="utf-8")
    result = cli("themes", bad, "--apply-suggestions")
    assert result.code == 1 and result.err.startswith("error: ") and "bad.simmap" in result.err
    assert cli("themes").code == 2
