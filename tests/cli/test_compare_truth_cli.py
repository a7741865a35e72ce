"""Issue 17: compare tells a committee the truth after a worksheet round trip (plans, steps, people lost)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import SAMPLES

from intercept_mapper.model.simmap_file import load_workshop

SAMPLE = SAMPLES / "riverbend.simmap"


def _round_trip(cli, tmp_path: Path) -> Path:  # noqa: ANN001
    """The sample exported as a worksheet and imported again: the map survives, the plans do not."""
    csv = tmp_path / "riverbend.csv"
    assert cli("export", SAMPLE, "--worksheet", csv).code == 0
    again = tmp_path / "again.simmap"
    result = cli("import-worksheet", csv, "-o", again)
    assert result.code == 0, result.err
    return again


def test_a_lossy_worksheet_round_trip_is_not_no_changes(cli, tmp_path: Path) -> None:  # noqa: ANN001
    again = _round_trip(cli, tmp_path)
    sample = load_workshop(SAMPLE)
    plans = len(sample.action_plans)
    steps = sum(len(o.steps) for p in sample.action_plans for o in p.objectives)
    people = len(sample.participants)
    assert plans == 5 and steps > 0 and people > 0

    text = cli("compare", SAMPLE, again)
    assert text.code == 0, text.err
    assert "No changes" not in text.out
    assert f"Action plans lost ({plans}):" in text.out
    assert f"Action steps lost ({steps}):" in text.out
    assert f"Participants no longer listed ({people}):" in text.out
    assert "Lack of supportive housing: action plan lost (2 objectives, 5 action steps)" in text.out

    data = json.loads(cli("compare", SAMPLE, again, "--json").out)
    assert data["counts"]["plans_removed"] == plans
    assert data["counts"]["steps_removed"] == steps
    assert data["counts"]["participants_removed"] == people
    assert {p["title"] for p in data["plans_removed"]} == {p.title for p in sample.action_plans}
    assert all(s["with_plan"] for s in data["steps_removed"])
    # Nothing else is news: the map, the gaps and the votes came through the round trip.
    assert data["gaps_closed"] == data["gaps_new"] == data["renamed"] == []
    changed = [p for p in data["priorities_changed"] if p["change"] == "changed"]
    assert len(changed) == plans
    assert all(p["note"].startswith("action plan lost (") for p in changed)
    assert all(p["old_rank"] == p["new_rank"] and p["old_votes"] == p["new_votes"] for p in changed)
    # The existing keys are all still there.
    assert {"old", "new", "counts", "gaps_closed", "gaps_new", "resources_new", "resources_removed",
            "priorities_changed", "steps_completed", "points_added", "points_removed",
            "warnings"} <= set(data)


def test_the_way_back_reports_the_plans_added(cli, tmp_path: Path) -> None:  # noqa: ANN001
    again = _round_trip(cli, tmp_path)
    data = json.loads(cli("compare", again, SAMPLE, "--json").out)
    assert data["counts"]["plans_added"] == 5
    assert data["counts"]["participants_added"] == len(load_workshop(SAMPLE).participants)
    assert data["counts"]["plans_removed"] == data["counts"]["steps_removed"] == 0
    assert all(p["note"].startswith("action plan added (") for p in data["priorities_changed"]
               if p["change"] == "changed")
