"""A long run's batches parsed in a process apart (apart.py, ``Settings.parse_process``)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rashomon import apart
from rashomon.apart import ParseProcessWarning, ParseServer, pack, unpack
from rashomon.ledger import Document
from rashomon.parse import load_parser, parse_pieces, parsed_texts
from rashomon.pipeline import Analysis, analyze_documents, analyze_paths
from rashomon.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FRENCH = ("fr", Settings().models["fr"], Settings().max_quote_chars)


@pytest.fixture
def server(monkeypatch):
    """A parsing process of this test's own, the one the pipeline uses, with the
    French parser loaded (so that the run's batches go to it from its second on)."""
    own = ParseServer()
    monkeypatch.setattr(apart, "_server", own)
    deadline = time.monotonic() + 120
    while not own.ready(FRENCH):
        assert time.monotonic() < deadline, "the parsing process did not load the French parser"
        time.sleep(0.05)
    yield own
    own.close()


@pytest.fixture
def submitted(monkeypatch):
    """The batches (their texts) the pipeline gives the parsing process."""
    texts: list[list[str]] = []
    real = ParseServer.submit

    def recording(self, key, batch):
        texts.append(batch)
        return real(self, key, batch)

    monkeypatch.setattr(ParseServer, "submit", recording)
    return texts


def french(n: int) -> list[Document]:
    return [Document(id=f"d{i}", lang="fr", published="2025-03-10T08:00:00Z",
                     text=f"Le ministère a affirmé que {i} drones ont été abattus au-dessus de Koursk.")
            for i in range(2, 2 + n)]


def test_a_docs_annotations_cross_to_another_process_whole():
    """What the stages read of a parsed piece (words, tags, tree, sentences, entities,
    quotations) is the same after ``pack`` and ``unpack``."""
    text = ('Le ministère russe de la Défense a déclaré : « 12 drones ont été abattus. '
            'Aucune victime. » Selon le gouverneur Alexandre Bogomaz, une maison a brûlé à Briansk.')
    here, _ = next(parsed_texts(FRENCH, [(text, None)]))
    there = unpack(*pack([here]), load_parser("fr", FRENCH[1], max_quote_chars=FRENCH[2]))[0]

    def annotations(doc):
        return ([(t.text, t.whitespace_, t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_, t.head.i, t.norm_)
                 for t in doc], [s.start for s in doc.sents], [(e.start, e.end, e.label_) for e in doc.ents],
                [(q.start, q.end) for q in doc._.quotes])

    assert annotations(there) == annotations(here)
    assert there.vocab is here.vocab


def test_a_long_run_goes_to_the_process_and_the_ledger_is_the_same(server, submitted):
    with_process = analyze_paths([EXAMPLES], analysis=Analysis(settings=Settings(batch_size=2)))
    here = analyze_paths([EXAMPLES], analysis=Analysis(settings=Settings(batch_size=2, parse_process=False)))
    assert submitted, "no batch went to the parsing process"
    assert with_process.claims and with_process.to_json() == here.to_json()


def test_the_first_batch_is_parsed_here_and_the_next_ones_apart(server, submitted):
    documents = french(6)
    pieces = list(parse_pieces(documents, settings=Settings(batch_size=2)))
    assert [document.id for document, _ in pieces] == [d.id for d in documents]
    assert submitted == [[d.text for d in documents[2:4]], [d.text for d in documents[4:6]]]
    assert [doc._.doc_id for _, doc in pieces] == [d.id for d in documents]


def test_without_the_setting_nothing_goes_apart(server, submitted):
    ledger = analyze_documents(french(6), analysis=Analysis(settings=Settings(batch_size=2, parse_process=False)))
    assert len(ledger.claims) == 6 and submitted == []


@pytest.mark.parametrize("batches, started", [(1, False), (2, False), (3, True)])
def test_a_process_starts_for_a_run_of_more_than_two_batches(batches, started):
    """A first result (one short document), a short command, never wait for a second
    process; a run with a third batch to parse starts one."""
    program = ("import rashomon.apart as apart; from rashomon import analyze_documents, Analysis, Document; "
               "from rashomon.settings import Settings; "
               f"documents = [Document(id=f'd{{n}}', lang='fr', text=f'Le ministère a affirmé que {{n}} drones "
               f"ont été abattus.') for n in range(2, {2 + batches})]; "
               "ledger = analyze_documents(documents, analysis=Analysis(settings=Settings(batch_size=1))); "
               "print(len(ledger.claims), apart.parse_server(start=False) is not None)")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == [str(batches), str(started)], done.stderr


def test_a_process_lost_in_the_middle_of_a_run_loses_nothing(server, monkeypatch):
    real = ParseServer.submit

    def submit_then_die(self, key, texts):
        ticket = real(self, key, texts)
        self.process.kill()
        self.process.wait()
        return ticket

    monkeypatch.setattr(ParseServer, "submit", submit_then_die)
    expected = analyze_documents(french(8), analysis=Analysis(settings=Settings(batch_size=2, parse_process=False)))
    with pytest.warns(ParseProcessWarning, match="W018"):
        ledger = analyze_documents(french(8), analysis=Analysis(settings=Settings(batch_size=2)))
    assert server.lost
    assert ledger.to_json() == expected.to_json()
    assert apart.parse_server() is None  # the rest of the process parses here


def test_a_batch_the_process_cannot_parse_comes_back_as_none(server):
    """The caller then parses it here, which raises the parser's own error."""
    ticket = server.submit(("xx", "spacy:no_such_model", 2000), ["Un texte."])
    assert server.result(ticket) is None
    ticket = server.submit(FRENCH, ["Un texte."])
    assert server.result(ticket) is not None  # the process goes on


def test_a_run_that_stops_early_leaves_no_answer_behind(server, submitted):
    settings = Settings(batch_size=2)
    stream = parse_pieces(french(10), settings=settings)
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert submitted and len(first) == 3
    again = list(parse_pieces(french(10), settings=settings))
    assert [doc.text for _, doc in again] == [d.text for d in french(10)]
    assert not server.waiting and not server.kept


def test_a_process_still_loading_a_parser_does_not_keep_this_one_waiting():
    """At the end of a short run the process may be loading a model still (1-3 s)."""
    loading = ParseServer()
    assert not loading.ready(FRENCH)  # asked to load it
    started = time.monotonic()
    loading.close()
    assert loading.process.poll() is not None
    assert time.monotonic() - started < 1.0


def test_batches_bigger_than_a_pipe_go_both_ways_at_once(server):
    """A batch's Docs coming back while the next batch's texts go out, each more than
    a pipe holds (64 KiB), must not leave each process waiting for the other to read."""
    words = LONG
    texts = ["Abc " * 60_000]  # 240 KiB to send, for a parser that fails at once
    done = []

    def both():
        first = server.submit(FRENCH, [words])
        second = server.submit(("xx", "spacy:no_such_model", 2000), texts)
        done.extend([server.result(first) is not None, server.result(second) is None])

    exchange = threading.Thread(target=both, daemon=True)
    exchange.start()
    exchange.join(timeout=120)
    assert not exchange.is_alive(), "the two processes wait for each other"
    assert done == [True, True]


LONG = " ".join(f"Le{n} ministère{n} a{n} dit{n}." for n in range(1_500))  # Docs of ~180 KiB


def cpu_seconds(process: subprocess.Popen) -> float:
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def until_idle(process: subprocess.Popen) -> None:
    """Wait until the process has done with what it was given (its CPU time stands still)."""
    deadline, last = time.monotonic() + 120, -1.0
    while (now := cpu_seconds(process)) != last:
        assert time.monotonic() < deadline, "the parsing process did not go idle"
        last = now
        time.sleep(0.5)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc (Linux)")
def test_the_process_parses_the_next_batch_while_an_answer_waits_to_be_read(server):
    """A batch's Docs are more than a pipe holds: the process must not wait for this one
    to read them before it parses the next batch."""
    first, second = server.submit(FRENCH, [LONG]), server.submit(FRENCH, [LONG.replace("dit", "vu")])
    until_idle(server.process)  # both parsed, or the first's answer stuck in the pipe
    assert server.result(first) is not None
    deadline = time.monotonic() + 0.3  # the second's answer is on its way, not its parse
    while not server.has(second):
        assert time.monotonic() < deadline, "the process parsed nothing while its answer waited"
        time.sleep(0.01)
    assert server.result(second) is not None


def test_a_batch_the_process_has_not_begun_can_be_taken_back(server):
    """Taken back, it is not answered: this process parses it itself."""
    long, short = server.submit(FRENCH, [LONG]), server.submit(FRENCH, ["Un texte."])
    assert server.take_back(short)
    assert server.result(long) is not None
    after = server.submit(FRENCH, ["Un autre texte."])
    assert server.result(after) is not None
    assert server.result(short) is None and not server.waiting and not server.kept


def test_a_batch_begun_or_answered_is_not_taken_back(server):
    begun = server.submit(FRENCH, [LONG])
    time.sleep(0.5)  # the process begins a batch as soon as it comes, when it has nothing else
    assert not server.take_back(begun)
    assert server.result(begun) is not None
    assert not server.take_back(begun)  # answered


def test_a_long_run_takes_back_batches_and_the_ledger_is_the_same(server, monkeypatch):
    """This process parses a later batch while it waits for the process's: the one the
    process has not begun, if it has another to give it instead."""
    taken = []
    real = ParseServer.take_back

    def recording(self, ticket):
        taken.append(real(self, ticket))
        return taken[-1]

    monkeypatch.setattr(ParseServer, "take_back", recording)
    documents = [Document(id=f"d{n}", lang="fr", published="2025-03-10T08:00:00Z",
                          text=f"Le ministère a affirmé que {n} drones ont été abattus au-dessus de Koursk. "
                          + LONG[:len(LONG) // 5])
                 for n in range(2, 14)]
    ledger = analyze_documents(documents, analysis=Analysis(settings=Settings(batch_size=1)))
    here = analyze_documents(documents, analysis=Analysis(settings=Settings(batch_size=1, parse_process=False)))
    assert True in taken, "no batch was taken back"
    assert ledger.to_json() == here.to_json()
    assert not server.waiting and not server.kept


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_the_command_line_can_keep_the_parse_in_one_process(command, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from rashomon import cli

    seen = []
    real = cli.make_analysis

    def recording(*args, **kwargs):
        analysis = real(*args, **kwargs)
        seen.append(analysis.settings.parse_process)
        return analysis

    monkeypatch.setattr(cli, "make_analysis", recording)
    where = ["--json", str(tmp_path / "ledger.json")] if command == "analyze" else ["--db", f"sqlite:///{tmp_path}/s.db"]
    for flag in ("--one-process", "--parse-process"):
        done = CliRunner().invoke(cli.app, [command, str(EXAMPLES / "2025-03-10-communique-mod.md"), "--quiet",
                                            *where, flag])
        assert done.exit_code == 0, done.output
    assert seen == [False, True]
