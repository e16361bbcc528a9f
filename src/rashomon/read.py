"""Read reports from files into ``Document`` objects, and say why when not.

``read_paths`` walks files and folders in the order given and hands each file
to the reader registered for its suffix in ``READERS``. A reader turns the
file's bytes into documents; anything wrong with one file or one record
becomes a ``DocumentError`` in the stream, and the batch goes on.

A reader is a function ``(path, raw, *, settings)`` that yields:

* ``Document`` -- a whole-file document;
* ``Located(document, line)`` -- a document that starts at a line of a file
  of many records, so that a duplicate id can be reported where it is;
* ``DocumentError`` -- an error (code ``E...``) or a warning (code ``W...``)
  about the file or one of its records.

``read_paths`` checks that ids are unique across the run (E008), so a new
reader only has to parse: add it to ``READERS`` and reuse ``text_of`` (or
``binary_reason``) for the checks every text file needs.

The readers, by suffix:

* ``.txt``, ``.md`` -- the whole file is one document;
* ``.jsonl`` -- one JSON record a line;
* ``.html``, ``.htm`` -- a saved web page: its main text and metadata
  through trafilatura;
* ``.rss``, ``.atom``, and ``.xml`` files that are feeds -- each entry a
  document, through feedparser;
* ``.json`` -- a Telegram Desktop export (``result.json``), recognised by its
  content: each message a document.

The text a reader builds is the document's text, the one claims' spans
index; readers of marked-up formats keep paragraphs as blank-line breaks.

``normalize_text`` is the one-for-one character clean-up the parser runs
before spaCy; it lives here because it is about how reports are written.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .errors import Errors, Warnings
from .ledger import Document, DocumentError
from .order import text_sha256
from .settings import DEFAULT_SETTINGS, Settings

Item = Document | DocumentError

# Tried in this order after UTF-8: Russian and Ukrainian sources still publish
# in cp1251, older French sites in latin-1. charset_normalizer picks between
# them by how plausible the decoded text looks.
FALLBACK_ENCODINGS = ("cp1251", "latin_1")

# A text file has a few control characters at most (a stray escape, a page
# break); a binary file is full of them.
MAX_CONTROL_SHARE = 0.10
# more NUL bytes than this share of a file's bytes make it binary (compressed
# data has about 1 in 256); fewer are stray characters of a text, cleaned at the door
MAX_NUL_SHARE = 0.001
_CONTROL_BYTES = [bytes([b]) for b in (*range(0x20), 0x7F) if b not in b"\t\n\v\f\r"]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Located:
    """A document and the line of its file where it starts."""

    document: Document
    line: int


class ReadError(ValueError):
    """A file that cannot be read; ``error`` is the record to report."""

    def __init__(self, error: DocumentError):
        super().__init__(error.message)
        self.error = error


class ReadRun(Iterator[Item]):
    """The documents and errors of one ``read_paths`` call, in input order.

    Iterate over it as over a generator: it reads lazily, one file at a time.
    Warnings are not yielded but collected in ``warnings`` as coded messages
    (``"[W001] ..."``), the shape of ``Ledger.warnings``; so every item that
    comes out is either a document to analyse or an error to report. Read
    ``warnings`` once the run is exhausted.
    """

    def __init__(self, items: Iterator[Item]):
        self.warnings: list[str] = []
        self._items = items

    def __iter__(self) -> ReadRun:
        return self

    def __next__(self) -> Item:
        while True:
            item = next(self._items)
            if isinstance(item, DocumentError) and is_warning(item):
                self.warnings.append(item.message)
                continue
            return item


def read_paths(
    paths: Iterable[str | Path], *, settings: Settings = DEFAULT_SETTINGS
) -> ReadRun:
    """Read files and folders into documents, in the order given.

    A folder is read recursively, in sorted order, skipping hidden files and
    folders, README files and files of unknown kinds. A file named explicitly must be of a
    known kind (E007). Each file is checked for size (E011) before it is
    read, so no more than one file's bytes are held at a time. Errors are
    yielded in place and the run goes on; warnings (W001 for a file that is
    not UTF-8) are collected in the returned run's ``warnings`` list.
    """
    return ReadRun(_unique_ids(_read_all(paths, settings)))


def is_warning(item: DocumentError) -> bool:
    """True for a warning: the document was read, but something is worth a look."""
    return item.code.startswith("W")


# --- files and folders -------------------------------------------------------


def _read_all(paths: Iterable[str | Path], settings: Settings) -> Iterator[Any]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, settings)
        elif path.is_file():
            yield from _read_file(path, settings)
        else:
            yield _record("E001", path)


def _read_folder(folder: Path, settings: Settings) -> Iterator[Any]:
    problems: list[OSError] = []
    for path in _walk(folder, problems):
        yield from _read_file(path, settings, folder=folder)
    # os.walk skips a folder it cannot list; say so rather than lose it quietly
    for problem in problems:
        yield _record("E012", problem.filename, reason=problem.strerror or str(problem))


def _walk(folder: Path, problems: list[OSError]) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        # pruning in place keeps os.walk out of .git, .venv and the like
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found.extend(
            Path(root, name) for name in files
            if not name.startswith(".") and not _is_readme(name) and _suffix(Path(name)) in READERS
        )
    # compare by parts, so that a folder's files sort together
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _is_readme(name: str) -> bool:
    # a folder's README describes the folder; it is not one of its reports
    return Path(name).stem.upper() == "README"


def _read_file(path: Path, settings: Settings, *, folder: Path | None = None) -> Iterator[Any]:
    reader = READERS.get(_suffix(path))
    if reader is None:
        yield _record("E007", path, suffix=path.suffix or path.name, suffixes=_known())
        return
    raw = yield from _load(path, settings)
    if raw is None:
        return
    for item in guarded(reader, path, raw, settings=settings):
        if isinstance(item, Document) and folder is not None and item.id == path.stem:
            # a reader that names a whole file by its name: name it by its path
            item = replace_fields(item, id=file_id(path, folder))
        yield item


def file_id(path: Path, folder: Path) -> str:
    """A whole-file document's id: its path from the folder given, without its
    suffix ("day1/report"), so that two files of one name in two sub-folders are
    two documents. A file at the top of the folder keeps its bare name ("report")."""
    return path.relative_to(folder).with_suffix("").as_posix()


def guarded(reader: Reader, path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """Run a reader over one file's bytes: its documents cleaned at the door, and
    any failure of the reader or of a library it calls an error for this file (E027)
    rather than an exception that ends the batch. What it yielded before stays."""
    items = reader(path, raw, settings=settings)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 -- any failure is this file's, not the batch's
            yield _record("E027", path, stage="read", detail=f"{type(exc).__name__}: {exc}")
            return
        if isinstance(item, (Document, Located)):
            yield from cleaned(item, path)
        else:
            yield item


def _load(path: Path, settings: Settings) -> Generator[DocumentError, None, bytes | None]:
    limit = settings.max_document_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            yield _record("E011", path, size=size, limit=limit)
            return None
        with path.open("rb") as file:
            # one byte more than allowed tells a file that grew since stat()
            raw = file.read(limit + 1)
            if len(raw) > limit:
                yield _record("E011", path, size=os.fstat(file.fileno()).st_size, limit=limit)
                return None
    except OSError as exc:
        yield _record("E012", path, reason=exc.strerror or str(exc))
        return None
    return raw


def _unique_ids(items: Iterable[Any]) -> Iterator[Item]:
    """Ids unique in the run: a whole file whose name another file of the run
    already has gets its content's hash after its name (W009); a record whose id
    was already read is dropped (E008): its id is the source's own."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, DocumentError):
            yield item
            continue
        document, line = (item.document, item.line) if isinstance(item, Located) else (item, None)
        if document.id in first and line is None and first[document.id] != str(document.path):
            taken = document.id
            document = replace_fields(document, id=f"{taken}-{text_sha256(document.text)[:8]}")
            if document.id not in first:
                yield _record("W009", document.path, doc_id=taken, first=first[taken], new_id=document.id)
                item = document
        if document.id in first:
            # a whole-file document starts at line 1 of its file
            yield _record("E008", document.path, line or 1, doc_id=document.id,
                          first=first[document.id])
            continue
        first[document.id] = f"{document.path}, line {line}" if line else str(document.path)
        yield document


