"""Real-size, random-weight diarization models (pyannote segmentation-3.0 and WeSpeaker ResNet34 shapes)
as ONNX, for throughput benchmarks only. Speed does not depend on weight values.

usage: python generate-diarize-models.py OUT_DIR [SPEECH_WAV]

Writes
  OUT_DIR/segmentation/onnx/model.onnx     input `input_values` [B, 1, samples] -> `logits` [B, frames, 7]
                                           (589 frames for 160000 samples; ~1.47 M parameters)
  OUT_DIR/embedding/speaker-embedding.onnx input `feats` [B, T, 80] -> `embs` [B, 256] (~6.6 M parameters)
(the file names diarize/pipeline.ts looks for: SEGMENTATION_FILES / EMBEDDING_FILES), written atomically.

Segmentation (PyanNet as pyannote/segmentation-3.0 is configured): SincNet front end = instance norm of
the waveform, 80 band-pass filters of 251 taps at stride 10 (here a plain Conv1d whose weights are
windowed sinc band-pass kernels: the learnt-cut-off parametrisation only changes how the weights are
made, not the cost), |.|, then [max-pool 3, instance norm, leaky ReLU] after each of that and two
Conv1d(k=5) layers (80->60->60); a 4-layer bidirectional LSTM of 128; two Linear(128) + leaky ReLU; a
7-class powerset Linear and log-softmax. Frames: 160000 -> 15975 -> 5325 -> 5321 -> 1773 -> 1769 -> 589.

Embedding (WeSpeaker ResNet34, 32 base channels): fbank [B, T, 80] -> [B, 1, 80, T]; 3x3 conv 32 + BN +
ReLU; basic blocks [3, 4, 6, 3] with 32/64/128/256 channels, strides 1/2/2/2 (1x1 conv + BN shortcuts
where the shape changes); temporal statistics pooling (mean and standard deviation over time of the
256 x 10 feature map, 5120 values); Linear(5120, 256). Batch norms are random but in eval mode.

A random head sticks to one powerset class for whole windows (the random LSTM's output hardly moves), so
the head is calibrated on SPEECH_WAV (16-bit mono 16 kHz; modulated noise without it): its input is
standardised and the class biases set so the argmax is mostly one speaker with some silence and overlap
(on the bench speech: ~8% {}, ~81% one speaker, ~11% two; runs of ~8 frames), which keeps the number
and length of the embedding items near what real speech gives. Own code, written from the
architectures' descriptions (pyannote-audio PyanNet/SincNet, WeSpeaker ResNet).
"""
import math
import os
import sys
import wave

import torch
import torch.nn.functional as F
from torch import nn


class SincFrontEnd(nn.Module):
    def __init__(self, sample_rate=16000, filters=80, taps=251, stride=10):
        super().__init__()
        self.wav_norm = nn.InstanceNorm1d(1, affine=True)
        self.sinc = nn.Conv1d(1, filters, taps, stride=stride, bias=False)
        with torch.no_grad():  # mel-spaced band-pass kernels (windowed sinc differences)
            mel = torch.linspace(2595 * math.log10(1 + 30 / 700), 2595 * math.log10(1 + 7800 / 700), filters + 1)
            hz = 700 * (10 ** (mel / 2595) - 1)
            t = (torch.arange(taps) - (taps - 1) / 2) / sample_rate
            win = torch.hamming_window(taps, periodic=False)
            for i in range(filters):
                lo, hi = hz[i], hz[i + 1]
                k = 2 * hi * torch.sinc(2 * hi * t) - 2 * lo * torch.sinc(2 * lo * t)
                self.sinc.weight[i, 0] = k * win / (k * win).abs().sum()
        self.convs = nn.ModuleList([nn.Conv1d(filters, 60, 5), nn.Conv1d(60, 60, 5)])
        self.norms = nn.ModuleList([nn.InstanceNorm1d(c, affine=True) for c in (filters, 60, 60)])

    def forward(self, wav):
        x = self.wav_norm(wav)
        x = torch.abs(self.sinc(x))
        for i in range(3):
            if i > 0:
                x = self.convs[i - 1](x)
            x = F.leaky_relu(self.norms[i](F.max_pool1d(x, 3, 3)))
        return x  # [B, 60, frames]


