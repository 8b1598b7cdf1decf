"""``routerkit export``: a trained model directory -> a production artifact.

Formats:

* ``hf``: a full ``transformers`` directory (LoRA adapters merged) that
  ``transformers.pipeline("text-classification" | "token-classification", model=OUT)`` loads;
* ``onnx``: ``model.onnx`` (inputs ``input_ids`` and ``attention_mask``; dynamic batch and sequence
  axes; one logits output per head) with the tokenizer, ``config.json`` and ``routerkit.json``
  beside it, and ``parity.json``;
* ``onnx-int8``: the same graph dynamically quantised to int8;
* ``vllm-sr``: the directory layout and mapping files the vLLM Semantic Router loads
  (:mod:`routerkit.export.vllm_sr`).

Every export is written atomically and carries the model's labels and calibrated thresholds.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from routerkit.artifacts import EXPORT_MANIFEST, atomic_directory, check_output_dir, read_metadata, write_json, write_metadata
from routerkit.cards import model_card, multitask_card
from routerkit.errors import ConfigError, ModelDirError, RouterkitError
from routerkit.model_format import is_multihead, single_head_metadata

logger = logging.getLogger(__name__)

FORMATS = ("hf", "onnx", "onnx-int8", "vllm-sr")


def export(model_dir: str | Path, output: str | Path, fmt: str, overwrite: bool = False, data_dir: str | Path | None = None,
           trust_remote_code: bool = False, parity_rows: int | None = None) -> dict:
    """Export ``model_dir`` as ``fmt`` into ``output``; returns the export record (with summary lines)."""
    from routerkit.inference.engine import available_backends
    from routerkit.inference.loading import load_model, load_model_tokenizer

    model_dir, output = Path(model_dir), Path(output)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    metadata = read_metadata(model_dir)
    if "torch" not in available_backends(model_dir):
        raise ModelDirError(f"{model_dir}: holds no PyTorch weights (an ONNX export?); export from the trained model directory")
    if output.resolve() == model_dir.resolve():
        raise ConfigError(f"{output}: the export cannot replace the model it is exported from")
    heads = per_head_metadata(metadata)
    if fmt == "vllm-sr":
        from routerkit.export.vllm_sr import routed_heads

        routed_heads(heads)  # no head the router has a slot for: fails here, before the (slow) loading
    check_output_dir(output, overwrite)
    if data_dir is not None and fmt not in ("onnx", "onnx-int8"):
        raise ConfigError(f"--data-dir feeds the ONNX parity check; the {fmt} export has none")
    # the parity rows are read first: a bad data directory fails before the (slow) export
    parity = {name: parity_rows_for(head, data_dir) for name, head in heads.items()} if fmt in ("onnx", "onnx-int8") else None
    model = load_model(model_dir, metadata, merge=True, trust_remote_code=trust_remote_code).eval()
    tokenizer = load_model_tokenizer(model_dir, trust_remote_code)
    with atomic_directory(output, overwrite) as staging:
        if fmt in ("hf", "vllm-sr"):
            # one transformers model per head: a single-task model is itself; a multi-task model's head is the encoder + that head
            models = {name: (model if not is_multihead(metadata) else model.head_model(name),
                             exported_metadata(head, model_dir, fmt)) for name, head in heads.items()}
            if fmt == "hf":
                record = write_hf_models(models, tokenizer, staging, model_dir, multihead=is_multihead(metadata))
            else:
                from routerkit.export.vllm_sr import write_vllm_sr

                record = write_vllm_sr(models, tokenizer, staging)
        else:
            exported = exported_metadata(metadata, model_dir, fmt)
            record = write_onnx(model, tokenizer, exported, staging, int8=fmt == "onnx-int8",
                                parity=parity, parity_rows=parity_rows)
    logger.info("exported %s as %s to %s", model_dir, fmt, output)
    return record


def exported_metadata(metadata: dict, model_dir: Path, fmt: str) -> dict:
    """The model's metadata as an export carries it: weights merged (method full), its origin recorded."""
    out = {k: v for k, v in metadata.items() if k not in ("routerkit_version", "export")}
    if metadata.get("method") == "lora":
        out.update(method="full", merged_from={"method": "lora", "adapter_dir": str(model_dir), "lora": metadata.get("lora")})
    out["export"] = {"format": fmt, "source": str(model_dir)}
    return out


def per_head_metadata(metadata: dict) -> dict[str, dict]:
    """Format-1 metadata per head: a single-task model's own, or each head of a multi-task model as
    the single-task model of its task would record it."""
    from routerkit.inference.heads import heads_from_metadata

    if not is_multihead(metadata):
        return {name: metadata for name in heads_from_metadata(metadata)}
    return {name: single_head_metadata(metadata, name) for name in metadata["heads"]}


