"""Helpers over the parse that the attribution rules share: cue verbs, quotations,
subjects and complements, the edges of a span.

Everything here reads a spaCy ``Doc`` with Universal Dependencies relations (every
parser of ``adapters`` gives one) and the language's data (``lang/<code>/``); no
function names a language.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from ..lang import LanguageData
from ..parse import CLOSING_QUOTES, OPENING_QUOTES, QUOTE_MARKS
from ..pieces import line_before, lowered_lemmas, lowered_words, rest_of_line, span_text

COMPLEMENT_DEPS = ("ccomp", "xcomp", "obj", "obl", "nmod")

DASHES = {"-", "–", "—", "--"}
# Markdown emphasis as posts carry it ("**О повреждении … сообщил губернатор**"): punctuation
# the tokenizer keeps, which marks no word's place in a sentence
MARKUP = {"*", "_", "**", "__"}


MAX_SIGNATURE = 6  # words: "губернатор Брянской области Александр Богомаз"


# words of a subject that closes a statement: "…, Ukraine's largest private energy company DTEK said"
MAX_TRAILING_SPEAKER = 9
# with its apposition: "J. Gerald Hebert, executive director of the Campaign Legal Center, said"
MAX_APPOSED_SPEAKER = 20
SENTENCE_ENDS = {".", "!", "?", "…"}


def takes_lives(noun: Token, lang: LanguageData) -> bool:
    """A life noun ("lives", "життя") as what a verb of taking takes ("claimed the lives
    of"): a toll (frame.yaml ``lives_taken``), not "said life would be worse"."""
    taken = lang.frame.get("lives_taken", {})
    verb = noun.head
    return (noun.lemma_.lower() in taken.get("nouns", []) or noun.lower_ in taken.get("nouns", [])) \
        and (verb.lemma_.lower() in taken.get("verbs", []) or verb.lower_ in taken.get("verbs", []))


_CUES = "rashomon.attribute.cues"


def cue_words(span: Span, lang: LanguageData) -> list[Token]:
    """The span's words that are cues (``is_cue``), in order. Three rules and a cue
    looked for before a colon ask it of every word of a sentence: the piece's cues are
    found once, at the first question, and each span takes its own."""
    doc = span.doc
    key = (_CUES, id(lang))  # (the language's data it was read with: a plain value to keep)
    cues = doc.user_data.get(key)
    if cues is None:
        cues = doc.user_data[key] = [i for i in may_be_cues(doc, lang) if is_cue(doc[i], lang)]
    return [doc[i] for i in cues[bisect_left(cues, span.start):bisect_left(cues, span.end)]]


def may_be_cues(doc: Doc, lang: LanguageData) -> list[int]:
    """The words ``is_cue`` can take, by their lowered form or lemma: a cue, or the verb of
    a cue phrase (``cue_stance``, ``cue_phrase``). Read from the piece's words."""
    cues, verbs = lang.cues, phrases_of(lang)
    return [i for i, (form, lemma) in enumerate(zip(lowered_words(doc), lowered_lemmas(doc)))
            if form in cues or lemma in cues or lemma in verbs]


def tells(verb: Token, lang: LanguageData) -> bool:
    """A cue whose object is its listener: "told Reuters", "informed the council"."""
    return verb.lemma_.lower() in lang.addressee_cues


def is_cue(token: Token, lang: LanguageData) -> tuple[str, str] | None:
    if token.pos_ not in ("VERB", "AUX", "NOUN") and token.dep_ != "ROOT":
        return None
    # the phrase first: "назвал фейком" denies what "назвал" alone asserts
    found = cue_phrase(token, lang) or lang.cue_stance(token.lemma_, token.text)
    if found is None:
        return None  # (every word is asked: the checks below only for a cue)
    if any(c.dep_ in ("advmod", "mark") and c.lower_ in lang.cue_negations for c in token.children):
        return None  # "n'a pas mentionné", "n'a pas confirmé": nothing was said
    if any(c.dep_ != "cc" and c.lower_ in lang.question_particles for c in token.children):
        return None  # "допускает ли Франция отправку войск": an indirect question says nothing
    if obliged(token, lang):
        return None  # "all politicians should think now", "Запад должен признать": told to, not said
    return found


def obliged(token: Token, lang: LanguageData) -> bool:
    """A cue under a word of obligation ("should", "must", "должен", "повинен", "doit"):
    what someone should say or admit is prescribed, no one has said it."""
    modal = lambda t: t.lower_ in lang.obligation_modals or t.lemma_.lower() in lang.obligation_modals
    if any(c.i < token.i and c.dep_.startswith("aux") and modal(c) for c in token.children):
        return True  # "should think", "must admit"
    if token.dep_ == "xcomp" and token.head.i < token.i and modal(token.head):
        return True  # "должен признать", "doit reconnaître"
    # an infinitive right after the word, whatever the parse hung on what ("Світ повинен визнати")
    if "Inf" not in token.morph.get("VerbForm"):
        return False
    i = token.i - 1
    while i >= 0 and token.doc[i].pos_ == "ADV":
        i -= 1
    return i >= 0 and modal(token.doc[i])


def cue_phrase(token: Token, lang: LanguageData) -> tuple[str, str] | None:
    """A cue of two words, a verb and its object: "faire état de"."""
    verb = token.lemma_.lower()
    for particle, stance in phrases_of(lang).get(verb, ()):
        if any(c.lower_ == particle for c in token.children):
            return f"{verb} {particle}", stance
    return None


@lru_cache(maxsize=None)
def phrases_of(lang: LanguageData) -> dict[str, tuple[tuple[str, str], ...]]:
    """The cue phrases by their verb, made once per language (every word is asked)."""
    by_verb: dict[str, list[tuple[str, str]]] = {}
    for (verb, particle), stance in lang.cue_phrases.items():
        by_verb.setdefault(verb, []).append((particle, stance))
    return {verb: tuple(pairs) for verb, pairs in by_verb.items()}


def quotes_in(sentence: Span) -> list[Span]:
    quotes = sentence.doc._.quotes or []
    return [q for q in quotes if q.start >= sentence.start and q.end <= sentence.end]


def inner(quote: Span) -> Span:
    """A quotation without its marks."""
    start, end = quote.start, quote.end
    while start < end and quote.doc[start].text in QUOTE_MARKS:
        start += 1
    while end > start and quote.doc[end - 1].text in QUOTE_MARKS:
        end -= 1
    return quote.doc[start:end]


def trim(span: Span, lang: LanguageData, *, determiners: bool = False) -> Span:
    """Drop punctuation, quote marks, "que" / "что" and spaces (and determiners) at the edges."""
    doc, start, end = span.doc, span.start, span.end
    edge = lambda t: (t.is_punct or t.is_space or t.text in QUOTE_MARKS
                      or (lang is not None and t.lower_ in lang.complementizers and t.i == span.start)
                      or (determiners and t.lower_ in lang.determiners))
    while start < end and edge(doc[start]) and not opens_inner_quotation(doc[start], end):
        start += 1
    # (and a coordinator left at the end where the next clause was cut off: "… a depot and
    # [the governor said …]"; not "80 років тому", which the tagger calls a conjunction)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in QUOTE_MARKS
                           or doc[end - 1].dep_ == "cc" and end - 1 > start) \
            and not closes_a_name(doc[start:end]):
        end -= 1
    return doc[start:end]


def opens_inner_quotation(token: Token, end: int) -> bool:
    """Does the mark open a quotation the span goes on after ("'Alt Right' Pose A
    Threat", "«имбецилами» тех, кто …")? Then the span keeps it."""
    return token.text in QUOTE_MARKS and any(q.start == token.i and q.end < end for q in token.doc._.quotes or [])


