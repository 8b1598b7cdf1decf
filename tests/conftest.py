"""Shared fixtures: tiny random backbones (with the offline MiniLM tokenizer) and small data directories."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import csv  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

SHARED_DATA = Path(os.environ.get("ROUTERKIT_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def _minilm_tokenizer():
    from transformers import AutoTokenizer

    from routerkit.modeling.backbones import resolve_backbone

    return AutoTokenizer.from_pretrained(resolve_backbone("all-MiniLM-L6-v2"))


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> str:
    """A 2-layer, hidden-32 random BERT saved with the MiniLM WordPiece tokenizer."""
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-bert")
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).save_pretrained(path)
    _minilm_tokenizer().save_pretrained(path)
    return str(path)


@pytest.fixture(scope="session")
def tiny_modernbert(tmp_path_factory) -> str:
    """A 2-layer, hidden-64 random ModernBERT whose special-token ids match the MiniLM tokenizer."""
    import torch
    from transformers import ModernBertConfig, ModernBertModel

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-modernbert")
    config = ModernBertConfig(vocab_size=30522, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                              intermediate_size=96, max_position_embeddings=128, pad_token_id=0,
                              cls_token_id=101, sep_token_id=102, bos_token_id=101, eos_token_id=102,
                              global_attn_every_n_layers=1, local_attention=64)
    ModernBertModel(config).save_pretrained(path)
    _minilm_tokenizer().save_pretrained(path)
    return str(path)


@pytest.fixture()
def category_data_dir(tmp_path) -> Path:
    """A data directory in the shared layout: demo questions as MMLU-Pro plus a few MMLU CSV rows.

    Two MMLU rows repeat a test-split question (they must be dropped) and one repeats a
    train-split question (a duplicate).
    """
    from routerkit.data.demo import category_demo_rows
    from routerkit.data.splits import split_of

    rows = category_demo_rows()
    (tmp_path / "mmlu_pro").mkdir()
    with (tmp_path / "mmlu_pro" / "mmlu_pro_test.jsonl").open("w") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    test_questions = [r["question"] for r in rows if split_of(r["question_id"]) == "test"]
    train_questions = [r["question"] for r in rows if split_of(r["question_id"]) == "train"]
    (tmp_path / "mmlu" / "test").mkdir(parents=True)
    with (tmp_path / "mmlu" / "test" / "high_school_physics_test.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([test_questions[0].upper(), "a", "b", "c", "d", "A"])  # leaks a test question
        writer.writerow(["  " + test_questions[1] + "  ", "a", "b", "c", "d", "B"])  # leaks a test question
        writer.writerow([train_questions[0], "a", "b", "c", "d", "C"])  # duplicate of a train row
        writer.writerow(["What is the speed of sound in dry air at room temperature?", "a", "b", "c", "d", "D"])
    with (tmp_path / "mmlu" / "test" / "moral_scenarios_test.csv").open("w", newline="") as handle:
        csv.writer(handle).writerow(["Scenario 1 | I lied.", "a", "b", "c", "d", "A"])  # no category: skipped
    return tmp_path


def train_args(backbone: str, output: Path, *extra: str) -> list[str]:
    """CLI arguments for a few-step training run on a tiny backbone."""
    return ["--log-level", "WARNING", "train", "category", "--output", str(output), "--backbone", backbone,
            "--max-steps", "4", "--batch-size", "8", "--max-length", "32", "--eval-strategy", "steps",
            "--eval-steps", "2", *extra]
