"""``plan`` and ``roster``: the JSON shapes of the contracts, readable text, clean failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model import Candidate, DecisionPoint, Flow, Participant, VotingTable, new_workshop
from intercept_mapper.model.simmap_file import save_workshop

RIVERBEND = SAMPLES / "riverbend.simmap"


@pytest.fixture
def tied_file(tmp_path: Path) -> Path:
    """Two tables and a tie on votes broken by downstream reach, against intercepts and title.

    Decision points run 1 -> 2 -> 3 -> 4 through flows. "Shared data" sits on intercept 1 (reaches all
    four points); "Dispatch protocol" on intercepts 3 and 4 (reaches two). Dispatch touches more
    intercepts and comes first by title: only reach puts Shared data first.
    """
    ws = new_workshop(title="Tiny")
    ws.points = [DecisionPoint(id=f"pt{n}", intercept=str(n), title=f"Point {n}") for n in range(1, 5)]
    ws.flows = [Flow(id=f"fl{n}", source=f"pt{n}", target=f"pt{n + 1}") for n in range(1, 4)]
    ws.voting.tables = [VotingTable(id="tb-s", name="system"), VotingTable(id="tb-c", name="community")]
    ws.voting.candidates = [
        Candidate(id="c1", title="Dispatch protocol", intercepts=["3", "4"], votes={"tb-s": 3, "tb-c": 2}),
        Candidate(id="c2", title="Shared data", intercepts=["1"], votes={"tb-s": 1, "tb-c": 4}),
        Candidate(id="c3", title="Excluded", intercepts=["2"], votes={"tb-s": 9}, excluded=True),
        Candidate(id="c4", title="Court waitlist", intercepts=["3"], votes={"tb-c": 1}),
    ]
    ws.participants = [Participant(id="p1", name="Jo", sector="jail", lived_experience=True, table="system")]
    ws.voting.votes_per_participant = 3
    path = tmp_path / "tiny.simmap"
    save_workshop(ws, path, backup=False)
    return path


def test_plan_json_is_in_rank_order_with_the_contract_fields(cli, tied_file: Path) -> None:
    result = cli("plan", tied_file, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    priorities = data["priorities"]
    assert [p["title"] for p in priorities] == ["Shared data", "Dispatch protocol", "Court waitlist"]
    first = priorities[0]
    assert {"rank", "title", "votes", "votes_by_table", "intercepts", "downstream_reach", "reason",
            "candidate_id"} <= first.keys()
    assert (first["rank"], first["votes"], first["intercepts"], first["candidate_id"]) == (1, 5, ["1"], "c2")
    second = priorities[1]
    assert (first["downstream_reach"], second["downstream_reach"]) == (4, 2)
    assert second["intercepts"] == ["3", "4"]
    assert first["reason"].endswith("upstream of 4 decision points.")
    assert second["reason"].endswith("which reaches further downstream (4 decision points against 2).")
    assert first["votes_by_table"] == {"system": 1, "community": 4}
    assert list(first["votes_by_table"]) == ["system", "community"]
    assert isinstance(first["downstream_reach"], int)
    assert first["reason"].startswith("5 votes (system 1, community 4); ties with 'Dispatch protocol'")
    assert [p["rank"] for p in priorities] == [1, 2, 3]
    # Votes cast for an excluded candidate were still cast: they count against the budget.
    assert data["warnings"] == [
        "Table 'system' has 13 votes but only 3 to give (1 participant \u00d7 3 votes each).",
        "Table 'community' has 7 votes but only 0 to give (0 participants \u00d7 3 votes each).",
    ]


def test_plan_budget_uses_a_tables_voter_count(cli, tmp_path: Path) -> None:
    ws = new_workshop(title="Counted")
    ws.voting.tables = [VotingTable(id="tb-s", name="system", voters=5),
                        VotingTable(id="tb-c", name="community", voters=2)]
    ws.voting.votes_per_participant = 3
    ws.voting.candidates = [Candidate(id="c1", title="Crisis unit", intercepts=["0"],
                                      votes={"tb-s": 15, "tb-c": 7})]
    path = tmp_path / "counted.simmap"
    save_workshop(ws, path, backup=False)
    data = json.loads(cli("plan", path, "--json").out)
    # Nobody is on the participants list; the counts stand in: 5 x 3 = 15 is fine, 2 x 3 = 6 is not.
    assert data["warnings"] == [
        "Table 'community' has 7 votes but only 6 to give (2 participants \u00d7 3 votes each)."]
    assert data["priorities"][0]["votes_by_table"] == {"system": 15, "community": 7}


def test_plan_top_n_and_text(cli, tied_file: Path) -> None:
    data = json.loads(cli("plan", tied_file, "--json", "--top", "2").out)
    assert [p["rank"] for p in data["priorities"]] == [1, 2]
    result = cli("plan", tied_file, "--top", "1")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[1] == "1. 5 votes (system 1, community 4): Shared data"
    assert lines[2].strip().startswith("5 votes (system 1, community 4); ties with")
    assert "(2 more below the top 1)" in result.out
    assert "Excluded" not in result.out


def test_plan_on_the_riverbend_sample(cli) -> None:
    data = json.loads(cli("plan", RIVERBEND, "--json").out)
    votes = [p["votes"] for p in data["priorities"]]
    assert votes == sorted(votes, reverse=True) and len(votes) >= 5
    assert all(p["reason"].endswith(".") for p in data["priorities"])


def test_roster_json_shape_on_the_riverbend_sample(cli) -> None:
    before = snapshot(RIVERBEND)
    result = cli("roster", RIVERBEND, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["sectors"]["peer-lived-experience"] == 2 and data["sectors"]["jail"] == 1
    assert data["missing"] == [
        "prosecution", "behavioral-health", "substance-use-treatment", "hospital-health",
    ]
    assert data["lived_experience"] == 2
    assert "Nobody from the prosecution is at the table." in data["warnings"]
    assert "@" not in result.out  # contact details never printed
    assert snapshot(RIVERBEND) == before


def test_roster_text_warns_about_tokenism(cli, tied_file: Path) -> None:
    result = cli("roster", tied_file)
    assert result.code == 0
    assert "1 participant, 1 with lived experience" in result.out
    assert "tokenism" in result.out and "Missing recommended sectors: law-enforcement" in result.out


@pytest.mark.parametrize("command", ["plan", "roster"])
def test_bad_input_fails_cleanly(cli, command: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.simmap"
    broken.write_text("{not json", encoding="utf-8")
    before = snapshot(broken)
    assert_clean_failure(cli(command, broken), names=broken, before=before)
    missing = cli(command, tmp_path / "nope.simmap")
    assert missing.code == 1 and missing.err.startswith("error: ") and "nope.simmap" in missing.err


def test_usage_errors_exit_2(cli, tied_file: Path) -> None:
    assert cli("plan", tied_file, "--top", "0").code == 2
    assert cli("plan", tied_file, "--top", "many").code == 2
    assert cli("roster").code == 2
