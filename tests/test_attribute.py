"""Attribution: one French sentence each, asserting source, cue, stance and the exact content.

The sentences are written in the ways French wire reports write reported speech; none
comes from an evaluation case.
"""

from __future__ import annotations

import pytest

ATTRIBUTED = [
    # subject + speech verb + que-clause, in several tenses
    ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que Moscou n'avait reçu aucune information.",
     "porte-parole du Kremlin, Dmitri Peskov", "déclarer", "assert",
     "Moscou n'avait reçu aucune information", "verb-complement"),
    ("Le maire de la ville avait indiqué hier qu'un drone était tombé sur un immeuble.",
     "maire de la ville", "indiquer", "assert", "un drone était tombé sur un immeuble", "verb-complement"),
    ("L'armée affirme que six missiles ont été interceptés.",
     "armée", "affirmer", "assert", "six missiles ont été interceptés", "verb-complement"),
    # an infinitive complement
    ("Le ministère russe de la Défense affirme avoir abattu 42 drones ukrainiens.",
     "ministère russe de la Défense", "affirmer", "assert", "avoir abattu 42 drones ukrainiens", "verb-complement"),
    # denial and acknowledgement
    ("L'armée ukrainienne a démenti avoir frappé des zones résidentielles.",
     "armée ukrainienne", "démentir", "deny", "avoir frappé des zones résidentielles", "verb-complement"),
    ("Le gouverneur a reconnu mardi que l'usine avait subi des dégâts importants.",
     "gouverneur", "reconnaître", "acknowledge", "l'usine avait subi des dégâts importants", "verb-complement"),
    ("Plus tard, l'agence TASS a admis que deux drones avaient atteint la centrale.",
     "agence TASS", "admettre", "acknowledge", "deux drones avaient atteint la centrale", "verb-complement"),
    # a quotation, then an inverted incise with a noun or a clitic
    ("« Dix-sept drones ont été abattus cette nuit au-dessus de la région », a annoncé jeudi le gouverneur.",
     "gouverneur", "annoncer", "assert", "Dix-sept drones ont été abattus cette nuit au-dessus de la région",
     "quote-incise"),
    ("« Un incendie s'est déclaré sur le site. Il a été maîtrisé », a déclaré à Reuters un responsable local.",
     "responsable local", "déclarer", "assert", "Un incendie s'est déclaré sur le site. Il a été maîtrisé",
     "quote-incise"),
    # a colon, then the quotation
    ("Le gouverneur a ajouté : « La situation est sous contrôle, il n'y a aucun dégât. »",
     "gouverneur", "ajouter", "assert", "La situation est sous contrôle, il n'y a aucun dégât.", "colon-quote"),
    # an inverted incise without quotation
    ("Trois drones ont été abattus au-dessus de Koursk, a précisé le ministère.",
     "ministère", "préciser", "assert", "Trois drones ont été abattus au-dessus de Koursk", "incise"),
    # selon / d'après, before or after the statement
    ("D'après l'armée de l'air ukrainienne, 23 missiles sur 31 ont été interceptés.",
     "armée de l'air ukrainienne", "d'après", "assert", "23 missiles sur 31 ont été interceptés", "according-to"),
    ("Trois personnes ont été tuées et huit autres blessées, selon la police régionale.",
     "police régionale", "selon", "assert", "Trois personnes ont été tuées et huit autres blessées", "according-to"),
]


@pytest.mark.parametrize("text,source,cue,stance,content,path", ATTRIBUTED,
                         ids=[row[5] + ":" + row[0][:30] for row in ATTRIBUTED])
def test_attribution(attribute_fr, text, source, cue, stance, content, path):
    claims = [c for c in attribute_fr(text) if c.attributed]
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.source.name, claim.cue, claim.stance, claim.path) == (source, cue, stance, path)
    assert claim.text == content
    assert text[claim.span[0]:claim.span[1]] == content


def test_quote_is_marked_direct(attribute_fr):
    claims = attribute_fr("« Nous avons détruit trois des cinq missiles », a-t-elle souligné.")
    assert [c.quote for c in claims] == [True]


