"""The attribution rules, in cascade order: each proposes candidates for one way of
writing "who said what". ``attribute_sentence`` runs them in the order they are
registered here; a later rule runs only on words no earlier rule took.
"""

from __future__ import annotations

from itertools import islice
from typing import Callable

from spacy.tokens import Span, Token

from ..frame.words import frame_words, member
from ..ledger import Source
from ..pieces import line_before, piece_text, rest_of_line, span_text, words_among
from .candidate import Attribution
from .speakers import (PERSON_ENTITIES, in_nominative, incise_speaker, names_a_speaker, relayed_speaker,
                       relative_antecedent, shared_speaker, source_for)
from .syntax import (
    DASHES,
    MARKUP,
    MAX_SIGNATURE,
    QUOTE_MARKS,
    according_to_at,
    according_to_openers,
    at_line_end,
    by_depth,
    clitic_subject,
    complement_of,
    cue_after,
    cue_words,
    finite,
    first_noun,
    governing_subject,
    incise_mark,
    inner,
    is_clitic,
    is_cue,
    is_place,
    joins_digits,
    looks_like_incise,
    on_topic,
    opens_line,
    parenthetical_cue,
    participle_subject,
    passive,
    passive_agent,
    phrase_before,
    phrase_head,
    quotes_in,
    relative_word,
    report_maker,
    slashed,
    spaced,
    subject_of,
    subject_across_aside,
    subject_then_cue,
    surely_oblique,
    takes_lives,
    tells,
    topic_after,
    trim,
    verb_group,
)

RULES: list[tuple[str, Callable]] = []
# the marks some rules open at, looked up in the piece's words (``pieces.words_among``)
COLON, COMMA, COLON_OR_COMMA = frozenset({":"}), frozenset({","}), frozenset({":", ","})
# words between a cue and the colon that opens what it reports: "said in a statement on Sunday:"
MAX_CUE_TO_COLON = 6
# the parts of speech that say something: a content without one of them ("the") is the parse's slip
WORDING = frozenset({"NOUN", "PROPN", "PRON", "VERB", "AUX", "NUM", "ADJ", "ADV", "X", "SYM"})


def rule(name: str):
    """Register an attribution rule in cascade order."""
    def register(func):
        RULES.append((name, func))
        return func
    return register


@rule("quote-incise")
def quote_then_incise(sentence, lang, memory, taken, found):
    for quote in quotes_in(sentence):
        verb = cue_after(quote.end, sentence, lang)
        trailing = None if verb is not None else subject_then_cue(quote.end, sentence, lang)
        if trailing is not None:
            if names_a_noun(quote, sentence) and not closed_by_punctuation(quote):
                continue  # "Речник угруповання «Південь» Владислав Волошин заявив": a name, no statement
            verb, subject = trailing  # "“…,” he said", "“…,” the ministry said"
            source, speaker_tokens = source_for(subject, lang, memory)
            cue, stance = is_cue(verb, lang)
            content, end = with_resumed_quote(with_lead_in(quote, sentence, lang, taken), quote, verb, sentence)
            yield Attribution(source=source, content=content, sentence=sentence, stance=stance,
                              path="", cue=cue, cue_token=verb, quote=True,
                              taken={t.i for t in content} | set(range(quote.start, end))
                              | verb_group(verb) | speaker_tokens)
            continue
        if verb is None or subject_of(verb) is not None and subject_of(verb).i < quote.start:
            continue
        if names_a_noun(quote, sentence) and not any(t.pos_ in ("VERB", "AUX") for t in quote):
            # 'о чем говорит ситуация "на поле боя", заявил Лавров': a phrase; the incise takes the sentence
            continue
        if "Inf" in verb.morph.get("VerbForm") or not closed_by_punctuation(quote):
            continue  # 'represented the "perfect opportunity" to call attention to …': a phrase, not a statement
        if {"Ger", "Conv"} & set(verb.morph.get("VerbForm")) or verb.tag_ == "VBG":
            continue  # 'He said that is a "distortion," describing the team as …': the speaker's own aside
        speaker = incise_speaker(verb, sentence, lang, memory)
        if speaker is None:
            continue
        source, speaker_tokens = speaker
        cue, stance = is_cue(verb, lang)
        content, end = with_resumed_quote(with_lead_in(quote, sentence, lang, taken), quote, verb, sentence)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance,
                          path="", cue=cue, cue_token=verb, quote=True,
                          taken={t.i for t in content} | set(range(quote.start, end))
                          | verb_group(verb) | speaker_tokens)


def with_lead_in(quote: Span, sentence: Span, lang, taken: set[int]) -> Span:
    """The quotation's words, and the words of its sentence before it when the quotation
    goes on with them: a clause of their own ("La chute de débris a provoqué un incendie,
    et « il n'y a ni morts ni blessés », a-t-il ajouté") or the start of the quoted one
    ("Right-wing parties all over Europe ''have and will continue to …,'' Mr. Rahman said",
    "Ms. Brainard is ''not a backslapper,'' he said"). Words another statement took, a
    cue of their own or a colon before the quotation leave it alone."""
    content = inner(quote)
    doc = sentence.doc
    before = trim(doc[sentence.start:quote.start], lang)
    if not len(before) or taken & {t.i for t in before} or doc[quote.start - 1].text == ":":
        return content
    if any(t.pos_ in ("VERB", "AUX") and is_cue(t, lang) for t in before):
        return content
    inside = range(content.start, content.end)
    continued = any(t.head.i in inside for t in before) or any(t.head.i in range(before.start, before.end)
                                                               for t in content)
    if any(t.pos_ == "VERB" for t in before) or continued:
        return doc[before.start:content.end]
    return content


def with_resumed_quote(content: Span, quote: Span, verb, sentence: Span) -> tuple[Span, int]:
    """A quotation's statement and where its words end, through the quotation that goes on
    after its speaker ("“…,” Trump said, “and I fully support …”", "« … », a déclaré le
    maire, « et … »": one statement)."""
    rest = resumed_quote(verb, sentence)
    if rest is None:
        return content, quote.end
    return sentence.doc[content.start:inner(rest).end], rest.end


def resumed_quote(verb, sentence: Span) -> Span | None:
    """The quotation that goes on after its speaker: the next one, opened after a comma
    that closes the speaker's few words ("“…,” the mayor said on Monday, “and …”")."""
    doc = sentence.doc
    after = [q for q in quotes_in(sentence) if q.start > verb.i]
    if not after:
        return None
    quote = after[0]
    words = [t for t in doc[verb.i + 1:quote.start] if not (t.is_punct or t.is_space)]
    if (doc[quote.start - 1].text != "," and doc[quote.start - 1].text not in DASHES) or len(words) > MAX_SIGNATURE or any(
            t.pos_ in ("VERB", "AUX") for t in words):
        return None
    return quote


def names_a_noun(quote: Span, sentence: Span) -> bool:
    """Do the quote marks follow a noun they name ("угруповання «Південь»", "газета
    «Ведомости»"), rather than open a statement?"""
    return quote.start > sentence.start and quote.doc[quote.start - 1].pos_ in ("NOUN", "PROPN", "ADJ")


def closed_by_punctuation(quote: Span) -> bool:
    """A quoted statement ends with a mark before its speaker: "“…,” said", "« … », a-t-il
    dit", "«…», — сказал"; a quoted phrase inside a sentence does not."""
    doc = quote.doc
    last = inner(quote)
    ends = [doc[last.end - 1]] if len(last) else []
    if quote.end < len(doc):
        ends.append(doc[quote.end])
    return any(t.is_punct and t.text not in QUOTE_MARKS for t in ends)


def is_the_statement(quote: Span) -> bool:
    """Is the quotation a statement of its own, closed by a mark or by the end of its
    sentence ("Минобороны РФ: «…».", "said, “…,” and"), not a quoted phrase that opens a
    longer one ("Blumenthal: 'No Idea' If I Would Have Told …")?"""
    sentence = quote.doc[quote.start].sent
    return closed_by_punctuation(quote) or all(t.is_punct or t.is_space for t in quote.doc[quote.end:sentence.end])


