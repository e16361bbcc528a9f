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
those words ("Belgorod governor Andrei Zimin"), in any script or spelling, when
only one such speaker speaks and their sides agree; claims under a generic
registry id ("a source") are told apart by their words; a speaker left as a
bare pronoun is no one to compare. A speaker is judged as who their names stand
for (``identity``), never by whichever name came first: the governor under
three names is one governor, who corroborates no one by himself, and the same
claims in any order give the same findings.

One side's counts of what was launched or shot down are given over different
areas (a region, the whole front): they never contradict each other, and only
the one who gave a count revises it.

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
from functools import lru_cache
from typing import Callable, Iterable

from .ledger import SCORED_SLOTS, Claim, Document, Event, Fact, Finding, Source

Independence = Callable[[Source, Source], bool]
UNKNOWN_SIDE = "unknown"
# counts one side gives for different areas (a region, the whole front): a
# governor's 14 drones downed and the defence ministry's 43 do not contradict
SCOPED_SLOTS = ("launched", "intercepted")


@dataclass(frozen=True)
class Statement:
    """One claim's value for one slot, with who said it and when."""

    claim: Claim
    fact: Fact
    speaker: str = ""  # the source's key within the event (see speaker_keys)
    published: datetime | None = None  # when the claim's document was published
    # who the speaker is, whatever name this claim gave: the best identified of the
    # names the speaker goes by in the event (see speaker_keys)
    identity: Source | None = None

    @property
    def source_key(self) -> str:
        return self.speaker or own_key(self.claim.source)

    @property
    def speaker_side(self) -> str | None:
        """The side of the speaker it was merged into, if known."""
        return known_side(self.identity.side) if self.identity is not None else None

    @property
    def side(self) -> str:
        return known_side(self.speaker_side) or self.claim.source.side or f"source:{self.source_key}"

    @property
    def source(self) -> Source:
        """The speaker, as independence is judged: their identity, else the claim's source."""
        return self.identity or self.claim.source


def known_side(side: str | None) -> str | None:
    return side if side and side != UNKNOWN_SIDE else None


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
    if (a.id or a.who.lower()) == (b.id or b.who.lower()):
        return False
    if a.side and a.side == b.side and a.kind and a.kind == b.kind:
        return False
    return True


def own_key(source: Source, generic: frozenset[str] = frozenset()) -> str:
    """A source's key: its registry id, or its words when it has none or the id is
    a generic entry's ("a source", "local residents": many speakers, one id)."""
    if source.id and source.id not in generic:
        return source.id
    return " ".join(source.who.lower().split()) or (source.id or "")


_NAME_WORD = re.compile(r"[^\W_]+")
# a name's consonants, whatever the script and transliteration: Ладыгин, Ladygin and
# Ladyguine all read "ldgn"; Hnatenko and Gnatenko "gntnk"; Yaroshenko and Iarochenko "rcnk"
_SKELETON_STEPS = (("shch", "c"), ("tch", "c"), ("sh", "c"), ("ch", "c"), ("zh", "j"), ("kh", "x"),
                   ("h", "g"), ("gu", "g"), ("w", "v"))
_VOWELS = re.compile(r"[aeiouy]+")


def skeleton(word: str) -> str:
    from .resolve import default_gazetteer, fold

    latin = fold(word)
    if re.search(r"[\u0400-\u04ff]", latin):
        spellings = sorted(default_gazetteer().transliterate(word.lower()))
        latin = fold(spellings[-1]) if spellings else latin
    for old, new in _SKELETON_STEPS:
        latin = latin.replace(old, new)
    latin = _VOWELS.sub("", latin)
    latin = re.sub(r"(.)\1+", r"\1", latin)
    return latin[:-1] if len(latin) > 3 and latin.endswith("s") else latin


