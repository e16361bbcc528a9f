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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterable

from spacy.tokens import Span, Token
from text_to_num import text2num

from .lang import LanguageData
from .ledger import COUNT_SLOTS, DAMAGE_LEVELS, Fact
from .pieces import ents_within

ARGUMENT_DEPS = {"nsubj", "nsubj:pass", "obj", "obl:agent", "obl:arg", "nmod"}
INHERIT_DEPS = {"advcl", "conj", "xcomp", "acl", "acl:relcl"}


@dataclass(frozen=True)
class FrameWords:
    """The frame data of one language as sets, built once per language."""

    munitions: frozenset[str]
    triggers: dict[str, str]  # lemma -> count slot
    casualties: dict[str, str]  # lemma or form -> killed / injured
    people: frozenset[str]
    out_of: frozenset[str]
    damage: frozenset[str]
    general_damage: frozenset[str]
    damage_exclusions: frozenset[str]  # "destroy our lives", "зруйнувати мир": not a target
    significant: frozenset[str]
    production_nouns: frozenset[str]
    disrupt: frozenset[str]
    negation: frozenset[str]
    zero: frozenset[str]
    one: frozenset[str]
    number_joiners: frozenset[str]
    numeral_endings: frozenset[str]  # "6-ю ракетами", "5-ма ракетами": a figure with a case ending
    at_least: tuple[str, ...]
    universal: frozenset[str]
    numbers: dict[str, int]
    existential_negation: frozenset[str]
    almost: frozenset[str]  # "чуть не", "ледь не": almost, before a negation word
    only: frozenset[str]  # "не тільки", "not only": after a negation word, which it undoes
    knowing: frozenset[str]  # "know", "знати": a negated one says nothing of what it knows
    strikes: frozenset[str]
    tally_nouns: frozenset[str]
    tally_to: frozenset[str]
    including: tuple[str, ...]
    victims: frozenset[str]
    losses: frozenset[str]  # "lose", "втратити": the dead, when what was lost is a count of people
    others: frozenset[str]  # "other", "інший": "no other injuries" is no toll of zero
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
    attempt: frozenset[str]  # "try", "пытаться": what was tried was launched, its outcome not said
    future: frozenset[str]  # "will", "будет": auxiliaries of the future tense
    modal: frozenset[str]  # "should", "би", "треба": what ought to or could be, not what is
    infinitive_markers: frozenset[str]  # "to": the infinitive's own auxiliary


@lru_cache(maxsize=None)
def frame_words(lang: LanguageData) -> FrameWords:
    data = lang.frame
    low = lambda words: frozenset(w.lower() for w in words or [])
    return FrameWords(
        munitions=low(data["munitions"]),
        triggers={w.lower(): slot for slot, words in data["count_triggers"].items() for w in words},
        casualties={w.lower(): slot for slot, words in data["casualties"].items() for w in words},
        people=low(data.get("people")),
        out_of=low(data.get("out_of")),
        damage=low(data["damage"]["words"]),
        general_damage=low(data["damage"].get("general")),
        damage_exclusions=low(data.get("damage_exclusions")),
        significant=low(data["damage"]["significant"]),
        production_nouns=low(data.get("production", {}).get("nouns")),
        disrupt=low(data.get("production", {}).get("disrupt")),
        negation=low(data["negation"]),
        zero=low(data["zero"]),
        one=low(data.get("one")),
        number_joiners=low(data.get("number_joiners")),
        numeral_endings=low(data.get("numeral_endings")),
        at_least=tuple(w.lower() for w in data.get("at_least", [])),
        universal=low(data.get("universal")),
        numbers={k.lower(): v for k, v in (data.get("numbers") or {}).items()},
        existential_negation=low(data.get("existential_negation")),
        almost=low(data.get("almost")),
        only=low(data.get("only")),
        knowing=low(data.get("knowing")),
        strikes=low(data.get("strikes")),
        tally_nouns=low(data.get("tallies", {}).get("nouns")),
        tally_to=low(data.get("tallies", {}).get("to")),
        including=tuple(w.lower() for w in data.get("including", [])),
        victims=low(data.get("victims")),
        losses=low(data.get("losses")),
        others=low(data.get("others")),
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


# --- numbers and negation ---------------------------------------------------

def number_value(token: Token, lang: LanguageData) -> int | None:
    """The whole number a numeral token (and the words it heads) says."""
    joiners = frame_words(lang).number_joiners
    numeral = lambda t: t.pos_ == "NUM" or t.like_num or t.lower_ in joiners
    doc, start, end = token.doc, token.i, token.i + 1
    # the numeral's own words, next to it: "trente et un", "двадцать пять" (not "23 of 31")
    while start > 0 and numeral(doc[start - 1]) and doc[start - 1].head.i in (token.i, doc[start].i):
        start -= 1
    while end < len(doc) and numeral(doc[end]) and doc[end].head.i in (token.i, doc[end - 1].i):
        end += 1
    value = words_number(list(doc[start:end]), lang)
    if end - start == 1 and not token.text[:1].isdigit() and "Plur" in token.morph.get("Number") \
            and value is not None and value >= 1000:
        return None  # "тысячи украинцев", "thousands of people": how many, it does not say
    return value


def words_number(words: list[Token], lang: LanguageData) -> int | None:
    """A number written in digits, or in words: by the language's number lemmas
    when it has them ("двадцать пять", "пяти"), else by text2num."""
    compact = "".join(t.text for t in words).replace("\u202f", "")
    if compact.isdigit():
        return int(compact)
    figure, _, ending = compact.partition("-")
    if figure.isdigit() and ending.lower() in frame_words(lang).numeral_endings:
        return int(figure)  # "6-ю ракетами": шестью
    table = frame_words(lang).numbers
    if table:
        joiners = frame_words(lang).number_joiners
        # "16 тисяч": digits and number words together
        return compose([int(t.text) if t.text.isdigit() else table.get(t.lemma_.lower(), table.get(t.lower_))
                        for t in words if t.lower_ not in joiners])
    return parse_number(" ".join(t.text for t in words), lang)


def compose(values: list[int | None]) -> int | None:
    """Number words to a number: "двадцать пять" -> 25, "две тысячи" -> 2000."""
    if not values or any(v is None for v in values):
        return None
    total, part = 0, 0
    for value in values:
        if value >= 1000:
            total += (part or 1) * value
            part = 0
        elif value >= 100 and part and part < 10:
            part *= value
        else:
            part += value
    return total + part


def parse_number(text: str, lang: LanguageData) -> int | None:
    compact = text.replace("\u202f", "").replace(" ", "")
    if compact.isdigit():
        return int(compact)
    try:
        return text2num(text.lower(), lang.code)
    except (ValueError, KeyError, NotImplementedError):
        return None  # not a number text2num knows


def number_before(noun: Token, lang: LanguageData, words: FrameWords) -> int | None:
    """A numeral of several words right before a noun, whatever the parser made of it:
    "Trente et un drones", "vingt-deux missiles", "1 200 drones"."""
    doc, start = noun.doc, noun.i
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in words.number_joiners
                         or words_number([doc[start - 1]], lang) is not None):
        start -= 1
    while start < noun.i and doc[start].lower_ in words.number_joiners:
        start += 1
    phrase = doc[start:noun.i]
    if len(phrase) < 2:
        return None  # one word: the parse handles it
    return words_number(list(phrase), lang)


