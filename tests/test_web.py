"""The web app and the HTTP API, through httpx, on a real store (SQLite and PostgreSQL).

The store is filled with three short French reports of one drone strike: the
Ukrainian General Staff says eight drones hit the Novozybkov refinery, the
Bryansk governor denies it was hit, and a third report, from a hostile
publisher, carries markup and script in its text, title, publisher and URL. The
documents are analysed once per session and written to each fresh store
through the store's own write path (``Store.write``, what ``ingest`` does per
document); the tests that add documents go through ``POST /api/v1/documents``.
"""

from __future__ import annotations

import copy
import json

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from typer.testing import CliRunner

from rashomon.cli import app as cli_app
from rashomon.ledger import Document
from rashomon.pipeline import Analysis, analyze_each
from rashomon.store import Store
from rashomon.web import create_app
from rashomon.web.views import Mark, document_url, highlight

WRITE_TOKEN = "test-write-token"
HOSTILE_TEXT = (
    "Le ministère russe de la Défense a affirmé dimanche que <script>window.__pwned=1;alert(1)</script> "
    "trois drones <img src=x onerror=window.__pwned=1> avaient été abattus au-dessus de la raffinerie de "
    "Novozybkov. Voir [ici](javascript:window.__pwned=1) </textarea><a href=\"javascript:alert(1)\">lien</a>.")
DOCUMENTS = [
    Document(id="kyiv-post", lang="fr", publisher="Ukrinform", published="2025-03-09T08:00:00+00:00",
             text="L'état-major général des forces armées ukrainiennes a affirmé dimanche que douze drones "
                  "avaient visé la raffinerie de Novozybkov, dans la région russe de Briansk, et que huit "
                  "d'entre eux avaient atteint leur cible."),
    Document(id="bryansk-gov", lang="fr", publisher="TASS", published="2025-03-09T10:00:00+00:00",
             text="Le gouverneur de la région de Briansk, Alexandre Bogomaz, a démenti que la raffinerie de "
                  "Novozybkov ait été touchée dimanche. Il a assuré qu'il n'y avait « ni victimes ni dégâts »."),
    Document(id="hostile", lang="fr", publisher="<b>Le Pirate</b>", published="2025-03-09T12:00:00+00:00",
             title="<script>window.__pwned=1</script>", url="javascript:window.__pwned=1", text=HOSTILE_TEXT),
]
# what must never reach a page unescaped
RAW_MARKUP = ("<script>window", "<img src=x", 'href="javascript:', "</textarea><a", "<b>Le Pirate</b>")


@pytest.fixture(scope="session")
def analysed():
    analysis = Analysis()
    return analysis, list(analyze_each(DOCUMENTS, analysis=analysis))


@pytest.fixture
def store(store_url, analysed):
    analysis, results = analysed
    store = Store.open(store_url)
    for result in copy.deepcopy(results):
        store.write(result, analysis=analysis)
    yield store
    store.close()


@pytest.fixture
def client(store):
    with TestClient(create_app(store, write_tokens=[WRITE_TOKEN])) as client:
        yield client


def page(answer) -> lxml_html.HtmlElement:
    assert answer.headers["content-type"].startswith("text/html")
    return lxml_html.fromstring(answer.text)


def authorized(token: str = WRITE_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def counts(store: Store) -> tuple[int, int, int]:
    return store.documents().total, store.claims().total, store.events().total


# --- reading the API ------------------------------------------------------------


def test_events_api_answers_the_stores_events_in_the_ledgers_shape(client, store):
    answer = client.get("/api/v1/events")
    assert answer.status_code == 200
    event, = store.ledger().events
    assert answer.json() == {
        "ok": True, "items": [{**event.to_json(), "contested": True}],
        "total": 1, "limit": 50, "offset": 0, "next": None}
    item = answer.json()["items"][0]
    # each source by its one registry label, whatever language the text named it in
    assert item["sources"] == {"russia": ["Alexander Bogomaz", "Ministry of Defence of Russia"],
                               "ukraine": ["General Staff of the Armed Forces of Ukraine"],
                               "unknown": ["<b>Le Pirate</b>"]}
    assert item["documents"] == ["kyiv-post", "bryansk-gov", "hostile"]


def test_one_event_answers_its_claims_findings_and_documents(client, store):
    event_id = store.events().items[0]["id"]
    answer = client.get(f"/api/v1/events/{event_id}")
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, **store.event(event_id)}
    contradiction, = [f for f in answer.json()["findings"] if f["kind"] == "contradiction"]
    assert contradiction["slot"] == "hit"
    assert contradiction["sides"] == ["russia", "ukraine"]
    assert [d["id"] for d in answer.json()["documents"]] == ["kyiv-post", "bryansk-gov", "hostile"]


