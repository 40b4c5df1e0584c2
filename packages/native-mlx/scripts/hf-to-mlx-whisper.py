#!/usr/bin/env python3
"""Write a Hugging Face Whisper folder (config.json + model.safetensors) in the mlx-whisper layout
(config.json with openai-whisper dims + weights.safetensors under openai names, conv weights as
[out, kernel, in]), so mlx-whisper runs on the very weights the whisperx-ts backends load. For the
side-by-side benchmark only (never used by the product). Needs: mlx (or numpy) + safetensors.

    python hf-to-mlx-whisper.py HF_DIR OUT_DIR
"""
import json
import os
import sys

from safetensors.numpy import load_file, save_file

LAYER = {"self_attn": "attn", "encoder_attn": "cross_attn", "self_attn_layer_norm": "attn_ln",
         "encoder_attn_layer_norm": "cross_attn_ln", "final_layer_norm": "mlp_ln", "fc1": "mlp1", "fc2": "mlp2"}
PROJ = {"q_proj": "query", "k_proj": "key", "v_proj": "value", "out_proj": "out"}


def mlx_name(name):
    """openai/mlx-whisper name of an HF tensor, or None for tensors mlx-whisper does not load."""
    if name == "proj_out.weight":
        return None  # tied to the token embedding
    parts = name.removeprefix("model.").split(".")
    stack, rest = parts[0], parts[1:]
    if rest[0] == "layers":
        module = LAYER[rest[2]]
        leaf = ".".join(rest[3:]) if rest[3] not in PROJ else PROJ[rest[3]] + "." + rest[4]
        return f"{stack}.blocks.{rest[1]}.{module}.{leaf}"
    head = ".".join(rest)
    if head == "embed_positions.weight":
        return None if stack == "encoder" else "decoder.positional_embedding"  # encoder: sinusoids
    if head == "embed_tokens.weight":
        return "decoder.token_embedding.weight"
    if head.startswith("layer_norm."):
        return f"{stack}.{'ln_post' if stack == 'encoder' else 'ln'}.{head.split('.')[1]}"
    return f"{stack}.{head}"  # conv1 / conv2


def main(src, out):
    cfg = json.load(open(os.path.join(src, "config.json")))
    tensors = load_file(os.path.join(src, "model.safetensors"))
    mapped = {}
    for name, value in tensors.items():
        target = mlx_name(name)
        if target is None:
            continue
        if target.endswith(("conv1.weight", "conv2.weight")):
            value = value.transpose(0, 2, 1)
        mapped[target] = value.astype("float32").copy()
    dims = {"n_mels": cfg["num_mel_bins"], "n_audio_ctx": cfg["max_source_positions"],
            "n_audio_state": cfg["d_model"], "n_audio_head": cfg["encoder_attention_heads"],
            "n_audio_layer": cfg["encoder_layers"], "n_vocab": cfg["vocab_size"],
            "n_text_ctx": cfg["max_target_positions"], "n_text_state": cfg["d_model"],
            "n_text_head": cfg["decoder_attention_heads"], "n_text_layer": cfg["decoder_layers"],
            "model_type": "whisper"}
    os.makedirs(out, exist_ok=True)
    save_file(mapped, os.path.join(out, "weights.safetensors"))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(dims, f, indent=2)
    print(f"{out}: {len(mapped)} tensors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
