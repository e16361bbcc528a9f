"""What the routers share: the store, tokens, the error shape and the query parameters.

Every router (:mod:`.routes`) takes what it needs from here as a FastAPI
dependency, and nothing here imports a router:

* **One error shape** for every error of the API, the ``.json`` twins and the
  ``.csv`` downloads: ``{"ok": false, "error": "...", "errors": [...], "status": 4xx}``;
  pages show the same message on an HTML page (:func:`error_response`). The
  store's own refusals get a status of their own (:data:`STORE_STATUS`).
* **Tokens**: writing needs a bearer token (E090); reading needs one only when
  ``read_token`` is given. The API takes it as a bearer header; pages also
  take it once as ``?token=``, which sets an HttpOnly, SameSite=Strict cookie
  that carries it from then on (:func:`require_read_page`).
* **The store** of the app (:func:`store_of`).
* **Query parameters**: paging, and one :class:`.queries.Selection` per listing
  (:func:`event_selection`, :func:`claim_selection` ...), the same for the API,
  the pages and their downloads. FastAPI checks their types and ranges (a limit
  up to 500, an offset up to ten million); the error handler turns a bad one into
  a 422 (E092).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import Errors
from ..store import StoreError
from . import queries
from .csrf import SESSION_COOKIE
from .render import render_error

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
    """The API, the ``.json`` twins and the ``.csv`` downloads answer errors in JSON
    (a program reads them); pages answer HTML."""
    path = request.url.path
    download = path.endswith(".csv") and path.count("/") == 1  # /claims.csv; a document x.csv has a page
    return path.startswith("/api/") or path.endswith(".json") or download


def error_response(request: Request, status: int, message: str, errors: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)
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
        if self.store.check_token(secret):
            return True
        user = self.store.user_of(secret)  # an editor's own token (``rashomon user add``)
        return user is not None and user["role"] in ("editor", "admin")

    def may_read(self, secret: str | None) -> bool:
        if self.read_token is None:
            return True
        if secret and hmac.compare_digest(secret.encode(), self.read_token.encode()):
            return True
        # a user's token (``rashomon user add``), whatever the role, reads
        return self.may_write(secret) or bool(secret and self.store.user_of(secret))


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
    secret = bearer(request) or request.cookies.get(READ_COOKIE) or request.cookies.get(SESSION_COOKIE)
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


# --- query parameters ---------------------------------------------------------------

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # far past any list's end, well inside a 64-bit OFFSET


class EventSort(str, Enum):
    """The columns ``Store.events`` sorts by."""

    date = "date"
    place = "place"
    claims = "claims"
    documents = "documents"
    findings = "findings"


class Order(str, Enum):
    asc = "asc"
    desc = "desc"


class Stance(str, Enum):
    assert_ = "assert"
    deny = "deny"
    acknowledge = "acknowledge"


class FindingKind(str, Enum):
    contradiction = "contradiction"
    corroboration = "corroboration"
    revision = "revision"


def text(description: str) -> Any:
    return Query(None, description=description, max_length=500)


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: int = Query(50, ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT})."),
           offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip.")) -> Paging:
    return Paging(limit, offset)


def source_paging(limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT})."),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip.")) -> Paging:
    """The sources' paging: a hundred a page, as the API has always given them."""
    return Paging(limit, offset)


def streaming(stream: bool = Query(False, alias="_stream", description=(
        "on: every matching item in one answer, streamed (no limit, offset or next)."))) -> bool:
    return stream


def day(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD parameter; empty (a form's blank field) is no filter."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise WebError(422, Errors.E092.format(
            name=name, problem=f"{value!r} is not a day written YYYY-MM-DD")) from None


def choice(value: Enum | None) -> str | None:
    return value.value if value is not None else None


def event_selection(
    date_from: str | None = Query(None, description="Events on or after this day (YYYY-MM-DD).",
                                  max_length=32, json_schema_extra={"format": "date"}),
    date_to: str | None = Query(None, description="Events on or before this day (YYYY-MM-DD).",
                                max_length=32, json_schema_extra={"format": "date"}),
    place: str | None = text("Place name (as the reports give it), or part of it."),
    region: str | None = text("First-level region, as the gazetteer names it (Odesa Oblast ...)."),
    source: str | None = text("A source's registry id or name: events it speaks of."),
    side: str | None = text("A side (ukraine, russia, independent, international, unknown)."),
    q: str | None = text("Full-text search over the claims' text."),
    contested: bool | None = Query(None, description="true: only events with a contradiction."),
    type: str | None = text("The kind of event (attack ...)."),
    sort: EventSort = Query(EventSort.date, description="Column to sort by."),
    order: Order = Query(Order.desc, description="asc or desc."),
) -> queries.Selection:
    date_from, date_to = day("date_from", date_from), day("date_to", date_to)
    if date_from and date_to and date_from > date_to:
        raise WebError(422, Errors.E092.format(
            name="date_from", problem=f"{date_from} is after date_to {date_to}"))
    return queries.selection(queries.EVENTS, {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "place": place, "region": region, "source": source, "side": side, "q": q, "contested": contested,
        "type": type}, sort=sort.value, order=order.value)


def claim_selection(
    event: str | None = text("Claims of this event."),
    source: str | None = text("Claims of this source (registry id or name)."),
    side: str | None = text("Claims of sources of this side."),
    kind: str | None = text("Claims of sources of this kind (government, military ...)."),
    doc: str | None = text("Claims of this document."),
    stance: Stance | None = Query(None, description="assert, deny or acknowledge."),
    lang: str | None = text("Claims of documents in this language (as the document gives it)."),
    q: str | None = text("Full-text search over the claims' text."),
) -> queries.Selection:
    return queries.selection(queries.CLAIMS, {"event": event, "source": source, "side": side, "kind": kind,
                                              "stance": choice(stance), "doc": doc, "lang": lang, "q": q})


def source_selection(
    side: str | None = text("Sources of this side."),
    kind: str | None = text("Sources of this kind (government, military, state-media ...)."),
) -> queries.Selection:
    return queries.selection(queries.SOURCES, {"side": side, "kind": kind})


def document_selection(
    q: str | None = text("Full-text search over the claims' text."),
    lang: str | None = text("Documents in this language (as the document gives it)."),
    publisher: str | None = text("Documents of this publisher (its name exactly)."),
    skipped: str | None = text("Documents stored without analysis for this reason (\"off-topic\": about no strike)."),
) -> queries.Selection:
    return queries.selection(queries.DOCUMENTS, {"q": q, "lang": lang, "publisher": publisher, "skipped": skipped})


def finding_selection(
    event: str | None = text("Findings about this event."),
    kind: FindingKind | None = Query(None, description="contradiction, corroboration or revision."),
    slot: str | None = text("Findings on this slot (killed, damage ...)."),
) -> queries.Selection:
    return queries.selection(queries.FINDINGS, {"event": event, "kind": choice(kind), "slot": slot})


def listing(request: Request, page: Any) -> dict[str, Any]:
    """The envelope of a list: items, total, limit, offset and the next page's URL."""
    following = None
    if page.offset + len(page.items) < page.total:
        query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
        query += [("limit", page.limit), ("offset", page.offset + page.limit)]
        following = f"{request.url.path}?{urlencode(query)}"
    return {"ok": True, "items": page.items, "total": page.total, "limit": page.limit,
            "offset": page.offset, "next": following}


def found(value: Any, what: str, ident: str) -> Any:
    """``value``, or 404 (E097) when the store has no such object."""
    if value is None:
        raise WebError(404, Errors.E097.format(what=what, ident=ident))
    return value
