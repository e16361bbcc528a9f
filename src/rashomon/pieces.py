"""What the stages ask of a parsed piece again and again, made once per piece.

Requires: a spaCy ``Doc`` whose parse is complete (``parse`` is done with it).
Assigns: nothing the ledger sees; values kept in ``doc.user_data`` as plain
strings and integers (no ``Span``, which would tie the piece to itself).

``let_go`` and ``give_back_memory`` are called once a piece is done with.

spaCy builds ``Doc.text`` by joining every token's text, and ``Doc.ents`` (and so
``Span.ents``) by reading every token's entity tag, at each call: asked once per
sentence or per claim, they cost as much as the piece is long, so a piece of
``Settings.chunk_chars`` characters took time that grew with its square. These give
the same answers from values made at the first call.

Likewise every word of a piece is a new ``Token`` object each time a span is read word
by word; a rule or a frame slot that looks for a few words (a colon, "as", a trigger
verb) reads the piece's lowered forms and lemmas, made once (``lowered_words``,
``lowered_lemmas``), and makes a Token for the words it finds alone (``words_among``).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Collection

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

_TEXT = "rashomon.pieces.text"
_ENTS = "rashomon.pieces.ents"
_LOWER = "rashomon.pieces.lower"
_LEMMAS = "rashomon.pieces.lemmas"


def piece_text(doc: Doc) -> str:
    """``doc.text``."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, cut from the piece's text (spaCy joins the span's words anew)."""
    return piece_text(span.doc)[span.start_char:span.end_char]


def lowered_words(doc: Doc) -> tuple[str, ...]:
    """Every word's ``lower_``, read from the Doc's array once."""
    words = doc.user_data.get(_LOWER)
    if words is None:
        strings = doc.vocab.strings
        words = doc.user_data[_LOWER] = tuple(strings[key] for key in doc.to_array(LOWER).tolist())
    return words


def lowered_lemmas(doc: Doc) -> tuple[str, ...]:
    """Every word's ``lemma_.lower()``, read from the Doc's array once."""
    lemmas = doc.user_data.get(_LEMMAS)
    if lemmas is None:
        strings, lowered = doc.vocab.strings, {}
        keys = doc.to_array(LEMMA).tolist()
        for key in set(keys):
            lowered[key] = strings[key].lower()
        lemmas = doc.user_data[_LEMMAS] = tuple(lowered[key] for key in keys)
    return lemmas


def words_among(span: Span, vocabulary: Collection[str], *, lemmas: bool = False) -> list[Token]:
    """The span's words whose ``lower_`` (or, with ``lemmas``, whose lowered lemma) is in
    ``vocabulary``, in order. A rule that looks for a colon, a comma or a marker word,
    a frame slot for its trigger words, makes a Token for those alone, not for every
    word of every sentence."""
    doc, lowered = span.doc, lowered_words(span.doc)
    if not lemmas:
        return [doc[i] for i in range(span.start, span.end) if lowered[i] in vocabulary]
    lemma = lowered_lemmas(doc)
    return [doc[i] for i in range(span.start, span.end) if lowered[i] in vocabulary or lemma[i] in vocabulary]


def rest_of_line(doc: Doc, start: int) -> str:
    """The piece's text from the character ``start`` to the end of its line (without
    the line break): ``doc.text[start:].split("\\n", 1)[0]``."""
    text = piece_text(doc)
    stop = text.find("\n", start)
    return text[start:stop if stop >= 0 else len(text)]


def line_before(doc: Doc, end: int) -> str:
    """The piece's text from the start of the line of the character ``end`` up to it:
    what ``rest_of_line`` is to the end of a line, this is to its start."""
    text = piece_text(doc)
    return text[text.rfind("\n", 0, end) + 1:end]


def ents_within(span: Span) -> list[Span]:
    """``span.ents``: the named entities that lie wholly within the span, in order."""
    doc = span.doc
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple((ent.start, ent.end, ent.label) for ent in doc.ents)
    found = []
    # as Span.ents: from the first entity that starts in the span, up to the first that
    # runs past its end
    for start, end, label in ents[bisect_left(ents, (span.start,)):]:
        if end > span.end:
            break
        found.append(Span(doc, start, end, label=label))
    return found


def let_go(doc: Doc) -> None:
    """Break the reference cycles of a piece that is done with: its claims and its
    quotations (``doc._.claims``, ``doc._.quotes``) are spans of itself, so that only
    Python's full garbage collection would free it, and that runs the more rarely the
    more objects a run holds (every claim made so far): a long document's finished
    pieces piled up, some 50 MB of them for each MB of text."""
    doc._.claims = None
    doc._.quotes = None


def give_back_memory() -> None:
    """Return to the system the memory the C library holds freed, where it can
    (glibc's ``malloc_trim``; elsewhere nothing happens).

    Parsing a piece allocates large arrays and frees them; glibc then serves the
    next ones from its heap, among the claims that stay, and the freed holes stay
    counted in the process's memory: without this, a 5 MB document ended its parse
    holding about 1.3 GB more than it used. Called after each piece of a document
    cut into pieces; it costs about a millisecond.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)
