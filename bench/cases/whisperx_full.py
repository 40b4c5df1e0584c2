"""WhisperX's full pipeline in one process, as its CLI runs it: load_model + transcribe, then
load_align_model + align, then DiarizationPipeline + diarize, then assign_word_speakers; each model
freed before the next stage loads. Prints one JSON line like bench/cases/full.mjs.

usage: python whisperx_full.py --model CT2_DIR --audio WAV --align DIR --diarize DIR
         [--compute_type float32|int8] [--vad_method pyannote|silero] [--batch 8] [--threads 2]
         [--max_new_tokens 80] [--label NAME]

--align: a Hugging Face Wav2Vec2ForCTC folder (load_align_model's model_name);
--diarize: the folder of bench/generate-full-models.py: WhisperX's DiarizationPipeline gets pyannote.audio
  4's SpeakerDiarization built as community-1's config.yaml builds it (VBxClustering, its values), on
  pyannote's own PyanNet and WeSpeakerResNet34 classes with the folder's PyTorch weights (the ONNX files
  beside them, which whisperx-ts runs, are exports of the same weights). Built in-process rather than by
  Pipeline.from_pretrained because pyannote's checkpoint loader wants Lightning checkpoints.
Decoding as in peer.py (greedy, English, no timestamps, at most --max_new_tokens per window).
Timed: from the decoded 16 kHz samples in memory to the speaker-labelled words, model loads included
(a CLI run loads them); Python imports excluded. No warm-up pass: one cold run, as a user's.
Own code; the peers' APIs as their packages document them.
"""
import gc
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peer import Counting, parse, peak_rss_mb, read_wav, silero_from_pip  # noqa: E402


