"""The vLLM Semantic Router layout: a model directory its loaders and auto-discovery accept, the
mapping file it reads, and a configuration snippet that carries our calibrated threshold.

Checked against upstream's source (vllm-project/semantic-router at 3d48f8c9c, ``pkg/classification/
mapping.go``, ``model_discovery*.go``, ``pkg/config/model_config_types.go``, ``canonical_defaults.go``):

* discovery matches directory names containing ``intent-classifier-merged`` (upstream's name for the
  domain / category model), ``pii-detector-merged``, ``jailbreak-detector-merged``, and reads the
  architecture from the name (``modernbert-base`` -> ModernBERT, anything else -> BERT);
* mapping files: ``category_mapping.json`` (``category_to_idx`` / ``idx_to_category``),
  ``pii_type_mapping.json`` and ``jailbreak_type_mapping.json`` (``label_to_idx`` / ``idx_to_label``),
  string indices, contiguous from 0, at least two classes, in the order of ``config.json``'s ``id2label``;
* thresholds live in the router's YAML (v0.3 ``global.model_catalog.modules``), not in the model;
  a ``model_id`` under ``models/`` must be in upstream's model registry, so the snippet uses ``./models/``;
  BERT models need ``use_mmbert_32k: false`` (and ``variant: candle`` for the prompt guard), or the
  mmBERT loader is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from routerkit.artifacts import EXPORT_MANIFEST, write_json, write_metadata
from routerkit.cards import model_card
from routerkit.errors import ConfigError

RESERVED_LABEL = "classification_error"
#: ``model_type`` values the router's loaders read (its RoBERTa discovery path aside)
ROUTER_ARCHITECTURES = ("bert", "modernbert")


@dataclass(frozen=True)
class Slot:
    """One classifier of the router: its directory name, mapping file and configuration keys."""

    directory_suffix: str
    mapping_file: str
    to_index: str
    from_index: str
    yaml_key: str
    mapping_yaml_key: str
    default_threshold: float


SLOTS = {
    "domain": Slot("intent-classifier-merged", "category_mapping.json", "category_to_idx", "idx_to_category",
                   "classifier.domain", "category_mapping_path", 0.5),
    "pii": Slot("pii-detector-merged", "pii_type_mapping.json", "label_to_idx", "idx_to_label",
                "classifier.pii", "pii_mapping_path", 0.9),
    "prompt_guard": Slot("jailbreak-detector-merged", "jailbreak_type_mapping.json", "label_to_idx", "idx_to_label",
                         "prompt_guard", "jailbreak_mapping_path", 0.7),
}


def slot_for(metadata: dict) -> Slot:
    from routerkit.tasks import get_task

    task = metadata.get("task")
    spec = get_task(task) if task else None
    if spec is None or spec.vllm_sr_slot is None:
        raise ConfigError(f"the vLLM Semantic Router has no classifier slot for task {task!r} (it loads category, pii, jailbreak); "
                          "export it as hf or onnx instead")
    return SLOTS[spec.vllm_sr_slot]


def mapping(labels: list[str], slot: Slot) -> dict:
    if RESERVED_LABEL in labels:
        raise ConfigError(f"the label {RESERVED_LABEL!r} is reserved by the vLLM Semantic Router")
    return {slot.to_index: {label: i for i, label in enumerate(labels)},
            slot.from_index: {str(i): label for i, label in enumerate(labels)}}


def directory_name(metadata: dict, model_type: str, slot: Slot) -> str:
    arch = "modernbert-base" if model_type == "modernbert" else "bert"
    return f"routerkit-{metadata['task']}-{arch}-{slot.directory_suffix}"


def threshold_for(metadata: dict, slot: Slot) -> tuple[float, str]:
    if metadata.get("threshold"):
        t = metadata["threshold"]
        return float(t["value"]), f"calibrated on validation for a {t['target_fpr']:.1%} false-positive rate"
    if metadata.get("positive_label"):
        return 0.5, "routerkit's decision threshold when none was calibrated"
    if metadata.get("entity_threshold") is not None:
        return float(metadata["entity_threshold"]), "routerkit's entity-score threshold, chosen on validation (upstream thresholds each token)"
    return slot.default_threshold, "upstream's default (this model has no calibrated threshold)"


def module_lines(slot: Slot, name: str, model_type: str, threshold: float, why: str, positive_label: str | None) -> list[str]:
    """One classifier's entry under ``global.model_catalog.modules`` (indented for that place)."""
    bert = model_type != "modernbert"
    path = f"./models/{name}"
    fields = [f"model_id: {path}", f"threshold: {threshold:.6g}  # {why}", "use_cpu: true"]
    if slot.yaml_key == "prompt_guard":
        fields = ["enabled: true", *fields, "variant: candle" if bert else "use_modernbert: true"]
        if positive_label and positive_label != "jailbreak":
            fields.append(f"positive_labels: [{positive_label}]")
    else:
        fields += ["use_mmbert_32k: false"] if bert else ["use_modernbert: true", "use_mmbert_32k: false"]
    fields.append(f"{slot.mapping_yaml_key}: {path}/{slot.mapping_file}")
    lines, indent = [], "      "
    for part in slot.yaml_key.split("."):
        lines.append(f"{indent}{part}:")
        indent += "  "
    return lines + [f"{indent}{field}" for field in fields]


