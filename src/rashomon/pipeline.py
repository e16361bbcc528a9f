"""The flow, end to end: paths in, a ``Ledger`` out.

read -> parse -> attribute -> frame -> resolve -> compare. Each stage is a
module with a plain function; this module only passes their results along,
records what failed for which document, and numbers the claims.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import chain, groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc

from . import attribute, compare, duplicates, frame, resolve
from .errors import Errors
from .attribute.confidence import ConfidenceModel, default_model
from .attribute.features import attribution_features, fact_features
from .lang import LanguageDataError, load_language
from .ledger import (
    COUNT_SLOTS,
    SCORED_SLOTS,
    Claim,
    Document,
    DocumentError,
    Event,
    Fact,
    Finding,
    Ledger,
    Source,
)
from .language_runs import confident_language
from .order import canonical, canonical_claims
from .parse import UnsupportedLanguage, document_lang, load_parser, lookahead, parse_pieces
from .pieces import give_back_memory, let_go
from .read import read_paths
from .settings import DEFAULT_SETTINGS, Settings
from .topic import OFF_TOPIC, about_a_strike, default_lexicon
from .sources import SourceRegistry, default_registry

Progress = Callable[[Document], None]
# runs the document-level stages elsewhere, as analyze_each does here
Executor = Callable[..., Iterable["DocumentResult | DocumentError"]]


@dataclass
class Analysis:
    """What the stages need besides the documents: settings and the source registry.

    Without a registry, the built-in one is used; ``SourceRegistry.load(extra=...)``
    gives one extended with a user's file.
    """

    settings: Settings = DEFAULT_SETTINGS
    registry: SourceRegistry | None = None
    # the confidence model (attribute.confidence); the one rashomon ships unless given,
    # None to score nothing
    confidence: ConfidenceModel | None = field(default_factory=default_model)
    # keep what the confidence model read of each claim and fact (``Claim.features``,
    # ``Fact.features``), for training it (eval/real/train.py); otherwise they are
    # dropped once read, as they take more memory than the rest of a claim
    keep_features: bool = False

    def __post_init__(self) -> None:
        if self.registry is None:
            self.registry = default_registry()

    @property
    def min_confidence(self) -> float:
        """What is reported: claims and facts at least this likely right (the
        settings' value, else the model's default threshold, else everything)."""
        if self.settings.min_confidence is not None:
            return self.settings.min_confidence
        return self.confidence.threshold if self.confidence is not None else 0.0


def analyze_paths(paths: Iterable[str | Path], *, analysis: Analysis | None = None,
                  progress: Progress | None = None, executor: Executor | None = None) -> Ledger:
    """Read files and folders and analyse every document in them."""
    analysis = analysis or Analysis()
    run = read_paths(paths, settings=analysis.settings)
    documents, errors = [], []
    for item in run:
        (errors if isinstance(item, DocumentError) else documents).append(item)
    ledger = analyze_documents(documents, analysis=analysis, progress=progress, executor=executor)
    ledger.errors = errors + ledger.errors
    ledger.warnings = run.warnings + ledger.warnings
    return ledger


def analyze_documents(documents: list[Document], *, analysis: Analysis | None = None,
                      progress: Progress | None = None, executor: Executor | None = None) -> Ledger:
    """Analyse documents into a ledger, in the canonical order of ``order``
    whatever the order given. The document-level stages run in this process, or on
    ``executor`` (``cluster.DaskExecutor``), which has ``analyze_each``'s
    signature and gives the results in input order; events, near-duplicates and
    findings are computed here (``link``)."""
    analysis = analysis or Analysis()
    # the canonical order (see ``order``), not the order given: the events, which copy
    # is the original and the claim numbers do not depend on arrival
    documents = canonical(documents)
    ledger = Ledger()
    places: dict[str, list[str]] = {}
    for result in (executor or analyze_each)(documents, analysis=analysis, progress=progress):
        if isinstance(result, DocumentError):
            ledger.errors.append(result)
            continue
        places[result.document.id] = result.places
        ledger.documents.append(result.document)
        ledger.claims += result.claims
    for number, claim in enumerate(ledger.claims, 1):
        claim.id = f"c{number}"
    ledger.events, ledger.findings = link(ledger.documents, ledger.claims, places=places, analysis=analysis)
    return ledger


# the publication date the first date expressions are read against in ``load_models``
WARM_UP_DATE = "2025-01-01T00:00:00+00:00"


def load_models(settings: Settings = DEFAULT_SETTINGS, *, linking: bool = True) -> dict[str, str]:
    """Load in this process, once, what the document-level stages read, so that the
    first document does not pay for it: each language's data and parser, and
    lingua's detector (``language_runs``), the gazetteer, and the topic words when
    the cheap path is on; with ``linking``, what finding the events and the
    near-duplicates reads too (``duplicates.load``). A Dask worker calls it before its
    first task (``cluster``), without ``linking``: the driver links.

    Everything loaded is kept by the loaders' own caches, so a run after it finds
    them loaded. Returns the languages that cannot be loaded, with the coded reason;
    their documents get that error in the run, as without this call.
    """
    unavailable: dict[str, str] = {}
    for code, spec in settings.models.items():
        try:
            lang = load_language(code)
            parser = load_parser(code, spec, max_quote_chars=settings.max_quote_chars)
        except (LanguageDataError, UnsupportedLanguage) as err:
            unavailable[code] = str(err)
            continue
        frame.frame_words(lang)
        # some words of the language: spaCy and natasha finish loading on their first
        # text, lingua loads a script's models on the first text written in it, and
        # dateparser a language's on its first date
        sample = " ".join(sorted(lang.cues)[:12]) + "."
        for _ in parser.pipe([(sample, None)], batch_size=1):
            pass
        confident_language(sample, settings)
        frame.resolve_date(sample, lang, WARM_UP_DATE)
    resolve.default_gazetteer()
    if linking:
        duplicates.load(settings)
    if settings.skip_off_topic:
        default_lexicon()
    return unavailable


@dataclass
class DocumentResult:
    """One document's analysis before events: its claims (ids not yet numbered),
    every place it names, and the places of the gazetteer those and its claims' facts
    are (``resolve.mentions``), for ``resolve``.

    The gazetteer's places are read here, with the document, rather than when the
    events are found: that is one process for all the documents, and it waited for
    the last batches' parse before reading 10 ms of places a document (0.5-0.7 s of
    50 English articles); here they are read by the process that has the document,
    a Dask worker's or this one's, while the parse goes on."""

    document: Document
    claims: list[Claim]
    places: list[str]
    mentions: tuple[tuple[resolve.Place, int, str], ...] = ()


def analyze_each(documents: Iterable[Document], *, analysis: Analysis,
                 progress: Progress | None = None) -> Iterator[DocumentResult | DocumentError]:
    """The document-level stages, one document at a time: its result or its error,
    in the order given.

    The store writes each result as it comes; ``analyze_documents`` gathers them.
    No exception escapes a document: a failure of any stage is that document's
    error (E027, naming the stage), and the others go on. With
    ``Settings.skip_off_topic``, a document about no strike (``topic``) is not
    parsed: its result is the document marked ``skipped`` and no claims.
    """
    documents = list(documents)
    if not analysis.settings.skip_off_topic:
        yield from _analyze_all(documents, analysis=analysis, progress=progress)
        return
    on_topic = [bool(about_a_strike(document)) for document in documents]
    analysed = _analyze_all([d for d, keep in zip(documents, on_topic) if keep], analysis=analysis,
                            progress=progress)
    for document, keep in zip(documents, on_topic):
        if keep:
            yield next(analysed)
            continue
        if progress is not None:
            progress(document)
        yield DocumentResult(replace(document, skipped=OFF_TOPIC), [], [])


def _analyze_all(documents: list[Document], *, analysis: Analysis,
                 progress: Progress | None = None) -> Iterator[DocumentResult | DocumentError]:
    """``analyze_each`` of every document. The parser reads documents in batches,
    gathered from the documents ahead (``parse.lookahead``), so when it fails the
    documents from there on, as far as it reads ahead, are parsed again one at a
    time, to find the one that made it fail."""
    queue = documents
    done, alone = 0, 0  # alone: documents still to parse one at a time
    while done < len(queue):
        todo = queue[done:done + 1] if alone else queue[done:]
        try:
            for document, pieces in by_document(parse_pieces(todo, settings=analysis.settings)):
                if progress is not None:
                    progress(document)
                yield analyze_one(document, pieces, analysis)
                done += 1
        except _ParseFailure as failure:
            if not alone:  # find the culprit: again, one document at a time
                alone = lookahead(analysis.settings)
                continue
            yield stage_failure(queue[done], failure.__cause__)
            done += 1
            alone = 0
        else:
            alone = max(alone - 1, 0)


def by_document(stream: Iterator) -> Iterator[tuple[Document, Iterator]]:
    """Group ``parse_pieces``' stream by document: (document, its pieces, lazily).
    A failure of the parser comes out of either as ``_ParseFailure``."""
    stream = _parser_failures(stream)
    for _, items in groupby(stream, key=lambda item: id(item[0])):
        document, first = next(items)
        yield document, chain([first], (piece for _, piece in items))


class _ParseFailure(Exception):
    """The parser failed: the document it was on is not known from here."""


def _parser_failures(stream: Iterator) -> Iterator:
    try:
        yield from stream
    except Exception as exc:  # noqa: BLE001 -- any failure of a library's parser
        raise _ParseFailure() from exc


def analyze_one(document: Document, pieces: Iterator, analysis: Analysis) -> DocumentResult | DocumentError:
    """One document's claims and places from its parsed pieces, or its error."""
    first = next(pieces)
    if isinstance(first, UnsupportedLanguage):
        return DocumentError(code="E023", message=str(first), path=document.path)
    named: list[str] = []
    claims: list[Claim] = []
    # a document of several languages comes as runs of pieces of one language each
    for code, run in groupby(chain([first], pieces), key=lambda doc: doc._.lang or document_lang(
            document, analysis.settings)):
        try:
            lang = load_language(code)
        except LanguageDataError as err:
            return DocumentError(code=str(err)[1:5], message=str(err), path=document.path)
        try:
            claims += document_claims(document, noting_places(run, lang, named), lang, analysis)
        except _ParseFailure:
            raise
        except Exception as exc:  # noqa: BLE001 -- a failure of one document is that document's
            return stage_failure(document, exc)
    # only a document with claims has events to find
    found = resolve.mentions(document, claims, named, resolve.default_gazetteer()) if claims else ()
    return DocumentResult(document, claims, named, tuple(found))


