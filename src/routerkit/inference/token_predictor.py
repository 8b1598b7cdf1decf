"""Token classification (PII) inference: exact character spans, confidences and masked text.

Texts of any length are split into overlapping windows (a quarter of a window shared); a token seen in
several windows gets the mean of its probabilities there. BIO decoding over the text's tokens:

* a token's label is its most probable label; ``O`` ends the current entity;
* ``I-X`` continues an entity of type X; ``I-X`` without one (after ``O`` or another type) starts one;
* ``B-X`` starts a new entity, except right against the end of an X entity (no character between):
  then it is another piece of the same word and merges;
* an entity's score is the mean probability of its tokens' labels; entities below ``threshold`` are
  dropped. ``start``/``end`` are character offsets of the original text (``text[start:end]`` is the
  entity's ``text``), so they are right for non-ASCII text and emoji.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from routerkit.artifacts import read_metadata
from routerkit.errors import ModelDirError
from routerkit.inference.predictor import ModelPredictor, check_text, load_model, load_model_tokenizer

logger = logging.getLogger(__name__)

#: One token of a text: (start, end, probabilities over the labels).
Token = tuple[int, int, np.ndarray]


class TokenPredictor(ModelPredictor):
    """Token classifier: per text, entities with character offsets and the masked text."""

    def __init__(self, model, tokenizer, metadata: dict, threshold: float | None = None):
        super().__init__(model, tokenizer, metadata)
        self.threshold = float(metadata.get("entity_threshold", 0.5) if threshold is None else threshold)

    @classmethod
    def load(cls, model_dir: str | Path, threshold: float | None = None, trust_remote_code: bool = False) -> TokenPredictor:
        model_dir = Path(model_dir)
        metadata = read_metadata(model_dir)
        if metadata.get("kind") != "token":
            raise ModelDirError(f"{model_dir}: a {metadata.get('kind', 'sequence')} classification model, not a token classifier")
        return cls(load_model(model_dir, metadata, trust_remote_code=trust_remote_code),
                   load_model_tokenizer(model_dir, trust_remote_code), metadata, threshold)

    @torch.inference_mode()
    def token_probabilities(self, texts: Sequence[str], batch_size: int = 32) -> list[list[Token]]:
        """Per text, its tokens in order with their (window-averaged) label probabilities."""
        for i, text in enumerate(texts):
            check_text(text, f"text {i}")
        sums: list[dict[tuple[int, int], np.ndarray]] = [{} for _ in texts]
        counts: list[dict[tuple[int, int], int]] = [{} for _ in texts]
        order = np.argsort([len(t) for t in texts], kind="stable")
        batches = range(0, len(texts), batch_size)
        for start in tqdm(batches, desc="predicting", unit="batch", disable=len(batches) < 8 or not logger.isEnabledFor(logging.INFO)):
            positions = order[start : start + batch_size]
            encoded = self.tokenizer([texts[p] for p in positions], truncation=True, max_length=self.max_length,
                                     stride=self.stride, return_overflowing_tokens=True, return_offsets_mapping=True,
                                     return_special_tokens_mask=True, padding=True, return_tensors="pt")
            owners = encoded.pop("overflow_to_sample_mapping").numpy()
            offsets = encoded.pop("offset_mapping").numpy()
            special = encoded.pop("special_tokens_mask").numpy().astype(bool)
            inputs = {k: v for k, v in encoded.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
            mask = inputs["attention_mask"].numpy().astype(bool)
            for w in range(0, len(owners), batch_size):
                logits = self.model(**{k: v[w : w + batch_size] for k, v in inputs.items()}).logits
                probs = torch.softmax(logits.float(), dim=-1).numpy()
                for row in range(len(probs)):
                    window = w + row
                    text_index = positions[owners[window]]
                    for t in np.nonzero(mask[window] & ~special[window])[0]:
                        s, e = int(offsets[window, t, 0]), int(offsets[window, t, 1])
                        if s == e:
                            continue
                        key = (s, e)
                        if key in sums[text_index]:
                            sums[text_index][key] += probs[row, t]
                            counts[text_index][key] += 1
                        else:
                            sums[text_index][key] = probs[row, t].astype(np.float64)
                            counts[text_index][key] = 1
        return [[(s, e, sums[i][(s, e)] / counts[i][(s, e)]) for s, e in sorted(sums[i])] for i in range(len(texts))]

    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[dict]:
        """Per text: ``entities`` (``start``, ``end``, ``label``, ``score``, ``text``) and ``masked_text``."""
        results = []
        for text, tokens in zip(texts, self.token_probabilities(texts, batch_size)):
            entities = decode_entities(tokens, self.labels, text, self.threshold)
            results.append({"entities": entities, "masked_text": mask_text(text, entities)})
        return results


def decode_entities(tokens: Sequence[Token], labels: Sequence[str], text: str, threshold: float = 0.0) -> list[dict]:
    """BIO-decode ``tokens`` (ordered, non-overlapping) into character-span entities (module docstring)."""
    entities: list[dict] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            score = float(np.mean(current.pop("scores")))
            if score >= threshold:
                entities.append({**current, "score": score, "text": text[current["start"] : current["end"]]})

    for start, end, probs in tokens:
        best = int(np.argmax(probs))
        label = labels[best]
        if label == "O":
            close()
            current = None
            continue
        prefix, _, kind = label.partition("-")
        continues = current is not None and current["label"] == kind and (prefix == "I" or start == current["end"])
        if continues:
            current["end"] = end
            current["scores"].append(float(probs[best]))
        else:
            close()
            current = {"start": start, "end": end, "label": kind, "scores": [float(probs[best])]}
    close()
    return entities


def mask_text(text: str, entities: Sequence[dict], template: str = "[{label}]") -> str:
    """``text`` with every entity span replaced by ``[LABEL]``; everything outside the spans is kept."""
    out, last = [], 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        out.append(text[last : entity["start"]])
        out.append(template.format(label=entity["label"]))
        last = entity["end"]
    out.append(text[last:])
    return "".join(out)
