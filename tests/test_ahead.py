"""The parse made ahead of the stages in a thread (ahead.py, ``Settings.parse_ahead``)."""

from __future__ import annotations

import threading
import time
import traceback
from pathlib import Path

import pytest

from rashomon.ahead import read_ahead
from rashomon.ledger import Document
from rashomon.pipeline import Analysis, analyze_documents, analyze_paths
from rashomon.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def makers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "rashomon-read-ahead"}


@pytest.fixture
def no_thread_left():
    """Fails the test if a read-ahead thread it started is still alive at its end."""
    before = makers()
    yield
    assert not makers() - before


def test_the_items_come_in_their_order_made_in_another_thread(no_thread_left):
    made_in = set()

    def numbers():
        for n in range(100):
            made_in.add(threading.get_ident())
            yield n

    assert list(read_ahead(numbers(), limit=3)) == list(range(100))
    assert made_in and threading.get_ident() not in made_in


def test_the_thread_runs_no_further_ahead_than_the_limit():
    made = []

    def numbers():
        for n in range(50):
            made.append(n)
            yield n

    farthest = 0
    for read, _ in enumerate(read_ahead(numbers(), limit=4), start=1):
        time.sleep(0.002)  # a slow reader: the thread could run far ahead
        farthest = max(farthest, len(made) - read)
    # the four handed over, and the one the thread holds while it waits for room
    assert 0 < farthest <= 4 + 1


def test_the_limit_counts_the_items_weight_and_a_heavy_item_still_passes_alone():
    weights = [3, 3, 3, 50, 1, 1, 1, 1, 2, 5]
    made = []

    def pieces():
        for w in weights:
            made.append(w)
            yield w

    got = []
    for item in read_ahead(pieces(), limit=7, weight=lambda w: w):
        time.sleep(0.01)  # a slow reader: the thread fills what room there is
        got.append(item)
        unread = list(made)[len(got):]
        handed = unread[:-1]  # the last made may still wait for room
        assert sum(handed) <= 7 or len(handed) == 1
    assert got == weights


def test_an_error_comes_in_its_place_with_its_own_traceback(no_thread_left):
    def failing():
        yield "first"
        yield "second"
        raise MemoryError("the parser gave up")

    stream = read_ahead(failing(), limit=8)
    assert next(stream) == "first"
    assert next(stream) == "second"
    with pytest.raises(MemoryError, match="the parser gave up") as raised:
        next(stream)
    assert "failing" in [frame.name for frame in traceback.extract_tb(raised.value.__traceback__)]


def test_a_reader_that_stops_early_stops_the_thread_and_the_source_cleans_up_there():
    before = makers()
    cleaned_in = []

    def endless():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            cleaned_in.append(threading.get_ident())

    stream = read_ahead(endless(), limit=2)
    assert [next(stream) for _ in range(5)] == [0, 1, 2, 3, 4]
    stream.close()
    assert not makers() - before  # close waited for the thread
    assert cleaned_in and cleaned_in[0] != threading.get_ident()


@pytest.fixture
def parsing_threads(monkeypatch):
    """The threads the parsers run in."""
    from rashomon import parse

    threads: set[int] = set()
    real = parse.load_parser

    class Recording:
        def __init__(self, parser):
            self.parser = parser

        def pipe(self, items, **options):
            threads.add(threading.get_ident())
            return self.parser.pipe(items, **options)

    monkeypatch.setattr(parse, "load_parser", lambda lang, spec, **kw: Recording(real(lang, spec, **kw)))
    return threads


@pytest.mark.parametrize("ahead", [True, False])
def test_the_pipeline_parses_in_a_thread_of_its_own_unless_told_not_to(parsing_threads, ahead, no_thread_left):
    documents = [Document(id=f"d{n}", lang="fr", published="2025-03-10T08:00:00Z",
                          text=f"Le ministère a affirmé que {n} drones ont été abattus.") for n in range(2, 6)]
    settings = Settings(parse_ahead=ahead, parse_process=False, batch_size=2)  # not in a process apart
    ledger = analyze_documents(documents, analysis=Analysis(settings=settings))
    assert len(ledger.claims) == 4
    assert (threading.get_ident() in parsing_threads) is not ahead


def test_the_ledger_is_the_same_with_the_parse_ahead_and_without():
    ahead = analyze_paths([EXAMPLES], analysis=Analysis(settings=Settings(parse_ahead=True, batch_size=2)))
    alone = analyze_paths([EXAMPLES], analysis=Analysis(settings=Settings(parse_ahead=False, batch_size=2)))
    assert ahead.claims and ahead.to_json() == alone.to_json()
