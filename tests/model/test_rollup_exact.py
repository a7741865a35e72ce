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
    files, problems = collect_inputs([tmp_path, tmp_path / "gone"])  # the next input is still looked at
    assert files == []
    assert [str(p) for p in problems] == [f"{tmp_path}: the folder cannot be read (Permission denied)",
                                          f"{tmp_path / 'gone'}: no such file or folder"]


def test_a_gap_at_an_intercept_the_scheme_lacks_is_never_hidden() -> None:
    from intercept_mapper.model.rollup import CommunitySummary

    def summary(mapped: tuple[str, ...]) -> CommunitySummary:
        return CommunitySummary(name="Adams", file="a.simmap", gaps=2, resources=0, priorities=0,
                                gaps_by_intercept={"0": 2}, unthemed_gaps=0, unthemed_priorities=0,
                                mapped=mapped)

    five = summary(("1", "2", "3", "4", "5", "X"))
    assert (five.gaps_at("0"), five.gaps_at("1"), five.gaps_at("X")) == (2, 0, 0)
    unknown = summary(())  # no scheme known: every intercept counts as mapped
    assert (unknown.gaps_at("0"), unknown.gaps_at("3")) == (2, 0)


def test_the_json_lists_each_file_counted_and_each_skipped_one(tmp_path: Path) -> None:
    files = write_communities(tmp_path / "counties")
    data = build_rollup(files).as_json()
    assert [{k: f[k] for k in ("community", "gaps", "resources", "priorities")} for f in data["files"]] == [
        {"community": "Adams County", "gaps": 4, "resources": 1, "priorities": 3},
        {"community": "Baker County", "gaps": 3, "resources": 0, "priorities": 2},
        {"community": "Clark County", "gaps": 2, "resources": 0, "priorities": 0},
    ]
    assert [Path(s["file"]).name for s in data["skipped"]] == ["damaged.simmap"]
    assert data["skipped"][0]["message"].startswith("skipped: the file ends too early")
    assert data["gaps_per_intercept"]["intercepts"] == ["0", "1", "3", "5", "X"]
    assert data["gaps_per_intercept"]["total"] == {"0": 2, "1": 2, "3": 1, "5": 1, "X": 3}


def test_each_input_that_gives_no_file_is_named_with_why(tmp_path: Path) -> None:
    import os

    from intercept_mapper.model.rollup import collect_inputs

    empty = tmp_path / "empty"
    empty.mkdir()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    missing = tmp_path / "gone.simmap"
    files, problems = collect_inputs([empty, pipe, missing])
    assert files == []
    assert [str(p) for p in problems] == [f"{empty}: no .simmap files in this folder",
                                          f"{pipe}: not a regular file",
                                          f"{missing}: no such file or folder"]


def test_a_priority_keeps_its_votes_and_one_vote_in_the_top_is_enough() -> None:
    from intercept_mapper.model.rollup import community_priorities
    from tests.rollup_communities import adams

    ws = adams()
    assert [(p.title, p.votes) for p in community_priorities(ws)] == [
        ("No mobile crisis at night", 9), ("No transfer from 911 to 988", 7),
        ("Lack of supportive housing", 1)]
    ws.voting.candidates[1].votes = {"tb-all": 1}  # one vote, and the others below it none: second of 2
    ws.voting.candidates[3].votes = {"tb-all": 0}
    ws.voting.candidates[2].votes = {"tb-all": 0}
    assert [(p.title, p.rank, p.votes) for p in community_priorities(ws)][:2] == [
        ("No mobile crisis at night", 1, 9), ("No transfer from 911 to 988", 2, 1)]


def test_planned_priorities_outside_the_ranking_keep_their_votes_and_their_plan() -> None:
    from intercept_mapper.model import ActionPlan
    from intercept_mapper.model.rollup import community_priorities
    from tests.rollup_communities import adams

    ws = adams()
    ws.voting.candidates[2].excluded = True  # housing: 1 vote, excluded, but planned
    ws.action_plans.append(ActionPlan(id="ap-free", title="Cross-train jail staff"))
    assert [(p.title, p.votes, p.has_plan) for p in community_priorities(ws)][2:] == [
        ("Lack of supportive housing", 1, True), ("Cross-train jail staff", 0, True)]


def test_a_priority_has_no_empty_or_unthemed_theme_among_its_themes() -> None:
    from intercept_mapper.model.rollup import community_priorities
    from tests.rollup_communities import adams

    ws = adams()
    ws.voting.candidates[0].gap_ids = ["g0", "g3"]  # g3 has no theme
    ws.findings[1].theme = "Unthemed"  # written out as a theme: still none
    assert [p.themes for p in community_priorities(ws)][:2] == [("crisis-services",), ()]


def test_progress_names_each_file_and_a_stop_before_the_first_reads_nothing(
        tmp_path: Path, monkeypatch) -> None:
    import pytest

    from intercept_mapper.model import rollup as rollup_module

    files = write_communities(tmp_path / "counties")
    seen: list[tuple[int, int, str]] = []
    build_rollup(files, progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen == [(0, 4, ""), *((n, 4, str(path)) for n, path in enumerate(files, start=1))]

    read: list[Path] = []
    monkeypatch.setattr(rollup_module, "load_workshop", lambda path: read.append(path))
    with pytest.raises(rollup_module.RollupCancelled):
        build_rollup(files, progress=lambda done, _total, _name: False)
    assert read == []


def test_a_file_that_cannot_be_summarised_is_skipped_naming_it_and_the_error(
        tmp_path: Path, monkeypatch) -> None:
    import pytest

    from intercept_mapper.model import InputError
    from intercept_mapper.model import rollup as rollup_module

    files = write_communities(tmp_path / "counties")
    real = rollup_module.summarise_community

    def odd(ws, name, file, when=None):
        if name == "Baker County":
            raise ValueError("an odd file")
        return real(ws, name, file, when)

    monkeypatch.setattr(rollup_module, "summarise_community", odd)
    skipped = build_rollup(files).skipped
    baker = next(path for path in files if path.name == "baker.simmap")
    assert f"{baker}: skipped: could not be summarised (ValueError: an odd file)" in [str(p) for p in skipped]
    with pytest.raises(InputError) as caught:
        build_rollup([])
    assert [str(p) for p in caught.value.problems] == ["no workshop files were given"]


def test_suggested_themes_name_the_file_they_were_set_in(tmp_path: Path) -> None:
    files = [path for path in write_communities(tmp_path / "counties") if path.name != "damaged.simmap"]
    suggested = build_rollup(files, suggest_themes=True).suggested
    assert suggested and {s.file for s in suggested} <= {str(path) for path in files}
    assert all(s.as_json()["file"] == s.file and s.as_json()["community"] == s.community for s in suggested)
