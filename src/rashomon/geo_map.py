"""The events map: pure functions, marks in, an SVG string out (no tiles, no network).

The outlines are Natural Earth's first-level regions (public domain), clipped to
:data:`BOX`, simplified and projected once by ``scripts/build_map_data.py`` into
``data/map/regions.json``: Ukraine's and Russia's regions one by one, named as the
gazetteer names them (an event's ``location.region`` finds its outline), and the
neighbours as one outline per country. Reading them needs the standard library only.

The projection is equirectangular, the longitudes shrunk by the cosine of the
map's middle latitude (:func:`project`): at these latitudes it keeps shapes
close enough for a map whose job is to say where, and it is one line.

Each event is a circle whose area grows with its number of claims, filled with
the contested or the uncontested colour of :data:`rashomon.palette.MARKS`, inside
an ``<a href>`` to its event with a ``<title>`` (the link's accessible name); the SVG is ``role="img"`` with an
``aria-label``. Every text that comes from the data is escaped.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable
from xml.sax.saxutils import escape as xml_escape

from .palette import MARKS


def escape(value: str) -> str:
    """Text of the data made safe anywhere in the SVG: & < > and both quotes as entities."""
    return xml_escape(str(value), {'"': "&quot;", "'": "&#39;"})


def quoteattr(value: str) -> str:
    """An attribute value, escaped and in double quotes."""
    return f'"{escape(value)}"'


# (west, south, east, north) in degrees: Ukraine, western Russia and their neighbours
BOX = (14.0, 40.0, 60.0, 62.0)
MIDDLE_LATITUDE = 50.0
SCALE = 50.0  # map units per degree of latitude: one unit is 0.02°
SHRINK = math.cos(math.radians(MIDDLE_LATITUDE))
# what the map shows when no event lies outside it: Ukraine and Russia's border regions
HOME = (22.0, 44.2, 41.0, 53.0)
PADDING = 0.06  # of the view's width, around the events
WIDTH = 1000  # the SVG's width in its own units (it scales to its box: viewBox)
RADIUS = (0.006, 0.028)  # a mark's radius, smallest and largest, as parts of the view's width


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Map units of a point: x grows east, y south, (0, 0) the box's north-west corner."""
    return (longitude - BOX[0]) * SHRINK * SCALE, (BOX[3] - latitude) * SCALE


def inside(longitude: float | None, latitude: float | None) -> bool:
    """Is the point a place the map can show?"""
    if longitude is None or latitude is None:
        return False
    return BOX[0] <= longitude <= BOX[2] and BOX[1] <= latitude <= BOX[3]


@dataclass(frozen=True)
class Outline:
    name: str  # a region's name as the gazetteer gives it; a country's ISO code
    country: str
    d: str  # the SVG path, in map units
    kind: str = "region"  # or "country"
    label_at: tuple[int, int] | None = None
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, y0, x1, y1

    def meets(self, x: float, y: float, width: float, height: float) -> bool:
        """Does the outline reach into the view (x, y, width, height)?"""
        x0, y0, x1, y1 = self.bounds
        return x0 <= x + width and x <= x1 and y0 <= y + height and y <= y1


@dataclass(frozen=True)
class Outlines:
    countries: tuple[Outline, ...]
    regions: tuple[Outline, ...]
    source: str = ""

    def region(self, name: str | None) -> Outline | None:
        wanted = (name or "").casefold()
        return next((r for r in self.regions if r.name.casefold() == wanted), None) if wanted else None


@lru_cache(maxsize=1)
def outlines() -> Outlines:
    """The bundled outlines (``data/map/regions.json``), read once."""
    data = json.loads(resources.files("rashomon").joinpath("data/map/regions.json").read_text(encoding="utf-8"))
    return outlines_of(data)


def bounds_of(d: str) -> tuple[float, float, float, float]:
    xs, ys = path_points(d)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


def outlines_of(data: dict[str, Any]) -> Outlines:
    return Outlines(
        countries=tuple(Outline(name=c["country"], country=c["country"], d=c["d"], kind="country",
                                bounds=bounds_of(c["d"]))
                        for c in data.get("countries", [])),
        regions=tuple(Outline(name=r["name"], country=r["country"], d=r["d"],
                              label_at=tuple(r["label_at"]) if r.get("label_at") else None, bounds=bounds_of(r["d"]))
                      for r in data.get("regions", [])),
        source=data.get("source", ""))


