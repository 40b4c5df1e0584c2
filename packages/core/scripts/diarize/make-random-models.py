#!/usr/bin/env python3
"""Small random-weight ONNX models with the input/output names and shapes of the real diarization models.

Run once (python3 with torch + onnx):
    python3 packages/core/scripts/diarize/make-random-models.py test/fixtures/diarize

- segmentation-random.onnx: like onnx-community/pyannote-segmentation-3.0 onnx/model.onnx:
  input `input_values` float32 [batch, 1, samples] (16 kHz), output `logits` float32
  [batch, frames, 7] (powerset log-probabilities; 589 frames for 160000 samples: receptive
  field 991 samples, step 270 samples, like the real SincNet front end).
- embedding-random.onnx: like hbredin/wespeaker-voxceleb-resnet34-LM speaker-embedding.onnx:
  input `feats` float32 [batch, frames, 80] (Kaldi fbank), output `embs` float32 [batch, 256].
Weights are random (seeded); the models only exercise the plumbing.
"""
import os
import sys

import torch
from torch import nn


class TinySegmentation(nn.Module):
    def __init__(self):
        super().__init__()
        self.front = nn.Conv1d(1, 6, kernel_size=991, stride=270)
        self.mix = nn.Conv1d(6, 8, kernel_size=5, padding=2)
        self.head = nn.Linear(8, 7)

    def forward(self, input_values):
        x = self.front(input_values)
        x = torch.log1p(x.abs() * 50.0)
        x = torch.tanh(self.mix(x))
        return torch.log_softmax(self.head(x.transpose(1, 2)) * 4.0, dim=-1)


class TinyEmbedding(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(80, 24)
        self.out = nn.Linear(48, 256)

    def forward(self, feats):
        h = torch.relu(self.proj(feats))
        mean = h.mean(dim=1)
        std = torch.sqrt(((h - mean[:, None, :]) ** 2).mean(dim=1) + 1e-5)
        return self.out(torch.cat([mean, std], dim=-1))


def export(model, args, path, input_name, output_name, axes):
    model.eval()
    torch.onnx.export(model, args, path, input_names=[input_name], output_names=[output_name],
                      dynamic_axes=axes, opset_version=17, dynamo=False)


def main(out_dir):
    torch.manual_seed(20260127)
    seg = os.path.join(out_dir, "segmentation-random.onnx")
    emb = os.path.join(out_dir, "embedding-random.onnx")
    export(TinySegmentation(), (torch.randn(2, 1, 160000) * 0.1,), seg + ".tmp", "input_values", "logits",
           {"input_values": {0: "batch_size", 2: "num_samples"}, "logits": {0: "batch_size", 1: "num_frames"}})
    os.replace(seg + ".tmp", seg)
    export(TinyEmbedding(), (torch.randn(2, 200, 80),), emb + ".tmp", "feats", "embs",
           {"feats": {0: "batch_size", 1: "num_frames"}, "embs": {0: "batch_size"}})
    os.replace(emb + ".tmp", emb)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/diarize")
