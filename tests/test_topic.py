"""The cheap path: a document about no strike is recorded, not parsed (``topic``).

The test leans towards keeping: every document of every evaluation case, written or
shared, is about a strike by its words, so the cheap path cannot take a claim or a
fact from any of them; a feed's politics, sport and economy are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.ledger import Document, Ledger
from rashomon.pipeline import Analysis, analyze_documents
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.topic import OFF_TOPIC, TopicLexicon, about_a_strike
from rashomon.lang import load_language

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted(
    (ROOT.parent / "shared" / "eval").glob("*.case.json"))
SKIPPING = Analysis(settings=Settings(skip_off_topic=True))

ABOUT_A_STRIKE = {
    "fr": "Selon le ministère, la défense aérienne a abattu douze drones au-dessus de Briansk.",
    "en": "Two people were killed when a missile struck an apartment block in Dnipro, officials said.",
    "ru": "Дежурными средствами ПВО уничтожены восемь беспилотников над территорией Курской области.",
    "uk": "Унаслідок обстрілу Херсона поранено трьох людей, пошкоджено будинки.",
}
ABOUT_SOMETHING_ELSE = {
    "fr": "Le Parlement a adopté mardi la loi de finances après un long débat sur les retraites.",
    "en": "The striker scored twice as the home side's attack overwhelmed the visitors on Saturday.",
    "ru": "Медведев сломал ракетку в третьем сете и проиграл в четвертьфинале турнира.",
    "uk": "Національний банк залишив облікову ставку без змін, повідомили в регуляторі.",
}


def text_doc(doc_id: str, text: str, lang: str) -> Document:
    return Document(id=doc_id, text=text, lang=lang, published="2025-03-09T08:00:00+00:00")


def without_id(claim) -> dict:
    return {k: v for k, v in claim.to_json().items() if k != "id"}


@pytest.mark.parametrize("lang", sorted(ABOUT_A_STRIKE))
def test_a_report_of_a_strike_is_about_one_in_every_language(lang):
    relevance = about_a_strike(text_doc("a", ABOUT_A_STRIKE[lang], lang))
    assert relevance.on_topic, relevance.found


@pytest.mark.parametrize("lang", sorted(ABOUT_SOMETHING_ELSE))
def test_politics_sport_and_economy_are_not(lang):
    relevance = about_a_strike(text_doc("a", ABOUT_SOMETHING_ELSE[lang], lang))
    assert not relevance.on_topic, relevance.found


def test_a_word_with_an_everyday_sense_needs_a_second_category():
    assert not about_a_strike(text_doc("a", "A fire broke out in a restaurant kitchen.", "en"))
    assert about_a_strike(text_doc("a", "A fire broke out after the attack on the depot.", "en"))


def test_a_deciding_word_is_enough_and_terms_read_across_hyphens_and_inflections():
    found = about_a_strike(text_doc("a", "Air-defence units were on alert all night.", "en")).found
    assert found == {"interceptions": ["air defence"]}
    assert about_a_strike(text_doc("a", "Над регіоном працювали сили ППО.", "uk")).found == {"interceptions": ["ппо"]}


def test_each_word_of_a_term_is_a_beginning_so_inflected_phrases_match():
    lexicon = TopicLexicon([load_language("ru")])
    assert lexicon.relevance("Объявлена воздушной тревоги нет").found == {"weapons": ["воздушн тревог"]}


def test_war_news_without_a_weapon_is_kept_by_its_forces():
    """A ground assault names no weapon: its attacks and the army that makes them do."""
    text = "Российская пехота может начать наземные атаки в Запорожской области, заявил представитель ВСУ."
    assert about_a_strike(text_doc("a", text, "ru")).found == {"strikes": ["атак"], "forces": ["всу"]}


def test_a_short_term_is_read_as_a_whole_word_only():
    lexicon = TopicLexicon([load_language("en")])
    assert not lexicon.relevance("The uavailable ballroom.").found
    assert lexicon.relevance("A UAV crashed.").found == {"weapons": ["uav"]}


def test_a_word_that_only_begins_like_a_term_is_an_exception():
    lexicon = TopicLexicon([load_language("ru")])
    assert lexicon.relevance("Новая ракетка чемпиона").found == {}
    assert lexicon.relevance("Новая ракета").found == {"weapons": ["ракет"]}


def test_an_exception_of_several_words_covers_them_all():
    lexicon = TopicLexicon([load_language("ru")])
    assert lexicon.relevance("Хакерская атака на банк").found == {}
    assert lexicon.relevance("Атака на банк").found == {"strikes": ["атак"]}


def test_the_title_counts_with_the_text():
    document = Document(id="a", text="Les habitants ont été réveillés à 4 heures.", lang="fr",
                        title="Des drones au-dessus de Briansk")
    assert about_a_strike(document)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_document_of_every_evaluation_case_is_about_a_strike(case):
    """So that the cheap path leaves every case's claims and facts as they are."""
    documents = json.loads(case.read_text(encoding="utf-8"))["documents"]
    kept_out = [d["id"] for d in documents
                if not about_a_strike(Document(id=d["id"], text=d["text"], title=d.get("title")))]
    assert kept_out == []


