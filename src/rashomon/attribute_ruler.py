"""spaCy's attribute ruler, its patterns looked up once per kind of word instead of tried at every word.

spaCy's ``AttributeRuler`` hands its patterns to a ``Matcher``, which starts every pattern
at every word and, for a set or a regular expression (``IN``, ``NOT_IN``, ``REGEX``),
calls back into Python at each try. The English model's ruler has 179 patterns, a tag's
parts of speech and morphology and the exceptions to them: matching them was 15% of the
bare English parse (0.185 s of 1.23 on 6,000 words), more than the tagger and the
dependency parser together; setting what they match, 1%.

A word's matches depend only on the few attributes the patterns read (in English its
tag, lowered form, relation and whether it is a space), and a text repeats the same
combinations, so ``IndexedAttributeRuler`` works each combination out once and looks it
up after. A value no pattern tells apart from another (a lowered form that no pattern
names and no pattern's regular expression matches) is read as one stand-in
(``StandIn``): 50 English articles hold 12,722 combinations, 819 once so read. The
matches are the ``Matcher``'s, deduplicated and sorted as the ruler sorts them, and set
by the ruler's own ``set_annotations``; a pattern this index cannot read (an operator
such as ``"OP": "+"``, a comparison, a morphological feature, an extension attribute)
is left to a ``Matcher`` of its own.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.vocab import Vocab

# the token attributes ``Doc.to_array`` reads as the Matcher compares them: hashes of
# strings, symbols, or 0/1 flags (not ENT_IOB, whose letters the Matcher numbers itself)
INDEXED_ATTRS = frozenset({
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA", "TAG", "POS", "DEP",
    "ENT_TYPE", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
    "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
    "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
})
STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA",
                          "TAG", "POS", "DEP", "ENT_TYPE"})
PREDICATES = frozenset({"IN", "NOT_IN", "REGEX"})
# which of a word's required values to look its test up by: the rarest kind first
ANCHOR_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "PREFIX", "SUFFIX", "SHAPE", "TAG", "POS", "DEP",
                "ENT_TYPE")
# a long-lived process meets new combinations for ever, fewer since the values no pattern
# tells apart are one (``StandIn``): start the table afresh past this many (before, the
# English ruler met some 1,000 on 6,000 words, 53,000 on 580,000)
MAX_COMBINATIONS = 200_000
# the string a column's values that no pattern tells apart are all read as
STAND_IN = "\u2400 any other value"

Row = tuple[int, ...]


@dataclass(frozen=True)
class WordTest:
    """One word's part of a pattern, as tests on a row of ``Doc.to_array(columns)``."""

    tests: tuple[Callable[[Row], bool], ...]
    # a (column, value) the word must have, if it names one: the test is looked up by it
    anchor: tuple[int, int] | None

    def __call__(self, row: Row) -> bool:
        return all(test(row) for test in self.tests)


@dataclass(frozen=True)
class IndexedPattern:
    """One alternative of one of the ruler's patterns: its key, and a test per word."""

    attr_id: int  # the ruler's number for the pattern: later numbers win
    match_id: int  # the hash of its key, as the Matcher reports it
    words: tuple[int, ...]  # the ids of its words' tests, in order


@dataclass
class Combination:
    """What one combination of the indexed attributes satisfies."""

    satisfied: frozenset[int]  # the ids of the word tests it passes
    singles: tuple[tuple[int, int], ...]  # (attr_id, match_id) of the one-word patterns it matches
    starts: tuple[IndexedPattern, ...]  # the longer patterns whose first word it passes


@dataclass
class StandIn:
    """One column's values that no pattern tells apart, read as one value: neither
    named by a pattern (as a value, or in ``IN`` or ``NOT_IN``) nor matched by one of
    its regular expressions. Every test on the column gives such a value what it gives
    the stand-in, so the combinations of a word's values are fewer and each is worked
    out once (in a new process most words are new)."""

    named: frozenset[int]
    expressions: tuple[re.Pattern, ...]
    value: int  # the id of ``STAND_IN``
    strings: StringStore
    seen: dict[int, int] = field(default_factory=dict)

    def __call__(self, value: int) -> int:
        found = self.seen.get(value)
        if found is None:
            if len(self.seen) >= MAX_COMBINATIONS:
                self.seen.clear()
            told_apart = value in self.named or any(e.search(self.strings[value]) for e in self.expressions)
            found = self.seen[value] = value if told_apart else self.value
        return found


