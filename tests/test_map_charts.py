"""The events map and the charts: pure functions (data in, SVG out), then the pages.

The unit tests parse the SVG back with lxml and read the numbers the marks carry
(``data-`` attributes, radii, titles): a mark links to its event, its area grows
with its claims, a contradicted event has the contradiction colour, every text
from the data is escaped, and each chart's table twin holds the chart's numbers.
The page tests run the app over the example reports on SQLite and, when a server
is there, on PostgreSQL (the map reads the events' locations from JSON).
"""

from __future__ import annotations

import math
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import fresh_postgres_database
from fastapi.testclient import TestClient
from lxml import etree
from lxml import html as lxml_html

from rashomon import charts, geo_map, palette
from rashomon.ledger import Claim, Document, Event, Fact, Finding, Ledger, Source
from rashomon.report import render_html
from rashomon.store import Store
from rashomon.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quoted" </svg><img src=x onerror=alert(2)>'


def parse(svg: str) -> etree._Element:
    """The SVG as XML: a parse error here is markup the data broke."""
    return etree.fromstring(svg.encode("utf-8"))


def mark(event_id: str, claims: int, *, contested: bool = False, lat: float = 48.5, lon: float = 35.0,
         title: str | None = None, region: str | None = None) -> geo_map.MapMark:
    return geo_map.MapMark(id=event_id, url=f"/events/{event_id}", title=title or f"attack {event_id}",
                           place="Zaporizhzhia", claims=claims, contested=contested, latitude=lat, longitude=lon,
                           region=region)


def circles(svg: str) -> dict[str, etree._Element]:
    """Each mark's circle by its event id."""
    root = parse(svg)
    return {a.get("data-event"): a.find(f"{SVG}circle[last()]") for a in root.iter(f"{SVG}a")}


# --- the map ---------------------------------------------------------------------------------