def closes_a_name(span: Span) -> bool:
    """Does the span end with the quote mark that closes a name inside it ("газета
    «Ведомости»"), one it opened after its first word?"""
    last = span[-1] if len(span) else None
    if last is None or last.text not in CLOSING_QUOTES or len(span) < 3:
        return False
    opened = [t for t in span[1:-1] if t.text in OPENING_QUOTES and t.text not in CLOSING_QUOTES]
    closed = [t for t in span[1:-1] if t.text in CLOSING_QUOTES and t.text not in OPENING_QUOTES]
    return len(opened) == len(closed) + 1


def spaced(token: Token) -> bool:
    """A word set apart by spaces on both sides: a dash of punctuation, not the hyphen
    of "post-war" or "9-iron"."""
    doc = token.doc
    before = token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space
    after = bool(token.whitespace_) or token.i + 1 == len(doc) or doc[token.i + 1].is_space
    return before and after


def joins_digits(token: Token) -> bool:
    """A mark written tight between two numbers: the colon of a time or a score
    ("в 03:25", "2:1"), which opens no statement."""
    doc = token.doc
    return (0 < token.i < len(doc) - 1 and not doc[token.i - 1].whitespace_ and not token.whitespace_
            and doc[token.i - 1].text[-1:].isdigit() and doc[token.i + 1].text[:1].isdigit())


def at_line_end(token: Token) -> bool:
    """Nothing but punctuation, emphasis marks or emoji after this word, up to the end
    of its line: a signature closes a line or a post, it does not open a clause."""
    rest = rest_of_line(token.doc, token.idx + len(token.text))
    return not any(c.isalnum() for c in rest)


def opens_line(token: Token) -> bool:
    """Nothing but spaces, emphasis marks or emoji before this word on its line."""
    return not any(c.isalnum() for c in line_before(token.doc, token.idx))


def glued(left: Token, right: Token) -> bool:
    """Two tokens of one hyphenated word: "état" "-" "major"."""
    if left.whitespace_ or right.is_space:
        return False
    if right.text == "-":
        return right.i + 1 < len(right.doc) and not right.whitespace_ and right.doc[right.i + 1].is_alpha
    return left.text == "-" and right.is_alpha


def is_clitic(token: Token) -> bool:
    """An inverted subject clitic or its euphonic "-t": "a-t-il", "dit-elle"."""
    return token.text.startswith("-") and len(token.text) > 1


def clitic_subject(verb: Token, lang: LanguageData) -> Token | None:
    """The inverted pronoun next to a verb or its auxiliary, whatever the parser made of it."""
    doc = verb.doc
    window = doc[max(verb.i - 3, verb.sent.start): min(verb.i + 3, verb.sent.end)]
    clitics = [t for t in window if is_clitic(t) and t.lower_ in lang.speaker_pronouns]
    return clitics[-1] if clitics else None


def subject_of(verb: Token, lang: LanguageData | None = None) -> Token | None:
    # "про будь-яке наше місто … вони кажуть": what is spoken about is no subject
    topics = lang.topic_cases if lang is not None else ()
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and not is_clitic(c)
                and not any(g.lower_ in topics and g.i < c.i for g in c.children)]
    # two subjects with a clause between them: the one nearer the verb is its own ("C'est
    # la deuxième nuit … : dimanche, Kiev a revendiqué", "Путин … не касался, он сказал")
    nearer = [c for c in subjects[1:] if c.i < verb.i and clause_between(subjects[0], c)]
    if nearer:
        return nearer[-1]
    if subjects:
        return subjects[0]
    return misplaced_subject(verb) or nominative_subject(verb)


def nominative_subject(verb: Token) -> Token | None:
    """ "Мер Києва Віталій Кличко повідомив …", "Міністр оборони заявив журналістам …": a
    parser trained on another language (Ukrainian through a Russian model) hung the
    subject on the verb as an object; its case still says who acts. The first noun the
    verb governs before it, in the nominative, with no preposition and no comma between."""
    if "Fin" not in verb.morph.get("VerbForm"):
        return None
    for child in verb.children:
        if child.i > verb.i:
            break
        if child.dep_ in ("obj", "iobj", "obl") and child.pos_ in ("NOUN", "PROPN") \
                and "Nom" in child.morph.get("Case") and not any(c.dep_ == "case" for c in child.children) \
                and not any(t.text in (",", ";", ":") for t in verb.doc[child.i:verb.i]) \
                and not in_prepositional_phrase(child):
            return child
    return None


def in_prepositional_phrase(noun: Token) -> bool:
    """ "У Міноборони РФ заявили": a noun after a preposition, with nothing but nouns and
    adjectives between, is the preposition's (where it was said), not a subject."""
    for token in reversed(noun.doc[noun.sent.start:noun.i]):
        if token.pos_ == "ADP":
            return True
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "DET"):
            return False
    return False


def passive(verb: Token, subject: Token) -> bool:
    """A passive cue, by its auxiliary or, with none, its form: "was asked", "a été
    annoncé", "сообщено". A passive subject or form on "a indiqué", "a concédé" (a
    tense auxiliary and a participle) is the parser's slip."""
    if subject.dep_ != "nsubj:pass":
        return False
    auxiliaries = {c.dep_ for c in verb.children if c.dep_.startswith("aux")}
    return "aux:pass" in auxiliaries or not auxiliaries and "Pass" in verb.morph.get("Voice")


def passive_agent(verb: Token) -> Token | None:
    """Who did what a passive verb says: "by host John Dickerson", "par le ministère"."""
    return next((c for c in verb.children if c.dep_ == "obl:agent"), None)


def passive_participle(verb: Token) -> bool:
    """A past participle standing alone ("when asked whether …", "Asked about his
    speeches, the campaign …", "interrogé sur …"): the one it names was asked, not the
    asker. Not an active participle ("заявивший") nor a tense with its auxiliary."""
    forms, voice = verb.morph.get("VerbForm"), verb.morph.get("Voice")
    return "Part" in forms and "Act" not in voice and ("Pass" in voice or "Past" in verb.morph.get("Tense")) \
        and not any(c.dep_.startswith("aux") or c.dep_.startswith("nsubj") for c in verb.children)


def governing_subject(verb: Token) -> Token | None:
    """The subject a verb without one shares with the verb it hangs on: "… supported
    Obama and said …" (coordinated verbs), "The senator left the room, saying that …",
    "… distanced himself by saying he …" (a gerund, through its preposition)."""
    head = verb.head
    if verb.dep_ == "conj":
        while head.dep_ == "conj" and subject_of(head) is None and head.head.i != head.i:
            head = head.head
    elif finite(verb) or verb.dep_ not in ("advcl", "pcomp") or passive_participle(verb):
        return None
    elif head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(head)
    if subject is None and head.dep_ == "xcomp" and head.head.pos_ in ("VERB", "AUX"):
        subject = subject_of(head.head)  # "appeared to assert his plans by saying …"
    return subject


def report_maker(verb: Token, lang: LanguageData) -> Token | None:
    """ "she released a statement saying, “…”", "issued a report stating that …": a
    participle that hangs on a report noun speaks for whoever put the report out."""
    report = verb.head
    if verb.dep_ != "acl" or finite(verb) or report.i > verb.i or report.lemma_.lower() not in lang.report_nouns:
        return None
    if report.dep_ not in ("obj", "dobj") or report.head.pos_ not in ("VERB", "AUX"):
        return None
    return subject_of(report.head, lang)