def test_every_page_has_a_json_twin_giving_the_api_object(client, store):
    event_id = store.events().items[0]["id"]
    pairs = [("/events.json", "/api/v1/events"), (f"/events/{event_id}.json", f"/api/v1/events/{event_id}"),
             ("/sources/ru-bryansk-governor.json", "/api/v1/sources/ru-bryansk-governor"),
             ("/documents/hostile.json", "/api/v1/documents/hostile")]
    for twin, api in pairs:
        answer = client.get(twin).json()
        # a list page's twin adds the page's facet counts (tests/test_browse.py)
        assert {k: v for k, v in answer.items() if k != "facets"} == client.get(api).json(), twin
        assert answer["ok"] is True


def test_lists_are_paginated_with_total_and_a_next_link(client, store):
    first = client.get("/api/v1/claims?limit=2").json()
    assert (first["total"], first["limit"], first["offset"]) == (store.claims().total, 2, 0)
    assert first["next"] == "/api/v1/claims?limit=2&offset=2"
    seen, answer = [], first
    while True:
        seen += [c["id"] for c in answer["items"]]
        if answer["next"] is None:
            break
        answer = client.get(answer["next"]).json()
    assert seen == [c["id"] for c in store.claims(limit=500).items]
    assert len(seen) == first["total"] > 2


@pytest.mark.parametrize(("query", "total"), [
    ("side=ukraine", 1), ("side=independent", 0), ("source=ru-bryansk-governor", 1),
    ("date_from=2025-03-09&date_to=2025-03-09", 1), ("date_from=2025-03-10", 0),
    ("place=Novozybkov", 1), ("place=Odessa", 0), ("q=atteint", 1), ("q=introuvable", 0),
    ("contested=true", 1), ("contested=false", 0),
])
def test_events_filter_by_query_parameters(client, query, total):
    assert client.get(f"/api/v1/events?{query}").json()["total"] == total


def test_claims_filter_by_side_stance_document_and_words(client):
    ukrainian = client.get("/api/v1/claims?side=ukraine").json()["items"]
    assert {c["source"]["id"] for c in ukrainian} == {"ua-general-staff"}
    denials = client.get("/api/v1/claims?stance=deny").json()["items"]
    assert [(c["doc"], c["text"]) for c in denials] == [
        ("bryansk-gov", "la raffinerie de Novozybkov ait été touchée dimanche")]
    assert {c["doc"] for c in client.get("/api/v1/claims?doc=hostile").json()["items"]} == {"hostile"}
    found = client.get("/api/v1/claims", params={"q": "atteint cible"}).json()["items"]
    # "a déclaré que douze drones avaient visé … et que huit d'entre eux avaient atteint
    # leur cible" is one statement: both parts come back as one claim.
    assert [c["text"] for c in found] == [
        "douze drones avaient visé la raffinerie de Novozybkov, dans la région russe de Briansk, "
        "et que huit d'entre eux avaient atteint leur cible"]


def test_sources_list_how_many_claims_each_makes(client):
    items = client.get("/api/v1/sources").json()["items"]
    governor = next(s for s in items if s["key"] == "ru-bryansk-governor")
    assert governor == {"key": "ru-bryansk-governor", "id": "ru-bryansk-governor", "name": "Alexander Bogomaz",
                        "label": "Alexander Bogomaz", "kind": "regional-authority", "side": "russia",
                        "claims": 2}
    one = client.get("/api/v1/sources/ru-bryansk-governor").json()
    assert one["source"] == governor
    assert [c["doc"] for c in one["claims"]] == ["bryansk-gov", "bryansk-gov"]


def test_findings_filter_by_kind_and_slot(client):
    answer = client.get("/api/v1/findings?kind=contradiction").json()
    assert [(f["kind"], f["slot"]) for f in answer["items"]] == [("contradiction", "hit")]
    assert client.get("/api/v1/findings?slot=weapon").json()["total"] == 0


