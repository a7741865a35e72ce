"""Helpers for the room voting tests: workshops to vote on, a running room, plain HTTP calls."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from intercept_mapper.model.intercept_presets import scheme_from_preset
from intercept_mapper.model.workshop import Candidate, Voting, VotingTable, Workshop, WorkshopInfo
from intercept_mapper.room.ballot_box import BallotBox, RoomBallot, RoomSuggestion
from intercept_mapper.room.room_offer import room_offer
from intercept_mapper.room.room_server import RoomThread

HOSTILE_TITLES = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "Quotes \" ' ` and & ampersands",
    "\u05d0\u05d9\u05df \u05d3\u05d9\u05d5\u05e8 \u05ea\u05d5\u05de\u05da (RTL)",
]


def voting_workshop(titles: list[str] | None = None, budget: int | None = 3) -> Workshop:
    """A workshop with a system and a community table and one candidate per title (ids c1, c2...)."""
    titles = titles or ["Crisis line at night", "Housing on release", "Peer support in court"]
    cands = [Candidate(id=f"c{n + 1}", title=t, intercepts=[str(n % 6)], description=f"About {t}")
             for n, t in enumerate(titles)]
    return Workshop(
        info=WorkshopInfo(title="Test County"),
        scheme=scheme_from_preset("samhsa"),
        voting=Voting(tables=[VotingTable(id="tsys", name="System table"),
                              VotingTable(id="tcom", name="Community table")],
                      votes_per_participant=budget, candidates=cands),
    )


@dataclass
class Room:
    """A room served on 127.0.0.1 on a thread, with what its sink received."""

    thread: RoomThread
    url: str
    received: list[RoomBallot | RoomSuggestion] = field(default_factory=list)

    @property
    def box(self) -> BallotBox:
        return self.thread.box

    def close_voting(self) -> None:
        self.box.close()


def start_room(ws: Workshop) -> Room:
    """Serve ``ws``'s offer on a free port of 127.0.0.1."""
    received: list[RoomBallot | RoomSuggestion] = []
    thread = RoomThread(BallotBox(room_offer(ws), received.append), "127.0.0.1", 0)
    url = thread.start_serving()
    return Room(thread, url, received)


def call(url: str, body: Any = None, *, raw: bytes | None = None, method: str | None = None
         ) -> tuple[int, dict[str, str], bytes]:
    """One request; returns status, headers and body (errors too)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def post(url: str, body: Any) -> tuple[int, dict[str, Any]]:
    """POST JSON; returns the status and the JSON answer."""
    status, _, data = call(url, body)
    return status, json.loads(data) if data else {}
