"""Who speaks: the noun phrase of a speaker, and the words that refer back to one.

A pronoun ("Il a nié", "a-t-il expliqué", "he said") stands for the last named
speaker; a bare definite noun ("le gouverneur", "the campaign") for the last speaker
whose name holds that noun or one of its kind. The claim keeps the words the text
used (``Source.name``) and names whom they stand for in ``Source.refers_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..frame.words import frame_words, member
from ..lang import LanguageData
from ..ledger import Source
from .candidate import Attribution
from .syntax import (QUOTE_MARKS, clitic_subject, finite, first_noun, glued, in_prepositional_phrase,
                     is_place, passive_participle, split_subject, trim)

# the speaker of a statement in the publisher's own voice: "I emphasize", "we know"
PUBLISHER = Source(name="")
# no one who speaks: "you know", "everyone understands"; the candidate is dropped
NOBODY = Source(name="")

SPEAKER_CUT_DEPS = {"acl:relcl", "acl", "advcl", "parataxis", "ccomp", "dep"}


@dataclass
class SpeakerMemory:
    """The speakers a document has named so far, for the words that refer back to them.

    A pronoun ("Il a nié", "a-t-il expliqué", "l'une d'elles") stands for the last
    named speaker it agrees with (gender and number where both have them; "he" and
    "she" a person, "it" no person), or else the last of all; a bare definite noun ("le gouverneur", "la même source",
    "l'entreprise") for the last speaker whose name holds that noun or one of its
    kind, and a report noun ("le communiqué") for the last speaker of all.

    Rules run in cascade order, not text order, so within a sentence a speaker
    is first noted (``resolve`` gives a placeholder) and settled in text order
    once every rule has run (``settle``).

    A document may name tens of thousands of speakers: the memory keeps, besides
    their list, the last speaker of each kind of agreement and the last speaker
    whose name holds each word, so that finding the one a pronoun or a noun refers
    to does not go back through all of them; and it keeps no word of the parse (a
    ``Token`` would keep its whole piece of the document in memory), only what
    agreement needs of it (``Agreement``).
    """

    speakers: list[Source] = field(default_factory=list)
    pending: list[tuple[Source, Token, str]] = field(default_factory=list)
    # placeholders of possessives ("по его данным", "за його словами"): the speaker alone
    possessive: set[int] = field(default_factory=set)
    # what the source registry says of some words (``SourceRegistry.evidence``):
    # "alias", "title", "generic", "kind" or "none"; None without a registry
    evidence: Callable[[str], str] | None = None
    # the index in ``speakers`` of the last speaker named by a word of each agreement,
    # and of the last whose name holds each word
    last_agreeing: dict[Agreement, int] = field(default_factory=dict)
    last_with_word: dict[str, int] = field(default_factory=dict)
    # an office of state's text (``reports_acts``): a pronoun is named with whom it stands
    # for however far back they were named (its readers know who "he" is; a newspaper's
    # readers, and PolNeAR's annotators, name a distant speaker by the pronoun)
    names_referents: bool = False
    # the sentences settled so far, and the one each speaker was named in (by ``id``)
    sentence: int = 0
    named_in: dict[int, int] = field(default_factory=dict)
    # the nouns of the piece being read, by lemma (``titled_person``); the piece is held
    # until the next one is read, never longer than the document's attribution
    nouns: tuple[Doc, dict[str, list[int]]] | None = None

    @property
    def last(self) -> Source | None:
        return self.speakers[-1] if self.speakers else None

    def remember(self, source: Source, head: Token) -> None:
        """A speaker named by the word ``head``, whom later words may refer back to."""
        self.last_agreeing[Agreement.of(head)] = len(self.speakers)
        for word in name_words(source.name):
            self.last_with_word[word] = len(self.speakers)
        self.speakers.append(source)
        self.named_in[id(source)] = self.sentence

    def plain(self, speaker: Source) -> bool:
        """Is the speaker a pronoun stands for plain to see: named in its sentence or the one before?"""
        return self.sentence - self.named_in.get(id(speaker), self.sentence) <= PLAIN_REACH

    def resolve(self, head: Token, name: str | Span, lang: LanguageData) -> Source:
        """A placeholder for the speaker at ``head``, named by ``name`` (a span is named
        in the nominative, where the language's dictionary gives it)."""
        if isinstance(name, Span):
            head, name = report_owner(head, name, lang)
            name = in_nominative(name, head, oblique=owner_of_a_form(name, lang))
        name = " ".join(name.split())  # a link's address blanked inside the words leaves a run of spaces
        placeholder = Source(name=name)
        self.pending.append((placeholder, head, name))
        return placeholder

    def settle(self, found: list[Attribution], lang: LanguageData) -> None:
        """Give each attribution its speaker, resolving references in text order."""
        used = {id(a.source) for a in found}
        final, heads = {}, {}
        for placeholder, head, name in sorted(self.pending, key=lambda p: p[1].i):
            if id(placeholder) in used:  # a rule may note a speaker and then pass
                speaker = self._settle_one(head, name, lang)
                if id(placeholder) in self.possessive and speaker.refers_to:
                    speaker = Source(name=speaker.refers_to)
                final[id(placeholder)] = speaker
                heads[id(placeholder)] = head
        self.pending, self.possessive = [], set()
        self.sentence += 1
        for attribution in found:
            attribution.speaker = heads.get(id(attribution.source), attribution.speaker)
            attribution.source = final.get(id(attribution.source), attribution.source)

    def _settle_one(self, head: Token, name: str, lang: LanguageData) -> Source:
        if is_first_person(head, lang):
            return PUBLISHER
        if is_non_speaker(head, lang):
            return NOBODY
        if is_pronoun(head, lang):
            local = sentence_subject(head, lang)
            if local is not None and local.i != head.i and not is_pronoun(local, lang):
                return standing_for(self._settle_one(local, speaker_span(local, lang).text, lang), name, head)
            earlier = self.agreeing(head, lang)
            if earlier is not None:
                return standing_for(earlier, name, head, plain=self.names_referents or self.plain(earlier))
            return standing_for(person_before(head, lang), name, head)
        if is_anaphor(head, lang):
            earlier = self.antecedent(head, lang)
            if earlier is not None:
                return standing_for(earlier, with_determiner(head, name, lang), head)
        if head.lower_ in lang.place_pronouns:
            # "«…», — сообщили там": the body named last, however long the quotation; "Там же
            # добавили, что …" opening a sentence: only a body named right before
            if self.last is None or head.i < head.head.i and not self.plain(self.last):
                return NOBODY
            return self.last
        if head.lemma_.lower() in lang.report_nouns and self.last is not None and any(
                c.dep_ == "case" for c in head.children) and not any(
                c.dep_ not in ("case", "punct") for c in head.children):
            return self.last  # "говорится в сообщении": where it was said, not who said it
        titled = titled_person(head, lang, self.nouns_of(head.doc)) if self.is_title(head, lang) else None
        if titled is not None:
            person, named = titled
            self.remember(person, named)  # a later "he" stands for the person, not the title
            return standing_for(person, with_determiner(head, name, lang), head)
        source = Source(name=name)
        if head.pos_ != "PRON":  # "you", "one", "everyone": no one a later "he" stands for
            self.remember(source, head)
        return source

    def nouns_of(self, doc: Doc) -> dict[str, list[int]]:
        """The nouns of the piece being read, by lemma, listed once per piece."""
        if self.nouns is None or self.nouns[0] is not doc:
            self.nouns = (doc, noun_positions(doc))
        return self.nouns[1]

    def is_title(self, head: Token, lang: LanguageData) -> bool:
        """Is the word a title ("President", "spokesman", "глава" of "глава держави"), not a
        name ("Cordesman")? The head of a title of the language's ``anaphors.titles``, or a
        word of a kind of speaker the registry knows (``of_a_kind``)."""
        lemma = head.lemma_.lower()
        if any(title[0] == lemma for group in lang.anaphor_titles for title in group):
            return True
        return self.evidence is not None and of_a_kind(head, self)

    def agreeing(self, pronoun: Token, lang: LanguageData | None = None) -> Source | None:
        """The last speaker the pronoun agrees with, else the last speaker."""
        found = [at for agreement, at in self.last_agreeing.items() if agreement.accepts(pronoun, lang)]
        return self.speakers[max(found)] if found else self.last

    def antecedent(self, head: Token, lang: LanguageData) -> Source | None:
        noun = head.lemma_.lower()
        kin = next((group for group in lang.anaphor_classes if noun in group), {noun})
        found = [self.last_with_word[word] for word in kin if word in self.last_with_word]
        if found:
            return self.speakers[max(found)]
        return self.last if noun in lang.report_nouns else None


# sentences back that a pronoun with no speaker before it looks for the person it stands for
PRONOUN_REACH = 3
# sentences back within which the speaker a pronoun stands for is plain to see
PLAIN_REACH = 1


def person_before(pronoun: Token, lang: LanguageData) -> Source | None:
    """ "Экспериментатора нашли. При задержании он объяснил, что …": a pronoun subject with
    no speaker named before it stands for the last person the text named, a noun of a
    person (an animate noun, as a tagger that marks animacy says) that agrees with it, a few
    sentences back. A parse without animacy gives none: its entities alone took places and
    bodies for people ("Він" for "Поліція"). A person named inside a quotation is the
    quotation's subject, not its speaker ("«… переговоры с Путиным», — написал он")."""
    if not pronoun.dep_.startswith("nsubj"):
        return None
    doc, sentences = pronoun.doc, 0
    # (a pronoun inside the quotation may stand for a person it names: "«Мерц хочет …. Он заявил …»")
    quoted = [(q.start, q.end) for q in doc._.quotes or [] if q.end <= pronoun.i]
    for token in reversed(doc[:pronoun.i]):
        if token.is_sent_end:
            sentences += 1
            if sentences > PRONOUN_REACH:
                return None
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("flat", "flat:name", "compound") \
                or any(start <= token.i < end for start, end in quoted):
            continue
        number, own = pronoun.morph.get("Number"), token.morph.get("Number")
        if "Anim" in token.morph.get("Animacy") and Agreement.of(token).accepts(pronoun, lang) \
                and (not number or not own or number == own):
            return Source(name=in_nominative(speaker_span(token, lang), token))
    return None


# the parts of speech of the words that say what a title is ("Prime Minister of the
# Portuguese Republic": minister, prime, portuguese, republic), articles and prepositions aside
TITLE_POS = {"NOUN", "PROPN", "ADJ"}


def titled_person(head: Token, lang: LanguageData, nouns: dict[str, list[int]]) -> tuple[Source, Token] | None:
    """ "President of Ukraine Volodymyr Zelenskyy met … The Head of State noted …": a speaker
    named by a title alone stands for the person the text named before with that title (or
    another title of the same office, ``anaphors.titles``), whether or not that person spoke
    (so does a body's word: "the Times" for "the New York Times").
    Only if the text named one person so: "the President" after two presidents stays as
    written. ``nouns``: where each noun of the piece is, by lemma (``noun_positions``).
    Gives the person, named as the text named them, and the word that names them."""
    if head.pos_ not in ("NOUN", "PROPN") or "Plur" in head.morph.get("Number") or any(
            c.dep_ == "det" and c.lower_ not in lang.anaphor_determiners for c in head.children):
        return None  # "officials", "a senior official": no one named before
    # (a speaker with a name of its own, "President Biden", finds no earlier phrase with all its words)
    span = speaker_span(head, lang)
    wanted = title_heads(head.lemma_.lower(), lemmas(span, but=head), lang)
    found: list[tuple[Span, set[str]]] = []
    before = sorted(i for lemma in wanted for i in nouns.get(lemma, ()) if i < span.start)
    for title in (head.doc[i] for i in before[-TITLE_REACH:]):
        phrase = with_name_after(speaker_span(name_of_title(title), lang))
        if any(t.pos_ == "CCONJ" for t in phrase):
            continue  # "the New York Times and the Wall Street Journal": two named, not one
        names = {t.lower_ for t in phrase if t.i != title.i and is_name(t)
                 and t.lemma_.lower() not in wanted[title.lemma_.lower()]}
        if names and wanted[title.lemma_.lower()] <= lemmas(phrase, but=title):
            found.append((phrase, names))
    if not found or any(not (names <= found[-1][1] or found[-1][1] <= names) for _, names in found):
        return None
    phrase = found[-1][0]
    return Source(name=in_nominative(phrase, phrase.root)), phrase.root


# the last mentions of a title a speaker named by it may stand for
TITLE_REACH = 8


def noun_positions(doc: Doc) -> dict[str, list[int]]:
    """Where each noun and proper noun of a piece is, by lemma, in text order."""
    positions: dict[str, list[int]] = {}
    for token in doc:
        if token.pos_ in ("NOUN", "PROPN"):
            positions.setdefault(token.lemma_.lower(), []).append(token.i)
    return positions


# the entities of places: a name in a title ("President of Ukraine") that is no person's
PLACE_ENTITIES = {"GPE", "LOC", "NORP"}


def is_name(token: Token) -> bool:
    """A word of a person's name: a person's entity, or a proper noun, of no place and not
    inanimate (the parsers disagree: natasha tags names as nouns, spaCy's small English
    model names few people)."""
    if "Inan" in token.morph.get("Animacy") or token.ent_type_ in PLACE_ENTITIES:
        return False  # "Прем'єр-міністр Португалії": natasha's entities run over the country
    return token.ent_type_ in PERSON_ENTITIES or token.pos_ == "PROPN"


def lemmas(span: Span, *, but: Token) -> set[str]:
    """The words that say what a title is ("Prime Minister of the Portuguese Republic":
    prime, portuguese, republic beside its head), articles and prepositions aside."""
    return {t.lemma_.lower() for t in span if t.pos_ in TITLE_POS and t.i != but.i}


def title_heads(noun: str, words: set[str], lang: LanguageData) -> dict[str, set[str]]:
    """The head nouns a person's title may have to be the one named, each with the words it
    must have beside it: the title's own head and words ("Prime Minister of the Portuguese
    Republic": minister, with prime, portuguese, republic), and those of the other titles of
    its office ("head of state": president; "president": head, with state)."""
    heads = {noun: words}
    for group in lang.anaphor_titles:
        if any(title[0] == noun and set(title[1:]) <= words for title in group):
            for title in group:
                heads.setdefault(title[0], set(title[1:]))
    return heads


def with_name_after(phrase: Span) -> Span:
    """The phrase with the rest of a name the parse left out of it ("Le président Emmanuel
    Macron a reçu …": "Macron" read as punctuation)."""
    doc, end = phrase.doc, phrase.end
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ in PERSON_ENTITIES | {""} \
            and not doc[end].is_sent_start and doc[end - 1].whitespace_:
        end += 1
    return doc[phrase.start:end]


def name_of_title(title: Token) -> Token:
    """The top of the phrase a title names someone in: the title itself ("President of
    Ukraine Volodymyr Zelenskyy", "Президент России Владимир Путин"), or the name it is
    set before ("Ministry spokesperson Maria Zakharova")."""
    top = title
    while top.dep_ in ("compound", "flat", "flat:name") and top.head.pos_ == "PROPN" and top.head.i > top.i:
        top = top.head
    return top


def name_words(name: str) -> set[str]:
    """The words of a speaker's name that a bare noun may take up ("губернатор" in
    "губернатор Гусев")."""
    return set(name.lower().replace("'", " ").split())


@dataclass(frozen=True)
class Agreement:
    """What a pronoun must agree with in the word that named a speaker: its gender and
    number (the first the parse gives, if any), whether it names a person, and whether
    it is a proper name that is no organisation or place."""

    gender: str | None
    number: str | None
    person: bool
    proper: bool

    @classmethod
    def of(cls, head: Token) -> "Agreement":
        gender, number = head.morph.get("Gender"), head.morph.get("Number")
        return cls(gender[0] if gender else None, number[0] if number else None,
                   head.ent_type_ in PERSON_ENTITIES,
                   head.pos_ == "PROPN" and head.ent_type_ not in ("ORG", "GPE", "NORP", "LOC"))

    def accepts(self, pronoun: Token, lang: LanguageData | None = None) -> bool:
        """Can this pronoun stand for the phrase? Gender and number where both words have
        them ("elle" for "l'armée", "он" for "губернатор"); where the noun has none
        (English), "he" and "she" stand for a person and "it" for no person. A form the
        tagger leaves bare takes its lemma's (``pronoun_agreement``: "его" is "он")."""
        gender, number = pronoun.morph.get("Gender"), pronoun.morph.get("Number")
        known = lang.pronoun_agreement.get(pronoun.lemma_.lower()) if lang is not None else None
        if known is not None and not gender and not number:
            if known == "Plur":
                return self.number != "Sing" or not self.person
            # "его" is "он"'s and "оно"'s alike: any speaker but one named in the feminine or plural
            return self.gender != ("Fem" if known != "Fem" else "Masc") and self.number != "Plur"
        if gender and self.gender:
            return gender[0] == self.gender or (gender[0] == "Masc" and self.person)
        if gender and gender[0] == "Neut":
            return not self.person
        if gender and not self.gender:
            return self.person or self.proper
        if number and self.number and number[0] == "Sing" and self.number == "Plur":
            return False
        return True


# the words of a noun phrase that agree with its head: its adjectives, the name after a title
AGREEING_DEPS = {"amod", "det", "flat", "flat:name", "flat:foreign", "appos", "compound", "nummod"}


def names_in_phrase(token: Token, head: Token) -> bool:
    """Is the word a name set in a noun's phrase ("командования «Юг»", "газета «Ведомости»",
    "военкор «КП»"), whose quote marks belong to the speaker's name, rather than a
    quoted word the parse hung on it ("the move reeks of “fear”")?"""
    return token.i != head.i and token.dep_ in NAME_DEPS and token.head.pos_ in ("NOUN", "PROPN") \
        and not any(c.dep_ == "case" for c in token.children)


# how a name set in quote marks hangs on the noun it names
NAME_DEPS = {"appos", "flat", "flat:name", "flat:foreign", "compound", "nmod"}


def report_owner(head: Token, span: Span, lang: LanguageData) -> tuple[Token, Span]:
    """ "в сообщении обладминистрации говорится", "заявление «Укрэнерго»", "the
    ministry's statement": a report that has an owner in its phrase speaks for that
    owner (a genitive or a possessive, not "сообщение о …", "statement of principles"),
    which is named alone; a report with none stays as it is (it refers back)."""
    if head.lemma_.lower() not in lang.report_nouns:
        return head, span
    for owner in head.children:
        if owner.dep_ not in OWNER_DEPS or owner.pos_ not in ("NOUN", "PROPN") or not span.start <= owner.i < span.end:
            continue
        if any(c.dep_ == "case" and c.pos_ != "PART" for c in owner.children) or is_place([owner], lang):
            continue
        start, end = max(owner.left_edge.i, span.start), min(owner.right_edge.i + 1, span.end)
        while start < owner.i and span.doc[start].dep_ == "case":
            start += 1
        while end - 1 > owner.i and span.doc[end - 1].dep_ == "case":
            end -= 1  # "the ministry's": the owner without its mark
        return owner, span.doc[start:end]
    return head, span


# how the owner of a report hangs on it: "сообщение обладминистрации", "the ministry's statement"
OWNER_DEPS = {"nmod", "nmod:poss", "poss"}


def owner_of_a_form(span: Span, lang: LanguageData) -> bool:
    """Do the words follow an "according to" form that ends in a noun ("за словами
    голови ОВА", "по данным ведомства")? They are its owner, in the genitive."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.pos_ == "NOUN" and before.lower_ in form_ends(lang)


@lru_cache(maxsize=None)
def form_ends(lang: LanguageData) -> frozenset[str]:
    """The last words of the language's "according to" forms ("словами", "данным"),
    gathered once: every speaker named asks."""
    return frozenset(form.split()[-1] for form in lang.according_to if form.split())


def in_nominative(span: Span, head: Token, *, oblique: bool = False) -> str:
    """ "губернатора Брянской области Александра Богомаза" -> "губернатор Брянской
    области Александр Богомаз": the head and the words that agree with it, put in the
    nominative; the genitive that completes them ("Брянской области") stays.
    ``oblique``: the words are in the genitive whatever the tagger read (a dictionary's
    first reading of "голови" is a nominative plural)."""
    nominative = span.doc._.nominative
    case = head.morph.get("Case")
    if oblique and case == ["Nom"]:
        case = ["Gen"]
    if nominative is None or not case or case[0] == "Nom":
        return span.text
    if head.pos_ == "PROPN" and case[0] in ("Acc", "Gen") and head.dep_ in ("nsubj", "nsubj:pass") \
            and head.head.pos_ in ("VERB", "AUX"):
        # a name that is a verb's subject is in the nominative: the tagger took a woman's
        # surname for a man's in another case ("Смирнова утверждает" is no form of "Смирнов")
        return span.text
    if any(c.dep_ == "case" and span.start <= c.i < head.i for c in head.children):
        return span.text  # "по информации с мест": a phrase with its preposition is kept as written
    if any(c.dep_ == "nummod:gov" and c.i < head.i for c in head.children) and head.dep_.startswith("nsubj"):
        return span.text  # "сообщили обе стороны": a numeral governs the case of a subject's noun
    agreeing, stack = {head.i}, [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in AGREEING_DEPS and child.morph.get("Case") == case and child.i not in agreeing:
                agreeing.add(child.i)
                stack.append(child)
    # "голови Харківської ОВА Олега Синєгубова": a person's name after the head, in its case,
    # stands beside it, whatever the parse hung it on
    # (the dictionary says whether it has that case: a tagger's case for a name is a guess)
    names = {t.i for t in span if t.i > head.i and t.ent_type_ in ("PER", "PERSON")}
    agreeing |= names
    before = head.i - 1  # "Повітряних силах": the adjectives right before the head agree, whatever the parse
    while before >= span.start and span.doc[before].pos_ == "ADJ":
        agreeing.add(before)
        before -= 1
    number = (head.morph.get("Number") or [None])[0]
    gender = (head.morph.get("Gender") or [None])[0] if number != "Plur" else None
    words = []
    for token in span:
        # each in the head's case, number and gender: an adjective's own reading may be another
        # a name beside the head has a gender of its own ("голови … Олега Синєгубова")
        own = None if token.i in names else gender
        form = nominative(token.text, case[0], number, own) if token.i in agreeing and token.is_alpha else None
        words.append((form or token.text) + token.whitespace_)
    return "".join(words).strip()


def with_determiner(head: Token, words: str, lang: LanguageData) -> str:
    """A bare noun that refers back named with its determiner, as the text wrote it ("the
    statement", "the spokesman"): without it, it reads as a name of its own."""
    det = next((c for c in head.children if c.dep_ == "det" and c.i < head.i and c.lower_ in lang.determiners
                and c.i == head.left_edge.i), None)
    if det is None or words.lower().startswith(det.lower_):
        return words
    return f"{det.text}{det.whitespace_}{words}"


def standing_for(speaker: Source | None, words: str, head: Token, *, plain: bool = True) -> Source:
    """The speaker that a pronoun or a bare noun refers back to, named by the words of
    the text and whom they stand for, "il (Viatcheslav Sorokine)"; ``refers_to`` holds
    the speaker alone, for the registry and for grouping.

    A pronoun whose speaker is not plain to see, named sentences before ("he", three
    paragraphs after Mr Podesta), is named as written, "he", whom it likely stands for
    in ``refers_to`` only: readers, and annotators such as PolNeAR's, name the speaker
    of such a pronoun by the pronoun. A pronoun that is not the speaker's name at its
    place ("по её данным", "according to its figures", "selon lui") gives the speaker
    alone."""
    if speaker is None:
        return Source(name=words)
    if words.lower() == speaker.name.lower() or not head.dep_.startswith("nsubj") and not head.text.startswith("-"):
        return speaker
    if not plain and head.pos_ == "PRON":
        return Source(name=words, refers_to=speaker.who)
    return Source(name=f"{words} ({speaker.who})", refers_to=speaker.who)


# the entity labels of a person or an organisation, as the parsers name them
SPEAKER_ENTITIES = {"PER", "PERSON", "ORG", "NORP"}


def names_a_speaker(span: Span, memory: SpeakerMemory) -> bool:
    """Positive evidence that words name someone who speaks: a person or an
    organisation the parser found, or a speaker the source registry knows (by name,
    title, as a generic source, or by a word of a kind of speaker)."""
    if any(t.ent_type_ in SPEAKER_ENTITIES for t in span):
        return True
    if memory.evidence is None:
        return any(t.pos_ == "PROPN" for t in span)
    # a name the registry knows must be the phrase's own, before a preposition of its
    # noun: "Reuters со ссылкой на …" is Reuters; "шлях від сусіда до окупанта" names a
    # path, whatever "окупанта" names
    head = first_noun(span)
    own = span.doc[span.start:next((t.i for t in span if t.i > head.i and t.pos_ == "ADP"), span.end)]
    if memory.evidence(own.text) in ("alias", "title", "generic"):
        return True
    # so must a word of a kind of speaker: "губернатор", "ministry", not a word somewhere
    # inside it ("атака на неё со стороны …")
    if of_a_kind(head, memory):
        return True
    # "прес-служба ОВА", "пресс-служба губернатора": whose office it is, right after it
    owner = head.doc[head.i + 1] if head.i + 1 < span.end else None
    return owner is not None and owner.head.i == head.i and owner.dep_ in ("nmod", "appos", "flat") \
        and not any(c.dep_ == "case" for c in owner.children) and of_a_kind(owner, memory)


def of_a_kind(word: Token, memory: SpeakerMemory) -> bool:
    """Is the word, by its lemma or as written, a word of a kind of speaker ("губернатор")?"""
    return memory.evidence(word.lemma_) == "kind" or memory.evidence(word.text) == "kind"


def sentence_subject(pronoun: Token, lang: LanguageData) -> Token | None:
    """ "Le HUR a diffusé des images sur lesquelles on voit, selon lui, ...": the
    pronoun of a "selon" phrase stands for the subject of its own sentence."""
    if not any(c.dep_ == "case" for c in pronoun.children) and pronoun.dep_ not in ("obl", "obl:mod", "nmod"):
        return None
    root = pronoun.sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    if subject is None or subject.i > pronoun.i or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(a.i == subject.i for a in pronoun.ancestors):
        return None  # "За словами співрозмовника" read as a subject: the pronoun's own phrase
    if any(q.start <= subject.i < q.end and not q.start <= pronoun.i < q.end for q in pronoun.doc._.quotes or []):
        return None  # "«… помер 58-річний чоловік …», – написав він": the quotation's words are not its speaker
    return subject


PERSON_ENTITIES = {"PER", "PERSON"}


def agrees(pronoun: Token, head: Token) -> bool:
    """Can this pronoun stand for the phrase headed by ``head``? (``Agreement.accepts``)"""
    return Agreement.of(head).accepts(pronoun)


def is_first_person(head: Token, lang: LanguageData) -> bool:
    """ "I", "we", "мы", "nous": the publisher speaking (a quotation's "I" is inside
    the quotation, which its own speaker's rule has taken)."""
    return head.lower_ in lang.first_person or (head.pos_ == "PRON" and "1" in head.morph.get("Person"))


def voice_of_verb(verb: Token | None) -> Source | None:
    """Who a finite cue verb's own form says speaks: the first person is the publisher
    ("Зараз говоримо про …", "повідомляю, що …"), the second the listener, whatever
    the parse took for its subject (an adverb read as a noun: "Зараз", "Окремо");
    None when the form does not say (the third person, a past tense, no features)."""
    if verb is None or verb.pos_ not in ("VERB", "AUX") or not finite(verb):
        return None
    person = verb.morph.get("Person")
    if "1" in person:
        return PUBLISHER
    if "2" in person:
        return NOBODY
    return None


def is_non_speaker(head: Token, lang: LanguageData) -> bool:
    """ "you", "everyone", "no one", "кто": a listener or anyone at all, not a source.
    A phrase headed by them ("every mother", "all politicians") is left to the model. A
    unit of time ("weeks", "тижнів") is no one either."""
    if head.lower_ in lang.partitive_heads and any(
            c.dep_ in ("nmod", "appos", "obl") and c.pos_ in ("NOUN", "PROPN") for c in head.children):
        return False  # "one of his advisers, Tad Devine,": one of people named, not anyone
    if any(c.dep_ in ("acl", "acl:relcl", "relcl") and c.pos_ in ("VERB", "AUX") for c in head.children):
        return False  # "those surveyed", "those who back her opponents": the people the clause describes
    if head.lower_ in lang.non_speakers or (head.pos_ == "PRON" and "2" in head.morph.get("Person")):
        return True
    if head.pos_ == "NOUN" and member(head, frame_words(lang).durations):
        return True  # "після шести тижнів війни стверджують": the parse's subject is a time, no one
    words = [t for t in head.subtree if not t.is_punct]
    return len(words) <= 2 and " ".join(t.lower_ for t in words) in lang.non_speakers


def is_pronoun(head: Token, lang: LanguageData) -> bool:
    if head.lower_ in lang.speaker_pronouns:
        return True
    # "l'une d'elles", "l'un d'eux": one of the speakers just named
    return head.lower_ in lang.partitive_heads and any(
        c.lower_ in lang.speaker_pronouns for c in head.children)


def is_anaphor(head: Token, lang: LanguageData) -> bool:
    """A bare definite noun: "le ministère", "cette source", "la même source"; or, with
    no determiner, a noun that only ever refers back ("добавили в ведомстве")."""
    if head.pos_ != "NOUN":
        return False
    determiners = [c for c in head.children if c.dep_ == "det"]
    others = [c for c in head.children if c.dep_ not in ("det", "punct", "case")
              and c.lower_ not in lang.anaphor_modifiers]
    if others:
        return False
    if not determiners:
        return head.lemma_.lower() in lang.anaphor_bare or head.lower_ in lang.anaphor_bare
    return all(d.lower_ in lang.anaphor_determiners for d in determiners)


def speaker_span(head: Token, lang: LanguageData) -> Span:
    """The noun phrase of a speaker, without relative clauses and the like."""
    doc = head.doc
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.is_space and "\n" not in child.text:
                keep.add(child.i)  # "советник  президента": a double space inside the name
                continue
            if child.dep_ in SPEAKER_CUT_DEPS or child.dep_ == "case" and token.i == head.i:
                continue
            # "CNN/WMUR poll": one name; "командования «Юг»": the quote marks of a name in the phrase
            if child.dep_ == "punct" and child.text not in ",-/" and not (
                    child.text in QUOTE_MARKS and names_in_phrase(token, head)):
                continue
            if child.dep_ in ("nmod", "obl", "obl:mod") and any(
                    g.dep_ == "case" and g.lower_ in lang.speaker_cut_cases for g in child.children):
                continue  # "l'armée de l'air sur Telegram": the channel, not the speaker
            keep.add(child.i)
            stack.append(child)
    # the phrase is the unbroken run of kept words around its head; a personal pronoun
    # takes no words before it ("про будь-яке наше спалене село вони кажуть": "вони")
    start, end = head.i, head.i + 1
    while start - 1 in keep and not (head.pos_ == "PRON" and head.lower_ in lang.speaker_pronouns):
        start -= 1
    while end in keep:
        end += 1
    # "сообщил и военкор", "also the governor": a particle before the phrase is not its name
    while start < head.i and doc[start].pos_ in ("CCONJ", "PART", "ADV") and doc[start].dep_ in ("cc", "advmod", "discourse"):
        start += 1
    # nor is an adverb or a time after it: "Олаф Шольц учора сказав", whatever the parse
    while end - 1 > head.i and (doc[end - 1].pos_ == "ADV" or doc[end - 1].lower_ in lang.time_words):
        end -= 1
    # a subject's phrase does not run past the verb it belongs to
    if head.head.i > head.i:
        end = min(end, head.head.i)
    # nor back into a quotation that closes before its head: "“… Sen. John McCain,” Trump
    # said" (a name in quote marks inside the phrase stays: "газета «Ведомости»")
    for quote in doc._.quotes or []:
        if quote.start < start < quote.end <= head.i:
            start = quote.end
    # the tokenizer may cut a compound ("état-major"): take back the glued parts
    while start > 0 and "-" in (doc[start].text, doc[start - 1].text) and not doc[start - 1].whitespace_ \
            and not doc[start - 1].is_space:
        start -= 1
    while end < len(doc) and glued(doc[end - 1], doc[end]):
        end += 1  # and forwards: "selon l'état-major" is no "état"
    while end - 1 > head.i and doc[end - 1].pos_ == "ADP":
        end -= 1  # "рэпер Брутто из "Каспийского груза"": the phrase broke at a quote mark
    return trim(doc[start:end], lang, determiners=True)


def noun_run_before_verb(head: Token, lang: LanguageData) -> Span | None:
    """ "Міністр закордонних справ Дмитро Кулеба заявив": a parser trained on another
    language broke the subject's phrase (here an adjective in the genitive became the
    subject); in a language that marks case, the unbroken run of nouns and adjectives
    right before the verb, opened by a noun in the nominative, is the subject's phrase."""
    verb = head.head
    if verb.pos_ not in ("VERB", "AUX") or head.i > verb.i or not head.morph.get("Case"):
        return None
    doc, start = head.doc, verb.i
    while start > verb.sent.start and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ") \
            and doc[start - 1].lower_ not in lang.time_words:
        start -= 1
    if start > head.i or "Nom" not in doc[start].morph.get("Case") or doc[start].pos_ not in ("NOUN", "PROPN"):
        return None
    if start > 0 and doc[start - 1].pos_ == "ADP":
        return None  # "В інтерв'ю агентству депутат заявив": the run opens with where, not who
    return doc[start:verb.i]


def relative_antecedent(head: Token, lang: LanguageData) -> Token:
    """What a relative pronoun stands for ("Le gouverneur, qui avait assuré que …": the
    governor; "polls … that showed": the polls); any other word is itself."""
    if head.lower_ in lang.relative_pronouns and head.head.dep_ == "acl:relcl":
        head = head.head.head
        while head.dep_ in ("appos", "flat:name") and head.head.i != head.i:
            head = head.head
    elif head.lower_ in lang.relative_pronouns and head.i >= 2 and head.doc[head.i - 1].text == ",":
        # the parse lost the relative clause: the antecedent is the phrase before the comma
        head = head.doc[head.i - 2]
        while head.dep_ in ("appos", "flat:name", "flat") and head.head.i < head.i:
            head = head.head
    return head


def source_for(head: Token, lang: LanguageData, memory: SpeakerMemory) -> tuple[Source, set[int]]:
    head = relative_antecedent(head, lang)
    span = speaker_span(head, lang)
    for other in split_subject(head):
        span = span.doc[span.start: speaker_span(other, lang).end]
    run = noun_run_before_verb(head, lang)
    if run is not None and run.start <= span.start and span.end <= run.end and len(run) > len(span):
        head, span = run[0], run
    # "Речник Повітряних сил Юрій Ігнат розповів": a surname the parser hung on the verb
    # as anything at all still closes the name it follows
    doc = span.doc
    while len(span) and span.end < head.head.i and doc[span.end].head.i == head.head.i \
            and doc[span.end].is_title and doc[span.end].pos_ in ("NOUN", "PROPN") and doc[span.end - 1].is_title:
        span = doc[span.start: span.end + 1]
    source = memory.resolve(head, span if len(span) else head.text.lstrip("-"), lang)
    return source, {t.i for t in span} | {head.i}


def relayed_speaker(verb: Token, lang: LanguageData, memory: SpeakerMemory) -> Token | None:
    """ "«…», — цитирует AFP канцлера", "— передает слова министра Интерфакс-Украина",
    "ТАСС цитирует Пескова: «…»": a cue that relays someone's words gives them to whom it
    quotes (its object, or the owner of the words it passes on), not to the medium that
    relays them. None when the cue relays nothing of anyone's ("— передает ТАСС")."""
    if verb.lemma_.lower() not in lang.relay_cues:
        return None
    for obj in verb.children:
        if obj.dep_ != "obj" or obj.pos_ not in ("NOUN", "PROPN"):
            continue
        if obj.lemma_.lower() in lang.report_nouns:
            owner, _ = report_owner(obj, speaker_span(obj, lang), lang)
            return owner if owner is not obj else None
        if "Anim" in obj.morph.get("Animacy") or names_a_speaker(obj.doc[obj.i:obj.i + 1], memory):
            return obj
    return None


# how likely a word after an incise verb is its subject, by the parse's label
INVERTED_SUBJECT_RANK = {"nsubj": 0, "nsubj:pass": 0, "obj": 1}


def incise_speaker(verb: Token, sentence: Span, lang: LanguageData,
                   memory: SpeakerMemory) -> tuple[Source, set[int]] | None:
    """The speaker of an inverted incise: the clitic, the one whose words it relays, or
    the noun phrase after the verb."""
    relayed = relayed_speaker(verb, lang, memory)
    if relayed is not None:
        return source_for(relayed, lang, memory)
    clitic = clitic_subject(verb, lang)
    if clitic is not None:
        return memory.resolve(clitic, clitic.text.lstrip("-"), lang), {clitic.i}
    # the parser reads an inverted subject as subject or object; "à Reuters" is neither
    heads = [c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN", "PRON", "X")
             and not any(g.dep_ == "case" for g in c.children) and c.lower_ not in lang.time_words]
    # the speaker before the listener ("заявил РИА Новости представитель подполья"), and
    # the subject before the object: "— прокомментировали снимки спасатели"
    heads.sort(key=lambda c: (listener(c), INVERTED_SUBJECT_RANK.get(c.dep_, 2), c.i))
    if not heads or all(listener(h) for h in heads):
        # "сообщили в Минобороны", "повідомили в ОВА": an impersonal verb names its source;
        # "заявили РИА Новости в подполье": after the listener
        heads = [c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
                 and c.lemma_.lower() not in lang.time_words  # "писало в июле 2013 года издание «МК»"
                 and any(g.dep_ == "case" and g.lower_ in lang.source_cases for g in c.children)] \
            or (source_phrase_after(verb, sentence, lang) if heads else []) or heads
    if not heads:
        # "«…», — сообщили там": there, at the body last named
        heads = [c for c in verb.children if c.i > verb.i and c.lower_ in lang.place_pronouns][:1]
    if not heads:
        # "говорится на сайте Офиса президента": a channel's owner speaks, if it names a speaker
        heads = [o for c in verb.children if c.i > verb.i and any(
                    g.dep_ == "case" and g.lower_ in lang.speaker_cut_cases for g in c.children)
                 for o in c.children if o.dep_ == "nmod" and o.i > c.i
                 and names_a_speaker(speaker_span(o, lang), memory)][:1]
    if not heads:
        # "— писало в июле 2013 года издание «МК»": the subject in the nominative after a
        # time, whatever the parse hung it on
        heads = nominative_after(verb, sentence, lang)
    if not heads:
        name = name_right_after(verb)
        if name is None:
            return None
        return memory.resolve(name.root, name, lang), {t.i for t in name}
    head = heads[0]
    names = [c for c in heads[1:] if c.pos_ == "PROPN" and c.i > head.i]
    if names and all(t.is_punct or t.pos_ == "PROPN" or t.dep_ == "flat:name"
                     for t in verb.doc[head.right_edge.i + 1: names[0].i]):
        head = names[0]  # the parser hung the name on the verb; the title is in front of it
        span = verb.doc[heads[0].left_edge.i: names[0].right_edge.i + 1]
        return memory.resolve(head, trim(span, lang, determiners=True), lang), {t.i for t in span}
    return source_for(head, lang, memory)


def noun_after(verb: Token, sentence: Span, wanted: Callable[[Token], bool]) -> list[Token]:
    """The first noun after the verb, in its own part of the sentence (up to a comma or
    another verb), that ``wanted`` accepts, whatever the parse hung it on."""
    for token in verb.doc[verb.i + 1:sentence.end]:
        if token.text in (",", ";", ":") or token.pos_ in ("VERB", "AUX"):
            return []
        if token.pos_ in ("NOUN", "PROPN") and wanted(token):
            return [token]
    return []


def source_phrase_after(verb: Token, sentence: Span, lang: LanguageData) -> list[Token]:
    """The "в"/"у" phrase after an impersonal verb and its listener ("заявили РИА Новости
    в пророссийском подполье": the underground speaks)."""
    return noun_after(verb, sentence, lambda t: any(
        g.dep_ == "case" and g.lower_ in lang.source_cases for g in t.children))


def nominative_after(verb: Token, sentence: Span, lang: LanguageData) -> list[Token]:
    """The first noun in the nominative after an inverted verb that no preposition governs
    and that is no time (in a language that marks case)."""
    return noun_after(verb, sentence, lambda t: "Nom" in t.morph.get("Case") and
                      t.lemma_.lower() not in lang.time_words and not in_prepositional_phrase(t))


def name_right_after(verb: Token) -> Span | None:
    """ "''…,'' said Robert Reich, who served … yet endorsed Sanders": the parser hung the
    name on a verb of its relative clause (or the verb on the name); the name right after
    the inverted verb is still its speaker, up to the word its words hang on."""
    doc, start = verb.doc, verb.i + 1
    if start >= len(doc) or doc[start].pos_ != "PROPN":
        return None
    token = doc[start]
    while token.dep_ in ("compound", "flat", "flat:name") and token.head.i > token.i:
        token = token.head
    return doc[start:token.i + 1]


def listener(token: Token) -> bool:
    """The one told: "заявил РИА Новости", "повідомили Укрінформу" (a dative)."""
    return "Dat" in token.morph.get("Case") or token.dep_ == "iobj"


def shared_speaker(verb: Token, found: list[Attribution]) -> Source | None:
    """The speaker of a cue verb without a subject of its own.

    "Il a démenti ... et affirmé que": a coordinated verb shares its subject;
    "a indiqué l'entreprise, précisant que": a participle speaks for the
    speaker of the statement it hangs on.
    """
    # "wrote …, several hours after saying that": a gerund under a preposition too
    gerund = verb.dep_ in ("obl", "ccomp") and not finite(verb)
    if (verb.dep_ not in ("conj", "advcl", "xcomp") and not gerund) or not found:
        return None
    if verb.dep_ == "advcl" and passive_participle(verb):
        return None  # "…, she told CNN when asked which candidate she would back": she was asked
    head = verb.head
    for attribution in reversed(found):
        cue = attribution.cue_token
        if cue is None:
            continue
        if cue.i == head.i:
            return attribution.source
        # « … », a indiqué l'entreprise, précisant que …: hung on the quotation's verb
        content = attribution.content
        if content is not None and content.start <= head.i < content.end and cue.i < verb.i:
            return attribution.source
    return None
