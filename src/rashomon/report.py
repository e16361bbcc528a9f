"""Write a ledger out: JSON (the ledger itself), Markdown and one HTML page.

Every report is built from one model of an event, :class:`EventTable` (the
side-by-side table: a row per source, grouped by side; a column per slot; in
each cell the values the source's claims give). The Markdown and HTML reports
here and the terminal view in ``cli`` all render that one model, so they show
the same thing.

Before the events, both reports give an index (:class:`IndexRow`: date, place,
sides, whether the accounts contradict); each event's section holds its table,
its findings and its timeline (:func:`timeline_rows`: the claims in the order
they were made).

Everything that comes from documents (text, names, titles, URLs) is untrusted:
the HTML report is rendered by Jinja2 with autoescaping on, holds no script and
loads nothing from the network.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import palette
from .errors import Errors
from .ledger import (
    CONTEXT_SLOTS,
    COUNT_SLOTS,
    SCORED_SLOTS,
    Claim,
    Document,
    DocumentError,
    Event,
    Fact,
    Finding,
    Ledger,
    TimelineEntry,
)

SCHEMA_PATH = Path(__file__).parent / "schema" / "ledger.schema.json"
PUBLISHER_VOICE = "(publisher's voice)"
UNKNOWN_SIDE = "unknown"
NO_VALUE = "—"


# --------------------------------------------------------------------------
# schema


@lru_cache(maxsize=1)
def ledger_schema() -> dict[str, Any]:
    """The JSON Schema of the ledger (``schema/ledger.schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, validators

    # A tuple is written as a JSON array; check the data as it will be written.
    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "array", lambda _checker, instance: isinstance(instance, (list, tuple)))
    cls = validators.extend(Draft202012Validator, type_checker=checker)
    return cls(ledger_schema())


def _json_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def schema_problems(data: dict[str, Any] | Ledger) -> list[str]:
    """Every way ``data`` differs from the ledger schema, one line each; empty if none."""
    if isinstance(data, Ledger):
        data = data.to_json()
    errors = sorted(_validator().iter_errors(data), key=lambda e: (
        [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path],
        e.message))
    return [f"{_json_path(e.absolute_path)}: {e.message}" for e in errors]


def validate_ledger(data: dict[str, Any] | Ledger) -> None:
    """Raise ``ValueError`` (E031) listing every problem if ``data`` is not a valid ledger."""
    problems = schema_problems(data)
    if problems:
        detail = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}:\n" + "\n".join(
            f"  - {p}" for p in problems)
        raise ValueError(Errors.E031.format(detail=detail))


# --------------------------------------------------------------------------
# the side-by-side model


# a value the confidence model gives less than even odds is shown as uncertain
UNCERTAIN_BELOW = 0.5


def value_confidence(claim: Claim, fact: Fact) -> float | None:
    """How likely a value is right: its fact's confidence and, when someone else says
    it, its attribution's; the lower of the two (None without a model)."""
    found = [c for c in (fact.confidence, claim.confidence if claim.attributed else None) if c is not None]
    return min(found) if found else None


@dataclass(frozen=True)
class Entry:
    """One value one claim gives for one slot."""

    value: str  # as shown: format_value(fact)
    claim: str  # claim id
    stance: str  # assert / deny / acknowledge
    at_least: bool
    contested: bool = False  # a contradiction finding on this slot involves this claim
    findings: tuple[str, ...] = ()  # ids of every finding on this slot involving this claim
    raw: Any = None  # the fact's value as in the ledger
    fact: int = 0  # index of the fact in the claim's facts
    confidence: float | None = None  # value_confidence
    at: str | None = None  # the day the value was said (else published), YYYY-MM-DD

    @property
    def uncertain(self) -> bool:
        return self.confidence is not None and self.confidence < UNCERTAIN_BELOW


@dataclass(frozen=True)
class Step:
    """One value of a cell's chain, with the days it was said: a source that said 3
    twice has one step "3 (Nov 3, Nov 4)"; one that said 2, then 0, then 5 has three."""

    value: str
    entries: tuple[Entry, ...]

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.at for e in self.entries if e.at))

    @property
    def contested(self) -> bool:
        return any(e.contested for e in self.entries)

    @property
    def uncertain(self) -> bool:
        return all(e.uncertain for e in self.entries)