@rule("colon-list")
def colon_list(sentence, lang, memory, taken, found):
    """ "Главное из заявления ведомства:\n— 23 ноября …\n— 25 ноября …", "Путин заявил:\n…",
    "Минобороны РФ:\n…": a line that names a speaker and ends with a colon. What follows,
    to the end of its list (or of its paragraph), is that speaker's: one statement under
    one cue. ``attribute_document`` carries it on over the sentences of the list."""
    doc = sentence.doc
    for colon in words_among(sentence, COLON):
        if colon.i in taken or not line_break_after(colon):
            continue
        start = colon.i
        while start > sentence.start and "\n" not in doc[start - 1].text:
            start -= 1
        lead = doc[start:colon.i]
        speaker = lead_speaker(lead, lang, memory)
        if speaker is None:
            continue
        source, cue, cue_token, speaker_tokens = speaker
        content = trim(doc[colon.i + 1:sentence.end], lang)
        stance = (is_cue(cue_token, lang) or ("", "assert"))[1] if cue_token is not None else "assert"
        yield Attribution(source=source, content=content if len(content) else doc[colon.i:colon.i + 1],
                          sentence=sentence, stance=stance, path="", cue=cue, cue_token=cue_token,
                          taken=set(range(start, sentence.end)) | speaker_tokens, opens_list=True)
        return


def line_break_after(token) -> bool:
    """A line ends right after this word (what follows is on the next line)."""
    end = token.idx + len(token.text)
    return piece_text(token.doc).find("\n", end) >= 0 and rest_of_line(token.doc, end).strip() == ""


def lead_speaker(lead: Span, lang, memory):
    """Who a line ending in a colon gives the word to: the subject of its cue ("Путин
    заявил:"), the speaker of its report noun ("Главное из заявления ведомства:",
    "Other statements by Peskov:"), or the line itself when it is a speaker's name
    ("Минобороны РФ:"). (source, cue, cue token, speaker tokens) or None."""
    verb = next((t for t in reversed(lead) if t.pos_ in ("VERB", "AUX") and is_cue(t, lang)), None)
    if verb is not None and subject_of(verb) is not None and subject_of(verb).i in range(lead.start, lead.end):
        source, tokens = source_for(subject_of(verb), lang, memory)
        return source, is_cue(verb, lang)[0], verb, tokens
    for noun in lead:
        if noun.lemma_.lower() in lang.report_nouns:
            # whose statements: not where they were made ("Другие заявления на саммите ОДКБ:")
            owner = next((c for c in noun.children if c.dep_ in ("nmod", "nmod:poss", "obl")
                          and c.pos_ in ("NOUN", "PROPN") and not any(
                              g.dep_ == "case" and g.lower_ in lang.speaker_cut_cases for g in c.children)), None)
            if owner is not None:
                source, tokens = source_for(owner, lang, memory)
                return source, noun.lemma_.lower(), None, tokens
            # "выступил с обращением": the one who came out with it, not "rated this statement"
            maker = subject_of(noun.head) if noun.head.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "case" for c in noun.children) else None
            if maker is not None and lead.start <= maker.i < lead.end:
                source, tokens = source_for(maker, lang, memory)  # "Путин выступил с обращением, главное:"
                return source, noun.lemma_.lower(), None, tokens
            if memory.last is not None and len(lead) <= MAX_SIGNATURE + 2 and not any(
                    t.pos_ in ("VERB", "AUX") for t in lead):
                # a heading of statements with no owner ("Другие заявления на саммите ОДКБ:"):
                # the speaker named last
                return memory.last, noun.lemma_.lower(), None, {noun.i}
    words = trim(lead, lang, determiners=True)
    about = next((t for t in words if t.i > words.start and t.lower_ in lang.topic_cases), None)
    if about is not None:
        # "Зеленский о разрешении бить вглубь РФ:": who speaks, then what about
        name = trim(words.doc[words.start:about.i], lang, determiners=True)
        if 0 < len(name) <= MAX_SIGNATURE and not any(t.pos_ in ("VERB", "AUX") for t in name) \
                and names_a_speaker(name, memory) and not is_place(list(name), lang):
            root = first_noun(name)
            return memory.resolve(root, name, lang), ":", None, {t.i for t in name}
    if len(words) and words[0].lower_ in lang.topic_cases or is_line_label(words, lang):
        return None  # "О потенциальных целях на Украине:", "Главное:": what follows is about, no one speaks
    if 0 < len(words) <= MAX_SIGNATURE and not any(t.pos_ in ("VERB", "AUX") for t in words) \
            and names_a_speaker(words, memory):
        root = first_noun(words)
        return memory.resolve(root, words, lang), ":", None, {t.i for t in words}
    return None


@rule("colon-quote")
def colon_quote(sentence, lang, memory, taken, found):
    """ "The ministry said in a statement: «…»", "Trump said, “If we do not get tough …”":
    a cue, then a colon or a comma that opens a quotation."""
    opening = {q.start: q for q in quotes_in(sentence)}
    for token in words_among(sentence, COLON_OR_COMMA):
        if token.i in taken or not (token.text == ":" or token.i + 1 in opening):
            continue
        verb = next(reversed(cue_words(sentence.doc[sentence.start:token.i], lang)), None)
        if verb is None or verb.i in taken:
            continue
        if token.i - verb.i > MAX_CUE_TO_COLON and not (token.i + 1 in opening and own_words(verb, token)):
            continue  # the colon closes the cue's own phrase: "said in a statement:"
        if token.text == "," and not opens_quotation(verb, token):
            continue  # "affirmé que la raffinerie, « l’une des plus importantes », …": a quoted aside
        # ("В Минобороны заявили: …": a plural verb with no subject says who by "в")
        subject = subject_of(verb) or phrase_before(verb, lang)
        if subject is None or subject.i > verb.i or subject.pos_ in ("ADJ", "VERB", "AUX"):
            continue  # "Змушений говорити це з болем: …": "(I am) forced", no one named
        subject = relayed_speaker(verb, lang, memory) or subject  # "ТАСС цитирует Пескова: «…»"
        rest = trim(sentence.doc[token.i + 1:sentence.end], lang)
        quote = next((q for q in quotes_in(sentence) if q.start > token.i), None)
        if quote is not None and not (quote.start <= token.i + 2 and is_the_statement(quote)):
            quote = None  # "Says Trump, 'Alt Right' Pose A Threat": a quoted phrase opens the statement
        content = inner(quote) if quote is not None else rest
        if len([t for t in content if not t.is_punct]) < 2:
            continue
        source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, quote=quote is not None,
                          taken=set(range(token.i, sentence.end)) | verb_group(verb) | speaker_tokens)


def own_words(verb, colon) -> bool:
    """ "назвал целью атаки энергетическую инфраструктуру по всей Украине: «…»": however
    long, the words before the colon are the cue's own phrases, with no clause of their
    own, and the quotation after it is what the cue reports."""
    own = {t.i for c in verb.children if c.i > verb.i and c.dep_ not in CLAUSE_DEPS for t in c.subtree}
    return all(t.i in own and (t.pos_ not in ("VERB", "AUX") or t.dep_ == "amod")
               for t in verb.doc[verb.i + 1:colon.i])


# the dependents that make a clause of their own
CLAUSE_DEPS = ("ccomp", "parataxis", "advcl", "conj", "acl", "acl:relcl", "csubj")
# what may stand between a cue and the comma before its quotation: its listener, a time
OPEN_QUOTE_GAP = ("obj", "iobj", "dative", "obl:tmod", "nmod:tmod", "npadvmod", "advmod")


def opens_quotation(verb, comma) -> bool:
    """ "Trump said, “…”", "told reporters, “…”", "said Monday, “…”": the comma closes the
    cue's own few words, not a clause or a phrase of the sentence."""
    between = verb.doc[verb.i + 1:comma.i]
    allowed = {t.i for c in verb.children if c.dep_ in OPEN_QUOTE_GAP and c.i > verb.i for t in c.subtree}
    return all(t.i in allowed and t.pos_ != "ADP" for t in between)


