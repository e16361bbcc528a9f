"""Comparing the claims of an event slot by slot: contradiction, corroboration, revision.

Each test builds its claims by hand: who speaks, what they say for one slot,
and, for revisions, when they said it.
"""

from __future__ import annotations


from rashomon.compare import compare
from rashomon.ledger import Claim, Document, Event, Fact, Finding, Source

HUR = Source(name="HUR", id="hur", kind="military", side="ukraine")
KYIV_STAFF = Source(name="état-major ukrainien", id="ua-general-staff", kind="military", side="ukraine")
MOD = Source(name="ministère russe de la Défense", id="ru-mod", kind="military", side="russia")
GOVERNOR = Source(name="Bogomaz", id="bryansk-governor", kind="government", side="russia")
ENERGY = Source(name="ministère russe de l'Énergie", id="ru-energy", kind="government", side="russia")
ASTRA = Source(name="ASTRA", id="astra", kind="media", side="independent")


def claim(number: int, source: Source, *facts: Fact, said_at: str | None = None,
          later: bool = False, attributed: bool = True) -> Claim:
    """A claim ``c<number>`` of document d1; spans follow the number, so claims are in reading order."""
    start = number * 100
    return Claim(id=f"c{number}", doc="d1", source=source, stance="assert", text="…",
                 span=(start, start + 50), sentence=(start, start + 80), attributed=attributed,
                 said_at=said_at, later=later, facts=list(facts))


def hit(value: int, *, at_least: bool = False) -> Fact:
    return Fact(slot="hit", value=value, at_least=at_least)


def damage(level: str) -> Fact:
    return Fact(slot="damage", value=level)


def event(*claims: Claim, number: int = 1) -> Event:
    return Event(id=f"e{number}", claims=[c.id for c in claims], documents=["d1"])


def findings_of(*claims: Claim, **options) -> list[Finding]:
    return compare([event(*claims)], list(claims), **options)


def kinds(findings: list[Finding]) -> list[tuple[str, str, list[str]]]:
    return [(f.kind, f.slot, f.claims) for f in findings]


# --- contradiction -------------------------------------------------------------


def test_three_hit_and_zero_hit_from_two_sources_contradict():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, MOD, hit(0)))
    assert findings == [
        Finding(id="f1", kind="contradiction", slot="hit", event="e1", claims=["c1", "c2"],
                explanation="hit: HUR: 3 — ministère russe de la Défense: 0",
                sides=["russia", "ukraine"]),
    ]


def test_one_source_giving_two_values_is_no_contradiction():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, HUR, hit(0)))
    assert findings == []


def test_contradiction_lists_larger_group_first_and_every_claim():
    findings = findings_of(claim(1, MOD, hit(0)), claim(2, HUR, hit(3)), claim(3, ASTRA, hit(3)))
    contradiction = findings[0]
    assert (contradiction.kind, contradiction.claims, contradiction.explanation) == (
        "contradiction", ["c1", "c2", "c3"],
        "hit: HUR, ASTRA: 3 — ministère russe de la Défense: 0")


# --- lower bounds ----------------------------------------------------------------


def test_lower_bound_agrees_with_a_larger_count():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, ASTRA, hit(1, at_least=True)))
    assert findings == [
        Finding(id="f1", kind="corroboration", slot="hit", event="e1", claims=["c1", "c2"],
                explanation="hit: HUR, ASTRA: 3 / at least 1 agree",
                sides=["independent", "ukraine"]),
    ]


def test_lower_bound_contradicts_zero():
    findings = findings_of(claim(1, MOD, hit(0)), claim(2, ASTRA, hit(1, at_least=True)))
    assert findings == [
        Finding(id="f1", kind="contradiction", slot="hit", event="e1", claims=["c1", "c2"],
                explanation="hit: ministère russe de la Défense: 0 — ASTRA: at least 1",
                sides=["independent", "russia"]),
    ]