def test_each_mark_links_to_its_event_and_says_what_it_is():
    svg = geo_map.events_map([mark("e1", 3), mark("e2", 7, contested=True, lat=46.5, lon=30.7)])
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    links = {a.get("href"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"/events/e1", "/events/e2"}
    assert "7 claims, contradicted" in links["/events/e2"].find(f"{SVG}circle").findtext(f"{SVG}title")
    assert links["/events/e1"].find(f"{SVG}circle").findtext(f"{SVG}title").endswith("3 claims, not contradicted")


def test_a_marks_area_grows_with_its_claims():
    svg = geo_map.events_map([mark("e1", 1), mark("e4", 4, lat=47), mark("e16", 16, lat=46)])
    radius = {k: float(c.get("r")) for k, c in circles(svg).items()}
    assert radius["e1"] < radius["e4"] < radius["e16"]
    # a square-root scale: four times the claims, twice the radius
    assert math.isclose(radius["e16"] / radius["e4"], 2.0, rel_tol=0.02)
    assert geo_map.radius(0, 16, 1000) == geo_map.RADIUS[0] * 1000  # no claim is still a visible mark


def test_a_contradicted_event_has_the_contradiction_colour():
    found = circles(geo_map.events_map([mark("e1", 2), mark("e2", 2, contested=True, lat=47)]))
    assert found["e2"].get("fill") == palette.MARKS["contested"]
    assert found["e1"].get("fill") == palette.MARKS["uncontested"]
    assert palette.MARKS["contested"] != palette.MARKS["uncontested"]


def test_the_projection_puts_east_right_and_north_up():
    kyiv, kharkiv, odesa = geo_map.project(30.52, 50.45), geo_map.project(36.23, 49.99), geo_map.project(30.73, 46.48)
    assert kharkiv[0] > kyiv[0]  # east is right
    assert odesa[1] > kyiv[1]  # south is down
    assert geo_map.project(geo_map.BOX[0], geo_map.BOX[3]) == (0.0, 0.0)


def test_events_without_a_place_are_not_drawn():
    unplaced = geo_map.MapMark(id="e9", url="/events/e9", title="somewhere", place=None, claims=5, contested=False)
    far = mark("e8", 5, lat=-33.9, lon=151.2)  # Sydney: outside the map's box
    svg = geo_map.events_map([mark("e1", 1), unplaced, far])
    assert set(circles(svg)) == {"e1"}
    assert not unplaced.placed and not far.placed


def test_hostile_titles_and_places_are_escaped_in_the_map():
    svg = geo_map.events_map([mark("e1\"><script>", 2, title=HOSTILE)], label=HOSTILE)
    root = parse(svg)  # still one well-formed SVG
    assert "<script>" not in svg and "<img" not in svg
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert HOSTILE in root.get("aria-label")
    assert any(HOSTILE in (t.text or "") for t in root.iter(f"{SVG}title"))


def test_the_bundled_outlines_hold_ukraines_and_russias_regions_and_the_neighbours():
    shapes = geo_map.outlines()
    ukraine = {r.name for r in shapes.regions if r.country == "UA"}
    assert {"Odesa Oblast", "Kharkiv Oblast", "Crimea", "Kherson Oblast"} <= ukraine and len(ukraine) >= 25
    assert {"Bryansk Oblast", "Belgorod Oblast", "Kursk Oblast"} <= {r.name for r in shapes.regions if r.country == "RU"}
    assert {"BY", "MD", "PL", "RO"} <= {c.country for c in shapes.countries}
    data = ROOT / "src" / "rashomon" / "data" / "map"
    assert (data / "regions.json").stat().st_size < 300_000
    assert "public domain" in (data / "README.md").read_text(encoding="utf-8")


def test_an_event_page_map_fills_the_events_region_and_rings_its_mark():
    svg = geo_map.events_map([mark("e1", 4, lat=46.49, lon=30.74, region="Odesa Oblast")], highlight="e1")
    root = parse(svg)
    focus = [p for p in root.iter(f"{SVG}path") if p.get("class") == "focus"]
    assert [p.get("data-region") for p in focus] == ["Odesa Oblast"]
    assert focus[0].get("fill") == palette.MARKS["focus"]
    # without a region name, the region is the one that holds the point
    found = geo_map.region_of(mark("e2", 1, lat=50.0, lon=36.23), geo_map.outlines())
    assert found is not None and found.name == "Kharkiv Oblast"


# --- the timeline ---------------------------------------------------------------------------------


def timeline_ledger(*, source: str = "Ministry of Defence", hostile: bool = False) -> Ledger:
    """One event: a source that said 2, then 0, then 5 (one revision chain) and the
    other side once; one claim without a time."""
    mod = Source(name=source, id="ru-mod", side="russia", label=source)
    air = Source(name="Air Force", id="ua-air", side="ukraine", label="Air Force")
    documents = [Document(id=f"d{n}", text="x" * 80, published=f"2025-03-0{n}T1{n}:30:00+02:00")
                 for n in (1, 2, 3, 4)]
    claims = [Claim(id=f"c{n}", doc=f"d{n}", source=mod, stance="assert", text=f"{v} injured", span=(0, 5),
                    sentence=(0, 10), said_at=f"2025-03-0{n}", facts=[Fact(slot="injured", value=v)])
              for n, v in ((1, 2), (2, 0), (3, 5))]
    claims.append(Claim(id="c4", doc="d4", source=air, stance="assert", text="12 drones intercepted", span=(0, 5),
                        sentence=(0, 10), said_at="2025-03-04", facts=[Fact(slot="intercepted", value=12)]))
    claims.append(Claim(id="c5", doc="d9", source=air, stance="assert", text="undated", span=(0, 5),
                        sentence=(0, 10)))
    event = Event(id="e1", claims=[c.id for c in claims], documents=[d.id for d in documents], date="2025-03-01")
    revision = Finding(id="f1", kind="revision", slot="injured", event="e1", claims=["c1", "c2", "c3"],
                       explanation="injured: 2, later 0, later 5", sides=["russia"])
    return Ledger(documents=documents, claims=claims, events=[event], findings=[revision])


def test_the_timeline_has_a_lane_per_side_and_a_mark_per_dated_claim_in_utc():
    ledger = timeline_ledger()
    marks = charts.timeline_marks(ledger, ledger.events[0])
    root = parse(charts.timeline_svg(marks, charts.revision_arrows(ledger.findings), label="t"))
    assert [g.get("data-side") for g in root.iter(f"{SVG}g") if g.get("class") == "lane"] == ["russia", "ukraine"]
    dots = {c.get("data-claim"): c for c in root.iter(f"{SVG}circle") if c.get("class") == "claim-mark"}
    assert set(dots) == {"c1", "c2", "c3", "c4"}  # c5 has no time
    assert dots["c1"].get("data-at") == "2025-03-01 09:30 UTC"  # published 11:30 at +02:00
    assert dots["c1"].get("fill") == palette.colour("russia").swatch
    assert dots["c4"].get("fill") == palette.colour("ukraine").swatch
    xs = [float(dots[c].get("cx")) for c in ("c1", "c2", "c3", "c4")]
    assert xs == sorted(xs)  # later is to the right
    assert "time (UTC)" in etree.tostring(root, encoding="unicode")
    assert "1 claim without a time" in etree.tostring(root, encoding="unicode")


def test_a_revision_chain_is_drawn_as_arrows_from_each_figure_to_the_next():
    ledger = timeline_ledger()
    arrows = charts.revision_arrows(ledger.findings)
    assert [(a.start, a.end) for a in arrows] == [("c1", "c2"), ("c2", "c3")]
    root = parse(charts.timeline_svg(charts.timeline_marks(ledger, ledger.events[0]), arrows))
    drawn = [(g.get("data-from"), g.get("data-to")) for g in root.iter(f"{SVG}g") if g.get("class") == "revision"]
    assert drawn == [("c1", "c2"), ("c2", "c3")]
    # each a curve and its head, pointing right (later): the head's tip is its rightmost point
    for group in (g for g in root.iter(f"{SVG}g") if g.get("class") == "revision"):
        curve, head = group.findall(f"{SVG}path")
        tip_x = float(head.get("d")[1:].split()[0])
        assert tip_x == max(geo_map.path_points(head.get("d"))[0])


def test_the_timeline_table_twin_holds_the_charts_times_and_sides():
    ledger = timeline_ledger()
    marks = charts.timeline_marks(ledger, ledger.events[0])
    arrows = charts.revision_arrows(ledger.findings)
    root = parse(charts.timeline_svg(marks, arrows))
    drawn = {c.get("data-claim"): (c.get("data-at"), c.get("data-side"))
             for c in root.iter(f"{SVG}circle") if c.get("class") == "claim-mark"}
    rows = charts.timeline_table(marks, arrows)
    assert {r.claim: (r.at, r.side) for r in rows if r.claim in drawn} == drawn
    assert [r.claim for r in rows][-1] == "c5" and rows[-1].at == "time not given"
    assert {r.claim for r in rows if r.revised} == {"c1", "c2", "c3"}


def test_hostile_sources_and_texts_are_escaped_in_the_timeline():
    ledger = timeline_ledger(source=HOSTILE)
    svg = charts.timeline_svg(charts.timeline_marks(ledger, ledger.events[0]), label=HOSTILE)
    root = parse(svg)
    assert "<script>" not in svg and "<img" not in svg
    assert any(HOSTILE in (t.text or "") for t in root.iter(f"{SVG}title"))


# --- the counts per day ----------------------------------------------------------------------------


FIGURES = [
    # one night, one event: the ministry's total and a governor's part of it; the other side's count
    charts.SlotFigure("e1", "2025-03-09", "russia", 43), charts.SlotFigure("e1", "2025-03-09", "russia", 14),
    charts.SlotFigure("e1", "2025-03-09", "ukraine", 41),
    # the same night, another event: added to the day
    charts.SlotFigure("e2", "2025-03-09", "ukraine", 6),
    # two nights later
    charts.SlotFigure("e3", "2025-03-11", "russia", 20),
]


def test_a_sides_figure_per_day_is_its_largest_per_event_summed_over_the_days_events():
    series = charts.daily_counts(FIGURES, "intercepted", contradicted_events={"e3"})
    assert series.values == {("2025-03-09", "russia"): 43, ("2025-03-09", "ukraine"): 47,
                             ("2025-03-11", "russia"): 20}
    assert series.days == ["2025-03-09", "2025-03-10", "2025-03-11"]  # the day between is on the axis
    assert series.sides == ["russia", "ukraine"]
    assert series.contradicted == {"2025-03-11"}


def test_the_counts_table_twin_holds_the_charts_numbers():
    series = charts.daily_counts(FIGURES, "intercepted", contradicted_events={"e1"})
    root = parse(charts.counts_svg(series))
    drawn = {(c.get("data-day"), c.get("data-side")): int(c.get("data-value"))
             for c in root.iter(f"{SVG}circle") if c.get("class") == "count-mark"}
    table = {(row.day, side): value for row in charts.counts_table(series)
             for side, value in row.values.items() if value is not None}
    assert drawn == table == series.values
    marked = {g.get("data-day") for g in root.iter(f"{SVG}g") if g.get("class") == "contradiction"}
    assert marked == {row.day for row in charts.counts_table(series) if row.contradicted} == {"2025-03-09"}


def test_a_higher_figure_is_drawn_higher_and_sides_have_their_colours():
    series = charts.daily_counts(FIGURES, "intercepted")
    root = parse(charts.counts_svg(series))
    dots = {(c.get("data-day"), c.get("data-side")): c for c in root.iter(f"{SVG}circle")
            if c.get("class") == "count-mark"}
    assert float(dots[("2025-03-09", "ukraine")].get("cy")) < float(dots[("2025-03-11", "russia")].get("cy"))
    series_fill = {g.get("data-side"): g.get("fill") for g in root.iter(f"{SVG}g") if g.get("class") == "series"}
    assert series_fill == {"russia": palette.colour("russia").swatch, "ukraine": palette.colour("ukraine").swatch}


def test_only_whole_counts_of_the_slot_are_figures():
    facts = [{"slot": "intercepted", "value": 42}, {"slot": "intercepted", "value": 14, "scope": "Bryansk"},
             {"slot": "launched", "value": 50}, {"slot": "intercepted", "value": True}]
    found = charts.claim_figures("e1", "2025-03-09", "Russia", facts, "intercepted")
    assert [(f.value, f.side) for f in found] == [(42, "Russia")]


def test_hostile_side_names_are_escaped_in_the_counts_chart():
    series = charts.daily_counts([charts.SlotFigure("e1", "2025-03-09", HOSTILE, 3)], "hit")
    svg = charts.counts_svg(series, label=HOSTILE)
    root = parse(svg)
    assert "<script>" not in svg and "<img" not in svg
    assert root.get("aria-label") == HOSTILE


def test_moments_are_read_as_utc():
    assert charts.moment("2025-03-09T02:30:00+02:00") == datetime(2025, 3, 9, 0, 30, tzinfo=timezone.utc)
    assert charts.moment("2025-03-09") == datetime(2025, 3, 9, tzinfo=timezone.utc)
    assert charts.moment("last night") is None


# --- the HTML report ----------------------------------------------------------------------------------


def test_the_html_report_has_the_timeline_and_counts_charts_inline_with_their_tables():
    ledger = timeline_ledger()
    html = render_html(ledger)
    page = lxml_html.fromstring(html)
    svgs = page.xpath("//svg")
    assert {s.get("class") for s in svgs} >= {"chart timeline-chart", "chart counts-chart"}
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing from the network
    counts = page.xpath("//table[contains(@class, 'counts-twin')]")[0]
    assert counts.xpath(".//tr[@data-day='2025-03-01']/td[@data-side='ukraine']/text()") == ["12"]  # the event's day
    twin = page.xpath("//table[contains(@class, 'timeline-twin')]//tr/@data-claim")
    assert twin == ["c1", "c2", "c3", "c4", "c5"]


# --- the pages --------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request, tmp_path_factory):
    with ExitStack() as stack:
        url = ("sqlite:///" + str(tmp_path_factory.mktemp("map") / "t.db") if request.param == "sqlite"
               else stack.enter_context(fresh_postgres_database()))
        store = Store.open(url)
        store.ingest([ROOT / "examples"])
        yield store
        store.close()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store)) as client:
        yield client


