"""The phone page in a real browser (Debian's headless Chromium at 390 x 844): choose a table, spend
dots, send, change the ballot, see voting closed; hostile titles show literally and run nothing; every
tap target is at least 44 px and nothing is wider than a 320 px phone.

Needs ``chromium`` (``apt-get install chromium``, or ``CHROMIUM=/path``); skipped, saying so, without it.
``ROOM_SCREENSHOTS=folder`` keeps the screenshots.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from intercept_mapper.room.ballot_box import RoomBallot

from .cdp_browser import Phone, chromium_path
from .room_support import HOSTILE_TITLES, start_room, voting_workshop

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="headless Chromium is not installed "
                                "(apt-get install chromium, or set CHROMIUM=/path/to/chrome)")

TITLES = ["Crisis line at night", *HOSTILE_TITLES]
SMALL_TARGETS = """Array.from(document.querySelectorAll('button, label.choice, summary, select, textarea'))
  .filter(e => e.offsetParent !== null)
  .map(e => [e.textContent.trim().slice(0, 30) || e.id, e.getBoundingClientRect()])
  .filter(([_, r]) => r.width < 44 || r.height < 44).map(([t, r]) => t + ' ' + r.width + 'x' + r.height)"""
TOO_WIDE = """Array.from(document.querySelectorAll('body *')).filter(e => e.offsetParent !== null)
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + ' ' + e.id)"""


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_phone_votes_changes_its_vote_and_sees_voting_closed(tmp_path: Path) -> None:
    room = start_room(voting_workshop(TITLES))
    try:
        asyncio.run(_vote(room, _shots(tmp_path)))
    finally:
        room.thread.stop()


async def _vote(room, shots: Path) -> None:
    async with Phone(390, 844) as phone:
        await phone.open(room.url)
        await phone.wait_for("document.getElementById('loading').hidden")
        # The hostile titles are text: shown literally, no element made from them, no script run.
        titles = await phone.js("Array.from(document.querySelectorAll('.cand h3')).map(e => e.textContent)")
        assert titles == TITLES
        assert await phone.js("document.querySelectorAll('img, #candidates script').length") == 0
        labels = await phone.js("Array.from(document.querySelectorAll('.plus')).map(e => e.getAttribute("
                                "'aria-label'))")
        assert labels == [f"Give a dot to: {t}" for t in TITLES]
        assert await phone.js("document.querySelectorAll('.cand h3')[4].dir") == "auto"  # RTL reads right
        assert await phone.js("document.getElementById('vote-step').hidden")  # no table chosen yet

        await phone.tap("#tables label:nth-child(2)")  # Community table
        await phone.wait_for("!document.getElementById('vote-step').hidden")
        for selector in (".cand:nth-child(1) .plus", ".cand:nth-child(1) .plus", ".cand:nth-child(3) .plus"):
            await phone.tap(selector)
        assert await phone.js("document.getElementById('left').textContent") == "0 dots left of 3"
        assert await phone.js("Array.from(document.querySelectorAll('.plus')).every(b => b.disabled)")
        assert await phone.js(SMALL_TARGETS) == []
        assert await phone.js(TOO_WIDE) == []
        await phone.screenshot(shots / "room-phone-390.png")

        await phone.tap("#send")
        await phone.wait_for("document.getElementById('status').textContent.startsWith('Your vote is in')")
        first = room.received[-1]
        assert isinstance(first, RoomBallot) and first.table_id == "tcom"
        assert first.votes == {"c1": 2, "c3": 1}
        assert await phone.js("document.getElementById('send').disabled")

        await phone.tap(".cand:nth-child(1) .minus")
        await phone.tap(".cand:nth-child(2) .plus")
        await phone.wait_for("document.getElementById('send').textContent === 'Send my changed vote'")
        await phone.tap("#send")
        await phone.wait_for("document.getElementById('status').textContent.startsWith('Your vote is in')")
        second = room.received[-1]
        assert second.device_key == first.device_key and second.votes == {"c1": 1, "c2": 1, "c3": 1}

        # After a reload the phone still shows its ballot (kept on the phone, not asked of the room).
        await phone.open(room.url)
        await phone.wait_for("document.getElementById('loading').hidden")
        counts = await phone.js("Array.from(document.querySelectorAll('.count')).map(e => e.textContent)")
        assert counts[:3] == ["1 dot", "1 dot", "1 dot"]

        room.close_voting()
        await phone.tap(".cand:nth-child(3) .minus")
        await phone.tap("#send")
        await phone.wait_for("!document.getElementById('closed').hidden")
        assert await phone.js("Array.from(document.querySelectorAll('.plus, .minus')).every(b => b.disabled)")
        counts = await phone.js("Array.from(document.querySelectorAll('.count')).map(e => e.textContent)")
        assert counts[:3] == ["1 dot", "1 dot", "1 dot"]  # the ballot that counts, not the unsent change
        assert len([b for b in room.received if isinstance(b, RoomBallot)]) == 2

        await phone.resize(320, 640)
        await phone.open(room.url)
        await phone.wait_for("document.getElementById('loading').hidden")
        assert await phone.js(TOO_WIDE) == []
        await phone.screenshot(shots / "room-phone-320-closed.png")
        assert phone.dialogs == []
        assert not [line for line in phone.console if "Content Security Policy" in line], phone.console


def test_a_phone_sends_a_suggestion(tmp_path: Path) -> None:
    room = start_room(voting_workshop())
    try:
        asyncio.run(_suggest(room))
    finally:
        room.thread.stop()


async def _suggest(room) -> None:
    async with Phone(390, 844) as phone:
        await phone.open(room.url)
        await phone.wait_for("document.getElementById('loading').hidden")
        await phone.tap("#suggest summary")
        await phone.wait_for("document.getElementById('suggest').open")
        await phone.js("document.getElementById('suggest-intercept').value = '3'")
        await phone.js("document.getElementById('suggest-text').value = '<b>Peer</b> support at court'")
        await phone.tap("#suggest-send")
        await phone.wait_for("document.getElementById('suggest-status').textContent.startsWith('Sent')")
        (item,) = room.received
        assert (item.kind, item.intercept, item.text) == ("gap", "3", "<b>Peer</b> support at court")
