"""Big documents: the one-pass structures give the answers the old scans gave.

A 50 MB document is analysed in time and memory that grow with its length because
place mentions, speaker memory, near-duplicate signatures and the per-piece look-ups
read the text once. Each test here sets one of them beside the plain scan it replaced
(kept in this file as the reference, as the code read before) on small inputs built to
hit its edges: many repeated places, names that overlap or share long beginnings,
speakers of every agreement. Nothing here times anything (``bench/bigdoc.py`` does).
"""

from __future__ import annotations

import gc
import random
import re
import weakref
from collections import Counter
from dataclasses import replace

import pytest
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from rashomon import duplicates, frame
from rashomon.attribute import attribute_document, to_claim
from rashomon.attribute.features import attribution_features, fact_features
from rashomon.attribute.speakers import SpeakerMemory, agrees, name_words
from rashomon.ledger import SCORED_SLOTS, Claim, Document, Fact, Source
from rashomon.adapters import batches
from rashomon.parse import SentenceBoundaries, load_parser, load_pipeline, parse_pieces, quote_spans
from rashomon.pipeline import Analysis, analyze_documents, document_claims, narrates, shifted
from rashomon.pieces import ents_within, piece_text, rest_of_line
from rashomon.resolve import (
    Gazetteer,
    _LEVEL_RANK,
    WEIGHTS,
    Place,
    default_gazetteer,
    fold,
    headline,
    in_context,
    mentions,
    occurrences,
    tokens,
    word_forms,
)
from rashomon.settings import Settings


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


# --- where names stand in a text: one pass for every name ------------------------------


def finditer_spans(text: str, name: str) -> list[tuple[int, int]]:
    """The reference: one scan of the whole text per name."""
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]


def test_occurrences_of_many_repeated_places_are_those_of_a_scan_per_name():
    text = " ".join(f"Над {town} сбиты {n} дронов, над {town}ской областью ещё {n}."
                    for n, town in enumerate(["Брянском", "Курском", "Брянск", "Белгородом"] * 50))
    names = ["Брянском", "Брянск", "Курском", "Белгородом", "Брянском", "Орёл", "ской области"]
    found = occurrences(text, names)
    assert set(found) == set(names)
    for name in names:
        assert found[name] == finditer_spans(text, name)
    assert len(found["Брянск"]) == 200  # inside "Брянском" and "Брянской" too, as a scan finds it


@pytest.mark.parametrize("names", [
    ["aa", "aaa", "a"],  # a name that overlaps itself: spans do not overlap, left to right
    ["Zaporizhzhia Oblast", "Zaporizhzhia", "Zaporizhzhia Nuclear Power Plant", "Zaporizhzhian"],  # long shared beginnings
    ["", "x"],  # an empty name stands everywhere
    ["(Kyiv)", "Kyiv.", "[?]"],  # what a regular expression would read as syntax is text
])
def test_occurrences_of_awkward_names_are_those_of_a_scan_per_name(names):
    text = ("aaaa aaa a (Kyiv) Kyiv. Kyiv [?] Zaporizhzhia Oblast, Zaporizhzhian steppe, "
            "Zaporizhzhia Nuclear Power Plant; Zaporizhzhia.") * 3
    found = occurrences(text, names)
    assert {name: found[name] for name in names} == {name: finditer_spans(text, name) for name in names}


def test_occurrences_match_a_scan_per_name_on_random_texts():
    rng = random.Random(14)
    for _ in range(500):
        text = "".join(rng.choice("ab c\n") for _ in range(rng.randint(0, 80)))
        names = ["".join(rng.choice("ab c") for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 6))]
        found = occurrences(text, names)
        assert all(found[name] == finditer_spans(text, name) for name in names), (text, names)


# --- geocoding a whole text, a window of words at a time -------------------------------


