"""Parsers per language, each giving spaCy ``Doc`` objects with Universal Dependencies.

The stages after ``parse`` read one kind of object whatever the language: a
spaCy ``Doc`` with UD part-of-speech tags and relations (``nsubj``, ``obj``,
``ccomp``, ``obl``, ``case`` ...), lemmas, morphology and PER/LOC/ORG entities.
This module makes that true for parsers that are not spaCy's own:

- ``spacy``: a spaCy pipeline from PyPI, as is (the French pipeline is UD already);
  ``spacy-clear`` converts the ClearNLP labels of spaCy's English pipeline to UD.
- ``natasha``: Russian (and, as far as it holds, Ukrainian) segmentation,
  morphology, syntax and NER from natasha's packaged models, with lemmas from
  pymorphy3's dictionaries for the language.

A new parser is one function in ``PARSERS``; the stages do not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

import spacy
import numpy
from spacy import parts_of_speech
from spacy.attrs import DEP, HEAD, LOWER, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import get_lang_class
from spacy.vocab import create_vocab

from .attribute_ruler import index_attribute_ruler
from .errors import Errors


class ParserUnavailable(ValueError):
    pass


# --- spaCy's English: ClearNLP labels to UD ------------------------------------

CLEAR_TO_UD = {
    "nsubjpass": "nsubj:pass", "dobj": "obj", "auxpass": "aux:pass", "aux": "aux",
    "poss": "nmod:poss", "neg": "advmod", "attr": "xcomp", "acomp": "xcomp", "oprd": "xcomp",
    "npadvmod": "obl:mod", "relcl": "acl:relcl", "prt": "compound:prt", "dative": "iobj",
    "agent": "case", "pcomp": "ccomp", "quantmod": "advmod", "predet": "det", "preconj": "cc",
    "intj": "discourse", "meta": "dep", "expl": "expl", "csubjpass": "csubj:pass", "nn": "compound",
}


def clear_to_ud(doc: Doc) -> Doc:
    """``doc`` with UD relations: prepositions become ``case`` of their noun.

    ClearNLP hangs the noun on the preposition ("shot down over Kursk":
    over -> prep of shot, Kursk -> pobj of over); UD hangs the preposition on
    the noun (Kursk -> obl of shot, over -> case of Kursk).

    The tree is read from the Doc's arrays and written back into them: a Token per
    word, and a new Doc of every word's annotations, made this the costliest of
    rashomon's own steps of the English parse. Sentences follow the new tree, as
    ``Doc.from_array`` sets them from the heads.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    tree = doc.to_array([HEAD, DEP, POS])
    heads = (tree[:, 0].view(numpy.int64) + numpy.arange(len(doc))).tolist()
    deps = [strings[key] for key in tree[:, 1].tolist()]
    pos = tree[:, 2].tolist()
    objects: dict[int, list[int]] = {}  # a preposition's objects, in the order of the words
    for i, (head, dep) in enumerate(zip(heads, deps)):
        if dep in ("pobj", "pcomp"):
            objects.setdefault(head, []).append(i)
    converted = [CLEAR_TO_UD.get(dep, dep) for dep in deps]
    new_heads = list(heads)
    for i, dep in enumerate(deps):
        if dep not in ("prep", "agent"):
            continue
        head = heads[i]
        own = objects.get(i)
        if not own:
            converted[i] = "obl" if pos[head] in _VERBAL else "nmod"
            continue
        noun = own[0]
        new_heads[noun] = head if head != i else noun
        converted[noun] = "obl:agent" if dep == "agent" else ("obl" if pos[head] in _PREDICATES else "nmod")
        new_heads[i] = noun
        converted[i] = "case"
        for other in own[1:]:
            new_heads[other] = noun
    for i, dep in enumerate(converted):
        if dep == "ROOT":
            new_heads[i] = i
    tree = numpy.empty((len(doc), 2), dtype=numpy.uint64)
    tree[:, 0] = (numpy.array(new_heads, dtype=numpy.int64) - numpy.arange(len(doc))).view(numpy.uint64)
    tree[:, 1] = [strings.add(dep) for dep in converted]
    return doc.from_array([HEAD, DEP], tree)


# the parts of speech a preposition's noun is an ``obl`` of (``nmod`` of the others); a
# preposition without its noun is an ``obl`` of a verb
_VERBAL = frozenset({parts_of_speech.IDS["VERB"], parts_of_speech.IDS["AUX"]})
_PREDICATES = _VERBAL | {parts_of_speech.IDS["ADJ"]}


class SpacyParser:
    """A spaCy pipeline, optionally followed by a conversion of its Docs."""

    def __init__(self, nlp: Language, convert: Callable[[Doc], Doc] | None = None):
        self.nlp = nlp
        self.convert = convert

    def pipe(self, items: Iterable[tuple[str, Any]], *, batch_size: int,
             batch_chars: int | None = None) -> Iterator[tuple[Doc, Any]]:
        """Parse (text, context) pairs in batches of at most ``batch_size`` texts and,
        when given, ``batch_chars`` characters: the network's working memory grows
        with the words of a batch, and sixteen 20,000-character pieces of one big
        document took close to a gigabyte. (The parse of a text does not depend on the
        texts batched with it.)"""
        for batch in batches(items, size=batch_size, chars=batch_chars):
            for doc, context in self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
                yield (self.convert(doc) if self.convert else doc), context

    @property
    def vocab(self):
        return self.nlp.vocab

    def adopt(self, doc: Doc) -> None:
        """Set on a Doc parsed in another process what this parser sets on its own
        (apart.py): nothing, for spaCy's."""


def batches(items: Iterable[tuple[str, Any]], *, size: int, chars: int | None
            ) -> Iterator[list[tuple[str, Any]]]:
    """(text, context) pairs in lists of at most ``size`` pairs and, unless None, ``chars``
    characters of text (a longer text is a batch of its own), read as they come."""
    batch: list[tuple[str, Any]] = []
    held = 0
    for text, context in items:
        if batch and (len(batch) == size or chars is not None and held + len(text) > chars):
            yield batch
            batch, held = [], 0
        batch.append((text, context))
        held += len(text)
    if batch:
        yield batch


