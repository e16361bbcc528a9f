"""The FastAPI application: routers, static files, security and the error shape.

``create_app(store)`` puts the pages (:mod:`.pages`) and the JSON API
(:mod:`.api`) over one :class:`rashomon.store.Store`. Everything around them is
here:

* **Security headers** on every answer: a Content-Security-Policy that allows
  no inline script and nothing from another origin, ``X-Content-Type-Options``,
  ``Referrer-Policy`` and ``frame-ancestors 'none'``.
* **A body limit**: a request body over ``max_body_bytes`` gets 413 before it
  is read whole (E091).
* **Tokens**: writing needs a bearer token (E090); reading needs one only when
  ``read_token`` is given. The API takes it as a bearer header; pages also
  take it once as ``?token=``, which sets an HttpOnly, SameSite=Strict cookie
  that carries it from then on (``require_read_page``).
* **One error shape** for every error of the API and the ``.json`` twins:
  ``{"ok": false, "error": "...", "errors": [...], "status": 4xx}``; pages show
  the same message on an HTML page.
* **Hostile input stops at the door**: a NUL character or a lone surrogate in the
  address or a parameter is refused (E100, E101) before any route or the store
  sees it (:class:`CleanInput`); the store's own refusals get a status of their
  own (:data:`STORE_STATUS`); and anything else that goes wrong answers 500 in
  the error shape with E102, never a plain-text traceback (:class:`LastResort`).
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import Errors
from ..store import StoreError, text_problem

DEFAULT_MAX_BODY = 10_000_000  # bytes; ten megabytes of documents per request
TOKEN_ENV = "RASHOMON_TOKEN"
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


# --- errors ------------------------------------------------------------------


class WebError(Exception):
    """An answer other than success: a status and a coded message (and sub-errors)."""

    def __init__(self, status: int, message: str, *, errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []
        self.headers = headers


def error_body(status: int, message: str, errors: list[Any] | None = None) -> dict[str, Any]:
    """The one JSON shape of an error."""
    return {"ok": False, "error": message, "errors": errors or [], "status": status}


def wants_json(request: Request) -> bool:
    """The API and the ``.json`` twins answer JSON; pages answer HTML."""
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, errors: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)
    from .pages import render_error  # pages import this module
    return render_error(request, status, message, errors, headers=headers)


def validation_message(error: dict[str, Any]) -> tuple[str, str]:
    """(parameter name, problem) from one of FastAPI's validation errors."""
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(location) or "request"
    problem = error.get("msg", "invalid value")
    if "input" in error and not isinstance(error["input"], (dict, list)):
        problem += f" (got {error['input']!r})"
    return name, problem


# the status of each store error a request can meet; any other is a 500
STORE_STATUS = {
    "E070": 503, "E071": 503, "E074": 503,  # the database is down or unreachable
    "E072": 507,  # the database is full
    "E076": 422, "E081": 422,  # a sort or a value the store cannot look up
    "E079": 403,  # the store was opened read-only
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message, exc.errors, exc.headers)

    @app.exception_handler(TokenAccepted)
    async def accepted(request: Request, exc: TokenAccepted) -> Response:
        return token_accepted(request, exc)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        problems = [validation_message(e) for e in exc.errors()]
        messages = [Errors.E092.format(name=name, problem=problem) for name, problem in problems]
        errors = [{"parameter": name, "error": message} for (name, _), message in zip(problems, messages)]
        return error_response(request, 422, "; ".join(messages), errors)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_response(request, STORE_STATUS.get(exc.code, 500), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = exc.detail if str(exc.detail).startswith("[E") else Errors.E098.format(path=request.url.path)
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "GET")
            message = Errors.E099.format(method=request.method, path=request.url.path, allowed=allowed)
        elif str(exc.detail).startswith("[E"):
            message = str(exc.detail)
        else:  # starlette's own words, under a code like every other answer
            message = Errors.E108.format(status=exc.status_code, detail=exc.detail)
        return error_response(request, exc.status_code, message, headers=exc.headers)


# --- tokens ------------------------------------------------------------------


@dataclass
class Access:
    """Who may read and who may write.

    Writing needs one of ``write_tokens`` or a token the store knows
    (``Store.check_token``, made by ``rashomon token create``). Reading is open
    unless ``read_token`` is set; then it needs that token or a write token.
    """

    store: Any
    read_token: str | None = None
    write_tokens: tuple[str, ...] = field(default_factory=tuple)

    def may_write(self, secret: str | None) -> bool:
        if not secret:
            return False
        if any(hmac.compare_digest(secret.encode(), t.encode()) for t in self.write_tokens):
            return True
        return bool(self.store.check_token(secret))

    def may_read(self, secret: str | None) -> bool:
        if self.read_token is None:
            return True
        if secret and hmac.compare_digest(secret.encode(), self.read_token.encode()):
            return True
        return self.may_write(secret)


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if there is one."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    return (secret.strip() or None) if scheme.lower() == "bearer" else None


