"""The HTML pages, rendered on the server, and their ``.json`` twins.

Each page is readable with JavaScript off; ``/static/rashomon.js`` only opens
a value's evidence in place instead of jumping to it. Templates live in
``templates/web/``; Jinja2 autoescapes everything, and no template marks
document text ``|safe`` (the document page's highlighted text is built by
:func:`.views.highlight`, which escapes each piece).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import __version__
from ..ledger import SCORED_SLOTS
from ..report import UNCERTAIN_BELOW, anchor, slot_label
from . import api
from .app import require_read_page, store_of
from .views import (
    claim_context,
    claim_url,
    document_context,
    document_url,
    event_context,
    event_url,
    events_context,
    page_url,
    side_class,
    source_context,
    source_url,
)

router = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(slot_label=slot_label, anchor=anchor, side_class=side_class,
                       event_url=event_url, document_url=document_url, source_url=source_url,
                       claim_url=claim_url)
    env.globals.update(version=__version__, page_url=page_url, scored=SCORED_SLOTS, uncertain_below=UNCERTAIN_BELOW)
    return env


def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    html = environment().get_template(f"web/{template}").render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request, status: int, message: str, errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "error.html", status=status, headers=headers, status_code=status,
                  message=message, errors=errors or [], json_url=None)


# --- events ----------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def events_page(request: Request, filters: api.EventFilters = Depends(api.event_filters),
                paging: api.Paging = Depends(api.paging)) -> Response:
    page = api.list_events(store_of(request), filters, paging)
    context = events_context(page, filters.params(), sort=filters.sort.value, order=filters.order.value)
    return render(request, "events.html", page=context, json_url=context.json_url)


@router.get("/events")
def events_alias(request: Request) -> Response:
    query = request.url.query
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=301)


@router.get("/events.json")
def events_json(request: Request, filters: api.EventFilters = Depends(api.event_filters),
                paging: api.Paging = Depends(api.paging)) -> dict[str, Any]:
    return api.listing(request, api.list_events(store_of(request), filters, paging))


@router.get("/events/{event_id}.json")
def event_json(request: Request, event_id: str) -> Any:
    data = api.event_object(store_of(request), event_id)
    if (merged := api.survivor(data, event_id)) is not None:
        return RedirectResponse(f"{event_url(merged)}.json", status_code=301)
    return {"ok": True, **data}


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    data = api.event_object(store_of(request), event_id)
    if (merged := api.survivor(data, event_id)) is not None:
        return RedirectResponse(event_url(merged), status_code=301)
    context = event_context(data)
    return render(request, "event.html", page=context, json_url=context.json_url)


# --- claims, sources and documents ---------------------------------------------------


@router.get("/claims/{claim_id}.json")
def claim_json(request: Request, claim_id: str) -> dict[str, Any]:
    return {"ok": True, **api.claim_object(store_of(request), claim_id)}


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str) -> Response:
    context = claim_context(api.claim_object(store_of(request), claim_id))
    return render(request, "claim.html", page=context, json_url=context.json_url)



@router.get("/sources/{key:path}.json")
def source_json(request: Request, key: str) -> dict[str, Any]:
    return {"ok": True, **api.source_object(store_of(request), key)}


@router.get("/sources/{key:path}", response_class=HTMLResponse)
def source_page(request: Request, key: str) -> Response:
    context = source_context(api.source_object(store_of(request), key))
    return render(request, "source.html", page=context, json_url=context.json_url)


@router.get("/documents/{doc_id:path}.json")
def document_json(request: Request, doc_id: str) -> dict[str, Any]:
    return {"ok": True, **api.document_object(store_of(request), doc_id)}


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    context = document_context(api.document_object(store_of(request), doc_id))
    return render(request, "document.html", page=context, json_url=context.json_url)


# --- the API's description -----------------------------------------------------------


@router.get("/openapi.json")
def openapi_json(request: Request) -> dict[str, Any]:
    return request.app.openapi()


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    """The OpenAPI description as a page: no script, nothing from a CDN."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description", ""),
                                "type": schema_type(resolved(schema, p.get("schema", {})))}
                               for p in operation.get("parameters", [])],
                "responses": sorted(operation.get("responses", {})),
            })
    return render(request, "docs.html", operations=operations, info=schema.get("info", {}),
                  json_url="/openapi.json")


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema with a ``$ref`` to a component (an enum) replaced by it."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return document.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], schema)
    if "anyOf" in schema:
        return {**schema, "anyOf": [resolved(document, s) for s in schema["anyOf"]]}
    return schema


def schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    text = schema.get("type", "")
    if schema.get("format"):
        text += f" ({schema['format']})"
    return text
