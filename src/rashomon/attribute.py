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

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from .lang import LanguageData
from .ledger import Claim, Document, Source

COMPLEMENT_DEPS = ("ccomp", "xcomp", "obj", "obl", "nmod")
SPEAKER_CUT_DEPS = {"acl:relcl", "acl", "advcl", "parataxis", "ccomp", "dep"}
QUOTE_MARKS = set("«»“”„\"")
DASHES = {"-", "–", "—", "--"}
MAX_SIGNATURE = 6  # words: "губернатор Брянской области Александр Богомаз"
# words of a subject that closes a statement: "…, Ukraine's largest private energy company DTEK said"
MAX_TRAILING_SPEAKER = 9


@dataclass
class Attribution:
    """A claim as found in one parsed piece, before it gets its id."""

    source: Source
    content: Span | None
    sentence: Span
    stance: str
    path: str
    cue: str | None = None
    cue_token: Token | None = None
    quote: bool = False
    attributed: bool = True
    offset: int = 0  # where the parsed piece starts in the document's text
    # the tokens this attribution used, which later rules leave alone
    taken: set[int] = field(default_factory=set)


@dataclass
class SpeakerMemory:
    """The speakers a document has named so far, for the words that refer back to them.

    A pronoun ("Il a nié", "a-t-il expliqué", "l'une d'elles") stands for the last
    named speaker; a bare definite noun ("le gouverneur", "la même source",
    "l'entreprise") for the last speaker whose name holds that noun or one of its
    kind, and a report noun ("le communiqué") for the last speaker of all.

    Rules run in cascade order, not text order, so within a sentence a speaker
    is first noted (``resolve`` gives a placeholder) and settled in text order
    once every rule has run (``settle``).
    """

    speakers: list[Source] = field(default_factory=list)
    pending: list[tuple[Source, Token, str]] = field(default_factory=list)

    @property
    def last(self) -> Source | None:
        return self.speakers[-1] if self.speakers else None

    def resolve(self, head: Token, name: str, lang: LanguageData) -> Source:
        placeholder = Source(name=name)
        self.pending.append((placeholder, head, name))
        return placeholder

    def settle(self, found: list[Attribution], lang: LanguageData) -> None:
        """Give each attribution its speaker, resolving references in text order."""
        used = {id(a.source) for a in found}
        final = {}
        for placeholder, head, name in sorted(self.pending, key=lambda p: p[1].i):
            if id(placeholder) in used:  # a rule may note a speaker and then pass
                final[id(placeholder)] = self._settle_one(head, name, lang)
        self.pending = []
        for attribution in found:
            attribution.source = final.get(id(attribution.source), attribution.source)

    def _settle_one(self, head: Token, name: str, lang: LanguageData) -> Source:
        if is_pronoun(head, lang):
            local = sentence_subject(head, lang)
            if local is not None and local.i != head.i and not is_pronoun(local, lang):
                return self._settle_one(local, speaker_span(local, lang).text, lang)
            return self.last or Source(name=name)
        if is_anaphor(head, lang):
            earlier = self.antecedent(head, lang)
            if earlier is not None:
                return earlier
        if head.lemma_.lower() in lang.report_nouns and self.last is not None and any(
                c.dep_ == "case" for c in head.children) and not any(
                c.dep_ not in ("case", "punct") for c in head.children):
            return self.last  # "говорится в сообщении": where it was said, in a language without articles
        source = Source(name=name)
        self.speakers.append(source)
        return source

    def antecedent(self, head: Token, lang: LanguageData) -> Source | None:
        noun = head.lemma_.lower()
        kin = next((group for group in lang.anaphor_classes if noun in group), {noun})
        for source in reversed(self.speakers):
            words = set(source.name.lower().replace("'", " ").split())
            if words & kin:
                return source
        return self.last if noun in lang.report_nouns else None


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


def is_pronoun(head: Token, lang: LanguageData) -> bool:
    if head.lower_ in lang.speaker_pronouns:
        return True
    # "l'une d'elles", "l'un d'eux": one of the speakers just named
    return head.lower_ in lang.partitive_heads and any(
        c.lower_ in lang.speaker_pronouns for c in head.children)


def is_anaphor(head: Token, lang: LanguageData) -> bool:
    """A bare definite noun: "le ministère", "cette source", "la même source"."""
    if head.pos_ != "NOUN":
        return False
    determiners = [c for c in head.children if c.dep_ == "det"]
    others = [c for c in head.children if c.dep_ not in ("det", "punct", "case")
              and c.lower_ not in lang.anaphor_modifiers]
    return bool(determiners) and all(d.lower_ in lang.anaphor_determiners for d in determiners) \
        and not others


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


