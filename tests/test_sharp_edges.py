"""Issue #18's sharp edges: options that do not apply, bad numbers and paths, wrong data, detector
decisions that contradict their label, reports and cards that say what they measured."""

from __future__ import annotations

import json

import numpy as np
import pytest

from routerkit.cli import main
from routerkit.config import Applies, TrainConfig, inapplicable
from routerkit.inference.heads import HeadSpec
from routerkit.pipeline.config import PipelineConfig


def _train(task: str, backbone: str, output, *extra: str) -> list[str]:
    return ["--log-level", "WARNING", "train", task, "--output", str(output), "--backbone", backbone, "--max-steps", "3",
            "--batch-size", "8", "--max-length", "32", *extra]


@pytest.fixture(scope="module")
def models(tiny_bert, tmp_path_factory):
    root = tmp_path_factory.mktemp("sharp-edges")
    for task in ("jailbreak", "pii"):
        assert main(_train(task, tiny_bert, root / task)) == 0
    return root


def _error(capsys, argv) -> str:
    """Run the CLI; expect exit 2 with one `routerkit: error:` line and no traceback; return that line."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("task,extra,message", [
    ("category", ["--lora-r", "8"], "--lora-r applies to --method lora only"),
    ("category", ["--method", "full", "--lora-alpha", "8"], "--lora-alpha applies to --method lora only"),
    ("category", ["--entity-types", "PERSON"], "--entity-types applies to token"),
    ("intent", ["--rename-entities", "A=B"], "--rename-entities applies to token"),
    ("category", ["--target-fpr", "0.05"], "--target-fpr applies to detectors"),
    ("pii", ["--target-fpr", "0.05"], "--target-fpr applies to detectors"),
    ("pii", ["--class-weights"], "--class-weights applies to sequence tasks only"),
    ("category", ["--eval-strategy", "epoch", "--eval-steps", "10"], "--eval-steps applies to --eval-strategy steps only"),
    ("multitask", ["--tasks", "category,intent", "--target-fpr", "0.05"], "--target-fpr applies to detectors"),
    ("category", ["--max-steps", "0"], "max_steps: .*at least 1, or -1"),
    ("category", ["--max-steps", "-2"], "max_steps: .*at least 1, or -1"),
])
def test_options_that_do_not_apply_are_refused_before_any_data_is_read(task, extra, message, capsys, tmp_path, tiny_bert, monkeypatch):
    import re

    import routerkit.training.multitask as multitask
    import routerkit.training.trainer as trainer

    for module in (trainer, multitask):
        monkeypatch.setattr(module, "load_task_data", lambda *a: pytest.fail("data read before the options were checked"))
    line = _error(capsys, _train(task, tiny_bert, tmp_path / "out", *extra))
    assert re.search(message, line), line
    assert not (tmp_path / "out").exists()


def test_a_backbone_path_that_is_not_there_is_said_so_before_any_data_is_read(capsys, tmp_path, monkeypatch):
    import routerkit.training.trainer as trainer

    monkeypatch.setattr(trainer, "load_task_data", lambda *a: pytest.fail("data read before the backbone was checked"))
    for missing in ("/no/such/dir", str(tmp_path / "nope"), "./nope", "a/b/c"):
        line = _error(capsys, ["train", "category", "--output", str(tmp_path / "out"), "--backbone", missing])
        assert f"backbone {missing!r}: the directory does not exist" in line
    (tmp_path / "file").write_text("x")
    assert "is a file" in _error(capsys, ["train", "category", "--output", str(tmp_path / "out"), "--backbone", str(tmp_path / "file")])


def test_a_max_length_over_the_backbone_positions_is_capped_and_said(tiny_bert, tmp_path, capsys):
    assert main(["--log-level", "WARNING", "train", "category", "--output", str(tmp_path / "m"), "--backbone", tiny_bert,
                 "--max-steps", "1", "--max-length", "1000"]) == 0
    assert "--max-length 1000 is more than the backbone's 128 positions: capped to 128" in capsys.readouterr().err
    assert json.loads((tmp_path / "m" / "routerkit.json").read_text())["max_length"] == 128


def test_the_pipeline_leaves_a_shared_value_out_where_it_does_not_fit_and_refuses_it_in_a_task_override():
    config = PipelineConfig(data_dir="d", train={"target_fpr": 0.05, "lora_r": 8, "entity_types": ["PERSON"]},
                            methods={"intent": "lora"})
    assert "target_fpr" not in config.train_values("category") and config.train_values("jailbreak")["target_fpr"] == 0.05
    assert "lora_r" not in config.train_values("category") and config.train_values("intent")["lora_r"] == 8
    assert config.train_values("pii")["entity_types"] == ["PERSON"] and "entity_types" not in config.train_values("intent")
    assert config.train_values("multitask")["target_fpr"] == 0.05  # jailbreak is one of its tasks
    only = PipelineConfig(data_dir="d", train={"target_fpr": 0.05}, overrides={"multitask": {"tasks": "category,intent"}})
    assert "target_fpr" not in only.train_values("multitask")
    override = PipelineConfig(data_dir="d", overrides={"category": {"target_fpr": 0.05}})
    assert override.train_values("category")["target_fpr"] == 0.05  # kept, so that training refuses it in one line
    assert inapplicable(override.train_values("category"), Applies(token=False, detector=False, sequence=True))


def test_inapplicable_is_silent_on_what_fits():
    user = TrainConfig(task="jailbreak", method="lora", lora_r=4, target_fpr=0.02, eval_steps=10, class_weights=True)
    assert inapplicable({n: getattr(user, n) for n in user.model_fields_set}, Applies(token=False, detector=True, sequence=True)) == {}


def test_a_detector_label_is_its_threshold_decision():
    head = HeadSpec(name="jailbreak", kind="detector", labels=("benign", "jailbreak"), positive_label="jailbreak", threshold=0.99)
    probabilities = np.array([[0.068, 0.932], [0.005, 0.995], [0.7, 0.3]])
    results = head.sequence_results(probabilities)
    assert [r.label for r in results] == ["benign", "jailbreak", "benign"]  # 0.932: argmax says jailbreak, the threshold not
    assert [r.flagged for r in results] == [False, True, False]
    assert [round(r.score, 3) for r in results] == [0.068, 0.995, 0.7]  # the decided label's probability
    assert all(r.to_dict()["is_jailbreak"] == (r.label == "jailbreak") for r in results)
    assert [r.label for r in head.sequence_results(probabilities, threshold=0.5)] == ["jailbreak", "jailbreak", "benign"]
    plain = HeadSpec(name="category", kind="sequence", labels=("a", "b", "c"))
    assert list(plain.decide(np.array([[0.2, 0.5, 0.3]]))) == [1]


def test_a_detector_report_and_card_agree_with_predict(models, tmp_path, capsys):
    model = models / "jailbreak"
    metadata = json.loads((model / "routerkit.json").read_text())
    rows = [json.loads(line) for line in (model / "eval" / "test_predictions.jsonl").read_text().splitlines()]
    threshold = metadata["threshold"]["value"]
    for row in rows:  # the report's predicted label is the threshold decision, as predict gives it
        assert row["predicted"] == ("jailbreak" if row["probabilities"]["jailbreak"] >= threshold else "benign")
    report = json.loads((model / "eval" / "test.json").read_text())
    assert report["accuracy"] == pytest.approx(np.mean([r["predicted"] == r["label"] for r in rows]))
    assert set(report["argmax"]) == {"accuracy", "weighted_f1", "macro_f1"} and "threshold" in report["decision"]
    assert report["confusion_matrix"][1][1] == report["detector"]["at_threshold"]["confusion"]["tp"]
    assert "f1" not in report and "weighted_f1" in report  # named for what it is
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in rows))
    assert main(["--log-level", "WARNING", "predict", str(model), "--input", str(source), "--output", str(tmp_path / "out.jsonl")]) == 0
    predicted = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [p["label"] for p in predicted] == [r["predicted"] for r in rows]
    assert all(p["is_jailbreak"] == (p["label"] == "jailbreak") for p in predicted)
    card = (model / "README.md").read_text()
    assert "the labels are the threshold's decisions" in card and f"{report['accuracy']:.4f}" in card


def test_model_cards_say_use_languages_data_and_limits(models):
    pii = (models / "pii" / "README.md").read_text()
    assert "17 entity types" in pii and "35 labels" in pii
    for card in (pii, (models / "jailbreak" / "README.md").read_text()):
        for section in ("## Intended use", "## Languages", "English only", "## Data", "| split | rows |", "## Limitations"):
            assert section in card
    assert "flagged at the threshold per test source" in (models / "jailbreak" / "README.md").read_text()
    assert (models / "pii" / "eval" / "test_per_type.png").stat().st_size > 0


def test_wrong_kind_of_data_is_named(models, tmp_path, capsys):
    intent = tmp_path / "intent.jsonl"
    intent.write_text('{"text": "book me a flight", "label": "booking"}\n')
    line = _error(capsys, ["evaluate", str(models / "pii"), "--input", str(intent), "--output", str(tmp_path / "r1")])
    assert "record 1 has no 'spans': not token data for head 'pii'" in line and "this record has: label, text" in line
    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text('{"text": "book me a flight", "intent": "booking"}\n')
    line = _error(capsys, ["evaluate", str(models / "jailbreak"), "--input", str(unlabelled), "--output", str(tmp_path / "r2")])
    assert "has no 'label': not detector data" in line and "one of benign, jailbreak" in line


def test_no_command_prints_a_traceback_on_bad_input(models, tmp_path, capsys):
    """Every command fed bad options and files: one error line, exit 2."""
    text = tmp_path / "in.jsonl"
    text.write_text('{"text": "hello"}\n')
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "not-json.jsonl").write_text("{oops\n")
    (tmp_path / "adir").mkdir()
    pii, jb = str(models / "pii"), str(models / "jailbreak")
    out = str(tmp_path / "o.jsonl")
    cases = [
        ["predict", jb, "--input", str(text), "--output", out, "--batch-size", "0"],
        ["predict", jb, "--input", str(text), "--output", out, "--batch-size", "-3"],
        ["predict", jb, "--input", str(text), "--output", out, "--threshold", "1.5"],
        ["predict", jb, "--input", str(text), "--output", out, "--threshold", "abc"],
        ["predict", pii, "--input", str(text), "--output", out, "--window-reduce", "first"],
        ["predict", jb, "--input", str(tmp_path / "missing.jsonl"), "--output", out],
        ["predict", jb, "--input", str(tmp_path / "not-json.jsonl"), "--output", out],
        ["predict", jb, "--input", str(tmp_path / "adir"), "--output", out],
        ["predict", jb, "--input", str(text), "--output", str(text)],
        ["predict", jb, "--input", str(text), "--output", out, "--tasks", "nope"],
        ["evaluate", jb, "--batch-size", "-1"],
        ["evaluate", jb, "--output", str(text)],
        ["evaluate", jb, "--input", str(tmp_path / "empty.jsonl"), "--output", str(tmp_path / "r")],
        ["evaluate", jb, "--split", "nope"],
        ["evaluate", str(tmp_path / "adir")],
        ["export", jb, "--output", str(tmp_path / "e"), "--format", "nope"],
        ["export", pii, "--output", str(tmp_path / "adir"), "--format", "onnx"],
        ["export", jb, "--output", str(tmp_path / "e2"), "--format", "onnx", "--parity-rows", "0"],
        ["merge", jb, "--output", str(tmp_path / "m")],
        ["serve", str(tmp_path / "missing-model")],
        ["serve", jb, "--port", "99999"],
        ["serve", jb, "--max-batch-size", "0"],
        ["data", "nope"],
        ["data", "pii", "--data-dir", str(tmp_path / "missing")],
        ["train", "pii", "--output", str(tmp_path / "t"), "--epochs", "0"],
        ["train", "pii", "--output", str(tmp_path / "t"), "--oversample", "x"],
        ["train", "pii", "--output", str(tmp_path / "t"), "--config", str(tmp_path / "missing.json")],
        ["train", "multitask", "--output", str(tmp_path / "t"), "--tasks", "category,horoscope"],
        ["pipeline", str(tmp_path / "missing.yaml")],
        ["pipeline", "--tasks", "horoscope"],
    ]
    for argv in cases:
        try:
            _error(capsys, ["--log-level", "ERROR", *argv])
        except AssertionError as exc:
            raise AssertionError(f"{' '.join(argv)}: {exc}") from None


def test_a_dumped_configuration_read_back_sets_nothing_new(tiny_bert, tmp_path, capsys):
    """A routerkit.json `config` given back as --config (every field present, most at their defaults) is not refused."""
    dumped = TrainConfig(task="category", backbone=tiny_bert, max_steps=1, batch_size=8, max_length=32).model_dump()
    (tmp_path / "config.json").write_text(json.dumps(dumped))
    assert main(["--log-level", "WARNING", "train", "category", "--output", str(tmp_path / "m"), "--config", str(tmp_path / "config.json")]) == 0
    with pytest.raises(Exception, match="fits none of the models"):
        PipelineConfig(tasks=["category", "intent"], train={"lora_r": 8})


def test_the_window_is_capped_by_the_tokenizer_too():
    from types import SimpleNamespace

    from routerkit.modeling.backbones import window_length

    roberta = SimpleNamespace(max_position_embeddings=514)  # 2 of its positions are the padding offset
    assert window_length(600, 128, roberta, SimpleNamespace(model_max_length=512)) == 512
    assert window_length(None, 128, roberta, SimpleNamespace(model_max_length=int(1e30))) == 128  # "no limit" sentinel
    assert window_length(None, 64, SimpleNamespace(), None) == 64