def reference_geocode_all(gazetteer, phrase: str, *, adjectives: bool = False, named: bool = False,
                          levels: tuple[str, ...] = ("facility", "city", "district", "region")) -> list[Place]:
    """``Gazetteer.geocode_all`` as it read before: every word, its forms and the
    region and district words of the whole phrase in lists at once."""
    words = [w for w in tokens(phrase) if fold(w) not in gazetteer.ignore]
    if not words:
        return []
    base = [set(word_forms(w)) for w in words]
    regional = {i for i, f in enumerate(base) if f & gazetteer.region_words}
    district = {i for i, f in enumerate(base) if f & gazetteer.district_words}
    forms = [gazetteer._derived(f) for f in base] if adjectives or regional or district else base
    wanted = (*levels, "city") if {"district", "region"} & set(levels) else levels
    found = []
    for i, here in enumerate(forms):
        for form in here:
            for name, key, exact in gazetteer.names.get(form, ()):
                if len(name) > len(forms) - i:
                    continue
                if all(name[j] in forms[i + j] for j in range(1, len(name))):
                    place = gazetteer.places[key]
                    if place.level not in wanted:
                        continue
                    if place.level == "city" and not named and not words[i][:1].isupper():
                        continue
                    derived = any(name[j] not in base[i + j] for j in range(len(name)))
                    found.append((place, exact, name, i, derived))
    found.sort(key=lambda hit: (_LEVEL_RANK[hit[0].level], hit[4], not hit[1], -len(hit[2]), hit[3],
                                -hit[0].population))
    places: dict[str, Place] = {}
    for place, _, name, i, _ in found:
        if place.level == "city":
            beside = {i - 1, i + len(name)}
            if beside & district:
                place = gazetteer._around(place, district=True)
            elif beside & regional:
                place = gazetteer._around(place, district=False)
        if place.level in levels:
            places.setdefault(place.town if place.level == "city" else place.key, place)
    return list(places.values())


PHRASES = [
    "région de Briansk",
    "Bryansk region",
    "Унечский район",
    "Волгоградский НПЗ",
    "l'usine aéronautique de Smolensk",
    "мирные жители",
    "Novokouïbychevsk, dans la région de Samara",
    "au-dessus de la région de Briansk et de Koursk, près de Novozybkov",
    "Zaporizhzhia Nuclear Power Plant",
    "",
    "de la",
    "Brянск",
]


@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("options", [{}, {"adjectives": True}, {"named": True}, {"levels": ("facility",)},
                                     {"levels": ("region",)}, {"levels": ("city", "district", "region")}])
def test_geocoding_a_phrase_a_window_at_a_time_gives_the_places_of_the_whole_list(gazetteer, phrase, options):
    assert gazetteer.geocode_all(phrase, **options) == reference_geocode_all(gazetteer, phrase, **options)


@pytest.mark.parametrize("levels", [("facility",), ("region",), ("facility", "city", "district", "region")])
def test_geocoding_a_long_text_gives_the_places_of_the_whole_list(gazetteer, levels):
    # longer than any name many times over, with area words at the window's edges
    text = " ".join(f"{PHRASES[i % len(PHRASES)]} ; Унечский район {i} ; Bryansk region ; "
                    "raffinerie de Novokouïbychevsk ; область" for i in range(120))
    assert gazetteer.geocode_all(text, levels=levels) == reference_geocode_all(gazetteer, text, levels=levels)


@pytest.mark.parametrize("phrase", [*PHRASES, " ; ".join(PHRASES * 3)])
def test_one_reading_for_several_sets_of_levels_gives_each_sets_places(gazetteer, phrase):
    # a document's whole text is read once for its facilities and its regions
    each = (("facility",), ("region",), ("city", "district", "region"))
    for options in ({}, {"adjectives": True}, {"named": True}):
        assert gazetteer.geocode_each(phrase, each, **options) == \
            [reference_geocode_all(gazetteer, phrase, levels=levels, **options) for levels in each]


