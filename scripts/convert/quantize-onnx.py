"""Dynamic int8 variants of a Whisper ONNX folder, named as onnx-community names them. Own code.

usage: python quantize-onnx.py MODEL_DIR [--force] [--per-tensor] [--encoder-dynamic]

MODEL_DIR is a folder in the onnx-community layout (MODEL_DIR/onnx/encoder_model.onnx +
decoder_model_merged.onnx and/or the split decoder_model.onnx + decoder_with_past_model.onnx), or
its onnx/ folder itself. For every one of those files present it writes <name>_quantized.onnx
beside it, which `--compute_type int8` (and q8 / quantized) selects.

How (after the q8 recipe of transformers.js' quantizer, which made onnx-community's
*_quantized.onnx): onnxruntime.quantization's ONNXQuantizer in IntegerOps mode, dynamic
(activations uint8, scale computed per run), only MatMuls whose B is a constant weight, and the
quantizer entering If subgraphs (EnableSubgraph), so the merged decoder's two branches are quantized
in place and keep their shared weights. Differences from q8: weights are signed int8 per output
channel with onnxruntime's reduce_range (7 bits), for accuracy on every x86 CPU (q8's per-tensor
8-bit weights with --per-tensor; see RECIPE below), and two rewrites for speed that change no shape:
  - a Gemm over a constant weight, or a MatMul over Transpose(constant weight) (exports write the
    tied vocabulary projection either way) is first rewritten as a MatMul over a transposed
    constant, so the largest decoder matmul is quantized too;
  - Conv stays float32 (under 2 GFLOP of tiny's 37 per window; integer Conv would need uint8
    weights, and u8 x u8 products miss the VNNI u8 x s8 path that the MatMuls use).
Gather (the token embedding) is quantized too (int8 table + DequantizeLinear), as in q8.

The encoder (recipe v3) takes another route: its MatMuls over constant weights become onnxruntime's
MatMulNBits with 8-bit weights in blocks of 128 along K (one scale per block and output channel,
symmetric) and accuracy_level 4, under which onnxruntime quantizes the activations to int8 per block
of 128 too and multiplies in integers. Per-tensor dynamic activations (the decoders' route) lose 1-5%
per encoder MatMul on real speech (outlier channels in the GELU and residual inputs set the one
scale); per block they lose 0.3-1.2%. --encoder-dynamic keeps the encoder on the decoders' route
(MatMulInteger; Whisper base's encoder 25-30% faster on AVX-512 VNNI, less accurate).

Idempotent: each output records the sha256 of its source and the recipe version in its metadata;
an output that matches is left alone ("up to date"), anything else is rewritten (--force always
rewrites). Outputs are written to a temporary name and renamed. Prints one line per file.
Needs: onnx, onnxruntime (the Python package, requirements.txt's pin; it checks that each output
loads, and 8-bit MatMulNBits needs a recent one: onnxruntime-node 1.30 and Python 1.32 run it), numpy.
"""
import hashlib
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

# v2: per-channel weights with onnxruntime's reduce_range (7-bit). On a CPU without VNNI (AVX2 only)
# the u8 x s8 kernels add pairs of products in 16 bits, which saturate with full-range weights; v1
# (q8: per tensor, 8 bits) measured there, Whisper base, 50 asterisk prompts (fp32: fr 21.49%, es
# 32.58%): fr 29.23%, es 30.34%; v2: fr 24.36%, es 32.36%.
# v3: the encoder's MatMuls block-wise (MatMulNBits, 8 bits, blocks of 128, int8 compute), the
# decoders as v2. Whisper base, 100 asterisk prompts per language, AVX-512 VNNI, seed 0: see
# BENCHMARKS.md "int8 recipe v3".
RECIPE = "whisperx-ts-q8-v3"
# MatMulNBits block along K. 32: fr WER 26.18% (128: 24.24%), slower; 256: encoder error 10.7%
# against 128's 8.2%; onnxruntime 1.30 takes at most 256.
BLOCK = 128
META_KEY = "whisperx_ts.quantized_from"
SOURCES = ["encoder_model.onnx", "decoder_model_merged.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"]
# Quantized op types: MatMul with a constant B and the embedding Gather (IntegerOps registry names).
OP_TYPES = ["MatMul", "Gather"]
TWO_GB = 2**31 - 1


