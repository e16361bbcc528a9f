"""The ASGI middleware around every answer: security headers, hostile input, the body limit, the last resort.

* **Security headers** on every answer: a Content-Security-Policy that allows
  no inline script and nothing from another origin, ``X-Content-Type-Options``,
  ``Referrer-Policy`` and ``frame-ancestors 'none'`` (:class:`SecurityHeaders`).
* **A body limit**: a request body over ``max_body_bytes`` gets 413 before it
  is read whole (E091, :class:`BodyLimit`).
* **Hostile input stops at the door**: a NUL character or a lone surrogate in the
  address or a parameter is refused (E100, E101) before any route or the store
  sees it (:class:`CleanInput`); anything that goes wrong answers 500 in the error
  shape with E102, never a plain-text traceback (:class:`LastResort`).
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request

from ..errors import Errors
from ..store import text_problem
from .deps import error_body, error_response

log = logging.getLogger("rashomon.web")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Add the security headers to every HTTP answer."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CleanInput:
    """Refuse an address or a query parameter holding a NUL character or a lone
    surrogate, before any route or the store sees it.

    No stored text or id holds either (PostgreSQL's text cannot, and neither is
    UTF-8 text one can search for), so the answer is a coded 4xx naming where it
    was: E101 (400) for the address, E100 (422) for a parameter, as E092 is.
    """

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (refusal := self.refusal(scope)) is not None:
            await error_response(Request(scope), *refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def refusal(scope: dict) -> tuple[int, str] | None:
        path = scope.get("path", "")
        if (problem := text_problem(path)) is not None:
            return 400, Errors.E101.format(path=ascii(path[:200]), problem=problem)
        # as starlette reads them: latin-1 bytes, %-escapes decoded as UTF-8
        query = scope.get("query_string", b"").decode("latin-1")
        for name, value in parse_qsl(query, keep_blank_values=True):
            for part in (name, value):
                if (problem := text_problem(part)) is not None:
                    return 422, Errors.E100.format(name=ascii(name[:80])[1:-1], problem=problem)
        return None


class LastResort:
    """Whatever a route did not foresee answers 500 in the error shape (E102), with
    the security headers, and goes to the log with its traceback; never a bare
    "Internal Server Error". The log names the path only: a query may hold a token."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:
            log.exception("error answering %s %s", scope.get("method"), ascii(scope.get("path", "")))
            if started:
                raise
            message = Errors.E102.format(method=scope.get("method"), path=ascii(scope.get("path", "")[:200]),
                                         kind=type(exc).__name__)
            await error_response(Request(scope), 500, message)(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413 (E091).

    A declared ``Content-Length`` over the limit is refused before anything is
    read; a chunked body is counted as it arrives and refused once it passes.
    """

    def __init__(self, app: Any, *, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.refuse(scope, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await self.refuse(scope, send)

    async def refuse(self, scope: dict, send: Any) -> None:
        body = json.dumps(error_body(413, Errors.E091.format(limit=self.limit))).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
