"""Parse documents into spaCy ``Doc`` objects, one pipeline per language.

Requires: ``Document`` objects from ``read``.
Assigns: ``doc._.doc_id`` (the document), ``doc._.offset`` (where this piece
starts in the document's text), ``doc._.quotes`` (quotation spans) and sentence
boundaries that follow paragraphs and quotations, so that a quotation of two
sentences stays in the sentence that attributes it.

A long document is cut into pieces of at most ``Settings.chunk_chars``
characters at paragraph breaks, so a 5 MB document streams through the parser
in bounded memory. Offsets stay valid in the original text because
``read.normalize_text`` changes characters one for one.
"""

from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any, Iterable, Iterator

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .ahead import read_ahead
from .apart import ParseServer, ParserKey, collect, parse_server
from .adapters import PARSERS, ParserUnavailable, SpacyParser, count_noun_forms, counted_by_noun
from .errors import Errors
from .longlived import loaded_once
from .ledger import Document
from .language_runs import language_runs
from .pieces import piece_text
from .read import normalize_text
from .settings import DEFAULT_SETTINGS, Settings

# American newspapers' archives write quotation marks as two apostrophes ('' … '') or
# backticks and apostrophes (`` … ''), as a tokenizer keeps them: one token each
# Each opening mark with the marks that close it. Editors mix straight and curly double
# quotes ("… said,” with a straight mark opening and a curly one closing), and „ closes
# with “ in Russian and Ukrainian type, with ” in others: a straight mark pairs with either
OPENING_QUOTES = {"«": {"»"}, "“": {"”", '"'}, "„": {"“", "”", '"'}, '"': {'"', "”"},
                  "''": {"''"}, "``": {"''"}}
DASHES = {"-", "–", "—"}
CLOSING_QUOTES = {"»", "”", '"', "''"}
# a single quotation mark or an apostrophe: which, ``opens_single_quote`` and ``closes_single_quote`` say
SINGLE_QUOTE = "'"
SENTENCE_END = {".", "!", "?", "…", "...", "!?", "?!"}
ASKED = {"!", "?", "!?", "?!"}  # a quotation that ends so does not end the sentence around it
MAX_SPEAKER_TAIL = 10  # words: "Trump told Britain's ITV television station in an interview."
# the marks a quotation opens or closes with
QUOTE_MARKS = frozenset([*OPENING_QUOTES, *(m for closing in OPENING_QUOTES.values() for m in closing), SINGLE_QUOTE])
# the marks after which ``SentenceBoundaries._boundary`` may start a sentence (or let the
# parser choose), besides a line break: after any other word it says False
MARKS_BEFORE_A_START = frozenset(DASHES | CLOSING_QUOTES | SENTENCE_END)


def breaks_and_marks(doc: Doc, marks: frozenset[str]) -> list[int]:
    """The positions of ``doc``'s words that hold a line break or are among ``marks``,
    each distinct word's text read once rather than a ``Token`` made for every word."""
    words = doc.to_array([ORTH]).reshape(-1)
    strings = doc.vocab.strings
    wanted = [word for word in numpy.unique(words).tolist() if strings[word] in marks or "\n" in strings[word]]
    return numpy.flatnonzero(numpy.isin(words, wanted)).tolist()