def at_least(noun: Token, words: FrameWords) -> bool:
    """ "au moins quatre drones", "plus de 40 drones": a lower bound."""
    before = noun.doc[max(noun.left_edge.i - 3, 0): noun.i].text.lower()
    return any(marker in before for marker in words.at_least)


def count_of(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int | None, int | None]:
    """(count, out of) for a counted noun: "trois drones sur quatre" -> (3, 4)."""
    count, total = None, None
    if noun.pos_ == "PRON" and noun.lower_ in words.zero:
        return 0, None  # "nobody was hurt"
    if noun.pos_ == "NUM" or noun.like_num:
        if any(c.lower_ in words.zero for c in noun.children if c.dep_ in ("det", "advmod", "amod")):
            return 0, None  # "no one had been hurt"
        count = number_value(noun, lang)
        for child in noun.children:
            if child.dep_ == "nmod":
                _, total = count_of(child, lang, words)
                total = total or _nummod(child, lang)
        return count, total
    out_of = n_of_m_before(noun, lang, words) or whole_then_part(noun, lang, words)
    if out_of is not None:
        return out_of
    numbers = [c for c in noun.children
               if c.dep_ == "nummod" or ((c.pos_ == "NUM" or c.like_num) and c.i < noun.i)]
    for number in numbers:  # "23 of 31 missiles": the count hangs on the whole
        part = next((c for c in number.children if (c.like_num or c.pos_ == "NUM") and c.i < number.i
                     and any(t.lower_ in words.out_of for t in noun.doc[c.i + 1:number.i])), None)
        if part is not None:
            return number_value(part, lang), number_value(number, lang)
    phrase = number_before(noun, lang, words)
    if phrase is not None and len(numbers) < 2:
        count = phrase
        numbers = []
    if len(numbers) >= 2 and any(t.lower_ in words.out_of for t in noun.doc[numbers[0].i + 1:numbers[1].i]):
        # "trois des cinq missiles": the count, then the whole
        return number_value(numbers[0], lang), number_value(numbers[1], lang)
    for child in noun.children:
        if count is not None and phrase is not None:
            break
        if child.dep_ == "nummod" and (child.like_num or child.pos_ == "NUM") and words.numbers.get(noun.lemma_.lower(), 0) >= 1000:
            count = number_value(child, lang) * words.numbers[noun.lemma_.lower()]  # "16 тисяч"
            phrase = count
            continue
        if child.dep_ == "nummod" or ((child.pos_ == "NUM" or child.like_num) and child.i < noun.i):
            count = number_value(child, lang)
        elif child.dep_ == "det" and child.lower_ in words.zero:
            count = 0
        elif child.dep_ == "det" and child.lower_ in words.one and count is None:
            count = 1
        elif child.dep_ == "nmod" and (child.pos_ == "NUM" or child.like_num) and any(
                c.lower_ in words.out_of for c in child.children if c.dep_ == "case"):
            total = number_value(child, lang)
    if count is None and total is None:
        stray = numeral_before(noun)
        if stray is not None:
            count = number_value(stray, lang)
    return count, total


def numeral_before(noun: Token) -> Token | None:
    """A numeral right before a noun and its adjectives that the parse hung on a word
    before it: "сбили две ракеты Storm Shadow, шесть американских снарядов HIMARS"
    (the parser gave "шесть" to "ракеты")."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].head.i == noun.i:
        i -= 1
    if i < 0 or not (doc[i].pos_ == "NUM" or doc[i].like_num):
        return None
    numeral = doc[i]
    return numeral if numeral.head.i < numeral.i else None


def whole_then_part(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int, int] | None:
    """ "Из 40 дронов сбиты 35", "З 40 дронів збито 35": "of", the whole and its noun
    first, then the count of them, a bare number on the verb of the same sentence."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    if i < 1 or not (doc[i].like_num or doc[i].pos_ == "NUM") or doc[i - 1].lower_ not in words.out_of:
        return None
    if i >= 2 and (doc[i - 2].like_num or doc[i - 2].pos_ == "NUM"):
        return None  # "три з чотирьох ракет": the part comes first (n_of_m_before)
    part = next((t for t in doc[noun.i + 1:noun.sent.end] if (t.like_num or t.pos_ == "NUM")
                 and t.head.pos_ in ("VERB", "AUX") and not any(c.pos_ == "NOUN" for c in t.children)), None)
    if part is None:
        return None
    count, total = number_value(part, lang), number_value(doc[i], lang)
    return (count, total) if count is not None and total is not None and count <= total else None


def n_of_m_before(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int, int] | None:
    """ "три з чотирьох ракет", "three of the four missiles", whatever the parse: a number,
    "of", a number, then the noun (past its adjectives and articles)."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and (doc[i].pos_ in ("ADJ", "DET") or doc[i].is_space):
        i -= 1
    if i < 2 or not (doc[i].like_num or doc[i].pos_ == "NUM") or doc[i - 1].lower_ not in words.out_of:
        return None
    first = doc[i - 2]
    if not (first.like_num or first.pos_ == "NUM"):
        return None
    count, total = number_value(first, lang), number_value(doc[i], lang)
    return (count, total) if count is not None and total is not None and count <= total else None


def _nummod(noun: Token, lang: LanguageData) -> int | None:
    return next((number_value(c, lang) for c in noun.children if c.dep_ == "nummod"), None)


def negated(token: Token, words: FrameWords) -> bool:
    """Is the word, or the clause it sits in, negated? "пострадавших нет" too."""
    if there_is_none(token, words):
        return True
    if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PRON") and there_is_none(token.head, words):
        return True  # "пострадавших и разрушений нет": the conjuncts share it
    for node in (token, *_clause_heads(token)):
        if node is not token and member(node, words.knowing):
            break  # "ми ще не знаємо всіх жертв": not knowing is no negation of the dead
        for child in node.children:
            if child.dep_ in ("advmod", "mark", "det", "case", "cc") and negates(child, words) \
                    and not opens_at_least(child, words):
                return True
    # "pas de dégâts", "sans dégâts": the negation precedes the noun directly
    # (not "ми не знаємо жертв": not knowing denies nothing of the dead)
    previous = token.doc[token.i - 2: token.i]
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
    clause = next((n for n in (token, *_clause_heads(token)) if n.pos_ in ("VERB", "AUX", "ADJ")), token)
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


def _clause_heads(token: Token) -> list[Token]:
    """The words up to the verb of the clause (a noun's verb, a participle's auxiliary)."""
    heads, node = [], token
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
        heads.append(node)
    return heads


# --- slots ------------------------------------------------------------------

def arguments(verb: Token) -> list[Token]:
    """The verb's subject and objects, or its governing verb's when it has none.

    Coordinated verbs share them both ways: "intercepté et détruit 47 drones".
    """
    args = [c for c in verb.children if c.dep_ in ARGUMENT_DEPS
            or (c.dep_ == "obl:mod" and c.pos_ == "NUM")  # "shot down five of seven missiles"
            # "сбили 38 из них": the count the parse hung on the verb itself
            or (c.dep_ == "nummod" and c.pos_ == "NUM" and c.i > verb.i)
            or misparsed_subject(c)]
    # "збили всі 15 ракет": the parse may hang the counted noun on the quantifier
    args += [g for a in list(args) if a.pos_ in ("PRON", "DET") for g in a.children
             if g.pos_ == "NOUN" and g.dep_ in ("obj", "nmod") and any(n.dep_ == "nummod" for n in g.children)]
    partners = [verb.head] if verb.dep_ == "conj" else []
    partners += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if not any(a.dep_ in ("obj", "nsubj:pass") or misparsed_subject(a) for a in args):
        args += [c for p in partners for c in p.children
                 if c.dep_ in ("obj", "nsubj:pass") or misparsed_subject(c)]
    node = verb
    while not any(a.dep_.startswith("nsubj") for a in args) and node.dep_ in INHERIT_DEPS \
            and node.head.i != node.i:
        node = node.head
        args += [c for c in node.children if c.dep_.startswith("nsubj")]
        if node.pos_ == "NOUN" and node.dep_ != "ROOT":  # "cinq drones visant ..." : the noun itself
            args.append(node)
    return args


def misparsed_subject(token: Token) -> bool:
    """ "перехвачены и уничтожены 43 … аппарата": a counted noun right after its verb
    that the parse hung on it as a parataxis is the verb's subject."""
    return token.dep_ == "parataxis" and token.pos_ == "NOUN" and token.i > token.head.i \
        and any(c.dep_ == "nummod" for c in token.children)


