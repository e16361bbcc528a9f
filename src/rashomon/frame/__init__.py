"""Fill the slots of an attack frame from each claim's content.

Requires: attributions from ``attribute`` (content spans over the parse).
Assigns: ``Fact`` objects per claim: counts (``launched``, ``hit``,
``intercepted``, ``killed``, ``injured``), ``damage`` (none / some /
significant), ``production_disrupted``, and the context slots ``target``,
``place``, ``weapon`` and ``time``.

Facts say what the source holds true: a negated clause ("n'ont pas atteint"),
a zero determiner ("aucun drone"), "sans" ("sans causer de dégâts") or a
denial by the speaker ("La Russie a nié que les frappes aient atteint leur
cible") turn the value to zero, ``none`` or ``false``. Words come from
``lang/<code>/frame.yaml``; number words are read by text2num where the
language has it.

The stage is a package: ``words`` (the language's frame words), ``numbers``,
``negation``, ``counts``, ``casualties``, ``damage`` and ``context`` fill the slots;
this module reads one claim with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span, Token

from ..lang import LanguageData
from ..ledger import COUNT_SLOTS, Fact
from ..order import published_moment
from ..parse import DASHES, SENTENCE_END
from ..pieces import lowered_words, span_text
from .casualties import casualty_facts, lives_taken
from .context import named_places, place_fact, resolve_date, target_fact, time_expressions, time_fact, weapon_fact
from .counts import count_facts
from .damage import damage_fact, production_fact
from .negation import clause_heads, negates
from .words import FrameWords, frame_words, member

__all__ = ["frame_content", "frame_words", "named_places", "resolve_date", "statement_time"]


def frame_content(content: Span, stance: str, lang: LanguageData, *, published: str | None = None,
                  launched_before: int | None = None, totals_before: dict[str, int] | None = None) -> list[Fact]:
    """Every fact a claim's content gives, offsets relative to the parsed piece.
    ``launched_before``: the last launch count the same source gave before this claim
    in the document, which "all of them were shot down" counts; ``totals_before``: the
    largest count of each slot the document gave before it, which a count broken down
    by region is a share of."""
    words = frame_words(lang)
    negative_claim = stance == "deny"
    facts = count_facts(content, lang, words, negative_claim, launched_before)
    facts += casualty_facts(content, lang, words, negative_claim)
    facts += lives_taken(content, lang, words, negative_claim)
    for fact in (damage_fact(content, lang, words, negative_claim), production_fact(content, lang, words, negative_claim),
                 target_fact(content, words), place_fact(content, words), weapon_fact(content, words),
                 time_fact(content, words, lang, published)):
        if fact is not None:
            facts.append(fact)
    facts = [f for f in facts if not set_elsewhere(f, content, words, published)]
    facts = parts_of_a_toll(shares_of_totals(merge_counts(facts), content), content, words)
    return regional_shares(facts, content, totals_before or {})


def imperative(verb: Token) -> bool:
    """ "Tear down this wall!", "Зруйнуйте цю стіну!": an order, not what happened. By its
    mood, or a second-person verb with no subject of its own (a tagger may give no mood)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return "Imp" in verb.morph.get("Mood") or "2" in verb.morph.get("Person") and not any(
        c.dep_.startswith("nsubj") for c in verb.children)


def asked(token: Token) -> bool:
    """Does the first mark that ends a sentence after the word ask? ("«Вопрос: какая из
    стран готова отбить нападение двух тысяч целей? Я не могу …», — сказал он": a
    quotation of several sentences is one sentence of the parse.)"""
    lowered = lowered_words(token.doc)  # (the marks' own texts: no Token for each word)
    for i in range(token.i + 1, token.sent.end):
        if lowered[i] in SENTENCE_END or "?" in lowered[i]:
            return "?" in lowered[i]
    return False


def set_elsewhere(fact: Fact, content: Span, words: FrameWords, published: str | None) -> bool:
    """Does the figure report nothing of this war's strikes: asked about, set in a
    condition (``unreal``), or set in history (``historic``)?"""
    inside = content.doc.char_span(*fact.span, alignment_mode="expand") if fact.span else None
    if not inside:
        return False
    moment = published_moment(published)
    year = moment.year if moment else None
    sentence = inside[0].sent
    return unreal(fact, inside, sentence, words) or historic(sentence, words, year) or (
        continues(sentence, words) and historic(sentence.doc[sentence.start - 1].sent, words, year))


