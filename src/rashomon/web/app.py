"""The FastAPI application, assembled: ``create_app(store)``.

Nothing is defined here that a router uses; this module only puts together

* the routers of :mod:`.routes`, one module per resource (events, claims,
  sources, documents, findings, adding documents, the API's description), each
  with its API routes under ``/api/v1`` and its pages;
* what they share, from :mod:`.deps`: the store, who may read and write
  (:class:`.deps.Access`) and the error handlers (one error shape);
* the middleware of :mod:`.middleware` (security headers, the body limit, the
  refusal of hostile input, the last resort) and the static files.

The read queries that the API, the pages and their downloads share are in
:mod:`.queries`; what each page shows in :mod:`.views`; templates are rendered
by :mod:`.render`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__, palette
from . import routes
from .deps import Access, install_error_handlers
from .middleware import BodyLimit, CleanInput, LastResort, SecurityHeaders

DEFAULT_MAX_BODY = 10_000_000  # bytes; ten megabytes of documents per request
TOKEN_ENV = "RASHOMON_TOKEN"


def create_app(store: Any, *, read_token: str | None = None,
               write_tokens: Iterable[str] | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The web app and the HTTP API over ``store``.

    ``write_tokens`` are bearer tokens accepted for ``POST /api/v1/documents``
    besides those made by ``rashomon token create``; by default the value of
    the ``RASHOMON_TOKEN`` environment variable, if set. ``read_token``, when
    given, closes reading to holders of that token (or of a write token).
    """
    if write_tokens is None:
        write_tokens = [os.environ[TOKEN_ENV]] if os.environ.get(TOKEN_ENV) else []
    app = FastAPI(
        title="rashomon",
        version=__version__,
        summary="Who claims what about contested events: events, claims, sources, documents, findings.",
        # /openapi.json and /docs are pages of our own (routes/docs.py): behind the read
        # token, and /docs without the CDN script FastAPI's Swagger UI loads
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.store = store
    app.state.access = Access(store=store, read_token=read_token,
                              write_tokens=tuple(t for t in write_tokens if t))
    app.openapi = lambda: openapi_schema(app)
    install_error_handlers(app)
    for router in routes.API:
        app.include_router(router, prefix="/api/v1")
    for router in routes.PAGES:
        app.include_router(router)
    # before the mount: the side colours are served beside the stylesheet, made from palette.py
    app.add_api_route("/static/palette.css", palette_css, include_in_schema=False)
    app.mount("/static", StaticFiles(packages=[("rashomon", "static")]), name="static")
    # outermost last: headers on every answer, a 500 in shape for any failure inside
    app.add_middleware(CleanInput)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(LastResort)
    app.add_middleware(SecurityHeaders)
    return app


def palette_css() -> Response:
    """The side colours (``rashomon.palette``), the one definition the terminal and the
    HTML report use too; a stylesheet of their own so that no page holds inline style."""
    return Response(palette.css(), media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of the API, with the document shape ``POST`` accepts."""
    from fastapi.openapi.utils import get_openapi

    from .routes.upload import DOCUMENT_IN_SCHEMA

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