# --- cleaning at the door ------------------------------------------------------

# What no report means to say and what breaks the stages after: control
# characters (NUL cannot even be stored in PostgreSQL), lone surrogates (UTF-16
# halves that JSON lets through and no encoder accepts), characters that are
# invisible inside words (zero-width spaces and joiners, soft hyphens: "dou\u200cze"
# must read "douze") and bidirectional controls (a place that holds U+202E). Tab,
# line and paragraph breaks stay: they are layout, and normalize_text maps them.
_UNWANTED = re.compile(
    "(?P<control>[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f])"
    "|(?P<surrogate>[\ud800-\udfff])"
    "|(?P<invisible>[\u00ad\u200b-\u200d\u2060-\u2064\ufeff\u180e])"
    "|(?P<bidi>[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069])"
)
# a lone surrogate becomes the replacement character, so that the reader sees
# that something was there; everything else is removed
_REPLACEMENT = {"control": "", "surrogate": "\ufffd", "invisible": "", "bidi": ""}
# what a store can hold (and an index can key) in these fields: in characters,
# and twice as many bytes of UTF-8
FIELD_LIMITS = {"id": 1000, "lang": 16, "published": 64}
_CLEANED_FIELDS = ("id", "text", "lang", "publisher", "published", "url", "title")


def clean_text(text: str, counts: Counter | None = None) -> str:
    """``text`` without control, invisible and bidirectional characters, lone
    surrogates replaced by U+FFFD; ``counts`` (if given) counts each kind removed.

    The cleaned text is the document's text: every span indexes it.
    """
    if _UNWANTED.search(text) is None:  # the common case costs one scan
        return text

    def replace(match: re.Match) -> str:
        if counts is not None:
            counts[match.lastgroup] += 1
        return _REPLACEMENT[match.lastgroup]

    return _UNWANTED.sub(replace, text)


