"""The bench's random-weight Whisper (Hugging Face layout, model.safetensors) in the peers' own formats.

usage: python convert-peer-models.py mlx HF_DIR OUT_DIR
       python convert-peer-models.py ggml HF_DIR OUT_FILE

mlx : OUT_DIR/config.json (mlx-whisper's ModelDimensions) + OUT_DIR/weights.safetensors with the
      OpenAI / mlx-whisper parameter names, float32; Conv1d weights as MLX stores them [out, k, in].
      The encoder's positional embedding is not stored (mlx-whisper computes the sinusoids).
ggml: one whisper.cpp model file (its ggml container, float16 matrices like its own models), see write_ggml.
(CTranslate2 models are made by CTranslate2's own ct2-transformers-converter, not here.)
Same weights as the ONNX files (one seed); speed does not depend on the values. Own code, from the
formats' descriptions. Outputs are written to a temporary name and renamed.
"""
import json
import os
import re
import struct
import sys

import numpy as np
from safetensors.numpy import load_file, save_file

LAYER_PARTS = [
    ("self_attn.q_proj", "attn.query"), ("self_attn.k_proj", "attn.key"), ("self_attn.v_proj", "attn.value"),
    ("self_attn.out_proj", "attn.out"), ("self_attn_layer_norm", "attn_ln"),
    ("encoder_attn.q_proj", "cross_attn.query"), ("encoder_attn.k_proj", "cross_attn.key"),
    ("encoder_attn.v_proj", "cross_attn.value"), ("encoder_attn.out_proj", "cross_attn.out"),
    ("encoder_attn_layer_norm", "cross_attn_ln"), ("fc1", "mlp.0"), ("fc2", "mlp.2"), ("final_layer_norm", "mlp_ln"),
]
TOP = {
    "encoder.conv1": "encoder.conv1", "encoder.conv2": "encoder.conv2", "encoder.layer_norm": "encoder.ln_post",
    "encoder.embed_positions": "encoder.positional_embedding", "decoder.embed_tokens": "decoder.token_embedding",
    "decoder.embed_positions": "decoder.positional_embedding", "decoder.layer_norm": "decoder.ln",
}


def openai_names(hf):
    """HF Whisper state dict -> OpenAI whisper names (what whisper.cpp's converter and MLX start from)."""
    out = {}
    for name, value in hf.items():
        n = name[len("model."):] if name.startswith("model.") else name
        if n.startswith("proj_out"):
            continue  # tied to the token embedding
        m = re.match(r"(encoder|decoder)\.layers\.(\d+)\.(.+)\.(weight|bias)$", n)
        if m:
            side, i, part, kind = m.groups()
            new = next(o for h, o in LAYER_PARTS if h == part)
            out[f"{side}.blocks.{i}.{new}.{kind}"] = value
            continue
        m = re.match(r"(.+)\.(weight|bias)$", n)
        base, kind = m.groups()
        new = TOP[base]
        out[new if base.endswith("embed_positions") else f"{new}.{kind}"] = value
    return out


def dims(config):
    return {
        "n_mels": config["num_mel_bins"], "n_audio_ctx": config["max_source_positions"],
        "n_audio_state": config["d_model"], "n_audio_head": config["encoder_attention_heads"],
        "n_audio_layer": config["encoder_layers"], "n_vocab": config["vocab_size"],
        "n_text_ctx": config["max_target_positions"], "n_text_state": config["d_model"],
        "n_text_head": config["decoder_attention_heads"], "n_text_layer": config["decoder_layers"],
    }


def load(hf_dir):
    config = json.load(open(os.path.join(hf_dir, "config.json")))
    return config, openai_names(load_file(os.path.join(hf_dir, "model.safetensors")))