def load_spacy(model: str, lang: str, *, convert: Callable[[Doc], Doc] | None = None) -> SpacyParser:
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ParserUnavailable(Errors.E022.format(model=model, lang=lang)) from None
    index_attribute_ruler(nlp)
    index_lemma_tables(nlp)
    return SpacyParser(nlp, convert)


def index_lemma_tables(nlp: Language) -> None:
    """Let the known words of each part of speech that spaCy's rule lemmatizer reads be
    looked up in a set.

    ``Lemmatizer.rule_lemmatize`` asks of each form its rules derive whether it is a known
    word (``form in index``), and the English and French models keep those words as lists
    (English nouns: 57,528 words): every word a process met for the first time scanned
    them, 0.8 s of the first 50 English articles against 0.17 s with sets. ``in`` is all
    the lemmatizer asks of them, so its lemmas are the same."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for part_of_speech, words in list(table.items()):
        table[part_of_speech] = KnownWords(words)


class KnownWords(list):
    """A list of words that answers ``in`` from a set; still a list, so that the
    pipeline is written to disk (``to_bytes``, msgpack) as spaCy wrote it."""

    def __init__(self, words: Iterable[str] = ()):
        super().__init__(words)
        self.known = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self.known


# --- natasha ------------------------------------------------------------------

INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# a run of spaces, such as ``read.normalize_text`` leaves where it blanked a link's address
SPACE_RUN = re.compile(r"[^\S\n]{2,}")
OPENING, CLOSING = {"«", "„", "“"}, {"»", "”"}
NATASHA_ENTITY = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


@dataclass
class Token:
    text: str
    start: int
    space: bool = False
    pos: str = "SPACE"
    dep: str = "dep"
    head: int = -1
    feats: str = ""
    lemma: str = ""


class NatashaParser:
    """natasha's Russian models and pymorphy3's lemmas, as spaCy Docs.

    natasha parses a sentence into one or more trees; spaCy wants one tree per
    sentence, so extra roots hang on the first as ``parataxis``. Paragraphs are
    parsed one by one: a line break always ends a sentence, as in ``parse``.
    """

    def __init__(self, lang: str, *, dictionary_pos: bool = False, repair: bool = True):
        from natasha import Segmenter

        from .resolve import morph_analyzer

        self.segmenter = Segmenter()
        self.morph_tagger, self.syntax_parser, self.ner_tagger = natasha_taggers()
        self.morph = morph_analyzer(lang)
        # the language's vocabulary (its word attributes: like_num, stop words) without
        # the rest of ``spacy.blank(lang)``, whose tokenizer natasha's words never meet
        self.vocab = create_vocab(lang, get_lang_class(lang).Defaults)
        self.lemma = lru_cache(maxsize=100_000)(self._lemma)
        # natasha's tagger knows Russian only: for another language, the part of
        # speech of a word its dictionary knows comes from pymorphy3
        self.dictionary_pos = dictionary_pos
        self.known_pos = lru_cache(maxsize=100_000)(self._known_pos)
        self.known_feats = lru_cache(maxsize=100_000)(self._known_feats)
        self.tied_pos = lru_cache(maxsize=100_000)(self._tied_pos)
        # a clause these words open is subordinate: its verb is not the sentence's
        self.repair = repair
        # (the words the repairs need are the language's data: ``attribution.yaml``'s ``parser``)
        words = language_parser_data(lang)
        self.clause_openers = frozenset(words.get("clause_openers", ()))
        self.reported_openers = frozenset(words.get("reported_clause_openers", ()))
        self.dictionary_gaps = dict(words.get("dictionary_gaps", {}))
        self.count_prepositions = frozenset(words.get("count_prepositions", ()))

    def pipe(self, items: Iterable[tuple[str, Any]], *, batch_size: int,
             batch_chars: int | None = None) -> Iterator[tuple[Doc, Any]]:
        for text, context in items:  # one text at a time: nothing to batch
            yield self(text), context

    def __call__(self, text: str) -> Doc:
        tokens: list[Token] = []
        entities: list[tuple[int, int, str]] = []
        at, offset = [], 0  # the lines to parse and where each starts
        for line in joined_lines(text):
            if line.strip():
                at.append((line, offset))
            offset += len(line)
        for (line, offset), parsed in zip(at, self._parse_lines([line for line, _ in at])):
            self._read_line(parsed, line, offset, tokens, entities)
        doc = self._to_doc(text, tokens, entities)
        self.adopt(doc)
        return doc

    def adopt(self, doc: Doc) -> None:
        """Set what a Doc of this parser carries besides its annotations (also on one
        parsed in another process, apart.py): the dictionary's nominative."""
        doc._.nominative = self.nominative

    def nominative(self, word: str, case: str, number: str | None = None,
                   gender: str | None = None) -> str | None:
        """The word in the nominative, from the dictionary reading in ``case`` (a UD
        case: Gen, Dat, Acc, Ins, Loc), ``number`` (Sing, Plur) and ``gender`` (Masc,
        Fem, Neut) when given, keeping number, gender and capitals; None when the
        dictionary has no such reading. The gender is the head noun's, for the words
        that agree with it: "оборонном" is masculine or neuter, "ведомстве" says which."""
        wanted = UD_CASES.get(case)
        plural = {"Sing": "sing", "Plur": "plur"}.get(number or "")
        kind = UD_GENDERS.get(gender or "")
        parses = [p for p in self.morph.parse(word) if wanted is not None and p.tag.case in wanted]
        parses.sort(key=lambda p: (plural is not None and p.tag.number != plural,
                                   kind is not None and p.tag.gender not in (None, kind)))
        for parse in parses:
            form = parse.inflect({"nomn", parse.tag.number} if parse.tag.number else {"nomn"})
            if form is None:
                return None
            return form.word.capitalize() if word[:1].isupper() and not word.isupper() else (
                word if word.isupper() else form.word)
        return None

    def _parse_lines(self, lines: list[str]) -> list:
        """natasha's Docs of the lines, each cut into its own sentences, as
        ``Doc.segment``, ``tag_morph``, ``parse_syntax`` and ``tag_ner`` make them line
        by line, but with each tagger called once for the text: the sentences of all
        lines (and the lines, for NER) go through it in natasha's batches, as they do
        when natasha parses a whole text, rather than a batch or two per line."""
        from natasha import Doc as NatashaDoc
        from natasha.doc import adapt_spans, inject_morph, inject_syntax, offset_syntax, sent_words

        # natasha's tokenizer cuts "п'ять" at the apostrophe; a letter-like one keeps
        # the word whole, and the words are read back from the original line
        # razdel ends no sentence at a full stop that ten spaces or more set apart from the
        # word before ("детей[blanked address]. В результате …"): it reads each line with
        # its runs of spaces made one, and the offsets are taken back to the line
        compacted = [compact_spaces(INNER_APOSTROPHE.sub("\u02bc", line)) for line in lines]
        docs = [NatashaDoc(text) for text, _ in compacted]
        for doc in docs:
            doc.segment(self.segmenter)
        sentences = [(number, sentence) for doc in docs for number, sentence in enumerate(doc.sents, 1)]
        chunk = [sent_words(sentence) for _, sentence in sentences]
        for (_, sentence), markup in zip(sentences, self.morph_tagger.map(chunk)):
            inject_morph(sentence.tokens, markup.tokens)
        for (number, sentence), markup in zip(sentences, self.syntax_parser.map(chunk)):
            inject_syntax(sentence.tokens, markup.tokens)
            offset_syntax(number, sentence.tokens)
        named = [doc for doc in docs if doc.text.strip()]
        for doc in docs:
            doc.spans = []
        for doc, markup in zip(named, self.ner_tagger.map([doc.text for doc in named])):
            doc.spans = list(adapt_spans(doc, markup.spans))
            doc.envelop_span_tokens()
            doc.envelop_sent_spans()
        for doc, (_, where) in zip(docs, compacted):
            if where is not None:
                for item in (*doc.tokens, *doc.spans):
                    item.start, item.stop = where[item.start], where[item.stop - 1] + 1
        return docs

    def _read_line(self, parsed, line: str, offset: int, tokens: list[Token], entities: list) -> None:
        """One line's natasha Doc as tokens (one tree per sentence) and entities."""
        open_root = None  # the root of a sentence whose quotation is still open
        last_root, previous_end = None, ""  # the sentence before, and its last word
        for sentence in parsed.sents:
            ids = [t.id for t in sentence.tokens]
            local = {token_id: i for i, token_id in enumerate(ids)}
            heads = [local.get(t.head_id, i) for i, t in enumerate(sentence.tokens)]
            deps = [t.rel or "dep" for t in sentence.tokens]
            one_tree(heads, deps)
            words = [line[t.start:t.stop] for t in sentence.tokens]
            known = [self.dictionary_pos and self.in_context(word, t.pos) for word, t in zip(words, sentence.tokens)]
            tags = [k or t.pos or "X" for k, t in zip(known, sentence.tokens)]
            if self.repair and self.dictionary_pos:
                feats = [self.known_feats(word, tag) for word, tag in zip(words, tags)]
                # a verb of its own clause: finite or an infinitive, which takes objects too
                finite = [any(f in feats[i] for f in ("VerbForm=Fin", "VerbForm=Inf")) for i in range(len(words))]
                personal = [finite[i] and "VerbForm=Fin" in feats[i] for i in range(len(words))]
                lowered = [word.lower() for word in words]
                noun_phrases(heads, deps, tags)
                bounded_counts(heads, deps, tags, lowered, self.count_prepositions)
                verb_root(heads, deps, tags, finite, lowered, self.clause_openers)
                # (a gerund reports too: "відвідав Київ, зазначивши, що …")
                reporting = [personal[i] or "VerbForm=Conv" in feats[i] for i in range(len(words))]
                reported_clauses(heads, deps, tags, personal, lowered, self.reported_openers, reporting)
                verb_objects(heads, deps, tags, finite)
                comma_clauses(heads, deps, tags, personal, lowered, self.clause_openers)
                opening_phrase(heads, deps, tags, personal, words)
                verb_subjects(heads, deps, tags, personal, feats)
            if self.dictionary_pos:
                # "Усі ракети збиті", "пошкоджені вікна та дахи": a passive participle the
                # dictionary calls an adjective is the predicate when it heads the sentence
                for i, word in enumerate(words):
                    if heads[i] == i and tags[i] == "ADJ" and self.passive_participle(word):
                        tags[i] = known[i] = "VERB"
            base = len(tokens)
            top = next(i for i, h in enumerate(heads) if h == i)
            root_here = base + top
            listed = previous_end in (":", ";") and not any(p in ("VERB", "AUX") for p in tags)
            if open_root is not None or (listed and last_root is not None):
                # a quotation of several sentences stays in the sentence that opens it, and
                # the items of a list ("збито 35 засобів:\n🔹 5 ракет;") in the one before them
                heads[top] = (open_root if open_root is not None else last_root) - base
                deps[top] = "parataxis"
            else:
                last_root = root_here
            previous_end = words[-1] if words else ""
            balance = sum(t.text in OPENING for t in sentence.tokens) - sum(t.text in CLOSING for t in sentence.tokens)
            if not balance and sum(t.text == '"' for t in sentence.tokens) % 2:
                balance = -1 if open_root is not None else 1  # a straight mark opens or closes, whichever is due
            if open_root is None and balance > 0:
                open_root = root_here
            elif open_root is not None and balance < 0:
                open_root = None
            for i, t in enumerate(sentence.tokens):
                feats = "|".join(f"{k}={v}" for k, v in sorted((t.feats or {}).items()))
                pos = known[i] or t.pos or "X"
                if known[i]:  # natasha's features are Russian guesses too
                    feats = self.known_feats(words[i], pos)
                word = words[i]
                tokens.append(Token(text=word, start=offset + t.start, pos=pos, dep=deps[i],
                                    head=base + heads[i], feats=feats, lemma=self.lemma(word, pos)))
        for span in parsed.spans:
            if span.type in NATASHA_ENTITY:
                entities.append((offset + span.start, offset + span.stop, NATASHA_ENTITY[span.type]))

    def _lemma(self, word: str, pos: str) -> str:
        parses = self.morph.parse(word)
        wanted = UD_TO_OPENCORPORA.get(pos, ())
        best = next((p for p in parses if str(p.tag.POS) in wanted), parses[0]) if parses else None
        return best.normal_form if best is not None else word.lower()

    def _known_pos(self, word: str) -> str | None:
        gap = self.dictionary_gaps.get(word.lower())
        if gap:
            return gap
        parses = self.morph.parse(word)
        if not parses or not parses[0].is_known or parses[0].score < 0.5:
            return None
        if any(str(p.tag.POS) == "PREP" for p in parses):
            return "ADP"  # "серед", "під", "до": the dictionary puts a rare noun first
        if any(str(p.tag.POS) == "NUMR" for p in parses):
            return "NUM"  # "троє", not the city of Troy
        # readings of equal weight: a verb or a noun before an adjective ("зросла" is
        # "зрости", not the participle "зрослий"; "людина" a noun, not "людин")
        tied = {str(p.tag.POS) for p in parses if p.score == parses[0].score}
        for preferred in ("VERB", "NOUN"):
            if preferred in tied and str(parses[0].tag.POS) in ("ADJF", "ADJS"):
                return OPENCORPORA_TO_UD[preferred]
        # a function word before a noun of the same spelling: "як" (how, as; not the yak),
        # "його", "вона" (him, she), "тому" (so): the dictionary lists the noun first
        for preferred in ("CONJ", "NPRO"):
            if preferred in tied and str(parses[0].tag.POS) == "NOUN":
                return OPENCORPORA_TO_UD[preferred]
        return OPENCORPORA_TO_UD.get(str(parses[0].tag.POS))

    def in_context(self, word: str, guess: str | None) -> str | None:
        """``known_pos``, unless the dictionary weighs a noun and a verb reading the same
        and the tagger, which reads the words around, took the other: "забрала" is the
        noun "забрало" first in the dictionary, the verb in "атака забрала життя"."""
        known = self.known_pos(word)
        if known in NOUN_OR_VERB and guess in NOUN_OR_VERB and guess != known \
                and word.lower() not in self.dictionary_gaps and guess in self.tied_pos(word):
            return guess
        return known

    def passive_participle(self, word: str) -> bool:
        """Does the dictionary read the word first as a passive participle ("збиті")?"""
        return "pssv" in grammemes(self.morph.parse(word)[0].tag)

    def _tied_pos(self, word: str) -> frozenset[str]:
        """The parts of speech of the dictionary's readings of the highest weight."""
        parses = self.morph.parse(word)
        return frozenset(OPENCORPORA_TO_UD.get(str(p.tag.POS), "X") for p in parses if p.score == parses[0].score)

    def _known_feats(self, word: str, pos: str | None = None) -> str:
        """A few UD features from the dictionary's tag (of its first reading with the part
        of speech ``pos``, when given): VerbForm, Number, Tense, a finite verb's Person."""
        parses = self.morph.parse(word)
        wanted = UD_TO_OPENCORPORA.get(pos or "", ())
        tag = next((p.tag for p in parses if str(p.tag.POS) in wanted), parses[0].tag)
        feats = {}
        verb_form = {"INFN": "Inf", "GRND": "Conv", "PRTF": "Part", "PRTS": "Part", "VERB": "Fin"}
        if str(tag.POS) in verb_form:
            feats["VerbForm"] = verb_form[str(tag.POS)]
        elif pos == "VERB" and "pssv" in grammemes(tag):
            feats["VerbForm"], feats["Voice"] = "Part", "Pass"  # the Ukrainian dictionary's participle, a predicate
        if "infn" in grammemes(tag):  # the Ukrainian dictionary's infinitive: a VERB with this grammeme
            feats["VerbForm"] = "Inf"
        if tag.number:
            feats["Number"] = {"sing": "Sing", "plur": "Plur"}.get(str(tag.number), "")
        if tag.tense:
            feats["Tense"] = {"pres": "Pres", "past": "Past", "futr": "Fut"}.get(str(tag.tense), "")
        if str(tag.POS) == "NOUN":
            feats["Animacy"] = self.animacy(parses)
        if tag.person and feats.get("VerbForm") == "Fin":
            # "говоримо", "повідомляю": the verb's form says who speaks, whatever the
            # parse made its subject ("Зараз говоримо …" read "Зараз" as a noun)
            feats["Person"] = {"1per": "1", "2per": "2", "3per": "3"}.get(str(tag.person), "")
        # a form that can be a nominative is one ("сили": the forces, not "of the force")
        cases = {str(p.tag.case) for p in self.morph.parse(word) if p.tag.case}
        case = "nomn" if "nomn" in cases else str(tag.case) if tag.case else None
        if case:
            feats["Case"] = next((ud for ud, forms in UD_CASES.items() if case in forms), "")
        return "|".join(f"{k}={v}" for k, v in sorted(feats.items()) if v)

    @staticmethod
    def animacy(parses) -> str:
        """A noun's animacy, where the dictionary's common-noun readings agree on it
        ("диктатора", "окупантів": a person; "будинок", "війська": a thing). Readings as
        a name or surname do not count ("школу" is also someone's surname), and a word
        that is both ("голова": a head, or the head of a council) has none."""
        kinds = {kind for p in parses if str(p.tag.POS) == "NOUN"
                 and not grammemes(p.tag) & NAME_GRAMMEMES
                 for kind in grammemes(p.tag) & {"anim", "inan"}}
        return {"anim": "Anim", "inan": "Inan"}.get(kinds.pop(), "") if len(kinds) == 1 else ""

    def _to_doc(self, text: str, tokens: list[Token], entities: list[tuple[int, int, str]]) -> Doc:
        """Words with the whitespace between them as spaCy wants it: one space is a
        flag on the word before, any other gap is a whitespace token of its own."""
        words: list[Token] = []
        position = 0
        old_to_new = {}
        for i, token in enumerate(tokens):
            gap = text[position:token.start]
            if gap:
                if gap == " " and words:
                    words[-1].space = True
                else:
                    if words and gap.startswith(" ") and len(gap) > 1:
                        words[-1].space, gap = True, gap[1:]
                    words.append(Token(text=gap, start=position, lemma=gap, head=-2))
            old_to_new[i] = len(words)
            words.append(token)
            position = token.start + len(token.text)
        tail = text[position:]
        if tail:
            words.append(Token(text=tail, start=position, lemma=tail, head=-2))
        heads, deps = [], []
        for j, word in enumerate(words):
            if word.head == -2:  # whitespace: hangs on the word before (or after, at the start)
                heads.append(j - 1 if j > 0 else min(j + 1, len(words) - 1))
                deps.append("dep")
            else:
                heads.append(old_to_new[word.head])
                deps.append(word.dep)
        if len(words) == 1 and words[0].head == -2:
            heads, deps = [0], ["ROOT"]
        doc = Doc(self.vocab, words=[w.text for w in words], spaces=[w.space for w in words],
                  heads=heads, deps=deps, pos=[w.pos for w in words],
                  lemmas=[w.lemma.lower() for w in words], morphs=[w.feats for w in words])
        doc.ents = [span for span in (doc.char_span(s, e, label=label, alignment_mode="expand")
                                      for s, e, label in entities) if span is not None]
        return doc


