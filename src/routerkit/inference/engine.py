"""The inference engine: ``load(PATH)`` -> a :class:`Classifier` on a PyTorch or ONNX Runtime backend.

Inference runs in three layers: windows (tokenise, split long texts into overlapping windows) ->
backend (one encoder pass per window, logits for every head) -> decode (per head kind, numpy only).
Thresholds and window rules are call arguments, so one loaded classifier serves any number of
threads at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from routerkit.artifacts import read_metadata
from routerkit.errors import ConfigError, ModelDirError
from routerkit.inference.backends import BACKENDS, OnnxBackend, TorchBackend
from routerkit.inference.heads import HeadSpec, heads_from_metadata
from routerkit.inference.loading import check_text, load_model, load_model_tokenizer
from routerkit.inference.results import Prediction
from routerkit.inference.windows import Windower, Windows

logger = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 512
ONNX_FILE = "model.onnx"
TORCH_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "adapter_model.safetensors")


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits.astype(np.float64) - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class Classifier:
    """A model's heads over one backend. ``predict`` returns one :class:`Prediction` per text."""

    def __init__(self, backend, tokenizer, metadata: dict, heads: dict[str, HeadSpec], max_length: int, path: Path | None = None):
        self.backend = backend
        self.tokenizer = tokenizer
        self.metadata = metadata
        self.heads = heads
        self.path = path
        self.windower = Windower(tokenizer, max_length)

    @property
    def max_length(self) -> int:
        return self.windower.max_length

    @property
    def head(self) -> HeadSpec:
        """The only head of a one-head model."""
        if len(self.heads) != 1:
            raise ConfigError(f"the model has {len(self.heads)} heads ({', '.join(self.heads)}); name one")
        return next(iter(self.heads.values()))

    def select(self, heads: Sequence[str] | None = None) -> list[HeadSpec]:
        if heads is None:
            return list(self.heads.values())
        unknown = [h for h in heads if h not in self.heads]
        if unknown:
            raise ConfigError(f"the model has no head {unknown[0]!r}; its heads: {', '.join(self.heads)}")
        return [self.heads[h] for h in heads]

    # -- layer 2 + reduction: texts -> per-head probabilities ---------------------------------------

    def forward(self, texts: Sequence[str], batch_size: int = 32, heads: Sequence[str] | None = None,
                window_rule: str | None = None) -> dict[str, object]:
        """Per head: an array (texts x labels) of probabilities for sequence kinds, or per text its
        tokens ``(start, end, probabilities)`` for token heads."""
        if batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, got {batch_size}")
        for i, text in enumerate(texts):
            check_text(text, f"text {i}")
        specs = self.select(heads)
        if window_rule is not None and not any(s.is_sequence for s in specs):
            raise ConfigError("a window rule applies to sequence heads only; token heads read every window")
        rules = {s.name: s.resolve_window_rule(window_rule) for s in specs if s.is_sequence}
        all_windows = any(not s.is_sequence for s in specs) or any(rule != "first" for rule in rules.values())
        offsets = any(not s.is_sequence for s in specs)
        n = len(texts)
        outputs: dict[str, object] = {s.name: np.zeros((n, len(s.labels))) for s in specs if s.is_sequence}
        token_acc = {s.name: [dict() for _ in range(n)] for s in specs if not s.is_sequence}
        order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths together: less padding
        batches = range(0, n, batch_size)
        show = len(batches) >= 8 and logger.isEnabledFor(logging.INFO)
        for start in tqdm(batches, desc="predicting", unit="batch", disable=not show):
            positions = order[start : start + batch_size]
            windows = self.windower([texts[p] for p in positions], all_windows, offsets)
            probs = self._run(windows, batch_size, specs)
            for spec in specs:
                if spec.is_sequence:
                    rule = rules[spec.name]
                    for row, position in enumerate(positions):
                        mine = probs[spec.name][windows.owners == row]
                        outputs[spec.name][position] = spec.reduce_windows(mine, rule)
                else:
                    _accumulate_tokens(probs[spec.name], windows, positions, token_acc[spec.name])
        for name, per_text in token_acc.items():
            outputs[name] = [[(s, e, chosen) for (s, e), (chosen, _) in sorted(acc.items())] for acc in per_text]
        return outputs

    def _run(self, windows: Windows, batch_size: int, specs: list[HeadSpec]) -> dict[str, np.ndarray]:
        """Every head's probabilities for every window. Windows run shortest first in chunks of at most
        ``batch_size``, each chunk cut to its own longest window (:func:`length_chunks`): a short
        prompt is not padded to the length of a long one."""
        mask = windows.inputs["attention_mask"]
        full = mask.shape[1]
        parts: dict[str, list[np.ndarray]] = {s.name: [] for s in specs}
        order = []
        for chunk in length_chunks(mask.sum(axis=1), batch_size):
            length = int(mask[chunk].sum(axis=1).max())
            logits = self.backend.run({name: array[chunk, :length] for name, array in windows.inputs.items()},
                                      tuple(s.output for s in specs))
            for spec in specs:
                if spec.output not in logits:
                    raise ModelDirError(f"the backend has no output {spec.output!r} for head {spec.name!r} (outputs: {', '.join(logits)})")
                values = logits[spec.output]
                if values.ndim == 3 and values.shape[1] < full:  # token logits: back to the call's length (padding: never read)
                    values = np.pad(values, ((0, 0), (0, full - values.shape[1]), (0, 0)))
                parts[spec.name].append(_softmax(values))
            order.append(chunk)
        back = np.argsort(np.concatenate(order), kind="stable")
        return {name: np.concatenate(chunks)[back] for name, chunks in parts.items()}

    # -- layer 3: decode ----------------------------------------------------------------------------

    def predict(self, texts: Sequence[str], batch_size: int = 32, heads: Sequence[str] | None = None,
                threshold: float | dict[str, float] | None = None, window_rule: str | None = None) -> list[Prediction]:
        """Typed results per text; ``threshold`` (one value, or one per head) overrides the calibrated ones."""
        specs = self.select(heads)
        thresholds = self._thresholds(specs, threshold)
        outputs = self.forward(texts, batch_size, [s.name for s in specs], window_rule)
        per_head = {s.name: s.results(outputs[s.name], texts, thresholds.get(s.name)) for s in specs}
        flat = len(self.heads) == 1
        return [Prediction({name: results[i] for name, results in per_head.items()}, flat=flat) for i in range(len(texts))]

    def _thresholds(self, specs: list[HeadSpec], threshold) -> dict[str, float]:
        if threshold is None:
            return {}
        if isinstance(threshold, dict):
            values = threshold
            wrong = [name for name in values if name not in self.heads or self.heads[name].kind == "sequence"]
            if wrong:
                raise ConfigError(f"no detector or token head {wrong[0]!r} to take a threshold (heads: {', '.join(self.heads)})")
        else:
            takers = [s.name for s in specs if s.kind != "sequence"]
            if not takers:
                raise ConfigError("a threshold applies to detector and token heads only; "
                                  f"{', '.join(s.name for s in specs)} {'is a' if len(specs) == 1 else 'are'} plain classifier{'s' * (len(specs) > 1)}")
            values = {name: threshold for name in takers}
        for name, value in values.items():
            if not 0.0 <= float(value) <= 1.0:
                raise ConfigError(f"threshold for {name!r} must be in [0, 1], got {value}")
        return {name: float(v) for name, v in values.items()}


