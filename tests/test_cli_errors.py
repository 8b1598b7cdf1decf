"""Bad input gets one clear line on stderr and exit code 2, never a traceback."""

import json

import pytest

from routerkit.cli import main


def _run(args, capsys):
    code = main(args)
    err = capsys.readouterr().err.strip()
    return code, err


def _one_line_error(code, err, pattern):
    import re

    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("routerkit: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert re.search(pattern, lines[0]), lines[0]


def test_unknown_task(capsys, tmp_path):
    _one_line_error(*_run(["train", "horoscope", "-o", str(tmp_path / "x")], capsys), r"unknown task 'horoscope'.*category")


def test_missing_data_dir(capsys, tmp_path):
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x"), "--data-dir", str(tmp_path / "nope")], capsys),
                    "data directory not found")


def test_malformed_data_file(capsys, tmp_path):
    bad = tmp_path / "pro.jsonl"
    bad.write_text('{"question_id": 1, "question": "q", "category": "law"}\n{oops\n')
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x"), "--dataset", str(bad)], capsys),
                    r"pro.jsonl:2: invalid JSON")


def test_unknown_label_in_data(capsys, tmp_path):
    bad = tmp_path / "pro.jsonl"
    bad.write_text("".join(json.dumps({"question_id": i, "question": f"q{i}", "category": "cooking"}) + "\n" for i in range(20)))
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x"), "--dataset", str(bad)], capsys), "label 'cooking'")


def test_invalid_config_value(capsys, tmp_path):
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x"), "--learning-rate", "-3"], capsys), "learning_rate")


def test_model_dir_without_labels(capsys, tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text(json.dumps({"model_type": "bert", "id2label": {"0": "LABEL_0", "1": "LABEL_1"}}))
    (tmp_path / "in.jsonl").write_text('{"text": "hi"}\n')
    _one_line_error(*_run(["predict", str(tmp_path / "m"), "--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "o.jsonl")], capsys),
                    "has no labels")


def test_missing_model_dir(capsys, tmp_path):
    (tmp_path / "in.jsonl").write_text('{"text": "hi"}\n')
    _one_line_error(*_run(["predict", str(tmp_path / "none"), "--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "o.jsonl")], capsys),
                    "model directory not found")


@pytest.mark.parametrize("line,pattern", [('{"text": ""}', "record 2: empty text"), ('{"text": "   \\n"}', "record 2: empty text"),
                                          ('{"id": 3}', "record 2: 'text' must be a string"), ('{"text": 5}', "must be a string")])
def test_predict_bad_text(capsys, tmp_path, line, pattern):
    (tmp_path / "in.jsonl").write_text('{"text": "fine"}\n' + line + "\n")
    _one_line_error(*_run(["predict", str(tmp_path / "any"), "--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "o.jsonl")], capsys),
                    pattern)
    assert not (tmp_path / "o.jsonl").exists()


def test_existing_output_needs_overwrite(capsys, tmp_path):
    (tmp_path / "x").mkdir()
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x")], capsys), "already exists")


def test_overwrite_never_replaces_a_directory_that_is_not_a_model(capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "questions.jsonl").write_text("{}\n")
    _one_line_error(*_run(["train", "category", "-o", str(data), "--overwrite", "--max-steps", "1"], capsys),
                    "not a routerkit model directory")
    assert (data / "questions.jsonl").exists()


def test_config_file_must_hold_an_object(capsys, tmp_path):
    (tmp_path / "c.json").write_text("[1, 2]")
    _one_line_error(*_run(["train", "category", "-o", str(tmp_path / "x"), "--config", str(tmp_path / "c.json")], capsys),
                    "expected a JSON object")


@pytest.mark.parametrize("task", ["category", "pii"])
def test_a_mistyped_relative_file_is_not_taken_for_a_hub_id(capsys, tmp_path, monkeypatch, task):
    monkeypatch.chdir(tmp_path)
    _one_line_error(*_run(["train", task, "-o", "x", "--dataset", "data/questions.jsonl"], capsys), "file not found")
