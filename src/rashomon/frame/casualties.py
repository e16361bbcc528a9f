"""Casualty slots: ``killed`` and ``injured``, from casualty words and lives taken."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang import LanguageData
from ..ledger import Fact
from ..pieces import words_among
from .negation import about_speech, negated, of_a_group, there_is_none
from .counts import bare_number, is_munition
from .numbers import count_of, number_value
from .words import FrameWords, member, new_fact, slot_word


def lives_taken(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    """ "claimed the lives of 52 people", "забрав життя 52 людей", "унес жизни 52 человек",
    "a coûté la vie à 52 personnes", "took 12 lives": the dead, counted on the life noun
    or on the people whose lives they were."""
    facts = []
    for life in words_among(content, words.lives_nouns, lemmas=True):
        if life.dep_ != "obj":
            continue
        verb = life.head
        if not member(verb, words.lives_verbs):
            continue
        if negated(verb, words) != negative_claim:
            continue  # "did not cost a single life" says none died of it, not how many did
        count = next((number_value(c, lang) for c in life.children if c.dep_ == "nummod"), None)
        # (or a second object of the verb: "забрав життя 18 людей" read as two objects)
        people = next((t for t in (*life.subtree, *(c for c in verb.children if c.dep_ in ("obl", "obl:arg", "iobj", "obj")))
                       if t.i != life.i and member(t, words.people)), None)
        if count is None and people is not None:
            count = count_of(people, lang, words)[0]
        if count:
            facts.append(new_fact("killed", count, verb, people if people is not None else life))
    return facts


def things_affected(token: Token, words: FrameWords) -> bool:
    """ "оборудование станции не пострадало", "житлові будинки не постраждали": a
    casualty verb whose subjects are all things speaks of damage, not of people."""
    if token.pos_ != "VERB":
        return False
    if any(c.dep_ == "obj" or c.dep_ in ("nmod", "obl") and person_word(c, words) for c in token.children):
        return False  # "бомбы убили 47 человек", "вбито близько 60 людей": the thing kills, people die
    # (a subject in another case than the nominative is the parse's slip: "За даними ОВА
    # … загинули четверо людей" read "даними" as the subject)
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass") and not oblique_case(c)]
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj"]
    return bool(subjects) and all(
        s.pos_ == "NOUN" and not member(s, words.people) and s.lemma_.lower() not in words.numbers
        and ("Inan" in s.morph.get("Animacy") or member(s, words.targets))
        # "десятки ее солдат были убиты": an amount of people is people
        and not any(c.dep_ == "nmod" and ("Anim" in c.morph.get("Animacy") or member(c, words.people))
                    for c in s.children)
        for s in subjects)  # "погибли 5 тысяч человек": a number of people


def oblique_case(token: Token) -> bool:
    """Is the word in a case other than the nominative, as the tagger says (no case said: no)?"""
    case = token.morph.get("Case")
    return bool(case) and "Nom" not in case


def person_word(token: Token, words: FrameWords) -> bool:
    """A word for people, or a noun the tagger knows as animate (not an animal)."""
    return member(token, words.people) or token.pos_ == "NOUN" and "Anim" in token.morph.get("Animacy") \
        and not member(token, words.animals)


def casualty_facts(content: Span, lang: LanguageData, words: FrameWords, negative_claim: bool) -> list[Fact]:
    facts = []
    for token in words_among(content, words.casualty_starts, lemmas=True):
        victims = member(token, words.victims)
        slot = words.casualties.get(token.lemma_.lower()) or words.casualties.get(token.lower_)
        if slot is None and member(token, words.losses) and lost_people(token, lang, words) \
                and not negated(token, words) != negative_claim:
            slot = "killed"  # "we lost 82 of our heroes"
        if slot is None and member(token, words.killings) and counted_people(token, words) \
                and not negated(token, words) != negative_claim:
            slot = "killed"  # "executed at least eight Ukrainians", not "executed three strikes"
        if slot is None and member(token, words.damage) \
                and counted_after(token, lang, words, before_munitions=True) is not None:
            slot = "killed"  # "уничтожено до 40 человек": people destroyed are people killed
        if slot is None and not victims:
            continue
        if things_affected(token, words):
            continue  # equipment, houses: damage (see damage_fact)
        if any(c.dep_ in ("case", "mark") and c.lower_ in words.among for c in token.children) \
                or token.i > 0 and token.doc[token.i - 1].lower_ in words.among:
            continue  # "Two children were among the injured", "Среди погибших — двое подростков": some of them
        if negative_claim and token.dep_ == "nmod" and not slot_word(token.head, words):
            continue  # "a nié toute responsabilité dans la mort de civils": not a toll
        if about_speech(token, content, lang):
            continue
        negative = negated(token, words) != negative_claim
        if negative and about_information(token, lang):
            continue  # "немає інформації про загиблих", "no information on casualties": not known, not none
        if negative and (member(token.head, words.tally_nouns)
                         or token.i > 0 and member(token.doc[token.i - 1], words.tally_nouns)):
            continue  # "Кількість загиблих ми досі не можемо встановити": the number is not known, not none
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
                # "завдав поранень трьом людям", "inflicting wounds on two workers": who got them
                people += [c for c in (*token.head.children, *token.children)
                           if c.dep_ in ("iobj", "obl", "nmod") and c.i > token.head.i and member(c, words.people)]
        else:  # "загинули двоє людей", whatever relation the parser gave the number
            people = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass", "obj")
                      or c.dep_ == "iobj" and not any(g.dep_ == "case" for g in c.children)
                      # "вбили 64 цивільних і поранили 190": the parse may make the 190 an apposition
                      or c.pos_ == "NUM" and c.dep_ in ("iobj", "obl", "nmod", "appos")]
            if token.dep_ == "amod" and token.head.pos_ == "NUM":
                people.append(token.head)  # "two dead"
        people = [p for p in people if not member(p, words.durations)]  # "За три тижні загинули тисячі"
        if any(member(p, words.animals) for p in people):
            continue  # "семь собак погибли", "seven dogs were killed": no people
        # "Загинув чоловік, ще четверо людей поранені": a parse that crosses the comma
        # gives the four to the dead; a count stays in its own part of the sentence
        people = [p for p in people if same_part(p, token) and (
            p.i == token.i or member(p, words.people) or p.pos_ == "NUM" or p.like_num
            or p.pos_ == "PRON" and p.lower_ in words.zero  # "Nobody was hurt"
            or any(c.dep_.startswith("nummod") for c in p.children))]  # "A missile attack killed three people": not "a" attack
        before = token.doc[token.i - 1] if token.i > content.start else None
        if before is not None and member(before, words.people) and any(c.dep_ == "nummod" for c in before.children):
            people.append(before)  # "четверо людей поранені"
        if enemy_losses(token, people, words):
            continue  # "Майже 9200 вбитих окупантів": the enemy's combat losses, not a strike's toll
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
            count = labelled(token, lang)
        if count is None and not negative:
            count = tally(token, content, lang, words)
        if count is None and not negative:
            count = one_person(token, words)
        slots = ("killed", "injured") if victims else (slot,)
        for name in slots:
            if negative:
                facts.append(new_fact(name, 0, token, token))
            elif count is not None and not victims:
                facts.append(new_fact(name, count, token, token))
    return facts


def enemy_losses(token: Token, people: list[Token], words: FrameWords) -> bool:
    """The dead or wounded counted are the other side's fighters ("вбитих окупантів",
    "the invaders killed", "уничтожено 250 боевиков", "знищено 50 осіб противника"):
    combat losses, which the guide leaves out or makes optional, never a strike's toll."""
    doc = token.doc
    counted = [*people, *([token.head] if token.dep_ in ("amod", "acl") else []),
               *([doc[token.i + 1]] if token.i + 1 < len(doc) else [])]
    # the counted noun however the parse hung it on the verb ("знищено 50 осіб": nmod)
    counted += [c for c in token.children if c.dep_ in ("obj", "nsubj:pass", "nmod", "obl")
                and any(g.dep_ == "nummod" for g in c.children)]
    # and who they are: "осіб противника", "enemy soldiers"
    counted += [c for noun in counted for c in noun.children
                if c.dep_ == "nmod" and c.i > noun.i or c.dep_ in ("compound", "amod") and c.i < noun.i]
    return any(member(noun, words.enemies) for noun in counted)


