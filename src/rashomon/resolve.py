"""Group claims into events: what real-world happening each report is about.

Requires: claims with their facts (``place``, ``target``, ``time``) and the
documents' publication dates.
Assigns: ``Event`` objects with their claims and documents.

A document's claims stay together; documents meet in one event when they name
the same place and their dates fall within ``Settings.event_window_days``.
Documents are blocked by place first, so the work grows with the number of
documents, not with its square. A document that names no place is an event
of its own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from .ledger import Claim, Document, Event
from .settings import DEFAULT_SETTINGS, Settings


@dataclass
class DocumentTopic:
    """What one document is about, as its claims say it."""

    document: Document
    claims: list[Claim]
    place: str | None
    target: str | None
    day: date | None
    places: frozenset[str] = frozenset()  # every place key the document names


def place_key(place: str | None) -> str | None:
    if not place:
        return None
    text = unicodedata.normalize("NFKD", place)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.replace("-", " ").split())


def most_common(values: list[str]) -> str | None:
    return Counter(values).most_common(1)[0][0] if values else None


def topic_of(document: Document, claims: list[Claim], named: list[str] = ()) -> DocumentTopic:
    facts = [f for c in claims for f in c.facts]
    places = [f.value for f in facts if f.slot == "place"]
    targets = [f.value for f in facts if f.slot == "target"]
    days = [f.value for f in facts if f.slot == "time" and f.resolved]
    day = _day(most_common(days)) or _day(document.published)
    keys = frozenset(filter(None, [*(place_key(place_of(p) or p) for p in [*places, *named]),
                                   *(place_key(place_of(t)) for t in targets),
                                   *(place_key(t) for t in targets)]))
    return DocumentTopic(document, claims, most_common(places), most_common(targets), day, keys)


def place_of(target: str) -> str | None:
    """The proper name a target is named after: "raffinerie de Novokouïbychevsk"."""
    names = [w for w in target.replace("'", " ").split() if w[:1].isupper()]
    return names[-1] if names else None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    return date.fromisoformat(value[:10])


def close_in_time(a: DocumentTopic, b: DocumentTopic, window: int) -> bool:
    if a.day is None or b.day is None:
        return True
    return abs((a.day - b.day).days) <= window


def resolve(documents: list[Document], claims: list[Claim], *,
            places: dict[str, list[str]] | None = None,
            settings: Settings = DEFAULT_SETTINGS) -> list[Event]:
    """Events with ids e1, e2, ... in the order their first document was read.

    ``places`` may give, per document id, every place the document names (from
    the parse), beyond the places of its claims' facts.
    """
    claims_of: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        claims_of[claim.doc].append(claim)
    places = places or {}
    topics = [topic_of(d, claims_of[d.id], places.get(d.id, [])) for d in documents if claims_of[d.id]]

    groups: list[list[DocumentTopic]] = []
    by_key: dict[str, list[list[DocumentTopic]]] = defaultdict(list)
    for topic in topics:
        main = main_key(topic)
        # a document joins an event that names its main place, or whose main place it
        # names, within the time window; places are the blocking keys
        candidates = [g for key in sorted(topic.places) for g in by_key[key]]
        home = next((g for g in candidates
                     if (main in g_places(g) or any(k in topic.places for k in g_mains(g))
                         or place_key(topic.target) in g_targets(g))
                     and all(close_in_time(topic, other, settings.event_window_days) for other in g)), None)
        if home is None:
            home = []
            groups.append(home)
        home.append(topic)
        for key in topic.places:
            if home not in by_key[key]:
                by_key[key].append(home)
    return [to_event(number, group) for number, group in enumerate(groups, 1)]


def g_places(group: list[DocumentTopic]) -> set[str]:
    return {key for topic in group for key in topic.places}


def main_key(topic: DocumentTopic) -> str | None:
    place = topic.place or topic.target or ""
    return place_key(place_of(place) or place)


def g_mains(group: list[DocumentTopic]) -> set[str]:
    return {main_key(t) for t in group} - {None}


def g_targets(group: list[DocumentTopic]) -> set[str]:
    return {place_key(t.target) for t in group if t.target}


def to_event(number: int, group: list[DocumentTopic]) -> Event:
    claims = [c for topic in group for c in topic.claims]
    place = most_common([t.place for t in group if t.place])
    target = most_common([t.target for t in group if t.target])
    days = sorted(t.day for t in group if t.day)
    when = days[0].isoformat() if days else None
    what = target or place or group[0].document.title or group[0].document.id
    return Event(
        id=f"e{number}",
        claims=[c.id for c in claims],
        documents=[t.document.id for t in group],
        type="attack",
        place=place,
        target=target,
        date=when,
        title=" — ".join(part for part in (what, when) if part),
    )
