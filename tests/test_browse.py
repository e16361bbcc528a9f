"""Browsing the store: list pages with facets, their CSV and JSON downloads, filtered exports.

The store holds the example reports (``examples/``, as ``rashomon ingest examples/``
adds them) and two hostile documents: one whose publisher and title are markup,
one whose publisher, title and text start like spreadsheet formulas. Facet counts
are checked against counts made from the store's ledger (``Store.ledger``, what
``rashomon export --json`` writes) with ``collections.Counter``, not with the
facet queries; downloads against the API's pages. Each test runs on SQLite and,
when a server is there, on PostgreSQL (the region facet reads JSON, which the
two databases do differently).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import fresh_postgres_database
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from typer.testing import CliRunner

from rashomon.cli import app as cli_app
from rashomon.ledger import Document
from rashomon.store import Store, source_key
from rashomon.web import create_app

ROOT = Path(__file__).resolve().parent.parent
MARKUP = Document(
    id="markup", lang="fr", publisher="<img src=x onerror=alert(1)>", published="2025-03-09T12:00:00+00:00",
    title="<script>alert(1)</script>",
    text="Le ministère russe de la Défense a affirmé dimanche que trois drones avaient été abattus "
         "au-dessus de la raffinerie de Novozybkov.")
FORMULA = Document(
    id="formula", lang="fr", publisher="=HYPERLINK(\"http://evil.example\")",
    published="2025-03-09T13:00:00+00:00", title="@SUM(1+1)",
    text="-2+3 selon la rédaction. L'armée de l'air ukrainienne a affirmé que 41 drones avaient été "
         "abattus au-dessus d'Odessa dans la nuit.")
RAW = ("<img src=x", "<script>alert")
LISTS = ("claims", "sources", "documents", "findings")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request, tmp_path_factory):
    """The examples and the two hostile documents, ingested once per database."""
    with ExitStack() as stack:
        url = ("sqlite:///" + str(tmp_path_factory.mktemp("browse") / "t.db") if request.param == "sqlite"
               else stack.enter_context(fresh_postgres_database()))
        store = Store.open(url)
        store.ingest([ROOT / "examples"])
        store.ingest_documents([MARKUP, FORMULA])
        yield store
        store.close()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store)) as client:
        yield client


@pytest.fixture(scope="module")
def ledger(store):
    return store.ledger()


def page(answer) -> lxml_html.HtmlElement:
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"].startswith("text/html")
    return lxml_html.fromstring(answer.text)


def facet_counts(tree, name: str, parameter: str | None = None) -> dict:
    """{value: count} of one facet on a page; the value is what its link sets
    (``parameter``, the facet's name unless told), None for rows without one."""
    counts = {}
    for item in tree.xpath(f"//div[@data-facet='{name}']//li"):
        links = item.xpath("a/@href")
        value = parse_qs(urlsplit(links[0]).query).get(parameter or name, [None])[0] if links else None
        counts[value] = int(item.xpath("string(span[@class='n'])"))
    return counts


def every(client, path: str) -> list[dict]:
    """Every item of an API list, page after page."""
    items, answer = [], client.get(f"{path}{'&' if '?' in path else '?'}limit=500").json()
    while True:
        items += answer["items"]
        if answer["next"] is None:
            return items
        answer = client.get(answer["next"]).json()


def csv_of(answer) -> list[dict]:
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(answer.text)))