def cleaned(item: Document | Located, path: Path) -> Iterator[Any]:
    """The document with its text and metadata cleaned (``clean_text``), and
    W008 saying what was removed; an id left empty by cleaning is E006."""
    document = item.document if isinstance(item, Located) else item
    line = item.line if isinstance(item, Located) else None
    counts: Counter = Counter()
    changes = {name: clean_text(value, counts) for name in _CLEANED_FIELDS
               if isinstance(value := getattr(document, name), str)}
    for name in ("id", "text"):  # what cleaning may empty: a text of zero-width spaces
        if not changes[name].strip():
            if line is None and name == "text":
                yield _record("E004", path)
            else:
                yield _record("E006", path, line or 1, field=name, found="only invisible or control characters")
            return
    for name, limit in FIELD_LIMITS.items():
        value = changes.get(name)
        if value is not None and (len(value) > limit or len(value.encode("utf-8", "replace")) > 2 * limit):
            yield _record("E028", path, line or 1, field=name, size=len(value), limit=limit,
                          start=value[:40])
            return
    if not counts:
        yield item
        return
    what = ", ".join(f"{count} {_KIND_NAMES[kind]}" for kind, count in sorted(counts.items()))
    yield _record("W008", path, line or 1, doc_id=changes["id"], what=what)
    document = replace_fields(document, **changes)
    yield Located(document, line) if line is not None else document


_KIND_NAMES = {"control": "control character(s) removed",
               "surrogate": "lone surrogate(s) replaced by U+FFFD",
               "invisible": "zero-width character(s) or soft hyphen(s) removed",
               "bidi": "bidirectional control(s) removed"}


# --- checks shared by text readers ---------------------------------------------


def text_of(path: Path, raw: bytes) -> Generator[DocumentError, None, str | None]:
    """Check and decode a text file: yield its problems, return its text or None.

    Use it in a reader as ``text = yield from text_of(path, raw)``.
    """
    reason = binary_reason(raw)
    if reason is not None:
        yield _record("E003", path, reason=reason, suffixes=_known())
        return None
    try:
        text, encoding = decode(raw, path)
    except ReadError as exc:
        yield exc.error
        return None
    if not text or text.isspace():
        yield _record("E004", path)
        return None
    if encoding != "utf-8":
        yield _record("W001", path, encoding=encoding)
    return text


def binary_reason(raw: bytes) -> str | None:
    """Why ``raw`` looks like a binary file rather than text, or None."""
    if not raw:
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        if raw.startswith(_UTF16_BOMS):
            return "NUL bytes of UTF-16 text; save it as UTF-8"
        # a stray NUL in a text is cleaned at the door; binary data has one byte in 256
        nuls = raw.count(b"\x00")
        if nuls > len(raw) * MAX_NUL_SHARE:
            return f"{nuls} NUL bytes, the first at offset {nul}"
    # bytes.count runs in C: no copy of a large file, unlike translate()
    controls = sum(raw.count(byte) for byte in _CONTROL_BYTES)
    share = controls / len(raw)
    if share > MAX_CONTROL_SHARE:
        return f"{share:.0%} of its bytes are control characters"
    return None


