"""The migration chain, and the golden file of every released schema version."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from intercept_mapper.model import SCHEMA_VERSION, InputError, Workshop, migrations
from intercept_mapper.model.simmap_file import dumps_workshop, load_workshop, loads_workshop
from intercept_mapper.model.validation import validate_workshop

DATA = Path(__file__).resolve().parent.parent / "data"


def _golden(version: int) -> Path:
    return DATA / f"golden-v{version}.simmap"


def _v1() -> dict[str, Any]:
    return json.loads(_golden(1).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the chain
def test_current_version_is_the_model_schema_version() -> None:
    assert migrations.CURRENT_VERSION == SCHEMA_VERSION


def test_there_is_one_migration_per_older_version() -> None:
    assert sorted(migrations.MIGRATIONS) == list(range(migrations.FIRST_VERSION, migrations.CURRENT_VERSION))


def test_current_version_passes_through_unchanged() -> None:
    raw = json.loads(_golden(SCHEMA_VERSION).read_text(encoding="utf-8"))
    assert migrations.migrate(raw) is raw


def test_version_1_keeps_its_vote_budget_and_records_no_attendance_or_report_date() -> None:
    # Version 1 always wrote a budget, so it cannot be told from a default: it is kept as written.
    ws = loads_workshop(_golden(1).read_bytes(), "old.simmap")
    assert ws.schema_version == SCHEMA_VERSION
    assert (ws.voting.votes_per_participant, ws.info.attendance, ws.info.report_date) == (3, None, None)


def test_golden_v2_loads_attendance_report_date_and_budget() -> None:
    ws = load_workshop(_golden(2))
    assert (ws.info.attendance, ws.info.report_date) == (47, date(2026, 5, 4))
    assert ws.voting.votes_per_participant == 3
    assert ws.info.dates == [date(2024, 3, 14), date(2024, 4, 2)]  # two days, weeks apart
    objective = ws.action_plans[0].objectives[0]
    assert (objective.drafted, [s.drafted for s in objective.steps]) == (True, [False, True])
    assert [(s.when, s.when_text) for s in objective.steps] == [
        (date(2024, 6, 30), ""), (None, "by the board's June meeting")]
    people = [(p.lived_experience, p.counts_for_sector) for p in ws.participants]
    assert people == [(False, False), (True, True)]
    assert [c.rank for c in ws.voting.candidates] == [None, 2]
    phone = ws.voting.ballots[1]  # room voting: no participant, an opaque key, nothing else about them
    assert (phone.participant_id, phone.device_key, phone.votes) == (None, "k-3f9a0c6e1d2b", {"cd-data": 3})
    assert [(s.kind, s.intercept, s.text[:9]) for s in ws.inbox] == [("gap", "0", "No crisis")]
    assert validate_workshop(ws) == []


def test_version_1_keeps_a_written_no_for_lived_experience() -> None:
    ws = loads_workshop(_golden(1).read_bytes(), "old.simmap")
    assert [p.lived_experience for p in ws.participants] == [False, True]
    assert not any(p.counts_for_sector for p in ws.participants)


def test_a_new_workshop_has_no_vote_budget_attendance_or_report_date() -> None:
    ws = Workshop(scheme=load_workshop(_golden(2)).scheme)
    assert (ws.voting.votes_per_participant, ws.info.attendance, ws.info.report_date) == (None, None, None)


@pytest.fixture
def pretend_version_3(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend this program reads version 3, with migrations 1->2 (rename a field) and 2->3 (add one)."""
    calls: list[int] = []

    def one_to_two(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(1)
        raw["info"]["sponsor_text"] = raw["info"].pop("sponsors")
        return raw

    def two_to_three(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(2)
        assert raw["schema_version"] == 2  # runs after 1->2, on its output
        raw["info"]["sponsors"] = raw["info"].pop("sponsor_text").upper()
        return raw

    monkeypatch.setattr(migrations, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: one_to_two, 2: two_to_three})
    return calls


def test_chain_runs_in_order_on_a_copy(pretend_version_3: list[int]) -> None:
    raw = _v1()
    original = copy.deepcopy(raw)
    out = migrations.migrate(raw, "old.simmap")
    assert pretend_version_3 == [1, 2]
    assert out["schema_version"] == 3
    assert out["info"]["sponsors"] == "COUNTY BEHAVIORAL HEALTH BOARD; 中文: 县行为健康委员会"
    assert raw == original  # the caller's data is never changed


def test_chain_starts_at_the_file_version(pretend_version_3: list[int]) -> None:
    raw = _v1()
    raw["schema_version"] = 2
    raw["info"]["sponsor_text"] = raw["info"].pop("sponsors")
    assert migrations.migrate(raw)["schema_version"] == 3
    assert pretend_version_3 == [2]


def test_loading_an_older_file_migrates_it(pretend_version_3: list[int]) -> None:
    ws = loads_workshop(_golden(1).read_bytes(), "old.simmap")
    assert ws.schema_version == 3
    assert ws.info.sponsors.startswith("COUNTY BEHAVIORAL")


def test_problems_in_a_migrated_file_name_fields_but_no_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    # Lines of the old text would point at the wrong place in the upgraded data.
    def breaks_a_flow(raw: dict[str, Any]) -> dict[str, Any]:
        raw["flows"][0]["target"] = "pt-9"
        return raw

    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: breaks_a_flow})
    with pytest.raises(InputError) as caught:
        loads_workshop(_golden(1).read_bytes(), "old.simmap")
    problem = caught.value.problems[0]
    assert (problem.field, problem.line) == ("flows[0].target", None)