def test_hostile_text_comes_back_as_json_strings_unchanged(client):
    answer = client.get("/api/v1/documents/hostile")
    assert answer.headers["content-type"] == "application/json"
    document = answer.json()["document"]
    assert document["text"] == HOSTILE_TEXT
    assert document["title"] == "<script>window.__pwned=1</script>"


# --- errors: one shape -------------------------------------------------------------


def test_unknown_ids_answer_404_in_the_error_shape(client):
    for path, what, ident in [("/api/v1/events/e999", "event", "e999"), ("/api/v1/sources/nobody", "source", "nobody"),
                              ("/api/v1/documents/missing", "document", "missing"),
                              ("/events/e999.json", "event", "e999")]:
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.json() == {"ok": False, "error": f"[E097] No {what} '{ident}' in this store.",
                                 "errors": [], "status": 404}


def test_an_unknown_address_and_a_wrong_method_answer_in_the_error_shape(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"].startswith("[E098] No page at /api/v1/nothing-here.")
    wrong = client.delete("/api/v1/events")
    assert wrong.status_code == 405
    assert wrong.json() == {"ok": False, "status": 405, "errors": [],
                            "error": "[E099] DELETE is not allowed on /api/v1/events; it accepts GET."}


@pytest.mark.parametrize(("query", "parameter"), [
    ("limit=0", "limit"), ("limit=many", "limit"), ("limit=100000", "limit"), ("offset=-1", "offset"),
    ("date_from=2025-13-01", "date_from"), ("date_from=2025-03-10&date_to=2025-03-01", "date_from"),
    ("sort=colour", "sort"), ("order=sideways", "order"), ("contested=perhaps", "contested"),
])
def test_bad_parameters_answer_422_naming_the_parameter(client, query, parameter):
    answer = client.get(f"/api/v1/events?{query}")
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) == {"ok", "error", "errors", "status"}
    assert (body["ok"], body["status"]) == (False, 422)
    assert body["error"].startswith(f"[E092] Parameter '{parameter}': ")


def test_the_events_form_sent_with_blank_fields_filters_nothing(client):
    answer = client.get("/?date_from=&date_to=&place=&source=&side=&q=")
    assert answer.status_code == 200
    assert len(page(answer).xpath("//table[contains(@class,'events')]/tbody/tr")) == 1


def test_a_page_with_a_bad_parameter_says_so_on_an_html_page(client):
    answer = client.get("/?date_from=yesterday")
    assert answer.status_code == 422
    assert "[E092] Parameter 'date_from'" in page(answer).text_content()


def test_a_missing_event_page_is_an_html_404(client):
    answer = client.get("/events/e999")
    assert answer.status_code == 404
    assert "[E097] No event 'e999' in this store." in page(answer).text_content()


def test_a_merged_away_event_redirects_to_the_survivor(client, store):
    from rashomon.models import EventAlias

    survivor = store.events().items[0]["id"]
    with store.engine.begin() as connection:
        connection.execute(EventAlias.__table__.insert().values(alias_pk=99, event_pk=int(survivor[1:])))
    for path, target in [("/events/e99", f"/events/{survivor}"), ("/events/e99.json", f"/events/{survivor}.json"),
                         ("/api/v1/events/e99", f"/api/v1/events/{survivor}")]:
        answer = client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (301, target)
    assert client.get("/events/e99").url.path == f"/events/{survivor}"


# --- adding documents ------------------------------------------------------------------

NEW_DOCUMENT = {"id": "odesa-1", "lang": "fr", "publisher": "Ukrinform", "published": "2025-03-12T07:00:00+00:00",
                "text": "Selon l'armée de l'air ukrainienne, 41 drones ont été abattus dans la nuit au-dessus d'Odessa."}


