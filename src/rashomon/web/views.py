"""What each page shows, computed from the store's answers; the templates only lay it out.

As Datasette's ``RowContext``: one dataclass per page, each field with its help
text, built from the same object the page's ``.json`` twin returns. The event
page reuses the report's side-by-side model (:func:`rashomon.report.side_by_side`)
and its evidence slicing (:func:`rashomon.report.evidence`), so the terminal, the
HTML report and the web app show one table.

Document text is untrusted: :func:`highlight` escapes every piece of it with
markupsafe before it joins the markup; templates escape everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from .. import palette
from ..ledger import Claim, Document, Event, Finding, Ledger
from ..report import (
    Entry,
    EventTable,
    Evidence,
    LedgerIndex,
    anchor,
    event_title,
    evidence,
    format_value,
    row_label,
    safe_url,
    side_by_side,
    side_of,
    slot_label,
)
from ..sources import SIDES
from ..store import source_key as store_source_key

UNKNOWN = "unknown"


def help_field(help: str, **kwargs: Any) -> Any:
    return field(metadata={"help": help}, **kwargs)


def side_class(side: str | None) -> str:
    """The CSS class that colours a side (``palette.css_class``): one fixed colour per side."""
    return palette.css_class(side)


def part(value: str) -> str:
    """A value made safe as one path segment of a URL."""
    return quote(str(value), safe="")


def event_url(event_id: str) -> str:
    return f"/events/{part(event_id)}"


def document_url(doc_id: str) -> str:
    return f"/documents/{part(doc_id)}"


def source_url(key: str) -> str:
    return f"/sources/{part(key)}"


def document_of(data: dict[str, Any]) -> Document:
    """A ``Document`` from its JSON, ignoring keys the dataclass does not have."""
    names = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in data.items() if k in names})


def source_key(source: dict[str, Any]) -> str | None:
    """The key of a claim's source in the store: its registry id, else its name."""
    return source.get("key") or source.get("id") or source.get("name") or None


# --- the events page ------------------------------------------------------------


@dataclass
class SideSources:
    side: str = help_field("The side, or 'unknown'.")
    css: str = help_field("The CSS class of its colour.")
    labels: list[str] = help_field("The sources of that side that speak of the event.")


@dataclass
class EventRow:
    id: str = help_field("The event id.")
    url: str = help_field("The event page.")
    title: str = help_field("The event's title, or one made of type, target, place and date.")
    date: str | None = help_field("First day (ISO).")
    date_end: str | None = help_field("Last day, when reports span several.")
    place: str | None = help_field("The place as the reports name it most often.")
    type: str = help_field("The kind of event (attack, ...).")
    sides: list[SideSources] = help_field("Sources involved, by side.")
    contested: bool = help_field("True when a contradiction finding is about this event.")
    claims: int = help_field("How many claims are about it.")
    documents: int = help_field("How many documents speak of it.")


def event_row(item: dict[str, Any]) -> EventRow:
    event = Event.from_json({k: v for k, v in item.items() if k in EVENT_FIELDS})
    sides = [SideSources(side=side or UNKNOWN, css=side_class(side), labels=list(labels))
             for side, labels in sorted(event.sources.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0]))]
    return EventRow(id=event.id, url=event_url(event.id), title=event_title(event), date=event.date,
                    date_end=event.date_end, place=event.place, type=event.type, sides=sides,
                    contested=bool(item.get("contested")), claims=len(event.claims),
                    documents=len(event.documents))


EVENT_FIELDS = {f.name for f in fields(Event)}


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class Pagination:
    total: int = help_field("Items matching the filters.")
    limit: int = help_field("Items per page.")
    offset: int = help_field("Items skipped.")
    first: int = help_field("Number of the first item shown (1-based), 0 if none.")
    last: int = help_field("Number of the last item shown.")
    previous: str | None = help_field("URL of the previous page.")
    next: str | None = help_field("URL of the next page.")


def pagination(path: str, params: dict[str, Any], *, total: int, limit: int, offset: int,
               shown: int) -> Pagination:
    def at(new_offset: int) -> str:
        return page_url(path, {**params, "offset": new_offset or None})

    return Pagination(
        total=total, limit=limit, offset=offset,
        first=offset + 1 if shown else 0, last=offset + shown,
        previous=at(max(0, offset - limit)) if offset > 0 else None,
        next=at(offset + limit) if offset + limit < total else None)