@dataclass(frozen=True)
class Cell:
    """What one source says about one slot: zero or more entries, in the order they
    were said."""

    slot: str
    entries: tuple[Entry, ...] = ()
    contested: bool = False  # any entry is contested

    @property
    def empty(self) -> bool:
        return not self.entries

    @property
    def dated(self) -> bool:
        """Several values: each is shown with the day it was said."""
        return len(self.entries) > 1

    @property
    def revisable(self) -> bool:
        """A scored slot: a source's new figure replaces the old one, and the values are
        a chain (2 → 0 → 5); a context slot's values are other wordings ("raffinerie",
        "raffinerie de Novozybkov"), listed."""
        return self.slot in SCORED_SLOTS

    def steps(self) -> tuple[Step, ...]:
        """The values in the order they were said, a value repeated in a row once
        (with each day it was said): the cell's revision chain."""
        steps: list[Step] = []
        for entry in self.entries:
            if steps and steps[-1].value == entry.value:
                steps[-1] = Step(entry.value, steps[-1].entries + (entry,))
            else:
                steps.append(Step(entry.value, (entry,)))
        return tuple(steps)

    def chain(self, *, show: Callable[[Step], str] | None = None) -> str:
        """The cell as text: "3"; "3 (3 Nov, 4 Nov)" for a value said twice; "2 (3 Nov)
        → 0 (4 Nov) → 5 (5 Nov)" for a source that changed its figure. ``show`` writes one step's value (markup, escaping); plain by default."""
        show = show or (lambda step: step.value)
        parts = []
        for step in self.steps():
            dates = f" ({', '.join(map(short_day, step.dates))})" if self.dated and step.dates else ""
            parts.append(show(step) + dates)
        return (" → " if self.revisable else "; ").join(parts)


@dataclass(frozen=True)
class Row:
    """One source of the event: the claims it makes, a cell per column."""

    key: str  # source.id, or its normalized name (see row_key)
    label: str  # the name shown
    side: str | None  # None when unknown
    kind: str | None
    claims: tuple[str, ...]  # ids of the claims in this row, in event order
    cells: tuple[Cell, ...]  # one per EventTable.columns, same order

    def cell(self, slot: str) -> Cell:
        return next(c for c in self.cells if c.slot == slot)


