"""Real-size, random-weight Whisper models in the onnx-community file layout, for benchmarks only.

usage: python generate-models.py OUT_DIR KIT_WHISPER_DIR [tiny|base|small ...] [--int8] [--int8-only]
       [--safetensors-only]

Writes OUT_DIR/whisper-<size>-random/ with config.json (the kit's whisper-mini config with the real
dimensions), generation_config.json, tokenizer files (copied from the kit: same vocabulary), and
onnx/encoder_model.onnx + onnx/decoder_model_merged.onnx (+ *_quantized.onnx with --int8, written by
scripts/convert/quantize-onnx.py: the int8 recipe users run on their own exports), and the same
weights as model.safetensors in the Hugging Face Whisper layout (transformers' save_pretrained; what the
MLX backend loads). --safetensors-only writes just model.safetensors (same seed, same weights) into a
folder whose ONNX files already exist; --int8-only (re)writes just the *_quantized.onnx of existing folders.
Also OUT_DIR/matmul-2048.onnx (Y = A @ B, both [2048, 2048] inputs) for the GFLOP/s ceiling.

The merged decoder follows optimum's convention: one If node on `use_cache_branch`; the false branch
is the first-step graph (input_ids + encoder_hidden_states -> logits + all presents), the true branch
the with-past graph whose `present.*.encoder.*` outputs are EMPTY constants [0, heads, 1, head_dim]
(the caller keeps the encoder K/V of the first step). Weights are shared between the branches.

EOS: the row of `<|endoftext|>` in the tied embedding is zeroed, so its logit is exactly 0 at every
step while the largest of the other 51864 random logits is always far above 0: greedy decoding
never picks EOS and every system decodes exactly max_new_tokens per window.
Own code; the export style (explicit attention written out around the HF modules) follows the
conformance kit's generator.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

SIZES = {
    "tiny": dict(d_model=384, encoder_layers=4, decoder_layers=4, encoder_attention_heads=6,
                 decoder_attention_heads=6, encoder_ffn_dim=1536, decoder_ffn_dim=1536),
    "base": dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                 decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048),
    "small": dict(d_model=768, encoder_layers=12, decoder_layers=12, encoder_attention_heads=12,
                  decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072),
}
NEG = torch.finfo(torch.float32).min
KIT_FILES = ["generation_config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
             "vocab.json", "merges.txt"]


def heads(x, h):  # [B, T, D] -> [B, h, T, hd]
    return x.unflatten(-1, (h, -1)).transpose(1, 2)


def unheads(x):  # [B, h, T, hd] -> [B, T, D]
    return x.transpose(1, 2).flatten(2)


def attend(q, k, v, mask=None):
    w = q @ k.transpose(2, 3)
    if mask is not None:
        w = w.masked_fill(mask, NEG)
    return torch.softmax(w, dim=-1) @ v


class Encoder(nn.Module):
    def __init__(self, hf):
        super().__init__()
        self.e, self.h = hf.model.encoder, hf.config.encoder_attention_heads

    def forward(self, input_features):
        e = self.e
        x = F.gelu(e.conv2(F.gelu(e.conv1(input_features)))).permute(0, 2, 1) + e.embed_positions.weight
        for layer in e.layers:
            a, y = layer.self_attn, layer.self_attn_layer_norm(x)
            x = x + a.out_proj(unheads(attend(heads(a.q_proj(y) * a.scaling, self.h), heads(a.k_proj(y), self.h),
                                              heads(a.v_proj(y), self.h))))
            x = x + layer.fc2(F.gelu(layer.fc1(layer.final_layer_norm(x))))
        return e.layer_norm(x)


class Decoder(nn.Module):
    """with_past False: (input_ids, encoder_hidden_states) -> logits, 4 presents per layer.
    with_past True: (input_ids, 4 pasts per layer) -> logits, 2 decoder presents per layer."""

    def __init__(self, hf, with_past):
        super().__init__()
        self.d, self.h, self.n = hf.model.decoder, hf.config.decoder_attention_heads, hf.config.decoder_layers
        self.proj = hf.proj_out
        self.zero_bias = torch.zeros(hf.proj_out.weight.shape[0])
        self.with_past = with_past

    def forward(self, input_ids, *args):
        d = self.d
        ones = torch.ones_like(input_ids)
        if self.with_past:
            past = [args[4 * i: 4 * i + 4] for i in range(self.n)]
            # data-dependent so the tracer cannot fold it into a constant
            offset = (past[0][0][0, 0, :, 0] * 0 + 1).sum().to(torch.long)
        else:
            past, enc, offset = None, args[0], 0
        pos = torch.cumsum(ones, dim=1) - 1 + offset
        x = d.embed_tokens(input_ids) + F.embedding(pos, d.embed_positions.weight)
        outs, mask = [], None
        for i, layer in enumerate(d.layers):
            a, y = layer.self_attn, layer.self_attn_layer_norm(x)
            q, k, v = heads(a.q_proj(y) * a.scaling, self.h), heads(a.k_proj(y), self.h), heads(a.v_proj(y), self.h)
            if past is not None:
                k, v = torch.cat([past[i][0], k], dim=2), torch.cat([past[i][1], v], dim=2)
            if mask is None:
                kpos = torch.cumsum(k[0, 0, :, 0] * 0 + 1, dim=0) - 1
                mask = kpos.unsqueeze(0) > pos[0].to(k.dtype).unsqueeze(1)
            x = x + a.out_proj(unheads(attend(q, k, v, mask)))
            c, y = layer.encoder_attn, layer.encoder_attn_layer_norm(x)
            if past is not None:
                ck, cv = past[i][2], past[i][3]
            else:
                ck, cv = heads(c.k_proj(enc), self.h), heads(c.v_proj(enc), self.h)
            x = x + c.out_proj(unheads(attend(heads(c.q_proj(y) * c.scaling, self.h), ck, cv)))
            x = x + layer.fc2(F.gelu(layer.fc1(layer.final_layer_norm(x))))
            outs += [k, v] if past is not None else [k, v, ck, cv]
        # tied projection as Gemm(x2, W, transB=1): the [V, D] embedding is read as is (no transposed copy)
        x2 = d.layer_norm(x).reshape(-1, x.shape[-1])
        logits = F.linear(x2, self.proj.weight, self.zero_bias).reshape(x.shape[0], x.shape[1], -1)
        return (logits, *outs)


def with_named_pasts(module, n):
    """The exporter needs one named parameter per input: wrap *args into explicit names."""
    names = [f"p{i}_{s}" for i in range(n) for s in ("dk", "dv", "ek", "ev")]
    src = f"def forward(self, input_ids, {', '.join(names)}):\n    return self.inner(input_ids, {', '.join(names)})\n"
    ns = {}
    exec(src, ns)
    cls = type("NamedPast", (nn.Module,), {"forward": ns["forward"]})
    w = cls()
    w.inner = module
    return w


def export(module, args, path, inputs, outputs, dynamic):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                      opset_version=17, do_constant_folding=True, dynamo=False)


def build_merged(first_path, past_path, out_path, n, h, hd):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    first, past = onnx.load(first_path), onnx.load(past_path)
    inits, by_key, outer = {}, {}, {"input_ids", "encoder_hidden_states", "use_cache_branch"}
    for i in range(n):
        outer |= {f"past_key_values.{i}.{p}.{kv}" for p in ("decoder", "encoder") for kv in ("key", "value")}
    order = ["logits"] + [f"present.{i}.{p}.{kv}" for i in range(n) for p in ("decoder", "encoder") for kv in ("key", "value")]

    def branch(g, tag, empty_encoder):
        rename = {}
        for t in g.initializer:  # share identical weights between the branches
            a = numpy_helper.to_array(t)
            key = (a.dtype.str, a.shape, a.tobytes())
            if key not in by_key:
                name = f"{tag}/{t.name}"
                t2 = onnx.TensorProto()
                t2.CopyFrom(t)
                t2.name = name
                inits[name] = t2
                by_key[key] = name
            rename[t.name] = by_key[key]
        rn = lambda s: s if s == "" or s in outer else rename.get(s, f"{tag}/{s}")
        nodes = []
        for node in g.node:
            n2 = onnx.NodeProto()
            n2.CopyFrom(node)
            del n2.input[:], n2.output[:]
            n2.input.extend(rn(x) for x in node.input)
            n2.output.extend(rn(x) for x in node.output)
            n2.name = f"{tag}/{node.name}"
            nodes.append(n2)
        produced = {o.name: rn(o.name) for o in g.output}
        if empty_encoder:
            for name in order:
                if ".encoder." in name:
                    const = numpy_helper.from_array(np.zeros((0, h, 1, hd), np.float32), f"{tag}/{name}")
                    nodes.append(helper.make_node("Constant", [], [const.name], value=const))
                    produced[name] = const.name
        outs = [helper.make_tensor_value_info(produced[name], TensorProto.FLOAT, None) for name in order]
        return helper.make_graph(nodes, f"{tag}_branch", [], outs)

    then_g, else_g = branch(past.graph, "with_past", True), branch(first.graph, "no_past", False)
    if_node = helper.make_node("If", ["use_cache_branch"], order, name="optimum::if", then_branch=then_g, else_branch=else_g)
    B = "batch_size"
    vi = lambda name, t, shape: helper.make_tensor_value_info(name, t, shape)
    inputs = [vi("input_ids", TensorProto.INT64, [B, "decoder_sequence_length"]),
              vi("encoder_hidden_states", TensorProto.FLOAT, [B, "encoder_sequence_length / 2", h * hd])]
    for i in range(n):
        for p, dim in (("decoder", "past_decoder_sequence_length"), ("encoder", "encoder_sequence_length_out")):
            for kv in ("key", "value"):
                inputs.append(vi(f"past_key_values.{i}.{p}.{kv}", TensorProto.FLOAT, [B, h, dim, hd]))
    inputs.append(vi("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [vi(name, TensorProto.FLOAT, None) for name in order]
    graph = helper.make_graph([if_node], "merged_decoder", inputs, outputs, initializer=list(inits.values()))
    model = helper.make_model(graph, opset_imports=list(first.opset_import), producer_name="whisperx-ts bench")
    model.ir_version = first.ir_version
    onnx.save(model, out_path, save_as_external_data=False)


def save_safetensors(hf, folder):
    """model.safetensors in the Hugging Face layout (tied proj_out not stored), written atomically."""
    import tempfile
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        hf.save_pretrained(tmp, safe_serialization=True)
        os.replace(os.path.join(tmp, "model.safetensors"), os.path.join(folder, "model.safetensors"))


def build(size, out_dir, kit_dir, int8, safetensors_only=False):
    from transformers import WhisperConfig, WhisperForConditionalGeneration
    folder = os.path.join(out_dir, f"whisper-{size}-random")
    onnx_dir = os.path.join(folder, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)
    cfg = json.load(open(os.path.join(kit_dir, "config.json")))
    cfg.update(SIZES[size])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    for name in KIT_FILES:
        shutil.copyfile(os.path.join(kit_dir, name), os.path.join(folder, name))
    torch.manual_seed(0)
    hf = WhisperForConditionalGeneration(WhisperConfig(**cfg)).eval()
    with torch.no_grad():
        hf.model.decoder.embed_tokens.weight[cfg["eos_token_id"]] = 0.0  # EOS logit == 0 (see header)
    save_safetensors(hf, folder)
    if safetensors_only:
        print(f"{folder}: model.safetensors written", flush=True)
        return
    h, n, D = cfg["decoder_attention_heads"], cfg["decoder_layers"], cfg["d_model"]
    hd = D // h
    tmp = os.path.join(onnx_dir, "tmp")
    os.makedirs(tmp, exist_ok=True)
    with torch.no_grad():
        export(Encoder(hf), (torch.randn(1, 80, 3000),), os.path.join(onnx_dir, "encoder_model.onnx"),
               ["input_features"], ["last_hidden_state"], {"input_features": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}})
        enc = torch.randn(2, 1500, D)
        ids = torch.tensor([[50258, 50259, 50359], [50258, 50259, 50359]])
        presents = [f"present.{i}.{p}.{kv}" for i in range(n) for p in ("decoder", "encoder") for kv in ("key", "value")]
        dyn = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"}, "encoder_hidden_states": {0: "batch_size"},
               "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
        for name in presents:
            dyn[name] = {0: "batch_size", 2: "past_decoder_sequence_length" if ".decoder." in name else "encoder_sequence_length_out"}
        first_path = os.path.join(tmp, "decoder_model.onnx")
        export(Decoder(hf, False), (ids, enc), first_path, ["input_ids", "encoder_hidden_states"], ["logits"] + presents, dyn)
        first_out = Decoder(hf, False)(ids, enc)
        pasts = [f"past_key_values.{i}.{p}.{kv}" for i in range(n) for p in ("decoder", "encoder") for kv in ("key", "value")]
        dec_presents = [p for p in presents if ".decoder." in p]
        dyn2 = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"}, "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
        for name in pasts + dec_presents:
            dyn2[name] = {0: "batch_size", 2: "encoder_sequence_length_out" if ".encoder." in name else "past_decoder_sequence_length"}
        past_path = os.path.join(tmp, "decoder_with_past_model.onnx")
        export(with_named_pasts(Decoder(hf, True), n), (ids[:, :1], *first_out[1:]), past_path, ["input_ids"] + pasts,
               ["logits"] + dec_presents, dyn2)
    build_merged(first_path, past_path, os.path.join(onnx_dir, "decoder_model_merged.onnx"), n, h, hd)
    shutil.rmtree(tmp)
    if int8:
        quantize(folder)
    print(f"{folder}: written", flush=True)


def quantize(folder):
    """*_quantized.onnx through the product's own recipe (scripts/convert/quantize-onnx.py; idempotent)."""
    import subprocess
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "convert", "quantize-onnx.py")
    subprocess.run([sys.executable, script, folder], check=True)


def matmul_model(out_dir):
    import onnx
    from onnx import TensorProto, helper
    g = helper.make_graph([helper.make_node("MatMul", ["A", "B"], ["Y"])], "mm",
                          [helper.make_tensor_value_info(x, TensorProto.FLOAT, [2048, 2048]) for x in "AB"],
                          [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2048, 2048])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    onnx.save(m, os.path.join(out_dir, "matmul-2048.onnx"))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out, kit, sizes = args[0], args[1], args[2:] or ["tiny", "base"]
    os.makedirs(out, exist_ok=True)
    matmul_model(out)
    for s in sizes:
        folder = os.path.join(out, f"whisper-{s}-random")
        if "--int8-only" in sys.argv:
            quantize(folder)
        else:
            build(s, out, kit, "--int8" in sys.argv, "--safetensors-only" in sys.argv)
