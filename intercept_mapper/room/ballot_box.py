"""The ballot box of one voting session: checks what a phone sends and passes what is good on.

Plain Python with no web library and no threads of its own (the web face calls it from one asyncio
loop). Each answer is an HTTP status and a JSON-ready body. What a phone sends reaches the document only
through ``sink``: ``RoomBallot`` and ``RoomSuggestion`` records holding an opaque key, never the phone's
own id, its address or anything else about it. Memory stays bounded whatever is sent: the devices, the
suggestions and each device's request times are capped.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.limits import text_problem
from .room_offer import RoomOffer

# Contract (contracts.md section 5): more than this many ballots a minute from one phone are refused (429).
BALLOTS_PER_MINUTE = 10
SUGGESTIONS_PER_MINUTE = 5
# A room holds tens of phones, a large one 200; past this many a new phone is refused (503).
MAX_DEVICES = 1_000
# Suggestions per voting session: the facilitator reads each one.
MAX_SUGGESTIONS = 300
SUGGESTION_CHARS = 300
# A device id as the page makes it: 16 to 64 letters, digits, "-" or "_".
_DEVICE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_WINDOW = 60.0


@dataclass(frozen=True)
class RoomBallot:
    """A phone's current ballot: replaces the earlier ballot with the same ``device_key``."""

    device_key: str
    table_id: str
    votes: dict[str, int]


@dataclass(frozen=True)
class RoomSuggestion:
    """A resource or gap a phone suggested, for the facilitator's inbox."""

    kind: str
    intercept: str
    text: str


Answer = tuple[int, dict[str, Any]]
Sink = Callable[[RoomBallot | RoomSuggestion], None]


def new_token() -> str:
    """A fresh secret for the session's addresses: 130 random bits as 26 lower-case letters and digits
    2-7 (base 32), which a phone types without the shift key and nobody misreads as 0/O or 1/l."""
    return base64.b32encode(secrets.token_bytes(17)).decode("ascii")[:26].lower()


