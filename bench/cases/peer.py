"""One peer system on one audio file, in its own process: prints one JSON line like the Node cases.

usage: python peer.py --system faster-whisper|whisperx|mlx-whisper|whisper.cpp --model DIR --audio WAV
         [--compute_type float32|int8] [--batch 8] [--threads 2] [--vad_method pyannote|silero]
         [--max_new_tokens 80]

--model: for faster-whisper and whisperx a CTranslate2 folder (model.bin + tokenizer.json, made by
ct2-transformers-converter from the bench's model.safetensors); for mlx-whisper an MLX folder
(config.json + weights.safetensors, bench/lib/convert_peers.py); for whisper.cpp a ggml .bin.
Decoding is the same everywhere: English, transcribe, no timestamps, greedy (beam 1, temperature 0
only, no fallback, no thresholds that drop windows), at most --max_new_tokens per window; the
models' EOS logit is 0, so every window decodes exactly that many tokens (counted here at the
model's generate call, checked by the orchestrator).
Timed: from the decoded 16 kHz samples in memory to the last segment (model load apart), like
bench/cases/ours.mjs. A system whose package is missing prints {"skipped": "<why>"} and exits 0.
Own code; the peers' APIs as their packages document them.
"""
import json
import os
import resource
import sys
import time
import wave

import numpy as np

SYSTEMS = ("faster-whisper", "whisperx", "mlx-whisper", "whisper.cpp")


def parse(argv):
    out = {}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--"):
            key = argv[i][2:]
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                out[key] = argv[i + 1]
                i += 1
            else:
                out[key] = True
        i += 1
    return out


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"{path}: expected 16 kHz mono 16-bit PCM (the bench's speech files)")
        raw = w.readframes(w.getnframes())
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


