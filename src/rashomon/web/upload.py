"""Documents from a request body: JSON, JSON Lines or uploaded files.

Every kind goes through rashomon's own readers (``rashomon.read.READERS``), so
a record sent to the API is checked exactly as one read from a file by
``rashomon ingest``, with the same coded errors (E005, E006, E009 ...):

* ``application/json``: one document object or a list of them, read as JSON
  Lines (one record per line) named ``request.jsonl``, record N at "line N";
* ``application/x-ndjson`` (also ``application/jsonl``, ``application/x-jsonlines``):
  the body is a ``.jsonl`` file;
* ``multipart/form-data``: each file in a ``file`` field is read by the reader
  of its name's suffix, as if it were on disk under that name.

A document that still holds what no database column can keep (a NUL character,
a lone surrogate) once read is that record's error (E103), so one bad record never
fails the others' transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePath
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import Errors
from ..ledger import Document, DocumentError
from ..read import READERS, Located, guarded, is_warning
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import text_problem
from .deps import WebError

JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines",
               "application/jsonlines", "application/ndjson")
MULTIPART_TYPES = ("multipart/form-data",)
JSON_NAME = "request.jsonl"


@dataclass
class Received:
    """What a request body holds once read: documents, errors and warnings."""

    documents: list[Document] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: int = 0  # documents and errors together


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def received_documents(request: Request, *, settings: Settings = DEFAULT_SETTINGS) -> Received:
    """Read the documents of a ``POST /api/v1/documents`` body (E093-E095 if it cannot be)."""
    kind = media_type(request)
    received = Received()
    if kind in JSON_TYPES:
        read_file(received, PurePath(JSON_NAME), json_as_lines(await request.body()), settings)
    elif kind in JSONL_TYPES:
        read_file(received, PurePath("request.jsonl"), await request.body(), settings)
    elif kind in MULTIPART_TYPES:
        try:
            form = await request.form(max_files=1000, max_fields=1000)
        except StarletteHTTPException as exc:  # starlette's words for a body that is not multipart
            raise WebError(400, Errors.E107.format(detail=str(exc.detail).rstrip("."))) from None
        uploads = [value for key, value in form.multi_items() if key == "file" and hasattr(value, "read")]
        if not uploads:
            raise WebError(400, Errors.E093.format(found=f"{kind} without a 'file' field"))
        for upload in uploads:
            name = PurePath(upload.filename or "upload.txt").name or "upload.txt"
            read_file(received, PurePath(name), await upload.read(), settings)
    else:
        raise WebError(415, Errors.E093.format(found=kind or "(none)"))
    return received


def json_as_lines(raw: bytes) -> bytes:
    """A JSON body (a document or a list of them) as JSON Lines, one record per line."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        detail = f"{exc.msg} at line {exc.lineno}, column {exc.colno}" if isinstance(
            exc, json.JSONDecodeError) else (str(exc) or type(exc).__name__)
        raise WebError(400, Errors.E094.format(detail=detail)) from None
    records = data if isinstance(data, list) else [data]
    if not isinstance(data, (list, dict)):
        raise WebError(400, Errors.E095.format(found=type(data).__name__))
    # ASCII escapes carry what JSON allows and UTF-8 cannot hold (a lone "\\ud800") to the
    # JSON Lines reader, whose documents are then checked like any other (E103)
    return "\n".join(json.dumps(r) for r in records).encode()


def read_file(received: Received, name: PurePath, raw: bytes, settings: Settings) -> None:
    """Read one file's bytes with the reader of its suffix, as ``read_paths`` would."""
    reader = READERS.get(name.suffix.lower())
    path = Path(name)
    if reader is None:
        received.records += 1
        received.errors.append(DocumentError(
            code="E007", path=str(name),
            message=Errors.E007.format(path=name, suffix=name.suffix or name.name,
                                       suffixes=", ".join(sorted(READERS)))))
        return
    if len(raw) > settings.max_document_bytes:
        received.records += 1
        received.errors.append(DocumentError(code="E011", path=str(name), message=Errors.E011.format(
            path=name, size=len(raw), limit=settings.max_document_bytes)))
        return
    seen = {d.id: d.path for d in received.documents}
    # guarded: cleaned at the door, and a reader's failure is this file's error (E027)
    for item in guarded(reader, path, raw, settings=settings):
        if isinstance(item, DocumentError):
            if is_warning(item):
                received.warnings.append(item.message)
            else:
                received.records += 1
                received.errors.append(item)
            continue
        received.records += 1
        document, line = (item.document, item.line) if isinstance(item, Located) else (item, 1)
        if (unstorable := unstorable_field(document)) is not None:
            field_name, problem = unstorable
            received.errors.append(DocumentError(code="E103", path=str(name), line=line, message=Errors.E103.format(
                path=name, line=line, field=field_name, problem=problem)))
            continue
        if document.id in seen:
            received.errors.append(DocumentError(code="E008", path=str(name), line=line, message=Errors.E008.format(
                path=name, line=line, doc_id=document.id, first=seen[document.id])))
            continue
        seen[document.id] = f"{name}, line {line}"
        received.documents.append(document)


def unstorable_field(document: Document) -> tuple[str, str] | None:
    """The first text field of ``document`` the store cannot keep, and why (None if none)."""
    for item in fields(document):
        value = getattr(document, item.name)
        if isinstance(value, str) and (problem := text_problem(value)) is not None:
            return item.name, problem
    return None


def error_json(error: DocumentError) -> dict[str, Any]:
    return error.to_json()
