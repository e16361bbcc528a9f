"""One name per source, revision chains and the width of the event table.

Three reports, in English, French and Russian, quote one governor, each in its own
language ("Alexander Bogomaz", "Alexandre Bogomaz", "Александр Богомаз"), and each
with another injured count (2, then 0, then 5). Wherever the source is listed it is
the registry's one label; the claim keeps the words its text used; the counts are
one revision chain with their days.
"""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from rich.console import Console

from rashomon.cli import NARROW_BELOW, print_tables
from rashomon.ledger import Claim, Document, Event, Fact, Finding, Ledger, Source
from rashomon.pipeline import Analysis, analyze_documents, analyze_each
from rashomon.report import Cell, Entry, render_html, render_markdown, short_day, side_by_side
from rashomon.store import Store, csv_rows
from rashomon.web import create_app

LABEL = "Alexander Bogomaz"
SAID = ("Bryansk Governor Alexander Bogomaz", "gouverneur de la région de Briansk, Alexandre Bogomaz",
        "Губернатор Брянской области Александр Богомаз")
DOCUMENTS = [
    Document(id="en-1", lang="en", publisher="Reuters", published="2025-03-08T09:00:00+00:00",
             text="Bryansk Governor Alexander Bogomaz said that two people were injured in the drone "
                  "attack on the Novozybkov refinery."),
    Document(id="fr-2", lang="fr", publisher="AFP", published="2025-03-09T09:00:00+00:00",
             text="Le gouverneur de la région de Briansk, Alexandre Bogomaz, a déclaré qu'aucune "
                  "personne n'avait été blessée lors de l'attaque de drones contre la raffinerie de "
                  "Novozybkov."),
    Document(id="ru-3", lang="ru", publisher="ТАСС", published="2025-03-10T09:00:00+00:00",
             text="Губернатор Брянской области Александр Богомаз заявил, что при атаке беспилотников "
                  "на НПЗ в Новозыбкове пострадали пять человек."),
]
CHAIN = "2 (8 Mar) → 0 (9 Mar) → 5 (10 Mar)"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return analyze_documents(DOCUMENTS)


def test_the_claims_keep_the_words_their_text_used_and_share_one_label(ledger):
    assert [(c.source.name, c.source.id, c.source.label) for c in ledger.claims] == [
        (said, "ru-bryansk-governor", LABEL) for said in SAID]


def test_the_event_lists_the_source_once_by_its_label(ledger):
    (event,) = ledger.events
    assert event.sources == {"russia": [LABEL]}
    assert [t.source for t in event.timeline] == [LABEL] * 3


def test_a_sequence_of_values_from_one_source_is_one_revision_chain(ledger):
    assert [(f.kind, f.slot, f.claims, f.explanation) for f in ledger.findings] == [
        ("revision", "injured", ["c1", "c2", "c3"],
         f"injured: {LABEL}: 2, later {LABEL}: 0, later {LABEL}: 5")]


def test_the_table_has_one_row_for_the_source_with_the_chain_in_its_cell(ledger):
    table = side_by_side(ledger, ledger.events[0])
    (row,) = table.rows
    assert row.label == LABEL
    cell = row.cell("injured")
    assert [(s.value, s.dates) for s in cell.steps()] == [
        ("2", ("2025-03-08",)), ("0", ("2025-03-09",)), ("5", ("2025-03-10",))]
    assert cell.chain() == CHAIN


def test_repeated_values_show_their_days_and_one_value_none():
    said_twice = Cell("hit", (Entry("3", "c1", "assert", False, at="2025-03-08"),
                              Entry("3", "c2", "assert", False, at="2025-03-09"),
                              Entry("4", "c3", "assert", False, at="2025-03-09")))
    assert said_twice.chain() == "3 (8 Mar, 9 Mar) → 4 (9 Mar)"
    assert Cell("hit", (Entry("3", "c1", "assert", False, at="2025-03-08"),)).chain() == "3"
    assert short_day("2025-12-01") == "1 Dec" and short_day("around noon") == "around noon"


def test_the_markdown_report_names_the_source_once_with_the_chain(ledger):
    text = render_markdown(ledger)
    row = next(line for line in text.splitlines() if line.startswith("| russia |"))
    assert row.startswith(f"| russia | {LABEL} |")
    assert "2 (c1 8 Mar) → 0 (c2 9 Mar) → 5 (c3 10 Mar)" in row
    assert "Alexandre Bogomaz" not in row and "Александр" not in row
    assert f"russia: {LABEL}" in text  # the event's sources line
    for said in SAID:  # each claim keeps the words of its text
        assert said in text