def page_url(path: str, params: dict[str, Any]) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "", False)])
    return f"{path}?{query}" if query else path


@dataclass
class SortColumn:
    name: str = help_field("The column.")
    label: str = help_field("Its header.")
    url: str | None = help_field("The URL that sorts by it (reversed if already sorted by it); None if not sortable.")
    direction: str | None = help_field("'ascending' or 'descending' when the table is sorted by it.")


@dataclass
class FacetLink:
    label: str = help_field("The value as shown ('(none)' for rows without one).")
    count: int = help_field("How many of the listed rows have it.")
    url: str | None = help_field("The list filtered by it, or without it when it is selected; None if it cannot be.")
    selected: bool = help_field("True when the list is filtered by it.")


@dataclass
class FacetView:
    name: str = help_field("The facet (a filter's name).")
    title: str = help_field("Its heading.")
    values: list[FacetLink] = help_field("Its values, most frequent first.")
    truncated: bool = help_field("True when it has more values than are shown.")


@dataclass
class FilterChip:
    label: str = help_field("The filter's name.")
    value: str = help_field("Its value.")
    remove: str = help_field("The list without this filter.")


@dataclass
class Downloads:
    csv: str = help_field("Every listed row (all pages) as CSV.")
    json: str = help_field("Every listed row (all pages) as one JSON object, streamed.")
    count: int = help_field("How many rows they hold.")
    noun: str = help_field("What one row is (event, claim ...).")


def facet_views(path: str, chosen: Any, counts: dict[str, Any], keep: dict[str, Any]) -> list[FacetView]:
    """Datasette's facets: each value with its count, a link that filters by it, and
    for a selected value a link that removes it. ``keep``: parameters links keep
    (the events' sort)."""
    views = []
    for spec in chosen.listing.facets:
        facet = counts[spec.name]
        links = []
        for value in facet.values:
            parameters = spec.parameters(value.value)
            label = "(none)" if value.value is None else spec.show(value.label)
            if parameters is None:
                links.append(FacetLink(label=label, count=value.count, url=None, selected=False))
                continue
            selected = all(chosen.values.get(k) == v for k, v in parameters.items())
            changed = chosen.with_values(**({k: None for k in parameters} if selected else parameters))
            links.append(FacetLink(label=label, count=value.count, selected=selected,
                                   url=page_url(path, {**changed.params(), **keep})))
        if links:
            views.append(FacetView(name=spec.name, title=spec.title, values=links, truncated=facet.truncated))
    return views


def filter_chips(path: str, chosen: Any, keep: dict[str, Any]) -> list[FilterChip]:
    """One chip per filter given, each with the link that removes it."""
    return [FilterChip(label=f.label, value=chosen.values[f.name],
                       remove=page_url(path, {**chosen.with_values(**{f.name: None}).params(), **keep}))
            for f in chosen.listing.filters if f.name in chosen.values]


def downloads(chosen: Any, total: int) -> Downloads:
    name = chosen.listing.name
    params = {**chosen.params(), **chosen.order_params()}
    return Downloads(csv=page_url(f"/{name}.csv", params), json=page_url(f"/{name}.json", {**params, "_stream": "on"}),
                     count=total, noun=chosen.listing.noun)


@dataclass
class EventsContext:
    rows: list[EventRow] = help_field("The events of this page.")
    filters: dict[str, Any] = help_field("The filters as given (GET parameters).")
    columns: list[SortColumn] = help_field("The table's columns, with their sort links.")
    pagination: Pagination = help_field("Where this page is in the list.")
    sides: list[str] = help_field("Sides to filter by.")
    json_url: str = help_field("This page's JSON twin.")
    active: bool = help_field("True when any filter is set.")
    facets: list[FacetView] = help_field("Counts of the listed events per region, month, side, source ...")
    chips: list[FilterChip] = help_field("The filters given, each removable.")
    downloads: Downloads = help_field("The listed events as CSV and JSON.")
    map: Any = help_field("The selected events on a map, with its table twin (MapView), or None.", default=None)
    counts_url: str = help_field("The counts chart over the same events.", default="/counts")