def subject_across_aside(verb: Token, lang: LanguageData) -> Token | None:
    """ "One attendee, who like others spoke on the condition of anonymity, said …": the
    noun phrase that opens the sentence, set off from its verb by a relative clause between
    commas, when the parse hung the noun on the clause's verb instead."""
    doc, start = verb.doc, verb.sent.start
    if verb.i < 3 or doc[verb.i - 1].text != "," or not finite(verb):
        return None
    comma = next((t for t in doc[start:verb.i] if t.pos_ not in ("DET", "NUM", "ADJ", "PROPN", "NOUN")), None)
    if comma is None or comma.text != "," or comma.i == start:
        return None  # the sentence does not open with a bare noun phrase and a comma
    opener = doc[comma.i + 1] if comma.i + 1 < verb.i else None
    if opener is None or not relative_word(opener, lang):
        return None
    head = doc[comma.i - 1]
    return head if head.pos_ in ("NOUN", "PROPN") else None


def phrase_before(verb: Token, lang: LanguageData) -> Token | None:
    """ "Джерело в СБУ повідомило, що …" when the parse lost the subject: the noun
    phrase that opens the clause right before a cue verb followed by "that" (within its
    own words: ``complementizer_after``), or a plural verb's "в"/"у" phrase ("В
    Минобороны опровергли …")."""
    following = verb.doc[verb.i + 1: min(verb.i + 3, verb.sent.end)]
    # (a short passive stands as a finite verb: "В сообщении Росавиации сказано, что …")
    short_passive = "Short" in verb.morph.get("Variant") and "Pass" in verb.morph.get("Voice")
    if not finite(verb) and not short_passive:
        return None  # "several hours after saying that": a gerund has no subject before it
    if verb.i > verb.sent.start and verb.doc[verb.i - 1].pos_ == "CCONJ":
        return None  # "назвал сообщения нагнетанием и подчеркнул, что": the subject is the first verb's
    start, end = verb.sent.start, verb.i
    for token in reversed(verb.doc[verb.sent.start:verb.i]):
        # (a participle describing a noun is no clause of its own: "в команде действующего президента")
        if token.text in (",", ";", ":") or token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            start = token.i + 1
            break
    if verb.dep_ == "conj" and verb.head.i < start and verb.head.pos_ in ("VERB", "AUX") \
            or any(c.dep_ == "cc" and start < c.i < verb.i for c in verb.children):
        return None  # "met with Mr. Obama and later said that": the subject is the first verb's
    aside = relative_aside(verb, lang)
    if aside is not None:  # "В сообщении Росавиации, которое цитируют агентства, сказано"
        start, end = aside
    words = [t for t in verb.doc[start:end] if not t.is_space]
    there = next((t for t in words if t.lower_ in lang.place_pronouns), None)
    if there is not None and "Plur" in verb.morph.get("Number"):
        return there  # "Там же уточнили, что …": the body named last, there
    # a noun after another preposition says when or how, not who: "При этом", "На брифинге"
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON") and not any(
        c.dep_ == "case" and c.lower_ not in lang.source_cases for c in t.children)]
    # "В Минобороны опровергли информацию …": a plural verb with no subject says who by
    # "в"; its object, not a "that" clause, may follow
    impersonal = bool(nouns) and any(c.dep_ == "case" and c.lower_ in lang.source_cases for c in nouns[0].children) \
        and "Plur" in verb.morph.get("Number")
    if not impersonal and not any(t.lower_ in lang.complementizers for t in following) \
            and complementizer_after(verb, verb.sent, lang) is None:
        return None
    if not nouns or len(words) > MAX_SIGNATURE + 2:
        return None
    return nouns[0]


