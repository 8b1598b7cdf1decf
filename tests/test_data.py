import hashlib
import json

import pytest

from routerkit.data.augment import augment_rows, chat_style
from routerkit.data.io import read_records
from routerkit.data.splits import bucket, deduplicate, drop_overlap, normalize_text, split_of
from routerkit.errors import DataError


def test_bucket_follows_splits_md_formula():
    for key in (0, 1, 17, "abc", 12345):
        expected = int(hashlib.sha256(str(key).encode()).hexdigest(), 16) % 10
        assert bucket(key) == expected
    assert {split_of(k) for k in range(200)} == {"train", "validation", "test"}
    assert split_of(next(k for k in range(100) if bucket(k) == 0)) == "test"
    assert split_of(next(k for k in range(100) if bucket(k) == 1)) == "validation"


def test_normalize_and_overlap():
    assert normalize_text("  What   IS\tthis?\n") == "what is this?"
    rows = [{"text": "A  b"}, {"text": "c"}, {"text": "a B"}]
    assert drop_overlap(rows, [{"text": "a b"}], "x") == [{"text": "c"}]
    assert deduplicate(rows, "x") == [{"text": "A  b"}, {"text": "c"}]


def test_malformed_jsonl_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n{"text": broken}\n')
    with pytest.raises(DataError, match=r"bad.jsonl:2: invalid JSON"):
        read_records(path)


def test_jsonl_non_object_and_missing_file(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text('[1, 2]\n')
    with pytest.raises(DataError, match=r"list.jsonl:1: expected a JSON object"):
        read_records(path)
    with pytest.raises(DataError, match="file not found"):
        read_records(tmp_path / "nope.jsonl")
    with pytest.raises(DataError, match="unsupported file type"):
        read_records(path.with_suffix(".txt").write_text("x") and path.with_suffix(".txt"))


def test_csv_json_and_wrapped_json(tmp_path):
    (tmp_path / "a.csv").write_text("text,label\nhello,math\n")
    assert read_records(tmp_path / "a.csv") == [{"text": "hello", "label": "math"}]
    (tmp_path / "b.csv").write_text("text,label\nhello,math,extra\n")
    with pytest.raises(DataError, match="b.csv:2: more fields"):
        read_records(tmp_path / "b.csv")
    (tmp_path / "c.json").write_text(json.dumps({"data": [{"text": "x"}]}))
    assert read_records(tmp_path / "c.json") == [{"text": "x"}]
    (tmp_path / "d.json").write_text("{\n  'x': 1\n}")
    with pytest.raises(DataError, match=r"d.json:2: invalid JSON"):
        read_records(tmp_path / "d.json")


def test_non_utf8_file(tmp_path):
    (tmp_path / "e.jsonl").write_bytes(b'{"text": "\xff\xfe"}\n')
    with pytest.raises(DataError, match="not UTF-8"):
        read_records(tmp_path / "e.jsonl")


def test_chat_augmentation_is_seeded_and_keeps_labels():
    rows = [{"id": str(i), "text": f"Calculate the molar mass of compound number {i}.", "label": "chemistry"} for i in range(200)]
    first = augment_rows(rows, chat_style, 0.5, seed=3)
    assert first == augment_rows(rows, chat_style, 0.5, seed=3)
    changed = [r for r in first if r.get("augmented")]
    assert 60 < len(changed) < 140
    assert all(r["label"] == "chemistry" for r in first)
    assert sum(r["text"] != rows[int(r["id"])]["text"] for r in changed) > 0.8 * len(changed)
    assert augment_rows(rows, chat_style, 0.0, seed=3) == rows