# UD genders and the pymorphy3 (OpenCorpora) genders that stand for them
UD_GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
# UD cases and the pymorphy3 (OpenCorpora) cases that stand for them
UD_CASES = {"Nom": {"nomn"}, "Gen": {"gent", "gen2"}, "Dat": {"datv"}, "Acc": {"accs"}, "Ins": {"ablt"},
            "Loc": {"loct", "loc2"}, "Voc": {"voct"}}



def noun_phrases(heads: list[int], deps: list[str], pos: list[str]) -> None:
    """Mend the noun phrases natasha's Russian syntax breaks on Ukrainian words.

    - a noun read as an adjective of the noun after it ("35 засобів повітряного
      нападу": "засобів" amod of "нападу") heads that noun instead, which becomes its nmod;
    - a numeral counts the first noun after it, past adjectives ("30 ворожих БпЛА"), and
      the first words of a numeral of several ("двадцять одного дрона") hang on its last.
    """
    for i in range(len(heads)):
        h = heads[i]
        if deps[i] == "amod" and pos[i] in ("NOUN", "PROPN") and h > i and pos[h] in ("NOUN", "PROPN") \
                and heads[h] != i:
            heads[i], deps[i] = heads[h] if heads[h] != h else i, deps[h]
            if heads[h] == h:
                deps[i] = "ROOT"
            heads[h], deps[h] = i, "nmod"
            for j in range(i):
                if heads[j] == h:
                    heads[j] = i
    for i in range(len(heads)):
        # "Як повідомляє ОВА": a conjunction the parse made a subject or an object opens a clause
        if pos[i] in ("CCONJ", "SCONJ") and deps[i] in ("nsubj", "nsubj:pass", "obj", "iobj"):
            deps[i] = "mark"
    for i in range(len(heads) - 1):
        # "У Повітряних силах": an adjective the parse hung apart from the noun right after it
        if pos[i] == "ADJ" and pos[i + 1] in ("NOUN", "PROPN") and heads[i] != i + 1 \
                and deps[i] in ("obl", "obj", "iobj", "nsubj", "nmod") and heads[i] != i:
            if not ancestor(heads, heads[i], i + 1):
                heads[i + 1], deps[i + 1] = heads[i], deps[i]
            heads[i], deps[i] = i + 1, "amod"
            for k in range(i):  # its preposition is the noun's
                if heads[k] == i and deps[k] == "case":
                    heads[k] = i + 1
    for i in range(len(heads)):
        if pos[i] != "NUM":
            continue
        j = i + 1
        while j < len(heads) and pos[j] == "NUM":
            j += 1
        if j > i + 1:  # "двадцять одного": hang on the last numeral of the run
            rehang(heads, deps, i, j - 1, "flat")
            continue
        while j < len(heads) and pos[j] == "ADJ":
            j += 1
        if j < len(heads) and pos[j] in ("NOUN", "PROPN"):
            rehang(heads, deps, i, j, "nummod")
    one_tree(heads, deps)


