"""CTranslate2 Whisper model (model.bin + config.json + tokenizer.json) -> Hugging Face
WhisperForConditionalGeneration folder (model.safetensors float32, config.json, generation_config.json,
tokenizer files, preprocessor_config.json). numpy + safetensors only. Own code.

usage: python ct2_to_hf.py CT2_DIR OUT_DIR KIT_WHISPER_DIR

Name mapping (CTranslate2 WhisperSpec -> transformers):
  encoder/conv{1,2}                          -> model.encoder.conv{1,2}
  {encoder,decoder}/position_encodings       -> model.{encoder,decoder}.embed_positions.weight
  */self_attention/linear_0 (fused Q|K|V)    -> self_attn.{q,k,v}_proj (the K bias CT2 stores as zeros is dropped)
  */self_attention/linear_1                  -> self_attn.out_proj
  decoder/*/attention/linear_0 (Q)           -> encoder_attn.q_proj
  decoder/*/attention/linear_1 (fused K|V)   -> encoder_attn.{k,v}_proj (no K bias)
  decoder/*/attention/linear_2               -> encoder_attn.out_proj
  */ffn/linear_{0,1}, */ffn/layer_norm       -> fc1, fc2, final_layer_norm
  decoder/embeddings (== projection)         -> model.decoder.embed_tokens (proj_out is tied)
The tokenizer, vocabulary and mel settings of a multilingual Whisper equal the conformance kit's
(whisper-mini: the real tokenizer), whose tokenizer_config / preprocessor_config are reused; English-only
CT2 models (51864 tokens) are refused with a clear message.
"""
import json
import os
import shutil
import sys
import tempfile

import numpy as np
from safetensors.numpy import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ct2_model import read_ct2_model  # noqa: E402

SIZE_NAMES = {(4, 384): "tiny", (6, 512): "base", (12, 768): "small", (24, 1024): "medium", (32, 1280): "large"}


def _f32(a):
    return np.ascontiguousarray(a.astype(np.float32))


def _split(a, parts):
    n = a.shape[0] // parts
    return [a[i * n:(i + 1) * n] for i in range(parts)]


def _fused_is_zero_k_bias(bias, d):
    return np.all(bias[d:2 * d] == 0)


def hf_tensors(v, n_enc, n_dec):
    out = {}
    d = v["encoder/conv1/weight"].shape[0]

    def lin(dst, src, bias=True):
        out[f"{dst}.weight"] = _f32(v[f"{src}/weight"])
        if bias:
            out[f"{dst}.bias"] = _f32(v[f"{src}/bias"])

    def ln(dst, src):
        out[f"{dst}.weight"] = _f32(v[f"{src}/gamma"])
        out[f"{dst}.bias"] = _f32(v[f"{src}/beta"])

    def qkv(dst, src):
        w, b = v[f"{src}/weight"], v[f"{src}/bias"]
        if not _fused_is_zero_k_bias(b, d):
            raise ValueError(f"{src}: the fused K bias is not zero; Whisper's k_proj has no bias")
        for name, wi, bi in zip(("q_proj", "k_proj", "v_proj"), _split(w, 3), _split(b, 3)):
            out[f"{dst}.{name}.weight"] = _f32(wi)
            if name != "k_proj":
                out[f"{dst}.{name}.bias"] = _f32(bi)

    for conv in ("conv1", "conv2"):
        lin(f"model.encoder.{conv}", f"encoder/{conv}")
    out["model.encoder.embed_positions.weight"] = _f32(v["encoder/position_encodings/encodings"])
    ln("model.encoder.layer_norm", "encoder/layer_norm")
    def self_attention_and_ffn(t, s):  # the sublayers encoder and decoder layers share
        qkv(f"{t}.self_attn", f"{s}/self_attention/linear_0")
        lin(f"{t}.self_attn.out_proj", f"{s}/self_attention/linear_1")
        ln(f"{t}.self_attn_layer_norm", f"{s}/self_attention/layer_norm")
        lin(f"{t}.fc1", f"{s}/ffn/linear_0")
        lin(f"{t}.fc2", f"{s}/ffn/linear_1")
        ln(f"{t}.final_layer_norm", f"{s}/ffn/layer_norm")

    for i in range(n_enc):
        self_attention_and_ffn(f"model.encoder.layers.{i}", f"encoder/layer_{i}")
    emb = v["decoder/embeddings/weight"]
    proj = v.get("decoder/projection/weight", emb)
    if proj.shape != emb.shape or not np.array_equal(proj, emb):
        raise ValueError("decoder/projection differs from decoder/embeddings; Whisper ties them")
    out["model.decoder.embed_tokens.weight"] = _f32(emb)
    out["model.decoder.embed_positions.weight"] = _f32(v["decoder/position_encodings/encodings"])
    ln("model.decoder.layer_norm", "decoder/layer_norm")
    for i in range(n_dec):
        s, t = f"decoder/layer_{i}", f"model.decoder.layers.{i}"
        self_attention_and_ffn(t, s)
        lin(f"{t}.encoder_attn.q_proj", f"{s}/attention/linear_0")
        kw, vw = _split(v[f"{s}/attention/linear_1/weight"], 2)
        kb, vb = _split(v[f"{s}/attention/linear_1/bias"], 2)
        if not np.all(kb == 0):
            raise ValueError(f"{s}/attention/linear_1: the fused K bias is not zero")
        out[f"{t}.encoder_attn.k_proj.weight"] = _f32(kw)
        out[f"{t}.encoder_attn.v_proj.weight"] = _f32(vw)
        out[f"{t}.encoder_attn.v_proj.bias"] = _f32(vb)
        lin(f"{t}.encoder_attn.out_proj", f"{s}/attention/linear_2")
        ln(f"{t}.encoder_attn_layer_norm", f"{s}/attention/layer_norm")
    return out