@dataclass
class PatternIndex:
    columns: list[int]
    tests: list[WordTest]
    patterns: list[IndexedPattern]
    fallback: Matcher | None
    # the column (its place in ``columns``) -> the stand-in of its values
    stand_ins: dict[int, StandIn] = field(default_factory=dict)
    combinations: dict[Row, Combination] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.anchored: dict[tuple[int, int], list[int]] = {}
        self.unanchored: list[int] = []
        for number, test in enumerate(self.tests):
            if test.anchor is None:
                self.unanchored.append(number)
            else:
                self.anchored.setdefault(test.anchor, []).append(number)
        self.opened_by: dict[int, list[IndexedPattern]] = {}
        for pattern in self.patterns:
            self.opened_by.setdefault(pattern.words[0], []).append(pattern)

    def combination(self, row: Row) -> Combination:
        found = self.combinations.get(row)
        if found is None:
            if len(self.combinations) >= MAX_COMBINATIONS:
                self.combinations.clear()
            found = self.combinations[row] = self.evaluate(row)
        return found

    def evaluate(self, row: Row) -> Combination:
        candidates = list(self.unanchored)
        for column, value in enumerate(row):
            candidates.extend(self.anchored.get((column, value), ()))
        satisfied = frozenset(number for number in candidates if self.tests[number](row))
        opened = [pattern for number in satisfied for pattern in self.opened_by.get(number, ())]
        return Combination(
            satisfied,
            tuple((p.attr_id, p.match_id) for p in opened if len(p.words) == 1),
            tuple(p for p in opened if len(p.words) > 1),
        )


def readable(words: list[dict[str, Any]]) -> bool:
    """Whether the index can read a pattern (else a Matcher of its own matches it)."""
    return bool(words) and all(map(indexable, words))


def indexable(word: dict[str, Any]) -> bool:
    """Whether the index can read a pattern's word: indexed attributes, values or IN/NOT_IN/REGEX."""
    for attr, value in word.items():
        if attr not in INDEXED_ATTRS:
            return False
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= PREDICATES:
                return False
            (predicate, argument), = value.items()
            if predicate == "REGEX" and (attr not in STRING_ATTRS or not isinstance(argument, str)):
                return False
            if predicate != "REGEX" and not isinstance(argument, (list, tuple, set)):
                return False
        elif not isinstance(value, (str, int, bool)):
            return False
    return True


def value_id(vocab: Vocab, value: str | int | bool) -> int:
    """The integer ``Doc.to_array`` holds for a pattern's value, as the Matcher compares it."""
    return vocab.strings.add(value) if isinstance(value, str) else int(value)


def attribute_test(vocab: Vocab, column: int, value: Any) -> Callable[[Row], bool]:
    if not isinstance(value, dict):
        wanted = value_id(vocab, value)
        return lambda row: row[column] == wanted
    (predicate, argument), = value.items()
    if predicate == "REGEX":
        expression, strings = re.compile(argument), vocab.strings
        return lambda row: bool(expression.search(strings[row[column]]))
    members = frozenset(value_id(vocab, item) for item in argument)
    if predicate == "IN":
        return lambda row: row[column] in members
    return lambda row: row[column] not in members


def build_index(vocab: Vocab, patterns: Sequence[dict[str, Any]]) -> PatternIndex:
    """The index of an ``AttributeRuler``'s ``patterns``, in the ruler's own numbering."""
    indexed = [(number, alternative) for number, entry in enumerate(patterns)
               for alternative in entry["patterns"]]
    names = sorted({attr for _, words in indexed if readable(words) for word in words for attr in word})
    column_of = {name: i for i, name in enumerate(names)}
    tests: list[WordTest] = []
    test_ids: dict[str, int] = {}
    indexed_patterns, fallback = [], None
    for number, words in indexed:
        match_id = vocab.strings.add(str(number))
        if not readable(words):
            fallback = fallback or Matcher(vocab)
            fallback.add(match_id, [words])
            continue
        ids = []
        for word in words:
            key = repr(sorted(word.items()))
            if key not in test_ids:
                test_ids[key] = len(tests)
                tests.append(word_test(vocab, word, column_of))
            ids.append(test_ids[key])
        indexed_patterns.append(IndexedPattern(number, match_id, tuple(ids)))
    words = [word for _, alternative in indexed if readable(alternative) for word in alternative]
    stand_ins = {column_of[name]: stand_in for name in names
                 if (stand_in := column_stand_in(vocab, name, words)) is not None}
    return PatternIndex([IDS[name] for name in names], tests, indexed_patterns, fallback, stand_ins)


