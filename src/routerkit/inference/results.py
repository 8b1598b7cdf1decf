"""Typed prediction results; ``to_dict()`` gives exactly the JSON ``routerkit predict`` writes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SequenceResult:
    label: str
    score: float
    probabilities: dict[str, float]

    def to_dict(self) -> dict:
        return {"label": self.label, "score": self.score, "probabilities": dict(self.probabilities)}


@dataclass(frozen=True)
class DetectorResult(SequenceResult):
    """``risk_score`` is P(positive label), never the winning label's confidence; ``flagged`` is
    ``risk_score >= threshold`` and is written as ``is_<positive label>``."""

    positive_label: str = "jailbreak"
    risk_score: float = 0.0
    flagged: bool = False

    def to_dict(self) -> dict:
        return {**super().to_dict(), "risk_score": self.risk_score, f"is_{self.positive_label}": self.flagged}


@dataclass(frozen=True)
class Entity:
    """A detected span: ``text == input[start:end]`` (character offsets, i.e. code points)."""

    start: int
    end: int
    label: str
    score: float
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "score": self.score, "text": self.text}


@dataclass(frozen=True)
class TokenResult:
    """``outside_confidence``: the lowest P(O) over the text's tokens, how sure the model is that a
    text without entities has none (not written by ``to_dict``)."""

    entities: tuple[Entity, ...]
    masked_text: str
    outside_confidence: float = 1.0

    def to_dict(self) -> dict:
        return {"entities": [e.to_dict() for e in self.entities], "masked_text": self.masked_text}


HeadResult = SequenceResult | TokenResult


@dataclass(frozen=True)
class Prediction:
    """One text's results, one per head. A one-head model serialises flat (the head's own fields);
    a model with several heads nests each head's fields under its name."""

    results: dict[str, HeadResult]
    flat: bool = field(default=True)

    def __getitem__(self, head: str) -> HeadResult:
        return self.results[head]

    def to_dict(self) -> dict:
        if self.flat and len(self.results) == 1:
            return next(iter(self.results.values())).to_dict()
        return {name: result.to_dict() for name, result in self.results.items()}