def generator_module():
    spec = importlib.util.spec_from_file_location("generate_full_models", os.path.join(HERE, "..", "generate-full-models.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def punkt_data():
    """whisperx.align splits sentences with nltk's punkt_tab English parameters, which nltk downloads from
    GitHub (unreachable here). Without them, untrained Punkt parameters (empty tab files in a bench-owned
    NLTK_DATA folder): splits at sentence punctuation without abbreviation lists; its cost is the same.
    Returns which parameters ran."""
    import nltk

    try:
        nltk.data.find("tokenizers/punkt_tab/english/")
        return "nltk_data punkt_tab"
    except LookupError:
        pass
    root = os.path.join(os.path.expanduser("~"), ".cache/whisperx-ts-bench/nltk_data")
    english = os.path.join(root, "tokenizers/punkt_tab/english")
    os.makedirs(english, exist_ok=True)
    for name in ("collocations.tab", "sent_starters.txt", "abbrev_types.txt", "ortho_context.tab"):
        open(os.path.join(english, name), "a").close()
    nltk.data.path.insert(0, root)
    return "untrained (nltk_data not reachable)"


def diarization_pipeline(folder, threads):
    import torch
    from pyannote.audio.core.plda import PLDA
    from pyannote.audio.models.embedding import WeSpeakerResNet34
    from pyannote.audio.pipelines import SpeakerDiarization
    from safetensors.torch import load_file
    from whisperx.diarize import DiarizationPipeline

    seg = generator_module().segmentation_model()
    seg.load_state_dict(load_file(os.path.join(folder, "segmentation/weights.safetensors")))
    emb = WeSpeakerResNet34()
    emb.load_state_dict(load_file(os.path.join(folder, "embedding/weights.safetensors")))
    emb.eval()
    plda = PLDA(os.path.join(folder, "plda/xvec_transform.npz"), os.path.join(folder, "plda/plda.npz"))
    pipeline = SpeakerDiarization(
        segmentation=seg, embedding=emb, plda=plda, clustering="VBxClustering", embedding_exclude_overlap=True,
        segmentation_batch_size=32, embedding_batch_size=32,
    )
    pipeline.instantiate({"segmentation": {"min_duration_off": 0.0}, "clustering": {"threshold": 0.6, "Fa": 0.07, "Fb": 0.8}})
    torch.set_num_threads(threads)
    wrapper = DiarizationPipeline.__new__(DiarizationPipeline)  # its __init__ only calls Pipeline.from_pretrained
    wrapper.model = pipeline.to(torch.device("cpu"))
    return wrapper


def main():
    raw = parse(sys.argv[1:])
    a = dict(model=raw["model"], ct=raw.get("compute_type", "float32"), batch=int(raw.get("batch", 8)),
             threads=int(raw.get("threads", 2)), vad=raw.get("vad_method", "pyannote"),
             max_new_tokens=int(raw.get("max_new_tokens", 80)))
    import torch
    torch.set_num_threads(a["threads"])
    if a["vad"] == "silero":
        silero_from_pip()
    import whisperx

    punkt = punkt_data()
    audio = read_wav(raw["audio"])
    marks = {}
    t0 = time.perf_counter()
    asr = whisperx.load_model(
        a["model"], "cpu", compute_type=a["ct"], language="en", vad_method=a["vad"], threads=a["threads"],
        asr_options={"beam_size": 1, "best_of": 1, "temperatures": [0.0], "without_timestamps": True},
    )
    asr.model.max_length = 2 * a["max_new_tokens"]  # see peer.py run_whisperx
    counter = Counting(asr.model.model)
    asr.model.model = counter
    marks["asrLoaded"] = time.perf_counter()
    result = asr.transcribe(audio, batch_size=a["batch"], language="en")
    segments = len(result["segments"])
    del asr
    gc.collect()
    marks["asr"] = time.perf_counter()
    align_model, metadata = whisperx.load_align_model("en", "cpu", model_name=raw["align"])
    marks["alignLoaded"] = time.perf_counter()
    result = whisperx.align(result["segments"], align_model, metadata, audio, "cpu", return_char_alignments=False)
    del align_model
    gc.collect()
    marks["align"] = time.perf_counter()
    diarize = diarization_pipeline(raw["diarize"], a["threads"])
    marks["diarizeLoaded"] = time.perf_counter()

    def progress(pct):
        if pct > 50 and "segmentation" not in marks:
            marks["segmentation"] = time.perf_counter()
        if pct >= 99 and "embeddings" not in marks:
            marks["embeddings"] = time.perf_counter()

    turns = diarize(audio, progress_callback=progress)
    marks["diarize"] = time.perf_counter()
    result = whisperx.assign_word_speakers(turns, result)
    end = time.perf_counter()

    words = [w for s in result["segments"] for w in s.get("words", [])]
    duration = len(audio) / 16000
    seconds = end - t0
    print(json.dumps({
        "system": f"whisperx full ({a['vad']} VAD)", "model": raw.get("label", os.path.basename(a["model"].rstrip("/"))),
        "computeType": a["ct"], "batchSize": a["batch"], "audioSeconds": duration, "seconds": seconds,
        "xRealtime": duration / seconds, "windows": counter.windows, "tokens": counter.tokens, "segments": segments,
        "words": len(words), "labelledWords": sum(1 for w in words if "speaker" in w),
        "turns": len(turns), "speakers": int(turns["speaker"].nunique()) if len(turns) else 0,
        "stages": {
            "asrLoad": marks["asrLoaded"] - t0, "asr": marks["asr"] - marks["asrLoaded"],
            "alignLoad": marks["alignLoaded"] - marks["asr"], "align": marks["align"] - marks["alignLoaded"],
            "diarizeLoad": marks["diarizeLoaded"] - marks["align"],
            # from WhisperX's progress callback: pyannote's segmentation step is 0-50 %, embeddings 50-99 %
            "segmentation": marks.get("segmentation", marks["diarize"]) - marks["diarizeLoaded"],
            "embeddings": marks.get("embeddings", marks["diarize"]) - marks.get("segmentation", marks["diarize"]),
            "clustering": marks["diarize"] - marks.get("embeddings", marks["diarize"]),
            "assign": end - marks["diarize"],
        },
        "punkt": punkt, "threads": a["threads"], "peakRssMb": peak_rss_mb(),
    }), flush=True)


if __name__ == "__main__":
    main()