def test_a_name_as_long_as_the_longest_still_sees_the_area_word_after_it():
    # a gazetteer of one two-word town: the window must hold the word after the name
    gazetteer = Gazetteer(region_words=frozenset({"oblast"}), district_words=frozenset({"raion"}))
    town = Place(key="city:1", level="city", name="Nova Kakhovka", admin1="UA.08", geonameid=1)
    gazetteer.places = {town.key: town, "region:UA.08": Place(key="region:UA.08", level="region",
                                                              name="Kherson Oblast", admin1="UA.08")}
    gazetteer.add_name("Nova Kakhovka", town.key, exact=True)
    assert gazetteer.longest == 2
    for phrase in ("Nova Kakhovka raion", "the Nova Kakhovka oblast", "raion Nova Kakhovka", "Nova Kakhovka"):
        for levels in (("city", "district", "region"), ("region",), ("district",)):
            assert gazetteer.geocode_all(phrase, levels=levels) == \
                reference_geocode_all(gazetteer, phrase, levels=levels), (phrase, levels)
    assert gazetteer.geocode("Nova Kakhovka raion").level == "district"


# --- a document's place mentions --------------------------------------------------------


def reference_mentions(document: Document, claims: list[Claim], named: list[str], gazetteer):
    """``resolve.mentions`` as it read before: the whole text scanned again for
    every mention of a place the parse found."""
    found = []
    for claim in claims:
        for fact in claim.facts:
            if fact.slot in ("place", "target") and isinstance(fact.value, str):
                if gazetteer.is_origin(fact.value, fact.span, document.text):
                    continue
                place = gazetteer.geocode(in_context(fact.value, fact.span, document.text),
                                          adjectives=fact.slot == "target", named=fact.slot == "place")
                if place is not None:
                    found.append((place, WEIGHTS[fact.slot], fact.value))
    for name in named:
        spans = finditer_spans(document.text, name)
        if spans and all(gazetteer.is_origin(name, span, document.text) for span in spans):
            continue
        place = gazetteer.geocode(name, named=True)
        if place is not None:
            found.append((place, WEIGHTS["named"], name))
    for place in reference_geocode_all(gazetteer, headline(document), levels=("city", "district", "region")):
        found.append((place, WEIGHTS["headline"], place.name))
    for place in reference_geocode_all(gazetteer, document.text, levels=("facility",)):
        found.append((place, WEIGHTS["facility"], place.name))
    if not found:
        for place in reference_geocode_all(gazetteer, document.text, levels=("region",)):
            found.append((place, WEIGHTS["named"], place.name))
    return found


@pytest.mark.parametrize("text", [
    "Над Брянской областью сбиты беспилотники, сообщил губернатор.",
    "Ракеты запущены з району Енгельса; у Сумській області пошкоджено будинки.",
    "The refinery at Novokuibyshevsk was hit, officials in the Samara region said.",
    "Drones struck the Novokuibyshevsk refinery, officials in the Samara region said.",
    # a facility named by an adjective of its town: counted where a region word stands too
    "Атакован Волгоградский НПЗ.",
    "Атакован Волгоградский НПЗ в Волгоградской области.",
    "Nobody said where.",
])
def test_mentions_of_a_text_nothing_else_places_are_its_regions(gazetteer, text):
    # no claim, no place the parse found, no headline's: the text's facilities and,
    # failing those, the regions it names with a region word
    document = Document(id="regions", text="Overnight attack\n\n" + text, lang="ru")
    assert mentions(document, [], [], gazetteer) == reference_mentions(document, [], [], gazetteer)