# (column, header, the sort key of Store.events or None)
EVENT_COLUMNS = (("date", "Date", "date"), ("title", "Event", None), ("place", "Place", "place"),
                 ("type", "Type", None), ("sides", "Sides and sources", None),
                 ("claims", "Claims", "claims"), ("contested", "Contradicted", None))


def events_context(page: Any, chosen: Any, counts: dict[str, Any], *,
                   marks: tuple[list[Any], int] | None = None) -> EventsContext:
    """The events page from a page of ``Store.events``, the selection that read it and
    the facet counts of the selection."""
    filters, sort, order = chosen.params(), chosen.sort, chosen.order
    params = {**filters, **chosen.order_params()}
    columns = []
    for name, label, key in EVENT_COLUMNS:
        direction = None
        url = None
        if key is not None:
            if key == sort:
                direction = "descending" if order == "desc" else "ascending"
                flipped = "asc" if order == "desc" else "desc"
            else:
                flipped = "asc" if key == "place" else "desc"
            url = page_url("/", {**filters, "sort": key, "order": flipped})
        columns.append(SortColumn(name=name, label=label, url=url, direction=direction))
    return EventsContext(
        rows=[event_row(item) for item in page.items],
        filters=filters, columns=columns,
        pagination=pagination("/", params, total=page.total, limit=page.limit, offset=page.offset,
                              shown=len(page.items)),
        sides=[s for s in SIDES if s != UNKNOWN] + [UNKNOWN],
        json_url=page_url("/events.json", {**params, "offset": page.offset or None}),
        active=chosen.active,
        facets=facet_views("/", chosen, counts, chosen.order_params()),
        chips=filter_chips("/", chosen, chosen.order_params()),
        downloads=downloads(chosen, page.total),
        map=map_view(marks[0], marks[1], label=f"Map of the {marks[1]} selected event{'' if marks[1] == 1 else 's'}")
        if marks is not None else None,
        counts_url=page_url("/counts", filters))


# --- the list pages: sources, documents, claims, findings ------------------------------------


@dataclass
class SourceRow:
    key: str
    url: str
    label: str
    side: str
    css: str
    kind: str | None
    claims: int


@dataclass
class DocumentRow:
    id: str
    url: str
    title: str | None
    publisher: str | None
    published: str | None
    lang: str | None
    link: str | None  # its http(s) address, if safe
    skipped: str | None = None  # why it was not analysed ("off-topic")


@dataclass
class FindingRow:
    finding: Finding
    event_url: str
    css: str


def source_list_row(item: dict[str, Any]) -> SourceRow:
    key = source_key(item) or ""
    return SourceRow(key=key, url=source_url(key), label=item.get("label") or item.get("name") or key,
                     side=item.get("side") or UNKNOWN, css=side_class(item.get("side")), kind=item.get("kind"),
                     claims=item.get("claims", 0))


def document_list_row(item: dict[str, Any]) -> DocumentRow:
    return DocumentRow(id=item["id"], url=document_url(item["id"]), title=item.get("title"),
                       publisher=item.get("publisher"), published=item.get("published"), lang=item.get("lang"),
                       link=safe_url(item.get("url")), skipped=item.get("skipped"))


def claim_list_row(item: dict[str, Any]) -> ClaimRow:
    return claim_row(Claim.from_json({k: v for k, v in item.items() if k in CLAIM_FIELDS}), None, None)


def finding_list_row(item: dict[str, Any]) -> FindingRow:
    finding = Finding.from_json({k: v for k, v in item.items() if k in FINDING_FIELDS})
    # a finding review took away (``Store.reviewed_finding_items``) is listed, struck through
    return FindingRow(finding=finding, event_url=event_url(finding.event),
                      css=f"kind-{finding.kind}" + (" withdrawn" if item.get("withdrawn") else ""))


# listing name -> the row a list page shows for one item
LIST_ROWS = {"claims": claim_list_row, "sources": source_list_row, "documents": document_list_row,
             "findings": finding_list_row}