@dataclass(frozen=True)
class MapMark:
    """One event on the map."""

    id: str
    url: str
    title: str
    place: str | None
    claims: int
    contested: bool
    latitude: float | None = None
    longitude: float | None = None
    region: str | None = None
    date: str | None = None

    @property
    def placed(self) -> bool:
        return inside(self.longitude, self.latitude)


def radius(claims: int, most: int, width: float) -> float:
    """A mark's radius: its area proportional to its claims (a square-root scale),
    from ``RADIUS[0]`` of the view's width for none to ``RADIUS[1]`` for the most."""
    small, large = RADIUS[0] * width, RADIUS[1] * width
    if most <= 0:
        return small
    return max(small, large * math.sqrt(max(claims, 0) / most))


def view_box(marks: Iterable[MapMark], *, focus: Outline | None = None) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the view: :data:`HOME`, widened to every mark and to
    ``focus``'s outline, padded, never beyond :data:`BOX`."""
    west, south, east, north = HOME
    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    for mark in marks:
        if mark.placed:
            x, y = project(mark.longitude, mark.latitude)  # type: ignore[arg-type]
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    if focus is not None:
        xs, ys = path_points(focus.d)
        if xs:
            x0, y0, x1, y1 = min(x0, min(xs)), min(y0, min(ys)), max(x1, max(xs)), max(y1, max(ys))
    pad = (x1 - x0) * PADDING
    limit_x, limit_y = project(BOX[2], BOX[1])
    x0, y0 = max(0.0, x0 - pad), max(0.0, y0 - pad)
    x1, y1 = min(limit_x, x1 + pad), min(limit_y, y1 + pad)
    return round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def path_points(d: str) -> tuple[list[float], list[float]]:
    """The x and y of every point of a path of M, L and Z commands."""
    numbers = [float(n) for n in _NUMBER.findall(d)]
    return numbers[0::2], numbers[1::2]


@lru_cache(maxsize=512)
def _rings(d: str) -> list[list[tuple[float, float]]]:
    rings = []
    for piece in d.split("M")[1:]:
        xs, ys = path_points(piece)
        rings.append(list(zip(xs, ys)))
    return rings


def contains(outline: Outline, x: float, y: float) -> bool:
    """Is the point (map units) inside the outline? (even-odd rule over all its rings)"""
    x0, y0, x1, y1 = outline.bounds
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    crossings = 0
    for ring in _rings(outline.d):
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1]):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                crossings += 1
    return crossings % 2 == 1


def region_of(mark: MapMark, shapes: Outlines) -> Outline | None:
    """The region outline an event lies in: the one its ``region`` names, else the one
    that holds its point."""
    found = shapes.region(mark.region)
    if found is not None or not mark.placed:
        return found
    x, y = project(mark.longitude, mark.latitude)  # type: ignore[arg-type]
    return next((r for r in shapes.regions if contains(r, x, y)), None)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def mark_label(mark: MapMark) -> str:
    """What a mark's title and the screen reader say of it."""
    claims = f"{mark.claims} claim{'' if mark.claims == 1 else 's'}"
    state = "contradicted" if mark.contested else "not contradicted"
    where = f" — {mark.place}" if mark.place else ""
    when = f", {mark.date}" if mark.date else ""
    return f"{mark.title}{where}{when}: {claims}, {state}"