def fail(message):
    print(f"quantize-onnx: {message}", file=sys.stderr)
    sys.exit(1)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            h.update(block)
    data = path + "_data"  # external weights (large models): onnx names them <file>.onnx_data
    if os.path.exists(data):
        with open(data, "rb") as f:
            for block in iter(lambda: f.read(1 << 24), b""):
                h.update(block)
    return h.hexdigest()


def recorded_source(path):
    """The META_KEY value of an existing output, or None (unreadable files count as stale)."""
    try:
        model = onnx.load(path, load_external_data=False)
    except Exception:  # noqa: BLE001 - a broken output is simply rewritten
        return None
    return next((p.value for p in model.metadata_props if p.key == META_KEY), None)


def _graphs(graph):
    """graph and every subgraph below it (If / Loop / Scan bodies)."""
    yield graph
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _graphs(attr.g)
            elif attr.type == onnx.AttributeProto.GRAPHS:
                for g in attr.graphs:
                    yield from _graphs(g)


def _rewrite_nodes(model, replace):
    """Every node of every graph through replace(node): None keeps it, a list of nodes takes its place
    (in order). Returns the count replaced."""
    count = 0
    for g in _graphs(model.graph):
        nodes = list(g.node)
        del g.node[:]
        for node in nodes:
            new = replace(node)
            g.node.extend([node] if new is None else new)
            count += new is not None
    return count


def gemm_to_matmul(model):
    """Rewrite Gemm(A, W[, C]) with a constant W (alpha = beta = 1, no transA) as MatMul(A, W') [+ Add C].
    W' = W^T for transB = 1, stored once however many Gemms share W. Returns the count rewritten."""
    inits = {t.name: t for t in model.graph.initializer}
    transposed = {}

    def replace(node):
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        w = node.input[1] if node.op_type == "Gemm" and len(node.input) > 1 else None
        ok = (w in inits and attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0
              and attrs.get("transA", 0) == 0)
        if not ok:
            return None
        b = w
        if attrs.get("transB", 0) == 1:
            if w not in transposed:
                arr = numpy_helper.to_array(inits[w])
                t = numpy_helper.from_array(np.ascontiguousarray(arr.T), f"{w}/transposed")
                model.graph.initializer.append(t)
                transposed[w] = t.name
            b = transposed[w]
        has_c = len(node.input) > 2 and node.input[2] != ""
        mm_out = f"{node.output[0]}/matmul" if has_c else node.output[0]
        out = [helper.make_node("MatMul", [node.input[0], b], [mm_out], name=f"{node.name}/matmul")]
        if has_c:
            out.append(helper.make_node("Add", [mm_out, node.input[2]], [node.output[0]], name=f"{node.name}/bias"))
        return out

    count = _rewrite_nodes(model, replace)
    drop_unused_initializers(model)  # weights only the rewritten Gemms read (the transposed copy replaces them)
    return count