def test_pronoun_speaker_is_the_last_named_speaker(attribute_fr):
    claims = attribute_fr("Le gouverneur de Belgorod, Viatcheslav Gladkov, a affirmé que deux drones avaient "
                        "été abattus.\n\nIl a nié l'existence de victimes.")
    assert [c.source.who for c in claims] == ["gouverneur de Belgorod, Viatcheslav Gladkov"] * 2
    # the claim keeps the words of the text, and says whom they stand for
    assert [(c.source.name, c.source.refers_to) for c in claims][1] == (
        "Il (gouverneur de Belgorod, Viatcheslav Gladkov)", "gouverneur de Belgorod, Viatcheslav Gladkov")
    assert [c.stance for c in claims] == ["assert", "deny"]


def test_pronoun_far_from_its_speaker_is_named_as_written(attribute_fr):
    claims = attribute_fr("Le gouverneur de Belgorod, Viatcheslav Gladkov, a affirmé que deux drones avaient "
                          "été abattus.\n\nLa ville était calme.\n\nLes écoles ont rouvert.\n\n"
                          "Il a nié l'existence de victimes.")
    # three sentences on, whom "Il" stands for is a likely reading, not plain: the words stay as written
    last = claims[-1]
    assert (last.source.name, last.source.refers_to) == ("Il", "gouverneur de Belgorod, Viatcheslav Gladkov")
    assert last.source.shown == "Il (gouverneur de Belgorod, Viatcheslav Gladkov)"
    assert last.source.who == "gouverneur de Belgorod, Viatcheslav Gladkov"


def test_noun_referring_back_keeps_its_determiner(attribute_fr):
    claims = attribute_fr("Le ministère russe de la Défense a annoncé que dix drones avaient été abattus.\n\n"
                          "Le ministère a ajouté que personne n'avait été blessé.")
    # the words as the text wrote them: "Le ministère" refers back, "ministère" alone would read as a name
    assert [(c.source.name, c.source.refers_to) for c in claims][1] == (
        "Le ministère (ministère russe de la Défense)", "ministère russe de la Défense")


def test_inverted_clitic_is_the_last_named_speaker(attribute_fr):
    claims = attribute_fr("Le porte-parole de l'armée de l'air, Iouri Ignat, a évoqué une attaque massive.\n\n"
                        "Cinq missiles ont été interceptés, a-t-il expliqué.")
    last = claims[-1]
    assert (last.source.who, last.cue, last.path) == ("porte-parole de l'armée de l'air, Iouri Ignat",
                                                      "expliquer", "incise")
    assert last.source.name == "il (porte-parole de l'armée de l'air, Iouri Ignat)"


def test_pronoun_without_antecedent_keeps_the_pronoun(attribute_fr):
    claims = attribute_fr("Il a nié l'existence de dégâts.")
    assert [(c.source.name, c.source.refers_to) for c in claims] == [("Il", None)]


def test_quotation_of_two_sentences_is_one_claim(attribute_fr):
    text = "« Un trou est apparu sur le toit. Rien d'autre n'a été touché », indique le communiqué."
    claims = attribute_fr(text)
    assert [(c.source.name, c.text) for c in claims] == [
        ("communiqué", "Un trou est apparu sur le toit. Rien d'autre n'a été touché")]


def test_publisher_voice_is_unattributed(attribute_fr):
    claims = attribute_fr("Deux drones ont frappé un dépôt pétrolier dans la nuit.", publisher="Ukrinform")
    claim = claims[0]
    assert (claim.attributed, claim.source.name, claim.path) == (False, "Ukrinform", "publisher")


def test_sentence_without_verb_is_not_a_claim(attribute_fr):
    claims = attribute_fr("Frappe sur Novozybkov\n\nLe gouverneur affirme que la raffinerie est intacte.")
    assert [c.path for c in claims] == ["verb-complement"]