def write_hf_models(models: dict[str, tuple], tokenizer, directory: Path, model_dir: Path, multihead: bool) -> dict:
    """A single-task model: ``directory`` is its ``transformers`` directory. A multi-task model:
    ``directory/<head>/`` for each head (the encoder merged with that head), and a manifest."""
    summary = []
    for name, (model, metadata) in models.items():
        target = directory / name if multihead else directory
        target.mkdir(exist_ok=True)
        model.save_pretrained(target)
        tokenizer.save_pretrained(target)
        write_metadata(target, metadata)
        (target / "README.md").write_text(model_card(metadata), encoding="utf-8")
        reports = model_dir / "eval" / name if multihead else model_dir / "eval"
        if reports.is_dir():
            shutil.copytree(reports, target / "eval")
        labels = metadata["labels"]
        summary.append(f"{f'{name}/: ' if multihead else ''}transformers model with labels {', '.join(labels[:6])}"
                       f"{' ...' if len(labels) > 6 else ''}")
    if multihead:
        write_json(directory / EXPORT_MANIFEST, {"format": "hf", "source": str(model_dir), "models": {n: n for n in models}})
    return {"format": "hf", "summary": summary}


def export_card(metadata: dict) -> str:
    if not is_multihead(metadata):
        return model_card(metadata)
    export = metadata["export"]
    return multitask_card(metadata) + (f"\nONNX export (`{export['format']}`) of `{export['source']}`: inputs "
                                       f"{', '.join(export['inputs'])}, one output per head; parity with PyTorch: `parity.json`.\n")


def write_onnx(model, tokenizer, metadata: dict, directory: Path, int8: bool, parity: dict[str, tuple[list[dict], str]],
               parity_rows: int | None) -> dict:
    from routerkit.export.onnx_export import export_onnx, quantize_int8
    from routerkit.export.parity import parity_report, summary_lines
    from routerkit.inference.backends import OnnxBackend
    from routerkit.inference.engine import Classifier, classifier_from_model, dynamically_quantised

    reference = classifier_from_model(model, tokenizer, metadata)  # the PyTorch side of the parity check
    outputs = {head.output: not head.is_sequence for head in reference.heads.values()}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        graph = export_onnx(model, tokenizer, fp32 if int8 else directory / "model.onnx", outputs)
        if int8:
            graph["quantization"] = quantize_int8(fp32, directory / "model.onnx")
    graph["outputs"] = {head.name: head.output for head in reference.heads.values()}
    metadata["export"].update(graph)
    model.config.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    write_metadata(directory, metadata)
    (directory / "README.md").write_text(export_card(metadata), encoding="utf-8")

    onnx_classifier = Classifier(OnnxBackend(directory / "model.onnx", per_row=dynamically_quantised(metadata)), tokenizer,
                                 metadata, reference.heads, reference.max_length)
    label = "ONNX int8" if int8 else "ONNX fp32"
    report = {"format": metadata["export"]["format"], "backend": label,
              **parity_report(reference, onnx_classifier, parity, max_rows=parity_rows)}
    write_json(directory / "parity.json", report)
    size = (directory / "model.onnx").stat().st_size
    return {"format": metadata["export"]["format"], "parity": report,
            "summary": [f"model.onnx: {size / 2**20:.1f} MiB", *summary_lines(report, label)]}


def parity_rows_for(metadata: dict, data_dir: str | Path | None) -> tuple[list[dict], str]:
    """The validation rows of the data the model was trained on (or of ``data_dir``); the embedded demo
    set, said so, when that data is not on this machine."""
    from routerkit.tasks import DataOptions, get_task
    from routerkit.training.rows import load_task_data, shape_entities

    task = get_task(metadata["task"]) if metadata.get("task") else None
    if task is None:
        raise ModelDirError("routerkit.json names no task: no validation rows for the parity check")
    if data_dir is not None and not Path(data_dir).is_dir():
        raise ConfigError(f"{data_dir}: data directory not found")
    options = DataOptions(data_dir=Path(data_dir)) if data_dir is not None else DataOptions.recorded(metadata)
    config = metadata.get("config") or {}
    try:
        data = load_task_data(task, options)
    except RouterkitError as exc:
        if data_dir is not None:
            raise
        logger.warning("the training data is not readable here (%s): parity on the embedded demo set; pass --data-dir", exc)
        options, data = DataOptions(), load_task_data(task, DataOptions())
    data, _ = shape_entities(task, data, config.get("entity_types"), config.get("rename_entities"),
                             config.get("span_conventions"))
    return data.validation, f"{task.name} validation split ({options.describe()})"