def test_mentions_of_a_text_with_many_repeated_places_are_those_of_the_scans(gazetteer):
    paragraphs = [
        "Над Брянской областью сбиты {n} беспилотников, сообщил губернатор. Обломки упали в Брянске.",
        "Drones launched from Engels struck the Novokuibyshevsk refinery near Samara, {n} people hurt.",
        "Selon Kiev, {n} drones ont visé la raffinerie de Novozybkov, dans la région de Briansk.",
        "Ракеты запущены з району Енгельса; у Сумах пошкоджено {n} будинків.",
    ]
    text = "Удар по Брянску\n\n" + "\n\n".join(paragraphs[i % 4].format(n=i) for i in range(200))
    document = Document(id="archive", text=text, lang="ru")
    named = [name for i in range(200) for name in (["Брянске", "Engels", "Samara", "Briansk", "Novozybkov",
                                                    "Енгельса", "Сумах", "Kursk"][i % 8:i % 8 + 3])]
    at = text.index("Novozybkov")
    claims = [Claim(id="c1", doc="archive", source=Source(name="Kiev"), stance="assert", text="…",
                    span=(at, at + 10), sentence=(at, at + 10),
                    facts=[Fact(slot="place", value="Novozybkov", span=(at, at + 10)),
                           Fact(slot="target", value="raffinerie de Novozybkov")])]
    got = mentions(document, claims, named, gazetteer)
    assert got == reference_mentions(document, claims, named, gazetteer)
    assert not any(wording in ("Engels", "Енгельса") for _, _, wording in got)  # only ever an origin
    assert [wording for _, _, wording in got].count("Samara") == 75  # every mention weighs


def test_mentions_of_a_name_the_text_does_not_hold_as_written_still_count(gazetteer):
    # the parse reads the normalized text ("l'" for "l’"): no span, no origin, a mention
    document = Document(id="d", text="Frappe sur l’usine de Briansk.", lang="fr")
    named = ["l'usine de Briansk", "Briansk"]
    assert mentions(document, [], named, gazetteer) == reference_mentions(document, [], named, gazetteer)


# --- speaker memory: the last of each agreement and of each word ------------------------


GENDERS = ["Gender=Masc", "Gender=Fem", "Gender=Neut", ""]
NUMBERS = ["Number=Sing", "Number=Plur", ""]


def speaker_doc(count: int, seed: int) -> Doc:
    """Heads of speakers and pronouns of every gender, number, entity type and part of speech."""
    rng = random.Random(seed)
    words, morphs, pos, ents = [], [], [], []
    for i in range(count):
        words.append(f"w{i}")
        morphs.append("|".join(filter(None, [rng.choice(GENDERS), rng.choice(NUMBERS)])))
        pos.append(rng.choice(["NOUN", "PROPN", "PRON"]))
        ents.append(rng.choice(["B-PER", "B-ORG", "B-GPE", "B-LOC", "O", "O"]))
    return Doc(Vocab(), words=words, morphs=morphs, pos=pos, ents=ents)


def reference_agrees(pronoun, head) -> bool:
    """``speakers.agrees`` as it read before, from the head word itself."""
    gender, number = pronoun.morph.get("Gender"), pronoun.morph.get("Number")
    their_gender, their_number = head.morph.get("Gender"), head.morph.get("Number")
    person = head.ent_type_ in ("PER", "PERSON")
    if gender and their_gender:
        return gender[0] == their_gender[0] or (gender[0] == "Masc" and person)
    if gender and gender[0] == "Neut":
        return not person
    if gender and not their_gender:
        return person or head.pos_ == "PROPN" and head.ent_type_ not in ("ORG", "GPE", "NORP", "LOC")
    if number and their_number and number[0] == "Sing" and their_number[0] == "Plur":
        return False
    return True


def test_a_pronoun_finds_the_speaker_a_scan_back_through_all_of_them_finds():
    doc = speaker_doc(400, seed=1)
    memory, named = SpeakerMemory(), []
    for token in doc:
        if token.i % 3:  # two words in three name a speaker, the third is a pronoun
            source = Source(name=f"speaker {token.i}")
            memory.remember(source, token)
            named.append((source, token))
            continue
        scan = next((source for source, head in reversed(named) if reference_agrees(token, head)),
                    named[-1][0] if named else None)
        assert memory.agreeing(token) is scan
        assert all(agrees(token, head) == reference_agrees(token, head) for _, head in named[-20:])


