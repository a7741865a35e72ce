"""The room's web face (aiohttp): everything under ``/<token>/``, any other path 404 (contracts.md §5).

``GET /<token>/`` the page, ``GET /<token>/room.js`` and ``room.css`` its script and style (package data,
read once; no other file is ever served), ``GET /<token>/api/ballot`` the form, ``POST /<token>/api/ballot``
a ballot, ``POST /<token>/api/suggestion`` a suggestion for the inbox. Every answer carries a strict
Content-Security-Policy (scripts only from the token's own path), no caching and no referrer, so the
address with its token does not leak to anything the page links. Nothing is logged: no addresses.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from aiohttp import web

from .ballot_box import BallotBox

# Contract: a body over 16 KB is refused (413).
MAX_BODY = 16 * 1024

_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_PAGE_FILES = {  # path under the token -> (package file, content type)
    "": ("index.html", "text/html"),
    "room.js": ("room.js", "text/javascript"),
    "room.css": ("room.css", "text/css"),
}
BOX_KEY = web.AppKey("ballot_box", BallotBox)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page_file(name: str) -> bytes:
    """One of the page's files from the package."""
    return resources.files(__package__).joinpath("page", name).read_bytes()


@web.middleware
async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer; 404 for any path but the token's, without saying why."""
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = web.Response(status=404, text="Not Found")
    except web.HTTPMethodNotAllowed as exc:
        response = web.Response(status=405, text="Method Not Allowed", headers={"Allow": ",".join(
            sorted(exc.allowed_methods))})
    except web.HTTPRequestEntityTooLarge:
        response = _json(413, {"error": f"the request is larger than {MAX_BODY // 1024} KB"})
    response.headers.update(_HEADERS)
    return response


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, text=json.dumps(body, ensure_ascii=False),
                        content_type="application/json", charset="utf-8")


async def _read_json(request: web.Request) -> tuple[Any, web.Response | None]:
    """The request's JSON body, or the answer that refuses it (413 too large, 400 not JSON)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return None, _json(413, {"error": f"the request is larger than {MAX_BODY // 1024} KB"})
    raw = await request.read()  # aiohttp stops reading past client_max_size: 413
    if len(raw) > MAX_BODY:
        return None, _json(413, {"error": f"the request is larger than {MAX_BODY // 1024} KB"})
    try:
        return json.loads(raw.decode("utf-8")), None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, _json(400, {"error": "the request is not JSON"})


def build_app(box: BallotBox) -> web.Application:
    """The web application for one voting session (its routes hold the session's token)."""
    app = web.Application(client_max_size=MAX_BODY + 1, middlewares=[_guard])
    app[BOX_KEY] = box
    base = f"/{box.token}/"
    for path, (name, content_type) in _PAGE_FILES.items():
        body = page_file(name)

        async def serve(_request: web.Request, body: bytes = body, content_type: str = content_type
                        ) -> web.Response:
            return web.Response(body=body, content_type=content_type, charset="utf-8")

        app.router.add_get(base + path, serve)

    async def form(_request: web.Request) -> web.Response:
        return _json(200, box.ballot_form())

    async def cast(request: web.Request) -> web.Response:
        if not box.is_open:
            return _json(409, {"error": "voting is closed"})
        body, refusal = await _read_json(request)
        return refusal or _json(*box.cast(body))

    async def suggest(request: web.Request) -> web.Response:
        if not box.is_open:
            return _json(409, {"error": "voting is closed"})
        body, refusal = await _read_json(request)
        return refusal or _json(*box.suggest(body))

    app.router.add_get(base + "api/ballot", form)
    app.router.add_post(base + "api/ballot", cast)
    app.router.add_post(base + "api/suggestion", suggest)
    return app
