"""Grouping documents' claims into events by place, target and date.

Each test builds documents and the claims they carry by hand; a claim's facts
give the place, target and time that ``resolve`` reads.
"""

from __future__ import annotations

from rashomon.ledger import Claim, Document, Event, Fact, Source
from rashomon.resolve import resolve
from rashomon.settings import Settings

SPEAKER = Source(name="ministère russe de la Défense", id="ru-mod", side="russia")


def document(doc_id: str, published: str | None = None, title: str | None = None) -> Document:
    return Document(id=doc_id, text="…", lang="fr", published=published, title=title)


def claim(claim_id: str, doc: str, *, place: str | None = None, target: str | None = None,
          day: str | None = None) -> Claim:
    facts = [Fact(slot=slot, value=value)
             for slot, value in (("place", place), ("target", target), ("time", day)) if value]
    return Claim(id=claim_id, doc=doc, source=SPEAKER, stance="assert", text="…",
                 span=(0, 1), sentence=(0, 1), facts=facts)


def groups(events: list[Event]) -> list[list[str]]:
    return [event.documents for event in events]


def test_same_place_and_close_dates_make_one_event():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "reuters", place="Briansk", day="2025-03-10")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"]]


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


def test_document_without_place_or_target_is_an_event_of_its_own():
    documents = [document("afp"), document("statement"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", day="2025-03-09"),
              claim("c2", "statement", day="2025-03-09"),
              claim("c3", "reuters", place="Briansk", day="2025-03-09")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"], ["statement"]]


def test_same_target_joins_different_place_wordings():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk", target="raffinerie de Novozybkov"),
              claim("c2", "reuters", place="région de Briansk", target="raffinerie de Novozybkov")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"]]


def test_place_wording_differing_in_case_accents_and_hyphens_joins():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Novozybkov-Sud"), claim("c2", "reuters", place="novozybkov sud")]
    assert groups(resolve(documents, claims)) == [["afp", "reuters"]]


def test_different_places_make_different_events():
    documents = [document("afp"), document("reuters")]
    claims = [claim("c1", "afp", place="Briansk"), claim("c2", "reuters", place="Odessa")]
    assert groups(resolve(documents, claims)) == [["afp"], ["reuters"]]


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
              claim("c2", "afp", place="Briansk"),
              claim("c3", "reuters", place="région de Briansk", target="raffinerie de Novozybkov"),
              claim("c4", "reuters")]
    assert resolve(documents, claims) == [
        Event(id="e1", claims=["c1", "c2", "c3", "c4"], documents=["afp", "reuters"],
              type="attack", place="Briansk", target="raffinerie de Novozybkov",
              date="2025-03-09", title="raffinerie de Novozybkov — 2025-03-09"),
    ]


def test_event_without_place_target_or_date_is_titled_by_its_document():
    documents = [document("communique", title="Communiqué du 10 mars")]
    claims = [claim("c1", "communique")]
    assert resolve(documents, claims) == [
        Event(id="e1", claims=["c1"], documents=["communique"], title="Communiqué du 10 mars"),
    ]
