"""What lives as long as the process, made without the cyclic garbage collector.

A run loads, once per process, objects that are never garbage: the modules it
imports (spaCy's among them), the parsers' models, pymorphy3's dictionaries, the
languages' data, the source registry and the gazetteer read back from the disk
cache. CPython's cyclic collector does not know that: while they are made, every
700 new objects start a collection of the youngest ones, and each full collection
walks every object alive; once made, every later full collection walks them all
again, and so does the interpreter's own collection at exit. For a new process
analysing one short Russian document (issue 15's time to first result) that was
0.22-0.29 s of collections while loading and 0.3-0.7 s at exit, against 0.02 and
0.05 s for natasha's bare parse: a fifth to a third of the whole process.

``long_lived`` (a decorator for the loaders, or a ``with`` block) pauses the
collector while such objects are made and then freezes every object alive
(``gc.freeze``: the permanent generation, which no collection walks), as CPython's
documentation advises for what a process loads once before its work. It changes
no result: the collector reclaims only reference cycles, and what is frozen stays
alive anyway. What it costs: a reference cycle that was already garbage when the
loader ran, or that an object alive then becomes later, is never reclaimed. That
happens once per loader and process (each loader is cached), not once per
document: the documents' own objects are made after it and collected as usual.
"""

from __future__ import annotations

import functools
import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
# nested loaders (a parser loading its dictionary) freeze once, at the outermost
_depth = 0
_was_enabled = True


@contextmanager
def long_lived() -> Iterator[None]:
    """Make what the block makes without the cyclic collector, then freeze what is alive."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:  # a program that turned the collector off keeps it off
                    gc.enable()


def loaded_once(load: Callable[..., T]) -> Callable[..., T]:
    """``load`` run inside ``long_lived``: for a loader whose result is cached for the
    process (under ``functools.lru_cache``, so only a first call pays)."""

    @functools.wraps(load)
    def loader(*args, **kwargs) -> T:
        with long_lived():
            return load(*args, **kwargs)
    return loader
