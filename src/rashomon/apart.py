"""Parse in a process apart: a long run's batches parsed by a second Python process.

The read-ahead thread (``ahead.py``) lets the stages read batch *k* while the parser
makes batch *k+1*, but the two share one interpreter lock: measured on English, about
a fifth of spaCy's parse lets the lock go when the stages want it, so the pipeline
reached 0.81 of the bare parse's throughput and could not pass it. In a process of its
own the parse has a core to itself. Sending the parsed Docs back costs little: a
``DocBin`` of 20,000 English words is 0.2 MB, made in 0.06 s and read in 0.02 s,
against 3 s of parsing.

``_GroupedPieces`` (parse.py) starts the server (``parse_server``) when a run has a
third batch of one language to parse: a run of one or two batches (a first result, a
test's, a short command) would be over before the server had loaded its parser, and
never pays for a second process. Until the server has loaded a language's parser
(``ParseServer.ready``), that language's batches are parsed here; then the server
parses the next batches while the stages read this one, and this process parses a
later batch when it would wait: the one the server holds but has not begun, taken
back (``ParseServer.take_back``), while the server is given the one after it. So
this process's batches come before the server's last, and their stages are not
left to run after it has ended.

The server is one per process, started once and kept until the process ends (its
models loaded once): a later run of the process uses it from its first batch. It is a
plain ``python -c`` calling ``main``, not a
``multiprocessing`` child: that would import the user's ``__main__`` again, and a
process of Dask's cannot have ``multiprocessing`` children. When the server cannot start,
or is lost, or its parser fails on a batch, the batch is parsed here instead, which
gives the same Docs, or raises the parser's own error with its own traceback (W018 says
when the server is lost). ``Settings.parse_process`` turns it off.
"""

from __future__ import annotations

import atexit
import os
import queue
import subprocess
import sys
import threading
import warnings
from itertools import count
from multiprocessing.connection import Connection
from typing import Any, Iterable

from spacy.tokens import Doc, DocBin

from .errors import Warnings

# the server's program (not ``-m rashomon.apart``, which would import this module twice:
# once with the package, once as ``__main__``)
SERVER = "import sys; from rashomon.apart import main; main(sys.argv[1:])"
# a parser as ``parse.load_parser`` takes it: (lang, spec, max_quote_chars)
ParserKey = tuple[str, str, int]

# what a parsed Doc carries back: every annotation the stages read (the extensions
# ``parse`` sets are sent beside it, or set again here)
DOC_ATTRS = ("ORTH", "NORM", "LEMMA", "POS", "TAG", "MORPH", "HEAD", "DEP", "SENT_START",
              "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")


class ParseProcessWarning(UserWarning):
    """The parsing process is lost: this process parses the rest itself."""


