"""Few-step training runs on tiny random backbones: artifacts, round trips, LoRA, ModernBERT."""

import json

import numpy as np
import pytest
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from conftest import train_args
from routerkit.artifacts import read_metadata
from routerkit.cli import main
from routerkit.data.io import read_records
from routerkit.errors import ModelDirError
from routerkit.inference.engine import load


def _assert_roundtrip(model_dir):
    """Probabilities from the reloaded model equal those computed in memory right after training."""
    saved = read_records(model_dir / "eval" / "test_predictions.jsonl")
    classifier = load(model_dir)
    reloaded = _probabilities(classifier, [r["text"] for r in saved])
    expected = np.array([[r["probabilities"][label] for label in classifier.head.labels] for r in saved])
    np.testing.assert_allclose(reloaded, expected, atol=1e-5)


def _probabilities(classifier, texts, window_rule=None):
    return classifier.forward(texts, window_rule=window_rule)[classifier.head.name]


@pytest.fixture(scope="module")
def full_model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "full"
    assert main(train_args(tiny_bert, out)) == 0
    return out


def test_full_model_directory_is_self_describing(full_model):
    files = {p.name for p in full_model.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "routerkit.json", "README.md", "eval"} <= files
    assert not any(name.endswith((".bin", ".pt", ".pkl")) for name in files)
    assert not list(full_model.parent.glob(".full.partial-*"))
    metadata = read_metadata(full_model)
    assert metadata["task"] == "category" and len(metadata["labels"]) == 14
    assert metadata["training"]["steps"] == 4
    assert set(metadata["metrics"]) == {"validation", "test"}
    for name in ("test.json", "test.md", "test_confusion.png", "validation.json"):
        assert (full_model / "eval" / name).stat().st_size > 0
    report = json.loads((full_model / "eval" / "test.json").read_text())
    assert {"accuracy", "weighted_f1", "macro_f1", "per_class", "confusion_matrix", "most_confused", "roc_auc"} <= set(report)
    # transformers loads it as is, with the labels.
    model = AutoModelForSequenceClassification.from_pretrained(full_model)
    assert model.config.id2label[0] == metadata["labels"][0]


def test_full_roundtrip_identical_probabilities(full_model):
    _assert_roundtrip(full_model)


def test_predict_cli_contract(full_model, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "What is the integral of x squared?", "id": 7}) + "\n" +
                   json.dumps({"text": "Explain the causes of World War I", "extra": [1]}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(full_model), "--input", str(src), "--output", str(out)]) == 0
    rows = read_records(out)
    assert rows[0]["id"] == 7 and rows[1]["extra"] == [1]
    for row in rows:
        assert row["label"] in row["probabilities"]
        assert row["score"] == pytest.approx(row["probabilities"][row["label"]])
        assert sum(row["probabilities"].values()) == pytest.approx(1.0, abs=1e-5)


def test_evaluate_cli_on_labelled_file(full_model, tmp_path, capsys):
    src = tmp_path / "chat.jsonl"
    src.write_text(json.dumps({"text": "whats a derivative", "label": "math"}) + "\n" +
                   json.dumps({"text": "who was napoleon", "label": "history"}) + "\n")
    assert main(["evaluate", str(full_model), "--input", str(src), "--output", str(tmp_path / "rep")]) == 0
    assert "chat: accuracy" in capsys.readouterr().out
    assert (tmp_path / "rep" / "chat.md").exists()
    predictions = read_records(tmp_path / "rep" / "chat_predictions.jsonl")
    assert [p["label"] for p in predictions] == ["math", "history"] and all("predicted" in p for p in predictions)


def test_evaluate_cli_rejects_empty_text_with_file_and_record(full_model, tmp_path, capsys):
    src = tmp_path / "chat.jsonl"
    src.write_text(json.dumps({"text": "whats a derivative", "label": "math"}) + "\n" + json.dumps({"text": " ", "label": "math"}) + "\n")
    assert main(["evaluate", str(full_model), "--input", str(src)]) == 2
    assert f"{src}: record 2: empty text" in capsys.readouterr().err


def test_max_window_rule_on_a_model_that_is_not_a_detector_keeps_the_most_confident_window(full_model):
    head = load(full_model).head
    windows = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.2, 0.7, 0.1]])
    assert head.reduce_windows(windows, "max").tolist() == [0.1, 0.1, 0.8]


def test_full_model_weights_are_read_from_safetensors_only(full_model, tmp_path):
    import shutil

    copy = tmp_path / "pickled"
    shutil.copytree(full_model, copy)
    (copy / "model.safetensors").rename(copy / "pytorch_model.bin")  # what a foreign, pickled directory holds
    with pytest.raises(ModelDirError, match="no model weights"):
        load(copy)


