"""The bundled Riverbend sample: valid, complete enough for every screen and report, and up to date
with tools/build_sample.py."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from cli_support import REPO, SAMPLES

from intercept_mapper.model.candidate_edits import budget_warnings
from intercept_mapper.model.simmap_file import dumps_workshop, load_workshop
from intercept_mapper.model.workshop import Workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return load_workshop(SAMPLE_WORKSHOP)


def test_sample_validates(cli) -> None:
    assert cli("validate", SAMPLE_WORKSHOP).out == "OK\n"


def test_sample_holds_the_whole_worksheet(sample: Workshop) -> None:
    with (SAMPLES / "riverbend-worksheet.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(p.title for p in sample.points) == sorted(r["title"] for r in rows if r["kind"] == "point")
    assert len(sample.findings) == sum(r["kind"] != "point" for r in rows)
    # The worksheet's votes are all there, split between the two tables.
    worksheet_votes = {r["title"]: int(r["votes"]) for r in rows if r["votes"]}
    assert {c.title: c.total_votes() for c in sample.voting.candidates if c.votes} == worksheet_votes
    assert [t.name for t in sample.voting.tables] == ["System table", "Community table"]
    table_ids = {t.id for t in sample.voting.tables}
    for candidate in sample.voting.candidates:
        assert set(candidate.votes) <= table_ids
    totals = {t.name: sum(c.votes.get(t.id, 0) for c in sample.voting.candidates)
              for t in sample.voting.tables}
    assert totals["System table"] > 0 and totals["Community table"] > 0
    assert budget_warnings(sample) == []  # every table's votes fit its people's allowance


def test_sample_people_and_metadata(sample: Workshop) -> None:
    info = sample.info
    assert info.title == "Riverbend County Sequential Intercept Mapping"
    assert info.jurisdiction == "Riverbend County"
    assert len(info.dates) == 2 and (info.dates[1] - info.dates[0]).days >= 14
    assert info.facilitators and info.prepared_by
    assert all(len(text) > 200 for text in (info.background, info.recommendations, info.further_resources))
    assert sum(p.planning_team for p in sample.participants) >= 3
    assert sum(p.facilitator for p in sample.participants) >= 1
    assert any(p.lived_experience for p in sample.participants)


def test_sample_action_plans_for_the_top_five(sample: Workshop) -> None:
    by_votes = sorted(sample.voting.candidates, key=lambda c: (-c.total_votes(), c.title))
    assert [p.candidate_id for p in sample.action_plans] == [c.id for c in by_votes[:5]]
    people = {p.id: p.name for p in sample.participants}
    statuses = set()
    depends = 0
    for plan in sample.action_plans:
        assert 1 <= len(plan.objectives) <= 2
        steps = [s for o in plan.objectives for s in o.steps]
        assert 2 <= len(steps) <= 6 and all(len(o.steps) >= 2 or len(plan.objectives) > 1
                                            for o in plan.objectives)
        plan_step_ids = {s.id for s in steps}
        for step in steps:
            assert step.who and step.when and step.when > sample.info.dates[-1]
            if step.who_participant_id is not None:
                assert people[step.who_participant_id] == step.who
            assert set(step.depends_on) <= plan_step_ids
            depends += bool(step.depends_on)
            statuses.add(step.status)
    assert depends >= 1
    assert {"done", "in-progress", "not-started"} <= statuses
    assert sum(s.who_participant_id is not None for p in sample.action_plans
               for o in p.objectives for s in o.steps) >= 10


def test_sample_points_are_laid_out(sample: Workshop) -> None:
    positions = {(p.x, p.y) for p in sample.points}
    assert len(positions) == len(sample.points)


def test_committed_sample_matches_the_builder(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_sample", REPO / "tools" / "build_sample.py")
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.main(["--output", str(tmp_path / "a.simmap")]) == 0
    built = (tmp_path / "a.simmap").read_text(encoding="utf-8")
    assert built == dumps_workshop(builder.build_sample()), "the builder is not deterministic"
    assert built == SAMPLE_WORKSHOP.read_text(encoding="utf-8"), (
        "intercept_mapper/resources/samples/riverbend.simmap is out of date: "
        "run .venv/bin/python tools/build_sample.py"
    )