def relative_aside(verb: Token, lang: LanguageData) -> tuple[int, int] | None:
    """The words before a relative clause set off by commas right before the verb: where
    the phrase that clause describes begins and ends, or None."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    opening = next((t for t in reversed(doc[verb.sent.start:verb.i - 1]) if t.text in (",", ";", ":")), None)
    if opening is None or opening.i + 1 >= verb.i or doc[opening.i + 1].lower_ not in lang.relative_pronouns:
        return None
    start = next((t.i + 1 for t in reversed(doc[verb.sent.start:opening.i]) if t.text in (",", ";", ":")
                  or t.pos_ in ("VERB", "AUX")), verb.sent.start)
    return (start, opening.i) if start < opening.i else None


def participle_subject(verb: Token) -> Token | None:
    """ "сообщения украинских СМИ, заявивших, что …": a participle cue set off by a comma
    speaks for the noun before it that agrees with it in case and number (the media, not
    the reports), whatever the parser hung it on."""
    forms = verb.morph.get("VerbForm")
    if "Part" not in forms or verb.dep_ not in ("acl", "amod") or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    case, number = verb.morph.get("Case"), verb.morph.get("Number")
    if not case:
        return None
    for token in reversed(verb.doc[verb.sent.start:verb.i - 1]):
        if token.text in (",", ";", ":") or token.pos_ in ("VERB", "AUX"):
            break
        if token.pos_ in ("NOUN", "PROPN") and token.morph.get("Case") == case and (
                not number or not token.morph.get("Number") or token.morph.get("Number") == number):
            return token
    return None


def finite(verb: Token) -> bool:
    """A verb that can have a subject of its own: not a gerund, infinitive or participle
    (a parse without verb forms counts as finite)."""
    forms = verb.morph.get("VerbForm")
    return not forms or "Fin" in forms or (
        "Part" in forms and any(c.dep_.startswith("aux") for c in verb.children))


def misplaced_subject(verb: Token) -> Token | None:
    """ "Un canal Telegram influent a admis que": the parser hung the subject on the
    adjective; a verb with an auxiliary has a subject, the last one before it."""
    if not any(c.dep_.startswith("aux") and c.i < verb.i for c in verb.children) or verb.dep_ == "conj":
        return None
    aux = min(c.i for c in verb.children if c.dep_.startswith("aux"))
    for token in reversed(verb.doc[verb.sent.start:aux]):
        if token.dep_ in ("nsubj", "nsubj:pass") and token.head.pos_ not in ("VERB", "AUX"):
            return token
        if token.pos_ == "VERB" or token.text in (";", ":"):
            return None
    return None


def split_subject(head: Token) -> list[Token]:
    """Subjects the parser split in two: "Le gouverneur de Briansk, Alexandre Bogomaz, a dit"."""
    # "Президент Байден цілком сказав": no adverb; not across a clause of its own ("Путин
    # … говорил об этом обстреле, но … не касался, он сказал": one speaker named twice)
    return [c for c in head.head.children if c.dep_ == head.dep_ and head.i < c.i < head.head.i
            and c.pos_ in ("NOUN", "PROPN", "PRON") and not clause_between(head, c)]


def clause_between(first: Token, second: Token) -> bool:
    """Is there a verb of its own between two words: two subjects of one verb that a
    clause parts are two mentions, not one name split in two."""
    return any(t.pos_ in ("VERB", "AUX") for t in first.doc[first.i + 1:second.i])


def verb_group(verb: Token) -> set[int]:
    """The cue verb with its auxiliaries and clitics: "a-t-il expliqué"."""
    near = verb.doc[max(verb.i - 3, 0): verb.i + 3]
    return {verb.i} | {c.i for c in verb.children if c.dep_.startswith("aux")} | {
        t.i for t in near if is_clitic(t)}


def later_than(sentence: Span, lang: LanguageData) -> bool:
    text = f" {span_text(sentence).lower()} "
    return any(f" {marker} " in text or f" {marker}," in text for marker in lang.later_markers)


def relative_word(token: Token, lang: LanguageData) -> bool:
    """A relative pronoun in any of its forms: "who", "который", "о которой"."""
    return token.lower_ in lang.relative_pronouns or token.lemma_.lower() in lang.relative_pronouns


def subject_then_cue(position: int, sentence: Span, lang: LanguageData) -> tuple[Token, Token] | None:
    """A statement closed by its speaker, subject first: "…, the ministry said." The
    words after ``position`` are a short subject, a cue verb without a complement,
    and nothing but a time or a place after it."""
    doc = sentence.doc
    words = [t for t in doc[position:sentence.end] if not t.is_space]
    while words and (words[0].is_punct or words[0].text in DASHES):
        words = words[1:]
    if words and words[0].pos_ == "CCONJ":
        return None  # "…, и карта DeepState это подтверждает": a clause joined to it, no speaker closing it
    if words and words[0].pos_ == "SCONJ" and words[0].lower_ not in lang.as_markers:
        return None  # "'No Idea' If I Would Have Told …": a clause of the statement ("…,” as he said, closes it)
    # a verb of the speaker's own relative clause is not the cue: "Harry Bond, who was
    # among those polled, said"
    verb = next((t for t in words[:MAX_APPOSED_SPEAKER + 1] if is_cue(t, lang) and t.pos_ in ("VERB", "AUX")
                 and not (t.dep_ in ("acl", "acl:relcl", "relcl", "amod") and t.head.i >= words[0].i)), None)
    if verb is None:
        return name_then_noun_cue(words, lang)
    # the parser may give the verb the quotation's subject too: the speaker is the one after
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and not is_clitic(c)
                    and words[0].i <= c.i < verb.i), None) or subject_of(verb)
    if subject is not None and subject.i < words[0].i:
        # the parser took a word of the quotation for the subject ("…, Mr. President,''
        # Representative Steve Cohen told"): the speaker is the phrase hung on it from outside
        subject = next((t for t in words if t.i < verb.i and t.pos_ in ("NOUN", "PROPN", "PRON")
                        and not words[0].i <= t.head.i < verb.i), None)
    if subject is None or subject.i < words[0].i or subject.i > verb.i:
        return None
    before = [t for t in words if t.i < verb.i]
    if any(relative_word(t, lang) for t in before if t.i < subject.i):
        return None  # "…, о которой он с тех пор говорил": a relative clause, no speaker closing it
    if any(t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux") and not apposed(t, subject) for t in before):
        return None  # the words before the verb are its subject, not another clause
    if any(t.text == "," and not apposed(t, subject) for t in before):
        return None  # "Senator Jeff Sessions, a close advisor to Trump, told AFP": commas of the name only
    if len(before) > MAX_TRAILING_SPEAKER and not all(apposed(t, subject) for t in before):
        return None
    complements = ("ccomp", "xcomp") if tells(verb, lang) else ("ccomp", "obj", "xcomp")
    listener = tells(verb, lang)
    if any(c.dep_ in complements and c.i > verb.i and (c.dep_ != "ccomp" or not listener or any(
            g.dep_.startswith("nsubj") for g in c.children)) and not beyond_statement(c, verb)
           for c in verb.children):
        return None  # "…, he told Reuters" still closes the statement; "…, he said it was" does not
    return verb, subject


def name_then_noun_cue(words: list[Token], lang: LanguageData) -> tuple[Token, Token] | None:
    """ "…,” Bozell answers.": the tagger read the verb as a noun and the name as its
    compound. Only a name and the cue, up to the end of the sentence."""
    tail = [t for t in words if not (t.is_punct or t.is_space)]
    if len(tail) < 2 or any(t.pos_ != "PROPN" for t in tail[:-1]):
        return None
    cue = tail[-1]
    name = next((c for c in cue.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if cue.pos_ != "NOUN" or name is None or not is_cue(cue, lang) or cue.lower_ == cue.lemma_.lower():
        return None  # an inflected form only: "answers", not "answer"
    return cue, name


def beyond_statement(clause: Token, verb: Token) -> bool:
    """A clause the parser hung on a closing cue that is not what the cue says: the next
    sentence ("“…,” he continued. “There is this myth …”"), the quotation going on after
    the speaker ("“…,” Trump said, “and I fully support …”"), or a quoted title after a
    noun ("Weiner said in May on the podcast “Here's the Thing.”")."""
    doc = verb.doc
    start = clause.left_edge.i
    if any(t.text in SENTENCE_ENDS for t in doc[verb.i + 1:start]):
        return True
    quoted = next((q for q in doc._.quotes or [] if q.start <= clause.i < q.end), None)
    if quoted is None or quoted.start == 0:
        return False
    before = doc[quoted.start - 1]
    return before.pos_ in ("NOUN", "PROPN") or before.text == "," and quoted.start - 1 > verb.i


def apposed(token: Token, subject: Token) -> bool:
    """A word inside the speaker's phrase and its appositions: "J. Gerald Hebert, executive
    director of the Campaign Legal Center,"."""
    if not subject.left_edge.i <= token.i <= subject.right_edge.i:
        return False
    if token.pos_ in ("VERB", "AUX") and token.dep_ in ("relcl", "acl:relcl"):
        # a relative clause set off by commas describes the speaker: "Harry Bond, 30, who was among those polled,"
        return token.doc[max(token.left_edge.i - 1, 0)].text == ","
    return True


