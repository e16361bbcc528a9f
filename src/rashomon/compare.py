"""Compare the claims of each event, slot by slot: findings.

Requires: events from ``resolve`` and claims with facts from ``frame``.
Assigns: ``Finding`` objects, each naming its claims and sides, with a one-line
explanation a reader can check against the table.

- ``contradiction``: sources give incompatible values for one slot (3 hit / 0
  hit; damage / no damage). One finding per event and slot lists every claim
  on each side of the disagreement.
- ``corroboration``: independent sources give compatible values.
- ``revision``: a side (or a source of unknown side) later gives a value that
  replaces its earlier one, by the time of the statements or the report's own
  "later" marker.

Findings are computed over all the claims of an event, whatever document
they come from. A document that reprints another (``Document.duplicate_of``)
repeats its original's words: its statements are left out, so a reprint never
corroborates its original nor counts twice. Within an event, a speaker named
in fewer words ("Zimin", "the governor") is the speaker whose fuller name holds
those words ("Belgorod governor Andrei Zimin"), when only one such speaker
speaks and their sides agree.

Time order: statements said on different days (``Claim.said_at``) are in that
order; within a document, the "later" marker orders them; one source's
statements in reports published at different times of one day are in the
order of publication.

Compatibility: equal counts agree; a lower bound ("at least one") agrees with
any count not below it; ``some`` and ``significant`` damage agree with each
other and not with ``none``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

from .ledger import SCORED_SLOTS, Claim, Document, Event, Fact, Finding, Source

Independence = Callable[[Source, Source], bool]


@dataclass(frozen=True)
class Statement:
    """One claim's value for one slot, with who said it and when."""

    claim: Claim
    fact: Fact
    speaker: str = ""  # the source's key within the event (see speaker_keys)
    published: datetime | None = None  # when the claim's document was published

    @property
    def source_key(self) -> str:
        return self.speaker or own_key(self.claim.source)

    @property
    def side(self) -> str:
        return self.claim.source.side or f"source:{self.source_key}"


def value_class(fact: Fact):
    """What a value asserts, for grouping: damage of any level is one class."""
    if fact.slot == "damage":
        return "none" if fact.value == "none" else "damage"
    return fact.value


def compatible(a: Fact, b: Fact) -> bool:
    if a.at_least and b.at_least:
        return True  # any count above both bounds satisfies both
    if a.at_least or b.at_least:
        low, other = (a, b) if a.at_least else (b, a)
        return isinstance(other.value, int) and other.value >= low.value
    return value_class(a) == value_class(b)


def default_independent(a: Source, b: Source) -> bool:
    """Different sources, and not the same side and kind (used without a registry)."""
    if (a.id or a.name.lower()) == (b.id or b.name.lower()):
        return False
    if a.side and a.side == b.side and a.kind and a.kind == b.kind:
        return False
    return True


def own_key(source: Source) -> str:
    return source.id or " ".join(source.name.lower().split())


_NAME_WORD = re.compile(r"[^\W_]+")


def name_words(name: str) -> frozenset[str]:
    """A name's words in dictionary form, case and accents folded: 'Зимина' -> 'зимин'."""
    from .resolve import fold, word_forms

    return frozenset(word_forms(w)[-1] if len(word_forms(w)) > 1 else fold(w)
                     for w in _NAME_WORD.findall(name))


def speaker_keys(claims: Iterable[Claim]) -> dict[int, str]:
    """Per claim (by ``id()``), the key of its speaker within one event.

    A source without a registry id whose name's words all stand in the name of
    exactly one other speaker of the event (of the same side or of no known
    side) is that speaker: "Зимин" is "губернатор Белгородской области Андрей
    Зимин". Sources with ids keep them.
    """
    sources: dict[str, tuple[Source, frozenset[str]]] = {}
    for claim in claims:
        key = own_key(claim.source)
        if key and key not in sources:
            sources[key] = (claim.source, name_words(claim.source.name))
    merged: dict[str, str] = {}
    for key, (source, words) in sources.items():
        if source.id or not words:
            continue
        wider = [other for other, (o_source, o_words) in sources.items()
                 if other != key and words < o_words
                 and (not source.side or not o_source.side or source.side == o_source.side)]
        # the widest names: a speaker known by several nested names is one speaker
        widest = [k for k in wider if not any(sources[k][1] < sources[j][1] for j in wider)]
        if len(widest) == 1:
            merged[key] = widest[0]
    keys = {}
    for claim in claims:
        key = own_key(claim.source)
        while key in merged:
            key = merged[key]
        keys[id(claim)] = key
    return keys


