"""The source registry: who is speaking.

A claim is only as useful as the identification of its source. "HUR", "GUR",
"les renseignements militaires ukrainiens" and "Головне управління розвідки"
are one source; "Vasily Anokhin", "Василий Анохин" and "the governor of
Smolensk region" are another. This module turns every extracted speaker into
a registry entry, or says plainly that it could not.

Data, not code:

- ``lang/common/sources.yaml``: the entries (id, name, kind, side, owner,
  aliases in en/fr/ru/uk, region and titles, a note on where side and kind
  come from) and the regions that title patterns name;
- ``lang/<code>/source_titles.yaml``: per language, the articles dropped from
  a name, the words that never decide a match, title patterns ("le gouverneur
  régional de {region}") and word beginnings that guess an unknown speaker's
  kind. One loader reads every language's file; no code branches on a language.

A user file (``--sources my.yaml``) has the shape of ``sources.yaml``; its
entries extend the registry, or override a built-in entry with the same id
(fields given replace the built-in ones, aliases are added to the built-in
aliases, and ``replace: true`` replaces the entry whole).

Resolution of a speaker, first match wins:

1. exact alias (the same string, up to spaces and typographic apostrophes);
2. normalised alias (case, accents, articles and small words ignored);
3. transliterated alias (Cyrillic and Latin compared through one folded Latin
   spelling made with ``anyascii``: "Василий Анохин" = "Vassili Anokhine");
4. the words of a named entry's alias occur in the speaker, each word whole or
   as a stem ("губернатора ... Александра Богомаза" holds "Александр
   Богомаз"), the alias covering most words winning;
5. a title pattern with a region ("le gouverneur régional de Smolensk");
6. a bare title ("врио губернатора") goes to the title's generic entry;
7. the words of a generic entry's alias ("certaines sources russes"), but not
   a state body's alias in a name that also holds a media word the alias lacks
   (``media_words`` of ``lang/<code>/attribution.yaml``): "The Kyiv Chronicle",
   "The Moscow Times" and "корреспондент в Москве" are media, not the Ukrainian
   or the Russian government;
8. otherwise the speaker keeps its own name, a guessed kind (``media`` for a
   name with a media word and no other hint) and side ``unknown``, and is
   counted in ``SourceRegistry.unknown()``.

A named entry's ``label`` is its one registry name ("Alexander Bogomaz"),
whatever the language the text named it in; tables, timelines, findings and
lists show it, and the claim keeps the words its text used.

A generic entry (a collective or vague speaker: "Russian authorities", "local
residents") gives its id, kind and side, but the claim keeps the speaker's own
words as its name: they say more than the class does.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml
from anyascii import anyascii

from .errors import Errors
from .longlived import loaded_once
from .lang import known_languages, load_language
from .ledger import Source

LANG_ROOT = Path(__file__).parent / "lang"
BUILTIN_SOURCES = LANG_ROOT / "common" / "sources.yaml"
TITLES_FILE = "source_titles.yaml"

LANGS = ("en", "fr", "ru", "uk")
KINDS = ("government", "military", "intelligence", "regional-authority", "state-media",
         "independent-media", "international-media", "media", "monitor", "eyewitness", "unknown")
# Kinds of a state body. A collective entry of one of these kinds ("Ukraine", "Moscow",
# "Russian authorities") is not what a name means when the name also holds a media word
# the alias lacks: "The Kyiv Chronicle" is an outlet, "Moscow Times correspondent" a
# journalist, not the Ukrainian or the Russian state.
STATE_KINDS = frozenset({"government", "military", "intelligence", "regional-authority"})
SIDES = ("ukraine", "russia", "independent", "international", "unknown")
# Sides whose members answer to no common master: two of them are independent
# unless they share an owner. Members of a partisan side (ukraine, russia) are
# independent of each other only if they differ in kind and in owner.
UNALIGNED_SIDES = frozenset({"independent", "international"})

ENTRY_FIELDS = {"id", "name", "kind", "side", "owner", "note", "aliases", "names",
                "region", "titles", "role", "generic", "replace"}
REQUIRED_FIELDS = ("id", "name", "kind", "side")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")



class SourceDataError(ValueError):
    """A registry or user sources file that cannot be used; lists every problem."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.problems = list(problems)


# ---------------------------------------------------------------- the objects


@dataclass
class SourceEntry:
    """One speaker of the registry."""

    id: str
    name: str
    kind: str
    side: str
    aliases: dict[str, list[str]] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    owner: str | None = None
    note: str = ""
    region: str | None = None
    role: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    generic: bool = False
    origin: str = ""  # "file, line N" it was defined at

    def display_name(self, lang: str | None = None) -> str:
        return self.names.get(lang or "", self.name)

    def all_aliases(self) -> list[tuple[str, str]]:
        """(lang, alias) pairs, the display names included."""
        pairs = [(lang, alias) for lang, found in self.aliases.items() for alias in found]
        pairs.append(("en", self.name))
        pairs += [(lang, name) for lang, name in self.names.items()]
        return pairs

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "side": self.side,
                "owner": self.owner, "region": self.region, "titles": list(self.titles),
                "role": self.role, "generic": self.generic, "names": dict(self.names),
                "aliases": {k: list(v) for k, v in self.aliases.items()}, "note": self.note}


