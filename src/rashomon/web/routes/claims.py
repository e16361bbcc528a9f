"""Claims: the claims list (``/claims/``) with its facets and downloads, one claim's page, and the API's claims."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import queries
from ..deps import (Paging, claim_selection, found, listing, paging, require_read, require_read_page, store_of,
                    streaming)
from ..lists import csv_download, json_twin, list_page
from ..render import render
from ..reviewing import registry_choices
from ..views import claim_context
from ...review import SLOTS

api = APIRouter(tags=["api"], dependencies=[Depends(require_read)])
pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


def claim_object(store: Any, claim_id: str) -> dict[str, Any]:
    """A claim with its document, events and findings (404 if the store has none)."""
    return found(store.claim(claim_id), "claim", claim_id)


@api.get("/claims", summary="Claims, filtered and paginated")
def claims(request: Request, chosen: queries.Selection = Depends(claim_selection),
           paging: Paging = Depends(paging)) -> dict[str, Any]:
    return listing(request, queries.page(store_of(request), chosen, limit=paging.limit, offset=paging.offset))


@api.get("/claims/{claim_id}", summary="One claim: its document, events and findings")
def claim(request: Request, claim_id: str) -> dict[str, Any]:
    return {"ok": True, **claim_object(store_of(request), claim_id)}


@pages.get("/claims/", response_class=HTMLResponse)
def claims_page(request: Request, chosen: queries.Selection = Depends(claim_selection),
                paging: Paging = Depends(paging)) -> Response:
    return list_page(request, chosen, paging)


@pages.get("/claims.json")
def claims_json(request: Request, chosen: queries.Selection = Depends(claim_selection),
                paging: Paging = Depends(paging), stream: bool = Depends(streaming)) -> Any:
    return json_twin(request, chosen, paging, stream)


@pages.get("/claims.csv")
def claims_csv(request: Request, chosen: queries.Selection = Depends(claim_selection)) -> Response:
    return csv_download(request, chosen)


@pages.get("/claims/{claim_id}.json")
def claim_json(request: Request, claim_id: str) -> dict[str, Any]:
    return {"ok": True, **claim_object(store_of(request), claim_id)}


@pages.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str) -> Response:
    store = store_of(request)
    context = claim_context(claim_object(store, claim_id))
    return render(request, "claim.html", page=context, json_url=context.json_url,
                  page_choices=registry_choices(store), page_slots=SLOTS)
