"""The room's HTTP face, status by status (contracts.md section 5), against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import urllib.parse

import pytest

from intercept_mapper.room.ballot_box import BALLOTS_PER_MINUTE, MAX_DEVICES, BallotBox, RoomBallot
from intercept_mapper.room.room_offer import room_offer

from .room_support import Room, call, post, voting_workshop

DEVICE = "a1b2c3d4e5f6a7b8c9d0"


def ballot(room: Room, votes: dict, table: str = "System table", device: str = DEVICE) -> tuple[int, dict]:
    return post(room.url + "api/ballot", {"device": device, "table": table, "votes": votes})


def test_token_is_a_fresh_secret_of_at_least_128_bits(room: Room) -> None:
    token = room.box.token
    assert len(token) * 5 >= 128 and room.url.endswith(f"/{token}/")  # base 32: 5 bits a character
    assert token == token.lower() and token.isalnum()
    other = BallotBox(room.box.offer, lambda _: None)
    assert other.token != token


def test_the_page_its_script_and_style_are_served_with_a_strict_policy(room: Room) -> None:
    status, headers, body = call(room.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<script src="room.js"' in body and b"<script>" not in body  # no inline script
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
    for name, kind in (("room.js", "text/javascript"), ("room.css", "text/css")):
        status, headers, body = call(room.url + name)
        assert status == 200 and headers["Content-Type"].startswith(kind) and body


@pytest.mark.parametrize("path", [
    "/", "/favicon.ico", "/x/", "/{token}", "/{token}x/", "/{token}/page/index.html", "/{token}/index.html",
    "/{token}/../{token}/room.js/..", "/{token}/api/", "/{token}/api/ballots", "/{token}/%2e%2e/etc/passwd",
    "/{token}/room.js/", "/{wrong}/", "/{wrong}/api/ballot",
])
def test_any_other_path_is_404_without_saying_why(room: Room, path: str) -> None:
    token = room.box.token
    wrong = token[:-1] + ("a" if token[-1] != "a" else "b")
    parts = urllib.parse.urlsplit(room.url)
    status, _, body = call(f"{parts.scheme}://{parts.netloc}" + path.format(token=token, wrong=wrong))
    assert status == 404
    assert body == b"Not Found"


def test_any_other_path_is_404_over_a_raw_socket(room: Room) -> None:
    """Paths the URL library would tidy (``..``) reach the server as sent and still find nothing."""
    parts = urllib.parse.urlsplit(room.url)
    for path in (f"/{room.box.token}/../../../etc/passwd", f"/{room.box.token}/..%2f..%2fpyproject.toml"):
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 404"), answer[:80]


def test_the_form_lists_tables_budget_and_candidates(room: Room) -> None:
    status, headers, body = call(room.url + "api/ballot")
    form = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert form["tables"] == ["System table", "Community table"]
    assert form["budget"] == 3 and form["open"] is True
    assert [c["id"] for c in form["candidates"]] == ["c1", "c2", "c3"]
    assert {"id", "title", "intercepts"} <= form["candidates"][0].keys()
    assert form["candidates"][1]["intercepts"] == ["1"]


def test_a_ballot_is_recorded_and_a_later_one_replaces_it(room: Room) -> None:
    assert ballot(room, {"c1": 2, "c2": 1}) == (200, {"ok": True, "table": "System table", "dots": 3,
                                                      "budget": 3})
    status, answer = ballot(room, {"c3": 1}, table="community")  # by name, ignoring case and "table"
    assert status == 200 and answer["table"] == "Community table"
    first, second = room.received
    assert isinstance(first, RoomBallot) and first.device_key == second.device_key
    assert second.table_id == "tcom" and second.votes == {"c3": 1}
    assert DEVICE not in first.device_key and len(first.device_key) == 24
    assert room.box.ballots_by_table() == {"tcom": 1}


def test_a_table_may_be_named_by_its_id_and_zero_counts_are_dropped(room: Room) -> None:
    assert ballot(room, {"c1": 0, "c2": 1}, table="tsys")[0] == 200
    assert room.received[-1].votes == {"c2": 1}


@pytest.mark.parametrize(("body", "says"), [
    ({"device": DEVICE, "table": "Kitchen", "votes": {"c1": 1}}, "unknown table"),
    ({"device": DEVICE, "table": 3, "votes": {"c1": 1}}, "unknown table"),
    ({"device": DEVICE, "table": "System table", "votes": {"nope": 1}}, "unknown candidate"),
    ({"device": DEVICE, "table": "System table", "votes": {"c1": -1}}, "negative"),
    ({"device": DEVICE, "table": "System table", "votes": {"c1": 2, "c2": 2}}, "more than the 3"),
    ({"device": DEVICE, "table": "System table", "votes": {"c1": 4}}, "more than the 3"),
    ({"device": DEVICE, "table": "System table", "votes": {"c1": 1.5}}, "whole number"),
    ({"device": DEVICE, "table": "System table", "votes": {"c1": True}}, "whole number"),
    ({"device": DEVICE, "table": "System table", "votes": [1]}, "votes must be"),
    ({"device": "short", "table": "System table", "votes": {}}, "device"),
    ({"device": "<script>alert(1)</script>xxxxxx", "table": "System table", "votes": {}}, "device"),
    ({"table": "System table", "votes": {}}, "device"),
    ([1, 2], "JSON object"),
])
def test_a_bad_ballot_is_422_with_an_error(room: Room, body: object, says: str) -> None:
    status, answer = post(room.url + "api/ballot", body)
    assert status == 422 and says in answer["error"]
    assert room.received == []


def test_not_json_is_400(room: Room) -> None:
    status, _, data = call(room.url + "api/ballot", raw=b"{not json")
    assert status == 400 and "error" in json.loads(data)


def test_a_body_over_16_kb_is_413(room: Room) -> None:
    votes = {"c1": 1, "pad": "x" * (16 * 1024)}
    status, _, data = call(room.url + "api/ballot", raw=json.dumps({"device": DEVICE, "table": "System table",
                                                                    "votes": votes}).encode())
    assert status == 413 and "error" in json.loads(data)
    just = json.dumps({"device": DEVICE, "table": "System table", "votes": {"c1": 1}}).encode()
    assert call(room.url + "api/ballot", raw=just + b" " * (16 * 1024 - len(just)))[0] == 200


def test_a_chunked_body_over_16_kb_is_413(room: Room) -> None:
    parts = urllib.parse.urlsplit(room.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(f"POST {parts.path}api/ballot HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     "Content-Type: application/json\r\nConnection: close\r\n\r\n".encode())
        chunk = b" " * 4096
        try:
            for _ in range(8):
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before the rest is sent
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]


def test_more_than_ten_ballots_a_minute_from_one_phone_is_429(room: Room) -> None:
    for n in range(BALLOTS_PER_MINUTE):
        assert ballot(room, {"c1": n % 3})[0] == 200
    status, answer = ballot(room, {"c2": 1})
    assert status == 429 and "error" in answer
    assert ballot(room, {"c2": 1}, device="f" * 20)[0] == 200  # another phone is not held back


def test_the_rate_limit_forgets_after_a_minute() -> None:
    now = [0.0]
    box = BallotBox(room_offer(voting_workshop()), lambda _: None, clock=lambda: now[0])
    body = {"device": DEVICE, "table": "System table", "votes": {"c1": 1}}
    for _ in range(BALLOTS_PER_MINUTE):
        assert box.cast(body)[0] == 200
    assert box.cast(body)[0] == 429
    now[0] = 60.0
    assert box.cast(body)[0] == 200


def test_devices_are_capped() -> None:
    box = BallotBox(room_offer(voting_workshop()), lambda _: None)
    for n in range(MAX_DEVICES):
        assert box.cast({"device": f"{n:020d}", "table": "tsys", "votes": {}})[0] == 200
    assert box.cast({"device": "z" * 20, "table": "tsys", "votes": {}})[0] == 503
    assert box.cast({"device": f"{5:020d}", "table": "tsys", "votes": {"c1": 1}})[0] == 200  # a known phone


def test_once_voting_is_closed_ballots_and_suggestions_are_409(room: Room) -> None:
    assert ballot(room, {"c1": 1})[0] == 200
    room.close_voting()
    status, answer = ballot(room, {"c1": 2})
    assert status == 409 and "closed" in answer["error"]
    status, _ = post(room.url + "api/suggestion", {"device": DEVICE, "kind": "gap", "intercept": "1",
                                                   "text": "x"})
    assert status == 409
    assert json.loads(call(room.url + "api/ballot")[2])["open"] is False
    assert len(room.received) == 1


def test_a_suggestion_goes_to_the_sink_cleaned(room: Room) -> None:
    status, _ = post(room.url + "api/suggestion", {"device": DEVICE, "kind": "resource", "intercept": "X",
                                                   "text": "  Peer\nnavigators   at court "})
    assert status == 200
    (item,) = room.received
    assert (item.kind, item.intercept, item.text) == ("resource", "X", "Peer navigators at court")


@pytest.mark.parametrize(("body", "says"), [
    ({"kind": "idea", "intercept": "1", "text": "x"}, "kind"),
    ({"kind": "gap", "intercept": "9", "text": "x"}, "intercept"),
    ({"kind": "gap", "intercept": "1", "text": "   "}, "write"),
    ({"kind": "gap", "intercept": "1", "text": "x" * 301}, "300"),
    ({"kind": "gap", "intercept": "1", "text": "bad \ud800 text"}, "surrogate"),
    ({"kind": "gap", "intercept": "1", "text": 5}, "string"),
])
def test_a_bad_suggestion_is_422(room: Room, body: dict, says: str) -> None:
    status, answer = post(room.url + "api/suggestion", {"device": DEVICE, **body})
    assert status == 422 and says in answer["error"], answer
    assert room.received == []


def test_suggestions_are_rate_limited(room: Room) -> None:
    body = {"device": DEVICE, "kind": "gap", "intercept": "1", "text": "x"}
    codes = [post(room.url + "api/suggestion", body)[0] for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_sink_that_refuses_makes_the_ballot_503_and_uncounted() -> None:
    def refuse(_item: object) -> None:
        raise ValueError("full")

    box = BallotBox(room_offer(voting_workshop()), refuse)
    assert box.cast({"device": DEVICE, "table": "tsys", "votes": {"c1": 1}})[0] == 503
    assert box.ballots_by_table() == {}
