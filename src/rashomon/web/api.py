"""The JSON API under ``/api/v1``: the store's reads, and adding documents.

Every answer is an envelope with ``"ok": true``; a list adds ``items`` (the
ledger's JSON shapes, as ``schema/ledger.schema.json`` describes), ``total``,
``limit``, ``offset`` and ``next`` (the URL of the next page, or null). One
object answers with the store's object (``event``, ``claims``, ``findings``,
``documents`` for an event ...). Filters are query parameters; FastAPI checks
their types and ranges (a limit up to 500, an offset up to ten million) and the
error handler turns a bad one into a 422 (E092); a NUL or a lone surrogate in any
of them never gets this far (E100, :class:`.app.CleanInput`).

The pages' ``.json`` twins call the same functions, so ``/events/e1.json`` and
``/api/v1/events/e1`` give the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from ..errors import Errors
from .app import WebError, require_read, require_write, store_of
from .upload import received_documents
from .views import event_url

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # far past any list's end, well inside a 64-bit OFFSET

router = APIRouter(tags=["api"])
reads = APIRouter(dependencies=[Depends(require_read)])


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


@dataclass
class EventFilters:
    date_from: date | None
    date_to: date | None
    place: str | None
    source: str | None
    side: str | None
    q: str | None
    contested: bool | None
    sort: EventSort
    order: Order

    def store_kwargs(self) -> dict[str, Any]:
        return {"date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "place": self.place or None, "source": self.source or None, "side": self.side or None,
                "q": self.q or None, "contested": self.contested,
                "sort": self.sort.value, "descending": self.order is Order.desc}

    def params(self) -> dict[str, Any]:
        """The filters as GET parameters (without sort and order)."""
        return {"date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "place": self.place, "source": self.source, "side": self.side, "q": self.q,
                "contested": {True: "true", False: "false"}.get(self.contested)}


def blank_is_none(value: str | None) -> str | None:
    return value if value is None or value.strip() else None


def day(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD parameter; empty (a form's blank field) is no filter."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise WebError(422, Errors.E092.format(
            name=name, problem=f"{value!r} is not a day written YYYY-MM-DD")) from None


def event_filters(
    date_from: str | None = Query(None, description="Events on or after this day (YYYY-MM-DD).",
                                  max_length=32, json_schema_extra={"format": "date"}),
    date_to: str | None = Query(None, description="Events on or before this day (YYYY-MM-DD).",
                                max_length=32, json_schema_extra={"format": "date"}),
    place: str | None = text("Place name (as the reports give it), or part of it."),
    source: str | None = text("A source's registry id or name: events it speaks of."),
    side: str | None = text("A side (ukraine, russia, independent, international, unknown)."),
    q: str | None = text("Full-text search over the claims' text."),
    contested: bool | None = Query(None, description="true: only events with a contradiction."),
    sort: EventSort = Query(EventSort.date, description="Column to sort by."),
    order: Order = Query(Order.desc, description="asc or desc."),
) -> EventFilters:
    date_from, date_to = day("date_from", date_from), day("date_to", date_to)
    if date_from and date_to and date_from > date_to:
        raise WebError(422, Errors.E092.format(
            name="date_from", problem=f"{date_from} is after date_to {date_to}"))
    return EventFilters(date_from, date_to, blank_is_none(place), blank_is_none(source),
                        blank_is_none(side), blank_is_none(q), contested, sort, order)


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
    if value is None:
        raise WebError(404, Errors.E097.format(what=what, ident=ident))
    return value


# --- reads --------------------------------------------------------------------


def list_events(store: Any, filters: EventFilters, paging: Paging) -> Any:
    return store.events(**filters.store_kwargs(), limit=paging.limit, offset=paging.offset)


@reads.get("/events", summary="Events, filtered, sorted and paginated")
def events(request: Request, filters: EventFilters = Depends(event_filters),
           paging: Paging = Depends(paging)) -> dict[str, Any]:
    return listing(request, list_events(store_of(request), filters, paging))


def event_object(store: Any, event_id: str) -> dict[str, Any]:
    """An event with its claims, findings and documents (404 if the store has none)."""
    return found(store.event(event_id), "event", event_id)


def survivor(data: dict[str, Any], asked: str) -> str | None:
    """The id of the event an asked-for id was merged into, if it was."""
    return data.get("merged_into")


@reads.get("/events/{event_id}", summary="One event: its claims, findings and documents")
def event(request: Request, event_id: str) -> Any:
    data = event_object(store_of(request), event_id)
    if (merged := survivor(data, event_id)) is not None:
        return RedirectResponse(f"/api/v1{event_url(merged)}", status_code=301)
    return {"ok": True, **data}


@reads.get("/claims", summary="Claims, filtered and paginated")
def claims(request: Request,
           event: str | None = text("Claims of this event."),
           source: str | None = text("Claims of this source (registry id or name)."),
           side: str | None = text("Claims of sources of this side."),
           doc: str | None = text("Claims of this document."),
           stance: Stance | None = Query(None, description="assert, deny or acknowledge."),
           q: str | None = text("Full-text search over the claims' text."),
           paging: Paging = Depends(paging)) -> dict[str, Any]:
    page = store_of(request).claims(
        event=blank_is_none(event), source=blank_is_none(source), side=blank_is_none(side),
        doc=blank_is_none(doc), stance=stance.value if stance else None, q=blank_is_none(q),
        limit=paging.limit, offset=paging.offset)
    return listing(request, page)


def claim_object(store: Any, claim_id: str) -> dict[str, Any]:
    """A claim with its document, events and findings (404 if the store has none)."""
    return found(store.claim(claim_id), "claim", claim_id)


@reads.get("/claims/{claim_id}", summary="One claim: its document, events and findings")
def claim(request: Request, claim_id: str) -> dict[str, Any]:
    return {"ok": True, **claim_object(store_of(request), claim_id)}


@reads.get("/sources", summary="Sources that speak in the store, with how many claims each")
def sources(request: Request,
            side: str | None = text("Sources of this side."),
            kind: str | None = text("Sources of this kind (government, military, state-media ...)."),
            limit: int = Query(100, ge=1, le=MAX_LIMIT),
            offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    page = store_of(request).sources(side=blank_is_none(side), kind=blank_is_none(kind),
                                     limit=limit, offset=offset)
    return listing(request, page)


def source_object(store: Any, key: str) -> dict[str, Any]:
    return found(store.source(key), "source", key)


@reads.get("/sources/{key:path}", summary="One source: its registry entry, claims and revisions")
def source(request: Request, key: str) -> dict[str, Any]:
    return {"ok": True, **source_object(store_of(request), key)}


@reads.get("/documents", summary="Documents, paginated")
def documents(request: Request, q: str | None = text("Full-text search over the claims' text."),
              paging: Paging = Depends(paging)) -> dict[str, Any]:
    page = store_of(request).documents(q=blank_is_none(q), limit=paging.limit, offset=paging.offset)
    return listing(request, page)


def document_object(store: Any, doc_id: str) -> dict[str, Any]:
    return found(store.document(doc_id), "document", doc_id)


@reads.get("/documents/{doc_id:path}", summary="One document: its text, claims and events")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    return {"ok": True, **document_object(store_of(request), doc_id)}


@reads.get("/findings", summary="Findings: contradictions, corroborations, revisions")
def findings(request: Request,
             event: str | None = text("Findings about this event."),
             kind: FindingKind | None = Query(None, description="contradiction, corroboration or revision."),
             slot: str | None = text("Findings on this slot (killed, damage ...)."),
             paging: Paging = Depends(paging)) -> dict[str, Any]:
    page = store_of(request).findings(event=blank_is_none(event), kind=kind.value if kind else None,
                                      slot=blank_is_none(slot), limit=paging.limit, offset=paging.offset)
    return listing(request, page)


# --- writes --------------------------------------------------------------------


@router.post(
    "/documents", status_code=201, dependencies=[Depends(require_write)],
    summary="Add documents: JSON, JSON Lines or files; analysed as `rashomon ingest` does",
    responses={401: {"description": "No token or a wrong one (E090); nothing changed"},
               413: {"description": "Body over the limit (E091)"},
               415: {"description": "Unknown Content-Type (E093)"},
               422: {"description": "No document could be read (E096)"}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/DocumentIn"},
            {"type": "array", "items": {"$ref": "#/components/schemas/DocumentIn"}}]}},
        "application/x-ndjson": {"schema": {"type": "string", "description": "One document per line"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}},
)
async def add_documents(request: Request) -> Any:
    received = await received_documents(request)
    if not received.documents:
        raise WebError(422, Errors.E096.format(count=received.records),
                       errors=[e.to_json() for e in received.errors])
    report = await run_in_threadpool(store_of(request).ingest_documents, received.documents)
    return JSONResponse(status_code=201, content={
        "ok": True, **ingest_summary(report),
        "documents": [d.id for d in received.documents],
        "errors": [e.to_json() for e in received.errors] + list(ingest_errors(report)),
        "warnings": received.warnings + list(getattr(report, "warnings", []) or []),
    })


def ingest_summary(report: Any) -> dict[str, Any]:
    """What the store's IngestReport says was added, as JSON."""
    if hasattr(report, "to_json"):
        data = dict(report.to_json())
    elif hasattr(report, "__dataclass_fields__"):
        from dataclasses import asdict
        data = asdict(report)
    else:
        data = dict(vars(report))
    data.pop("errors", None)
    data.pop("warnings", None)
    data.pop("documents", None)
    return {"added": data}


def ingest_errors(report: Any) -> list[dict[str, Any]]:
    return [e.to_json() if hasattr(e, "to_json") else e for e in getattr(report, "errors", []) or []]


DOCUMENT_IN_SCHEMA = {
    "type": "object", "required": ["id", "text"],
    "properties": {name: {"type": "string"} for name in
                   ("id", "text", "lang", "publisher", "published", "url", "title")},
    "description": "A document, as one line of a JSON Lines file.",
}

router.include_router(reads)