def decode(raw: bytes, path: str | Path) -> tuple[str, str]:
    """Decode ``raw`` and name the encoding used: ``(text, encoding)``.

    UTF-8 first, without its byte order mark; then the most plausible of
    ``FALLBACK_ENCODINGS``. Since any bytes decode as latin-1, E002 (raised as
    ``ReadError``) means the bytes decode in none of them to plausible text,
    e.g. bytes undefined in cp1251 that are control characters in latin-1.
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None:
        raise ReadError(_record("E002", path))
    return str(best), best.encoding


# --- readers -------------------------------------------------------------------

Reader = Callable[..., Iterator[Document | Located | DocumentError]]


def read_text(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """A plain-text file is one document, named after the file."""
    text = yield from text_of(path, raw)
    if text is not None:
        yield Document(id=path.stem, text=text, path=str(path))


def read_markdown(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """A Markdown file is one document; a leading ``# Title`` is its title."""
    text = yield from text_of(path, raw)
    if text is not None:
        yield Document(id=path.stem, text=text, path=str(path), title=markdown_title(text))


_FIRST_LINE = re.compile(r"\s*^(.*)$", re.MULTILINE)
_ATX_H1 = re.compile(r" {0,3}#[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*")


def markdown_title(text: str) -> str | None:
    """The title of a level-1 heading on the first non-empty line, if any."""
    first = _FIRST_LINE.match(text)
    heading = _ATX_H1.fullmatch(first.group(1).rstrip("\r")) if first else None
    return (heading.group("title") or None) if heading else None


def read_jsonl(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """One document per line; a bad line is reported and the others go on."""
    text = yield from text_of(path, raw)
    if text is None:
        return
    for number, line in _lines(text):
        if line and not line.isspace():
            yield from _jsonl_record(path, number, line)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    # only "\n" ends a JSON Lines record: str.splitlines() would also cut at
    # U+2028 and friends, which JSON allows unescaped inside strings
    start = 0
    for number, end in enumerate(_newlines(text), start=1):
        yield number, text[start:end]
        start = end + 1


def _newlines(text: str) -> Iterator[int]:
    end = text.find("\n")
    while end >= 0:
        yield end
        end = text.find("\n", end + 1)
    yield len(text)


def _jsonl_record(path: Path, line: int, source: str) -> Iterator[Any]:
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        yield _record("E005", path, line, detail=f"{exc.msg} at column {exc.colno}")
        return
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5000 digits
        yield _record("E005", path, line, detail=str(exc) or type(exc).__name__)
        return
    if not isinstance(data, dict):
        yield _record("E010", path, line, found=_describe(data))
        return
    try:
        fields = {name: check(name, data.get(name, _MISSING))
                  for name, check in RECORD_FIELDS.items()}
    except _BadField as exc:
        yield _record(exc.code, path, line, **exc.fields)
        return
    yield Located(Document(**fields, path=str(path)), line)


# --- the fields of a JSON record -----------------------------------------------


# a key absent from a record, told apart from an explicit null in messages
_MISSING = object()


class _BadField(Exception):
    def __init__(self, code: str, **fields: Any):
        super().__init__(code)
        self.code = code
        self.fields = fields


def _required_text(name: str, value: Any) -> str:
    if isinstance(value, str) and value and not value.isspace():
        return value
    raise _BadField("E006", field=name, found=_describe(value))


def _required_id(name: str, value: Any) -> str:
    # exports often number their records; bool is an int but never an id
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _required_text(name, value)


def _optional_text(name: str, value: Any) -> str | None:
    if value is _MISSING or value is None:
        return None
    if isinstance(value, str):
        return value or None
    raise _BadField("E009", field=name, expected="a string", found=value)


def _iso_datetime(name: str, value: Any) -> str | None:
    value = _optional_text(name, value)
    if value is None:
        return None
    # checked, but kept as given: the ledger records what the source said
    instant = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        # in UTC too: "0001-01-01T00:00:00+14:00" is a date before the year 1
        datetime.fromisoformat(instant).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise _BadField("E009", field=name, found=value,
                        expected="an ISO 8601 date or time such as 2024-03-01T06:30:00Z") from None
    return value


# Document field -> check; checked in this order, the first problem reported.
# Other keys of a record are ignored, so exports can carry extra metadata.
RECORD_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "id": _required_id,
    "text": _required_text,
    "lang": _optional_text,
    "publisher": _optional_text,
    "published": _iso_datetime,
    "url": _optional_text,
    "title": _optional_text,
}


def _describe(value: Any) -> str:
    """Name what a JSON value is, for a message: 'an empty string', 'a list'."""
    if value is _MISSING:
        return "none"
    if isinstance(value, str):
        if not value:
            return "an empty string"
        return "only whitespace" if value.isspace() else "a string"
    return _JSON_KINDS.get(type(value), type(value).__name__)


_JSON_KINDS = {
    type(None): "null", bool: "a boolean", int: "a number", float: "a number",
    list: "a list", dict: "an object",
}


# --- saved web pages -------------------------------------------------------------

