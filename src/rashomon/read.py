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
reader (HTML, RSS, a Telegram ``result.json``) only has to parse: add it to
``READERS`` and reuse ``text_of`` for the checks every text file needs.

``normalize_text`` is the one-for-one character clean-up the parser runs
before spaCy; it lives here because it is about how reports are written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .errors import Errors, Warnings
from .ledger import Document, DocumentError
from .settings import DEFAULT_SETTINGS, Settings

Item = Document | DocumentError

# Tried in this order after UTF-8: Russian and Ukrainian sources still publish
# in cp1251, older French sites in latin-1. charset_normalizer picks between
# them by how plausible the decoded text looks.
FALLBACK_ENCODINGS = ("cp1251", "latin_1")

# A text file has a few control characters at most (a stray escape, a page
# break); a binary file is full of them.
MAX_CONTROL_SHARE = 0.10
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
    folders and files of unknown kinds. A file named explicitly must be of a
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
        yield from _read_file(path, settings)
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
            if not name.startswith(".") and _suffix(Path(name)) in READERS
        )
    # compare by parts, so that a folder's files sort together
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _read_file(path: Path, settings: Settings) -> Iterator[Any]:
    reader = READERS.get(_suffix(path))
    if reader is None:
        yield _record("E007", path, suffix=path.suffix or path.name, suffixes=_known())
        return
    raw = yield from _load(path, settings)
    if raw is not None:
        yield from reader(path, raw, settings=settings)


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
    """Drop a document whose id was already read in this run (E008)."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, DocumentError):
            yield item
            continue
        document, line = (item.document, item.line) if isinstance(item, Located) else (item, None)
        if document.id in first:
            # a whole-file document starts at line 1 of its file
            yield _record("E008", document.path, line or 1, doc_id=document.id,
                          first=first[document.id])
            continue
        first[document.id] = f"{document.path}, line {line}" if line else str(document.path)
        yield document


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
    nul = raw.find(b"\x00")
    if nul >= 0:
        if raw.startswith(_UTF16_BOMS):
            return "NUL bytes of UTF-16 text; save it as UTF-8"
        return f"a NUL byte at offset {nul}"
    if not raw:
        return None
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
        datetime.fromisoformat(instant)
    except ValueError:
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


# --- the registry --------------------------------------------------------------

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".jsonl": read_jsonl,
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
    an offset in the result is the same offset in ``text``. Markdown emphasis
    as Telegram exports it (``**bold**``, ``__italic__``) becomes spaces too.
    """
    return _MARKDOWN_EMPHASIS.sub(lambda m: " " * len(m.group()), text.translate(_NORMALIZE))


_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