def page_marks(client, url: str) -> dict[str, lxml_html.HtmlElement]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text[:300]
    tree = lxml_html.fromstring(answer.text)
    return {a.get("data-event"): a for a in tree.xpath("//svg[contains(@class, 'events-map')]//a")}


def test_the_events_page_maps_every_listed_event_with_a_link(client, store):
    marks = page_marks(client, "/")
    located = {e["id"] for e in store.events(limit=500).items if (e.get("location") or {}).get("latitude")}
    assert set(marks) == located and located
    assert {a.get("href") for a in marks.values()} == {f"/events/{e}" for e in located}


def test_the_events_pages_filters_change_the_marks(client, store):
    everything = page_marks(client, "/")
    odesa = page_marks(client, "/?region=Odesa+Oblast")
    expected = {e["id"] for e in store.events(region="Odesa Oblast").items}
    assert set(odesa) == expected and set(odesa) < set(everything)
    contested = page_marks(client, "/?contested=true")
    assert set(contested) == {e["id"] for e in store.events(contested=True).items}


def test_the_maps_table_twin_holds_the_maps_events_and_claims(client, store):
    tree = lxml_html.fromstring(client.get("/").text)
    drawn = {a.get("data-event"): int(a.get("data-claims")) for a in tree.xpath("//svg//a[@data-event]")}
    twin = {tr.get("data-event"): int(tr.xpath("./td[3]/text()")[0])
            for tr in tree.xpath("//table[contains(@class, 'map-twin')]/tbody/tr[@data-event]")}
    assert drawn == twin
    assert twin == {e["id"]: len(e["claims"]) for e in store.events(limit=500).items if e["id"] in twin}


