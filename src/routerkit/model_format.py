"""The metadata document of a routerkit model directory (``routerkit.json``), typed and versioned.

* **Format 2**: one encoder and one or more named heads. Each head records its kind (``sequence``;
  ``detector``: a sequence head with a risk label and a calibrated threshold; ``token``: BIO labels
  decoded into character spans), labels, pooling, window rule, calibration and the task it was
  trained for. Written by ``routerkit train multitask``.
* **Format 1**: one flat head (``task``, ``kind``, ``labels``, ``positive_label``, ``threshold``,
  ``entity_threshold``, ``window_reduce``), the weights a plain ``transformers`` classification model.
  Written by the single-task trainer and its exports; read as a one-head model.

A document of a newer format than this code knows is refused with a one-line message.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from routerkit.errors import ModelDirError
from routerkit.inference.heads import HeadSpec

#: the newest format this code reads (and the one multi-task models are written in)
MULTITASK_FORMAT = 2
SINGLE_HEAD_FORMAT = 1


class HeadRecord(HeadSpec):
    """A head as format 2 records it: its spec, the task it was trained on, and how it was calibrated."""

    task: str | None = None
    #: how ``threshold`` was chosen (detectors: target FPR on validation; token heads: entity-F1 grid)
    calibration: dict | None = None

    def spec(self) -> HeadSpec:
        return HeadSpec(**{k: v for k, v in self.model_dump().items() if k in HeadSpec.model_fields})


class ModelDocument(BaseModel):
    """``routerkit.json`` of a format-2 model. Training records (config, schedule, data, metrics) are kept as
    they are; the fields inference needs are validated."""

    model_config = ConfigDict(extra="allow")

    format: Literal[2]
    routerkit_version: str | None = None
    backbone: str
    method: Literal["full", "lora"]
    max_length: int = Field(ge=2)
    heads: dict[str, HeadRecord]
    lora: dict | None = None

    @model_validator(mode="after")
    def _check(self) -> ModelDocument:
        if not self.heads:
            raise ValueError("no heads")
        for name, head in self.heads.items():
            if head.name != name:
                raise ValueError(f"head {name!r} is recorded under the name {head.name!r}")
        outputs = [h.output for h in self.heads.values()]
        if len(set(outputs)) != len(outputs):
            raise ValueError("two heads read the same output")
        return self


def check_format(metadata: dict, where: str) -> int:
    """The document's format number; ModelDirError for one newer than this code reads, or not a number."""
    version = metadata.get("format", SINGLE_HEAD_FORMAT)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ModelDirError(f"{where}: 'format' must be a whole number, got {version!r}")
    if version > MULTITASK_FORMAT:
        raise ModelDirError(f"{where}: written in model format {version}, newer than this routerkit reads "
                            f"(up to {MULTITASK_FORMAT}); upgrade routerkit")
    return version


def parse_document(metadata: dict, where: str) -> ModelDocument:
    try:
        return ModelDocument.model_validate(metadata)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'document'}: {e['msg']}" for e in exc.errors()[:3])
        raise ModelDirError(f"{where}: invalid format-2 metadata ({problems})") from None


def is_multihead(metadata: dict) -> bool:
    return metadata.get("format", SINGLE_HEAD_FORMAT) >= MULTITASK_FORMAT


def single_head_metadata(metadata: dict, head: str) -> dict:
    """Format-1 metadata for one head of a format-2 model: what a single-task model trained for that
    head's task records (its ``hf`` / ``vllm-sr`` export is that head's encoder + head model)."""
    document = parse_document(metadata, "routerkit.json")
    if head not in document.heads:
        raise ModelDirError(f"the model has no head {head!r}; its heads: {', '.join(document.heads)}")
    record = document.heads[head]
    data = metadata.get("data") or {}
    out = {
        "task": record.task, "kind": "token" if record.kind == "token" else "sequence", "labels": list(record.labels),
        "method": metadata["method"], "backbone": metadata["backbone"], "max_length": metadata["max_length"],
        "window_reduce": record.window_rule, "positive_label": record.positive_label, "pooling": record.pooling,
        "lora": metadata.get("lora"), "config": metadata.get("config"), "schedule": metadata.get("schedule"),
        "data": {**((data.get("tasks") or {}).get(head) or {}), "options": data.get("options") or {}},
        "training": metadata.get("training"), "metrics": (metadata.get("metrics") or {}).get(head) or {},
        "multitask": {"heads": list(document.heads), "head": head},
    }
    if record.kind == "detector" and record.threshold is not None:
        out["threshold"] = record.calibration or {"value": record.threshold}
        out["threshold"]["value"] = record.threshold
    if record.kind == "token" and record.threshold is not None:
        out["entity_threshold"] = record.threshold
        out["entity_threshold_search"] = record.calibration
    return out