def require_read(request: Request) -> None:
    access: Access = request.app.state.access
    require_token(bearer(request), access.may_read, action="Reading",
                  missing="This server requires a token to read.")


def require_token(secret: str | None, may, *, action: str, missing: str) -> None:
    """401, with what was wrong, unless ``may(secret)``: nothing is done for a bad token."""
    if not may(secret):
        raise unauthorized("The token is not valid here." if secret else missing, action=action)


READ_COOKIE = "rashomon_read"
TOKEN_PARAMETER = "token"


class TokenAccepted(Exception):
    """A page was opened with a good ``?token=``: answer with a redirect to the same
    address without it, setting the cookie that carries the token from then on."""

    def __init__(self, url: str, secret: str):
        super().__init__(url)
        self.url = url
        self.secret = secret


def require_read_page(request: Request) -> None:
    """Reading a page: the bearer header as for the API, or, for a plain browser,
    the token as a ``token`` query parameter once, then the cookie it sets.

    The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other
    site's link or form sends it); a wrong token is 401 and sets nothing.
    """
    access: Access = request.app.state.access
    if access.read_token is None:
        return
    given = request.query_params.get(TOKEN_PARAMETER)
    if given is not None:
        if not access.may_read(given):
            raise unauthorized("The token is not valid here.")
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != TOKEN_PARAMETER]
        raise TokenAccepted(request.url.path + (f"?{urlencode(rest)}" if rest else ""), given)
    secret = bearer(request) or request.cookies.get(READ_COOKIE)
    if not access.may_read(secret):
        raise unauthorized("The token is not valid here." if secret else
                           "This server requires a token to read. In a browser, open the page once "
                           f"with ?{TOKEN_PARAMETER}=<token> added to its address; a cookie keeps it.")


def unauthorized(problem: str, *, action: str = "Reading") -> WebError:
    return WebError(401, Errors.E090.format(action=action, problem=problem),
                    headers={"WWW-Authenticate": 'Bearer realm="rashomon"'})


def token_accepted(request: Request, accepted: TokenAccepted) -> Response:
    answer = RedirectResponse(accepted.url, status_code=303)
    answer.set_cookie(READ_COOKIE, accepted.secret, httponly=True, samesite="strict", path="/",
                      secure=request.url.scheme == "https")
    return answer


def require_write(request: Request) -> None:
    access: Access = request.app.state.access
    require_token(bearer(request), access.may_write, action="Adding documents", missing="No token was sent.")


def store_of(request: Request) -> Any:
    return request.app.state.store


# --- ASGI middleware ---------------------------------------------------------


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


# --- the application ---------------------------------------------------------


def create_app(store: Any, *, read_token: str | None = None,
               write_tokens: Iterable[str] | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The web app and the HTTP API over ``store``.

    ``write_tokens`` are bearer tokens accepted for ``POST /api/v1/documents``
    besides those made by ``rashomon token create``; by default the value of
    the ``RASHOMON_TOKEN`` environment variable, if set. ``read_token``, when
    given, closes reading to holders of that token (or of a write token).
    """
    from . import api, pages

    if write_tokens is None:
        write_tokens = [os.environ[TOKEN_ENV]] if os.environ.get(TOKEN_ENV) else []
    app = FastAPI(
        title="rashomon",
        version=__version__,
        summary="Who claims what about contested events: events, claims, sources, documents, findings.",
        # /openapi.json and /docs are pages of our own (pages.py): behind the read
        # token, and /docs without the CDN script FastAPI's Swagger UI loads
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.store = store
    app.state.access = Access(store=store, read_token=read_token,
                              write_tokens=tuple(t for t in write_tokens if t))
    app.openapi = lambda: openapi_schema(app)
    install_error_handlers(app)
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("rashomon", "static")]), name="static")
    # outermost last: headers on every answer, a 500 in shape for any failure inside
    app.add_middleware(CleanInput)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(LastResort)
    app.add_middleware(SecurityHeaders)
    return app


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of the API, with the document shape ``POST`` accepts."""
    from fastapi.openapi.utils import get_openapi

    from .api import DOCUMENT_IN_SCHEMA

    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["DocumentIn"] = DOCUMENT_IN_SCHEMA
        app.openapi_schema = schema
    return app.openapi_schema


def get(app: FastAPI, path: str, *, token: str | None = None) -> tuple[int, str, str]:
    """Run one GET request through ``app``, no server: (status, content type, body).

    What ``rashomon serve --get PATH`` prints, as Datasette's ``serve --get``.
    """
    import warnings

    with warnings.catch_warnings():  # starlette's note about httpx2 is no news to a --get user
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=True) as client:
        answer = client.get(path, headers=headers, follow_redirects=True)
    return answer.status_code, answer.headers.get("content-type", ""), answer.text
