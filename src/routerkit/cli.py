"""The `routerkit` command: one CLI for every task.

    routerkit train TASK --output OUT [--data-dir DIR | --dataset ID_OR_PATH] [--method full|lora] [overrides]
    routerkit evaluate MODEL_DIR [--data-dir DIR | --input LABELLED.jsonl] [--split test]
    routerkit predict MODEL_DIR --input IN.jsonl --output OUT.jsonl
    routerkit export MODEL_DIR --output OUT --format hf|onnx|onnx-int8|vllm-sr
    routerkit merge ADAPTER_DIR --output OUT
    routerkit serve MODEL_DIR... [--host 127.0.0.1] [--port 8080] [--backend onnx|torch] [--config serve.yaml]
    routerkit data TASK [--data-dir DIR]      (splits, label counts, samples; nothing is trained)
    routerkit tasks
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import typing
import warnings
from pathlib import Path

from routerkit import __version__
from routerkit.errors import RouterkitError
from routerkit.export.exporter import FORMATS

logger = logging.getLogger("routerkit")


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    """One ``--flag`` per TrainConfig field (and the multi-task run's own), so every field can be overridden
    from the command line."""
    from routerkit.config import MultiTaskConfig

    group = parser.add_argument_group("training configuration (unset: adaptive / task defaults)")
    for name, field in MultiTaskConfig.model_fields.items():
        if name == "task":
            continue
        flag = "--" + name.replace("_", "-")
        annotation = field.annotation
        args = typing.get_args(annotation)
        base = next((a for a in args if a is not type(None)), annotation) if args else annotation
        kwargs: dict = {"dest": name, "default": argparse.SUPPRESS, "help": field.description}
        if base is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif typing.get_origin(base) is typing.Literal:
            kwargs["choices"] = typing.get_args(base)
        elif typing.get_origin(annotation) is typing.Literal:
            kwargs["choices"] = typing.get_args(annotation)
        elif base in (int, float):
            kwargs["type"] = base
        group.add_argument(flag, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="routerkit", description="Train, evaluate and use semantic-router classifiers.")
    parser.add_argument("--version", action="version", version=f"routerkit {__version__}")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="train a task's classifier (or `multitask`: one encoder, a head per task) "
                                         "and evaluate it on the test split")
    train.add_argument("task", help="task name (see `routerkit tasks`), or `multitask`")
    train.add_argument("--output", "-o", required=True, type=Path, help="model directory to write")
    _add_data_options(train)
    train.add_argument("--config", type=Path, help="JSON file of TrainConfig fields (flags override it)")
    train.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    train.add_argument("--resume", action="store_true",
                       help="continue an interrupted run of the same configuration from its last checkpoint (.OUTPUT.checkpoints/)")
    _add_config_options(train)

    evaluate = sub.add_parser("evaluate", help="evaluate a model directory on a task split or a labelled file")
    evaluate.add_argument("model_dir", type=Path)
    _add_data_options(evaluate, default="the data the model was trained on")
    evaluate.add_argument("--input", type=Path, help="labelled JSONL/CSV/JSON file (fields text + label, or text + spans for PII) instead of a task split")
    evaluate.add_argument("--split", default="test", choices=["train", "validation", "test"])
    evaluate.add_argument("--output", type=Path,
                          help="report directory (default: MODEL_DIR/evaluate; training's reports in MODEL_DIR/eval stay)")
    evaluate.add_argument("--batch-size", type=_positive_int, default=32)
    evaluate.add_argument("--window-reduce", choices=["first", "mean", "max"], help="override the model's rule for long texts")
    _add_tasks_option(evaluate)
    _add_engine_options(evaluate)

    predict = sub.add_parser("predict", help="classify each line of a JSONL file")
    predict.add_argument("model_dir", type=Path)
    predict.add_argument("--input", required=True, type=Path,
                         help="JSONL, CSV or JSON-array file whose records have a 'text' field; '-': JSONL on standard input")
    predict.add_argument("--output", required=True, type=Path, help="JSONL file to write; '-': standard output")
    predict.add_argument("--batch-size", type=_positive_int, default=32)
    predict.add_argument("--window-reduce", choices=["first", "mean", "max"], help="override the model's rule for long texts")
    predict.add_argument("--threshold", type=_probability,
                         help="token models: minimum entity score; detectors: risk threshold (default: the one chosen on validation)")
    _add_tasks_option(predict)
    _add_engine_options(predict)

    export = sub.add_parser("export", help="export a model: transformers (hf), ONNX (fp32 / int8), vLLM Semantic Router layout")
    export.add_argument("model_dir", type=Path)
    export.add_argument("--output", "-o", required=True, type=Path, help="export directory to write")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it is an earlier export")
    export.add_argument("--data-dir", type=Path, help="data for the parity check (default: the data the model was trained on)")
    export.add_argument("--parity-rows", type=_positive_int,
                        help="compare on a seeded sample of this many validation rows (default: all of them)")
    _add_trust_option(export)

    merge = sub.add_parser("merge", help="merge a LoRA adapter directory into a full model directory")
    merge.add_argument("adapter_dir", type=Path)
    merge.add_argument("--output", "-o", required=True, type=Path)
    merge.add_argument("--overwrite", action="store_true")
    _add_trust_option(merge)

    serve = sub.add_parser("serve", help="serve models over HTTP: vLLM Semantic Router's classification API")
    serve.add_argument("models", nargs="*", type=Path, help="model directories or exports (or `models:` in --config)")
    serve.add_argument("--config", type=Path, help="YAML file of service settings (README \"Serve\"); flags override it")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_bounded(int, "a port number", lambda v: 0 <= v <= 65535, "in [0, 65535]"),
                       help="port (default 8080)")
    serve.add_argument("--backend", choices=["torch", "onnx"],
                       help="inference backend (default: ONNX Runtime for an ONNX export, else PyTorch)")
    serve.add_argument("--threads", type=_positive_int, help="ONNX Runtime threads per model (default: every CPU)")
    serve.add_argument("--api-key", help="require this Bearer token on classification endpoints (or $ROUTERKIT_API_KEY)")
    serve.add_argument("--max-batch-size", type=_positive_int, help="texts per engine call at most (default 32)")
    serve.add_argument("--max-wait-ms", type=_bounded(float, "a number", lambda v: 0 <= v <= 1000, "in [0, 1000]"),
                       help="how long an idle model waits for more requests (default 2)")
    serve.add_argument("--no-batching", dest="batching", action="store_false", default=None,
                       help="one engine call per request (no micro-batching)")
    serve.add_argument("--log-format", choices=["json", "text"], help="log lines (default json)")
    _add_trust_option(serve)

    data = sub.add_parser("data", help="show a task's splits, label counts and sample rows (nothing is trained)")
    data.add_argument("task")
    _add_data_options(data)
    data.add_argument("--samples", type=int, default=3, help="sample training rows shown per label")
    data.add_argument("--output", type=Path, help="also write the full report as JSON here")

    pipeline = sub.add_parser("pipeline", help="train, evaluate and export every classifier in one command (resumable)")
    pipeline.add_argument("config", nargs="?", type=Path, help="YAML pipeline configuration (README \"Pipeline\"); flags override it")
    pipeline.add_argument("--data-dir", type=Path, help="directory laid out like the shared data (default: the embedded demo sets)")
    pipeline.add_argument("--output", "-o", type=Path, help="pipeline directory (default runs/pipeline)")
    pipeline.add_argument("--tasks", help="models to build, comma-separated (default: category,pii,jailbreak,intent,multitask)")
    pipeline.add_argument("--exports", type=_names, help="export formats, comma-separated (default: onnx,onnx-int8,vllm-sr; 'none': no export)")
    pipeline.add_argument("--fail-fast", action="store_true", default=None, help="stop at the first failed stage")

    sub.add_parser("tasks", help="list the tasks")
    return parser


def _bounded(convert, what: str, ok, bound: str):
    """An argparse type: ``convert`` the text (else "expected WHAT"), then require ``ok(value)`` (else "must be BOUND")."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        return value

    return parse


_positive_int = _bounded(int, "a whole number", lambda v: v >= 1, "at least 1")
_probability = _bounded(float, "a number", lambda v: 0.0 <= v <= 1.0, "in [0, 1]")


def _add_tasks_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tasks", type=_names, help="heads to use, comma-separated (default: every head the model has)")


def _names(text: str) -> list[str]:
    from routerkit.config import comma_list

    names = comma_list(text)
    if not names:
        raise argparse.ArgumentTypeError("expected head names, comma-separated")
    return names


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=["torch", "onnx"],
                        help="inference backend (default: ONNX Runtime for an ONNX export, else PyTorch)")
    parser.add_argument("--threads", type=_positive_int, help="ONNX Runtime intra-op threads (default: every CPU available)")
    _add_trust_option(parser)