def parenthetical_cue(comma: Token, sentence: Span, lang: LanguageData) -> tuple[Token, Token, int] | None:
    """A speaker set between two commas inside the statement: ", officials said," /
    ", she said in an interview," / ", said the governor,". Returns the cue verb, the
    head of its speaker and the closing comma's index; ``None`` unless the words
    between the commas are a short speaker and a cue verb with nothing of its own
    to report (no clause, no object, no second verb) and a clause follows."""
    doc = sentence.doc
    close = next((t.i for t in doc[comma.i + 1:sentence.end] if t.text in (",", ";", ":") or t.text in DASHES
                  and spaced(t)), None)
    if close is None or doc[close].text != "," or close - comma.i - 1 > MAX_TRAILING_SPEAKER:
        return None
    inside = [t for t in doc[comma.i + 1:close] if not t.is_space]
    verbs = [t for t in inside if t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux")]
    if len(verbs) != 1 or not is_cue(verbs[0], lang):
        return None
    verb = verbs[0]
    if relative_word(inside[0], lang):
        return None  # "sanctions, which Ukraine insists on, …": a relative clause on the word before
    if not finite(verb):
        return None  # ", fearing the consequences,": a gerund's subject is the sentence's
    own = subject_of(verb)
    if own is not None and not comma.i < own.i < close:
        # "Clinton, who called Sanders, told her supporters, …": its subject is outside; unless
        # the parser lent it the statement's subject ("La frappe, a précisé le ministère, a
        # fait deux morts": the verb after the commas is left without one)
        after = next((t for t in doc[close + 1:sentence.end] if t.pos_ in ("VERB", "AUX")
                      and not t.dep_.startswith("aux") and not t.dep_ == "cop"), None)
        if after is None or subject_of(after) is not None or tells(verb, lang) \
                or not finite(after):
            return None
        own = None
    if all(t.dep_.startswith("aux") or is_clitic(t) for t in inside if t.i < verb.i):
        # ", a précisé le ministère,", ", сообщил губернатор,": the speaker after the verb,
        # whatever the parser called it (not the listener of "told")
        if any(c.dep_ in ("ccomp", "xcomp") and comma.i < c.i < close for c in verb.children):
            return None
        if own is None and tells(verb, lang):
            return None
        subject = own or next((t for t in inside if t.i > verb.i and t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    else:
        complements = ("ccomp", "xcomp") if tells(verb, lang) else ("ccomp", "obj", "xcomp")
        if any(c.dep_ in complements and comma.i < c.i < close for c in verb.children):
            return None  # ", he said the strike," reports something of its own
        subject = subject_of(verb)
    if subject is None or not comma.i < subject.i < close or subject.pos_ not in ("NOUN", "PROPN", "PRON") \
            or subject.lower_ in lang.as_markers:
        return None  # ", як сказано,": an "as" phrase, which names no one
    rest = [t for t in doc[close + 1:sentence.end] if not (t.is_punct or t.is_space)]
    if len(rest) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return None  # ", he said, on Tuesday." closes the statement: the trailing rules read it
    first = rest[0]
    if first.pos_ in ("NOUN", "PROPN") and (apposed(first, subject) or first.dep_ in ("appos", "flat:name")
                                            and first.head.i in range(comma.i, close)):
        return None  # ", a indiqué le chef de l'administration, Roman Savtchouk, ajoutant …": a name
    if first.pos_ in ("SCONJ", "CCONJ") or first.dep_ in ("mark", "cc") or first.lower_ in lang.as_markers \
            or {"Ger", "Conv"} & set(first.morph.get("VerbForm")) or first.tag_ == "VBG" or is_cue(first, lang):
        return None  # ", the mayor said, adding that …", "…, as Moscow claimed …": a clause of its own
    return verb, subject, close


def cue_after(position: int, sentence: Span, lang: LanguageData) -> Token | None:
    """A cue verb that opens the words after ``position`` (past commas and auxiliaries)."""
    for token in sentence.doc[position:sentence.end]:
        if token.is_punct or token.is_space or token.dep_.startswith("aux") or is_clitic(token):
            continue
        return token if is_cue(token, lang) else None
    return None


def complement_of(verb: Token, sentence: Span, lang: LanguageData, taken: set[int]) -> Span | None:
    """What a cue verb reports: its clause, its object, or what follows "que"."""
    doc = sentence.doc
    particle = next((c for c in verb.children if c.dep_ == "obj" and cue_phrase(verb, lang)
                     and c.lower_ == cue_phrase(verb, lang)[0].split()[1]), None)
    if particle is not None:  # "a fait état de douze drones abattus": what the phrase is about
        end = max(particle.right_edge.i, verb.right_edge.i) + 1
        words = doc[particle.i + 1: end]
        start = next((t.i for t in words if not (t.pos_ == "ADP" or t.is_punct)), end)
        return clipped(trim(doc[start:end], lang), lang, taken)
    # a belief is a clause: "expects that …", not "expects to announce", "assumed his post"
    believed = lang.cue_class(verb.lemma_) == "cognition" or verb.lemma_.lower() in lang.clause_cues
    # "told Mr Michel about the measures", "asked about it": a topic, not what was said
    topicless = verb.lemma_.lower() in lang.topicless_cues
    asked = next((c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i
                  and any(m.dep_ == "mark" and requested(verb, m, lang) for m in c.children)), None)
    if asked is not None:  # "is calling for the United States to step up …": a clause asked for
        return clipped(trim(doc[asked.left_edge.i:asked.right_edge.i + 1], lang), lang, taken)
    for dep in COMPLEMENT_DEPS:
        for child in verb.children:
            if child.dep_ != dep or child.i < verb.i:
                continue
            if believed and dep != "ccomp" and not (dep == "obj" and noun_clause(child, lang)):
                continue  # "found no evidence that …": the clause is the noun's, "no" with it
            cases = [c for c in child.children if c.dep_ == "case"]
            if cases and child.pos_ != "VERB" and not any(c.lower_ in lang.topic_cases or requested(verb, c, lang)
                                                          for c in cases):
                continue  # "à Reuters" is where it was said, not what; "о повреждении" is what
            if cases and topicless:
                continue
            if dep == "xcomp" and (child.pos_ not in ("VERB", "AUX") or (
                    verb.lemma_.lower() in lang.purport_cues and not perfect_infinitive(child))):
                continue  # ("claims to restore …": what it purports to do)
            if dep == "ccomp" and child.pos_ not in ("VERB", "AUX") and not any(
                    g.dep_.startswith("nsubj") for g in child.children):
                continue  # "reported two dead and nine wounded": a stray word, not the clause
            if dep == "obj" and tells(verb, lang):
                # "told Reuters": who heard it, not what was said; what they were told
                # about may hang on them ("попередив мешканців про загрозу ударів")
                child = next((c for c in child.children if c.i > child.i and c.pos_ in ("NOUN", "PROPN")
                              and on_topic(c, lang)), None)
                if child is None or topicless:
                    continue
                cases = [c for c in child.children if c.dep_ == "case"]
            if dep in ("obj", "obl", "nmod") and child.pos_ not in ("NOUN", "PROPN", "PRON") \
                    and not (dep == "obj" and child.pos_ in ("NUM", "DET")) \
                    and not substantive_on_topic(child, cases, lang):  # "reported two dead"
                continue
            if dep in ("obl", "nmod") and not cases:
                continue  # an oblique is content only with a topic preposition
            if dep == "obj" and untold(child, lang):
                return None  # "will announce the details later", "said nothing about it": nothing told
            end = child.right_edge.i + 1
            if dep in ("obj", "obl", "nmod"):
                # "revendique une frappe de drones contre une base": the parser may hang
                # the rest on the verb; the object runs to the next comma of the clause
                end = next((t.i for t in doc[end:verb.right_edge.i + 1] if t.text in (",", ";", ":")
                            or coordinated_cue(t, verb, lang)), verb.right_edge.i + 1)
                # "сообщения СМИ, заявивших, что …": the participle's statement is the media's
                end = next((t.i for t in doc[child.i:end] if t.text == "," and t.i + 1 < end
                            and is_cue(doc[t.i + 1], lang) and participle_subject(doc[t.i + 1]) is not None), end)
                reached = complementizer_after(verb, sentence, lang) if dep != "obj" else None
                if reached is not None and reached.i == end + 1:
                    # "сказав про вторгнення Росії, що Європа такого не бачила": what it is
                    # about, then what was said of it
                    end = clause_end(verb, reached, sentence)
            if dep == "ccomp":
                end = rejoined(child, end, lang)
            # what the parser hung on a phrase after the cue from before it is not what it
            # reports: "Разговор Зеленского со Стармером: президент говорит о «…»" read
            # "разговор" as the subject of "наращивании" (a clause may open before its cue:
            # "Two drones, the ministry said, were shot down")
            start = child.left_edge.i if dep == "ccomp" else max(child.left_edge.i, verb.i + 1)
            if start < verb.i and all(t.is_punct or t.is_space for t in child.subtree if t.i < verb.i):
                start = verb.i + 1  # "…, объясняет, как менялась …": the clause's comma hung before the cue
            reached = complementizer_after(verb, sentence, lang) if dep == "ccomp" else None
            if reached is not None and reached.i < start and not any(c.dep_ == "mark" for c in child.children):
                # "утверждают, что технология, которая используется в дроне, уже применяется": the
                # parser gave "что" and the subject to another clause; the clause opens after "что"
                start = reached.i + 1
            if dep == "obj":
                # "назвал «имбецилами» тех, кто …": what the object is called, said before it
                start = min([start] + [c.left_edge.i for c in verb.children if c.dep_ == "xcomp"
                                       and verb.i < c.i < child.i and c.pos_ in ("NOUN", "ADJ")])
            span = trim(doc[start:end], lang)
            if dep == "ccomp":
                span = before_other_speaker(with_joined_clause(span, verb, lang), verb, lang)
                span = to_quotation_end(span)
            if len(span):
                return clipped(span, lang, taken)
    # "said Wednesday its air defences had shot down …", "a revendiqué dimanche une attaque":
    # the parser hung the clause or the object on the date
    for child in verb.children:
        if child.i > verb.i and child.lower_ in lang.time_words:
            hung = next((c for c in child.children if c.i > child.i and (
                c.dep_ == "obj" and c.pos_ in ("NOUN", "PROPN") or c.dep_ in ("acl:relcl", "acl")
                and c.pos_ in ("VERB", "AUX") and any(g.dep_.startswith("nsubj") for g in c.children))), None)
            if hung is not None:
                end = hung.right_edge.i + 1
                if hung.dep_ == "obj":
                    end = next((t.i for t in doc[end:verb.right_edge.i + 1] if t.text in (",", ";", ":")),
                               verb.right_edge.i + 1)
                return clipped(trim(doc[child.i + 1:end], lang), lang, taken)
    topic = topic_after(verb, sentence, lang) if not topicless else None
    if topic is not None and not believed and not any(c.dep_ == "obj" for c in verb.children):
        return clipped(trim(topic, lang), lang, taken)
    inverted = clause_above(verb)
    if inverted is not None:
        return clipped(trim(inverted, lang), lang, taken)
    # the parse missed the clause: take what follows "que", up to the main clause
    reached = complementizer_after(verb, sentence, lang)
    for token in doc[verb.i + 1:sentence.end]:
        if token.pos_ in ("VERB", "AUX") and is_cue(token, lang) and token.i > verb.i + 1:
            break  # "he said, adding that …": that "that" is the other verb's
        # "заявило, що", "заявив журналістам, що": whatever the tagger made of it
        right_after = token.i <= verb.i + 2 or reached is not None and token.i == reached.i
        if token.lower_ in lang.complementizers and (token.pos_ == "SCONJ" or token.dep_ == "mark" or right_after):
            if subordinate_to(verb, token):
                return None  # "when people asked for clothes, the occupiers demanded that they sing": the main verb's clause
            return clipped(trim(doc[token.i + 1:clause_end(verb, token, sentence)], lang), lang, taken)
    return None


def subordinate_to(verb: Token, complementizer: Token) -> bool:
    """Is the cue in a clause that its marker ("when", "as", "коли") puts under the very verb
    whose clause the complementizer opens? "When people asked for clothes, the occupiers
    demanded that they sing": what follows "that" is the occupiers' demand."""
    owner = complementizer.head.head if complementizer.dep_ == "mark" else None
    return owner is not None and owner.i != verb.i and verb.dep_ == "advcl" and verb.head.i == owner.i \
        and any((c.dep_ == "mark" or c.pos_ == "SCONJ") and c.i < verb.i for c in verb.children)


def untold(thing: Token, lang: LanguageData) -> bool:
    """ "the details", "nothing", "gratitude" as a cue's object: what is told is named, not
    told (but "almost nothing" tells something)."""
    return (thing.lemma_.lower() in lang.untold_objects or thing.lower_ in lang.untold_objects) \
        and not any(c.dep_ == "advmod" and c.i < thing.i for c in thing.children)


def topic_after(verb: Token, sentence: Span, lang: LanguageData) -> Span | None:
    """ "сообщили об отбое опасности БПЛА": a topic preposition right after the cue, in
    its phrase whatever the parse hung it on, and its words up to the clause's next comma."""
    doc = sentence.doc
    if verb.i + 1 >= sentence.end:
        return None
    after = doc[verb.i + 1]
    if after.dep_ != "case" or after.lower_ not in lang.topic_cases or not verb.is_ancestor(after):
        return None
    end = next((t.i for t in doc[after.i:sentence.end] if t.text in (",", ";", ":") or t.is_sent_end and t.is_punct),
               sentence.end)
    return doc[after.i:end]


def to_quotation_end(span: Span) -> Span:
    """A clause that opens a quotation runs to the quotation's end, whatever the parse cut
    off ("сказал, что «поражено 17 целей: это военные объекты …»")."""
    doc = span.doc
    # the quotation opens the clause, after "что"/"that" at most
    quote = next((q for q in doc._.quotes or [] if span.start - 1 <= q.start <= span.start + 1 < q.end), None)
    if quote is None or quote.end - 1 <= span.end:
        return span
    return doc[span.start:inner(quote).end]


def opens_request(content: Span, cue: Token | None, lang: LanguageData) -> bool:
    """Does the content open with the preposition of what the cue asks for ("called for
    much tougher sanctions")?"""
    first = first_word(content)
    return first is not None and cue is not None and first.dep_ == "case" \
        and first.head.head.i == cue.i and requested(cue, first, lang)


def requested(verb: Token, case: Token, lang: LanguageData) -> bool:
    """Does the preposition open what the cue asks for ("called for a ban": ``request_cases``)?"""
    return (verb.lemma_.lower(), case.lower_) in lang.request_cases


def on_topic(word: Token, lang: LanguageData) -> bool:
    """Is the word the head of a topic phrase ("about the strike", "про нас": ``topic_cases``)?"""
    return any(g.dep_ == "case" and g.lower_ in lang.topic_cases for g in word.children)


def substantive_on_topic(word: Token, cases: list[Token], lang: LanguageData) -> bool:
    """A participle or adjective standing for a noun after a topic preposition, as a
    noun would ("сообщил о восьми погибших", "about the wounded"); not one the parse put
    above the noun it describes ("про 38 збитих і подавлених дронів")."""
    return word.pos_ in ("VERB", "ADJ") and bool(word.morph.get("Case")) \
        and any(c.lower_ in lang.topic_cases for c in cases) \
        and not any(c.pos_ in ("NOUN", "PROPN") and not (c.dep_ == "conj" and c.head.i == word.i)
                    for c in word.subtree if c.i != word.i) \
        and not describes_next_noun(word)


def describes_next_noun(word: Token) -> bool:
    """An adjective or participle that agrees with a noun after it, over other such words
    and conjunctions ("збитих і подавлених дронів"), whatever the parse hung on what."""
    doc, i = word.doc, word.i + 1
    while i < len(doc) and (doc[i].pos_ in ("CCONJ", "ADJ") or "Part" in doc[i].morph.get("VerbForm")):
        i += 1
    return i < len(doc) and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].morph.get("Case") == word.morph.get("Case") \
        and doc[i - 1].pos_ != "CCONJ"  # "о погибших и раненых": two of them


def clause_end(verb: Token, complementizer: Token, sentence: Span) -> int:
    """Where the clause a complementizer opens ends: at the cue's own clause, if it goes
    on after it, else with the sentence."""
    ancestors = {a.i for a in verb.ancestors}
    return next((t.i for t in verb.doc[complementizer.i + 1:sentence.end] if t.i in ancestors), sentence.end)


# how many words may stand between a cue and the comma before its "that" clause
COMPLEMENTIZER_REACH = 8


def complementizer_after(verb: Token, sentence: Span, lang: LanguageData) -> Token | None:
    """ "сказав сьогодні, що …", "заявив журналістам, що …", "розповів в ефірі телемарафону,
    що …": the complementizer after the comma that closes the cue's own words (a time, a
    hearer, a place: no verb, no quotation), whatever the parser made of the clause. A
    parser trained on another language (Ukrainian through a Russian model) loses it."""
    doc = verb.doc
    for token in doc[verb.i + 1: min(verb.i + COMPLEMENTIZER_REACH + 2, sentence.end)]:
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ":") or token.is_quote or "\n" in token.text:
            return None
        if token.lower_ in lang.complementizers and doc[token.i - 1].text == ",":
            return token
    return None


def noun_clause(noun: Token, lang: LanguageData) -> bool:
    """Whether a noun carries a clause of its own: "evidence that …", "la preuve que …"."""
    return any(c.dep_.startswith("acl") and any(m.dep_ == "mark" and m.lower_ in lang.complementizers
                                                for m in c.children) for c in noun.children)


def with_joined_clause(span: Span, verb: Token, lang: LanguageData) -> Span:
    """ "said her country was watching the race with interest, and there was a strong
    feeling that …": the parser hung the second clause on the cue; one cue, one
    statement. Only a clause with its own subject, joined by a conjunction right after
    the first, and reporting nothing of its own."""
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i < span.end or conj.pos_ not in ("VERB", "AUX") or is_cue(conj, lang):
            continue
        if not any(c.dep_.startswith("nsubj") or c.dep_ == "expl" for c in conj.children):
            continue
        between = [t for t in verb.doc[span.end:conj.left_edge.i] if not t.is_punct]
        if len(between) != 1 or between[0].dep_ != "cc":
            continue
        if any(is_cue(t, lang) for t in conj.subtree):
            continue
        return verb.doc[span.start:conj.right_edge.i + 1]
    return span


def clause_above(verb: Token) -> Span | None:
    """ "after Trump told The Washington Post he was not quite there yet": the parser
    made the reported clause the head and hung the cue on it as an adverbial clause.
    It is the cue's content only when its subject follows the cue's own words with
    nothing between ("If he says so, they will go" has a comma: another clause)."""
    head = verb.head
    if verb.dep_ != "advcl" or head.pos_ not in ("VERB", "AUX") or head.i <= verb.right_edge.i:
        return None
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None
    subject = next((c for c in head.children if c.dep_.startswith("nsubj") and c.i > verb.i), None)
    if subject is None or subject.left_edge.i != verb.right_edge.i + 1:
        return None
    return verb.doc[subject.left_edge.i:head.right_edge.i + 1]


def coordinated_cue(token: Token, verb: Token, lang: LanguageData) -> bool:
    """ "назвал эти сообщения нагнетанием и подчеркнул, что …", "called the reports lies
    and stressed that …": the "and" of another cue verb of the same subject ends the
    object's words; that verb's statement is its own claim."""
    if token.dep_ == "cc" and token.head.i == verb.i:  # the "and" hung on the first verb
        return any(c.dep_ == "conj" and c.i > token.i and c.pos_ in ("VERB", "AUX") and is_cue(c, lang)
                   for c in verb.children)
    following = token.head if token.dep_ == "cc" else token
    return following.head.i == verb.i and following.dep_ == "conj" and following.pos_ in ("VERB", "AUX") \
        and following.i > verb.i and bool(is_cue(following, lang))


def rejoined(clause: Token, end: int, lang: LanguageData) -> int:
    """ "заявил, что позиция «как-нибудь обойдется» не годится": words in quote marks inside
    a clause make the parser split it in two clauses of the verb; the next one, with no
    comma between, is the same clause. "пишет, что в США считают, что разрыв … решит
    исход": the parser hung the clause of a nested cue on the outer one; a clause opened
    by "что" right after a cue clause that reports nothing of its own is that cue's.
    "утверждают, что сбить удалось и гиперзвуковой «Циркон», и семь из восьми …": what the
    parser hung on the cue as a clause of its own but has no verb goes on the clause."""
    doc = clause.doc
    last = clause
    for sibling in sorted(c for c in clause.head.children if c.i > clause.i and (
            c.dep_ == clause.dep_ or c.dep_ == "parataxis" and c.pos_ not in ("VERB", "AUX"))):
        if sibling.i < end:
            continue
        if any(t.text in (";", ":") or t.is_sent_start for t in doc[end - 1:sibling.i]) or any(
                t.text == "," for t in doc[end - 1:sibling.i]) and not reports_next(last, sibling, lang):
            break
        end = max(end, sibling.right_edge.i + 1)
        last = sibling
    return end


def reports_next(clause: Token, sibling: Token, lang: LanguageData) -> bool:
    """A cue clause left without its clause ("в США считают") and the clause after it,
    opened by a complementizer ("что разрыв … решит исход"): what that cue reports."""
    if clause.pos_ not in ("VERB", "AUX") or not is_cue(clause, lang) \
            or any(c.dep_ in ("ccomp", "obj") for c in clause.children):
        return False
    opening = next((t for t in sibling.subtree if not t.is_punct), None)
    return opening is not None and opening.dep_ == "mark" and opening.head.i == sibling.i \
        and opening.lower_ in lang.complementizers


def before_other_speaker(span: Span, verb: Token, lang: LanguageData) -> Span:
    """ "said it had struck a depot, while the regional governor said two workers were
    wounded": the clause of another speaker's cue is that speaker's claim, not this one's."""
    for token in span:
        if token.i == verb.i or token.pos_ not in ("VERB", "AUX") or not is_cue(token, lang):
            continue
        if not any(c.dep_.startswith("nsubj") for c in token.children) or token.dep_ not in ("advcl", "conj"):
            continue
        if token.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ in lang.complementizers for c in token.children):
            continue  # "said that he had spoken to Johnson and that "I think …"": a second clause of this statement
        start = min([token.left_edge.i, *(c.i for c in token.children if c.dep_ in ("mark", "cc"))])
        cut = trim(span.doc[span.start:start], lang)
        if start > span.start and len(cut):
            return cut
    return span


