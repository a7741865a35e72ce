"""Runs the room's web face: ``RoomServer`` on a running asyncio loop (the command line's), or
``RoomThread``, the same on a loop of its own in a background thread (the app's)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .ballot_box import BallotBox
from .http_face import build_app


def room_url(host: str, port: int, token: str) -> str:
    """The address phones open: ``http://HOST:PORT/TOKEN/`` (an IPv6 host in brackets)."""
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    return f"http://{host}:{port}/{token}/"


class RoomServer:
    """The web face of one ballot box, listening on one address."""

    def __init__(self, box: BallotBox, host: str, port: int) -> None:
        self.box = box
        self.host = host
        self.port = port
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen (``OSError`` when the address cannot be used); returns the URL with its token."""
        runner = web.AppRunner(build_app(self.box), access_log=None, handle_signals=False,
                               shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        self.url = room_url(self.host, self.port, self.box.token)
        return self.url

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()


class RoomThread(threading.Thread):
    """A room server on its own asyncio loop in a daemon thread; ``sink`` runs on that thread."""

    def __init__(self, box: BallotBox, host: str, port: int) -> None:
        super().__init__(name="room-server", daemon=True)
        self.box = box
        self.server = RoomServer(box, host, port)
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._stopping: asyncio.Event | None = None

    def run(self) -> None:  # noqa: D102 - threading's name
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        finally:
            self.loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        try:
            await self.server.start()
        except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
            self._failure = exc
            self._ready.set()
            return
        self._ready.set()
        await self._stopping.wait()
        await self.server.stop()

    def start_serving(self, timeout: float = 10.0) -> str:
        """Start the thread and wait until it listens; returns the URL (raises the bind error)."""
        self.start()
        if not self._ready.wait(timeout):
            raise OSError("the room server did not start in time")
        if self._failure is not None:
            self.join(timeout)
            raise self._failure
        return self.server.url

    def call(self, function: Callable[..., Any], *args: Any) -> None:
        """Run ``function(*args)`` on the server's thread (thread-safe)."""
        if not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(function, *args)

    def close_voting(self) -> None:
        """Answer 409 to every ballot from now on (the page then says voting is closed)."""
        self.call(self.box.close)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and wait for the thread to end."""
        if self._stopping is not None:
            self.call(self._stopping.set)
        if self.is_alive():
            self.join(timeout)