def test_a_bare_noun_finds_the_last_speaker_whose_name_holds_it_or_its_kind(fr):
    doc = Doc(Vocab(), words=["gouverneur", "ministère", "armée", "source", "communiqué"],
              lemmas=["gouverneur", "ministère", "armée", "source", "communiqué"])
    names = ["le gouverneur de Briansk", "le ministère russe", "l'armée de l'air", "Alexandre Bogomaz",
             "le gouverneur Bogomaz", "la même source", "ministère de l'Intérieur"]
    memory, said = SpeakerMemory(), []
    for step, name in enumerate(names * 30):
        source = Source(name=name)
        memory.remember(source, doc[step % len(doc)])
        said.append(source)
        for head in doc:
            noun = head.lemma_.lower()
            kin = next((group for group in fr.anaphor_classes if noun in group), {noun})
            scan = next((s for s in reversed(said) if set(s.name.lower().replace("'", " ").split()) & kin),
                        said[-1] if noun in fr.report_nouns else None)
            assert memory.antecedent(head, fr) is scan
    assert name_words("l'armée de l'air") == {"l", "armée", "de", "air"}


def test_speaker_memory_keeps_no_word_of_the_parse():
    doc = speaker_doc(50, seed=2)
    memory = SpeakerMemory()
    for token in doc:
        memory.remember(Source(name=f"speaker {token.i}"), token)
    freed = weakref.ref(doc)
    del doc, token
    gc.collect()
    assert freed() is None and len(memory.speakers) == 50


# --- near-duplicate signatures of a long text, a batch of shingles at a time ----------


@pytest.mark.parametrize("batch", [1, 2, 997])
def test_the_signature_of_a_long_text_made_as_it_is_read_is_that_of_its_whole_shingle_set(monkeypatch, batch):
    text = " ".join(f"Над Брянской областью сбиты {n} беспилотников. Drones over Kursk: {n % 7}." for n in range(3000))
    whole = duplicates.signature(set(duplicates._read_inputs(text, 3).shingles))
    monkeypatch.setattr(duplicates, "STREAMED_CHARS", 1_000)
    monkeypatch.setattr(duplicates, "SHINGLE_BATCH", batch)
    assert (duplicates.text_signature(text, size=3).hashvalues == whole.hashvalues).all()


@pytest.mark.parametrize("text", ["", "один", "one two", "one two three", "one two three four", "a, b; c. d e f g"])
def test_shingles_read_one_at_a_time_are_the_shingle_set(text):
    folded = [w.casefold() for w in duplicates._WORDS.findall(text)]
    assert set(duplicates.streamed_shingles(text, size=3)) == duplicates.shingles(folded, size=3)


def test_a_long_document_among_others_is_marked_as_before(monkeypatch):
    original = "\n".join(f"Le gouverneur a affirmé que {n} drones avaient été abattus au-dessus de Koursk."
                         for n in range(400))
    documents = [Document(id="first", text=original, published="2025-03-09T08:00:00"),
                 Document(id="reprint", text="Reprise AFP\n" + original, published="2025-03-09T09:00:00"),
                 Document(id="other", text="Une autre dépêche sur Belgorod.", published="2025-03-09T10:00:00")]
    monkeypatch.setattr(duplicates, "STREAMED_CHARS", 1_000)
    marked = duplicates.mark_duplicates(documents)
    assert [d.duplicate_of for d in marked] == [None, "first", None]


# --- per-piece look-ups, made once --------------------------------------------------------


def test_piece_text_and_the_rest_of_a_line_are_the_docs_own():
    doc = Doc(Vocab(), words=["Минобороны", ":", "\n", "сбиты", "12", "дронов", "\n\n", "конец"],
              spaces=[False, False, False, True, True, False, False, False])
    assert piece_text(doc) == doc.text
    for token in doc:
        end = token.idx + len(token.text)
        assert rest_of_line(doc, end) == doc.text[end:].split("\n", 1)[0]


def test_entities_within_a_span_are_the_spans_own():
    doc = Doc(Vocab(), words="Le gouverneur de Briansk Alexandre Bogomaz a parlé de Novozybkov et de Koursk".split(),
              ents=["O", "O", "O", "B-LOC", "B-PER", "I-PER", "O", "O", "O", "B-LOC", "O", "O", "B-GPE"])
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            span = doc[start:end]
            assert [(e.start, e.end, e.label_) for e in ents_within(span)] == \
                [(e.start, e.end, e.label_) for e in span.ents]


