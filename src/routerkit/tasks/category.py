"""The category (domain) task: which of the 14 MMLU-Pro categories a request belongs to.

Data (SPLITS.md): MMLU-Pro ``question`` / ``category`` / ``question_id``; ``bucket(question_id)`` fixes
test (0) / validation (1) / train (2-9). Training may add the original MMLU relabelled through its
subject -> category map, after dropping every MMLU row whose normalised question equals a test (or
validation) question. Training rows that duplicate a test row's normalised text are dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from routerkit.data.augment import chat_style
from routerkit.data.demo import category_demo_rows
from routerkit.data.readers import read_mmlu, read_mmlu_pro
from routerkit.data.splits import deduplicate, drop_overlap, split_rows
from routerkit.errors import DataError
from routerkit.tasks.spec import DataOptions, TaskData, TaskSpec

logger = logging.getLogger(__name__)

MMLU_PRO_HUB_ID = "TIGER-Lab/MMLU-Pro"
MMLU_HUB_ID = "cais/mmlu"

CATEGORY_LABELS = (
    "biology", "business", "chemistry", "computer science", "economics", "engineering", "health",
    "history", "law", "math", "other", "philosophy", "physics", "psychology",
)

#: MMLU subject -> MMLU-Pro category, as MMLU-Pro itself labels the questions it took from each
#: subject (``src = ori_mmlu-<subject>``). ``moral_scenarios`` is not in MMLU-Pro: skipped.
MMLU_SUBJECT_TO_CATEGORY: dict[str, str | None] = {
    "abstract_algebra": "math", "anatomy": "health", "astronomy": "physics",
    "business_ethics": "business", "clinical_knowledge": "health", "college_biology": "biology",
    "college_chemistry": "chemistry", "college_computer_science": "computer science",
    "college_mathematics": "math", "college_medicine": "health", "college_physics": "physics",
    "computer_security": "computer science", "conceptual_physics": "physics", "econometrics": "economics",
    "electrical_engineering": "engineering", "elementary_mathematics": "math", "formal_logic": "philosophy",
    "global_facts": "other", "high_school_biology": "biology", "high_school_chemistry": "chemistry",
    "high_school_computer_science": "computer science", "high_school_european_history": "history",
    "high_school_geography": "other", "high_school_government_and_politics": "other",
    "high_school_macroeconomics": "economics", "high_school_mathematics": "math",
    "high_school_microeconomics": "economics", "high_school_physics": "physics",
    "high_school_psychology": "psychology", "high_school_statistics": "math",
    "high_school_us_history": "history", "high_school_world_history": "history", "human_aging": "health",
    "human_sexuality": "other", "international_law": "law", "jurisprudence": "law",
    "logical_fallacies": "philosophy", "machine_learning": "computer science", "management": "business",
    "marketing": "business", "medical_genetics": "health", "miscellaneous": "other",
    "moral_disputes": "philosophy", "moral_scenarios": None, "nutrition": "health",
    "philosophy": "philosophy", "prehistory": "history", "professional_accounting": "other",
    "professional_law": "law", "professional_medicine": "health", "professional_psychology": "psychology",
    "public_relations": "other", "security_studies": "other", "sociology": "other",
    "us_foreign_policy": "other", "virology": "health", "world_religions": "philosophy",
}


def load_category_data(options: DataOptions) -> TaskData:
    if options.is_demo:
        raw = category_demo_rows()
        rows = [{"id": str(r["question_id"]), "text": r["question"], "label": r["category"], "source": r["src"]} for r in raw]
        parts = split_rows(rows)
        return TaskData(parts["train"], parts["validation"], parts["test"], {"main": "embedded demo set (templates)"})

    if options.dataset:
        main_source: str | Path = options.dataset
    else:
        assert options.data_dir is not None
        main_source = options.data_dir / "mmlu_pro" if (options.data_dir / "mmlu_pro").is_dir() else options.data_dir
    rows = read_mmlu_pro(main_source)
    if not rows:
        raise DataError(f"{main_source}: no MMLU-Pro rows found")
    parts = split_rows(rows)
    test, validation = parts["test"], parts["validation"]
    train = drop_overlap(parts["train"], test, "MMLU-Pro train")
    validation = drop_overlap(validation, test, "MMLU-Pro validation")
    provenance = {"main": str(main_source), "mmlu_pro_rows": len(rows)}

    mmlu_source = _mmlu_source(options)
    if options.extra_data and mmlu_source is not None:
        mmlu = read_mmlu(mmlu_source, MMLU_SUBJECT_TO_CATEGORY)
        # SPLITS.md: drop every MMLU row equal to a test question; we also keep validation clean.
        kept = drop_overlap(mmlu, test + validation, "MMLU")
        provenance.update(extra=str(mmlu_source), mmlu_rows_read=len(mmlu), mmlu_rows_after_leakage_filter=len(kept))
        train = train + kept
    train = deduplicate(train, "category train")
    return TaskData(train, validation, test, provenance)


def _mmlu_source(options: DataOptions) -> str | Path | None:
    if options.data_dir is not None and (options.data_dir / "mmlu").is_dir():
        return options.data_dir / "mmlu"
    if options.dataset == MMLU_PRO_HUB_ID:
        return MMLU_HUB_ID  # online users: the original MMLU from the hub as well
    return None


CATEGORY = TaskSpec(
    name="category",
    vllm_sr_slot="domain",
    kind="sequence",
    labels=CATEGORY_LABELS,
    description="Academic/professional domain of a request (the 14 MMLU-Pro categories).",
    load=load_category_data,
    best_metric="f1",
    max_length=128,
    # The domain is stated up front; averaging all windows scored lower on the validation split
    # (0.836 vs 0.841 accuracy, docs/RESULTS.md).
    window_reduce="first",
    augment_ratio=0.25,
    augmenter=chat_style,
    # docs/RESULTS.md "category": 0.827 test accuracy, ~40 min on 2 cores (adaptive: 4 epochs at 128 tokens, ~1.5 h)
    recipe=dict(epochs=2.5, learning_rate=1.5e-4, max_length=64, eval_steps=500),
    lora_learning_rate=1e-3,
)