def continues(sentence: Span, words: FrameWords) -> bool:
    """A fragment that goes on from the sentence before: it opens with a relative word
    that hangs on its own root ("… in World War II. Where more than eight million
    Ukrainians died."; not "When the missiles hit, five people died", whose clause is
    subordinate to a main one)."""
    first = next((t for t in sentence if not (t.is_punct or t.is_space)), None)
    return first is not None and sentence.start > 0 and first.lower_ in words.fragment_openers \
        and first.head.dep_ == "ROOT" and first.head.i != first.i


def unreal(fact: Fact, inside: Span, sentence: Span, words: FrameWords) -> bool:
    """A figure asked about or set in a condition reports nothing that happened: "Та що
    станеться, якщо цей щит зазнає критичних руйнувань?", "if a single missile hits …".
    ``sentence``: the sentence of the figure's first word."""
    if span_text(sentence).rstrip().endswith("?") or asked(inside[-1]):
        return True
    if governed_by(inside[0], words.intent) or any(future(t, words) for t in (inside[0], inside[-1])):
        return True
    if inside[0].pos_ in ("NOUN", "ADJ") and any(future(v, words) for v in clause_heads(inside[0])[-1:]):
        return True  # "ми не залишимо поранених", "it will not bring back the dead": not yet, if ever
    if fact.slot != "launched" and governed_by(inside[0], words.attempt):
        return True  # "tried to destroy the bridge": destroyed or not, it does not say
    # the fact's verb, or the verb of a noun's clause ("щоб не допустити руйнувань")
    verbs = {v for t in (inside[0], inside[-1]) for v in (t, *clause_heads(t)[-1:])}
    if any(modal(v, words) or negated_infinitive(v, words) or imperative(v) or aim(v) for v in verbs):
        return True
    for token in (inside[-1], *inside[-1].ancestors):
        if any(c.dep_ == "mark" and c.lower_ in words.conditionals for c in token.children):
            return True
    return False


def aim(verb: Token) -> bool:
    """An infinitive that a noun governs names an aim, an order or a plan, not what was
    done: "Russia has one target: to destroy Ukraine", "завдання знищити 20 дронів",
    "l'objectif de détruire" (not "managed to shoot down 20 drones", a verb's)."""
    return verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm") \
        and verb.head.i != verb.i and verb.head.pos_ in ("NOUN", "PROPN", "PRON")


def historic(sentence: Span, words: FrameWords, year: int | None) -> bool:
    """A sentence set in another war or long before this one: "250 soldiers who died on
    the fronts of World War II", "In 1941, 500 people were killed". By a phrase of
    ``past_eras``, or a year five or more before the document's ``year`` (a year, not a
    count: no noun is counted by it)."""
    text = span_text(sentence)
    if words.past_eras and era_pattern(words.past_eras).search(text.lower()):
        return True
    if year is None or not YEAR.search(text):
        return False
    return any(len(t.text) == 4 and t.text.isdigit() and 1800 <= int(t.text) <= year - 5
               and not t.dep_.startswith("nummod") for t in sentence)


# a year of the last two centuries, looked for in the text before the words are read
YEAR = re.compile(r"(?<!\d)(?:18|19|20)\d\d(?!\d)")


@lru_cache(maxsize=None)
def era_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases as whole words: "world war i" is not in "a third world war is coming"."""
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def future(token: Token, words: FrameWords) -> bool:
    """ "world security will not be destroyed", "будет уничтожен", "буде знищено": a verb
    in the future tense, by its form or its auxiliary, tells what has not happened yet."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    previous = token.doc[token.i - 1] if token.i > token.sent.start else None
    return "Fut" in token.morph.get("Tense") or previous is not None and previous.lower_ in words.future \
        or any(c.dep_.startswith("aux") and c.lower_ in words.future for c in token.children)


def modal(token: Token, words: FrameWords) -> bool:
    """ "they should not destroy the world", "We can't burn emotions", "Русь не знищила б
    себе", "яке треба знищити": a verb under a modal word of obligation, possibility or
    the conditional (its auxiliary, the word before it past a negation, or the word it
    completes) tells what ought to or could be, not what happened."""
    if token.pos_ not in ("VERB", "AUX") or not words.modal:
        return False
    if any((c.dep_.startswith("aux") or c.dep_ in ("advmod", "discourse", "mark", "parataxis")) and member(c, words.modal)
           for c in token.children):
        return True  # "should destroy", "знищила б": its auxiliary or its particle, before or after
    doc, i, start = token.doc, token.i - 1, token.sent.start
    while i > start and (doc[i].lower_ in words.negation or doc[i].pos_ == "PART" and not member(doc[i], words.modal)):
        i -= 1  # "would not", "не б": past the negation and the infinitive's "to"
    if i >= start and member(doc[i], words.modal):
        return True
    return token.dep_ in ("xcomp", "csubj") and member(token.head, words.modal)


