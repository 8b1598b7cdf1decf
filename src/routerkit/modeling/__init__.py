"""Backbones, classification heads and LoRA wrapping."""
