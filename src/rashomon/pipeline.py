"""The flow, end to end: paths in, a ``Ledger`` out.

read -> parse -> attribute -> frame -> resolve -> compare. Each stage is a
module with a plain function; this module only passes their results along,
records what failed for which document, and numbers the claims.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain, groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc

from . import attribute, compare, frame, resolve
from .lang import LanguageDataError, load_language
from .ledger import SCORED_SLOTS, Claim, Document, DocumentError, Fact, Ledger, Source
from .parse import UnsupportedLanguage, document_lang, parse_pieces
from .read import read_paths
from .settings import DEFAULT_SETTINGS, Settings
from .sources import SourceRegistry, default_registry

Progress = Callable[[Document], None]


@dataclass
class Analysis:
    """What the stages need besides the documents: settings and the source registry.

    Without a registry, the built-in one is used; ``SourceRegistry.load(extra=...)``
    gives one extended with a user's file.
    """

    settings: Settings = DEFAULT_SETTINGS
    registry: SourceRegistry | None = None

    def __post_init__(self) -> None:
        if self.registry is None:
            self.registry = default_registry()


def analyze_paths(paths: Iterable[str | Path], *, analysis: Analysis | None = None,
                  progress: Progress | None = None) -> Ledger:
    """Read files and folders and analyse every document in them."""
    analysis = analysis or Analysis()
    run = read_paths(paths, settings=analysis.settings)
    documents, errors = [], []
    for item in run:
        (errors if isinstance(item, DocumentError) else documents).append(item)
    ledger = analyze_documents(documents, analysis=analysis, progress=progress)
    ledger.errors = errors + ledger.errors
    ledger.warnings = run.warnings + ledger.warnings
    return ledger


def analyze_documents(documents: list[Document], *, analysis: Analysis | None = None,
                      progress: Progress | None = None) -> Ledger:
    analysis = analysis or Analysis()
    ledger = Ledger()
    places: dict[str, list[str]] = {}
    # one piece of a document in memory at a time: a 5 MB report streams through
    for _, items in groupby(parse_pieces(documents, settings=analysis.settings), key=lambda item: id(item[0])):
        document, first = next(items)
        if progress is not None:
            progress(document)
        if isinstance(first, UnsupportedLanguage):
            ledger.errors.append(DocumentError(code="E023", message=str(first), path=document.path))
            continue
        try:
            lang = load_language(document_lang(document, analysis.settings))
        except LanguageDataError as err:
            ledger.errors.append(DocumentError(code=str(err)[1:5], message=str(err), path=document.path))
            continue
        named = places[document.id] = []
        pieces = noting_places(chain([first], (doc for _, doc in items)), lang, named)
        ledger.documents.append(document)
        ledger.claims += document_claims(document, pieces, lang, analysis)
    for number, claim in enumerate(ledger.claims, 1):
        claim.id = f"c{number}"
    ledger.events = resolve.resolve(ledger.documents, ledger.claims, places=places, settings=analysis.settings)
    ledger.findings = compare.compare(ledger.events, ledger.claims, independent=analysis.registry.independent)
    return ledger


def noting_places(docs: Iterable[Doc], lang, named: list[str]) -> Iterator[Doc]:
    """Pass the pieces on, noting the places each names, for ``resolve``."""
    for doc in docs:
        named += frame.named_places([doc], lang)
        yield doc


def document_claims(document: Document, pieces: Iterable[Doc], lang, analysis: Analysis) -> list[Claim]:
    """Attribute and frame one document's pieces: its claims with their facts."""
    claims = []
    def identify(source: Source, code: str) -> Source:
        """The registry's entry for a speaker, keeping the words the text used."""
        known = analysis.registry.resolve_source(source, code)
        return replace(known, name=source.name, label=known.name if known.id else None)

    for found in attribute.attribute_document(document, pieces, lang, resolve_source=identify):
        claim = attribute.to_claim(found, document, lang)
        if not claim.attributed and claim.source.name:
            claim.source = identify(claim.source, lang.code)
        content = found.content if found.content is not None else found.sentence
        facts = frame.frame_content(content, found.stance, lang, published=document.published)
        claim.facts = [shifted(f, found.offset) for f in facts]
        for fact in claim.facts:
            if fact.span:
                fact.evidence = fact.evidence or document.text[fact.span[0]:fact.span[1]]
        claim.said_at = frame.statement_time(found.cue_token, lang, document.published)
        claims.append(claim)
    if any(c.attributed for c in claims):
        for claim in claims:
            if not claim.attributed and narrates(claim.source):
                # a news report's own sentences retell what its sources say; the
                # figures are theirs, the report keeps only where and when
                claim.facts = [f for f in claim.facts if f.slot not in SCORED_SLOTS]
    return claims


def narrates(publisher: Source) -> bool:
    """Is the publisher a news outlet (or unknown), whose narration retells its sources?"""
    return publisher.kind is None or publisher.kind.endswith("media") or publisher.kind == "unknown"


def shifted(fact: Fact, offset: int) -> Fact:
    if fact.span and offset:
        fact.span = (fact.span[0] + offset, fact.span[1] + offset)
    return fact
