"""One peer system transcribing an evaluation list, for the side-by-side table (scripts/eval/side-by-side.mjs).
Each call is one system in its own process; hypotheses go to a `path<TAB>text` list that
`pnpm eval:wer --hyp` scores with the same normaliser as whisperx-ts. Own code.

usage: python peer_asr.py --system hf|faster-whisper --model DIR --data LIST.tsv --out HYP.tsv
                          [--language xx] [--beam N] [--compute_type float32|int8] [--batch_size 8] [--threads 2]
  hf              transformers WhisperForConditionalGeneration (fp32) on the Hugging Face folder DIR: utterances
                  up to 30 s are decoded in batches (greedy or beam, no temperature fallback, no timestamps);
                  longer files use transformers' sequential long-form generate.
  faster-whisper  faster-whisper's BatchedInferencePipeline on the CTranslate2 folder DIR (its Silero VAD,
                  batch_size windows, without timestamps, temperature 0 only).
Prints one JSON line: system, options, wall seconds (model load excluded, reported apart), audio seconds.
"""
import argparse
import json
import os
import sys
import time


def read_list(path):
    base = os.path.dirname(os.path.abspath(path))
    rows = []
    for line in open(path, encoding="utf8"):
        if not line.strip() or line.startswith("#"):
            continue
        p = line.split("\t", 1)[0].strip()
        rows.append(os.path.normpath(os.path.join(base, p)))
    return rows


def run_hf(a, files, audio):
    import torch
    from transformers import WhisperFeatureExtractor, WhisperForConditionalGeneration
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    fe = WhisperFeatureExtractor.from_pretrained(a.model)
    model = WhisperForConditionalGeneration.from_pretrained(a.model, dtype=torch.float32).eval()
    load = time.perf_counter() - t0
    gen = dict(language=a.language, task="transcribe", num_beams=a.beam, do_sample=False, temperature=0.0)
    texts = {}
    short = [f for f in files if len(audio[f]) <= 30 * 16000]
    longer = [f for f in files if len(audio[f]) > 30 * 16000]
    t0 = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(short), a.batch_size):
            group = short[i:i + a.batch_size]
            feats = fe([audio[f] for f in group], sampling_rate=16000, return_tensors="pt").input_features
            out = model.generate(feats, **gen)
            for f, seq in zip(group, out):
                texts[f] = _decode(a.model, seq)
        for f in longer:
            inputs = fe(audio[f], sampling_rate=16000, return_tensors="pt", truncation=False, padding="longest",
                        return_attention_mask=True)
            out = model.generate(inputs.input_features, attention_mask=inputs.attention_mask, return_timestamps=True,
                                 condition_on_prev_tokens=False, **gen)
            texts[f] = _decode(a.model, out[0])
    return texts, load, time.perf_counter() - t0


_tok = {}


def _decode(model_dir, seq):
    from transformers import WhisperTokenizerFast
    if model_dir not in _tok:
        _tok[model_dir] = WhisperTokenizerFast.from_pretrained(model_dir)
    return _tok[model_dir].decode(seq, skip_special_tokens=True).strip()


def run_faster_whisper(a, files, audio):
    from faster_whisper import BatchedInferencePipeline, WhisperModel
    t0 = time.perf_counter()
    model = WhisperModel(a.model, device="cpu", compute_type=a.compute_type, cpu_threads=a.threads)
    pipe = BatchedInferencePipeline(model)
    load = time.perf_counter() - t0
    texts = {}
    t0 = time.perf_counter()
    for f in files:
        segments, _ = pipe.transcribe(audio[f], language=a.language, beam_size=a.beam, batch_size=a.batch_size,
                                      without_timestamps=True, temperature=0.0)
        texts[f] = " ".join(s.text.strip() for s in segments).strip()
    return texts, load, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description="one peer ASR system over an evaluation list")
    ap.add_argument("--system", required=True, choices=["hf", "faster-whisper"])
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--language", default="en")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--compute_type", default="float32")
    ap.add_argument("--batch_size", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    from faster_whisper import decode_audio  # PyAV (libswresample) for both peers: the same 16 kHz samples
    files = read_list(a.data)
    audio = {f: decode_audio(f, sampling_rate=16000) for f in files}
    texts, load, wall = (run_hf if a.system == "hf" else run_faster_whisper)(a, files, audio)
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf8") as out:
        for f in files:
            out.write(f"{f}\t{' '.join(texts[f].split())}\n")
    os.replace(tmp, a.out)
    secs = sum(len(x) for x in audio.values()) / 16000
    print(json.dumps({"system": a.system, "model": a.model, "language": a.language, "beam": a.beam,
                      "compute_type": a.compute_type, "batch_size": a.batch_size, "threads": a.threads,
                      "load_s": round(load, 2), "wall_s": round(wall, 2), "audio_s": round(secs, 2), "files": len(files)}))


if __name__ == "__main__":
    sys.exit(main())