def test_a_failing_migration_rolls_back_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def half_done(raw: dict[str, Any]) -> dict[str, Any]:
        raw["points"].clear()  # it damages its input before failing
        raw["info"]["title"] = "half migrated"
        raise KeyError("findings")

    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: half_done})
    raw = _v1()
    original = copy.deepcopy(raw)
    with pytest.raises(InputError) as caught:
        migrations.migrate(raw, "old.simmap")
    assert caught.value.lines() == [
        "error: old.simmap: this file could not be upgraded from schema version 1 to 2 "
        "(KeyError: 'findings'); the file was not changed"
    ]
    assert raw == original


def test_a_migration_returning_nothing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: lambda raw: None})
    with pytest.raises(InputError, match="returned no document"):
        migrations.migrate(_v1())


def test_a_gap_in_the_chain_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: lambda raw: raw})
    with pytest.raises(InputError, match="from schema version 2 to 3: this program has no migration"):
        migrations.migrate(_v1())


def test_a_newer_file_is_refused_with_both_versions() -> None:
    raw = _v1()
    raw["schema_version"] = 7
    with pytest.raises(InputError) as caught:
        migrations.migrate(raw, "new.simmap")
    assert caught.value.lines() == [
        "error: new.simmap: this file was written by a newer Intercept Mapper (file schema version 7; "
        f"this version reads up to {SCHEMA_VERSION}): update Intercept Mapper to open it"
    ]


@pytest.mark.parametrize(
    ("version", "words"),
    [(0, "is 0, a version no Intercept Mapper ever wrote"), (-3, "is -3"),
     ("1", "must be a whole number, not '1'"), (1.0, "not 1.0"), (True, "not True"), (None, "not None"),
     ([1], "not a list")],
)
def test_bad_schema_versions_are_refused(version: object, words: str) -> None:
    raw = _v1()
    raw["schema_version"] = version
    with pytest.raises(InputError) as caught:
        migrations.migrate(raw, "odd.simmap")
    problem = caught.value.problems[0]
    assert (problem.file, problem.field) == ("odd.simmap", "schema_version")
    assert words in problem.message


def test_missing_schema_version_is_refused() -> None:
    raw = _v1()
    del raw["schema_version"]
    with pytest.raises(InputError, match="schema_version: is missing"):
        migrations.migrate(raw, "odd.simmap")


# ----------------------------------------------------------------------------- golden files
def test_there_is_a_golden_file_for_every_released_version() -> None:
    for version in range(migrations.FIRST_VERSION, SCHEMA_VERSION + 1):
        assert _golden(version).is_file(), f"tests/data/golden-v{version}.simmap is missing"


