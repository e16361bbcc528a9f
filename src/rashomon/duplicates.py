"""Near-duplicate documents: reprints and syndicated copies, linked to their original.

A wire story runs again on a partner's site under a new headline; a Telegram
channel reposts another's post; a feed and a saved page carry the same
article. Such a copy is no new witness: ``mark_duplicates`` sets its
``Document.duplicate_of`` to the id of the original, so that corroboration
never counts it as an independent source.

How it works, in one pass over the documents:

1. Each text becomes its set of shingles: runs of ``Settings.shingle_words``
   consecutive words, after folding case (``shingles``).
2. A MinHash signature of each set goes into a MinHashLSH index
   (datasketch); the index gives, for each new document, the earlier ones
   whose Jaccard similarity is likely above ``Settings.duplicate_threshold``,
   so the cost grows with the number of documents, not with its square.
3. The candidates are ranked by the exact similarity of their shingle sets
   (kept per document for the pass, so one costs a set intersection), and
   only the ``MAX_ALIGNED`` most similar of those reaching the threshold are
   aligned. A candidate is kept if the two texts, aligned word by word, do not
   swap a figure or a name inside a shared passage (``swapped_details``): formulaic statements ("air
   defence destroyed 12 drones over Bryansk region", then "15 drones over
   Kursk region") share most of their wording, but a reprint repeats its
   original's numbers and places; it changes whole passages instead (a new
   headline or intro line, a cut ending, a trailer). Templated reports
   (one agency's formula about many strikes) give each document many such
   near-misses, more the larger the corpus; the cap keeps the costly
   alignment to a fixed number per document.
4. Documents are taken in publication order (then input order; undated ones
   last), so the original is the earliest version, and a copy of a copy
   points to the first one.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where signatures are made: datasketch loads scipy (0.3 s)
    from datasketch import MinHash

from .ledger import Document
from .settings import DEFAULT_SETTINGS, Settings

# 128 permutations estimate a Jaccard similarity within about 0.04 (one standard
# error); a candidate whose estimate is more than ESTIMATE_MARGIN (3.4 errors)
# below the threshold is not worth the exact check
NUM_PERM = 128
ESTIMATE_MARGIN = 0.15
_WORDS = re.compile(r"\w+")
# the longest run of words, on either side, that counts as a swapped detail
# rather than a rewritten passage
MAX_SWAP_WORDS = 3
MIN_SHARED_WORDS = 3
# The candidates of one document are ranked: first those that lack the fewest of
# its figures and names (``details``), then by estimated similarity. Only the
# first MAX_CHECKED get the exact similarity, and only the first MAX_ALIGNED of
# those that reach the threshold are aligned word by word, so the cost of a
# document is bounded however many formulaic siblings the index gives (templated
# reports give more the larger the corpus). Why the caps cannot lose a true
# reprint: a copy's figures and names are its original's (a new headline that
# adds one adds it against every candidate alike), so the original, and every
# earlier copy of it, lacks none of them, while a sibling that swaps a figure or a
# place lacks at least that one and ranks behind. What can rank beside the
# original are documents that carry every figure and name of the copy and look as
# similar: other copies of the same text, which lead to the same original. Among
# the aligned candidates the earliest copied one wins, and a copy points to its
# original's original, so the link still goes to the earliest version.
MAX_ALIGNED = 8
MAX_CHECKED = 2 * MAX_ALIGNED
# the documents whose words and shingles stay in memory during a pass: the
# candidates that reach the exact check are mostly recent (same story, same days)
INPUTS_CACHED = 512
# a text longer than this (a whole archive in one file) is hashed as its words are read,
# a batch of shingles at a time, and its words and shingles are never cached: held
# whole, a 50 MB text's would take gigabytes
STREAMED_CHARS = 1_000_000
# the signatures of the texts hashed last: a store marks the near-copies of a block's
# documents again each time one joins it (``store._Writer.mark_reprints``), and hashed
# anew each time, the same texts took a third of a feed's time in the store
SIGNATURES_CACHED = 4096
# the pairs of texts whose exact check is remembered, for the same reason
PAIRS_CACHED = 65_536
SHINGLE_BATCH = 20_000
# the weights of false positives and false negatives when the index picks its bands
LSH_WEIGHTS = (0.2, 0.8)
_UNDATED = datetime.max.replace(tzinfo=timezone.utc)


@dataclass
class _Seen:
    """What the pass keeps of a document already indexed: little, so that memory
    grows by a few words a document (its words and shingles are recomputed, and
    cached for the most recent, when a later document needs them)."""

    document: Document
    rank: int  # its place in publication order
    _details: frozenset[str] | None = None

    @property
    def details(self) -> frozenset[str]:
        """Its folded figures and names (``details``), found the first time a ranking needs them."""
        if self._details is None:
            self._details = details(self.document.text)
        return self._details


@dataclass(frozen=True)
class _Inputs:
    """A text as the exact check reads it."""

    words: list[str]  # as written, for the alignment's test of a detail
    folded: list[str]  # case-folded, what is aligned and shingled
    shingles: frozenset[str]

    def similarity(self, other: _Inputs) -> float:
        """The exact Jaccard similarity of the two shingle sets."""
        if not self.shingles:
            return 0.0
        shared = len(self.shingles & other.shingles)
        return shared / (len(self.shingles) + len(other.shingles) - shared)


def _read_inputs(text: str, size: int) -> _Inputs:
    words = _WORDS.findall(text)
    folded = [word.casefold() for word in words]
    return _Inputs(words, folded, frozenset(shingles(folded, size=size)))


_inputs = lru_cache(maxsize=INPUTS_CACHED)(_read_inputs)


def mark_duplicates(documents: Iterable[Document], *, settings: Settings = DEFAULT_SETTINGS
                    ) -> list[Document]:
    """Set ``duplicate_of`` on every later near-copy; return the documents, in input order.

    A document that already names its original keeps it. With
    ``Settings.duplicate_threshold`` set to None, nothing is marked.
    """
    documents = list(documents)
    threshold = settings.duplicate_threshold
    if threshold is None or len(documents) < 2:
        return documents
    from datasketch import MinHashLSH

    # candidates are checked exactly, so the index leans towards missing none
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=_bands(threshold))
    seen: list[_Seen] = []  # by rank, the key of each in the index
    hashvalues = np.empty((len(documents), NUM_PERM), dtype=np.uint64)
    ordered = sorted(enumerate(documents), key=_publication_order)
    for rank, (_, document) in enumerate(ordered):
        current = _Seen(document, rank)
        minhash = text_signature(document.text, size=settings.shingle_words)
        hashvalues[rank] = minhash.hashvalues
        if document.duplicate_of is None:
            candidates = _likely(minhash, index.query(minhash), hashvalues, threshold - ESTIMATE_MARGIN)
            original = _original(current, [(seen[key], estimate) for key, estimate in candidates],
                                 settings)
            if original is not None:
                document.duplicate_of = original.document.duplicate_of or original.document.id
        index.insert(rank, minhash)
        seen.append(current)
    _inputs.cache_clear()
    return documents


def shingles(words: list[str], *, size: int) -> set[str]:
    """The runs of ``size`` consecutive words; a shorter text is one shingle."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def text_signature(text: str, *, size: int) -> MinHash:
    """The MinHash of a text's shingles (``signature``); a long text's is made as its
    words are read (``streamed_shingles``), the same hash values, in memory that does not
    grow with the text."""
    if len(text) <= STREAMED_CHARS:
        return _short_signature(text, size)
    minhash = signature(set())
    batch: set[str] = set()
    for shingle in streamed_shingles(text, size=size):
        batch.add(shingle)
        if len(batch) == SHINGLE_BATCH:
            # the minimum over all shingles is the minimum over the batches' minima
            minhash.update_batch([s.encode("utf-8") for s in batch])
            batch.clear()
    if batch:
        minhash.update_batch([s.encode("utf-8") for s in batch])
    return minhash