@dataclass
class ListContext:
    name: str = help_field("The listing: claims, sources, documents or findings.")
    title: str = help_field("The page's heading.")
    noun: str = help_field("What one row is.")
    path: str = help_field("The page's address, without filters.")
    rows: list[Any] = help_field("The rows of this page (ClaimRow, SourceRow, DocumentRow or FindingRow).")
    filters: dict[str, Any] = help_field("The filters as given (GET parameters).")
    facets: list[FacetView] = help_field("Counts of the listed rows per value of each facet.")
    chips: list[FilterChip] = help_field("The filters given, each removable.")
    pagination: Pagination = help_field("Where this page is in the list.")
    downloads: Downloads = help_field("The listed rows as CSV and JSON.")
    json_url: str = help_field("This page's JSON twin (the API's answer).")
    search: bool = help_field("True when the listing has a full-text search (q).")
    hidden: list[tuple[str, str]] = help_field("The other filters, which the search form keeps.")
    active: bool = help_field("True when any filter is set.")


def list_context(page: Any, chosen: Any, counts: dict[str, Any]) -> ListContext:
    listing = chosen.listing
    params = chosen.params()
    return ListContext(
        name=listing.name, title=listing.title, noun=listing.noun, path=listing.path,
        rows=[LIST_ROWS[listing.name](item) for item in page.items], filters=params,
        facets=facet_views(listing.path, chosen, counts, {}), chips=filter_chips(listing.path, chosen, {}),
        pagination=pagination(listing.path, params, total=page.total, limit=page.limit, offset=page.offset,
                              shown=len(page.items)),
        downloads=downloads(chosen, page.total),
        json_url=page_url(f"/{listing.name}.json", {**params, "offset": page.offset or None}),
        search=listing.filter("q") is not None,
        hidden=[(k, v) for k, v in chosen.values.items() if k != "q"],
        active=chosen.active)


# --- the event page -----------------------------------------------------------------


@dataclass
class EvidenceView:
    """One value of the side-by-side table and the sentence it comes from."""

    anchor: str = help_field("HTML id of the evidence block.")
    entry: Entry = help_field("The table entry (value, claim, stance, findings).")
    slot: str = help_field("The slot the value is for.")
    source: str = help_field("Who says it, as the row shows.")
    side: str = help_field("The source's side.")
    css: str = help_field("The side's CSS class.")
    claim: Claim = help_field("The claim.")
    document: Document | None = help_field("The claim's document.")
    document_url: str = help_field("The document page, at the claim.")
    evidence: Evidence = help_field("The sentence, cut around the claim and the fact's words.")
    words: str | None = help_field("The words that gave the value.")


@dataclass
class TimelineView:
    at: str | None
    source: str
    side: str
    css: str
    claim: str
    text: str
    later: bool
    anchor: str


@dataclass
class EventContext:
    event: Event = help_field("The event.")
    title: str = help_field("Its title.")
    table: EventTable = help_field("The side-by-side table (report.side_by_side).")
    css: dict[str | None, str] = help_field("CSS class of each side in the table.")
    evidence: dict[tuple[str, int], EvidenceView] = help_field("Evidence per (claim id, fact index).")
    findings: list[Finding] = help_field("The event's findings.")
    claim_labels: dict[str, str] = help_field("Who says each claim, by claim id.")
    timeline: list[TimelineView] = help_field("The claims in the order they were made.")
    documents: list[Document] = help_field("The documents that speak of the event.")
    json_url: str = help_field("This page's JSON twin.")
    source_urls: dict[str, str] = help_field("The source page of each table row, by row key.")
    map: Any = help_field("The event's mark and region on the map (MapView).", default=None)
    chart: Any = help_field("The timeline as a chart with its table twin (TimelineChart).", default=None)


def source_page_of(claim: Claim) -> str | None:
    """The page of a claim's source in the store (None for an unnamed publisher's voice)."""
    key = store_source_key(claim.source)
    return source_url(key) if key else None


def event_ledger(data: dict[str, Any]) -> tuple[Ledger, Event]:
    event = Event.from_json({k: v for k, v in data["event"].items() if k in EVENT_FIELDS})
    ledger = Ledger(
        documents=[document_of(d) for d in data.get("documents", [])],
        claims=[Claim.from_json({k: v for k, v in c.items() if k in CLAIM_FIELDS})
                for c in data.get("claims", [])],
        events=[event],
        findings=[Finding.from_json({k: v for k, v in f.items() if k in FINDING_FIELDS})
                  for f in data.get("findings", [])])
    return ledger, event


CLAIM_FIELDS = {f.name for f in fields(Claim)}
FINDING_FIELDS = {f.name for f in fields(Finding)}


