"""Cut a document into runs of one language, so that each is parsed by its own pipeline.

A French report that quotes a Russian statement in Russian, a Ukrainian post that
reposts a Russian one: parsed whole as the document's language, the quoted part's
figures and speakers are lost. ``language_runs`` finds such parts by paragraph and,
inside a paragraph that mixes scripts, by sentence, with lingua's detection:

1. A paragraph is another language's only when lingua names a language rashomon
   parses, with a confidence of at least ``MIN_CONFIDENCE``, on at least
   ``MIN_LETTERS`` letters: a name or a short quotation never moves a paragraph.
2. A paragraph that mixes two scripts (Latin and Cyrillic letters, each at least
   ``MIN_LETTERS``) is cut by lingua's per-span detection
   (``detect_multiple_languages_of``), its spans snapped to sentence ends.
3. A long document (more than one parser chunk) is checked only where a
   paragraph's script differs from the document's, which keeps the cost linear and
   small; a short one has every paragraph checked.

Runs cover the text end to end, in order; the parser gives each piece the language
of its run (``Doc._.lang``), and the stages after use that language's data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from .settings import Settings

MIN_LETTERS = 40
MIN_CONFIDENCE = 0.75
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_SENTENCE_END = re.compile(r"[.!?…»\"”]\s+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Run:
    """``text[start:end]`` is in ``lang``."""

    lang: str
    start: int
    end: int


def language_runs(text: str, main: str, settings: Settings) -> list[Run]:
    """The runs of one language that make up ``text``; one run in ``main`` if none differ."""
    if len(text) < MIN_LETTERS * 2 or len(settings.models) < 2:
        return [Run(main, 0, len(text))]
    every_paragraph = len(text) <= settings.chunk_chars
    home = None if every_paragraph else dominant_script(text)
    found: list[Run] = []
    for paragraph in _PARAGRAPH.finditer(text):
        for start, end, lang in paragraph_languages(paragraph.group(), main, settings, home=home):
            found.append(Run(lang, paragraph.start() + start, paragraph.start() + end))
    return joined(found, main, len(text))


def paragraph_languages(paragraph: str, main: str, settings: Settings, *,
                        home: str | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, language) of the parts of one paragraph that are not in ``main``."""
    scripts = script_letters(paragraph)
    if home is not None and set(scripts) <= {home}:
        return  # a long document's paragraph in its own script: not checked
    if sum(1 for n in scripts.values() if n >= MIN_LETTERS) >= 2:
        yield from mixed_paragraph(paragraph, main, settings)
        return
    if sum(scripts.values()) < MIN_LETTERS:
        return
    values = confidence_values(paragraph, settings)
    lang = language_of(values, settings)
    if lang is not None and lang != main and not plausibly(main, values):
        yield 0, len(paragraph), lang


def mixed_paragraph(paragraph: str, main: str, settings: Settings) -> Iterator[tuple[int, int, str]]:
    """A paragraph of two scripts, cut where lingua's spans say, at sentence ends."""
    for start, end in sentences(paragraph):
        part = paragraph[start:end]
        if len(_LETTER.findall(part)) < MIN_LETTERS // 2:
            continue
        lang = confident_language(part, settings, at_least=MIN_CONFIDENCE - 0.15)
        if lang is not None and lang != main:
            yield start, end, lang


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """Where the sentences of a paragraph start and end (cut after end punctuation)."""
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph)] + [len(paragraph)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def confident_language(text: str, settings: Settings, *, at_least: float = MIN_CONFIDENCE) -> str | None:
    """The language rashomon parses that lingua gives ``text`` with enough confidence."""
    # one pass of lingua where ``detect_language_of`` and ``compute_language_confidence``
    # made two (each paragraph of every document: lingua was a tenth of natasha's parse):
    # the language detected is the first of the values unless the first two tie, and
    # its confidence that value, to within 1e-12 (lingua adds the same terms in another
    # order). Checked on the 27,102 paragraphs and sentences of the evaluation cases:
    # the same language everywhere, no confidence on another side of a threshold.
    return language_of(confidence_values(text, settings), settings, at_least=at_least)


def language_of(values: list, settings: Settings, *, at_least: float = MIN_CONFIDENCE) -> str | None:
    """``confident_language`` from lingua's values, already computed."""
    if not values or len(values) > 1 and values[0].value == values[1].value:
        return None
    code = code_of(values[0])
    if code not in settings.models or values[0].value < at_least:
        return None
    return code


# lingua's confidence in the document's own language above which a paragraph stays in it,
# whatever language lingua puts first: "Russian attack on Zaporizhzhia kills four, Ukraine
# says" is French at 0.79 and English at 0.21 (its names and "attack"); a paragraph really
# in another language leaves the document's well under 0.01
MAIN_FLOOR = 0.05


def plausibly(main: str, values: list) -> bool:
    """Do lingua's ``values`` still give the document's own language a fair chance?"""
    return any(code_of(v) == main and v.value >= MAIN_FLOOR for v in values)


def code_of(value) -> str:
    """The ISO 639-1 code of the language of one of lingua's confidence values."""
    return value.language.iso_code_639_1.name.lower()


def confidence_values(text: str, settings: Settings) -> list:
    """lingua's confidence in each language it knows, highest first, on the text's first
    thousand characters."""
    from .parse import language_detector

    return language_detector(settings.detect_languages).compute_language_confidence_values(text[:1000])


def script_letters(text: str) -> dict[str, int]:
    """How many letters of each script ``text`` has, by the first word of their
    Unicode names ("LATIN", "CYRILLIC"). The two scripts of the news rashomon reads
    are counted by regular expression (in C); other letters one by one."""
    counts: dict[str, int] = {}
    for script, pattern in _COMMON_SCRIPTS:
        found = len(pattern.findall(text))
        if found:
            counts[script] = found
    for letter in _OTHER_LETTER.findall(text):
        script = unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + 1
    return counts


_COMMON_SCRIPTS = (("LATIN", re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")),
                   ("CYRILLIC", re.compile(r"[\u0400-\u0481\u048a-\u052f]")))
_OTHER_LETTER = re.compile(r"(?![A-Za-z\u00c0-\u024f\u0400-\u052f])[^\W\d_]")


def dominant_script(text: str) -> str | None:
    counts = script_letters(text[:200_000])
    return max(counts, key=counts.get) if counts else None


def joined(found: list[Run], main: str, length: int) -> list[Run]:
    """Runs end to end over the text: the parts found, ``main`` between them, and
    neighbours of one language merged."""
    runs: list[Run] = []
    position = 0
    for run in found:
        if run.start > position:
            runs.append(Run(main, position, run.start))
        runs.append(Run(run.lang, max(run.start, position), run.end))
        position = max(position, run.end)
    if position < length:
        runs.append(Run(main, position, length))
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].lang == run.lang:
            merged[-1] = Run(run.lang, merged[-1].start, run.end)
        else:
            merged.append(run)
    return merged or [Run(main, 0, length)]