def about_information(token: Token, lang: LanguageData) -> bool:
    """Is the casualty word what a piece of information is about ("інформації про
    загиблих", "information sur des victimes", "data on casualties"), however the parse
    hung it: the noun of information right before its preposition, or its head? A word
    joined to another is about what that one is about ("информации о разрушениях и
    жертвах нет")."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    if token.head.i != token.i and token.head.lemma_.lower() in lang.info_nouns:
        return True
    doc, i = token.doc, token.i - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADJ"):
        i -= 1
    if i < 1 or doc[i].pos_ != "ADP" or doc[i].head.i != token.i:
        return False
    return doc[i - 1].pos_ == "NOUN" and doc[i - 1].lemma_.lower() in lang.info_nouns


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


def counted_after(token: Token, lang: LanguageData, words: FrameWords, *,
                  before_munitions: bool = False) -> int | None:
    """ "За добу загинули 12 людей", "Внаслідок обстрілу загинули троє людей", whatever the
    parse made of it: the counted people right after a casualty verb, in its part of the
    sentence (up to a comma or another verb). After a damage verb (``before_munitions``),
    only a noun of people before any munition: "уничтожено до 40 человек" counts people,
    "destroyed 27 Ukrainian drones" counts drones."""
    if token.pos_ != "VERB":
        return None
    doc = token.doc
    if not before_munitions and figure_closing_part(token):
        return number_value(doc[token.i + 1], lang)  # "…, поранено 60.": a bare figure ends the part
    for person in doc[token.i + 1: token.sent.end]:
        if person.text in (",", ";", ":") or "\n" in person.text or person.pos_ in ("VERB", "AUX"):
            break
        if before_munitions and is_munition(person, words):
            break
        if before_munitions and (person.pos_ not in ("NOUN", "PROPN") or person.dep_ == "amod"):
            continue
        count = people_count(person, token.i + 1, lang, words)
        if count is not None:
            return count
    return None


def figure_closing_part(token: Token) -> bool:
    """A figure right after the word and nothing after it in its part of the sentence:
    "поранено 60.", "ранены 60, …" (not "загинув 24 лютого", "поранено 60 військових")."""
    doc = token.doc
    if token.i + 1 >= token.sent.end:
        return False
    after = doc[token.i + 2] if token.i + 2 < token.sent.end else None
    return bare_number(doc[token.i + 1]) and ends_part(after)


def ends_part(token: Token | None) -> bool:
    """Does the sentence's part end here (a comma, a full stop, a line break, or no word)?"""
    return token is None or token.text in (",", ";", ".", "!") or "\n" in token.text


