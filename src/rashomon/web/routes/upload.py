"""Adding documents: ``POST /api/v1/documents`` with JSON, JSON Lines or files.

The body is read by :mod:`rashomon.web.upload` with rashomon's own readers and the
documents are analysed and stored as ``rashomon ingest`` does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ...errors import Errors
from ..deps import WebError, require_write, store_of
from ..upload import received_documents

api = APIRouter(tags=["api"])


@api.post(
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