# trafilatura's date finder (htmldate), asked for the time as well as the day
_PAGE_DATE = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": True}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def read_html(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """A saved web page is one document: its main text and its metadata.

    The cascade is trafilatura's own (its extractor, then readability and
    jusText, then its baseline when those under-deliver), run once with its
    default balance and, if that finds nothing, once more favouring recall. Each
    block trafilatura keeps (paragraph, heading, list, quotation) is a
    paragraph of the text, separated by a blank line.
    """
    markup = yield from html_of(path, raw)
    if markup is None:
        return
    page = _extract_page(markup)
    text = page_text(page) if page is not None else ""
    if not text:
        yield _record("E013", path)
        return
    yield Document(id=path.stem, text=text, path=str(path), title=page.title or None,
                   publisher=page.sitename or None, url=page.url or None,
                   published=precise_time(markup, page_date(page.date)))


def html_of(path: Path, raw: bytes) -> Generator[DocumentError, None, str | None]:
    """Decode a page with the charset it declares, else as any text file."""
    declared = _META_CHARSET.search(raw[:4096])
    if declared is not None and binary_reason(raw) is None:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: decode as an undeclared file
    return (yield from text_of(path, raw))


def _extract_page(markup: str):
    from trafilatura import bare_extraction

    for recall in (False, True):
        page = bare_extraction(markup, with_metadata=True, include_comments=False,
                               favor_recall=recall, date_extraction_params=_PAGE_DATE)
        if page is not None and page_text(page):
            return page
    return page


def page_text(page) -> str:
    """The blocks trafilatura kept, one paragraph each, blank lines between."""
    from trafilatura.xml import xmltotxt

    blocks = [xmltotxt(block, False) for block in page.body] if page.body is not None else []
    if not any(blocks):
        blocks = (page.text or "").split("\n")
    return "\n\n".join(block.strip() for block in blocks if block and not block.isspace())


def page_date(found: str | None) -> str | None:
    """trafilatura's date as ISO 8601: ``+0100`` written ``+01:00``; a day
    without a time (htmldate gives its midnight with no offset) stays a day."""
    if not found:
        return None
    if found.endswith("T00:00:00"):
        return found[:10]
    return re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", found)


# where pages state their publication time to the second
_TIME_XPATH = ("//meta[@property='article:published_time' or @itemprop='datePublished' "
               "or @name='pubdate' or @name='publish-date']/@content | //time/@datetime")


def precise_time(markup: str, day: str | None) -> str | None:
    """trafilatura's day, with its time and offset when the page states them.

    htmldate, trafilatura's date finder, prefers a date in the page's URL,
    which has no time; a publication time in the page's metadata (or a
    ``<time>`` element) on that same day gives the time.
    """
    if day is None or len(day) != 10:
        return day
    from lxml import html

    try:
        stated = html.fromstring(markup).xpath(_TIME_XPATH)
    except (ValueError, TypeError):  # lxml's ParserError is a ValueError
        return day
    for value in map(str.strip, stated):
        if value.startswith(day) and len(value) > 10:
            try:
                return _iso_datetime("published", value)
            except _BadField:
                continue
    return day


# --- RSS and Atom feeds --------------------------------------------------------

_FEED_ROOTS = {"rss", "feed", "rdf"}
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_ENTRY_TAG = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


def read_feed(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """Each entry of an RSS 2.0, RSS 1.0 or Atom feed is one document.

    The id is the entry's guid (or Atom id), else its link, else the file name
    and the entry's number; the feed's title is the publisher. A feed that is
    not well-formed but still gives entries is read with W006; one that gives
    none is E014. An entry that cannot be read is reported on its own (E018).
    """
    import feedparser

    reason = binary_reason(raw)
    if reason is not None:
        yield _record("E003", path, reason=reason, suffixes=_known())
        return
    if not raw.strip():
        yield _record("E004", path)
        return
    feed = feedparser.parse(raw)
    if not feed.entries:
        if feed.bozo or not feed.version:
            detail = str(feed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> element")
            yield _record("E014", path, detail=detail)
        return
    if feed.bozo:
        yield _record("W006", path, detail=str(feed.get("bozo_exception")), count=len(feed.entries))
    publisher = feed.feed.get("title") or None
    lines = _entry_lines(raw)
    empty = 0
    for number, entry in enumerate(feed.entries, start=1):
        item = yield from _feed_entry(path, number, entry, publisher)
        if item is None:
            empty += 1
        elif isinstance(item, Document):
            yield Located(item, lines[number - 1]) if number <= len(lines) else item
        else:
            yield item
    if empty:
        yield _record("W002", path, count=empty)


def read_xml(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """An ``.xml`` file is read as a feed if it is one, else skipped with W004."""
    root = _ROOT_TAG.search(_without_prolog(raw[:4096]))
    name = root.group(1).decode("ascii", "replace") if root else "?"
    if name.rpartition(":")[2].lower() in _FEED_ROOTS:
        yield from read_feed(path, raw, settings=settings)
    else:
        yield _record("W004", path, root=name)


def _without_prolog(head: bytes) -> bytes:
    # the XML declaration, comments and a doctype come before the root element
    return re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)


def _entry_lines(raw: bytes) -> list[int]:
    """The line where each entry starts, in the order feedparser gives them."""
    text = raw.decode("utf-8", "replace")
    return [text.count("\n", 0, found.start()) + 1 for found in _ENTRY_TAG.finditer(text)]


def _feed_entry(path: Path, number: int, entry, publisher: str | None
                ) -> Generator[DocumentError, None, Document | DocumentError | None]:
    """One entry as a document; None if it has no text; an error if it is bad."""
    bodies = [part.get("value") or "" for part in entry.get("content") or []]
    body = max(bodies, key=len, default="") or entry.get("summary") or ""
    try:
        text = html_text(body)
    except (ValueError, TypeError) as exc:  # lxml's ParserError is a ValueError
        return _record("E018", path, entry=number, detail=f"its text cannot be read ({exc})")
    if not text:
        return None
    published = _entry_time(entry, "published") or _entry_time(entry, "updated")
    given = dict.get(entry, "published") or dict.get(entry, "updated")
    if published is None and given:
        yield _record("W007", path, entry=number, value=given)
    # without a guid or a link, the entry's content names it: its position in the
    # feed changes as the feed moves on, and another entry would take its id
    doc_id = entry.get("id") or entry.get("link") or \
        f"{path.stem}-{text_sha256((entry.get('title') or '') + chr(10) + text)[:12]}"
    return Document(id=doc_id, text=text, path=str(path), title=entry.get("title") or None,
                    publisher=publisher, published=published, url=entry.get("link") or None)


def _entry_time(entry, field: str) -> str | None:
    # dict.get: feedparser's own get() maps a missing 'updated' to 'published', warning
    parsed = dict.get(entry, f"{field}_parsed")  # feedparser gives it in UTC
    if parsed is None:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()


# elements that end a paragraph, and those that only end a line
_BLOCK_TAGS = ("p", "div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
               "ul", "ol", "li", "table", "tr", "pre", "figure", "figcaption", "header", "footer")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: blocks as paragraphs, ``<br>`` as a line break.

    Scripts and styles are dropped, runs of blanks become one space, and
    paragraphs are separated by a blank line. Plain text comes back as it is,
    its blanks tidied.
    """
    if not fragment or fragment.isspace():
        return ""
    from lxml import html

    root = html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    paragraphs = (_tidy(part) for part in _PARAGRAPHS.split(root.text_content()))
    return "\n\n".join(part for part in paragraphs if part)


