"""Language knowledge as data: one loader for every language's files.

Each language has a folder ``lang/<code>/`` with YAML files (``attribution.yaml``
for cue verbs and speaker forms, ``frame.yaml`` for slot words, ``topic.yaml`` for
the words that tell a text about a strike from the rest). The loader
validates every file against ``schema/lang.schema.json`` and reports every
problem at once, naming file and key, as spaCy does for match patterns. The
stages read a ``LanguageData`` and never branch on the language's name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors
from ..longlived import loaded_once

LANG_ROOT = Path(__file__).parent
LANG_FILES = ("attribution", "frame", "topic")


class LanguageDataError(ValueError):
    pass


@dataclass(frozen=True, eq=False)  # one object per language, hashed by identity
class LanguageData:
    """What the stages know about one language, read from its data files."""

    code: str
    cues: dict[str, str]            # lemma or form -> stance
    cue_classes: dict[str, str]     # lemma or form -> "cognition" / "evidence" (else speech)
    according_to: tuple[str, ...]   # "selon", "d'après": a source follows
    speaker_pronouns: frozenset[str]
    first_person: frozenset[str]     # "I", "we", "мы": the publisher's own voice
    non_speakers: frozenset[str]     # "you", "everyone", "кто": no one who speaks
    report_nouns: frozenset[str]    # "le rapport", "le communiqué": refer back to a media
    later_markers: tuple[str, ...]
    determiners: frozenset[str]
    speaker_cut_cases: frozenset[str]
    relative_pronouns: frozenset[str]
    partitive_heads: frozenset[str]
    anaphor_determiners: frozenset[str]
    anaphor_modifiers: frozenset[str]
    anaphor_bare: frozenset[str]     # "ведомство": refers back with no determiner
    anaphor_classes: tuple[frozenset[str], ...]
    # titles of one office, each its lemmas, head first: (("president",), ("head", "state"))
    anaphor_titles: tuple[tuple[tuple[str, ...], ...], ...]
    info_nouns: frozenset[str]
    norm_nouns: frozenset[str]      # "згідно з законом", "according to the plan": no one speaks
    incise_only: frozenset[str]
    # speech cues that report a clause only, never their object: "добавил в доктрину
    # возможность" adds to a text, "добавил, что" speaks
    clause_cues: frozenset[str]
    # cues whose phrase with a topic preposition names what was talked about, not what was
    # said: "told Mr Michel about the measures", "asked about it"
    topicless_cues: frozenset[str]
    # cues whose infinitive says what the subject purports to be or do, not a statement:
    # "claims to restore the Soviet sphere", "who claim to represent"
    purport_cues: frozenset[str]
    # evidence cues that, said of a person with a clause, report conduct: "They showed
    # that Donbas is the main target" (a poll that shows something reports it)
    conduct_cues: frozenset[str]
    # nouns that, as a cue's object, name what will be or was told without telling it:
    # "will announce the details", "сообщит подробности"
    untold_objects: frozenset[str]
    # the words that open an embedded question: "the video shows how …" depicts, it states nothing
    interrogatives: frozenset[str]
    earlier_markers: tuple[str, ...]
    cue_negations: frozenset[str]
    # words of obligation over a cue: "should admit", "должен признать" prescribe, no one said it
    obligation_modals: frozenset[str]
    question_particles: frozenset[str]  # "допускает ли Франция …": the cue asks, it says nothing
    cue_phrases: dict[tuple[str, str], str]
    complementizers: frozenset[str]
    clause_pronouns: frozenset[str]
    topic_cases: frozenset[str]
    # a cue and a preposition whose phrase after it is what was asked for: "called for a
    # ban on …" (the preposition is no topic of any other cue: "asked for clothes")
    request_cases: frozenset[tuple[str, str]]
    as_markers: frozenset[str]
    sayings: tuple[str, ...]        # "as they say", "как говорится": common wisdom, no one's statement
    source_cases: frozenset[str]
    addressee_cues: frozenset[str]
    relay_cues: frozenset[str]      # "цитирует AFP канцлера": the quoted one speaks, not the medium
    back_references: tuple[str, ...]
    frame: dict[str, Any]
    topic: dict[str, tuple[str, ...]]  # category -> word beginnings (topic.py)
    # indexes of the phrases' first words, made once per language, so that the rules
    # that look for a phrase at every word skip the words no phrase opens with:
    # what an "according to" form may start with (None: any word, a form opens with
    # "*"), and the first words of the back references
    according_to_starts: frozenset[str] | None = None
    back_reference_starts: frozenset[str] = frozenset()
    back_reference_window: tuple[int, int] = (2, 5)  # words before and after a phrase, where its verb may be
    # can a cue's own infinitive state what is so? French "affirme contrôler le village"
    # does; in English "promised to help", "urged partners to provide" ask or promise
    infinitive_states: bool = False
    # word beginnings that name an outlet, a channel or a journalist (sources.py)
    media_words: tuple[str, ...] = ()
    line_labels: frozenset[str] = frozenset()  # "UPD:", "Срочно:", "BREAKING:": a label, no speaker
    # a personal pronoun's lemma and its gender or number, for a form the tagger gives
    # none ("по его словам": "его" is "он", masculine)
    pronoun_agreement: dict[str, str] = field(default_factory=dict)
    # natasha's repairs of the parse of this language (``attribution.yaml``'s ``parser``)
    parser: dict[str, Any] = field(default_factory=dict)
    # "there" for the body last named: "«…», — сообщили там" after "сообщили в Минобороны"
    place_pronouns: frozenset[str] = frozenset()

    @property
    def time_words(self) -> frozenset[str]:
        """Single words of the date expressions in frame.yaml: never a speaker."""
        dates = self.frame.get("dates", {})
        return frozenset(w.lower() for w in [*dates.get("relative", []), *dates.get("months", [])] if " " not in w)

    def cue_class(self, cue: str) -> str:
        """What a cue reports: ``speech`` (said, заявил), ``cognition`` (believes,
        считает) or ``evidence`` (shows, found)."""
        return self.cue_classes.get(cue.lower(), "speech")

    def cue_stance(self, *forms: str) -> tuple[str, str] | None:
        """The (cue, stance) for the first of ``forms`` that is a cue."""
        for form in forms:
            stance = self.cues.get(form.lower())
            if stance:
                return form.lower(), stance
        return None


def known_languages() -> list[str]:
    return sorted(p.name for p in LANG_ROOT.iterdir()
                  if p.is_dir() and (p / "attribution.yaml").exists())


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("rashomon").joinpath("schema/lang.schema.json").read_text("utf-8")
    return json.loads(text)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise LanguageDataError(Errors.E021.format(
            path=path, problems=f"  {where}{getattr(err, 'problem', err)}")) from None


def validate_language_files(code: str) -> dict[str, Any]:
    """Read and validate every file of one language; raise with every problem."""
    folder = LANG_ROOT / code
    data, problems = {}, []
    for name in LANG_FILES:
        path = folder / f"{name}.yaml"
        content = _read_yaml(path) if path.exists() else None
        if content is None:
            problems.append(f"  {path.name}: missing or empty")
            continue
        schema = {**_schema(), "$ref": f"#/$defs/{name}"}
        # imported here: validation runs only when the disk cache is out of date, and
        # jsonschema takes 0.06 s to import, a twentieth of a first result
        import jsonschema

        validator = jsonschema.Draft202012Validator(schema)
        for err in sorted(validator.iter_errors(content), key=lambda e: list(e.path)):
            key = "/".join(str(p) for p in err.path) or "(top)"
            problems.append(f"  {path.name}: {key}: {err.message}")
        data[name] = content
    cues = {w for part in ("cues", "cue_classes")
            for words in (data.get("attribution", {}).get(part) or {}).values() for w in words}
    for form, lemma in (data.get("attribution") or {}).get("cue_forms", {}).items():
        if lemma not in cues:
            problems.append(f"  attribution.yaml: cue_forms/{form}: '{lemma}' is not a cue")
    if problems:
        raise LanguageDataError(Errors.E021.format(path=folder, problems="\n".join(problems)))
    return data


@lru_cache(maxsize=None)
@loaded_once
def load_language(code: str) -> LanguageData:
    """A language's data, validated and read once per process, and kept on disk
    (``cache``) until its files, the schema or this module change: a valid file
    is not validated again at every start."""
    if code not in known_languages():
        raise LanguageDataError(Errors.E020.format(lang=code, known=", ".join(known_languages())))
    from ..cache import cached

    files = [LANG_ROOT / code / f"{name}.yaml" for name in LANG_FILES]
    files = [path for path in files if path.exists()]  # a missing one is reported by the build
    schema = LANG_ROOT.parent / "schema" / "lang.schema.json"
    return cached(f"language-{code}", lambda: _build_language(code), files=[*files, schema, Path(__file__)])


def _build_language(code: str) -> LanguageData:
    data = validate_language_files(code)
    attribution = data["attribution"]
    cues = {}
    for stance, words in attribution["cues"].items():
        for word in words:
            cues[word.lower()] = stance
    classes = {}
    for kind, words in attribution.get("cue_classes", {}).items():
        for word in words:
            cues.setdefault(word.lower(), "assert")  # a belief or a finding is asserted
            classes[word.lower()] = kind
    for form, lemma in attribution.get("cue_forms", {}).items():
        cues[form.lower()] = cues[lemma.lower()]
        if lemma.lower() in classes:
            classes[form.lower()] = classes[lemma.lower()]
    word_sets = {name: frozenset(attribution.get(name, [])) for name in WORD_SETS}
    word_lists = {name: tuple(attribution.get(name, [])) for name in WORD_LISTS}
    according_to = tuple(sorted(attribution["according_to"], key=len, reverse=True))
    anaphors = attribution.get("anaphors", {})
    return LanguageData(
        code=code,
        cues=cues,
        cue_classes=classes,
        according_to=according_to,
        according_to_starts=according_to_starts(according_to),
        back_reference_starts=frozenset(phrase.split()[0] for phrase in word_lists["back_references"] if phrase.split()),
        back_reference_window=tuple(attribution.get("back_reference_window", (2, 5))),
        infinitive_states=bool(attribution.get("infinitive_states", False)),
        anaphor_determiners=frozenset(anaphors.get("determiners", [])),
        anaphor_modifiers=frozenset(anaphors.get("modifiers", [])),
        anaphor_bare=frozenset(anaphors.get("bare", [])),
        anaphor_classes=tuple(frozenset(group) for group in anaphors.get("classes", [])),
        anaphor_titles=tuple(tuple(tuple(title.lower().split()) for title in group)
                             for group in anaphors.get("titles", [])),
        cue_phrases={tuple(phrase.split(maxsplit=1)): stance
                     for stance, phrases in attribution.get("cue_phrases", {}).items() for phrase in phrases},
        request_cases=frozenset(tuple(phrase.lower().split(maxsplit=1)) for phrase in attribution.get("request_cases", [])),
        pronoun_agreement=dict(attribution.get("pronoun_agreement", {})),
        parser=dict(attribution.get("parser", {})),
        frame=data["frame"],
        topic={category: tuple(words) for category, words in data["topic"].items()},
        **word_sets,
        **word_lists,
    )


def according_to_starts(forms: tuple[str, ...]) -> frozenset[str] | None:
    """Every word (lower case, ’ as ') an "according to" form can begin at, as
    ``attribute.syntax.according_to_at`` matches them: its first word, as the form
    is cut into words ("d'" of "d'après"), or any beginning of the form's text,
    which a window of the parse's words may spell otherwise. None when a form opens
    with ``*``, which any word matches."""
    starts: set[str] = set()
    for form in forms:
        words = form.replace("'", "' ").split()
        if not words:
            continue
        if words[0] == "*":
            return None
        starts.add(words[0].replace("' ", "'").strip())
        starts.update(form[:end] for end in range(1, len(form) + 1))
    return frozenset(starts)


# attribution.yaml keys read as they are: sets of words, and ordered lists of phrases
WORD_SETS = ("speaker_pronouns", "first_person", "non_speakers", "report_nouns", "determiners", "speaker_cut_cases", "relative_pronouns",
             "partitive_heads", "info_nouns", "norm_nouns", "incise_only", "clause_cues", "topicless_cues", "purport_cues", "conduct_cues", "untold_objects", "interrogatives", "cue_negations", "obligation_modals", "question_particles", "complementizers",
             "clause_pronouns", "topic_cases", "as_markers", "source_cases", "addressee_cues", "relay_cues", "line_labels",
             "place_pronouns")
WORD_LISTS = ("later_markers", "earlier_markers", "back_references", "media_words", "sayings")