def bounded_counts(heads: list[int], deps: list[str], pos: list[str], words: list[str],
                   prepositions: frozenset[str]) -> None:
    """A preposition that bounds a count ("випустили понад 30 ракет", more than 30) and
    that the parse made the head of the counted noun: the noun takes its place, the
    object of a verb before it, and the preposition modifies the noun, as Russian's
    "более" does. Read as the head, it kept the count from the verb."""
    for i, word in enumerate(words):
        if word not in prepositions or pos[i] != "ADP":
            continue
        noun = next((j for j in range(i + 1, len(heads)) if heads[j] == i and pos[j] in ("NOUN", "PROPN")
                     and any(heads[k] == j and pos[k] == "NUM" for k in range(i + 1, j))), None)
        if noun is None:
            continue
        head = heads[i]
        if head == i:
            heads[noun], deps[noun] = noun, "ROOT"
        else:
            heads[noun] = head
            deps[noun] = "obj" if head < i and pos[head] in ("VERB", "AUX") else deps[i]
        heads[i], deps[i] = noun, "advmod"
    one_tree(heads, deps)


def rehang(heads: list[int], deps: list[str], i: int, head: int, dep: str) -> None:
    """Hang word ``i`` on ``head``; a word between them that hung on ``i`` (the noun of
    "двадцять одного дрона" on "двадцять") takes ``i``'s old place, so no cycle forms."""
    node, seen = head, set()
    while heads[node] != node and node != i and node not in seen:
        seen.add(node)
        if heads[node] == i:
            heads[node], deps[node] = (heads[i], deps[i]) if heads[i] != i else (node, "ROOT")
            for child in range(i):  # "про знешкодження двадцять одного дрона": the preposition too
                if heads[child] == i:
                    heads[child] = node
            break
        node = heads[node]
    if head != i:
        heads[i], deps[i] = head, dep