class BallotBox:
    """One voting session's state: open or closed, each phone's current ballot, the rate limits."""

    def __init__(self, offer: RoomOffer, sink: Sink, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.offer = offer  # replaced whole (from any thread) when the facilitator edits the candidates
        self.token = new_token()
        self._secret = secrets.token_bytes(32)  # keys devices; never leaves this object
        self._sink = sink
        self._clock = clock
        self._open = True
        self._ballots: dict[str, str] = {}  # device key -> table id of its current ballot
        self._recent: dict[str, deque[float]] = {}  # device key -> times of its latest requests
        self._suggested: dict[str, deque[float]] = {}
        self._suggestions = 0

    # ------------------------------------------------------------------ state
    @property
    def is_open(self) -> bool:
        """Whether ballots and suggestions are still taken."""
        return self._open

    def close(self) -> None:
        """Close voting: from now on every ballot and suggestion is answered 409."""
        self._open = False

    def ballots_by_table(self) -> dict[str, int]:
        """How many phones have a ballot at each table in this session (table id -> count)."""
        counts: dict[str, int] = {}
        for table_id in self._ballots.values():
            counts[table_id] = counts.get(table_id, 0) + 1
        return counts

    def device_key(self, device: str) -> str:
        """The opaque key stored for a device: an HMAC with this session's secret (nothing to trace)."""
        return hmac.new(self._secret, device.encode("ascii"), hashlib.sha256).hexdigest()[:24]

    # ------------------------------------------------------------------ the phone's requests
    def ballot_form(self) -> dict[str, Any]:
        """What ``GET api/ballot`` answers: the tables, the budget, the candidates and the intercepts."""
        offer = self.offer
        return {
            "open": self._open,
            "title": offer.title,
            "tables": [t.name for t in offer.tables],
            "budget": offer.budget,
            "candidates": [
                {"id": c.id, "title": c.title, "intercepts": list(c.intercepts), "description": c.description}
                for c in offer.candidates
            ],
            "intercepts": [{"id": i, "label": label} for i, label in offer.intercepts],
            "suggestion_chars": SUGGESTION_CHARS,
        }

    def cast(self, body: Any) -> Answer:
        """Check and record a ballot ``{"device", "table", "votes"}``; a device's later one replaces it."""
        if not self._open:
            return 409, {"error": "voting is closed"}
        if not isinstance(body, dict):
            return 422, {"error": "send a JSON object with device, table and votes"}
        key = self._device(body.get("device"))
        if key is None:
            return 422, {"error": "device must be 16 to 64 letters, digits, - or _"}
        if self._too_many(self._recent, key, BALLOTS_PER_MINUTE):
            return 429, {"error": f"at most {BALLOTS_PER_MINUTE} ballots a minute from one phone"}
        offer = self.offer
        name = body.get("table")
        table = offer.table(name) if isinstance(name, str) else None
        if table is None:
            return 422, {"error": "unknown table"}
        votes = body.get("votes")
        if not isinstance(votes, dict):
            return 422, {"error": "votes must be an object of candidate id to number of dots"}
        known = offer.candidate_ids()
        clean: dict[str, int] = {}
        for cand_id, n in votes.items():
            if cand_id not in known:
                return 422, {"error": "unknown candidate"}
            if isinstance(n, bool) or not isinstance(n, int):
                return 422, {"error": "each count must be a whole number"}
            if n < 0:
                return 422, {"error": "a count cannot be negative"}
            if n:
                clean[cand_id] = n
        total = sum(clean.values())
        if total > offer.budget:
            return 422, {"error": f"{total} dots is more than the {offer.budget} each phone has"}
        if key not in self._ballots and len(self._ballots) >= MAX_DEVICES:
            return 503, {"error": "the room is full"}
        if not self._pass_on(RoomBallot(key, table.id, clean)):
            return 503, {"error": "the ballot could not be recorded; try again"}
        self._ballots[key] = table.id
        return 200, {"ok": True, "table": table.name, "dots": total, "budget": offer.budget}

    def suggest(self, body: Any) -> Answer:
        """Check and pass on a suggestion ``{"device", "kind", "intercept", "text"}`` for the inbox."""
        if not self._open:
            return 409, {"error": "voting is closed"}
        if not isinstance(body, dict):
            return 422, {"error": "send a JSON object with device, kind, intercept and text"}
        key = self._device(body.get("device"))
        if key is None:
            return 422, {"error": "device must be 16 to 64 letters, digits, - or _"}
        if self._too_many(self._suggested, key, SUGGESTIONS_PER_MINUTE):
            return 429, {"error": f"at most {SUGGESTIONS_PER_MINUTE} suggestions a minute from one phone"}
        kind = body.get("kind")
        if kind not in ("resource", "gap"):
            return 422, {"error": "kind must be resource or gap"}
        intercept = body.get("intercept")
        if not isinstance(intercept, str) or intercept not in self.offer.intercept_ids():
            return 422, {"error": "unknown intercept"}
        text = body.get("text")
        if not isinstance(text, str):
            return 422, {"error": "text must be a string"}
        text = " ".join(text.split())
        if not text:
            return 422, {"error": "write the resource or gap"}
        problem = text_problem(text, SUGGESTION_CHARS)
        if problem is not None:
            return 422, {"error": f"the text {problem}"}
        if self._suggestions >= MAX_SUGGESTIONS:
            return 503, {"error": "the inbox is full"}
        if not self._pass_on(RoomSuggestion(kind, intercept, text)):
            return 503, {"error": "the suggestion could not be recorded; try again"}
        self._suggestions += 1
        return 200, {"ok": True}

    # ------------------------------------------------------------------ internals
    def _pass_on(self, item: RoomBallot | RoomSuggestion) -> bool:
        try:
            self._sink(item)
        except Exception:  # noqa: BLE001 - the document refused it (full): the phone hears so
            return False
        return True

    def _device(self, device: Any) -> str | None:
        if not isinstance(device, str) or _DEVICE.fullmatch(device) is None:
            return None
        return self.device_key(device)

    def _too_many(self, times_by_key: dict[str, deque[float]], key: str, limit: int) -> bool:
        """Whether ``key`` already had ``limit`` requests this minute; if not, count this one."""
        now = self._clock()
        times = times_by_key.get(key)
        if times is None:
            if len(times_by_key) >= MAX_DEVICES * 2:  # bounded: forget devices quiet for a minute
                for stale in [k for k, t in times_by_key.items() if now - t[-1] >= _WINDOW]:
                    del times_by_key[stale]
                if len(times_by_key) >= MAX_DEVICES * 2:
                    return True
            times = times_by_key[key] = deque(maxlen=limit)
        while times and now - times[0] >= _WINDOW:
            times.popleft()
        if len(times) >= limit:
            return True
        times.append(now)
        return False
