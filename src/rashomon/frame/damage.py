"""Damage and production: ``damage`` (none / some / significant) and ``production_disrupted``."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang import LanguageData
from ..ledger import DAMAGE_LEVELS, Fact
from ..pieces import words_among
from .casualties import about_information, things_affected
from .counts import arguments, bare_count, counted, is_munition, relative_clause, trigger_slot
from .negation import about_speech, negated, of_a_group
from .words import FrameWords, member, new_fact


def shooting(token: Token, words: FrameWords) -> bool:
    """A damage word that means shooting here: with its verb ("open fire") or a word of
    its own phrase before it ("artillery fire", "cease-fire", "under fire"), as the
    language's ``gunfire`` pairs say; or a verb that launches ("fired", "firing": shots,
    or a dismissal, never a blaze)."""
    word = token.lemma_.lower()
    if token.pos_ == "VERB" and words.triggers.get(word) == "launched":
        return True
    before = [token.head] + [c for c in token.children if c.i < token.i]
    return any(f"{w.lemma_.lower()} {word}" in words.gunfire for w in before)


def damage_fact(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> Fact | None:
    """What the claim says of damage as a whole.

    A general word ("dégâts", "dommages") outweighs an incidental one ("incendie",
    "trou", "endommagé"): "un bref incendie, sans faire de dégâts" says none,
    "un trou est apparu ; l'équipement n'a pas été endommagé" says some.
    """
    found: dict[tuple[bool, bool], Fact] = {}  # (general, positive) -> strongest fact
    for token in words_among(content, words.damage_starts, lemmas=True):
        casualty = words.casualties.get(token.lemma_.lower()) or words.casualties.get(token.lower_)
        if not member(token, words.damage) and not (casualty and things_affected(token, words)):
            continue
        if shooting(token, words):
            continue  # "They opened fire on cars", "artillery fire", "was fired": not a blaze
        objects = [a for a in arguments(token) if a.dep_ != "nsubj"] + [
            t for t in token.subtree if t.i > token.i and any(c.dep_.startswith("nummod") for c in t.children)]
        if token.pos_ == "VERB" and any(counted(a, words) or "Anim" in a.morph.get("Animacy") and not doer(a, token)
                                        or member(a, words.people) or bare_count(a) for a in objects):
            # "quinze drones détruits", "уничтожили 250 боевиков": the drones, the men, not a
            # target; "из них … уничтожено 27": a bare count of them
            continue
        if token.pos_ == "VERB" and any(c.pos_ == "PRON" and member(c, words.nobody) for c in token.children):
            continue  # "бутылки чудом никого не задели": no one was touched, nothing said of a target
        # (or of the verb it is coordinated with: "перехвачены и уничтожены 30 … аппаратов: …")
        verbs = {token.i, *(c.i for c in token.children if c.dep_ == "conj")} | (
            {token.head.i} if token.dep_ == "conj" else set())
        if token.pos_ == "VERB" and trigger_slot(token, words) == "intercepted" and any(
                is_munition(t, words) for t in token.sent if t.head.i in verbs or t.head.head.i in verbs
                and not any(c.dep_ == "case" for c in t.children)):
            # "уничтожила и перехватила 44 беспилотника": an interception (not "уничтожили
            # ангары с ударными беспилотниками": what the hangars held)
            continue
        if about_speech(token, content, lang):
            continue
        patients = [c for c in token.children if c.dep_ in ("obj", "nsubj:pass", "nmod")]
        if any(figurative(a, token, lang, words) for a in patients + ([token.head] if token.dep_ == "amod" else [])):
            continue  # "they want to destroy our lives", "destroy Europe", "знищити нас"
        if token.pos_ == "VERB" and any(c.dep_ in ("obj", "nsubj:pass") and (member(c, words.combatants) or member(c, words.enemies))
                                        for c in token.children):
            continue  # "destroyed the enemy near Kyiv", "troops were destroyed": people, no target
        negative = negated(token, words) != negative_claim
        modifiers = [c for c in token.children if c.dep_ in ("amod", "advmod", "obl:mod")]
        if token.dep_.startswith("nsubj"):
            modifiers.append(token.head)  # "les dégâts sont sérieux"
        if token.i > 0:  # "повністю зруйновані", whatever the parse made of the adverb
            modifiers.append(token.doc[token.i - 1])
        serious = any(member(m, words.significant) for m in modifiers)
        if negative and about_information(token, lang):
            continue  # "информации о разрушениях нет", "no information on damage": not known, not none
        if negative and not negative_claim and relative_clause(token, lang):
            continue  # "the cathedral, which was not destroyed by the Horde": what it is, not this strike's toll
        if negative and serious:
            continue  # "Серьёзных разрушений нет", "no major damage": some, maybe, but not none
        if negative:
            level = "none"
        else:
            # "Дом разрушен", "the school was destroyed": the target is gone
            level = "significant" if serious or member(token, words.destroyed) else "some"
        key = (member(token, words.general_damage), not negative)
        best = found.get(key)
        if best is None or DAMAGE_LEVELS.index(level) > DAMAGE_LEVELS.index(best.value):
            found[key] = new_fact("damage", level, token, token)
    for key in ((True, True), (True, False), (False, True), (False, False)):
        if key in found:
            return found[key]
    return None


def doer(word: Token, verb: Token) -> bool:
    """A nominative by a finite verb in the active is who acts, whatever the parse hung it
    as ("все, що зруйнували російські окупанти": they destroyed, nobody destroyed them)."""
    return "Nom" in word.morph.get("Case") and "Fin" in verb.morph.get("VerbForm") \
        and "Pass" not in verb.morph.get("Voice")


def figurative(patient: Token, token: Token, lang: LanguageData, words: FrameWords) -> bool:
    """What a damage word is said of when it is no building nor thing: people ("знищити
    нас", "destroy us"), a way of life or an order ("destroy our lives", "зруйнувати мир",
    ``damage_exclusions``), a whole country or continent ("destroy Europe")."""
    if member(patient, words.damage_exclusions):
        return True
    if patient.pos_ == "PRON" and patient.i > token.i and (patient.lower_ in lang.first_person or "1" in patient.morph.get("Person")
                                   or "2" in patient.morph.get("Person")):
        return True
    return patient.pos_ == "PROPN" and patient.text.lower() in words.broad_places \
        and not any(c.dep_ in ("flat", "compound") for c in patient.children)


def production_fact(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> Fact | None:
    for token in words_among(content, words.disrupt, lemmas=True):
        related = own_phrase(token)
        if not any(member(t, words.production_nouns) and not member(t, words.targets) for t in related):
            continue  # "la production", "виробництво"; not "l'usine", which is a target
        if any(t.text.lower() in words.broad_places and t.i > t.head.i and any(c.dep_ == "case" for c in t.children)
               and (t.head.i == token.i or member(t.head, words.production_nouns) and not member(t.head, words.targets))
               for t in related):
            # "компанії припиняють діяльність в РФ": a market left, not a plant stopped (the
            # country is where the work is, not where the plant is: "the refinery in southern Russia")
            continue
        negative = negated(token, words) != negative_claim
        if negative and of_a_group(token, lang):
            continue  # "those who did not stop working": who they are, not the plant's state
        return new_fact("production_disrupted", not negative, token, token)
    return None


def own_phrase(token: Token) -> list[Token]:
    """The words under ``token`` but not under another clause's verb below it: what is
    stopped is said in the word's own phrase, not in a clause hung on it ("Смотрите в этом
    выпуске: … попытки … остановлены": the parse hung the bulletin's "выпуск" on the verb
    through "Смотрите"). A relative clause describes a noun of the phrase: its words are
    the phrase's ("l'unité, qui représente la moitié des capacités du site, a été touchée")."""
    found, below = [], list(token.children)
    while below:
        word = below.pop()
        found.append(word)
        if word.pos_ not in ("VERB", "AUX") or word.dep_.startswith(("acl", "amod")):
            below.extend(word.children)  # (another clause's verb is the phrase's; its words are not)
    return found
