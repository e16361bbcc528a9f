"""Negation: a negated word or clause, an existential "none", what only looks negated, and a word
that is what was (not) said rather than what happened."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang import LanguageData
from .words import FrameWords, member


def negated(token: Token, words: FrameWords) -> bool:
    """Is the word, or the clause it sits in, negated? "пострадавших нет" too."""
    if there_is_none(token, words):
        return True
    if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PRON") and there_is_none(token.head, words):
        return True  # "пострадавших и разрушений нет": the conjuncts share it
    # the negation of a clause reaches its words and their own words, not what hangs
    # deeper: "Повідомлення про кількість зруйнованих будинків не викликають емоцій"
    # denies no destruction
    for node in (token, *clause_heads(token)[:2]):
        if node is not token and member(node, words.knowing):
            break  # "ми ще не знаємо всіх жертв": not knowing is no negation of the dead
        for child in node.children:
            if child.dep_ in ("advmod", "mark", "det", "case", "cc") and negates(child, words) \
                    and not opens_at_least(child, words):
                return True
    # "pas de dégâts", "sans dégâts": the negation precedes the noun directly
    # (not "ми не знаємо жертв": not knowing denies nothing of the dead)
    # (not across a comma: "Жертв и пострадавших нет, пожар потушили")
    previous = list(token.doc[max(token.i - 2, 0): token.i])
    while any(t.is_punct for t in previous):
        previous.pop(0)
    return any(negates(t, words) for t in previous) and token.pos_ == "NOUN" \
        and not any(member(t, words.knowing) for t in previous)


def opens_at_least(token: Token, words: FrameWords) -> bool:
    """ "Не менше 30 загиблих", "не менее шести": the "not" of "not less than" bounds a
    figure from below; it denies nothing."""
    following = token.doc[token.i: token.i + 4].text.lower()
    return any(len(phrase.split()) > 1 and following.startswith(phrase) for phrase in words.at_least)


def of_a_group(token: Token, lang: LanguageData) -> bool:
    """A word in a relative clause on "those", "everyone" ("those who did not stop
    working", "у каждого, кто еще не погиб, не ранен"): it says who the people are, not
    what happened; negated, it gives no zero. On a noun it still reports ("le
    gouverneur, qui n'a fait état ni de victimes")."""
    clause = next((n for n in (token, *clause_heads(token)) if n.pos_ in ("VERB", "AUX", "ADJ")), token)
    if clause.dep_ == "conj":
        clause = clause.head
    if not any(c.dep_.startswith("nsubj") and c.lower_ in lang.relative_pronouns for c in clause.children):
        return False
    return not clause.dep_.startswith("acl") or clause.head.pos_ in ("PRON", "DET")


def negates(word: Token, words: FrameWords) -> bool:
    """A negation word that negates: not "чуть не сбили" (almost), nor "не тільки до
    людських жертв, а й …" (not only … but also), which both say it happened."""
    if word.lower_ not in words.negation:
        return False
    doc = word.doc
    if word.i > 0 and doc[word.i - 1].lower_ in words.almost:
        return False
    return not (word.i + 1 < len(doc) and doc[word.i + 1].lower_ in words.only)


def there_is_none(token: Token, words: FrameWords) -> bool:
    """ "пострадавших нет", "разрушений нету": the word under an existential negation."""
    none = words.existential_negation
    # (a clause joined to it is its own: "Погибших нет, повреждены два дома", "Загиблих
    # немає, пошкоджено два будинки")
    joined = token.dep_ in ("conj", "parataxis") or token.pos_ in ("VERB", "AUX") and any(
        t.text in (",", ";") for t in token.doc[min(token.i, token.head.i):max(token.i, token.head.i)])
    if not joined and (token.head.lower_ in none or token.head.lemma_.lower() in none):
        # "none of the victims were soldiers": a part of them, who are
        return not (token.head.i < token.i and any(c.dep_ == "case" and c.lower_ in words.out_of
                                                   for c in token.children))
    # "пострадавших и разрушений на земле нет", whatever the parse: the words that close
    # the noun's part of the sentence are "none"
    if token.pos_ in ("NOUN", "ADJ", "PRON"):
        for after in token.doc[token.i + 1: token.sent.end]:
            if after.lower_ in none:
                return True
            if after.is_punct or after.pos_ in ("VERB", "AUX", "NUM", "SCONJ") or after.like_num:
                break
    # a verb's clause is never "none"; a noun's can be
    return token.pos_ in ("NOUN", "ADJ", "PRON") and any(c.lower_ in none for c in token.children if c.i > token.i)


def clause_heads(token: Token) -> list[Token]:
    """The words up to the verb of the clause (a noun's verb, a participle's auxiliary)."""
    heads, node = [], token
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
        heads.append(node)
    return heads


def about_speech(token: Token, content: Span, lang: LanguageData) -> bool:
    """ "sans mentionner de dégâts": a word under a speech verb of the content is what
    was (not) said, not what happened."""
    heads = [a for a in clause_heads(token)[:3] if content.start <= a.i < content.end]
    # (not the verb's own subject: "un incendie s'est déclaré" broke out, no one declared it)
    return any(lang.cue_stance(a.lemma_, a.text) and not (token.head.i == a.i and token.dep_.startswith("nsubj"))
               for a in heads)
