"""What training needs to know about a head kind: how a task's rows are shaped for it, how they are
encoded and batched, what the trainer scores at each evaluation, whether its loss can weigh classes
and whether its head reads a pooled text vector. Both trainers look the kind up here; neither branches
on it. (What evaluation needs: :mod:`routerkit.training.head_evaluation`.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from routerkit.errors import ConfigError

logger = logging.getLogger(__name__)


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
    #: (task, data, entity_types, rename, conventions) -> (data, labels): the rows as this kind trains and scores them
    shape_data: Callable
    #: whether the head reads one pooled vector per text (its pooling, CLS or mean, is then a choice)
    pooled: bool


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


def _unchanged(task, data, entity_types, rename, conventions):
    return data, task.labels


def shape_token_data(task, data, entity_types, rename, conventions):
    """The annotation conventions applied to the training and validation rows (the test rows keep their
    source's own annotation; :mod:`routerkit.data.pii_conventions`), then entity types kept / renamed in
    every split. Returns the data and its BIO labels."""
    from routerkit.data.pii import bio_labels, select_types, selected_labels
    from routerkit.data.pii_conventions import apply_conventions, resolve_conventions
    from routerkit.tasks import TaskData

    rules = resolve_conventions(conventions)
    data = TaskData(apply_conventions(data.train, rules), apply_conventions(data.validation, rules), data.test,
                    provenance={**data.provenance, "span_conventions": rules})
    if not (entity_types or rename):
        return data, task.labels
    keep = set(entity_types) if entity_types else None
    types = selected_labels(keep, rename, task.entity_types)
    parts = [select_types(rows, keep, rename, task.entity_types) for rows in (data.train, data.validation, data.test)]
    logger.info("entity types used: %s", ", ".join(types))
    return TaskData(*parts, provenance={**data.provenance, "entity_types": list(types), "rename": rename or {}}), bio_labels(types)


SEQUENCE = TrainingKind(encode_sequence_rows, _sequence_collator, _sequence_metrics, weighs_classes=True, shape_data=_unchanged,
                        pooled=True)
TOKEN = TrainingKind(_encode_token_rows, _token_collator, _token_metrics, weighs_classes=False, shape_data=shape_token_data,
                     pooled=False)
#: task kinds (``sequence``, ``token``) and head kinds (``detector`` trains as a sequence head)
KINDS: dict[str, TrainingKind] = {"sequence": SEQUENCE, "detector": SEQUENCE, "token": TOKEN}


def training_kind(kind: str) -> TrainingKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ConfigError(f"no training behaviour for kind {kind!r} (known: {', '.join(KINDS)})") from None
