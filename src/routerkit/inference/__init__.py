"""Inference: windows -> backend (PyTorch or ONNX Runtime) -> decode per head; ``load`` picks the backend."""
