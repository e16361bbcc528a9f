"""Documents: the documents list (``/documents/``) with its facets and downloads, one document's page,
and the API's documents (adding them is :mod:`.upload`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import queries
from ..deps import (Paging, document_selection, found, listing, paging, require_read, require_read_page, store_of,
                    streaming)
from ..lists import csv_download, json_twin, list_page
from ..render import render
from ..views import document_context

api = APIRouter(tags=["api"], dependencies=[Depends(require_read)])
pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


def document_object(store: Any, doc_id: str) -> dict[str, Any]:
    """A document with its claims and events (404 if the store has none)."""
    return found(store.document(doc_id), "document", doc_id)


@api.get("/documents", summary="Documents, paginated")
def documents(request: Request, chosen: queries.Selection = Depends(document_selection),
              paging: Paging = Depends(paging)) -> dict[str, Any]:
    return listing(request, queries.page(store_of(request), chosen, limit=paging.limit, offset=paging.offset))


@api.get("/documents/{doc_id:path}", summary="One document: its text, claims and events")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    return {"ok": True, **document_object(store_of(request), doc_id)}


# the list before /documents/{doc_id:path}, which an empty id would match
@pages.get("/documents/", response_class=HTMLResponse)
def documents_page(request: Request, chosen: queries.Selection = Depends(document_selection),
                   paging: Paging = Depends(paging)) -> Response:
    return list_page(request, chosen, paging)


@pages.get("/documents.json")
def documents_json(request: Request, chosen: queries.Selection = Depends(document_selection),
                   paging: Paging = Depends(paging), stream: bool = Depends(streaming)) -> Any:
    return json_twin(request, chosen, paging, stream)


@pages.get("/documents.csv")
def documents_csv(request: Request, chosen: queries.Selection = Depends(document_selection)) -> Response:
    return csv_download(request, chosen)


@pages.get("/documents/{doc_id:path}.json")
def document_json(request: Request, doc_id: str) -> dict[str, Any]:
    return {"ok": True, **document_object(store_of(request), doc_id)}


@pages.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    context = document_context(document_object(store_of(request), doc_id))
    return render(request, "document.html", page=context, json_url=context.json_url)