RULES: list[tuple[str, Callable]] = []


def rule(name: str):
    """Register an attribution rule in cascade order."""
    def register(func):
        RULES.append((name, func))
        return func
    return register


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


# --- helpers over the parse -------------------------------------------------

def is_cue(token: Token, lang: LanguageData) -> tuple[str, str] | None:
    if token.pos_ not in ("VERB", "AUX", "NOUN") and token.dep_ != "ROOT":
        return None
    if any(c.dep_ in ("advmod", "mark") and c.lower_ in lang.cue_negations for c in token.children):
        return None  # "n'a pas mentionné", "n'a pas confirmé": nothing was said
    return lang.cue_stance(token.lemma_, token.text) or cue_phrase(token, lang)


def cue_phrase(token: Token, lang: LanguageData) -> tuple[str, str] | None:
    """A cue of two words, a verb and its object: "faire état de"."""
    for (verb, particle), stance in lang.cue_phrases.items():
        if token.lemma_.lower() == verb and any(c.lower_ == particle for c in token.children):
            return f"{verb} {particle}", stance
    return None


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
    while start < end and edge(doc[start]):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in QUOTE_MARKS):
        end -= 1
    return doc[start:end]


def glued(left: Token, right: Token) -> bool:
    """Two tokens of one hyphenated word: "état" "-" "major"."""
    if left.whitespace_ or right.is_space:
        return False
    if right.text == "-":
        return right.i + 1 < len(right.doc) and not right.whitespace_ and right.doc[right.i + 1].is_alpha
    return left.text == "-" and right.is_alpha


def speaker_span(head: Token, lang: LanguageData) -> Span:
    """The noun phrase of a speaker, without relative clauses and the like."""
    doc = head.doc
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in SPEAKER_CUT_DEPS or child.dep_ == "case" and token.i == head.i:
                continue
            if child.dep_ == "punct" and child.text not in ",-":
                continue
            if child.dep_ in ("nmod", "obl", "obl:mod") and any(
                    g.dep_ == "case" and g.lower_ in lang.speaker_cut_cases for g in child.children):
                continue  # "l'armée de l'air sur Telegram": the channel, not the speaker
            keep.add(child.i)
            stack.append(child)
    # the phrase is the unbroken run of kept words around its head
    start, end = head.i, head.i + 1
    while start - 1 in keep:
        start -= 1
    while end in keep:
        end += 1
    # a subject's phrase does not run past the verb it belongs to
    if head.head.i > head.i:
        end = min(end, head.head.i)
    # the tokenizer may cut a compound ("état-major"): take back the glued parts
    while start > 0 and "-" in (doc[start].text, doc[start - 1].text) and not doc[start - 1].whitespace_ \
            and not doc[start - 1].is_space:
        start -= 1
    while end < len(doc) and glued(doc[end - 1], doc[end]):
        end += 1  # and forwards: "selon l'état-major" is no "état"
    return trim(doc[start:end], lang, determiners=True)


def is_clitic(token: Token) -> bool:
    """An inverted subject clitic or its euphonic "-t": "a-t-il", "dit-elle"."""
    return token.text.startswith("-") and len(token.text) > 1


def clitic_subject(verb: Token, lang: LanguageData) -> Token | None:
    """The inverted pronoun next to a verb or its auxiliary, whatever the parser made of it."""
    doc = verb.doc
    window = doc[max(verb.i - 3, verb.sent.start): min(verb.i + 3, verb.sent.end)]
    clitics = [t for t in window if is_clitic(t) and t.lower_ in lang.speaker_pronouns]
    return clitics[-1] if clitics else None


def subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and not is_clitic(c)]
    if subjects:
        return subjects[0]
    return misplaced_subject(verb)


def phrase_before(verb: Token, lang: LanguageData) -> Token | None:
    """ "Джерело в СБУ повідомило, що …" when the parse lost the subject: the noun
    phrase that opens the clause right before a cue verb followed by "that"."""
    following = verb.doc[verb.i + 1: min(verb.i + 3, verb.sent.end)]
    if not any(t.lower_ in lang.complementizers for t in following) or not finite(verb):
        return None  # "several hours after saying that": a gerund has no subject before it
    start = verb.sent.start
    for token in reversed(verb.doc[verb.sent.start:verb.i]):
        if token.text in (",", ";", ":") or token.pos_ in ("VERB", "AUX"):
            start = token.i + 1
            break
    words = [t for t in verb.doc[start:verb.i] if not t.is_space]
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")]
    if not nouns or len(words) > MAX_SIGNATURE + 2:
        return None
    return nouns[0]


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
    return [c for c in head.head.children if c.dep_ == head.dep_ and c.i > head.i and c.i < head.head.i]


