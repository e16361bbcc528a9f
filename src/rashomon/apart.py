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
parses the next batches while the stages read this one, and this process parses the
batch after them when it would wait.

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
        failed on it (lost, or its parser raised)."""
        with self.lock:
            while ticket not in self.kept and not self.lost:
                self._read()
            return self.kept.pop(ticket, None)

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

    A thread of its own reads the requests as they come: a batch's texts (up to
    ``Settings.batch_chars`` characters) and a batch's Docs are each more than a pipe
    holds, and with one thread the server could be writing Docs the other process does
    not read yet, because it is writing texts the server does not read yet."""
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_requests, args=(requests, inbox), daemon=True,
                     name="rashomon-apart-requests").start()
    try:
        while (request := inbox.get()) is not None:
            answers.send(_answer(request))
    except OSError:  # the other process let go while this one answered
        return


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


def _read_requests(requests: Connection, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            inbox.put(requests.recv())
    except (EOFError, OSError):
        inbox.put(None)  # the other process let go: the end


def collect(server: ParseServer, ticket: int, parser: Any) -> list[Doc] | None:
    """A submitted batch's Docs in this process, or None when the server failed on it."""
    answer = server.result(ticket)
    return None if answer is None else unpack(*answer, parser)


def main(arguments: Iterable[str]) -> None:
    read_from, write_to = (int(fd) for fd in arguments)
    serve(Connection(read_from, writable=False), Connection(write_to, readable=False))