def verb_root(heads: list[int], deps: list[str], pos: list[str], finite: list[bool], words: list[str],
              openers: frozenset[str]) -> None:
    """Where natasha's Russian syntax found no verb at the top of a Ukrainian sentence,
    make the main clause's finite verb the root.

    "Росіяни визнали пошкодження": the tagger hangs the unknown verb on the noun
    after it ("визнали" amod of "пошкодження"). The first finite verb that no
    "що" / "який" opens becomes the root; the old root becomes its object (after
    it) or subject (before it), and the words before the verb that hung on words
    after it hang on the verb, nouns as its subject.
    """
    root = next(i for i, h in enumerate(heads) if h == i)
    if pos[root] in ("VERB", "AUX"):
        return
    verb, opened = None, False
    for i, word in enumerate(words):
        if word in (",", ";", ":", "–", "—", "-"):
            opened = False
        elif word in openers:
            opened = True
        elif finite[i] and pos[i] in ("VERB", "AUX") and not opened:
            verb = i
            break
    if verb is None:
        return
    old_head = heads[verb]
    heads[verb], deps[verb] = verb, "ROOT"
    heads[root], deps[root] = verb, "obj" if root > verb else "nsubj"
    subject = False
    for i in range(verb):
        if heads[i] > verb or heads[i] == old_head and i != root:
            heads[i] = verb
            if pos[i] in ("NOUN", "PROPN", "PRON") and not subject:
                deps[i], subject = "nsubj", True
            elif pos[i] == "ADV":
                deps[i] = "advmod"
    one_tree(heads, deps)