# the stage a failure happened in: the innermost of these modules in its traceback
_STAGES = ("read", "parse", "adapters", "attribute", "frame", "resolve", "compare", "store")


def stage_failure(document: Document, exc: BaseException | None) -> DocumentError:
    """E027 for a document a stage failed on, naming the stage and the error."""
    stage = "analysis"
    trace = exc.__traceback__ if exc is not None else None
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        parts = module.split(".")
        if parts[0] == "rashomon" and len(parts) > 1 and parts[1] in _STAGES:
            stage = "parse" if parts[1] == "adapters" else parts[1]
        trace = trace.tb_next
    detail = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
    where = f"{document.path} (document '{document.id}')" if document.path else f"document '{document.id}'"
    return DocumentError(code="E027", message=Errors.E027.format(path=where, stage=stage, detail=detail[:500]),
                         path=document.path)


def link(documents: list[Document], claims: list[Claim], *, places: dict[str, list[str]],
         analysis: Analysis) -> tuple[list[Event], list[Finding]]:
    """Events across the documents, the near-duplicates among the documents of each,
    and the findings of each: ``group``, ``mark_reprints``, ``judge``. The store runs
    the three itself, on the block of events a new document touches.

    Every stage takes the documents and claims in the canonical order (``order``), so
    the same documents give the same events and findings however they came in."""
    events = group(documents, claims, places=places, analysis=analysis)
    mark_reprints(documents, events, settings=analysis.settings)
    return events, judge(events, claims, documents=documents, analysis=analysis)