class Segmentation(nn.Module):
    def __init__(self):
        super().__init__()
        self.sincnet = SincFrontEnd()
        self.lstm = nn.LSTM(60, 128, num_layers=4, batch_first=True, bidirectional=True)
        self.linear = nn.ModuleList([nn.Linear(256, 128), nn.Linear(128, 128)])
        self.classifier = nn.Linear(128, 7)

    def features(self, input_values):
        x, _ = self.lstm(self.sincnet(input_values).transpose(1, 2))
        for layer in self.linear:
            x = F.leaky_relu(layer(x))
        return x

    def forward(self, input_values):
        return F.log_softmax(self.classifier(self.features(input_values)), dim=-1)

    def calibrate(self, wav):
        """Fold a standardisation of the head's input into the classifier (a random LSTM's output barely
        moves over time) and bias the powerset classes {}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2} so the
        argmax is mostly one speaker, with some silence and overlap."""
        h = self.features(wav)
        mu, sd = h.mean((0, 1)), h.std((0, 1)) + 1e-12
        w = self.classifier.weight / sd
        w = w * (2.0 / ((h - mu) @ w.T).std())  # logits spread over time ~2 nats
        self.classifier.weight.copy_(w)
        self.classifier.bias.copy_(torch.tensor([0.0, 1.2, 1.2, 1.2, -0.8, -0.8, -0.8]) - w @ mu)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNet34(nn.Module):
    def __init__(self, feat_dim=80, base=32, blocks=(3, 4, 6, 3), embed_dim=256):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(1, base, 3, 1, 1, bias=False), nn.BatchNorm2d(base)
        layers, cin = [], base
        for i, n in enumerate(blocks):
            cout = base * 2 ** i
            for j in range(n):
                layers.append(BasicBlock(cin, cout, 2 if (i > 0 and j == 0) else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        stats = cin * (feat_dim // 8)
        self.seg_1 = nn.Linear(2 * stats, embed_dim)

    def forward(self, feats):
        x = feats.permute(0, 2, 1).unsqueeze(1)  # [B, 1, 80, T]
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        x = x.flatten(1, 2)  # [B, C * F', T']
        mean = x.mean(dim=-1)
        std = torch.sqrt(x.var(dim=-1, unbiased=True) + 1e-7)
        return self.seg_1(torch.cat([mean, std], dim=-1))


def calibration_audio(path):
    """Eight 10 s windows: of a 16-bit mono 16 kHz WAV when given (the bench's speech file), else
    amplitude-modulated noise."""
    if path:
        with wave.open(path) as w:
            a = torch.frombuffer(bytearray(w.readframes(8 * 160000)), dtype=torch.int16).float() / 32768
    else:
        t = torch.arange(8 * 160000) / 16000
        a = torch.randn(8 * 160000) * 0.1 * (1 + torch.sin(2 * math.pi * 3 * t)).clamp(min=0)
    return a[: 8 * 160000].reshape(8, 1, 160000)


def export(module, example, path, inp, out, dyn):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    torch.onnx.export(module, (example,), tmp, input_names=[inp], output_names=[out], dynamic_axes=dyn,
                      opset_version=17, do_constant_folding=True, dynamo=False)
    os.replace(tmp, path)


def params(m):
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    out = sys.argv[1]
    torch.manual_seed(0)
    seg = Segmentation().eval()
    emb = ResNet34().eval()
    with torch.no_grad():
        for bn in (m for m in emb.modules() if isinstance(m, nn.BatchNorm2d)):
            bn.running_mean.normal_(0, 0.1)
            bn.running_var.uniform_(0.5, 1.5)
        wav = calibration_audio(sys.argv[2] if len(sys.argv) > 2 else None)
        seg.calibrate(wav)
        hist = torch.bincount(seg(wav).argmax(-1).flatten(), minlength=7) / (wav.shape[0] * 589)
        print("powerset argmax share {}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2}:", [round(v, 3) for v in hist.tolist()])
        frames = seg(wav).shape[1]
        assert frames == 589, frames
        print(f"segmentation: {params(seg) / 1e6:.2f} M parameters, {frames} frames per 10 s", flush=True)
        print(f"embedding: {params(emb) / 1e6:.2f} M parameters", flush=True)
        export(seg, wav, os.path.join(out, "segmentation/onnx/model.onnx"), "input_values", "logits",
               {"input_values": {0: "batch_size", 2: "num_samples"}, "logits": {0: "batch_size", 1: "num_frames"}})
        export(emb, torch.randn(2, 200, 80), os.path.join(out, "embedding/speaker-embedding.onnx"), "feats", "embs",
               {"feats": {0: "batch_size", 1: "num_frames"}, "embs": {0: "batch_size"}})
    print(f"{out}: written", flush=True)