def clipped(span: Span, lang: LanguageData, taken: set[int]) -> Span | None:
    """A content span cut before the first word an earlier rule took, or before
    ", ce que …" which is another speaker's word on it."""
    doc = span.doc
    end = next((t.i for t in span if t.i in taken or (
        t.lower_ in lang.clause_pronouns and t.i > span.start and doc[t.i - 1].text == ",")), span.end)
    span = trim(span.doc[span.start:end], lang)
    return span if len(span) else None


def looks_like_incise(verb: Token, lang: LanguageData) -> bool:
    """ ", ont déclaré à Reuters deux sources": the speaker follows the verb."""
    before = [t for t in verb.doc[verb.sent.start:verb.i] if not t.dep_.startswith("aux") and not is_clitic(t)
              and not t.is_space]
    if incise_mark(before) is None:
        return False
    forms = verb.morph.get("VerbForm")
    if "Conv" in forms or "Inf" in forms or ("Part" in forms and "Pres" in verb.morph.get("Tense")):
        return False  # ", affirmant avoir détruit ...", ", добавив, что", ", to state, “…”": its speaker is before
    if passive_participle(verb) or verb.tag_ == "VBN" and not any(c.dep_.startswith("aux") for c in verb.children):
        return False  # "A blog, called Feed, …": a participle that names, not a speaker's verb
    subject = subject_of(verb)
    # "…, а также еще четыре ракеты, перечислили военные": the parser may give the verb a
    # word of the statement as a subject too; the one right after it is the speaker
    inverted = any(c.dep_ in ("nsubj", "nsubj:pass") and c.i == verb.i + 1 for c in verb.children)
    if subject is not None and subject.i < verb.i and not inverted:
        return False
    following = verb.doc[verb.i + 1: min(verb.i + 3, verb.sent.end)]
    # a clause after the verb is what it reports; the parser may hang the one before on it
    return not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children) and \
        not any(t.lower_ in lang.complementizers for t in following)