def _add_trust_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trust-remote-code", action="store_true",
                        help="allow the model's custom code to run (only for a model trained with it; off by default)")


def _add_data_options(parser: argparse.ArgumentParser, default: str = "the embedded demo set") -> None:
    parser.add_argument("--data-dir", type=Path, help=f"directory laid out like the shared data (default: {default})")
    parser.add_argument("--dataset", help="hub id or file/directory replacing the task's main source")
    parser.add_argument("--no-extra-data", dest="extra_data", action="store_false", help="do not add the task's extra training sources")


def _check_data_dir(path: Path | None) -> None:
    if path is not None and not path.is_dir():
        raise RouterkitError(f"{path}: data directory not found")


def _data_options(args):
    from routerkit.tasks import DataOptions

    _check_data_dir(args.data_dir)
    return DataOptions(data_dir=args.data_dir, dataset=args.dataset, extra_data=getattr(args, "extra_data", True))


def _evaluation_data(args, metadata: dict):
    """``--data-dir`` / ``--dataset`` if given, else the data the model was trained on (never the demo set silently)."""
    from routerkit.tasks import DataOptions

    if args.data_dir is not None or args.dataset is not None:
        return _data_options(args)
    options = DataOptions.recorded(metadata)
    if options.data_dir is not None and not options.data_dir.is_dir():
        raise RouterkitError(f"the model was trained on {options.data_dir}, which is not here; pass --data-dir")
    logger.info("evaluating on the data the model was trained on: %s", options.describe())
    return options


