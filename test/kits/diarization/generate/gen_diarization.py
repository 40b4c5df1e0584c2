"""Goldens of the diarization kit, made by pyannote.audio 4 itself (own code; run with pyannote.audio 4.0.x).

usage: NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" python gen_diarization.py KIT_DIR ASTERISK_SOUNDS_DIR

NPY_DISABLE_CPU_FEATURES: numpy 2's default argsort runs AVX2 / AVX-512 sorting networks that order equal
values differently from one CPU to the next; pyannote's to_diarization ranks clusters per frame with it, so a
frame where two clusters tie can go either way. With those features off numpy uses its baseline sort, which
keeps ties in index order (what the TypeScript port does); run_generation.sh sets it.

Builds, seeded and small enough to commit:
  models/community-mini/               a pipeline folder in community-1's layout: config.yaml (community-1's keys and values),
  models/community-mini/segmentation/model.onnx           pyannote PyanNet (SincNet + BiLSTM 32 + 1 linear 32, powerset 3 speakers / 2 per
                                      frame: segmentation-3.0's interface and frame geometry), random weights, its
                                      classifier calibrated on speech so that all 7 classes occur
  .../embedding/wespeaker-embedding.onnx  pyannote's WeSpeaker ResNet (BasicBlock [1,1,1,1], 8 base channels, 80 fbank bins,
                                      256-d), random weights; input `feats` [B, T, 80], output `embs` [B, 256]
  .../plda/xvec_transform.npz, plda.npz   random but valid x-vector transform and PLDA (D=256, L=128)
  audio/*.wav                         multi-speaker files joined from Debian's asterisk prompts (en, fr, es voices)
and runs pyannote.audio 4's SpeakerDiarization (clustering VBxClustering, community-1's config values) on the
kit audio. Per run it records, through pyannote's own hook and wrappers around pyannote's functions:
the binarized segmentation, the embeddings, the PLDA features, the AHC start, the VBx posteriors and priors,
the final hard clusters, the regular and exclusive annotations and the speaker embeddings.
Some runs replace the embedding step by speaker-structured synthetic embeddings (get_embeddings patched) so
that VBx has several real clusters to find; kit.json says which.
"""
import json
import math
import os
import sys
import wave
from pathlib import Path

import numpy as np
import onnxruntime
import torch
from torch import nn

import pyannote.audio
import pyannote.audio.pipelines.clustering as clustering_module
from pyannote.audio.core.plda import PLDA
from pyannote.audio.core.task import Problem, Resolution, Specifications
from pyannote.audio.models.embedding.wespeaker.resnet import BasicBlock, ResNet
from pyannote.audio.models.segmentation import PyanNet
from pyannote.audio.pipelines import SpeakerDiarization

KIT = Path(sys.argv[1]).resolve()
MODEL = KIT / "models/community-mini"
CONFIG = """version: 4.0.0
pipeline:
  name: pyannote.audio.pipelines.SpeakerDiarization
  params:
    clustering: VBxClustering
    segmentation: $model/segmentation
    segmentation_batch_size: 32
    embedding: $model/embedding
    embedding_batch_size: 32
    embedding_exclude_overlap: true
    plda: $model/plda
params:
  clustering:
    threshold: 0.6
    Fa: 0.07
    Fb: 0.8
  segmentation:
    min_duration_off: 0.0
"""
ASTERISK = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
torch.manual_seed(0)
RNG = np.random.default_rng(0)


def save_array(name: str, array: np.ndarray, notes: str = "") -> str:
    path = KIT / "golden" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    array = np.ascontiguousarray(array)
    array.astype(array.dtype.newbyteorder("<")).tofile(str(path) + ".bin")
    meta = {"dtype": str(array.dtype), "shape": list(array.shape), "byte_order": "little", "notes": notes}
    (Path(str(path) + ".json")).write_text(json.dumps(meta) + "\n")
    return f"golden/{name}.bin"


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    if rate != 16000:
        # 8 kHz prompts: band-limited 2x upsampling (zero-stuffing + windowed-sinc low-pass).
        assert rate == 8000, rate
        up = np.zeros(len(data) * 2, dtype=np.float64)
        up[::2] = data * 2
        taps = np.arange(-64, 65)
        kernel = np.sinc(taps / 2) / 2 * np.hamming(len(taps))
        data = np.convolve(up, kernel, mode="same").astype(np.float32)
    return data