@rule("as-cue")
def as_cue(sentence, lang, memory, taken, found):
    """ "Как сообщило Минобороны, средства ПВО сбили …", "…, как утверждает губернатор, …",
    "As the Air Force said in its update, …": a cue clause set off by commas, opened by
    "как" / "as" / "comme", its speaker after the verb or, subject first, before it."""
    doc = sentence.doc
    for marker in words_among(sentence, lang.as_markers):
        if marker.i in taken:
            continue
        if any(t.lower_ in lang.as_markers for t in doc[max(marker.i - 3, sentence.start):marker.i]) or any(
                t.lower_ in lang.as_markers for t in doc[marker.i + 1: min(marker.i + 4, sentence.end)]):
            continue  # "as wealthy as Mr. Trump claims": a comparison, not a source
        if not set_apart(marker, sentence):
            continue  # "a dual mission as declared by Erdogan": what the noun is, not who speaks
        if is_saying(marker, lang):
            continue  # "Because, as they say, if a rock breaks off …": common wisdom, no one's statement
        comma = next((t.i for t in doc[marker.i + 1:sentence.end] if t.text in (",", ";", ":")), sentence.end)
        verb = next((t for t in doc[marker.i + 1: min(marker.i + 3 + MAX_SIGNATURE, comma)]
                     if is_cue(t, lang) and t.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.lemma_.lower() in lang.incise_only:
            continue  # "as the fighting continued": no one speaks
        following = doc[verb.i + 1: min(verb.i + 3, comma)]
        # "comme l'a annoncé le ministère": with "l'" before it, what follows is who said it
        said = any(c.dep_ == "obj" and c.pos_ == "PRON" and c.i < verb.i for c in verb.children)
        objects = ("ccomp", "xcomp") if said else ("ccomp", "obj", "xcomp")
        # an "object" in the nominative is the speaker the parser misread: "Як повідомив голова ОВА"
        blocking = [c for c in verb.children if c.dep_ in objects and verb.i < c.i < comma
                    and not (c.dep_ == "obj" and "Nom" in c.morph.get("Case"))]
        if len(blocking) == 1 and blocking[0].dep_ == "obj" and blocking[0].right_edge.i == comma - 1 \
                and not any(c.dep_.startswith("nsubj") for c in verb.children):
            blocking = []  # "Як повідомляє ОВА,": a verb with no subject, the parse took it for the object
        if blocking or any(t.lower_ in lang.complementizers for t in following):
            continue  # "…, as Moscow claimed it had struck factories", "as Democrats call on him to quit": a clause of its own
        end = next((t.i for t in doc[verb.i + 1:sentence.end] if t.text in (",", ";", ":")), sentence.end)
        first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
        before_verb = doc[marker.i + 1:first]
        if any(t.pos_ in ("NOUN", "PROPN", "PRON") and not (t.dep_ in ("obj", "iobj") and t.head.i == verb.i)
               for t in before_verb):  # "Comme l'a indiqué le ministère": "l'" is what was said
            speaker = trim(before_verb, lang, determiners=True)  # "as the Air Force said"
        elif verb.i - marker.i <= 3:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and verb.i < c.i < end), None)
            # "как сообщил в понедельник губернатор": the verb's subject, past its own adverbials
            speaker = doc[subject.left_edge.i:end] if subject is not None else doc[verb.i + 1:end]
            while len(speaker) and (speaker[0].dep_ == "case" or speaker[0].pos_ == "ADP"):
                speaker = doc[speaker.start + 1:end]  # "as reported by the ministry"
            speaker = trim(speaker, lang, determiners=True)
        else:
            continue
        if not len(speaker) or len(speaker) > MAX_SIGNATURE or any(t.pos_ in ("VERB", "AUX") for t in speaker) \
                or speaker[-1].pos_ == "CCONJ" or speaker[0].pos_ == "CCONJ":
            continue
        root = next((t for t in speaker if t.pos_ in ("NOUN", "PROPN", "PRON")), speaker.root)
        if root.pos_ != "PRON" and not names_a_speaker(speaker, memory):
            continue  # "as Clinton extends her lead in …", "as the numbers show": no one speaks
        clause = set(range(marker.i, end + 1))
        rest = [t for t in sentence if t.i not in clause and not t.is_space]
        before = [t for t in rest if t.i < marker.i]
        after = [t for t in rest if t.i > end]
        part = after if len(after) >= len(before) else before
        if after and any(not t.is_punct and t.pos_ != "CCONJ" for t in before) \
                and not any(t.pos_ in ("VERB", "AUX") for t in before):
            part = before + after  # "В результате удара, как сообщает администрация, пропал свет": one clause
        if not part:
            continue
        content = trim(doc[part[0].i: part[-1].i + 1], lang)
        if not len(content) or any(t.i in taken for t in content):
            continue
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=memory.resolve(root, speaker, lang), content=content,
                          sentence=sentence, stance=stance, path="", cue=cue, cue_token=verb,
                          taken=clause | {t.i for t in content})


def is_saying(marker, lang) -> bool:
    """Does a saying of the language's ``sayings`` ("as they say", "как говорится") open at the marker?"""
    return saying_at(marker, lang) is not None


def saying_at(marker, lang) -> str | None:
    """The saying of the language's ``sayings`` that opens at the marker, if one does."""
    # the words from the marker on, not the document's text (which spaCy joins anew each time)
    text = span_text(marker.doc[marker.i:marker.i + SAYING_WINDOW]).lower()
    return next((saying for saying in lang.sayings
                 if text.startswith(saying) and not text[len(saying):len(saying) + 1].isalnum()), None)


def in_saying(verb, lang) -> bool:
    """Is the cue the verb of a saying, whichever rule read it? "the invaders carried out,
    as they say, "demilitarization" of the water supply" quotes a word, and common wisdom
    says it, no one's statement."""
    if verb is None:
        return False
    for marker in verb.doc[max(verb.sent.start, verb.i - MAX_SAYING_WORDS):verb.i]:
        saying = saying_at(marker, lang)
        if saying is not None and verb.idx < marker.idx + len(saying):
            return True
    return False


# the words of the longest saying before its verb ("как говорят в народе")
MAX_SAYING_WORDS = 4
# the tokens read for a saying at a marker: the longest saying's, its marks, and the one after
SAYING_WINDOW = 12


def set_apart(marker, sentence: Span) -> bool:
    """A cue clause opens its sentence (after a conjunction: "But as the ministry said")
    or is set off by a comma, a dash or a bracket."""
    doc = sentence.doc
    before = [t for t in doc[sentence.start:marker.i] if not t.is_space]
    if not before or all(t.pos_ == "CCONJ" or t.is_punct for t in before):
        return True
    return before[-1].text in (",", "(", ";", ":") or before[-1].text in DASHES


@rule("source-colon-quote")
def source_colon_quote(sentence, lang, memory, taken, found):
    """ "Минобороны РФ: «За ночь уничтожено 23 БПЛА»": a name, a colon, a quotation; or,
    at the start of a line, a speaker's name, a colon and a statement ("ВВС Украины: 12
    прилётов зафиксировано …", "Лавров: удар ракетами — сигнал к эскалации")."""
    doc = sentence.doc
    # unquoted, or with a quoted name inside the statement ("Путин: Центры … «Орешником»")
    stated = list(name_colon_statement(sentence, lang, memory, taken))
    yield from stated
    for quote in quotes_in(sentence) if not stated else []:
        colon = next((t for t in reversed(doc[sentence.start:quote.start]) if not t.is_space), None)
        if colon is None or colon.text != ":" or quote.start in taken or not is_the_statement(quote):
            continue
        words = [t for t in doc[sentence.start:colon.i] if not t.is_space and t.text not in DASHES]
        name = [t for t in words if not t.is_punct or t.text in ("-",)]
        if not 0 < len(name) <= MAX_SIGNATURE or any(t.pos_ in ("VERB", "AUX") for t in name):
            continue
        if not any(t.pos_ in ("NOUN", "PROPN") for t in name):
            continue
        speaker = trim(doc[name[0].i:name[-1].i + 1], lang, determiners=True)
        if is_line_label(speaker, lang):
            continue  # "Срочно: «…»": the post's label, the quotation is unattributed
        root = first_noun(speaker)
        yield Attribution(source=memory.resolve(root, speaker, lang), content=inner(quote),
                          sentence=sentence, stance="assert", path="", cue=":", quote=True,
                          taken=set(range(sentence.start, quote.end)))


