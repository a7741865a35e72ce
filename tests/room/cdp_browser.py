"""A phone-sized headless Chromium driven over the DevTools protocol (aiohttp's WebSocket client).

Debian's ``chromium`` only: no WebDriver and no browser download. Taps are real input events at an
element's centre (``Input.dispatchTouchEvent``), so what a thumb cannot reach, the test cannot either.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp


def chromium_path() -> str | None:
    """The browser to use: ``CHROMIUM=`` or the first of chromium, chromium-browser, google-chrome."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


class Phone:
    """One browser tab emulating a phone of ``width`` x ``height`` CSS pixels."""

    def __init__(self, width: int = 390, height: int = 844) -> None:
        self.width, self.height = width, height
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Any]] = {}

    async def __aenter__(self) -> Phone:
        self._profile = tempfile.TemporaryDirectory(prefix="room-chromium-")
        self._proc = await asyncio.create_subprocess_exec(
            chromium_path() or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
            "--remote-debugging-port=0", f"--user-data-dir={self._profile.name}", "about:blank",
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        port = await self._devtools_port()
        self._http = aiohttp.ClientSession()
        async with self._http.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self._ws = await self._http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=64 * 2**20)
        self._reader = asyncio.create_task(self._read())
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            await self.send(method)
        await self.resize(self.width, self.height)
        await self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._reader.cancel()
        await self._ws.close()
        await self._http.close()
        if self._proc.returncode is None:
            self._proc.terminate()
            try:
                await asyncio.wait_for(self._proc.wait(), 10)
            except TimeoutError:
                self._proc.kill()
                await self._proc.wait()
        self._profile.cleanup()

    async def _devtools_port(self) -> int:
        assert self._proc.stderr is not None
        while True:
            line = (await asyncio.wait_for(self._proc.stderr.readline(), 30)).decode(errors="replace")
            if not line:
                raise RuntimeError("chromium ended before it listened for DevTools")
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                asyncio.get_running_loop().create_task(self._drain())
                return int(found.group(1))

    async def _drain(self) -> None:
        assert self._proc.stderr is not None
        while await self._proc.stderr.readline():
            pass

    async def _read(self) -> None:
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Page.javascriptDialogOpening":
                self.dialogs.append(data["params"]["message"])
                asyncio.get_running_loop().create_task(
                    self.send("Page.handleJavaScriptDialog", accept=True))
            elif data.get("method") == "Runtime.consoleAPICalled":
                self.console.append(" ".join(str(a.get("value", "")) for a in data["params"]["args"]))
            elif data.get("method") == "Log.entryAdded":
                self.console.append(data["params"]["entry"]["text"])
            elif data.get("method") == "Runtime.exceptionThrown":
                self.console.append("exception: " + json.dumps(data["params"]["exceptionDetails"])[:300])

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; returns its result (raises on a protocol error)."""
        n = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[n] = future
        await self._ws.send_str(json.dumps({"id": n, "method": method, "params": params}))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=1, mobile=True)

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                                 awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, seconds: float = 10.0) -> Any:
        """Poll until the expression is truthy; returns its value."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            try:
                value = await self.js(expression)
            except RuntimeError:  # the page is still loading
                value = None
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for: {expression}")
            await asyncio.sleep(0.05)

    async def tap(self, selector: str) -> None:
        """A finger's tap at the centre of the first element matching ``selector`` (scrolled to)."""
        box = await self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert box is not None, f"nothing matches {selector}"
        point = [{"x": box[0], "y": box[1]}]
        await self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=point)
        await self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])
        await asyncio.sleep(0.05)

    async def screenshot(self, path: Path) -> None:
        """The whole page as a PNG, at the phone's width."""
        height = await self.js("Math.ceil(document.documentElement.scrollHeight)")
        shot = await self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                               clip={"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))