def incise_mark(before: list[Token]) -> Token | None:
    """The comma that sets off an incise, the last of the words ``before`` its verb; a
    spaced dash after it is the same mark ("Сбиты два дрона, — сообщил губернатор")."""
    dash = before[-1] if before and before[-1].text in DASHES and spaced(before[-1]) else None
    words = before[:-1] if dash is not None else before
    if words and words[-1].text == ",":
        return words[-1]
    if dash is not None and any(q.start < dash.i < q.end for q in dash.doc._.quotes or []):
        # «… по объектам в Курской области — говорится в заявлении Минобороны. — …»: inside
        # a quotation its author's words are set off by dashes alone
        return dash
    return None


def by_depth(words: Iterable[Token]) -> list[Token]:
    """Words of a sentence, main clause first: its cue takes its clause first."""
    return sorted(words, key=lambda t: (len(list(t.ancestors)), t.i))


def according_to_openers(span: Span, lang: LanguageData) -> Iterable[Token]:
    """The span's words an "according to" form may start at (``according_to_at``
    looks no further at the others): found in the piece's words, a Token for each."""
    starts = lang.according_to_starts
    if starts is None:
        return span  # a form opens with its wildcard: any word may
    doc, lowered = span.doc, lowered_words(span.doc)
    return [doc[i] for i in range(span.start, span.end) if lowered[i].replace("’", "'") in starts]


