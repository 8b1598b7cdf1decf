"""Backends: a batch of windows (numpy arrays) -> logits per output name. PyTorch or ONNX Runtime.

Both are stateless between calls and safe to call from several threads at once.
"""

from __future__ import annotations

import inspect
import logging
import os
from pathlib import Path

import numpy as np

from routerkit.errors import ConfigError, ModelDirError

logger = logging.getLogger(__name__)

BACKENDS = ("torch", "onnx")
#: ONNX Runtime graph optimisation levels by name
GRAPH_OPTIMIZATION = ("disable", "basic", "extended", "all")


class TorchBackend:
    """A model in eval mode: a ``transformers`` classification model (one output, ``logits``) or a
    multi-task model (one output per head, named after it)."""

    name = "torch"

    def __init__(self, model):
        import torch

        self.model = model.eval()
        self._torch = torch
        self.multihead = hasattr(model, "output_names")
        if self.multihead:
            self.input_names = model.encoder_inputs
            self.output_names = model.output_names
        else:
            parameters = inspect.signature(self.model.forward).parameters
            self.input_names = tuple(n for n in ("input_ids", "attention_mask", "token_type_ids") if n in parameters)
            self.output_names = ("logits",)

    def run(self, inputs: dict[str, np.ndarray], outputs: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
        """Logits per output; ``outputs`` names the ones wanted (a multi-task model then runs only those heads)."""
        torch = self._torch
        with torch.inference_mode():
            tensors = {name: torch.from_numpy(inputs[name]) for name in self.input_names if name in inputs}
            if self.multihead:
                logits = self.model(**tensors, heads=outputs)
                return {name: value.float().cpu().numpy() for name, value in logits.items()}
            return {"logits": self.model(**tensors).logits.float().cpu().numpy()}


def default_threads() -> int:
    """Intra-op threads for ONNX Runtime: the CPUs this process may use (2 on the project's machines)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class OnnxBackend:
    """An ONNX Runtime CPU session over ``model.onnx``; inputs the graph takes but the tokenizer did not
    make (``token_type_ids``) are fed as zeros."""

    name = "onnx"

    def __init__(self, path: str | Path, threads: int | None = None, graph_optimization: str = "all", per_row: bool = False,
                 spin: bool = True):
        import onnxruntime as ort

        if graph_optimization not in GRAPH_OPTIMIZATION:
            raise ConfigError(f"unknown graph optimisation {graph_optimization!r}; expected one of {', '.join(GRAPH_OPTIMIZATION)}")
        if threads is not None and threads < 1:
            raise ConfigError(f"ONNX Runtime threads must be at least 1, got {threads}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        if not spin:
            # idle pool threads sleep instead of spinning: slower alone, but several sessions in one
            # process no longer take the CPUs from each other
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = {
            "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL, "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED, "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        }[graph_optimization]
        path = Path(path)
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types for a corrupt or truncated file
            raise ModelDirError(f"{path}: cannot load the ONNX model ({str(exc).strip().splitlines()[0][:200]})") from None
        self.path = path
        self.threads = options.intra_op_num_threads
        self.graph_optimization = graph_optimization
        self.input_names = tuple(i.name for i in self.session.get_inputs())
        self.output_names = tuple(o.name for o in self.session.get_outputs())
        #: run every window alone, without padding (dynamically quantised graphs: see :meth:`run`)
        self.per_row = per_row

    def run(self, inputs: dict[str, np.ndarray], outputs: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
        """Logits per output (the graph computes all of them; ``outputs`` is accepted for the PyTorch
        backend's sake). With ``per_row``, each window runs alone at its own length: dynamic
        quantisation scales activations over the whole input tensor, so in a batch a text's int8 scores
        would depend on its neighbours and on padding; alone they are those of a single query."""
        if not self.per_row or len(inputs["input_ids"]) == 1 and inputs["attention_mask"].all():
            return self._run(inputs)
        lengths = inputs["attention_mask"].sum(axis=1)
        rows = [self._run({k: v[i : i + 1, : lengths[i]] for k, v in inputs.items()}) for i in range(len(lengths))]
        out = {}
        for name in self.output_names:
            parts = [r[name] for r in rows]
            if parts[0].ndim == 2:  # sequence logits: (1, labels) per row
                out[name] = np.concatenate(parts)
            else:  # token logits: (1, length, labels) per row, padded back to the batch's length
                full = np.zeros((len(parts), inputs["input_ids"].shape[1], parts[0].shape[-1]), dtype=parts[0].dtype)
                for i, part in enumerate(parts):
                    full[i, : part.shape[1]] = part[0]
                out[name] = full
        return out

    def _run(self, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        shape = inputs["input_ids"].shape
        feed = {name: inputs[name] if name in inputs else np.zeros(shape, dtype=np.int64) for name in self.input_names}
        return dict(zip(self.output_names, self.session.run(None, feed)))