def source_for(head: Token, lang: LanguageData, memory: SpeakerMemory) -> tuple[Source, set[int]]:
    if head.lower_ in lang.relative_pronouns and head.head.dep_ == "acl:relcl":
        head = head.head.head  # "Le gouverneur, qui avait assuré que ...": the governor
        while head.dep_ in ("appos", "flat:name") and head.head.i != head.i:
            head = head.head
    elif head.lower_ in lang.relative_pronouns and head.i >= 2 and head.doc[head.i - 1].text == ",":
        # the parse lost the relative clause: the antecedent is the phrase before the comma
        head = head.doc[head.i - 2]
        while head.dep_ in ("appos", "flat:name", "flat") and head.head.i < head.i:
            head = head.head
    span = speaker_span(head, lang)
    for other in split_subject(head):
        span = span.doc[span.start: speaker_span(other, lang).end]
    name = span.text if len(span) else head.text.lstrip("-")
    source = memory.resolve(head, name, lang)
    return source, {t.i for t in span} | {head.i}


def verb_group(verb: Token) -> set[int]:
    """The cue verb with its auxiliaries and clitics: "a-t-il expliqué"."""
    near = verb.doc[max(verb.i - 3, 0): verb.i + 3]
    return {verb.i} | {c.i for c in verb.children if c.dep_.startswith("aux")} | {
        t.i for t in near if is_clitic(t)}


def later_than(sentence: Span, lang: LanguageData) -> bool:
    text = f" {sentence.text.lower()} "
    return any(f" {marker} " in text or f" {marker}," in text for marker in lang.later_markers)


# --- the rules --------------------------------------------------------------

def incise_speaker(verb: Token, sentence: Span, lang: LanguageData,
                   memory: SpeakerMemory) -> tuple[Source, set[int]] | None:
    """The speaker of an inverted incise: the clitic, or the noun phrase after the verb."""
    clitic = clitic_subject(verb, lang)
    if clitic is not None:
        return memory.resolve(clitic, clitic.text.lstrip("-"), lang), {clitic.i}
    # the parser reads an inverted subject as subject or object; "à Reuters" is neither
    heads = [c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN", "PRON", "X")
             and not any(g.dep_ == "case" for g in c.children) and c.lower_ not in lang.time_words]
    heads.sort(key=lambda c: (c.dep_ not in ("nsubj", "nsubj:pass", "obj"), c.i))
    if not heads:
        # "сообщили в Минобороны", "повідомили в ОВА": an impersonal verb names its source
        heads = [c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
                 and any(g.dep_ == "case" and g.lower_ in lang.source_cases for g in c.children)]
    if not heads:
        return None
    head = heads[0]
    names = [c for c in heads[1:] if c.pos_ == "PROPN" and c.i > head.i]
    if names and all(t.is_punct or t.pos_ == "PROPN" or t.dep_ == "flat:name"
                     for t in verb.doc[head.right_edge.i + 1: names[0].i]):
        head = names[0]  # the parser hung the name on the verb; the title is in front of it
        span = verb.doc[heads[0].left_edge.i: names[0].right_edge.i + 1]
        name = trim(span, lang, determiners=True).text
        return memory.resolve(head, name, lang), {t.i for t in span}
    return source_for(head, lang, memory)


def subject_then_cue(position: int, sentence: Span, lang: LanguageData) -> tuple[Token, Token] | None:
    """A statement closed by its speaker, subject first: "…, the ministry said." The
    words after ``position`` are a short subject, a cue verb without a complement,
    and nothing but a time or a place after it."""
    doc = sentence.doc
    words = [t for t in doc[position:sentence.end] if not t.is_space]
    while words and (words[0].is_punct or words[0].text in DASHES):
        words = words[1:]
    verb = next((t for t in words[:MAX_TRAILING_SPEAKER + 1] if is_cue(t, lang) and t.pos_ in ("VERB", "AUX")), None)
    if verb is None or any(t.text == "," or t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux")
                           for t in words if t.i < verb.i):
        return None  # the words before the verb are its subject, not another clause
    subject = subject_of(verb)
    if subject is None or subject.i < words[0].i or subject.i > verb.i:
        return None
    complements = ("ccomp", "xcomp") if verb.lemma_.lower() in lang.addressee_cues else ("ccomp", "obj", "xcomp")
    if any(c.dep_ in complements and c.i > verb.i for c in verb.children):
        return None  # "…, he told Reuters" still closes the statement
    return verb, subject


