"""The rule lemmatizer's known words looked up in a set: the same lemmas as the stock model.

spaCy's English and French models keep the words their rule lemmatizer knows as lists,
which it scans for every word a process meets for the first time;
``adapters.index_lemma_tables`` puts lists that answer ``in`` from a set in their place.
"""

from __future__ import annotations

import pytest
import spacy

from rashomon.adapters import KnownWords, index_lemma_tables
from rashomon.parse import load_parser
from rashomon.settings import Settings

from test_attribute_ruler import texts_of


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_parser_lemmatizes_as_the_stock_model_with_its_known_words_in_sets(lang):
    spec = Settings().models[lang]
    parser = load_parser(lang, spec)
    index = parser.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, KnownWords) for words in index.values())
    stock = spacy.load(spec.partition(":")[2])
    assert not any(isinstance(words, KnownWords)
                   for words in stock.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())
    texts = texts_of(lang)
    ours = [t.lemma_ for doc in parser.nlp.pipe(texts) for t in doc]
    theirs = [t.lemma_ for doc in stock.pipe(texts) for t in doc]
    assert len(ours) > 1000
    assert ours == theirs


def test_known_words_answer_as_the_list_and_are_written_as_one():
    words = KnownWords(["house", "mouse", "maison"])
    assert "house" in words and "houses" not in words and 3 not in words
    assert words == ["house", "mouse", "maison"]
    nlp = spacy.load(Settings().models["fr"].partition(":")[2])
    index_lemma_tables(nlp)
    copy = spacy.load(Settings().models["fr"].partition(":")[2])
    copy.from_bytes(nlp.to_bytes())  # the pipeline is still written and read as spaCy does
    assert [t.lemma_ for t in copy("Les maisons ont été détruites.")] == \
        [t.lemma_ for t in nlp("Les maisons ont été détruites.")]


def test_a_pipeline_without_a_rule_lemmatizer_is_left_as_it_is():
    nlp = spacy.blank("en")
    index_lemma_tables(nlp)
    assert nlp.pipe_names == []
