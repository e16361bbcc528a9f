"""Corrections: what analysts fix, applied to the machine's output when it is read.

A correction is data, never an edit: the store keeps the machine's claims, events
and findings as the last analysis wrote them, and keeps each correction as a row
(who, when, kind, target, the value before and after, a note). :func:`apply` reads a
ledger (or part of one) and the corrections, and gives the ledger as reviewed:

1. Each claim correction finds its claim by **document id, the sha256 of the
   document's text and the claim's character span**, never by the claim's row id,
   which a re-analysis renumbers: so re-ingesting a document, or analysing the
   store again with a newer rashomon, keeps it. A correction whose claim is no
   longer in the machine's output is *orphaned*: it stands on its own (it keeps
   what the claim was, ``target["claim"]``) and :func:`apply` lists it.
2. The kinds (:data:`CLAIM_KINDS`, one function each) set a claim's source,
   stance, content span, a fact's value, add a fact, judge the claim right or
   wrong (a wrong claim stays listed but is left out of the findings) or only note
   something. A corrected claim is marked ``reviewed`` with its corrections.
3. Event corrections (:data:`EVENT_KINDS`) name events by the keys of their
   claims too: merge two, split claims off into a new event (``r<correction>``),
   set the place and date range.
4. The findings of every event a correction touches are computed again with
   ``compare.compare_event``, as ``analyze`` computes them; a finding the machine
   had keeps its id.

The registry overlay (side, kind, owner, aliases set in the web app) is applied as
a ``--sources`` file is, by ``SourceRegistry.load(overlay=...)``: :func:`overlay_data`
turns the stored rows into that file's shape and :func:`resolve_sources` gives the
claims the overlay's entries.

Nothing here reads the store or a request: the store (``Store.reviewed_*``) and the
web app call these functions with what they read.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from . import compare
from .ledger import (
    CONTEXT_SLOTS,
    COUNT_SLOTS,
    DAMAGE_LEVELS,
    SCORED_SLOTS,
    Claim,
    Document,
    Event,
    Fact,
    Finding,
    Ledger,
    Source,
    Stance,
)
from .order import text_sha256

ClaimKey = tuple[str, str, int, int]  # document id, sha256 of its text, span start, span end
VERDICTS = ("right", "wrong")
STANCES = get_args(Stance)
SLOTS = (*SCORED_SLOTS, *CONTEXT_SLOTS)
REVIEWED_EVENT = "r"  # a split-off event's id: r<correction number>


@dataclass
class Correction:
    """One stored correction (a row of ``corrections``)."""

    id: int
    who: str
    at: str  # ISO 8601, UTC
    kind: str
    doc: str | None = None
    sha256: str | None = None
    span: tuple[int, int] | None = None
    slot: str | None = None
    target: dict[str, Any] = field(default_factory=dict)
    before: Any = None
    after: Any = None
    note: str | None = None
    status: str = "active"

    @property
    def key(self) -> ClaimKey | None:
        if self.doc is None or self.sha256 is None or self.span is None:
            return None
        return (self.doc, self.sha256, self.span[0], self.span[1])

    def summary(self) -> dict[str, Any]:
        """What a claim's or an event's history shows (the ledger's ``correction``)."""
        return {"id": self.id, "who": self.who, "at": self.at, "kind": self.kind, "slot": self.slot,
                "before": self.before, "after": self.after, "note": self.note}

    def to_json(self) -> dict[str, Any]:
        return {**self.summary(), "doc": self.doc, "sha256": self.sha256,
                "span": list(self.span) if self.span else None, "target": self.target, "status": self.status}


def key_of(claim: Claim, sha256: str) -> ClaimKey:
    return (claim.doc, sha256, claim.span[0], claim.span[1])


# --- values: what each slot and field takes -------------------------------------------


class ValueProblem(ValueError):
    """A value outside what a slot or field takes; the message says what it takes."""


def slot_value(slot: str, value: Any) -> Any:
    """``value`` as the slot ``slot`` holds it, or :class:`ValueProblem`."""
    if slot not in SLOTS:
        raise ValueProblem(f"'{slot}' is not a slot (one of {', '.join(SLOTS)})")
    if slot in COUNT_SLOTS:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueProblem(f"{slot} takes a whole number of 0 or more, not {value!r}")
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise ValueProblem(f"{slot} takes a whole number of 0 or more, not {value!r}")
        return int(text)
    if slot == "damage":
        if value not in DAMAGE_LEVELS:
            raise ValueProblem(f"damage takes one of {', '.join(DAMAGE_LEVELS)}, not {value!r}")
        return value
    if slot == "production_disrupted":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "false"):
            return str(value).lower() == "true"
        raise ValueProblem(f"production_disrupted takes true or false, not {value!r}")
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise ValueProblem(f"{slot} takes a text of 1 to 500 characters, not {value!r}")
    return value.strip()


def choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueProblem(f"{name} takes one of {', '.join(allowed)}, not {value!r}")
    return value


# --- claim corrections ------------------------------------------------------------------


def set_verdict(claim: Claim, correction: Correction, _text: str) -> None:
    claim.verdict = correction.after


def set_source(claim: Claim, correction: Correction, _text: str) -> None:
    after = correction.after or {}
    # a new name is whom the reviewer says speaks; without one, the words stay and so does whom they stand for
    claim.source = Source(name=after.get("name") or claim.source.name, id=after.get("id"),
                          kind=after.get("kind"), side=after.get("side"), label=after.get("label"),
                          refers_to=None if after.get("name") else claim.source.refers_to)


def set_stance(claim: Claim, correction: Correction, _text: str) -> None:
    claim.stance = correction.after


def set_span(claim: Claim, correction: Correction, text: str) -> None:
    start, end = correction.after
    claim.span = (start, end)
    claim.text = text[start:end]


def fact_of(slot: str, after: dict[str, Any]) -> Fact:
    return Fact(slot=slot, value=after["value"], at_least=bool(after.get("at_least")))


def set_fact(claim: Claim, correction: Correction, _text: str) -> None:
    """A fact's value (``after``: ``{"value": ..., "at_least": ...}``), or the fact
    removed (``after`` null); the other facts of the slot (scoped parts) stay."""
    kept = [f for f in claim.facts if not (f.slot == correction.slot and not f.scope)]
    if correction.after is not None:
        old = claim.fact(correction.slot)
        fact = fact_of(correction.slot, correction.after)
        if old is not None and not old.scope:
            fact.span, fact.evidence = old.span, old.evidence
        kept.append(fact)
    claim.facts = kept


def add_fact(claim: Claim, correction: Correction, _text: str) -> None:
    claim.facts = [f for f in claim.facts if not (f.slot == correction.slot and not f.scope)]
    claim.facts.append(fact_of(correction.slot, correction.after))


def only_noted(_claim: Claim, _correction: Correction, _text: str) -> None:
    """A note changes nothing; it is part of the claim's history."""


CLAIM_KINDS: dict[str, Callable[[Claim, Correction, str], None]] = {
    "verdict": set_verdict, "source": set_source, "stance": set_stance, "span": set_span,
    "fact": set_fact, "add_fact": add_fact, "note": only_noted,
}
EVENT_KINDS = ("merge", "split", "place")
SOURCE_KINDS = ("registry",)
KINDS = (*CLAIM_KINDS, *EVENT_KINDS, *SOURCE_KINDS)


# --- applying -------------------------------------------------------------------------------


@dataclass
class Reviewed:
    """A ledger as reviewed, and what :func:`apply` found on the way."""

    ledger: Ledger
    orphans: list[Correction] = field(default_factory=list)  # their claims are gone
    touched: set[str] = field(default_factory=set)  # the events whose findings were recomputed
    keys: dict[str, ClaimKey] = field(default_factory=dict)  # claim id -> its key


Judge = Callable[[Event, list[Claim], dict[str, Document]], list[Finding]]