def cue_after(position: int, sentence: Span, lang: LanguageData) -> Token | None:
    """A cue verb that opens the words after ``position`` (past commas and auxiliaries)."""
    for token in sentence.doc[position:sentence.end]:
        if token.is_punct or token.is_space or token.dep_.startswith("aux") or is_clitic(token):
            continue
        return token if is_cue(token, lang) else None
    return None


@rule("quote-incise")
def quote_then_incise(sentence, lang, memory, taken, found):
    for quote in quotes_in(sentence):
        verb = cue_after(quote.end, sentence, lang)
        trailing = None if verb is not None else subject_then_cue(quote.end, sentence, lang)
        if trailing is not None:
            verb, subject = trailing  # "“…,” he said", "“…,” the ministry said"
            source, speaker_tokens = source_for(subject, lang, memory)
            cue, stance = is_cue(verb, lang)
            yield Attribution(source=source, content=inner(quote), sentence=sentence, stance=stance,
                              path="", cue=cue, cue_token=verb, quote=True,
                              taken=set(range(quote.start, quote.end)) | verb_group(verb) | speaker_tokens)
            continue
        if verb is None or subject_of(verb) is not None and subject_of(verb).i < quote.start:
            continue
        speaker = incise_speaker(verb, sentence, lang, memory)
        if speaker is None:
            continue
        source, speaker_tokens = speaker
        cue, stance = is_cue(verb, lang)
        content = inner(quote)
        before = trim(sentence.doc[sentence.start:quote.start], lang)
        if len(before) and any(t.pos_ == "VERB" for t in before) and not taken & {t.i for t in before}:
            # "La chute de débris a provoqué un incendie, et « il n'y a ni morts ni blessés », a-t-il ajouté"
            content = sentence.doc[before.start:content.end]
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance,
                          path="", cue=cue, cue_token=verb, quote=True,
                          taken={t.i for t in content} | set(range(quote.start, quote.end))
                          | verb_group(verb) | speaker_tokens)


@rule("colon-quote")
def colon_quote(sentence, lang, memory, taken, found):
    for token in sentence:
        if token.text != ":" or token.i in taken:
            continue
        verb = next((t for t in reversed(sentence.doc[sentence.start:token.i]) if is_cue(t, lang)), None)
        if verb is None or verb.i in taken:
            continue
        subject = subject_of(verb)
        if subject is None:
            continue
        rest = trim(sentence.doc[token.i + 1:sentence.end], lang)
        quote = next((q for q in quotes_in(sentence) if q.start > token.i), None)
        content = inner(quote) if quote is not None and quote.start <= token.i + 2 else rest
        if not len(content):
            continue
        source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, quote=quote is not None,
                          taken=set(range(token.i, sentence.end)) | verb_group(verb) | speaker_tokens)


@rule("as-cue")
def as_cue(sentence, lang, memory, taken, found):
    """ "Как сообщило Минобороны, средства ПВО сбили …", "…, как утверждает губернатор, …",
    "As the Air Force said in its update, …": a cue clause set off by commas, opened by
    "как" / "as" / "comme", its speaker after the verb or, subject first, before it."""
    doc = sentence.doc
    for marker in sentence:
        if marker.lower_ not in lang.as_markers or marker.i in taken:
            continue
        comma = next((t.i for t in doc[marker.i + 1:sentence.end] if t.text in (",", ";", ":")), sentence.end)
        verb = next((t for t in doc[marker.i + 1: min(marker.i + 3 + MAX_SIGNATURE, comma)]
                     if is_cue(t, lang) and t.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            continue
        following = doc[verb.i + 1: min(verb.i + 3, comma)]
        if any(c.dep_ in ("ccomp", "obj") and verb.i < c.i < comma for c in verb.children) or any(
                t.lower_ in lang.complementizers for t in following):
            continue  # "…, as Moscow claimed it had struck factories": a clause of its own, not "as X said"
        end = next((t.i for t in doc[verb.i + 1:sentence.end] if t.text in (",", ";", ":")), sentence.end)
        first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
        before_verb = doc[marker.i + 1:first]
        if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in before_verb):
            speaker = trim(before_verb, lang, determiners=True)  # "as the Air Force said"
        elif verb.i - marker.i <= 3:
            speaker = doc[verb.i + 1:end]
            while len(speaker) and (speaker[0].dep_ == "case" or speaker[0].pos_ == "ADP"):
                speaker = doc[speaker.start + 1:end]  # "as reported by the ministry"
            speaker = trim(speaker, lang, determiners=True)
        else:
            continue
        if not len(speaker) or len(speaker) > MAX_SIGNATURE:
            continue
        clause = set(range(marker.i, end + 1))
        rest = [t for t in sentence if t.i not in clause and not t.is_space]
        before = [t for t in rest if t.i < marker.i]
        after = [t for t in rest if t.i > end]
        part = after if len(after) >= len(before) else before
        if not part:
            continue
        content = trim(doc[part[0].i: part[-1].i + 1], lang)
        if not len(content) or any(t.i in taken for t in content):
            continue
        root = next((t for t in speaker if t.pos_ in ("NOUN", "PROPN", "PRON")), speaker.root)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=memory.resolve(root, speaker.text, lang), content=content,
                          sentence=sentence, stance=stance, path="", cue=cue, cue_token=verb,
                          taken=clause | {t.i for t in content})