# --- the list pages --------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_each_list_page_shows_its_rows_facets_and_downloads(client, store, name):
    tree = page(client.get(f"/{name}/"))
    total = getattr(store, name)().total
    assert tree.xpath("string(//h1)") == name.capitalize()
    assert len(tree.xpath("//table[contains(@class,'list')]/tbody/tr")) == min(total, 100 if name == "sources" else 50)
    assert f"of {total} " in tree.xpath("string(//nav[@class='pager']/span[@class='count'])")
    assert tree.xpath("//section[@class='facets']/div[@class='facet']")
    assert tree.xpath("//p[@class='downloads']/a/@href") == [f"/{name}.csv", f"/{name}.json?_stream=on"]
    assert tree.xpath("//link[@rel='alternate']/@href") == [f"/{name}.json"]
    twin = client.get(f"/{name}.json").json()
    assert {k: v for k, v in twin.items() if k != "facets"} == client.get(f"/api/v1/{name}").json()
    # the twin carries the page's facet counts, as Datasette's JSON does
    shown = {facet.get("data-facet") for facet in tree.xpath("//div[@data-facet]")}
    assert shown <= set(twin["facets"])
    for facet in twin["facets"].values():
        assert sum(v["count"] for v in facet["values"]) <= total  # one value a row in these lists


def test_a_json_twin_counts_the_filtered_rows_in_its_facets(client):
    twin = client.get("/claims.json?side=ukraine").json()
    sides = {v["value"]: v["count"] for v in twin["facets"]["side"]["values"]}
    assert sides == {"ukraine": twin["total"]}


def test_events_facets_count_regions_months_sides_and_contradictions_as_the_ledger_does(client, ledger):
    tree = page(client.get("/"))
    assert facet_counts(tree, "region") == Counter(e.location.region if e.location else None for e in ledger.events)
    assert facet_counts(tree, "month", "date_from") == Counter(
        f"{e.date[:7]}-01" if e.date else None for e in ledger.events)
    assert facet_counts(tree, "contested") == Counter(
        "true" if any(f.kind == "contradiction" and f.event == e.id for f in ledger.findings) else "false"
        for e in ledger.events)
    claims = ledger.claim_index()
    assert facet_counts(tree, "side") == Counter(
        side for e in ledger.events for side in {claims[c].source.side for c in e.claims})
    assert facet_counts(tree, "source") == Counter(
        key for e in ledger.events for key in {source_key(claims[c].source) for c in e.claims} if key)


def test_claims_facets_count_sides_sources_stances_and_kinds_as_the_ledger_does(client, ledger):
    tree = page(client.get("/claims/"))
    assert facet_counts(tree, "side") == Counter(c.source.side for c in ledger.claims)
    assert facet_counts(tree, "stance") == Counter(c.stance for c in ledger.claims)
    assert facet_counts(tree, "kind") == Counter(c.source.kind for c in ledger.claims)
    assert facet_counts(tree, "lang") == Counter(d.lang for d in ledger.documents for c in ledger.claims
                                                 if c.doc == d.id)
    sources = facet_counts(tree, "source")
    # a claim's source is its registry id, else the words naming it (the publisher's, for its own voice)
    assert sources == Counter(source_key(c.source) for c in ledger.claims)


def test_findings_documents_and_sources_facets_count_as_the_ledger_does(client, store, ledger):
    findings = page(client.get("/findings/"))
    assert facet_counts(findings, "kind") == Counter(f.kind for f in ledger.findings)
    assert facet_counts(findings, "slot") == Counter(f.slot for f in ledger.findings)
    documents = page(client.get("/documents/"))
    assert facet_counts(documents, "publisher") == Counter(d.publisher for d in ledger.documents)
    assert facet_counts(documents, "lang") == Counter(d.lang for d in ledger.documents)
    sources = page(client.get("/sources/"))
    speakers = {}
    for claim in ledger.claims:
        if source_key(claim.source):
            speakers.setdefault(source_key(claim.source), claim.source)
    assert facet_counts(sources, "side") == Counter(s.side for s in speakers.values())
    assert facet_counts(sources, "kind") == Counter(s.kind for s in speakers.values())
    assert store.sources().total == len(speakers)