def _tidy(paragraph: str) -> str:
    lines = (_BLANKS.sub(" ", line).strip() for line in paragraph.split("\n"))
    return "\n".join(line for line in lines if line)


# --- Telegram Desktop exports --------------------------------------------------


def read_json(path: Path, raw: bytes, *, settings: Settings) -> Iterator[Any]:
    """A ``.json`` file is read if it is a Telegram Desktop export, else skipped (W005).

    An export is recognised by its content: a JSON object with a ``messages``
    list (one chat, ``result.json``), or an account export whose ``chats``
    (and ``left_chats``) hold a ``list`` of such objects.
    """
    text = yield from text_of(path, raw)
    if text is None:
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _record("E015", path, exc.lineno, detail=f"{exc.msg} at column {exc.colno}")
        return
    except (ValueError, RecursionError) as exc:
        yield _record("E015", path, 1, detail=str(exc) or type(exc).__name__)
        return
    chats = telegram_chats(data)
    if chats is None:
        yield _record("W005", path)
        return
    finder = _MessageLines(text)
    for chat in chats:
        yield from read_telegram_chat(path, chat, finder)


def telegram_chats(data: Any) -> list[Any] | None:
    """The chats of a Telegram Desktop export, or None if ``data`` is not one."""
    if not isinstance(data, dict):
        return None
    if "messages" in data:
        return [data]
    chats = []
    for key in ("chats", "left_chats"):
        group = data.get(key)
        if isinstance(group, dict) and isinstance(group.get("list"), list):
            chats += group["list"]
    return chats or None