def test_two_lower_bounds_never_contradict():
    findings = findings_of(claim(1, HUR, hit(1, at_least=True)), claim(2, ASTRA, hit(3, at_least=True)))
    assert kinds(findings) == [("corroboration", "hit", ["c1", "c2"])]


# --- damage levels ---------------------------------------------------------------


def test_some_and_significant_damage_corroborate():
    findings = findings_of(claim(1, HUR, damage("significant")), claim(2, ASTRA, damage("some")))
    assert findings == [
        Finding(id="f1", kind="corroboration", slot="damage", event="e1", claims=["c1", "c2"],
                explanation="damage: HUR, ASTRA: significant / some agree",
                sides=["independent", "ukraine"]),
    ]


def test_no_damage_and_some_damage_contradict():
    findings = findings_of(claim(1, GOVERNOR, damage("none")), claim(2, ASTRA, damage("some")))
    assert kinds(findings) == [("contradiction", "damage", ["c1", "c2"])]


# --- corroboration needs independent sources --------------------------------------


def test_one_source_repeating_itself_is_no_corroboration():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, HUR, hit(3)))
    assert findings == []


def test_anonymous_sources_of_two_reports_corroborate_but_not_within_one_report():
    from dataclasses import replace

    source_a = Source(name="джерело", id="anonymous-source", kind="unknown", side="unknown")
    source_b = Source(name="two industry sources", id="anonymous-source", kind="unknown", side="unknown")
    first, second = claim(1, source_a, hit(3)), claim(2, source_b, hit(3))
    generic = ["anonymous-source"]
    assert findings_of(first, second, generic=generic) == []  # one report: maybe one speaker
    elsewhere = replace(second, doc="d2")
    assert kinds(findings_of(first, elsewhere, generic=generic)) == [("corroboration", "hit", ["c1", "c2"])]


def test_generic_officials_qualified_like_one_speaker_are_that_speaker():
    ova = Source(name="chef de l'administration régionale de Soumy", id="ua-sumy-ova",
                 kind="government", side="ukraine")
    officials = Source(name="regional officials", id="officials", kind="government", side="unknown")
    findings = findings_of(claim(1, ova, hit(3)), claim(2, officials, hit(3)), generic=["officials"])
    assert findings == []  # one authority under two names does not corroborate itself


def test_same_side_and_kind_is_not_independent_by_default():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, KYIV_STAFF, hit(3)))
    assert findings == []


def test_custom_independence_can_accept_sources_the_default_rejects():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, KYIV_STAFF, hit(3)),
                           independent=lambda a, b: True)
    assert kinds(findings) == [("corroboration", "hit", ["c1", "c2"])]


def test_custom_independence_can_reject_sources_the_default_accepts():
    findings = findings_of(claim(1, HUR, hit(3)), claim(2, ASTRA, hit(3)),
                           independent=lambda a, b: False)
    assert findings == []


def test_custom_independence_is_asked_about_the_two_sources():
    asked = []

    def independent(a: Source, b: Source) -> bool:
        asked.append((a.id, b.id))
        return True

    findings_of(claim(1, HUR, hit(3)), claim(2, ASTRA, hit(3)), independent=independent)
    # once, about the two speakers (in the order of their keys, not of the claims)
    assert asked == [("astra", "hur")]


# --- revision ----------------------------------------------------------------------


def test_later_marked_claim_that_departs_from_the_earlier_one_is_a_revision():
    findings = findings_of(claim(1, GOVERNOR, damage("none")),
                           claim(2, GOVERNOR, damage("some"), later=True))
    assert findings == [
        Finding(id="f1", kind="revision", slot="damage", event="e1", claims=["c1", "c2"],
                explanation="damage: Bogomaz: none, later Bogomaz: some", sides=["russia"]),
    ]


def test_later_date_of_a_statement_by_the_same_side_is_a_revision():
    findings = findings_of(claim(1, ENERGY, damage("some"), said_at="2025-03-10"),
                           claim(2, GOVERNOR, damage("none"), said_at="2025-03-09"))
    revisions = [f for f in findings if f.kind == "revision"]
    assert kinds(revisions) == [("revision", "damage", ["c2", "c1"])]
    assert revisions[0].explanation == (
        "damage: Bogomaz: none, later ministère russe de l'Énergie: some")