class ParseServer:
    """The parsing process (``python -c`` calling ``main``) and the two pipes to it.

    Batches are submitted (``submit``) and their Docs collected (``result``) by ticket:
    the server parses one batch after the other, in the order submitted, so a caller
    keeps it busy by submitting the next batches before it collects this one. One
    lock guards each exchange, so threads may share it."""

    def __init__(self) -> None:
        to_server, from_here = os.pipe()
        to_here, from_server = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(to_server), str(from_server)],
            pass_fds=(to_server, from_server), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=env)
        os.close(to_server)
        os.close(from_server)
        self.requests = Connection(from_here, readable=False)
        self.answers = Connection(to_here, writable=False)
        self.loaded: dict[ParserKey, bool] = {}  # asked for: loaded (True), or not yet or failed
        self.tickets = count()
        self.waiting: set[int] = set()  # submitted, answer not read yet
        self.kept: dict[int, tuple | None] = {}  # answers read while waiting for another's
        self.withdrawn: dict[int, bool] = {}  # answers to ``take_back``, read: whether taken
        self.lost = False
        self.lock = threading.Lock()

    def ready(self, key: ParserKey) -> bool:
        """Whether the server has ``key``'s parser; it is asked to load it, the first
        time, and this returns False until it has (without waiting)."""
        with self.lock:
            if self.lost:
                return False
            if key not in self.loaded:
                self.loaded[key] = False
                self._send(("load", key))
            while self._waiting_answer():
                self._read()
            return not self.lost and self.loaded[key]

    def submit(self, key: ParserKey, texts: list[str]) -> int | None:
        """Ask for ``texts`` parsed by ``key``'s parser: the ticket to collect them with
        (``result``), or None when the server is lost."""
        with self.lock:
            ticket = next(self.tickets)
            self._send(("parse", ticket, key, texts))
            if self.lost:
                return None
            self.waiting.add(ticket)
            return ticket

    def has(self, ticket: int) -> bool:
        """Whether a submitted batch's answer is here (without waiting)."""
        with self.lock:
            while ticket not in self.kept and self._waiting_answer():
                self._read()
            return ticket in self.kept or self.lost

    def result(self, ticket: int) -> tuple[bytes, list[list[tuple[int, int]]]] | None:
        """A submitted batch's Docs (``pack``), waiting for them; None when the server
        failed on it (lost, or its parser raised) or will not answer it (taken back,
        forgotten)."""
        with self.lock:
            while ticket not in self.kept and ticket in self.waiting and not self.lost:
                self._read()
            return self.kept.pop(ticket, None)

    def take_back(self, ticket: int) -> bool:
        """Ask for a submitted batch not to be parsed: whether the server had not begun
        it (then it is not answered, and the caller parses it). The server answers at
        once, from the thread that reads the requests, whatever it is parsing."""
        with self.lock:
            if self.lost or ticket not in self.waiting:
                return False
            self._send(("take back", ticket))
            while ticket not in self.withdrawn and not self.lost:
                self._read()
            return self.withdrawn.pop(ticket, False)

    def forget(self, tickets: Iterable[int]) -> None:
        """Tickets that will not be collected (their run ended early): their answers
        are dropped as they come."""
        with self.lock:
            for ticket in tickets:
                self.waiting.discard(ticket)
                self.kept.pop(ticket, None)

    def _send(self, request: tuple) -> None:
        try:
            self.requests.send(request)
        except OSError:
            self._lose()

    def _waiting_answer(self) -> bool:
        """Whether an answer (or the end of the pipe) can be read without waiting."""
        try:
            return not self.lost and self.answers.poll()
        except OSError:
            self._lose()
            return False

    def _read(self) -> None:
        try:
            answer = self.answers.recv()
        except (OSError, EOFError):
            self._lose()
            return
        if answer[0] == "loaded":
            self.loaded[answer[1]] = answer[2]
        elif answer[0] == "taken back":  # ("taken back", ticket, whether it was)
            self.withdrawn[answer[1]] = answer[2]
            if answer[2]:
                self.waiting.discard(answer[1])
        elif answer[1] in self.waiting:  # ("parsed", ticket, data, quotes) or ("failed", ticket)
            self.waiting.discard(answer[1])
            self.kept[answer[1]] = answer[2:] if answer[0] == "parsed" else None

    def _lose(self) -> None:
        if not self.lost:
            warnings.warn(Warnings.W018.format(code=self.process.poll()), ParseProcessWarning, stacklevel=4)
        self.lost = True
        self.waiting.clear()

    def close(self) -> None:
        """End the server: it holds nothing to keep, and a server still loading a model
        would keep this process from ending until it has."""
        for connection in (self.requests, self.answers):
            connection.close()
        self.process.terminate()
        self.process.wait()


_server: ParseServer | None = None
_server_lock = threading.Lock()
_failed_to_start = False


def parse_server(*, start: bool = True) -> ParseServer | None:
    """The process's parse server, started the first time unless ``start`` is False;
    None if there is none, or it cannot start, or it was lost."""
    global _server, _failed_to_start
    with _server_lock:
        if _server is None and start and not _failed_to_start:
            try:
                _server = ParseServer()
            except (OSError, ValueError) as error:  # ValueError: no pass_fds (Windows)
                _failed_to_start = True
                warnings.warn(Warnings.W018.format(code=error), ParseProcessWarning, stacklevel=2)
                return None
            atexit.register(_server.close)
        return None if _server is None or _server.lost else _server


def pack(docs: list[Doc]) -> tuple[bytes, list[list[tuple[int, int]]]]:
    """Parsed Docs as the server sends them: a ``DocBin`` and their quotations' spans."""
    docbin = DocBin(attrs=DOC_ATTRS, store_user_data=False)
    for doc in docs:
        docbin.add(doc)
    return docbin.to_bytes(), [[(span.start, span.end) for span in doc._.quotes] for doc in docs]