def compare_judge(*, independent: Callable[[Source, Source], bool] = compare.default_independent,
                  generic: Iterable[str] = ()) -> Judge:
    """The findings of one event, as ``analyze`` computes them (``compare``)."""
    generic = frozenset(generic)

    def judge(event: Event, claims: list[Claim], documents: dict[str, Document]) -> list[Finding]:
        return compare.compare_event(event, claims, independent=independent, documents=documents,
                                     generic=generic)
    return judge


def apply(ledger: Ledger, corrections: Iterable[Correction], *, judge: Judge | None = None,
          complete: bool = True, always_judge: Iterable[str] = ()) -> Reviewed:
    """``ledger`` with ``corrections`` applied, oldest first; ``ledger`` is not changed.

    ``complete``: the ledger holds every current document, so a correction of a
    document it lacks is orphaned too (the store's whole ledger); otherwise (one
    event's part of it) such a correction is none of this ledger's business.
    ``always_judge``: events whose findings are computed again whatever the
    corrections (an event whose claims' sources the registry overlay changed).
    """
    judge = judge or compare_judge()
    corrections = sorted((c for c in corrections if c.status == "active"), key=lambda c: c.id)
    documents = {d.id: d for d in ledger.documents}
    sha = {d.id: text_sha256(d.text) for d in documents.values()}
    claims = list(ledger.claims)
    by_key = {key_of(c, sha[c.doc]): i for i, c in enumerate(claims) if c.doc in sha}
    events = [copy.copy(e) for e in ledger.events]
    answer = Reviewed(ledger=ledger)
    answer.keys = {claims[i].id: key for key, i in by_key.items()}
    copied: set[int] = set()
    touched_claims: set[str] = set()

    def claim_at(key: ClaimKey) -> Claim | None:
        index = by_key.get(key)
        if index is None:
            return None
        if index not in copied:
            claims[index] = copy.deepcopy(claims[index])
            copied.add(index)
        return claims[index]

    def ids_of(keys: Iterable[list[Any]]) -> set[str]:
        return {claims[by_key[tuple(k)]].id for k in keys if tuple(k) in by_key}

    def event_of(keys: Iterable[list[Any]]) -> Event | None:
        ids = ids_of(keys)
        return next((e for e in events if ids & set(e.claims)), None)

    for correction in corrections:
        if correction.kind in CLAIM_KINDS:
            if correction.doc not in sha and not complete:
                continue
            claim = claim_at(correction.key) if correction.key else None
            if claim is None:
                answer.orphans.append(correction)
                continue
            CLAIM_KINDS[correction.kind](claim, correction, documents[claim.doc].text)
            claim.reviewed = True
            claim.corrections.append(correction.summary())
            touched_claims.add(claim.id)
        elif correction.kind in EVENT_KINDS:
            found = event_of(correction.target.get("claims", []))
            if found is None:
                if complete:
                    answer.orphans.append(correction)
                continue
            changed = EVENT_CHANGES[correction.kind](found, correction, events, event_of, ids_of)
            for event in changed:
                event.reviewed = True
                event.corrections = [*event.corrections, correction.summary()]
                answer.touched.add(event.id)
    events = [e for e in events if e.claims]
    index = {c.id: c for c in claims}
    for event in events:
        if event.id in answer.touched:  # merged or split: the documents follow the claims
            event.documents = list(dict.fromkeys(index[c].doc for c in event.claims if c in index))
    for event in events:
        if touched_claims & set(event.claims) or event.id in set(always_judge):
            answer.touched.add(event.id)
    findings = refound(ledger.findings, events, index, documents, answer.touched, judge)
    answer.ledger = Ledger(documents=list(ledger.documents), claims=claims, events=events, findings=findings,
                           errors=list(ledger.errors), warnings=list(ledger.warnings))
    return answer