def _count_layers(v, side):
    n = 0
    while f"{side}/layer_{n}/ffn/linear_0/weight" in v:
        n += 1
    return n


def convert(ct2_dir, out_dir, kit_dir):
    model = read_ct2_model(os.path.join(ct2_dir, "model.bin"))
    if model.spec != "WhisperSpec":
        raise ValueError(f"{ct2_dir}/model.bin holds a {model.spec}, not a Whisper model")
    v = model.variables
    ct2_cfg = json.load(open(os.path.join(ct2_dir, "config.json")))
    n_enc, n_dec = _count_layers(v, "encoder"), _count_layers(v, "decoder")
    vocab, d = v["decoder/embeddings/weight"].shape
    if vocab != 51865:
        raise ValueError(f"{ct2_dir}: vocabulary of {vocab} tokens; only multilingual Whisper (51865) is converted")
    n_mels = v["encoder/conv1/weight"].shape[1]
    if n_mels != 80:
        raise ValueError(f"{ct2_dir}: {n_mels} mel bins; only 80-bin models (not large-v3) are converted")
    heads_enc, heads_dec = int(v["encoder/num_heads"]), int(v["decoder/num_heads"])
    ffn = v["encoder/layer_0/ffn/linear_0/weight"].shape[0]
    tensors = hf_tensors(v, n_enc, n_dec)

    cfg = json.load(open(os.path.join(kit_dir, "config.json")))
    cfg.update(d_model=int(d), encoder_layers=n_enc, decoder_layers=n_dec, encoder_attention_heads=heads_enc,
               decoder_attention_heads=heads_dec, encoder_ffn_dim=int(ffn), decoder_ffn_dim=int(ffn),
               num_mel_bins=int(n_mels), vocab_size=int(vocab),
               suppress_tokens=ct2_cfg["suppress_ids"], begin_suppress_tokens=ct2_cfg["suppress_ids_begin"])
    cfg.pop("transformers_version", None)
    gen = json.load(open(os.path.join(kit_dir, "generation_config.json")))
    gen.update(alignment_heads=ct2_cfg["alignment_heads"], suppress_tokens=ct2_cfg["suppress_ids"],
               begin_suppress_tokens=ct2_cfg["suppress_ids_begin"])
    gen.pop("transformers_version", None)

    os.makedirs(os.path.dirname(os.path.abspath(out_dir)), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".hf-", dir=os.path.dirname(os.path.abspath(out_dir)))
    try:
        save_file(tensors, os.path.join(tmp, "model.safetensors"), metadata={"format": "pt"})
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        with open(os.path.join(tmp, "generation_config.json"), "w") as f:
            json.dump(gen, f, indent=2)
        shutil.copyfile(os.path.join(ct2_dir, "tokenizer.json"), os.path.join(tmp, "tokenizer.json"))
        for name in ("tokenizer_config.json", "preprocessor_config.json", "vocab.json", "merges.txt"):
            shutil.copyfile(os.path.join(kit_dir, name), os.path.join(tmp, name))
        if os.path.exists(out_dir):
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    size = SIZE_NAMES.get((n_enc, int(d)), f"{n_enc}x{d}")
    return {"size": size, "layers": [n_enc, n_dec], "d_model": int(d), "heads": heads_enc,
            "source_dtype": str(v["encoder/conv1/weight"].dtype), "tensors": len(tensors)}


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(json.dumps(convert(*sys.argv[1:4])))