def test_golden_v1_loads_to_the_expected_values() -> None:
    ws = load_workshop(_golden(1))
    assert validate_workshop(ws) == []
    info = ws.info
    assert info.title == "Riverbend County Sequential Intercept Mapping"
    assert info.jurisdiction == "Riverbend County & the City of Millford"
    assert info.dates == [date(2024, 3, 14), date(2024, 4, 2)]
    assert info.facilitators == ["Dana Ortiz", "Łukasz Nowak"]
    assert info.prepared_by == 'Policy Research <Associates> "PRA"'
    assert info.sponsors == "County Behavioral Health Board; 中文: 县行为健康委员会"
    assert info.background == "Why we met:\n\t• jail bookings up 20%\n\t• 988 calls 📞 doubled"
    assert info.data_summary == "Bookings 2025: 4,812 & ED boarding > 30 h"
    assert info.further_resources == "مركز الأزمات (Arabic: crisis centre)"
    assert info.status == "final"
    assert ws.scheme.preset == "texas"
    assert ws.scheme.ids() == ["0", "1", "2", "3", "4", "5"]
    assert ws.scheme.label("0") == "Mobile Crisis Outreach Teams / Co-Response"
    assert ws.scheme.cross_label == "Cross-intercept & shared issues"

    dispatch, booking = ws.points
    assert (dispatch.intercept, dispatch.x, dispatch.y, dispatch.pinned) == ("1", 120.5, -40.0, True)
    assert booking.title == "Booking & screening <jail>"
    assert [(f.source, f.target, f.yearly_count) for f in ws.flows] == [
        ("pt-dispatch", "pt-booking", 1250), ("pt-booking", "pt-dispatch", None)]
    resource, gap = ws.findings
    assert (resource.kind, resource.point_id, resource.theme) == ("resource", "pt-dispatch", "training")
    assert (gap.kind, gap.intercept, gap.point_id) == ("gap", "X", None)
    assert gap.title == "没有共享数据 — no data sharing"

    judge, peer = ws.participants
    assert (judge.planning_team, judge.lived_experience, judge.email) == (True, False, "mjgarcia@example.org")
    assert (peer.name, peer.lived_experience, peer.facilitator, peer.table) == (
        'Sam "Peer" Lee', True, True, "community")

    voting = ws.voting
    assert [t.id for t in voting.tables] == ["tb-community", "tb-system"]
    assert [t.voters for t in voting.tables] == [14, None]
    assert (voting.votes_per_participant, voting.top_n) == (3, 4)
    data, other = voting.candidates
    assert (data.gap_ids, data.intercepts, data.point_id) == (["fd-gap"], ["X", "2"], "pt-booking")
    assert data.votes == {"tb-community": 5, "tb-system": 7} and data.total_votes() == 12
    assert (other.excluded, other.votes) == (True, {})
    assert voting.ballots[0].votes == {"cd-data": 2, "cd-other": 1}

    plan, free = ws.action_plans
    assert (plan.candidate_id, free.candidate_id, free.objectives) == ("cd-data", None, [])
    draft, sign = plan.objectives[0].steps
    assert (draft.who_participant_id, draft.when) == ("pp-judge", date(2024, 6, 30))
    assert draft.status == "in-progress"
    assert draft.notes == "First draft circulated; comments due <June 15>"
    assert (sign.when, sign.status, sign.depends_on) == (None, "not-started", ["st-draft"])


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_golden_file_of_the_current_version_resaves_byte_identically(version: int) -> None:
    text = _golden(version).read_text(encoding="utf-8")
    ws = loads_workshop(text)
    if version == SCHEMA_VERSION:
        assert dumps_workshop(ws) == text
    else:  # an older file re-saves as the current version, and that loads to the same workshop
        assert loads_workshop(dumps_workshop(ws)) == ws


def _field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    paths = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        nested = annotation if isinstance(annotation, type) else (args[0] if args else None)
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            paths |= _field_paths(nested, f"{path}.")
    return paths


def _used_paths(value: Any, prefix: str = "") -> set[str]:
    """Field paths with a non-empty, non-null value somewhere in the raw JSON (list items merged)."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if item not in (None, [], {}, ""):
                paths.add(f"{prefix}{key}")
            if isinstance(item, dict | list) and not key.endswith("votes"):
                paths |= _used_paths(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            paths |= _used_paths(item, prefix)
    return paths


def test_newest_golden_file_uses_every_field_of_every_model() -> None:
    # A new field means a new schema version and a new golden file that exercises it.
    raw = json.loads(_golden(SCHEMA_VERSION).read_text(encoding="utf-8"))
    missing = _field_paths(Workshop) - _used_paths(raw)
    assert not missing, f"golden-v{SCHEMA_VERSION}.simmap never fills: {sorted(missing)}"


def test_golden_text_covers_hostile_characters() -> None:
    text = _golden(1).read_text(encoding="utf-8")
    for needle in ("&", "<", '"', "📞", "中文", "مركز", "\\t", "\\n"):
        assert needle in text


def test_refusals_name_the_file_and_the_versions_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _v1()
    del raw["schema_version"]
    with pytest.raises(InputError) as caught:
        migrations.schema_version_of(raw, "odd.simmap")
    assert caught.value.lines() == [
        "error: odd.simmap: schema_version: is missing, so the version of this file is unknown"]
    for unnamed in (migrations.migrate, migrations.schema_version_of):
        with pytest.raises(InputError) as caught:
            unnamed(raw)  # no file named: the message names no file
        assert caught.value.lines() == [
            "error: schema_version: is missing, so the version of this file is unknown"]

    monkeypatch.setattr(migrations, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: lambda raw: raw})
    with pytest.raises(InputError) as caught:
        migrations.migrate(_v1(), "old.simmap")
    assert caught.value.lines() == [
        "error: old.simmap: this file cannot be upgraded from schema version 2 to 3: this program has no "
        "migration for it"]

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: lambda raw: raw, 2: lambda raw: None})
    with pytest.raises(InputError) as caught:
        migrations.migrate(_v1(), "old.simmap")
    assert caught.value.lines() == [
        "error: old.simmap: this file could not be upgraded from schema version 2 to 3 (the migration "
        "returned no document); the file was not changed"]