# the same names come back in every event of a block, each time a store re-links it
@lru_cache(maxsize=65_536)
def name_words(name: str, *, proper: bool = False) -> frozenset[str]:
    """The words of a name as ``speaker_keys`` compares them: abbreviations as they
    are ("ОВА"), other words by the consonant skeleton of their dictionary form
    (see ``skeleton``), short ones left out. ``proper``: only the capitalised
    words (a person's or a place's name), when the name has any."""
    from .resolve import fold, word_forms

    found = _NAME_WORD.findall(name)
    if proper and any(w[:1].isupper() for w in found):
        found = [w for w in found if w[:1].isupper()]
    words = set()
    for word in found:
        if len(word) >= 2 and word.isupper():
            words.add(fold(word))
            continue
        forms = word_forms(word)
        bone = skeleton(forms[1] if len(forms) > 1 else word)  # the dictionary form, if any
        if len(bone) >= 3:
            words.add(bone)
    return frozenset(words)


def identity(sources: Iterable[Source], generic: frozenset[str] = frozenset()) -> Source:
    """The one ``Source`` that stands for a speaker known by several: the best
    identified (a registry entry of its own, then a known side, then a known kind),
    then the first by id, side, kind and name. Whoever spoke first in the input
    does not decide who the speaker is."""
    return min(sources, key=lambda s: (not s.id or s.id in generic, known_side(s.side) is None,
                                       (s.kind or UNKNOWN_SIDE) == UNKNOWN_SIDE, s.id or "", s.side or "",
                                       s.kind or "", s.name or "", s.refers_to or ""))


def speaker_keys(claims: Iterable[Claim],
                 generic: frozenset[str] = frozenset()) -> dict[int, tuple[str, Source | None]]:
    """Per claim (by ``id()``), the key of its speaker within one event and who that
    speaker is (``identity``: one ``Source`` for every name they go by).

    A source of no known side whose name's words all stand in the name of
    exactly one other speaker of the event is that speaker, whatever the script
    or spelling: "Зимин", "the governor Viktor Ladygin" (a generic registry
    entry) and "Viktor Ladyguine" are "губернатор Белгородской области Андрей
    Зимин" when he speaks in the event. A source of a known side is merged only
    into a speaker of the same side or of none. Every decision depends on the
    set of names in the event, not on the order the claims come in.
    """
    claims = list(claims)
    named: dict[str, list[Source]] = defaultdict(list)
    every_word: dict[str, frozenset[str]] = defaultdict(frozenset)
    proper_words: dict[str, frozenset[str]] = defaultdict(frozenset)
    for claim in claims:
        key = own_key(claim.source, generic)
        if not key:
            continue
        named[key].append(claim.source)
        # every name a speaker goes by in the event: "chef de l'administration
        # régionale de Soumy" and "Sumy Oblast Governor Oleh Hnatenko" are one entry
        every_word[key] |= name_words(claim.source.who)
        proper_words[key] |= name_words(claim.source.who, proper=True)
    sources: dict[str, tuple[Source, frozenset[str], frozenset[str]]] = {
        key: (identity(found, generic), every_word[key], proper_words[key]) for key, found in named.items()}
    # which speakers' names hold each word: candidates come from there, not from all pairs
    holding: dict[str, set[str]] = defaultdict(set)
    for key, (_, words, _) in sources.items():
        for word in words:
            holding[word].add(key)
    merged: dict[str, str] = {}
    for key, (source, _, words) in sources.items():
        side = known_side(source.side)
        if source.id in generic:
            # "regional officials": what tells a generic speaker apart is the words its
            # entry ("officials") does not give; the regional authority of the event
            words -= name_words(source.id.replace("-", " "))
        if not words or (source.id and source.id not in generic and side):
            continue
        candidates = set.intersection(*(holding[w] for w in words)) - {key}
        # a fuller name, or the same name in another case form ("Повітряні сили",
        # "Повітряних силах"), which goes to the first of the two keys
        wider = [other for other in sorted(candidates)
                 if (words < sources[other][1]
                     or (sources[key][1] == sources[other][1] and (sources[other][0].id or other < key)))
                 and (not side or not known_side(sources[other][0].side) or side == sources[other][0].side)]
        # the widest names: a speaker known by several nested names is one speaker
        widest = [k for k in wider if not any(sources[k][1] < sources[j][1] for j in wider)]
        if len(widest) == 1:
            merged[key] = widest[0]
    keys = {}
    for claim in claims:
        key = own_key(claim.source, generic)
        seen = {key}
        while key in merged and merged[key] not in seen:
            key = merged[key]
            seen.add(key)
        keys[id(claim)] = (key, sources[key][0] if key in sources else None)
    return keys