# "nominative": a parser with a morphological dictionary gives a function (word, UD case)
# -> the word in the nominative, so that a speaker named in an oblique case ("по словам
# губернатора Александра Гусева") is named as a dictionary would ("губернатор Александр Гусев")
# "lang": the language of the document's run this piece is in (language_runs)
for _name, _default in (("doc_id", None), ("offset", 0), ("quotes", None), ("claims", None),
                        ("nominative", None), ("lang", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class UnsupportedLanguage(ValueError):
    pass


def quote_spans(doc: Doc, *, max_chars: int) -> list[Span]:
    """Quotations, marks included, closed within one paragraph."""
    spans, opened, closing = [], None, None
    for token in (doc[i] for i in breaks_and_marks(doc, QUOTE_MARKS)):  # no other word opens or closes one
        if "\n" in token.text:
            opened = None  # a quotation does not run over a paragraph break
        elif opened is None and (token.text in OPENING_QUOTES or opens_single_quote(token)):
            opened, closing = token, OPENING_QUOTES.get(token.text, {SINGLE_QUOTE})
        elif opened is not None and token.text in closing and (
                token.text != SINGLE_QUOTE or closes_single_quote(token)):
            span = doc[opened.i: token.i + 1]
            if len(span.text) <= max_chars:
                spans.append(span)
            opened = None
    return spans


def opens_single_quote(token) -> bool:
    """A single quotation mark (‘ and ’ are ' once normalised, as every apostrophe) that
    opens a quotation, as headlines and British papers quote ("Trump: 'I'm the Worst Thing
    …'"): set apart before, glued to the word after."""
    doc = token.doc
    if token.text != SINGLE_QUOTE or token.whitespace_ or token.i + 1 == len(doc) or not doc[token.i + 1].is_alpha:
        return False
    return token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space \
        or doc[token.i - 1].text in ("(", ":")


def closes_single_quote(token) -> bool:
    """The single mark that closes a quotation: glued to the word or mark before it and
    set apart after, and not the apostrophe of a plural's possessive ("the voters' choice":
    after an s, a word follows)."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].whitespace_ or doc[token.i - 1].is_space:
        return False
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is None or after.is_punct or after.is_space:
        return True
    return bool(token.whitespace_) and not doc[token.i - 1].lower_.endswith("s")


# what ``Token.is_sent_start = value`` stores, as ``Doc.from_array`` takes it (uint64)
_SENT_START_VALUES = {True: numpy.uint64(1), False: numpy.uint64(2 ** 64 - 1), None: numpy.uint64(0)}


class SentenceBoundaries:
    """Start sentences only after end punctuation or a line break, never in a quote.

    The statistical parser sometimes starts a sentence in the middle of a long
    noun phrase; news text marks its sentences, so we let the parser choose
    only among the places the punctuation allows.
    """

    def __init__(self, *, max_quote_chars: int):
        self.max_quote_chars = max_quote_chars

    def __call__(self, doc: Doc) -> Doc:
        quotes = quote_spans(doc, max_chars=self.max_quote_chars)
        inside = {i for span in quotes for i in range(span.start + 1, span.end)}
        if len(doc) > 1:
            # all at once: setting ``Token.is_sent_start`` checks every token of the piece
            # for a parse (spaCy's ``has_annotation``), so word by word it took time that
            # grew with the square of the piece's length. Only the words after a line break
            # or a mark of ``MARKS_BEFORE_A_START`` are asked, the rest are False
            starts = doc.to_array([SENT_START])
            starts[1:] = _SENT_START_VALUES[False]
            for before in breaks_and_marks(doc, MARKS_BEFORE_A_START):
                if before + 1 < len(doc):
                    starts[before + 1] = _SENT_START_VALUES[self._boundary(doc, doc[before + 1], inside)]
            doc.from_array([SENT_START], starts)
        doc._.quotes = quotes
        return doc

    @staticmethod
    def _boundary(doc: Doc, token, inside: set[int]) -> bool | None:
        previous = doc[token.i - 1]
        if "\n" in previous.text:
            before = doc[previous.i - 1] if previous.i > 0 else None
            return before is None or before.text != ":"  # "Le ministère :\n« … »" goes on
        if previous.text in DASHES and previous.i > 0 and doc[previous.i - 1].text == ")":
            return True  # after a dateline: "Moscou, 16 mars 2025 (AFP) - Une raffinerie"
        if token.i in inside or token.is_space:
            return False
        after_quote = (previous.text in CLOSING_QUOTES and previous.i > 0
                       and doc[previous.i - 1].text in SENTENCE_END)
        if after_quote and doc[previous.i - 1].text in ASKED and short_tail(doc, token):
            return False  # "“…, okay?” Trump said.": the speaker closes the quotation's sentence
        if previous.text in SENTENCE_END and starts_sentence(token) and not after_abbreviation(doc, previous):
            return True  # ". « Il n'y a pas de blessés »", ". Le ministère"
        if previous.text in SENTENCE_END or after_quote:
            return None  # the parser decides
        return False


def short_tail(doc: Doc, token) -> bool:
    """A few words up to the next full stop, not a quotation of its own: what can
    name the speaker of the quotation before them ("Trump said.", "asked the governor.")."""
    if token.text in OPENING_QUOTES:
        return False
    for other in doc[token.i:token.i + MAX_SPEAKER_TAIL + 1]:
        if "\n" in other.text or other.text in OPENING_QUOTES:
            return False
        if other.text in SENTENCE_END:
            return True
    return False


def starts_sentence(token) -> bool:
    return token.text in OPENING_QUOTES or token.text[:1].isupper()


def after_abbreviation(doc: Doc, stop) -> bool:
    """ "M. Zelensky", "St. Petersburg", "J.-P.": a full stop after a short word or initial."""
    if stop.i == 0 or stop.text != ".":
        return False
    word = doc[stop.i - 1]
    return len(word.text) <= 2 and word.text[:1].isupper() or word.text.endswith(".")


# (this module does without ``from __future__ import annotations``: spaCy checks a
# factory's arguments against its annotations as written, and under spaCy 3.8.7's
# confection a postponed ``Language`` is a name it cannot resolve)
@Language.factory(
    "rashomon_sentences",
    default_config={"max_quote_chars": 2000},
    assigns=["token.is_sent_start", "doc._.quotes"],
)
def make_sentence_boundaries(nlp: Language, name: str, max_quote_chars: int) -> SentenceBoundaries:
    return SentenceBoundaries(max_quote_chars=max_quote_chars)


@lru_cache(maxsize=None)
@loaded_once
def load_parser(lang: str, spec: str, *, max_quote_chars: int = 2000):
    """The parser a ``Settings.models`` entry names: "spacy:fr_core_news_md", "natasha:ru"."""
    kind, _, model = spec.partition(":")
    if kind not in PARSERS:
        raise UnsupportedLanguage(Errors.E024.format(spec=spec, known=", ".join(sorted(PARSERS))))
    try:
        parser = PARSERS[kind](model, lang)
    except ParserUnavailable as err:
        raise UnsupportedLanguage(str(err)) from None
    if isinstance(parser, SpacyParser) and "parser" in parser.nlp.pipe_names:
        parser.nlp.add_pipe("rashomon_sentences", before="parser", config={"max_quote_chars": max_quote_chars})
    return parser


@lru_cache(maxsize=None)
@loaded_once
def load_pipeline(lang: str, model: str, *, max_quote_chars: int = 2000) -> Language:
    """Load a language's spaCy pipeline once, with our sentence component."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise UnsupportedLanguage(Errors.E022.format(model=model, lang=lang)) from None
    nlp.add_pipe("rashomon_sentences", before="parser",
                 config={"max_quote_chars": max_quote_chars})
    return nlp


def chunk_text(text: str, *, max_chars: int) -> list[tuple[int, str]]:
    """Cut text into pieces of at most ``max_chars`` at paragraph or line breaks."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def document_lang(document: Document, settings: Settings) -> str:
    """The document's declared language, or the one lingua detects in its text."""
    if document.lang:
        return document.lang.lower().split("-")[0]
    return detect_language(document.text, settings.detect_languages) or settings.default_lang


@lru_cache(maxsize=4)
@loaded_once
def language_detector(codes: tuple[str, ...]):
    """One lingua detector for a set of languages, built once."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    languages = [IsoCode639_1.from_str(code) for code in codes]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*languages).with_low_accuracy_mode().build()


def detect_language(text: str, codes: tuple[str, ...], *, sample: int = 2_000) -> str | None:
    """The ISO 639-1 code of the language of ``text`` among ``codes``, or None.

    ``codes`` holds more languages than rashomon parses, so that a German
    report is told apart and refused, rather than read as French.
    """
    language = language_detector(codes).detect_language_of(text[:sample])
    return language.iso_code_639_1.name.lower() if language is not None else None


def parse_documents(
    documents: Iterable[Document], *, settings: Settings = DEFAULT_SETTINGS
) -> Iterator[tuple[Document, list[Doc]] | tuple[Document, UnsupportedLanguage]]:
    """Yield each document with all its parsed pieces, in input order.

    A document in a language without a pipeline is yielded with the error. To
    keep no more than one piece in memory, use ``parse_pieces``.
    """
    for _, items in groupby(parse_pieces(documents, settings=settings), key=lambda item: id(item[0])):
        items = list(items)
        document, first = items[0]
        yield document, first if isinstance(first, UnsupportedLanguage) else [doc for _, doc in items]


def parse_pieces(
    documents: Iterable[Document], *, settings: Settings = DEFAULT_SETTINGS
) -> Iterator[tuple[Document, Doc] | tuple[Document, UnsupportedLanguage]]:
    """Yield each parsed piece with its document, in input order.

    A document is cut into runs of one language (``language_runs``: a Russian
    statement quoted in a French report is parsed as Russian), and each run into
    pieces of at most ``Settings.chunk_chars``. The pieces go through their
    language's parser in batches of one language, gathered over the next
    ``LOOKAHEAD_BATCHES`` batches' worth of documents (``_GroupedPieces``): a feed
    that mixes four languages is parsed in full batches, not in runs of one or two
    documents. The pieces come out in input order all the same, the pieces of one
    document one after the other. A document in a language rashomon cannot parse is
    yielded with the error. With ``Settings.parse_ahead`` the parsing runs in a
    thread of its own (``ahead.read_ahead``), at most a batch's characters ahead of
    the reader. With ``Settings.parse_process``, a run with a third batch of a
    language (or any run, once the process has a parsing process) has its batches
    parsed by a process of its own (apart.py) too, while this one parses the batch
    after them whenever it would wait for that process.
    """
    pieces = _GroupedPieces(documents, settings).pieces()
    if settings.parse_ahead:
        # the next batch parsed in a thread while the stages read this one (ahead.py),
        # with at most a batch's worth parsed and not yet read besides
        if settings.batch_chars is None:
            pieces = read_ahead(pieces, limit=settings.batch_size)
        else:
            pieces = read_ahead(pieces, limit=settings.batch_chars, weight=_parsed_chars)
    yield from pieces


def _parsed_chars(item: tuple[Document, Doc | UnsupportedLanguage]) -> int:
    parsed = item[1]
    return len(piece_text(parsed)) if isinstance(parsed, Doc) else 0


# how far ahead documents are read to fill batches of one language: so many batches'
# worth (``Settings.batch_size`` documents each); also the most documents a failing
# batch can hold, which ``pipeline.analyze_each`` then parses one at a time
LOOKAHEAD_BATCHES = 4
# batches of a language the parsing process (apart.py) holds at once: the next one is
# there when it ends one, and the process parses while this one reads
BATCHES_APART = 2
# ``_Piece.ticket`` of a piece in the batch being parsed in this process
HERE = -1
# batches of a language a run parses here before it starts a parsing process, if the
# process has none yet: loading a parser there takes 1-3 s, more than two batches' parse
BATCHES_HERE = 2


def lookahead(settings: Settings) -> int:
    """How many documents ``parse_pieces`` reads ahead of the one it yields."""
    return LOOKAHEAD_BATCHES * settings.batch_size


@dataclass(eq=False)
class _Piece:
    """One text to parse: a chunk of a run of one language of a document."""

    lang: str
    text: str
    offset: int  # where it starts in the document's text
    first_of_run: bool  # a run whose parser cannot load yields its error once
    doc: Doc | UnsupportedLanguage | None = None  # the parse, once made; then let go
    ticket: int | None = None  # in a batch being parsed: by the parsing process, or here (HERE)


@dataclass(eq=False)
class _Pending:
    """A document read ahead, its pieces and how many of them were yielded."""

    document: Document
    pieces: list[_Piece]
    error: UnsupportedLanguage | None = None
    given: int = 0


class _GroupedPieces:
    """``parse_pieces``' scheduler. It reads documents up to ``lookahead`` ahead of
    the one it yields (the head), as batches need them. When the head's next piece
    is not parsed yet, it parses a batch of that piece's language: that piece and the
    next unparsed pieces of the language among the documents read ahead, in input
    order, as many as one batch holds (``Settings.batch_size`` texts, ``batch_chars``
    characters). Pieces of one language are parsed in input order, so a batch never
    holds a piece that comes before a piece of an earlier batch: the pieces parsed
    but not yet yielded are at most one batch per language, and each is let go once
    yielded.

    With a parsing process (apart.py, ``Settings.parse_process``; started when a run
    has more than ``BATCHES_HERE`` batches of a language), the next ``BATCHES_APART``
    batches of the language go to it as they are known, and the head's batch is
    collected from it. While it is not there yet, a later batch is parsed here, if
    none of the language waits parsed already: the one the process has not begun,
    taken back (``take_back``) when there is another to give it instead, else the
    next batch no one parses. So the pieces parsed here and not yet yielded are at
    most two batches per language (the head's and one ahead); the process's come
    back as a compressed ``DocBin`` (0.2 MB for 20,000 English words), made Docs
    again only when the head needs them."""

    def __init__(self, documents: Iterable[Document], settings: Settings):
        self.documents = iter(documents)
        self.settings = settings
        self.pending: deque[_Pending] = deque()
        self.limit = lookahead(settings)
        self.server: ParseServer | None = None  # the parsing process, once there is one
        self.in_flight: dict[int, list[tuple[_Piece, Document]]] = {}  # its batches, by ticket
        self.taken: Counter[str] = Counter()  # batches parsed here, by language

    def pieces(self) -> Iterator[tuple[Document, Doc] | tuple[Document, UnsupportedLanguage]]:
        try:
            yield from self._pieces()
        finally:  # a run that ends early leaves its batches with the parsing process
            if self.in_flight:
                self.server.forget(self.in_flight)

    def _pieces(self) -> Iterator[tuple[Document, Doc] | tuple[Document, UnsupportedLanguage]]:
        self.read_head()
        while self.pending:
            head = self.pending[0]
            if head.error is not None:
                yield head.document, head.error
            while head.given < len(head.pieces):
                piece = head.pieces[head.given]
                if piece.doc is None:
                    self.parse_batch(piece)
                parsed, piece.doc = piece.doc, None
                piece.text = ""  # a big document's pieces are let go as they are given
                head.given += 1
                if isinstance(parsed, UnsupportedLanguage):
                    if piece.first_of_run:
                        yield head.document, parsed
                    continue
                yield head.document, parsed
            self.pending.popleft()
            self.read_head()

    def read_head(self) -> None:
        """Read the next document if none is pending: the head. The others are read
        as batches need them (``read_one``), so that the first batch is parsed once
        its own documents are cut, not all of ``limit`` (lingua reads every
        paragraph: 0.3 s for 50 English articles, both processes waiting)."""
        if not self.pending:
            self.read_one()

    def read_one(self) -> bool:
        """Read one more document, cutting it into its pieces, unless ``limit`` are
        pending or there are no more; whether one was read."""
        if len(self.pending) >= self.limit:
            return False
        document = next(self.documents, None)
        if document is None:
            return False
        self.pending.append(self.cut(document))
        return True

    def cut(self, document: Document) -> _Pending:
        settings = self.settings
        main = document_lang(document, settings)
        if main not in settings.models:
            error = UnsupportedLanguage(Errors.E023.format(
                doc=document.id, lang=main or "unknown", known=", ".join(sorted(settings.models))))
            return _Pending(document, [], error)
        pieces = []
        for run in language_runs(document.text, main, settings):
            text = normalize_text(document.text[run.start:run.end])
            for number, (offset, chunk) in enumerate(chunk_text(text, max_chars=settings.chunk_chars)):
                pieces.append(_Piece(run.lang, chunk, run.start + offset, first_of_run=number == 0))
        return _Pending(document, pieces)

    def parse_batch(self, piece: _Piece) -> None:
        """Parse the batch of the head's next ``piece``. If the parsing process has it
        (apart.py), collect it, parsing here meanwhile the next batch of the language,
        if none is parsed ahead yet; else parse here the first unparsed pieces of the
        language from the head on, within one batch's texts and characters. And keep
        the parsing process busy with the batches after it."""
        settings, lang = self.settings, piece.lang
        key = (lang, settings.models[lang], settings.max_quote_chars)
        try:
            parser = load_parser(lang, key[1], max_quote_chars=key[2])
        except UnsupportedLanguage as error:
            for pending in self.pending:  # no piece of this language can be parsed
                for other in pending.pieces[pending.given:]:
                    if other.lang == lang and other.doc is None:
                        other.doc = error
            return
        if piece.ticket is None:
            batch = self.take(lang)
            self.keep_busy(key)
            self.parse_here(key, batch)
            return
        # both cores parse: this one a later batch while the process ends the head's
        # (one batch a language parsed ahead here at most, as without the process)
        while not self.server.has(piece.ticket) and not self.parsed_ahead(lang):
            later = self.take_back(lang, piece.ticket) or self.take(lang)
            if not later:
                break
            self.keep_busy(key)
            self.parse_here(key, later)
        batch = self.in_flight.pop(piece.ticket)
        docs = collect(self.server, piece.ticket, parser)
        self.keep_busy(key)
        if docs is None:  # the process failed on it: parsed here, as it would have been
            self.parse_here(key, batch)
        else:
            self.place(lang, zip(docs, batch))

    def take(self, lang: str) -> list[tuple[_Piece, Document]]:
        """The next batch of ``lang`` (``next_batch``), marked as parsed here."""
        return self.here(lang, self.next_batch(lang))

    def take_back(self, lang: str, head: int) -> list[tuple[_Piece, Document]]:
        """The batch of ``lang`` that waits at the parsing process after the head's
        (``head``), taken back to be parsed here, if the process has not begun it and
        has a batch after it to parse instead. So what this process parses comes
        before the process's last batch, and its stages are not left to run after
        the process has ended (0.4-0.6 s of an English run of 50 articles)."""
        after = min((ticket for ticket, batch in self.in_flight.items()
                     if ticket != head and batch[0][0].lang == lang), default=None)
        if after is None or not self.next_batch(lang) or not self.server.take_back(after):
            return []
        return self.here(lang, self.in_flight.pop(after))

    def here(self, lang: str, batch: list[tuple[_Piece, Document]]) -> list[tuple[_Piece, Document]]:
        """``batch``, marked as parsed here (and counted, if it holds anything)."""
        for piece, _ in batch:
            piece.ticket = HERE
        self.taken[lang] += bool(batch)
        return batch

    def parse_here(self, key: ParserKey, batch: list[tuple[_Piece, Document]]) -> None:
        self.place(key[0], parsed_texts(key, ((piece.text, (piece, document)) for piece, document in batch)))

    @staticmethod
    def place(lang: str, parsed: Iterable[tuple[Doc, tuple[_Piece, Document]]]) -> None:
        """Each Doc in its piece, with what it says of where it comes from."""
        for doc, (piece, document) in parsed:
            doc._.doc_id = document.id
            doc._.offset = piece.offset
            doc._.lang = lang
            piece.doc, piece.ticket = doc, None

    def parsed_ahead(self, lang: str) -> bool:
        """Whether a piece of ``lang`` after the head's is parsed and waits."""
        return any(piece.lang == lang and piece.doc is not None
                   for pending in self.pending for piece in pending.pieces[pending.given:])

    def next_batch(self, lang: str) -> list[tuple[_Piece, Document]]:
        """The first pieces of ``lang`` from the head on that no one parses yet, as many
        as one batch holds."""
        settings = self.settings
        batch: list[tuple[_Piece, Document]] = []
        held = 0
        for pending in self.pending_ahead():
            for piece in pending.pieces[pending.given:]:
                if piece.lang != lang or piece.doc is not None or piece.ticket is not None:
                    continue
                if batch and (len(batch) == settings.batch_size or settings.batch_chars is not None
                              and held + len(piece.text) > settings.batch_chars):
                    return batch
                batch.append((piece, pending.document))
                held += len(piece.text)
        return batch

    def pending_ahead(self) -> Iterator[_Pending]:
        """The pending documents from the head on, and the next ones read as this
        goes on (``read_one``), up to ``limit``."""
        number = 0
        while number < len(self.pending) or self.read_one():
            yield self.pending[number]
            number += 1

    def keep_busy(self, key: ParserKey) -> None:
        """Give the parsing process the next batches of ``key``'s language, up to
        ``BATCHES_APART`` of them waiting, once it has loaded the language's parser.
        The process's, if it has one; else one is started when the run has more
        than ``BATCHES_HERE`` batches of the language (a shorter run would be over
        before its parser is loaded)."""
        if not self.settings.parse_process:
            return
        lang = key[0]
        while sum(batch[0][0].lang == lang for batch in self.in_flight.values()) < BATCHES_APART:
            batch = self.next_batch(lang)
            if not batch:
                return
            self.server = self.server or parse_server(start=self.taken[lang] >= BATCHES_HERE)
            if self.server is None or not self.server.ready(key):
                return
            ticket = self.server.submit(key, [piece.text for piece, _ in batch])
            if ticket is None:
                return
            for piece, _ in batch:
                piece.ticket = ticket
            self.in_flight[ticket] = batch


def parsed_texts(key: ParserKey, items: Iterable[tuple[str, Any]]) -> Iterator[tuple[Doc, Any]]:
    """(text, context) pairs parsed in one batch by the parser of ``key`` (lang, spec,
    max_quote_chars), each Doc with its quotations and its counted nouns: what this
    process and the parsing process apart (apart.py) both do."""
    lang, spec, max_quote_chars = key
    parser = load_parser(lang, spec, max_quote_chars=max_quote_chars)
    items = list(items)
    for doc, context in parser.pipe(items, batch_size=len(items), batch_chars=None):
        if doc._.quotes is None:  # parsers other than spaCy's set no sentence component
            doc._.quotes = quote_spans(doc, max_chars=max_quote_chars)
        counted_by_noun(doc, count_noun_forms(lang))
        yield doc, context