def states_something(content: Span) -> bool:
    """A clause of its own (a finite verb no subordinating word opens) or a quotation: what
    a speaker can close with "…, X said"; not "Before dropping out, …", "In the wake of …"."""
    if any(inner(q).start >= content.start and inner(q).end <= content.end for q in content.doc._.quotes or []):
        return True  # the quotation's marks may be trimmed off the content's edges
    for token in content:
        if token.pos_ in ("VERB", "AUX") and finite(token) and token.morph.get("VerbForm") \
                and not any(c.dep_ == "mark" for c in token.children) and not token.dep_.startswith("acl"):
            return True
    return any(t.pos_ in ("VERB", "AUX") and not t.morph.get("VerbForm") for t in content)  # no forms given


def is_line_label(words: Span, lang) -> bool:
    """ "UPD", "Срочно", "BREAKING": what opens a post's line before a colon and is no one's name."""
    return " ".join(words.text.lower().split()).strip(" *_#") in lang.line_labels


def predicates(content: Span) -> bool:
    """A statement, verb or not: a verb, or a dash between two phrases standing for
    "is" ("удар по Брянской области — сигнал к эскалации", "la frappe – un crime")."""
    if any(t.pos_ in ("VERB", "AUX") for t in content):
        return True
    return any(t.text in DASHES and spaced(t) and content.start < t.i < content.end - 1 for t in content)


def name_colon_statement(sentence, lang, memory, taken):
    """The unquoted form of ``source_colon_quote``: the name opens its line, the
    statement after the colon has a verb, and the registry or the parser says the name
    is a speaker's."""
    doc = sentence.doc
    colon = next((t for t in words_among(sentence, COLON) if not joins_digits(t)), None)
    if colon is None or colon.i in taken or line_break_after(colon):
        return
    after = next((t for t in doc[colon.i + 1:sentence.end] if not t.is_space), None)
    if after is not None and any(q.start == after.i and is_the_statement(q) for q in quotes_in(sentence)):
        return  # "Минобороны РФ: «…»": the quotation's own rule
    words = trim(doc[sentence.start:colon.i], lang, determiners=True)
    if not 0 < len(words) <= MAX_SIGNATURE or any(t.pos_ in ("VERB", "AUX") for t in words):
        return
    if any(q.start <= words.start and words.end <= q.end + 1 and q.start >= sentence.start - 1
           for q in doc._.quotes or []):
        return  # "«Орешник»: какой ракетой …": a quoted word labels the post, no one speaks
    if not opens_line(words[0]):
        return  # the name does not open its line
    content = trim(doc[colon.i + 1:sentence.end], lang)
    if len(content) < 3 or not predicates(content) or is_line_label(words, lang) \
            or not names_a_speaker(words, memory) or not speaker_in_own_case(words, lang, memory):
        return
    if is_place(list(words), lang) or any(according_to_at(t, lang)[0] for t in according_to_openers(content, lang)):
        return  # "Russie : huit drones abattus, selon le gouverneur": a dateline, and its source is named
    if span_text(sentence).rstrip(" *_\n\"'”»").endswith("?"):
        return  # "WALLACE: Do you really see …?": a question asks, it states nothing
    if any(t.pos_ in ("VERB", "AUX") and is_cue(t, lang) and t.i > 0 and doc[t.i - 1].text == "," for t in content):
        return  # "Лавров: удар — сигнал к эскалации, заявил он": the incise names its speaker
    root = first_noun(words)
    yield Attribution(source=memory.resolve(root, words, lang), content=content, sentence=sentence,
                      stance="assert", path="source-colon-quote", cue=":",
                      taken=set(range(sentence.start, sentence.end)))


def speaker_in_own_case(words: Span, lang, memory) -> bool:
    """Is the speaker the words name the phrase itself, not someone it is about? "Телефонный
    разговор Зеленского со Стармером: …" names two people, each in the case of a word of the
    conversation's phrase; "Сводка Минобороны: …" is the ministry's report, "Представитель
    ВСУ: …" a person (animate, where the tagger says)."""
    if words.root.lemma_.lower() in lang.report_nouns or "Anim" in words.root.morph.get("Animacy"):
        return True
    return any(names_a_speaker(words.doc[t.i:t.i + 1], memory) and not surely_oblique(t) for t in words)