def published_at(document: Document | None) -> datetime | None:
    if document is None or not document.published:
        return None
    try:
        moment = datetime.fromisoformat(document.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@lru_cache(maxsize=1)
def pronouns() -> frozenset[str]:
    """Every language's speaker pronouns ("il", "він"): a speaker the attribution
    could not resolve beyond one of them is no one to compare."""
    from .lang import known_languages, load_language

    return frozenset(p for code in known_languages() for p in load_language(code).speaker_pronouns)


def statements(claims: Iterable[Claim], slot: str, documents: dict[str, Document] | None = None,
               speakers: dict[int, tuple[str, Source | None]] | None = None) -> list[Statement]:
    documents = documents or {}
    speakers = speakers or {}
    found = []
    for claim in claims:
        if not claim.attributed and not claim.source.name:
            continue  # a statement of an unknown publisher has no one to compare
        if not claim.source.id and claim.source.who.lower() in pronouns():
            continue  # "він": a pronoun the attribution left unresolved
        document = documents.get(claim.doc)
        if document is not None and document.duplicate_of:
            continue  # a reprint repeats its original: never a source of its own
        speaker, who = speakers.get(id(claim), ("", None))
        for fact in claim.facts:
            if fact.slot == slot:
                found.append(Statement(claim, fact, speaker, published_at(document), who))
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
    """ "HUR, Kiev: 3" — the sources of a group (each by its one registry label, the
    words the text used when the registry does not know it) and what they say."""
    names = dict.fromkeys(statement.claim.source.label or statement.claim.source.who or "publisher"
                          for statement in group)
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
    return sorted({known_side(s.speaker_side) or s.claim.source.side or UNKNOWN_SIDE for s in group})


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
    if a.side == b.side and a.fact.slot in SCOPED_SLOTS:
        return False  # one side counting over different areas
    return True


def independent_speakers(a: list[Statement], b: list[Statement], independent: Independence,
                         generic: frozenset[str] = frozenset()) -> bool:
    """Can two speakers' statements (each speaker's, under one key) corroborate each
    other? Each speaker is who they are (``Statement.source``), whichever of their
    names a statement used: the governor under three names is one governor. Two
    speakers under one generic id ("a source", "джерело") are known only by the
    report that quotes them: in two reports they are two speakers, in one report
    the same."""
    first, second = a[0].source, b[0].source
    if first.id and first.id == second.id and first.id in generic:
        return any(x.claim.doc != y.claim.doc for x in a for y in b)
    return independent(first, second)


def corroborations(event: Event, slot: str, value_groups: list[list[Statement]],
                   independent: Independence, generic: frozenset[str] = frozenset()) -> list[Finding]:
    """Compatible values from at least two independent speakers."""
    findings = []
    for group in value_groups:
        by_speaker: dict[str, list[Statement]] = defaultdict(list)
        for statement in group:
            by_speaker[statement.source_key].append(statement)
        speakers = sorted(by_speaker)
        if any(independent_speakers(by_speaker[a], by_speaker[b], independent, generic)
               for i, a in enumerate(speakers) for b in speakers[i + 1:]):
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
        # one side's counts over different areas are not a revision of each other:
        # launched and intercepted counts are revised only by the one who gave them
        by_side[statement.source_key if slot in SCOPED_SLOTS else statement.side].append(statement)
    for side, said in by_side.items():
        if slot in SCOPED_SLOTS:
            # "31 missiles and 34 drones shot down": a statement of several counts for one
            # slot counts several things, and no single later count revises one of them
            said = [s for s in said if sum(f.slot == slot for f in s.claim.facts) == 1]
        said.sort(key=statement_order)
        times = {(s.claim.said_at, s.published, s.claim.later): s for s in said}  # one per moment
        # one finding per side: the whole chain of its changes (2, later 0, later 5),
        # not only the first of them
        steps: list[list[Statement]] = []
        for later in said:
            earlier_moments = [t for t in times.values() if is_before(t, later)]
            if not earlier_moments:
                continue
            if any(compatible(s.fact, later.fact) and is_before(s, later) for s in said):
                continue  # the side said so before: a repetition, or one of two figures
            earlier = [s for s in said if is_before(s, later) and not compatible(s.fact, later.fact)]
            if not earlier:
                continue
            if not steps:
                steps = [earlier, [later]]
            elif compatible(steps[-1][0].fact, later.fact):
                steps[-1].append(later)  # the last figure again, not yet another change
            else:
                steps.append([later])
        if steps:
            chain = [s for step in steps for s in step]
            findings.append(Finding(
                id="", kind="revision", slot=slot, event=event.id, claims=claim_ids(chain),
                explanation=f"{slot}: {describe(steps[0])}, "
                            + ", ".join(f"later {describe(step)}" for step in steps[1:]),
                sides=sides(chain)))
    return findings


def is_before(a: Statement, b: Statement) -> bool:
    """Is a known to come before b?

    - they were said (or, failing that, published) on different days;
    - in one report, b is marked as later;
    - one source, in reports published at different times: the earlier report.
    A report's publication time orders only one source's statements: two
    speakers of one side quoted in reports of different hours have not revised
    each other.
    """
    days = a.claim.said_at, b.claim.said_at
    if all(days) and days[0] != days[1]:
        return days[0] < days[1]
    if a.claim.doc == b.claim.doc or a.published is None or b.published is None \
            or a.published == b.published:
        return b.claim.later and not a.claim.later
    if a.source_key == b.source_key:
        return a.published < b.published
    return False


def compare_event(event: Event, claims: list[Claim], *,
                  independent: Independence = default_independent,
                  documents: dict[str, Document] | None = None,
                  generic: frozenset[str] = frozenset()) -> list[Finding]:
    findings = []
    speakers = speaker_keys(claims, generic)
    for slot in SCORED_SLOTS:
        found = statements(claims, slot, documents, speakers)
        if not found:
            continue
        value_groups = groups(found)
        found_contradiction = contradiction(event, slot, value_groups)
        if found_contradiction is not None:
            findings.append(found_contradiction)
        findings += corroborations(event, slot, value_groups, independent, generic)
        findings += revisions(event, slot, found)
    return findings


def compare(events: list[Event], claims: list[Claim], *,
            independent: Independence = default_independent,
            documents: Iterable[Document] = (),
            generic: Iterable[str] = ()) -> list[Finding]:
    """Findings of every event, with ids f1, f2, ... in event order.

    ``documents`` gives the publication times that order statements across
    reports, and the reprints (``duplicate_of``) whose statements are left out.
    ``generic`` names the source ids that stand for many speakers ("a source",
    "local residents"): such claims are told apart by their words.
    Each event's ``findings`` lists the ids of its findings.
    """
    by_id = {c.id: c for c in claims}
    index = {d.id: d for d in documents}
    findings, of_event = [], []
    generic = frozenset(generic)
    for event in events:
        found = compare_event(event, [by_id[i] for i in event.claims if i in by_id],
                              independent=independent, documents=index, generic=generic)
        findings += found
        of_event.append(found)
    for number, finding in enumerate(findings, 1):
        finding.id = f"f{number}"
    for event, found in zip(events, of_event):
        event.findings = [f.id for f in found]
    return findings
