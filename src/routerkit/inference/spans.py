"""BIO decoding of token probabilities into character-span entities, and masking.

* a token's label is its most probable label; ``O`` ends the current entity;
* ``I-X`` continues an entity of type X; ``I-X`` without one (after ``O`` or another type) starts one;
* ``B-X`` starts a new entity, except right against the end of an X entity (no character between):
  then it is another piece of the same word and merges;
* an entity's score is the mean probability of its tokens' labels; entities below ``threshold`` are
  dropped. ``start``/``end`` are character offsets of the original text (``text[start:end]`` is the
  entity's ``text``), so they are right for non-ASCII text and emoji.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: One token of a text: (start, end, probabilities over the labels).
Token = tuple[int, int, np.ndarray]


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