@dataclass(frozen=True)
class Region:
    id: str
    side: str
    forms: tuple[str, ...]  # flat stems, every language


@dataclass
class Resolution:
    """How one speaker resolved: the source, the entry and why."""

    text: str                 # the speaker as given
    source: Source
    entry: SourceEntry | None
    how: str                  # "exact alias", "title pattern: ...", "generic: ...", "unmatched"
    matched: str | None = None  # the alias or the title text that matched
    detail: str = ""          # one sentence on why

    @property
    def resolved(self) -> bool:
        return self.entry is not None


# ------------------------------------------------------------ text handling

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                         "\u00b4": "'", "\u00ab": " ", "\u00bb": " ", "\u201c": " ",
                         "\u201d": " ", "\u201e": " ", '"': " ", "\u00a0": " ",
                         "\u202f": " "})
_CYR_APOSTROPHE = re.compile(r"(?<=[а-яіїєґ])'(?=[а-яіїєґ])")
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def clean_text(text: str) -> str:
    """Spaces and quotes made plain; case and accents kept."""
    text = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip(" \t\n,;:.!?()[]-—–")


def flat(text: str) -> str:
    """Lower case, no accents or other combining marks, plain apostrophes and spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """The words of flat text (a Ukrainian apostrophe inside a word stays in it)."""
    return _WORD.findall(_CYR_APOSTROPHE.sub("", flat(text)))


_FOLDS = (("shch", "ch"), ("chtch", "ch"), ("tsch", "ch"), ("tch", "ch"), ("sch", "ch"),
          ("sh", "ch"), ("kh", "h"), ("gh", "h"), ("zh", "j"), ("dj", "j"), ("ph", "f"),
          ("w", "v"), ("x", "ks"), ("tz", "ts"), ("ou", "u"), ("gue", "ge"), ("gui", "gi"),
          ("g", "h"), ("y", "i"))


@lru_cache(maxsize=100_000)
def translit_key(word: str) -> str:
    """One folded Latin spelling of a word, whatever its script or romanisation.

    ``anyascii`` romanises (Cyrillic to Latin, accents away); the folds then
    merge the spellings that English, French and Ukrainian romanisations give
    one sound: kh/h/g, sh/ch/tch, zh/j, ou/u, y/i, ye/ie/e, yo/io/e, doubled
    letters. "Vassili Anokhine", "Vasily Anokhin" and "Василий Анохин" become
    "vasili anohine"/"vasili anohin": equal, or equal up to an ending.
    """
    text = anyascii(word).lower()
    text = re.sub(r"[^a-z0-9]", "", text)
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = re.sub(r"i+", "i", text)
    text = text.replace("ie", "e").replace("io", "e")
    if len(text) < 4:  # an acronym keeps its letters: ВВС is not ВС
        return text
    return re.sub(r"(.)\1+", r"\1", text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def stem_match(alias_word: str, word: str) -> bool:
    """Equal, or one stem with different endings ("брянская"/"брянской", "russe"/"russes").

    Words shorter than four letters must be equal or be the other word less one
    ending letter ("сил"/"сили", "Повітряних сил" is "Повітряні сили"); longer
    ones must share a beginning of at least four letters that leaves at most
    three letters of the longer word over.
    """
    if alias_word == word:
        return True
    if len(alias_word) < 4 or len(word) < 4:
        short, long = sorted((alias_word, word), key=len)
        return len(short) == 3 and len(long) == 4 and long.startswith(short) and long[-1].isalpha()
    return _common_prefix(alias_word, word) >= max(4, max(len(alias_word), len(word)) - 3)


# --------------------------------------------------------- language data


@dataclass(frozen=True)
class TitleSpec:
    key: str
    generic: str | None
    patterns: tuple[tuple[str, str, str], ...]  # (lang, pattern text, origin)


@dataclass(frozen=True)
class TitleData:
    """What every language's source_titles.yaml says, merged."""

    articles: tuple[str, ...]              # flat, longest first
    stopwords: frozenset[str]
    kind_hints: tuple[tuple[str, str], ...]  # (flat word beginning, kind)
    titles: dict[str, TitleSpec]