def test_a_facet_value_filters_the_list_keeps_the_filter_in_the_url_and_can_be_removed(client, ledger):
    tree = page(client.get("/claims/"))
    link = tree.xpath("//div[@data-facet='side']//li/a[span[@class='value']='russia']/@href")[0]
    assert link == "/claims/?side=russia"
    filtered = page(client.get(link))
    expected = sum(c.source.side == "russia" for c in ledger.claims)
    assert f"of {expected} " in filtered.xpath("string(//nav[@class='pager']/span[@class='count'])")
    assert {r.get("class") for r in filtered.xpath("//table[contains(@class,'claims')]/tbody/tr")} == {"side-russia"}
    # the other facets count within the filter, and keep it in their links
    assert sum(facet_counts(filtered, "stance").values()) == expected
    assert all("side=russia" in href for href in filtered.xpath("//div[@data-facet='stance']//a/@href"))
    # the selected value, and the filter's chip, lead back to the whole list
    assert filtered.xpath("//div[@data-facet='side']//li[@class='selected']/a/@href") == ["/claims/"]
    assert filtered.xpath("//ul[@class='chips']//a[@class='remove']/@href") == ["/claims/"]
    assert filtered.xpath("//p[@class='downloads']/a/@href") == ["/claims.csv?side=russia",
                                                                  "/claims.json?side=russia&_stream=on"]


def test_the_events_page_narrows_by_region_and_month_and_keeps_its_sort(client, ledger):
    region = next(e.location.region for e in ledger.events if e.location and e.location.region)
    tree = page(client.get("/", params={"sort": "claims"}))
    link = tree.xpath(f"//div[@data-facet='region']//li/a[span[@class='value']='{region}']/@href")[0]
    assert parse_qs(urlsplit(link).query) == {"region": [region], "sort": ["claims"]}
    narrowed = page(client.get(link))
    month = narrowed.xpath("//div[@data-facet='month']//li/a/@href")[0]
    assert parse_qs(urlsplit(month).query)["date_to"] == ["2025-03-31"]
    rows = page(client.get(month)).xpath("//table[contains(@class,'events')]/tbody/tr")
    assert len(rows) == sum(1 for e in ledger.events if e.location and e.location.region == region)


def test_a_hostile_publisher_and_title_show_as_text_in_lists_and_facets(client):
    for path in ["/documents/", "/sources/", "/claims/", "/", "/documents/?publisher=<img src=x onerror=alert(1)>"]:
        answer = client.get(path)
        assert answer.status_code == 200
        assert not any(raw in answer.text for raw in RAW), path
    tree = page(client.get("/documents/"))
    assert "<img src=x onerror=alert(1)>" in facet_counts(tree, "publisher")
    assert "<script>alert(1)</script>" in tree.xpath("//table[contains(@class,'documents')]//a/text()")


# --- downloads -----------------------------------------------------------------------------------

FILTERED = [("claims", "side=russia", "id"), ("claims", "stance=deny", "id"), ("sources", "kind=military", "key"),
            ("documents", "lang=fr", "id"), ("findings", "kind=revision", "id"), ("claims", "", "id")]


@pytest.mark.parametrize(("name", "query", "key"), FILTERED)
def test_csv_and_json_downloads_hold_exactly_the_filtered_rows(client, name, query, key):
    expected = every(client, f"/api/v1/{name}?{query}")
    assert expected or not query
    rows = csv_of(client.get(f"/{name}.csv?{query}"))
    assert [r[key] for r in rows] == [item[key] for item in expected]
    answer = client.get(f"/{name}.json?{query}&_stream=on")
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"ok": True, "items": expected, "count": len(expected)}


def test_a_download_is_an_attachment_named_after_its_list(client):
    answer = client.get("/claims.csv?side=ukraine")
    assert answer.headers["content-disposition"] == 'attachment; filename="claims.csv"'
    assert "content-security-policy" in answer.headers


def test_csv_cells_a_spreadsheet_would_run_are_quoted(client):
    document, = [r for r in csv_of(client.get("/documents.csv")) if r["id"] == "formula"]
    assert document["publisher"] == "'=HYPERLINK(\"http://evil.example\")"
    assert document["title"] == "'@SUM(1+1)"
    assert document["text"].startswith("'-2+3 selon")
    for name in ("claims", "sources", "documents", "findings", "events"):
        for row in csv_of(client.get(f"/{name}.csv")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), (name, row)