def read_telegram_chat(path: Path, chat: Any, finder: _MessageLines) -> Iterator[Any]:
    """Each message of type "message" in one chat is a document.

    Its id is ``<channel>-<message id>``, the channel's name (in Latin letters,
    as a slug) and the message's number; the publisher is the channel's name;
    the publication time is ``date_unixtime`` (UTC), or ``date`` (the
    exporting computer's local time, without an offset) in older exports.
    Service messages (a channel created, a pinned post) are skipped, and so,
    counted in W002, are messages without text (a photo without caption).
    """
    if not isinstance(chat, dict):
        yield _record("E016", path, detail=f"a chat must be a JSON object; got {_describe(chat)}")
        return
    messages = chat.get("messages")
    if not isinstance(messages, list):
        yield _record("E016", path, detail=f"'messages' must be a list; got {_describe(messages)}")
        return
    name = chat.get("name")
    if name is not None and not isinstance(name, str):
        yield _record("E016", path, detail=f"the chat's 'name' must be a string; got {_describe(name)}")
        return
    channel = channel_slug(name, chat.get("id"))
    empty = 0
    for number, message in enumerate(messages, start=1):
        try:
            document = telegram_message(message, channel=channel, publisher=name or None, path=path)
        except _BadField as exc:
            where = exc.fields.pop("message", None) or f"#{number}"
            yield _record("E017", path, finder.line(exc.fields.pop("message_id", None)),
                          message=where, detail=exc.fields["detail"])
            continue
        if document is None:
            continue
        if not document.text or document.text.isspace():
            empty += 1
            continue
        yield Located(document, finder.line(message["id"]) or 1)
    if empty:
        yield _record("W002", path, count=empty)


def telegram_message(message: Any, *, channel: str, publisher: str | None, path: Path
                     ) -> Document | None:
    """One exported message as a document; None for a service message.

    Raises ``_BadField`` (with ``detail``) for a message of a shape that
    Telegram Desktop does not write.
    """
    if not isinstance(message, dict):
        raise _BadField("E017", detail=f"a message must be a JSON object; got {_describe(message)}")
    number = message.get("id", _MISSING)
    if isinstance(number, bool) or not isinstance(number, (int, str)) or number == "":
        raise _BadField("E017", detail=f"a message needs an 'id' number; it has {_describe(number)}")
    fields = {"message": str(number), "message_id": number}
    kind = message.get("type", "message")
    if kind != "message":
        if not isinstance(kind, str):
            raise _BadField("E017", **fields, detail=f"'type' must be a string; got {_describe(kind)}")
        return None
    text = telegram_text(message, fields)
    return Document(id=f"{channel}-{number}", text=text, path=str(path), publisher=publisher,
                    published=telegram_time(message, fields))


def telegram_text(message: dict[str, Any], fields: dict[str, Any]) -> str:
    """Flatten the message's ``text`` (a string, or a list of strings and
    entity objects ``{"type": "bold", "text": ...}``); ``text_entities`` if
    ``text`` is missing."""
    for key in ("text", "text_entities"):
        value = message.get(key, _MISSING)
        if value is _MISSING:
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return "".join(_entity_text(part, key, fields) for part in value)
        raise _BadField("E017", **fields, detail=f"'{key}' must be a string or a list; got {_describe(value)}")
    return ""


def _entity_text(part: Any, key: str, fields: dict[str, Any]) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, dict) and isinstance(part.get("text"), str):
        return part["text"]
    found = _describe(part.get("text", _MISSING)) if isinstance(part, dict) else _describe(part)
    raise _BadField("E017", **fields,
                    detail=f"each part of '{key}' must be a string or an object with a 'text' string; got {found}")


def telegram_time(message: dict[str, Any], fields: dict[str, Any]) -> str | None:
    """The message's time as ISO 8601: UTC from ``date_unixtime``, else ``date`` as given."""
    unix = message.get("date_unixtime")
    if unix is not None:
        if isinstance(unix, (int, str)) and not isinstance(unix, bool) and str(unix).isdigit():
            try:
                return datetime.fromtimestamp(int(unix), tz=timezone.utc).isoformat()
            except (OverflowError, OSError, ValueError):  # beyond the year 9999
                raise _BadField("E017", **fields,
                                detail=f"'date_unixtime' {str(unix)[:40]} is not a time between the years 1 and 9999") from None
        raise _BadField("E017", **fields, detail=f"'date_unixtime' must be a number of seconds; got {unix!r}")
    local = message.get("date")
    if local is None:
        return None
    try:
        return _iso_datetime("date", local)
    except _BadField:
        raise _BadField("E017", **fields, detail=f"'date' must be an ISO 8601 time; got {local!r}") from None