def negated_infinitive(token: Token, words: FrameWords) -> bool:
    """ "Just so as not to burn out", "щоб не допустити руйнувань": a negated infinitive
    with no auxiliary but its own marker ("to") tells a purpose or a wish; "did not hit"
    (an infinitive under "did") is a past tense and stays a fact."""
    if token.pos_ not in ("VERB", "AUX") or "Inf" not in token.morph.get("VerbForm"):
        return False
    if any(c.dep_.startswith("aux") and c.lower_ not in words.infinitive_markers for c in token.children):
        return False
    # "not", "не", "pas"; not "sans causer de dégâts" (without), which says what happened
    return any(c.dep_ == "advmod" and negates(c, words) for c in token.children)


def governed_by(token: Token, vocabulary: frozenset[str]) -> bool:
    """ "на намірі знищити Україну", "threatened to destroy the city", "загрожуючи
    російській території руйнуваннями": a word of ``vocabulary`` (intention, threat,
    attempt) right before the fact's word ("to" between), or above it in its own clause
    (up to the first verb, not across a coordination: "хотіли знищити, але ми збили 10
    ракет" keeps the ten)."""
    doc = token.doc
    previous = doc[token.i - 1] if token.i > token.sent.start else None
    if previous is not None and previous.pos_ == "PART" and previous.i > token.sent.start:
        previous = doc[previous.i - 1]  # "to", the infinitive's particle
    if previous is not None and member(previous, vocabulary):
        return True
    node = token
    for _ in range(3):
        if node.dep_ in ("conj", "parataxis", "ROOT") or node.head is node:
            return False
        node = node.head
        if member(node, vocabulary):
            return True
        if node.pos_ in ("VERB", "AUX"):
            # "tried to cause damage", "пыталась нанести ущерб": the verb the word completes,
            # itself completing the word of attempt
            return node.dep_ == "xcomp" and member(node.head, vocabulary)
    return False


def shares_of_totals(facts: list[Fact], content: Span) -> list[Fact]:
    """ "уничтожила 25 беспилотников: 14 – над Краснодарским краем, 6 – над Брянской …":
    counts of one slot that add up to another are its parts, one region's or one weapon's
    share; each gets a ``scope`` (the words that name the part) and the total stays the
    statement's figure."""
    for slot in COUNT_SLOTS:
        counts = [f for f in facts if f.slot == slot and isinstance(f.value, int) and f.value > 0 and not f.scope]
        if len(counts) < 3:
            continue
        total = max(counts, key=lambda f: f.value)
        parts = [f for f in counts if f is not total]
        if sum(f.value for f in parts) != total.value:
            continue
        for part in parts:
            part.scope = part_words(part, content) or "part"
    return facts


def regional_shares(facts: list[Fact], content: Span, totals_before: dict[str, int]) -> list[Fact]:
    """ "…уничтожили 15 беспилотников над российскими регионами. Восемь БПЛА уничтожены
    над Курской областью, четыре — над Брянской, …", "20 беспилотников, над Калужской —
    семь": a count its sentence goes on to break down by place, each further part a
    count and a place set apart by a dash with no verb, is one place's share of a larger
    total the document gave before."""
    for fact in facts:
        if fact.slot not in COUNT_SLOTS or fact.scope or not isinstance(fact.value, int) or not fact.span \
                or fact.value >= totals_before.get(fact.slot, 0):
            continue
        if any(gapped_part(part) for part in parts_after(fact, content)):
            fact.scope = place_of_count(fact, content) or "part"
    return facts


def parts_after(fact: Fact, content: Span) -> list[list[Token]]:
    """The words of the fact's sentence after it, cut at commas and semicolons."""
    words = content.doc.char_span(*fact.span, alignment_mode="expand")
    if words is None:
        return []
    parts: list[list[Token]] = [[]]
    for token in content.doc[words.end: min(words[-1].sent.end, content.end)]:
        if token.text in (",", ";"):
            parts.append([])
        else:
            parts[-1].append(token)
    return parts[1:]


def gapped_part(words: list[Token]) -> bool:
    """ "четыре — над Брянской", "над Калужской — семь": a count and the preposition of
    its place, a dash between them, no verb."""
    dashes = [i for i, t in enumerate(words) if t.text in DASHES]
    if len(dashes) != 1 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    before, after = words[:dashes[0]], words[dashes[0] + 1:]
    return has_count(before) and has_place(after) or has_place(before) and has_count(after)


def has_count(words: list[Token]) -> bool:
    return any(t.like_num or t.pos_ == "NUM" for t in words)


def has_place(words: list[Token]) -> bool:
    """Words that open with a preposition: "над Брянской"."""
    return bool(words) and words[0].pos_ == "ADP"


