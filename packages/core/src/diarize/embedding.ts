/**
 * One speaker embedding per (chunk, local speaker), as pyannote 3.1 `get_embeddings` with the
 * ONNX WeSpeaker model wrapper: fbank of the whole 10 s chunk (waveform x 32768, mean-normalised
 * over the chunk's frames), the speaker's mask (its non-overlapped frames when there are enough,
 * else all its frames) resized to the fbank frames by nearest neighbour, the selected fbank frames
 * fed to the model. Too few frames -> no embedding (NaN row).
 *
 * The audio is read by range, a group of chunks at a time (see chunk-fbank.ts), never as a whole.
 *
 * Verified ONNX exports: hbredin/wespeaker-voxceleb-resnet34-LM `speaker-embedding.onnx` (the one
 * pyannote 3.x's ONNX wrapper loads) and Wespeaker/wespeaker-voxceleb-resnet34-LM
 * `voxceleb_resnet34_LM.onnx`: input `feats` float32 [batch, frames, 80], output `embs` float32
 * [batch, 256].
 */
import { asSampleSource, type AudioInput } from '../audio/sample-source.js';
import { throwIfAborted } from '../errors.js';
import { float32Tensor, type OrtSession } from '../onnx/session.js';
import { ChunkFbank, DEFAULT_FBANK_GROUP_SECONDS } from './chunk-fbank.js';
import type { ChunkEmbeddings } from './clustering.js';
import { FbankExtractor, subtractFrameMean } from './fbank.js';
import type { ChunkSegmentation } from './segmentation.js';

export interface EmbeddingOptions {
  /** Use only non-overlapped frames of a speaker when there are enough of them. Default true (3.1). */
  excludeOverlap?: boolean;
  /** Items per ONNX run (items of equal length are batched together). Default 32. */
  batchSize?: number;
  /** Smallest number of samples the model embeds without NaN (see `probeMinNumSamples`). Default 400. */
  minNumSamples?: number;
  /**
   * Largest span of chunk starts whose fbank is computed as one block, seconds. Default 60 (about
   * 70 s of samples and features held at a time). Results do not depend on it.
   */
  groupSeconds?: number;
  signal?: AbortSignal;
  /** Called with (items done, items total). */
  onProgress?: (done: number, total: number) => void;
}

/** nearest-neighbour resize of a mask (torch F.interpolate mode='nearest'). */
export function resizeMaskNearest(mask: ArrayLike<number>, outLength: number): Uint8Array {
  const out = new Uint8Array(outLength);
  const scale = mask.length / outLength;
  for (let i = 0; i < outLength; i++) out[i] = mask[Math.min(mask.length - 1, Math.floor(i * scale))] > 0.5 ? 1 : 0;
  return out;
}

async function embedBatch(
  session: OrtSession,
  feats: Float32Array[],
  frames: number,
  bins: number,
): Promise<Float32Array[]> {
  const input = new Float32Array(feats.length * frames * bins);
  feats.forEach((f, i) => input.set(f, i * frames * bins));
  const out = await session.run({ [session.inputNames[0]]: float32Tensor(input, [feats.length, frames, bins]) });
  const embs = out[session.outputNames[0]];
  const dim = embs.dims[embs.dims.length - 1];
  const data = embs.data as Float32Array;
  return feats.map((_, i) => data.slice(i * dim, (i + 1) * dim));
}

/**
 * Smallest waveform length (samples) the model embeds without NaN, found by bisection as
 * pyannote does for its ONNX WeSpeaker wrapper (between 2 samples and 0.5 s).
 */
export async function probeMinNumSamples(
  session: OrtSession,
  fbank: FbankExtractor,
  sampleRate = 16000,
): Promise<number> {
  let lower = 2;
  let upper = Math.round(0.5 * sampleRate);
  let seed = 12345;
  const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 32768;
  while (lower + 1 < upper) {
    const middle = (lower + upper) >> 1;
    const frames = fbank.numFrames(middle);
    let ok = false;
    if (frames > 0) {
      const wave = Float32Array.from({ length: middle }, noise);
      const feats = subtractFrameMean(fbank.compute(wave), frames, fbank.numMelBins);
      const [emb] = await embedBatch(session, [feats], frames, fbank.numMelBins);
      ok = !emb.some((v) => Number.isNaN(v));
    }
    if (ok) upper = middle;
    else lower = middle;
  }
  return upper;
}