def test_sentence_starts_set_at_once_are_those_set_word_by_word():
    nlp = load_pipeline("fr", "fr_core_news_md")
    component = SentenceBoundaries(max_quote_chars=2000)
    text = ("Le gouverneur a démenti. « Il n'y a pas de blessés », a-t-il dit.\nMoscou, 16 mars 2025 (AFP) - "
            "Une raffinerie a brûlé. M. Zelensky a parlé : « Nous frapperons. Encore. »\n\nLe ministère :\n"
            "« Douze drones abattus ».") * 5
    for piece in (text, "Un.", "A"):
        by_word, at_once = nlp.make_doc(piece), nlp.make_doc(piece)
        for name, proc in nlp.pipeline[:nlp.pipe_names.index("rashomon_sentences")]:
            by_word, at_once = proc(by_word), proc(at_once)
        quotes = quote_spans(by_word, max_chars=2000)
        inside = {t.i for span in quotes for t in span[1:]}
        for token in by_word[1:]:
            token.is_sent_start = component._boundary(by_word, token, inside)
        component(at_once)
        assert (by_word.to_array([SENT_START]) == at_once.to_array([SENT_START])).all()


# --- a document's pieces are let go as the analysis goes on ------------------------------


def reference_document_claims(document, pieces, lang, analysis):
    """``pipeline.document_claims`` as it read before: every piece's attributions (and
    so every parsed piece) kept until the last piece was attributed."""
    claims = []

    def identify(source, code):
        known = analysis.registry.resolve_source(source, code)
        return replace(known, name=source.name, refers_to=source.refers_to,
                       label=known.label or (known.name if known.id else None))

    evidence = lambda words, code: analysis.registry.evidence(words, lang=code)  # noqa: E731
    found_all = list(attribute_document(document, pieces, lang, resolve_source=identify, speaker_evidence=evidence))
    per_sentence = Counter((id(f.sentence.doc), f.sentence.start) for f in found_all)
    publisher = identify(Source(name=document.publisher), lang.code) if document.publisher else None
    for found in found_all:
        claim = to_claim(found, document, lang)
        claim.features = attribution_features(found, lang, evidence=lambda words: evidence(words, lang.code),
                                              in_sentence=per_sentence[(id(found.sentence.doc), found.sentence.start)],
                                              publisher_kind=publisher.kind if publisher else None)
        if not claim.attributed and claim.source.name:
            claim.source = identify(claim.source, lang.code)
        content = found.content if found.content is not None else found.sentence
        facts = frame.frame_content(content, found.stance, lang, published=document.published)
        claim.facts = [shifted(f, found.offset) for f in facts]
        for fact in claim.facts:
            if fact.span:
                fact.evidence = fact.evidence or document.text[fact.span[0]:fact.span[1]]
        claim.said_at = frame.statement_time(found.cue_token, lang, document.published)
        claims.append(claim)
    told = {(f.slot, repr(f.value)) for c in claims if c.attributed for f in c.facts}
    for claim in claims:
        if not claim.attributed and narrates(claim.source):
            claim.facts = [f for f in claim.facts if f.slot not in SCORED_SLOTS or (f.slot, repr(f.value)) not in told]
    model, floor = analysis.confidence, analysis.min_confidence
    kept = []
    for claim in claims:  # ``pipeline.scored`` as it read before: claims scored here too
        claim.confidence = round(model.of_claim(claim.features or {}, attributed=claim.attributed), 4)
        for fact in claim.facts:
            fact.features = fact_features(fact, claim)
            fact.confidence = round(model.fact(fact.features), 4) if fact.slot in SCORED_SLOTS else None
        if claim.attributed and claim.confidence is not None and claim.confidence < floor:
            continue
        claim.facts = [f for f in claim.facts if f.confidence is None or f.confidence >= floor]
        kept.append(claim)
    return kept


