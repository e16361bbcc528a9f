"""Framing: the slot values one claim gives, after negation and denial."""

from __future__ import annotations

import pytest

from rashomon.frame import resolve_date

SCORED = ("launched", "hit", "intercepted", "damage", "killed", "injured", "production_disrupted")

FACTS = [
    # numbers in words and digits, "X sur Y", "X des Y"
    ("L'armée affirme que trois drones sur quatre ont atteint leurs cibles.", {"hit": 3, "launched": 4}),
    ("D'après l'armée de l'air, 23 missiles sur 31 ont été interceptés.", {"intercepted": 23, "launched": 31}),
    ("« Nous avons détruit trois des cinq missiles », a-t-elle souligné.", {"intercepted": 3, "launched": 5}),
    ("« Dix-sept drones ont été abattus cette nuit », a annoncé le gouverneur.", {"intercepted": 17}),
    ("Le ministère affirme que 42 drones ukrainiens ont été neutralisés par la guerre électronique.",
     {"intercepted": 42}),
    ("L'état-major a affirmé que douze drones avaient visé la raffinerie et que huit d'entre eux avaient "
     "atteint leur cible.", {"launched": 12, "hit": 8}),
    # negation: a zero determiner, "ne ... pas", "sans", "pas de"
    ("Le ministère a assuré qu'aucun missile n'avait atteint sa cible.", {"hit": 0}),
    ("Le gouverneur affirme que les drones n'ont pas atteint leur cible.", {"hit": 0}),
    ("Selon les autorités, cinq drones ont été abattus sans causer de dégâts.", {"intercepted": 5, "damage": "none"}),
    ("Le maire a indiqué qu'il n'y avait pas de blessés.", {"injured": 0}),
    ("Le gouverneur a assuré qu'il n'y avait « ni victimes ni dégâts ».",
     {"killed": 0, "injured": 0, "damage": "none"}),
    # denial turns what is denied to zero / none / false
    ("La Russie a nié que les frappes aient atteint leur cible.", {"hit": 0}),
    ("Le gouverneur a démenti que la raffinerie ait été touchée.", {"hit": 0}),
    ("Il a nié l'existence de dégâts.", {"damage": "none"}),
    # damage and how bad
    ("Le gouverneur a reconnu que l'usine avait subi des dégâts importants.", {"damage": "significant"}),
    ("Selon ASTRA, deux réservoirs ont pris feu et un atelier a été endommagé.", {"damage": "some"}),
    # drones destroyed are not damage to the target
    ("Le ministère a indiqué que quinze drones avaient été interceptés et détruits.", {"intercepted": 15}),
    # casualties
    ("Trois personnes ont été tuées et huit autres blessées, selon la police.", {"killed": 3, "injured": 8}),
    ("Le maire a indiqué qu'un drone était tombé sur un immeuble, faisant deux blessés.", {"injured": 2}),
    # production
    ("Selon Meduza, la production de l'usine a été suspendue après l'attaque.", {"production_disrupted": True}),
    ("L'Ukraine a affirmé que la frappe avait perturbé la production de missiles.", {"production_disrupted": True}),
]


def scored(claim) -> dict:
    return {f.slot: f.value for f in claim.facts if f.slot in SCORED}


@pytest.mark.parametrize("text,expected", FACTS, ids=[row[0][:40] for row in FACTS])
def test_facts(analyze_fr, text, expected):
    ledger = analyze_fr(text)
    claims = [c for c in ledger.claims if c.attributed]
    # one speaker; "a affirmé que A et que B" is two claims of it, whose facts add up
    assert len({c.source.name for c in claims}) == 1
    assert {slot: value for c in claims for slot, value in scored(c).items()} == expected


def test_fact_span_points_at_its_words(analyze_fr):
    text = "Le ministère affirme que 42 drones ukrainiens ont été abattus."
    fact = analyze_fr(text).claims[0].fact("intercepted")
    assert text[fact.span[0]:fact.span[1]] == "42 drones ukrainiens ont été abattus"
    assert fact.evidence == "42 drones ukrainiens ont été abattus"


def test_context_slots(analyze_fr):
    text = ("Le gouverneur a affirmé que des drones kamikazes avaient visé la raffinerie de Novozybkov, "
            "à Briansk, dimanche.")
    claim = analyze_fr(text).claims[0]
    context = {f.slot: f.value for f in claim.facts if f.slot not in SCORED}
    assert context == {"target": "raffinerie de Novozybkov", "place": "Novozybkov",
                       "weapon": "drones kamikazes", "time": "2025-03-09"}


def test_relative_date_resolved_against_publication():
    # 2025-03-10 was a Monday: "dimanche" is the day before, "hier" too
    assert resolve_date("dimanche", _fr(), "2025-03-10T08:00:00+00:00") == ("2025-03-09", True)
    assert resolve_date("hier", _fr(), "2025-03-10T08:00:00Z") == ("2025-03-09", True)


def test_relative_date_without_publication_is_left_unresolved(analyze_fr):
    claim = analyze_fr("Le gouverneur a affirmé que deux drones avaient été abattus dimanche.",
                       published=None).claims[0]
    time = claim.fact("time")
    assert (time.value, time.resolved) == ("dimanche", False)


def test_statement_date_is_when_it_was_said(analyze_fr):
    claim = analyze_fr("La Russie a nié dimanche que les frappes aient atteint leur cible.").claims[0]
    assert claim.said_at == "2025-03-09"


def test_the_date_of_a_saying_is_not_the_strikes(analyze_fr):
    """ "comme l'a indiqué lundi le ministère", inside the statement it sources, dates the
    saying; the strike's own date is the one the statement gives."""
    claim = analyze_fr("Deux drones, comme l'a indiqué lundi le ministère, ont été abattus dimanche.").claims[0]
    assert claim.fact("time").value == "2025-03-09"
    claim = analyze_fr("La raffinerie, comme l'a indiqué lundi le ministère, a été touchée.").claims[0]
    assert claim.fact("time") is None


def _fr():
    from rashomon.lang import load_language
    return load_language("fr")


MORE_FACTS = [
    # hits counted as a noun; a hyphenated speaker kept whole after "selon"
    ("Au moins six impacts sur les ateliers ont été enregistrés, selon l'état-major.", {"hit": 6}),
    ("Selon l'armée, trente et un drones ont été abattus.", {"intercepted": 31}),
    ("Le gouverneur a assuré que tous les drones avaient été abattus.", {"hit": 0}),
    ("Le ministère affirme que 31 drones ont été détruits, sans mentionner de dégâts.", {"intercepted": 31}),
    ("« La chute de débris a provoqué un bref incendie, sans faire de dégâts », a dit le gouverneur.",
     {"damage": "none"}),
    ("Selon ASTRA, un trou est apparu sur le toit, mais l'équipement n'a pas été endommagé.", {"damage": "some"}),
    ("« Les dégâts sont sérieux », a assuré cette source.", {"damage": "significant"}),
]


@pytest.mark.parametrize("text,expected", MORE_FACTS, ids=[row[0][:40] for row in MORE_FACTS])
def test_more_facts(analyze_fr, text, expected):
    claims = [c for c in analyze_fr(text).claims if c.attributed]
    assert scored(claims[0]) == expected


def test_lower_bound(analyze_fr):
    claim = analyze_fr("ASTRA affirme qu'au moins quatre drones ont touché la base.").claims[0]
    fact = claim.fact("hit")
    assert (fact.value, fact.at_least) == (4, True)
