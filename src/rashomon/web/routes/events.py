"""Events: the events page (``/``) with its facets and downloads, one event's page, and the API's events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import queries
from ..deps import (Paging, event_selection, found, listing, paging, require_read, require_read_page, store_of,
                    streaming)
from ..lists import csv_download, json_twin
from ..render import render
from ..views import event_context, event_url, events_context

api = APIRouter(tags=["api"], dependencies=[Depends(require_read)])
pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


def event_object(store: Any, event_id: str) -> dict[str, Any]:
    """An event with its claims, findings and documents (404 if the store has none).
    An id merged into another event names the survivor in ``merged_into``."""
    return found(store.event(event_id), "event", event_id)


@api.get("/events", summary="Events, filtered, sorted and paginated")
def events(request: Request, chosen: queries.Selection = Depends(event_selection),
           paging: Paging = Depends(paging)) -> dict[str, Any]:
    return listing(request, queries.page(store_of(request), chosen, limit=paging.limit, offset=paging.offset))


@api.get("/events/{event_id}", summary="One event: its claims, findings and documents")
def event(request: Request, event_id: str) -> Any:
    data = event_object(store_of(request), event_id)
    if (merged := data.get("merged_into")) is not None:
        return RedirectResponse(f"/api/v1{event_url(merged)}", status_code=301)
    return {"ok": True, **data}


@pages.get("/", response_class=HTMLResponse)
def events_page(request: Request, chosen: queries.Selection = Depends(event_selection),
                paging: Paging = Depends(paging)) -> Response:
    store = store_of(request)
    page = queries.page(store, chosen, limit=paging.limit, offset=paging.offset)
    context = events_context(page, chosen, queries.facets(store, chosen), marks=queries.map_marks(store, chosen))
    left = store.review_queue(limit=0).total
    return render(request, "events.html", page=context, json_url=context.json_url, left_to_review=left)


@pages.get("/events")
def events_alias(request: Request) -> Response:
    query = request.url.query
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=301)


@pages.get("/events.json")
def events_json(request: Request, chosen: queries.Selection = Depends(event_selection),
                paging: Paging = Depends(paging), stream: bool = Depends(streaming)) -> Any:
    return json_twin(request, chosen, paging, stream)


@pages.get("/events.csv")
def events_csv(request: Request, chosen: queries.Selection = Depends(event_selection)) -> Response:
    return csv_download(request, chosen)


@pages.get("/events/{event_id}.json")
def event_json(request: Request, event_id: str) -> Any:
    data = event_object(store_of(request), event_id)
    if (merged := data.get("merged_into")) is not None:
        return RedirectResponse(f"{event_url(merged)}.json", status_code=301)
    return {"ok": True, **data}


@pages.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    data = event_object(store_of(request), event_id)
    if (merged := data.get("merged_into")) is not None:
        return RedirectResponse(event_url(merged), status_code=301)
    context = event_context(data)
    return render(request, "event.html", page=context, json_url=context.json_url)