def test_a_bad_filter_on_a_download_answers_in_the_error_shape(client):
    answer = client.get("/events.csv?date_from=2025-13-01")
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("[E092] Parameter 'date_from'")
    assert client.get("/claims.csv?q=a%00b").json()["status"] == 422


def test_events_csv_holds_the_events_the_page_lists(client, ledger):
    region = next(e.location.region for e in ledger.events if e.location and e.location.region)
    listed = {e["id"] for e in every(client, f"/api/v1/events?region={region}")}
    rows = csv_of(client.get("/events.csv", params={"region": region}))
    assert {r["event_id"] for r in rows} == listed
    assert {r["admin1"] for r in rows} == {region}


# --- rashomon export with the same filters ----------------------------------------------------------


def export(store: Store, tmp_path: Path, *options: str) -> tuple[int, str, Path]:
    out = tmp_path / f"{uuid.uuid4().hex}.csv"
    result = CliRunner().invoke(cli_app, ["export", "--db", store.url, "--csv", str(out), *options])
    return result.exit_code, result.output, out


@pytest.mark.parametrize(("options", "query"), [
    ((), ""), (("--side", "ukraine"), "side=ukraine"), (("--contested",), "contested=true"),
    (("--not-contested",), "contested=false"), (("--since", "2025-03-09", "--until", "2025-03-09"),
                                                "date_from=2025-03-09&date_to=2025-03-09"),
    (("--source", "ru-mod"), "source=ru-mod"),
])
def test_export_csv_takes_the_events_filters_and_writes_what_events_csv_answers(client, store, tmp_path,
                                                                                options, query):
    code, output, out = export(store, tmp_path, *options)
    assert code == 0, output
    with out.open(encoding="utf-8", newline="") as written:
        exported = list(csv.DictReader(written))
    downloaded = csv_of(client.get(f"/events.csv?{query}"))
    assert exported
    assert sorted(map(json.dumps, exported)) == sorted(map(json.dumps, downloaded))


def test_export_by_region_keeps_that_regions_events_claims_and_findings(client, store, ledger, tmp_path):
    region = next(e.location.region for e in ledger.events if e.location and e.location.region)
    out = tmp_path / "region.json"
    result = CliRunner().invoke(cli_app, ["export", "--db", store.url, "--json", str(out), "--region", region])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    events = [e for e in ledger.events if e.location and e.location.region == region]
    assert [e["id"] for e in exported["events"]] == [e.id for e in events]
    assert {c["id"] for c in exported["claims"]} == {c for e in events for c in e.claims}
    assert {f["event"] for f in exported["findings"]} <= {e.id for e in events}


def test_export_with_filters_that_match_nothing_writes_nothing_e110(store, tmp_path):
    code, output, out = export(store, tmp_path, "--since", "2030-01-01")
    assert code == 1
    assert "[E110] export --since 2030-01-01: no event in the store matches" in output
    assert not out.exists()


def test_export_since_after_until_is_refused_e109(store, tmp_path):
    code, output, out = export(store, tmp_path, "--since", "2025-03-10", "--until", "2025-03-01")
    assert code == 2
    assert "[E109]" in output and not out.exists()


# --- the store's streams ----------------------------------------------------------------------------


def test_streams_give_every_row_of_the_list_a_chunk_at_a_time(store, monkeypatch):
    import rashomon.store

    monkeypatch.setattr(rashomon.store, "CHUNK", 3)  # many chunks, even from the examples
    assert list(store.iter_claims(side="russia")) == store.claims(side="russia", limit=500).items
    assert list(store.iter_events(sort="claims", descending=False)) == store.events(
        sort="claims", descending=False, limit=500).items
    assert list(store.iter_findings()) == store.findings(limit=500).items
    assert list(store.iter_documents()) == store.documents(limit=500).items
    assert list(store.iter_sources(side="unknown")) == store.sources(side="unknown", limit=500).items
    stream = store.iter_claims()
    assert next(stream)["id"] == store.claims(limit=1).items[0]["id"]  # the first row before the rest is read
    stream.close()