def unpack(data: bytes, quotes: list[list[tuple[int, int]]], parser: Any) -> list[Doc]:
    """The server's Docs again, in this process's vocabulary of ``parser``'s language,
    with what ``parser`` sets on a Doc of its own (``adopt``)."""
    docs = list(DocBin().from_bytes(data).get_docs(parser.vocab))
    for doc, spans in zip(docs, quotes):
        doc._.quotes = [doc[start:end] for start, end in spans]
        parser.adopt(doc)
    return docs


def serve(requests: Connection, answers: Connection) -> None:
    """The server's loop: load a parser, or parse a batch with it, until the
    requests end.

    A thread of its own reads the requests as they come, and another writes the
    answers: a batch's texts (up to ``Settings.batch_chars`` characters) and a batch's
    Docs are each more than a pipe holds. With one thread the server could be writing
    Docs the other process does not read yet, because it is writing texts the server
    does not read yet; and while it wrote a batch's Docs it parsed nothing until the
    other process came to read them (0.3-0.4 s of an English run of 50 articles, the
    other process busy with the stages)."""
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    desk = _Desk(outbox)
    threading.Thread(target=_read_requests, args=(requests, desk), daemon=True,
                     name="rashomon-apart-requests").start()
    writer = threading.Thread(target=_write_answers, args=(answers, outbox), daemon=True,
                              name="rashomon-apart-answers")
    writer.start()
    while (request := desk.next()) is not None and writer.is_alive():
        outbox.put(_answer(request))
    outbox.put(None)
    writer.join()


class _Desk:
    """The server's requests, in the order they came, until it begins each; until
    then a batch may be taken back (``ParseServer.take_back``): the other process
    parses it itself when it would wait, and gives this one a later batch instead."""

    def __init__(self, outbox: queue.SimpleQueue):
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.outbox = outbox
        self.lock = threading.Lock()
        self.begun = -1  # the last ticket begun: tickets are numbered in the order sent
        self.withdrawn: set[int] = set()

    def put(self, request: tuple | None) -> None:
        """A request as it comes (None: there will be no more)."""
        if request is not None and request[0] == "take back":
            with self.lock:
                ticket = request[1]
                taken = ticket > self.begun
                if taken:
                    self.withdrawn.add(ticket)
            self.outbox.put(("taken back", ticket, taken))
        else:
            self.inbox.put(request)

    def next(self) -> tuple | None:
        """The next request to answer, skipping the batches taken back."""
        while (request := self.inbox.get()) is not None:
            if request[0] != "parse":
                return request
            with self.lock:
                if request[1] in self.withdrawn:
                    self.withdrawn.discard(request[1])
                    continue
                self.begun = request[1]
            return request
        return None


def _answer(request: tuple) -> tuple:
    from .parse import UnsupportedLanguage, load_parser, parsed_texts  # (parse imports this module)

    if request[0] == "load":
        key = request[1]
        try:
            load_parser(key[0], key[1], max_quote_chars=key[2])
        except UnsupportedLanguage:
            return "loaded", key, False
        return "loaded", key, True
    _, ticket, key, texts = request
    try:
        return ("parsed", ticket, *pack([doc for doc, _ in parsed_texts(key, ((text, None) for text in texts))]))
    except Exception:  # noqa: BLE001 -- parsed again by the caller, which raises it
        return "failed", ticket


def _read_requests(requests: Connection, desk: _Desk) -> None:
    try:
        while True:
            desk.put(requests.recv())
    except (EOFError, OSError):
        desk.put(None)  # the other process let go: the end


def _write_answers(answers: Connection, outbox: queue.SimpleQueue) -> None:
    try:
        while (answer := outbox.get()) is not None:
            answers.send(answer)
    except OSError:  # the other process let go while this one answered
        return


def collect(server: ParseServer, ticket: int, parser: Any) -> list[Doc] | None:
    """A submitted batch's Docs in this process, or None when the server failed on it."""
    answer = server.result(ticket)
    return None if answer is None else unpack(*answer, parser)


def main(arguments: Iterable[str]) -> None:
    read_from, write_to = (int(fd) for fd in arguments)
    serve(Connection(read_from, writable=False), Connection(write_to, readable=False))

