"""The rollup's counts, orders, names and messages held whole.

Each test here failed on mutants (small deliberate changes of ``model/rollup.py``) that the other rollup
tests let pass (bench/README.md, "Mutation testing", fifth run): a state program reads these lists in
this order, and a skipped file's message is all it learns of why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from intercept_mapper.model import ActionPlan, Finding, InputError, Problem
from intercept_mapper.model import rollup as rollup_module
from intercept_mapper.model.rollup import (
    CommunitySummary,
    RollupCancelled,
    build_rollup,
    summarise,
    summarise_community,
    workshop_date,
)
from intercept_mapper.model.simmap_file import save_workshop
from tests.rollup_communities import adams, community, write_communities


def _summary(name: str, **fields) -> CommunitySummary:
    values = {"file": f"{name}.simmap", "gaps": 0, "resources": 0, "priorities": 0, "gaps_by_intercept": {},
              "unthemed_gaps": 0, "unthemed_priorities": 0}
    return CommunitySummary(name=name, **(values | fields))


# ------------------------------------------------------------------------------------ skipped files
def _refusing_loader(monkeypatch: pytest.MonkeyPatch, refusals: dict[str, list[Problem]]) -> None:
    """Files named in ``refusals`` fail to load with those problems; the others load as usual."""
    real = rollup_module.load_workshop

    def load(path):
        if Path(path).name in refusals:
            raise InputError(refusals[Path(path).name])
        return real(path)

    monkeypatch.setattr(rollup_module, "load_workshop", load)


REFUSALS = {
    "none.simmap": [],
    "one.simmap": [Problem("not a date", line=3, field="info.dates")],
    "two.simmap": [Problem("first", file="inner.json", line=1, field="points"), Problem("second")],
    "three.simmap": [Problem("first"), Problem("second"), Problem("third")],
}


def _refused_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in REFUSALS:
        (folder / name).write_text("{}", encoding="utf-8")
        paths.append(folder / name)
    return paths


def test_a_skipped_file_says_its_first_problem_where_it_is_and_how_many_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _refusing_loader(monkeypatch, REFUSALS)
    refused = _refused_files(tmp_path / "refused")
    good = tmp_path / "adams.simmap"
    save_workshop(adams(), good, backup=False)
    skipped = build_rollup([good, *refused]).skipped
    none, one, two, three = (str(p) for p in refused)
    assert [(p.file, p.line, p.field, p.message) for p in skipped] == [
        (none, None, "", "skipped: cannot be read"),  # an error that names no problem still names the file
        (one, 3, "info.dates", "skipped: not a date"),  # a problem with no file is the file's own
        # a problem naming a file of its own keeps it
        ("inner.json", 1, "points", "skipped: first (and 1 more problem)"),
        (three, None, "", "skipped: first (and 2 more problems)"),
    ]


def test_when_no_file_can_be_read_the_problems_are_errors_keeping_their_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _refusing_loader(monkeypatch, REFUSALS)
    with pytest.raises(InputError) as caught:
        build_rollup(_refused_files(tmp_path / "refused"))
    assert [(Path(p.file).name, p.line, p.field, p.message) for p in caught.value.problems] == [
        ("none.simmap", None, "", "cannot be read"),
        ("one.simmap", 3, "info.dates", "not a date"),
        ("inner.json", 1, "points", "first (and 1 more problem)"),
        ("three.simmap", None, "", "first (and 2 more problems)"),
    ]


def test_a_stop_asked_after_the_first_file_reads_no_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_communities(tmp_path / "counties")
    read: list[str] = []
    real = rollup_module.load_workshop
    monkeypatch.setattr(rollup_module, "load_workshop",
                        lambda path: read.append(Path(path).name) or real(path))
    with pytest.raises(RollupCancelled):
        build_rollup(files, progress=lambda done, _total, _name: done < 1)
    assert read == ["adams.simmap"]


# ------------------------------------------------------------------------------------ one community
def test_a_workshop_with_no_date_whose_file_is_gone_is_dated_never_from_its_file(tmp_path: Path) -> None:
    ws = community("Adams County", [])
    assert workshop_date(ws, tmp_path / "gone.simmap") == (date.min, "file_mtime")


def test_a_community_summarised_with_no_date_has_none_and_counts_its_unthemed_items() -> None:
    ws = adams()  # one gap of four has no theme; every priority has one ...
    ws.action_plans.append(ActionPlan(id="ap-free", title="Cross-train jail staff"))  # ... but this plan
    summary = summarise_community(ws, "Adams County", "adams.simmap")
    assert (summary.workshop_date, summary.date_from) == (None, "")
    assert (summary.gaps, summary.unthemed_gaps) == (4, 1)
    assert (summary.priorities, summary.unthemed_priorities) == (4, 1)


def test_a_theme_written_out_as_unthemed_is_no_theme() -> None:
    ws = community("Adams County", [("0", "No beds", "Unthemed", 0), ("1", "No data", "", 0)])
    rollup = summarise([summarise_community(ws, "Adams County", "adams.simmap")])
    assert [t.theme for t in rollup.themes] == []
    assert (rollup.unthemed.theme, rollup.unthemed.gaps) == ("unthemed", 2)


def test_every_resource_of_a_theme_is_counted() -> None:
    ws = community("Adams County", [("0", "No beds", "housing", 0)],
                   [("0", "Shelter", "housing"), ("4", "Rent help", "Housing")])
    ws.findings.append(Finding(id="r-more", kind="resource", intercept="X", title="Vouchers",
                               theme="housing"))
    rollup = summarise([summarise_community(ws, "Adams County", "adams.simmap")])
    assert [(t.theme, t.resources) for t in rollup.themes] == [("housing", 3)]


# ------------------------------------------------------------------------------------ orders
def test_community_names_are_listed_whatever_their_case() -> None:
    shared = [("0", "No mobile crisis at night", "crisis-services", 5)]
    rollup = summarise([summarise_community(community(name, shared), name, f"{n}.simmap")
                        for n, name in enumerate(["Baker County", "adams county"])])
    both = ("adams county", "Baker County")
    crisis = rollup.themes[0]
    assert (crisis.communities, crisis.gap_communities, crisis.priority_communities) == (both, both, both)
    assert [s.communities for s in (*rollup.common_gaps, *rollup.common_priorities)] == [both, both]


def test_themes_tied_on_communities_and_gaps_go_by_priorities_then_name() -> None:
    ws = community("Adams County", [("0", "A", "alpha", 0), ("0", "B", "beta", 5)])
    rollup = summarise([summarise_community(ws, "Adams County", "adams.simmap")])
    assert [(t.theme, t.gaps, t.priorities) for t in rollup.themes] == [("beta", 1, 1), ("alpha", 1, 0)]


def test_themes_by_priority_go_by_communities_then_priorities() -> None:
    ws = community("Adams County", [("0", "A", "alpha", 5), ("0", "B1", "beta", 4), ("0", "B2", "beta", 3)],
                   top_n=3)
    rollup = summarise([summarise_community(ws, "Adams County", "adams.simmap")])
    assert [(t.theme, t.priorities) for t in rollup.priority_themes()] == [("beta", 2), ("alpha", 1)]


def test_shared_titles_go_by_communities_and_take_the_most_used_spelling() -> None:
    names = ["Adams County", "Baker County", "Clark County"]
    gaps = {
        "Adams County": [("0", "aa both", "", 0), ("0", "zz all three", "", 0),
                         ("X", "no shared data", "", 0)],
        "Baker County": [("0", "AA Both", "", 0), ("0", "zz all three", "", 0),
                         ("X", "No Shared Data", "", 0)],
        "Clark County": [("0", "ZZ All Three", "", 0)],
    }
    rollup = summarise([summarise_community(community(name, gaps[name]), name, f"{name}.simmap")
                        for name in names])
    assert [(s.title, len(s.communities)) for s in rollup.common_gaps] == [
        ("zz all three", 3),  # used twice, against once: not the one that sorts first
        ("AA Both", 2),  # once each: the one that sorts first, whichever came first
        ("No Shared Data", 2),
    ]


def test_intercepts_go_by_number_then_by_id_and_the_cross_band_last() -> None:
    # A scheme's intercept ids are the workshop's own ("X" is reserved for the cross band).
    rollup = summarise([_summary("Adams", gaps_by_intercept={"X": 1, "b": 1, "10": 1, "A": 1, "2": 1})])
    assert rollup.intercepts == ["2", "10", "A", "b", "X"]


def test_trends_go_by_gaps_then_name_and_skip_only_undated_files() -> None:
    undated = _summary("Adams", gap_items=(("zeta", "a"),))
    dated = _summary("Baker", workshop_date=date(2026, 5, 1),
                     gap_items=(("beta", "b"), ("", "c"), ("zeta", "d"), ("alpha", "e"), ("zeta", "f")))
    trends = summarise([undated, dated]).trends
    assert trends.years == (2026,) and trends.workshops == {2026: 1}
    assert [(t.theme, t.gaps) for t in trends.themes] == [
        ("zeta", {2026: 2}), ("alpha", {2026: 1}), ("beta", {2026: 1}), ("unthemed", {2026: 1})]


# ------------------------------------------------------------------------------------ names
def test_two_files_with_one_name_and_one_file_name_are_told_apart_by_their_paths(tmp_path: Path) -> None:
    paths = []
    for folder, file_name in (("north", "adams.simmap"), ("south", "adams.simmap"), ("north", "old.simmap")):
        (tmp_path / folder).mkdir(exist_ok=True)
        ws = community("Adams County", [("0", "No beds", "housing", 1)])
        save_workshop(ws, tmp_path / folder / file_name, backup=False)
        paths.append(tmp_path / folder / file_name)
    rollup = build_rollup(paths, all_years=True)
    assert [c.name for c in rollup.communities] == [
        f"Adams County ({paths[0]})", f"Adams County ({paths[1]})", "Adams County (old.simmap)"]
