"""The words of the frame, per language (``frame.yaml``), how a token is looked up in them,
and the ``Fact`` a slot's words make."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable

from spacy.tokens import Token

from ..lang import LanguageData
from ..ledger import Fact


ARGUMENT_DEPS = {"nsubj", "nsubj:pass", "obj", "obl:agent", "obl:arg", "nmod"}
INHERIT_DEPS = {"advcl", "conj", "xcomp", "acl", "acl:relcl"}


@dataclass(frozen=True)
class FrameWords:
    """The frame data of one language as sets, built once per language."""

    munitions: frozenset[str]
    triggers: dict[str, str]  # lemma -> count slot
    phrase_triggers: frozenset[str]  # the verbs of the triggers of two words ("take part"), whose object is looked at
    casualties: dict[str, str]  # lemma or form -> killed / injured
    people: frozenset[str]
    out_of: frozenset[str]
    damage: frozenset[str]
    general_damage: frozenset[str]
    combatants: frozenset[str]  # "destroyed the troops": people, no target (as the patient only)
    enemies: frozenset[str]  # "вбитих окупантів": the other side's combat losses, no strike's toll
    damage_exclusions: frozenset[str]  # "destroy our lives", "зруйнувати мир": not a target
    significant: frozenset[str]
    destroyed: frozenset[str]  # "зруйнований", "destroyed": the target is gone, damage significant
    gunfire: frozenset[str]  # "open fire", "відкрити вогонь": a verb and a damage word that mean shooting
    production_nouns: frozenset[str]
    disrupt: frozenset[str]
    negation: frozenset[str]
    zero: frozenset[str]
    one: frozenset[str]
    number_joiners: frozenset[str]
    halves: frozenset[str]  # "half a thousand", "un demi million": half of the numeral
    and_a_half: tuple[str, ...]  # "four and a half thousand", "чотири з половиною тисячі": 4,500
    numeral_endings: frozenset[str]  # "6-ю ракетами", "5-ма ракетами": a figure with a case ending
    at_least: tuple[str, ...]
    universal: frozenset[str]
    numbers: dict[str, int]
    count_nouns: dict[str, int]  # "a dozen", "десяток": a round number, alone or after a numeral
    count_nouns_plural: dict[str, int]  # "dozens", "десятки": only after a numeral ("two dozens"); alone, vague
    existential_negation: frozenset[str]
    almost: frozenset[str]  # "чуть не", "ледь не": almost, before a negation word
    only: frozenset[str]  # "не тільки", "not only": after a negation word, which it undoes
    knowing: frozenset[str]  # "know", "знати": a negated one says nothing of what it knows
    strikes: frozenset[str]
    tally_nouns: frozenset[str]
    tally_to: frozenset[str]
    including: tuple[str, ...]
    totals: tuple[str, ...]  # "всего", "in total": the count after them is the whole toll
    victims: frozenset[str]
    losses: frozenset[str]  # "lose", "втратити": the dead, when what was lost is a count of people
    killings: frozenset[str]  # "execute", "розстріляти": the dead, when who was killed is a count of people
    others: frozenset[str]  # "other", "інший": "no other injuries" is no toll of zero
    nobody: frozenset[str]  # "nobody", "никто": "никого не задели" touched no one, it says nothing of damage
    animals: frozenset[str]  # "семь собак погибли": no people
    durations: frozenset[str]  # "week", "тиждень": a count of them is a duration
    among: frozenset[str]  # "among", "серед": some of the victims, not their toll
    lives_verbs: frozenset[str]  # "claim", "забрати": lives taken ...
    lives_nouns: frozenset[str]  # ... "the lives of 52 people": the dead
    targets: frozenset[str]
    weapons: tuple[str, ...]
    weapon_names: frozenset[str]  # the weapons' names, lower case, as single words
    broad_places: frozenset[str]
    relative_dates: tuple[str, ...]
    months: tuple[str, ...]
    conditionals: frozenset[str]  # "if", "якщо": what follows did not happen
    intent: frozenset[str]  # "намір", "threaten": what is intended did not happen
    past_eras: tuple[str, ...]  # "World War II", "Голодомор": a figure of history, not of this war
    fragment_openers: frozenset[str]  # "Where …", "Де …": a fragment that goes on from the sentence before
    attempt: frozenset[str]  # "try", "пытаться": what was tried was launched, its outcome not said
    future: frozenset[str]  # "will", "будет": auxiliaries of the future tense
    modal: frozenset[str]  # "should", "би", "треба": what ought to or could be, not what is
    infinitive_markers: frozenset[str]  # "to": the infinitive's own auxiliary

    # the words (lemma or form) a slot's reading can start from, made from the lists above
    # once: the stages look up a claim's words among them (``pieces.words_among``) and make
    # a Token for those alone

    @cached_property
    def count_starts(self) -> frozenset[str]:
        """A trigger, or a trigger phrase's verb."""
        return frozenset(self.triggers) | self.phrase_triggers

    @cached_property
    def noun_count_starts(self) -> frozenset[str]:
        """A trigger or a strike noun."""
        return frozenset(self.triggers) | self.strikes

    @cached_property
    def casualty_starts(self) -> frozenset[str]:
        """A casualty word, a victim, a loss, a killing, damage."""
        return frozenset(self.casualties) | self.victims | self.losses | self.killings | self.damage

    @cached_property
    def damage_starts(self) -> frozenset[str]:
        """Damage, or a casualty word said of things."""
        return self.damage | frozenset(self.casualties)