def _mark_line(err: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


class _LineDict(dict):
    line = 0
    key_lines: dict[str, int] = {}


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when there
    """A safe loader whose mappings know the line they start at."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
    data = _LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value
                      if isinstance(key, yaml.ScalarNode)}
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def read_yaml(path: Path) -> Any:
    """The YAML of a file; a clear error with line and column when it is not YAML."""
    path = Path(path)
    if not path.is_file():
        raise SourceDataError(Errors.E050.format(path=path))
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except UnicodeDecodeError as err:
        raise SourceDataError(Errors.E051.format(
            path=path, line=0, column=0, detail=f"not UTF-8: {err.reason}")) from None
    except yaml.YAMLError as err:
        line, column = _mark_line(err)
        detail = getattr(err, "problem", None) or str(err)
        raise SourceDataError(Errors.E051.format(
            path=path, line=line, column=column, detail=detail)) from None


def _where(path: Path | str, line: int, what: str) -> str:
    return f"{path}, line {line}, {what}" if line else f"{path}, {what}"


@lru_cache(maxsize=1)
def media_stems() -> tuple[str, ...]:
    """The word beginnings that name media, every language's (``media_words`` of
    ``lang/<code>/attribution.yaml``): a speaker's name may be in another language
    than the text around it ("The Moscow Times" quoted in French)."""
    return tuple(sorted({flat(word) for code in known_languages()
                         for word in load_language(code).media_words}))


@lru_cache(maxsize=1)
def load_title_data() -> TitleData:
    """Read every ``lang/<code>/source_titles.yaml``; raise with every problem at once."""
    articles: set[str] = set()
    stopwords: set[str] = set()
    hints: list[tuple[str, str]] = []
    patterns: dict[str, list[tuple[str, str, str]]] = {}
    generics: dict[str, str | None] = {}
    problems: list[str] = []
    for path in sorted(LANG_ROOT.glob(f"*/{TITLES_FILE}")):
        data = read_yaml(path)
        if not isinstance(data, dict):
            problems.append(f"{path}: expected a mapping, got {type(data).__name__}")
            continue
        lang = data.get("lang", path.parent.name)
        for key, target in (("articles", articles), ("stopwords", stopwords)):
            values = data.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(Errors.E057.format(
                    where=_where(path, data.line, key), field=key,
                    expected="a list of strings", found=values))
                continue
            target.update(flat(v) for v in values)
        for kind, stems in (data.get("kind_hints") or {}).items():
            if kind not in KINDS:
                problems.append(Errors.E055.format(
                    where=_where(path, data.line, f"kind_hints.{kind}"), value=kind,
                    known=", ".join(KINDS)))
                continue
            for stem in stems if isinstance(stems, list) else [stems]:
                if not isinstance(stem, str) or not _WORD.fullmatch(flat(stem)):
                    problems.append(Errors.E057.format(
                        where=_where(path, data.line, f"kind_hints.{kind}"), field="kind_hints",
                        expected="single words (hints match a word's beginning)",
                        found=stem))
                    continue
                hints.append((flat(stem), kind))
        for key, spec in (data.get("titles") or {}).items():
            where = _where(path, getattr(spec, "line", 0), f"titles.{key}")
            if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list):
                problems.append(Errors.E057.format(
                    where=where, field="patterns", expected="a list of strings",
                    found=spec))
                continue
            generics.setdefault(key, spec.get("generic"))
            for pattern in spec["patterns"]:
                try:
                    re.compile(flat(str(pattern)).replace("{region}", "x"))
                except re.error as err:
                    problems.append(Errors.E064.format(
                        where=where, pattern=pattern, detail=err))
                    continue
                patterns.setdefault(key, []).append((lang, str(pattern), where))
    if problems:
        raise SourceDataError(Errors.E052.format(
            path=LANG_ROOT / f"*/{TITLES_FILE}", problems=_bullets(problems)), problems)
    titles = {key: TitleSpec(key, generics.get(key), tuple(found))
              for key, found in patterns.items()}
    return TitleData(tuple(sorted(articles, key=len, reverse=True)), frozenset(stopwords),
                     tuple(hints), titles)


def _bullets(problems: Iterable[str]) -> str:
    return "\n".join(f"  - {p}" for p in problems)


# ----------------------------------------------------------- file checking


class _Where:
    """Names the place of a problem: file, line of the field, entry and field."""

    def __init__(self, path: Path | str, raw: Any, label: str):
        self.path, self.raw, self.label = path, raw, label

    def __call__(self, key: str | None = None) -> str:
        lines = getattr(self.raw, "key_lines", {})
        line = lines.get(key, getattr(self.raw, "line", 0)) if key else getattr(self.raw, "line", 0)
        what = f"{self.label}.{key}" if key else self.label
        return f"{self.path}, line {line}, {what}" if line else f"{self.path}, {what}"


def _check_entry(raw: Any, where: _Where, *, new: bool, regions: set[str],
                 titles: set[str], problems: list[str]) -> None:
    """Add to ``problems`` what is wrong with one entry of a sources file."""
    if not isinstance(raw, dict):
        problems.append(Errors.E057.format(
            where=where(), field="entry", expected="a mapping", found=raw))
        return
    for key in raw:
        if key not in ENTRY_FIELDS:
            problems.append(Errors.E062.format(
                where=where(key), value=key, known=", ".join(sorted(ENTRY_FIELDS))))
    for key in REQUIRED_FIELDS if new else ("id",):
        if raw.get(key) in (None, ""):
            problems.append(Errors.E056.format(where=where(), field=key))
    for key in ("id", "name", "owner", "note", "region", "role"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Errors.E057.format(
                where=where(key), field=key, expected="a string", found=value))
    if isinstance(raw.get("id"), str) and not ID_PATTERN.match(raw["id"]):
        problems.append(Errors.E057.format(
            where=where("id"), field="id", expected="lower-case letters, digits, '-' and '.'",
            found=raw["id"]))
    if raw.get("side") is not None and raw["side"] not in SIDES:
        problems.append(Errors.E054.format(
            where=where("side"), value=raw["side"], known=", ".join(SIDES)))
    if raw.get("kind") is not None and raw["kind"] not in KINDS:
        problems.append(Errors.E055.format(
            where=where("kind"), value=raw["kind"], known=", ".join(KINDS)))
    for key in ("generic", "replace"):
        if key in raw and not isinstance(raw[key], bool):
            problems.append(Errors.E057.format(
                where=where(key), field=key, expected="true or false", found=raw[key]))
    aliases = raw.get("aliases")
    if aliases is not None:
        if not isinstance(aliases, dict):
            problems.append(Errors.E057.format(
                where=where("aliases"), field="aliases",
                expected="a mapping of language to list", found=aliases))
        else:
            at = _Where(where.path, aliases, f"{where.label}.aliases")
            for lang, found in aliases.items():
                if lang not in LANGS:
                    problems.append(Errors.E058.format(
                        where=at(lang), value=lang, known=", ".join(LANGS)))
                if not isinstance(found, list) or not all(
                        isinstance(a, str) and a.strip() for a in found):
                    problems.append(Errors.E057.format(
                        where=at(lang), field=f"aliases.{lang}",
                        expected="a list of non-empty strings", found=found))
    names = raw.get("names")
    if names is not None:
        if not isinstance(names, dict) or not all(
                isinstance(v, str) and v.strip() for v in names.values()):
            problems.append(Errors.E057.format(
                where=where("names"), field="names", expected="a mapping of language to name",
                found=names))
        else:
            for lang in names:
                if lang not in LANGS:
                    problems.append(Errors.E058.format(
                        where=where("names"), value=lang, known=", ".join(LANGS)))
    region = raw.get("region")
    if isinstance(region, str) and region not in regions:
        problems.append(Errors.E059.format(
            where=where("region"), value=region, known=", ".join(sorted(regions)) or "none"))
    found_titles = raw.get("titles")
    if found_titles is not None:
        if not isinstance(found_titles, list) or not all(isinstance(t, str) for t in found_titles):
            problems.append(Errors.E057.format(
                where=where("titles"), field="titles", expected="a list of title keys",
                found=found_titles))
        else:
            for title in found_titles:
                if title not in titles:
                    problems.append(Errors.E060.format(
                        where=where("titles"), value=title, known=", ".join(sorted(titles))))


def _well_formed_aliases(raw: dict[str, Any]) -> dict[str, list[str]]:
    """The aliases of an entry that are usable, whatever else is wrong with it."""
    aliases = raw.get("aliases")
    if not isinstance(aliases, dict):
        return {}
    return {lang: [a for a in found if isinstance(a, str) and a.strip()]
            for lang, found in aliases.items() if isinstance(found, list)}


def _check_region(key: Any, raw: Any, where: str, problems: list[str]) -> None:
    if not isinstance(raw, dict):
        problems.append(Errors.E057.format(
            where=where, field=f"regions.{key}", expected="a mapping", found=raw))
        return
    if raw.get("side") not in SIDES:
        problems.append(Errors.E054.format(
            where=where, value=raw.get("side"), known=", ".join(SIDES)))
    for lang, forms in raw.items():
        if lang == "side":
            continue
        if lang not in LANGS:
            problems.append(Errors.E058.format(
                where=where, value=lang, known=", ".join(LANGS)))
        elif not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            problems.append(Errors.E057.format(
                where=where, field=f"regions.{key}.{lang}",
                expected="a list of non-empty strings", found=forms))


@lru_cache(maxsize=1)
def _builtin_data() -> Any:
    return read_yaml(BUILTIN_SOURCES)


def _entry_from(raw: dict[str, Any], origin: str) -> SourceEntry:
    return SourceEntry(
        id=raw["id"], name=raw["name"], kind=raw["kind"], side=raw["side"],
        aliases={lang: list(dict.fromkeys(found)) for lang, found in
                 (raw.get("aliases") or {}).items()},
        titles=list(raw.get("titles") or []), owner=raw.get("owner"),
        note=raw.get("note") or "", region=raw.get("region"), role=raw.get("role"),
        names=dict(raw.get("names") or {}), generic=bool(raw.get("generic", False)),
        origin=origin)


# --------------------------------------------------------------- the registry


@dataclass
class _Alias:
    entry: str
    alias: str
    lang: str
    keys: tuple[str, ...]  # content words, transliteration keys
    cyrillic: bool
    generic: bool


class SourceRegistry:
    """The entries, their alias indexes and the title patterns; resolves speakers."""

    def __init__(self, entries: Iterable[SourceEntry], regions: dict[str, Region],
                 titles: TitleData | None = None):
        self._entries: dict[str, SourceEntry] = {e.id: e for e in entries}
        self.regions = dict(regions)
        self.title_data = titles or load_title_data()
        self._unknown: Counter[str] = Counter()
        self._cache: dict[tuple[str, str | None], Resolution] = {}
        self._build()

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, *, extra: Path | str | None = None,
             overlay: dict[str, Any] | None = None, overlay_origin: str = "the store's registry overlay",
             ) -> "SourceRegistry":
        """The built-in registry, extended or overridden by a user file ``extra``, then
        by ``overlay``: data of the same shape (``{"sources": [...]}``) kept in the store
        (``Store.registry_overlay``), merged the same way as a file.

        A user entry whose id is new adds a source; one whose id is built in
        overrides it: the fields it gives replace the built-in ones, its
        aliases are added to the built-in aliases, and ``replace: true``
        replaces the entry whole. Every problem of the file is reported at once.
        """
        titles = load_title_data()
        regions, read, problems = cls._read(BUILTIN_SOURCES, _builtin_data(), titles,
                                            known_regions=set(), known_ids=set())
        entries = {raw["id"]: (copy.deepcopy(dict(raw)), origin) for raw, origin in read}
        regions = dict(regions)
        path: Path | str = BUILTIN_SOURCES
        layers = [] if extra is None else [(Path(extra), lambda: read_yaml(Path(extra)))]
        if overlay:
            layers.append((overlay_origin, lambda: overlay))
        for layer, data in layers:
            if problems:
                break
            path = layer
            problems = cls._merge(entries, regions, layer, data(), titles)
        problems += cls._check_after_merge(entries, titles)
        if problems:
            raise SourceDataError(Errors.E052.format(
                path=path, problems=_bullets(problems)), problems)
        built = [_entry_from(raw, origin) for raw, origin in entries.values()]
        region_objs = {key: Region(key, raw["side"], tuple(dict.fromkeys(
            flat(form) for lang, forms in raw.items() if lang != "side" for form in forms)))
            for key, raw in regions.items()}
        return cls(built, region_objs, titles)

    @classmethod
    def _merge(cls, entries: dict[str, tuple[dict, str]], regions: dict[str, Any], path: Path | str,
               data: Any, titles: TitleData) -> list[str]:
        """Merge one user layer (a ``--sources`` file, or the store's overlay) into
        ``entries`` and ``regions``; returns its problems."""
        user_regions, user_entries, problems = cls._read(
            path, data, titles, known_regions=set(regions), known_ids=set(entries))
        regions.update(user_regions)
        for raw, origin in user_entries:
            raw = dict(raw)
            if raw["id"] in entries and not raw.get("replace"):
                merged, _ = entries[raw["id"]]
                for key, value in raw.items():
                    if key == "aliases":
                        for lang, found in _well_formed_aliases(raw).items():
                            merged.setdefault("aliases", {}).setdefault(lang, [])
                            merged["aliases"][lang] = merged["aliases"][lang] + found
                    elif key != "replace":
                        merged[key] = value
                entries[raw["id"]] = (merged, origin)
            else:
                raw["aliases"] = _well_formed_aliases(raw)
                entries[raw["id"]] = (raw, origin)
        return problems

    @staticmethod
    def _read(path: Path, data: Any, titles: TitleData, *, known_regions: set[str],
              known_ids: set[str]) -> tuple[dict[str, Any], list[tuple[dict, str]], list[str]]:
        """Check one sources file: its regions, its entries with their origin, its problems."""
        if not isinstance(data, dict) or not isinstance(data.get("sources", []), list) or (
                "regions" in data and not isinstance(data["regions"], dict)):
            found = type(data).__name__ if not isinstance(data, dict) else (
                "a mapping without a 'sources' list")
            raise SourceDataError(Errors.E063.format(path=path, found=found))
        problems: list[str] = []
        regions = {}
        region_where = _Where(path, data.get("regions") or {}, "regions")
        for key, raw in (data.get("regions") or {}).items():
            before = len(problems)
            _check_region(key, raw, region_where(key), problems)
            if len(problems) == before:
                regions[key] = raw
        all_regions = known_regions | set(data.get("regions") or {})
        seen: dict[str, str] = {}
        entries: list[tuple[dict, str]] = []
        for i, raw in enumerate(data.get("sources") or []):
            label = f"sources[{i}]"
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                label += f" (id '{raw['id']}')"
            where = _Where(path, raw, label)
            new = not (isinstance(raw, dict) and raw.get("id") in known_ids) or bool(
                isinstance(raw, dict) and raw.get("replace"))
            _check_entry(raw, where, new=new, regions=all_regions, titles=set(titles.titles),
                         problems=problems)
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                if raw["id"] in seen:
                    problems.append(Errors.E061.format(
                        where=where("id"), value=raw["id"], first=seen[raw["id"]]))
                seen.setdefault(raw["id"], where("id"))
                line = getattr(raw, "line", 0)
                origin = f"{path}, line {line}" if line else str(path)
                entries.append((raw, origin))  # a broken one too: its aliases are checked
        return regions, entries, problems

    @staticmethod
    def _check_after_merge(entries: dict[str, tuple[dict, str]],
                           titles: TitleData) -> list[str]:
        """Every alias names one entry; every title's generic entry exists."""
        problems: list[str] = []
        owners: dict[str, tuple[str, str]] = {}
        for raw, origin in entries.values():
            names = [raw.get("name")] + list((raw.get("names") or {}).values()
                                             if isinstance(raw.get("names"), dict) else [])
            for found in _well_formed_aliases(raw).values():
                names += found
            for alias in names:
                if not isinstance(alias, str):
                    continue
                key = clean_text(alias).casefold()
                if key in owners and owners[key][0] != raw["id"]:
                    other, other_where = owners[key]
                    problems.append(Errors.E053.format(
                        where=f"{origin} (id '{raw['id']}')", alias=alias, other=other,
                        other_where=other_where))
                else:
                    owners.setdefault(key, (raw["id"], origin))
        for spec in titles.titles.values():
            if spec.generic and spec.generic not in entries:
                problems.append(Errors.E065.format(
                    where=f"titles.{spec.key}", value=spec.generic))
        return problems

    # ------------------------------------------------------------ indexes

    def _build(self) -> None:
        td = self.title_data
        self._exact: dict[str, list[_Alias]] = {}
        self._normal: dict[str, list[_Alias]] = {}
        self._translit: dict[str, list[_Alias]] = {}
        self._aliases: list[_Alias] = []
        self._by_prefix: dict[str, list[int]] = {}
        for entry in self._entries.values():
            seen = set()
            for lang, alias in entry.all_aliases():
                if (lang, alias) in seen:
                    continue
                seen.add((lang, alias))
                content = self._content(alias)
                rec = _Alias(entry.id, alias, lang, tuple(translit_key(w) for w in content),
                             bool(_CYRILLIC.search(alias)), entry.generic)
                self._exact.setdefault(clean_text(alias), []).append(rec)
                if not content:
                    continue
                self._normal.setdefault(" ".join(content), []).append(rec)
                self._translit.setdefault(" ".join(rec.keys), []).append(rec)
                index = len(self._aliases)
                self._aliases.append(rec)
                for key in set(rec.keys):
                    self._by_prefix.setdefault(key[:3], []).append(index)
        # title patterns: with {region} first, bare ones after
        forms = sorted({(form, region.id) for region in self.regions.values()
                        for form in region.forms}, key=lambda fr: -len(fr[0]))
        self._region_forms = forms
        region_re = "(?P<region>(?:" + "|".join(re.escape(f) for f, _ in forms) + r")\w*)" \
            if forms else "(?P<region>(?!))"
        # each a (title key, regular expression, pattern as written); the expressions are
        # kept as text and compiled when first searched (``_title_regex``): compiled ones
        # were compiled again every time the registry was read back from the disk cache
        # (0.04-0.06 s of a start, for a first document whose speakers may need none)
        self._regional: list[tuple[str, str, str]] = []
        self._bare: list[tuple[str, str, str]] = []
        for spec in td.titles.values():
            for _lang, pattern, _origin in spec.patterns:
                text = flat(pattern)
                target = self._regional if "{region}" in text else self._bare
                text = text.replace("{region}", region_re)
                target.append((spec.key, rf"(?<!\w)(?:{text})(?!\w)", pattern))

    def _content(self, text: str) -> list[str]:
        stop = self.title_data.stopwords
        return [w for w in words(text) if w not in stop]

    # -------------------------------------------------------------- access

    def entries(self) -> list[SourceEntry]:
        return list(self._entries.values())

    def get(self, source_id: str | None) -> SourceEntry | None:
        return self._entries.get(source_id or "")

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._entries

    def unknown(self) -> list[tuple[str, int]]:
        """Unmatched speakers with how often they were seen, most frequent first, then
        by name (not in the order they were first met: documents may come in any order)."""
        return sorted(self._unknown.items(), key=lambda item: (-item[1], item[0]))

    # ---------------------------------------------------------- resolving

    def resolve(self, name: str, *, lang: str | None = None) -> Resolution:
        """The registry entry a speaker's name stands for, and why."""
        key = (name, lang)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._resolve(name, lang)
            self._cache[key] = cached
        if cached.entry is None:
            self._unknown[cached.source.name] += 1
        return replace(cached, source=replace(cached.source))

    def evidence(self, name: str, *, lang: str | None = None) -> str:
        """How strongly the registry says these words name a speaker: ``alias`` (an
        entry's name), ``title`` (a title it knows: "governor of Kursk region"),
        ``generic`` ("sources", "officials"), ``kind`` (a word of a kind of speaker:
        "ministry", "channel"), or ``none`` ("post-war reconstruction", "мы")."""
        key = (name, lang)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._resolve(name, lang)
            self._cache[key] = cached
        if cached.entry is not None:
            return "generic" if cached.how.startswith("generic") else (
                "title" if cached.how.startswith("title") else "alias")
        return "kind" if cached.source.kind not in (None, "unknown") else "none"

    def resolve_source(self, source: Source, lang: str | None = None) -> Source:
        """A ``Source`` with only a name, resolved (for ``attribute_document``): the
        speaker a pronoun stands for (``refers_to``), else the words used."""
        entry = self._entries.get(source.id or "")
        if entry is not None:
            return source if source.label or entry.generic else replace(source, label=entry.name)
        return self.resolve(source.who, lang=lang).source

    def _resolve(self, name: str, lang: str | None) -> Resolution:
        text = clean_text(name or "")
        own = self._own_name(text)
        content = self._content(text)
        # 1-3: the whole name is an alias
        for how, index, probe in (
                ("exact alias", self._exact, text),
                ("normalised alias", self._normal, " ".join(content)),
                ("transliterated alias", self._translit,
                 " ".join(translit_key(w) for w in content))):
            found = index.get(probe) if probe else None
            if found:
                rec = self._pick(found, lang)
                why = {"exact alias": "the name is an alias of this entry",
                       "normalised alias": "the name is an alias once case, accents "
                                           "and small words are set aside",
                       "transliterated alias": "the name is an alias once both are "
                                               "written in one Latin spelling"}[how]
                return self._matched(text, own, rec, how, f"{why} ({rec.lang}: '{rec.alias}')",
                                     lang)
        keys = [translit_key(w) for w in content]
        media = frozenset(i for i, word in enumerate(content)
                          if word.startswith(media_stems()))
        # 4: a named entry's alias within the name
        cyrillic = bool(_CYRILLIC.search(text))
        rec = self._contained(keys, generic=False, lang=lang, cyrillic=cyrillic)
        if rec is not None:
            how = "transliterated alias" if rec.cyrillic != cyrillic else "normalised alias"
            return self._matched(text, own, rec, how,
                                 f"the words of the alias '{rec.alias}' ({rec.lang}) occur "
                                 f"in the name", lang)
        # 5-6: titles
        found = self._title(text, lang)
        if found is not None:
            return found
        # 7: a generic entry's alias within the name, unless the name names media
        # with words the alias lacks and the entry is a state body
        rec = self._contained(keys, generic=True, lang=lang, cyrillic=cyrillic, media=media)
        if rec is not None:
            return self._matched(text, own, rec, "generic",
                                 f"the words of the alias '{rec.alias}' ({rec.lang}) occur "
                                 f"in the name", lang)
        kind = self._guess_kind(content)
        if kind == "unknown" and media:
            kind = "media"  # an outlet or a journalist whose owner the registry does not know
        return Resolution(text, Source(name=own, id=None, kind=kind, side="unknown"), None,
                          "unmatched", None,
                          f"no alias or title of the registry matches; kind '{kind}' is "
                          f"guessed from the words, side is unknown")

    def _own_name(self, text: str) -> str:
        """The speaker's words without a leading article ("les autorités russes")."""
        lowered = flat(text)
        for article in self.title_data.articles:
            if article.endswith("'") and lowered.startswith(article) and len(text) > len(article):
                return text[len(article):].strip()
            if lowered.startswith(article + " ") and len(text) > len(article) + 1:
                return text[len(article) + 1:].strip()
        return text

    def _pick(self, recs: list[_Alias], lang: str | None) -> _Alias:
        """Of aliases equal to the name: a named entry, then one in the text's language."""
        return sorted(recs, key=lambda r: (r.generic, r.lang != lang))[0]

    def _matched(self, text: str, own: str, rec: _Alias, how: str, detail: str,
                 lang: str | None) -> Resolution:
        entry = self._entries[rec.entry]
        if entry.generic:
            how = f"generic: {how}" if how != "generic" else f"generic: '{rec.alias}'"
            source = Source(name=own or entry.name, id=entry.id, kind=entry.kind,
                            side=entry.side)
        else:
            source = Source(name=entry.display_name(lang), id=entry.id, kind=entry.kind,
                            side=entry.side, label=entry.name)
        return Resolution(text, source, entry, how, rec.alias, detail)

    def _contained(self, keys: list[str], *, generic: bool, lang: str | None,
                   cyrillic: bool, media: frozenset[int] = frozenset()) -> _Alias | None:
        """The alias whose words all occur in ``keys``, covering the most of them.

        ``media``: the positions of words that name media; an alias of a state body
        that leaves one of them over is passed by (an outlet named after a place)."""
        if not keys:
            return None
        candidates: set[int] = set()
        for key in keys:
            candidates.update(self._by_prefix.get(key[:3], ()))
        best, best_score = None, None
        for index in candidates:
            rec = self._aliases[index]
            if rec.generic != generic:
                continue
            used: set[int] = set()
            for alias_word in rec.keys:
                hit = next((i for i, word in enumerate(keys)
                            if i not in used and stem_match(alias_word, word)), None)
                if hit is None:
                    break
                used.add(hit)
            else:
                if media - used and self._entries[rec.entry].kind in STATE_KINDS:
                    continue
                exact = sum(1 for w in rec.keys if w in keys)
                score = (len(used), exact, rec.cyrillic == cyrillic, sum(map(len, rec.keys)),
                         rec.lang == lang, -index)
                if best_score is None or score > best_score:
                    best, best_score = rec, score
        return best

    def _title(self, text: str, lang: str | None) -> Resolution | None:
        lowered = flat(text)
        fallback: Resolution | None = None
        for key, regex, pattern in self._regional:
            match = _title_regex(regex).search(lowered)
            if not match:
                continue
            said = match.group("region")
            regions = [rid for form, rid in self._region_forms if said.startswith(form)]
            entry = next((e for rid in regions for e in self._entries.values()
                          if e.region == rid and key in e.titles), None)
            if entry is not None:
                return Resolution(
                    text, Source(name=entry.display_name(lang), id=entry.id,
                                 kind=entry.kind, side=entry.side, label=entry.name),
                    entry, f"title pattern: {key} of {entry.region}", match.group(0),
                    f"'{match.group(0)}' matches the {key} pattern {pattern!r} with "
                    f"region '{entry.region}'")
            if fallback is None and regions:
                fallback = self._generic_title(text, key, match.group(0), pattern,
                                               self.regions[regions[0]])
        if fallback is not None:
            return fallback
        for key, regex, pattern in self._bare:
            match = _title_regex(regex).search(lowered)
            if match:
                return self._generic_title(text, key, match.group(0), pattern, None)
        return None

    def _generic_title(self, text: str, key: str, said: str, pattern: str,
                       region: Region | None) -> Resolution | None:
        spec = self.title_data.titles.get(key)
        entry = self._entries.get(spec.generic) if spec and spec.generic else None
        if entry is None:
            return None
        side = region.side if region else entry.side
        where = (f" of region '{region.id}', which has no {key} entry, so the side is the "
                 f"region's" if region else " without a region")
        return Resolution(
            text, Source(name=self._own_name(text), id=entry.id, kind=entry.kind, side=side),
            entry, f"generic: title '{key}'", said,
            f"'{said}' matches the {key} pattern {pattern!r}{where}")

    def _guess_kind(self, content: list[str]) -> str:
        for word in content:
            for stem, kind in self.title_data.kind_hints:
                if word.startswith(stem):
                    return kind
        return "unknown"

    # ------------------------------------------------------- independence

    def owner(self, source: Source) -> str | None:
        entry = self._entries.get(source.id or "")
        if entry is None:
            return None
        if entry.owner:
            return entry.owner
        return None if entry.generic else entry.id

    def independent(self, a: Source, b: Source) -> bool:
        """Can ``a`` and ``b`` corroborate each other?

        Not the same source; then: sides differ -> independent. Both of the
        same unaligned side (independent, international) -> independent unless
        they share an owner. Both of one partisan side -> independent only if
        they differ in kind and have different known owners (the governor and
        the defence ministry both speak for the Russian state). A side that is
        unknown -> independent only if kinds and names differ.
        """
        if a.id and b.id and a.id == b.id:
            return False
        if flat(a.name or "") == flat(b.name or "") and (a.id == b.id):
            return False
        side_a, side_b = a.side or "unknown", b.side or "unknown"
        if "unknown" in (side_a, side_b):
            return (a.kind or "unknown") != (b.kind or "unknown") and \
                flat(a.name or "") != flat(b.name or "")
        if side_a != side_b:
            return True
        owner_a, owner_b = self.owner(a), self.owner(b)
        if side_a in UNALIGNED_SIDES:
            return owner_a is None or owner_b is None or owner_a != owner_b
        return a.kind != b.kind and owner_a is not None and owner_b is not None \
            and owner_a != owner_b


# ----------------------------------------------------------------- helpers


@lru_cache(maxsize=None)
def _title_regex(expression: str) -> re.Pattern:
    """A title pattern's expression, compiled once per process."""
    return re.compile(expression)


@lru_cache(maxsize=1)
@loaded_once
def default_registry() -> SourceRegistry:
    """The built-in registry, built once per process (its unknown-speaker counts are
    shared) and kept on disk (``cache``) until its files or this module change."""
    from .cache import cached

    files = [BUILTIN_SOURCES, *sorted(LANG_ROOT.glob(f"*/{TITLES_FILE}")), Path(__file__)]
    return cached("registry", SourceRegistry.load, files=files)


def group_by_side(sources: Iterable[Source]) -> dict[str, list[Source]]:
    """Sources grouped by side, in the order of ``SIDES``; one per id or name."""
    groups: dict[str, list[Source]] = {side: [] for side in SIDES}
    seen: set[str] = set()
    for source in sources:
        key = source.id or flat(source.name)
        if key in seen:
            continue
        seen.add(key)
        groups.setdefault(source.side or "unknown", []).append(source)
    return {side: found for side, found in groups.items() if found}


def describe_resolution(res: Resolution, registry: SourceRegistry | None = None) -> str:
    """How a name resolves and why, as a few lines for ``rashomon sources NAME``."""
    lines = [f"{res.text!r}"]
    src = res.source
    if res.entry is None:
        lines.append(f"  unmatched: kept as {src.name!r}, kind '{src.kind}' (guessed), "
                     f"side '{src.side}'")
        lines.append(f"  why: {res.detail}")
        lines.append("  add it to a sources file given with --sources; "
                     "`rashomon sources --unknown` lists such names")
        return "\n".join(lines)
    entry = res.entry
    lines.append(f"  -> {src.name}  [{entry.id}]" + (f"  ({entry.role})" if entry.role else ""))
    owner = (registry.owner(src) if registry is not None else entry.owner) or "-"
    lines.append(f"  kind: {src.kind}   side: {src.side}   owner: {owner}"
                 + ("   generic: the claim keeps the speaker's words" if entry.generic else ""))
    lines.append(f"  how: {res.how}" + (f" (matched {res.matched!r})" if res.matched else ""))
    lines.append(f"  why: {res.detail}")
    if entry.note:
        lines.append(f"  note: {' '.join(entry.note.split())}")
    if entry.origin:
        lines.append(f"  defined at: {entry.origin}")
    return "\n".join(lines)


def registry_rows(registry: SourceRegistry) -> list[dict[str, Any]]:
    """One row per entry for ``rashomon sources``: id, name, kind, side, owner, ..."""
    rows = []
    for entry in registry.entries():
        count = sum(len(v) for v in entry.aliases.values())
        rows.append({
            "id": entry.id, "name": entry.name, "kind": entry.kind, "side": entry.side,
            "owner": entry.owner or ("" if entry.generic else entry.id),
            "region": entry.region or "", "titles": ", ".join(entry.titles),
            "generic": entry.generic, "aliases": count,
            "languages": " ".join(lang for lang in LANGS if entry.aliases.get(lang)),
            "note": " ".join(entry.note.split()),
        })
    return rows


def unknown_rows(registry: SourceRegistry) -> list[dict[str, Any]]:
    """The unmatched speakers seen so far, for ``rashomon sources --unknown``."""
    rows = []
    for name, count in registry.unknown():
        res = registry._resolve(name, None)  # not counted as another sighting
        rows.append({"name": name, "count": count, "kind": res.source.kind})
    return rows