LONG_TEXT = "The mitochondria produce ATP through oxidative phosphorylation. " * 1600  # ~100,000 characters


def _count_model_rows(classifier):
    seen = []
    run = classifier.backend.run

    def spy(inputs, outputs=None):
        seen.append(len(inputs["input_ids"]))
        return run(inputs, outputs)

    classifier.backend.run = spy
    return seen


@pytest.mark.parametrize("rule,windows", [("first", 1), ("mean", 300), ("max", 300)])
def test_100k_character_text(full_model, rule, windows):
    assert len(LONG_TEXT) > 100_000
    classifier = load(full_model)
    seen = _count_model_rows(classifier)
    [result] = classifier.predict([LONG_TEXT], window_rule=rule)
    assert result.to_dict()["label"] in classifier.head.labels
    # first: one window (category's rule); mean/max: every token is read, in overlapping windows
    assert sum(seen) == windows if rule == "first" else sum(seen) > windows


def test_category_reads_the_first_window(full_model):
    assert read_metadata(full_model)["window_reduce"] == "first"


def test_training_is_reproducible(tiny_bert, tmp_path, full_model):
    out = tmp_path / "again"
    assert main(train_args(tiny_bert, out)) == 0
    first = read_records(full_model / "eval" / "test_predictions.jsonl")
    second = read_records(out / "eval" / "test_predictions.jsonl")
    assert [r["id"] for r in first] == [r["id"] for r in second]
    for a, b in zip(first, second):  # same seed, same data: the same probabilities, not just the same argmax
        assert a["probabilities"] == pytest.approx(b["probabilities"], abs=1e-6)


def test_lora_adapter_roundtrip_and_merge(tiny_bert, tmp_path):
    out = tmp_path / "lora"
    assert main(train_args(tiny_bert, out, "--method", "lora", "--lora-r", "4", "--lora-alpha", "8", "--learning-rate", "1e-3")) == 0
    files = {p.name for p in out.iterdir()}
    assert {"adapter_config.json", "adapter_model.safetensors", "routerkit.json"} <= files
    assert "model.safetensors" not in files
    adapter = json.loads((out / "adapter_config.json").read_text())
    assert "pooler.dense" not in str(adapter["target_modules"]) and "classifier" in adapter["modules_to_save"]
    _assert_roundtrip(out)

    merged = tmp_path / "merged"
    assert main(["merge", str(out), "--output", str(merged)]) == 0
    assert read_metadata(merged)["method"] == "full"
    texts = ["What is the derivative of x^2?", "Describe the French Revolution."]
    tokenizer = AutoTokenizer.from_pretrained(merged)
    plain = AutoModelForSequenceClassification.from_pretrained(merged).eval()
    logits = plain(**tokenizer(texts, return_tensors="pt", padding=True)).logits.softmax(-1).detach().numpy()
    np.testing.assert_allclose(_probabilities(load(out), texts), logits, atol=1e-5)


def test_modernbert_lora_and_full(tiny_modernbert, tmp_path):
    out = tmp_path / "modernbert-lora"
    assert main(train_args(tiny_modernbert, out, "--method", "lora", "--learning-rate", "1e-3")) == 0
    adapter = json.loads((out / "adapter_config.json").read_text())
    assert set(adapter["target_modules"]) == {"Wqkv", "Wo", "Wi"}
    assert {"head", "classifier"} <= set(adapter["modules_to_save"])
    _assert_roundtrip(out)
    full = tmp_path / "modernbert-full"
    assert main(train_args(tiny_modernbert, full, "--class-weights", "--tensorboard")) == 0
    _assert_roundtrip(full)
    assert list((full / "logs").glob("events.out.tfevents.*"))


def test_intent_trains_through_the_same_trainer(tiny_bert, tmp_path):
    out = tmp_path / "intent"
    args = train_args(tiny_bert, out, "--class-weights")
    args[args.index("category")] = "intent"
    assert main(args) == 0
    metadata = read_metadata(out)
    assert metadata["task"] == "intent" and metadata["labels"][-1] == "no_function_needed"
    assert metadata["schedule"]["origin"]["learning_rate"].startswith("adaptive")
    _assert_roundtrip(out)


def test_data_command_shows_splits_and_samples(category_data_dir, tmp_path, capsys):
    assert main(["data", "category", "--data-dir", str(category_data_dir), "--output", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("category: {'train':") and "[physics]" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert sum(entry["counts"]["test"] for entry in report["labels"].values()) == report["counts"]["test"]