@dataclass(frozen=True)
class EventTable:
    """The side-by-side table of one event."""

    event: str  # event id
    title: str
    columns: tuple[str, ...]  # scored slots with a value, then context slots, then any others
    rows: tuple[Row, ...]  # grouped by side (sides sorted, unknown last), then in event order

    def sides(self) -> list[tuple[str | None, tuple[Row, ...]]]:
        """The rows, grouped by side, in table order."""
        groups: list[tuple[str | None, list[Row]]] = []
        for row in self.rows:
            if groups and groups[-1][0] == row.side:
                groups[-1][1].append(row)
            else:
                groups.append((row.side, [row]))
        return [(side, tuple(rows)) for side, rows in groups]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def normalize_name(name: str) -> str:
    """Case, accents and punctuation folded away: ``"Médias russes!"`` -> ``"medias russes"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def side_of(side: str | None) -> str | None:
    """A side, or None when it is missing, blank or 'unknown'."""
    if side is None or not side.strip() or side.strip().casefold() == UNKNOWN_SIDE:
        return None
    return side.strip()


def side_sort_key(side: str | None) -> tuple[int, str, str]:
    """Sides in a stable order: alphabetical, unknown last."""
    return (1, "", "") if side is None else (0, side.casefold(), side)


def row_key(claim: Claim, document: Document | None = None) -> str:
    """The row a claim belongs in: ``source.id``, else the normalized source name.

    A claim in the publisher's own voice (``attributed=False``) without a
    source id goes in the publisher's row; when the publisher is not known, in
    a row of its own per document (two unknown publishers are not one source).
    """
    if claim.source.id:
        return claim.source.id
    if claim.attributed:
        return normalize_name(claim.source.who) or claim.source.who
    publisher = document.publisher if document else None
    if publisher and normalize_name(publisher):
        return normalize_name(publisher)
    return f"{PUBLISHER_VOICE}#{claim.doc}"


def row_label(claim: Claim, document: Document | None = None) -> str:
    """The name a claim's row shows: the source, or for the publisher's voice the publisher."""
    if claim.attributed:
        return claim.source.label or claim.source.who
    publisher = document.publisher if document else None
    return claim.source.label or publisher or (claim.source.name if claim.source.id else None) \
        or PUBLISHER_VOICE


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(day: str) -> str:
    """"2025-03-08" as "8 Mar" (a cell is narrow; the event's dates give the year);
    anything else as it is."""
    match = re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", day or "")
    if not match or not 1 <= int(match.group(1)) <= 12:
        return day
    return f"{int(match.group(2))} {_MONTHS[int(match.group(1)) - 1]}"


def said_day(claim: Claim, document: Document | None) -> str | None:
    """The day a claim was said, else the day its report was published (YYYY-MM-DD)."""
    return claim.said_at or ((document.published or "")[:10] if document else "") or None


def said_key(claim: Claim, document: Document | None) -> tuple:
    """When a claim was made, as far as the reports tell (undated last): the day, the
    publication time, the text's "later" marker, the place in the text."""
    day = said_day(claim, document) or ""
    published = (document.published if document else None) or ""
    return (day == "", day, published, claim.later, claim.span[0])


def format_value(fact: Fact) -> str:
    """A fact's value as a table shows it: '3', '≥1', 'significant', 'yes'."""
    value = fact.value
    if value is None:
        return NO_VALUE
    if fact.slot == "production_disrupted" or isinstance(value, bool):
        return "yes" if value else "no"
    if fact.slot in COUNT_SLOTS and fact.at_least:
        return f"≥{value}"
    return str(value)


def slot_label(slot: str) -> str:
    return slot.replace("_", " ")


def event_title(event: Event) -> str:
    """The event's title, or one made of its type, target, place and date."""
    if event.title:
        return event.title
    parts = [event.type, event.target, event.place, event.date]
    return " · ".join(p for p in parts if p) or event.id


@dataclass(frozen=True)
class LedgerIndex:
    """Look-ups a report makes for every event, built once per ledger."""

    claims: dict[str, Claim]
    documents: dict[str, Document]
    findings: dict[str, list[Finding]]  # by event id, in ledger order

    @classmethod
    def of(cls, ledger: Ledger) -> "LedgerIndex":
        findings: dict[str, list[Finding]] = {}
        for finding in ledger.findings:
            findings.setdefault(finding.event, []).append(finding)
        return cls(ledger.claim_index(), ledger.document_index(), findings)


def event_findings(ledger: Ledger, event: Event, index: LedgerIndex | None = None) -> list[Finding]:
    """The findings about ``event``, in ledger order."""
    if index is not None:
        return list(index.findings.get(event.id, []))
    return [f for f in ledger.findings if f.event == event.id]


def event_claims(ledger: Ledger, event: Event, index: LedgerIndex | None = None) -> list[Claim]:
    """The claims of ``event`` in the event's order (ids not in the ledger are skipped)."""
    claims = index.claims if index is not None else ledger.claim_index()
    return [claims[cid] for cid in dict.fromkeys(event.claims) if cid in claims]


def side_by_side(ledger: Ledger, event: Event, index: LedgerIndex | None = None) -> EventTable:
    """The side-by-side table of ``event``: who says what on each slot.

    ``index`` (``LedgerIndex.of(ledger)``) saves rebuilding the look-ups when
    tabulating many events of one ledger.
    """
    index = index or LedgerIndex.of(ledger)
    documents = index.documents
    findings = event_findings(ledger, event, index)
    claims = [c for c in event_claims(ledger, event, index) if c.facts]

    present = {f.slot for c in claims for f in c.facts}
    columns = [s for s in SCORED_SLOTS if s in present]
    columns += [s for s in CONTEXT_SLOTS if s in present]
    columns += sorted(present - set(SCORED_SLOTS) - set(CONTEXT_SLOTS))

    # the findings on each (slot, claim), made once: looked up for every cell, a scan of
    # the event's findings and their claims made a big event's table quadratic
    on_claim: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        for claim_id in dict.fromkeys(finding.claims):
            on_claim.setdefault((finding.slot, claim_id), []).append(finding)

    # rows: one per source, in order of the source's first claim in the event
    order: dict[str, list[Claim]] = {}
    for claim in claims:
        order.setdefault(row_key(claim, documents.get(claim.doc)), []).append(claim)

    unknown_voices = [k for k in order if k.startswith(PUBLISHER_VOICE + "#")]
    rows: list[Row] = []
    for key, row_claims in order.items():
        first = row_claims[0]
        label = row_label(first, documents.get(first.doc))
        if key in unknown_voices and len(unknown_voices) > 1:
            label = f"{label} · {first.doc}"
        side = next((side_of(c.source.side) for c in row_claims if side_of(c.source.side)), None)
        kind = next((c.source.kind for c in row_claims if c.source.kind), None)
        cells = []
        said = sorted(row_claims, key=lambda c: said_key(c, documents.get(c.doc)))
        for slot in columns:
            entries = []
            for claim in said:
                on_slot = on_claim.get((slot, claim.id), [])
                contested = any(f.kind == "contradiction" for f in on_slot)
                for i, fact in enumerate(claim.facts):
                    if fact.slot != slot:
                        continue
                    entries.append(Entry(
                        value=format_value(fact), claim=claim.id, stance=claim.stance,
                        at_least=fact.at_least, contested=contested,
                        findings=tuple(f.id for f in on_slot), raw=fact.value, fact=i,
                        confidence=value_confidence(claim, fact),
                        at=said_day(claim, documents.get(claim.doc))))
            cells.append(Cell(slot=slot, entries=tuple(entries),
                              contested=any(e.contested for e in entries)))
        rows.append(Row(key=key, label=label, side=side, kind=kind,
                        claims=tuple(c.id for c in row_claims), cells=tuple(cells)))

    rows.sort(key=lambda r: side_sort_key(r.side))  # stable: event order within a side
    return EventTable(event=event.id, title=event_title(event), columns=tuple(columns),
                      rows=tuple(rows))


# --------------------------------------------------------------------------
# the index of events and each event's timeline


@dataclass(frozen=True)
class IndexRow:
    """One event in the index: when, where, who speaks, and whether they contradict."""

    event: str
    title: str
    date: str  # "2025-06-15", or "2025-06-15 – 2025-06-16"; "" when unknown
    place: str  # the geocoded place with its region and country, else the place named
    sides: tuple[tuple[str, tuple[str, ...]], ...]  # (side, source labels), unknown last
    contested: bool  # a contradiction finding on the event
    findings: int
    documents: int


def date_range(event: Event) -> str:
    if event.date and event.date_end and event.date_end != event.date:
        return f"{event.date} – {event.date_end}"
    return event.date or ""


def place_line(event: Event) -> str:
    """ "Sel’tso (Bryansk Oblast, RU)" — the geocoded place, else the place as named."""
    location = event.location
    if location is None:
        return event.place or ""
    where = ", ".join(p for p in (location.region, location.country) if p and p != location.name)
    return f"{location.name} ({where})" if where else location.name


def event_sides(event: Event, claims: list[Claim] | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The sources of an event by side (``Event.sources``, else from its claims), unknown last."""
    sources = event.sources
    if not sources and claims:
        gathered: dict[str, dict[str, None]] = {}
        for claim in claims:
            side = side_of(claim.source.side) or UNKNOWN_SIDE
            gathered.setdefault(side, {})[claim.source.label or claim.source.who or PUBLISHER_VOICE] = None
        sources = {side: list(names) for side, names in gathered.items()}
    ordered = sorted(sources.items(), key=lambda item: side_sort_key(side_of(item[0])))
    return tuple((side, tuple(names)) for side, names in ordered)


def event_index(ledger: Ledger, index: LedgerIndex | None = None) -> list[IndexRow]:
    """The index of the ledger's events, in ledger order."""
    index = index or LedgerIndex.of(ledger)
    rows = []
    for event in ledger.events:
        findings = event_findings(ledger, event, index)
        rows.append(IndexRow(
            event=event.id, title=event_title(event), date=date_range(event), place=place_line(event),
            sides=event_sides(event, event_claims(ledger, event, index)),
            contested=any(f.kind == "contradiction" for f in findings),
            findings=len(findings), documents=len(event.documents)))
    return rows


@dataclass(frozen=True)
class TimelineRow:
    """One claim of an event's timeline, with what a reader needs beside it."""

    claim: str
    at: str  # when it was said or published, "" when unknown
    source: str
    side: str | None  # None when unknown
    later: bool
    stance: str
    text: str  # the claim's content
    document: str
    values: tuple[str, ...]  # "damage = none", one per scored fact


def timeline_rows(ledger: Ledger, event: Event, index: LedgerIndex | None = None) -> list[TimelineRow]:
    """The claims of an event in the order they were made (``Event.timeline``; for a
    ledger without one, the claims in event order)."""
    index = index or LedgerIndex.of(ledger)
    entries = event.timeline or [TimelineEntry(claim=c.id, source=c.source.label or c.source.who,
                                               side=c.source.side, at=c.said_at, later=c.later)
                                 for c in event_claims(ledger, event, index)]
    rows = []
    for entry in entries:
        claim = index.claims.get(entry.claim)
        if claim is None:
            continue
        values = tuple(f"{slot_label(f.slot)} = {format_value(f)}" for f in claim.facts
                       if f.slot in SCORED_SLOTS)
        rows.append(TimelineRow(claim=claim.id, at=entry.at or "", source=entry.source,
                                side=side_of(entry.side), later=entry.later, stance=claim.stance,
                                text=claim.text, document=claim.doc, values=values))
    return rows


# --------------------------------------------------------------------------
# evidence: the sentence of a claim, with its content marked


@dataclass(frozen=True)
class Evidence:
    """A claim's sentence cut in pieces: ``before <mark>claim_before <fact> claim_after</mark> after``.

    ``fact`` is the part of the claim's content that gave a fact's value (empty
    when the fact has no span inside the claim). ``available`` is False when
    the document text is missing or the offsets do not fit it; then the
    claim's own ``text`` is given as ``claim_before``.
    """

    before: str
    claim_before: str
    fact: str
    claim_after: str
    after: str
    available: bool = True
    matches: bool = True  # the text at the claim's span is the claim's text

    @property
    def claim(self) -> str:
        return self.claim_before + self.fact + self.claim_after


def _clamp(span: Iterable[int] | None, length: int) -> tuple[int, int] | None:
    if not span:
        return None
    start, end = tuple(span)[:2]
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    start, end = max(0, min(start, length)), max(0, min(end, length))
    return (start, end) if start <= end else None


def evidence(claim: Claim, document: Document | None, fact: Fact | None = None) -> Evidence:
    """Slice the claim's sentence out of its document, marking the claim (and the fact) in it."""
    text = document.text if document else None
    span = _clamp(claim.span, len(text)) if text is not None else None
    if text is None or span is None or (span[0] == span[1] and claim.text):
        return Evidence("", claim.text, "", "", "", available=False, matches=False)
    matches = " ".join(text[span[0]:span[1]].split()) == " ".join(claim.text.split())
    sentence = _clamp(claim.sentence, len(text))
    if sentence is None or sentence[0] > span[0] or sentence[1] < span[1]:
        sentence = (min(span[0], sentence[0]) if sentence else span[0],
                    max(span[1], sentence[1]) if sentence else span[1])
    fspan = _clamp(fact.span, len(text)) if fact and fact.span else None
    if fspan is not None:
        fspan = (max(fspan[0], span[0]), min(fspan[1], span[1]))
        if fspan[0] >= fspan[1]:
            fspan = None
    if fspan is None:
        return Evidence(text[sentence[0]:span[0]], text[span[0]:span[1]], "", "",
                        text[span[1]:sentence[1]], matches=matches)
    return Evidence(text[sentence[0]:span[0]], text[span[0]:fspan[0]], text[fspan[0]:fspan[1]],
                    text[fspan[1]:span[1]], text[span[1]:sentence[1]], matches=matches)


# --------------------------------------------------------------------------
# formats


def render_json(ledger: Ledger) -> str:
    return json.dumps(ledger.to_json(), ensure_ascii=False, indent=2)


def json_chunks(ledger: Ledger) -> Iterator[str]:
    """``render_json`` piece by piece, each document, claim, event and finding turned to
    JSON as it is written: a big document's ledger is never whole in memory as JSON
    objects nor as text. (The encoder writes a list item by item; ``_AsJson`` hands it
    the items one at a time.)"""
    data = replace(ledger, documents=[], claims=[], events=[], findings=[]).to_json()
    for key in ("documents", "claims", "events", "findings"):
        data[key] = _AsJson(getattr(ledger, key))
    return json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data)


class _AsJson(list):
    """A list whose items become JSON (``to_json``) only as the encoder reads them."""

    def __init__(self, items: list) -> None:
        super().__init__()
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        return (item.to_json() for item in self.items)

    def __len__(self) -> int:
        return len(self.items)


_MD_SPECIAL = re.compile(r"([\\|`*_\[\]<>])")


def md_escape(text: str | None) -> str:
    """Text safe inside a Markdown table cell or line: specials escaped, one line."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(ledger: Ledger) -> str:
    skipped = off_topic(ledger)
    return " · ".join([
        _plural(len(ledger.documents), "document") + (f" ({skipped} off-topic, not analysed)" if skipped else ""),
        _plural(len(ledger.claims), "claim"),
        _plural(len(ledger.events), "event"), _plural(len(ledger.findings), "finding"),
        _plural(len(ledger.errors), "error")])


def off_topic(ledger: Ledger) -> int:
    """How many documents were skipped as about no strike (``topic``)."""
    return sum(1 for d in ledger.documents if d.skipped)


def _md_cell(cell: Cell) -> str:
    """A cell as Markdown: its values in the order said, each with its claims and, when
    there are several, the days they were said: "2 (c1 3 Nov) → 0 (c4 4 Nov)"."""
    parts = []
    for step in cell.steps():
        text = _md_value(step.entries[0], contested=step.contested, uncertain=step.uncertain)
        said = ", ".join(f"{md_escape(e.claim)} {short_day(e.at)}" if cell.dated and e.at
                         else md_escape(e.claim)
                         for e in step.entries)
        parts.append(f"{text} ({said})")
    return (" → " if cell.revisable else "; ").join(parts)


def _md_value(entry: Entry, *, contested: bool, uncertain: bool) -> str:
    text = md_escape(entry.value)
    if entry.stance != "assert":
        text += f" *{entry.stance}*"
    if contested:
        text += " ⚠"
    if uncertain and entry.confidence is not None:
        text += f" *uncertain, {entry.confidence:.2f}*"
    return text




def error_line(err: DocumentError) -> str:
    """One line for an error: its coded message, with the code, file and line if it lacks them."""
    if err.message.startswith(f"[{err.code}]"):
        return err.message
    where = err.path or ""
    if err.line is not None:
        where += f", line {err.line}" if where else f"line {err.line}"
    return f"[{err.code}] {where + ': ' if where else ''}{err.message}"


def _md_claim(claim: Claim, document: Document | None) -> str:
    source = claim.source.shown if claim.attributed else (
        f"{row_label(claim, document)} {PUBLISHER_VOICE}"
        if row_label(claim, document) != PUBLISHER_VOICE else PUBLISHER_VOICE)
    if side_of(claim.source.side):
        source += f" ({side_of(claim.source.side)})"
    cue = f" ({md_escape(claim.cue)})" if claim.cue else ""
    confidence = f" — confidence {claim.confidence:.2f}" if claim.confidence is not None else ""
    return (f"- **{md_escape(claim.id)}** {md_escape(source)} — {claim.stance}{cue} — "
            f"“{md_escape(claim.text)}” — {md_escape(claim.doc)} "
            f"[{claim.span[0]}:{claim.span[1]}]{confidence}")


def _md_finding(finding: Finding) -> str:
    claims = ", ".join(md_escape(c) for c in finding.claims)
    return (f"- **{finding.kind}** on *{md_escape(slot_label(finding.slot))}*: "
            f"{md_escape(finding.explanation)} ({claims})")


def _md_index_row(row: IndexRow) -> str:
    sides = "; ".join(f"{md_escape(side)}: {', '.join(md_escape(n) for n in names)}" for side, names in row.sides)
    parts = [f"**{md_escape(row.event)}**", md_escape(row.date) or NO_VALUE, md_escape(row.place) or NO_VALUE,
             md_escape(row.title)]
    mark = " — ⚠ accounts contradict" if row.contested else ""
    return (f"- {' · '.join(parts)} — {_plural(row.findings, 'finding')}, "
            f"{_plural(row.documents, 'document')}{mark}" + (f" — {sides}" if sides else ""))


def _md_timeline_row(row: TimelineRow) -> str:
    side = f" ({md_escape(row.side)})" if row.side else ""
    later = " *later*" if row.later else ""
    values = f" — {md_escape('; '.join(row.values))}" if row.values else ""
    return (f"- {md_escape(row.at) or NO_VALUE} — {md_escape(row.source)}{side}{later} — {row.stance} — "
            f"**{md_escape(row.claim)}** “{md_escape(row.text)}”{values}")


def render_markdown(ledger: Ledger) -> str:
    return "\n".join(markdown_lines(ledger))


def markdown_lines(ledger: Ledger) -> Iterator[str]:
    """The Markdown report line by line (``render_markdown`` joins them; ``write_report``
    writes them as they come)."""
    index = LedgerIndex.of(ledger)
    documents = index.documents
    yield from ["# rashomon report", "", summary_line(ledger), ""]
    if ledger.events:
        yield from ["## Events", ""] + [_md_index_row(row) for row in event_index(ledger, index)] + [""]
    in_events: set[str] = set()
    event_ids = {e.id for e in ledger.events}
    for event in ledger.events:
        table = side_by_side(ledger, event, index)
        yield from [f"## {md_escape(table.title)} ({md_escape(event.id)})", ""]
        meta = [f"{k}: {md_escape(v)}" for k, v in
                (("date", date_range(event)), ("place", event.place), ("location", place_line(event)
                                                                      if event.location else None),
                 ("target", event.target)) if v]
        meta.append("documents: " + ", ".join(md_escape(d) for d in event.documents))
        yield from ["; ".join(meta), ""]
        sides = event_sides(event, event_claims(ledger, event, index))
        if sides:
            yield from ["sources: " + "; ".join(f"{md_escape(side)}: {', '.join(md_escape(n) for n in names)}"
                                                for side, names in sides), ""]
        if table.rows:
            yield "| side | source | " + " | ".join(md_escape(slot_label(c)) for c in table.columns) + " |"
            yield "|---|---|" + "---|" * len(table.columns)
            for row in table.rows:
                cells = [_md_cell(cell) for cell in row.cells]
                yield (f"| {md_escape(row.side or UNKNOWN_SIDE)} | {md_escape(row.label)} | "
                       + " | ".join(cells) + " |")
            yield ""
            yield from ["⚠ marks a value in a contradiction; *deny*/*acknowledge* give the "
                        "claim's stance; ≥ a lower bound.", ""]
        else:
            yield from ["No claim of this event gives a fact.", ""]
        findings = event_findings(ledger, event, index)
        if findings:
            yield from ["### Findings", ""] + [_md_finding(f) for f in findings] + [""]
        timeline = timeline_rows(ledger, event, index)
        if timeline:
            yield from ["### Timeline", ""]
            yield from (_md_timeline_row(row) for row in timeline)
            yield ""
        claims = event_claims(ledger, event, index)
        in_events.update(c.id for c in claims)
        if claims:
            yield from ["### Claims", ""]
            yield from (_md_claim(c, documents.get(c.doc)) for c in claims)
            yield ""
    stray = [f for f in ledger.findings if f.event not in event_ids]
    if stray:
        yield from ["## Findings outside any event", ""] + [_md_finding(f) for f in stray] + [""]
    outside = [c for c in ledger.claims if c.id not in in_events]
    if outside:
        yield from ["## Claims outside any event", ""]
        yield from (_md_claim(c, documents.get(c.doc)) for c in outside)
        yield ""
    if ledger.errors:
        yield from ["## Errors", ""]
        yield from [f"- {md_escape(error_line(err))}" for err in ledger.errors] + [""]
    if ledger.warnings:
        yield from ["## Warnings", ""] + [f"- {md_escape(w)}" for w in ledger.warnings] + [""]


# --- HTML ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slot_label"] = slot_label
    env.filters["anchor"] = anchor
    env.filters["short_day"] = short_day
    env.filters["fact_value"] = format_value
    env.filters["error_line"] = error_line
    env.globals["UNKNOWN_SIDE"] = UNKNOWN_SIDE
    return env


def anchor(kind: str, ident: str) -> str:
    """An HTML id for an object: ``claim-c1``; characters outside [A-Za-z0-9_-] become '_'."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "_", ident)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link a reader may follow, else None (shown as text)."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


@dataclass(frozen=True)
class _ClaimView:
    claim: Claim
    source: str
    side: str | None
    side_class: str
    document: Document | None
    evidence: Evidence


def _side_classes(ledger: Ledger) -> dict[str | None, str]:
    """The CSS class of each side of the ledger: one fixed colour per side
    (``palette``), not one given in the order the sides appear."""
    sides = sorted({side_of(c.source.side) for c in ledger.claims}, key=side_sort_key)
    classes: dict[str | None, str] = {None: palette.css_class(None)}
    classes.update((side, palette.css_class(side)) for side in sides if side is not None)
    return classes


def html_context(ledger: Ledger) -> dict[str, Any]:
    """Everything the HTML template shows, computed here so the template only lays it out."""
    index = LedgerIndex.of(ledger)
    documents = index.documents
    side_class = _side_classes(ledger)
    views = {}
    for claim in ledger.claims:
        document = documents.get(claim.doc)
        side = side_of(claim.source.side)
        views[claim.id] = _ClaimView(
            claim=claim, source=claim.source.shown if claim.attributed else row_label(claim, document),
            side=side, side_class=side_class[side], document=document,
            evidence=evidence(claim, document))
    findings = {f.id: f for f in ledger.findings}
    events = []
    in_events: set[str] = set()
    for event in ledger.events:
        table = side_by_side(ledger, event, index)
        claims = event_claims(ledger, event, index)
        # a claim in two events is listed in both; its anchor is on the first
        listed = [(views[c.id], c.id not in in_events) for c in claims]
        in_events.update(c.id for c in claims)
        events.append({"event": event, "table": table,
                       "findings": event_findings(ledger, event, index), "claims": listed,
                       "place": place_line(event), "dates": date_range(event),
                       "sides": event_sides(event, claims),
                       "timeline": timeline_rows(ledger, event, index),
                       "chart": _timeline_chart(ledger, event, index)})

    def entry_fact(entry: Entry) -> Fact:
        return views[entry.claim].claim.facts[entry.fact]

    def entry_evidence(entry: Entry) -> Evidence:
        view = views[entry.claim]
        return evidence(view.claim, view.document, entry_fact(entry))

    def contradiction_note(entry: Entry) -> str:
        notes = [f"{findings[f].explanation} ({f})" for f in entry.findings
                 if f in findings and findings[f].kind == "contradiction"]
        return "Contradiction: " + " / ".join(notes) if notes else ""

    event_ids = {e.id for e in ledger.events}
    legend = [(side, cls) for side, cls in side_class.items() if side is not None]
    if any(side_of(c.source.side) is None for c in ledger.claims):
        legend.append((UNKNOWN_SIDE, side_class[None]))
    return {
        "summary": summary_line(ledger),
        "counts": {"documents": len(ledger.documents), "off_topic": off_topic(ledger), "claims": len(ledger.claims),
                   "events": len(ledger.events), "findings": len(ledger.findings),
                   "errors": len(ledger.errors)},
        "events": events,
        "index": event_index(ledger, index),
        "claims": views,
        "findings": findings,
        "side_class": side_class,
        "palette_css": palette.css(dark=True),
        "legend": legend,
        "entry_evidence": entry_evidence,
        "entry_fact": entry_fact,
        "contradiction_note": contradiction_note,
        "stray_findings": [f for f in ledger.findings if f.event not in event_ids],
        "outside": [(views[c.id], True) for c in ledger.claims if c.id not in in_events],
        "documents": [(d, safe_url(d.url)) for d in ledger.documents],
        "errors": ledger.errors,
        "warnings": ledger.warnings,
        "counts_charts": _counts_charts(ledger),
    }


def _timeline_chart(ledger: Ledger, event: Event, index: LedgerIndex) -> dict[str, Any] | None:
    """An event's timeline as an inline SVG and its table twin (``charts``), or None
    when no claim of it has a time."""
    from markupsafe import Markup

    from . import charts

    marks = charts.timeline_marks(ledger, event, index)
    if not any(m.at is not None for m in marks):
        return None
    arrows = charts.revision_arrows(index.findings.get(event.id, []))
    return {"svg": Markup(charts.timeline_svg(marks, arrows, label=f"Who said what when: {event_title(event)}")),
            "rows": charts.timeline_table(marks, arrows)}


def _counts_charts(ledger: Ledger) -> list[dict[str, Any]]:
    """Each side's counts per day over the whole ledger, one chart per slot that has figures."""
    from markupsafe import Markup

    from . import charts

    found = []
    for slot in charts.COUNT_SLOTS:
        figures, contradicted = charts.ledger_figures(ledger, slot)
        series = charts.daily_counts(figures, slot, contradicted)
        if not series.empty:
            found.append({"slot": slot, "svg": Markup(charts.counts_svg(series)), "sides": series.sides,
                          "rows": charts.counts_table(series)})
    return found


def render_html(ledger: Ledger) -> str:
    """One self-contained HTML page: no script, nothing loaded from the network."""
    return _environment().get_template("report.html").render(**html_context(ledger))


def html_chunks(ledger: Ledger) -> Iterator[str]:
    """``render_html`` piece by piece, as Jinja2 renders it."""
    return _environment().get_template("report.html").generate(**html_context(ledger))


REPORT_FORMATS: dict[str, Callable[[Ledger], str]] = {
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}

SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html"}


# each format's report as pieces of text that join into what REPORT_FORMATS gives:
# ``write_report`` writes them as they come, so that a report is never whole in memory
# (the HTML page of a 5 MB document took 850 MB to render at once)
REPORT_CHUNKS: dict[str, Callable[[Ledger], Iterable[str]]] = {
    "json": json_chunks,
    "markdown": lambda ledger: _lines_joined(markdown_lines(ledger)),
    "html": html_chunks,
}


def _lines_joined(lines: Iterable[str]) -> Iterator[str]:
    """``"\n".join(lines)``, a line at a time."""
    for number, line in enumerate(lines):
        yield f"\n{line}" if number else line


def render(ledger: Ledger, fmt: str) -> str:
    """The report of ``ledger`` in format ``fmt`` (a key of REPORT_FORMATS)."""
    return _format(fmt, REPORT_FORMATS)(ledger)


def _format(fmt: str, table: dict[str, Callable]) -> Callable:
    try:
        return table[fmt]
    except (KeyError, TypeError):
        raise ValueError(Errors.E030.format(
            name=fmt, known=", ".join(sorted(REPORT_FORMATS)))) from None


def format_for_path(path: str | Path) -> str:
    """The report format a file name asks for, by its suffix (E030 if none fits)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise ValueError(Errors.E030.format(
            name=suffix or str(path), known=", ".join(sorted(SUFFIX_FORMATS))))
    return SUFFIX_FORMATS[suffix]


def write_report(ledger: Ledger, fmt: str | None, path: str | Path) -> Path:
    """Render ``ledger`` as ``fmt`` (None: from the file's suffix) and write it to ``path``."""
    path = Path(path)
    chunks = _format(fmt if fmt is not None else format_for_path(path), REPORT_CHUNKS)(ledger)
    path.parent.mkdir(parents=True, exist_ok=True)
    last = ""
    with path.open("w", encoding="utf-8", newline="\n") as file:
        for chunk in chunks:
            if chunk:
                file.write(chunk)
                last = chunk
        if not last.endswith("\n"):
            file.write("\n")
    return path
