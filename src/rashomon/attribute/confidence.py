"""How likely a claim or a fact is right: the rules propose, the evidence decides.

A logistic model over ``features`` (one for attributions, one for facts), trained on
real annotated text by ``eval/real/train.py`` and shipped as ``confidence.json``
beside this module: plain weights, read with the standard library (no pickle, no
scikit-learn at run time). ``MODEL.md`` is its card: what it was trained on, its
scores on the development cases, and the threshold chosen as the default of
``--min-confidence``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Errors
from ..longlived import loaded_once
from .features import Features

MODEL_FILE = "confidence.json"


class ConfidenceModelError(ValueError):
    pass


@dataclass(frozen=True)
class LogisticScore:
    """One logistic model: an intercept and a weight per feature."""

    intercept: float
    weights: dict[str, float]

    def __call__(self, features: Features) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass(frozen=True)
class ConfidenceModel:
    """Three models and the default threshold: ``claim`` for an attributed claim (is
    its source, cue and content right?), ``publisher`` for a statement in the
    publisher's own voice (is no one else speaking there?), ``fact`` for a value."""

    claim: LogisticScore
    publisher: LogisticScore
    fact: LogisticScore
    threshold: float
    card: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any], *, where: str = MODEL_FILE) -> "ConfidenceModel":
        try:
            scores = {name: LogisticScore(float(data[name]["intercept"]), dict(data[name]["weights"]))
                      for name in ("claim", "publisher", "fact")}
            return cls(**scores, threshold=float(data["threshold"]), card=data.get("card", {}))
        except (KeyError, TypeError, ValueError) as err:
            raise ConfidenceModelError(Errors.E026.format(path=where, problem=f"{type(err).__name__}: {err}")) from None

    def of_claim(self, features: Features, *, attributed: bool) -> float:
        return (self.claim if attributed else self.publisher)(features)

    @classmethod
    def read(cls, path: str | Path) -> "ConfidenceModel":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as err:  # missing, a folder, not UTF-8, not JSON
            raise ConfidenceModelError(Errors.E026.format(path=path, problem=str(err) or type(err).__name__)) from None
        if not isinstance(data, dict):
            raise ConfidenceModelError(Errors.E026.format(path=path, problem=f"JSON {type(data).__name__}, not a model object"))
        return cls.from_json(data, where=str(path))

    def to_json(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "card": self.card,
                **{name: {"intercept": score.intercept, "weights": score.weights}
                   for name, score in (("claim", self.claim), ("publisher", self.publisher), ("fact", self.fact))}}


@lru_cache(maxsize=1)
@loaded_once
def default_model() -> ConfidenceModel | None:
    """The model shipped in the package, or None before one was trained."""
    resource = resources.files("rashomon.attribute").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return ConfidenceModel.from_json(json.loads(resource.read_text("utf-8")), where=str(resource))
