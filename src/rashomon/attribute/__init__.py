"""Find who claims what: attributed statements as claims.

Requires: parsed pieces from ``parse`` (sentences, dependencies, ``doc._.quotes``).
Assigns: ``Claim`` objects with source, cue, stance, content span and the rule
(``path``) that found them.

Each sentence goes through a cascade of rules, numbered as in trafilatura's
``trafilatura_sequence``, in the order they are registered below; a later rule
runs only on words no earlier rule took:

1. ``quote-incise``: « … », a précisé ASTRA / “…,” he said / «…», — написал Богомаз
2. ``colon-quote``: HUR a déclaré : « … »
3. ``as-cue``: Как сообщило Минобороны, … / …, как утверждает губернатор, …
4. ``source-colon-quote``: Минобороны РФ: «…»
5. ``back-reference``: … . Про це повідомив начальник ОВА / Об этом сообщил губернатор
6. ``verb-complement``: Kiev affirme que … / Il a nié l'existence de dégâts
7. ``echo``: …, ce que Moscou dément
8. ``trailing-speaker``: …, the ministry said.
9. ``incise``: …, a-t-il expliqué / …, сообщило Минобороны
10. ``shared-cue``: rule 6 again, for a verb that speaks for a speaker only rules 8-9
   found: "…, he said, adding that …"
11. ``according-to``: …, selon les renseignements militaires ukrainiens / по его данным
12. ``dash-source``: … — губернатор Гусев / … - sources
13. ``publisher``: what is left, in the publisher's own voice (attributed: false)

A pronoun speaker ("Il a nié") or an inverted clitic ("a-t-il expliqué")
stands for the last named speaker of the document. Language knowledge (cue
verbs and their stance, "selon" forms, pronouns) comes from ``lang/<code>/``.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span

from ..lang import LanguageData
from ..ledger import Claim, Document, Source
from .candidate import Attribution
from .rules import RULES, publisher_voice, rule
from .speakers import SpeakerMemory
from .syntax import later_than

__all__ = ["Attribution", "RULES", "SpeakerMemory", "attribute_document", "attribute_sentence", "rule",
           "to_claim"]


def attribute_document(
    document: Document,
    docs: Iterable[Doc],
    lang: LanguageData,
    *,
    resolve_source: Callable[[Source, str], Source] | None = None,
) -> Iterator[Attribution]:
    """Attributions of one document in text order, piece by piece (each piece keeps
    its own in ``doc._.claims``); speakers carry over from one piece to the next."""
    memory = SpeakerMemory()
    for doc in docs:
        doc._.claims = []
        for sentence in doc.sents:
            if not sentence.text.strip():
                continue
            claims = attribute_sentence(sentence, lang, memory)
            earlier = {a.content.start for a in claims if a.content is not None and a.content.end <= sentence.start}
            if earlier:  # "Про це повідомив …": the sentence before is that speaker's, not the publisher's
                doc._.claims = [c for c in doc._.claims if c.attributed or c.content is None
                                or c.content.start not in earlier]
            for found in claims:
                found.offset = doc._.offset
                if resolve_source is not None and found.attributed:
                    found.source = resolve_source(found.source, lang.code)
                doc._.claims.append(found)
        yield from doc._.claims



def attribute_sentence(sentence: Span, lang: LanguageData, memory: SpeakerMemory) -> list[Attribution]:
    found: list[Attribution] = []
    taken: set[int] = set()
    for name, func in RULES:
        for attribution in func(sentence, lang, memory, taken, found):
            attribution.path = name
            taken |= attribution.taken
            found.append(attribution)
    memory.settle(found, lang)
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
