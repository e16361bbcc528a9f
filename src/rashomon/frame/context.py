"""Context slots: ``target``, ``place``, ``weapon`` and ``time``."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from spacy.tokens import Span

from ..lang import LanguageData
from ..ledger import Fact
from ..pieces import ents_within, lowered_words, span_text, words_among
from .words import FrameWords, frame_words, member


def target_fact(content: Span, words: FrameWords) -> Fact | None:
    """What was struck: a facility noun with the words that name it, up to a comma."""
    for token in words_among(content, words.targets, lemmas=True):
        if token.pos_ == "NOUN":
            end = token.i + 1
            for right in token.doc[token.i + 1: token.right_edge.i + 1]:
                if right.is_punct or right.is_space or right.dep_ in ("acl:relcl", "acl", "appos", "conj", "cc"):
                    break
                end = right.i + 1
            span = token.doc[token.i:end]
            return Fact(slot="target", value=span.text, span=(span.start_char, span.end_char))
    return None


def place_fact(content: Span, words: FrameWords) -> Fact | None:
    """Where it happened: a place name the text puts a preposition or a target in front of.

    "Kiev affirme" names an actor, not a place; "en Ukraine" is too broad to
    tell one strike from another, so a named town or region comes first.
    """
    places = [ent for ent in ents_within(content) if ent.label_ in ("LOC", "GPE") and is_located(ent)]
    places.sort(key=lambda ent: ent.text.lower() in words.broad_places)
    if not places:
        return None
    ent = places[0]
    return Fact(slot="place", value=ent.text, span=(ent.start_char, ent.end_char))


def named_places(docs: Iterable, lang: LanguageData) -> list[str]:
    """Every located place name of a document's pieces, the broad ones left out."""
    words = frame_words(lang)
    return [ent.text for doc in docs for ent in doc.ents
            if ent.label_ in ("LOC", "GPE") and is_located(ent) and ent.text.lower() not in words.broad_places]


def is_located(ent: Span) -> bool:
    root = ent.root
    return any(c.dep_ == "case" for c in root.children) or root.dep_ in ("nmod", "obl", "obl:mod", "appos")


def weapon_fact(content: Span, words: FrameWords) -> Fact | None:
    text = span_text(content).lower()
    for weapon in words.weapons:
        at = text.find(weapon.lower())
        if at >= 0:
            start = content.start_char + at
            return Fact(slot="weapon", value=weapon, span=(start, start + len(weapon)))
    return None


def time_expressions(span: Span, words: FrameWords) -> list[tuple[str, int]]:
    """Date words in a span: relative ("dimanche", "hier") or "12 mars 2024"."""
    original = span_text(span)
    text = original.lower()
    found = []
    for expression in words.relative_dates:
        at = word_at(text, expression.lower())
        if at >= 0:
            found.append((original[at: at + len(expression)], span.start_char + at))
    doc, lowered = span.doc, lowered_words(span.doc)
    # a number before a month's name: the months looked up in the piece's words first
    for i in range(span.start, span.end):
        if i + 1 < len(doc) and lowered[i + 1] in words.months and doc[i].like_num:
            end = i + 2
            if end < len(doc) and doc[end].like_num and len(doc[end].text) == 4:
                end += 1
            expression = doc[i:end]
            found.append((expression.text, expression.start_char))
    return sorted(found, key=lambda f: f[1])


def dates_a_saying(doc, start: int, expression: str, lang: LanguageData) -> bool:
    """Is the date expression at ``start`` a time of a cue verb ("said on Monday", "сообщил
    в понедельник")?"""
    words = doc.char_span(start, start + len(expression), alignment_mode="expand")
    return words is not None and any(
        t.head.i not in range(words.start, words.end) and t.head.pos_ in ("VERB", "AUX")
        and t.head.lemma_.lower() in lang.cues for t in words)


def word_at(text: str, word: str) -> int:
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return at
        at = text.find(word, at + 1)
    return -1


def resolve_date(expression: str, lang: LanguageData, published: str | None) -> tuple[str, bool]:
    """An ISO date for a date expression, against the publication date if any."""
    if not published:
        return expression, False
    # imported on the first date read against a publication date, not with the
    # pipeline (0.03-0.07 s, a tenth of rashomon's own imports)
    import dateparser

    base = datetime.fromisoformat(published.replace("Z", "+00:00")).replace(tzinfo=None)
    date = dateparser.parse(expression, languages=[lang.code],
                            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    if date is None:
        return expression, False
    if (base.date() - date.date()).days == 7 and len(expression.split()) == 1:
        date = base  # "dimanche" in a report of a Sunday is that Sunday, not the one before
    return date.date().isoformat(), True


def time_fact(content: Span, words: FrameWords, lang: LanguageData, published: str | None) -> Fact | None:
    # "The strikes, as the ministry said on Monday, were …": when a saying was, not the strike
    expressions = [(e, at) for e, at in time_expressions(content, words) if not dates_a_saying(content.doc, at, e, lang)]
    if not expressions:
        return None
    expression, start = expressions[0]
    value, resolved = resolve_date(expression, lang, published)
    return Fact(slot="time", value=value, span=(start, start + len(expression)),
                evidence=expression, resolved=resolved)
