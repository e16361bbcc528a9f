"""The read queries that the API, the pages, their downloads and ``rashomon export`` share.

A page never calls an API route, and nothing here knows about requests: each
list of the store is a :class:`Listing` in :data:`LISTINGS` (events, claims,
sources, documents, findings) that names its filters, its facets, the store's
methods that read it and the columns of its CSV. A :class:`Selection` is one
listing with the filter values a request (or the command line) gave; from it

* :func:`page` reads one page (``Store.events`` ...), what the list pages and
  the API's lists show;
* :func:`facets` counts the selected rows per value of each facet, as
  Datasette's facets do (``Store.event_facets`` ...);
* :func:`items` reads every selected row in the store's chunks
  (``Store.iter_events`` ...), and :func:`csv_text` and :func:`json_text` turn
  them into a download piece by piece, never the whole list in memory.

The events' CSV is the ACLED-like one of ``rashomon export --csv``
(:func:`rashomon.store.csv_rows`), event by event; ``export`` filters with the
same :class:`Selection` and ``Store.event_ids``.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..charts import CountSeries, claim_figures, daily_counts
from ..geo_map import MapMark
from ..ledger import Event, Fact, Ledger
from ..report import event_title, format_value, slot_label
from ..store import CSV_COLUMNS as EVENT_COLUMNS
from ..store import Facet, Page, csv_rows, spreadsheet_safe
from .views import event_ledger, event_url

FLUSH_AT = 64 * 1024  # characters of CSV or JSON gathered before a piece is sent


# --- filters and facets ------------------------------------------------------------


def truth(value: str) -> bool:
    return value == "true"


@dataclass(frozen=True)
class Filter:
    """One filter of a listing: its URL parameter and the store's keyword for it."""

    name: str  # the URL parameter
    label: str  # how the page names it
    store: str = ""  # the store's keyword (the name, when empty)
    parse: Callable[[str], Any] = str  # the parameter's text as the store takes it

    @property
    def keyword(self) -> str:
        return self.store or self.name


def month_range(month: str) -> dict[str, str]:
    """``"2025-03"`` -> the days it spans, as the date filters take them."""
    year, number = (int(part) for part in month.split("-"))
    return {"date_from": f"{month}-01", "date_to": f"{month}-{calendar.monthrange(year, number)[1]:02d}"}


@dataclass(frozen=True)
class FacetSpec:
    """A facet: the store's counts under ``name`` and the filter a click on a value sets."""

    name: str
    title: str
    # a value -> the URL parameters that select it (None: the value cannot be selected)
    select: Callable[[Any], dict[str, str] | None] | None = None
    show: Callable[[Any], str] = str  # how a value is written

    def parameters(self, value: Any) -> dict[str, str] | None:
        if value is None:
            return None  # rows without a value: counted, not a filter of their own
        if self.select is not None:
            return self.select(value)
        return {self.name: str(value)}


def yes_no(value: Any) -> str:
    return "yes" if value else "no"


def contested_parameters(value: Any) -> dict[str, str]:
    return {"contested": "true" if value else "false"}


# --- the CSV of each listing ---------------------------------------------------------


def claim_csv(item: dict[str, Any]) -> dict[str, Any]:
    source = item.get("source") or {}
    return {"id": item["id"], "doc": item["doc"], "said_at": item.get("said_at") or "",
            "source": source.get("label") or source.get("name") or "", "source_id": source.get("id") or "",
            "source_side": source.get("side") or "", "source_kind": source.get("kind") or "",
            "stance": item["stance"], "text": item["text"], "cue": item.get("cue") or "",
            "facts": "; ".join(f"{slot_label(f['slot'])} = {fact_value(f)}" for f in item.get("facts", [])),
            "confidence": item.get("confidence") if item.get("confidence") is not None else "",
            "span_start": item["span"][0], "span_end": item["span"][1],
            # what a person did to the claim (``review``): blank when no one reviewed it
            "reviewed": "yes" if item.get("reviewed") else "", "verdict": item.get("verdict") or ""}


def fact_value(fact: dict[str, Any]) -> str:
    return format_value(Fact.from_json(fact))


