"""Project conformance kit for the wav2vec2 graph builder (packages/core/src/align/wav2vec2-graph).

Random-weight Wav2Vec2ForCTC checkpoints of each architecture variant of WhisperX's alignment table
(group / layer norm feature encoder x post-norm / stable-layer-norm encoder, with and without conv
bias, even and odd positional kernels, fp16 weights, both spellings of the weight-norm parameters),
each in Hugging Face layout (config.json, vocab.json, preprocessor_config.json, tokenizer_config.json,
model.safetensors), and emission goldens computed by Hugging Face transformers on short clips.
Writes kit.json (schema 1, the shared kit's format) next to the models. Own code.

Run: ~/.cache/whisperx-ts-py/bin/python test/kits/alignment/generate/gen_alignment_kit.py
     (torch + transformers + safetensors + numpy; reads ../shared/conformance/audio/*.wav)
"""
import hashlib
import json
import os
import sys
import wave

import numpy as np
import torch
from safetensors.torch import save_file

KIT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SHARED = os.path.abspath(os.path.join(KIT, "..", "..", "..", "..", "shared", "conformance"))

# MMS forced-aligner labels (torchaudio MMS_FA order after four specials, <blank> = 0)
MMS = ["<blank>", "<pad>", "</s>", "<unk>"] + list("aientousrmkldghybpwcvjzf") + ["'", "q", "x"]
FRENCH = ["<pad>", "<s>", "</s>", "<unk>", "|", "'"] + list("abcdefghijklmnopqrstuvwxyzàâçéèêëîïôùûü")
RUSSIAN = ["[PAD]", "[UNK]", "|"] + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
JAPANESE = ["[PAD]", "[UNK]", "|"] + list("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんー日本語")

VARIANTS = [
    # name, config overrides, vocab, options
    ("w2v-group-post", dict(feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False,
                            num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4), FRENCH, {}),
    ("w2v-layer-stable", dict(feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True,
                              num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4), MMS, {}),
    ("w2v-layer-post-legacy-wn", dict(feat_extract_norm="layer", do_stable_layer_norm=False, conv_bias=True,
                                      num_conv_pos_embeddings=15, num_conv_pos_embedding_groups=8), RUSSIAN,
     {"legacy_weight_norm": True}),
    ("w2v-group-stable-fp16", dict(feat_extract_norm="group", do_stable_layer_norm=True, conv_bias=False,
                                   num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4,
                                   hidden_act="gelu_new"), JAPANESE, {"fp16": True}),
]

CLIPS = [("audio/jfk-3s.wav", "jfk.wav", 0, 48000), ("audio/librivox-2s.wav", None, 0, 32000)]


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getframerate() == 16000, path
        raw = w.readframes(w.getnframes())
        ch = w.getnchannels()
    x = np.frombuffer(raw, dtype="<i2").reshape(-1, ch)[:, 0]
    return x


def write_wav(path, samples):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.astype("<i2").tobytes())


def prepare_audio():
    librivox = sorted(f for f in os.listdir(os.path.join(SHARED, "audio", "librivox")) if f.endswith(".wav"))[0]
    out = []
    for rel, src, start, end in CLIPS:
        src_path = os.path.join(SHARED, "audio", src) if src else os.path.join(SHARED, "audio", "librivox", librivox)
        x = read_wav(src_path)[start:end]
        write_wav(os.path.join(KIT, rel), x)
        out.append((rel, torch.from_numpy(x.astype(np.float32) / 32768.0)))
    return out


def make_config(overrides, vocab):
    from transformers import Wav2Vec2Config
    base = dict(vocab_size=len(vocab), hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                intermediate_size=128, hidden_act="gelu", feat_extract_activation="gelu",
                hidden_dropout=0.0, activation_dropout=0.0, attention_dropout=0.0, feat_proj_dropout=0.0,
                final_dropout=0.0, layerdrop=0.0, layer_norm_eps=1e-5, conv_dim=(32,) * 7,
                conv_stride=(5, 2, 2, 2, 2, 2, 2), conv_kernel=(10, 3, 3, 3, 3, 2, 2),
                apply_spec_augment=False, mask_time_prob=0.0, pad_token_id=0, architectures=["Wav2Vec2ForCTC"])
    base.update(overrides)
    return Wav2Vec2Config(**base)


def init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "original0" in name or name.endswith("weight_g"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif "conv" in name and p.dim() == 3:
                p.copy_(torch.randn(p.shape, generator=g) * (2.0 / (p.shape[1] * p.shape[2])) ** 0.5)
            elif p.dim() >= 2:
                p.copy_(torch.randn(p.shape, generator=g) * (0.3 if name.startswith("lm_head") else 0.2))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) * 0.05)
        model.lm_head.bias[0] += 5.0  # most frames blank, as in a trained CTC model