@lru_cache(maxsize=SIGNATURES_CACHED)
def _short_signature(text: str, size: int) -> MinHash:
    """A short text's signature, kept: it is only read, never updated."""
    return signature(set(_inputs(text, size).shingles))


def streamed_shingles(text: str, *, size: int) -> Iterator[str]:
    """The shingles of ``shingles`` (over the case-folded words), one at a time and
    possibly repeated, without the text's words ever all in memory."""
    window: deque[str] = deque(maxlen=size)
    count = 0
    for match in _WORDS.finditer(text):
        window.append(match.group().casefold())
        count += 1
        if count >= size:
            yield " ".join(window)
    if 0 < count < size:
        yield " ".join(window)


def signature(shingle_set: set[str]) -> MinHash:
    """The MinHash of a shingle set; every signature shares one set of
    permutations, drawn once (drawing them is most of the cost of a new MinHash)."""
    from datasketch import MinHash

    prototype = _prototype()
    minhash = MinHash(num_perm=NUM_PERM, permutations=prototype.permutations, scheme=prototype.scheme)
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    return minhash


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[int, int]:
    """The index's bands and rows for a threshold: datasketch finds them by numerical
    integration, some 60 ms, which a run spends once rather than per index (the
    pipeline makes one index per group of documents about the same events)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    return index.b, index.r


def load(settings: Settings = DEFAULT_SETTINGS) -> None:
    """Make ready, once, what marking near-duplicates reads: datasketch (which imports
    scipy, 0.3 s), the index's bands for the threshold, the permutations."""
    if settings.duplicate_threshold is not None:
        _bands(settings.duplicate_threshold)
        _prototype()