@rule("source-colon-quote")
def source_colon_quote(sentence, lang, memory, taken, found):
    """ "Минобороны РФ: «За ночь уничтожено 23 БПЛА»": a name, a colon, a quotation."""
    doc = sentence.doc
    for quote in quotes_in(sentence):
        colon = next((t for t in reversed(doc[sentence.start:quote.start]) if not t.is_space), None)
        if colon is None or colon.text != ":" or quote.start in taken:
            continue
        words = [t for t in doc[sentence.start:colon.i] if not t.is_space and t.text not in DASHES]
        name = [t for t in words if not t.is_punct or t.text in ("-",)]
        if not 0 < len(name) <= MAX_SIGNATURE or any(t.pos_ in ("VERB", "AUX") for t in name):
            continue
        if not any(t.pos_ in ("NOUN", "PROPN") for t in name):
            continue
        speaker = trim(doc[name[0].i:name[-1].i + 1], lang, determiners=True)
        root = next((t for t in speaker if t.pos_ in ("NOUN", "PROPN")), speaker.root)
        yield Attribution(source=memory.resolve(root, speaker.text, lang), content=inner(quote),
                          sentence=sentence, stance="assert", path="", cue=":", quote=True,
                          taken=set(range(sentence.start, quote.end)))


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
    for dep in COMPLEMENT_DEPS:
        for child in verb.children:
            if child.dep_ != dep or child.i < verb.i:
                continue
            cases = [c for c in child.children if c.dep_ == "case"]
            if cases and child.pos_ != "VERB" and not any(c.lower_ in lang.topic_cases for c in cases):
                continue  # "à Reuters" is where it was said, not what; "о повреждении" is what
            if dep == "xcomp" and child.pos_ not in ("VERB", "AUX"):
                continue
            if dep == "ccomp" and child.pos_ not in ("VERB", "AUX") and not any(
                    g.dep_.startswith("nsubj") for g in child.children):
                continue  # "reported two dead and nine wounded": a stray word, not the clause
            if dep == "obj" and verb.lemma_.lower() in lang.addressee_cues:
                continue  # "told Reuters": who heard it, not what was said
            if dep in ("obj", "obl", "nmod") and child.pos_ not in ("NOUN", "PROPN", "PRON") \
                    and not (dep == "obj" and child.pos_ == "NUM"):  # "reported two dead"
                continue
            if dep in ("obl", "nmod") and not cases:
                continue  # an oblique is content only with a topic preposition
            end = child.right_edge.i + 1
            if dep in ("obj", "obl", "nmod"):
                # "revendique une frappe de drones contre une base": the parser may hang
                # the rest on the verb; the object runs to the next comma of the clause
                end = next((t.i for t in doc[end:verb.right_edge.i + 1] if t.text in (",", ";", ":")),
                           verb.right_edge.i + 1)
            span = trim(doc[child.left_edge.i:end], lang)
            if dep == "ccomp":
                span = before_other_speaker(span, verb, lang)
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
    # the parse missed the clause: take what follows "que", up to the main clause
    for token in doc[verb.i + 1:sentence.end]:
        if token.pos_ in ("VERB", "AUX") and is_cue(token, lang) and token.i > verb.i + 1:
            break  # "he said, adding that …": that "that" is the other verb's
        right_after = token.i <= verb.i + 2  # "заявило, що": whatever the tagger made of it
        if token.lower_ in lang.complementizers and (token.pos_ == "SCONJ" or token.dep_ == "mark" or right_after):
            ancestors = {a.i for a in verb.ancestors}
            end = next((t.i for t in doc[token.i + 1:sentence.end] if t.i in ancestors), sentence.end)
            return clipped(trim(doc[token.i + 1:end], lang), lang, taken)
    return None


