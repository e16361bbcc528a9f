"""The generated day of ``bench/feed.py``: what the GDELT-scale benchmark feeds the
cheap path is what it says it is. Only the generator is used here; nothing is timed
(the benchmark times, by hand, when it matters).
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

import pytest

from rashomon.topic import about_a_strike

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def feed():
    spec = importlib.util.spec_from_file_location("bench_feed", ROOT / "bench" / "feed.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_feed"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def day(feed):
    return feed.Day(100_000, seed=4, strike_share=0.07)


@pytest.fixture(scope="module")
def sample(day):
    return day.sample(1000)


def test_the_same_seed_gives_the_same_articles_and_another_seed_others(feed):
    first, again, other = feed.Day(500, seed=9), feed.Day(500, seed=9), feed.Day(500, seed=10)
    for index in (0, 17, 499):
        assert first.article(index) == again.article(index)
    assert [a.document.text for a in first.sample(40)] == [a.document.text for a in again.sample(40)]
    assert first.article(17).document.text != other.article(17).document.text


def test_no_two_articles_of_a_day_are_alike(sample):
    texts = [article.document.text for article in sample]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("share", [0.05, 0.07, 0.10])
def test_the_share_about_a_strike_is_the_one_asked_for(feed, share):
    day = feed.Day(500, seed=2, strike_share=share)
    strikes = sum(article.strike for article in day)
    assert abs(strikes / len(day) - share) <= 0.01


def test_a_sample_keeps_the_share_within_a_point(sample):
    assert abs(sum(a.strike for a in sample) / len(sample) - 0.07) <= 0.01


def test_all_four_languages_are_in_the_feed_in_about_their_shares(feed, sample):
    counts = {lang: sum(a.document.lang == lang for a in sample) for lang in feed.LANGS}
    for lang, share in feed.LANGS.items():
        assert abs(counts[lang] / len(sample) - share) < 0.05, counts
    strike_langs = {a.document.lang for a in sample if a.strike}
    assert strike_langs == set(feed.LANGS)


def test_lengths_run_from_wire_items_to_long_features(sample):
    words = [article.words for article in sample]
    assert min(words) >= 80
    assert max(words) <= 1650
    assert 500 <= statistics.mean(words) <= 750
    assert sum(w < 250 for w in words) > len(words) / 10
    assert sum(w > 900 for w in words) > len(words) / 10


def test_every_topic_and_kind_of_paragraph_turns_up(feed, sample):
    topics = {article.topic for article in sample}
    assert topics == set(feed.TOPICS) | {"strike"}
    kinds = {kind for article in sample for kind in article.kinds}
    assert kinds == {"plain", "everyday", "near"}


def test_every_strike_article_is_kept_by_the_gate(sample):
    strikes = [article for article in sample if article.strike]
    assert strikes
    assert [a.document.id for a in strikes if not about_a_strike(a.document)] == []


def test_the_gate_skips_at_least_95_percent_of_the_rest(sample):
    others = [article for article in sample if not article.strike]
    kept = [a for a in others if about_a_strike(a.document)]
    assert len(kept) / len(others) <= 0.05
    # plain politics, sport, economy... never name a strike's words
    assert [a.document.id for a in kept if a.kinds == ("plain",)] == []