def write_wav(path: Path, samples: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.clip(np.round(samples * 32768), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm.tobytes())


def join_prompts(name: str, voices: list[str], seconds: float, overlap_every: int = 0) -> tuple[str, list]:
    """Alternate prompts of the given voices (a short gap; every `overlap_every`-th turn overlaps the previous one)."""
    lists = {v: sorted((ASTERISK / v).glob("*.wav")) for v in voices}
    out = np.zeros(int(seconds * 16000) + 16000 * 16, dtype=np.float32)
    pos = 8000
    turn = 0
    rttm = []
    index = {v: 0 for v in voices}
    while pos < seconds * 16000:
        voice = voices[turn % len(voices)]
        files = lists[voice]
        clip = read_wav(files[(index[voice] * 7) % len(files)])[: 6 * 16000]
        index[voice] += 1
        start = pos
        if overlap_every and turn % overlap_every == overlap_every - 1:
            start = max(0, pos - 8000)
        out[start : start + len(clip)] += clip
        rttm.append((start / 16000, len(clip) / 16000, voice))
        pos = start + len(clip) + 4800
        turn += 1
    out = out[: pos + 8000]
    rel = f"audio/{name}.wav"
    write_wav(KIT / rel, out)
    (KIT / f"audio/{name}.rttm").write_text(
        "".join(f"SPEAKER {name} 1 {s:.3f} {d:.3f} <NA> <NA> {v} <NA> <NA>\n" for s, d, v in rttm)
    )
    return rel, rttm


# ---------------------------------------------------------------- models


def segmentation_model() -> PyanNet:
    model = PyanNet(lstm={"hidden_size": 32, "num_layers": 1}, linear={"hidden_size": 32, "num_layers": 1})
    model.specifications = Specifications(
        problem=Problem.MONO_LABEL_CLASSIFICATION,
        resolution=Resolution.FRAME,
        duration=10.0,
        min_duration=10.0,
        warm_up=(0.0, 0.0),
        classes=["speaker#1", "speaker#2", "speaker#3"],
        powerset_max_classes=2,
        permutation_invariant=True,
    )
    model.build()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "sincnet" in name:
                continue
            p.copy_(torch.randn_like(p) * (0.3 if p.dim() > 1 else 0.1))
    model.eval()
    return model


def calibrate(model: PyanNet, audio: list[np.ndarray]) -> None:
    """Standardise the classifier's input on speech windows and spread the class biases so every class occurs."""
    windows = []
    for a in audio:
        for s in range(0, max(1, len(a) - 160000), 80000):
            w = np.zeros(160000, dtype=np.float32)
            seg = a[s : s + 160000]
            w[: len(seg)] = seg
            windows.append(w)
    x = torch.from_numpy(np.stack(windows))[:, None]
    feats = {}

    def grab(_m, inputs, _o):
        feats["x"] = inputs[0].detach()

    handle = model.classifier.register_forward_hook(grab)
    with torch.no_grad():
        model(x)
    handle.remove()
    h = feats["x"].reshape(-1, feats["x"].shape[-1])
    mean, std = h.mean(0), h.std(0) + 1e-6
    with torch.no_grad():
        w = torch.randn(7, h.shape[1]) * 2.5
        model.classifier.weight.copy_(w / std)
        b = -(w / std) @ mean
        b += torch.tensor([0.5, 1.2, 1.0, 0.8, -0.6, -0.9, -0.8])
        model.classifier.bias.copy_(b)
        counts = torch.bincount(model(x).argmax(-1).reshape(-1), minlength=7)
    print("powerset class counts after calibration:", counts.tolist())


class EmbeddingWrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.resnet = ResNet(BasicBlock, [1, 1, 1, 1], m_channels=8, feat_dim=80, embed_dim=256, two_emb_layer=False)
        with torch.no_grad():
            for name, p in self.resnet.named_parameters():
                if p.dim() > 1:
                    p.copy_(torch.randn_like(p) * math.sqrt(2.0 / p[0].numel()))
            for m in self.resnet.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.running_mean.normal_(0, 0.1)
                    m.running_var.uniform_(0.5, 1.5)
        self.eval()

    def forward(self, feats):
        return self.resnet(feats)[1]


def export_models() -> tuple[PyanNet, Path]:
    (MODEL / "segmentation").mkdir(parents=True, exist_ok=True)
    (MODEL / "embedding").mkdir(parents=True, exist_ok=True)
    seg = segmentation_model()
    audio = [read_wav(KIT / "audio" / f) for f in sorted(os.listdir(KIT / "audio")) if f.endswith(".wav")]
    calibrate(seg, audio)
    seg_path = MODEL / "segmentation/model.onnx"
    torch.onnx.export(
        seg, torch.zeros(2, 1, 160000), str(seg_path), input_names=["input_values"], output_names=["logits"],
        dynamic_axes={"input_values": {0: "batch", 2: "samples"}, "logits": {0: "batch", 1: "frames"}},
        opset_version=17, dynamo=False,
    )
    emb = EmbeddingWrapper()
    emb_path = MODEL / "embedding/wespeaker-embedding.onnx"
    torch.onnx.export(
        emb, torch.randn(1, 200, 80), str(emb_path), input_names=["feats"], output_names=["embs"],
        dynamic_axes={"feats": {0: "batch", 1: "frames"}, "embs": {0: "batch"}}, opset_version=17, dynamo=False,
    )
    return seg, emb_path


def random_orthogonal(n: int, m: int) -> np.ndarray:
    q, _ = np.linalg.qr(RNG.normal(size=(n, m)))
    return q


def write_plda(dim=256, lda_dim=128) -> PLDA:
    folder = MODEL / "plda"
    folder.mkdir(parents=True, exist_ok=True)
    mean1 = RNG.normal(0, 0.05, size=dim)
    mean2 = RNG.normal(0, 0.05, size=lda_dim)
    lda = random_orthogonal(dim, lda_dim) * RNG.uniform(0.5, 2.0, size=lda_dim)
    np.savez(folder / "xvec_transform.npz", mean1=mean1, mean2=mean2, lda=lda)
    mu = RNG.normal(0, 0.05, size=lda_dim)
    tr = random_orthogonal(lda_dim, lda_dim) + RNG.normal(0, 0.05, size=(lda_dim, lda_dim))
    psi = np.sort(np.exp(RNG.normal(0.5, 1.0, size=lda_dim)))[::-1].copy()
    np.savez(folder / "plda.npz", mu=mu, tr=tr, psi=psi)
    return PLDA(folder / "xvec_transform.npz", folder / "plda.npz")


# ---------------------------------------------------------------- runs

CAPTURE: dict = {}
_original_cluster_vbx = clustering_module.cluster_vbx


def recording_cluster_vbx(ahc_init, fea, Phi, Fa, Fb, **kwargs):
    gamma, pi = _original_cluster_vbx(ahc_init, fea, Phi, Fa, Fb, **kwargs)
    CAPTURE.update(ahc=np.asarray(ahc_init), fea=np.asarray(fea), gamma=gamma, pi=pi)
    return gamma, pi


clustering_module.cluster_vbx = recording_cluster_vbx


def synthetic_embeddings(binarized, num_speakers: int, seed: int) -> np.ndarray:
    """Speaker-structured embeddings: local speaker s of chunk c belongs to one of `num_speakers` voices
    that changes every few chunks; embedding = voice direction + noise; NaN where the speaker never speaks."""
    rng = np.random.default_rng(seed)
    data = binarized.data
    chunks, _, local = data.shape
    voices = rng.normal(size=(num_speakers, 256))
    emb = np.zeros((chunks, local, 256))
    for c in range(chunks):
        for s in range(local):
            voice = (s + c // 6) % num_speakers
            emb[c, s] = voices[voice] + rng.normal(0, 0.35, size=256) + 0.3
            if data[c, :, s].sum() == 0:
                emb[c, s] = np.nan
    return emb


def run_case(pipeline, case_id: str, audio_rel: str, options: dict, synthetic: dict | None) -> dict:
    samples = read_wav(KIT / audio_rel)
    file = {"waveform": torch.from_numpy(samples[None]), "sample_rate": 16000, "uri": case_id}
    captured = {}

    def hook(step, artefact, file=None, total=None, completed=None):
        if total is None and artefact is not None:
            captured[step] = artefact

    original = pipeline.get_embeddings
    if synthetic:
        pipeline.get_embeddings = lambda f, b, exclude_overlap=False, hook=None: synthetic_embeddings(b, **synthetic)
    CAPTURE.clear()
    original_call = pipeline.clustering.__class__.__call__
    result = {}

    def recording_call(self, *args, **kwargs):
        hard, soft, centroids = original_call(self, *args, **kwargs)
        result.update(hard=np.array(hard), centroids=np.array(centroids))
        return hard, soft, centroids

    pipeline.clustering.__class__.__call__ = recording_call
    try:
        output = pipeline(file, hook=hook, **options)
    finally:
        pipeline.clustering.__class__.__call__ = original_call
        pipeline.get_embeddings = original
    seg = captured["segmentation"]
    embeddings = captured["embeddings"]
    name = case_id.replace("/", "_")
    tracks = lambda ann: [
        {"start": float(t.start), "end": float(t.end), "speaker": str(label)} for t, _, label in ann.itertracks(yield_label=True)
    ]
    record = {
        "regular": tracks(output.speaker_diarization),
        "exclusive": tracks(output.exclusive_speaker_diarization),
        "labels": list(output.speaker_diarization.labels()),
        "serialized": output.serialize(),
        "hard_clusters": result["hard"].astype(int).tolist(),
        "vbx_ran": "gamma" in CAPTURE,
    }
    files = {
        "segmentation": save_array(f"{Path(audio_rel).stem}.segmentation", seg.data.astype(np.int16), "binarized [chunks, frames, 3]"),
        "embeddings": save_array(f"{name}.embeddings", np.asarray(embeddings, dtype=np.float64), "[chunks, 3, 256]"),
        "centroids": save_array(f"{name}.centroids", result["centroids"].astype(np.float64), "clustering centroids"),
        "speaker_embeddings": save_array(
            f"{name}.speaker_embeddings", np.asarray(output.speaker_embeddings, dtype=np.float64), "labels() order"
        ),
    }
    if "gamma" in CAPTURE:
        files["features"] = save_array(f"{name}.plda_features", CAPTURE["fea"].astype(np.float64), "PLDA features of the training embeddings")
        files["gamma"] = save_array(f"{name}.vbx_gamma", CAPTURE["gamma"].astype(np.float64), "VBx responsibilities")
        files["pi"] = save_array(f"{name}.vbx_pi", CAPTURE["pi"].astype(np.float64), "VBx speaker priors")
        record["ahc_labels"] = CAPTURE["ahc"].astype(int).tolist()
    (KIT / "golden" / f"{name}.json").write_text(json.dumps(record) + "\n")
    sw = seg.sliding_window
    print(case_id, "speakers", record["labels"], "turns", len(record["regular"]), "exclusive", len(record["exclusive"]))
    return {
        "id": case_id,
        "audio": {"file": audio_rel, "start": 0, "end": None, "channel": None},
        "options": options,
        "chunk": {"start": sw.start, "duration": sw.duration, "step": sw.step},
        "synthetic_embeddings": synthetic is not None,
        "files": files,
        "expected": f"golden/{name}.json",
    }


def main():
    (KIT / "audio").mkdir(parents=True, exist_ok=True)
    shared = os.environ.get("SHARED_KIT") or str(KIT.parents[2] / ".." / "shared" / "conformance")
    src = Path(shared) / "audio" / "two-speakers.wav"
    write_wav(KIT / "audio/two-speakers.wav", read_wav(src))
    audio = ["audio/two-speakers.wav"]
    if ASTERISK:
        audio.append(join_prompts("asterisk-3voices", ["en_US_f_Allison", "fr_CA_f_June", "es_MX_f_Allison"], 60, 5)[0])
        audio.append(join_prompts("asterisk-2voices", ["en_US_f_Allison", "fr_CA_f_June"], 40)[0])
    seg_model, emb_path = export_models()
    # pyannote runs the exported segmentation file (onnxruntime) like the embedding one, so both sides
    # read the same model outputs (PyTorch and ONNX Runtime differ by ~1e-6, enough to flip a near-tied
    # powerset argmax on a few frames of a random model).
    session = onnxruntime.InferenceSession(str(MODEL / "segmentation/model.onnx"), providers=["CPUExecutionProvider"])
    seg_model.forward = lambda waveforms: torch.from_numpy(session.run(None, {"input_values": waveforms.numpy()})[0])
    (MODEL / "config.yaml").write_text(CONFIG)
    plda = write_plda()
    pipeline = SpeakerDiarization(
        segmentation=seg_model,
        embedding=str(emb_path),
        embedding_exclude_overlap=True,
        plda=plda,
        clustering="VBxClustering",
        segmentation_batch_size=32,
        embedding_batch_size=32,
    )
    params = {"segmentation": {"min_duration_off": 0.0}, "clustering": {"threshold": 0.6, "Fa": 0.07, "Fb": 0.8}}
    pipeline.instantiate(params)
    cases = []
    for rel in audio:
        stem = Path(rel).stem
        cases.append(run_case(pipeline, f"vbx/{stem}/models", rel, {}, None))
        cases.append(run_case(pipeline, f"vbx/{stem}/synthetic3", rel, {}, {"num_speakers": 3, "seed": 1}))
    stem = Path(audio[-1]).stem
    cases.append(run_case(pipeline, f"vbx/{stem}/synthetic4-max2", audio[-1], {"max_speakers": 2}, {"num_speakers": 4, "seed": 2}))
    cases.append(run_case(pipeline, f"vbx/{stem}/synthetic2-num3", audio[-1], {"num_speakers": 3}, {"num_speakers": 2, "seed": 3}))
    cases.append(run_case(pipeline, f"vbx/{stem}/synthetic2-min4", audio[-1], {"min_speakers": 4}, {"num_speakers": 2, "seed": 4}))
    (KIT / "generate" / "cases.json").write_text(
        json.dumps({"params": params, "versions": {"pyannote.audio": pyannote.audio.__version__, "torch": torch.__version__, "numpy": np.__version__}, "cases": cases}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