class Counting:
    """Wraps a CTranslate2 Whisper model: counts windows and generated tokens, times encode and
    generate (generate = the decoder loop; it encodes itself only when given features)."""

    def __init__(self, inner):
        self._inner = inner
        self.windows = 0
        self.tokens = 0
        self.encode_s = 0.0
        self.generate_s = 0.0

    def encode(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self._inner.encode(*args, **kwargs)
        finally:
            self.encode_s += time.perf_counter() - t

    def generate(self, features, prompts, *args, **kwargs):
        t = time.perf_counter()
        results = self._inner.generate(features, prompts, *args, **kwargs)
        self.generate_s += time.perf_counter() - t
        self.windows += len(prompts)
        for r in results:
            self.tokens += len(r.sequences_ids[0])
        return results

    def __getattr__(self, name):
        return getattr(self._inner, name)


def timed_method(cls, name, acc, key):
    original = getattr(cls, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            acc[key] = acc.get(key, 0.0) + time.perf_counter() - t

    setattr(cls, name, wrapper)


PROMPT_LENGTH = 4  # <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>


def ct2_max_new_tokens(a):
    """CTranslate2's Whisper generate decodes min(max_length / 2, max_length - prompt) tokens, and
    faster-whisper passes max_length = prompt + max_new_tokens, so asking for N gives (prompt + N) / 2.
    Exactly N needs max_length = 2 N, i.e. max_new_tokens = 2 N - prompt."""
    return 2 * a["max_new_tokens"] - PROMPT_LENGTH


def warm_up(transcribe, audio, counter, stages):
    """One untimed pass over the first 30 s (first-call costs: torch / CTranslate2 / MLX lazy set-up,
    pyannote's first inference ~13 s here), then the counters restart. Returns its seconds."""
    t = time.perf_counter()
    transcribe(audio[: 30 * 16000])
    if isinstance(counter, Counting):
        counter.windows = counter.tokens = 0
        counter.encode_s = counter.generate_s = 0.0
    else:
        counter["windows"] = counter["tokens"] = 0
    stages.clear()
    return time.perf_counter() - t


def run_faster_whisper(a, audio):
    import faster_whisper.transcribe as fwt
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    stages = {}
    timed_method(fwt, "get_speech_timestamps", stages, "vad")  # the batched pipeline's Silero (ONNX) pass
    t = time.perf_counter()
    model = WhisperModel(a["model"], device="cpu", compute_type=a["ct"], cpu_threads=a["threads"], num_workers=1)
    counter = Counting(model.model)
    model.model = counter
    pipeline = BatchedInferencePipeline(model)
    load = time.perf_counter() - t

    def transcribe(samples):
        segments, _ = pipeline.transcribe(
            samples, language="en", task="transcribe", batch_size=a["batch"], beam_size=1, best_of=1,
            temperature=0.0, without_timestamps=True, max_new_tokens=ct2_max_new_tokens(a), vad_filter=True,
            log_prob_threshold=None, no_speech_threshold=None, compression_ratio_threshold=None,
            condition_on_previous_text=False,
        )
        return list(segments)

    warmup = warm_up(transcribe, audio, counter, stages)
    t = time.perf_counter()
    segments = transcribe(audio)
    seconds = time.perf_counter() - t
    return dict(system="faster-whisper batched", seconds=seconds, load=load, warmup=warmup, segments=len(segments),
                counter=counter, stages=stages)


def silero_from_pip():
    """WhisperX's silero path calls torch.hub.load('snakers4/silero-vad'), which needs GitHub; the same
    model and utilities come from the silero-vad PyPI package (this bench's venv pins it)."""
    import torch
    from silero_vad import collect_chunks, get_speech_timestamps, load_silero_vad, read_audio, save_audio
    from silero_vad.utils_vad import VADIterator
    original = torch.hub.load

    def hub_load(repo_or_dir, model, *args, **kwargs):
        if repo_or_dir == "snakers4/silero-vad" and model == "silero_vad":
            return load_silero_vad(onnx=False), (get_speech_timestamps, save_audio, read_audio, VADIterator, collect_chunks)
        return original(repo_or_dir, model, *args, **kwargs)

    torch.hub.load = hub_load


def run_whisperx(a, audio):
    import torch
    torch.set_num_threads(a["threads"])
    if a["vad"] == "silero":
        silero_from_pip()
    import whisperx

    t = time.perf_counter()
    pipeline = whisperx.load_model(
        a["model"], "cpu", compute_type=a["ct"], language="en", vad_method=a["vad"], threads=a["threads"],
        asr_options={"beam_size": 1, "best_of": 1, "temperatures": [0.0], "without_timestamps": True},
    )
    # WhisperX passes no max_new_tokens to generate (it uses the model's max_length, 448, of which
    # CTranslate2 decodes at most half): set the max_length that decodes exactly max_new_tokens.
    prompt = pipeline.model.get_prompt(pipeline.tokenizer, [], without_timestamps=True)
    pipeline.model.max_length = 2 * a["max_new_tokens"]  # len(prompt) = 4 < max_new_tokens
    counter = Counting(pipeline.model.model)
    pipeline.model.model = counter
    stages = {}
    timed_method(type(pipeline.vad_model), "__call__", stages, "vad")
    load = time.perf_counter() - t

    def transcribe(samples):
        return pipeline.transcribe(samples, batch_size=a["batch"], language="en")

    warmup = warm_up(transcribe, audio, counter, stages)
    t = time.perf_counter()
    result = transcribe(audio)
    seconds = time.perf_counter() - t
    return dict(system=f"whisperx ({a['vad']} VAD)", seconds=seconds, load=load, warmup=warmup,
                segments=len(result["segments"]), counter=counter, stages=stages)


def run_mlx_whisper(a, audio):
    import mlx.core as mx
    import mlx.nn as nn
    import mlx_whisper
    from mlx_whisper.load_models import load_model
    from mlx_whisper.transcribe import ModelHolder

    t = time.perf_counter()
    model = load_model(a["model"], dtype=mx.float32)
    if a["ct"] == "int8":  # MLX's own 8-bit weights (group-wise affine, group 64), as its converter's -q --q-bits 8
        nn.quantize(model, group_size=64, bits=8, class_predicate=lambda p, m: isinstance(m, (nn.Linear, nn.Embedding)))
        mx.eval(model.parameters())
    ModelHolder.model, ModelHolder.model_path = model, a["model"]
    counts = {"windows": 0, "tokens": 0}
    cls = type(model)
    original = cls.decode

    def counting_decode(m, mel, options):
        out = original(m, mel, options)
        results = out if isinstance(out, list) else [out]
        counts["windows"] += len(results)
        counts["tokens"] += sum(len(r.tokens) for r in results)
        return out

    cls.decode = counting_decode
    load = time.perf_counter() - t

    def transcribe(samples):
        return mlx_whisper.transcribe(
            samples, path_or_hf_repo=a["model"], language="en", task="transcribe", temperature=0.0,
            compression_ratio_threshold=None, logprob_threshold=None, no_speech_threshold=None,
            condition_on_previous_text=False, without_timestamps=True, sample_len=a["max_new_tokens"], fp16=False,
            verbose=None,
        )

    warmup = warm_up(transcribe, audio, counts, {})
    t = time.perf_counter()
    result = transcribe(audio)
    seconds = time.perf_counter() - t
    return dict(system="mlx-whisper (sequential, no VAD)", seconds=seconds, load=load, warmup=warmup,
                segments=len(result["segments"]), counter=counts, stages={})


def run_whisper_cpp(a, audio):
    # whisper.cpp's OpenMP threads spin while they wait; on a machine shared with other jobs that made
    # it 10x slower here (1 min: 102 s spinning vs 10.8 s passive), so they wait passively.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import _pywhispercpp as pw
    from pywhispercpp.model import Model

    t = time.perf_counter()
    model = Model(a["model"], n_threads=a["threads"], print_realtime=False, print_progress=False,
                  print_timestamps=False, redirect_whispercpp_logs_to=None)
    load = time.perf_counter() - t
    # whisper.cpp stops a window after max_tokens + 1 text tokens (measured: 81 for 80)
    params = dict(language="en", no_timestamps=True, max_tokens=a["max_new_tokens"] - 1, temperature=0.0,
                  temperature_inc=0.0, no_context=True, single_segment=True, suppress_blank=True)

    def transcribe(samples):
        return model.transcribe(samples, **params)

    counts = {"windows": 0, "tokens": 0}
    warmup = warm_up(transcribe, audio, counts, {})
    t = time.perf_counter()
    segments = transcribe(audio)
    seconds = time.perf_counter() - t
    # whisper.cpp keeps the last run's segments and tokens in its context: count the text tokens
    ctx, eot = model._ctx, pw.whisper_token_eot(model._ctx)
    n = pw.whisper_full_n_segments(ctx)
    counts["windows"] = n
    counts["tokens"] = sum(1 for i in range(n) for j in range(pw.whisper_full_n_tokens(ctx, i))
                           if pw.whisper_full_get_token_id(ctx, i, j) < eot)
    return dict(system="whisper.cpp (sequential, no VAD)", seconds=seconds, load=load, warmup=warmup,
                segments=len(segments), counter=counts, stages={})


RUNNERS = {"faster-whisper": run_faster_whisper, "whisperx": run_whisperx, "mlx-whisper": run_mlx_whisper,
           "whisper.cpp": run_whisper_cpp}
PACKAGES = {"faster-whisper": "faster_whisper", "whisperx": "whisperx", "mlx-whisper": "mlx_whisper",
            "whisper.cpp": "pywhispercpp"}


def main():
    raw = parse(sys.argv[1:])
    system = raw.get("system")
    if system not in SYSTEMS:
        raise SystemExit(f"--system {system}: expected one of {', '.join(SYSTEMS)}")
    a = dict(model=raw["model"], ct=raw.get("compute_type", "float32"), batch=int(raw.get("batch", 8)),
             threads=int(raw.get("threads", 2)), vad=raw.get("vad_method", "pyannote"),
             max_new_tokens=int(raw.get("max_new_tokens", 80)))
    base = dict(system=system, model=raw.get("label", os.path.basename(a["model"].rstrip("/"))),
                computeType=a["ct"], batchSize=a["batch"])
    try:
        __import__(PACKAGES[system])
    except Exception as error:  # noqa: BLE001 - reported, not raised
        print(json.dumps({**base, "skipped": f"{PACKAGES[system]} not importable: {str(error).splitlines()[0]}"}))
        return
    if not os.path.exists(a["model"]):
        print(json.dumps({**base, "skipped": f"no model at {a['model']}"}))
        return
    audio = read_wav(raw["audio"])
    r = RUNNERS[system](a, audio)
    c = r["counter"]
    windows = c.windows if isinstance(c, Counting) else c["windows"]
    tokens = c.tokens if isinstance(c, Counting) else c["tokens"]
    stages = dict(r["stages"])
    if isinstance(c, Counting):
        stages["encoder"], stages["decoder"] = c.encode_s, c.generate_s
    duration = len(audio) / 16000
    print(json.dumps({
        **base, "system": r["system"], "audioSeconds": duration, "seconds": r["seconds"],
        "xRealtime": duration / r["seconds"], "windows": windows, "tokens": tokens,
        "tokensPerSecond": tokens / r["seconds"] if tokens else None, "segments": r["segments"],
        "stages": stages, "loadSeconds": r["load"], "warmupSeconds": r.get("warmup"), "threads": a["threads"], "peakRssMb": peak_rss_mb(),
    }), flush=True)


if __name__ == "__main__":
    main()