def test_the_html_report_names_the_source_once_with_the_chain(ledger):
    tree = lxml_html.fromstring(render_html(ledger))
    assert [th.text for th in tree.xpath("//th[@class='source']")] == [LABEL]
    injured = tree.xpath("//table[contains(@class,'sbs')]//td[@data-label='injured']")[0]
    assert injured.xpath(".//time[@class='day']/@datetime") == ["2025-03-08", "2025-03-09", "2025-03-10"]
    assert [(s.xpath("string(span[@class='value'])"), s.xpath("string(span[@class='then'])"),
             s.xpath("string(time)")) for s in injured.xpath(".//summary")] == [
        ("2", "", "8 Mar"), ("0", "→", "9 Mar"), ("5", "→", "10 Mar")]


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_table_names_the_source_once_with_the_chain(ledger, width):
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_tables(ledger, out=console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    assert text.count(LABEL) >= 1 and "Alexandre" not in text and "Александр" not in text
    flat = " ".join(text.replace("│", " ").split())
    for part in ("2 (8 Mar) →", "0 (9 Mar) →", "5 (10 Mar)"):
        assert part in flat


def test_the_terminal_table_stacks_slots_under_the_source_below_100_columns():
    ledger = wide_ledger()
    narrow = terminal(ledger, 80)
    wide = terminal(ledger, 120)
    assert 80 < NARROW_BELOW <= 120
    # wide: a column per slot, headed by the slot; narrow: "slot: value" lines under the source
    assert "launched" in wide.splitlines()[2] and "injured" in wide.splitlines()[2]
    assert "launched: 48" in narrow and "injured: 2" in narrow and "launched:" not in wide
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert max(len(line) for line in wide.splitlines()) <= 120


def test_the_csv_export_names_the_source_by_its_label(ledger):
    rows = list(csv_rows(ledger))
    assert [(r["source"], r["source_id"], r["injured"]) for r in rows] == [
        (LABEL, "ru-bryansk-governor", "2; 0; 5")]


def test_the_web_app_lists_and_tabulates_the_source_by_its_label(tmp_path):
    analysis = Analysis()
    store = Store.open("sqlite:///" + str(tmp_path / "names.db"))
    try:
        for result in analyze_each(DOCUMENTS, analysis=analysis):
            store.write(result, analysis=analysis)
        with TestClient(create_app(store)) as client:
            events = lxml_html.fromstring(client.get("/").text)
            lines = [" ".join(d.text_content().split()) for d in events.xpath("//div[@class='side-line']")]
            assert lines == [f"russia {LABEL}"]
            event_id = store.events().items[0]["id"]
            event = lxml_html.fromstring(client.get(f"/events/{event_id}").text)
            assert [th.xpath("string(a)") for th in event.xpath("//th[@class='source']")] == [LABEL]
            cell = " ".join(event.xpath("string(//td[@data-label='injured'])").split())
            assert cell == "2 8 Mar → 0 9 Mar → 5 10 Mar"
            sources = client.get("/api/v1/sources").json()["items"]
            assert [(s["key"], s["name"]) for s in sources] == [("ru-bryansk-governor", LABEL)]
            claim = lxml_html.fromstring(client.get(f"/claims/{store.claims().items[2]['id']}").text)
            assert LABEL in claim.xpath("string(//h1)")
            assert SAID[2] in claim.xpath("string(//span[@class='named'])")
    finally:
        store.close()


# ---------------------------------------------------------------- helpers


def wide_ledger() -> Ledger:
    """One event, two sources, seven scored slots: too wide for 80 columns."""
    doc = Document(id="d1", text="x" * 200, published="2025-03-09T08:00:00+00:00")
    slots = {"launched": 48, "hit": 3, "intercepted": 41, "damage": "some", "killed": 1,
             "injured": 2, "production_disrupted": True}
    ua = Claim(id="c1", doc="d1", attributed=True, stance="assert", text="x", span=(0, 10), sentence=(0, 10),
               source=Source(name="Air Force", id="ua-air-force", kind="military", side="ukraine",
                             label="Air Force of the Armed Forces of Ukraine"),
               facts=[Fact(slot, value) for slot, value in slots.items()])
    ru = Claim(id="c2", doc="d1", attributed=True, stance="assert", text="x", span=(20, 30), sentence=(20, 30),
               source=Source(name="Минобороны России", id="ru-mod", kind="military", side="russia",
                             label="Ministry of Defence of Russia"),
               facts=[Fact("intercepted", 48), Fact("hit", 0)])
    event = Event(id="e1", claims=["c1", "c2"], documents=["d1"], title="drone attack")
    return Ledger(documents=[doc], claims=[ua, ru], events=[event],
                  findings=[Finding(id="f1", kind="contradiction", slot="hit", event="e1",
                                    claims=["c1", "c2"], explanation="hit: 3 vs 0")])


def terminal(ledger: Ledger, width: int) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_tables(ledger, out=console)
    return console.export_text()
