"""Does the way a short utterance is padded to Whisper's 30 s window change the transcript?
Decodes every file of an eval list (up to 30 s; longer ones are left out) with CTranslate2 on the
same weights, greedy, no timestamps, two ways, and compares each with a hypothesis list
(e.g. HF transformers' from scripts/eval/side-by-side.mjs):
  audio    the audio padded with silence to 30 s, then the log-mel (openai/whisper, HF, WhisperX);
  features the log-mel of the audio alone, padded with zeros to 3000 frames (faster-whisper's
           batched pipeline: FeatureExtractor on the chunk, then pad_or_trim on the features).
usage: python feature_padding.py --model CT2_DIR --data LIST.tsv --hyp HF_HYP.tsv --language es [--out DIR]
Prints one JSON line: per way, the share of files whose text equals the hypothesis list's. Own code.
"""
import argparse
import json
import os
import wave

import ctranslate2
import numpy as np
import tokenizers
from faster_whisper.audio import pad_or_trim
from faster_whisper.feature_extractor import FeatureExtractor


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getsampwidth() == 2 and w.getnchannels() == 1, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--hyp", required=True)
    ap.add_argument("--language", required=True)
    ap.add_argument("--out")
    a = ap.parse_args()
    tok = tokenizers.Tokenizer.from_file(os.path.join(a.model, "tokenizer.json"))
    ids = [tok.token_to_id(t) for t in ("<|startoftranscript|>", f"<|{a.language}|>", "<|transcribe|>", "<|notimestamps|>")]
    model = ctranslate2.models.Whisper(a.model, device="cpu", compute_type="float32", intra_threads=2)
    fe = FeatureExtractor()
    ref = {}
    for line in open(a.hyp, encoding="utf8"):
        if line.strip():
            p, _, t = line.rstrip("\n").partition("\t")
            ref[os.path.normpath(p)] = t.strip()
    files = [os.path.normpath(l.split("\t", 1)[0]) for l in open(a.data, encoding="utf8") if l.strip()]
    same = {"audio": 0, "features": 0}
    texts = {"audio": [], "features": []}
    n = 0
    for f in files:
        audio = read_wav(f)
        if len(audio) > 30 * 16000:
            continue
        n += 1
        padded = np.concatenate([audio, np.zeros(30 * 16000 - len(audio), np.float32)])
        ways = {
            "audio": fe(padded)[..., :3000],
            "features": pad_or_trim(fe(audio)[..., :-1]),
        }
        for way, mel in ways.items():
            r = model.generate(
                ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[None], dtype=np.float32)),
                [ids], beam_size=1, max_length=448, suppress_blank=True, suppress_tokens=[-1],
            )[0]
            text = tok.decode(r.sequences_ids[0]).strip()
            texts[way].append(f"{f}\t{text}")
            same[way] += text == ref.get(f, None)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for way, rows in texts.items():
            open(os.path.join(a.out, f"{way}.hyp.tsv"), "w", encoding="utf8").write("\n".join(rows) + "\n")
    print(json.dumps({"files": n, **{f"identical_{k}": v / n for k, v in same.items()}}))


if __name__ == "__main__":
    main()