def merge(event: Event, correction: Correction, events: list[Event], event_of, ids_of) -> list[Event]:
    """The other event's claims and documents join this one; the other is gone."""
    other = event_of(correction.target.get("other", []))
    if other is None or other is event:
        return [event]
    event.claims = [*event.claims, *(c for c in other.claims if c not in event.claims)]
    event.documents = [*event.documents, *(d for d in other.documents if d not in event.documents)]
    if event.date and other.date:
        event.date_end = max(event.date_end or event.date, other.date_end or other.date)
        event.date = min(event.date, other.date)
    event.timeline = sorted([*event.timeline, *other.timeline], key=lambda t: (t.at is None, t.at or ""))
    event.sources = {side: list(dict.fromkeys([*event.sources.get(side, []), *other.sources.get(side, [])]))
                     for side in dict.fromkeys([*event.sources, *other.sources])}
    other.claims = []
    return [event]


def split(event: Event, correction: Correction, events: list[Event], event_of, ids_of) -> list[Event]:
    """The claims named leave their event for a new one, ``r<correction>``; the
    documents follow their claims."""
    named = ids_of(correction.target.get("claims", []))
    moved = [c for c in event.claims if c in named]
    if not moved or len(moved) == len(event.claims):
        return [event]
    new = Event(id=f"{REVIEWED_EVENT}{correction.id}", claims=moved, documents=[], type=event.type,
                place=event.place, target=event.target, date=event.date, date_end=event.date_end,
                title=event.title, location=event.location)
    event.claims = [c for c in event.claims if c not in moved]
    new.timeline = [t for t in event.timeline if t.claim in moved]
    event.timeline = [t for t in event.timeline if t.claim not in moved]
    events.append(new)
    return [event, new]


def set_place(event: Event, correction: Correction, _events: list[Event], _event_of, _ids_of) -> list[Event]:
    after = correction.after or {}
    if "place" in after and after["place"] != event.place:
        event.place = after["place"]
        event.location = None  # the gazetteer's place was the old name's
    if "date" in after:
        event.date = after["date"]
    if "date_end" in after:
        event.date_end = after["date_end"]
    return [event]


EVENT_CHANGES = {"merge": merge, "split": split, "place": set_place}


def refound(machine: list[Finding], events: list[Event], claims: dict[str, Claim],
            documents: dict[str, Document], touched: set[str], judge: Judge) -> list[Finding]:
    """The findings: the machine's for untouched events, computed again for the
    touched ones (without the claims judged wrong). A finding the machine had (same
    kind, slot and claims) keeps its id; a new one is ``<event>.<n>``."""
    known = {(f.kind, f.slot, tuple(f.claims)): f.id for f in machine}
    alive = {e.id for e in events}
    answer = [f for f in machine if f.event in alive and f.event not in touched]
    for event in events:
        if event.id not in touched:
            continue
        own = [claims[c] for c in event.claims if c in claims and claims[c].verdict != "wrong"]
        found = judge(event, own, documents)
        for number, finding in enumerate(found, 1):
            finding.event = event.id
            finding.id = known.get((finding.kind, finding.slot, tuple(finding.claims)), f"{event.id}.{number}")
        event.findings = [f.id for f in found]
        answer += found
    for event in events:
        if event.id not in touched:
            event.findings = [f for f in event.findings if any(g.id == f for g in answer)]
    return answer


# --- the registry overlay ---------------------------------------------------------------

OVERLAY_FIELDS = ("side", "kind", "owner", "name", "alias")


def overlay_data(rows: Iterable[tuple[str, str, str, str | None]], known: Callable[[str], bool]) -> dict[str, Any]:
    """The overlay's rows (source id, field, value, alias language), oldest first, as
    a ``--sources`` file's data: one entry per source, the last value of each field
    winning, aliases gathered. ``known(id)``: the registry has the entry (else the
    entry is new and needs its name, kind and side, which the rows give)."""
    entries: dict[str, dict[str, Any]] = {}
    for source_id, name, value, lang in rows:
        entry = entries.setdefault(source_id, {"id": source_id})
        if name == "alias":
            entry.setdefault("aliases", {}).setdefault(lang or "en", [])
            if value not in entry["aliases"][lang or "en"]:
                entry["aliases"][lang or "en"].append(value)
        else:
            entry[name] = value
    for source_id, entry in entries.items():
        if not known(source_id):
            entry.setdefault("name", source_id)
            entry.setdefault("kind", "unknown")
            entry.setdefault("side", "unknown")
    return {"sources": list(entries.values())}