def verb_objects(heads: list[int], deps: list[str], pos: list[str], finite: list[bool]) -> None:
    """A noun right after a finite verb that hangs on a word before the verb is the
    verb's: "Місцеві канали визнали влучання": "влучання" nmod of "канали" across
    "визнали" becomes its object (its oblique after a preposition). So is a numeral
    that stands for its noun ("вдалося збити 32 з них": "32" on "вдалося")."""
    for verb in range(len(heads)):
        if not finite[verb] or pos[verb] not in ("VERB", "AUX"):
            continue
        j = verb + 1
        while j < len(heads) and pos[j] in ("ADJ", "ADP", "DET"):
            j += 1
        alone = j < len(heads) and pos[j] == "NUM" and pos[heads[j]] not in ("NOUN", "PROPN")
        if j >= len(heads) or not (pos[j] in ("NOUN", "PROPN") or alone) or heads[j] >= verb or heads[j] == j:
            continue
        if ancestor(heads, verb, j):
            continue
        preposition = any(heads[k] == j and pos[k] == "ADP" and deps[k] == "case" for k in range(verb + 1, j))
        rehang(heads, deps, j, verb, "obl" if preposition else "obj")
    one_tree(heads, deps)


def verb_subjects(heads: list[int], deps: list[str], pos: list[str], personal: list[bool], feats: list[str]) -> None:
    """A noun before a finite verb that the parse made the verb's adjective is its
    subject: "Міністр оголосив про …", "Німеччина оголосила про постачання …" (natasha's
    Russian syntax reads a Ukrainian subject so). Only a noun that can be a nominative,
    of the verb's number, with no preposition of its own, where the verb has no subject."""
    for i in range(len(heads)):
        verb = heads[i]
        if deps[i] != "amod" or pos[i] not in ("NOUN", "PROPN") or verb <= i or not personal[verb] \
                or pos[verb] not in ("VERB", "AUX") or "Case=Nom" not in feats[i]:
            continue
        if feature_value(feats[i], "Number") != feature_value(feats[verb], "Number"):
            continue
        if any(heads[k] == i and deps[k] == "case" for k in range(i)) or any(
                heads[k] == verb and deps[k].startswith("nsubj") for k in range(len(heads))):
            continue
        deps[i] = "nsubj"


def feature_value(feats: str, name: str) -> str | None:
    """The value of one UD feature in a "Case=Nom|Number=Sing" string."""
    return next((pair.split("=", 1)[1] for pair in feats.split("|") if pair.startswith(name + "=")), None)


def comma_clauses(heads: list[int], deps: list[str], pos: list[str], finite: list[bool], words: list[str],
                  openers: frozenset[str]) -> None:
    """A clause after a comma whose finite verb the parse hung on its own subject or on a
    noun before the comma ("збили 12 ракет, ще дві влучили в будинок": "влучили" the
    object of "дві"; "наша ППО, ще дві влучили": a clause of "ППО"): the verb heads its
    clause, joined to the verb above, and the word right before it is its subject. A
    numeral read as that verb's modifier ("а дві влучили") is its subject too."""
    for verb in range(2, len(heads)):
        subject = verb - 1
        if not finite[verb] or pos[verb] not in ("VERB", "AUX") or pos[subject] not in ("NUM", "NOUN", "PROPN", "PRON"):
            continue
        if heads[subject] == verb and pos[subject] == "NUM" and deps[subject] in ("amod", "nummod"):
            deps[subject] = "nsubj"  # "а дві влучили": a numeral does not modify a verb
            continue
        comma = next((k for k in range(subject - 1, -1, -1) if words[k] == ","), None)
        if comma is None or comma == subject or any(words[k] in openers for k in range(comma + 1, verb)) \
                or any(pos[k] not in ("ADV", "PART", "CCONJ", "NUM", "ADJ", "DET") for k in range(comma + 1, subject)):
            continue
        attached = heads[verb]
        if not (attached == subject or attached < comma and deps[verb] in ("acl", "amod", "obj", "nmod", "appos")):
            continue
        above = attached
        while heads[above] != above and pos[above] not in ("VERB", "AUX"):
            above = heads[above]
        if pos[above] not in ("VERB", "AUX") or above == verb:
            continue
        heads[verb], deps[verb] = above, "conj"
        heads[subject], deps[subject] = verb, "nsubj"
        for k in range(comma, subject):  # the comma, "ще", "а": the clause's, or the subject's
            if heads[k] < comma or heads[k] > verb:
                heads[k], deps[k] = (subject, "nummod") if pos[k] == "NUM" else (verb, deps[k] if pos[k] != "PUNCT" else "punct")
    one_tree(heads, deps)