def according_to_at(token: Token, lang: LanguageData) -> tuple[int, Token | None]:
    """How many words an "according to" form starting at ``token`` takes (0: none),
    and the word a ``*`` of the form stands for: "по его данным" -> (3, его)."""
    starts, opening = lang.according_to_starts, token.lower_.replace("’", "'")
    if starts is not None and opening not in starts:
        return 0, None  # no form begins with this word: most words, looked up once
    doc = token.doc
    for form in lang.according_to:
        if starts is not None and not form.startswith(opening):
            continue  # (word by word or as a whole, a form that matches begins with the word)
        words = form_words(form)
        window = doc[token.i: token.i + len(words)]
        if len(window) < len(words):
            continue
        wildcard = None
        for word, t in zip(words, window):
            if word == "*":
                if t.pos_ in ("ADJ", "NUM", "VERB", "ADV"):
                    break  # "за підтвердженими даними": what kind of data, not whose
                wildcard = t
            elif t.lower_.replace("’", "'") != word:
                break
        else:
            return len(window), wildcard
        if span_text(window).lower().replace("’", "'") == form:
            return len(window), None
    return with_kind_of_data(token, lang)


@lru_cache(maxsize=None)
def form_words(form: str) -> tuple[str, ...]:
    """An "according to" form as the words a window of the parse is matched with, once
    per form ("d'après" as "d'" and "après")."""
    return tuple(form.replace("'", "' ").split())


def with_kind_of_data(token: Token, lang: LanguageData) -> tuple[int, Token | None]:
    """ "По предварительным данным Минобороны", "за попередніми даними Генштабу": a form
    with adjectives before its last word, when a name follows it (whose data); with none
    ("по предварительным данным, пострадавших нет") no one is cited."""
    doc = token.doc
    for form in lang.according_to:
        words = form.split()
        if len(words) < 2 or "*" in words or token.lower_ != words[0]:
            continue
        i, k = token.i + 1, 1
        while k < len(words) and i < len(doc):
            if doc[i].lower_ == words[k]:
                k += 1
            elif doc[i].pos_ != "ADJ" or k != len(words) - 1:
                break
            i += 1
        if k != len(words) or i - token.i == len(words):
            continue
        owner = i
        while owner < len(doc) and doc[owner].pos_ == "ADJ":
            owner += 1  # "данным городских властей"
        if owner >= len(doc) or doc[owner].pos_ not in ("NOUN", "PROPN"):
            continue
        # and the comma closes the phrase of whose data it is before any verb: "по
        # предварительным данным пострадавших нет" says what the data show, not whose
        closing = next((t for t in doc[owner:token.sent.end] if t.text in (",", ";") or t.text in DASHES
                        or t.pos_ in ("VERB", "AUX")), None)
        if closing is not None and closing.pos_ not in ("VERB", "AUX"):
            return i - token.i, None
    return 0, None


def surely_oblique(token: Token) -> bool:
    """A word the tagger reads in a case other than the nominative, and that no reading of
    the language's dictionary (where it has one) puts in the nominative: "власти" read as
    "of the power" is also "the authorities"."""
    case = token.morph.get("Case")
    if not case or "Nom" in case:
        return False
    nominative = token.doc._.nominative
    return nominative is None or nominative(token.text, "Nom") is None


def first_noun(words: Span) -> Token:
    """The word a short name hangs its speaker on: its first noun, else its root."""
    return next((t for t in words if t.pos_ in ("NOUN", "PROPN")), words.root)


def phrase_head(words: Span) -> Token | None:
    """The head of the noun phrase that opens ``words``: "the Air Force" -> Force."""
    noun = next((t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    while noun is not None and (noun.dep_ in ("compound", "flat", "flat:name", "amod") or slashed(noun)) \
            and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return noun


def slashed(token: Token) -> bool:
    """The first of two names joined by a slash: "a CNN/WMUR poll", "Suffolk University/Boston Globe"."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.text == "/" and not token.whitespace_ \
        and not following.whitespace_


def is_place(words: list[Token], lang: LanguageData) -> bool:
    """Words that name a place, not a speaker: a place entity, or a country or sea. A
    word the morphology calls animate names no place, whatever the entity tagger says
    ("…в Домодедово, Раменское и Коломна — Собянин": the list of places ran on)."""
    text = " ".join(t.text for t in words if not t.is_punct).lower()
    broad = {w.lower() for w in lang.frame.get("broad_places", [])}
    if text in broad:
        return True
    if any("Anim" in t.morph.get("Animacy") for t in words):
        return False
    return all(t.ent_type_ in ("LOC", "GPE") for t in words if not t.is_punct)


def opening_infinitive(content: Span) -> Token | None:
    """The verb of an infinitive the content opens with ("to send", "d'envoyer",
    "направить"; "avoir intercepté": the participle its auxiliary opens; "to be afraid":
    the word its copula makes a predicate), negated or not ("not to give in", "не
    наносити"), else None."""
    first = first_word(content)
    if first is None:
        return None
    if "Inf" in first.morph.get("VerbForm") and first.dep_ != "cop":
        return first.head if first.dep_.startswith("aux") else first
    opener = first.dep_ in ("mark", "aux", "case", "cop") or first.pos_ == "PART" and first.dep_ in ("advmod", "neg")
    if opener and first.head.i > first.i and infinitive(first.head):
        return first.head
    return None


def first_word(span: Span) -> Token | None:
    """The span's first word, past marks and spaces."""
    return next((t for t in span if not (t.is_punct or t.is_space)), None)


def infinitive(word: Token) -> bool:
    """An infinitive verb, or a predicate whose copula is one ("to be afraid")."""
    return "Inf" in word.morph.get("VerbForm") or any(
        c.dep_ == "cop" and "Inf" in c.morph.get("VerbForm") for c in word.children)


def opens_infinitive(content: Span) -> bool:
    """Does the content open with an infinitive? (The confidence model's ``content_infinitive``.)"""
    return opening_infinitive(content) is not None


def opens_intention(content: Span, cue: Token | None) -> bool:
    """The cue's own infinitive, of what is to be done ("urged partners to provide"), not
    a perfect one that tells what was done ("to have shot down 12 drones"), nor a clause
    that opens with an infinitive ("сбить удалось семь ракет": "managed to")."""
    verb = opening_infinitive(content)
    return verb is not None and cue is not None and verb.head.i == cue.i and not perfect_infinitive(verb)


def perfect_infinitive(verb: Token) -> bool:
    """ "claimed to have shot down 12 drones", "claims to be targeted": a participle with
    an auxiliary in the infinitive tells what was done (or suffered), not what one
    purports to do."""
    return "Part" in verb.morph.get("VerbForm") and any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in verb.children)
