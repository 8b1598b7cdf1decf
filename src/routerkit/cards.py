"""Model cards: a model directory's README.md, generated from its ``routerkit.json``.

What differs between head kinds (how the labels are described, the test results line, what the
model is for, the ``transformers`` class that loads it) is one :class:`CardKind` per kind in
``CARD_KINDS``; :func:`model_card` looks it up and never branches on the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from routerkit import __version__
from routerkit.evaluation.report import score_text

#: what every model card says about languages (the offline backbone and every training set are English)
LANGUAGES_NOTE = ("English only. The backbone and the training data are English; other languages get confident "
                  "wrong answers (Chinese, Japanese and Arabic prompts come back as PERSON spans, or as `philosophy` at "
                  "0.98). A multilingual backbone (`--backbone`) and data are needed for them.")

_COUNT_NAMES = {"train_used": "train, as used (after augmentation / oversampling)"}


@dataclass(frozen=True)
class CardKind:
    """The kind-specific parts of a single-task model card."""

    #: the ``transformers`` auto class a full model of this kind loads with
    auto_class: str

    def labels_line(self, labels: list[str]) -> str:
        return f"- labels ({len(labels)}): {', '.join(labels)}"

    def test_lines(self, metadata: dict, test: dict) -> list[str]:
        """The test split's headline scores (``test``: the metrics routerkit.json keeps for it; may be empty)."""
        if not test:
            return ["- none recorded"]
        return [f"- accuracy {test.get('accuracy', float('nan')):.4f}, weighted F1 {test.get('weighted_f1', float('nan')):.4f}, "
                f"macro F1 {test.get('macro_f1', float('nan')):.4f} ({test.get('rows')} rows)"]

    def intended_use(self, metadata: dict) -> str:
        return ("A semantic router's routing signal: the request's label picks the model or route that serves it; "
                "`score` is that label's probability (low scores: fall back to a default route).")


class DetectorCard(CardKind):
    def test_lines(self, metadata, test):
        threshold = metadata.get("threshold")
        lines = super().test_lines(metadata, test)
        if threshold:
            if test:
                lines[0] += " (the labels are the threshold's decisions)"
            lines.append(f"- decision threshold on P({metadata.get('positive_label')}): {threshold['value']:.6f}, chosen on validation "
                         f"for a {threshold['target_fpr']:.1%} false-positive rate; test ROC-AUC {score_text(test.get('roc_auc'))}, "
                         f"recall at 1% FPR {score_text(test.get('recall_at_1pct_fpr'))}")
        return lines

    def intended_use(self, metadata):
        positive = metadata["positive_label"]
        return (f"A semantic router's `{positive}` signal: `risk_score` is P({positive}); a request is flagged "
                f"(`is_{positive}`, and `label` `{positive}`) at or above the calibrated threshold, to block or escalate "
                "it. It judges attempts to get around an LLM's rules, not whether a request is harmful in itself.")


class TokenCard(CardKind):
    def labels_line(self, labels):
        types = _entity_types(labels)
        return f"- {len(types)} entity types: {', '.join(types)} (the model's {len(labels)} labels are their B-/I- tags and O)"

    def test_lines(self, metadata, test):
        if not test:
            return ["- none recorded"]
        return [f"- entity precision {test['entity_precision']:.4f}, recall {test['entity_recall']:.4f}, "
                f"F1 {test['entity_f1']:.4f} (exact type + start + end; {test.get('rows')} rows); "
                f"entity threshold {metadata.get('entity_threshold')}"]

    def intended_use(self, metadata):
        return ("A semantic router's PII signal: character-offset spans (code points) of personal data in a request, "
                "and the request with them masked, to route or redact before an LLM sees it.")


CARD_KINDS: dict[str, CardKind] = {"sequence": CardKind("AutoModelForSequenceClassification"),
                                   "detector": DetectorCard("AutoModelForSequenceClassification"),
                                   "token": TokenCard("AutoModelForTokenClassification")}


def model_card(metadata: dict) -> str:
    """The model directory's README.md, generated from its metadata: what it is, what it is for, on
    which data it was measured, what it scores and where it is weak."""
    from routerkit.inference.heads import head_kind_of

    card = CARD_KINDS[head_kind_of(metadata["kind"], metadata.get("positive_label"))]
    test = (metadata.get("metrics") or {}).get("test") or {}
    lines = [f"# routerkit {metadata['task']} classifier", ""]
    description = _task_description(metadata["task"])
    if description:
        lines += [description, ""]
    lines += ["## Model", "",
              f"- task: `{metadata['task']}` ({metadata['kind']} classification)",
              f"- backbone: `{metadata['backbone']}`, method: `{metadata['method']}`{_merge_note(metadata)}, "
              f"max length {metadata['max_length']} tokens per window",
              card.labels_line(metadata["labels"]),
              f"- trained with routerkit {__version__}", "",
              "## Intended use", "", card.intended_use(metadata), "",
              "## Languages", "", LANGUAGES_NOTE, ""]
    counts = (metadata.get("data") or {}).get("counts") or {}
    if counts:
        lines += ["## Data", "", "| split | rows |", "|---|---|"]
        lines += [f"| {_COUNT_NAMES.get(split, split)} | {n:,} |" for split, n in counts.items()]
        lines.append("")
    lines += ["## Test results", ""]
    lines += card.test_lines(metadata, test)
    lines += ["", "## Limitations", "", "- English only (above)."] + _weak_spots(test) + [""]
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
        lines[-1] += f" or `transformers.{card.auto_class}.from_pretrained(MODEL_DIR)`."
    else:
        lines[-1] += "; `routerkit merge` turns the adapter into a full model."
    lines += ["", "Training configuration and full metrics: `routerkit.json`" + ("." if export.get("inputs") or export.get("format") == "vllm-sr" else ", `eval/`.")]
    return "\n".join(lines) + "\n"


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



def _merge_note(metadata: dict) -> str:
    merged = metadata.get("merged_from")
    if not merged:
        return ""
    lora = merged.get("lora") or {}
    rank = f", r {lora['r']}, alpha {lora['alpha']}" if lora.get("r") else ""
    return f" (merged from a LoRA adapter{rank}; the metrics below were measured on the adapter before merging)"


def _task_description(task: str) -> str | None:
    from routerkit.tasks import TASKS

    spec = TASKS.get(task)
    return spec.description if spec else None


def _entity_types(labels: list[str]) -> list[str]:
    from routerkit.data.alignment import entity_types_of

    return list(entity_types_of(tuple(labels)))


def _weak_spots(test: dict) -> list[str]:
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