def reported_clauses(heads: list[int], deps: list[str], pos: list[str], finite: list[bool], words: list[str],
                     openers: frozenset[str], reporting: list[bool] | None = None) -> None:
    """A finite verb (or, given ``reporting``, a gerund) followed by a comma and "що"
    reports the clause they open: its first finite verb is the verb's complement
    (``ccomp``), "що" that clause's ``mark``, and the words after it to the end of the
    sentence are the clause's.

    "Синєгубов додав, що уламки впали …", "В ОВА зазначили, що … пошкоджено будинок":
    natasha's Russian syntax hangs the Ukrainian verb under the clause's verb (or its
    subject under the verb). The reporting verb takes the place the clause's verb had,
    and what stood before it and hung on the clause's verb hangs on it; a noun in front
    of it read as its adjective is its subject.
    """
    reporting = reporting or finite  # the verbs that may report: finite ones, and gerunds where given
    for verb in range(len(heads) - 2):
        if not (reporting[verb] and pos[verb] in ("VERB", "AUX") and words[verb + 1] == "," and words[verb + 2] in openers):
            continue
        clause = next((j for j in range(verb + 3, len(heads)) if finite[j] and pos[j] in ("VERB", "AUX")), None)
        if clause is None:
            # "Джонсон наголосив, що Україна спроможна перемогти": no finite verb; the clause's
            # words hang on the word of theirs that the parse put at their top
            clause = clause_top(heads, pos, verb + 3)
        if clause is None or any(w in (";", ":") or w in openers for w in words[verb + 3:clause]):
            continue
        if ancestor(heads, verb, clause):
            heads[verb], deps[verb] = (heads[clause], deps[clause]) if heads[clause] != clause else (verb, "ROOT")
        for before in range(verb):
            if heads[before] > verb + 1 and (heads[before] == clause or ancestor(heads, before, clause)):
                heads[before] = verb
        heads[clause], deps[clause] = verb, "ccomp"
        heads[verb + 2], deps[verb + 2] = clause, "mark"
        if not finite[verb] and heads[verb] != verb and pos[heads[verb]] in ("VERB", "AUX"):
            deps[verb] = "advcl"  # the gerund qualifies the verb whose subject is its own
        for after in range(verb + 3, len(heads)):  # the clause runs to the end of the sentence
            if after != clause and heads[after] <= verb + 2:
                heads[after] = clause
        for before in range(verb):
            if heads[before] == verb and deps[before] == "amod" and pos[before] in ("NOUN", "PROPN"):
                deps[before] = "nsubj"  # "Синєгубов додав": the speaker, not an adjective
    one_tree(heads, deps)


def clause_top(heads: list[int], pos: list[str], start: int) -> int | None:
    """The first verb from ``start`` to the sentence's end whose head lies outside those
    words: the top of a clause with no finite verb, as the parse hung it."""
    tops = [j for j in range(start, len(heads)) if heads[j] == j or not start <= heads[j] < len(heads)]
    return next((j for j in tops if pos[j] in ("VERB", "AUX")), None)


def opening_phrase(heads: list[int], deps: list[str], pos: list[str], finite: list[bool], words: list[str]) -> None:
    """A sentence opened by a prepositional phrase and a comma ("За попередніми даними,
    постраждалих немає"): the words after the comma that the parse hung inside the
    phrase are the clause's, on its first finite verb (a noun as its subject), and that
    verb heads the sentence."""
    if not words or pos[0] != "ADP" or "," not in words:
        return
    comma = words.index(",")
    if any(finite[i] and pos[i] in ("VERB", "AUX") for i in range(comma)):
        return
    verb = next((j for j in range(comma + 1, len(words)) if finite[j] and pos[j] in ("VERB", "AUX")), None)
    if verb is None:
        return
    if heads[verb] < comma:
        root = next(i for i, h in enumerate(heads) if h == i)
        heads[verb], deps[verb] = verb, "ROOT"
        if root != verb:
            heads[root], deps[root] = verb, "obl" if root < comma else "parataxis"
    for j in range(comma + 1, len(words)):
        if j != verb and heads[j] < comma:
            heads[j] = verb
            if pos[j] in ("NOUN", "PROPN", "PRON") and deps[j] in ("acl", "amod", "nmod", "appos", "obj"):
                deps[j] = "nsubj"
    one_tree(heads, deps)


def ancestor(heads: list[int], node: int, candidate: int) -> bool:
    """Is ``candidate`` above ``node`` in the tree?"""
    seen = set()
    while heads[node] != node and node not in seen:
        seen.add(node)
        node = heads[node]
        if node == candidate:
            return True
    return False


def one_tree(heads: list[int], deps: list[str]) -> None:
    """Make one sentence's heads a single tree: the first root stays ROOT, other roots
    and any word caught in a cycle (the parser can loop) hang on it."""
    roots = [i for i, h in enumerate(heads) if h == i]
    for i in range(len(heads)):
        seen, node = set(), i
        while heads[node] != node and node not in seen:
            seen.add(node)
            node = heads[node]
        if heads[node] != node:  # back to a word already seen: a cycle without root
            if not roots:
                roots.append(node)
            heads[node] = roots[0] if node != roots[0] else node
    top = roots[0] if roots else 0
    for i in range(len(heads)):
        if heads[i] == i:
            heads[i], deps[i] = (i, "ROOT") if i == top else (top, "parataxis")