LONG_REPORT = "\n\n".join(
    ("Le ministère russe de la Défense a affirmé que {n} drones avaient été abattus au-dessus de la région "
     "de Briansk. Il a assuré qu'il n'y avait « ni victimes ni dégâts ».\n\nSelon le gouverneur Alexandre "
     "Bogomaz, la raffinerie de Novozybkov a été touchée. Le gouverneur a démenti tout incendie.").format(n=n)
    for n in range(30))


def test_claims_made_piece_by_piece_are_those_made_from_all_pieces_at_once(fr):
    document = Document(id="archive", text=LONG_REPORT, lang="fr", publisher="AFP",
                        published="2025-03-10T08:00:00+00:00")
    settings, analysis = Settings(chunk_chars=500), Analysis()
    before = reference_document_claims(document, (doc for _, doc in parse_pieces([document], settings=settings)),
                                       fr, analysis)
    after = document_claims(document, (doc for _, doc in parse_pieces([document], settings=settings)), fr, analysis)
    assert len(before) > 30
    assert [c.to_json() for c in after] == [c.to_json() for c in before]
    assert any(c.source.refers_to for c in after)  # "Il" stood for the ministry, across pieces


def test_a_long_documents_parsed_pieces_are_let_go_as_its_claims_are_made(fr):
    document = Document(id="archive", text=LONG_REPORT, lang="fr")
    settings = Settings(chunk_chars=500, batch_size=2)
    alive: list[weakref.ref] = []
    most = 0

    def pieces():
        nonlocal most
        for _, doc in parse_pieces([document], settings=settings):
            most = max(most, sum(ref() is not None for ref in alive))
            alive.append(weakref.ref(doc))
            yield doc

    # without the cyclic garbage collector: a finished piece is freed as soon as it is
    # let go, not whenever a full collection comes (rarely, when many claims are held)
    gc.collect()
    gc.disable()
    try:
        claims = document_claims(document, pieces(), fr, Analysis())
    finally:
        gc.enable()
    assert len(alive) >= 20 and claims
    assert most <= 2 * settings.batch_size + 2  # the parser's batch and the piece in hand, not all


def test_features_are_let_go_once_read_unless_kept_and_the_scores_are_the_same():
    document = Document(id="archive", text=LONG_REPORT, lang="fr", publisher="AFP",
                        published="2025-03-10T08:00:00+00:00")
    lean = analyze_documents([document], analysis=Analysis(settings=Settings(min_confidence=0.0)))
    kept = analyze_documents([document], analysis=Analysis(settings=Settings(min_confidence=0.0),
                                                           keep_features=True))
    assert lean.to_json() == kept.to_json()
    assert all(c.features is None and all(f.features is None for f in c.facts) for c in lean.claims)
    assert all(c.features and all(f.features for f in c.facts) for c in kept.claims)
    assert all(c.confidence is not None for c in lean.claims)


# --- parsing in batches bounded in characters ------------------------------------------


def test_batches_hold_at_most_so_many_texts_and_characters():
    items = [("a" * n, i) for i, n in enumerate([5, 5, 5, 20, 1, 1, 1, 1])]
    assert [[i for _, i in b] for b in batches(items, size=3, chars=None)] == [[0, 1, 2], [3, 4, 5], [6, 7]]
    assert [[i for _, i in b] for b in batches(items, size=3, chars=12)] == [[0, 1], [2], [3], [4, 5, 6], [7]]
    assert list(batches([], size=3, chars=12)) == []


def test_a_piece_is_parsed_the_same_whatever_is_batched_with_it():
    parser = load_parser("fr", "spacy:fr_core_news_md")
    texts = [(LONG_REPORT[i * 700:(i + 1) * 700], i) for i in range(8)]
    attrs = ["TAG", "POS", "MORPH", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "LEMMA", "SENT_START"]
    together = [(doc.to_array(attrs), doc.tensor) for doc, _ in parser.pipe(texts, batch_size=16)]
    apart = [(doc.to_array(attrs), doc.tensor) for doc, _ in parser.pipe(texts, batch_size=16, batch_chars=1500)]
    assert all((a == b).all() and (ta == tb).all() for (a, ta), (b, tb) in zip(together, apart))