@lru_cache(maxsize=1)
def _prototype() -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)


def _likely(minhash: MinHash, candidates: list[int], hashvalues: np.ndarray, floor: float
            ) -> list[tuple[int, float]]:
    """The candidates whose signatures estimate a similarity of at least ``floor``,
    with that estimate: one vectorised comparison for all the index gives."""
    if not candidates:
        return []
    keys = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
    estimates = (hashvalues[keys] == minhash.hashvalues).mean(axis=1)
    kept = estimates >= floor
    return list(zip(keys[kept].tolist(), estimates[kept].tolist()))


def _original(current: _Seen, candidates: list[tuple[_Seen, float]], settings: Settings
              ) -> _Seen | None:
    """The earliest of ``candidates`` (documents indexed before, with their estimated
    similarity) that ``current`` copies, if any."""
    # details first: a copy's figures and names are its original's (see MAX_ALIGNED);
    # a set difference of a few words each, the exact similarity only for the first few
    ranked = sorted(candidates, key=lambda pair: (len(current.details - pair[0].details),
                                                  -pair[1], pair[0].rank))
    size, mine = settings.shingle_words, current.document.text
    close = []
    for earlier, _ in ranked[:MAX_CHECKED]:
        if _similarity(earlier.document.text, mine, size) >= settings.duplicate_threshold:
            close.append(earlier)
            if len(close) == MAX_ALIGNED:
                break
    for earlier in sorted(close, key=lambda seen: seen.rank):
        if not _swapped(earlier.document.text, mine, size):
            return earlier
    return None


def _pair_cached(check):
    """``check`` of two texts, remembered for short ones: a store marks the near-copies
    of a block again each time a document joins it, with the same pairs to check."""
    cached = lru_cache(maxsize=PAIRS_CACHED)(check)

    def checked(earlier: str, later: str, size: int):
        if max(len(earlier), len(later)) > STREAMED_CHARS:
            return check(earlier, later, size)
        return cached(earlier, later, size)
    checked.cache_clear = cached.cache_clear
    return checked


@_pair_cached
def _similarity(earlier: str, later: str, size: int) -> float:
    return _inputs_of(later, size).similarity(_inputs_of(earlier, size))


