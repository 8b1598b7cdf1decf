"""predict's files: standard input / output, a BOM, input fields kept beside the prediction, the input never replaced."""

from __future__ import annotations

import io
import json

import pytest

from conftest import train_args
from routerkit.cli import main
from routerkit.data.io import read_records


@pytest.fixture(scope="module")
def model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("predict-io") / "category"
    assert main(train_args(tiny_bert, out)) == 0
    return out


def _predict(model, source, target, *extra):
    return main(["--log-level", "WARNING", "predict", str(model), "--input", str(source), "--output", str(target), *extra])


def test_a_gold_label_is_kept_as_input_label(model, tmp_path):
    source = tmp_path / "labelled.jsonl"
    source.write_text(json.dumps({"text": "What is 2 + 2?", "label": "math", "input_label": "x", "id": 7}) + "\n")
    assert _predict(model, source, tmp_path / "out.jsonl") == 0
    [row] = read_records(tmp_path / "out.jsonl")
    assert row["input_label"] == "x" and row["input_input_label"] == "math" and row["id"] == 7
    assert row["label"] in row["probabilities"] and row["text"] == "What is 2 + 2?"


def test_the_input_file_is_never_replaced(model, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "hello"}) + "\n")
    before = source.read_text()
    assert _predict(model, source, tmp_path / "." / "in.jsonl") == 2
    assert "is the input file" in capsys.readouterr().err and source.read_text() == before


def test_dash_reads_standard_input_and_writes_standard_output(model, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("\ufeff" + json.dumps({"text": "What is an enzyme?"}) + "\n\n"
                                                 + json.dumps({"text": "Who was Napoleon?"}) + "\n"))
    assert _predict(model, "-", "-") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["What is an enzyme?", "Who was Napoleon?"]
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("name, content", [("bom.jsonl", '\ufeff{"text": "What is an enzyme?"}\n'),
                                           ("bom.csv", "\ufefftext,id\nWhat is an enzyme?,1\n"),
                                           ("bom.json", '\ufeff[{"text": "What is an enzyme?"}]')])
def test_a_utf8_bom_is_accepted(model, tmp_path, name, content):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    assert _predict(model, source, tmp_path / "out.jsonl") == 0
    [row] = read_records(tmp_path / "out.jsonl")
    assert row["text"] == "What is an enzyme?" and "label" in row
