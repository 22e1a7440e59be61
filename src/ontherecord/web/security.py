"""Request guards: bounded bodies, write tokens, same-origin writes, security headers.

* Bodies over ``max_body`` bytes get 413, whether announced by Content-Length or streamed.
* Write endpoints need the token when the app is bound beyond loopback.
* A write whose Origin (or Sec-Fetch-Site) says another site sent it is refused, so a page
  elsewhere cannot make a browser post to a local explorer.
* Every page gets a Content-Security-Policy that allows only the app's own scripts and styles:
  even text that escaped escaping could not run.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-ontherecord-token"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles; its scripts still come only from the app.
DOCS_POLICY = PAGE_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BodyLimitMiddleware:
    """413 for request bodies over ``max_body`` bytes. The body is read here first (at most
    ``max_body`` bytes are ever held) and replayed to the app."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(f"request body too large (limit {self.max_body} bytes)", status_code=413)
        await response(scope, receive, send)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and friends on every response; cross-site writes refused."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in WRITE_METHODS and _cross_site(scope):
            response = PlainTextResponse("cross-site write refused", status_code=403)
            await response(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] == "/docs" else PAGE_POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _cross_site(scope: Scope) -> bool:
    """True when the browser says another site sent this request (Sec-Fetch-Site, else Origin)."""
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers") or []}
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if not origin:
        return False  # not sent by a browser page (curl, scripts)
    return origin == "null" or urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


def check_token(request: Request, expected: str | None, offered: str | None = None) -> None:
    """Raise 401 unless the token is not required or was given (header, bearer or form field)."""
    if not expected:
        return
    header = request.headers.get(TOKEN_HEADER) or _bearer(request.headers.get("authorization"))
    for candidate in (header, offered):
        if candidate and hmac.compare_digest(candidate.encode(), expected.encode()):
            return
    raise HTTPException(status_code=401, detail="this server needs a token for changes (see ontherecord serve --help)")


def _bearer(value: str | None) -> str | None:
    if value and value.lower().startswith("bearer "):
        return value[7:].strip()
    return None


def allowed_hosts(host: str) -> list[Any]:
    """Host headers accepted: loopback names only when bound to loopback (no DNS rebinding)."""
    if is_loopback(host):
        return ["127.0.0.1", "localhost", "::1", "[::1]"]
    return ["*"]
