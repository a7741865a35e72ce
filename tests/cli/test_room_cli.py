"""``intercept-mapper room``: one ``room: URL`` line, ballots saved within a second, SIGTERM and SIGINT
save and exit 0, and nothing in the file says who voted or from where."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from cli_support import SAMPLES

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from tests.room.room_process import RoomProcess
from tests.room.room_support import call, post, voting_workshop

DEVICE = "0123456789abcdef0123"


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    path = tmp_path / "room.simmap"
    save_workshop(voting_workshop(budget=None), path)
    return path


def wait_for(check, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_room_serves_saves_and_stops_cleanly(workshop_file: Path, sig: int) -> None:
    room = RoomProcess(workshop_file)
    try:
        assert room.url.startswith("http://127.0.0.1:") and room.url.endswith("/")
        form = json.loads(call(room.url + "api/ballot")[2])
        assert form["budget"] == 3  # none recorded: 3 dots, recorded in the file with the ballots
        assert post(room.url + "api/ballot", {"device": DEVICE, "table": "System table",
                                              "votes": {"c1": 2, "c2": 1}})[0] == 200
        cast = time.monotonic()
        wait_for(lambda: load_workshop(workshop_file).voting.ballots != [], 1.5)
        assert time.monotonic() - cast <= 1.2
        assert post(room.url + "api/ballot", {"device": DEVICE, "table": "Community table",
                                              "votes": {"c3": 3}})[0] == 200
        assert post(room.url + "api/suggestion", {"device": DEVICE, "kind": "gap", "intercept": "2",
                                                  "text": "No peer support"})[0] == 200
        code, out, err = room.stop(sig)
    finally:
        room.kill()
    assert code == 0, err
    assert out == ""  # the one line was all
    assert "Traceback" not in err
    ws = load_workshop(workshop_file)
    (ballot,) = ws.voting.ballots
    assert ballot.participant_id is None and ballot.table_id == "tcom" and ballot.votes == {"c3": 3}
    assert {c.id: c.votes for c in ws.voting.candidates} == {"c1": {"tsys": 0, "tcom": 0},
                                                             "c2": {"tsys": 0, "tcom": 0},
                                                             "c3": {"tsys": 0, "tcom": 3}}
    assert ws.voting.votes_per_participant == 3
    assert [(s.kind, s.intercept, s.text) for s in ws.inbox] == [("gap", "2", "No peer support")]
    text = workshop_file.read_text()
    assert DEVICE not in text and "127.0.0.1" not in text and room.url.split("/")[-2] not in text
    # the file as it was before voting is the backup
    assert load_workshop(workshop_file.with_name("room.simmap.bak")).voting.ballots == []


def test_room_without_ballots_leaves_the_file_alone(workshop_file: Path) -> None:
    before = workshop_file.read_bytes()
    room = RoomProcess(workshop_file)
    try:
        code, _, err = room.stop()
    finally:
        room.kill()
    assert code == 0, err
    assert workshop_file.read_bytes() == before


def test_tables_limits_and_creates_the_tables_offered(workshop_file: Path) -> None:
    room = RoomProcess(workshop_file, "--tables", "community, Youth", "--dots", "5")
    try:
        form = json.loads(call(room.url + "api/ballot")[2])
        assert form["tables"] == ["Community table", "Youth"] and form["budget"] == 5
        api = room.url + "api/ballot"
        assert post(api, {"device": DEVICE, "table": "System table", "votes": {}})[0] == 422
        assert post(api, {"device": DEVICE, "table": "youth", "votes": {"c1": 5}})[0] == 200
        code, _, err = room.stop()
    finally:
        room.kill()
    assert code == 0, err
    ws = load_workshop(workshop_file)
    assert [t.name for t in ws.voting.tables] == ["System table", "Community table", "Youth"]
    assert ws.voting.votes_per_participant == 5


def test_room_offers_the_gaps_when_there_are_no_candidates(tmp_path: Path) -> None:
    ws = load_workshop(SAMPLES / "riverbend.simmap")
    ws.voting.candidates = []
    ws.voting.ballots = []
    for plan in ws.action_plans:
        plan.candidate_id = None
    path = tmp_path / "gaps.simmap"
    save_workshop(ws, path)
    room = RoomProcess(path)
    try:
        form = json.loads(call(room.url + "api/ballot")[2])
    finally:
        room.stop()
        room.kill()
    assert len(form["candidates"]) == len(ws.gaps())


def test_room_usage_errors(cli, tmp_path: Path, workshop_file: Path) -> None:
    result = cli("room", tmp_path / "missing.simmap")
    assert result.code == 1 and result.err.startswith("error: ") and "missing.simmap" in result.err
    result = cli("room", workshop_file, "--dots", "0")
    assert result.code == 1 and "--dots" in result.err
    result = cli("room", workshop_file, "--port", "70000")
    assert result.code == 1 and "port" in result.err
    result = cli("room", workshop_file, "--tables", " , ")
    assert result.code == 1 and "no table" in result.err


def test_room_says_when_it_cannot_listen(cli, workshop_file: Path) -> None:
    result = cli("room", workshop_file, "--host", "192.0.2.123", "--port", "0")  # not this machine's
    assert result.code == 1 and result.err.startswith("error: cannot listen on 192.0.2.123")


def _with_earlier_phone_ballot(path: Path) -> None:
    """``path`` as an earlier room vote left it: one phone's 2 dots for c1 at the system table."""
    from intercept_mapper.model.document import Document
    from intercept_mapper.model.room_ballots import cast_room_ballot

    doc = Document(load_workshop(path))
    cast_room_ballot(doc, "earlier-session-key", "tsys", {"c1": 2})
    save_workshop(doc.workshop, path)


def test_earlier_phone_ballots_stay_counted_and_are_said(workshop_file: Path) -> None:
    _with_earlier_phone_ballot(workshop_file)
    before = workshop_file.read_bytes()
    room = RoomProcess(workshop_file)
    try:
        code, out, err = room.stop()
    finally:
        room.kill()
    assert code == 0, err
    assert out == ""
    assert "warning:" in err and "1 phone ballot of an earlier room vote" in err and "--clear-earlier" in err
    assert workshop_file.read_bytes() == before  # nothing voted, nothing asked: the file is untouched


def test_clear_earlier_takes_the_earlier_ballots_and_their_dots_out(workshop_file: Path) -> None:
    _with_earlier_phone_ballot(workshop_file)
    room = RoomProcess(workshop_file, "--clear-earlier")
    try:
        code, _, err = room.stop()
    finally:
        room.kill()
    assert code == 0, err
    assert "warning:" not in err
    ws = load_workshop(workshop_file)
    assert ws.voting.ballots == []
    assert all(n == 0 for c in ws.voting.candidates for n in c.votes.values())
    # the file as it was, with the earlier ballot, is the backup
    assert len(load_workshop(workshop_file.with_name("room.simmap.bak")).voting.ballots) == 1
