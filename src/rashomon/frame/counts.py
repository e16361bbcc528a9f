"""Count slots: ``launched``, ``hit``, ``intercepted``, by the verbs of ``count_triggers``."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang import LanguageData
from ..ledger import Fact
from ..pieces import words_among
from .negation import negated
from .numbers import at_least, count_of, number_before, number_value
from .words import ARGUMENT_DEPS, FrameWords, INHERIT_DEPS, member, new_fact, universally


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
        # a passive verb takes no object: "10 ракет были уничтожены, а три достигли цели"
        # lends "цели", the target reached, to nothing that was shot down
        lent = ("nsubj:pass",) if passive(verb) else ("obj", "nsubj:pass")
        args += [c for p in partners for c in p.children if c.dep_ in lent or misparsed_subject(c)]
    node = verb
    while not any(a.dep_.startswith("nsubj") for a in args) and node.dep_ in INHERIT_DEPS \
            and node.head.i != node.i:
        node = node.head
        args += [c for c in node.children if c.dep_.startswith("nsubj")]
        if node.pos_ == "NOUN" and node.dep_ != "ROOT":  # "cinq drones visant ..." : the noun itself
            args.append(node)
    return args


def passive(verb: Token) -> bool:
    """A passive verb or participle: "были уничтожены", "was shot down", "збито"."""
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ == "aux:pass" for c in verb.children)


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
    facts = [new_fact(slot, 0 if negative else value, verb, number, at_least=at_least(number, words) and not negative)]
    whole = count_of(antecedent, lang, words)[0] if antecedent is not None else None
    if slot != "launched" and whole and whole >= value:
        facts.append(new_fact("launched", whole, antecedent, antecedent))
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
    lemma = verb.lemma_.lower()
    slot = words.triggers.get(lemma) or words.triggers.get(verb.lower_)
    if slot is None and lemma in words.phrase_triggers:
        slot = next((words.triggers[f"{lemma} {c.lower_}"] for c in verb.children
                     if f"{lemma} {c.lower_}" in words.triggers), None)
    return slot


def coordinated(arg: Token, words: FrameWords) -> list[Token]:
    """Munitions counted beside ``arg``: "27 drones and three missiles", "five of seven
    cruise missiles and 30 drones"."""
    found = []
    # "50 ракет разных типов и 80 шахедов": the parse may join the second to a word of the first's
    for node in (arg, *(c for c in arg.subtree if c.dep_ == "nmod" and c.i != arg.i)):
        for child in node.children:
            # "8 ракет і 60 дронів": the parse may make the second an apposition after the "і"
            joined = child.dep_ == "conj" or child.dep_ == "appos" and child.i > node.i and any(
                t.pos_ == "CCONJ" for t in child.doc[node.i + 1:child.i])
            if joined and counted(child, words) and child.i not in {f.i for f in found}:
                found.append(child)
                found += coordinated(child, words)
    following = counted_after_conjunction(arg, words)
    if following is not None and following.i not in {f.i for f in found}:
        found.append(following)
        found += coordinated(following, words)
    return found


def counted_after_conjunction(arg: Token, words: FrameWords) -> Token | None:
    """ "50 ракет та 80 шахедів", where the parse hung the second on another word of the
    sentence: a counted munition right after a conjunction that follows ``arg``'s phrase."""
    doc = arg.doc
    after = arg.right_edge.i + 1
    if after >= arg.sent.end - 1 or doc[after].pos_ != "CCONJ":
        return None
    return next((t for t in doc[after + 1:min(after + 4, arg.sent.end)]
                 if is_munition(t, words) and any(c.dep_ == "nummod" for c in t.children)
                 and arg not in t.subtree and t not in arg.ancestors), None)


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
    for noun in words_among(content, words.noun_count_starts, lemmas=True):
        if noun.pos_ != "NOUN":
            continue
        slot = words.triggers.get(noun.lemma_.lower())
        if slot is None and member(noun, words.strikes) and not trigger_slot(noun.head, words):
            slot = "launched"
        if slot is None or slot == "hit" and not member(noun, words.strikes):
            continue  # a hit noun counts itself (counted_hits)
        munitions = [c for c in noun.children if c.dep_ in ("nmod", "iobj", "obl") and is_munition(c, words)
                     and not as_role(c, lang)]
        # "атака дронов (188 беспилотников)", "a record attack (188 drones)": the count in brackets
        munitions = [bracketed(m, words) or m for m in munitions] + [
            b for b in [bracketed(noun, words)] if b is not None]
        if not munitions and slot == "launched" and member(noun, words.strikes):
            munitions = clause_instruments(noun, words)
        for munition in munitions:
            count, _ = count_of(munition, lang, words)
            if count and not negated(noun, words) != negative_claim:
                facts.append(new_fact(slot, count, noun, munition, at_least=at_least(munition, words)))
    return facts