def counted_by_noun(doc: Doc, count_nouns: frozenset[str]) -> None:
    """A noun of a round number that the parse made the head of what it counts ("une
    dizaine de drones", "десяток людей", "два десятки людей"): the counted noun takes its
    place and the number noun becomes its numeral, as the English parse has "a dozen
    people", so that what reads a verb's subject or object reads the drones or the
    people. In place; the number noun keeps its own numeral ("два")."""
    if not count_nouns:
        return
    # by the words' hashes, not a Token made for every word of every document
    wanted = {get_string_id(form) for form in count_nouns}
    for word in [doc[i] for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower in wanted]:
        if word.pos_ != "NOUN":
            continue
        counted = next((c for c in word.rights if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN")), None)
        if counted is None or any(t.pos_ not in ("ADP", "DET", "ADJ") for t in doc[word.i + 1:counted.i]):
            continue
        counted.head = counted if word.head.i == word.i else word.head
        counted.dep_ = word.dep_
        word.head = counted
        word.dep_ = "nummod"


@lru_cache(maxsize=None)
def count_noun_forms(lang: str) -> frozenset[str]:
    """The forms of the language's nouns of a round number (the frame's ``count_nouns``
    and ``count_nouns_plural``); none for a language rashomon has no data for."""
    from .frame.words import frame_words
    from .lang import LanguageDataError, load_language

    try:
        words = frame_words(load_language(lang))
    except LanguageDataError:
        return frozenset()
    return frozenset(words.count_nouns) | frozenset(words.count_nouns_plural)


def language_parser_data(lang: str) -> dict:
    """What the language's data tell natasha's adapter (none for a language rashomon has
    no data for: the parser still runs)."""
    from .lang import LanguageDataError, load_language

    try:
        return load_language(lang).parser
    except LanguageDataError:
        return {}


def compact_spaces(line: str) -> tuple[str, list[int] | None]:
    """The line with each run of spaces cut to its first, and where each of its characters
    is in the line (None when it had no run to compact)."""
    if SPACE_RUN.search(line) is None:
        return line, None
    blank = [char.isspace() and char != "\n" for char in line]
    kept = [i for i in range(len(line)) if not (blank[i] and i > 0 and blank[i - 1])]
    return "".join(line[i] for i in kept), kept


def joined_lines(text: str) -> list[str]:
    """Lines to parse one by one; a line ending with a colon goes on into the next
    ("Минобороны РФ:\n«За ночь уничтожено 23 БПЛА»")."""
    lines: list[str] = []
    listing = False  # a list after a colon: "збито 35 засобів:\n🔹 5 ракет;\n🔹 30 БпЛА."
    for line in text.splitlines(keepends=True):
        item = line.strip()[:1]
        # a mark opens an item; so does a space where ``read.normalize_text`` blanked an emoji
        bullet = bool(item) and (not item.isalnum() and item not in "«\"“„([" or line[:1] == " ")
        if lines and (lines[-1].rstrip().endswith(":") or listing and bullet):
            lines[-1] += line
            listing = listing or bullet
        else:
            lines.append(line)
            listing = False
        if not line.strip():
            listing = False
    return lines


# natasha gives UD tags; pymorphy3 OpenCorpora ones: pick the reading of the same kind
UD_TO_OPENCORPORA = {
    "VERB": ("VERB", "INFN", "PRTF", "PRTS", "GRND"), "AUX": ("VERB", "INFN"),
    "NOUN": ("NOUN",), "PROPN": ("NOUN",), "ADJ": ("ADJF", "ADJS", "COMP", "PRTF", "PRTS"),
    "NUM": ("NUMR",), "PRON": ("NPRO",), "DET": ("ADJF", "NPRO"), "ADV": ("ADVB", "PRED"),
}


def natasha_taggers() -> tuple[Any, Any, Any]:
    """natasha's morphology tagger, syntax parser and NER tagger over its news embedding,
    kept on disk (``cache``). natasha builds their vocabularies (a dict of every word
    of each, some 250,000) and the embedding's tables again at every start: 0.75-0.9 s
    of a new process's first Russian document, 2-3 times what reading them back takes.
    The models are the files of natasha's wheel, so natasha's version (with those of
    the libraries whose objects are pickled) keys them."""
    from importlib.metadata import version
    from pathlib import Path

    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    from .cache import cached

    def build() -> tuple[Any, Any, Any]:
        embedding = NewsEmbedding()
        return share_vocabularies((NewsMorphTagger(embedding), NewsSyntaxParser(embedding),
                                   NewsNERTagger(embedding)))
    return cached("natasha", build, files=[Path(__file__)],
                  versions=[f"{name} {version(name)}" for name in ("natasha", "slovnet", "navec", "numpy")])


def share_vocabularies(taggers: tuple[Any, ...]) -> tuple[Any, ...]:
    """The taggers, with one object for each vocabulary they all hold the same. Each of
    natasha's taggers reads its words' and shapes' vocabularies from its own file: three
    equal lists and dicts of some 250,000 words, which the cache wrote and read back three
    times (0.2 s of the 0.36 s a new process spent reading the taggers). The encoders only
    look words up in them, so the first tagger's serve all."""
    first = taggers[0].infer.encoder
    for tagger in taggers[1:]:
        encoder = tagger.infer.encoder
        for name in ("words_vocab", "shapes_vocab"):
            if getattr(encoder, name).items == getattr(first, name).items:
                setattr(encoder, name, getattr(first, name))
    return taggers


def grammemes(tag) -> frozenset[str]:
    """A pymorphy3 tag's grammemes, whichever dictionary made it (``"x" in tag`` raises on a
    grammeme the dictionary lacks: "pssv", "infn" are the Ukrainian one's)."""
    return frozenset(str(tag).replace(" ", ",").split(","))


# the readings of a word as a person's name, which say nothing of the common noun's animacy
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})

# the readings a tagger's context may choose between where the dictionary does not
NOUN_OR_VERB = ("NOUN", "VERB")
OPENCORPORA_TO_UD = {
    "VERB": "VERB", "INFN": "VERB", "GRND": "VERB", "PRTF": "VERB", "PRTS": "VERB",
    "NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "NUMR": "NUM", "ADVB": "ADV",
    "NPRO": "PRON", "PREP": "ADP", "CONJ": "CCONJ", "PRCL": "PART", "INTJ": "INTJ", "PRED": "ADV",
}


def load_natasha(model: str, lang: str) -> NatashaParser:
    try:
        return NatashaParser(lang, dictionary_pos=bool(language_parser_data(lang).get("dictionary_pos")))
    except ImportError:
        raise ParserUnavailable(Errors.E022.format(model=f"natasha ({model})", lang=lang)) from None


# name -> loader(model, lang): "spacy:fr_core_news_md", "natasha:ru"
PARSERS: dict[str, Callable[..., Any]] = {
    "spacy": load_spacy,
    "spacy-clear": lambda model, lang: load_spacy(model, lang, convert=clear_to_ud),
    "natasha": load_natasha,
}