def events_map(marks: Iterable[MapMark], *, label: str = "Map of the events", highlight: str | None = None,
               shapes: Outlines | None = None, css_id: str = "events-map") -> str:
    """The map as one ``<svg>`` element: the outlines, then each placed event as a mark
    linking to its event (the larger first, so that a small one on top stays clickable).

    ``highlight``: the id of one event whose region is filled and whose mark is ringed
    (the event page)."""
    shapes = shapes if shapes is not None else outlines()
    marks = list(marks)
    placed = [m for m in marks if m.placed]
    focus_mark = next((m for m in marks if m.id == highlight), None) if highlight else None
    focus = region_of(focus_mark, shapes) if focus_mark is not None else None
    x, y, width, height = view_box(placed, focus=focus)
    most = max((m.claims for m in placed), default=0)
    stroke = width / WIDTH  # one screen pixel at the SVG's natural width
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="events-map" id={quoteattr(css_id)} '
             f'viewBox="{_n(x)} {_n(y)} {_n(width)} {_n(height)}" role="img" '
             f'aria-label={quoteattr(label)} preserveAspectRatio="xMidYMid meet">',
             f"<title>{escape(label)}</title>",
             f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{MARKS["sea"]}"/>',
             f'<g class="land" fill="{MARKS["land"]}" stroke="{MARKS["border"]}" stroke-width="{_n(stroke * 1.2)}" '
             'stroke-linejoin="round">']
    own = {r.country for r in shapes.regions}
    parts += [f'<path d="{c.d}" data-country={quoteattr(c.name)}/>' for c in shapes.countries
              if c.country not in own and c.meets(x, y, width, height)]
    parts.append("</g>")
    parts.append(f'<g class="regions" fill="{MARKS["home"]}" stroke="{MARKS["region"]}" '
                 f'stroke-width="{_n(stroke * 0.8)}" stroke-linejoin="round">')
    for region in shapes.regions:
        if not region.meets(x, y, width, height):
            continue  # outside the view: drawn for nothing
        attributes = f' data-region={quoteattr(region.name)}'
        if focus is not None and region is focus:
            attributes += f' class="focus" fill="{MARKS["focus"]}"'
        parts.append(f'<path d="{region.d}"{attributes}><title>{escape(region.name)}</title></path>')
    parts.append("</g>")
    parts.append(f'<g class="borders" fill="none" stroke="{MARKS["border"]}" stroke-width="{_n(stroke * 1.6)}" '
                 'stroke-linejoin="round">')
    parts += [f'<path d="{c.d}"/>' for c in shapes.countries if c.country in own]
    parts.append("</g>")
    if focus is not None and focus.label_at is not None:
        lx, ly = focus.label_at
        parts.append(f'<text x="{lx}" y="{_n(ly - 0.04 * width)}" font-size="{_n(0.022 * width)}" '
                     f'text-anchor="middle" fill="{MARKS["text"]}" class="region-label">{escape(focus.name)}</text>')
    parts.append('<g class="marks">')
    for mark in sorted(placed, key=lambda m: (-m.claims, m.id)):
        cx, cy = project(mark.longitude, mark.latitude)  # type: ignore[arg-type]
        r = radius(mark.claims, most, width)
        kind = "contested" if mark.contested else "uncontested"
        ring = ""
        if mark.id == highlight:
            ring = (f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r + 4 * stroke)}" fill="none" '
                    f'stroke="{MARKS["text"]}" stroke-width="{_n(stroke * 2)}"/>')
        text = mark_label(mark)
        parts.append(
            f'<a href={quoteattr(mark.url)} class="mark {kind}" '
            f'data-event={quoteattr(mark.id)} data-claims="{mark.claims}">{ring}'
            f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{MARKS[kind]}" fill-opacity="0.85" '
            f'stroke="#FFFFFF" stroke-width="{_n(stroke * 1.2)}"><title>{escape(text)}</title></circle></a>')
    parts.append("</g>")
    parts.append(_legend(x, y, width, height, most))
    parts.append("</svg>")
    return "".join(parts)


def _legend(x: float, y: float, width: float, height: float, most: int) -> str:
    size = 0.024 * width
    left, top = x + 0.015 * width, y + height - 0.02 * width
    r = RADIUS[0] * width * 1.6
    items = (("contested", "contradicted"), ("uncontested", "not contradicted"))
    parts = [f'<g class="map-key" font-size="{_n(size)}" fill="{MARKS["text"]}">',
             f'<rect x="{_n(left - 0.008 * width)}" y="{_n(top - 2.6 * size)}" width="{_n(0.6 * width)}" '
             f'height="{_n(3.1 * size)}" fill="#FFFFFF" fill-opacity="0.8" rx="{_n(size / 4)}"/>']
    at = left
    for kind, text in items:
        parts.append(f'<circle cx="{_n(at + r)}" cy="{_n(top - size * 1.5)}" r="{_n(r)}" fill="{MARKS[kind]}"/>')
        parts.append(f'<text x="{_n(at + 2.6 * r)}" y="{_n(top - size * 1.15)}">{escape(text)}</text>')
        at += 0.27 * width
    parts.append(f'<text x="{_n(left)}" y="{_n(top)}" font-size="{_n(size * 0.8)}">area ∝ claims'
                 f'{f" (largest: {most})" if most else ""}</text>')
    parts.append("</g>")
    return "".join(parts)