def column_stand_in(vocab: Vocab, attr: str, words: list[dict[str, Any]]) -> StandIn | None:
    """The stand-in of the values of a string attribute that the patterns' ``words``
    do not tell apart; None for another attribute, or if they would tell it apart."""
    if attr not in STRING_ATTRS:
        return None
    named, expressions = set(), []
    for word in words:
        value = word.get(attr)
        if isinstance(value, dict):
            (predicate, argument), = value.items()
            if predicate == "REGEX":
                expressions.append(re.compile(argument))
            else:
                named.update(value_id(vocab, item) for item in argument)
        elif value is not None:
            named.add(value_id(vocab, value))
    stand_in = vocab.strings.add(STAND_IN)
    if stand_in in named or any(e.search(STAND_IN) for e in expressions):
        return None
    return StandIn(frozenset(named), tuple(expressions), stand_in, vocab.strings)


def word_test(vocab: Vocab, word: dict[str, Any], column_of: dict[str, int]) -> WordTest:
    equal = sorted((ANCHOR_ORDER.index(attr) if attr in ANCHOR_ORDER else len(ANCHOR_ORDER), attr)
                   for attr, value in word.items() if not isinstance(value, dict))
    anchor = None
    if equal:
        attr = equal[0][1]
        anchor = (column_of[attr], value_id(vocab, word[attr]))
    return WordTest(tuple(attribute_test(vocab, column_of[attr], value) for attr, value in word.items()),
                    anchor)


def indexed_matches(index: PatternIndex, doc: Doc) -> list[tuple[int, int, int, int]]:
    """The Matcher's matches of the index's patterns on ``doc``, as ``AttributeRuler.match`` gives them."""
    found: set[tuple[int, int, int, int]] = set()
    if index.columns:
        # one word's array of one attribute comes back flat
        array = doc.to_array(index.columns).reshape(len(doc), len(index.columns))
        for column, stand_in in index.stand_ins.items():
            values, where = numpy.unique(array[:, column], return_inverse=True)
            read_as = numpy.array([stand_in(value) for value in values.tolist()], dtype=array.dtype)
            array[:, column] = read_as[where.reshape(-1)]
        rows = array.tolist()
        combinations = [index.combination(tuple(row)) for row in rows]
        for start, combination in enumerate(combinations):
            found.update((attr_id, match_id, start, start + 1) for attr_id, match_id in combination.singles)
            for pattern in combination.starts:
                end = start + len(pattern.words)
                if end <= len(rows) and all(word in combinations[start + offset].satisfied
                                            for offset, word in enumerate(pattern.words)):
                    found.add((pattern.attr_id, pattern.match_id, start, end))
    if index.fallback is not None:
        strings = doc.vocab.strings
        found.update((int(strings[match_id]), match_id, start, end)
                     for match_id, start, end in index.fallback(doc, allow_missing=True))
    return sorted(found)


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose ``match`` looks its patterns up (see the module's docstring)."""

    _index: PatternIndex | None = None

    def add(self, patterns, attrs, index=0) -> None:  # noqa: ANN001 -- AttributeRuler's signature
        super().add(patterns, attrs, index)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._index is None:
            self._index = build_index(self.vocab, self.patterns)
        return indexed_matches(self._index, doc)


# (this module does without ``from __future__ import annotations``: spaCy checks a
# factory's arguments against its annotations as written, and under spaCy 3.8.7's
# confection a postponed ``Language`` is a name it cannot resolve)
@Language.factory("rashomon_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


def index_attribute_ruler(nlp: Language) -> None:
    """Put an ``IndexedAttributeRuler`` with the same patterns in place of ``nlp``'s attribute ruler."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    ruler = nlp.replace_pipe("attribute_ruler", "rashomon_attribute_ruler")
    ruler.add_patterns(patterns)
