"""Findings: the findings list (``/findings/``) with its facets and downloads, and the API's findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import queries
from ..deps import (Paging, finding_selection, listing, paging, require_read, require_read_page, store_of,
                    streaming)
from ..lists import csv_download, json_twin, list_page

api = APIRouter(tags=["api"], dependencies=[Depends(require_read)])
pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


@api.get("/findings", summary="Findings: contradictions, corroborations, revisions")
def findings(request: Request, chosen: queries.Selection = Depends(finding_selection),
             paging: Paging = Depends(paging)) -> dict[str, Any]:
    return listing(request, queries.page(store_of(request), chosen, limit=paging.limit, offset=paging.offset))


@pages.get("/findings/", response_class=HTMLResponse)
def findings_page(request: Request, chosen: queries.Selection = Depends(finding_selection),
                  paging: Paging = Depends(paging)) -> Response:
    return list_page(request, chosen, paging)


@pages.get("/findings.json")
def findings_json(request: Request, chosen: queries.Selection = Depends(finding_selection),
                  paging: Paging = Depends(paging), stream: bool = Depends(streaming)) -> Any:
    return json_twin(request, chosen, paging, stream)


@pages.get("/findings.csv")
def findings_csv(request: Request, chosen: queries.Selection = Depends(finding_selection)) -> Response:
    return csv_download(request, chosen)
