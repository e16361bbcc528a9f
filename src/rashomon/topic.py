"""Is a document about a strike at all? The cheap path for what is not.

Most of a newsroom's feed is about anything but a strike: politics, sport, the
economy. Parsing such a document costs as much as parsing a strike report and gives
no claim anyone here looks for. ``about_a_strike`` reads a document's words once,
without parsing it, against the words of every language's ``topic.yaml``: weapons,
interceptions, strikes, damage, casualties, and the forces and war they belong to. With ``Settings.skip_off_topic`` (the
default of ``rashomon ingest``), a document that names none of them is not parsed:
it goes to the ledger with ``skipped: "off-topic"`` and no claims.

The test leans towards keeping: a word of ``weapons`` or ``interceptions`` (words
a text about anything else rarely uses: a drone, a missile, air defence) keeps a
document; so do words of two of the other categories, whose words also have
everyday senses (an attack in a match, a fire in a kitchen). It reads every
language's words at once, so that a document in one language that quotes another,
or whose language is not declared, is judged by all of them; the words are data,
the code names no language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .lang import LanguageData, known_languages, load_language
from .ledger import Document
from .longlived import loaded_once

# the categories of topic.yaml whose words alone make a document about a strike
DECIDING = ("weapons", "interceptions")
CATEGORIES = ("weapons", "interceptions", "strikes", "damage", "casualties", "forces")
# how many of the other categories it takes without a deciding word
OTHERS_NEEDED = 2
# an entry shorter than this is matched as a whole word only ("пво", "uav")
WHOLE_WORD_BELOW = 4
EXCEPT = "except"
_WORD = re.compile(r"\w+")
# the reason written in a skipped document's ``skipped``
OFF_TOPIC = "off-topic"


@dataclass(frozen=True)
class Relevance:
    """What ``about_a_strike`` found: per category, the first words that matched."""

    found: dict[str, list[str]] = field(default_factory=dict)

    @property
    def on_topic(self) -> bool:
        if any(self.found.get(category) for category in DECIDING):
            return True
        return sum(1 for category, words in self.found.items() if words and category not in DECIDING) >= OTHERS_NEEDED

    def __bool__(self) -> bool:
        return self.on_topic


class TopicLexicon:
    """The words of ``topic.yaml`` of some languages, indexed by their beginnings, so
    that reading a text costs one look-up per word, whatever the number of terms."""

    def __init__(self, languages: Iterable[LanguageData]):
        # a term as words (a hyphen or a space between them alike), each a beginning,
        # or a whole word when short; indexed by what its first word must begin with
        self._by_start: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for lang in languages:
            for category, terms in lang.topic.items():
                for term in terms:
                    self._add(tuple(_WORD.findall(term.casefold())), category)

    def _add(self, words: tuple[str, ...], category: str) -> None:
        if not words:
            return
        entries = self._by_start.setdefault(words[0][:WHOLE_WORD_BELOW], [])
        entries.append((words, category))
        # the exceptions first, then the longest terms: the first that matches wins
        entries.sort(key=lambda entry: (entry[1] != EXCEPT, -len(entry[0]), -sum(map(len, entry[0]))))

    def relevance(self, text: str) -> Relevance:
        """The categories the text has words of; the reading stops as soon as it is
        about a strike (a long document about one is not read to its end)."""
        found: dict[str, list[str]] = {}
        result = Relevance(found)
        words = _WORD.findall(text.casefold())
        at = 0
        while at < len(words):
            hit = self._term_at(words, at)
            if hit is None:
                at += 1
                continue
            term, category, size = hit
            # an exception covers all its words: "хакерская атака" is no attack
            at += size if category == EXCEPT else 1
            if category == EXCEPT:
                continue
            terms = found.setdefault(category, [])
            if term not in terms:
                terms.append(term)
                if result.on_topic:
                    break
        return result

    def _term_at(self, words: list[str], at: int) -> tuple[str, str, int] | None:
        """The term that starts at the ``at``-th word, its category and its length in words."""
        for terms, category in self._by_start.get(words[at][:WHOLE_WORD_BELOW], ()):
            if _matches(terms, words, at):
                return " ".join(terms), category, len(terms)
        return None


def _matches(terms: tuple[str, ...], words: list[str], at: int) -> bool:
    """Do the words from ``at`` on begin with ``terms``, one by one (a short one whole)?"""
    following = words[at:at + len(terms)]
    return len(following) == len(terms) and all(
        word == term if len(term) < WHOLE_WORD_BELOW else word.startswith(term)
        for word, term in zip(following, terms))


@lru_cache(maxsize=1)
@loaded_once
def default_lexicon() -> TopicLexicon:
    """Every known language's words."""
    return TopicLexicon(load_language(code) for code in known_languages())


def about_a_strike(document: Document, lexicon: TopicLexicon | None = None) -> Relevance:
    """What of a strike the document's title and text name (true when it is about one)."""
    text = f"{document.title}\n{document.text}" if document.title else document.text
    return (lexicon or default_lexicon()).relevance(text)