def channel_slug(name: str | None, number: Any) -> str:
    """The channel part of a message id: its name in Latin letters, lower case,
    words joined by '-' ("Рыбарь" -> "rybar"), or ``channel<id>``."""
    from anyascii import anyascii

    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(name or "").lower()).strip("-")
    return slug or f"channel{number if number is not None else ''}"


class _MessageLines:
    """Where each message of an export starts, for messages that need a line.

    Messages are looked up in file order, each search going on from the last
    one found, so a whole export costs one pass over its text.
    """

    def __init__(self, text: str):
        self._text = text
        start = text.find('"messages"')
        self._pos = max(start, 0)
        self._line = text.count("\n", 0, self._pos) + 1

    def line(self, number: Any) -> int | None:
        if number is None:
            return None
        key = json.dumps(number)
        found = re.compile(r'"id"\s*:\s*' + re.escape(key) + r"(?![\w.])").search(self._text, self._pos)
        if found is None:
            return None
        self._line += self._text.count("\n", self._pos, found.start())
        self._pos = found.start()
        return self._line


# --- the registry --------------------------------------------------------------

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".jsonl": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_xml,
    ".json": read_json,
}


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _known() -> str:
    return ", ".join(sorted(READERS))


def _record(code: str, path: str | Path | None, line: int | None = None,
            **fields: Any) -> DocumentError:
    """A DocumentError whose message is the coded message for ``code``."""
    template = getattr(Warnings if code.startswith("W") else Errors, code)
    where = None if path is None else str(path)
    return DocumentError(code=code, message=template.format(path=where, line=line, **fields),
                         path=where, line=line)


# --- normalization -------------------------------------------------------------

_APOSTROPHES = "\u2019\u2018\u02bc"  # ’ ‘ ʼ
_SPACES = (
    "\t\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
# breaks that end a line in spirit; "\n" keeps paragraphs for the chunker
_LINE_BREAKS = "\v\f\x85\u2028\u2029"

_NORMALIZE = str.maketrans({
    **dict.fromkeys(_APOSTROPHES, "'"),
    **dict.fromkeys(_SPACES + _ZERO_WIDTH, " "),
    **dict.fromkeys(_LINE_BREAKS, "\n"),
})


def normalize_text(text: str) -> str:
    """Replace typographic variants one character for one, before parsing.

    Apostrophes become ``'``, unusual spaces, tabs, ``\\r`` and zero-width
    characters become a space, other line breaks ``\\n``. Quotation marks
    (« » " “ ”) are kept: attribution needs them. As the length is unchanged,
    an offset in the result is the same offset in ``text``. Markdown as Telegram
    exports it becomes spaces too: emphasis (``**bold**``, ``__italic__``), the
    brackets and address of a link (``[заявил](https://t.me/…)`` reads "заявил"),
    and bare web addresses, whose colons and slashes are no punctuation of the
    sentence ("https:" is no colon before a quotation). So are emoji and other
    pictographs ("⚡Минобороны РФ:" names the ministry, not "⚡Минобороны"). A Latin
    letter that looks like a Cyrillic one, in a Cyrillic word whose only Latin letters
    are such, becomes the Cyrillic letter ("ребëнок" typed with a Latin "ë" is "ребёнок").
    """
    text = _MARKDOWN_LINK.sub(_blank_link, text.translate(_NORMALIZE))
    text = _MIXED_WORD.sub(_cyrillic_word, text)
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)


# Latin letters drawn as Cyrillic ones, which a Cyrillic word may carry by a slip of the keyboard
_HOMOGLYPHS = str.maketrans("ëËeoacpxyiEOACPXTHKMBI", "ёЁеоасрхуіЕОАСРХТНКМВІ")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_MIXED_WORD = re.compile(r"[^\W\d_]*[\u0400-\u04ff][^\W\d_]*")


def _cyrillic_word(match: re.Match) -> str:
    word = match.group()
    latin = _LATIN.findall(word)
    if not latin or any(c not in "ëËeoacpxyiEOACPXTHKMBI" for c in latin):
        return word  # all Cyrillic, or a Latin name with a Cyrillic ending ("SHOTу")
    return word.translate(_HOMOGLYPHS)


def _blank_link(match: re.Match) -> str:
    """ "[word](address)" -> " word" and as many spaces as the rest had characters."""
    return " " + match.group(1) + " " * (len(match.group()) - len(match.group(1)) - 1)


_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_NOT_PROSE = re.compile(r"\*\*|__|https?://\S+|\b(?:t\.me|bit\.ly|www\.[\w-]+\.\w+)/\S*"
                        # pictographs: arrows, symbols, dingbats, emoji, and their presentation marks
                        "|[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff\U0001F000-\U0001FAFF"
                        "\ufe0e\ufe0f\u20e3]")