def claim_anchor(claim_id: str, fact: int) -> str:
    return anchor("ev", f"{claim_id}-{fact}")


def event_context(data: dict[str, Any]) -> EventContext:
    ledger, event = event_ledger(data)
    index = LedgerIndex.of(ledger)
    table = side_by_side(ledger, event, index)
    views: dict[tuple[str, int], EvidenceView] = {}
    for row in table.rows:
        for cell in row.cells:
            for entry in cell.entries:
                claim = index.claims[entry.claim]
                document = index.documents.get(claim.doc)
                fact = claim.facts[entry.fact]
                views[(entry.claim, entry.fact)] = EvidenceView(
                    anchor=claim_anchor(entry.claim, entry.fact), entry=entry, slot=cell.slot,
                    source=row.label, side=row.side or UNKNOWN, css=side_class(row.side), claim=claim,
                    document=document,
                    document_url=f"{document_url(claim.doc)}#{anchor('claim', claim.id)}",
                    evidence=evidence(claim, document, fact), words=fact.evidence)
    labels = {c.id: row_label(c, index.documents.get(c.doc)) for c in ledger.claims}
    timeline = [TimelineView(at=t.at, source=t.source, side=side_of(t.side) or UNKNOWN,
                             css=side_class(t.side), claim=t.claim,
                             text=index.claims[t.claim].text if t.claim in index.claims else "",
                             later=t.later, anchor=anchor("claim", t.claim))
                for t in event.timeline]
    return EventContext(
        event=event, title=table.title, table=table,
        css={row.side: side_class(row.side) for row in table.rows},
        evidence=views, findings=ledger.findings, claim_labels=labels, timeline=timeline,
        documents=ledger.documents, json_url=f"{event_url(event.id)}.json",
        source_urls={row.key: url for row in table.rows
                     if (url := source_page_of(index.claims[row.claims[0]])) is not None},
        map=map_view([mark := event_map_mark(data)], 1, label=f"Where: {table.title}"
                     + (f", {mark.region}" if mark.region else ""), highlight=event.id),
        chart=timeline_chart(data, label=f"Who said what when: {table.title}"))