def test_speaker_phrase_leaves_out_the_channel(attribute_fr):
    claims = attribute_fr("L'armée de l'air ukrainienne a annoncé sur Telegram que 48 drones avaient été lancés.")
    assert claims[0].source.name == "armée de l'air ukrainienne"


def test_later_marker_is_recorded(attribute_fr):
    claims = attribute_fr("Plus tard, le ministère a reconnu que des dégâts avaient été causés.")
    assert claims[0].later is True


def test_claim_sentence_span_holds_the_content(attribute_fr):
    text = "Intro.\n\nSelon Meduza, la production de l'usine a été suspendue après l'attaque."
    claims = attribute_fr(text)
    claim = next(c for c in claims if c.attributed)
    start, end = claim.sentence
    assert text[start:end] == "Selon Meduza, la production de l'usine a été suspendue après l'attaque."
    assert start <= claim.span[0] < claim.span[1] <= end


def test_registry_gives_the_canonical_source(analyze_fr):
    ledger = analyze_fr("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que Moscou n'avait reçu aucune "
                        "information.")
    source = ledger.claims[0].source
    assert (source.id, source.side) == ("ru-kremlin-spokesman", "russia")


REFERRING = [
    # a relative pronoun stands for its antecedent
    ("Le gouverneur de la région, Viatcheslav Sorokine, qui avait assuré que tous les drones avaient été "
     "abattus, a reconnu que des éléments de l'installation ont été endommagés.",
     ["gouverneur de la région, Viatcheslav Sorokine"] * 2),
    # "la même source" and "le communiqué" refer back
    ("Selon l'armée de l'air, 31 drones ont été abattus. Selon la même source, neuf autres ont été perdus.",
     ["armée de l'air", "armée de l'air"]),
    ("Le ministère a annoncé une frappe massive. « Tous les objectifs ont été atteints », indique le communiqué.",
     ["ministère", "ministère"]),
]


@pytest.mark.parametrize("text,names", REFERRING, ids=["relative", "même source", "communiqué"])
def test_referring_speakers(attribute_fr, text, names):
    assert [c.source.who for c in attribute_fr(text) if c.attributed] == names


def test_what_ce_que_denies_is_the_clause_before(attribute_fr):
    claims = attribute_fr("Le SBU a revendiqué l'attaque, affirmant avoir détruit deux avions, ce que Moscou dément.")
    assert [(c.source.name, c.stance, c.text) for c in claims] == [
        ("SBU", "assert", "l'attaque"),
        ("SBU", "assert", "avoir détruit deux avions"),
        ("Moscou", "deny", "avoir détruit deux avions"),
    ]


def test_dash_signature_is_the_source(attribute_fr):
    claims = attribute_fr("La raffinerie de Novokouïbychevsk à l'arrêt après une attaque de drones - sources")
    assert [(c.source.name, c.path, c.text) for c in claims] == [
        ("sources", "dash-source", "La raffinerie de Novokouïbychevsk à l'arrêt après une attaque de drones")]


def test_dateline_is_not_part_of_the_speaker(attribute_fr):
    claims = attribute_fr("Moscou, 16 mars 2025 (AFP) - Kiev affirme avoir touché l'installation.")
    assert [(c.source.name, c.text) for c in claims if c.attributed] == [("Kiev", "avoir touché l'installation")]


def test_negated_speech_verb_is_no_claim(attribute_fr):
    claims = attribute_fr("Le ministère n'a pas mentionné la raffinerie.")
    assert [c.attributed for c in claims] == [False]


def test_participle_speaks_for_the_speaker_of_its_clause(attribute_fr):
    claims = attribute_fr("« La production est interrompue », a indiqué l'entreprise, précisant qu'aucun employé "
                          "n'avait été blessé.")
    assert [(c.source.name, c.cue) for c in claims] == [("entreprise", "indiquer"), ("entreprise", "préciser")]


def test_two_word_cue(attribute_fr):
    claims = attribute_fr("Le ministère a fait état de douze drones abattus au-dessus de la région de Samara.")
    assert [(c.cue, c.text) for c in claims] == [
        ("faire état", "douze drones abattus au-dessus de la région de Samara")]
