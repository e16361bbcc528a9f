"""The answers every listing gives: its page, its ``.json`` twin and its ``.csv`` download.

Datasette's URL shape: the page ``/claims/``, its JSON ``/claims.json`` and CSV
``/claims.csv``, all three taking the same filters (``/claims.csv?side=russia``).

* ``.json`` answers as the API does (``/claims.json`` is ``/api/v1/claims``):
  one page, with ``total`` and ``next``; with ``_stream=on`` it answers every
  matching item at once, ``{"ok": true, "items": [...], "count": N}``.
* ``.csv`` answers every matching row (no paging), as an attachment. The
  events' CSV is the one ``rashomon export --csv`` writes, event by event.

Both downloads are streamed: rows are read from the store a chunk at a time and
sent as they are written (:func:`.queries.csv_text`, :func:`.queries.json_text`).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, StreamingResponse

from . import queries
from .deps import Paging, listing, store_of
from .render import render
from .views import list_context


def list_page(request: Request, chosen: queries.Selection, paging: Paging) -> HTMLResponse:
    """A list page: the facets of the selection, its filters, one page of rows, the downloads."""
    store = store_of(request)
    page = queries.page(store, chosen, limit=paging.limit, offset=paging.offset)
    context = list_context(page, chosen, queries.facets(store, chosen))
    return render(request, "list.html", page=context, json_url=context.json_url)


def json_twin(request: Request, chosen: queries.Selection, paging: Paging, stream: bool) -> Any:
    """The page's JSON: the API's envelope with the page's facet counts (as Datasette's
    ``facet_results``), or with ``_stream=on`` every item, streamed."""
    store = store_of(request)
    if stream:
        return StreamingResponse(queries.json_text(store, chosen), media_type="application/json")
    envelope = listing(request, queries.page(store, chosen, limit=paging.limit, offset=paging.offset))
    envelope["facets"] = {name: facet.to_json() for name, facet in queries.facets(store, chosen).items()}
    return envelope


def csv_download(request: Request, chosen: queries.Selection) -> StreamingResponse:
    """Every selected row as CSV, streamed, as a file named after the listing."""
    return StreamingResponse(
        queries.csv_text(store_of(request), chosen), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{chosen.listing.name}.csv"'})
