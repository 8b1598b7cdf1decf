"""Self-describing model directories: safetensors + JSON, labels inside, atomic writes.

A routerkit model directory holds either a full model that ``transformers`` loads as is
(``config.json`` with ``id2label``/``label2id``, tokenizer files, ``model.safetensors``) or a LoRA
adapter (``adapter_config.json``, ``adapter_model.safetensors``, tokenizer). Both carry
``routerkit.json``: task, labels, method, backbone, window settings, the training config and metrics.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from routerkit import __version__
from routerkit.errors import ModelDirError
from routerkit.model_format import MULTITASK_FORMAT, check_format, parse_document

logger = logging.getLogger(__name__)

METADATA_FILE = "routerkit.json"
#: the manifest of an export that is a directory of model directories (``--format vllm-sr``)
EXPORT_MANIFEST = "routerkit_export.json"
FORMAT_VERSION = 1


def write_json(path: str | Path, data: Any) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)


@contextlib.contextmanager
def atomic_directory(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a staging directory that replaces ``target`` only if the block succeeds.

    A failure (or Ctrl-C) leaves ``target`` untouched and removes the staging directory:
    there is never a half-written model directory at ``target``. Before the rename every file gets
    the permissions the user's umask gives a new file (safetensors writes weights owner-only, which
    a serving process running as another user could not read).

    ``overwrite`` replaces an existing model directory (or export) only: a file, or a non-empty
    directory without ``routerkit.json`` / ``routerkit_export.json`` (say, a data directory named by
    mistake), is refused.
    """
    target = Path(target)
    check_output_dir(target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    apply_umask_permissions(staging)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def check_output_dir(target: Path, overwrite: bool) -> None:
    """Raise ModelDirError unless ``target`` is free, or ``overwrite`` and it is a routerkit model (or empty) directory."""
    if not target.exists():
        return
    if not overwrite:
        raise ModelDirError(f"{target}: already exists (pass --overwrite to replace it)")
    ours = (target / METADATA_FILE).is_file() or (target / EXPORT_MANIFEST).is_file()
    if not (target.is_dir() and (not any(target.iterdir()) or ours)):
        raise ModelDirError(f"{target}: exists and is not a routerkit model directory; refusing to replace it")


def apply_umask_permissions(directory: Path) -> None:
    """Give ``directory`` and everything in it the modes ``open``/``mkdir`` would under the umask."""
    umask = os.umask(0)
    os.umask(umask)
    for path in (directory, *directory.rglob("*")):
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def write_metadata(directory: Path, metadata: dict) -> None:
    """Write ``routerkit.json``: format 1 (one flat head) unless ``metadata`` names its format (2: named heads)."""
    write_json(directory / METADATA_FILE, {"format": FORMAT_VERSION, "routerkit_version": __version__, **metadata})


def read_metadata(directory: str | Path) -> dict:
    """The model directory's routerkit.json, or metadata derived from a plain transformers config.

    Raises ModelDirError when the directory is missing or carries no labels.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelDirError(f"{directory}: model directory not found")
    meta_path = directory / METADATA_FILE
    if meta_path.exists():
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ModelDirError(f"{meta_path}: invalid JSON ({exc.msg})") from None
        if not isinstance(metadata, dict):
            raise ModelDirError(f"{meta_path}: expected a JSON object")
        if check_format(metadata, str(meta_path)) >= MULTITASK_FORMAT:
            parse_document(metadata, str(meta_path))  # validated here: a bad document fails on load, in one line
            return metadata
        if not metadata.get("labels"):
            raise ModelDirError(f"{meta_path}: no 'labels' list; cannot map model outputs to labels")
        return metadata
    config_path = directory / "config.json"
    if not config_path.exists():
        raise ModelDirError(f"{directory}: not a model directory (no {METADATA_FILE} or config.json)")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    id2label = config.get("id2label") or {}
    labels = [id2label[k] for k in sorted(id2label, key=int)] if id2label else []
    if not labels or all(label == f"LABEL_{i}" for i, label in enumerate(labels)):
        raise ModelDirError(f"{directory}: the model has no labels (no {METADATA_FILE}, and config.json has no named id2label)")
    architectures = " ".join(config.get("architectures") or [])
    kind = "token" if "TokenClassification" in architectures else "sequence"
    return {"task": None, "kind": kind, "labels": labels, "method": "full", "max_length": None}


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _merge_note(metadata: dict) -> str:
    merged = metadata.get("merged_from")
    if not merged:
        return ""
    lora = merged.get("lora") or {}
    rank = f", r {lora['r']}, alpha {lora['alpha']}" if lora.get("r") else ""
    return f" (merged from a LoRA adapter{rank}; the metrics below were measured on the adapter before merging)"


def model_card(metadata: dict) -> str:
    """The model directory's README.md, generated from its metadata: what it is, what it is for, on
    which data it was measured, what it scores and where it is weak."""
    test = (metadata.get("metrics") or {}).get("test") or {}
    token = metadata["kind"] == "token"
    labels = metadata["labels"]
    lines = [f"# routerkit {metadata['task']} classifier", ""]
    description = _task_description(metadata["task"])
    if description:
        lines += [description, ""]
    lines += ["## Model", "",
              f"- task: `{metadata['task']}` ({metadata['kind']} classification)",
              f"- backbone: `{metadata['backbone']}`, method: `{metadata['method']}`{_merge_note(metadata)}, "
              f"max length {metadata['max_length']} tokens per window",
              (f"- {len(_entity_types(labels))} entity types: {', '.join(_entity_types(labels))} "
               f"(the model's {len(labels)} labels are their B-/I- tags and O)") if token else f"- labels ({len(labels)}): {', '.join(labels)}",
              f"- trained with routerkit {__version__}", "",
              "## Intended use", "", _intended_use(metadata), "",
              "## Languages", "", LANGUAGES_NOTE, ""]
    counts = (metadata.get("data") or {}).get("counts") or {}
    if counts:
        lines += ["## Data", "", "| split | rows |", "|---|---|"]
        lines += [f"| {_COUNT_NAMES.get(split, split)} | {n:,} |" for split, n in counts.items()]
        lines.append("")
    lines += ["## Test results", ""]
    if test.get("entity_f1") is not None:
        lines.append(f"- entity precision {test['entity_precision']:.4f}, recall {test['entity_recall']:.4f}, "
                     f"F1 {test['entity_f1']:.4f} (exact type + start + end; {test.get('rows')} rows); "
                     f"entity threshold {metadata.get('entity_threshold')}")
    elif test:
        decided = " (the labels are the threshold's decisions)" if metadata.get("threshold") else ""
        lines.append(f"- accuracy {test.get('accuracy', float('nan')):.4f}, weighted F1 {test.get('weighted_f1', float('nan')):.4f}, "
                     f"macro F1 {test.get('macro_f1', float('nan')):.4f} ({test.get('rows')} rows){decided}")
    else:
        lines.append("- none recorded")
    if metadata.get("threshold"):
        t = metadata["threshold"]
        lines.append(f"- decision threshold on P({metadata.get('positive_label')}): {t['value']:.6f}, chosen on validation for a "
                     f"{t['target_fpr']:.1%} false-positive rate; test ROC-AUC {_num(test.get('roc_auc'))}, "
                     f"recall at 1% FPR {_num(test.get('recall_at_1pct_fpr'))}")
    lines += ["", "## Limitations", "", "- English only (above)."] + _weak_spots(metadata, test) + [""]
    auto = "AutoModelForTokenClassification" if token else "AutoModelForSequenceClassification"
    export = metadata.get("export") or {}
    lines += ["## Use", ""]
    if export:
        lines.append(f"- export: `{export['format']}` of `{export.get('source')}`"
                     + (f"; ONNX inputs {', '.join(export['inputs'])}, opset {export['opset']}" if export.get("inputs") else "")
                     + ("; int8 dynamic quantisation" if export.get("quantization") else ""))
    lines.append("Load with `routerkit predict MODEL_DIR --input in.jsonl --output out.jsonl`")
    if export.get("inputs"):
        lines[-1] += " (ONNX Runtime) or `routerkit.load(MODEL_DIR)`; parity with PyTorch: `parity.json`."
    elif metadata["method"] == "full":
        lines[-1] += f" or `transformers.{auto}.from_pretrained(MODEL_DIR)`."
    else:
        lines[-1] += "; `routerkit merge` turns the adapter into a full model."
    lines += ["", "Training configuration and full metrics: `routerkit.json`" + ("." if export.get("inputs") or export.get("format") == "vllm-sr" else ", `eval/`.")]
    return "\n".join(lines) + "\n"


#: what every model card says about languages (the offline backbone and every training set are English)
LANGUAGES_NOTE = ("English only. The backbone and the training data are English; other languages get confident "
                  "wrong answers (Chinese, Japanese and Arabic prompts come back as PERSON spans, or as `philosophy` at "
                  "0.98). A multilingual backbone (`--backbone`) and data are needed for them.")

_COUNT_NAMES = {"train_used": "train, as used (after augmentation / oversampling)"}


def _task_description(task: str) -> str | None:
    from routerkit.tasks import TASKS

    spec = TASKS.get(task)
    return spec.description if spec else None


def _entity_types(labels: list[str]) -> list[str]:
    from routerkit.data.alignment import entity_types_of

    return list(entity_types_of(tuple(labels)))


def _intended_use(metadata: dict) -> str:
    if metadata["kind"] == "token":
        return ("A semantic router's PII signal: character-offset spans (code points) of personal data in a request, "
                "and the request with them masked, to route or redact before an LLM sees it.")
    if metadata.get("positive_label"):
        positive = metadata["positive_label"]
        return (f"A semantic router's `{positive}` signal: `risk_score` is P({positive}); a request is flagged "
                f"(`is_{positive}`, and `label` `{positive}`) at or above the calibrated threshold, to block or escalate "
                "it. It judges attempts to get around an LLM's rules, not whether a request is harmful in itself.")
    return ("A semantic router's routing signal: the request's label picks the model or route that serves it; "
            "`score` is that label's probability (low scores: fall back to a default route).")


def _weak_spots(metadata: dict, test: dict) -> list[str]:
    """Where the test split shows the model weak: the lowest classes or entity types, each detector source's flagged rate."""
    lines = []
    scores = test.get("per_type_f1") or test.get("per_class_f1") or {}
    weakest = sorted(scores.items(), key=lambda item: item[1])[:3]
    if weakest and weakest[0][1] < 0.9:
        what = "entity types" if "per_type_f1" in test else "classes"
        lines.append(f"- weakest {what} on test (F1): " + ", ".join(f"{name} {f1:.2f}" for name, f1 in weakest))
    sources = test.get("flagged_per_source") or {}
    if sources:
        lines.append("- flagged at the threshold per test source (attack sources: recall; benign sources: false positives): "
                     + ", ".join(f"{name} {e['flagged']}/{e['rows']}" for name, e in sources.items()))
    return lines


def multitask_card(metadata: dict) -> str:
    """A short README.md for a multi-task model directory, generated from its metadata."""
    lines = [f"# routerkit multi-task model ({', '.join(metadata['heads'])})", "",
             f"- one `{metadata['backbone']}` encoder ({metadata['method']}), {metadata['max_length']} tokens per window; "
             "one forward pass gives every head",
             f"- trained with routerkit {__version__}: {metadata['training']['steps']} steps, {metadata['training']['seconds']} s; "
             f"batches drawn {metadata['sampler']['name']}", ""]
    lines += ["| head | kind | labels | threshold | test |", "|---|---|---|---|---|"]
    for name, head in metadata["heads"].items():
        test = (metadata["metrics"].get(name) or {}).get("test") or {}
        shown = ", ".join(f"{k} {v:.4f}" for k, v in test.items()
                          if k in ("accuracy", "macro_f1", "roc_auc", "recall_at_1pct_fpr", "entity_f1") and v is not None)
        threshold = "" if head.get("threshold") is None else f"{head['threshold']:.4f}"
        lines.append(f"| {name} | {head['kind']} | {len(head['labels'])} | {threshold} | {shown} |")
    lines += ["", "Predict: `routerkit predict MODEL_DIR --input in.jsonl --output out.jsonl [--tasks category,pii]`; "
              "export: `routerkit export MODEL_DIR --format onnx|onnx-int8|hf|vllm-sr`.",
              "", "Heads, calibration, training configuration and full metrics: `routerkit.json`; reports: `eval/<head>/`.",
              "", "## Languages", "", LANGUAGES_NOTE]
    return "\n".join(lines) + "\n"
