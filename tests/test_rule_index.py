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


# --- the piece's words, read once: what the rules and the frame look up ----------------


@pytest.mark.parametrize("code", ["fr", "en", "ru", "uk"])
def test_the_cues_of_a_piece_found_once_are_the_words_is_cue_takes(code):
    from rashomon.attribute.syntax import cue_words, is_cue

    lang = load_language(code)
    found = 0
    for _, docs in parse_documents(case_documents(code)):
        for doc in docs:
            for sentence in doc.sents:
                cues = cue_words(sentence, lang)
                assert [t.i for t in cues] == [t.i for t in sentence if is_cue(t, lang)]
                found += len(cues)
    assert found


@pytest.mark.parametrize("code", ["fr", "en", "ru", "uk"])
def test_the_words_looked_up_in_the_piece_are_those_a_scan_of_every_word_finds(code):
    from rashomon.pieces import span_text, words_among

    lang = load_language(code)
    vocabulary = frozenset({",", ":", "«", *list(lang.cues)[:40]})
    for _, docs in parse_documents(case_documents(code)):
        for doc in docs:
            for sentence in doc.sents:
                assert span_text(sentence) == sentence.text
                assert span_text(sentence[1:4]) == sentence[1:4].text
                assert words_among(sentence, vocabulary) == [t for t in sentence if t.lower_ in vocabulary]
                assert words_among(sentence, vocabulary, lemmas=True) == [
                    t for t in sentence if t.lower_ in vocabulary or t.lemma_.lower() in vocabulary]


@pytest.mark.parametrize("code", ["fr", "en", "ru", "uk"])
def test_every_word_a_frame_slot_reads_is_among_the_slots_start_words(code):
    """The frame looks for its slots only from the words of ``FrameWords``' ``*_starts``:
    each word that opens a slot's reading, as the slot's own test says, is among them."""
    from rashomon.frame.counts import trigger_slot
    from rashomon.frame.words import frame_words, member
    from rashomon.pieces import words_among

    lang = load_language(code)
    words = frame_words(lang)
    casualty = lambda t: words.casualties.get(t.lemma_.lower()) or words.casualties.get(t.lower_)  # noqa: E731
    opens = {
        "count_starts": lambda t: trigger_slot(t, words) is not None,
        "noun_count_starts": lambda t: words.triggers.get(t.lemma_.lower()) or member(t, words.strikes),
        "casualty_starts": lambda t: casualty(t) or any(member(t, w) for w in (
            words.victims, words.losses, words.killings, words.damage)),
        "damage_starts": lambda t: member(t, words.damage) or casualty(t),
    }
    seen = dict.fromkeys(opens, 0)
    for _, docs in parse_documents(case_documents(code, count=12)):
        for doc in docs:
            for name, opening in opens.items():
                starts = {t.i for t in words_among(doc[:], getattr(words, name), lemmas=True)}
                for token in doc:
                    if opening(token):
                        assert token.i in starts, (name, token.text)
                        seen[name] += 1
    assert all(seen.values()), seen
