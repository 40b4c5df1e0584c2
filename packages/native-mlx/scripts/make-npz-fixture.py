#!/usr/bin/env python3
"""Writes src/__fixtures__/small.npz (numpy.savez: stored entries) and small-compressed.npz
(numpy.savez_compressed) for the C++ .npz reader test. Run once by hand; tests never need Python."""
from pathlib import Path
import numpy as np

out = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"
arrays = {
    "encoder.conv1.weight": np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5,
    "decoder.ln.bias": np.array([1.0, -2.0, 0.25, 65504.0], dtype=np.float16),
    "alignment_heads": np.array([[1, 0], [1, 1]], dtype=np.int64),
    "scalar": np.array(7, dtype=np.int32),
}
np.savez(out / "small.npz", **arrays)
np.savez_compressed(out / "small-compressed.npz", **arrays)
print("wrote", out / "small.npz")
