"""Exports (hf, onnx, onnx-int8) and the inference engine on both backends, on tiny random models."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from conftest import train_args
from routerkit import load
from routerkit.artifacts import read_metadata
from routerkit.cli import main
from routerkit.data.io import read_records
from routerkit.errors import ModelDirError

TEXTS = ["What is the derivative of x^2?", "Describe the causes of the French Revolution in detail, please.",
         "ok", "Which enzyme unwinds DNA during replication? " * 30]


def _export(model_dir, out, fmt, *extra):
    assert main(["--log-level", "WARNING", "export", str(model_dir), "--output", str(out), "--format", fmt, *extra]) == 0
    return out


@pytest.fixture(scope="module")
def category_model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "category"
    assert main(train_args(tiny_bert, out)) == 0
    return out


@pytest.fixture(scope="module")
def pii_model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "pii"
    assert main(["--log-level", "WARNING", "train", "pii", "--output", str(out), "--backbone", tiny_bert,
                 "--max-steps", "3", "--batch-size", "8", "--max-length", "32"]) == 0
    return out


@pytest.fixture(scope="module")
def category_onnx(category_model, tmp_path_factory):
    return _export(category_model, tmp_path_factory.mktemp("export") / "category-onnx", "onnx")


@pytest.fixture(scope="module")
def pii_onnx(pii_model, tmp_path_factory):
    return _export(pii_model, tmp_path_factory.mktemp("export") / "pii-onnx", "onnx")


def _probabilities(classifier, texts):
    return classifier.forward(texts)[classifier.head.name]


def test_onnx_export_layout_and_parity(category_onnx):
    files = {p.name for p in category_onnx.iterdir()}
    assert {"model.onnx", "tokenizer.json", "config.json", "routerkit.json", "parity.json", "README.md"} <= files
    assert "model.safetensors" not in files
    metadata = read_metadata(category_onnx)
    # what the vLLM Semantic Router's ONNX binding feeds; BERT's token types are all 0 for one segment
    assert metadata["export"]["inputs"] == ["input_ids", "attention_mask"]
    assert metadata["export"]["outputs"] == {"category": "logits"}
    parity = json.loads((category_onnx / "parity.json").read_text())
    head = parity["heads"]["category"]
    assert parity["rows"] > 0 and head["windows"] >= parity["rows"]
    assert head["max_abs_logit_diff"] <= 1e-4 and head["argmax_agreement"] == 1.0
    assert head["metrics"]["torch"]["accuracy"] == pytest.approx(head["metrics"]["exported"]["accuracy"])


def test_onnx_backend_matches_torch_and_is_chosen_for_an_export(category_model, category_onnx):
    onnx_classifier = load(category_onnx)
    assert onnx_classifier.backend.name == "onnx" and load(category_model).backend.name == "torch"
    np.testing.assert_allclose(_probabilities(onnx_classifier, TEXTS), _probabilities(load(category_model), TEXTS), atol=1e-5)
    assert load(category_model).head.labels == onnx_classifier.head.labels


def test_token_model_onnx_parity_and_spans(pii_model, pii_onnx):
    parity = json.loads((pii_onnx / "parity.json").read_text())["heads"]["pii"]
    assert parity["max_abs_logit_diff"] <= 1e-4 and parity["tag_agreement"] == 1.0 and parity["tokens"] > 0
    texts = ["My name is Jürgen Groß, email jurgen@example.de 🙂", "Call +1 415 555 0132 now. " * 20]
    ours = [p.to_dict() for p in load(pii_model).predict(texts, threshold=0.0)]
    theirs = [p.to_dict() for p in load(pii_onnx).predict(texts, threshold=0.0)]
    assert [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in ours] == \
           [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in theirs]
    assert ours[0]["masked_text"] == theirs[0]["masked_text"]


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_a_text_scores_the_same_alone_and_batched(category_model, category_onnx, backend):
    """Determinism a router needs: batching with texts of other lengths (padding) changes nothing."""
    classifier = load(category_onnx if backend == "onnx" else category_model)
    batched = _probabilities(classifier, TEXTS)
    for i, text in enumerate(TEXTS):
        np.testing.assert_allclose(_probabilities(classifier, [text])[0], batched[i], atol=1e-5)
    np.testing.assert_allclose(classifier.forward(TEXTS, batch_size=1)[classifier.head.name], batched, atol=1e-5)


def test_length_chunks_keep_every_window_and_bound_padding():
    from routerkit.inference.engine import PADDING_SLACK, length_chunks

    lengths = np.array([5, 60, 7, 6, 61, 30, 5, 64, 12, 12, 12, 12])
    chunks = length_chunks(lengths, 3)
    assert sorted(np.concatenate(chunks).tolist()) == list(range(len(lengths)))
    for chunk in chunks:
        assert 1 <= len(chunk) <= 3
        if len(chunk) > 1:
            assert lengths[chunk].max() * len(chunk) <= (1 + PADDING_SLACK) * lengths[chunk].sum()
    assert [lengths[c].tolist() for c in chunks][:2] == [[5, 5, 6], [7]]


def test_token_spans_are_the_same_alone_and_in_a_mixed_batch(pii_model, pii_onnx):
    for classifier in (load(pii_model), load(pii_onnx)):
        texts = [*TEXTS, "Mail Zoë Müller at zoe@example.com", "x"]
        together = classifier.forward(texts)["pii"]
        for i, text in enumerate(texts):
            alone = classifier.forward([text])["pii"][0]
            assert [(s, e) for s, e, _ in alone] == [(s, e) for s, e, _ in together[i]]
            np.testing.assert_allclose(np.array([p for *_, p in alone]), np.array([p for *_, p in together[i]]), atol=1e-5)


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_one_classifier_serves_several_threads(pii_model, pii_onnx, backend):
    classifier = load(pii_onnx if backend == "onnx" else pii_model)
    texts = [f"Contact person number {i}, Dana Scully, at dana{i}@fbi.gov or 555-01{i:02d}." * (1 + i % 3) for i in range(12)]
    expected = [p.to_dict() for p in classifier.predict(texts, threshold=0.0)]
    results, errors = {}, []

    def work(worker):
        try:
            for _ in range(3):
                results.setdefault(worker, []).append([p.to_dict() for p in classifier.predict(texts, batch_size=4, threshold=0.0)])
        except Exception as exc:  # pragma: no cover - the failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for runs in results.values():
        for run in runs:
            assert [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in run] == \
                   [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in expected]
            np.testing.assert_allclose([e["score"] for r in run for e in r["entities"]],
                                       [e["score"] for r in expected for e in r["entities"]], atol=1e-9)


def test_int8_export_is_smaller_and_agrees(category_model, category_onnx, tmp_path):
    out = _export(category_model, tmp_path / "int8", "onnx-int8")
    quantization = read_metadata(out)["export"]["quantization"]
    assert quantization["weight_type"] == "QUInt8" and quantization["fp32_nodes"] > 0  # the first block stays fp32
    assert (out / "model.onnx").stat().st_size < 0.6 * (category_onnx / "model.onnx").stat().st_size
    parity = json.loads((out / "parity.json").read_text())["heads"]["category"]
    # close, not equal (a random tiny model has near-ties; chance agreement over 14 labels is ~0.07)
    assert parity["argmax_agreement"] >= 0.5 and parity["max_abs_logit_diff"] > 0
    # dynamic quantisation scales activations per tensor: each window runs alone, so batching changes nothing
    int8 = load(out)
    assert int8.backend.per_row
    batched = _probabilities(int8, TEXTS)
    for i, text in enumerate(TEXTS):
        np.testing.assert_allclose(_probabilities(int8, [text])[0], batched[i], atol=1e-6)


def test_predict_and_evaluate_cli_on_an_export(category_onnx, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS))
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(category_onnx), "--input", str(src), "--output", str(out), "--threads", "1"]) == 0
    rows = read_records(out)
    assert len(rows) == len(TEXTS) and set(rows[0]) == {"text", "label", "score", "probabilities"}
    assert main(["predict", str(category_onnx), "--input", str(src), "--output", str(out), "--backend", "torch"]) == 2
    assert "no torch weights" in capsys.readouterr().err
    assert main(["evaluate", str(category_onnx), "--output", str(tmp_path / "eval")]) == 0
    assert json.loads((tmp_path / "eval" / "test.json").read_text())["rows"] > 0


def test_hf_export_loads_in_transformers_pipeline(category_model, pii_model, tmp_path):
    from transformers import pipeline

    out = _export(category_model, tmp_path / "hf", "hf")
    classify = pipeline("text-classification", model=str(out), device="cpu")
    labels = read_metadata(category_model)["labels"]
    [result] = classify(["What is the derivative of x^2?"])
    assert result["label"] in labels
    tokens = pipeline("token-classification", model=str(_export(pii_model, tmp_path / "pii-hf", "hf")), device="cpu")
    tags = {t["entity"] for t in tokens("Dana Scully wrote to dana@fbi.gov yesterday")}
    assert tags <= set(read_metadata(pii_model)["labels"])


def test_lora_model_exports_merged(tiny_bert, tmp_path):
    lora = tmp_path / "lora"
    assert main(train_args(tiny_bert, lora, "--method", "lora", "--lora-r", "4", "--lora-alpha", "8", "--learning-rate", "1e-3")) == 0
    out = _export(lora, tmp_path / "lora-onnx", "onnx")
    metadata = read_metadata(out)
    assert metadata["method"] == "full" and metadata["merged_from"]["method"] == "lora"
    assert "merged from a LoRA adapter" in (out / "README.md").read_text()
    np.testing.assert_allclose(_probabilities(load(out), TEXTS), _probabilities(load(lora), TEXTS), atol=1e-5)


def test_modernbert_onnx_export(tiny_modernbert, tmp_path):
    model = tmp_path / "mb"
    assert main(train_args(tiny_modernbert, model)) == 0
    out = _export(model, tmp_path / "mb-onnx", "onnx")
    assert "token_type_ids" not in read_metadata(out)["export"]["inputs"]  # ModernBERT takes none
    assert json.loads((out / "parity.json").read_text())["heads"]["category"]["max_abs_logit_diff"] <= 1e-4
    np.testing.assert_allclose(_probabilities(load(out), TEXTS), _probabilities(load(model), TEXTS), atol=1e-5)


def test_export_errors_are_one_line(category_model, category_onnx, tmp_path, capsys):
    cases = [
        (["export", str(tmp_path), "--output", str(tmp_path / "x"), "--format", "onnx"], "not a model directory"),
        (["export", str(category_model), "--output", str(category_onnx), "--format", "onnx"], "already exists"),
        (["export", str(category_onnx), "--output", str(tmp_path / "y"), "--format", "onnx"], "no PyTorch weights"),
    ]
    for args, message in cases:
        assert main(args) == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_corrupt_onnx_file_is_a_one_line_error(category_onnx, tmp_path, capsys):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(category_onnx, broken)
    data = (broken / "model.onnx").read_bytes()
    (broken / "model.onnx").write_bytes(data[: len(data) // 3])  # truncated mid-file
    with pytest.raises(ModelDirError, match="cannot load the ONNX model"):
        load(broken)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "hello"}) + "\n")
    assert main(["predict", str(broken), "--input", str(src), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "cannot load the ONNX model" in capsys.readouterr().err


@pytest.fixture(scope="module")
def detector_model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "jailbreak"
    assert main(["--log-level", "WARNING", "train", "jailbreak", "--output", str(out), "--backbone", tiny_bert,
                 "--max-steps", "3", "--batch-size", "8", "--max-length", "32", "--target-fpr", "0.1"]) == 0
    return out


@pytest.mark.parametrize(("model", "suffix", "mapping_file", "keys"), [
    ("category_model", "intent-classifier-merged", "category_mapping.json", ("category_to_idx", "idx_to_category")),
    ("pii_model", "pii-detector-merged", "pii_type_mapping.json", ("label_to_idx", "idx_to_label")),
    ("detector_model", "jailbreak-detector-merged", "jailbreak_type_mapping.json", ("label_to_idx", "idx_to_label")),
])
def test_vllm_sr_layout_and_mapping_files(request, tmp_path, model, suffix, mapping_file, keys):
    model_dir = request.getfixturevalue(model)
    out = _export(model_dir, tmp_path / "vllm-sr", "vllm-sr")
    [classifier] = [p for p in out.iterdir() if p.is_dir()]
    assert suffix in classifier.name and "modernbert" not in classifier.name  # upstream discovery reads both from the name
    assert {"config.json", "tokenizer.json", "model.safetensors", mapping_file} <= {p.name for p in classifier.iterdir()}
    labels = read_metadata(model_dir)["labels"]
    mapping = json.loads((classifier / mapping_file).read_text())
    assert set(mapping) == set(keys)  # exactly the keys the router reads (a PII file with other keys loads no types)
    to_idx, from_idx = mapping[keys[0]], mapping[keys[1]]
    assert all(isinstance(k, str) for k in from_idx)  # string indices
    assert [from_idx[str(i)] for i in range(len(labels))] == labels and to_idx == {label: i for i, label in enumerate(labels)}
    config = json.loads((classifier / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(len(labels))] == labels  # same order as the trained head
    assert config["label2id"] == to_idx
    snippet = (out / "router-config.yaml").read_text()
    assert f"model_id: ./models/{classifier.name}" in snippet and "use_cpu: true" in snippet
    assert f"./models/{classifier.name}/{mapping_file}" in snippet
    metadata = read_metadata(model_dir)
    if metadata.get("threshold"):  # the calibrated threshold goes into the router's configuration
        assert f"threshold: {metadata['threshold']['value']:.6g}" in snippet and "variant: candle" in snippet
    # the exported weights are the trained ones: same logits through transformers
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification, AutoTokenizer

    auto = AutoModelForTokenClassification if metadata["kind"] == "token" else AutoModelForSequenceClassification
    exported = auto.from_pretrained(classifier).eval()
    original = auto.from_pretrained(model_dir).eval()
    inputs = AutoTokenizer.from_pretrained(classifier)(TEXTS[:2], padding=True, return_tensors="pt")
    np.testing.assert_allclose(exported(**inputs).logits.detach().numpy(), original(**inputs).logits.detach().numpy(), atol=1e-6)
    # an earlier export is replaced with --overwrite
    _export(model_dir, out, "vllm-sr", "--overwrite")


def test_vllm_sr_refuses_a_task_without_a_router_slot(tiny_bert, tmp_path, capsys):
    intent = tmp_path / "intent"
    assert main(["--log-level", "WARNING", "train", "intent", "--output", str(intent), "--backbone", tiny_bert,
                 "--max-steps", "2", "--batch-size", "8", "--max-length", "32"]) == 0
    capsys.readouterr()  # training's progress bars
    assert main(["export", str(intent), "--output", str(tmp_path / "sr"), "--format", "vllm-sr"]) == 2
    err = capsys.readouterr().err
    assert "no classifier slot for task 'intent'" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "sr").exists()  # nothing half-written


def test_evaluate_defaults_to_the_training_data_and_keeps_training_reports(category_model, tmp_path, capsys):
    """evaluate without --data-dir reads the data recorded in routerkit.json, says so in the report, and
    writes to MODEL_DIR/evaluate: the training-time MODEL_DIR/eval/test.* stay as they were."""
    import shutil

    model = tmp_path / "model"
    shutil.copytree(category_model, model)
    metadata = json.loads((model / "routerkit.json").read_text())
    data_dir = tmp_path / "data"
    from routerkit.data.demo import category_demo_rows

    (data_dir / "mmlu_pro").mkdir(parents=True)
    rows = category_demo_rows()[:120]
    (data_dir / "mmlu_pro" / "mmlu_pro_test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    metadata["data"]["options"] = {"data_dir": str(data_dir), "dataset": None, "extra_data": False}
    (model / "routerkit.json").write_text(json.dumps(metadata))
    before = (model / "eval" / "test.json").read_text()
    assert main(["evaluate", str(model)]) == 0
    assert (model / "eval" / "test.json").read_text() == before
    report = json.loads((model / "evaluate" / "test.json").read_text())
    assert str(data_dir) in report["evaluated_on"] and report["backend"] == "torch"
    assert report["rows"] < 120  # the recorded data's test split, not the embedded demo set
    (tmp_path / "afile").write_text("x")
    assert main(["evaluate", str(model), "--output", str(tmp_path / "afile")]) == 2
    assert "is not a directory" in capsys.readouterr().err
    shutil.rmtree(data_dir)
    assert main(["evaluate", str(model)]) == 2
    assert "which is not here; pass --data-dir" in capsys.readouterr().err


def test_options_that_do_not_apply_are_refused(category_model, pii_model, tmp_path, capsys):
    """--threshold on a plain classifier and --window-reduce on a token model used to be ignored silently."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "Call Dana at 555-0100"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(category_model), "--input", str(src), "--output", str(out), "--threshold", "0.5"]) == 2
    assert "a threshold applies to detector and token heads only" in capsys.readouterr().err
    assert main(["predict", str(pii_model), "--input", str(src), "--output", str(out), "--window-reduce", "first"]) == 2
    assert "a window rule applies to sequence heads only" in capsys.readouterr().err
    assert main(["evaluate", str(pii_model), "--window-reduce", "first"]) == 2
    assert "--window-reduce applies to sequence models only" in capsys.readouterr().err
    for bad in ("0", "-3", "x"):
        with pytest.raises(SystemExit) as exit_info:
            main(["predict", str(category_model), "--input", str(src), "--output", str(out), "--batch-size", bad])
        assert exit_info.value.code == 2
    assert not out.exists()