def test_no_revision_without_a_known_time_order():
    findings = findings_of(claim(1, GOVERNOR, damage("none")), claim(2, GOVERNOR, damage("some")))
    assert findings == []


def test_no_revision_when_the_later_value_agrees():
    findings = findings_of(claim(1, GOVERNOR, damage("some")),
                           claim(2, GOVERNOR, damage("significant"), later=True))
    assert findings == []


def test_other_sides_do_not_revise_each_other():
    findings = findings_of(claim(1, GOVERNOR, damage("none"), said_at="2025-03-09"),
                           claim(2, ASTRA, damage("some"), said_at="2025-03-10"))
    assert kinds(findings) == [("contradiction", "damage", ["c1", "c2"])]


# --- who counts as a speaker ---------------------------------------------------------


def test_unattributed_claim_without_publisher_name_is_ignored():
    anonymous = claim(2, Source(name=""), hit(0), attributed=False)
    findings = findings_of(claim(1, HUR, hit(3)), anonymous)
    assert findings == []


def test_unattributed_claim_in_a_named_publisher_voice_is_compared():
    reuters = claim(2, Source(name="Reuters"), hit(0), attributed=False)
    findings = findings_of(claim(1, HUR, hit(3)), reuters)
    assert kinds(findings) == [("contradiction", "hit", ["c1", "c2"])]


# --- numbering ------------------------------------------------------------------------


def test_finding_ids_run_f1_onwards_in_event_then_slot_order():
    first = [claim(1, HUR, hit(3), damage("some")), claim(2, MOD, hit(0), damage("none"))]
    second = [claim(3, HUR, hit(2)), claim(4, ASTRA, hit(2))]
    findings = compare([event(*first, number=1), event(*second, number=2)], first + second)
    assert [(f.id, f.event, f.kind, f.slot) for f in findings] == [
        ("f1", "e1", "contradiction", "hit"),
        ("f2", "e1", "contradiction", "damage"),
        ("f3", "e2", "corroboration", "hit"),
    ]


def test_claims_outside_the_event_are_not_compared():
    inside, outside = claim(1, HUR, hit(3)), claim(2, MOD, hit(0))
    findings = compare([event(inside)], [inside, outside])
    assert findings == []


# --- across documents -----------------------------------------------------------------


def doc_claim(number: int, doc: str, source: Source, *facts: Fact, said_at: str | None = None) -> Claim:
    """A claim ``c<number>`` of document ``doc``."""
    return Claim(id=f"c{number}", doc=doc, source=source, stance="assert", text="…", span=(0, 50),
                 sentence=(0, 80), said_at=said_at, facts=list(facts))


def report(doc_id: str, published: str, duplicate_of: str | None = None) -> Document:
    return Document(id=doc_id, text="…", published=published, duplicate_of=duplicate_of)


def across(claims: list[Claim], documents: list[Document], **options) -> list[Finding]:
    event = Event(id="e1", claims=[c.id for c in claims], documents=[d.id for d in documents])
    return compare([event], claims, documents=documents, **options)


def injured(value: int) -> Fact:
    return Fact(slot="injured", value=value)


def test_one_source_in_two_reports_of_one_day_revises_in_publication_order():
    documents = [report("evening", "2025-06-15T18:34:00+03:00"), report("night", "2025-06-15T02:47:00+03:00")]
    findings = across([doc_claim(1, "evening", GOVERNOR, injured(2), said_at="2025-06-15"),
                       doc_claim(2, "night", GOVERNOR, injured(0), said_at="2025-06-15")], documents)
    assert kinds(findings) == [("revision", "injured", ["c2", "c1"])]
    assert findings[0].explanation == "injured: Bogomaz: 0, later Bogomaz: 2"


