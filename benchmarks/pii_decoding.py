"""PII decoding, side by side on one trained model: the BIO tags' spans as they are vs repaired to the
text's words (``routerkit.inference.spans``), and long texts read with each window-merge rule.

    python benchmarks/pii_decoding.py runs/pii [--data-dir ../shared/data] [--output runs/pii-decoding.json]

1. Entity P/R/F1 (exact type + start + end) on the validation split (where the rule is chosen), the
   test split and the hand-written chat check, at the model's saved entity threshold, with each
   decoding; plus the span defects each leaves: spans that start or end with whitespace, emoji or
   punctuation, spans with no letter or digit, spans that start or end inside a word (a run of letters and digits;
   in Chinese or Japanese script every character is a word of its own).
   The test split is scored twice: under its source's own annotation (the training report's figure) and
   with its gold spans rewritten by the model's span conventions (``routerkit.data.pii_conventions``, as
   its training rows were), so that a convention the model follows on purpose is not counted as an error.
2. Window boundaries: one closing sentence with PII appended to filler of many lengths; for each
   length, whether its entities are found and how many entities the filler gets, with the current
   rule (a token's probabilities from the window where it sits most centrally) and the previous one
   (the mean over every window that holds it), kept here only for this comparison.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np

import routerkit.inference.engine as engine
from routerkit.data.alignment import entity_types_of
from routerkit.data.io import read_records
from routerkit.data.pii_conventions import apply_conventions, resolve_conventions
from routerkit.evaluation.entities import entity_report
from routerkit.inference.engine import load
from routerkit.inference.spans import WORD_CONNECTORS, _is_value_char, _same_word, decode_entities
from routerkit.tasks import DataOptions, get_task
from routerkit.training.evaluate_tokens import token_outputs
from routerkit.training.rows import load_task_data, shape_entities

logger = logging.getLogger("benchmark")
HERE = Path(__file__).resolve().parent
CHAT_CHECK = HERE / "data" / "pii_chat_check.jsonl"
CLOSING = "Thanks again for the quick turnaround, and please send the final invoice to Bob Jones."
FILLER = ("The quarterly report covers revenue, costs and the outlook for the next period. ",
          "Our team reviewed the draft and suggested a few changes to the summary. ",
          "Shipping times improved after the warehouse moved to the new layout. ")
LENGTHS = (300, 500, 800, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000)


def defects(text: str, entities: list[dict]) -> dict[str, int]:
    out = {"entities": len(entities), "edge_not_value": 0, "no_letter_or_digit": 0, "inside_word": 0}
    for e in entities:
        s, t = e["start"], e["end"]
        out["edge_not_value"] += not (_is_value_char(text[s]) or text[s] in "+(#$€£") or not (_is_value_char(text[t - 1]) or text[t - 1] in ").%/")
        out["no_letter_or_digit"] += not any(_is_value_char(c) for c in text[s:t])
        out["inside_word"] += splits_word(text, s) or splits_word(text, t)
    return out


def splits_word(text: str, i: int) -> bool:
    """Whether an entity edge at offset ``i`` cuts a word (``spans`` module docstring, rule 2) in two.

    A connector (``.`` ``@`` ``'`` ...) at the edge joins only when a letter or digit lies beyond it, so
    a sentence's full stop after an entity and a trimmed possessive ``'s`` (rule 3) cut nothing."""
    if not 0 < i < len(text) or not _same_word(text[i - 1], text[i]):
        return False
    if text[i] in WORD_CONNECTORS:
        rest = text[i + 1 : i + 3]
        possessive = text[i] in "'’" and rest[:1].lower() == "s" and not (rest[1:] and _is_value_char(rest[1]))
        return bool(rest) and _is_value_char(rest[0]) and not possessive
    if text[i - 1] in WORD_CONNECTORS:
        return i >= 2 and _is_value_char(text[i - 2])
    return True


def score_decodings(classifier, rows: list[dict], labels, types, threshold: float) -> dict:
    texts = [r["text"] for r in rows]
    tokens = token_outputs(classifier, texts, 32, classifier.head.name)
    out = {}
    for name, repair in (("tags_as_they_are", False), ("repaired_to_words", True)):
        predicted = [decode_entities(t, labels, text, threshold, repair=repair) for t, text in zip(tokens, texts)]
        report = entity_report(texts, [r["spans"] for r in rows], predicted, types)
        total = {}
        for text, entities in zip(texts, predicted):
            for key, value in defects(text, entities).items():
                total[key] = total.get(key, 0) + value
        out[name] = {"precision": round(report["precision"], 4), "recall": round(report["recall"], 4), "f1": round(report["f1"], 4),
                     "defects": total}
    return out


def window_check(classifier) -> dict:
    """Per rule and filler length: the closing sentence's entities found, and entities put in the filler."""
    filler = "".join(FILLER) * (max(LENGTHS) // len("".join(FILLER)) + 1)
    texts = [filler[: n - len(CLOSING) - 1] + " " + CLOSING for n in LENGTHS]
    results = {}
    central = engine._accumulate_tokens
    for rule, merge in (("most_central_window", central), ("mean_over_windows", _mean_merge_once)):
        engine._accumulate_tokens = merge
        try:
            predictions = classifier.predict(texts, batch_size=8)
        finally:
            engine._accumulate_tokens = central
        rows = []
        for n, text, prediction in zip(LENGTHS, texts, (p[classifier.head.name] for p in predictions)):
            base = len(text) - len(CLOSING)
            found = sorted({(e.label, e.text) for e in prediction.entities if e.start >= base})
            rows.append({"chars": n, "found_in_closing": found, "entities_in_filler": sum(e.start < base for e in prediction.entities)})
        results[rule] = rows
    return results


def _mean_merge_once(probs, windows, positions, acc) -> None:
    """The previous rule: the running mean of a token's probabilities over every window that holds it."""
    for window in range(len(windows)):
        table = acc[positions[windows.owners[window]]]
        for t in np.nonzero(windows.content[window])[0]:
            s, e = int(windows.offsets[window, t, 0]), int(windows.offsets[window, t, 1])
            if s == e:
                continue
            total, count = table.get((s, e), (0.0, 0))
            count += 1
            # the running mean, so that the engine's (probabilities, _) read gives the mean over windows
            table[(s, e)] = (total + (probs[window, t].astype(np.float64) - total) / count, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("--data-dir", type=Path, help="default: the data the model was trained on")
    parser.add_argument("--output", type=Path, help="JSON file for the results")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    classifier = load(args.model)
    head = classifier.head
    threshold = head.resolve_threshold(None)
    task = get_task(classifier.metadata["task"])
    options = DataOptions(data_dir=args.data_dir) if args.data_dir else DataOptions.recorded(classifier.metadata)
    config = classifier.metadata.get("config") or {}
    data, _ = shape_entities(task, load_task_data(task, options), config.get("entity_types"), config.get("rename_entities"),
                             config.get("span_conventions"))
    types = entity_types_of(head.labels)  # the model's own types (an --entity-types subset too)
    conventions = resolve_conventions(config.get("span_conventions"))
    sets = {"validation": data.validation, "test": data.test, "test_model_conventions": apply_conventions(data.test, conventions)}
    if CHAT_CHECK.exists():
        sets["chat_check"] = [{"id": str(i), **r} for i, r in enumerate(read_records(CHAT_CHECK))]
    results = {"model": str(args.model), "entity_threshold": threshold, "span_conventions": conventions,
               "decoding": {name: score_decodings(classifier, rows, head.labels, types, threshold) for name, rows in sets.items()},
               "window_boundaries": window_check(classifier)}
    for name, scores in results["decoding"].items():
        for decoding, s in scores.items():
            logger.info("%-22s %-18s P %.4f R %.4f F1 %.4f defects %s", name, decoding, s["precision"], s["recall"], s["f1"], s["defects"])
    for rule, rows in results["window_boundaries"].items():
        logger.info("%s: %s", rule, "; ".join(f"{r['chars']}: {len(r['found_in_closing'])} found, {r['entities_in_filler']} in filler" for r in rows))
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