def test_a_head_the_model_does_not_have_is_a_clear_error(category_model):
    from routerkit.errors import ConfigError

    with pytest.raises(ConfigError, match="the model has no head 'pii'; its heads: category"):
        load(category_model).predict(["hello"], heads=["pii"])


def test_more_bad_export_and_predict_input_is_one_line(category_model, tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "hello"}) + "\n")
    cases = [
        (["export", str(category_model), "--output", str(tmp_path / "o"), "--format", "onnx", "--data-dir", str(tmp_path / "nope")],
         "data directory not found"),
        (["export", str(category_model), "--output", str(tmp_path / "o"), "--format", "hf", "--data-dir", str(tmp_path)],
         "the hf export has none"),
        (["export", str(category_model), "--output", str(tmp_path / "afile" / "sub"), "--format", "hf"], "afile"),
        (["predict", str(category_model), "--input", str(src), "--output", str(tmp_path)], str(tmp_path)),
    ]
    for args, message in cases:
        assert main(args) == 2
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err.startswith("routerkit: error:") and message in err, err
    assert not (tmp_path / "o").exists()


def test_a_bad_head_in_routerkit_json_says_what_is_wrong(category_model, tmp_path):
    import shutil

    copy = tmp_path / "bad"
    shutil.copytree(category_model, copy)
    metadata = json.loads((copy / "routerkit.json").read_text())
    metadata["window_reduce"] = "median"
    (copy / "routerkit.json").write_text(json.dumps(metadata))
    with pytest.raises(ModelDirError, match="window_rule: Input should be 'first', 'mean' or 'max'"):
        load(copy)
