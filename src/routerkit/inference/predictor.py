"""Load a routerkit model directory (full or LoRA) and classify texts of any length.

How a text longer than the model's window is read is the task's rule (``window_reduce``):

* ``first``: the first window only, as the model was trained (truncation, made explicit);
* ``mean``: overlapping windows (a quarter of a window overlaps the next), probabilities averaged;
* ``max``: overlapping windows, keeping the window with the highest probability of the positive
  label — for detectors, where one bad window is enough (other models: the most confident window).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from routerkit.artifacts import read_metadata
from routerkit.errors import DataError, ModelDirError
from routerkit.modeling.backbones import is_lora_dir, load_classifier

logger = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 512
WINDOW_RULES = ("first", "mean", "max")


class ModelPredictor:
    """What every predictor holds: the model in eval mode, its tokenizer, metadata, labels and window."""

    def __init__(self, model, tokenizer, metadata: dict):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.metadata = metadata
        self.labels: list[str] = list(metadata["labels"])
        self.max_length = window_length(model, metadata)
        self.stride = self.max_length // 4  # tokens shared by consecutive windows


class SequencePredictor(ModelPredictor):
    """Sequence classifier with window handling; ``predict`` returns label, score and probabilities."""

    def __init__(self, model, tokenizer, metadata: dict, window_reduce: str | None = None):
        super().__init__(model, tokenizer, metadata)
        self.window_reduce = window_reduce or metadata.get("window_reduce", "mean")
        #: detectors: the label whose probability is the risk score, and the saved decision threshold
        self.positive_label: str | None = metadata.get("positive_label")
        self.threshold: float | None = (metadata.get("threshold") or {}).get("value")
        if self.window_reduce not in WINDOW_RULES:
            raise ModelDirError(f"unknown window rule {self.window_reduce!r}; expected one of {', '.join(WINDOW_RULES)}")

    @property
    def positive_column(self) -> int:
        """Column of the risk label (detectors), else the second label."""
        return self.labels.index(self.positive_label) if self.positive_label else 1

    @property
    def decision_threshold(self) -> float:
        """The saved (or overridden) risk threshold; 0.5 when none was saved."""
        return self.threshold if self.threshold is not None else 0.5

    @classmethod
    def load(cls, model_dir: str | Path, window_reduce: str | None = None, trust_remote_code: bool = False) -> SequencePredictor:
        model_dir = Path(model_dir)
        metadata = read_metadata(model_dir)
        if metadata.get("kind", "sequence") != "sequence":
            raise ModelDirError(f"{model_dir}: a {metadata['kind']} classification model, not a sequence classifier")
        return cls(load_model(model_dir, metadata, trust_remote_code=trust_remote_code),
                   load_model_tokenizer(model_dir, trust_remote_code), metadata, window_reduce)

    @torch.inference_mode()
    def predict_proba(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Row i, column j: P(labels[j] | texts[i])."""
        for i, text in enumerate(texts):
            check_text(text, f"text {i}")
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths together: less padding
        batches = range(0, len(texts), batch_size)
        windows = self.window_reduce != "first"
        for start in tqdm(batches, desc="predicting", unit="batch", disable=len(batches) < 8 or not logger.isEnabledFor(logging.INFO)):
            positions = order[start : start + batch_size]
            chunk = [texts[p] for p in positions]
            encoded = self.tokenizer(chunk, truncation=True, max_length=self.max_length, stride=self.stride if windows else 0,
                                     return_overflowing_tokens=windows, padding=True, return_tensors="pt")
            if not windows:
                encoded["overflow_to_sample_mapping"] = torch.arange(len(chunk))
            owners = encoded.pop("overflow_to_sample_mapping").numpy()
            inputs = {k: v for k, v in encoded.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
            window_probs = []
            for w in range(0, len(owners), batch_size):
                logits = self.model(**{k: v[w : w + batch_size] for k, v in inputs.items()}).logits
                window_probs.append(torch.softmax(logits.float(), dim=-1).numpy())
            probs = np.concatenate(window_probs)
            for row, position in enumerate(positions):
                out[position] = self._reduce(probs[owners == row])
        return out

    def _reduce(self, windows: np.ndarray) -> np.ndarray:
        if len(windows) == 1:
            return windows[0]
        if self.window_reduce == "max":
            scores = windows[:, self.positive_column] if self.positive_label else windows.max(axis=1)
            return windows[int(np.argmax(scores))]
        return windows.mean(axis=0)

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[dict]:
        """Per text: ``label``, ``score`` (its probability) and ``probabilities``; detectors add
        ``risk_score`` (P(positive label), never the winning label's confidence) and
        ``is_<positive label>`` (risk at or above the saved threshold, 0.5 if none was saved)."""
        probabilities = self.predict_proba(texts, batch_size)
        results = []
        for row in probabilities:
            best = int(np.argmax(row))
            result = {
                "label": self.labels[best],
                "score": float(row[best]),
                "probabilities": {label: float(p) for label, p in zip(self.labels, row)},
            }
            if self.positive_label is not None:
                risk = float(row[self.positive_column])
                result["risk_score"] = risk
                result[f"is_{self.positive_label}"] = risk >= self.decision_threshold
            results.append(result)
        return results


def window_length(model, metadata: dict) -> int:
    """Tokens per window: the length the model was trained with, capped by its position embeddings."""
    limit = getattr(model.config, "max_position_embeddings", None) or DEFAULT_MAX_LENGTH
    return min(int(metadata.get("max_length") or DEFAULT_MAX_LENGTH), int(limit))


def check_text(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise DataError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise DataError(f"{where}: empty text")


def load_model_tokenizer(model_dir: Path, trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(model_dir, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{model_dir}: cannot load tokenizer ({str(exc).splitlines()[0]})") from None


def load_model(model_dir: Path, metadata: dict, merge: bool = True, trust_remote_code: bool = False):
    """The model of a routerkit directory; LoRA adapters are applied to their backbone (and merged).

    Weights are read from safetensors only (never a pickled ``pytorch_model.bin``); custom model code
    runs only with ``trust_remote_code``.
    """
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    kind = metadata.get("kind", "sequence")
    if is_lora_dir(model_dir):
        from peft import PeftModel

        if not metadata.get("backbone"):
            raise ModelDirError(f"{model_dir}: LoRA adapter without a recorded backbone in routerkit.json")
        base = load_classifier(metadata["backbone"], kind, tuple(metadata["labels"]), trust_remote_code)
        model = PeftModel.from_pretrained(base, model_dir)
        return model.merge_and_unload() if merge else model
    auto = AutoModelForSequenceClassification if kind == "sequence" else AutoModelForTokenClassification
    try:
        return auto.from_pretrained(model_dir, use_safetensors=True, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{model_dir}: cannot load model ({str(exc).splitlines()[0]})") from None