@lru_cache(maxsize=None)
def frame_words(lang: LanguageData) -> FrameWords:
    data = lang.frame
    low = lambda words: frozenset(w.lower() for w in words or [])
    return FrameWords(
        munitions=low(data["munitions"]),
        triggers={w.lower(): slot for slot, words in data["count_triggers"].items() for w in words},
        phrase_triggers=frozenset(w.lower().split(" ", 1)[0] for words in data["count_triggers"].values()
                                  for w in words if " " in w),
        casualties={w.lower(): slot for slot, words in data["casualties"].items() for w in words},
        people=low(data.get("people")),
        out_of=low(data.get("out_of")),
        damage=low(data["damage"]["words"]),
        general_damage=low(data["damage"].get("general")),
        combatants=low(data.get("combatants")),
        enemies=low(data.get("enemies")),
        damage_exclusions=low(data.get("damage_exclusions")),
        significant=low(data["damage"]["significant"]),
        destroyed=low(data["damage"].get("destroyed")),
        gunfire=low(data["damage"].get("gunfire")),
        production_nouns=low(data.get("production", {}).get("nouns")),
        disrupt=low(data.get("production", {}).get("disrupt")),
        negation=low(data["negation"]),
        zero=low(data["zero"]),
        one=low(data.get("one")),
        number_joiners=low(data.get("number_joiners")),
        halves=low(data.get("halves")),
        and_a_half=tuple(w.lower() for w in data.get("and_a_half", [])),
        numeral_endings=low(data.get("numeral_endings")),
        at_least=tuple(w.lower() for w in data.get("at_least", [])),
        universal=low(data.get("universal")),
        numbers={k.lower(): v for k, v in (data.get("numbers") or {}).items()},
        count_nouns={k.lower(): v for k, v in (data.get("count_nouns") or {}).items()},
        count_nouns_plural={k.lower(): v for k, v in (data.get("count_nouns_plural") or {}).items()},
        existential_negation=low(data.get("existential_negation")),
        almost=low(data.get("almost")),
        only=low(data.get("only")),
        knowing=low(data.get("knowing")),
        strikes=low(data.get("strikes")),
        tally_nouns=low(data.get("tallies", {}).get("nouns")),
        tally_to=low(data.get("tallies", {}).get("to")),
        including=tuple(w.lower() for w in data.get("including", [])),
        totals=tuple(w.lower() for w in data.get("totals", [])),
        victims=low(data.get("victims")),
        losses=low(data.get("losses")),
        killings=low(data.get("killings")),
        others=low(data.get("others")),
        nobody=low(data.get("nobody")),
        animals=low(data.get("animals")),
        durations=low(data.get("durations")),
        among=low(data.get("among")),
        lives_verbs=low(data.get("lives_taken", {}).get("verbs")),
        lives_nouns=low(data.get("lives_taken", {}).get("nouns")),
        targets=low(data.get("targets")),
        weapons=tuple(sorted(data.get("weapons", []), key=len, reverse=True)),
        weapon_names=frozenset(w.lower() for w in data.get("weapons", []) if " " not in w),
        broad_places=low(data.get("broad_places")),
        relative_dates=tuple(sorted(data.get("dates", {}).get("relative", []), key=len, reverse=True)),
        months=tuple(data.get("dates", {}).get("months", [])),
        conditionals=low(data.get("conditionals")),
        intent=low(data.get("intent")),
        past_eras=tuple(w.lower() for w in data.get("past_eras", [])),
        fragment_openers=low(data.get("fragment_openers")),
        attempt=low(data.get("attempt")),
        future=low(data.get("future")),
        modal=low(data.get("modal")),
        infinitive_markers=low(data.get("infinitive_markers")),
    )


def words_of(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def member(token: Token, words: Iterable[str]) -> bool:
    lemma, form = words_of(token)
    return lemma in words or form in words


def slot_word(token: Token, words: FrameWords) -> bool:
    return bool(words.casualties.get(token.lemma_.lower()) or member(token, words.damage)
                or member(token, words.victims))


def new_fact(slot: str, value: Any, token: Token, arg: Token, *, at_least: bool = False) -> Fact:
    """A fact whose span runs from the counted phrase to the word that gave the slot."""
    first = min(token, arg.left_edge if arg.i != token.i else token, key=lambda t: t.i)
    last = max(token, arg, key=lambda t: t.i)
    return Fact(slot=slot, value=value, span=(first.idx, last.idx + len(last.text)), at_least=at_least)


def universally(noun: Token, words: FrameWords) -> bool:
    """ "all the drones", "все 14 ракет" (the word on the count), "Усі 14 ракет збито" (a
    parse that makes "усі" a subject of its own, right before the counted noun)."""
    if any(c.lower_ in words.universal for c in noun.children if c.dep_ in ("det", "amod", "advmod")):
        return True
    if any(c.lower_ in words.universal for n in noun.children if n.dep_.startswith("nummod") for c in n.children
           if c.dep_ in ("det", "amod", "advmod")):
        return True
    before = noun.doc[noun.left_edge.i - 1] if noun.left_edge.i > noun.sent.start else None
    return before is not None and before.lower_ in words.universal and before.head.i == noun.head.i \
        and before.dep_ == noun.dep_ and noun.dep_ in ("nsubj", "nsubj:pass")