# where a munition named in the singular stands when it is one of them: what was shot
# down or launched, what hit (not "достигли цели", the target reached)
SINGLE_ROLES = {"intercepted": ("nsubj:pass", "obj"), "launched": ("nsubj:pass", "obj"), "hit": ("nsubj",)}


def is_munition(token: Token, words: FrameWords) -> bool:
    """A drone, a missile, or a named weapon ("шесть ATACMS", "два «Кинжала»")."""
    return member(token, words.munitions) or token.text.lower() in words.weapon_names \
        or token.lemma_.lower() in words.weapon_names


def counted(arg: Token, words: FrameWords) -> bool:
    if is_munition(arg, words):
        return True
    if arg.pos_ == "PRON" and any(c.dep_ == "nummod" for c in arg.children):
        return True  # "huit d'entre eux ont atteint leur cible"
    if (arg.pos_ == "NUM" or arg.like_num) and any(
            c.dep_ == "nmod" and c.pos_ == "PRON" and any(g.lower_ in words.out_of for g in c.children)
            for c in arg.children):
        return True  # "downed 35 of them"
    if (arg.pos_ == "NUM" or arg.like_num) and arg.head.dep_ == "acl:relcl" and member(arg.head.head, words.munitions):
        return True  # "34 drones, of which 21 were shot down"
    if (arg.pos_ == "NUM" or arg.like_num) and arg.dep_.startswith("nsubj") \
            and not any(c.dep_ != "punct" for c in arg.children) \
            and arg.i < arg.head.i and any(is_munition(t, words) for t in arg.doc[before_start(arg):arg.i]):
        return True  # "три ракеты были уничтожены, две — достигли цели": the munitions named before
    return (arg.pos_ == "NUM" or arg.like_num) and any(
        is_munition(c, words) for c in arg.children if c.dep_ == "nmod")


def before_start(token: Token) -> int:
    """Where the words before a count that opens its sentence begin: the sentence before
    ("Eleven missiles were launched at the city. Four hit their targets."), else its own."""
    sentence = token.sent
    if sentence.start > 0 and all(t.is_punct or t.pos_ in ("CCONJ", "ADV") for t in token.doc[sentence.start:token.i]):
        return token.doc[sentence.start - 1].sent.start
    return sentence.start


def partitive_before(verb: Token, lang: LanguageData, words: FrameWords) -> tuple[Token, int, Token | None] | None:
    """ "щонайменше 6 з них влучили", "не менее 6 из них поразили", "6 of them hit":
    a number, "of", a pronoun, in the verb's part of the sentence. Returns the number,
    its value and the counted munition before it that the pronoun stands for."""
    doc, sentence = verb.doc, verb.sent
    for i in range(verb.i - 1, max(sentence.start + 1, verb.i - 6), -1):
        token = doc[i]
        if token.text in (",", ";", ":") or (token.pos_ in ("VERB", "AUX") and not token.dep_.startswith("aux")):
            return None
        number = doc[i - 2] if i - 2 >= sentence.start else None
        if token.pos_ != "PRON" or doc[i - 1].lower_ not in words.out_of or number is None \
                or not (number.like_num or number.pos_ == "NUM"):
            continue
        value = number_value(number, lang)
        if value is None:
            return None
        antecedent = next((m for m in reversed(doc[sentence.start:number.i]) if m.pos_ == "NOUN"
                           and member(m, words.munitions)), None)
        return number, value, antecedent
    return None


def share_facts(slot: str, verb: Token, share: tuple[Token, int, Token | None], lang: LanguageData,
                words: FrameWords, negative: bool) -> list[Fact]:
    """The facts of "N of them" + a verb: N in the verb's slot, and, for a hit or an
    interception, the whole the pronoun stands for as launched ("40 drones, 6 of them hit")."""
    number, value, antecedent = share
    facts = [_fact(slot, 0 if negative else value, verb, number, at_least=at_least(number, words) and not negative)]
    whole = count_of(antecedent, lang, words)[0] if antecedent is not None else None
    if slot != "launched" and whole and whole >= value:
        facts.append(_fact("launched", whole, antecedent, antecedent))
    return facts


def subject_before(verb: Token, words: FrameWords) -> list[Token]:
    """ "Более пяти беспилотников ВСУ атаковали завод", whatever the parse made of it: a
    counted munition that opens the verb's part of the sentence is what it counts."""
    doc, start = verb.doc, verb.i
    while start > verb.sent.start and doc[start - 1].text not in (",", ";", ":") and "\n" not in doc[start - 1].text:
        start -= 1
    return [t for t in doc[start:verb.i] if is_munition(t, words)
            and any(c.dep_.startswith("nummod") for c in t.children)][:1]


def trigger_slot(verb: Token, words: FrameWords) -> str | None:
    """The count slot a verb fills, by its lemma or form, or as a verb and its object:
    "take part", "взять участие"."""
    slot = words.triggers.get(verb.lemma_.lower()) or words.triggers.get(verb.lower_)
    if slot is None:
        slot = next((words.triggers[f"{verb.lemma_.lower()} {c.lower_}"] for c in verb.children
                     if f"{verb.lemma_.lower()} {c.lower_}" in words.triggers), None)
    return slot


