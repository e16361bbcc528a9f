"""One colour per side, the same in the terminal, the HTML report and the web app,
and told apart by readers with colour blindness."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from rashomon import palette
from rashomon.cli import side_text
from rashomon.ledger import Claim, Document, Event, Ledger, Source
from rashomon.report import html_context, render_html
from rashomon.store import Store
from rashomon.web import create_app
from rashomon.web.views import side_class

# Okabe & Ito (2008), "Color Universal Design": the swatches, by side
OKABE_ITO = {"ukraine": "#0072B2", "russia": "#E69F00", "independent": "#009E73",
             "international": "#CC79A7", "other": "#009E73"}

# Machado, Oliveira & Fernandes (2009): full-severity dichromacy in linear RGB
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
SIDES = ("ukraine", "russia", "independent", "international", "unknown")


def test_each_side_has_its_okabe_ito_colour():
    assert {side: palette.PALETTE[side].swatch for side in OKABE_ITO} == OKABE_ITO
    assert palette.PALETTE["unknown"].swatch == "#595959"
    assert palette.colour("Russia").side == "russia"
    assert palette.colour("novorossiya").side == "other"  # a side outside the palette
    assert palette.colour(None) == palette.colour(" unknown ") == palette.PALETTE["unknown"]


@pytest.mark.parametrize("kind", sorted(MACHADO))
def test_sides_stay_apart_for_colour_blind_readers(kind):
    matrix = MACHADO[kind]
    seen = {side: lab(simulate(palette.PALETTE[side].swatch, matrix)) for side in SIDES}
    apart = {(a, b): delta_e(seen[a], seen[b]) for a, b in itertools.combinations(SIDES, 2)}
    assert min(apart.values()) >= 15, apart  # CIE76: plainly different colours
    assert apart[("ukraine", "russia")] >= 40  # the two belligerents most of all


def test_text_colours_are_readable():
    for found in palette.PALETTE.values():
        assert contrast(found.ink, "#FFFFFF") >= 4.5, found  # WCAG AA on the white page
        assert contrast(found.ink_dark, "#161A21") >= 4.5, found  # and the dark report
        assert contrast(found.swatch, "#FFFFFF") >= 2.2, found  # a bar or a mark


def test_terminal_report_and_web_take_their_colours_from_the_palette(tmp_path):
    ledger = two_sides(["russia", "ukraine"])
    # terminal
    console = Console(record=True, color_system="truecolor", file=io.StringIO())
    console.print(side_text("russia"), side_text("ukraine"))
    ansi = console.export_text(styles=True)
    for side in ("russia", "ukraine"):
        r, g, b = rgb(palette.PALETTE[side].swatch)
        assert f"38;2;{r};{g};{b}" in ansi
    # the HTML report holds the palette's CSS and classes
    html = render_html(ledger)
    assert palette.css(dark=True) in html
    assert 'class="side-russia"' in html and 'class="side-ukraine"' in html
    # the web app serves the same CSS, and its stylesheet defines no side colour of its own
    store = Store.open("sqlite:///" + str(tmp_path / "p.db"))
    try:
        with TestClient(create_app(store)) as client:
            answer = client.get("/static/palette.css")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
            assert answer.text == palette.css()
            sheet = client.get("/static/rashomon.css").text
            assert 'href="/static/palette.css' in client.get("/").text
    finally:
        store.close()
    assert not re.search(r"--(ukraine|russia|independent|international|unknown)\s*:", sheet)
    assert side_class("russia") == palette.css_class("russia") == "side-russia"


def test_a_sides_colour_does_not_depend_on_the_order_sides_appear():
    first = html_context(two_sides(["russia", "ukraine"]))["side_class"]
    second = html_context(two_sides(["ukraine", "russia"]))["side_class"]
    third = html_context(two_sides(["ukraine"]))["side_class"]
    assert first == second
    assert first["ukraine"] == third["ukraine"] == "side-ukraine"


# ---------------------------------------------------------------- helpers


def two_sides(sides: list[str]) -> Ledger:
    doc = Document(id="d1", text="x" * 100)
    claims = [Claim(id=f"c{i}", doc="d1", source=Source(name=f"s{i}", side=side), stance="assert",
                    text="x", span=(i, i + 1), sentence=(i, i + 1)) for i, side in enumerate(sides)]
    return Ledger(documents=[doc], claims=claims,
                  events=[Event(id="e1", claims=[c.id for c in claims], documents=["d1"])])


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def linear(hex_colour: str) -> list[float]:
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (x / 255 for x in rgb(hex_colour))]


def simulate(hex_colour: str, matrix) -> list[float]:
    c = linear(hex_colour)
    return [min(1.0, max(0.0, sum(matrix[i][j] * c[j] for j in range(3)))) for i in range(3)]


def lab(rgb_linear: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb_linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def contrast(fg: str, bg: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = linear(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("kind", sorted(MACHADO))
def test_the_maps_contradicted_and_quiet_marks_stay_apart_for_colour_blind_readers(kind):
    matrix = MACHADO[kind]
    marks = {name: lab(simulate(palette.MARKS[name], matrix)) for name in ("contested", "uncontested", "home", "focus")}
    assert delta_e(marks["contested"], marks["uncontested"]) >= 30  # vermillion and dark grey, by lightness too
    assert delta_e(marks["contested"], marks["home"]) >= 30  # a mark on a region
    assert delta_e(marks["contested"], marks["focus"]) >= 15  # a mark on its highlighted region
    assert contrast(palette.MARKS["uncontested"], palette.MARKS["home"]) >= 3  # WCAG: a graphic on its ground
