"""Character spans -> token labels, one rule for every backbone (the tokenizer's offset mapping).

The rule: a token belongs to an entity when its character range overlaps the entity's span. The first
such token is ``B-<TYPE>``, every later one (sub-words included) ``I-<TYPE>``; all other tokens are
``O``. Special tokens (empty offsets) and padding get ``-100`` (ignored by the loss and the metrics).

Texts longer than one window are cut into overlapping windows (``stride`` tokens shared), every window
labelled by the same rule, so that no training text is silently truncated.
"""

from __future__ import annotations

from collections.abc import Sequence

IGNORE = -100


def bio_label_set(types: Sequence[str]) -> tuple[str, ...]:
    """``("O", "B-T1", "I-T1", ...)`` for entity ``types`` in the given order."""
    return ("O",) + tuple(f"{prefix}-{t}" for t in types for prefix in ("B", "I"))


def entity_types_of(labels: Sequence[str]) -> tuple[str, ...]:
    """The entity types behind a BIO label set, in label order (the inverse of :func:`bio_label_set`)."""
    return tuple(label[2:] for label in labels if label.startswith("B-"))


def align_spans(offsets: Sequence[tuple[int, int]], spans: Sequence[dict], label_ids: dict[str, int],
                special: Sequence[bool] | None = None) -> list[int]:
    """Token label ids for one window.

    ``offsets``: ``(start, end)`` character range of each token (``(0, 0)`` for special tokens);
    ``spans``: ``{"start", "end", "label"}`` character spans (non-overlapping); ``special``: optional
    mask of special tokens, for tokenizers whose special tokens carry non-empty offsets.
    """
    out = []
    ordered = sorted(spans, key=lambda s: s["start"])
    begun: set[int] = set()
    for index, (start, end) in enumerate(offsets):
        if (special is not None and special[index]) or start == end:
            out.append(IGNORE)
            continue
        label = label_ids["O"]
        for number, span in enumerate(ordered):
            if start < span["end"] and end > span["start"]:
                prefix = "I" if number in begun else "B"
                begun.add(number)
                label = label_ids[f"{prefix}-{span['label']}"]
                break
        out.append(label)
    return out


def encode_token_rows(rows: Sequence[dict], tokenizer, labels: Sequence[str], max_length: int, stride: int | None = None):
    """A tokenised ``datasets.Dataset`` with aligned ``labels``; long texts become several windows.

    Within a window the ``B-`` of an entity whose start lies in an earlier window is kept as ``B-``
    (the window is a text of its own to the model).
    """
    from datasets import Dataset

    label_ids = {label: i for i, label in enumerate(labels)}
    stride = max_length // 4 if stride is None else stride
    texts = [r["text"] for r in rows]
    encoded = tokenizer(texts, truncation=True, max_length=max_length, stride=stride, return_overflowing_tokens=True,
                        return_offsets_mapping=True, return_special_tokens_mask=True)
    owners = encoded.pop("overflow_to_sample_mapping")
    offsets = encoded.pop("offset_mapping")
    special = encoded.pop("special_tokens_mask")
    encoded["labels"] = [align_spans(o, rows[owner]["spans"], label_ids, s) for o, owner, s in zip(offsets, owners, special)]
    keep = [k for k in encoded.keys() if k in ("input_ids", "attention_mask", "token_type_ids", "labels")]
    return Dataset.from_dict({k: encoded[k] for k in keep})
