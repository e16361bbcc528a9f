"""Charts: each side's counts per day (``/counts``), with its ``.csv`` and ``.json`` twins.

The chart takes the events page's filters (period, region, side, source ...), so a
facet click on the events page and its "counts chart" link give the chart of exactly
the events listed; ``slot`` chooses the figure (intercepted by default).
"""

from __future__ import annotations

import csv
import io
from enum import Enum
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ...charts import CountSeries, counts_table
from .. import queries
from ..deps import event_selection, require_read_page, store_of
from ..render import render
from ..views import counts_context

pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


class Slot(str, Enum):
    launched = "launched"
    intercepted = "intercepted"
    hit = "hit"


def series_of(request: Request, chosen: queries.Selection, slot: Slot) -> CountSeries:
    return queries.count_series(store_of(request), chosen, slot.value)


SLOT = Query(Slot.intercepted, description="The figure charted: launched, intercepted or hit.")


@pages.get("/counts", response_class=HTMLResponse)
def counts_page(request: Request, chosen: queries.Selection = Depends(event_selection), slot: Slot = SLOT) -> Response:
    context = counts_context(series_of(request, chosen, slot), chosen)
    return render(request, "counts.html", page=context, json_url=context.json_url)


def table_json(series: CountSeries) -> dict[str, Any]:
    return {"ok": True, "slot": series.slot, "sides": series.sides,
            "days": [{"day": row.day, "values": row.values, "contradicted": row.contradicted}
                     for row in counts_table(series)]}


@pages.get("/counts.json")
def counts_json(request: Request, chosen: queries.Selection = Depends(event_selection), slot: Slot = SLOT) -> Any:
    return table_json(series_of(request, chosen, slot))


@pages.get("/counts.csv")
def counts_csv(request: Request, chosen: queries.Selection = Depends(event_selection), slot: Slot = SLOT) -> Response:
    series = series_of(request, chosen, slot)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["day", "slot", *series.sides, "contradicted"])
    for row in counts_table(series):
        writer.writerow([row.day, series.slot, *("" if row.values[s] is None else row.values[s] for s in series.sides),
                         "yes" if row.contradicted else "no"])
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="counts-{series.slot}.csv"'})