def bracketed(word: Token, words: FrameWords) -> Token | None:
    """A counted munition in brackets right after the word's phrase, hung on it."""
    doc = word.doc
    for child in word.children:
        first = child.left_edge
        opened = first.text == "(" or first.i > 0 and doc[first.i - 1].text == "("
        if child.i > word.i and opened and is_munition(child, words) \
                and any(c.dep_.startswith("nummod") for c in child.children):
            return child
    return None


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
    for noun in words_among(content, words.count_starts, lemmas=True):
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
        facts.append(new_fact("hit", 0 if negative else count, noun, noun,
                           at_least=not negative and count > 0 and at_least(noun, words)))
    return facts


def elliptic_counts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "У місто полетіли російські ракети. П'ять ракет.", "Missiles flew at the city. Five
    missiles.": a sentence of a counted munition and no verb counts the munitions of the
    sentence before it, in the slot of the verb that tells what they did there."""
    facts = []
    for noun in content:
        if noun.dep_ != "ROOT" or not is_munition(noun, words):
            continue
        sentence = noun.sent
        if sentence.start == 0 or any(t.pos_ in ("VERB", "AUX") for t in sentence):
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
                facts.append(new_fact(slot, count, noun, noun, at_least=at_least(noun, words)))
                break
    return facts


def counted_right_after(verb: Token, words: FrameWords) -> list[Token]:
    """ "запустили три ракети проти України", "уничтожено и подавлено средствами РЭБ 30
    БПЛА", whatever the parse hung the noun on: the first number and munition after the
    verb (adjectives between) in its part of the sentence, before any preposition, are
    what it counts."""
    doc, end = verb.doc, verb.sent.end
    joined = {verb.i, *(c.i for c in verb.children if c.dep_ == "conj")}
    over = set()  # "сбили за неделю 10 ракет": a time the count comes after
    for i in range(verb.i + 1, end):
        token = doc[i]
        if i in over:
            continue
        if token.text in (",", ";", ":") or "\n" in token.text or token.pos_ in ("VERB", "AUX") and i not in joined:
            return []
        if token.pos_ == "ADP":
            time = next((t for t in doc[i + 1:min(i + 4, end)] if t.pos_ not in ("ADJ", "DET")), None)
            if time is not None and member(time, words.durations):
                over.update(range(i + 1, time.i + 1))
                continue
            return []  # "с использованием ста ракет", "по одному беспилотнику": another phrase's count
        if not (token.like_num or token.pos_ == "NUM"):
            continue
        j = i + 1
        while j < end and doc[j].pos_ == "ADJ":
            j += 1
        # (not "ударили пятью ракетами": the instrument is what it was made with, read apart)
        return [doc[j]] if j < end and is_munition(doc[j], words) and "Ins" not in doc[j].morph.get("Case") else []
    return []


def count_facts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool,
                launched_before: int | None = None) -> list[Fact]:
    facts = counted_hits(content, lang, words, negative_claim) + counted_nouns(content, lang, words, negative_claim)
    facts += elliptic_counts(content, lang, words, negative_claim)
    downing = []  # the interception verbs, for every_one_downed
    for verb in words_among(content, words.count_starts, lemmas=True):
        slot = trigger_slot(verb, words)
        if slot is not None and verb.pos_ == "NOUN":
            facts += act_counted(verb, slot, lang, words, negative_claim)
            continue
        if slot is None or verb.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        if slot == "intercepted":
            downing.append(verb)
        args = arguments(verb)
        # "attacked Kharkiv with 15 drones", "атакувала 39 ракетами", "ударили пятью ракетами":
        # what a strike is made with was launched, whatever verb tells it
        # (not "used as a weapon", "використали як зброю": a role, no count)
        # (in the instrumental, where the language has cases: "по одному беспилотнику" is none)
        instruments = [c for c in verb.children if c.dep_ in ("obl", "iobj") and is_munition(c, words)
                       and (slot == "launched" or not any(g.dep_ == "case" for g in c.children))
                       and (not c.morph.get("Case") or "Ins" in c.morph.get("Case"))
                       and not as_role(c, lang)]
        if slot != "launched":
            facts += [new_fact("launched", count, verb, c) for c in instruments
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
        # (or beside a subject or object that is none: "сбиты два штурмовика Су-25 и 15 беспилотников")
        beside = [a for a in args if a not in munitions and a.dep_ in ("nsubj", "nsubj:pass", "obj")]
        munitions += [c for a in munitions + beside for c in coordinated(a, words) if c not in munitions]
        # "…, щонайменше 6 з них влучили": the share named right before the verb is what it
        # counts, whatever the parse lent it from a coordinated verb
        share = partitive_before(verb, lang, words)
        if share is not None:
            facts += share_facts(slot, verb, share, lang, words, negated(verb, words) != negative_claim)
            continue
        # "Ворог випустив 45 дронів. Збито 38.", "…, з них збито 38": a bare number counts what
        # was launched (not the launch the parse hung the verb on, nor the munitions it lent
        # the verb it coordinates); "збили 12 ракет, ще дві влучили": or what another outcome
        # counted before it (the same outcome's "из них … уничтожено 27" is a share of it)
        bare = next((c for c in verb.children if c.dep_ in BARE_COUNT_DEPS and bare_number(c)), None)
        if bare is not None and slot != "launched" and all(m.head.i != verb.i for m in munitions) and (
                launched_before is not None or any(f.slot in MUNITION_COUNTS and f.slot != slot and f.value
                                                   and f.span[1] <= bare.idx for f in facts)):
            value = number_value(bare, lang)
            if value is not None:
                negative = negated(verb, words) != negative_claim
                facts.append(new_fact(slot, 0 if negative else value, verb, bare))
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
                facts.append(new_fact(slot, 0, verb, arg))
            elif count is not None:
                facts.append(new_fact(slot, count, verb, arg, at_least=at_least(arg, words)))
            if slot == "intercepted" and not negative and universally(arg, words):
                facts.append(new_fact("hit", 0, verb, arg))  # "tous les drones ont été abattus"
            if total is not None and not negative:
                facts.append(new_fact("launched", total, verb, arg))
        if munitions and not negated(verb, words) != negative_claim:
            facts += [new_fact(slot, count, verb, noun) for noun, count in included(verb, words, lang)]
            facts += [new_fact(slot, count, verb, noun) for noun, count in listed(verb, munitions, words, lang)]
        # "a démenti que la raffinerie ait été touchée": nothing hit it, by this source
        aimed_at = strikes or [a for a in args if member(a, words.targets)]
        if not munitions and aimed_at and negative and slot == "hit":
            facts.append(new_fact("hit", 0, verb, aimed_at[0]))
    return facts + every_one_downed(downing, lang, words, negative_claim, facts, launched_before)


def act_counted(noun: Token, slot: str, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "сообщили об уничтожении 15 дронов", "the interception of 15 drones", "в результате
    попадания двух дронов": a noun of the act counts the munitions that complete it (its
    own, never a governing verb's). Not ``counted_nouns``, which reads a strike or launch
    noun's munitions and leaves a hit noun to ``counted_hits`` (its own numeral only)."""
    if negated(noun, words) != negative_claim:
        return []
    facts = []
    # (not "Russia's use of food as a weapon": a role, no count)
    for munition in (c for c in noun.children if c.dep_ == "nmod" and counted(c, words) and not as_role(c, lang)):
        count, total = count_of(munition, lang, words)
        if count:
            facts.append(new_fact(slot, count, noun, munition, at_least=at_least(munition, words)))
        if total and slot != "launched":
            facts.append(new_fact("launched", total, noun, munition))
    return facts


