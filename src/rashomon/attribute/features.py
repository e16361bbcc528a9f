"""Features of an attribution candidate and of a fact, for the confidence model.

One dict of feature -> value per candidate, shared by training and prediction, as
citron keeps one ``_get_features`` for its cue classifier. No feature names a
language: they say which rule proposed the candidate, what kind of cue it has, what
kind of words name its speaker (a person or an organisation the parser found, a
pronoun, a name the source registry knows), how its content looks and where it
stands (a headline, a signature at the end of a line).
"""

from __future__ import annotations

from typing import Any, Callable

from spacy.tokens import Token

from ..lang import LanguageData
from ..ledger import COUNT_SLOTS, Claim, Fact
from ..pieces import lowered_words, span_text
from .candidate import Attribution
from .syntax import DASHES, at_line_end, opens_infinitive, spaced

# the parsers' entity labels, as the kinds a speaker can be
ENTITY_KINDS = {"PER": "person", "PERSON": "person", "ORG": "org", "NORP": "org",
                "LOC": "place", "GPE": "place", "FAC": "place"}
# what a rule's cue is when it is not a verb
PATH_CUES = {"according-to": "according", "dash-source": "dash", "source-colon-quote": "colon",
             "publisher": "none"}

Features = dict[str, float]


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """ "3-5" for 4 with edges (1, 3, 6): a count as a few coarse classes."""
    for low, high in zip(edges, edges[1:]):
        if low <= n < high:
            return f"{low}-{high - 1}"
    return f"{edges[-1]}+" if n >= edges[-1] else f"<{edges[0]}"


def attribution_features(found: Attribution, lang: LanguageData, *,
                         evidence: Callable[[str], str] | None = None, in_sentence: int = 1,
                         publisher_kind: str | None = None) -> Features:
    """The features of one candidate; ``in_sentence`` is how many its sentence has,
    ``publisher_kind`` what the registry says the publisher is (an outlet retells
    others; a ministry or a president speaks for itself)."""
    features: Features = {"bias": 1.0, f"path={found.path}": 1.0, f"stance={found.stance}": 1.0}
    kind = cue_kind(found, lang)
    publisher = publisher_group(publisher_kind)
    features[f"cue={kind}"] = 1.0
    features[f"path*cue={found.path}*{kind}"] = 1.0
    features[f"publisher={publisher}"] = 1.0
    features[f"publisher*cue={publisher}*{kind}"] = 1.0
    features["quote"] = float(found.quote)
    features[f"claims_in_sentence={bucket(in_sentence, (1, 2, 3, 5))}"] = 1.0
    features.update(speaker_features(found, evidence))
    features.update(cue_features(found.cue_token))
    features.update(content_features(found))
    # "promised to help", "claims to restore": an intention; a newspaper reports it, an
    # address that says it of others does not (the corpora annotate them differently)
    features[f"publisher*infinitive={publisher}*{int(features['content_infinitive'])}"] = 1.0
    features.update(place_features(found))
    features.update(voice_features(found, lang))
    return features


def voice_features(found: Attribution, lang: LanguageData) -> Features:
    """Whether the sentence around the claim speaks in the first person or asks: an
    address that says "they say X, but we know …" or "who says …?" argues, it reports
    no one."""
    content = found.content if found.content is not None else found.sentence
    sentence, lowered = found.sentence, lowered_words(found.sentence.doc)
    outside = [i for i in range(sentence.start, sentence.end) if not content.start <= i < content.end]
    first = lambda positions: any(lowered[i] in lang.first_person for i in positions)  # noqa: E731
    return {"sentence_first_person": float(first(outside)),
            "content_first_person": float(first(range(content.start, content.end))),
            "sentence_question": float(span_text(sentence).rstrip().endswith("?"))}


def publisher_group(kind: str | None) -> str:
    """media (it retells others), official (it speaks for itself), or unknown."""
    if not kind or kind == "unknown":
        return "unknown"
    return "media" if kind.endswith("media") else "official"


def cue_kind(found: Attribution, lang: LanguageData) -> str:
    """speech / cognition / evidence for a verb, else what the rule's cue is."""
    if found.path in PATH_CUES:
        return PATH_CUES[found.path]
    if found.cue_token is not None:
        return lang.cue_class(found.cue or found.cue_token.lemma_)
    return "other"