def coordinated(arg: Token, words: FrameWords) -> list[Token]:
    """Munitions counted beside ``arg``: "27 drones and three missiles", "five of seven
    cruise missiles and 30 drones"."""
    found = []
    for node in (arg, *(c for c in arg.children if c.dep_ == "nmod" and member(c, words.munitions))):
        for child in node.children:
            # "8 ракет і 60 дронів": the parse may make the second an apposition after the "і"
            joined = child.dep_ == "conj" or child.dep_ == "appos" and child.i > node.i and any(
                t.pos_ == "CCONJ" for t in child.doc[node.i + 1:child.i])
            if joined and counted(child, words) and child.i not in {f.i for f in found}:
                found.append(child)
                found += coordinated(child, words)
    return found


def included(verb: Token, words: FrameWords, lang: LanguageData) -> list[tuple[Token, int]]:
    """Counts after "including" / "в том числе" in the verb's clause, with what they
    count: "downed 41 drones, including 12 over the Volgograd region"."""
    found, doc = [], verb.doc
    for token in doc[verb.left_edge.i: verb.right_edge.i + 1]:
        if not (token.like_num or token.pos_ == "NUM") or clause_verb(token) is not verb:
            continue
        before = doc[max(token.i - 4, verb.left_edge.i): token.i].text.lower()
        if not any(before == marker or before.endswith(f" {marker}") for marker in words.including):
            continue
        noun = token.head if member(token.head, words.munitions) and token.head.i > token.i else token
        count, _ = count_of(noun, lang, words) if noun is not token else (number_value(token, lang), None)
        if count is not None:
            found.append((noun, count))
    return found


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause a word sits in."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def listed(verb: Token, counted_args: list[Token], words: FrameWords, lang: LanguageData) -> list[tuple[Token, int]]:
    """Counts listed after a colon that closes the verb's clause, each in its slot:
    "збито 35 засобів повітряного нападу:\n🔹 5 крилатих ракет;\n🔹 30 БпЛА"."""
    doc = verb.doc
    first = min(a.i for a in counted_args)  # the total, before the colon
    colon = next((t for t in doc[first + 1: min(first + 6, len(doc))] if t.text == ":" or t.pos_ == "VERB"), None)
    if colon is None or colon.text != ":":
        return []
    found = []
    for noun in doc[colon.i + 1:]:
        if noun.is_sent_start and noun.i > colon.i + 1:
            break
        if member(noun, words.munitions) and clause_verb(noun) in (verb, None):
            count, _ = count_of(noun, lang, words)
            if count:
                found.append((noun, count))
    return found