def test_adding_documents_without_a_token_is_401_and_changes_nothing(client, store):
    before = counts(store)
    for headers in ({}, authorized("wrong-token"), {"Authorization": "Basic dXNlcjpwYXNz"}):
        answer = client.post("/api/v1/documents", json=NEW_DOCUMENT, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == 'Bearer realm="rashomon"'
        body = answer.json()
        assert (body["ok"], body["status"], body["error"][:6]) == (False, 401, "[E090]")
    assert counts(store) == before


def test_adding_a_json_document_analyses_it_and_answers_what_was_added(client, store):
    answer = client.post("/api/v1/documents", json=NEW_DOCUMENT, headers=authorized())
    assert answer.status_code == 201
    body = answer.json()
    assert body["ok"] is True
    assert body["documents"] == ["odesa-1"]
    assert (body["added"]["read"], body["added"]["added"], body["added"]["failed"]) == (1, 1, 0)
    assert (body["errors"], body["warnings"]) == ([], [])
    stored = client.get("/api/v1/documents/odesa-1").json()
    assert stored["document"]["text"] == NEW_DOCUMENT["text"]
    assert any(f["slot"] == "intercepted" and f["value"] == 41 for c in stored["claims"] for f in c["facts"])
    again = client.post("/api/v1/documents", json=[NEW_DOCUMENT], headers=authorized()).json()
    assert (again["added"]["added"], again["added"]["unchanged"]) == (0, 1)


def test_a_document_whose_id_is_a_url_has_its_page_api_and_json_twin(client, store):
    # saved pages and feed entries take their URL as id: slashes and all, it is one path segment
    document = {**NEW_DOCUMENT, "id": "https://example.org/news/?p=48152"}
    assert client.post("/api/v1/documents", json=document, headers=authorized()).status_code == 201
    address = document_url(document["id"])
    assert address == "/documents/https%3A%2F%2Fexample.org%2Fnews%2F%3Fp%3D48152"
    assert client.get("/api/v1" + address).json()["document"]["id"] == document["id"]
    assert client.get(address + ".json").json()["document"]["id"] == document["id"]
    assert page(client.get(address)).xpath("//h1")


def test_adding_json_lines_and_files_with_a_token_from_token_create(client, store):
    token = store.create_token("newsroom")
    lines = json.dumps(NEW_DOCUMENT) + "\n" + json.dumps({**NEW_DOCUMENT, "id": "odesa-2"}) + "\n"
    answer = client.post("/api/v1/documents", content=lines.encode(),
                         headers={**authorized(token), "Content-Type": "application/x-ndjson"})
    assert answer.status_code == 201
    assert answer.json()["documents"] == ["odesa-1", "odesa-2"]
    upload = client.post("/api/v1/documents", headers=authorized(token), files={
        "file": ("odesa-3.txt", "Odessa : deux personnes ont été blessées, a indiqué le gouverneur.".encode(),
                 "text/plain")})
    assert upload.status_code == 201
    assert upload.json()["documents"] == ["odesa-3"]
    assert client.get("/api/v1/documents/odesa-3").json()["document"]["path"] == "odesa-3.txt"


def test_records_that_cannot_be_read_are_reported_with_their_own_codes(client, store):
    before = counts(store)
    answer = client.post("/api/v1/documents", json=[{"id": "no-text"}, {"text": "no id"}], headers=authorized())
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == ("[E096] None of the 2 document(s) sent could be read; see 'errors' for each one.")
    assert [(e["code"], e["line"]) for e in body["errors"]] == [("E006", 1), ("E006", 2)]
    assert counts(store) == before


@pytest.mark.parametrize(("content", "content_type", "status", "code"), [
    (b"{not json", "application/json", 400, "E094"),
    (b"42", "application/json", 400, "E095"),
    (b"id,text\nx,y\n", "text/csv", 415, "E093"),
    (b"", "", 415, "E093"),
])
def test_bodies_that_are_not_documents_answer_4xx(client, content, content_type, status, code):
    headers = {**authorized(), **({"Content-Type": content_type} if content_type else {})}
    answer = client.post("/api/v1/documents", content=content, headers=headers)
    assert answer.status_code == status
    assert answer.json()["error"].startswith(f"[{code}] ")


def test_a_body_over_the_limit_is_413_and_changes_nothing(store):
    before = counts(store)
    with TestClient(create_app(store, write_tokens=[WRITE_TOKEN], max_body_bytes=1_000)) as client:
        big = {**NEW_DOCUMENT, "text": "drone " * 500}
        answer = client.post("/api/v1/documents", json=big, headers=authorized())
        assert answer.status_code == 413
        assert answer.json() == {"ok": False, "errors": [], "status": 413, "error": (
            "[E091] The request body is more than 1000 bytes. Send fewer documents per request, "
            "or start the server with a larger --max-body.")}

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b" " * 200

        streamed = client.post("/api/v1/documents", content=chunks(),
                               headers={**authorized(), "Content-Type": "application/json"})
        assert streamed.status_code == 413
    assert counts(store) == before


def test_a_read_token_closes_pages_and_api_but_not_static_files(store):
    with TestClient(create_app(store, read_token="reader", write_tokens=[WRITE_TOKEN])) as client:
        for path in ("/", "/api/v1/events", "/events.json", "/docs", "/openapi.json"):
            assert client.get(path).status_code == 401, path
            assert client.get(path, headers=authorized("reader")).status_code == 200, path
            assert client.get(path, headers=authorized(WRITE_TOKEN)).status_code == 200, path
        assert client.get("/api/v1/events").json()["error"].startswith("[E090] Reading needs a bearer token")
        assert client.get("/static/rashomon.css").status_code == 200


# --- security headers and escaping ------------------------------------------------------


def test_every_answer_has_the_security_headers(client):
    for path in ("/", "/api/v1/events", "/static/rashomon.js", "/api/v1/events/e999", "/nowhere"):
        headers = client.get(path).headers
        policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
        assert policy["script-src"] == "'self'"
        assert policy["default-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_hostile_document_shows_as_text_on_every_page(client, store):
    event_id = store.events().items[0]["id"]
    for path in ("/", f"/events/{event_id}", "/documents/hostile", "/sources/ru-mod"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        for raw in RAW_MARKUP:
            assert raw not in answer.text, (path, raw)
        tree = page(answer)
        scripts = tree.xpath("//script")
        assert [s.get("src") for s in scripts] == ["/static/rashomon.js?v=0.1.0"], path
        assert all(not s.text for s in scripts)
        assert not tree.xpath("//img | //iframe | //textarea | //*[@onerror] | //*[@onclick]"), path
        assert not [a for a in tree.xpath("//a/@href") if a.strip().lower().startswith("javascript:")], path
    document = page(client.get("/documents/hostile"))
    assert "<script>window.__pwned=1;alert(1)</script>" in document.xpath("string(//div[@class='doc-text'])")
    assert document.xpath("string(//h1)") == "<script>window.__pwned=1</script>"
    assert "javascript:window.__pwned=1" in document.xpath("string(//p[@class='meta'])")


def test_highlight_escapes_each_piece_and_gives_overlaps_to_the_shorter_claim():
    text = "A <b>said</b> that x & y."
    marks = [Mark(0, 24, "c1", "/events/e1#claim-c1", "side-russia", "R"),
             Mark(19, 24, "c2", "/events/e1#claim-c2", "side-ukraine", 'U "quoted"')]
    assert str(highlight(text, marks)) == (
        '<a class="hl side-russia" href="/events/e1#claim-c1" title="R" id="claim-c1">'
        'A &lt;b&gt;said&lt;/b&gt; that </a>'
        '<a class="hl side-ukraine" href="/events/e1#claim-c2" title="U &#34;quoted&#34;" id="claim-c2">'
        'x &amp; y</a>.')


def test_highlight_skips_spans_outside_the_text():
    assert str(highlight("<short>", [Mark(3, 99, "c1", "#", "side-unknown", "")])) == "&lt;short&gt;"


# --- the pages ------------------------------------------------------------------------------


def test_events_page_lists_events_with_sides_and_a_contradiction_mark(client, store):
    tree = page(client.get("/"))
    rows = tree.xpath("//table[contains(@class,'events')]/tbody/tr")
    assert len(rows) == 1
    assert rows[0].get("class") == "contested"
    cells = {td.get("data-label"): " ".join(td.text_content().split()) for td in rows[0].xpath("td")}
    assert cells["Date"] == "2025-03-09"
    assert cells["Contradicted"] == "⚠ yes"
    sides = [" ".join(line.text_content().split()) for line in rows[0].xpath(".//div[@class='side-line']")]
    assert sides == ["russia Alexander Bogomaz, Ministry of Defence of Russia",
                     "ukraine General Staff of the Armed Forces of Ukraine", "unknown <b>Le Pirate</b>"]
    assert tree.xpath("//link[@rel='alternate']/@href") == ["/events.json"]


def test_events_page_keeps_filters_in_links_to_sort_and_page(client):
    tree = page(client.get("/?side=russia&q=raffinerie&limit=1"))
    assert tree.xpath("//input[@name='q']/@value") == ["raffinerie"]
    assert tree.xpath("//select[@name='side']/option[@selected]/@value") == ["russia"]
    sort_links = tree.xpath("//thead//a/@href")
    assert "/?side=russia&q=raffinerie&sort=place&order=asc" in sort_links
    assert "/?side=russia&q=raffinerie&sort=date&order=asc" in sort_links
    nothing = page(client.get("/?place=Odessa"))
    assert "No event matches these filters." in nothing.text_content()


def test_event_page_shows_who_says_what_side_by_side_with_evidence_links(client, store):
    event_id = store.events().items[0]["id"]
    tree = page(client.get(f"/events/{event_id}"))
    groups = [g.xpath("string(tr[@class='side-head'])").strip() for g in tree.xpath("//table[@class='sbs']/tbody")]
    assert groups == ["russia", "ukraine"]
    headers = [th.text_content() for th in tree.xpath("//table[@class='sbs']/thead//th")]
    assert headers[:3] == ["Source", "launched", "hit"]
    contested = tree.xpath("//table[@class='sbs']//td[contains(@class,'contested')]")
    assert sorted(" ".join(td.text_content().split()) for td in contested) == ["⚠0 deny", "⚠8"]
    for link in tree.xpath("//a[@class='value']"):
        target = link.get("href")[1:]
        evidence, = tree.xpath(f"//article[@id='{target}']")
        assert evidence.xpath(".//blockquote[@class='evidence']/mark")
        assert evidence.xpath(".//a[starts-with(@href,'/documents/')]")
    explanations = [" ".join(p.text_content().split()) for p in tree.xpath("//li[contains(@class,'finding')]/p[1]")]
    assert any(e.startswith("hit: ") and "8" in e and "0" in e for e in explanations)
    assert len(tree.xpath("//ol[@class='timeline']/li")) == len(store.event(event_id)["claims"])
    sources = tree.xpath("//table[@class='sbs']//th[@class='source']/a/@href")
    assert "/sources/ru-bryansk-governor" in sources
    assert all(client.get(href).status_code == 200 for href in sources)


def test_document_page_highlights_every_claim_and_links_it_to_its_event(client, store):
    event_id = store.events().items[0]["id"]
    tree = page(client.get("/documents/bryansk-gov"))
    marks = tree.xpath("//div[@class='doc-text']/a")
    claims = store.document("bryansk-gov")["claims"]
    assert [m.text_content() for m in marks] == [c["text"] for c in claims]
    assert [m.get("href") for m in marks] == [f"/events/{event_id}#claim-{c['id']}" for c in claims]
    assert tree.xpath("string(//div[@class='doc-text'])") == DOCUMENTS[1].text


def test_source_page_shows_its_registry_entry_and_claims(client):
    tree = page(client.get("/sources/ru-bryansk-governor"))
    assert "Alexander Bogomaz" in tree.xpath("string(//h1)")
    entry = dict(zip(tree.xpath("//dl[@class='facts-grid']/dt/text()"),
                     tree.xpath("//dl[@class='facts-grid']/dd/text()")))
    assert entry == {"key": "ru-bryansk-governor", "registry id": "ru-bryansk-governor",
                     "name": "Alexander Bogomaz", "kind": "regional-authority", "side": "russia", "claims": "2"}
    assert len(tree.xpath("//table[contains(@class,'claims')]/tbody/tr")) == 2


def test_the_api_is_described_by_openapi_and_a_page_without_script(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/claims", "/api/v1/sources",
            "/api/v1/sources/{key}", "/api/v1/documents", "/api/v1/documents/{doc_id}",
            "/api/v1/findings"} <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/v1/documents"]
    docs = page(client.get("/docs"))
    assert "/api/v1/events" in docs.text_content()
    assert [s.get("src") for s in docs.xpath("//script")] == ["/static/rashomon.js?v=0.1.0"]


# --- the command line ------------------------------------------------------------------------


def test_serve_get_prints_one_answer_without_a_server(store, store_url):
    runner = CliRunner()
    result = runner.invoke(cli_app, ["serve", "--db", store_url, "--get", "/api/v1/findings?kind=contradiction"])
    assert result.exit_code == 0, result.output
    assert [f["slot"] for f in json.loads(result.stdout)["items"]] == ["hit"]
    missing = runner.invoke(cli_app, ["serve", "--db", store_url, "--get", "/api/v1/events/e999"])
    assert missing.exit_code == 1
    assert json.loads(missing.stdout)["status"] == 404


def test_token_create_prints_a_token_the_api_accepts(store, store_url):
    result = CliRunner().invoke(cli_app, ["token", "create", "desk", "--db", store_url])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token and store.check_token(token)
    with TestClient(create_app(store, write_tokens=[])) as client:
        answer = client.post("/api/v1/documents", json={"id": "x"}, headers=authorized(token))
        assert answer.status_code == 422  # past the token check: the record has no text


# --- one claim ------------------------------------------------------------------------------


def hit_claim(store: Store) -> dict:
    """The General Staff's claim that eight drones hit the refinery."""
    claim, = [c for c in store.document("kyiv-post")["claims"]
              if any(f["slot"] == "hit" for f in c["facts"])]
    return claim


def test_one_claim_answers_its_document_events_and_findings(client, store):
    claim = hit_claim(store)
    event_id = store.events().items[0]["id"]
    answer = client.get(f"/api/v1/claims/{claim['id']}")
    assert answer.status_code == 200
    body = answer.json()
    assert body == {"ok": True, **store.claim(claim["id"])}
    assert body["claim"] == claim
    assert body["document"] == store.document("kyiv-post")["document"]
    assert [e["id"] for e in body["events"]] == [event_id]
    assert [(f["kind"], f["slot"]) for f in body["findings"] if f["kind"] == "contradiction"] == [
        ("contradiction", "hit")]
    assert all(claim["id"] in f["claims"] for f in body["findings"])
    assert client.get(f"/claims/{claim['id']}.json").json() == body


@pytest.mark.parametrize("path", ["/api/v1/claims/c999999", "/api/v1/claims/e1", "/claims/nope.json"])
def test_an_unknown_claim_answers_404_in_the_error_shape(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json()["ok"] is False
    assert answer.json()["error"].startswith("[E097] No claim ")


def test_claim_page_shows_the_sentence_facts_and_links(client, store):
    claim = hit_claim(store)
    event_id = store.events().items[0]["id"]
    tree = page(client.get(f"/claims/{claim['id']}"))
    # the source by its registry label; the words the text used kept on the claim
    assert "General Staff of the Armed Forces of Ukraine" in tree.xpath("string(//h1)")
    assert "état-major général des forces armées ukrainiennes" in tree.xpath("string(//span[@class='named'])")
    assert tree.xpath("string(//h1//span[contains(@class,'stance')])") == claim["stance"]
    sentence = tree.xpath("//blockquote[@class='evidence']")[0]
    assert " ".join(sentence.xpath("string(mark)").split()) == " ".join(claim["text"].split())
    facts = [(tr.xpath("string(td[1])"), tr.xpath("string(td[2])"))
             for tr in tree.xpath("//table[contains(@class,'facts')]/tbody/tr")]
    assert ("hit", "8") in facts
    links = tree.xpath("//a/@href")
    assert f"/documents/kyiv-post#claim-{claim['id']}" in links
    assert f"/events/{event_id}#claim-{claim['id']}" in links
    assert tree.xpath("//link[@rel='alternate']/@href") == [f"/claims/{claim['id']}.json"]


def test_claim_page_shows_the_confidence_of_the_claim_and_of_each_fact(client, store):
    claim = hit_claim(store)
    body = client.get(f"/api/v1/claims/{claim['id']}").json()
    confidence = body["claim"]["confidence"]
    assert 0 <= confidence <= 1
    tree = page(client.get(f"/claims/{claim['id']}"))
    assert f"confidence {confidence:.2f}" in tree.xpath("string(//p[@class='meta'])")
    cells = {tr.xpath("string(td[2])"): tr.xpath("string(td[4])")
             for tr in tree.xpath("//table[contains(@class,'facts')]/tbody/tr")}
    fact = next(f for f in body["claim"]["facts"] if f["slot"] == "hit")
    assert cells["8"].startswith(f"{fact['confidence']:.2f}")


def test_a_hostile_claim_shows_as_text_on_its_page(client, store):
    claim, = [c for c in store.document("hostile")["claims"] if "<script>" in c["text"]]
    answer = client.get(f"/claims/{claim['id']}")
    assert answer.status_code == 200
    for raw in RAW_MARKUP:
        assert raw not in answer.text, raw
    tree = page(answer)
    assert "<script>window.__pwned=1;alert(1)</script>" in tree.xpath("string(//blockquote[@class='evidence'])")
    assert [s.get("src") for s in tree.xpath("//script")] == ["/static/rashomon.js?v=0.1.0"]
    assert not tree.xpath("//img | //*[@onerror]")


def test_document_page_lists_its_claims_with_links_to_their_pages(client, store):
    tree = page(client.get("/documents/bryansk-gov"))
    links = tree.xpath("//table[contains(@class,'claims')]//a[@class='claim-link']/@href")
    assert links == [f"/claims/{c['id']}" for c in store.document("bryansk-gov")["claims"]]


def test_event_page_links_its_timeline_and_evidence_to_claim_pages(client, store):
    event_id = store.events().items[0]["id"]
    tree = page(client.get(f"/events/{event_id}"))
    claims = [c["id"] for c in store.event(event_id)["claims"]]
    timeline = tree.xpath("//ol[@class='timeline']/li//a[@class='claim-link']/@href")
    assert sorted(timeline) == sorted(f"/claims/{c}" for c in claims)
    for article in tree.xpath("//article[contains(@class,'ev')]"):
        claim_link, = [h for h in article.xpath(".//dl[@class='ev-meta']//a/@href") if h.startswith("/claims/")]
        assert client.get(claim_link).status_code == 200


# --- a read token from a plain browser ---------------------------------------------------------


@pytest.fixture
def closed(store):
    with TestClient(create_app(store, read_token="reader", write_tokens=[WRITE_TOKEN])) as client:
        yield client


def test_a_read_token_in_the_address_sets_a_strict_httponly_cookie(closed, store):
    event_id = store.events().items[0]["id"]
    assert closed.get(f"/events/{event_id}").status_code == 401
    answer = closed.get(f"/events/{event_id}?token=reader&x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/events/{event_id}?x=1"  # the token leaves the address
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("rashomon_read=reader;")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    # the cookie thereafter: pages and their JSON twins, with no token in the address
    assert closed.get(f"/events/{event_id}").status_code == 200
    assert closed.get("/events.json").json()["ok"] is True
    # the API keeps the bearer header
    assert closed.get("/api/v1/events").status_code == 401
    assert closed.get("/api/v1/events", headers=authorized("reader")).status_code == 200


def test_a_wrong_read_token_in_the_address_is_401_and_sets_nothing(closed):
    answer = closed.get("/?token=guess", follow_redirects=False)
    assert answer.status_code == 401
    assert "set-cookie" not in answer.headers
    assert "[E090] Reading needs a bearer token" in answer.text
    assert closed.get("/").status_code == 401
    closed.cookies.set("rashomon_read", "guess")
    refused = closed.get("/events.json")
    assert refused.status_code == 401
    assert refused.json()["error"].endswith("The token is not valid here.")


def test_without_a_token_a_page_says_how_to_give_one_in_a_browser(closed):
    answer = closed.get("/")
    assert answer.status_code == 401
    assert "?token=&lt;token&gt;" in answer.text


def test_a_document_with_a_nul_and_a_lone_surrogate_is_cleaned_and_stored(client, store):
    hostile = {**NEW_DOCUMENT, "id": "odesa-\u0000nul", "text": NEW_DOCUMENT["text"].replace("41", "4\u200b1\u0000")
               + " \ud800"}
    body = json.dumps(hostile).encode()  # the escapes as a client sends them
    answer = client.post("/api/v1/documents", content=body,
                         headers={**authorized(), "Content-Type": "application/json"})
    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert result["documents"] == ["odesa-nul"] and result["warnings"][0].startswith("[W008]")
    stored = client.get("/api/v1/documents/odesa-nul").json()
    assert stored["document"]["text"].endswith(" \ufffd")
    assert any(f["slot"] == "intercepted" and f["value"] == 41 for c in stored["claims"] for f in c["facts"])