def source_csv(item: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if item.get(k) is None else item[k] for k in SOURCE_COLUMNS}


def document_csv(item: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if item.get(k) is None else item[k] for k in DOCUMENT_COLUMNS}


def finding_csv(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "kind": item["kind"], "slot": item["slot"], "event": item["event"],
            "sides": " ".join(item.get("sides") or []), "claims": " ".join(item.get("claims") or []),
            "explanation": item.get("explanation") or ""}


CLAIM_COLUMNS = ("id", "doc", "said_at", "source", "source_id", "source_side", "source_kind", "stance", "text",
                 "cue", "facts", "confidence", "span_start", "span_end", "reviewed", "verdict")
SOURCE_COLUMNS = ("key", "id", "name", "label", "kind", "side", "claims")
DOCUMENT_COLUMNS = ("id", "title", "publisher", "published", "lang", "url", "path", "duplicate_of", "skipped",
                    "text")
FINDING_COLUMNS = ("id", "kind", "slot", "event", "sides", "claims", "explanation")


def event_csv_rows(store: Any, events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows ``rashomon export --csv`` writes for ``events``, one event at a time:
    each event is read with its claims, findings and documents and tabulated alone,
    which gives the rows it has in the whole ledger's CSV."""
    for item in events:
        data = store.event(item["id"])
        if data is None:  # merged away while the download ran
            continue
        ledger, _ = event_ledger(data)
        yield from csv_rows(ledger)


# --- listings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """One list of the store, with everything its page, API, facets and downloads need."""

    name: str  # "claims": the page is /claims/, the downloads /claims.csv and /claims.json
    noun: str  # "claim"
    title: str  # "Claims"
    filters: tuple[Filter, ...]
    facets: tuple[FacetSpec, ...]
    read: str  # the Store method that reads a page
    stream: str  # the Store method that reads every selected row
    count: str  # the Store method that counts facet values
    csv_columns: tuple[str, ...]  # the events': those of ``rashomon export --csv``
    # (store, the selected items) -> the CSV's rows
    csv_rows: Callable[[Any, Iterable[dict[str, Any]]], Iterator[dict[str, Any]]]
    page_path: str = ""  # the page (default /<name>/)
    sortable: bool = False  # takes sort and order (the events)

    @property
    def path(self) -> str:
        return self.page_path or f"/{self.name}/"

    def filter(self, name: str) -> Filter | None:
        return next((f for f in self.filters if f.name == name), None)


def each(convert: Callable[[dict[str, Any]], dict[str, Any]]):
    return lambda _store, items: (convert(item) for item in items)


SIDE = FacetSpec("side", "Side")
EVENTS = Listing(
    name="events", noun="event", title="Events", page_path="/", sortable=True,
    filters=(Filter("date_from", "from"), Filter("date_to", "to"), Filter("place", "place"),
             Filter("region", "region"), Filter("source", "source"), Filter("side", "side"),
             Filter("q", "claims say"), Filter("contested", "contradicted", parse=truth),
             Filter("type", "type", store="event_type")),
    facets=(FacetSpec("region", "Region"), FacetSpec("month", "Month", select=month_range), SIDE,
            FacetSpec("source", "Source"), FacetSpec("type", "Type"),
            FacetSpec("contested", "Contradicted", select=contested_parameters, show=yes_no)),
    read="events", stream="iter_events", count="event_facets",
    csv_columns=EVENT_COLUMNS, csv_rows=event_csv_rows)
CLAIMS = Listing(
    name="claims", noun="claim", title="Claims",
    filters=(Filter("event", "event"), Filter("source", "source"), Filter("side", "side"),
             Filter("kind", "source kind"), Filter("stance", "stance"), Filter("doc", "document"),
             Filter("lang", "language"), Filter("q", "words")),
    facets=(SIDE, FacetSpec("source", "Source"), FacetSpec("kind", "Source kind"),
            FacetSpec("stance", "Stance"), FacetSpec("lang", "Language")),
    read="claims", stream="iter_claims", count="claim_facets",
    csv_columns=CLAIM_COLUMNS, csv_rows=each(claim_csv))
SOURCES = Listing(
    name="sources", noun="source", title="Sources",
    filters=(Filter("side", "side"), Filter("kind", "kind")),
    facets=(SIDE, FacetSpec("kind", "Kind")),
    read="sources", stream="iter_sources", count="source_facets",
    csv_columns=SOURCE_COLUMNS, csv_rows=each(source_csv))
DOCUMENTS = Listing(
    name="documents", noun="document", title="Documents",
    filters=(Filter("publisher", "publisher"), Filter("lang", "language"), Filter("skipped", "not analysed"),
             Filter("q", "claims say")),
    facets=(FacetSpec("publisher", "Publisher"), FacetSpec("lang", "Language"), FacetSpec("skipped", "Not analysed")),
    read="documents", stream="iter_documents", count="document_facets",
    csv_columns=DOCUMENT_COLUMNS, csv_rows=each(document_csv))
FINDINGS = Listing(
    name="findings", noun="finding", title="Findings",
    filters=(Filter("kind", "kind"), Filter("slot", "slot"), Filter("event", "event")),
    facets=(FacetSpec("kind", "Kind"), FacetSpec("slot", "Slot", show=slot_label)),
    read="findings", stream="iter_findings", count="finding_facets",
    csv_columns=FINDING_COLUMNS, csv_rows=each(finding_csv))

LISTINGS: dict[str, Listing] = {listing.name: listing for listing in (EVENTS, CLAIMS, SOURCES, DOCUMENTS, FINDINGS)}


@dataclass(frozen=True)
class Selection:
    """A listing and the filter values given, as URL parameter texts (blank ones dropped)."""

    listing: Listing
    values: dict[str, str] = field(default_factory=dict)
    sort: str = "date"  # the events' order; other listings have one order
    order: str = "desc"

    def store_kwargs(self) -> dict[str, Any]:
        """The filters as the store's keywords."""
        return {f.keyword: f.parse(self.values[f.name]) for f in self.listing.filters if f.name in self.values}

    def order_kwargs(self) -> dict[str, Any]:
        return {"sort": self.sort, "descending": self.order == "desc"} if self.listing.sortable else {}

    def params(self) -> dict[str, str | None]:
        """Every filter of the listing as a GET parameter, in the listing's order (None: not given)."""
        return {f.name: self.values.get(f.name) for f in self.listing.filters}

    def order_params(self) -> dict[str, str | None]:
        """The sort and order, when they are not the default (for links)."""
        if not self.listing.sortable:
            return {}
        return {"sort": self.sort if self.sort != "date" else None,
                "order": self.order if self.order != "desc" else None}

    @property
    def active(self) -> bool:
        return bool(self.values)

    def with_values(self, **values: str | None) -> "Selection":
        """This selection with some filters set (a text) or removed (None)."""
        changed = {**self.values, **values}
        return Selection(self.listing, {k: v for k, v in changed.items() if v is not None}, self.sort, self.order)


def selection(listing: Listing | str, values: dict[str, Any] | None = None, *, sort: str = "date",
              order: str = "desc") -> Selection:
    """A :class:`Selection` from filter values; blank and absent ones are no filter.

    Values are the URL parameters' texts (a bool as "true"/"false"); names the
    listing has no filter for are an error, so that a typo filters nothing silently.
    """
    listing = LISTINGS[listing] if isinstance(listing, str) else listing
    given = {}
    for name, value in (values or {}).items():
        if listing.filter(name) is None:
            raise KeyError(f"{listing.name} have no filter {name!r}")
        if isinstance(value, bool):
            value = "true" if value else "false"
        if value is not None and str(value).strip():
            given[name] = str(value)  # as given: the store matches the words as they are
    return Selection(listing, given, sort, order)


# --- reading ---------------------------------------------------------------------------


def page(store: Any, chosen: Selection, *, limit: int, offset: int) -> Page:
    """One page of the selected rows, in the listing's order."""
    read = getattr(store, chosen.listing.read)
    return read(**chosen.store_kwargs(), **chosen.order_kwargs(), limit=limit, offset=offset)


def facets(store: Any, chosen: Selection) -> dict[str, Facet]:
    """The selected rows counted per value of each of the listing's facets."""
    count = getattr(store, chosen.listing.count)
    return count([spec.name for spec in chosen.listing.facets], **chosen.store_kwargs())


def items(store: Any, chosen: Selection) -> Iterator[dict[str, Any]]:
    """Every selected row, in the listing's order, read from the store a chunk at a time."""
    stream = getattr(store, chosen.listing.stream)
    return stream(**chosen.store_kwargs(), **chosen.order_kwargs())


def event_ids(store: Any, chosen: Selection) -> list[str]:
    """The ids of the selected events (what ``export`` keeps)."""
    return store.event_ids(**chosen.store_kwargs())


def csv_text(store: Any, chosen: Selection) -> Iterator[str]:
    """The selected rows as CSV, a piece at a time; every text cell formula-safe
    (a cell starting with = + - @, a tab or a CR gets a ' in front, as OWASP advises).

    The query is made here, before the first piece: a filter the store refuses is
    an error answer, not a download cut short."""
    return _csv_pieces(chosen.listing, chosen.listing.csv_rows(store, items(store, chosen)))


def _csv_pieces(listing: Listing, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=listing.csv_columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_text(store: Any, chosen: Selection) -> Iterator[str]:
    """Every selected row as one JSON object, ``{"ok": true, "items": [...], "count": N}``,
    written item by item (the count comes last, once known). The query is made
    here, before the first piece, as for :func:`csv_text`."""
    return _json_pieces(items(store, chosen))


def _json_pieces(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    pieces = ['{"ok":true,"items":[']
    size = len(pieces[0])
    count = 0
    for item in rows:
        piece = ("," if count else "") + json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        count += 1
        pieces.append(piece)
        size += len(piece)
        if size >= FLUSH_AT:
            yield "".join(pieces)
            pieces, size = [], 0
    pieces.append(f'],"count":{count}}}')
    yield "".join(pieces)


def restricted(ledger: Ledger, ids: Iterable[str]) -> Ledger:
    """``ledger`` with only the events ``ids``, their findings, claims and documents
    (what ``export`` writes when it is given filters)."""
    keep = set(ids)
    events = [e for e in ledger.events if e.id in keep]
    claim_ids = {c for e in events for c in e.claims}
    claims = [c for c in ledger.claims if c.id in claim_ids]
    doc_ids = {c.doc for c in claims}
    return Ledger(documents=[d for d in ledger.documents if d.id in doc_ids], claims=claims, events=events,
                  findings=[f for f in ledger.findings if f.event in keep])


# --- the map and the counts chart --------------------------------------------------------

MAP_LIMIT = 500  # events drawn at most on one map: those with the most claims


def map_marks(store: Any, chosen: Selection) -> tuple[list[MapMark], int]:
    """The selected events as map marks, at most :data:`MAP_LIMIT` of them (the most
    claimed first), and how many events were selected."""
    places, total = store.event_places(limit=MAP_LIMIT, **chosen.store_kwargs())
    return [map_mark(p) for p in places], total


def map_mark(place: dict[str, Any]) -> MapMark:
    """A mark from an item of ``Store.event_places`` (or an event's JSON with ``claims``
    and ``contested`` counted)."""
    event = Event(id=place["id"], claims=[], documents=[], type=place.get("type") or "attack",
                  place=place.get("place"), target=place.get("target"), date=place.get("date"),
                  title=place.get("title"))
    return MapMark(id=place["id"], url=event_url(place["id"]), title=event_title(event), place=place.get("place"),
                   claims=int(place.get("claims") or 0), contested=bool(place.get("contested")),
                   latitude=place.get("latitude"), longitude=place.get("longitude"), region=place.get("region"),
                   date=place.get("date"))


def count_series(store: Any, chosen: Selection, slot: str) -> CountSeries:
    """Each side's figures for ``slot`` per day over the selected events (the counts chart)."""
    items, contested = store.slot_facts(slot, **chosen.store_kwargs())
    figures = [figure for item in items
               for figure in claim_figures(item["event"], item["day"], item["side"], item["facts"], slot)]
    return daily_counts(figures, slot, contested)
