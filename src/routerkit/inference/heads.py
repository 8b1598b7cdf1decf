"""Heads: what a model's outputs mean, and how each kind turns window logits into results.

A model is an encoder with named heads. Each head has a kind that owns its decoding:

* ``sequence``: one label per text (softmax; long texts reduced over windows by the head's rule);
* ``detector``: a sequence head with a risk label; ``risk_score`` is P(risk label) and the text is
  flagged at or above a threshold (the one calibrated on validation unless the caller passes one);
  its ``label`` is that decision, not the argmax (``score`` is the decided label's probability);
* ``token``: BIO labels per token, decoded into character-offset entities (:mod:`.spans`).

Window rules for sequence kinds, for a text longer than one window:

* ``first``: the first window only, as the model was trained (truncation, made explicit);
* ``mean``: overlapping windows (a quarter of a window overlaps the next), probabilities averaged;
* ``max``: overlapping windows, keeping the window with the highest risk (detectors; other heads:
  the most confident window).

Token heads read every window; a token seen in several windows takes its probabilities from the
window where it sits most centrally (``engine._accumulate_tokens``).
Decoding is numpy only, and every threshold is an argument: a loaded model holds no state a caller
changes, so one model serves concurrent callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from routerkit.errors import ConfigError
from routerkit.inference.results import DetectorResult, Entity, SequenceResult, TokenResult
from routerkit.inference.spans import Token, decode_entities, mask_text

HeadKind = Literal["sequence", "detector", "token"]
WindowRule = Literal["first", "mean", "max"]
WINDOW_RULES: tuple[str, ...] = ("first", "mean", "max")
DEFAULT_THRESHOLD = 0.5


class HeadSpec(BaseModel):
    """One head of a model: its kind, labels, how long texts are read, its calibration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: HeadKind
    labels: tuple[str, ...]
    window_rule: WindowRule = "mean"
    pooling: Literal["cls", "mean"] = "cls"
    #: detectors: the label whose probability is the risk score
    positive_label: str | None = None
    #: calibrated on validation: the detector's risk threshold, the token head's entity-score threshold
    threshold: float | None = None
    #: name of the backend output that carries this head's logits
    output: str = "logits"

    @model_validator(mode="after")
    def _check(self) -> HeadSpec:
        if len(self.labels) < 2:
            raise ValueError(f"head {self.name!r}: at least two labels are needed")
        if self.kind == "detector" and self.positive_label not in self.labels:
            raise ValueError(f"head {self.name!r}: detector's positive label {self.positive_label!r} is not one of its labels")
        if self.kind == "token" and "O" not in self.labels:
            raise ValueError(f"head {self.name!r}: a token head needs the label 'O'")
        return self

    @property
    def is_sequence(self) -> bool:
        return self.kind in ("sequence", "detector")

    @property
    def positive_column(self) -> int:
        return self.labels.index(self.positive_label) if self.positive_label else 1

    def resolve_threshold(self, threshold: float | None) -> float | None:
        """The threshold a decision uses: the caller's, else the calibrated one, else 0.5 (sequence heads: None)."""
        if self.kind == "sequence":
            return None
        value = threshold if threshold is not None else self.threshold
        return DEFAULT_THRESHOLD if value is None else float(value)

    def resolve_window_rule(self, rule: str | None) -> str:
        if rule is None:
            return self.window_rule
        if rule not in WINDOW_RULES:
            raise ConfigError(f"unknown window rule {rule!r}; expected one of {', '.join(WINDOW_RULES)}")
        return rule

    # -- decoding ---------------------------------------------------------------------------------

    def reduce_windows(self, probs: np.ndarray, rule: str) -> np.ndarray:
        """One text's window probabilities (windows x labels) -> its probabilities (labels)."""
        if len(probs) == 1 or rule == "first":
            return probs[0]
        if rule == "max":
            scores = probs[:, self.positive_column] if self.kind == "detector" else probs.max(axis=1)
            return probs[int(np.argmax(scores))]
        return probs.mean(axis=0)

    def decide(self, probabilities: np.ndarray, threshold: float | None = None) -> np.ndarray:
        """The label (column) of each row of probabilities: the most probable one; a detector's is its
        threshold decision instead: the risk label at or above the threshold, else the most probable other label."""
        probabilities = np.asarray(probabilities)
        best = np.argmax(probabilities, axis=1)
        if self.kind != "detector":
            return best
        column = self.positive_column
        others = probabilities.astype(np.float64, copy=True)
        others[:, column] = -np.inf
        return np.where(probabilities[:, column] >= self.resolve_threshold(threshold), column, np.argmax(others, axis=1))

    def sequence_results(self, probabilities: np.ndarray, threshold: float | None = None) -> list[SequenceResult]:
        """Rows of label probabilities -> results (detectors add the risk score; their label is the decision)."""
        results = []
        for row, chosen in zip(probabilities, self.decide(probabilities, threshold)):
            fields = dict(label=self.labels[chosen], score=float(row[chosen]),
                          probabilities={label: float(p) for label, p in zip(self.labels, row)})
            if self.kind == "detector":
                risk = float(row[self.positive_column])
                results.append(DetectorResult(**fields, positive_label=self.positive_label, risk_score=risk,
                                              flagged=self.labels[chosen] == self.positive_label))
            else:
                results.append(SequenceResult(**fields))
        return results

    def token_results(self, tokens: Sequence[Sequence[Token]], texts: Sequence[str], threshold: float | None = None) -> list[TokenResult]:
        cut = self.resolve_threshold(threshold)
        outside = self.labels.index("O")
        results = []
        for text, text_tokens in zip(texts, tokens):
            entities = decode_entities(text_tokens, self.labels, text, cut)
            confidence = min((float(p[outside]) for _, _, p in text_tokens), default=1.0)
            results.append(TokenResult(entities=tuple(Entity(**e) for e in entities), masked_text=mask_text(text, entities),
                                       outside_confidence=confidence))
        return results

    def results(self, output, texts: Sequence[str], threshold: float | None = None) -> list:
        """Decode this head's forward output (probabilities or token lists) into typed results."""
        if self.kind == "token":
            return self.token_results(output, texts, threshold)
        return self.sequence_results(output, threshold)


