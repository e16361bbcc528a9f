"""The "according to" and back-reference rules look only at words their phrases can
begin with (``LanguageData.according_to_starts``, ``back_reference_starts``), and find
what they found when they looked at every word."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.attribute.rules import back_reference
from rashomon.attribute.speakers import SpeakerMemory
from rashomon.attribute.syntax import according_to_at
from rashomon.lang import according_to_starts, load_language
from rashomon.ledger import Document
from rashomon.parse import parse_documents

CASES = Path(__file__).resolve().parent.parent / "eval" / "cases"


def case_documents(lang: str, count: int = 6) -> list[Document]:
    documents = []
    for path in sorted(CASES.glob("*.case.json")):
        for d in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            if d.get("lang") == lang and len(documents) < count:
                documents.append(Document(id=f"{path.stem}/{d['id']}", text=d["text"], lang=lang))
    return documents


def test_the_first_words_of_the_forms_are_indexed():
    starts = according_to_starts(("d'après", "selon", "aux dires de"))
    assert {"d'", "selon", "aux"} <= starts
    assert "après" not in starts and "de" not in starts
    assert according_to_starts(("* source", "selon")) is None  # a wildcard first: every word
    assert load_language("ru").back_reference_starts == {"об", "о"}
    assert load_language("fr").back_reference_starts == frozenset()


@pytest.mark.parametrize("code", ["fr", "en", "ru", "uk"])
def test_the_indexed_rules_find_what_they_found_looking_at_every_word(code):
    lang = load_language(code)
    unindexed = replace(lang, according_to_starts=None,
                        back_reference_starts=frozenset(w for p in lang.back_references for w in p.split()) | {""})
    every_word = replace(unindexed, back_reference_starts=frozenset(
        t for _, docs in parse_documents(case_documents(code)) for doc in docs for t in (w.lower_ for w in doc)))
    matched = 0
    for _, docs in parse_documents(case_documents(code)):
        for doc in docs:
            for token in doc:
                found = according_to_at(token, lang)
                assert found == according_to_at(token, unindexed)
                matched += bool(found[0])
            for sentence in doc.sents:
                indexed = list(back_reference(sentence, lang, SpeakerMemory(), set(), []))
                full = list(back_reference(sentence, every_word, SpeakerMemory(), set(), []))
                assert [(a.content, a.cue) for a in indexed] == [(a.content, a.cue) for a in full]
    assert matched  # the cases do say "according to", in every language