def before_other_speaker(span: Span, verb: Token, lang: LanguageData) -> Span:
    """ "said it had struck a depot, while the regional governor said two workers were
    wounded": the clause of another speaker's cue is that speaker's claim, not this one's."""
    for token in span:
        if token.i == verb.i or token.pos_ not in ("VERB", "AUX") or not is_cue(token, lang):
            continue
        if not any(c.dep_.startswith("nsubj") for c in token.children) or token.dep_ not in ("advcl", "conj"):
            continue
        start = min(token.left_edge.i, *(c.i for c in token.children if c.dep_ in ("mark", "cc")))
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
    before = [t for t in verb.doc[verb.sent.start:verb.i] if not t.dep_.startswith("aux") and not is_clitic(t)]
    if not before or before[-1].text != ",":
        return False
    if "Conv" in verb.morph.get("VerbForm") or (
            "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")):
        return False  # ", affirmant avoir détruit ...", ", добавив, что": its speaker is before
    subject = subject_of(verb)
    if subject is not None and subject.i < verb.i:
        return False
    following = verb.doc[verb.i + 1: min(verb.i + 3, verb.sent.end)]
    return not any(c.dep_ == "ccomp" for c in verb.children) and \
        not any(t.lower_ in lang.complementizers for t in following)


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


def by_depth(sentence: Span) -> list[Token]:
    """The words of a sentence, main clause first: its cue takes its clause first."""
    return sorted(sentence, key=lambda t: (len(list(t.ancestors)), t.i))


@rule("back-reference")
def back_reference(sentence, lang, memory, taken, found):
    """ "… зросла до трьох. Про це повідомив начальник ОВА": the cue reports the sentence
    before, which becomes its content (and is no longer the publisher's)."""
    doc = sentence.doc
    before = [t for t in doc[:sentence.start] if not t.is_space]
    if not before:
        return
    previous = trim(before[-1].sent, lang)
    words = [t for t in sentence if not t.is_space]
    for phrase in lang.back_references:
        size = len(phrase.split())
        at = next((k for k in range(len(words) - size + 1)
                   if " ".join(t.lower_ for t in words[k:k + size]) == phrase), None)
        if at is None:
            continue
        # "Про це «Українській правді» повідомило джерело": an addressee may come between
        near = words[max(at - 2, 0): at] + words[at + size: at + size + 5]
        verb = next((t for t in near if t.pos_ in ("VERB", "AUX") and is_cue(t, lang) and t.i not in taken), None)
        if verb is None or not len(previous):
            continue
        phrase_tokens = {t.i for t in words[at:at + size]}
        subject = subject_of(verb)
        if subject is not None and subject.i not in phrase_tokens:
            source, speaker_tokens = source_for(subject, lang, memory)
        else:
            rest = [t for t in words if t.i > verb.i and t.i not in phrase_tokens and not t.is_punct]
            head = next((t for t in rest if t.pos_ in ("NOUN", "PROPN")), None)
            if head is None or len(rest) > MAX_SIGNATURE + 2:
                continue
            span = trim(doc[rest[0].i: rest[-1].i + 1], lang, determiners=True)
            source, speaker_tokens = memory.resolve(head, span.text, lang), {t.i for t in span}
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=previous, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, taken={t.i for t in words})
        return


@rule("verb-complement")
def verb_complement(sentence, lang, memory, taken, found):
    for verb in by_depth(sentence):
        if verb.i in taken or not is_cue(verb, lang) or verb.pos_ == "NOUN":
            continue
        if verb.lemma_.lower() in lang.incise_only:
            continue
        if looks_like_incise(verb, lang):
            continue  # the incise rule reads it
        subject = subject_of(verb) or phrase_before(verb, lang)
        inherited = shared_speaker(verb, found) if subject is None else None
        if inherited is None and (subject is None or subject.i > verb.i or subject.i in taken):
            continue
        content = complement_of(verb, sentence, lang, taken)
        if content is None or any(t.i in taken for t in content):
            continue
        if inherited is not None:
            source, speaker_tokens = inherited, set()
        else:
            source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        for part in that_clauses(content, lang):
            quoted = any(q.start >= part.start - 1 and q.end <= part.end + 1 for q in quotes_in(sentence))
            yield Attribution(source=source, content=part, sentence=sentence, stance=stance, path="",
                              cue=cue, cue_token=verb, quote=quoted,
                              taken={t.i for t in content} | verb_group(verb) | speaker_tokens)