#: a chunk's padding stays under this share of its real tokens (or the chunk holds one window)
PADDING_SLACK = 0.25


def length_chunks(lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Window indices, shortest first, in chunks of at most ``batch_size`` whose padding to the
    chunk's longest window is at most ``PADDING_SLACK`` of their real tokens."""
    order = np.argsort(lengths, kind="stable")
    chunks, current, real = [], [], 0
    for index in order:
        length = int(lengths[index])
        if current and (len(current) >= batch_size or length * (len(current) + 1) > (1 + PADDING_SLACK) * (real + length)):
            chunks.append(np.array(current))
            current, real = [], 0
        current.append(int(index))
        real += length
    if current:
        chunks.append(np.array(current))
    return chunks


def _accumulate_tokens(probs: np.ndarray, windows: Windows, positions: np.ndarray, acc: list[dict]) -> None:
    """Keep, for each token of each text, its probabilities from the window where it sits most centrally.

    A token's context in a window is its distance to the nearer window edge; an edge that is the
    text's own start or end does not count (no window sees more there). Consecutive windows overlap by
    a quarter window, so every token has a window that sees at least an eighth of a window on each side:
    what is found does not depend on where the window boundaries fall. Ties keep the earlier window.
    """
    owners = windows.owners
    for window in range(len(windows)):
        table = acc[positions[owners[window]]]
        real = np.nonzero(windows.content[window])[0]
        if not len(real):
            continue
        first_of_text = window == 0 or owners[window - 1] != owners[window]
        last_of_text = window == len(windows) - 1 or owners[window + 1] != owners[window]
        for t in real:
            s, e = int(windows.offsets[window, t, 0]), int(windows.offsets[window, t, 1])
            if s == e:
                continue
            left = np.inf if first_of_text else t - real[0]
            right = np.inf if last_of_text else real[-1] - t
            context = min(left, right)
            if (s, e) not in table or context > table[(s, e)][1]:
                table[(s, e)] = (probs[window, t].astype(np.float64), context)


def _max_length(directory: Path | None, metadata: dict, model_config: dict | None) -> int:
    """Tokens per window: the length the model was trained with, capped by its position embeddings."""
    if model_config is None and directory is not None and (directory / "config.json").is_file():
        model_config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    limit = (model_config or {}).get("max_position_embeddings") or DEFAULT_MAX_LENGTH
    return min(int(metadata.get("max_length") or DEFAULT_MAX_LENGTH), int(limit))


def classifier_from_model(model, tokenizer, metadata: dict) -> Classifier:
    """A PyTorch classifier over an in-memory model (training-time evaluation)."""
    config = model.config.to_dict() if hasattr(model.config, "to_dict") else vars(model.config)
    return Classifier(TorchBackend(model), tokenizer, metadata, heads_from_metadata(metadata), _max_length(None, metadata, config))


def dynamically_quantised(metadata: dict) -> bool:
    """Whether the export's graph quantises activations at run time (its windows then run one at a time)."""
    return ((metadata.get("export") or {}).get("quantization") or {}).get("type") == "dynamic"


def available_backends(directory: Path) -> list[str]:
    found = []
    if (directory / ONNX_FILE).is_file():
        found.append("onnx")
    if any((directory / name).is_file() for name in TORCH_WEIGHTS):
        found.append("torch")
    return found


def load(path: str | Path, backend: str | None = None, *, trust_remote_code: bool = False, threads: int | None = None,
         graph_optimization: str = "all", spin: bool = True) -> Classifier:
    """A classifier for a routerkit model directory or export.

    ``backend``: ``"torch"`` or ``"onnx"``; default: ONNX Runtime where the directory holds
    ``model.onnx``, else PyTorch. ``threads``, ``graph_optimization`` and ``spin`` configure ONNX
    Runtime (defaults: every CPU this process may use, all graph optimisations, spinning pool
    threads). Several ONNX models in one process: ``threads=1`` (or ``spin=False``), else their
    spinning threads take the CPUs from each other (``benchmarks/engine_benchmark.py`` measures it).
    """
    directory = Path(path)
    metadata = read_metadata(directory)
    heads = heads_from_metadata(metadata)
    found = available_backends(directory)
    if backend is not None and backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    if not found:
        raise ModelDirError(f"{directory}: no model weights (neither {ONNX_FILE} nor safetensors weights)")
    chosen = backend or found[0]
    if chosen not in found:
        hint = "export it with `routerkit export MODEL_DIR --format onnx`" if chosen == "onnx" else "this is an ONNX export; use --backend onnx"
        raise ModelDirError(f"{directory}: no {chosen} weights here ({hint})")
    tokenizer = load_model_tokenizer(directory, trust_remote_code)
    if chosen == "onnx":
        engine = OnnxBackend(directory / ONNX_FILE, threads=threads, graph_optimization=graph_optimization,
                             per_row=dynamically_quantised(metadata), spin=spin)
        missing = [h.output for h in heads.values() if h.output not in engine.output_names]
        if missing:
            raise ModelDirError(f"{directory / ONNX_FILE}: no output {missing[0]!r} (outputs: {', '.join(engine.output_names)})")
        model_config = None
    else:
        engine = TorchBackend(load_model(directory, metadata, trust_remote_code=trust_remote_code))
        model_config = engine.model.config.to_dict()
    logger.debug("loaded %s on %s", directory, chosen)
    return Classifier(engine, tokenizer, metadata, heads, _max_length(directory, metadata, model_config), directory)
