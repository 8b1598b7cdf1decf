"""Static (calibrated) int8 against the dynamic int8 export: argmax agreement with the fp32 ONNX graph.

    python benchmarks/static_int8.py runs/pipeline-v2/category/onnx --task category --data-dir ../shared/data \
        --output runs/bench-static-int8 [--calibration-rows 256]

Quantises ``model.onnx`` of an fp32 export with ``onnxruntime.quantization.quantize_static`` (QDQ, MatMul
nodes only, int8 weights per channel, uint8 activations, MinMax ranges from training rows, each window
at its own length) and measures the logit parity of it, and of the dynamic export beside it
(``../onnx-int8``, when present), against the fp32 graph on every validation window. docs/RESULTS.md,
"inference engine and exports".
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
from pathlib import Path

import numpy as np

from routerkit.export.parity import logit_parity
from routerkit.inference.engine import load
from routerkit.tasks import DataOptions, get_task
from routerkit.training.rows import load_task_data

logger = logging.getLogger("benchmark")


def calibration_reader(reference, texts: list[str]):
    from onnxruntime.quantization import CalibrationDataReader

    names = reference.backend.input_names
    windows = reference.windower(texts, all_windows=True, offsets=False)
    feeds = []
    for i in range(len(windows)):
        length = int(windows.inputs["attention_mask"][i].sum())
        feeds.append({name: (windows.inputs[name][i : i + 1, :length] if name in windows.inputs
                             else np.zeros((1, length), dtype=np.int64)) for name in names})

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.items = iter(feeds)

        def get_next(self):
            return next(self.items, None)

    return Reader()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="an fp32 ONNX export directory (routerkit export --format onnx)")
    parser.add_argument("--task", required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--calibration-rows", type=int, default=256)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    reference = load(args.export, backend="onnx")
    data = load_task_data(get_task(args.task), DataOptions(data_dir=args.data_dir))
    calibration = [r["text"] for r in random.Random(args.seed).sample(list(data.train), args.calibration_rows)]
    validation = [r["text"] for r in data.validation]
    static = args.output / "static-int8"
    if static.exists():
        shutil.rmtree(static)
    shutil.copytree(args.export, static)
    prepared = args.output / "prepared.onnx"
    quant_pre_process(str(args.export / "model.onnx"), str(prepared), skip_symbolic_shape=True)
    logger.info("calibrating on %d training rows", len(calibration))
    quantize_static(str(prepared), str(static / "model.onnx"), calibration_reader(reference, calibration),
                    quant_format=QuantFormat.QDQ, per_channel=True, weight_type=QuantType.QInt8,
                    activation_type=QuantType.QUInt8, op_types_to_quantize=["MatMul"],
                    calibrate_method=CalibrationMethod.MinMax)
    prepared.unlink()
    candidates = {"static int8 (MinMax, QDQ)": static}
    dynamic = args.export.parent / "onnx-int8"
    if (dynamic / "model.onnx").is_file():
        candidates["dynamic int8 (the export)"] = dynamic
    results = {}
    for name, path in candidates.items():
        exported = load(path, backend="onnx")
        # every window alone, as the engine runs int8 exports
        exported.backend.per_row = True
        results[name] = {"MB": round((path / "model.onnx").stat().st_size / 1e6, 1),
                         **logit_parity(reference, exported, validation)}
        logger.info("%s: %s", name, json.dumps(results[name]))
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "static_int8.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