def fold_transposed_weights(model):
    """Transpose(W) of a constant weight (how some exports feed the tied embedding to the vocabulary
    MatMul) becomes a transposed constant, so that MatMul's B is a constant the quantizer takes.
    One copy per (weight, perm). Returns the count of Transpose nodes folded."""
    inits = {t.name: t for t in model.graph.initializer}
    made, rename = {}, {}
    for g in _graphs(model.graph):
        nodes = list(g.node)
        del g.node[:]
        for node in nodes:
            if node.op_type != "Transpose" or node.input[0] not in inits:
                g.node.append(node)
                continue
            arr = numpy_helper.to_array(inits[node.input[0]])
            perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), None) or list(range(arr.ndim))[::-1]
            key = (node.input[0], tuple(perm))
            if key not in made:
                t = numpy_helper.from_array(np.ascontiguousarray(arr.transpose(perm)), f"{node.input[0]}/T{''.join(map(str, perm))}")
                model.graph.initializer.append(t)
                made[key] = t.name
            rename[node.output[0]] = made[key]
    for g in _graphs(model.graph):
        for node in g.node:
            for i, name in enumerate(node.input):
                if name in rename:
                    node.input[i] = rename[name]
        for out in g.output:
            if out.name in rename:  # a graph output must stay a node output: keep an Identity
                g.node.append(helper.make_node("Identity", [rename[out.name]], [out.name]))
    return len(rename)


