"""The rollup's JSON and its list of files held exactly: each shared item, the unthemed block, which file
of a community counts.

Each test here failed on a mutant (a small deliberate change of ``model/rollup.py``) that ``test_rollup.py``
and ``test_rollup_years.py`` let pass; see bench/README.md, "Mutation testing".
"""

from __future__ import annotations

from pathlib import Path

from intercept_mapper.model.rollup import build_rollup
from tests.rollup_communities import write_communities
from tests.rollup_years import write_program


def test_shared_items_and_the_unthemed_block_are_written_whole(tmp_path: Path) -> None:
    data = build_rollup(write_communities(tmp_path / "counties")).as_json()
    both = ["Adams County", "Baker County"]
    assert data["common_gaps"] == [
        {"title": "Lack of supportive housing", "communities": 2, "community_names": both,
         "themes": ["housing"]},
        {"title": "No mobile crisis at night", "communities": 2, "community_names": both,
         "themes": ["crisis-services"]},
    ]
    assert data["common_priorities"] == [
        {"title": "No mobile crisis at night", "communities": 2, "community_names": both,
         "themes": ["crisis-services"]}]
    assert data["unthemed"] == {"gaps": 3, "priorities": 0, "resources": 0, "communities": 2}


def test_every_file_is_listed_and_only_the_latest_of_a_community_counts(tmp_path: Path) -> None:
    rollup = build_rollup(list(write_program(tmp_path / "program").values()))
    assert [(c.name, Path(h.file).name, counted) for c, h, counted in rollup.files()] == [
        ("ADAMS county", "adams-2025.simmap", False),
        ("ADAMS county", "adams-2026.simmap", True),
        ("Clark County", "clark.simmap", True),
    ]
    assert rollup.as_json()["trends"]["workshops"] == {"2025": 1, "2026": 2}


def test_inputs_are_listed_once_each_and_a_folders_files_by_name_whatever_their_case(tmp_path: Path) -> None:
    from intercept_mapper.model.rollup import collect_inputs

    folder = tmp_path / "counties"
    folder.mkdir()
    for name in ("B.simmap", "a.simmap", "c.SIMMAP", "notes.txt"):
        (folder / name).write_text("{}", encoding="utf-8")
    files, problems = collect_inputs([folder])
    assert [p.name for p in files] == ["a.simmap", "B.simmap", "c.SIMMAP"] and problems == []
    files, problems = collect_inputs([folder / "B.simmap", folder, str(folder / "B.simmap")])
    assert [p.name for p in files] == ["B.simmap", "a.simmap", "c.SIMMAP"] and problems == []


def test_a_folder_that_cannot_be_read_is_named_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    from intercept_mapper.model.rollup import collect_inputs

    def refused(self: Path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refused)  # tests run as root here: a mode would not stop it
    files, problems = collect_inputs([tmp_path])
    assert files == []
    assert [str(p) for p in problems] == [f"{tmp_path}: the folder cannot be read (Permission denied)"]