def that_clauses(content: Span, lang: LanguageData) -> list[Span]:
    """ "said A and that B": two statements, each its own claim. A coordinator followed
    by "that" / "что" / "що" / "que" starts the second."""
    doc, parts, start = content.doc, [], content.start
    for token in content:
        if token.i - start < 3 or token.i + 3 > content.end or token.lower_ not in lang.complementizers:
            continue
        joiner = doc[token.i - 1]
        if joiner.dep_ == "cc" or joiner.pos_ == "CCONJ":
            part = trim(doc[start:joiner.i], lang)
            if len(part):
                parts.append(part)
            start = token.i + 1
    last = trim(doc[start:content.end], lang)
    return [*parts, last] if len(last) else parts or [content]


@rule("echo")
def echo(sentence, lang, memory, taken, found):
    """ "…, affirmant avoir détruit deux avions, ce que Moscou dément": another speaker's
    word on the clause before. Read from the words, as the parser often loses it."""
    doc = sentence.doc
    for token in sentence:
        if token.lower_ not in lang.clause_pronouns or token.i in taken or doc[token.i - 1].text != ",":
            continue
        if token.i + 1 >= sentence.end or doc[token.i + 1].lower_ not in lang.complementizers:
            continue
        rest = doc[token.i + 2: min(token.i + 2 + MAX_SIGNATURE, sentence.end)]
        verb = next((t for t in rest if lang.cue_stance(t.lemma_, t.text)), None)
        if verb is None or verb.i == rest.start:
            continue
        speaker = trim(doc[rest.start:verb.i], lang, determiners=True)
        earlier = [a for a in found if a.content is not None and a.content.end <= token.i]
        content = earlier[-1].content if earlier else trim(doc[sentence.start:token.i], lang)
        if not len(speaker) or not len(content):
            continue
        cue, stance = lang.cue_stance(verb.lemma_, verb.text)
        source = memory.resolve(speaker.root, speaker.text, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, taken=set(range(token.i, verb.i + 1)))


@rule("trailing-speaker")
def trailing_speaker(sentence, lang, memory, taken, found):
    """ "Five drones were shot down over the region, the ministry said." """
    doc = sentence.doc
    for comma in sentence:
        if comma.text != "," or comma.i in taken:
            continue
        trailing = subject_then_cue(comma.i + 1, sentence, lang)
        if trailing is None:
            continue
        verb, subject = trailing
        if verb.i in taken or any(t.pos_ in ("VERB", "AUX") and t.i > verb.i and t.dep_ in ("ccomp", "conj")
                                  for t in verb.children):
            continue  # "…, the governor said, and added that …" (not "…, he said, adding that …")
        content = trim(doc[sentence.start:comma.i], lang)
        if len(content) < 3 or any(t.i in taken for t in content):
            continue
        source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb,
                          taken={t.i for t in content} | verb_group(verb) | speaker_tokens | {comma.i})
        return


@rule("incise")
def incise(sentence, lang, memory, taken, found):
    for verb in sentence:
        if verb.i in taken or not is_cue(verb, lang) or not looks_like_incise(verb, lang):
            continue
        before = [t for t in sentence.doc[sentence.start:verb.i] if not t.dep_.startswith("aux")
                  and not is_clitic(t)]
        if not before or before[-1].text != ",":
            continue
        speaker = incise_speaker(verb, sentence, lang, memory)
        if speaker is None:
            continue
        source, speaker_tokens = speaker
        comma = before[-1].i
        content = trim(sentence.doc[sentence.start:comma], lang)
        if not len(content) or any(t.i in taken for t in content):
            continue
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb,
                          taken={t.i for t in content} | verb_group(verb) | speaker_tokens)


# the same rule once more, after the incises: a cue verb whose speaker is another cue's,
# which only those rules found ("There were no casualties, he said, adding that …")
rule("shared-cue")(verb_complement)