def test_an_event_page_shows_its_mark_region_and_timeline_chart(client, store):
    event = store.events(contested=True, sort="claims").items[0]
    tree = lxml_html.fromstring(client.get(f"/events/{event['id']}").text)
    assert tree.xpath("//svg[contains(@class, 'events-map')]//a/@data-event") == [event["id"]]
    assert tree.xpath("//svg//path[@class='focus']/@data-region") == [event["location"]["region"]]
    chart = tree.xpath("//svg[contains(@class, 'timeline-chart')]")
    assert chart and chart[0].get("role") == "img"
    drawn = set(chart[0].xpath(".//circle[@class='claim-mark']/@data-claim"))
    assert drawn <= set(tree.xpath("//table[contains(@class, 'timeline-twin')]//tr/@data-claim"))
    # each mark leads to its row of the table
    assert {h[len("#tl-"):] for h in chart[0].xpath(".//a/@href")} == drawn


def test_the_counts_page_charts_the_chosen_slot_with_its_table_and_downloads(client, store):
    answer = client.get("/counts?slot=hit")
    assert answer.status_code == 200
    tree = lxml_html.fromstring(answer.text)
    drawn = {(c.get("data-day"), c.get("data-side")): int(c.get("data-value"))
             for c in tree.xpath("//svg[contains(@class, 'counts-chart')]//circle[@class='count-mark']")}
    sides = tree.xpath("//table[contains(@class, 'counts-twin')]/thead//th/text()")[1:-1]
    table = {}
    for tr in tree.xpath("//table[contains(@class, 'counts-twin')]/tbody/tr[@data-day]"):
        for side, cell in zip(sides, tr.xpath("./td[@data-side]/text()")):
            if cell != "—":
                table[(tr.get("data-day"), side)] = int(cell)
    assert drawn == table and drawn
    contradicted = tree.xpath("//svg//g[@class='contradiction']/@data-day")
    assert contradicted == [d for d in tree.xpath("//table[contains(@class, 'counts-twin')]/tbody/tr/@data-day")
                            if d in contradicted] and contradicted  # the examples contradict on hits
    data = client.get("/counts.json?slot=hit").json()
    assert {(d["day"], s): v for d in data["days"] for s, v in d["values"].items() if v is not None} == drawn
    csv_text = client.get("/counts.csv?slot=hit").text
    assert csv_text.splitlines()[0] == "day,slot," + ",".join(sides) + ",contradicted"


