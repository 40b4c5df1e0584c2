"""Real-size random-weight alignment and diarization models for the full-pipeline race
(bench/cases/full.mjs against bench/cases/whisperx_full.py), built from the peers' own classes so
both sides run the same weights. Speed does not depend on weight values. Not committed (weights).

usage: PEERS_PYTHON generate-full-models.py OUT_DIR SPEECH_WAV
  (PEERS_PYTHON: the peers' venv, which holds pyannote.audio 4, transformers and onnxruntime)

Writes, atomically per folder (a .tmp folder renamed at the end):
  OUT_DIR/align/     Wav2Vec2ForCTC in wav2vec2-base-960h's layout (group norm, post-norm, 768 x 12,
                     32-symbol English vocabulary): model.safetensors + config.json + vocab.json +
                     tokenizer / preprocessor configs, what WhisperX's load_align_model and our
                     loadAlignModel both read.
  OUT_DIR/diarize/   a community-1 folder: config.yaml (VBxClustering, community-1's values),
                     segmentation/model.onnx = pyannote's PyanNet as segmentation-3.0 is configured
                     (SincNet stride 10, 4-layer BiLSTM 128, 2 x Linear 128, powerset 3 speakers / 2),
                     embedding/wespeaker-embedding.onnx = pyannote's WeSpeakerResNet34 (fbank -> embedding),
                     plda/{xvec_transform,plda}.npz (random, valid), and the PyTorch weights of both
                     models as segmentation/weights.safetensors and embedding/weights.safetensors
                     (bench/cases/whisperx_full.py loads them into the same classes).

The segmentation head is calibrated on SPEECH_WAV as in bench/generate-diarize-models.py: its input is
standardised and the powerset biases set so the argmax is mostly one speaker with some silence and
overlap (a random BiLSTM's output barely moves, which would make one class win whole windows). Own code;
the classes are pyannote.audio's and transformers' public ones.
"""
import json
import os
import shutil
import sys
import wave

import numpy as np
import torch
from safetensors.torch import save_file

# community-1's pipeline config (VBx clustering), the same file the diarization kit ships
CONFIG_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test/kits/diarization/models/community-mini/config.yaml")
VOCAB = ["<pad>", "<s>", "</s>", "<unk>", "|", "'"] + list("abcdefghijklmnopqrstuvwxyz")
RNG = np.random.default_rng(7)


def segmentation_model():
    from pyannote.audio.core.task import Problem, Resolution, Specifications
    from pyannote.audio.models.segmentation import PyanNet

    model = PyanNet(
        sincnet={"stride": 10},
        lstm={"hidden_size": 128, "num_layers": 4, "bidirectional": True, "monolithic": True, "dropout": 0.0},
        linear={"hidden_size": 128, "num_layers": 2},
    )
    model.specifications = Specifications(
        problem=Problem.MONO_LABEL_CLASSIFICATION, resolution=Resolution.FRAME, duration=10.0,
        min_duration=10.0, warm_up=(0.0, 0.0), classes=["speaker#1", "speaker#2", "speaker#3"],
        powerset_max_classes=2, permutation_invariant=True,
    )
    model.build()
    return model.eval()


def speech_windows(path, count=8):
    with wave.open(path) as w:
        raw = w.readframes(count * 160000)
    a = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    return torch.from_numpy(a[: count * 160000].copy()).reshape(count, 1, 160000)


@torch.no_grad()
def calibrate(model, windows):
    """Fold a standardisation of the classifier's input into it, logits spread ~2 nats over time, and
    bias the classes {}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2} towards one speaker."""
    grabbed = {}
    handle = model.classifier.register_forward_hook(lambda _m, inputs, _o: grabbed.update(x=inputs[0]))
    model(windows)
    handle.remove()
    h = grabbed["x"].reshape(-1, grabbed["x"].shape[-1])
    mu, sd = h.mean(0), h.std(0) + 1e-12
    w = model.classifier.weight / sd
    w = w * (2.0 / ((h - mu) @ w.T).std())
    model.classifier.weight.copy_(w)
    model.classifier.bias.copy_(torch.tensor([0.0, 1.2, 1.2, 1.2, -0.8, -0.8, -0.8]) - w @ mu)
    counts = torch.bincount(model(windows).argmax(-1).reshape(-1), minlength=7).tolist()
    print("segmentation: powerset argmax shares", [round(c / sum(counts), 3) for c in counts])