@_pair_cached
def _swapped(earlier: str, later: str, size: int) -> bool:
    """Does ``later`` swap a figure or a name of ``earlier`` (the exact check's second half)?"""
    theirs, mine = _inputs_of(earlier, size), _inputs_of(later, size)
    return _swaps(theirs.words, mine.words, SequenceMatcher(None, theirs.folded, mine.folded, autojunk=False))


def _inputs_of(text: str, size: int) -> _Inputs:
    return _read_inputs(text, size) if len(text) > STREAMED_CHARS else _inputs(text, size)


def details(text: str) -> frozenset[str]:
    """The figures and names of a text, folded: words that start with a digit, and
    capitalised words that do not open a sentence (or a line)."""
    found = set()
    for match in _WORDS.finditer(text):
        word = match.group()
        if word[0].isdigit() or (word[0].isupper() and not _opens_sentence(text, match.start())):
            found.add(sys.intern(word.casefold()))
    return frozenset(found)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 8):start].rstrip(" \t\"«“„'(")
    return not before or before[-1] in ".!?…\n"


def copies(first: str, second: str, *, settings: Settings = DEFAULT_SETTINGS) -> bool:
    """Is ``second`` a copy of ``first``? The check of one candidate pair.

    The exact Jaccard similarity of their shingles must reach the threshold
    (the index only estimates it), and ``second`` must not swap a detail of
    ``first``. Words are kept only while two documents are compared.
    """
    words, others = _WORDS.findall(first), _WORDS.findall(second)
    folded, other_folded = [w.casefold() for w in words], [w.casefold() for w in others]
    mine = shingles(folded, size=settings.shingle_words)
    theirs = shingles(other_folded, size=settings.shingle_words)
    if not mine or len(mine & theirs) < settings.duplicate_threshold * len(mine | theirs):
        return False
    return not _swaps(words, others, SequenceMatcher(None, folded, other_folded, autojunk=False))


def swapped_details(first: str, second: str) -> bool:
    """Does ``second`` swap a figure or a name of ``first`` inside a shared passage?

    The texts are aligned word by word; a swap is a run of at most
    ``MAX_SWAP_WORDS`` words replaced by another such run between two shared
    runs of at least ``MIN_SHARED_WORDS`` words (or that reach the start or
    the end of both texts), where each side holds a
    number or a capitalised word. (A rewritten passage shares a word here and
    there with the one it replaces; those lone words are no shared passage.)
    """
    words, others = _WORDS.findall(first), _WORDS.findall(second)
    matcher = SequenceMatcher(None, [w.casefold() for w in words], [w.casefold() for w in others],
                              autojunk=False)
    return _swaps(words, others, matcher)


def _swaps(words: list[str], others: list[str], matcher: SequenceMatcher) -> bool:
    opcodes = matcher.get_opcodes()
    for before, (tag, i1, i2, j1, j2), after in zip(opcodes, opcodes[1:], opcodes[2:]):
        if (tag == "replace" and i2 - i1 <= MAX_SWAP_WORDS and j2 - j1 <= MAX_SWAP_WORDS
                and _shared(before, words, others) and _shared(after, words, others)
                and _detail(words[i1:i2]) and _detail(others[j1:j2])):
            return True
    return False


def _shared(opcode: tuple[str, int, int, int, int], words: list[str], others: list[str]) -> bool:
    """A shared run long enough to be a passage, or one that reaches the texts' start or end."""
    tag, i1, i2, j1, j2 = opcode
    edge = (i1 == j1 == 0) or (i2 == len(words) and j2 == len(others))
    return tag == "equal" and (i2 - i1 >= MIN_SHARED_WORDS or edge)


def _detail(words: list[str]) -> bool:
    return any(word[0].isdigit() or word[0].isupper() for word in words)


def _publication_order(item: tuple[int, Document]) -> tuple[datetime, int]:
    position, document = item
    return published_moment(document.published) or _UNDATED, position


def published_moment(published: str | None) -> datetime | None:
    """A publication time as an aware datetime (UTC when it gives no offset), or None."""
    if not published:
        return None
    text = published[:-1] + "+00:00" if published.endswith(("Z", "z")) else published
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
