"""Find who claims what: attributed statements as claims.

Requires: parsed pieces from ``parse`` (sentences, dependencies, ``doc._.quotes``).
Assigns: ``Claim`` objects with source, cue, stance, content span and the rule
(``path``) that found them.

Each sentence goes through a cascade of rules, numbered as in trafilatura's
``trafilatura_sequence``, in the order they are registered below; a later rule
runs only on words no earlier rule took:

1. ``quote-incise``: « … », a précisé ASTRA / “…,” he said / «…», — написал Богомаз
2. ``colon-list``: the statement a colon opens and a list goes on with
3. ``colon-quote``: HUR a déclaré : « … »
4. ``as-cue``: Как сообщило Минобороны, … / …, как утверждает губернатор, …
5. ``source-colon-quote``: Минобороны РФ: «…» / Лавров: удар — сигнал к эскалации
6. ``dash-source``: … — губернатор Гусев / … - sources
7. ``back-reference``: … . Про це повідомив начальник ОВА / Об этом сообщил губернатор
8. ``topic-first``: О повреждении резервуаров сообщил губернатор
9. ``parenthetical``: At the time, she said, … / L'attaque, a précisé le ministère, a fait …
10. ``verb-complement``: Kiev affirme que … / Il a nié l'existence de dégâts
11. ``echo``: …, ce que Moscou dément
12. ``trailing-speaker``: …, the ministry said.
13. ``incise``: …, a-t-il expliqué / …, сообщило Минобороны
14. ``opening-cue``: … . Говорит, … / Каже, …: the subject of the sentence before speaks
15. ``shared-cue``: rule 10 again, for a verb that speaks for a speaker only rules 12-13
   found: "…, he said, adding that …"
16. ``according-to``: …, selon les renseignements militaires ukrainiens / по его данным
17. ``publisher``: what is left, in the publisher's own voice (attributed: false); so is
   "По информации SHOT" in SHOT's own post (``self-named``), and, in the text of an office
   of state, a request or a promise it reports ("Macron promised to take the issue up
   with Kyiv": ``reports_acts``)

Once a piece's sentences are read, ``headline-quote``: a document that opens with a
quotation on a line of its own, which no rule gave to anyone, quotes the first speaker
the text after it names ("«Удар будет неожиданным»\n\nВ беседе с SHOT депутат …").

A pronoun speaker ("Il a nié") or an inverted clitic ("a-t-il expliqué")
stands for the last named speaker of the document (with none named yet, a pronoun
subject stands for the last animate noun that agrees with it). Language knowledge (cue
verbs and their stance, "selon" forms, pronouns) comes from ``lang/<code>/``.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span

from ..lang import LanguageData
from ..ledger import Claim, Document, Source
from ..pieces import line_before, piece_text, span_text
from .candidate import Attribution
from .features import publisher_group
from .rules import RULES, in_saying, publisher_voice, rule
from .speakers import NOBODY, PUBLISHER, SpeakerMemory, voice_of_verb
from .syntax import at_line_end, inner, later_than, opens_intention, opens_request

__all__ = ["Attribution", "RULES", "SpeakerMemory", "attribute_document", "attribute_sentence", "rule",
           "to_claim"]


def attribute_document(
    document: Document,
    docs: Iterable[Doc],
    lang: LanguageData,
    *,
    resolve_source: Callable[[Source, str], Source] | None = None,
    speaker_evidence: Callable[[str, str], str] | None = None,
    publisher_kind: str | None = None,
) -> Iterator[Attribution]:
    """Attributions of one document in text order, piece by piece (each piece keeps
    its own in ``doc._.claims``); speakers carry over from one piece to the next.

    ``resolve_source`` gives a speaker its registry entry; ``speaker_evidence`` says
    whether words name a speaker (``SourceRegistry.evidence``), for the rules that
    need positive evidence of one; ``publisher_kind`` is what the registry says the
    publisher is (see ``reports_acts``)."""
    acts = reports_acts(publisher_kind)
    memory = SpeakerMemory(evidence=(lambda words: speaker_evidence(words, lang.code))
                           if speaker_evidence is not None else None, names_referents=acts)
    for doc in docs:
        doc._.claims = []
        listing: Attribution | None = None  # a statement whose list goes on
        for sentence in doc.sents:
            if not span_text(sentence).strip():
                continue
            claims = attribute_sentence(sentence, lang, memory, acts=acts)
            if listing is not None and continues_list(sentence, claims, listing):
                extend_to(listing, sentence)
                continue
            if continues_enumeration(sentence, claims, doc._.claims):
                extend_to(doc._.claims[-1], sentence)  # "12 – над Курской областью,\n8 – над …"
                continue
            listing = next((c for c in claims if c.opens_list), None)
            if continues_quotation(sentence, claims, doc._.claims):
                extend_quotation(doc._.claims[-1], sentence)
                continue
            if continues_line(sentence, claims, doc._.claims):
                extend_to(doc._.claims[-1], sentence)  # "FALLIN: I think … . I think …"
                continue
            earlier = [(a.content.start, a.content.end) for a in claims
                       if a.attributed and a.content is not None and a.content.start < sentence.start]
            if earlier:  # "Про це повідомив …", "…. …, — Собянин": the sentences before are that speaker's
                doc._.claims = [c for c in doc._.claims if c.attributed or c.content is None
                                or not any(s <= c.content.start and c.content.end <= e for s, e in earlier)]
            for found in claims:
                found.offset = doc._.offset
                if resolve_source is not None and found.attributed:
                    found.source = resolve_source(found.source, lang.code)
                if found.attributed and names_publisher(found.source, document.publisher) and (
                        found.path == "according-to" or in_present(found.cue_token)):
                    # "По информации SHOT, …", "РИА Новости рассказывает о …" in the
                    # channel's own post: its own voice ("as POLITICO reported", "ТАСС
                    # сообщал" cite an earlier report: still a source)
                    found.attributed, found.path = False, "self-named"
                doc._.claims.append(found)
        headline = quoted_headline(doc, doc._.claims)
        if headline is not None:
            quote = headline.sentence
            doc._.claims = [headline] + [c for c in doc._.claims if c.attributed or c.content is None
                                         or not quote.start <= c.content.start < quote.end]
        yield from doc._.claims


def reports_acts(publisher_kind: str | None) -> bool:
    """Does the publisher report its guests' requests and promises as acts? An office of
    state does ("Emmanuel Macron promised to take the issue up with Kyiv", "the President
    called on partners to provide …": what the meeting did, as our annotation guide reads
    them); a newspaper's are what was said (PolNeAR's annotators mark them: a verb's
    infinitive was right 48 times of 70 on its train split, 0 of 14 on the train halves of
    the official and museum texts)."""
    return publisher_group(publisher_kind) == "official"


def act(found: Attribution, lang: LanguageData) -> bool:
    """Is the claim's content what someone was asked or promised to do, the cue's own
    infinitive ("urged … to provide", "promised to take"), where the language's
    infinitive does not state (``infinitive_states``), or what the cue asks for ("called
    for much tougher sanctions", ``request_cases``), rather than anything said to be so
    ("claimed to have shot down", "Moscou affirme contrôler le village")?"""
    if not (found.attributed and found.path == "verb-complement" and found.content is not None):
        return False
    return not lang.infinitive_states and opens_intention(found.content, found.cue_token) \
        or opens_request(found.content, found.cue_token, lang)


def in_present(cue) -> bool:
    """Is the cue a verb in the present ("рассказывает"), what a channel says of itself now?"""
    return cue is not None and "Pres" in cue.morph.get("Tense")


def names_publisher(source: Source, publisher: str | None) -> bool:
    """A speaker that is the document's publisher, by its whole name or one part of a
    name the channel writes in parts ("BBC News | Русская служба", "Москвач • Новости
    Москвы")."""
    if not publisher or not source.name:
        return False
    parts = {publisher, *re.split(r"\s+[|•·]\s+", publisher)}
    return folded(source.name) in {folded(p) for p in parts}


def folded(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def quoted_headline(doc: Doc, claims: list[Attribution]) -> Attribution | None:
    """ "«Удар будет как всегда неожиданным»\n\nВ беседе с SHOT глава комитета …
    прокомментировал …": a document that opens with a quotation on a line of its own,
    which no rule gave to anyone, quotes the first speaker the text after it names."""
    if doc._.offset:
        return None  # only the document's first piece opens it
    first = next((t for t in doc if not t.is_space), None)
    quote = next((q for q in doc._.quotes or [] if first is not None and q.start == first.i), None)
    if quote is None or not at_line_end(doc[quote.end - 1]):
        return None
    if any(c.attributed and (c.content or c.sentence).start < quote.end for c in claims):
        return None
    # not a speaker a participle names inside another's sentence ("прокомментировал
    # сообщения СМИ, заявивших, что …": the one who commented is quoted)
    speaker = next((c for c in claims if c.attributed and c.content is not None
                    and not (c.cue_token is not None and c.cue_token.dep_.startswith("acl"))), None)
    if speaker is None:
        return None
    return Attribution(source=speaker.source, content=inner(quote), sentence=doc[quote.start:quote.end],
                       stance="assert", path="headline-quote", quote=True, offset=doc._.offset)


def continues_list(sentence: Span, claims: list[Attribution], listing: Attribution) -> bool:
    """An item of the list a colon opened ("— 23 ноября …" under "Главное из заявления
    ведомства:"), or a sentence on the same line as the last one taken: no cue of its
    own, and either still on that line or on a new line opened by a list mark; after a
    colon with no list, the paragraph that follows."""
    if any(c.attributed for c in claims):
        return False
    text = piece_text(sentence.doc)
    first = next((t for t in sentence if any(c.isalnum() for c in t.text)), sentence[0])
    previous_end = listing.content.end_char if listing.content is not None else listing.sentence.end_char
    between = text[previous_end:first.idx]
    if "\n" not in between:
        return True  # the same line goes on
    line = line_before(sentence.doc, first.idx)
    opened_by_colon = listing.content is not None and listing.content.text == ":"
    marked = bool(line.strip()) or line.startswith(" ")  # "— ", "1. ", or a blanked emoji
    return marked or opened_by_colon and between.count("\n") <= 2


def continues_enumeration(sentence: Span, claims: list[Attribution], before: list[Attribution]) -> bool:
    """A verbless item of an enumeration the sentence before opened (it ends with a
    comma, a semicolon or a colon): it goes on with that statement."""
    if not before or any(c.attributed for c in claims) or any(t.pos_ in ("VERB", "AUX") for t in sentence):
        return False
    doc = sentence.doc
    last = next((t for t in reversed(doc[:sentence.start]) if not t.is_space), None)
    return last is not None and last.text in (",", ";", ":") and before[-1].sentence.end <= sentence.start


def continues_line(sentence: Span, claims: list[Attribution], before: list[Attribution]) -> bool:
    """ "FALLIN: I think he is trying to campaign as a racial healer. I think that has been
    part of his message.": a line a speaker's name and a colon open is that speaker's to its
    end, sentence after sentence, unless a sentence names a speaker of its own."""
    if any(c.attributed for c in claims) or not before or before[-1].path != "source-colon-quote" \
            or before[-1].quote:
        return False
    end = before[-1].sentence.end
    # no line break from the last word of the statement's sentence to this one
    return end <= sentence.start and not any("\n" in t.text for t in sentence.doc[end - 1:sentence.start])


def extend_to(found: Attribution, sentence: Span) -> None:
    """The statement now runs to the end of this sentence."""
    doc = sentence.doc
    end = sentence.end
    while end > sentence.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    start = found.content.start if found.content is not None and found.content.text != ":" else sentence.start
    while start < end and doc[start].is_space:
        start += 1
    found.content = doc[start:end]
    found.sentence = doc[found.sentence.start:sentence.end]


def continues_quotation(sentence: Span, claims: list[Attribution], before: list[Attribution]) -> bool:
    """ "“It costs money,” said X. “You need a lot of fees to cover that.”": a sentence
    that is one quotation and nothing else, right after a quoted statement, goes on
    with that statement, in the same paragraph or as a paragraph of its own."""
    if any(c.attributed for c in claims) or not before or not before[-1].quote:
        return False
    last = before[-1]
    quote = whole_quotation(sentence)
    if quote is None or last.content is None or last.sentence.end > sentence.start:
        return False
    between = sentence.doc[last.sentence.end:sentence.start]
    return all(t.is_space for t in between)


def whole_quotation(sentence: Span) -> Span | None:
    """The quotation a sentence is made of, marks included, if it is nothing else."""
    words = [t for t in sentence if not t.is_space]
    if not words:
        return None
    quote = next((q for q in sentence.doc._.quotes or [] if q.start == words[0].i), None)
    if quote is None or any(not t.is_punct for t in words if t.i >= quote.end):
        return None
    return quote


def extend_quotation(found: Attribution, sentence: Span) -> None:
    """The statement now runs to the end of the quotation that goes on with it."""
    quote = whole_quotation(sentence)
    doc = sentence.doc
    end = quote.end
    while end > quote.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    found.content = doc[found.content.start:end]
    found.sentence = doc[found.sentence.start:sentence.end]



def attribute_sentence(sentence: Span, lang: LanguageData, memory: SpeakerMemory, *,
                       acts: bool = False) -> list[Attribution]:
    """The sentence's claims, rule by rule; with ``acts``, without the requests and
    promises the publisher reports as acts (``reports_acts``)."""
    found: list[Attribution] = []
    taken: set[int] = set()
    for name, func in RULES:
        for attribution in func(sentence, lang, memory, taken, found):
            attribution.path = name
            taken |= attribution.taken
            found.append(attribution)
    memory.settle(found, lang)
    for attribution in found:
        voice = voice_of_verb(attribution.cue_token)
        if voice is not None:  # "Зараз говоримо про …": the verb's person, not the parse's subject
            attribution.source = voice
    # "you know that …", "as they say, «…»": no one's claim
    found = [a for a in found if a.source is not NOBODY and not in_saying(a.cue_token, lang)]
    for attribution in found:
        if attribution.source is PUBLISHER:  # "I emphasize that …": the publisher's own statement
            attribution.attributed, attribution.path = False, "first-person"
    if acts:
        found = [a for a in found if not act(a, lang)]
    if not found:
        publisher = publisher_voice(sentence)
        if publisher is not None:
            found.append(publisher)
    found.sort(key=lambda a: (a.content or a.sentence).start)
    return found



def to_claim(found: Attribution, document: Document, lang: LanguageData) -> Claim:
    """The ledger's claim for an attribution; its id is given by the caller."""
    offset = found.offset
    content = found.content if found.content is not None else found.sentence
    sentence = found.sentence
    start, end = offset + content.start_char, offset + content.end_char
    source = found.source
    if not found.attributed:
        source = Source(name=document.publisher or "", kind="media" if document.publisher else None)
    return Claim(
        id="",
        doc=document.id,
        source=source,
        stance=found.stance,
        text=document.text[start:end],
        span=(start, end),
        sentence=(offset + sentence.start_char, offset + _sentence_end(sentence)),
        attributed=found.attributed,
        cue=found.cue,
        quote=found.quote,
        path=found.path,
        later=later_than(sentence, lang),
    )



def _sentence_end(sentence: Span) -> int:
    """Sentence end without the trailing paragraph break."""
    end = sentence.end
    while end > sentence.start and sentence.doc[end - 1].is_space:
        end -= 1
    return sentence.doc[end - 1].idx + len(sentence.doc[end - 1].text) if end > sentence.start else sentence.end_char