def labelled(token: Token, lang: LanguageData) -> int | None:
    """ "Поранено – 316", "поранених – 12", "Killed: 3": a casualty word as the label of
    a figure, set off by a spaced dash or a colon, the figure closing its part of the
    sentence."""
    doc = token.doc
    if token.i + 3 > len(doc):
        return None
    mark, figure = doc[token.i + 1], doc[token.i + 2]
    if not token.whitespace_ and mark.text != ":":
        return None  # a dash glued to the word is a hyphen: "Killed: 3", "Поранено – 316"
    if mark.text not in LABEL_MARKS or not (figure.like_num or figure.pos_ == "NUM"):
        return None
    if not ends_part(doc[token.i + 3] if token.i + 3 < len(doc) else None):
        return None  # "Поранено – 316 осіб": counted_after's, "Загинули – 3 з 10": not a bare figure
    return number_value(figure, lang)


# the marks that set a figure off its label: "Поранено – 316", "Killed: 3"
LABEL_MARKS = {"–", "—", "-", ":"}


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
    people = counted_people(verb, words)
    return people is not None and (ours(verb) or ours(people))


def counted_people(verb: Token, words: FrameWords) -> Token | None:
    """The count of people a verb acts on ("lost 82 of our heroes", "executed at least
    eight Ukrainians"): its object, or a counted noun of people with no preposition right
    after the verb that the parse hung elsewhere ("ми втратили за сьогодні 137 наших
    героїв": on "ми")."""
    lost = [c for c in verb.children if c.dep_ in ("obj", "nsubj:pass")]
    lost += [t for t in verb.subtree if t.i > verb.i and same_part(verb, t) and t.dep_ not in ("obj", "nsubj:pass")
             and member(t, words.people) and not any(c.dep_ == "case" for c in t.children)
             and any(c.dep_ == "nummod" or c.like_num for c in t.children)][:1]
    for thing in lost:
        if thing.pos_ == "NUM" or thing.like_num:  # "82 of our heroes"
            people = next((c for c in thing.children if c.dep_ == "nmod" and member(c, words.people)), None)
            if people is not None:
                return people
        elif member(thing, words.people) and any(c.dep_ == "nummod" or c.like_num for c in thing.children):
            return thing
    return None


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
    # "Загинула жінка", "…, загинув водій": a nominative the parse made an object or a
    # complement is the subject
    holders = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")
               or c.dep_ in ("obj", "nmod", "xcomp") and "Nom" in c.morph.get("Case") and token.pos_ == "VERB"]
    if token.pos_ == "VERB" and "Plur" in token.morph.get("Number"):
        return None  # "Загинули жінки": more than one, however the noun was tagged
    if token.dep_ == "amod" and "Fin" in token.morph.get("VerbForm"):
        holders.append(token.head)  # "загинула людина": a finite verb is no adjective, its noun the subject
    if token.dep_ == "obj":
        holders += [c for c in token.head.children if c.dep_ == "nsubj"]
    # "Tetiana, mother, received shrapnel wounds": the commas of the person's own apposition
    # (a word in another case is no subject, whatever the parse and the tagger say: "У Маріуполі
    # загинуло …" with "Маріуполі" tagged a person)
    holders = [h for h in holders if not oblique_case(h)]
    # a person before the word: the end of their phrase ("Tetiana, mother, received …");
    # after it, the person (not what a comma adds: "получил водитель …, остановившийся на трассе")
    for person in (h for h in holders if same_part(h if h.i > token.i else h.doc[max(h.right_edge.i, h.i)], token)):
        if not one_of_them(person, words):
            continue
        # "ранения получили оператор … и участковый уполномоченный полиции": one each
        others = [c for c in person.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        return 1 + len(others) if all(one_of_them(c, words) for c in others) else None
    return None


def one_of_them(person: Token, words: FrameWords) -> bool:
    """Does the word name one person: a word for people, a person's name or a name set
    beside a person ("Tetiana, mother, received shrapnel wounds"), or a noun the
    tagger knows as animate ("погибла редактор районной газеты"), in the singular and
    not counted ("двое детей")?"""
    named = person.ent_type_ in ("PER", "PERSON") or person.pos_ == "PROPN" and any(
        c.dep_ == "appos" and member(c, words.people) for c in person.children)
    return (person_word(person, words) or named) and "Plur" not in person.morph.get("Number") \
        and not any(c.dep_ == "nummod" and not is_age(c) for c in person.children)


def is_age(token: Token) -> bool:
    """ "45-річна", "45-летняя", "45-year-old": an age the tagger may read as a count."""
    head, _, tail = token.text.partition("-")
    return head.isdigit() and tail[:1].isalpha()