@rule("dash-source")
def dash_source(sentence, lang, memory, taken, found):
    """A statement signed after a dash at the end of a line or post: "…à l'arrêt -
    sources", "…, — губернатор Богомаз". A spaced dash only (not "post-war"), and the
    words after it must name a speaker (``names_a_speaker``): a copula dash ("мы –
    люди"), an adverb or a place after a dash signs nothing."""
    if not words_among(sentence, DASHES):
        return
    tokens = [t for t in sentence if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in DASHES:
        tokens.pop()
    dashes = [t for t in tokens if t.text in DASHES]
    if not dashes:
        return
    dash = dashes[-1]
    signature = [t for t in tokens if t.i > dash.i]
    if not signature or not at_line_end(signature[-1]):
        return
    quoted = any(q.end == dash.i for q in sentence.doc._.quotes or [])  # the dash closes a quotation
    # "«Размеры поразили» — космонавт Шкаплеров об увиденном": the speaker, then the topic
    topic = topic_of_quotation(signature, lang) if quoted else None
    signature = [t for t in signature if topic is None or t.i < topic]
    if not 0 < len(signature) <= MAX_SIGNATURE or any(t.i in taken for t in signature):
        return
    own_line = opens_line(dash)
    if not (spaced(dash) or own_line):
        return
    if own_line and in_a_list(dash):
        return  # "Главное:\n\n— Сбиты два дрона.\n\n— Генштаб и Минобороны": an item, no signature
    cue = dash.text
    said = is_cue(signature[0], lang) if len(signature) > 1 and signature[0].pos_ in ("VERB", "AUX") else None
    if said is not None:
        # "— сообщил губернатор Владислав Шапша.", "…, летевшего на Москву — сообщает Сергей Собянин."
        cue, signature = said[0], signature[1:]
    if any(t.pos_ in ("VERB", "AUX", "NUM") or t.like_num for t in signature):
        return  # "над Калужской областью - 7": a figure, not a signature
    if not any(t.pos_ in ("NOUN", "PROPN") or t.pos_ == "X" and t.is_alpha for t in signature):
        return  # a foreign name is no noun to the tagger: "— Shot", "— Reuters"
    if is_place(signature, lang):
        return  # "Основний напрямок удару – Дніпропетровська область", "з Курської області – рф"
    if signature[0].pos_ in ("ADP", "ADV", "CCONJ", "SCONJ"):
        return  # "21 – над территорией Брянской области", "- presumptively, Mr. Trump": no one's name
    if signature[0].lower_ in lang.non_speakers:
        return  # "Росія — це держава-терорист", "мы – это люди": a copula, not a signature
    if any(q.start < dash.i < q.end for q in sentence.doc._.quotes or []):
        return  # "''… to be - a wartime president.''": a dash inside a quotation signs nothing
    start = line_start(sentence, lang) if not own_line else signed_paragraphs(sentence, lang)
    if closes_aside(dash, sentence.doc[start:dash.i]):
        return  # "a major party nominee -- the Republican Donald J. Trump -- questions …"
    content = trim(sentence.doc[start:dash.i], lang)
    if len(content) < (2 if quoted else 3) or any(t.i in taken for t in content if t.i >= sentence.start):
        return  # (a quotation of two words is a statement: "«Размеры поразили» — космонавт")
    # "…, — Собянин": a comma before the dash signs; so does a dash that opens a line of its own
    signed = own_line or dash.i > 0 and sentence.doc[dash.i - 1].text == ","
    if not signed and not any(t.pos_ in ("VERB", "AUX") or t.like_num for t in content):
        return  # "Основний напрямок удару – місто Запоріжжя": no statement to sign
    span = trim(sentence.doc[signature[0].i: signature[-1].i + 1], lang, determiners=True)
    if not len(span) or not names_a_speaker(span, memory):
        return
    root = first_noun(span)
    if root.pos_ == "NOUN" and surely_oblique(root):
        return  # "втратили 137 наших героїв – наших громадян": the dash sets off who they were
    if any(t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.morph.get("Case") and "Nom" not in t.morph.get("Case")
           for t in span):
        return  # "псы из приграничных районов — Шебекина, Новой Таволжанки и Грайворона": which ones, in
        # their case (the tagger's, not ``surely_oblique``: "Шебекина" is also a surname in the nominative)
    # a signature is in the nominative: "— власти" as written, not as the tagger's "of the power"
    case = root.morph.get("Case")
    source = memory.resolve(root, span.text if case and "Nom" not in case else span, lang)
    yield Attribution(source=source, content=content, sentence=sentence, stance="assert", path="",
                      cue=cue, taken={t.i for t in content} | {t.i for t in tokens if t.i > dash.i} | {dash.i})


def topic_of_quotation(signature: list, lang) -> int | None:
    """Where the topic starts in a headline's signature after a quotation: "«…» — Путин о
    переговорах", "«…» — Зеленський про обстріли" sign the quotation with a speaker and
    say what it was about ("о", "про": ``topic_cases``). None when no topic follows the
    speaker."""
    return next((t.i for t in signature[1:] if t.pos_ == "ADP" and t.lower_ in lang.topic_cases), None)


def closes_aside(dash, before: Span) -> bool:
    """The dash closes a pair around an aside with no verb of its own ("— the Republican
    Donald J. Trump —") rather than opening a signature."""
    opening = [t for t in before if t.text in DASHES and spaced(t)]
    if not opening:
        return False
    aside = before.doc[opening[-1].i + 1:dash.i]
    return not any(t.pos_ in ("VERB", "AUX") for t in aside)


@rule("back-reference")
def back_reference(sentence, lang, memory, taken, found):
    """ "… зросла до трьох. Про це повідомив начальник ОВА": the cue reports the sentence
    before, which becomes its content (and is no longer the publisher's). After a comma
    inside a sentence ("Разведчики разработали тактику …, об этом РИА Новости рассказал
    разведчик отряда"), it reports the clause before the comma."""
    doc = sentence.doc
    # only a sentence with a word a back reference begins with is read further (the
    # index: ``LanguageData.back_reference_starts``; a language may have none)
    if not words_among(sentence, lang.back_reference_starts):
        return
    # the last word before the sentence, looked for from the sentence back (listing
    # every word of the piece before it, at each sentence, grew with the piece's square)
    last = next((t for t in reversed(doc[:sentence.start]) if not t.is_space), None)
    previous = None  # the sentence before, read once a phrase is found
    words = [t for t in sentence if not t.is_space]
    for phrase in lang.back_references:
        size = len(phrase.split())
        at = next((k for k in range(len(words) - size + 1)
                   if " ".join(t.lower_ for t in words[k:k + size]) == phrase), None)
        if at is None:
            continue
        # "…, об этом рассказал X", "…, сообщил об этом X", "… — об этом сообщил X": a comma
        # or a dash right before the phrase (or before its verb) closes the clause it reports
        comma = next((k for k in (at - 1, at - 2) if k >= 1 and (words[k].text == "," or words[k].text in DASHES)
                      and all(t.pos_ in ("VERB", "AUX") for t in words[k + 1:at])), None)
        if comma is not None:
            reported = trim(doc[sentence.start:words[comma].i], lang)
            if not len(reported) or any(t.i in taken for t in reported) or not states_something(reported):
                continue
        elif last is None:
            continue
        else:
            if previous is None:
                previous = trim(last.sent, lang)
            reported = previous
        # "Про це «Українській правді» повідомило джерело": an addressee may come between
        # (``back_reference_window``: "This was stated by …" has its verb right after)
        before, after = lang.back_reference_window
        near = words[max(at - before, 0): at] + words[at + size: at + size + after]
        verb = next((t for t in near if t.pos_ in ("VERB", "AUX") and is_cue(t, lang) and t.i not in taken), None)
        if verb is None or not len(reported):
            continue
        phrase_tokens = {t.i for t in words[at:at + size]}
        subject = subject_of(verb)
        if subject is not None and subject.i in phrase_tokens:
            subject = passive_agent(verb)  # "This was stated by the President": who stated it
        if subject is not None and subject.i not in phrase_tokens:
            source, _ = source_for(subject, lang, memory)
        else:
            rest = [t for t in words if t.i > verb.i and t.i not in phrase_tokens and not t.is_punct]
            # "… Ігор Терехов в ефірі національного телемарафону": after a name, where it was
            # said ends it ("джерело в СБУ" is who: no name before the preposition)
            cut = next((k for k, t in enumerate(rest) if k > 0 and t.pos_ == "ADP" and t.lower_ in lang.speaker_cut_cases
                        and any(w.is_title for w in rest[1:k])), None)
            rest = rest[:cut] if cut is not None else rest
            while rest and rest[0].pos_ == "ADP" and rest[0].lower_ in lang.source_cases:
                rest = rest[1:]  # "Про це повідомили в Повітряних силах": the forces, not "in" them
            # "Про це повідомляє Суспільне": a name the tagger read as an adjective
            head = next((t for t in rest if t.pos_ in ("NOUN", "PROPN")), None) or (
                rest[0] if len(rest) == 1 and rest[0].pos_ == "ADJ" and rest[0].is_title else None)
            if head is None or len(rest) > MAX_SIGNATURE + 2:
                continue
            span = trim(doc[rest[0].i: rest[-1].i + 1], lang, determiners=True)
            source = memory.resolve(head, span, lang)
        cue, stance = is_cue(verb, lang)
        claimed = words if comma is None else words[comma:]
        yield Attribution(source=source, content=reported, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, taken={t.i for t in claimed} | {t.i for t in reported})
        return


@rule("topic-first")
def topic_first(sentence, lang, memory, taken, found):
    """ "О повреждении двух резервуаров сообщил губернатор", "Про влучання в будинок
    повідомили в ОВА": what is reported opens the sentence with a topic preposition, the
    cue and its speaker follow."""
    doc = sentence.doc
    words = (t for t in sentence if not (t.is_space or t.is_punct and t.text in MARKUP))
    first = list(islice(words, 4))  # (the rest is read only when a topic opens the sentence)
    opening = next((k for k, t in enumerate(first) if t.lower_ in lang.topic_cases), None)
    if opening is None or any(t.pos_ in ("VERB", "AUX") for t in first[:opening]):
        return
    words = first + list(words)
    start = words[opening]
    verb = next((t for t in words[opening + 1:] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i in taken or not is_cue(verb, lang) or not finite(verb) \
            or any(t.text in (",", ";", ":") for t in doc[start.i:verb.i]):
        return
    subject = subject_of(verb)
    if subject is not None and subject.i < verb.i:
        return  # "О нём губернатор сообщил …": a subject before the verb, read by verb-complement
    speaker = incise_speaker(verb, sentence, lang, memory)
    content = trim(doc[start.i + 1:verb.i], lang)
    if speaker is None or len(content) < 2 or any(t.i in taken for t in content):
        return
    if not any(t.pos_ in ("NOUN", "PROPN") for t in content) or any(
            t.dep_.startswith("nsubj") or t.lower_ in lang.first_person for t in content):
        return  # "Про це ми говорили із …": the subject stands before the verb after all
    cue, stance = is_cue(verb, lang)
    yield Attribution(source=speaker[0], content=content, sentence=sentence, stance=stance, path="",
                      cue=cue, cue_token=verb, taken=set(range(sentence.start, sentence.end)))


@rule("parenthetical")
def parenthetical(sentence, lang, memory, taken, found):
    """ "At the time, she said, Grayson was trying …", "Eggleston's meeting, officials
    said, was aimed at …", "L'attaque, a précisé le ministère, a fait deux morts": a
    speaker between commas inside the statement it reports. The statement runs on both
    sides of it, so the claim is the whole sentence."""
    doc = sentence.doc
    for comma in words_among(sentence, COMMA):
        if comma.i in taken or not any(not (t.is_punct or t.is_space) for t in doc[sentence.start:comma.i]):
            continue
        inset = parenthetical_cue(comma, sentence, lang)
        if inset is None:
            continue
        verb, subject, close = inset
        if verb.lemma_.lower() in lang.incise_only:
            continue
        if any(t.i in taken for t in doc[sentence.start:sentence.end]):
            return
        if subject.i > verb.i:
            speaker = incise_speaker(verb, sentence, lang, memory)
            if speaker is None:
                return
            source = speaker[0]
        else:
            source = source_for(subject, lang, memory)[0]
        cue, stance = is_cue(verb, lang)
        content = trim(doc[sentence.start:sentence.end], lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, taken=set(range(sentence.start, sentence.end)))
        return


@rule("verb-complement")
def verb_complement(sentence, lang, memory, taken, found):
    for verb in by_depth(t for t in cue_words(sentence, lang) if t.pos_ != "NOUN"):
        if verb.i in taken:
            continue
        if verb.lemma_.lower() in lang.incise_only:
            continue
        if verb.dep_ == "amod" and verb.i < verb.head.i:
            continue  # "60 pledged delegates": an adjective, nobody pledges
        if is_cue(verb, lang)[1] == "deny" and any(c.dep_ in ("iobj", "dative") for c in verb.children):
            continue  # "denied Carter a photograph", "denied him bail": refused to give, not denied saying
        if looks_like_incise(verb, lang):
            continue  # the incise rule reads it
        if any(c.dep_ == "obj" and takes_lives(c, lang) for c in verb.children):
            continue  # "the strike claimed the lives of 52 people": a toll, nobody claims anything
        agreeing = participle_subject(verb)
        subject = subject_of(verb, lang) or phrase_before(verb, lang) or subject_across_aside(verb, lang)
        agent = None
        if subject is not None and passive(verb, subject):
            # "Sanders was asked by the host whether …": the asker speaks, not the asked;
            # "It was reported that …", "two drones were reported downed" name nobody
            agent = subject = passive_agent(verb)
            if agent is None or agent.i in taken:
                continue
        inherited = shared_speaker(verb, found) if subject is None and agreeing is None else None
        if subject is None and inherited is None:
            subject = governing_subject(verb) or agreeing or report_maker(verb, lang)
        if inherited is None and agent is None and (
                subject is None or subject.i > verb.i or subject.i in taken and subject is not agreeing):
            continue
        if inherited is None and agent is None and subject is not agreeing \
                and inside_outer_statement(verb, subject, sentence, lang, memory, taken):
            continue
        content = complement_of(verb, sentence, lang, taken)
        if content is None or any(t.i in taken for t in content):
            continue
        if not any(t.pos_ in WORDING for t in content):
            continue  # "Responding to the concerns …" gave "the": words that say nothing
        if content[0].pos_ == "CCONJ" and not pairs_inside(content[0], content):
            continue  # "All partners acknowledged that, and some still do not": a clause joined to the cue's
        evidence = lang.cue_class(verb.lemma_) == "evidence"
        if names_by_pronoun(verb, content, lang, evidence=evidence):
            continue  # "Obama said it", "they explained it", "говорили про нас": a pronoun names what was said
        if evidence and content[0].lower_ in lang.interrogatives:
            continue  # "the video shows how …", "Russia has shown what it has become": a depiction, no statement
        if evidence and shows_a_quality(verb, subject, content, lang):
            continue  # "Leonid Makarovych showed just such wisdom": a person's conduct, no statement
        if inherited is not None:
            source, speaker_tokens = inherited, set()
        else:
            source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        # one cue, one statement: "said A and that B" is one claim
        quoted = any(q.start >= content.start - 1 and q.end <= content.end + 1 for q in quotes_in(sentence))
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, quote=quoted,
                          taken={t.i for t in content} | verb_group(verb) | speaker_tokens)


def pairs_inside(coordinator: Token, content: Span) -> bool:
    """Does the coordinator that opens the content pair two words of it ("both the
    challenges … and the questions", "neither Manafort nor Gates"), with its second
    coordinator or a conjunct of its word inside? Otherwise it joins the content's clause
    to the cue's ("…, and some internal partners still do not")."""
    head = coordinator.head
    inside = lambda t: content.start <= t.i < content.end
    return any(t.pos_ == "CCONJ" for t in content[1:]) or \
        inside(head) and any(c.dep_ == "conj" and inside(c) for c in head.children)


def names_by_pronoun(verb, content: Span, lang, *, evidence: bool) -> bool:
    """ "Obama said it in Chicago", "They explained it to the reporters", "Вони говорили про
    нас": what the cue reports is a pronoun (its object, or its topic phrase) and no clause;
    it points at a statement, it says none ("accused us of genocide" says what of)."""
    if any(t.pos_ in ("VERB", "AUX") for t in content):
        return False
    said = [c for c in verb.children if content.start <= c.i < content.end and (
        c.dep_ in ("obj", "dobj", "iobj", "dative", "ccomp", "xcomp") or c.dep_.startswith("obl") and on_topic(c, lang))]
    # (a pronoun with words of its own says something: "almost nothing about monetary policy")
    bare = lambda c: c.pos_ == "PRON" and not any(t.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") for t in c.subtree)
    if not said or not all(bare(c) for c in said):
        return False
    # an evidence cue's pronoun may open a small clause ("the poll shows her in a dead
    # heat"): there, only a content of nothing but pronouns ("it showed us")
    return not evidence or all(t.pos_ in ("PRON", "DET", "ADP") or t.is_punct for t in content)


def shows_a_quality(verb: Token, subject: Token | None, content: Span, lang) -> bool:
    """ "He showed remarkable stamina", "Obama found someone more qualified": a person (a
    pronoun, a person's name, an animate noun, a noun of people) who shows or finds a
    thing, not that something is so, shows what they are; a poll that shows "Sanders
    within two points" or a video that shows the damage reports what it holds. With a
    clause, only the language's ``conduct_cues`` and a person who is no "it": "They
    showed that Donbas is the main target", "Those who have shown that Russian aviation
    is defenseless" tell what people did; "it shows that we are committed" may be a
    report's."""
    if subject is not None:
        subject = relative_antecedent(subject, lang)  # "polls … that showed Trump making a strong showing": the polls show
    if subject is None or not (subject.pos_ == "PRON" or subject.ent_type_ in PERSON_ENTITIES
                               or "Anim" in subject.morph.get("Animacy") or is_person_noun(subject, lang)):
        return False
    if content.root.pos_ not in ("VERB", "AUX"):
        return True
    return verb.lemma_.lower() in lang.conduct_cues and "Neut" not in subject.morph.get("Gender") \
        and any(t.dep_.startswith("nsubj") for t in content)


def is_person_noun(token: Token, lang) -> bool:
    """ "people", "residents", "our defenders": a noun of people (the frame's ``people``,
    the nouns a count of people stands on), which English and French do not mark as animate."""
    return token.pos_ == "NOUN" and member(token, frame_words(lang).people)


def inside_outer_statement(verb, subject, sentence, lang, memory, taken) -> bool:
    """ "По его словам, разрешение … подтверждает, что против России воюет НАТО", "Заявление
    советника … говорит о …, считает Пушков": a cue whose subject is a thing that speaks for
    no one (a permission, a statement), in a sentence an "according to" phrase or a closing
    incise gives to a speaker, is part of that speaker's statement, not one of its own; so
    is a country's before a closing incise: "Россия категорически отвергает …, заявил
    директор СВР Нарышкин" (not "…, according to the ministry, while Kyiv said …")."""
    country = is_place([subject], lang)
    if not country and (subject.pos_ != "NOUN" or names_a_speaker(subject.doc[subject.i:subject.i + 1], memory)):
        return False
    for token in sentence:
        if token.i in taken or token.i == verb.i:
            continue
        if according_to_at(token, lang)[0] and not country:
            return True
        if token.i <= verb.i:
            continue
        if token.pos_ in ("VERB", "AUX") and is_cue(token, lang) and looks_like_incise(token, lang):
            speaker = subject_of(token)
            if speaker is not None and speaker.i > token.i:
                return True  # "…, считает Пушков"
        if token.text == ",":
            trailing = subject_then_cue(token.i + 1, sentence, lang)
            if trailing is not None and closes_sentence(token, trailing[0], sentence, lang):
                return True  # "…, Pushkov believes"
    return False


@rule("echo")
def echo(sentence, lang, memory, taken, found):
    """ "…, affirmant avoir détruit deux avions, ce que Moscou dément": another speaker's
    word on the clause before. Read from the words, as the parser often loses it."""
    doc = sentence.doc
    for token in words_among(sentence, lang.clause_pronouns):
        if token.i in taken or doc[token.i - 1].text != ",":
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
        source = memory.resolve(speaker.root, speaker, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb, taken=set(range(token.i, verb.i + 1)))


@rule("trailing-speaker")
def trailing_speaker(sentence, lang, memory, taken, found):
    """ "Five drones were shot down over the region, the ministry said." """
    doc = sentence.doc
    for comma in words_among(sentence, COMMA):
        if comma.i in taken:
            continue
        trailing = subject_then_cue(comma.i + 1, sentence, lang)
        if trailing is None:
            continue
        verb, subject = trailing
        if verb.lemma_.lower() in lang.incise_only or not closes_sentence(comma, verb, sentence, lang):
            continue  # "…, the shelling continued" reports nothing; "“…,” he continued" is a quote's
        if passive(verb, subject):
            # "…, personal sanctions are added": what was added, not who speaks; "…, it was
            # said by the ministry": the agent
            subject = passive_agent(verb)
            if subject is None or subject.i in taken:
                continue
        if topic_after(verb, sentence, lang) is not None:
            continue  # "…, власти сообщили об отбое опасности": what they reported follows them
        if verb.i in taken or any(t.pos_ in ("VERB", "AUX") and t.i > verb.i and t.dep_ in ("ccomp", "conj")
                                  for t in verb.children):
            continue  # "…, the governor said, and added that …" (not "…, he said, adding that …")
        content = trim(doc[sentence.start:comma.i], lang)
        if len(content) < 3 or any(t.i in taken for t in content):
            continue
        if not states_something(content):
            continue  # "In light of the latest information, the postscript added": an opening, not a statement
        source, speaker_tokens = source_for(subject, lang, memory)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb,
                          taken={t.i for t in content} | verb_group(verb) | speaker_tokens | {comma.i})
        return


def closes_sentence(comma, verb, sentence: Span, lang) -> bool:
    """Words after a comma close the statement before it only as a main clause with a
    short tail: "…, the ministry said on Tuesday." Not a subordinate clause ("…, when
    Clinton testified …", "…, which Turkey accuses …") nor a clause that goes on to say
    something of its own ("…, Trump called the plan a disgrace and vowed …")."""
    doc = sentence.doc
    if any(t.dep_ == "mark" or t.pos_ == "SCONJ" or relative_word(t, lang)  # "…, о которой он говорил"
           for t in doc[comma.i + 1:verb.i]):
        return False
    tail = []
    for token in doc[verb.i + 1:sentence.end]:
        if token.text in (",", ";") or token.text in DASHES:
            break
        if not (token.is_punct or token.is_space):
            tail.append(token)
    return len(tail) <= MAX_SIGNATURE and not any(t.pos_ in ("VERB", "AUX") for t in tail)


@rule("incise")
def incise(sentence, lang, memory, taken, found):
    for verb in cue_words(sentence, lang):
        if verb.i in taken or not looks_like_incise(verb, lang):
            continue
        if verb.pos_ == "NOUN":
            continue  # "after many attempts, meetings, people, calls, countries": a word of a list, no one speaks
        before = [t for t in sentence.doc[sentence.start:verb.i] if not t.dep_.startswith("aux")
                  and not is_clitic(t) and not t.is_space]
        mark = incise_mark(before)
        if mark is None:
            continue
        if tells(verb, lang) and clitic_subject(verb, lang) is None:
            continue  # "…, Brent Bozell, founder of the MRC, told Breitbart News": the listener follows
        speaker = incise_speaker(verb, sentence, lang, memory)
        if speaker is None:
            continue
        source, speaker_tokens = speaker
        comma = mark.i
        content = trim(sentence.doc[sentence.start:comma], lang)
        if not len(content) or any(t.i in taken for t in content):
            continue
        if at_line_end(sentence.doc[max(speaker_tokens | {verb.i})]):
            # "Тушат пожар на промобъекте. Задействовано 109 человек, заявил губернатор.":
            # a speaker who closes a line signs it, back over the sentences with no cue of their own
            content = trim(sentence.doc[line_start(sentence, lang):comma], lang)
        cue, stance = is_cue(verb, lang)
        yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                          cue=cue, cue_token=verb,
                          taken={t.i for t in content if t.i >= sentence.start} | verb_group(verb) | speaker_tokens)


@rule("opening-cue")
def opening_cue(sentence, lang, memory, taken, found):
    """ "Глюкоза описала задержание. Говорит, была чиста": a sentence that opens with a cue
    in the third person singular, no subject of its own and a comma, reports what follows
    for the one the sentence before was about (its subject, a person or a body). The
    plural is a rumour, no one's word ("Говорят, это лучший учебник")."""
    doc = sentence.doc
    words = list(islice((t for t in sentence if not (t.is_space or t.text in MARKUP)), 4))
    if len(words) < 4 or words[1].text not in (",", ":"):
        return
    verb = words[0]
    if verb.i in taken or not is_cue(verb, lang) or not finite(verb) \
            or "3" not in verb.morph.get("Person") or "Plur" in verb.morph.get("Number") \
            or any(c.dep_ in ("nsubj", "nsubj:pass") and c.i != verb.i for c in verb.children):
        return
    before = next((t for t in reversed(doc[:sentence.start]) if not (t.is_space or t.is_punct)), None)
    if before is None:
        return
    subject = next((c for c in before.sent.root.children if c.dep_ == "nsubj"
                    and c.pos_ in ("NOUN", "PROPN") and "Inan" not in c.morph.get("Animacy")), None)
    if subject is None:
        return
    content = trim(doc[words[1].i + 1:sentence.end], lang)
    if not len(content) or any(t.i in taken for t in content):
        return
    source, _ = source_for(subject, lang, memory)
    cue, stance = is_cue(verb, lang)
    yield Attribution(source=source, content=content, sentence=sentence, stance=stance, path="",
                      cue=cue, cue_token=verb, taken={t.i for t in content} | {verb.i, words[1].i})


# the same rule once more, after the incises: a cue verb whose speaker is another cue's,
# which only those rules found ("There were no casualties, he said, adding that …")
rule("shared-cue")(verb_complement)


@rule("according-to")
def according_to(sentence, lang, memory, taken, found):
    for token in according_to_openers(sentence, lang):
        if token.i in taken:
            continue
        width, wildcard = according_to_at(token, lang)
        if not width:
            continue
        head_start = token.i + width
        noun = wildcard or phrase_head(sentence.doc[head_start:sentence.end])
        standing = substantive_before_comma(sentence, head_start)
        if wildcard is None and standing is not None and (noun is None or noun.i > standing.i):
            noun = standing  # "Со слов местных, врезался …": the locals, not the drone after the comma
        first = sentence.doc[head_start] if head_start < sentence.end else None
        relative = wildcard is None and first is not None and (first.lower_ in lang.relative_pronouns
                                                               or first.lemma_.lower() in lang.relative_pronouns)
        if relative:
            # "розпорядження, згідно з яким …", "the report, according to which …": the
            # noun before the comma, whose words follow (an order speaks for no one)
            noun = antecedent(token)
            if noun is None:
                continue
        report = noun if noun is not None and noun.lemma_.lower() in lang.report_nouns else None
        if noun is not None and noun.lemma_.lower() in lang.info_nouns:
            # "selon les informations de l'armée": the army; "selon les premières estimations": no one
            # whose they are is said before the next comma: "згідно з даними Повітряних сил, …
            # 20 дронів" (the parse may hang a noun of the statement on "даними")
            doc = sentence.doc
            stop = next((t.i for t in doc[noun.i + 1:sentence.end] if t.text in (",", ";", ":")), sentence.end)
            after = next((t for t in doc[noun.i + 1:stop] if t.pos_ not in ("ADJ", "DET")), None)
            info = noun
            noun = next((c for c in noun.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and c.i < stop),
                        after if wildcard is None and after is not None and after.pos_ in ("NOUN", "PROPN")
                        and after.lemma_.lower() not in lang.info_nouns else None)  # "даними Генштабу"
            if noun is None and any(c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and c.i < info.i
                                    for c in info.children):
                noun = info  # "according to a CNN tally", "a pool report": whose it is, in front of it
        # "Согласно заявлению, …", "According to the statement, …": a report with no owner is
        # the one whose speaker was named last
        referred = memory.last if noun is None and report is not None and report.i == head_start + (
            sentence.doc[head_start].lower_ in lang.determiners) else None
        if referred is None and (noun is None or noun.lemma_.lower() in lang.norm_nouns):
            continue  # "Відповідно до закону, …", "according to the plan": in accordance with, no one speaks
        if referred is not None:  # named as written, and whom it stands for: "the statement (ministry)"
            words = in_nominative(sentence.doc[head_start:report.i + 1], report)
            source = Source(name=f"{words} ({referred.who})", refers_to=referred.who)
            speaker_tokens, noun = set(range(head_start, report.i + 1)), report
        elif noun is wildcard:
            # "по его данным": the one word the form leaves open names the speaker, whatever
            # else the parse hung on it ("За його словами, дозвіл …" read as one phrase)
            source, speaker_tokens = memory.resolve(noun, sentence.doc[noun.i:noun.i + 1], lang), {noun.i}
        else:
            source, speaker_tokens = source_for(noun, lang, memory)
        if wildcard is not None:
            memory.possessive.add(id(source))  # "по его данным": whose data, not "его"
        phrase = leading_phrase(sentence, head_start, lang)
        if wildcard is None and phrase is not None and phrase.start <= noun.i < phrase.end \
                and not {t.i for t in phrase} <= speaker_tokens and not any(
                    t.lemma_.lower() in lang.info_nouns | lang.report_nouns for t in phrase):
            # "За словами голови Сумської ОВА Володимира Артюха, …": the parse cut the
            # phrase short; the speaker runs to the comma
            source, speaker_tokens = memory.resolve(noun, trim(phrase, lang, determiners=True), lang), \
                {t.i for t in phrase}
        phrase_end = max(max(speaker_tokens) + 1, head_start)
        name = apposed_name(sentence, phrase_end)
        if name is not None and wildcard is None:
            # "Selon le gouverneur de la région, Viatcheslav Gladkov, deux civils …": who he is, named
            source = memory.resolve(noun, trim(sentence.doc[min(speaker_tokens):name.end], lang, determiners=True), lang)
            speaker_tokens |= set(range(phrase_end, name.end + 1))
            phrase_end = name.end + 1
        before = trim(sentence.doc[sentence.start:token.i], lang)
        after = trim(sentence.doc[phrase_end:sentence.end], lang)
        # "About 10:03 p.m., according to a timeline, the contractors left", "Trump leads by
        # 15 points, according to the poll, and has a small lead in Ohio": the statement runs
        # on both sides of its source, as around a parenthetical; else the longer side
        # another rule has not taken ("…, according to the ministry, while Kyiv said …")
        sides = [trim(sentence.doc[sentence.start:sentence.end], lang)] if len(before) and len(after) else []
        sides += sorted((before, after), key=len, reverse=True)
        if relative:
            sides = [after]  # "…, according to which five died": what the relative clause says
        content = next((s for s in sides if len(s) and not any(t.i in taken for t in s)), None)
        if content is None:
            continue
        yield Attribution(source=source, content=content, sentence=sentence, stance="assert", path="",
                          cue=sentence.doc[token.i:head_start].text.lower(),
                          taken=set(range(token.i, phrase_end)) | {t.i for t in content})


def antecedent(phrase_start: Token) -> Token | None:
    """The noun a relative "according to which" stands for: the word right before its comma."""
    doc = phrase_start.doc
    if phrase_start.i < 2 or doc[phrase_start.i - 1].text != ",":
        return None
    noun = doc[phrase_start.i - 2]
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def apposed_name(sentence: Span, at: int) -> Span | None:
    """A person's name set off by commas right at ``at`` (", Viatcheslav Gladkov,"): the
    words between the commas, all of one person's name."""
    doc = sentence.doc
    if at >= sentence.end - 2 or doc[at].text != ",":
        return None
    close = next((t.i for t in doc[at + 1:sentence.end] if t.text == ","), None)
    if close is None or close == at + 1 or close - at > 5:
        return None
    words = doc[at + 1:close]
    if not all(t.ent_type_ in ("PER", "PERSON") for t in words):
        return None
    return words


def substantive_before_comma(sentence: Span, start: int) -> Token | None:
    """An adjective or participle standing for a noun, alone before the comma: "со слов
    местных,", "по словам пострадавших,"."""
    doc = sentence.doc
    words = []
    for token in doc[start:sentence.end]:
        if token.text in (",", ";", ":") or token.text in DASHES:
            break
        words.append(token)
    else:
        return None
    if not words or any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in words):
        return None
    return next((t for t in reversed(words) if t.pos_ in ("ADJ", "VERB") and t.morph.get("Case")), None)


