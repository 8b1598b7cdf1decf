import os
import stat

import numpy as np
import pytest

from routerkit.artifacts import atomic_directory
from routerkit.errors import ModelDirError
from routerkit.evaluation.metrics import classification_report
from routerkit.evaluation.report import markdown_report


def test_atomic_directory_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "model"
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as staging:
            (staging / "half.bin").write_text("x")
            raise RuntimeError("crash mid-save")
    assert list(tmp_path.iterdir()) == []


def test_atomic_directory_replaces_only_when_complete(tmp_path):
    target = tmp_path / "model"
    target.mkdir()
    (target / "routerkit.json").write_text("{}")
    with atomic_directory(target, overwrite=True) as staging:
        (staging / "new").write_text("new")
        assert (target / "routerkit.json").exists()  # the old model stays until the new one is complete
    assert [p.name for p in target.iterdir()] == ["new"]
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_atomic_directory_overwrite_refuses_what_is_not_a_model(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("{}\n")
    with pytest.raises(ModelDirError, match="not a routerkit model directory"):
        with atomic_directory(data, overwrite=True):
            pass
    assert (data / "train.jsonl").exists()
    (tmp_path / "empty").mkdir()
    with atomic_directory(tmp_path / "empty", overwrite=True) as staging:
        (staging / "routerkit.json").write_text("{}")
    assert (tmp_path / "empty" / "routerkit.json").exists()


def test_atomic_directory_files_follow_the_umask(tmp_path):
    # safetensors writes weights 0600; a finished model directory must be readable like any new file
    target = tmp_path / "model"
    umask = os.umask(0o022)
    try:
        with atomic_directory(target) as staging:
            (staging / "eval").mkdir(mode=0o700)
            weights = staging / "model.safetensors"
            weights.write_bytes(b"x")
            weights.chmod(0o600)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((target / "model.safetensors").stat().st_mode) == 0o644
    assert stat.S_IMODE((target / "eval").stat().st_mode) == 0o755
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_classification_report_values():
    labels = ["a", "b", "c"]
    y_true = ["a", "a", "b", "b", "c", "c"]
    y_pred = ["a", "b", "b", "b", "c", "a"]
    probs = np.array([[.8, .1, .1], [.3, .6, .1], [.1, .8, .1], [.2, .7, .1], [.1, .1, .8], [.5, .2, .3]])
    report = classification_report(y_true, y_pred, probs, labels)
    assert report["accuracy"] == pytest.approx(4 / 6)
    assert report["per_class"]["b"] == {"precision": pytest.approx(2 / 3), "recall": 1.0, "f1": pytest.approx(0.8), "support": 2}
    assert report["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert {(p["true"], p["predicted"]) for p in report["most_confused"]} == {("a", "b"), ("c", "a")}
    assert 0.5 < report["roc_auc"] <= 1.0
    assert "| b | 0.6667 | 1.0000 | 0.8000 | 2 |" in markdown_report(report, "t")


def test_binary_roc_auc_and_absent_class():
    report = classification_report(["x", "y", "y"], ["x", "y", "x"], np.array([[.9, .1], [.2, .8], [.6, .4]]), ["x", "y"])
    assert report["roc_auc"] == pytest.approx(1.0)
    single = classification_report(["x", "x"], ["x", "y"], np.array([[.9, .1], [.2, .8]]), ["x", "y"])
    assert single["roc_auc"] is None


def test_macro_average_skips_labels_absent_from_gold_and_predictions():
    probs = np.array([[.9, .05, .05], [.1, .8, .1]])
    report = classification_report(["a", "b"], ["a", "b"], probs, ["a", "b", "c"])
    assert report["macro_f1"] == 1.0 and report["labels_averaged"] == 2
    assert report["per_class"]["c"]["support"] == 0
    wrong = classification_report(["a", "a"], ["a", "c"], probs, ["a", "b", "c"])
    assert wrong["labels_averaged"] == 2 and wrong["macro_f1"] == pytest.approx((2 / 3 + 0) / 2)
    assert wrong["macro_f1_gold_labels"] == pytest.approx(2 / 3)  # only "a" is in the gold labels


def test_every_kind_has_its_behaviour_registered():
    """Generic code looks a kind's behaviour up (never branches on it): a kind missing from a table
    would fail at the first model of that kind, so every table must cover every kind."""
    import typing

    from routerkit.cards import CARD_KINDS
    from routerkit.cli import DESCRIBE_DATA
    from routerkit.inference.heads import HeadKind
    from routerkit.tasks.spec import ROW_CHECKS, TaskKind
    from routerkit.training.head_evaluation import EVALUATIONS
    from routerkit.training.kinds import KINDS

    head_kinds, task_kinds = set(typing.get_args(HeadKind)), set(typing.get_args(TaskKind))
    assert set(EVALUATIONS) == head_kinds == set(CARD_KINDS)
    assert head_kinds <= set(KINDS) and task_kinds <= set(KINDS)
    assert set(ROW_CHECKS) == task_kinds == set(DESCRIBE_DATA)