/**
 * Embeddings [chunks, 3 local speakers, dim] (NaN rows where no embedding could be computed).
 * A source is read a group of chunks at a time, never as a whole.
 */
export async function embedChunks(
  session: OrtSession,
  audio: AudioInput,
  seg: ChunkSegmentation,
  fbank: FbankExtractor,
  options: EmbeddingOptions = {},
): Promise<ChunkEmbeddings> {
  const { chunks, frames, speakers, windowSamples } = seg;
  const bins = fbank.numMelBins;
  const minNumSamples = options.minNumSamples ?? 400;
  const excludeOverlap = options.excludeOverlap ?? true;
  const minSegFrames = excludeOverlap ? Math.ceil((frames * minNumSamples) / windowSamples) : -1;
  const minFbankFrames = fbank.numFrames(minNumSamples);
  const chunkFbankFrames = fbank.numFrames(windowSamples);

  const chunkFbank = new ChunkFbank(
    asSampleSource(audio),
    seg.chunkStartSample,
    windowSamples,
    fbank,
    options.groupSeconds ?? DEFAULT_FBANK_GROUP_SECONDS,
  );

  let dim = 0;
  let result = new Float64Array(0);
  const total = chunks * speakers;
  let done = 0;
  const pending: { index: number; feats: Float32Array; frames: number }[] = [];
  const batchSize = Math.max(1, options.batchSize ?? 32);

  const flush = async () => {
    const byLength = new Map<number, typeof pending>();
    for (const p of pending) byLength.set(p.frames, [...(byLength.get(p.frames) ?? []), p]);
    for (const [length, group] of byLength) {
      const embs = await embedBatch(
        session,
        group.map((g) => g.feats),
        length,
        bins,
      );
      if (dim === 0) {
        dim = embs[0].length;
        result = new Float64Array(total * dim).fill(NaN);
      }
      group.forEach((g, i) => result.set(embs[i], g.index * dim));
    }
    done += pending.length;
    pending.length = 0;
    options.onProgress?.(done, total);
  };

  for (let c = 0; c < chunks; c++) {
    throwIfAborted(options.signal);
    const chunkFeats = chunkFbank.features(c);
    subtractFrameMean(chunkFeats, chunkFbankFrames, bins);
    for (let s = 0; s < speakers; s++) {
      const mask = new Uint8Array(frames);
      const clean = new Uint8Array(frames);
      let cleanCount = 0;
      for (let f = 0; f < frames; f++) {
        const base = (c * frames + f) * speakers;
        mask[f] = seg.data[base + s];
        let n = 0;
        for (let q = 0; q < speakers; q++) n += seg.data[base + q];
        clean[f] = excludeOverlap && n >= 2 ? 0 : mask[f];
        cleanCount += clean[f];
      }
      const used = resizeMaskNearest(cleanCount > minSegFrames ? clean : mask, chunkFbankFrames);
      let selected = 0;
      for (let f = 0; f < chunkFbankFrames; f++) selected += used[f];
      if (selected === 0 || selected < minFbankFrames) {
        done++;
        continue;
      }
      const feats = new Float32Array(selected * bins);
      let row = 0;
      for (let f = 0; f < chunkFbankFrames; f++) {
        if (used[f]) feats.set(chunkFeats.subarray(f * bins, (f + 1) * bins), bins * row++);
      }
      pending.push({ index: c * speakers + s, feats, frames: selected });
      if (pending.length >= batchSize) await flush();
    }
  }
  if (pending.length > 0) await flush();
  if (dim === 0) {
    // No item could be embedded: report the model dimension from a probe-free default.
    return { data: new Float64Array(0), chunks, speakers, dim: 0 };
  }
  return { data: result, chunks, speakers, dim };
}
