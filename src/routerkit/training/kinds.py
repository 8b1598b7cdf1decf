"""What training needs to know about a head kind: how its rows are encoded and batched, what the
trainer scores at each evaluation, whether its loss can weigh classes. Both trainers look the kind
up here; neither branches on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from routerkit.errors import ConfigError


@dataclass(frozen=True)
class TrainingKind:
    #: (rows, tokenizer, labels, max_length) -> a tokenised ``datasets.Dataset`` with ``labels``
    encode: Callable
    #: tokenizer -> the collator that pads a batch of encoded rows
    collator: Callable
    #: (logits, label_ids, labels) -> the metrics ``transformers.Trainer`` logs at each evaluation
    trainer_metrics: Callable
    #: whether inverse-frequency class weights apply (one label per row)
    weighs_classes: bool


def encode_sequence_rows(rows: Sequence[dict], tokenizer, labels: Sequence[str], max_length: int):
    """Tokenised dataset of ``{"text", "label"}`` rows (truncated to ``max_length``)."""
    from datasets import Dataset

    label_ids = {label: i for i, label in enumerate(labels)}
    dataset = Dataset.from_dict({"text": [r["text"] for r in rows], "labels": [label_ids[r["label"]] for r in rows]})
    return dataset.map(lambda batch: tokenizer(batch["text"], truncation=True, max_length=max_length),
                       batched=True, remove_columns=["text"], desc="tokenising")


def _sequence_collator(tokenizer):
    from transformers import DataCollatorWithPadding

    return DataCollatorWithPadding(tokenizer)


def _token_collator(tokenizer):
    from transformers import DataCollatorForTokenClassification

    return DataCollatorForTokenClassification(tokenizer)


def _sequence_metrics(logits, label_ids, labels):
    from routerkit.evaluation.metrics import trainer_metrics

    return trainer_metrics(logits, label_ids)


def _token_metrics(logits, label_ids, labels):
    from routerkit.evaluation.entities import token_trainer_metrics

    return token_trainer_metrics(logits, label_ids, labels)


def _encode_token_rows(rows, tokenizer, labels, max_length):
    from routerkit.data.alignment import encode_token_rows

    return encode_token_rows(rows, tokenizer, labels, max_length)


SEQUENCE = TrainingKind(encode_sequence_rows, _sequence_collator, _sequence_metrics, weighs_classes=True)
TOKEN = TrainingKind(_encode_token_rows, _token_collator, _token_metrics, weighs_classes=False)
#: task kinds (``sequence``, ``token``) and head kinds (``detector`` trains as a sequence head)
KINDS: dict[str, TrainingKind] = {"sequence": SEQUENCE, "detector": SEQUENCE, "token": TOKEN}


def training_kind(kind: str) -> TrainingKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ConfigError(f"no training behaviour for kind {kind!r} (known: {', '.join(KINDS)})") from None