def place_of_count(fact: Fact, content: Span) -> str:
    """The place phrase of a count's clause, "над Курской областью"."""
    inside = [t for t in content if fact.span[0] <= t.idx < fact.span[1]]
    for token in inside:
        for word in (token, *token.ancestors):
            phrase = next((c for c in word.children if c.dep_ in ("obl", "nmod") and any(
                g.dep_ == "case" for g in c.children) and (c.ent_type_ in ("LOC", "GPE") or any(
                    g.ent_type_ in ("LOC", "GPE") for g in c.subtree))), None)
            if phrase is not None:
                return content.doc[phrase.left_edge.i: phrase.right_edge.i + 1].text
    return ""


def parts_of_a_toll(facts: list[Fact], content: Span, words: FrameWords) -> list[Fact]:
    """ "госпитализированы девять человек, всего … 13 пострадавшим", "13 were hurt, of
    them nine hospitalized": of two tolls of one slot, the one a total word opens is the
    whole, the one "of them" opens is a part; the part gets a ``scope``. So is a smaller
    count after a colon that a count before it opens ("перехватила 47 БПЛА: 29 уничтожены
    над Ростовской областью, 10 — над Курской": the ten gave no fact, so the parts do
    not add up)."""
    for slot in COUNT_SLOTS:
        counts = [f for f in facts if f.slot == slot and isinstance(f.value, int) and f.value > 0 and not f.scope]
        if len(counts) < 2:
            continue
        whole = [f for f in counts if opened_by(f, content, words.totals)]
        parts = [f for f in counts if opened_by(f, content, words.including) or after_colon_of(f, counts, content)]
        if len(whole) == 1:
            parts += [f for f in counts if f is not whole[0] and f.value < whole[0].value and f not in parts]
        for part in parts:
            if part not in whole:
                part.scope = "part"
    return facts


def after_colon_of(fact: Fact, counts: list[Fact], content: Span) -> bool:
    """Is the count after a colon that follows a larger count of the same slot?"""
    if not fact.span:
        return False
    colons = [t.idx for t in content if t.text == ":" and t.idx < fact.span[0]]
    return bool(colons) and any(other.span and other.span[1] <= colons[-1] and other.value > fact.value
                                for other in counts)


def opened_by(fact: Fact, content: Span, markers: tuple[str, ...]) -> bool:
    """Do the few words before the fact's word, in its part of the sentence, end with one of ``markers``?"""
    if not fact.span or not markers:
        return False
    doc = content.doc
    first = next((t for t in content if t.idx >= fact.span[0]), None)
    if first is None:
        return False
    before = []
    for token in reversed(doc[max(content.start, first.i - 6): first.i]):
        if token.text in (",", ";", ".") or "\n" in token.text:
            break
        before.insert(0, token.lower_)
    text = " ".join(before)
    return any(f" {m} " in f" {text} " for m in markers)


def part_words(fact: Fact, content: Span) -> str:
    """The words after a part's count, up to the end of its item: "над Краснодарским краем"."""
    doc = content.doc
    if not fact.span:
        return ""
    inside = [t for t in content if fact.span[0] <= t.idx < fact.span[1]]
    start = next((t for t in reversed(inside) if t.like_num and t.text.isdigit() and int(t.text) == fact.value),
                 next((t for t in inside if t.like_num or t.pos_ == "NUM"), None))
    if start is None:
        return ""
    words = []
    for token in doc[start.i + 1: content.end]:
        if "\n" in token.text or token.text in (",", ";", ".") or token.like_num:
            break
        if not token.is_punct and not token.is_space:
            words.append(token.text)
    return " ".join(words)


def merge_counts(facts: list[Fact]) -> list[Fact]:
    """One value per slot and value: the same count said twice is one fact."""
    seen, merged = set(), []
    for fact in facts:
        key = (fact.slot, repr(fact.value))
        if key not in seen:
            seen.add(key)
            merged.append(fact)
    return merged


def statement_time(cue: Token | None, lang: LanguageData, published: str | None) -> str | None:
    """When a statement was made: a date word on the cue verb ("a nié dimanche")."""
    if cue is None:
        return published[:10] if published else None
    words = frame_words(lang)
    for child in cue.children:
        if child.dep_ in ("obj", "obl:mod", "advmod", "obl") and child.i > cue.i - 3:
            found = time_expressions(child.doc[child.left_edge.i: child.right_edge.i + 1], words)
            if found and not any(t.dep_ in ("ccomp",) for t in child.ancestors if t.i != cue.i):
                value, resolved = resolve_date(found[0][0], lang, published)
                return value if resolved else None
    return published[:10] if published else None
