"""The statewide rollup on small hand-made communities: themes, unthemed items, shared titles, skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.model import ActionPlan, InputError
from intercept_mapper.model.rollup import (
    RollupCancelled,
    build_rollup,
    community_priorities,
    summarise,
    summarise_community,
    title_key,
)
from intercept_mapper.model.simmap_file import save_workshop
from tests.rollup_communities import adams, clark, community, write_communities


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """adams, baker, clark and a damaged file."""
    return write_communities(tmp_path / "counties")


def test_themes_are_counted_across_communities_most_common_first(files: list[Path]) -> None:
    rollup = build_rollup(files)
    assert len(rollup.communities) == 3
    assert [(t.theme, len(t.communities), t.gaps, t.priorities) for t in rollup.themes] == [
        ("crisis-services", 2, 3, 3),  # "Crisis services" in Baker is the same theme
        ("housing", 2, 2, 1),  # Baker's housing gap has no votes: a gap, not a priority
        ("data-sharing", 1, 1, 1),
    ]
    crisis = rollup.themes[0]
    assert crisis.communities == ("Adams County", "Baker County")
    assert crisis.resources == 1
    housing = rollup.themes[1]
    assert housing.gap_communities == ("Adams County", "Baker County")
    assert housing.priority_communities == ("Adams County",)  # last in votes, but it has an action plan


def test_unthemed_items_are_counted_and_listed_last(files: list[Path]) -> None:
    rollup = build_rollup(files)
    assert (rollup.unthemed.gaps, rollup.unthemed.priorities) == (3, 0)
    assert rollup.unthemed.communities == ("Adams County", "Clark County")
    listed = rollup.themes_with_unthemed()
    assert listed[-1].theme == "unthemed"
    data = rollup.as_json()
    assert data["themes"][-1] == {"theme": "unthemed", "communities": 2, "gaps": 3, "priorities": 0,
                                  "resources": 0, "community_names": ["Adams County", "Clark County"]}
    assert data["unthemed"]["gaps"] == 3


def test_an_unreadable_file_is_named_and_skipped(files: list[Path]) -> None:
    rollup = build_rollup(files)
    assert [Path(p.file).name for p in rollup.skipped] == ["damaged.simmap"]
    assert rollup.skipped[0].message.startswith("skipped: the file ends too early")
    assert [c.name for c in rollup.communities] == ["Adams County", "Baker County", "Clark County"]


def test_only_unreadable_files_is_an_error_naming_each(tmp_path: Path) -> None:
    bad = tmp_path / "bad.simmap"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_rollup([bad, tmp_path / "missing.simmap"])
    lines = caught.value.lines()
    assert len(lines) == 2
    assert any("bad.simmap" in line and "not an Intercept Mapper file" in line for line in lines)
    assert any("missing.simmap: no such file or folder" in line for line in lines)
    assert all("skipped" not in line for line in lines)
    with pytest.raises(InputError):
        build_rollup([])


def test_a_folder_stands_for_its_simmap_files(files: list[Path], tmp_path: Path) -> None:
    folder = files[0].parent
    (folder / "notes.txt").write_text("not a workshop", encoding="utf-8")
    rollup = build_rollup([folder, files[0]])  # adams named twice: read once
    assert len(rollup.communities) == 3
    assert len(rollup.skipped) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    rollup = build_rollup([files[1], empty])
    assert [p.message for p in rollup.skipped] == ["no .simmap files in this folder"]


def test_most_common_gaps_and_priorities_by_title_with_their_communities(files: list[Path]) -> None:
    rollup = build_rollup(files)
    assert [(s.title, s.communities, s.themes) for s in rollup.common_gaps] == [
        ("Lack of supportive housing", ("Adams County", "Baker County"), ("housing",)),
        ("No mobile crisis at night", ("Adams County", "Baker County"), ("crisis-services",)),
    ]
    assert [(s.title, s.communities) for s in rollup.common_priorities] == [
        ("No mobile crisis at night", ("Adams County", "Baker County")),
    ]
    assert [t.theme for t in rollup.gap_themes()] == ["crisis-services", "housing", "data-sharing"]
    assert [t.theme for t in rollup.priority_themes()] == ["crisis-services", "data-sharing", "housing"]
    assert title_key("  No Mobile  Crisis at night! ") == "no mobile crisis at night"


def test_gaps_per_intercept_across_communities(files: list[Path]) -> None:
    rollup = build_rollup(files)
    assert rollup.intercepts == ["0", "1", "3", "5", "X"]  # five-intercept Clark has no 0; X last
    by = {c.name: c.gaps_by_intercept for c in rollup.communities}
    assert by["Adams County"] == {"0": 1, "1": 1, "3": 1, "X": 1}
    assert by["Clark County"] == {"1": 1, "5": 1}
    assert rollup.gaps_per_intercept_total() == {"0": 2, "1": 2, "3": 1, "5": 1, "X": 3}
    assert rollup.as_json()["gaps_per_intercept"]["by_community"]["Baker County"] == {
        "0": 1, "1": 0, "3": 0, "5": 0, "X": 2}


def test_priorities_are_the_voted_top_n_and_anything_with_a_plan() -> None:
    ws = adams()
    assert [(p.title, p.rank, p.has_plan) for p in community_priorities(ws)] == [
        ("No mobile crisis at night", 1, False),
        ("No transfer from 911 to 988", 2, False),
        ("Lack of supportive housing", 4, True),
    ]
    ws.voting.candidates[2].excluded = True  # excluded from voting, but the plan is real
    ws.action_plans.append(ActionPlan(id="ap-free", title="Cross-train jail staff"))
    assert [(p.title, p.rank, p.themes) for p in community_priorities(ws)][2:] == [
        ("Lack of supportive housing", None, ("housing",)),
        ("Cross-train jail staff", None, ()),
    ]
    nobody_voted = clark()
    assert community_priorities(nobody_voted) == []


def test_a_merged_candidate_counts_once_for_each_theme_of_its_gaps() -> None:
    ws = community("Dane", [("0", "A", "housing", 5), ("1", "B", "reentry", 0)], top_n=1)
    ws.voting.candidates[0].gap_ids = ["g0", "g1"]
    rollup = summarise([summarise_community(ws, "Dane", "dane.simmap")])
    assert {t.theme: t.priorities for t in rollup.themes} == {"housing": 1, "reentry": 1}


def test_ties_are_ordered_by_name_whatever_the_file_order(tmp_path: Path) -> None:
    one = community("One", [("0", "x", "transportation", 1), ("0", "y", "housing", 1)])
    two = community("Two", [("0", "z", "training", 1)])
    orders = []
    for names in (("one", "two"), ("two", "one")):
        paths = []
        for name in names:
            path = tmp_path / f"{name}.simmap"
            save_workshop(one if name == "one" else two, path, backup=False)
            paths.append(path)
        orders.append([t.theme for t in build_rollup(paths).themes])
    assert orders[0] == orders[1] == ["housing", "training", "transportation"]


def test_with_all_years_two_files_of_one_community_get_their_file_names(tmp_path: Path) -> None:
    paths = []
    for name in ("adams-2025", "adams-2026"):
        path = tmp_path / f"{name}.simmap"
        save_workshop(adams(), path, backup=False)
        paths.append(path)
    nameless = community("", [("0", "gap", "", 0)])
    save_workshop(nameless, tmp_path / "eden.simmap", backup=False)
    rollup = build_rollup([*paths, tmp_path / "eden.simmap"], all_years=True)  # each file counts
    assert [c.name for c in rollup.communities] == [
        "Adams County (adams-2025.simmap)", "Adams County (adams-2026.simmap)", "eden"]


def test_progress_is_reported_per_file_and_can_stop(files: list[Path]) -> None:
    seen: list[tuple[int, int]] = []
    build_rollup(files, progress=lambda done, total, _name: seen.append((done, total)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    with pytest.raises(RollupCancelled):
        build_rollup(files, progress=lambda done, _total, _name: done < 2)


def test_the_inputs_are_left_alone(files: list[Path]) -> None:
    before = {p: p.read_bytes() for p in files}
    build_rollup(files)
    assert {p: p.read_bytes() for p in files} == before