def resolve_sources(claims: list[Claim], registry: Any, overlay_ids: set[str],
                    langs: dict[str, str | None]) -> set[str]:
    """Give the claims the overlay's entries: a claim of an entry the overlay changed
    takes its side, kind and label; a speaker the registry did not know, or knew
    under another entry, that an overlay alias now names takes that entry. Returns
    the ids of the claims changed (their events' findings are computed again)."""
    changed = set()
    for i, claim in enumerate(claims):
        if claim.reviewed and any(c["kind"] == "source" for c in claim.corrections):
            continue  # a person chose this claim's source
        entry = registry.get(claim.source.id) if claim.source.id in overlay_ids else None
        if entry is None and claim.source.who:
            found = registry.resolve(claim.source.who, lang=langs.get(claim.doc))
            entry = found.entry if found.entry is not None and found.entry.id in overlay_ids else None
        if entry is None:
            continue
        label = claim.source.label if entry.generic else entry.display_name()
        source = Source(name=claim.source.name, id=entry.id, kind=entry.kind, side=entry.side, label=label,
                        refers_to=claim.source.refers_to)
        if source != claim.source:
            claims[i] = copy.copy(claim)
            claims[i].source = source
            changed.add(claim.id)
    return changed


# --- cases for score.py ------------------------------------------------------------------


def source_names(claim: Claim) -> list[str]:
    return [n for n in dict.fromkeys([claim.source.name, claim.source.refers_to, claim.source.label,
                                      claim.source.id]) if n]


def case_of(ledger: Ledger, *, name: str, event_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The reviewed claims and facts of ``ledger`` (the events ``event_ids``, else all) as
    an evaluation case (``../shared/eval/README.md``): what the reviewers said is gold,
    and what the machine said of the claims no one reviewed is there as ``optional``
    (never missed, right when found). A claim judged wrong is no attribution and gives
    no facts. The findings are those of the events recomputed from the reviewed
    claims: optional unless every claim of the finding was reviewed."""
    chosen = set(event_ids) if event_ids is not None else {e.id for e in ledger.events}
    events = [e for e in ledger.events if e.id in chosen]
    index = ledger.claim_index()
    kept = [index[c] for e in events for c in e.claims if c in index and index[c].verdict != "wrong"]
    doc_ids = list(dict.fromkeys(c.doc for c in kept))
    documents = ledger.document_index()
    attributions, facts = [], []
    for claim in kept:
        optional = {} if claim.reviewed else {"optional": True}
        if claim.attributed:
            attributions.append({"doc": claim.doc, "source": source_names(claim), "stance": claim.stance,
                                 "contains": claim.text, **optional})
        for fact in claim.facts:
            if fact.slot in SCORED_SLOTS and not fact.scope:
                facts.append({"source": source_names(claim), "slot": fact.slot, "value": fact.value, **optional})
    findings = []
    for finding in ledger.findings:
        if finding.event not in chosen or len(finding.claims) < 2:
            continue
        first, second = (index[c] for c in finding.claims[:2])
        reviewed = all(index[c].reviewed for c in finding.claims if c in index)
        findings.append({"kind": finding.kind, "slot": finding.slot, "a": source_names(first),
                         "b": source_names(second), **({} if reviewed else {"optional": True})})
    return {
        "case": name,
        "documents": [{"id": d, "lang": documents[d].lang, "publisher": documents[d].publisher,
                       "published": documents[d].published, "text": documents[d].text} for d in doc_ids],
        "attributions": attributions, "facts": facts, "findings": findings,
        "events": [list(dict.fromkeys(index[c].doc for c in e.claims if c in index)) for e in events],
    }