class Fbank2Embedding(torch.nn.Module):
    """The ResNet part of pyannote's WeSpeakerResNet34: fbank [B, T, 80] -> embedding [B, 256]."""

    def __init__(self, wespeaker):
        super().__init__()
        self.resnet = wespeaker.resnet

    def forward(self, feats):
        return self.resnet(feats)[1]


def export(module, example, path, inp, out, dyn):
    torch.onnx.export(module, example, path, input_names=[inp], output_names=[out], dynamic_axes=dyn,
                      opset_version=17, dynamo=False)


def random_orthogonal(n, m):
    q, _ = np.linalg.qr(RNG.normal(size=(n, m)))
    return q


def write_plda(folder, dim=256, lda_dim=128):
    os.makedirs(folder, exist_ok=True)
    lda = random_orthogonal(dim, lda_dim) * RNG.uniform(0.5, 2.0, size=lda_dim)
    np.savez(os.path.join(folder, "xvec_transform.npz"), mean1=RNG.normal(0, 0.05, size=dim),
             mean2=RNG.normal(0, 0.05, size=lda_dim), lda=lda)
    tr = random_orthogonal(lda_dim, lda_dim) + RNG.normal(0, 0.05, size=(lda_dim, lda_dim))
    psi = np.sort(np.exp(RNG.normal(0.5, 1.0, size=lda_dim)))[::-1].copy()
    np.savez(os.path.join(folder, "plda.npz"), mu=RNG.normal(0, 0.05, size=lda_dim), tr=tr, psi=psi)


def make_diarize(folder, speech):
    from pyannote.audio.models.embedding import WeSpeakerResNet34

    torch.manual_seed(0)
    seg = segmentation_model()
    calibrate(seg, speech_windows(speech))
    os.makedirs(os.path.join(folder, "segmentation"))
    save_file({k: v.contiguous() for k, v in seg.state_dict().items()}, os.path.join(folder, "segmentation/weights.safetensors"))
    export(seg, torch.zeros(2, 1, 160000), os.path.join(folder, "segmentation/model.onnx"), "input_values", "logits",
           {"input_values": {0: "batch", 2: "samples"}, "logits": {0: "batch", 1: "frames"}})
    emb = WeSpeakerResNet34().eval()
    with torch.no_grad():  # eval-mode batch norms with non-trivial statistics
        for m in emb.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    os.makedirs(os.path.join(folder, "embedding"))
    save_file({k: v.contiguous() for k, v in emb.state_dict().items()}, os.path.join(folder, "embedding/weights.safetensors"))
    export(Fbank2Embedding(emb).eval(), torch.randn(1, 200, 80), os.path.join(folder, "embedding/wespeaker-embedding.onnx"),
           "feats", "embs", {"feats": {0: "batch", 1: "frames"}, "embs": {0: "batch"}})
    write_plda(os.path.join(folder, "plda"))
    shutil.copyfile(CONFIG_SOURCE, os.path.join(folder, "config.yaml"))


def make_align(folder):
    from transformers import (Wav2Vec2Config, Wav2Vec2CTCTokenizer, Wav2Vec2FeatureExtractor, Wav2Vec2ForCTC,
                              Wav2Vec2Processor)

    torch.manual_seed(0)
    cfg = Wav2Vec2Config(vocab_size=len(VOCAB), architectures=["Wav2Vec2ForCTC"], apply_spec_augment=False,
                         feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False, hidden_size=768,
                         num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
    Wav2Vec2ForCTC(cfg).eval().save_pretrained(folder, safe_serialization=True)
    vocab = os.path.join(folder, "vocab.json")
    with open(vocab, "w") as f:
        json.dump({c: i for i, c in enumerate(VOCAB)}, f)
    tokenizer = Wav2Vec2CTCTokenizer(vocab, unk_token="<unk>", pad_token="<pad>", word_delimiter_token="|")
    extractor = Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0, do_normalize=True,
                                         return_attention_mask=False)
    Wav2Vec2Processor(feature_extractor=extractor, tokenizer=tokenizer).save_pretrained(folder)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: generate-full-models.py OUT_DIR SPEECH_WAV")
    out, speech = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    for name, make in (("align", make_align), ("diarize", lambda d: make_diarize(d, speech))):
        final = os.path.join(out, name)
        if os.path.exists(final):
            continue
        tmp = final + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        make(tmp)
        os.rename(tmp, final)
        print(f"{final}: written")


if __name__ == "__main__":
    main()