def as_role(word: Token, lang: LanguageData) -> bool:
    """ "used as a weapon", "використали як зброю": the word names a role, not a thing counted."""
    return any(g.dep_ in ("case", "mark") and g.lower_ in lang.as_markers for g in word.children)


# the slots that count munitions, which a bare number after them goes on counting
MUNITION_COUNTS = ("launched", "intercepted", "hit")
# how a bare number hangs on the verb it counts for: "Збито 38", "38 were shot down"
BARE_COUNT_DEPS = ("obj", "nsubj", "nsubj:pass", "nummod", "obl", "appos")


def bare_count(word: Token) -> bool:
    """A number with no noun of its own ("из них … уничтожено 27"), not "one of the units"."""
    return word.pos_ == "NUM" and not any(c.pos_ in ("NOUN", "PROPN") for c in word.children)


def bare_number(token: Token) -> bool:
    """``bare_count`` for a figure however tagged, with no preposition: "Збито 38"; not
    "38 дронів", not "в 2023 году", not an age ("45-летний")."""
    return (token.pos_ == "NUM" or token.like_num) and not any(c.pos_ in ("NOUN", "PROPN") for c in token.children) \
        and not any(c.dep_ == "case" for c in token.children) and "-" not in token.text


def every_one_downed(downing: list[Token], lang: LanguageData, words: FrameWords, negative_claim: bool,
                     found: list[Fact], launched_before: int | None) -> list[Fact]:
    """ "launched 20 drones, all of which were shot down", "все они были сбиты", "qui ont
    tous été abattus", "Все беспилотники были уничтожены": the munitions counted before
    were shot down, every one, so none hit. The count is the last launch this statement
    gives before the verb, else the last one the same source gave before it
    (``launched_before``); with none, "all" says nothing of a count ("знищують усе",
    "destroys all living things" are not about munitions). "Три дрона атаковали аэродром.
    … дроны были сбиты": the munitions named again with no count of their own are the
    ones counted, all of them (that none hit is not said: some may have fallen short)."""
    facts = []
    for verb in downing:
        if negative_claim or negated(verb, words):
            continue
        launched = [f for f in found if f.slot == "launched" and f.span and f.span[1] <= verb.idx]
        count = launched[-1].value if launched else launched_before
        if not count:
            continue
        kind = next((k for c in verb.children if (k := all_of(c, verb, lang, words))), None)
        if kind is None:
            continue
        facts.append(new_fact("intercepted", count, verb, verb))
        if kind == "every" and not any(f.slot == "hit" for f in found):
            facts.append(new_fact("hit", 0, verb, verb))
    return facts


def all_of(word: Token, verb: Token, lang: LanguageData, words: FrameWords) -> str | None:
    """Does this word of an interception verb stand for all the munitions counted before?
    "every": "all of which", "все они", "tous" with a passive verb, "все беспилотники";
    "group": a munition in the plural with no count and no word but "the" or "these"
    ("дроны были сбиты", "the drones were shot down"); None otherwise."""
    if count_of(word, lang, words) != (None, None) or any(c.dep_ == "nummod" for c in word.children):
        return None
    subject = word.dep_ in ("nsubj", "nsubj:pass")
    if word.lower_ in words.universal and (subject or passive(verb)) or \
            subject and word.pos_ == "PRON" and universally(word, words):
        return "every"
    if not is_munition(word, words) or word.dep_ not in ("nsubj", "nsubj:pass", "obj"):
        return None
    if universally(word, words):
        return "every"
    if word.dep_ == "nsubj:pass" and "Plur" in word.morph.get("Number") and all(
            c.dep_ not in ("det", "amod") or "Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")
            for c in word.children):
        return "group"
    return None


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