def according_to_at(token: Token, lang: LanguageData) -> tuple[int, Token | None]:
    """How many words an "according to" form starting at ``token`` takes (0: none),
    and the word a ``*`` of the form stands for: "по его данным" -> (3, его)."""
    doc = token.doc
    for form in lang.according_to:
        words = form.replace("'", "' ").split()
        window = doc[token.i: token.i + len(words)]
        if len(window) < len(words):
            continue
        wildcard = None
        for word, t in zip(words, window):
            if word == "*":
                wildcard = t
            elif t.lower_.replace("’", "'") != word.replace("' ", "'").strip():
                break
        else:
            return len(window), wildcard
        if window.text.lower().replace("’", "'") == form:
            return len(window), None
    return 0, None


def phrase_head(words: Span) -> Token | None:
    """The head of the noun phrase that opens ``words``: "the Air Force" -> Force."""
    noun = next((t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    while noun is not None and noun.dep_ in ("compound", "flat", "flat:name", "amod") \
            and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return noun


@rule("according-to")
def according_to(sentence, lang, memory, taken, found):
    for token in sentence:
        if token.i in taken:
            continue
        width, wildcard = according_to_at(token, lang)
        if not width:
            continue
        head_start = token.i + width
        noun = wildcard or phrase_head(sentence.doc[head_start:sentence.end])
        if noun is not None and noun.lemma_.lower() in lang.info_nouns:
            # "selon les informations de l'armée": the army; "selon les premières estimations": no one
            after = sentence.doc[noun.i + 1] if noun.i + 1 < sentence.end else None
            noun = next((c for c in noun.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN")),
                        after if wildcard is None and after is not None and after.pos_ in ("NOUN", "PROPN")
                        and after.lemma_.lower() not in lang.info_nouns else None)  # "даними Генштабу"
        if noun is None:
            continue
        source, speaker_tokens = source_for(noun, lang, memory)
        phrase_end = max(max(speaker_tokens) + 1, head_start)
        before = trim(sentence.doc[sentence.start:token.i], lang)
        after = trim(sentence.doc[phrase_end:sentence.end], lang)
        content = before if len(before) >= len(after) else after
        if not len(content) or any(t.i in taken for t in content):
            continue
        yield Attribution(source=source, content=content, sentence=sentence, stance="assert", path="",
                          cue=sentence.doc[token.i:head_start].text.lower(),
                          taken=set(range(token.i, phrase_end)) | {t.i for t in content})


@rule("dash-source")
def dash_source(sentence, lang, memory, taken, found):
    """A statement signed after a dash: "…à l'arrêt - sources", "…, — губернатор Богомаз"."""
    tokens = [t for t in sentence if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in DASHES:
        tokens.pop()
    dashes = [t for t in tokens if t.text in DASHES]
    if not dashes:
        return
    dash = dashes[-1]
    signature = [t for t in tokens if t.i > dash.i]
    if not 0 < len(signature) <= MAX_SIGNATURE or any(t.i in taken for t in signature):
        return
    if any(t.pos_ in ("VERB", "AUX", "NUM") or t.like_num for t in signature):
        return  # "над Калужской областью - 7": a figure, not a signature
    if not any(t.pos_ in ("NOUN", "PROPN") for t in signature):
        return
    if is_place(signature, lang):
        return  # "Основний напрямок удару – Дніпропетровська область", "з Курської області – рф"
    if signature[0].pos_ == "ADP":
        return  # "21 – над территорией Брянской области": a prepositional phrase names no one
    content = trim(sentence.doc[sentence.start:dash.i], lang)
    if len(content) < 3 or any(t.i in taken for t in content):
        return
    span = trim(sentence.doc[signature[0].i: signature[-1].i + 1], lang, determiners=True)
    root = next((t for t in span if t.pos_ in ("NOUN", "PROPN")), span.root)
    source = memory.resolve(root, span.text, lang)
    yield Attribution(source=source, content=content, sentence=sentence, stance="assert", path="",
                      cue=dash.text, taken={t.i for t in content} | {t.i for t in signature} | {dash.i})


def is_place(words: list[Token], lang: LanguageData) -> bool:
    """Words that name a place, not a speaker: a place entity, or a country or sea."""
    text = " ".join(t.text for t in words if not t.is_punct).lower()
    broad = {w.lower() for w in lang.frame.get("broad_places", [])}
    return text in broad or all(t.ent_type_ in ("LOC", "GPE") for t in words if not t.is_punct)


def publisher_voice(sentence: Span) -> Attribution | None:
    """A sentence no rule attributed: the publisher's own statement, if it states anything."""
    if not any(t.pos_ in ("VERB", "AUX") for t in sentence):
        return None
    return Attribution(source=Source(name=""), content=trim(sentence, None),
                       sentence=sentence, stance="assert", path="publisher", attributed=False)


# --- to the ledger ----------------------------------------------------------

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