def test_two_speakers_of_one_side_in_reports_of_one_day_contradict_not_revise():
    documents = [report("night", "2025-06-15T02:47:00+03:00"), report("evening", "2025-06-15T18:34:00+03:00")]
    findings = across([doc_claim(1, "night", GOVERNOR, injured(0), said_at="2025-06-15"),
                       doc_claim(2, "evening", ENERGY, injured(2), said_at="2025-06-15")], documents)
    assert kinds(findings) == [("contradiction", "injured", ["c1", "c2"])]


def test_a_reprint_never_corroborates_its_original():
    documents = [report("reuters", "2025-06-15T12:38:00+00:00"),
                 report("usnews", "2025-06-15T12:52:00+00:00", duplicate_of="reuters")]
    reuters = Source(name="Reuters", id="int-reuters", kind="international-media", side="international")
    usnews = Source(name="U.S. News", kind="independent-media")
    findings = across([doc_claim(1, "reuters", reuters, hit(3)), doc_claim(2, "usnews", usnews, hit(3))],
                      documents)
    assert findings == []


def test_a_reprint_is_not_counted_twice_in_a_contradiction():
    documents = [report("reuters", "2025-06-15T12:38:00+00:00"), report("tass", "2025-06-15T13:00:00+00:00"),
                 report("usnews", "2025-06-15T12:52:00+00:00", duplicate_of="reuters")]
    findings = across([doc_claim(1, "reuters", HUR, hit(3)), doc_claim(2, "tass", MOD, hit(0)),
                       doc_claim(3, "usnews", HUR, hit(3))], documents)
    assert kinds(findings) == [("contradiction", "hit", ["c1", "c2"])]


def test_a_speaker_named_in_fewer_words_or_another_script_is_one_speaker():
    governor = Source(name="Bryansk Governor Viktor Ladygin", id="ru-bryansk-governor",
                      kind="regional-authority", side="russia")
    documents = [report("reuters", "2025-06-15T12:38:00+00:00"), report("afp", "2025-06-16T16:20:00+00:00"),
                 report("meduza", "2025-06-16T09:30:00+03:00")]
    findings = across([doc_claim(1, "reuters", governor, injured(0)),
                       doc_claim(2, "afp", Source(name="Viktor Ladyguine"), injured(0)),
                       doc_claim(3, "meduza", Source(name="Ладыгин", side="unknown"), injured(0))], documents)
    assert findings == []  # one governor repeating himself: nothing to corroborate


def test_generic_sources_are_told_apart_by_their_words():
    anonymous = dict(id="anonymous-source", kind="unknown", side="unknown")
    documents = [report("up", "2025-06-16T10:25:00+03:00"), report("tass", "2025-06-16T11:50:00+03:00")]
    stopped = Fact(slot="production_disrupted", value=True)
    running = Fact(slot="production_disrupted", value=False)
    claims = [doc_claim(1, "up", Source(name="джерело в СБУ", **anonymous), stopped),
              doc_claim(2, "tass", Source(name="источник в Транснефти", **anonymous), running)]
    # one id, one speaker: it would have changed its mind
    assert kinds(across(claims, documents)) == [("revision", "production_disrupted", ["c1", "c2"])]
    assert kinds(across(claims, documents, generic=["anonymous-source"])) == [
        ("contradiction", "production_disrupted", ["c1", "c2"])]


def test_one_sides_counts_over_different_areas_do_not_contradict():
    documents = [report("governor", "2025-06-15T02:47:00+03:00"), report("mod", "2025-06-15T07:05:00+03:00")]
    downed = [doc_claim(1, "governor", GOVERNOR, Fact(slot="intercepted", value=14)),
              doc_claim(2, "mod", MOD, Fact(slot="intercepted", value=43))]
    assert across(downed, documents) == []


def test_event_lists_its_findings():
    documents = [report("d1", "2025-06-15T02:47:00+03:00")]
    event = Event(id="e1", claims=["c1", "c2"], documents=["d1"])
    claims = [doc_claim(1, "d1", HUR, hit(3)), doc_claim(2, "d1", MOD, hit(0))]
    findings = compare([event], claims, documents=documents)
    assert event.findings == [f.id for f in findings] == ["f1"]


