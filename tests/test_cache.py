"""The gazetteer and the source registry, built once and kept on disk (cache.py)."""

from __future__ import annotations

import shutil
import warnings

import pytest

from rashomon import cache, resolve, sources
from rashomon.cache import CACHE_DIR_VARIABLE, CacheWarning
from rashomon.resolve import GAZETTEER_FILE, Gazetteer, cached_gazetteer
from rashomon.sources import SourceRegistry


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch):
    """How many times a gazetteer was built from its files."""
    count = {"gazetteer": 0, "registry": 0}
    load_gazetteer, load_registry = Gazetteer.load.__func__, SourceRegistry.load.__func__

    def gazetteer(cls, *args, **kwargs):
        count["gazetteer"] += 1
        return load_gazetteer(cls, *args, **kwargs)

    def registry(cls, *args, **kwargs):
        count["registry"] += 1
        return load_registry(cls, *args, **kwargs)

    monkeypatch.setattr(Gazetteer, "load", classmethod(gazetteer))
    monkeypatch.setattr(SourceRegistry, "load", classmethod(registry))
    return count


@pytest.fixture
def facilities(tmp_path):
    """A copy of the gazetteer's data file, to change."""
    path = tmp_path / "facilities.yaml"
    shutil.copy(GAZETTEER_FILE, path)
    return path


def test_the_gazetteer_is_built_once_then_read_from_the_cache_folder(cache_folder, builds, facilities):
    first = cached_gazetteer(facilities)
    assert builds["gazetteer"] == 1
    assert [p.name for p in cache_folder.glob("gazetteer-*.pickle")]
    second = cached_gazetteer(facilities)
    assert builds["gazetteer"] == 1
    assert second.places == first.places and second.names == first.names
    assert second.geocode("Novozybkov").key == first.geocode("Novozybkov").key


def test_a_changed_data_file_builds_the_gazetteer_again_beside_the_old_file(
        cache_folder, builds, facilities):
    cached_gazetteer(facilities)
    [old] = cache_folder.glob("gazetteer-*.pickle")
    facilities.write_text(facilities.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    cached_gazetteer(facilities)
    assert builds["gazetteer"] == 2
    [new] = [path for path in cache_folder.glob("gazetteer-*.pickle") if path != old]
    assert old.exists()  # another version of rashomon may still read it
    cached_gazetteer(facilities)
    assert builds["gazetteer"] == 2


def test_versions_sharing_a_folder_each_read_their_own_file_and_the_least_recently_used_go(
        cache_folder, tmp_path):
    data = tmp_path / "data.txt"
    built = []

    def start(version: int) -> int:
        """A start of one version of rashomon: its data file says which."""
        data.write_text(f"version {version}", encoding="utf-8")
        return cache.cached("thing", lambda: built.append(version) or version, files=[data])

    # two checkouts started by turns: each builds once, then reads its own file back
    assert [start(1), start(2), start(1), start(2)] == [1, 2, 1, 2]
    assert built == [1, 2]
    for version in range(3, 3 + cache.KEPT_KEYS - 1):
        start(version)
    assert len(list(cache_folder.glob("thing-*.pickle"))) == cache.KEPT_KEYS
    assert start(2) == 2 and built.count(2) == 1  # version 1, used least recently, is gone
    assert start(1) == 1 and built.count(1) == 2


@pytest.mark.parametrize("content", [b"", b"rashomon-cache\n\x80\x05 broken", b"not a cache at all"])
def test_a_corrupt_cache_file_is_built_again_with_W011(cache_folder, builds, facilities, content):
    expected = cached_gazetteer(facilities)
    [path] = cache_folder.glob("gazetteer-*.pickle")
    path.write_bytes(content)
    with pytest.warns(CacheWarning, match="W011"):
        again = cached_gazetteer(facilities)
    assert builds["gazetteer"] == 2
    assert again.places == expected.places
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cached_gazetteer(facilities)  # the file was rewritten, whole
    assert builds["gazetteer"] == 2


def test_a_folder_that_cannot_be_written_gives_W012_and_the_gazetteer_all_the_same(
        tmp_path, monkeypatch, builds, facilities):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocked / "rashomon"))
    with pytest.warns(CacheWarning, match="W012"):
        gazetteer = cached_gazetteer(facilities)
    assert gazetteer.geocode("Novozybkov") is not None
    assert builds["gazetteer"] == 1


def test_the_source_registry_comes_from_the_cache_on_the_second_start(cache_folder, builds):
    first = sources.default_registry.__wrapped__()
    second = sources.default_registry.__wrapped__()
    assert builds["registry"] == 1
    assert [e.to_json() for e in second.entries()] == [e.to_json() for e in first.entries()]
    assert second.resolve("Минобороны России", lang="ru").entry.id == first.resolve(
        "Минобороны России", lang="ru").entry.id


def test_the_default_gazetteer_is_keyed_on_its_data_file_and_module(cache_folder, builds):
    resolve.default_gazetteer.__wrapped__()
    resolve.default_gazetteer.__wrapped__()
    assert builds["gazetteer"] == 1
    assert len(list(cache_folder.glob("gazetteer-*.pickle"))) == 1


def test_the_cache_folder_is_the_variables_else_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    assert cache.cache_dir().name == "rashomon"


def test_a_languages_data_is_validated_once_then_read_from_the_cache_folder(cache_folder, monkeypatch):
    from rashomon import lang

    validated = []
    real = lang.validate_language_files
    monkeypatch.setattr(lang, "validate_language_files", lambda code: validated.append(code) or real(code))
    first = lang.load_language.__wrapped__("uk")
    second = lang.load_language.__wrapped__("uk")
    assert validated == ["uk"]
    assert second.cues == first.cues and second.according_to == first.according_to
    assert second.back_reference_starts == first.back_reference_starts == {"про"}


def test_natashas_taggers_are_read_back_from_the_cache_and_tag_as_the_built_ones(cache_folder):
    from rashomon.adapters import natasha_taggers

    built = natasha_taggers()
    assert [p.name.split("-")[0] for p in cache_folder.glob("natasha-*.pickle")] == ["natasha"]
    read_back = natasha_taggers()
    assert read_back[0] is not built[0]
    words = ["Над", "Брянской", "областью", "сбиты", "три", "беспилотника", "."]
    for built_tagger, read_tagger in zip(built[:2], read_back[:2]):  # morphology, syntax
        assert [vars(t) for t in next(built_tagger.map([words])).tokens] == \
            [vars(t) for t in next(read_tagger.map([words])).tokens]
    text = "Губернатор Брянской области Александр Богомаз сообщил о сбитых беспилотниках."
    assert next(built[2].map([text])).spans == next(read_back[2].map([text])).spans


def test_natashas_taggers_share_one_vocabulary_of_words_on_disk_and_back(cache_folder):
    """Three equal vocabularies of 250,000 words, written and read back once, not three times."""
    from rashomon.adapters import natasha_taggers

    natasha_taggers()
    taggers = natasha_taggers()  # read back from the cache
    encoders = [tagger.infer.encoder for tagger in taggers]
    assert encoders[1].words_vocab is encoders[0].words_vocab is encoders[2].words_vocab
    assert encoders[1].shapes_vocab is encoders[0].shapes_vocab is encoders[2].shapes_vocab
    assert encoders[0].words_vocab.encode("беспилотника") != encoders[0].words_vocab.unk_id