def group(documents: list[Document], claims: list[Claim], *, places: dict[str, list[str]],
          analysis: Analysis) -> list[Event]:
    """Events across the documents (``resolve``), in the canonical order."""
    documents = canonical(documents)
    return resolve.resolve(documents, canonical_claims(claims, documents), places=places,
                           settings=analysis.settings)


def judge(events: list[Event], claims: list[Claim], *, documents: list[Document],
          analysis: Analysis) -> list[Finding]:
    """The findings of each event (``compare``), in the canonical order."""
    documents = canonical(documents)
    return compare.compare(events, canonical_claims(claims, documents),
                           independent=analysis.registry.independent, documents=documents,
                           generic=[e.id for e in analysis.registry.entries() if e.generic])


def mark_reprints(documents: list[Document], events: list[Event], *,
                  settings: Settings = DEFAULT_SETTINGS) -> list[Document]:
    """Link each near-copy to its original (``duplicates.mark_duplicates``) among the
    documents about the same events: those that share an event, the documents that
    share one with them, and so on. A reprint is no new witness of its original's
    event; a text that reads like another but is about another event (a formulaic
    statement of another day) is no reprint of it. So scoped, the marks are what the
    store reaches from a new document's events, whatever order documents came in.
    Returns the documents, marked."""
    for together in reprint_scopes(documents, [event.documents for event in events]):
        duplicates.mark_duplicates(together, settings=settings)
    return documents


