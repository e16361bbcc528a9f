"""Sources: the sources list (``/sources/``) with its facets and downloads, one source's page, and the API's sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import queries
from ..deps import (Paging, found, listing, require_read, require_read_page, source_paging, source_selection,
                    store_of, streaming)
from ..lists import csv_download, json_twin, list_page
from ..render import render
from ..views import source_context

api = APIRouter(tags=["api"], dependencies=[Depends(require_read)])
pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


def source_object(store: Any, key: str) -> dict[str, Any]:
    """A source with its claims and revisions (404 if the store has none)."""
    return found(store.source(key), "source", key)


@api.get("/sources", summary="Sources that speak in the store, with how many claims each")
def sources(request: Request, chosen: queries.Selection = Depends(source_selection),
            paging: Paging = Depends(source_paging)) -> dict[str, Any]:
    return listing(request, queries.page(store_of(request), chosen, limit=paging.limit, offset=paging.offset))


@api.get("/sources/{key:path}", summary="One source: its registry entry, claims and revisions")
def source(request: Request, key: str) -> dict[str, Any]:
    return {"ok": True, **source_object(store_of(request), key)}


# the list before /sources/{key:path}, which an empty key would match
@pages.get("/sources/", response_class=HTMLResponse)
def sources_page(request: Request, chosen: queries.Selection = Depends(source_selection),
                 paging: Paging = Depends(source_paging)) -> Response:
    return list_page(request, chosen, paging)


@pages.get("/sources.json")
def sources_json(request: Request, chosen: queries.Selection = Depends(source_selection),
                 paging: Paging = Depends(source_paging), stream: bool = Depends(streaming)) -> Any:
    return json_twin(request, chosen, paging, stream)


@pages.get("/sources.csv")
def sources_csv(request: Request, chosen: queries.Selection = Depends(source_selection)) -> Response:
    return csv_download(request, chosen)


@pages.get("/sources/{key:path}.json")
def source_json(request: Request, key: str) -> dict[str, Any]:
    return {"ok": True, **source_object(store_of(request), key)}


@pages.get("/sources/{key:path}", response_class=HTMLResponse)
def source_page(request: Request, key: str) -> Response:
    from ...sources import KINDS, SIDES

    context = source_context(source_object(store_of(request), key))
    return render(request, "source.html", page=context, json_url=context.json_url, page_sides=SIDES,
                  page_kinds=KINDS)
