"""Proof that a converted folder holds the CTranslate2 model's weights: greedy tokens of HF transformers
on the converted folder == CTranslate2's greedy tokens on the original model.bin (float32 both), on the
same log-mel features, for every audio file given. Own code.

usage: python verify_conversion.py HF_DIR CT2_DIR AUDIO.wav [AUDIO.wav ...]   (16 kHz mono 16-bit WAV)
Prints one JSON line per file and exits 1 when any sequence differs.
"""
import json
import sys
import wave

import ctranslate2
import numpy as np
import torch
from transformers import WhisperFeatureExtractor, WhisperForConditionalGeneration


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != 16000 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: 16 kHz 16-bit WAV expected")
        a = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, w.getnchannels())[:, 0]
    return a.astype(np.float32) / 32768.0


def main(hf_dir, ct2_dir, files):
    torch.set_num_threads(2)
    fe = WhisperFeatureExtractor.from_pretrained(hf_dir)
    hf = WhisperForConditionalGeneration.from_pretrained(hf_dir, dtype=torch.float32).eval()
    ct = ctranslate2.models.Whisper(ct2_dir, device="cpu", compute_type="float32", intra_threads=2)
    prompt = [50258, 50259, 50359, 50363]  # <|sot|> <|en|> <|transcribe|> <|notimestamps|>
    bad = 0
    for path in files:
        mel = fe(read_wav(path)[: 30 * 16000], sampling_rate=16000, return_tensors="np").input_features
        with torch.no_grad():
            seq = hf.generate(torch.from_numpy(mel), decoder_input_ids=torch.tensor([prompt]), do_sample=False,
                              num_beams=1, max_new_tokens=200)[0].tolist()
        if seq[: len(prompt)] == prompt:  # older transformers return the decoder prompt too
            seq = seq[len(prompt):]
        seq = [t for t in seq if t != 50257]
        res = ct.generate(ctranslate2.StorageView.from_array(mel), [prompt], beam_size=1, max_length=448,
                          suppress_blank=True, suppress_tokens=[-1], return_scores=False)
        ref = [t for t in res[0].sequences_ids[0] if t != 50257]
        same = seq == ref
        bad += not same
        print(json.dumps({"file": path, "identical": same, "tokens": len(ref), "hf": seq[:12], "ct2": ref[:12]}), flush=True)
    return bad


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(1 if main(sys.argv[1], sys.argv[2], sys.argv[3:]) else 0)