def speaker_features(found: Attribution, evidence: Callable[[str], str] | None) -> Features:
    if not found.attributed:
        return {"speaker=publisher": 1.0}
    head, source = found.speaker, found.source
    features: Features = {}
    words = source.who.split()
    features[f"speaker_words={bucket(len(words), (1, 2, 4, 7))}"] = 1.0
    features["speaker_refers"] = float(source.refers_to is not None)
    features["speaker_capitalized"] = float(any(w[:1].isupper() for w in words[1:]) or
                                            (bool(words) and words[0][:1].isupper() and head is not None
                                             and head.i != head.sent.start))
    features["speaker_digit"] = float(any(c.isdigit() for c in source.who))
    if evidence is not None:
        features[f"registry={evidence(source.who)}"] = 1.0
    if head is None:
        return {**features, "speaker_head=none": 1.0}
    entity = ENTITY_KINDS.get(head.ent_type_, "none")
    features[f"speaker_pos={head.pos_}"] = 1.0
    features[f"speaker_entity={entity}"] = 1.0
    features[f"path*entity={found.path}*{entity}"] = 1.0
    animacy = head.morph.get("Animacy")
    features[f"speaker_animacy={animacy[0] if animacy else '?'}"] = 1.0
    number = head.morph.get("Number")
    features[f"speaker_number={number[0] if number else '?'}"] = 1.0
    features["speaker_determined"] = float(any(c.dep_ in ("det", "nmod:poss", "amod", "compound", "flat",
                                                          "flat:name", "appos") for c in head.children))
    features["speaker_unresolved_pronoun"] = float(head.pos_ == "PRON" and source.refers_to is None)
    return features


def cue_features(cue: Token | None) -> Features:
    if cue is None:
        return {"cue_token=none": 1.0}
    form = cue.morph.get("VerbForm")
    features: Features = {f"cue_pos={cue.pos_}": 1.0, f"cue_form={form[0] if form else '?'}": 1.0}
    inside = [q for q in cue.doc._.quotes or [] if q.start < cue.i < q.end - 1]
    features["cue_in_quotation"] = float(bool(inside))
    features[f"cue_dep={cue.dep_.split(':')[0]}"] = 1.0
    return features


def content_features(found: Attribution) -> Features:
    content = found.content if found.content is not None else found.sentence
    words = [t for t in content if not t.is_punct and not t.is_space]
    features: Features = {f"content_words={bucket(len(words), (1, 3, 6, 16, 41))}": 1.0}
    features["content_verb"] = float(any(t.pos_ in ("VERB", "AUX") for t in content))
    features["content_number"] = float(any(t.like_num for t in content))
    features["content_infinitive"] = float(opens_infinitive(content))
    features["content_question"] = float(span_text(content).rstrip().endswith("?") or (
        content.end < len(content.doc) and content.doc[content.end].text == "?"))
    if found.cue_token is not None:
        features["cue_after_content"] = float(found.cue_token.i >= content.end)
    return features


def place_features(found: Attribution) -> Features:
    sentence = found.sentence
    doc = sentence.doc
    features: Features = {}
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    features["headline"] = float(last is not None and not last.is_punct and at_line_end(last))
    if found.path == "dash-source" or (found.cue or "") in DASHES:
        dash = next((t for t in reversed(sentence) if t.text in DASHES), None)
        if dash is not None:
            features["dash_spaced"] = float(spaced(dash))
            features["dash_line_end"] = float(last is not None and at_line_end(last))
    features["first_sentence"] = float(sentence.start == 0 or all(t.is_space for t in doc[:sentence.start]))
    return features


def fact_features(fact: Fact, claim: Claim) -> Features:
    """The features of one fact: its slot and value, how the text gave it, and the
    claim it belongs to."""
    features: Features = {"bias": 1.0, f"slot={fact.slot}": 1.0, f"path={claim.path}": 1.0,
                          f"stance={claim.stance}": 1.0, "attributed": float(claim.attributed)}
    features[f"slot*attributed={fact.slot}*{int(claim.attributed)}"] = 1.0
    features[f"value={value_kind(fact)}"] = 1.0
    features[f"slot*value={fact.slot}*{value_kind(fact)}"] = 1.0
    features["at_least"] = float(fact.at_least)
    evidence = fact.evidence or ""
    features["digits"] = float(any(c.isdigit() for c in evidence))
    features[f"evidence_words={bucket(len(evidence.split()), (1, 2, 4, 8))}"] = 1.0
    if claim.confidence is not None:
        features["claim_confidence"] = claim.confidence
    kind = claim.source.kind or "unknown"
    features[f"source_kind={kind if claim.source.id or not claim.attributed else 'unregistered'}"] = 1.0
    return features


def value_kind(fact: Fact) -> str:
    value: Any = fact.value
    if fact.slot in COUNT_SLOTS and isinstance(value, int):
        return "0" if value == 0 else bucket(value, (1, 2, 10, 100, 1000))
    return str(value).lower()
