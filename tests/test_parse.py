"""Parsing: cutting long texts, finding quotations, sentence boundaries, documents to Docs."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from rashomon.errors import Errors
from rashomon.ledger import Document
from rashomon.parse import (
    OPENING_QUOTES,
    QUOTE_MARKS,
    SINGLE_QUOTE,
    UnsupportedLanguage,
    breaks_and_marks,
    chunk_text,
    closes_single_quote,
    load_pipeline,
    opens_single_quote,
    parse_documents,
    quote_spans,
)
from rashomon.settings import Settings

STAFF = ("L'état-major général des forces armées ukrainiennes a affirmé dimanche que douze drones "
         "avaient visé la raffinerie de Novozybkov, dans la région russe de Briansk.")
MOD = ("Le ministère russe de la Défense a pour sa part indiqué que douze drones ukrainiens "
       "avaient été interceptés et détruits au-dessus de la région de Briansk.")
GOVERNOR = ("Le gouverneur de la région, Alexandre Bogomaz, a démenti que la raffinerie ait été "
            "touchée.")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("fr", "fr_core_news_md")


def sentences(doc: Doc) -> list[str]:
    return [sent.text for sent in doc.sents]


def words_doc(*words: str) -> Doc:
    """A Doc from words, a space after each but the last and none after a line break."""
    spaces = [not w.isspace() and i < len(words) - 1 for i, w in enumerate(words)]
    return Doc(Vocab(), words=list(words), spaces=spaces)


# --- chunk_text ---------------------------------------------------------------------


def test_short_text_is_one_piece():
    assert chunk_text("Douze drones.", max_chars=100) == [(0, "Douze drones.")]


def test_long_text_is_cut_after_a_line_break():
    text = "Premier paragraphe.\n\nDeuxième paragraphe, plus long."
    assert chunk_text(text, max_chars=32) == [
        (0, "Premier paragraphe.\n\n"),
        (21, "Deuxième paragraphe, plus long."),
    ]


def test_long_line_without_breaks_is_cut_after_a_space():
    text = "douze drones abattus au-dessus de Briansk"
    assert chunk_text(text, max_chars=20) == [
        (0, "douze drones "),
        (13, "abattus au-dessus "),
        (31, "de Briansk"),
    ]


def test_word_longer_than_the_limit_is_cut_hard():
    assert chunk_text("abcdefghij", max_chars=4) == [(0, "abcd"), (4, "efgh"), (8, "ij")]


@given(text=st.text(alphabet=st.sampled_from("ab \n.«»é"), max_size=300),
       max_chars=st.integers(min_value=1, max_value=80))
def test_chunks_are_bounded_and_rebuild_the_text_at_their_offsets(text, max_chars):
    pieces = chunk_text(text, max_chars=max_chars)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= max_chars for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece for _, piece in pieces) or pieces == [(0, "")]


@given(paragraphs=st.lists(st.text(alphabet="ab .", min_size=1, max_size=30), min_size=1, max_size=10))
def test_chunks_of_short_paragraphs_end_at_a_line_break(paragraphs):
    text = "\n\n".join(paragraphs)
    pieces = chunk_text(text, max_chars=32)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


# --- quote_spans ----------------------------------------------------------------------


def test_french_quotation_is_found_with_its_marks():
    doc = words_doc("Il", "a", "dit", "«", "ni", "victimes", "ni", "dégâts", "»", ".")
    assert [(q.start, q.end, q.text) for q in quote_spans(doc, max_chars=100)] == [
        (3, 9, "« ni victimes ni dégâts »"),
    ]


def test_english_and_straight_quotations_are_found():
    doc = words_doc("“", "none", "”", "and", '"', "some", '"')
    assert [q.text for q in quote_spans(doc, max_chars=100)] == ["“ none ”", '" some "']


def test_inner_quotation_marks_stay_inside_the_outer_quotation():
    doc = words_doc("«", "il", "a", "dit", "“", "non", "”", "hier", "»")
    assert [q.text for q in quote_spans(doc, max_chars=100)] == ["« il a dit “ non ” hier »"]


def test_unclosed_quotation_is_no_span():
    doc = words_doc("Il", "a", "dit", "«", "ni", "victimes", ".")
    assert quote_spans(doc, max_chars=100) == []


def test_quotation_does_not_run_over_a_paragraph_break():
    doc = words_doc("«", "ni", "victimes", "\n\n", "ni", "dégâts", "»")
    assert quote_spans(doc, max_chars=100) == []


def test_quotation_longer_than_the_limit_is_dropped():
    doc = words_doc("«", "ni", "victimes", "»", "puis", "«", "non", "»")
    assert [q.text for q in quote_spans(doc, max_chars=8)] == ["« non »"]


MARKS_AND_WORDS = ["«", "»", "“", "”", '"', "'", "''", "``", "„", ".", "—", "\n", "\n\n", " \n", "  ", "il", "A"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKS_AND_WORDS), max_size=20))
def test_the_quotation_marks_and_line_breaks_looked_up_are_those_a_reading_word_by_word_finds(words):
    doc = words_doc(*words)
    assert breaks_and_marks(doc, QUOTE_MARKS) == [t.i for t in doc if t.text in QUOTE_MARKS or "\n" in t.text]
    assert [(q.start, q.end) for q in quote_spans(doc, max_chars=12)] == [
        (q.start, q.end) for q in quote_spans_word_by_word(doc, max_chars=12)]


def quote_spans_word_by_word(doc: Doc, *, max_chars: int) -> list:
    """``quote_spans`` as it read before it looked its marks up: every word asked."""
    spans, opened, closing = [], None, None
    for token in doc:
        if "\n" in token.text:
            opened = None
        elif opened is None and (token.text in OPENING_QUOTES or opens_single_quote(token)):
            opened, closing = token, OPENING_QUOTES.get(token.text, {SINGLE_QUOTE})
        elif opened is not None and token.text in closing and (
                token.text != SINGLE_QUOTE or closes_single_quote(token)):
            if len(doc[opened.i: token.i + 1].text) <= max_chars:
                spans.append(doc[opened.i: token.i + 1])
            opened = None
    return spans


@pytest.fixture(scope="module")
def english_words():
    return spacy.blank("en")


def test_a_headline_quotes_with_single_marks(english_words):
    # ‘ and ’ are ' once normalised, as every apostrophe is
    doc = english_words("Trump: 'I'm the Worst Thing That Ever Happened.'")
    assert [q.text for q in quote_spans(doc, max_chars=100)] == ["'I'm the Worst Thing That Ever Happened.'"]


def test_a_plural_possessive_closes_no_single_quotation(english_words):
    doc = english_words("'The voters' choice is ours,' the mayor said of the voters' anger.")
    assert [q.text for q in quote_spans(doc, max_chars=100)] == ["'The voters' choice is ours,'"]


def test_an_apostrophe_opens_no_quotation(english_words):
    doc = english_words("The '90s were the voters' decade, and the '80s the Beatles' own.")
    assert quote_spans(doc, max_chars=100) == []


# --- the rashomon_sentences component ------------------------------------------------


def test_sentence_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("rashomon_sentences") == names.index("parser") - 1


def test_paragraph_break_starts_a_sentence_even_without_end_punctuation(nlp):
    doc = nlp("Frappe de drones sur une raffinerie de la région de Briansk\n\n" + MOD)
    assert sentences(doc) == ["Frappe de drones sur une raffinerie de la région de Briansk\n\n", MOD]


def test_line_break_starts_a_sentence(nlp):
    doc = nlp("Briansk, 9 mars\n" + MOD)
    assert sentences(doc) == ["Briansk, 9 mars\n", MOD]


def test_quotation_of_two_sentences_stays_in_the_attributing_sentence(nlp):
    text = "« Douze drones ont été abattus. Aucun dégât n'est à déplorer. », a dit le gouverneur."
    doc = nlp(text + " " + GOVERNOR)
    assert sentences(doc) == [text, GOVERNOR]
    assert [q.text for q in doc._.quotes] == [
        "« Douze drones ont été abattus. Aucun dégât n'est à déplorer. »"]


def test_quoted_sentence_ending_the_quotation_may_end_the_sentence(nlp):
    text = "Le gouverneur a déclaré : « Aucun dégât n'est à déplorer. »"
    doc = nlp(text + " " + MOD)
    assert sentences(doc) == [text, MOD]


def test_no_sentence_starts_inside_a_noun_phrase_without_end_punctuation(nlp):
    text = ("Le ministère de la Défense de la Fédération de Russie Vladimir Poutine Alexandre Bogomaz "
            "gouverneur de la région de Briansk Moscou Kiev Smolensk Koursk Belgorod Orel a indiqué "
            "que douze drones avaient été abattus")
    doc = nlp(text)
    assert sentences(doc) == [text]


def test_sentences_start_only_after_end_punctuation_or_a_line_break(nlp):
    doc = nlp(f"{STAFF} {MOD}\n{GOVERNOR} Selon ASTRA, deux réservoirs ont pris feu")
    allowed = {".", "!", "?", "…", "\n"}
    starts = [sent.start for sent in doc.sents][1:]
    assert all(doc[i - 1].text[-1] in allowed for i in starts)
    assert sentences(doc) == [STAFF, MOD + "\n", GOVERNOR, "Selon ASTRA, deux réservoirs ont pris feu"]


def test_closing_quote_at_the_start_does_not_look_at_the_last_token(nlp):
    from rashomon.parse import SentenceBoundaries

    doc = words_doc("»", "a", "dit", "le", "gouverneur", ".")
    assert SentenceBoundaries._boundary(doc, doc[1], set()) is False


# --- parse_documents ----------------------------------------------------------------------


def test_documents_come_out_in_input_order_with_their_ids(nlp):
    documents = [Document(id="afp", text=STAFF, lang="fr"), Document(id="tass", text=MOD),
                 Document(id="bogomaz", text=GOVERNOR, lang="fr-FR")]
    parsed = list(parse_documents(documents))
    assert [(document.id, [(doc._.doc_id, doc._.offset, doc.text) for doc in docs])
            for document, docs in parsed] == [
        ("afp", [("afp", 0, STAFF)]),
        ("tass", [("tass", 0, MOD)]),
        ("bogomaz", [("bogomaz", 0, GOVERNOR)]),
    ]


def test_text_is_normalized_one_for_one_before_parsing(nlp):
    document = Document(id="afp", text="L\u2019état-major\u00a0a affirmé\u202f: « rien ».")
    [(_, [doc])] = parse_documents([document])
    assert doc.text == "L'état-major a affirmé : « rien »."
    assert len(doc.text) == len(document.text)


def test_long_document_is_cut_into_pieces_whose_offsets_map_into_its_text(nlp):
    text = "\n\n".join([STAFF, MOD, GOVERNOR, STAFF, MOD])
    document = Document(id="afp", text=text, lang="fr")
    [(parsed, docs)] = parse_documents([document], settings=Settings(chunk_chars=200))
    assert parsed is document
    assert [doc._.offset for doc in docs] == [0, len(STAFF) + 2, len(STAFF + MOD) + 4,
                                             len(STAFF + MOD + GOVERNOR) + 6,
                                             len(STAFF + MOD + GOVERNOR + STAFF) + 8]
    assert "".join(doc.text for doc in docs) == text
    assert all(document.text[doc._.offset + token.idx: doc._.offset + token.idx + len(token)] == token.text
               for doc in docs for token in doc)


def test_unsupported_language_yields_an_error_naming_the_document(nlp):
    documents = [Document(id="afp", text=STAFF), Document(id="xinhua", text="你好", lang="xx"),
                 Document(id="tass", text=MOD)]
    parsed = list(parse_documents(documents))
    assert [document.id for document, _ in parsed] == ["afp", "xinhua", "tass"]
    error = parsed[1][1]
    assert isinstance(error, UnsupportedLanguage)
    assert str(error) == Errors.E023.format(doc="xinhua", lang="xx", known="en, fr, ru, uk")
    assert str(error) == ("[E023] Document 'xinhua' is in 'xx', which rashomon cannot parse yet. "
                          "Supported languages: en, fr, ru, uk.")


def test_language_is_detected_when_a_document_declares_none(nlp):
    documents = [Document(id="afp", text=STAFF)]
    [(_, docs)] = parse_documents(documents, settings=Settings(default_lang="xx"))
    assert not isinstance(docs, UnsupportedLanguage)


def test_detected_unsupported_language_is_error_e023():
    documents = [Document(id="dpa", text="Die Luftabwehr hat in der Nacht fünf Drohnen abgeschossen, "
                                         "teilte das Verteidigungsministerium mit.")]
    [(_, error)] = parse_documents(documents)
    assert isinstance(error, UnsupportedLanguage)
    assert "'dpa'" in str(error) and "'de'" in str(error)


def test_missing_spacy_model_is_error_e022():
    with pytest.raises(UnsupportedLanguage) as raised:
        load_pipeline("fr", "fr_no_such_model")
    assert str(raised.value) == Errors.E022.format(model="fr_no_such_model", lang="fr")


# --- batches of one language, results in input order ---------------------------------------

MIXED = [  # (id, language, text): a feed of three languages, interleaved
    ("fr1", "fr", STAFF),
    ("en1", "en", "The Russian defence ministry said twelve Ukrainian drones were shot down over Bryansk."),
    ("ru1", "ru", "Минобороны России заявило, что над Брянской областью были сбиты двенадцать беспилотников."),
    ("fr2", "fr", MOD),
    ("en2", "en", "Governor Alexander Bogomaz said there were no casualties after the attack."),
    ("fr3", "fr", GOVERNOR),
    ("ru2", "ru", "Губернатор Александр Богомаз сообщил, что пострадавших нет."),
    ("en3", "en", "Ukraine's General Staff said the refinery in Novozybkov had been hit."),
]


@pytest.fixture
def recorded_batches(monkeypatch):
    """The languages and document ids of every batch the parsers are given, in order."""
    from rashomon import parse

    batches: list[tuple[str, list[str]]] = []
    real = parse.load_parser

    class Recording:
        def __init__(self, lang, parser):
            self.lang, self.parser = lang, parser

        def pipe(self, items, **options):
            items = list(items)
            batches.append((self.lang, [document.id for _, (_, document) in items]))
            return self.parser.pipe(items, **options)

    monkeypatch.setattr(parse, "load_parser", lambda lang, spec, **kw: Recording(lang, real(lang, spec, **kw)))
    return batches


def test_a_mixed_language_feed_is_parsed_in_batches_of_one_language_and_comes_out_in_input_order(
        recorded_batches):
    documents = [Document(id=i, lang=lang, text=text) for i, lang, text in MIXED]
    parsed = list(parse_documents(documents, settings=Settings(batch_size=16)))
    assert [document.id for document, _ in parsed] == [i for i, _, _ in MIXED]
    assert [[(doc._.doc_id, doc._.lang, doc.text) for doc in docs] for _, docs in parsed] == [
        [(i, lang, text)] for i, lang, text in MIXED]
    # one batch a language, not one each time the language changes (which made eight)
    assert recorded_batches == [("fr", ["fr1", "fr2", "fr3"]), ("en", ["en1", "en2", "en3"]),
                                ("ru", ["ru1", "ru2"])]


@pytest.mark.parametrize("ahead", [False, True])
def test_pieces_parsed_ahead_are_at_most_one_batch_a_language(recorded_batches, ahead):
    from rashomon.parse import parse_pieces

    documents = [Document(id=i, lang=lang, text=text) for i, lang, text in MIXED * 3]
    # in a thread (ahead.py), a batch's characters more: here, two pieces at most. (All
    # parsed in this process: the batches a parsing process holds are test_apart.py's)
    settings = Settings(batch_size=2, parse_ahead=ahead, parse_process=False,
                        batch_chars=2 * max(len(text) for _, _, text in MIXED))
    given, most_ahead = 0, 0
    for _ in parse_pieces(documents, settings=settings):
        given += 1
        parsed = sum(len(ids) for _, ids in recorded_batches)
        most_ahead = max(most_ahead, parsed - given)
    assert given == len(documents)
    assert all(len(ids) <= 2 for _, ids in recorded_batches)
    # three languages, a batch each; in a thread, the two handed over and the one it holds
    assert most_ahead <= 3 * settings.batch_size + (3 if ahead else 0)
    # the batches still gather documents of one language from further on
    assert ("fr", ["fr1", "fr2"]) in recorded_batches


def test_the_pieces_of_a_document_of_two_languages_keep_their_order_among_the_others(recorded_batches):
    quoted = ("Минобороны России заявило в воскресенье, что над Брянской областью были перехвачены и "
              "уничтожены двенадцать украинских беспилотников самолётного типа.")
    mixed = Document(id="mixed", lang="fr", text=f"{STAFF}\n\n{quoted}\n\n{GOVERNOR}")
    documents = [Document(id="before", lang="fr", text=MOD), mixed, Document(id="after", lang="fr", text=MOD)]
    parsed = list(parse_documents(documents))
    assert [document.id for document, _ in parsed] == ["before", "mixed", "after"]
    [(_, pieces)] = [item for item in parsed if item[0].id == "mixed"]
    assert [(doc._.lang, doc._.offset) for doc in pieces] == [
        ("fr", 0), ("ru", len(STAFF) + 2), ("fr", len(STAFF) + 2 + len(quoted))]  # the break after it is French
    assert recorded_batches[0] == ("fr", ["before", "mixed", "mixed", "after"])


def test_a_paragraph_that_could_still_be_the_documents_language_stays_in_it():
    """lingua puts French first on this English headline (0.79, English 0.21: its names and
    "attack"); a paragraph leaves the document's language only when lingua gives that
    language next to nothing, as it does the French paragraph after it."""
    from rashomon.language_runs import language_runs

    headline = "Russian attack on Zaporizhzhia kills four, Ukraine says"
    french = ("Le gouverneur de la région a indiqué dimanche que quatre personnes avaient été tuées "
              "dans une attaque de drones contre la ville.")
    text = f"{headline}\n\nThe regional governor said four people were killed.\n\n{french}"
    runs = language_runs(text, "en", Settings())
    assert [(run.lang, text[run.start:run.end].strip()[:20]) for run in runs] == [
        ("en", headline[:20]), ("fr", french[:20])]


# --- the English conversion (adapters.clear_to_ud) ------------------------------------


def test_the_english_conversion_hangs_the_preposition_on_its_noun_and_keeps_every_words_annotations():
    from rashomon.adapters import clear_to_ud

    words = ["Kyiv", "said", "two", "drones", "fell", "over", "Kursk", "."]
    doc = Doc(Vocab(), words=words, spaces=[True] * 6 + [False, False],
              pos=["PROPN", "VERB", "NUM", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"],
              tags=["NNP", "VBD", "CD", "NNS", "VBD", "IN", "NNP", "."],
              lemmas=["Kyiv", "say", "two", "drone", "fall", "over", "Kursk", "."],
              morphs=["Number=Sing", "Tense=Past|VerbForm=Fin", "NumType=Card", "Number=Plur",
                      "Tense=Past|VerbForm=Fin", "", "Number=Sing", ""],
              heads=[1, 1, 3, 4, 1, 4, 5, 1], deps=["nsubj", "ROOT", "nummod", "nsubj", "ccomp", "prep", "pobj", "punct"],
              ents=["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"])
    annotations = lambda d: [(t.text, t.whitespace_, t.pos_, t.tag_, t.lemma_, str(t.morph), t.ent_iob_, t.ent_type_)
                             for t in d]
    before = annotations(doc)
    new = clear_to_ud(doc)
    assert annotations(new) == before
    assert [(t.text, t.dep_, t.head.text) for t in new] == [
        ("Kyiv", "nsubj", "said"), ("said", "ROOT", "said"), ("two", "nummod", "drones"),
        ("drones", "nsubj", "fell"), ("fell", "ccomp", "said"), ("over", "case", "Kursk"),
        ("Kursk", "obl", "fell"), (".", "punct", "said")]
    assert [s.text for s in new.sents] == ["Kyiv said two drones fell over Kursk."]


# --- natasha's adapter: the lines of a text parsed together ----------------------------

RUSSIAN_LINES = ("Минобороны РФ:\n«За ночь уничтожено 23 БПЛА над Курской областью».\n\n"
                 "Губернатор Белгородской области Вячеслав Гладков сообщил о двух пострадавших. "
                 "Повреждены три дома.\n"
                 "В Брянской области сбиты два беспилотника.\n")


def natasha_words(doc: Doc, shift: int = 0) -> list[tuple]:
    """Each word of a natasha Doc but the whitespace: where it and its head start in
    the text, its tags, lemma and entity."""
    return [(t.idx + shift, t.text, t.pos_, t.dep_, t.head.idx + shift, t.lemma_, str(t.morph), t.ent_iob_,
             t.ent_type_) for t in doc if not t.is_space]


def test_natashas_taggers_read_the_lines_of_a_text_together_as_each_alone():
    from rashomon.adapters import joined_lines, load_natasha

    parser = load_natasha("ru", "ru")
    offset, alone = 0, []
    for line in joined_lines(RUSSIAN_LINES):
        if line.strip():  # a line as a text of its own, its words moved to where it stands
            alone += natasha_words(parser(line), shift=offset)
        offset += len(line)
    assert len(joined_lines(RUSSIAN_LINES)) > 2
    assert natasha_words(parser(RUSSIAN_LINES)) == alone


def test_the_ukrainian_dictionarys_tie_of_a_noun_and_a_verb_is_broken_by_the_words_around():
    """pymorphy3 weighs "забрала" the same as the noun "забрало" (a visor) and as the verb
    "забрати"; the tagger, which reads the sentence, tells which."""
    (_, docs), = parse_documents([Document(id="d", text="Ця атака забрала життя трьох дітей.", lang="uk")])
    took = next(t for t in docs[0] if t.text == "забрала")
    assert (took.pos_, took.lemma_) == ("VERB", "забрати")
    assert "VerbForm=Fin" in str(took.morph)


def test_a_ukrainian_passive_participle_heading_its_sentence_is_its_predicate():
    """The Ukrainian dictionary calls "збиті" (shot down) an adjective; heading the
    sentence, it is the verb of the statement. Before a noun it stays an adjective."""
    (_, docs), = parse_documents([Document(id="d", text="Усі ракети збиті. Збиті ракети впали на поле.", lang="uk")])
    first, second = [t for t in docs[0] if t.lower_ == "збиті"]
    assert (first.pos_, first.dep_) == ("VERB", "ROOT")
    assert "VerbForm=Part" in str(first.morph) and "Voice=Pass" in str(first.morph)
    assert second.pos_ == "ADJ"


@pytest.mark.parametrize("word,animacy", [("окупантів", ["Anim"]), ("людей", ["Anim"]), ("будинок", ["Inan"]),
                                          ("війська", ["Inan"]), ("школу", ["Inan"]), ("голова", [])])
def test_a_ukrainian_noun_has_the_animacy_its_dictionary_agrees_on(word, animacy):
    # natasha's tagger knows Russian only; the Ukrainian dictionary says who is a person
    # ("школу" is also a surname: names do not count; "голова" is a head or a chairman: none)
    [(_, [doc])] = parse_documents([Document(id="d", text=f"Там були {word}.", lang="uk")])
    noun = next(t for t in doc if t.text == word)
    assert noun.morph.get("Animacy") == animacy
