"""``intercept-mapper room FILE [--host H] [--port P] [--tables A,B] [--dots N] [--clear-earlier]``:
serve the room voting page until stopped, recording the phones' ballots and suggestions in FILE.

Prints exactly one line on standard output, ``room: URL``, once phones can connect. Each ballot replaces
the same phone's earlier one (model/room_ballots.py); FILE is saved atomically at most a second after a
ballot (saves coalesce), the first save keeping the file as it was before voting as ``FILE.bak``. SIGINT
or SIGTERM closes voting, saves, and exits 0. Nothing about a phone reaches the file but an opaque key.

Phone ballots of an earlier vote in FILE stay counted (a new session's phones have new keys, so they would
count beside them): a ``warning:`` line says so, and ``--clear-earlier`` takes them and their dots out first
(saved at once, the file as it was kept as ``FILE.bak``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import signal
import sys
from pathlib import Path
from typing import Any

from ..model.problems import InputError, Problem
from .output import require_input_file

DEFAULT_PORT = 8765
# Ballots are saved this long after the first one that is not yet saved (contract: within a second).
SAVE_DELAY = 0.5


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``room`` subcommand."""
    parser = sub.add_parser(
        "room",
        help="serve the room voting page for phones and record the ballots in the file",
        description="Serve the room voting page: phones on the same network open the printed address, "
        "choose their table and spend their dots. Ballots are saved into FILE as they arrive; Ctrl+C "
        "(or SIGTERM) closes voting, saves and exits.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file")
    parser.add_argument("--host", help="address to listen on (default: this machine's LAN address, "
                        "else 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"port to listen on (default {DEFAULT_PORT}, or any free "
                        "port when it is taken; 0 for any free port)")
    parser.add_argument("--tables", metavar="A,B", help="the voting tables offered, by name, separated "
                        "by commas (tables not in the file are added)")
    parser.add_argument("--dots", type=int, metavar="N", help="dots each phone may spend (default: the "
                        "file's votes_per_participant, else 3); recorded in the file")
    parser.add_argument("--clear-earlier", action="store_true", help="first take out the phone ballots "
                        "of an earlier room vote in FILE (and their dots from the tallies)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Prepare the file's ballot, serve it until a stop signal, save, return 0."""
    from ..model.document import Document
    from ..model.simmap_file import load_workshop

    path = require_input_file(args.file)
    if args.port is not None and not 0 <= args.port <= 65535:
        raise InputError(Problem(f"--port {args.port} is not a port number (0 to 65535)"))
    from ..model.room_ballots import room_ballots
    from .output import print_warnings

    doc = Document(load_workshop(path))
    earlier = len(room_ballots(doc))
    if earlier and not args.clear_earlier:
        print_warnings([Problem(f"holds {earlier} phone ballot{'s' if earlier != 1 else ''} of an earlier "
                                "room vote; they stay counted (--clear-earlier takes them out)",
                                file=str(args.file))])
    offer = prepare_ballot(doc, str(args.file), args.tables, args.dots)
    from ..room.lan_addresses import default_host

    host = args.host or default_host()
    clear = bool(earlier and args.clear_earlier)
    return asyncio.run(_serve(doc, path, offer, host, args.port, clear_earlier=clear))


def prepare_ballot(doc: Any, file: str, tables: str | None, dots: int | None) -> Any:
    """Add missing tables, record the budget, make the gaps candidates when there are none; the offer."""
    from ..model.candidate_edits import add_table, sync_gap_candidates, table_key
    from ..room.room_offer import DEFAULT_DOTS, room_offer

    ws = doc.workshop
    table_ids: list[str] | None = None
    if tables is not None:
        names = list(dict.fromkeys(" ".join(n.split()) for n in tables.split(",") if n.strip()))
        if not names:
            raise InputError(Problem("--tables names no table", file=file))
        table_ids = []
        for name in names:
            match = next((t for t in ws.voting.tables if table_key(t.name) == table_key(name)), None)
            if match is None:
                add_table(doc, name)
                match = ws.voting.tables[-1]
            if match.id not in table_ids:
                table_ids.append(match.id)
    if dots is not None and not 1 <= dots <= 1000:
        raise InputError(Problem(f"--dots {dots}: give each phone 1 to 1000 dots", file=file))
    budget = dots if dots is not None else ws.voting.votes_per_participant
    if budget == 0:
        raise InputError(Problem("votes_per_participant is 0, so phones would have no dots: set it "
                                 "with --dots N or `info --set votes_per_participant=N`", file=file))
    if budget is None:
        budget = DEFAULT_DOTS
    if budget != ws.voting.votes_per_participant:
        doc.update_section("voting", votes_per_participant=budget)  # the room's budget, in the file
    if not ws.voting.candidates:
        sync_gap_candidates(doc)  # gaps are the candidates until the facilitator consolidates them
    offer = room_offer(ws, table_ids)
    if not offer.candidates:
        raise InputError(Problem("there are no candidate priorities (or gaps) to vote on", file=file))
    return offer


class _Saver:
    """Saves the document atomically at most ``SAVE_DELAY`` after a change; saves never overlap."""

    def __init__(self, doc: Any, path: Path) -> None:
        self.doc = doc
        self.path = path
        self.dirty = False
        self.saved_ballots = 0
        self._first = True
        self._handle: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None
        self.failure: str | None = None

    def changed(self) -> None:
        self.dirty = True
        if self._handle is None and self._writing is None:
            self._handle = asyncio.get_running_loop().call_later(SAVE_DELAY, self._start)

    def _start(self) -> None:
        self._handle = None
        self._writing = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        from ..model.simmap_file import save_workshop

        snapshot = self.doc.workshop.model_copy(deep=True)  # on the loop: no ballot lands mid-copy
        self.dirty = False
        backup, self._first = self._first, False
        try:
            await asyncio.get_running_loop().run_in_executor(None, lambda: save_workshop(
                snapshot, self.path, backup=backup))
            self.failure = None
        except OSError as exc:
            self.failure = f"cannot write: {exc.strerror or exc}"
            print(f"error: {self.path}: {self.failure} (will try again)", file=sys.stderr)
            self.dirty = True
        self._writing = None
        if self.dirty:
            self._handle = asyncio.get_running_loop().call_later(SAVE_DELAY, self._start)

    async def flush(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._writing is not None:
            await self._writing
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self.dirty:
            await self._write()


async def _serve(doc: Any, path: Path, offer: Any, host: str, port: int | None, *,
                 clear_earlier: bool = False) -> int:
    from ..model.room_ballots import add_suggestion, cast_room_ballot, clear_room_ballots
    from ..room.ballot_box import BallotBox, RoomBallot

    saver = _Saver(doc, path)
    if clear_earlier:
        clear_room_ballots(doc)
        saver.changed()  # saved even if no phone votes this time

    def record(item: Any) -> None:
        if isinstance(item, RoomBallot):
            cast_room_ballot(doc, item.device_key, item.table_id, item.votes)
        else:
            add_suggestion(doc, item.kind, item.intercept, item.text)
        saver.changed()

    box = BallotBox(offer, record)
    server = await _listen(box, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop.set)
    print(f"room: {server.url}", flush=True)
    try:
        while not stop.is_set():  # wakes now and then so that Ctrl+C reaches Windows too
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
    except (KeyboardInterrupt, asyncio.CancelledError):
        pass
    finally:
        box.close()
        await server.stop()
        await saver.flush()
    counts = box.ballots_by_table()
    print(f"room: closed; {sum(counts.values())} phones voted this session; saved {path}", file=sys.stderr)
    if saver.dirty or saver.failure:
        raise InputError(Problem(saver.failure or "the last ballots could not be saved", file=str(path)))
    return 0


async def _listen(box: Any, host: str, port: int | None) -> Any:
    from ..room.room_server import RoomServer

    for attempt in ([DEFAULT_PORT, 0] if port is None else [port]):
        server = RoomServer(box, host, attempt)
        try:
            await server.start()
            return server
        except OSError as exc:
            if port is None and attempt == DEFAULT_PORT and exc.errno == errno.EADDRINUSE:
                continue
            raise InputError(Problem(f"cannot listen on {host} port {attempt}: {exc.strerror or exc}")) \
                from exc
    raise AssertionError("unreachable")
