"""Who speaks: the noun phrase of a speaker, and the words that refer back to one.

A pronoun ("Il a nié", "a-t-il expliqué", "he said") stands for the last named
speaker; a bare definite noun ("le gouverneur", "the campaign") for the last speaker
whose name holds that noun or one of its kind. The claim keeps the words the text
used (``Source.name``) and names whom they stand for in ``Source.refers_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..lang import LanguageData
from ..ledger import Source
from .candidate import Attribution
from .syntax import clitic_subject, finite, glued, split_subject, trim

SPEAKER_CUT_DEPS = {"acl:relcl", "acl", "advcl", "parataxis", "ccomp", "dep"}


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
                return standing_for(self._settle_one(local, speaker_span(local, lang).text, lang), name)
            return standing_for(self.last, name)
        if is_anaphor(head, lang):
            earlier = self.antecedent(head, lang)
            if earlier is not None:
                return standing_for(earlier, name)
        if head.lemma_.lower() in lang.report_nouns and self.last is not None and any(
                c.dep_ == "case" for c in head.children) and not any(
                c.dep_ not in ("case", "punct") for c in head.children):
            return self.last  # "говорится в сообщении": where it was said, not who said it
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


def standing_for(speaker: Source | None, words: str) -> Source:
    """The speaker that a pronoun or a bare noun refers back to, named by both: the
    words of the text and whom they stand for, "he (Donald Trump)"; ``refers_to``
    holds the speaker alone, for the registry and for grouping."""
    if speaker is None:
        return Source(name=words)
    if words.lower() == speaker.name.lower():
        return speaker
    return Source(name=f"{words} ({speaker.who})", refers_to=speaker.who)


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
