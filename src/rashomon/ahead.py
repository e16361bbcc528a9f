"""A stream made ahead of its reader in a thread: the parser's next batch is parsed
while the stages work on this one.

Requires: an iterator whose items may be made in another thread than the one that
reads them (``parse._GroupedPieces``: each parsed piece is handed over whole and never
touched again by the thread that made it).
Assigns: nothing; the items come out as they went in, in order.

Part of a spaCy parse runs without Python's GIL: the matrix products (BLIS) and the
parser's transition loop, about a fifth of the English parse when another thread wants
the GIL (bench/README.md). rashomon's own stages are Python and hold it. With the parse
in a thread of its own the two overlap on a second core (English and French about a
tenth faster); where the parse holds the GIL (natasha's taggers, small numpy products),
on one core, or where every core is busy already (a Dask worker per core), they take
turns as they did in one thread. ``Settings.parse_ahead`` turns it on; it is off by
default, since a parsing process of its own (apart.py, ``Settings.parse_process``) does
better: there the whole parse runs beside the stages, and a thread parsing ahead beside
that process took the stages' GIL for batches the process would have made.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")

_END = object()


def read_ahead(items: Iterable[Item], *, limit: int,
               weight: Callable[[Item], int] = lambda item: 1) -> Iterator[Item]:
    """``items`` in their order, made in a thread that holds at most ``limit`` (of
    ``weight``: items, or a parsed piece's characters) made and not yet read, and
    one item more while it waits for room. An exception of ``items`` is raised here,
    in its place in the stream (after the items made before it), with its own
    traceback. When the reader stops early (the stream is closed or dropped), the
    thread stops at its next item and the stream waits for it: two threads never
    use one parser at once."""
    handover = _Handover(limit)
    maker = threading.Thread(target=_make, args=(iter(items), handover, weight),
                             name="rashomon-read-ahead", daemon=True)
    maker.start()
    try:
        while True:
            item, error = handover.take()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        handover.stop()
        maker.join()


class _Handover:
    """The items made and not yet read, and their weight, under one lock."""

    def __init__(self, limit: int):
        self.limit = limit
        self.entries: deque[tuple[tuple, int]] = deque()
        self.held = 0
        self.stopped = False
        self.changed = threading.Condition()

    def give(self, entry: tuple, weight: int) -> bool:
        """Hand ``entry`` over once there is room (always, when none is waiting);
        False when the reader stopped first."""
        with self.changed:
            while self.entries and self.held + weight > self.limit and not self.stopped:
                self.changed.wait()  # until the reader takes one or stops
            if self.stopped:
                return False
            self.entries.append((entry, weight))
            self.held += weight
            self.changed.notify_all()
            return True

    def take(self) -> tuple:
        with self.changed:
            while not self.entries:
                self.changed.wait()
            entry, weight = self.entries.popleft()
            self.held -= weight
            self.changed.notify_all()
            return entry

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()


def _make(source: Iterator, handover: _Handover, weight: Callable) -> None:
    """The thread: every item of ``source`` handed over, then the end or the error."""
    try:
        for item in source:
            if not handover.give((item, None), weight(item)):
                return
        handover.give((_END, None), 0)
    except BaseException as exc:  # noqa: BLE001 -- the reader raises it, whatever it is
        handover.give((_END, exc), 0)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()  # a generator's own clean-up runs here, in the thread that ran it