def write_mlx(hf_dir, out_dir):
    config, w = load(hf_dir)
    mlx = {}
    for name, value in w.items():
        if name == "encoder.positional_embedding":
            continue
        name = name.replace(".mlp.0.", ".mlp1.").replace(".mlp.2.", ".mlp2.")
        if re.match(r"encoder\.conv[12]\.weight$", name):
            value = np.ascontiguousarray(value.transpose(0, 2, 1))  # [out, in, k] -> [out, k, in]
        mlx[name] = np.ascontiguousarray(value.astype(np.float32))
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, f".weights-{os.getpid()}.safetensors")
    save_file(mlx, tmp)
    os.replace(tmp, os.path.join(out_dir, "weights.safetensors"))
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump({"model_type": "whisper", **dims(config)}, f, indent=2)
    print(f"{out_dir}: mlx-whisper layout written ({len(mlx)} tensors)", flush=True)


def mel_filters(n_mels, n_fft=400, sr=16000):
    """Slaney-style mel filterbank [n_mels, n_fft / 2 + 1] (librosa's default, what Whisper uses)."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(f >= 1000.0, log, lin)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=np.float64)
        lin = m * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
        return np.where(m >= 15.0, log, lin)

    freqs = np.linspace(0, sr / 2, n_fft // 2 + 1)
    pts = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff, ramps = np.diff(pts), pts[:, None] - freqs[None, :]
    lower, upper = -ramps[:-2] / fdiff[:-1, None], ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    return (weights * (2.0 / (pts[2:n_mels + 2] - pts[:n_mels]))[:, None]).astype(np.float32)


def write_ggml(hf_dir, out_file):
    """whisper.cpp's model file: magic 'ggml' (0x67676d6c); 11 int32 hyper-parameters (n_vocab,
    n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head,
    n_text_layer, n_mels, ftype = 1: float16 matrices, as whisper.cpp's own models (its CPU conv
    kernel takes float16 weights only); the mel filterbank (int32 n_mel, int32 n_fft, floats);
    the vocabulary (int32 count, then per token int32 length + bytes, in id order, the GPT-2 byte
    decoding of the BPE strings); then each tensor: int32 n_dims, int32 name length, int32 type
    (0 = f32, 1 = f16), int32 dims innermost first, the name, the data. Names are OpenAI whisper's;
    conv biases are stored as [n_state, 1]; matrices are f16 except the conv biases and positional
    embeddings."""
    config, w = load(hf_dir)
    d = dims(config)
    vocab = json.load(open(os.path.join(hf_dir, "vocab.json")))
    byte_decoder = {v: k for k, v in _bytes_to_unicode().items()}
    tokens = sorted(vocab.items(), key=lambda kv: kv[1])
    tmp = f"{out_file}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<i", 0x67676D6C))
        f.write(struct.pack("<11i", d["n_vocab"], d["n_audio_ctx"], d["n_audio_state"], d["n_audio_head"],
                            d["n_audio_layer"], d["n_text_ctx"], d["n_text_state"], d["n_text_head"],
                            d["n_text_layer"], d["n_mels"], 1))
        filters = mel_filters(d["n_mels"])
        f.write(struct.pack("<2i", *filters.shape))
        f.write(filters.tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for text, _ in tokens:
            raw = bytes(byte_decoder.get(c, ord(c) & 0xFF) for c in text)
            f.write(struct.pack("<i", len(raw)))
            f.write(raw)
        for name, value in w.items():
            value = value.astype(np.float32)
            if re.match(r"encoder\.conv[12]\.bias$", name):
                value = value.reshape(-1, 1)
            half = value.ndim >= 2 and not name.endswith((".bias", "positional_embedding"))
            if half:
                value = value.astype(np.float16)
            shape = value.shape
            encoded = name.encode()
            f.write(struct.pack("<3i", len(shape), len(encoded), 1 if half else 0))
            for dim in reversed(shape):
                f.write(struct.pack("<i", dim))
            f.write(encoded)
            f.write(np.ascontiguousarray(value).tobytes())
    os.replace(tmp, out_file)
    print(f"{out_file}: ggml written ({len(w)} tensors, {len(tokens)} tokens)", flush=True)


def _bytes_to_unicode():
    """GPT-2's reversible byte <-> printable character table (the BPE vocabulary's alphabet)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("mlx", "ggml"):
        sys.exit("usage: python convert-peer-models.py mlx|ggml HF_DIR OUT")
    (write_mlx if sys.argv[1] == "mlx" else write_ggml)(sys.argv[2], sys.argv[3])
