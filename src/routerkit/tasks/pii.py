"""The PII task: token classification with BIO tags over Presidio's 17 entity types.

Data (SPLITS.md): ``presidio_research/synth_dataset_v2.json``; the key is the record's 0-based index
in the file, ``bucket(index)`` fixes test (0) / validation (1) / train (2-9). Training adds sentences
from the project's own seeded generator (:mod:`routerkit.data.pii_synth`: varied carrier sentences
and value formats, and hard negatives such as version numbers, prices and ids that must stay ``O``),
after dropping any whose normalised text equals a test or validation row's. Online users can pass
an ai4privacy dataset (``--dataset ai4privacy/...`` or a file in its schema); its labels are mapped
onto ours (:data:`routerkit.data.pii.AI4PRIVACY_LABELS`).

Rows: ``{"id", "text", "spans": [{"start", "end", "label"}], "source"}`` (character offsets).
Token labels come from :func:`routerkit.data.alignment.align_spans` (every sub-token of an entity is
labelled, ``B-`` on its first token).
"""

from __future__ import annotations

import logging
from pathlib import Path

from routerkit.data.pii import PII_ENTITY_TYPES, bio_labels, read_ai4privacy, read_presidio
from routerkit.data.pii_synth import generate_pii_rows
from routerkit.data.readers import load_hub_records, looks_like_hub_id
from routerkit.data.splits import deduplicate, drop_overlap, split_rows
from routerkit.errors import DataError
from routerkit.tasks.spec import DataOptions, TaskData, TaskSpec

logger = logging.getLogger(__name__)

PRESIDIO_FILE = Path("presidio_research") / "synth_dataset_v2.json"
#: generated sentences added to the training split (and a tenth as many to the embedded demo set)
SYNTHETIC_ROWS = 4000
SYNTHETIC_SEED = 7


def _main_rows(options: DataOptions) -> tuple[list[dict], str]:
    if options.dataset:
        source = options.dataset
        if looks_like_hub_id(source):
            return read_ai4privacy(load_hub_records(source, "train")), source
        path = Path(source)
        records_path = path / PRESIDIO_FILE if path.is_dir() and (path / PRESIDIO_FILE).exists() else path
        if records_path.suffix.lower() in (".json", ".jsonl") and _is_presidio(records_path):
            return read_presidio(records_path), str(records_path)
        return read_ai4privacy(records_path), str(records_path)
    assert options.data_dir is not None
    path = options.data_dir / PRESIDIO_FILE
    if not path.exists():
        raise DataError(f"{path}: not found (the PII task reads the Presidio research synthetic dataset)")
    return read_presidio(path), str(path)


def _is_presidio(path: Path) -> bool:
    if not path.is_file():
        return False  # the reader below reports the missing file as a one-line DataError
    head = path.read_text(encoding="utf-8")[:4000]
    return "full_text" in head


def load_pii_data(options: DataOptions) -> TaskData:
    if options.is_demo:
        rows = generate_pii_rows(SYNTHETIC_ROWS // 10, seed=SYNTHETIC_SEED)
        parts = split_rows(rows)
        return TaskData(parts["train"], parts["validation"], parts["test"], {"main": "embedded demo set (generated sentences)"})
    rows, source = _main_rows(options)
    if not rows:
        raise DataError(f"{source}: no PII rows found")
    parts = split_rows(rows)
    test, validation = parts["test"], parts["validation"]
    train = drop_overlap(parts["train"], test, "PII train")
    provenance = {"main": source, "rows": len(rows)}
    if options.extra_data:
        synthetic = drop_overlap(generate_pii_rows(SYNTHETIC_ROWS, seed=SYNTHETIC_SEED), test + validation, "synthetic PII")
        provenance.update(synthetic_rows=len(synthetic), synthetic_seed=SYNTHETIC_SEED)
        train = train + synthetic
    train = deduplicate(train, "PII train")
    return TaskData(train, validation, test, provenance)


PII = TaskSpec(
    name="pii",
    vllm_sr_slot="pii",
    kind="token",
    labels=bio_labels(PII_ENTITY_TYPES),
    description="Personal data spans (BIO over Presidio's 17 entity types), with character offsets and masking.",
    load=load_pii_data,
    best_metric="f1",
    max_length=128,
    lora_r=32,
    lora_alpha=64,
    # docs/RESULTS.md "pii": the real Presidio rows weighed 3:1 against the generated ones
    recipe=dict(epochs=6, learning_rate=8e-5, eval_steps=250, oversample={"presidio_research": 3}),
)