def counted_nouns(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """A trigger or strike noun with the munitions it was made with: "с использованием ста
    ракет", "в результате удара тремя ракетами", "the launch of 40 drones": launched
    (a trigger noun gives its own slot). A strike noun that a trigger verb already
    reads ("отражена атака двух беспилотников") is left to that verb."""
    facts = []
    for noun in content:
        if noun.pos_ != "NOUN":
            continue
        slot = words.triggers.get(noun.lemma_.lower())
        if slot is None and member(noun, words.strikes) and not trigger_slot(noun.head, words):
            slot = "launched"
        if slot is None or slot == "hit" and not member(noun, words.strikes):
            continue  # a hit noun counts itself (counted_hits)
        munitions = [c for c in noun.children if c.dep_ in ("nmod", "iobj", "obl") and is_munition(c, words)]
        if not munitions and slot == "launched" and member(noun, words.strikes):
            munitions = clause_instruments(noun, words)
        for munition in munitions:
            count, _ = count_of(munition, lang, words)
            if count and not negated(noun, words) != negative_claim:
                facts.append(_fact(slot, count, noun, munition, at_least=at_least(munition, words)))
    return facts


def clause_instruments(strike: Token, words: FrameWords) -> list[Token]:
    """Munitions in the instrumental that the parse hung on the verb of a strike noun's
    clause, a verb that counts nothing itself: "погибли в результате удара ВСУ 23 ноября
    тремя ракетами" (the strike was made with them)."""
    verb = clause_verb(strike)
    if verb is None or trigger_slot(verb, words) is not None:
        return []
    return [c for c in verb.children if c.dep_ in ("obl", "iobj") and is_munition(c, words)
            and "Ins" in c.morph.get("Case") and not any(g.dep_ == "case" for g in c.children)]


def counted_hits(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "щонайменше шість влучань", "six hits", "шесть попаданий": a hit noun with a
    numeral of its own is the count of hits (a strike or an attack noun is not)."""
    facts = []
    for noun in content:
        if noun.pos_ != "NOUN" or words.triggers.get(noun.lemma_.lower()) != "hit" \
                or member(noun, words.strikes) or member(noun, words.munitions):
            continue
        numbered = any(c.dep_ == "nummod" or c.like_num for c in noun.children) \
            or number_before(noun, lang, words) is not None
        zero = any(c.dep_ == "det" and c.lower_ in words.zero for c in noun.children)
        if not numbered and not zero:
            continue  # "a hit on the building" says no count
        count, _ = count_of(noun, lang, words)
        if count is None:
            continue
        negative = negated(noun, words) != negative_claim
        facts.append(_fact("hit", 0 if negative else count, noun, noun,
                           at_least=not negative and count > 0 and at_least(noun, words)))
    return facts


def elliptic_counts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "У місто полетіли російські ракети. П'ять ракет.", "Missiles flew at the city. Five
    missiles.": a sentence of a counted munition and no verb counts the munitions of the
    sentence before it, in the slot of the verb that tells what they did there."""
    facts = []
    for noun in content:
        sentence = noun.sent
        if noun.dep_ != "ROOT" or not is_munition(noun, words) or sentence.start == 0 \
                or any(t.pos_ in ("VERB", "AUX") for t in sentence):
            continue
        count, _ = count_of(noun, lang, words)
        if not count:
            continue
        before = noun.doc[sentence.start - 1].sent
        for verb in before:
            slot = trigger_slot(verb, words)
            if slot is None or verb.pos_ not in ("VERB", "AUX") or negated(verb, words) != negative_claim:
                continue
            if any(a.lemma_.lower() == noun.lemma_.lower() for a in arguments(verb)):
                facts.append(_fact(slot, count, noun, noun, at_least=at_least(noun, words)))
                break
    return facts


def counted_right_after(verb: Token, words: FrameWords) -> list[Token]:
    """ "запустили три ракети проти України", whatever the parse hung the noun on: a
    number and a munition right after the verb (adjectives between) are what it counts."""
    doc, i = verb.doc, verb.i + 1
    if i >= verb.sent.end or not (doc[i].like_num or doc[i].pos_ == "NUM"):
        return []
    i += 1
    while i < verb.sent.end and doc[i].pos_ == "ADJ":
        i += 1
    # (not "ударили пятью ракетами": the instrument is what it was made with, read apart)
    return [doc[i]] if i < verb.sent.end and is_munition(doc[i], words) and "Ins" not in doc[i].morph.get("Case") else []


def lives_taken(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "claimed the lives of 52 people", "забрав життя 52 людей", "унес жизни 52 человек",
    "a coûté la vie à 52 personnes", "took 12 lives": the dead, counted on the life noun
    or on the people whose lives they were."""
    facts = []
    for life in content:
        verb = life.head
        if not member(life, words.lives_nouns) or life.dep_ != "obj" or not member(verb, words.lives_verbs):
            continue
        if negated(verb, words) != negative_claim:
            continue  # "did not cost a single life" says none died of it, not how many did
        count = next((number_value(c, lang) for c in life.children if c.dep_ == "nummod"), None)
        people = next((t for t in (*life.subtree, *(c for c in verb.children if c.dep_ in ("obl", "obl:arg", "iobj")))
                       if t.i != life.i and member(t, words.people)), None)
        if count is None and people is not None:
            count = count_of(people, lang, words)[0]
        if count:
            facts.append(_fact("killed", count, verb, people if people is not None else life))
    return facts


def count_facts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    facts = counted_hits(content, lang, words, negative_claim) + counted_nouns(content, lang, words, negative_claim)
    facts += elliptic_counts(content, lang, words, negative_claim)
    for verb in content:
        slot = trigger_slot(verb, words)
        if slot is None or verb.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        args = arguments(verb)
        # "attacked Kharkiv with 15 drones", "атакувала 39 ракетами", "ударили пятью ракетами":
        # what a strike is made with was launched, whatever verb tells it
        # (not "used as a weapon", "використали як зброю": a role, no count)
        # (in the instrumental, where the language has cases: "по одному беспилотнику" is none)
        instruments = [c for c in verb.children if c.dep_ in ("obl", "iobj") and is_munition(c, words)
                       and (slot == "launched" or not any(g.dep_ == "case" for g in c.children))
                       and (not c.morph.get("Case") or "Ins" in c.morph.get("Case"))
                       and not any(g.dep_ in ("case", "mark") and g.lower_ in lang.as_markers for g in c.children)]
        if slot != "launched":
            facts += [_fact("launched", count, verb, c) for c in instruments
                      for count in [count_of(c, lang, words)[0]] if count and not negated(verb, words)]
        else:
            args += instruments
        # "отражена атака двух беспилотников": what the attack was made of
        args += [c for a in args if member(a, words.strikes) for c in a.children
                 if c.dep_ == "nmod" and is_munition(c, words)]
        # "взяли участь 25 безпілотників": the parser may hang the count on the phrase's noun
        args += [c for a in args if f"{verb.lemma_.lower()} {a.lower_}" in words.triggers
                 for c in a.children if c.dep_ == "nmod"]
        munitions = [a for a in args if counted(a, words)]
        munitions += [c for a in munitions for c in coordinated(a, words) if c not in munitions]
        # "…, щонайменше 6 з них влучили": the share named right before the verb is what it
        # counts, whatever the parse lent it from a coordinated verb
        share = partitive_before(verb, lang, words)
        if share is not None:
            facts += share_facts(slot, verb, share, lang, words, negated(verb, words) != negative_claim)
            continue
        if not munitions:
            munitions = subject_before(verb, words) or counted_right_after(verb, words)
        strikes = [a for a in args if member(a, words.strikes)]
        negative = negated(verb, words) != negative_claim
        if negative and not negative_claim and habitual(verb):
            continue  # "our missiles do not hit civilian facilities": a policy, not a strike's toll
        if negative and not negative_claim and relative_clause(verb, lang) and not is_munition(verb.head, words):
            continue  # "a country from whose territory missiles are not launched": which country, no toll
        for arg in munitions:
            if slot == "launched" and verb.dep_.startswith("acl") and arg.i == verb.head.i:
                continue  # "сбиты 8 беспилотников, летевших на Москву": what they are, not a launch
            count, total = count_of(arg, lang, words)
            if count is None and total is None and arg.dep_ in SINGLE_ROLES.get(slot, ()) \
                    and arg.pos_ == "NOUN" and member(arg, words.munitions) \
                    and "Sing" in arg.morph.get("Number") and not universally(arg, words):
                count = 1  # "был сбит беспилотник": one, named in the singular
            if count == 1 and verb.dep_ == "acl" and arg.dep_ not in ("nsubj", "nsubj:pass", "obj", "ROOT"):
                continue  # "la chute de fragments d'un drone abattu": an aside, not a tally
            if (verb.dep_ == "acl" or slot == "launched") and total is not None and not negative:
                # "six of eight missiles fired at Kursk": what was fired is all eight
                count, total = total, None
            if negative or count == 0:
                facts.append(_fact(slot, 0, verb, arg))
            elif count is not None:
                facts.append(_fact(slot, count, verb, arg, at_least=at_least(arg, words)))
            if slot == "intercepted" and not negative and universally(arg, words):
                facts.append(_fact("hit", 0, verb, arg))  # "tous les drones ont été abattus"
            if total is not None and not negative:
                facts.append(_fact("launched", total, verb, arg))
        if munitions and not negated(verb, words) != negative_claim:
            facts += [_fact(slot, count, verb, noun) for noun, count in included(verb, words, lang)]
            facts += [_fact(slot, count, verb, noun) for noun, count in listed(verb, munitions, words, lang)]
        # "a démenti que la raffinerie ait été touchée": nothing hit it, by this source
        aimed_at = strikes or [a for a in args if member(a, words.targets)]
        if not munitions and aimed_at and negative and slot == "hit":
            facts.append(_fact("hit", 0, verb, aimed_at[0]))
    return facts


def relative_clause(verb: Token, lang: LanguageData) -> bool:
    """A verb that heads a relative clause ("from whose territory missiles are not
    launched", "з якої не запускають ракети"), whatever label the parse gave it."""
    return verb.dep_ in ("acl:relcl", "acl", "nmod") and any(
        t.i < verb.i and (t.lower_ in lang.relative_pronouns or t.lemma_.lower() in lang.relative_pronouns)
        for t in verb.subtree)


def habitual(verb: Token) -> bool:
    """ "our missiles do not hit civilian facilities in response", "наші ракети не б'ють по
    цивільних": a verb in the simple present tells a habit or a policy, not what happened
    in a strike (not a participle: "have not hit", "are not intercepted" report one)."""
    if "Part" in verb.morph.get("VerbForm") or "Fut" in verb.morph.get("Tense"):
        return False
    return any("Pres" in t.morph.get("Tense")
               for t in (verb, *(c for c in verb.children if c.dep_ == "aux")))


def things_affected(token: Token, words: FrameWords) -> bool:
    """ "оборудование станции не пострадало", "житлові будинки не постраждали": a
    casualty verb whose subjects are all things speaks of damage, not of people."""
    if token.pos_ != "VERB":
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")]
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj"]
    return bool(subjects) and all(
        s.pos_ == "NOUN" and not member(s, words.people) and s.lemma_.lower() not in words.numbers
        and ("Inan" in s.morph.get("Animacy") or member(s, words.targets))
        for s in subjects)  # "погибли 5 тысяч человек": a number of people


def casualty_facts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    facts = []
    for token in content:
        victims = member(token, words.victims)
        slot = words.casualties.get(token.lemma_.lower()) or words.casualties.get(token.lower_)
        if slot is None and member(token, words.losses) and lost_people(token, lang, words) \
                and not negated(token, words) != negative_claim:
            slot = "killed"  # "we lost 82 of our heroes"
        if slot is None and not victims:
            continue
        if things_affected(token, words):
            continue  # equipment, houses: damage (see damage_fact)
        if any(c.dep_ == "case" and c.lower_ in words.among for c in token.children):
            continue  # "Two children were among the injured": some of them, not the toll
        if negative_claim and token.dep_ == "nmod" and not slot_word(token.head, words):
            continue  # "a nié toute responsabilité dans la mort de civils": not a toll
        if about_speech(token, content, lang):
            continue
        negative = negated(token, words) != negative_claim
        if negative and of_a_group(token, lang):
            continue  # "у каждого, кто еще не погиб, не ранен": who they are, not a toll
        if negative and not negative_claim and known_dead(token, lang, words):
            continue  # "it will not resurrect our dead people": they are, whatever is denied of them
        if negative and any(member(c, words.others) for c in (
                *(c for c in token.children if c.dep_ in ("amod", "det")), token.doc[max(token.i - 1, 0)])):
            continue  # "Інших постраждалих немає", "no other injuries": none besides those named
        if negative and speaker_self(token, lang):
            continue  # "Я не ранен, я жив", "I am not wounded": the speaker's own state, no toll
        if token.pos_ in ("NOUN", "NUM") or any(c.dep_ == "nummod" for c in token.children):
            # "троє загиблих", "9 поранені", "четверо людей поранені"
            people = [token, *(c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass"))]
            if token.dep_ == "obj":  # "двое военных получили ранения": who got the wounds
                people += [c for c in token.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
        else:  # "загинули двоє людей", whatever relation the parser gave the number
            people = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass", "obj")
                      or c.dep_ == "iobj" and not any(g.dep_ == "case" for g in c.children)
                      # "вбили 64 цивільних і поранили 190": the parse may make the 190 an apposition
                      or c.pos_ == "NUM" and c.dep_ in ("iobj", "obl", "nmod", "appos")]
            if token.dep_ == "amod" and token.head.pos_ == "NUM":
                people.append(token.head)  # "two dead"
        people = [p for p in people if not member(p, words.durations)]  # "За три тижні загинули тисячі"
        # "Загинув чоловік, ще четверо людей поранені": a parse that crosses the comma
        # gives the four to the dead; a count stays in its own part of the sentence
        people = [p for p in people if same_part(p, token) and (
            p.i == token.i or member(p, words.people) or p.pos_ == "NUM" or p.like_num
            or p.pos_ == "PRON" and p.lower_ in words.zero  # "Nobody was hurt"
            or any(c.dep_.startswith("nummod") for c in p.children))]  # "A missile attack killed three people": not "a" attack
        before = token.doc[token.i - 1] if token.i > content.start else None
        if before is not None and member(before, words.people) and any(c.dep_ == "nummod" for c in before.children):
            people.append(before)  # "четверо людей поранені"
        count = None
        previous = token.doc[token.i - 1] if token.i > 0 else None
        if previous is not None and token.pos_ != "NOUN" and (previous.like_num or previous.pos_ == "NUM") \
                and same_part(previous, token):
            count = number_value(previous, lang)  # "two soldiers killed and three wounded"
        for person in people if count is None else []:
            count, _ = count_of(person, lang, words)
            if count is not None:
                break
        if count is None and not negative:
            count = counted_before(token, lang, words)
        if count is None and not negative:
            count = counted_after(token, lang, words)
        if count is None and not negative:
            count = tally(token, content, lang, words)
        if count is None and not negative:
            count = one_person(token, words)
        slots = ("killed", "injured") if victims else (slot,)
        for name in slots:
            if negative:
                facts.append(_fact(name, 0, token, token))
            elif count is not None and not victims:
                facts.append(_fact(name, count, token, token))
    return facts


def speaker_self(token: Token, lang: LanguageData) -> bool:
    """ "Я не ранен, я жив", "I am alive and not wounded": the subject of the casualty
    word, or of the words it is coordinated with or completes, is the speaker."""
    node = token
    for _ in range(3):
        if any(c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.lower_ in lang.first_person
               for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head is node:
            return False
        node = node.head
    return False


def known_dead(token: Token, lang: LanguageData, words: FrameWords) -> bool:
    """A casualty word that names dead or wounded people known to be so, not a toll: an
    adjective on a noun ("it will not resurrect our dead people", "we do not need
    thousands of dead soldiers", "Не пробачимо жодної вбитої душі"), a noun with a
    definite article or a possessive ("a state that does not count the dead", "will not
    heal the emotional wound", "наших загиблих"), one a relative clause restricts
    ("there is no victim of this war who will be forgotten"), or their number ("does not
    care about the number of victims"). A negation above it denies
    something of them, not that they are; "загиблих людей немає" still says none."""
    if there_is_none(token, words) or token.dep_ == "conj" and there_is_none(token.head, words):
        return False
    if token.dep_ == "amod" and token.head.pos_ == "NOUN":
        head = token.head
        return not there_is_none(head, words) and not (
            member(head, words.people) and any(c.lower_ in words.zero for c in head.children if c.dep_ == "det"))
    if token.pos_ not in ("NOUN", "ADJ"):
        return False
    if token.dep_ == "nmod" and member(token.head, words.tally_nouns):
        return True  # "does not care about the number of victims": a number there is
    for child in token.children:
        if child.dep_ in ("acl:relcl", "acl") and child.pos_ in ("VERB", "AUX"):
            return True  # "no victim … who will be forgotten"
        if child.dep_ == "det" and "Def" in child.morph.get("Definite"):
            return True  # "the dead"
        if child.dep_ in ("nmod:poss", "det", "det:poss") and (
                "Yes" in child.morph.get("Poss") or child.lower_ in lang.first_person):
            return True  # "our dead", "наших загиблих"
    return False


def counted_before(token: Token, lang: LanguageData, words: FrameWords) -> int | None:
    """ "двоє водіїв вантажівок дістали поранення", whatever the parse made of it: the
    counted people that open the casualty word's part of the sentence (no comma between)."""
    doc = token.doc
    start = token.i
    while start > token.sent.start and doc[start - 1].text not in (",", ";", ":") and "\n" not in doc[start - 1].text:
        start -= 1
    for person in doc[start:token.i]:
        if person.head.i != token.i and person.head.i < token.i and slot_word(person.head, words):
            continue  # "вбили 64 цивільних і поранили 190": the 64 are what the first verb counts
        count = people_count(person, start, lang, words)
        if count is not None:
            return count
    verb = token.head
    if token.pos_ == "NOUN" and verb.pos_ == "VERB" and start <= verb.i - 1 < verb.i < token.i \
            and (doc[verb.i - 1].like_num or doc[verb.i - 1].pos_ == "NUM"):
        return number_value(doc[verb.i - 1], lang)  # "ще 40 отримали поранення": a bare count of people
    return None


def counted_after(token: Token, lang: LanguageData, words: FrameWords) -> int | None:
    """ "За добу загинули 12 людей", "Внаслідок обстрілу загинули троє людей", whatever the
    parse made of it: the counted people right after a casualty verb, in its part of the
    sentence (up to a comma or another verb)."""
    if token.pos_ != "VERB":
        return None
    doc = token.doc
    for person in doc[token.i + 1: token.sent.end]:
        if person.text in (",", ";", ":") or "\n" in person.text or person.pos_ in ("VERB", "AUX"):
            break
        count = people_count(person, token.i + 1, lang, words)
        if count is not None:
            return count
    return None


def people_count(person: Token, start: int, lang: LanguageData, words: FrameWords) -> int | None:
    """The count right before a noun of people, past its adjectives and possessives, and
    "N of": "12 людей", "137 наших громадян", "12 мирних жителів", "137 of our citizens"."""
    if not member(person, words.people):
        return None
    doc, i = person.doc, person.i - 1
    while i > start and doc[i].pos_ in ("ADJ", "DET", "PRON") and not doc[i].like_num:
        i -= 1
    if i > start and doc[i].lower_ in words.out_of and (doc[i - 1].like_num or doc[i - 1].pos_ == "NUM"):
        i -= 1  # "137 of our citizens"
    if i >= start and i < person.i and (doc[i].like_num or doc[i].pos_ == "NUM"):
        return number_value(doc[i], lang)
    return None


def lost_people(verb: Token, lang: LanguageData, words: FrameWords) -> bool:
    """ "we lost 82 of our heroes", "ми втратили 82 наших героїв": a verb of loss counts
    the dead only when what was lost is a count of people ("lost 100 tanks", "lost
    hope" count no one), and they are the speaker's own, mourned: an army's "losses"
    ("ВСУ потеряли около 600 человек") count the wounded too."""
    ours = lambda node: any(t.lower_ in lang.first_person for t in node.children if t.pos_ in ("PRON", "DET"))
    for thing in verb.children:
        if thing.dep_ not in ("obj", "nsubj:pass"):
            continue
        people = None
        if thing.pos_ == "NUM" or thing.like_num:  # "82 of our heroes"
            people = next((c for c in thing.children if c.dep_ == "nmod" and member(c, words.people)), None)
        elif member(thing, words.people) and any(c.dep_ == "nummod" or c.like_num for c in thing.children):
            people = thing
        if people is not None and (ours(verb) or ours(people)):
            return True
    return False


def same_part(a: Token, b: Token) -> bool:
    """No comma or semicolon between two words."""
    low, high = sorted((a.i, b.i))
    return not any(t.text in (",", ";") for t in a.doc[low + 1:high])


def tally(token: Token, content: Span, lang: LanguageData, words: FrameWords) -> int | None:
    """ "the death toll rose to 3", "кількість загиблих зросла до трьох": the figure after
    "to" once a tally noun ("toll", "кількість") is next to the casualty word."""
    nearby = [token.head, *token.children, *token.doc[max(token.i - 1, 0): token.i + 2]]
    if not any(member(t, words.tally_nouns) for t in nearby if t.i != token.i):
        return None
    doc = token.doc
    for t in doc[token.i + 1: content.end - 1]:
        if t.lower_ in words.tally_to and (doc[t.i + 1].like_num or doc[t.i + 1].pos_ == "NUM"):
            return number_value(doc[t.i + 1], lang)
    return None


def one_person(token: Token, words: FrameWords) -> int | None:
    """ "пострадала 52-летняя женщина", "подросток получил ранение": one person, named
    by a singular noun as subject of the casualty word or of the verb it is object of."""
    # "Загинула жінка": a nominative the parse made an object is the subject
    holders = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")
               or c.dep_ in ("obj", "nmod") and "Nom" in c.morph.get("Case") and token.pos_ == "VERB"]
    if token.pos_ == "VERB" and "Plur" in token.morph.get("Number"):
        return None  # "Загинули жінки": more than one, however the noun was tagged
    if token.dep_ == "amod" and "Fin" in token.morph.get("VerbForm"):
        holders.append(token.head)  # "загинула людина": a finite verb is no adjective, its noun the subject
    if token.dep_ == "obj":
        holders += [c for c in token.head.children if c.dep_ == "nsubj"]
    # "Tetiana, mother, received shrapnel wounds": the commas of the person's own apposition
    for person in (h for h in holders if same_part(h.doc[max(h.right_edge.i, h.i)], token)):
        # "Tetiana, mother, received shrapnel wounds": a person's name, or a name set beside a person
        named = person.ent_type_ in ("PER", "PERSON") or person.pos_ == "PROPN" and any(
            c.dep_ == "appos" and member(c, words.people) for c in person.children)
        if (member(person, words.people) or named) and "Plur" not in person.morph.get("Number") \
                and not any(c.dep_ == "nummod" and not is_age(c) for c in person.children):
            return 1
    return None


def is_age(token: Token) -> bool:
    """ "45-річна", "45-летняя", "45-year-old": an age the tagger may read as a count."""
    head, _, tail = token.text.partition("-")
    return head.isdigit() and tail[:1].isalpha()


def about_speech(token: Token, content: Span, lang: LanguageData) -> bool:
    """ "sans mentionner de dégâts": a word under a speech verb of the content is what
    was (not) said, not what happened."""
    heads = [a for a in _clause_heads(token)[:3] if content.start <= a.i < content.end]
    return any(lang.cue_stance(a.lemma_, a.text) for a in heads)


def slot_word(token: Token, words: FrameWords) -> bool:
    return bool(words.casualties.get(token.lemma_.lower()) or member(token, words.damage)
                or member(token, words.victims))


def damage_fact(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> Fact | None:
    """What the claim says of damage as a whole.

    A general word ("dégâts", "dommages") outweighs an incidental one ("incendie",
    "trou", "endommagé"): "un bref incendie, sans faire de dégâts" says none,
    "un trou est apparu ; l'équipement n'a pas été endommagé" says some.
    """
    found: dict[tuple[bool, bool], Fact] = {}  # (general, positive) -> strongest fact
    for token in content:
        casualty = words.casualties.get(token.lemma_.lower()) or words.casualties.get(token.lower_)
        if not member(token, words.damage) and not (casualty and things_affected(token, words)):
            continue
        objects = [a for a in arguments(token) if a.dep_ != "nsubj"] + [
            t for t in token.subtree if t.i > token.i and any(c.dep_.startswith("nummod") for c in t.children)]
        if token.pos_ == "VERB" and any(counted(a, words) or "Anim" in a.morph.get("Animacy")
                                        or member(a, words.people) for a in objects):
            continue  # "quinze drones détruits", "уничтожили 250 боевиков": the drones, the men, not a target
        # (or of the verb it is coordinated with: "перехвачены и уничтожены 30 … аппаратов: …")
        verbs = {token.i, *(c.i for c in token.children if c.dep_ == "conj")} | (
            {token.head.i} if token.dep_ == "conj" else set())
        if token.pos_ == "VERB" and trigger_slot(token, words) == "intercepted" and any(
                is_munition(t, words) for t in token.sent if t.head.i in verbs or t.head.head.i in verbs):
            continue  # "уничтожила и перехватила 44 беспилотника": an interception
        if about_speech(token, content, lang):
            continue
        patients = [c for c in token.children if c.dep_ in ("obj", "nsubj:pass", "nmod")]
        if any(figurative(a, token, lang, words) for a in patients + ([token.head] if token.dep_ == "amod" else [])):
            continue  # "they want to destroy our lives", "destroy Europe", "знищити нас"
        negative = negated(token, words) != negative_claim
        if negative:
            level = "none"
        else:
            modifiers = [c for c in token.children if c.dep_ in ("amod", "advmod", "obl:mod")]
            if token.dep_.startswith("nsubj"):
                modifiers.append(token.head)  # "les dégâts sont sérieux"
            if token.i > 0:  # "повністю зруйновані", whatever the parse made of the adverb
                modifiers.append(token.doc[token.i - 1])
            level = "significant" if any(member(m, words.significant) for m in modifiers) else "some"
        key = (member(token, words.general_damage), not negative)
        best = found.get(key)
        if best is None or DAMAGE_LEVELS.index(level) > DAMAGE_LEVELS.index(best.value):
            found[key] = _fact("damage", level, token, token)
    for key in ((True, True), (True, False), (False, True), (False, False)):
        if key in found:
            return found[key]
    return None


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
    for token in content:
        if not member(token, words.disrupt):
            continue
        related = [t for t in token.subtree if t.i != token.i]
        if not any(member(t, words.production_nouns) and not member(t, words.targets) for t in related):
            continue  # "la production", "виробництво"; not "l'usine", which is a target
        negative = negated(token, words) != negative_claim
        if negative and of_a_group(token, lang):
            continue  # "those who did not stop working": who they are, not the plant's state
        return _fact("production_disrupted", not negative, token, token)
    return None


def target_fact(content: Span, words: FrameWords) -> Fact | None:
    """What was struck: a facility noun with the words that name it, up to a comma."""
    for token in content:
        if token.pos_ == "NOUN" and member(token, words.targets):
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
    text = content.text.lower()
    for weapon in words.weapons:
        at = text.find(weapon.lower())
        if at >= 0:
            start = content.start_char + at
            return Fact(slot="weapon", value=weapon, span=(start, start + len(weapon)))
    return None


def time_expressions(span: Span, words: FrameWords) -> list[tuple[str, int]]:
    """Date words in a span: relative ("dimanche", "hier") or "12 mars 2024"."""
    text = span.text.lower()
    found = []
    for expression in words.relative_dates:
        at = _word_at(text, expression.lower())
        if at >= 0:
            found.append((span.text[at: at + len(expression)], span.start_char + at))
    for token in span:
        if token.like_num and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in words.months:
            end = token.i + 2
            if end < len(token.doc) and token.doc[end].like_num and len(token.doc[end].text) == 4:
                end += 1
            expression = token.doc[token.i:end]
            found.append((expression.text, expression.start_char))
    return sorted(found, key=lambda f: f[1])


def _word_at(text: str, word: str) -> int:
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
    expressions = time_expressions(content, words)
    if not expressions:
        return None
    expression, start = expressions[0]
    value, resolved = resolve_date(expression, lang, published)
    return Fact(slot="time", value=value, span=(start, start + len(expression)),
                evidence=expression, resolved=resolved)


def _fact(slot: str, value: Any, token: Token, arg: Token, *, at_least: bool = False) -> Fact:
    """A fact whose span runs from the counted phrase to the word that gave the slot."""
    first = min(token, arg.left_edge if arg.i != token.i else token, key=lambda t: t.i)
    last = max(token, arg, key=lambda t: t.i)
    return Fact(slot=slot, value=value, span=(first.idx, last.idx + len(last.text)), at_least=at_least)


def universally(noun: Token, words: FrameWords) -> bool:
    return any(c.lower_ in words.universal for c in noun.children if c.dep_ in ("det", "amod", "advmod"))


# --- one claim --------------------------------------------------------------

def frame_content(content: Span, stance: str, lang: LanguageData, *, published: str | None = None) -> list[Fact]:
    """Every fact a claim's content gives, offsets relative to the parsed piece."""
    words = frame_words(lang)
    negative_claim = stance == "deny"
    facts = count_facts(content, lang, words, negative_claim)
    facts += casualty_facts(content, lang, words, negative_claim)
    facts += lives_taken(content, lang, words, negative_claim)
    for fact in (damage_fact(content, lang, words, negative_claim), production_fact(content, lang, words, negative_claim),
                 target_fact(content, words), place_fact(content, words), weapon_fact(content, words),
                 time_fact(content, words, lang, published)):
        if fact is not None:
            facts.append(fact)
    facts = [f for f in facts if not unreal(f, content, words)]
    return shares_of_totals(merge_counts(facts), content)


def imperative(verb: Token) -> bool:
    """ "Tear down this wall!", "Зруйнуйте цю стіну!": an order, not what happened. By its
    mood, or a second-person verb with no subject of its own (a tagger may give no mood)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return "Imp" in verb.morph.get("Mood") or "2" in verb.morph.get("Person") and not any(
        c.dep_.startswith("nsubj") for c in verb.children)


def unreal(fact: Fact, content: Span, words: FrameWords) -> bool:
    """A figure asked about or set in a condition reports nothing that happened: "Та що
    станеться, якщо цей щит зазнає критичних руйнувань?", "if a single missile hits …"."""
    inside = content.doc.char_span(*fact.span, alignment_mode="expand") if fact.span else None
    if not inside:
        return False
    if inside[0].sent.text.rstrip().endswith("?"):
        return True
    if governed_by(inside[0], words.intent) or any(future(t, words) for t in (inside[0], inside[-1])):
        return True
    if inside[0].pos_ in ("NOUN", "ADJ") and any(future(v, words) for v in _clause_heads(inside[0])[-1:]):
        return True  # "ми не залишимо поранених", "it will not bring back the dead": not yet, if ever
    if fact.slot != "launched" and governed_by(inside[0], words.attempt):
        return True  # "tried to destroy the bridge": destroyed or not, it does not say
    # the fact's verb, or the verb of a noun's clause ("щоб не допустити руйнувань")
    verbs = {v for t in (inside[0], inside[-1]) for v in (t, *_clause_heads(t)[-1:])}
    if any(modal(v, words) or negated_infinitive(v, words) or imperative(v) for v in verbs):
        return True
    for token in (inside[-1], *inside[-1].ancestors):
        if any(c.dep_ == "mark" and c.lower_ in words.conditionals for c in token.children):
            return True
    return False


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
    doc, i = token.doc, token.i - 1
    while i > token.sent.start and (doc[i].lower_ in words.negation or doc[i].pos_ == "PART"
                                    and not member(doc[i], words.modal)):
        i -= 1  # "would not", "не б": past the negation and the infinitive's "to"
    if i >= token.sent.start and member(doc[i], words.modal):
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
            return False
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