def yaml_snippet(modules: list[list[str]]) -> str:
    """The router configuration for the exported classifiers (modules sharing ``classifier:`` merged under it)."""
    lines = ["version: v0.3", "global:", "  model_catalog:", "    modules:"]
    for module in modules:
        if module[0].strip() == "classifier:" and "      classifier:" in lines:
            lines += module[1:]
        else:
            lines += module
    return "\n".join(lines) + "\n"


def routed_heads(heads: dict[str, dict]) -> dict[str, Slot]:
    """The heads the router has a classifier slot for (each head's format-1 metadata); ConfigError if none."""
    from routerkit.tasks import get_task

    routed = {}
    for name, metadata in heads.items():
        spec = get_task(metadata["task"]) if metadata.get("task") else None
        if spec is not None and spec.vllm_sr_slot is not None:
            routed[name] = SLOTS[spec.vllm_sr_slot]
    if not routed:
        slot_for(next(iter(heads.values())))  # raises, naming the task
    return routed


def write_vllm_sr(models: dict[str, tuple], tokenizer, directory: Path) -> dict:
    """Per head the router has a slot for: ``directory/<name>/`` with config.json (real id2label),
    tokenizer.json, model.safetensors and the mapping file; ``directory/router-config.yaml`` with the
    thresholds; a manifest. ``models``: head -> (transformers model, its format-1 metadata)."""
    routed = routed_heads({name: metadata for name, (_, metadata) in models.items()})
    modules, manifest, summary = [], {"format": "vllm-sr", "models": {}, "thresholds": {}, "mapping_files": {}}, []
    for head, slot in routed.items():
        model, metadata = models[head]
        name = _write_classifier(model, tokenizer, metadata, slot, directory)
        threshold, why = threshold_for(metadata, slot)
        modules.append(module_lines(slot, name, model.config.model_type, threshold, why, metadata.get("positive_label")))
        manifest["source"] = metadata["export"]["source"]
        manifest["models"][metadata["task"]] = name
        manifest["thresholds"][metadata["task"]] = threshold
        manifest["mapping_files"][metadata["task"]] = f"{name}/{slot.mapping_file}"
        summary.append(f"{name}/: config.json, tokenizer.json, model.safetensors, {slot.mapping_file}")
    left = sorted(set(models) - set(routed))
    if left:
        manifest["not_exported"] = {head: "the router has no classifier slot for this task" for head in left}
        summary.append(f"not exported (no router slot): {', '.join(left)}; serve them with `routerkit serve`")
    snippet = yaml_snippet(modules)
    (directory / "router-config.yaml").write_text(
        "# Merge into your vLLM Semantic Router configuration (copy the directories under ./models/).\n" + snippet, encoding="utf-8")
    write_json(directory / EXPORT_MANIFEST, manifest)
    return {"format": "vllm-sr", "directory": str(directory), "summary": [
        *summary, "router configuration (also in router-config.yaml):", *("  " + line for line in snippet.splitlines())]}


def _write_classifier(model, tokenizer, metadata: dict, slot: Slot, directory: Path) -> str:
    labels = list(metadata["labels"])
    model_type = model.config.model_type
    if model_type not in ROUTER_ARCHITECTURES:
        raise ConfigError(f"the vLLM Semantic Router loads BERT and ModernBERT classifiers; this model is {model_type!r}")
    if [model.config.id2label[i] for i in range(len(labels))] != labels:
        raise ConfigError("the model's config.json labels are out of order with routerkit.json; re-train or re-export")
    name = directory_name(metadata, model_type, slot)
    target = directory / name
    target.mkdir()
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    write_json(target / slot.mapping_file, mapping(labels, slot))
    write_json(target / "training_config.json", {"model_max_length": metadata.get("max_length")})
    write_metadata(target, metadata)
    (target / "README.md").write_text(model_card(metadata), encoding="utf-8")
    return name