# --- the document page ------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A claim's span in a document's text, and where its highlight links."""

    start: int
    end: int
    claim: str
    href: str
    css: str
    title: str


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` with each mark's span wrapped in a link; every piece of text escaped.

    Overlapping spans are cut into segments; a segment belongs to the shortest
    span covering it. The first segment of each claim carries the claim's
    anchor (``claim-<id>``), so ``/documents/D#claim-C`` scrolls to it.
    """
    length = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= length]
    cuts = sorted({0, length, *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Markup] = []
    anchored: set[str] = set()
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        covering = [m for m in marks if m.start <= start and end <= m.end]
        if not covering:
            out.append(piece)
            continue
        mark = min(covering, key=lambda m: (m.end - m.start, m.start, m.claim))
        ident = ""
        if mark.claim not in anchored:
            anchored.add(mark.claim)
            ident = Markup(' id="{}"').format(anchor("claim", mark.claim))
        out.append(Markup('<a class="hl {}" href="{}" title="{}"{}>{}</a>').format(
            mark.css, mark.href, mark.title, ident, piece))
    return Markup("").join(out)


def spans_of(marks: list[Mark]) -> list[Mark]:
    return sorted(marks, key=lambda m: (m.start, -m.end))


@dataclass
class ClaimRow:
    claim: Claim
    source: str
    source_url: str | None
    side: str
    css: str
    event: str | None
    event_url: str | None
    document_url: str
    facts: list[str]


@dataclass
class DocumentContext:
    document: Document = help_field("The document.")
    url: str | None = help_field("Its http(s) link, if it has a safe one.")
    text: Markup = help_field("Its text, escaped, every claim highlighted and linked to its event.")
    claims: list[ClaimRow] = help_field("Its claims in text order.")
    events: list[EventRow] = help_field("The events it speaks of.")
    json_url: str = help_field("This page's JSON twin.")


def claim_events(events: list[dict[str, Any]]) -> dict[str, str]:
    """The event of each claim id, from events' ``claims`` lists."""
    found: dict[str, str] = {}
    for event in events:
        for cid in event.get("claims", []):
            found.setdefault(cid, event["id"])
    return found


def claim_row(claim: Claim, document: Document | None, event: str | None) -> ClaimRow:
    side = side_of(claim.source.side)
    return ClaimRow(
        claim=claim, source=row_label(claim, document), source_url=source_page_of(claim),
        side=side or UNKNOWN, css=side_class(side),
        event=event, event_url=event_url(event) if event else None,
        document_url=f"{document_url(claim.doc)}#{anchor('claim', claim.id)}",
        facts=[f"{slot_label(f.slot)} = {format_value(f)}" for f in claim.facts])


def document_context(data: dict[str, Any]) -> DocumentContext:
    document = document_of(data["document"])
    claims = [Claim.from_json({k: v for k, v in c.items() if k in CLAIM_FIELDS})
              for c in data.get("claims", [])]
    claims.sort(key=lambda c: (c.span[0], c.span[1], c.id))
    of_event = claim_events(data.get("events", []))
    rows = [claim_row(c, document, of_event.get(c.id)) for c in claims]
    marks = [Mark(start=c.span[0], end=c.span[1], claim=c.id,
                  href=row.event_url + f"#{anchor('claim', c.id)}" if row.event_url else f"#{anchor('row', c.id)}",
                  css=row.css, title=f"{row.source} · {c.stance}")
             for c, row in zip(claims, rows)]
    return DocumentContext(
        document=document, url=safe_url(document.url), text=highlight(document.text, marks),
        claims=rows, events=[event_row(e) for e in data.get("events", [])],
        json_url=f"{document_url(document.id)}.json")


# --- the source page -----------------------------------------------------------------------


@dataclass
class SourceContext:
    source: dict[str, Any] = help_field("The registry entry: key, id, name, label, kind, side, claims.")
    css: str = help_field("The side's CSS class.")
    claims: list[ClaimRow] = help_field("Its claims, oldest first.")
    revisions: list[Finding] = help_field("Revision findings about its claims.")
    claim_labels: dict[str, str] = help_field("How a finding names each claim of the source: when and what.")
    json_url: str = help_field("This page's JSON twin.")


def source_context(data: dict[str, Any]) -> SourceContext:
    source = data["source"]
    claims = [Claim.from_json({k: v for k, v in c.items() if k in CLAIM_FIELDS})
              for c in data.get("claims", [])]
    claims.sort(key=lambda c: (c.said_at or "", c.doc, c.span[0]))
    return SourceContext(
        source=source, css=side_class(source.get("side")),
        claims=[claim_row(c, None, None) for c in claims],
        claim_labels={c.id: f"{c.said_at or c.doc}: {c.text[:60]}{'…' if len(c.text) > 60 else ''}"
                      for c in claims},
        revisions=[Finding.from_json({k: v for k, v in f.items() if k in FINDING_FIELDS})
                   for f in data.get("revisions", [])],
        json_url=f"{source_url(source_key(source) or '')}.json")


# --- the claim page ----------------------------------------------------------------------------


def claim_url(claim_id: str) -> str:
    return f"/claims/{part(claim_id)}"


@dataclass
class FactView:
    slot: str = help_field("The slot.")
    value: str = help_field("The value as shown (with ≥ when it is a lower bound).")
    words: str | None = help_field("The words of the text that gave it.")
    evidence: Evidence = help_field("The claim's sentence with these words in bold.")
    confidence: float | None = help_field("How likely the value is right (the confidence model), or None.")
    scope: str | None = help_field("The part of a total this value is (a region, a weapon), or None.")


@dataclass
class ClaimContext:
    claim: Claim = help_field("The claim.")
    row: ClaimRow = help_field("Its source, side, event and document links.")
    document: Document = help_field("Its document.")
    evidence: Evidence = help_field("The claim's sentence, cut around its span.")
    facts: list[FactView] = help_field("Its facts, each with its words in the sentence.")
    events: list[EventRow] = help_field("The events it belongs to.")
    findings: list[Finding] = help_field("The findings it is part of.")
    json_url: str = help_field("This page's JSON twin.")


def claim_context(data: dict[str, Any]) -> ClaimContext:
    claim = Claim.from_json({k: v for k, v in data["claim"].items() if k in CLAIM_FIELDS})
    document = document_of(data["document"])
    events = [event_row(e) for e in data.get("events", [])]
    return ClaimContext(
        claim=claim, row=claim_row(claim, document, events[0].id if events else None), document=document,
        evidence=evidence(claim, document),
        facts=[FactView(slot=f.slot, value=format_value(f), words=f.evidence,
                        evidence=evidence(claim, document, f), confidence=f.confidence, scope=f.scope)
               for f in claim.facts],
        events=events,
        findings=[Finding.from_json({k: v for k, v in f.items() if k in FINDING_FIELDS})
                  for f in data.get("findings", [])],
        json_url=f"{claim_url(claim.id)}.json")


# --- the map and the charts -------------------------------------------------------------------


@dataclass
class MapView:
    svg: Markup = help_field("The map, an SVG drawn by geo_map.events_map (its texts escaped there).")
    rows: list[Any] = help_field("The table twin: the events on the map (MapMark), most claims first.")
    unplaced: list[Any] = help_field("The events without coordinates (not geocoded).")
    outside: list[Any] = help_field("The events whose place lies outside the map's box.")
    total: int = help_field("How many events were selected.")
    shown: int = help_field("How many of them the map and its table hold (at most queries.MAP_LIMIT).")


def map_view(marks: list[Any], total: int, *, label: str, highlight: str | None = None) -> MapView:
    from ..geo_map import events_map

    return MapView(svg=Markup(events_map(marks, label=label, highlight=highlight)),
                   rows=[m for m in marks if m.placed],
                   unplaced=[m for m in marks if m.latitude is None or m.longitude is None],
                   outside=[m for m in marks if not m.placed and m.latitude is not None and m.longitude is not None],
                   total=total, shown=len(marks))


@dataclass
class TimelineChart:
    svg: Markup = help_field("Who said what when: charts.timeline_svg.")
    rows: list[Any] = help_field("Its table twin (charts.TimelineRow), in time order.")


def timeline_chart(data: dict[str, Any], *, label: str) -> TimelineChart:
    from ..charts import revision_arrows, timeline_marks, timeline_svg, timeline_table

    ledger, event = event_ledger(data)
    marks = timeline_marks(ledger, event, href=lambda claim_id: f"#{anchor('tl', claim_id)}")
    arrows = revision_arrows(ledger.findings)
    return TimelineChart(svg=Markup(timeline_svg(marks, arrows, label=label)), rows=timeline_table(marks, arrows))


def event_map_mark(data: dict[str, Any]) -> Any:
    """The event's own mark: its place, its claims, whether a contradiction is about it."""
    from .queries import map_mark

    event = data["event"]
    location = event.get("location") or {}
    return map_mark({**event, "claims": len(event.get("claims") or []),
                     "contested": any(f.get("kind") == "contradiction" for f in data.get("findings", [])),
                     "latitude": location.get("latitude"), "longitude": location.get("longitude"),
                     "region": location.get("region")})


@dataclass
class CountsContext:
    svg: Markup = help_field("The chart: charts.counts_svg.")
    rows: list[Any] = help_field("Its table twin (charts.CountRow): a row per day with a figure.")
    sides: list[str] = help_field("The table's side columns.")
    slot: str = help_field("The slot charted (launched, intercepted, hit).")
    slots: list[Link] = help_field("The other slots, each a link keeping the filters.")
    filters: dict[str, Any] = help_field("The events page's filters as given.")
    chips: list[FilterChip] = help_field("The filters given, each removable.")
    csv_url: str = help_field("The table as CSV.")
    json_url: str = help_field("The table as JSON.")
    events_url: str = help_field("The events page with the same filters.")
    active: bool = help_field("True when any filter is set.")


def counts_context(series: Any, chosen: Any, *, path: str = "/counts") -> CountsContext:
    from ..charts import COUNT_SLOTS, counts_svg, counts_table

    filters = chosen.params()
    keep = {"slot": series.slot}
    return CountsContext(
        svg=Markup(counts_svg(series)), rows=counts_table(series), sides=list(series.sides), slot=series.slot,
        slots=[Link(label=s, url=page_url(path, {**filters, "slot": s}), current=s == series.slot)
               for s in COUNT_SLOTS],
        filters=filters, chips=filter_chips(path, chosen, keep),
        csv_url=page_url(f"{path}.csv", {**filters, **keep}), json_url=page_url(f"{path}.json", {**filters, **keep}),
        events_url=page_url("/", filters), active=chosen.active)
