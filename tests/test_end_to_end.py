"""Slow end-to-end runs on the real shared data with the real offline MiniLM (run with `pytest -m slow`)."""

import pytest

from conftest import SHARED_DATA
from routerkit.cli import main
from routerkit.artifacts import read_metadata

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (SHARED_DATA / "mmlu_pro").is_dir(), reason="shared data not present")]


def test_category_minilm_learns_real_data(tmp_path):
    """2,000 real training rows, one epoch (a few minutes on 2 cores): far above chance (1/14) on the test split."""
    out = tmp_path / "category"
    assert main(["--log-level", "WARNING", "train", "category", "--data-dir", str(SHARED_DATA), "--output", str(out),
                 "--max-train-rows", "2000", "--epochs", "1", "--batch-size", "16", "--learning-rate", "1e-4",
                 "--max-length", "64", "--eval-strategy", "epoch"]) == 0
    test = read_metadata(out)["metrics"]["test"]
    assert test["rows"] > 1100
    assert test["accuracy"] > 0.5
