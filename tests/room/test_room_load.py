"""150 phones on 127.0.0.1 each send a ballot and change it within 10 s: every final ballot is in the
saved file exactly once and the tallies are their exact sum."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from intercept_mapper.model.simmap_file import load_workshop, save_workshop

from .phones import run_phones
from .room_process import RoomProcess
from .room_support import voting_workshop

PHONES = 150


def test_150_phones_vote_and_change_and_none_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "load.simmap"
    save_workshop(voting_workshop([f"Priority {n}" for n in range(12)]), path)
    room = RoomProcess(path)
    try:
        run = asyncio.run(run_phones(room.url, PHONES))
        code, _, err = room.stop()
    finally:
        room.kill()
    assert code == 0, err
    assert run.seconds < 10, run.seconds
    assert run.statuses == [200] * (2 * PHONES)
    ws = load_workshop(path)
    tables = {t.name: t.id for t in ws.voting.tables}
    sent = Counter((tables[table], tuple(sorted(votes.items()))) for table, votes in run.final.values())
    saved = Counter((b.table_id, tuple(sorted(b.votes.items()))) for b in ws.voting.ballots)
    assert len(ws.voting.ballots) == PHONES and saved == sent
    assert len({b.device_key for b in ws.voting.ballots}) == PHONES
    for cand in ws.voting.candidates:
        for table_id in tables.values():
            expected = sum(n for (t, votes) in sent.elements() for cid, n in votes if cid == cand.id
                           and t == table_id)
            assert cand.votes.get(table_id, 0) == expected