def test_a_speaker_left_as_a_pronoun_is_not_compared():
    he = claim(2, Source(name="він"), hit(0))
    assert findings_of(claim(1, HUR, hit(3)), he) == []


def test_one_name_in_two_case_forms_is_one_speaker():
    documents = [report("morning", "2025-01-24T07:55:00+02:00"), report("noon", "2025-01-24T12:00:00+02:00")]
    findings = across([doc_claim(1, "morning", Source(name="Повітряні сили"), Fact(slot="launched", value=57)),
                       doc_claim(2, "noon", Source(name="Повітряних силах"), Fact(slot="launched", value=57))],
                      documents)
    assert findings == []  # one speaker repeating itself corroborates nothing


def test_a_statement_of_several_counts_is_not_revised_by_one_count():
    documents = [report("morning", "2025-01-24T07:55:00+02:00"), report("noon", "2025-01-24T13:40:00+02:00")]
    air_force = Source(name="Повітряні сили", id="ua-air-force", kind="military", side="ukraine")
    missiles_and_drones = doc_claim(1, "morning", air_force, Fact(slot="intercepted", value=31),
                                    Fact(slot="intercepted", value=57))
    findings = across([missiles_and_drones, doc_claim(2, "noon", air_force, Fact(slot="intercepted", value=34))],
                      documents)
    assert findings == []


def test_one_governor_under_several_names_corroborates_nothing_in_any_order():
    """Seltso, as multi-border reported it: the Bryansk governor says "no damage"
    under his registry name, under his bare surname (which the registry does not
    know: side unknown) and as "regional governor" (a generic title). Judged by
    whichever name came first, the surname looked independent of the title and the
    governor corroborated himself in some input orders. The speaker is who the
    names stand for, whatever their order."""
    from itertools import permutations

    from rashomon.sources import default_registry

    registry = default_registry()
    generic = [entry.id for entry in registry.entries() if entry.generic]
    governor = Source(name="Губернатор Брянской области Виктор Ладыгин", id="ru-bryansk-governor",
                      kind="regional-authority", side="russia")
    surname = Source(name="Ладыгин", kind="unknown", side="unknown")
    title = Source(name="regional governor", id="regional-governor", kind="regional-authority", side="unknown")
    documents = [report("gov", "2025-06-16T08:00:00+03:00"), report("meduza", "2025-06-16T09:30:00+03:00"),
                 report("reuters", "2025-06-16T10:38:00+00:00")]
    said = [(governor, "gov"), (surname, "meduza"), (title, "reuters")]
    for order in permutations(said):
        claims = [doc_claim(number, doc, source, damage("none")) for number, (source, doc) in enumerate(order, 1)]
        findings = across(claims, documents, independent=registry.independent, generic=generic)
        assert findings == [], [source.name for source, _ in order]


def test_a_speaker_is_judged_by_who_the_names_stand_for_not_the_first_name():
    """The governor's own channel names him in words the registry does not know;
    merged into his registry entry, he is the Russian state, as the defence
    ministry is: their equal counts are no corroboration, whichever is read first."""
    from rashomon.sources import default_registry

    registry = default_registry()
    governor = Source(name="Губернатор Брянской области Виктор Ладыгин", id="ru-bryansk-governor",
                      kind="regional-authority", side="russia")
    own_channel = Source(name="Виктор Ладыгин", kind="unknown", side="unknown")
    documents = [report("channel", "2025-06-16T08:00:00+03:00"), report("tass", "2025-06-16T09:30:00+03:00")]
    downed = Fact(slot="intercepted", value=18)
    for first, second in ((own_channel, governor), (governor, own_channel)):
        claims = [doc_claim(1, "channel", first, downed), doc_claim(2, "tass", second, downed),
                  doc_claim(3, "tass", MOD, Fact(slot="intercepted", value=18))]
        assert across(claims, documents, independent=registry.independent) == []