def _evaluation_output(args) -> Path:
    """The report directory: ``--output``, else MODEL_DIR/evaluate (training's own MODEL_DIR/eval is never replaced)."""
    output = args.output or args.model_dir / "evaluate"
    if output.exists() and not output.is_dir():
        raise RouterkitError(f"{output}: exists and is not a directory (--output names a report directory)")
    return output


def cmd_train(args) -> None:
    from routerkit.config import MULTITASK, MULTITASK_FIELDS, build_config, config_class
    from routerkit.training import train_model

    values = {}
    if args.config:
        try:
            loaded = json.loads(args.config.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RouterkitError(f"{args.config}: cannot read config ({exc})") from None
        if not isinstance(loaded, dict):
            raise RouterkitError(f"{args.config}: expected a JSON object of configuration fields, got {type(loaded).__name__}")
        values.update(loaded)
    values.update({k: v for k, v in vars(args).items() if k in _config_fields()})
    multitask = args.task == MULTITASK
    values["task"] = args.task
    if not multitask:
        given = [name for name in MULTITASK_FIELDS if name in values]
        if given:
            raise RouterkitError(f"--{given[0].replace('_', '-')} applies to `routerkit train {MULTITASK}` only")
    config = build_config(config_class(args.task), **values)
    options = _data_options(args)
    if options.is_demo:
        logger.info("no --data-dir or --dataset: training on the embedded %s demo set%s", args.task, "s" * multitask)
    metadata = train_model(config, options, args.output, overwrite=args.overwrite, resume=args.resume)
    if not metadata:  # processes other than the main one of a data-parallel run write nothing
        return
    if multitask:
        for head, metrics in metadata["metrics"].items():
            print(f"[{head}]")
            _print_metrics(metrics)
        return
    _print_metrics(metadata["metrics"])


def _config_fields() -> set[str]:
    from routerkit.config import MultiTaskConfig

    return set(MultiTaskConfig.model_fields) - {"task"}


def _print_metrics(metrics: dict) -> None:
    for split, values in metrics.items():
        shown = ", ".join(f"{k} {v:.4f}" for k, v in values.items() if isinstance(v, float))
        print(f"{split}: {shown} ({values.get('rows')} rows)")


def cmd_evaluate(args) -> None:
    """Each selected head on its task's split (or on a labelled file), one report per head; a model
    with several heads writes each head's report under ``OUTPUT/<head>/``."""
    from routerkit.artifacts import read_metadata
    from routerkit.inference.heads import heads_from_metadata
    from routerkit.model_format import is_multihead, parse_document

    metadata = read_metadata(args.model_dir)
    heads = heads_from_metadata(metadata)
    names = _selected_heads(args, heads)
    if args.input is not None and len(names) > 1:
        raise RouterkitError(f"--input holds one task's labels; name its head with --tasks (heads: {', '.join(heads)})")
    if args.window_reduce is not None and not any(heads[n].is_sequence for n in names):
        raise RouterkitError("--window-reduce applies to sequence models only; a token model reads every window")
    multi = is_multihead(metadata)
    task_of = ({n: r.task for n, r in parse_document(metadata, str(args.model_dir)).heads.items()} if multi
               else {n: metadata.get("task") for n in heads})
    # every head's rows first: a bad file or data directory fails before the (slow) model loading
    rows = {name: _evaluation_rows(args, metadata, heads[name], task_of[name]) for name in names}
    classifier = _load_classifier(args)
    output = _evaluation_output(args)
    for name in names:
        _evaluate_head(args, classifier, heads[name], *rows[name], output / name if multi else output,
                       f"{name}" if multi else f"{metadata.get('task')}")


def _selected_heads(args, heads: dict) -> list[str]:
    names = args.tasks or list(heads)
    unknown = [n for n in names if n not in heads]
    if unknown:
        raise RouterkitError(f"{args.model_dir}: the model has no head {unknown[0]!r}; its heads: {', '.join(heads)}")
    return names


def _evaluation_rows(args, metadata: dict, spec, task_name: str | None) -> tuple[list[dict], str, str]:
    """The labelled rows one head is evaluated on, where they come from, and the report's name."""
    from routerkit.data.io import read_records
    from routerkit.tasks import get_task
    from routerkit.training.head_evaluation import evaluation_for
    from routerkit.training.rows import load_task_data, shape_entities

    evaluation = evaluation_for(spec)
    if args.input:
        records = read_records(args.input)
        where, name = str(args.input), args.input.stem
        _require_fields(records, evaluation.fields, spec, where)
        rows = evaluation.rows_from_records(records, spec, where, args.input.stem)
    else:
        if not task_name:
            raise RouterkitError(f"{args.model_dir}: routerkit.json names no task; pass --input with a labelled file")
        task = get_task(task_name)
        config = metadata.get("config") or {}
        options = _evaluation_data(args, metadata)
        data, _ = shape_entities(task, load_task_data(task, options), config.get("entity_types"), config.get("rename_entities"),
                                 config.get("span_conventions"))
        rows = data.split(args.split)
        where, name = f"{task.name} {args.split} split of {options.describe()}", args.split
    if not rows:
        raise RouterkitError(f"{where}: no rows to evaluate")
    return rows, where, name


def _require_fields(records: list[dict], fields: tuple[str, ...], spec, where: str) -> None:
    """Refuse, in one line, a file that is not this head's kind of labelled data (e.g. intent rows given to a PII model)."""
    expected = {"spans": "spans = [{start, end, label}, ...]", "label": f"label (one of {', '.join(spec.labels)})"}
    for index, record in enumerate(records, 1):
        missing = [f for f in fields if f not in record]
        if missing:
            raise RouterkitError(
                f"{where}: record {index} has no {', '.join(repr(f) for f in missing)}: not {spec.kind} data for head "
                f"{spec.name!r} (expected fields: {', '.join(expected.get(f, f) for f in fields)}; "
                f"this record has: {', '.join(sorted(record)) or 'nothing'})")


def _evaluate_head(args, classifier, spec, rows: list[dict], where: str, name: str, output: Path, title: str) -> None:
    from routerkit.training.head_evaluation import evaluation_for

    evaluation = evaluation_for(spec)
    # held out: the test split or a labelled file, not rows the model was trained or tuned on (a detector's suffix attack runs there)
    report = evaluation.evaluate_rows(classifier, rows, spec.name, batch_size=args.batch_size,
                                      predictions_path=output / f"{name}_predictions.jsonl",  # next to the report they explain
                                      held_out=args.input is not None or args.split == "test", window_rule=args.window_reduce)
    report.update(evaluated_on=where, backend=classifier.backend.name)
    paths = evaluation.write_report(report, output, name, f"{title} — {where}")
    prefix = f"[{spec.name}] " if len(classifier.heads) > 1 else ""
    for line in evaluation.describe(report):
        print(f"{prefix}{name}: {line}")
    print(f"{prefix}report: {paths['markdown']}")


def _load_classifier(args):
    from routerkit.inference.engine import load

    return load(args.model_dir, args.backend, trust_remote_code=args.trust_remote_code, threads=args.threads)


STDIO = Path("-")


def cmd_predict(args) -> None:
    from routerkit.data.io import iter_jsonl_lines, read_records, write_jsonl, write_jsonl_stream
    from routerkit.inference.loading import check_text

    if args.input != STDIO and args.output != STDIO and args.input.resolve() == args.output.resolve():
        raise RouterkitError(f"{args.output}: is the input file; name another --output (the input is never replaced)")
    if args.input == STDIO:
        records = [record for _, record in iter_jsonl_lines(sys.stdin, "<stdin>")]
    else:
        records = read_records(args.input)
    for number, record in enumerate(records, start=1):
        check_text(record.get("text"), f"{args.input}: record {number}")
    from routerkit.artifacts import read_metadata
    from routerkit.inference.heads import heads_from_metadata

    # the heads asked for are checked before the (slow) model loading
    heads = _selected_heads(args, heads_from_metadata(read_metadata(args.model_dir))) if args.tasks else None
    classifier = _load_classifier(args)
    predictions = classifier.predict([r["text"] for r in records], batch_size=args.batch_size, heads=heads,
                                     threshold=args.threshold, window_rule=args.window_reduce)
    rows = [with_prediction(record, prediction.to_dict()) for record, prediction in zip(records, predictions)]
    if args.output == STDIO:
        write_jsonl_stream(sys.stdout, rows)
    else:
        write_jsonl(args.output, rows)
    logger.info("wrote %d predictions to %s", len(records), "standard output" if args.output == STDIO else args.output)


def with_prediction(record: dict, prediction: dict) -> dict:
    """The input line with the prediction's fields added; an input field of the same name (a gold
    ``label``, say) is kept as ``input_<name>`` (``input_input_<name>`` if that is taken too)."""
    out, used = {}, set(prediction)
    for key, value in record.items():
        name = key
        if key in prediction:
            name = f"input_{key}"
            while name in used or name in record:
                name = f"input_{name}"
        out[name] = value
        used.add(name)
    return {**out, **prediction}


def cmd_export(args) -> None:
    from routerkit.export.exporter import export

    result = export(args.model_dir, args.output, args.format, overwrite=args.overwrite, data_dir=args.data_dir,
                    trust_remote_code=args.trust_remote_code, parity_rows=args.parity_rows)
    for line in result.get("summary", []):
        print(line)
    print(f"exported: {args.output}")


def cmd_merge(args) -> None:
    from routerkit.export.merge import merge_adapter

    merge_adapter(args.adapter_dir, args.output, overwrite=args.overwrite, trust_remote_code=args.trust_remote_code)


def cmd_serve(args) -> int:
    from routerkit.serving.config import load_serve_config
    from routerkit.serving.observability import configure_logging
    from routerkit.serving.server import serve

    overrides = {k: getattr(args, k) for k in ("host", "port", "backend", "threads", "api_key", "log_format") if getattr(args, k) is not None}
    if args.trust_remote_code:
        overrides["trust_remote_code"] = True
    if args.models:
        overrides["models"] = args.models
    batching = {"enabled": args.batching, "max_batch_size": args.max_batch_size, "max_wait_ms": args.max_wait_ms}
    if any(v is not None for v in batching.values()):
        overrides["batching"] = {k: v for k, v in batching.items() if v is not None}
    config = load_serve_config(args.config, overrides)
    configure_logging(config.log_format, args.log_level)
    return serve(config)


def cmd_data(args) -> None:
    import random

    from routerkit.artifacts import write_json
    from routerkit.tasks import get_task
    from routerkit.training.rows import load_task_data

    task = get_task(args.task)
    options = _data_options(args)
    data = load_task_data(task, options)
    report: dict = {"task": task.name, "counts": data.counts(), "provenance": data.provenance, "labels": {}}
    print(f"{task.name}: {data.counts()}")
    DESCRIBE_DATA[task.kind](task, data, report, args.samples, random.Random(0))
    if task.describe_data is not None and not options.is_demo:
        report["derivation"] = task.describe_data(options)
        print(json.dumps({k: v for k, v in report["derivation"].items() if k != "samples"}, indent=1, ensure_ascii=False))
    if args.output:
        write_json(args.output, report)
        print(f"report: {args.output}")


def _describe_label_data(task, data, report: dict, samples: int, rng) -> None:
    """Rows per label and split, and a few training texts of each label."""
    from collections import Counter

    print(f"{'label':28s} {'train':>7s} {'validation':>10s} {'test':>6s}")
    counts = {split: Counter(r["label"] for r in data.split(split)) for split in ("train", "validation", "test")}
    for label in task.labels:
        print(f"{label:28s} {counts['train'][label]:7d} {counts['validation'][label]:10d} {counts['test'][label]:6d}")
        rows = [r for r in data.train if r["label"] == label]
        report["labels"][label] = {"counts": {s: counts[s][label] for s in counts},
                                   "samples": [r["text"][:300] for r in rng.sample(rows, min(samples, len(rows)))]}
    for label, entry in report["labels"].items():
        for text in entry["samples"]:
            print(f"  [{label}] {' '.join(text.split())[:160]}")


def _describe_span_data(task, data, report: dict, samples: int, rng) -> None:
    """Entities per type and split, rows without any, and a few training rows with their entities."""
    from collections import Counter

    counts = {split: Counter(s["label"] for r in data.split(split) for s in r["spans"]) for split in ("train", "validation", "test")}
    print(f"{'entity type':20s} {'train':>7s} {'validation':>10s} {'test':>6s}")
    for kind in task.entity_types:
        print(f"{kind:20s} {counts['train'][kind]:7d} {counts['validation'][kind]:10d} {counts['test'][kind]:6d}")
        report["labels"][kind] = {"counts": {s: counts[s][kind] for s in counts}}
    empty = {split: sum(not r["spans"] for r in data.split(split)) for split in counts}
    print(f"rows without any entity: {empty}")
    for row in rng.sample(data.train, min(samples * 3, len(data.train))):
        print(f"  {row['text'][:140]!r} -> {[(row['text'][s['start']:s['end']], s['label']) for s in row['spans']]}")
    report["rows_without_entities"] = empty


#: task kind -> how ``routerkit data`` describes its rows
DESCRIBE_DATA = {"sequence": _describe_label_data, "token": _describe_span_data}


def cmd_pipeline(args) -> int:
    from routerkit.pipeline import load_pipeline_config, run_pipeline

    _check_data_dir(args.data_dir)
    exports = [] if args.exports == ["none"] else args.exports
    config = load_pipeline_config(args.config, data_dir=args.data_dir, output=args.output, tasks=args.tasks,
                                  exports=exports, fail_fast=args.fail_fast)
    summary = run_pipeline(config)
    print((config.output / "summary.md").read_text(encoding="utf-8"))
    return 0 if summary["succeeded"] else 1


def cmd_tasks(args) -> None:
    from routerkit.config import MULTITASK
    from routerkit.tasks import TASKS

    for spec in TASKS.values():
        print(f"{spec.name:10s} {spec.kind:8s} {len(spec.labels):3d} labels  {spec.description}")
    print(f"{MULTITASK:10s} one encoder with a head per task (`routerkit train {MULTITASK} [--tasks {','.join(TASKS)}]`)")


COMMANDS = {"train": cmd_train, "evaluate": cmd_evaluate, "predict": cmd_predict, "export": cmd_export, "merge": cmd_merge,
            "serve": cmd_serve, "data": cmd_data, "pipeline": cmd_pipeline, "tasks": cmd_tasks}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # force: the handler writes to the stderr of this call (an embedding process or a test may have set one up before)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S",
                        force=True)
    # PEFT asks transformers a deprecated question on every adapter load: noise to a user, not theirs to fix
    warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)
    try:
        import transformers

        transformers.logging.set_verbosity_warning()
    except ImportError:  # pragma: no cover
        pass
    try:
        code = COMMANDS[args.command](args)
    except RouterkitError as exc:
        print(f"routerkit: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the file system said no: a path that is a file, a directory, read-only, full
        print(f"routerkit: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("routerkit: interrupted", file=sys.stderr)
        return 130
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
