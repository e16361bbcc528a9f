"""Nothing a source sends can stop the archive.

The hostile inputs of issue 14 as tests: characters no report means to say,
values out of range, documents that make a stage fail, and fuzz targets that throw
random bytes, random Unicode, random JSON shapes, Telegram exports and feeds at
``read`` and at the whole pipeline. Each fuzz target runs 2,000 examples with a
fixed seed and replays the examples kept in ``tests/hypothesis-examples``
(``tests/fuzzing.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import fuzz
from rashomon.ledger import Document, DocumentError
from rashomon.pipeline import Analysis, analyze_documents, analyze_each, analyze_paths
from rashomon.read import READERS, clean_text, read_paths
from rashomon.report import schema_problems
from rashomon.settings import Settings

UNWANTED = ["\x00", "\x07", "\x1b", "\x9f", "\ud800", "\udfff", "\u200b", "\u200c", "\u00ad",
            "\u202e", "\u2066", "\u200f"]


def write_jsonl(path: Path, *records) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def read(*paths):
    run = read_paths(paths)
    items = list(run)
    return items, run.warnings


def is_clean(text: str) -> bool:
    return not any(ch in text for ch in UNWANTED)


# --- cleaning at the door --------------------------------------------------------------


def test_a_nul_and_a_lone_surrogate_in_a_record_are_cleaned_and_counted(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", {"id": "a\u0000", "text": "Douze\u0000 drones \ud800 abattus."})
    [document], warnings = read(path)
    assert (document.id, document.text) == ("a", "Douze drones \ufffd abattus.")
    assert warnings[0].startswith("[W008]") and "2 control character(s) removed" in warnings[0]
    assert "1 lone surrogate(s) replaced by U+FFFD" in warnings[0]


def test_invisible_characters_inside_words_no_longer_break_them(analyze_fr, tmp_path):
    text = ("Le minis\u00adtère russe de la Défense a affirmé que dou\u200cze drones ukrainiens "
            "avaient été abattus au-dessus de la région de Koursk\u202e.")
    path = write_jsonl(tmp_path / "wire.jsonl", {"id": "a", "text": text, "lang": "fr",
                                                 "published": "2025-03-10T08:00:00Z"})
    [document], _ = read(path)
    ledger = analyze_fr(document.text)
    [claim] = [c for c in ledger.claims if c.attributed]
    assert "ministère" in claim.source.name
    assert [(f.slot, f.value) for f in claim.facts if f.slot == "intercepted"] == [("intercepted", 12)]
    assert all(is_clean(str(f.value)) for f in claim.facts)


def test_every_span_points_into_the_cleaned_text(tmp_path):
    text = "Selon le ministère\u200b de la Défense, dou\u00adze drones ont été abattus au-dessus de Koursk."
    path = write_jsonl(tmp_path / "wire.jsonl", {"id": "a", "text": text, "lang": "fr"})
    ledger = analyze_paths([path], analysis=Analysis(settings=Settings(min_confidence=0.0)))
    [document] = ledger.documents
    assert is_clean(document.text)
    for claim in ledger.claims:
        assert document.text[claim.span[0]:claim.span[1]] == claim.text
        for fact in claim.facts:
            if fact.span:
                assert document.text[fact.span[0]:fact.span[1]] == fact.evidence


def test_a_stray_nul_byte_in_a_text_file_is_cleaned_but_a_binary_file_is_refused(tmp_path):
    text_file = tmp_path / "report.txt"
    text_file.write_bytes(("Le ministère a annoncé douze drones abattus. " * 40).encode() + b"\x00 fin.")
    picture = tmp_path / "photo.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    items, warnings = read(text_file, picture)
    assert [getattr(i, "id", None) or i.code for i in items] == ["report", "E003"]
    assert warnings[0].startswith("[W008]")


def test_an_id_too_long_for_the_store_is_refused_at_the_door(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", {"id": "x" * 5000, "text": "a"}, {"id": "b", "text": "b"})
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["E028", "b"]


def test_a_telegram_time_beyond_the_year_9999_fails_that_message_only(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "Канал", "messages": [
        {"id": 1, "type": "message", "text": "Сбиты восемь беспилотников.", "date_unixtime": "99999999999999999999"},
        {"id": 2, "type": "message", "text": "Сбиты два беспилотника.", "date_unixtime": "1741600000"},
    ]}), encoding="utf-8")
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["E017", "kanal-2"]
    assert "year" in items[0].message


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_time_that_leaves_the_calendar_in_utc_is_E009(tmp_path, published):
    path = write_jsonl(tmp_path / "wire.jsonl", {"id": "a", "text": "x", "published": published})
    [error], _ = read(path)
    assert error.code == "E009"


# --- no exception escapes a document ------------------------------------------------------


def test_a_reader_that_fails_is_that_files_error_and_the_run_goes_on(tmp_path, monkeypatch):
    def exploding(path, raw, *, settings):
        yield Document(id="first", text="Premier texte.", path=str(path))
        raise RuntimeError("the library fell over")

    monkeypatch.setitem(READERS, ".boom", exploding)
    (tmp_path / "a.boom").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Deuxième texte.", encoding="utf-8")
    items, _ = read(tmp_path / "a.boom", tmp_path / "b.txt")
    assert [getattr(i, "id", None) or i.code for i in items] == ["first", "E027", "b"]
    assert "read stage" in items[1].message and "the library fell over" in items[1].message


def test_a_stage_that_fails_on_one_document_fails_that_document_only(monkeypatch):
    from rashomon import frame

    real = frame.weapon_fact

    def fragile(content, *args, **kwargs):
        if "piège" in content.text:
            raise ValueError("no such slot")
        return real(content, *args, **kwargs)

    # a failure inside the frame stage (frame_content calls weapon_fact)
    monkeypatch.setattr(frame, "weapon_fact", fragile)
    documents = [Document(id=name, text=text, lang="fr", published="2025-03-10T08:00:00Z")
                 for name, text in (("a", "Le ministère a affirmé que deux drones ont été abattus."),
                                    ("b", "Le gouverneur a affirmé que le piège a fonctionné."),
                                    ("c", "L'armée a affirmé que trois drones ont été abattus."))]
    ledger = analyze_documents(documents)
    assert [d.id for d in ledger.documents] == ["a", "c"]
    [error] = ledger.errors
    assert error.code == "E027" and "frame stage" in error.message and "'b'" in error.message


def test_a_parser_that_fails_on_one_document_fails_that_document_only(monkeypatch):
    from rashomon import parse

    real = parse.chunk_text

    def fragile(text, **kwargs):
        if "piège" in text:
            raise MemoryError("the parser gave up")
        return real(text, **kwargs)

    monkeypatch.setattr(parse, "chunk_text", fragile)
    documents = [Document(id=name, text=text, lang="fr", published="2025-03-10T08:00:00Z")
                 for name, text in (("a", "Le ministère a affirmé que deux drones ont été abattus."),
                                    ("b", "Le piège."),
                                    ("c", "L'armée a affirmé que trois drones ont été abattus."))]
    ledger = analyze_documents(documents)
    assert [d.id for d in ledger.documents] == ["a", "c"]
    assert [(e.code, "parse stage" in e.message) for e in ledger.errors] == [("E027", True)]


def test_a_parser_that_fails_on_a_document_read_ahead_fails_that_document_only(monkeypatch):
    # batches gather documents of one language from further on: the culprit may be in
    # another language, several documents after the one the pipeline is on
    from rashomon import parse

    real = parse.chunk_text

    def fragile(text, **kwargs):
        if "trap" in text:
            raise MemoryError("the parser gave up")
        return real(text, **kwargs)

    monkeypatch.setattr(parse, "chunk_text", fragile)
    texts = {"fr": "Le ministère a affirmé que deux drones ont été abattus.",
             "en": "The ministry said two drones were shot down."}
    langs = ["fr", "en", "fr", "fr", "en", "fr", "en", "fr"]
    documents = [Document(id=f"d{i}", text=texts[lang], lang=lang, published="2025-03-10T08:00:00Z")
                 for i, lang in enumerate(langs)]
    documents[6] = Document(id="d6", text="The trap.", lang="en", published="2025-03-10T08:00:00Z")
    results = list(analyze_each(documents, analysis=Analysis()))
    assert [getattr(r, "code", None) or r.document.id for r in results] == [
        "d0", "d1", "d2", "d3", "d4", "d5", "E027", "d7"]
    assert "'d6'" in results[6].message and "parse stage" in results[6].message


def test_a_nul_in_a_record_reaches_postgresql_cleaned_and_later_documents_are_stored(postgres_url, tmp_path):
    from rashomon.store import Store

    path = write_jsonl(tmp_path / "wire.jsonl",
                       {"id": "nul\u0000id", "text": "Le ministère a affirmé que deux\u0000 drones ont été abattus.",
                        "lang": "fr"},
                       {"id": "after", "text": "L'armée a affirmé que trois drones ont été abattus.", "lang": "fr"})
    with Store.open(postgres_url) as store:
        for _ in range(2):  # run after run
            report = store.ingest([path])
            assert report.errors == []
        assert sorted(d.id for d in store.ledger().documents) == ["after", "nulid"]


# --- documents of several languages ---------------------------------------------------


FRENCH_WITH_RUSSIAN = (
    "Le ministère russe de la Défense a publié dimanche un communiqué sur la nuit. "
    "Минобороны России сообщило, что дежурные средства ПВО перехватили 15 украинских "
    "беспилотников над Курской областью. Kiev n'a pas commenté ces affirmations.")


def test_a_russian_sentence_inside_a_french_report_is_parsed_as_russian(analyze_fr):
    ledger = analyze_fr(FRENCH_WITH_RUSSIAN)
    [claim] = [c for c in ledger.claims if c.attributed]
    assert claim.source.name == "Минобороны России"
    assert ("intercepted", 15) in [(f.slot, f.value) for f in claim.facts]
    document = FRENCH_WITH_RUSSIAN
    assert document[claim.span[0]:claim.span[1]] == claim.text


def test_a_paragraph_in_another_language_is_a_run_of_its_own():
    from rashomon.language_runs import language_runs

    french = "Le ministère a publié dimanche un long communiqué sur la nuit de frappes dans la région."
    ukrainian = "Повітряні сили повідомили, що протягом ночі збито дванадцять ударних безпілотників."
    text = f"{french}\n\n{ukrainian}\n\n{french}"
    runs = language_runs(text, "fr", Settings())
    assert [r.lang for r in runs] == ["fr", "uk", "fr"]
    assert runs[0].start == 0 and runs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:]))
    assert text[runs[1].start:runs[1].end].strip() == ukrainian


@pytest.mark.parametrize("text", [
    "Le président a répondu « No comment » avant de quitter la salle de presse du Kremlin.",
    "Le porte-parole Dmitri Peskov a parlé de « спецоперация » et de la région de Koursk ce matin.",
    "Selon l'agence Reuters, the Pentagon declined to comment on the strike, a indiqué son correspondant.",
])
def test_a_name_or_a_short_quotation_never_moves_a_paragraph(text):
    from rashomon.language_runs import language_runs

    assert [r.lang for r in language_runs(text, "fr", Settings())] == ["fr"]


# --- fuzz: read --------------------------------------------------------------------------

# text with everything hostile a source may send: controls, surrogates, RTL and
# zero-width marks, combining marks, and words of the four languages
hostile_text = st.lists(
    st.one_of(
        st.characters(codec=None),  # any code point, surrogates included
        st.sampled_from(UNWANTED + ["\u0301", "\u0336", "«", "»", "—", ":", "\n", "\n\n"]),
        st.sampled_from(["drones ", "abattus ", "ministère ", "сбиты ", "заявил ", "said ", "заявив ",
                         "12 ", "douze "]),
    ),
    max_size=60,
).map("".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)

record_fields = st.fixed_dictionaries({}, optional={
    "id": st.one_of(hostile_text, st.integers(), st.floats()),
    "text": json_values, "lang": json_values, "publisher": json_values,
    "published": st.one_of(json_values, st.datetimes().map(lambda d: d.isoformat() + "+14:00")),
    "url": json_values, "title": json_values,
})

telegram_message = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.integers(), hostile_text, json_values),
    "type": st.one_of(st.just("message"), st.just("service"), json_values),
    "text": st.one_of(hostile_text, st.lists(st.one_of(
        hostile_text, st.fixed_dictionaries({"type": st.just("bold"), "text": json_values})), max_size=3)),
    "date_unixtime": st.one_of(st.integers(min_value=-2**70, max_value=2**70).map(str), json_values),
    "date": json_values,
})

telegram_export = st.one_of(
    st.fixed_dictionaries({"name": st.one_of(hostile_text, json_values),
                           "messages": st.one_of(st.lists(telegram_message, max_size=4), json_values)}),
    st.fixed_dictionaries({"chats": st.fixed_dictionaries({"list": st.lists(
        st.fixed_dictionaries({"name": hostile_text, "messages": st.lists(telegram_message, max_size=3)}),
        max_size=2)})}),
)


def feed(entries: list[dict]) -> str:
    items = "".join(
        "<item>" + "".join(f"<{tag}>{value}</{tag}>" for tag, value in entry.items()) + "</item>"
        for entry in entries)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'


xml_safe = st.text(st.characters(codec="utf-8", exclude_characters="<>&"), max_size=80)
feed_entry = st.fixed_dictionaries({}, optional={
    "title": xml_safe, "description": st.one_of(xml_safe, hostile_text.map(json.dumps)),
    "guid": xml_safe, "link": xml_safe, "pubDate": xml_safe,
})

file_bytes = st.one_of(
    st.binary(max_size=400),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(record_fields, max_size=4).map(lambda rs: "\n".join(json.dumps(r) for r in rs).encode()),
    telegram_export.map(lambda data: json.dumps(data).encode()),
    st.lists(feed_entry, max_size=4).map(lambda es: feed(es).encode("utf-8", "surrogatepass")),
    hostile_text.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode(
        "utf-8", "surrogatepass")),
)


def check_read(items, warnings, files: int) -> None:
    """No exception came out; each item is a document or an error; documents are
    clean, their ids unique and storable."""
    ids = set()
    for item in items:
        assert isinstance(item, (Document, DocumentError)), item
        if isinstance(item, Document):
            assert is_clean(item.text) and is_clean(item.id) and item.text.strip()
            assert item.id not in ids
            ids.add(item.id)
            item.text.encode("utf-8")  # storable: no lone surrogate left
        else:
            assert item.code[:1] == "E" and item.message.startswith(f"[{item.code}]")
    assert all(w.startswith("[W") for w in warnings)


@fuzz
@given(raw=file_bytes, suffix=st.sampled_from(sorted(READERS)))
def test_fuzz_read_never_raises_and_every_document_is_clean(tmp_path_factory, raw, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{suffix}"
    path.write_bytes(raw)
    items, warnings = read(path)
    check_read(items, warnings, 1)


@fuzz
@given(text=hostile_text)
def test_fuzz_cleaning_removes_every_unwanted_character_and_nothing_else(text):
    cleaned = clean_text(text)
    assert is_clean(cleaned)
    assert clean_text(cleaned) == cleaned  # once is enough
    kept = [ch for ch in text if ch not in UNWANTED and not ("\ud800" <= ch <= "\udfff")]
    assert len(cleaned) >= len([ch for ch in kept if ch.isalnum()])


# --- fuzz: the whole pipeline ------------------------------------------------------------

records = st.lists(
    st.fixed_dictionaries(
        {"text": hostile_text.filter(lambda t: t.strip())},
        optional={"lang": st.sampled_from(["fr", "en", "ru", "uk", "de", "xx"]),
                  "published": st.sampled_from(["2025-03-10T08:00:00Z", "2025-03-10", "yesterday"]),
                  "publisher": hostile_text},
    ),
    min_size=1, max_size=3,
)


@pytest.fixture(scope="module")
def everything():
    return Analysis(settings=Settings(min_confidence=0.0))


@fuzz
@given(batch=records)
def test_fuzz_pipeline_accounts_for_every_record_and_writes_a_valid_ledger(tmp_path_factory, everything, batch):
    folder = tmp_path_factory.mktemp("fuzz")
    lines = [json.dumps({"id": f"r{i}", **record}) for i, record in enumerate(batch)]
    (folder / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ledger = analyze_paths([folder], analysis=everything)
    # every record analysed or failed, none lost, none twice
    assert len(ledger.documents) + len(ledger.errors) == len(batch)
    assert len({d.id for d in ledger.documents}) == len(ledger.documents)
    assert schema_problems(ledger) == []
    for claim in ledger.claims:
        [document] = [d for d in ledger.documents if d.id == claim.doc]
        assert document.text[claim.span[0]:claim.span[1]] == claim.text


# --- on the command line ------------------------------------------------------------------


def test_a_lone_surrogate_in_a_jsonl_file_gives_a_report_not_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    source = tmp_path / "wire.jsonl"
    source.write_text('{"id": "a", "lang": "fr", "text": "Le ministère a affirmé que deux drones \\ud800 '
                      'ont été abattus."}\n{"id": "b", "lang": "fr", "text": "Deux drones abattus."}\n',
                      encoding="utf-8")
    out = tmp_path / "ledger.json"
    result = CliRunner().invoke(app, ["analyze", str(source), "--json", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "W008" in result.output and "2 of 2 documents analysed" in result.output
    ledger = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in ledger["documents"]] == ["a", "b"]
    assert "\ufffd" in ledger["documents"][0]["text"]


def test_a_text_of_nothing_but_invisible_characters_is_empty(tmp_path):
    # found by the read fuzz target: cleaning can leave nothing to analyse
    record = write_jsonl(tmp_path / "wire.jsonl", {"id": "a", "text": "\u200b\u00ad\u202e"}, {"id": "b", "text": "b"})
    page = tmp_path / "blank.txt"
    page.write_text("\u200b \u200c\n\u2066", encoding="utf-8")
    items, _ = read(record, page)
    assert [getattr(i, "id", None) or i.code for i in items] == ["E006", "b", "E004"]
