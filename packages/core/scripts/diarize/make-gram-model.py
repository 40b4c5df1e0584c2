#!/usr/bin/env python3
"""The tiny float64 Gram-matrix model used by src/diarize/distances.ts (shipped in assets/diarize/).

Run once (python3 with onnx):
    python3 packages/core/scripts/diarize/make-gram-model.py packages/core/assets/diarize/gram-f64.onnx

One Gemm node, gram = a @ b.T: inputs `a` float64 [m, k] and `b` float64 [n, k], output `gram`
float64 [m, n]. onnxruntime's CPU provider runs double Gemm with its blocked (MLAS) kernel, which
is what makes pairwise distances of thousands of 256-dim embeddings cheap. No weights.
"""
import os
import sys
import tempfile

import onnx
from onnx import TensorProto, helper


def main(out):
    a = helper.make_tensor_value_info("a", TensorProto.DOUBLE, ["m", "k"])
    b = helper.make_tensor_value_info("b", TensorProto.DOUBLE, ["n", "k"])
    gram = helper.make_tensor_value_info("gram", TensorProto.DOUBLE, ["m", "n"])
    node = helper.make_node("Gemm", ["a", "b"], ["gram"], transB=1)
    graph = helper.make_graph([node], "gram_f64", [a, b], [gram])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="whisperx-ts")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out)), suffix=".onnx")
    with os.fdopen(fd, "wb") as f:
        f.write(model.SerializeToString())
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "packages/core/assets/diarize/gram-f64.onnx")