def published_at(document: Document | None) -> datetime | None:
    if document is None or not document.published:
        return None
    try:
        moment = datetime.fromisoformat(document.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def statements(claims: Iterable[Claim], slot: str, documents: dict[str, Document] | None = None,
               speakers: dict[int, str] | None = None) -> list[Statement]:
    documents = documents or {}
    speakers = speakers or {}
    found = []
    for claim in claims:
        if not claim.attributed and not claim.source.name:
            continue  # a statement of an unknown publisher has no one to compare
        document = documents.get(claim.doc)
        if document is not None and document.duplicate_of:
            continue  # a reprint repeats its original: never a source of its own
        for fact in claim.facts:
            if fact.slot == slot:
                found.append(Statement(claim, fact, speakers.get(id(claim), ""), published_at(document)))
    return found


def groups(found: list[Statement]) -> list[list[Statement]]:
    """Statements grouped by what they assert; a lower bound joins a group it agrees with."""
    exact: dict = defaultdict(list)
    bounds = []
    for statement in found:
        if statement.fact.at_least:
            bounds.append(statement)
        else:
            exact[value_class(statement.fact)].append(statement)
    result = list(exact.values())
    for bound in bounds:
        home = next((g for g in result if compatible(bound.fact, g[0].fact)), None)
        if home is None:
            result.append([bound])
        else:
            home.append(bound)
    return result


def describe(group: list[Statement]) -> str:
    """ "HUR, Kiev: 3" — the sources of a group and what they say."""
    names = dict.fromkeys(statement.claim.source.name or "publisher" for statement in group)
    values = dict.fromkeys(format_fact(statement.fact) for statement in group)
    return f"{', '.join(names)}: {' / '.join(values)}"


def format_fact(fact: Fact) -> str:
    if isinstance(fact.value, bool):
        return "yes" if fact.value else "no"
    if fact.at_least:
        return f"at least {fact.value}"
    return str(fact.value)


def claim_ids(group: Iterable[Statement]) -> list[str]:
    return list(dict.fromkeys(statement.claim.id for statement in group))


def sides(group: Iterable[Statement]) -> list[str]:
    return sorted({s.claim.source.side or "unknown" for s in group})


def contradiction(event: Event, slot: str, value_groups: list[list[Statement]]) -> Finding | None:
    """Incompatible values from different sources; a side that only changed its own
    account over time has made a revision, not a contradiction.

    Whether two statements disagree depends only on who said them and when, so
    pairs are weighed once per distinct (source, side, time), not per claim: an
    event with thousands of claims from a few sources costs little.
    """
    if len(value_groups) < 2:
        return None
    profiles = [by_profile(group) for group in value_groups]
    # dicts, not sets: the claims of a finding keep text order whatever the hash seed
    involved_profiles: list[dict] = [{} for _ in value_groups]
    for i, mine in enumerate(profiles):
        for j in range(i + 1, len(profiles)):
            for a_key, a in mine.items():
                for b_key, b in profiles[j].items():
                    if disagree(a[0], b[0]):
                        involved_profiles[i][a_key] = True
                        involved_profiles[j][b_key] = True
    groups = [[s for key in profile if key in keys for s in profile[key]]
              for keys, profile in zip(involved_profiles, profiles)]
    involved = [s for group in groups for s in group]
    if not involved:
        return None
    ordered = sorted((g for g in groups if g), key=len, reverse=True)
    return Finding(id="", kind="contradiction", slot=slot, event=event.id, claims=claim_ids(involved),
                   explanation=f"{slot}: " + " — ".join(describe(g) for g in ordered),
                   sides=sides(involved))


def by_profile(group: list[Statement]) -> dict[tuple, list[Statement]]:
    """Statements by who said them and when: all that decides whether they disagree."""
    profiles: dict[tuple, list[Statement]] = defaultdict(list)
    for statement in group:
        profiles[(statement.source_key, statement.side, statement.claim.said_at, statement.published,
                  statement.claim.doc, statement.claim.later)].append(statement)
    return profiles


def disagree(a: Statement, b: Statement) -> bool:
    """Do two statements of incompatible values contradict each other?"""
    if a.source_key == b.source_key:
        return False
    if a.side == b.side and (is_before(a, b) or is_before(b, a)):
        return False  # one side, later: a revision
    return True


def corroborations(event: Event, slot: str, value_groups: list[list[Statement]],
                   independent: Independence) -> list[Finding]:
    findings = []
    for group in value_groups:
        first_of = {}
        for statement in group:
            first_of.setdefault(statement.source_key, statement)
        heads = list(first_of.values())
        if any(independent(a.claim.source, b.claim.source)
               for i, a in enumerate(heads) for b in heads[i + 1:]):
            findings.append(Finding(id="", kind="corroboration", slot=slot, event=event.id,
                                    claims=claim_ids(group),
                                    explanation=f"{slot}: {describe(group)} agree",
                                    sides=sides(group)))
    return findings


def statement_order(statement: Statement) -> tuple:
    """When a statement was made, as far as the reports tell."""
    claim = statement.claim
    published = statement.published.isoformat() if statement.published else ""
    return (claim.said_at or "", published, claim.later, claim.span[0])


def revisions(event: Event, slot: str, found: list[Statement]) -> list[Finding]:
    """A side's later statement that departs from what it said before."""
    findings = []
    by_side: dict[str, list[Statement]] = defaultdict(list)
    for statement in found:
        by_side[statement.side].append(statement)
    for side, said in by_side.items():
        said.sort(key=statement_order)
        times = {(s.claim.said_at, s.published, s.claim.later): s for s in said}  # one per moment
        for later in said:
            earlier_moments = [t for t in times.values() if is_before(t, later)]
            if not earlier_moments:
                continue
            earlier = [s for s in said if is_before(s, later) and not compatible(s.fact, later.fact)]
            if earlier:
                findings.append(Finding(
                    id="", kind="revision", slot=slot, event=event.id,
                    claims=claim_ids([*earlier, later]),
                    explanation=f"{slot}: {describe(earlier)}, later {describe([later])}",
                    sides=sides([*earlier, later])))
                break
    return findings


def is_before(a: Statement, b: Statement) -> bool:
    """Is a known to come before b: an earlier date; b marked as later in the same
    report; or, for one source, a report of the same day published earlier."""
    if a.claim.said_at and b.claim.said_at and a.claim.said_at != b.claim.said_at:
        return a.claim.said_at < b.claim.said_at
    if a.claim.doc == b.claim.doc or a.published is None or b.published is None \
            or a.published == b.published:
        return b.claim.later and not a.claim.later
    if a.source_key == b.source_key:
        return a.published < b.published
    return False


def compare_event(event: Event, claims: list[Claim], *,
                  independent: Independence = default_independent,
                  documents: dict[str, Document] | None = None) -> list[Finding]:
    findings = []
    speakers = speaker_keys(claims)
    for slot in SCORED_SLOTS:
        found = statements(claims, slot, documents, speakers)
        if not found:
            continue
        value_groups = groups(found)
        found_contradiction = contradiction(event, slot, value_groups)
        if found_contradiction is not None:
            findings.append(found_contradiction)
        findings += corroborations(event, slot, value_groups, independent)
        findings += revisions(event, slot, found)
    return findings


def compare(events: list[Event], claims: list[Claim], *,
            independent: Independence = default_independent,
            documents: Iterable[Document] = ()) -> list[Finding]:
    """Findings of every event, with ids f1, f2, ... in event order.

    ``documents`` gives the publication times that order statements across
    reports, and the reprints (``duplicate_of``) whose statements are left out.
    Each event's ``findings`` lists the ids of its findings.
    """
    by_id = {c.id: c for c in claims}
    index = {d.id: d for d in documents}
    findings, of_event = [], []
    for event in events:
        found = compare_event(event, [by_id[i] for i in event.claims if i in by_id],
                              independent=independent, documents=index)
        findings += found
        of_event.append(found)
    for number, finding in enumerate(findings, 1):
        finding.id = f"f{number}"
    for event, found in zip(events, of_event):
        event.findings = [f.id for f in found]
    return findings
