"""Wrap fp32 ONNX Whisper files so that every float input/output is float16 (Cast nodes at the
graph boundary; weights stay fp32). Exercises the executor's float16 IO path without fp16 weights.
Usage: make-fp16-io.py SRC_DIR DST_DIR  (SRC_DIR holds encoder_model.onnx, decoder_model*.onnx)."""
import os
import sys

import onnx
from onnx import TensorProto, helper


def wrap(src: str, dst: str) -> None:
    model = onnx.load(src)
    g = model.graph
    new_nodes = []
    for inp in g.input:
        t = inp.type.tensor_type
        if t.elem_type != TensorProto.FLOAT:
            continue
        internal = inp.name + "__f32"
        for node in g.node:
            node.input[:] = [internal if n == inp.name else n for n in node.input]
        # outer-scope references inside If branches
        for node in g.node:
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    for sub in attr.g.node:
                        sub.input[:] = [internal if n == inp.name else n for n in sub.input]
        new_nodes.append(helper.make_node("Cast", [inp.name], [internal], to=TensorProto.FLOAT))
        t.elem_type = TensorProto.FLOAT16
    out_casts = []
    for out in g.output:
        t = out.type.tensor_type
        if t.elem_type != TensorProto.FLOAT:
            continue
        internal = out.name + "__f32"
        for node in g.node:
            node.output[:] = [internal if n == out.name else n for n in node.output]
            node.input[:] = [internal if n == out.name else n for n in node.input]
        out_casts.append(helper.make_node("Cast", [internal], [out.name], to=TensorProto.FLOAT16))
        t.elem_type = TensorProto.FLOAT16
    nodes = new_nodes + list(g.node) + out_casts
    del g.node[:]
    g.node.extend(nodes)
    onnx.save(model, dst)


if __name__ == "__main__":
    src_dir, dst_dir = sys.argv[1], sys.argv[2]
    os.makedirs(dst_dir, exist_ok=True)
    for name in ["encoder_model", "decoder_model_merged", "decoder_model", "decoder_with_past_model"]:
        wrap(os.path.join(src_dir, name + ".onnx"), os.path.join(dst_dir, name + "_fp16.onnx"))