def leading_phrase(sentence: Span, start: int, lang) -> Span | None:
    """The words from ``start`` to the next comma, stop or dash, when they are a noun
    phrase of a signature's length (no verb, no number): the speaker after "according
    to" as punctuation marks it, whatever the parse made of it."""
    doc = sentence.doc
    end = start
    while end < sentence.end and not doc[end].is_space and not (
            doc[end].is_punct and doc[end].text not in ("-", "'", "’", "«", "»", '"')
            and not (doc[end].text == "/" and end > start and slashed(doc[end - 1]))):  # "CNN/WMUR"
        end += 1
    words = doc[start:end]
    if not 0 < len(words) <= MAX_SIGNATURE + 2 or any(t.pos_ in ("VERB", "AUX") or t.like_num for t in words):
        return None
    return words if any(t.pos_ in ("NOUN", "PROPN") for t in words) else None


def line_start(sentence: Span, lang) -> int:
    """Where the line a signature closes begins: "Ещё восемь беспилотников сбиты … .
    Специалисты работают на месте, — Собянин" signs both sentences. The line goes back
    over whole sentences that have no cue of their own, not over a paragraph break."""
    doc, start = sentence.doc, sentence.start
    while start > 0 and "\n" not in doc[start - 1].text:
        before = doc[start - 1].sent
        if any(is_cue(t, lang) for t in before) or any(q.start >= before.start for q in quotes_in(before)):
            break
        start = before.start
    return start


