"""Rules propose, evidence decides: features, the shipped model and --min-confidence.

The model is trained by ``eval/real/train.py`` (never here); these tests check what a
user relies on: every claim and fact gets a confidence, the threshold filters
attributed claims and facts only, the features name no language, and a bad model
file is a coded error.
"""

from __future__ import annotations

import json
import re

import pytest

from rashomon.attribute.confidence import ConfidenceModel, ConfidenceModelError, LogisticScore, default_model
from rashomon.ledger import Document
from rashomon.pipeline import Analysis, analyze_documents
from rashomon.settings import Settings

TEXTS = {
    "en": "The governor said that five drones had been shot down. Two people were injured, he added.",
    "fr": "Le gouverneur a affirmé que cinq drones avaient été abattus. Deux personnes ont été blessées.",
    "ru": "Губернатор заявил, что были сбиты пять беспилотников. Пострадали два человека, добавил он.",
    "uk": "Губернатор заявив, що було збито п'ять дронів. Постраждали двоє людей, додав він.",
}
# what a feature may be named: the kinds of things features.py describes, never a word
FEATURE = re.compile(r"^[a-z_*0-9.]+(=[A-Za-z0-9_*+<>\-.:?]+)?$")


def analyse(text: str, lang: str, **settings) -> list:
    analysis = Analysis(settings=Settings(**settings), keep_features=True)
    return analyze_documents([Document(id="d", text=text, lang=lang, publisher="Reuters")],
                             analysis=analysis).claims


def test_the_shipped_model_loads_with_a_threshold():
    model = default_model()
    assert model is not None
    assert 0 <= model.threshold <= 1
    assert model.claim.weights and model.publisher.weights and model.fact.weights
    assert model.card["train_cases"] and model.card["dev_cases"]


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_every_claim_and_scored_fact_has_a_confidence(lang):
    claims = analyse(TEXTS[lang], lang, min_confidence=0.0)
    assert claims
    for claim in claims:
        assert 0 <= claim.confidence <= 1
        for fact in claim.facts:
            assert fact.confidence is None or 0 <= fact.confidence <= 1
    assert any(f.confidence is not None for c in claims for f in c.facts)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_features_name_no_language(lang):
    """The same kinds of features for every language: no lemma, no word of the text."""
    for claim in analyse(TEXTS[lang], lang, min_confidence=0.0):
        names = list(claim.features) + [n for f in claim.facts for n in (f.features or {})]
        assert names and all(FEATURE.match(name) for name in names), names


@pytest.mark.parametrize("lang,text,infinitive", [
    ("en", "The minister promised to send more air defence systems.", 1.0),
    ("en", "The minister said that more systems would be sent.", 0.0),
    ("fr", "Le ministre a annoncé vouloir envoyer de nouveaux systèmes.", 1.0),
])
def test_an_intention_is_a_feature_of_its_own(lang, text, infinitive):
    """"promised to send" reports an intention, "said that" a statement: the corpora
    annotate the first differently by the publisher's kind, so the model may weigh it so."""
    claims = [c for c in analyse(text, lang, min_confidence=0.0) if c.attributed]
    assert [c.features["content_infinitive"] for c in claims] == [infinitive]
    assert f"publisher*infinitive=media*{int(infinitive)}" in claims[0].features  # Reuters


def test_min_confidence_filters_attributed_claims_and_facts_not_the_publishers_voice():
    everything = analyse(TEXTS["en"], "en", min_confidence=0.0)
    nothing = analyse(TEXTS["en"], "en", min_confidence=1.0)
    assert any(c.attributed for c in everything)
    assert not any(c.attributed for c in nothing)
    assert [c.text for c in nothing] == [c.text for c in everything if not c.attributed]
    assert not any(f.confidence is not None for c in nothing for f in c.facts)


def test_the_default_is_the_models_threshold():
    model = default_model()
    claims = analyse(TEXTS["en"], "en")
    assert all(c.confidence >= model.threshold for c in claims if c.attributed)
    assert Analysis().min_confidence == model.threshold
    assert Analysis(confidence=None).min_confidence == 0.0


def test_without_a_model_nothing_is_scored_or_filtered():
    analysis = Analysis(confidence=None)
    claims = analyze_documents([Document(id="d", text=TEXTS["fr"], lang="fr")], analysis=analysis).claims
    assert claims and all(c.confidence is None for c in claims)
    assert all(f.confidence is None for c in claims for f in c.facts)


def test_a_logistic_score_is_a_probability():
    score = LogisticScore(intercept=-1.0, weights={"path=quote-incise": 3.0})
    assert score({"path=quote-incise": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -2.0), rel=1e-6)
    assert score({"unknown": 1.0}) < 0.5
    assert 0 < LogisticScore(1e6, {})({}) <= 1  # no overflow


def test_a_model_round_trips_through_json(tmp_path):
    model = default_model()
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    again = ConfidenceModel.read(path)
    assert again.threshold == model.threshold and again.claim == model.claim and again.fact == model.fact


@pytest.mark.parametrize("content", ["not json", '{"claim": {}}', '{"threshold": 0.5}'])
def test_a_bad_model_file_is_e026(tmp_path, content):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfidenceModelError, match=r"\[E026\]"):
        ConfidenceModel.read(path)
