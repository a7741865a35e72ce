"""Issue 17: the rollup counts communities, not files; not-mapped intercepts; trends; suggested themes."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from intercept_mapper.model.rollup import build_rollup, community_key, workshop_date
from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.model.theme_apply import apply_theme_suggestions, theme_suggestions
from intercept_mapper.model.theme_suggestion import theme_label
from tests.rollup_communities import community
from tests.rollup_years import write_program


@pytest.fixture
def program(tmp_path: Path) -> dict[str, Path]:
    return write_program(tmp_path / "program")


def test_two_years_of_one_county_are_one_community_and_the_latest_counts(program: dict[str, Path]) -> None:
    rollup = build_rollup(list(program.values()))
    assert len(rollup.communities) == 2
    adams, clark = rollup.communities
    assert adams.name == "ADAMS county"  # the latest file's own spelling
    assert Path(adams.file).name == "adams-2026.simmap"
    assert (adams.workshop_date, adams.date_from) == (date(2026, 4, 1), "dates")
    assert [(Path(h.file).name, h.workshop_date, h.date_from) for h in adams.history] == [
        ("adams-2025.simmap", date(2025, 3, 5), "dates")]  # the latest of its dates
    assert (clark.workshop_date, clark.date_from) == (date(2026, 6, 1), "report_date")
    # Only the counted workshop is in the themes: 2026's four gaps, not 2025's three as well.
    assert adams.gaps == 4
    assert {t.theme: t.gaps for t in rollup.themes}["crisis-services"] == 1
    data = rollup.as_json()
    assert (data["communities"], data["file_count"], data["all_years"]) == (2, 3, False)
    assert [Path(f["file"]).name for f in data["files"]] == ["adams-2026.simmap", "clark.simmap"]
    assert data["files"][0]["workshop_date"] == "2026-04-01" and data["files"][0]["date_from"] == "dates"
    assert [Path(h["file"]).name for h in data["history"]["ADAMS county"]] == ["adams-2025.simmap"]


def test_all_years_counts_every_file(program: dict[str, Path]) -> None:
    rollup = build_rollup(list(program.values()), all_years=True)
    assert len(rollup.communities) == 3
    assert all(not c.history for c in rollup.communities)
    data = rollup.as_json()
    assert (data["communities"], data["file_count"], data["all_years"]) == (3, 3, True)


def test_an_intercept_the_scheme_does_not_map_is_not_mapped_not_zero(program: dict[str, Path]) -> None:
    rollup = build_rollup(list(program.values()))
    assert rollup.intercepts == ["0", "1", "5", "X"]
    clark = rollup.communities[1]
    assert clark.gaps_at("0") is None  # a five-intercept map has no intercept 0
    assert clark.gaps_at("1") == 1 and clark.gaps_at("X") == 0
    by = rollup.as_json()["gaps_per_intercept"]
    assert by["by_community"]["Clark County"] == {"0": None, "1": 1, "5": 1, "X": 0}
    assert by["by_community"]["ADAMS county"] == {"0": 1, "1": 0, "5": 0, "X": 3}
    assert by["not_mapped"] == {"Clark County": ["0"]}
    assert by["total"] == {"0": 1, "1": 1, "5": 1, "X": 3}


def test_trends_count_gaps_per_theme_per_year_over_every_file(program: dict[str, Path]) -> None:
    trends = build_rollup(list(program.values())).as_json()["trends"]
    assert trends["years"] == ["2025", "2026"]
    assert trends["workshops"] == {"2025": 1, "2026": 2}
    by_theme = {t["theme"]: t["gaps"] for t in trends["themes"]}
    assert by_theme["community-supervision"] == {"2025": 1, "2026": 2}
    assert by_theme["crisis-services"] == {"2025": 1, "2026": 1}
    assert by_theme["unthemed"] == {"2026": 1}
    assert trends["themes"][-1]["theme"] == "unthemed"


def test_the_date_falls_back_to_the_report_date_then_the_file_time(tmp_path: Path) -> None:
    ws = community("Eden", [("0", "gap", "", 0)])
    path = tmp_path / "eden.simmap"
    save_workshop(ws, path, backup=False)
    stamp = date(2024, 5, 6)
    seconds = datetime(2024, 5, 6, 12).timestamp()
    os.utime(path, (seconds, seconds))
    assert workshop_date(ws, path) == (stamp, "file_mtime")
    ws.info.report_date = date(2024, 7, 1)
    assert workshop_date(ws, path) == (date(2024, 7, 1), "report_date")
    ws.info.dates = [date(2024, 6, 2), date(2024, 6, 1)]
    assert workshop_date(ws, path) == (date(2024, 6, 2), "dates")


def test_communities_fall_back_to_the_title_then_the_file_name(tmp_path: Path) -> None:
    titled = community("", [("0", "gap", "", 0)])
    titled.info.title = "Lake County SIM"
    named = community("", [("0", "gap", "", 0)])
    for name, ws in (("a", titled), ("b", titled), ("eden", named)):
        save_workshop(ws, tmp_path / f"{name}.simmap", backup=False)
    rollup = build_rollup([tmp_path / "a.simmap", tmp_path / "b.simmap", tmp_path / "eden.simmap"])
    assert [c.name for c in rollup.communities] == ["Lake County SIM", "eden"]
    assert len(rollup.communities[0].history) == 1
    assert community_key("Adams  County.") == community_key("adams county")


def test_theme_labels_are_words_for_any_theme() -> None:
    assert theme_label("community-supervision") == "Community supervision"
    assert theme_label("crisis-services") == "Crisis services"
    assert theme_label("Crisis services") == "Crisis services"
    assert theme_label("peer_support") == "Peer support"


def test_suggested_themes_fill_only_unthemed_items(tmp_path: Path) -> None:
    ws = community("Fen", [("0", "No mobile crisis team at night", "", 3),
                           ("1", "Officers lack CIT training", "housing", 2),  # a theme: kept
                           ("2", "Court calendar is slow", "", 0)])  # words suggest nothing
    found, without = theme_suggestions(ws)
    assert [(s.title, s.theme) for s in found] == [("No mobile crisis team at night", "crisis-services")]
    assert without == 1
    assert apply_theme_suggestions(ws) == found
    assert [f.theme for f in ws.findings] == ["crisis-services", "housing", ""]
    assert theme_suggestions(ws) == ([], 1)


def test_rollup_suggest_themes_counts_them_and_never_writes_the_files(tmp_path: Path) -> None:
    ws = community("Fen", [("0", "No mobile crisis team at night", "", 3)])
    path = tmp_path / "fen.simmap"
    save_workshop(ws, path, backup=False)
    before = path.read_bytes()
    plain = build_rollup([path])
    assert plain.themes == [] and plain.unthemed.gaps == 1
    suggested = build_rollup([path], suggest_themes=True)
    assert [t.theme for t in suggested.themes] == ["crisis-services"]
    assert [(s.community, s.suggestion.theme) for s in suggested.suggested] == [("Fen", "crisis-services")]
    assert suggested.as_json()["suggested_themes"][0]["label"] == "Crisis services"
    assert path.read_bytes() == before
    assert load_workshop(path).findings[0].theme == ""


def test_fifty_generated_counties_get_their_themes_headless(tmp_path: Path) -> None:
    """Gaps left unthemed on import are themed by --suggest-themes, without the app."""
    titles = ["No mobile crisis at night", "Lack of supportive housing", "No shared data across agencies",
              "Deputies not CIT trained", "No transportation to appointments", "Court calendar is slow"]
    paths = []
    for n in range(50):
        gaps = [(str(k % 6), titles[(n + k) % len(titles)], "", k) for k in range(4)]
        path = tmp_path / f"county-{n:02}.simmap"
        save_workshop(community(f"County {n:02}", gaps), path, backup=False)
        paths.append(path)
    before = build_rollup(paths)
    assert before.themes == [] and before.unthemed.gaps == 200
    after = build_rollup(paths, suggest_themes=True)
    assert len(after.communities) == 50
    assert after.unthemed.gaps < 50  # only "Court calendar is slow" has no suggestion
    assert {t.theme for t in after.themes} >= {"crisis-services", "housing", "data-sharing", "training",
                                               "transportation"}
    assert len(after.suggested) == 200 - after.unthemed.gaps
