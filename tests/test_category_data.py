import json
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from routerkit.data.splits import normalize_text
from routerkit.errors import DataError
from routerkit.tasks import DataOptions, get_task
from routerkit.tasks.category import CATEGORY_LABELS, MMLU_SUBJECT_TO_CATEGORY
from routerkit.training.rows import load_task_data


def test_category_loader_removes_leakage(category_data_dir):
    task = get_task("category")
    data = load_task_data(task, DataOptions(data_dir=category_data_dir))
    test_texts = {normalize_text(r["text"]) for r in data.test}
    assert data.test and data.validation and data.train
    assert not test_texts & {normalize_text(r["text"]) for r in data.train}
    assert not test_texts & {normalize_text(r["text"]) for r in data.validation}
    mmlu = [r for r in data.train if r["source"].startswith("mmlu-")]
    # Of 5 MMLU rows: 2 leak test questions, 1 duplicates a train row, 1 has no category.
    assert [r["text"] for r in mmlu] == ["What is the speed of sound in dry air at room temperature?"]
    assert mmlu[0]["label"] == "physics"
    assert data.provenance["mmlu_rows_read"] == 4


def test_no_extra_data(category_data_dir):
    data = load_task_data(get_task("category"), DataOptions(data_dir=category_data_dir, extra_data=False))
    assert not [r for r in data.train if r["source"].startswith("mmlu-")]


def test_dataset_file_and_unknown_label(tmp_path):
    path = tmp_path / "pro.jsonl"
    rows = [{"question_id": i, "question": f"question {i}", "category": "math"} for i in range(40)]
    rows[5]["category"] = "astrology"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(DataError, match="label 'astrology'.*does not know"):
        load_task_data(get_task("category"), DataOptions(dataset=str(path)))


def test_missing_field_names_record(tmp_path):
    path = tmp_path / "pro.jsonl"
    path.write_text(json.dumps({"question_id": 1, "question": "q"}) + "\n")
    with pytest.raises(DataError, match=r"pro.jsonl: record 1: missing field 'category'"):
        load_task_data(get_task("category"), DataOptions(dataset=str(path)))


def test_empty_text_is_rejected(tmp_path):
    path = tmp_path / "pro.jsonl"
    path.write_text("".join(json.dumps({"question_id": i, "question": "  " if i == 3 else f"q{i}", "category": "law"}) + "\n" for i in range(30)))
    with pytest.raises(DataError, match="empty text"):
        load_task_data(get_task("category"), DataOptions(dataset=str(path)))


def test_demo_set_covers_every_label():
    data = get_task("category").load(DataOptions())
    assert {r["label"] for r in data.train} == set(CATEGORY_LABELS)
    assert data.test and data.validation


@pytest.mark.skipif(not (SHARED_DATA / "mmlu").is_dir(), reason="shared data not present")
def test_subject_map_matches_shared_data():
    shipped = json.loads((SHARED_DATA / "mmlu" / "mmlu_subject_to_mmlu_pro_category.json").read_text())["mapping"]
    assert shipped == MMLU_SUBJECT_TO_CATEGORY
    assert {v for v in MMLU_SUBJECT_TO_CATEGORY.values() if v} == set(CATEGORY_LABELS)


@pytest.mark.skipif(not (SHARED_DATA / "mmlu_pro").is_dir(), reason="shared data not present")
def test_real_category_splits_are_leak_free():
    data = load_task_data(get_task("category"), DataOptions(data_dir=Path(SHARED_DATA)))
    counts = data.counts()
    assert 1100 < counts["test"] < 1300 and 1000 < counts["validation"] < 1300
    test_texts = {normalize_text(r["text"]) for r in data.test}
    assert not test_texts & {normalize_text(r["text"]) for r in data.train}
    assert counts["train"] > 15000  # MMLU-Pro train + de-duplicated MMLU


def test_hub_id_offline_gives_a_clear_error():
    with pytest.raises(DataError, match="cannot load hub dataset 'TIGER-Lab/MMLU-Pro'.*local file or directory"):
        load_task_data(get_task("category"), DataOptions(dataset="TIGER-Lab/MMLU-Pro"))