def test_the_counts_page_takes_the_events_filters(client, store):
    everything = client.get("/counts.json?slot=intercepted").json()
    odesa = client.get("/counts.json?slot=intercepted&region=Odesa+Oblast").json()
    assert odesa["days"] != everything["days"]
    assert client.get("/counts?slot=nothing").status_code == 422


def test_the_events_page_links_the_counts_chart_with_its_filters(client):
    tree = lxml_html.fromstring(client.get("/?region=Odesa+Oblast").text)
    assert "/counts?region=Odesa+Oblast" in tree.xpath("//p[@class='chart-links']/a/@href")


def test_events_without_coordinates_and_events_outside_the_map_are_listed_under_it():
    from rashomon.web.views import map_view

    nowhere = geo_map.MapMark(id="e9", url="/events/e9", title="no place", place=None, claims=1, contested=False)
    siberia = mark("e8", 2, lat=52.3, lon=104.3)  # Irkutsk: east of the box
    view = map_view([mark("e1", 1), nowhere, siberia], 3, label="map")
    assert [m.id for m in view.rows] == ["e1"]
    assert [m.id for m in view.unplaced] == ["e9"] and [m.id for m in view.outside] == ["e8"]


def test_the_map_block_names_the_events_without_a_place_under_the_map():
    from rashomon.web.render import environment
    from rashomon.web.views import map_view

    nowhere = [geo_map.MapMark(id=f"e{n}", url=f"/events/e{n}", title=f"<b>no place {n}</b>", place=None,
                               claims=1, contested=False) for n in (7, 9)]
    block = environment().from_string('{% import "web/_macros.html" as m %}{{ m.map_block(map) }}')
    tree = lxml_html.fromstring(block.render(map=map_view([mark("e1", 1), *nowhere], 3, label="map")))
    note = tree.xpath("//p[contains(@class, 'unplaced')]")[0]
    assert note.text_content().strip().startswith("2 events have no place:")
    assert note.xpath(".//a/@href") == ["/events/e7", "/events/e9"]
    assert "<b>" in note.text_content()  # the title shown as text, escaped
    assert tree.xpath("//table[contains(@class, 'map-twin')]//tr/@data-event") == ["e1"]


def test_the_map_reads_the_most_claimed_events_first_and_counts_them_all(store):
    events = store.events(limit=500).items
    items, total = store.event_places(limit=1)
    assert total == len(events) and len(items) == 1
    assert items[0]["claims"] == max(len(e["claims"]) for e in events)
    located = {e["id"]: e["location"] for e in events if e.get("location")}
    for item in store.event_places()[0]:
        if item["id"] in located:
            assert (item["latitude"], item["longitude"], item["region"]) == tuple(
                located[item["id"]].get(k) for k in ("latitude", "longitude", "region"))