def reprint_scopes(documents: list[Document], events: Iterable[Iterable[str]]) -> list[list[Document]]:
    """The documents in groups that share events (by the ids of each event's
    documents), each in the canonical order: where ``mark_reprints`` looks."""
    parent = {d.id: d.id for d in documents}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for about in events:
        known = [doc_id for doc_id in about if doc_id in parent]
        for other in known[1:]:
            parent[root(other)] = root(known[0])
    together: dict[str, list[Document]] = defaultdict(list)
    for document in canonical(documents):
        together[root(document.id)].append(document)
    return list(together.values())


def noting_places(docs: Iterable[Doc], lang, named: list[str]) -> Iterator[Doc]:
    """Pass the pieces on, noting the places each names, for ``resolve``."""
    for doc in docs:
        named += frame.named_places([doc], lang)
        yield doc


def document_claims(document: Document, pieces: Iterable[Doc], lang, analysis: Analysis) -> list[Claim]:
    """Attribute and frame one document's pieces: its claims with their facts."""
    claims = []
    def identify(source: Source, code: str) -> Source:
        """The registry's entry for a speaker, keeping the words the text used (and
        whom they stand for, when they are a pronoun). A named entry's label is its
        one registry name, whatever the language of the text ("Alexander Bogomaz" for
        "Александр Богомаз"); a generic entry's is the speaker's own words."""
        known = analysis.registry.resolve_source(source, code)
        return replace(known, name=source.name, refers_to=source.refers_to,
                       label=known.label or (known.name if known.id else None))

    evidence = lambda words, code: analysis.registry.evidence(words, lang=code)  # noqa: E731
    publisher = identify(Source(name=document.publisher), lang.code) if document.publisher else None
    found_all = attribute.attribute_document(document, pieces, lang, resolve_source=identify,
                                             speaker_evidence=evidence,
                                             publisher_kind=publisher.kind if publisher else None)
    # the last launch count each source gave (None: anyone): "all were shot down" counts it
    launched: dict[str | None, int] = {}
    # the largest count of each slot so far, whoever gave it: what a breakdown by region shares
    totals: dict[str, int] = {}
    # piece by piece (the attributions of one piece come together, and only its own
    # offset in the text is theirs): a piece's parse is let go once its claims are made,
    # so that a big document never has all its parsed pieces in memory at once
    for _, piece in groupby(found_all, key=lambda found: found.offset):
        piece = list(piece)
        per_sentence = Counter(f.sentence.start for f in piece)
        for found in piece:
            claim = attribute.to_claim(found, document, lang)
            claim.features = attribution_features(found, lang, evidence=lambda words: evidence(words, lang.code),
                                                  in_sentence=per_sentence[found.sentence.start],
                                                  publisher_kind=publisher.kind if publisher else None)
            if not claim.attributed and claim.source.name:
                claim.source = identify(claim.source, lang.code)
            content = found.content if found.content is not None else found.sentence
            # the publisher's narration goes on from whatever launch was told last
            speaker = (claim.source.name or "").casefold()
            facts = frame.frame_content(content, found.stance, lang, published=document.published,
                                        launched_before=launched.get(speaker if claim.attributed else None),
                                        totals_before=totals)
            claim.facts = [shifted(f, found.offset) for f in facts]
            for fact in claim.facts:
                if fact.slot == "launched" and not fact.scope:
                    launched[speaker] = launched[None] = fact.value
                if fact.slot in COUNT_SLOTS and isinstance(fact.value, int) and not fact.scope:
                    totals[fact.slot] = max(totals.get(fact.slot, 0), fact.value)
            for fact in claim.facts:
                if fact.span:
                    fact.evidence = fact.evidence or document.text[fact.span[0]:fact.span[1]]
            claim.said_at = frame.statement_time(found.cue_token, lang, document.published)
            # scored now, the features let go: a big document's claims wait for its last
            # piece before ``scored`` reads their facts, and would keep them all until then
            if analysis.confidence is not None:
                claim.confidence = round(analysis.confidence.of_claim(claim.features or {}, attributed=claim.attributed), 4)
            if not analysis.keep_features:
                claim.features = None
            claims.append(claim)
        let_go(piece[0].sentence.doc)
        if len(document.text) > analysis.settings.chunk_chars:
            give_back_memory()
    told = {(f.slot, repr(f.value)) for c in claims if c.attributed for f in c.facts}
    for claim in claims:
        if not claim.attributed and narrates(claim.source):
            # a news report's own sentences retell what its sources say: a figure that a
            # named source gives in the report is theirs, the report keeps the rest
            claim.facts = [f for f in claim.facts if f.slot not in SCORED_SLOTS or (f.slot, repr(f.value)) not in told]
    return scored(claims, analysis)


def scored(claims: list[Claim], analysis: Analysis) -> list[Claim]:
    """Each fact with its confidence (each claim has its own already); what falls below
    ``min_confidence`` is not reported (an attributed claim, or a fact; a statement in
    the publisher's own voice stays, as the voice of the text, and keeps its facts that
    pass)."""
    model, floor = analysis.confidence, analysis.min_confidence
    kept = []
    for claim in claims:
        for fact in claim.facts:
            features = fact_features(fact, claim)
            if model is not None:
                fact.confidence = round(model.fact(features), 4) if fact.slot in SCORED_SLOTS else None
            fact.features = features if analysis.keep_features else None
        if claim.attributed and claim.confidence is not None and claim.confidence < floor:
            continue
        claim.facts = [f for f in claim.facts if f.confidence is None or f.confidence >= floor]
        kept.append(claim)
    return kept


def narrates(publisher: Source) -> bool:
    """Is the publisher a news outlet (or unknown), whose narration retells its sources?"""
    return publisher.kind is None or publisher.kind.endswith("media") or publisher.kind == "unknown"


def shifted(fact: Fact, offset: int) -> Fact:
    if fact.span and offset:
        fact.span = (fact.span[0] + offset, fact.span[1] + offset)
    return fact
