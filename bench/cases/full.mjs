/**
 * whisperx-ts's full pipeline, as the CLI runs it: transcribeFiles (load + VAD + ASR, then
 * alignment, then diarization and speaker labels, each model released before the next loads) on one
 * file, next to bench/cases/whisperx_full.py on the same models.
 *   node bench/cases/full.mjs --model_dir WHISPER_DIR --audio FILE --align WAV2VEC2_DIR --diarize DIR
 *     [--compute_type default|int8] [--batch 8] [--label NAME]
 * --align / --diarize: the folders of bench/generate-full-models.py (the same weights WhisperX runs in
 * PyTorch: the Wav2Vec2ForCTC safetensors as they are, the pyannote models as their ONNX exports).
 * Decoding as bench/cases/ours.mjs (greedy, English, no timestamps, at most 80 tokens per window).
 * Timed: from the call to the speaker-labelled words, model loads included (a CLI run loads them).
 * Stages from the progress events: asr = to the last ASR event (load, decode, VAD and ASR), align =
 * to the last alignment event (its model load included), diarize = to the end (its load included,
 * speaker assignment is the last few ms); session time per diarization model
 * from a wrapper of InferenceSession.run (bench process only). No warm-up: one cold run, as a user's.
 */
import { performance } from 'node:perf_hooks';
import { args, BATCH, CORE_DIST, emit, MAX_NEW_TOKENS, THREADS, timeSessionRuns } from '../lib/common.mjs';

const a = args();
for (const k of ['model_dir', 'audio', 'align', 'diarize'])
  if (typeof a[k] !== 'string') throw new Error(`bench/cases/full.mjs: --${k} is required (see the header)`);
const core = await import(CORE_DIST);

// embedding: feats [B, T, 80]; segmentation: input_values [B, 1, samples] (wav2vec2's is [B, samples])
const sessions = timeSessionRuns((_, feeds) =>
  feeds.feats ? 'embedding' : feeds.input_values?.dims.length === 3 ? 'segmentation' : null,
);

const marks = {};
const t0 = performance.now();
const [done] = await core.transcribeFiles(
  [a.audio],
  {
    model: a.model_dir,
    computeType: a.compute_type ?? 'default',
    threads: THREADS,
    batchSize: Number(a.batch ?? BATCH),
    language: 'en',
    localFilesOnly: true,
    vadMethod: 'silero',
    asrOptions: { beamSize: 1, temperature: [0], maxNewTokens: MAX_NEW_TOKENS, withoutTimestamps: true },
    align: { modelName: a.align },
    diarize: { modelName: a.diarize },
  },
  {
    onProgress: (p) => {
      marks[p.stage] = performance.now(); // the stage's last event
    },
  },
);
const end = performance.now();
const sec = (from, to) => ((to ?? end) - from) / 1000;
const words = done.result.segments.flatMap((s) => s.words ?? []);
const speakers = new Set(words.map((w) => w.speaker).filter(Boolean));
const seconds = sec(t0);
emit({
  system: `whisperx-ts full${a.compute_type === 'int8' ? ' int8' : ''}`,
  model: a.label ?? a.model_dir,
  computeType: a.compute_type ?? 'default',
  audioSeconds: done.duration,
  seconds,
  xRealtime: done.duration / seconds,
  segments: done.result.segments.length,
  words: words.length,
  labelledWords: words.filter((w) => w.speaker).length,
  speakers: speakers.size,
  stages: {
    asr: sec(t0, marks.asr),
    align: sec(marks.asr, marks.align),
    diarize: sec(marks.align),
    segmentationSessions: sessions.segmentation ?? 0,
    embeddingSessions: sessions.embedding ?? 0,
  },
});