def drop_unused_initializers(model):
    used = {i for g in _graphs(model.graph) for n in g.node for i in n.input}
    used |= {o.name for g in _graphs(model.graph) for o in g.output}
    keep = [t for t in model.graph.initializer if t.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(keep)


def blockwise_matmuls(model, block=BLOCK):
    """MatMul(A, W) with a constant 2-D W -> com.microsoft MatMulNBits(A, Wq, scales): 8-bit weights,
    blocks of `block` along K per output channel, symmetric (stored as uint8 with the default zero
    point 128, scale = max|w| / 127 of the block), accuracy_level 4 (int8 activations per block).
    Weights read by several MatMuls are converted once. Returns the count rewritten."""
    inits = {t.name: t for t in model.graph.initializer}
    made = {}

    def replace(node):
        w = node.input[1] if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w not in inits or len(inits[w].dims) != 2:
            return None
        k, n = inits[w].dims
        if w not in made:
            weights = numpy_helper.to_array(inits[w]).astype(np.float32)
            blocks = -(-k // block)
            padded = np.zeros((n, blocks * block), np.float32)
            padded[:, :k] = weights.T
            padded = padded.reshape(n, blocks, block)
            amax = np.abs(padded).max(axis=2)
            scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
            q = np.clip(np.round(padded / scale[:, :, None]), -127, 127).astype(np.int16) + 128
            qt = numpy_helper.from_array(q.astype(np.uint8), f"{w}/q8b{block}")
            st = numpy_helper.from_array(scale.reshape(-1), f"{w}/q8b{block}_scale")
            model.graph.initializer.extend([qt, st])
            made[w] = (qt.name, st.name)
        qname, sname = made[w]
        return [helper.make_node(
            "MatMulNBits", [node.input[0], qname, sname], list(node.output), name=f"{node.name}/q8b",
            domain="com.microsoft", K=k, N=n, bits=8, block_size=block, accuracy_level=4)]

    count = _rewrite_nodes(model, replace)
    if count and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    drop_unused_initializers(model)
    return count


def load_prepared(src):
    """src with its weight Gemms / Transposes folded into MatMuls over constants (both routes quantize
    those). Returns (model, count folded)."""
    model = onnx.load(src)  # external data (if any) is loaded too
    rewritten = gemm_to_matmul(model) + fold_transposed_weights(model)
    drop_unused_initializers(model)
    return model, rewritten


def quantize_dynamic(model, per_channel):
    """The MatMulInteger route. per_channel: per output channel, 7-bit (reduce_range); else per
    tensor, 8-bit (q8). Returns the quantized model."""
    from onnxruntime.quantization import QuantizationMode, QuantType
    from onnxruntime.quantization.onnx_quantizer import ONNXQuantizer

    quantizer = ONNXQuantizer(
        model,
        per_channel,
        per_channel,  # reduce_range: 7-bit weights, no 16-bit saturation in AVX2's u8 x s8 kernels
        mode=QuantizationMode.IntegerOps,
        static=False,
        weight_qType=QuantType.QInt8,
        activation_qType=QuantType.QUInt8,
        tensors_range=None,
        nodes_to_quantize=[],
        nodes_to_exclude=[],
        op_types_to_quantize=OP_TYPES,
        extra_options={"EnableSubgraph": True, "MatMulConstBOnly": True},
    )
    quantizer.quantize_model()
    return quantizer.model.model


def save_atomically(model, dst, source_tag):
    """dst written under a temporary name and renamed; weights past 2 GB go to dst + '_data' (written
    first, under its final name, as the graph refers to it by that name)."""
    del model.metadata_props[:]
    model.metadata_props.append(onnx.StringStringEntryProto(key=META_KEY, value=source_tag))
    tmp = f"{dst}.tmp-{os.getpid()}"
    try:
        if model.ByteSize() > TWO_GB:
            onnx.save(model, tmp, save_as_external_data=True, all_tensors_to_one_file=True,
                      location=os.path.basename(dst) + "_data")
        else:
            onnx.save(model, tmp)
        os.replace(tmp, dst)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def count_ops(model):
    counts = {}
    for g in _graphs(model.graph):
        for n in g.node:
            counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return counts


def check_loads(path):
    """onnxruntime must accept the file (session creation runs its shape and type checks)."""
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--force", "--per-tensor", "--encoder-dynamic"}
    if len(args) != 1 or unknown:
        fail("usage: python quantize-onnx.py MODEL_DIR [--force] [--per-tensor] [--encoder-dynamic]")
    root = args[0]
    onnx_dir = root if os.path.exists(os.path.join(root, "encoder_model.onnx")) else os.path.join(root, "onnx")
    present = [s for s in SOURCES if os.path.exists(os.path.join(onnx_dir, s))]
    if "encoder_model.onnx" not in present or not (
        "decoder_model_merged.onnx" in present or {"decoder_model.onnx", "decoder_with_past_model.onnx"} <= set(present)
    ):
        fail(f"{onnx_dir}: not an onnx-community Whisper folder (need encoder_model.onnx and "
             "decoder_model_merged.onnx or decoder_model.onnx + decoder_with_past_model.onnx); pass the model folder.")
    per_channel = "--per-tensor" not in flags
    for name in present:
        src = os.path.join(onnx_dir, name)
        dst = os.path.join(onnx_dir, name[: -len(".onnx")] + "_quantized.onnx")
        blockwise = name == "encoder_model.onnx" and "--encoder-dynamic" not in flags
        route = " encoder-blockwise" if blockwise else ("" if per_channel else " per-tensor")
        tag = f"{name} sha256:{sha256_of(src)} {RECIPE}{route}"
        if "--force" not in flags and os.path.exists(dst) and recorded_source(dst) == tag:
            print(f"{dst}: up to date", flush=True)
            continue
        model, rewritten = load_prepared(src)
        if blockwise:
            blockwise_matmuls(model)
        else:
            model = quantize_dynamic(model, per_channel)
        ops = count_ops(model)
        save_atomically(model, dst, tag)
        try:
            check_loads(dst)
        except Exception as error:  # noqa: BLE001 - reported as one line, the file is removed
            os.remove(dst)
            fail(f"{dst}: onnxruntime rejects the quantized graph ({str(error).splitlines()[0]}); "
                 "the source may use an op layout this recipe does not handle.")
        size = os.path.getsize(dst) + (os.path.getsize(dst + "_data") if os.path.exists(dst + "_data") else 0)
        print(f"{dst}: written ({size / 1e6:.1f} MB from {os.path.getsize(src) / 1e6:.1f} MB; "
              f"{ops.get('MatMulInteger', 0)} MatMulInteger, {ops.get('MatMulNBits', 0)} MatMulNBits, "
              f"{ops.get('MatMul', 0)} float MatMul, "
              f"{rewritten} Gemm / Transpose of weights folded)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