def test_a_skipped_document_is_in_the_ledger_with_no_claims_in_the_order_given():
    documents = [text_doc(f"{lang}-{kind}", texts[lang], lang)
                 for lang in ("fr", "en") for kind, texts in (("else", ABOUT_SOMETHING_ELSE),
                                                              ("strike", ABOUT_A_STRIKE))]
    gated = analyze_documents(documents, analysis=SKIPPING)
    full = analyze_documents(documents)
    assert [(d.id, d.skipped) for d in gated.documents] == [
        (d.id, OFF_TOPIC if d.id.endswith("else") else None) for d in full.documents]
    assert {c.doc for c in gated.claims} == {"fr-strike", "en-strike"}
    # the documents analysed give what they give without the cheap path (numbered anew)
    assert [without_id(c) for c in gated.claims] == [without_id(c) for c in full.claims if c.doc.endswith("strike")]
    Ledger.from_json(gated.to_json())  # the ledger reads back, skipped marks and all


def test_the_cli_counts_the_skipped_documents_and_analyses_everything_unless_asked(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "budget.txt").write_text(ABOUT_SOMETHING_ELSE["fr"], encoding="utf-8")
    (folder / "briansk.txt").write_text(ABOUT_A_STRIKE["fr"], encoding="utf-8")
    runner = CliRunner()
    skipped = runner.invoke(app, ["analyze", str(folder), "--quiet", "--skip-off-topic",
                                  "--json", str(tmp_path / "gated.json")])
    assert skipped.exit_code == 0, skipped.output
    assert "1 of 2 documents analysed, 1 skipped as off-topic, 0 failed" in skipped.output
    ledger = json.loads((tmp_path / "gated.json").read_text(encoding="utf-8"))
    assert {d["id"]: d["skipped"] for d in ledger["documents"]} == {"budget": "off-topic", "briansk": None}
    everything = runner.invoke(app, ["analyze", str(folder), "--quiet"])
    assert "2 of 2 documents analysed, 0 failed" in everything.output


def test_ingest_stores_an_off_topic_document_unparsed_and_analyses_it_when_asked(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "budget.txt").write_text(ABOUT_SOMETHING_ELSE["uk"], encoding="utf-8")
    (folder / "kherson.txt").write_text(ABOUT_A_STRIKE["uk"], encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.output and "1 of them off-topic" in first.output
    with Store.open(db) as store:
        status = store.status()
        assert (status["documents"], status["off_topic_documents"]) == (2, 1)
        assert status["last_ingest"]["off_topic"] == 1
        stored = {d.id: d.skipped for d in store.ledger().documents}
        assert stored == {"budget": "off-topic", "kherson": None}
        claims_before = len(store.ledger().claims)
    # the same feed again: nothing new, the off-topic one stays as it is
    again = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert "2 unchanged" in again.output
    # asked to keep off-topic documents: the stored one gets its analysis, no new version
    kept = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet", "--keep-off-topic"])
    assert kept.exit_code == 0, kept.output
    with Store.open(db) as store:
        ledger = store.ledger()
        assert {d.id: d.skipped for d in ledger.documents} == {"budget": None, "kherson": None}
        assert store.status()["off_topic_documents"] == 0
        assert store.status()["last_ingest"]["now_analysed"] == 1
        assert store.status()["replaced_versions"] == 0
        assert len(ledger.claims) >= claims_before


def test_the_web_app_lists_off_topic_documents_apart_and_says_why_one_has_no_claims(tmp_path):
    from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    with Store.open(f"sqlite:///{tmp_path / 'store.db'}") as store, TestClient(create_app(store)) as client:
        store.ingest_documents([text_doc("budget", ABOUT_SOMETHING_ELSE["en"], "en"),
                                text_doc("dnipro", ABOUT_A_STRIKE["en"], "en")], analysis=SKIPPING)
        check_the_lists(client)


def check_the_lists(client) -> None:
    listed = client.get("/documents.json", params={"skipped": "off-topic"}).json()
    assert [d["id"] for d in listed["items"]] == ["budget"]
    page = client.get("/documents/")
    assert "not analysed: off-topic" in page.text and "Not analysed" in page.text
    assert "Not analysed: off-topic" in client.get("/documents/budget").text