def head_kind_of(task_kind: str, positive_label: str | None) -> str:
    """The head kind of a task kind (``sequence`` / ``token``): a sequence task with a risk label is a detector."""
    if task_kind == "token":
        return "token"
    return "detector" if positive_label else "sequence"


def heads_from_metadata(metadata: dict) -> dict[str, HeadSpec]:
    """The heads a model directory's metadata describes.

    Format 2 lists its heads; format 1 (one flat head: ``task``, ``kind``, ``labels``, ``positive_label``, ``threshold``,
    ``entity_threshold``, ``window_reduce``) reads as one head named after its task.
    """
    from routerkit.errors import ModelDirError
    from routerkit.model_format import is_multihead, parse_document

    if is_multihead(metadata):
        return {name: record.spec() for name, record in parse_document(metadata, "routerkit.json").heads.items()}
    kind = metadata.get("kind", "sequence")
    head_kind = head_kind_of(kind, metadata.get("positive_label"))
    threshold = {"token": metadata.get("entity_threshold"),
                 "detector": (metadata.get("threshold") or {}).get("value")}.get(head_kind)
    name = metadata.get("task") or kind
    output = (metadata.get("export") or {}).get("outputs", {}).get(name, "logits")
    try:
        head = HeadSpec(name=name, kind=head_kind, labels=tuple(metadata["labels"]),
                        window_rule=metadata.get("window_reduce") or "mean", positive_label=metadata.get("positive_label"),
                        threshold=threshold, pooling=metadata.get("pooling", "cls"), output=output)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'head'}: {e['msg']}" for e in exc.errors())
        raise ModelDirError(f"invalid head {name!r} in routerkit.json: {problems}") from None
    return {head.name: head}