def save_array(path, arr, note):
    arr = np.ascontiguousarray(arr, dtype=np.float32)
    with open(path + ".bin", "wb") as f:
        f.write(arr.tobytes())
    meta = {"dtype": "float32", "shape": list(arr.shape), "byte_order": "little",
            "sha256": hashlib.sha256(arr.tobytes()).hexdigest(), "notes": note}
    with open(path + ".json", "w") as f:
        json.dump(meta, f, indent=1)


def main():
    from transformers import Wav2Vec2ForCTC
    torch.set_num_threads(1)
    clips = prepare_audio()
    cases = []
    models = {}
    for seed, (name, overrides, vocab, opts) in enumerate(VARIANTS):
        mdir = os.path.join(KIT, name)
        os.makedirs(os.path.join(mdir, "golden"), exist_ok=True)
        cfg = make_config(overrides, vocab)
        torch.manual_seed(seed)
        model = Wav2Vec2ForCTC(cfg).eval()
        init(model, seed)
        if opts.get("fp16"):
            with torch.no_grad():
                for p in model.parameters():
                    p.copy_(p.half().float())
        model.config.save_pretrained(mdir)
        state = {k: v.contiguous() for k, v in model.state_dict().items() if not k.endswith("masked_spec_embed")}
        if opts.get("legacy_weight_norm"):
            state = {k.replace("parametrizations.weight.original0", "weight_g")
                      .replace("parametrizations.weight.original1", "weight_v"): v for k, v in state.items()}
        if opts.get("fp16"):
            state = {k: v.half() for k, v in state.items()}
        save_file(state, os.path.join(mdir, "model.safetensors"), metadata={"format": "pt"})
        with open(os.path.join(mdir, "vocab.json"), "w") as f:
            json.dump({c: i for i, c in enumerate(vocab)}, f, ensure_ascii=False, indent=1)
        with open(os.path.join(mdir, "preprocessor_config.json"), "w") as f:
            json.dump({"do_normalize": False, "feature_extractor_type": "Wav2Vec2FeatureExtractor", "feature_size": 1,
                       "padding_value": 0.0, "return_attention_mask": False, "sampling_rate": 16000}, f, indent=1)
        with open(os.path.join(mdir, "tokenizer_config.json"), "w") as f:
            json.dump({"tokenizer_class": "Wav2Vec2CTCTokenizer", "pad_token": vocab[0] if vocab[0] != "<blank>" else "<pad>",
                       "word_delimiter_token": "|"}, f, indent=1)
        models[name] = name
        for rel, x in clips:
            with torch.no_grad():
                logits = model(x[None]).logits[0]
            lp = torch.log_softmax(logits, dim=-1).numpy()
            clip = os.path.splitext(os.path.basename(rel))[0]
            gold = f"{name}/golden/{clip}.emissions_log_softmax"
            save_array(os.path.join(KIT, gold), lp, f"transformers Wav2Vec2ForCTC on {rel} (raw waveform), log_softmax")
            cases.append({"id": f"wav2vec2_graph/{name}/{clip}", "kind": "wav2vec2_graph_emissions", "model": name,
                          "audio": {"file": rel, "start": 0, "end": None, "channel": None},
                          "expected": gold + ".bin", "tolerance": {"abs": 1e-3}})
            print(f"{name} {clip}: frames={lp.shape[0]} labels={lp.shape[1]} argmax-nonblank="
                  f"{int((lp.argmax(-1) != 0).sum())}")
    # the shared kit's wav2vec2-mini through the builder (its golden: transformers, as the kit README says)
    cases.append({"id": "wav2vec2_graph/shared-wav2vec2-mini/jfk", "kind": "wav2vec2_graph_emissions",
                  "model": "shared_wav2vec2_mini",
                  "audio": {"file": "../../../../shared/conformance/audio/jfk.wav", "start": 0, "end": None,
                            "channel": None},
                  "expected": "../../../../shared/conformance/wav2vec2-mini/golden/jfk.emissions_log_softmax.bin",
                  "tolerance": {"abs": 1e-3}})
    models["shared_wav2vec2_mini"] = "../../../../shared/conformance/wav2vec2-mini"
    with open(os.path.join(KIT, "kit.json"), "w") as f:
        json.dump({"schema": 1, "kit": "alignment", "models": models, "cases": cases}, f, indent=1)
    print(f"versions: python {sys.version.split()[0]} torch {torch.__version__} "
          f"transformers {__import__('transformers').__version__} numpy {np.__version__}")


if __name__ == "__main__":
    main()
