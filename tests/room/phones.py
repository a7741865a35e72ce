"""Many simulated phones at once (aiohttp's client): each sends a ballot, then changes it."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import aiohttp


@dataclass
class PhoneRun:
    """What the phones sent and how long each request took."""

    final: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict)  # device -> (table, votes)
    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0


def _ballot(rng: random.Random, candidates: list[str], budget: int) -> dict[str, int]:
    votes: dict[str, int] = {}
    for _ in range(rng.randint(1, budget)):
        cid = rng.choice(candidates)
        votes[cid] = votes.get(cid, 0) + 1
    return votes


async def run_phones(url: str, phones: int = 150, seed: int = 7, changes: int = 1,
                     form: dict | None = None) -> PhoneRun:
    """``phones`` phones each send a ballot and then ``changes`` changed ones, all at once (``form``:
    the ballot form, when the server is not a room and cannot give it)."""
    rng = random.Random(seed)
    run = PhoneRun()
    connector = aiohttp.TCPConnector(limit=phones)
    async with aiohttp.ClientSession(connector=connector) as session:
        if form is None:
            async with session.get(url + "api/ballot") as response:
                form = await response.json()
        candidates = [c["id"] for c in form["candidates"]]

        async def phone(n: int) -> None:
            device = f"phone{n:04d}".ljust(20, "x")
            for _ in range(changes + 1):
                table = rng.choice(form["tables"])
                votes = _ballot(rng, candidates, form["budget"])
                await asyncio.sleep(rng.random() * 0.5)  # people tap at different moments
                started = time.perf_counter()
                async with session.post(url + "api/ballot", json={"device": device, "table": table,
                                                                  "votes": votes}) as response:
                    await response.read()
                    run.latencies.append(time.perf_counter() - started)
                    run.statuses.append(response.status)
                if response.status == 200:
                    run.final[device] = (table, votes)

        started = time.perf_counter()
        await asyncio.gather(*(phone(n) for n in range(phones)))
        run.seconds = time.perf_counter() - started
    return run


def percentile(values: list[float], p: float) -> float:
    """The ``p``th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
