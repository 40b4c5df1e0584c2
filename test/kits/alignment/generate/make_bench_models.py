"""Real-size random-weight Wav2Vec2ForCTC checkpoints for the alignment benchmark (not committed):
base (wav2vec2-base-960h layout: group norm, post-norm, 768 x 12) and large (XLSR-53 layout: layer
norm, stable layer norm, conv bias, 1024 x 24). Speed and memory do not depend on weight values.
Run: ~/.cache/whisperx-ts-py/bin/python test/kits/alignment/generate/make_bench_models.py [OUT]
"""
import json
import os
import sys

import torch
from transformers import Wav2Vec2Config, Wav2Vec2ForCTC

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/whisperx-ts-align-bench")
VOCAB = ["<pad>", "<s>", "</s>", "<unk>", "|", "'"] + list("abcdefghijklmnopqrstuvwxyz")
LAYOUTS = {
    "base": dict(feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False, hidden_size=768,
                 num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
    "large": dict(feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True, hidden_size=1024,
                  num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096),
}
for name, layout in LAYOUTS.items():
    d = os.path.join(OUT, name)
    if os.path.exists(os.path.join(d, "model.safetensors")):
        continue
    torch.manual_seed(0)
    cfg = Wav2Vec2Config(vocab_size=len(VOCAB), architectures=["Wav2Vec2ForCTC"], apply_spec_augment=False, **layout)
    Wav2Vec2ForCTC(cfg).eval().save_pretrained(d, safe_serialization=True)
    with open(os.path.join(d, "vocab.json"), "w") as f:
        json.dump({c: i for i, c in enumerate(VOCAB)}, f)
    with open(os.path.join(d, "preprocessor_config.json"), "w") as f:
        json.dump({"do_normalize": True, "sampling_rate": 16000, "feature_size": 1}, f)
    print(name, os.path.getsize(os.path.join(d, "model.safetensors")))