def in_a_list(token: Token) -> bool:
    """Is the line the token opens an item of a list: the last line with words before it
    ends with a colon or opens with a dash too?"""
    earlier = piece_text(token.doc)[:token.idx - len(line_before(token.doc, token.idx))]  # the lines above
    lines = [line.strip(" *_\t") for line in earlier.split("\n")]
    previous = next((line for line in reversed(lines) if any(c.isalnum() for c in line)), "")
    return previous.endswith(":") or previous[:1] in DASHES or previous[:1] in ("•", "▪")


def signed_paragraphs(sentence: Span, lang) -> int:
    """Where the text a signature on a line of its own signs begins ("Ещё восемь
    беспилотников сбили ПВО … .\n\nСпециалисты работают на месте.\n\n— Собянин."): the
    paragraphs before it, back over sentences with no cue or quotation of their own, at
    most to the start of the piece or to the signature of the block before ("… — губернатор
    области.\n\nНа втором предприятии … .\n— глава региона.": each signs its own block)."""
    doc, start = sentence.doc, sentence.start
    while start > 0:
        before = doc[start - 1].sent
        if not before.text.strip():
            start = before.start
            continue
        if any(is_cue(t, lang) for t in before) or quotes_in(before):
            break
        opening = next((t for t in before if not t.is_space), None)
        if opening is not None and opening.text in DASHES and opens_line(opening):
            break  # the signature of the block before
        start = before.start
    while start < sentence.start and doc[start].is_space:
        start += 1
    return start


def publisher_voice(sentence: Span) -> Attribution | None:
    """A sentence no rule attributed: the publisher's own statement, if it states anything:
    a verb, or figures ("Станом на цей час – 17 поранених")."""
    if not any(t.pos_ in ("VERB", "AUX") or t.like_num or t.pos_ == "NUM" for t in sentence):
        return None
    return Attribution(source=Source(name=""), content=trim(sentence, None),
                       sentence=sentence, stance="assert", path="publisher", attributed=False)
