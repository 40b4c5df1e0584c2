/**
 * Fbank features of every segmentation chunk, read from a sample source by range. Chunks whose
 * starts fall on the fbank frame grid are taken in groups: the samples from a group's first start
 * to its last chunk's end are read once (zero past the end of the audio, scaled x 32768 as
 * WeSpeaker does), their fbank computed, and each chunk's frames sliced from it. Kaldi fbank
 * frames depend only on their own samples (per-frame DC removal and pre-emphasis, no dither), so a
 * block that starts on the grid yields exactly the frames a whole-recording fbank would; memory
 * is bounded by the group, not the recording. Off the grid, each chunk gets its own fbank.
 */
import type { SampleSource } from '../audio/sample-source.js';
import type { FbankExtractor } from './fbank.js';

/** Default span of chunk starts computed as one block, seconds (about 70 s of samples held). */
export const DEFAULT_FBANK_GROUP_SECONDS = 60;

/** WeSpeaker's input scale: samples [start, start + length) x 32768, zero past the end of the audio. */
export function readScaled(source: SampleSource, start: number, length: number): Float32Array {
  const out = new Float32Array(length);
  const samples = source.read(start, start + length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] * 32768;
  return out;
}

/** Per-chunk fbank features [frames, bins] of chunks starting at `starts` (samples), `windowSamples` long. */
export class ChunkFbank {
  /** Frames per chunk. */
  readonly frames: number;
  /** Chunk starts on the frame grid: features come from group blocks. */
  readonly aligned: boolean;
  private readonly groupSamples: number;
  private block: Float32Array = new Float32Array(0);
  private blockStart = 0;
  private groupFirst = 0;
  private groupLast = -1;

  /** `groupSeconds`: largest span of chunk starts computed as one block (Infinity: one block). */
  constructor(
    private readonly source: SampleSource,
    private readonly starts: readonly number[],
    private readonly windowSamples: number,
    private readonly fbank: FbankExtractor,
    groupSeconds = DEFAULT_FBANK_GROUP_SECONDS,
  ) {
    this.frames = fbank.numFrames(windowSamples);
    this.aligned = starts.every((s) => s % fbank.frameShift === 0);
    this.groupSamples = Math.max(0, Math.round(groupSeconds * source.sampleRate));
  }

  /**
   * Features of chunk c (a fresh array the caller may modify). Asking for chunks in increasing
   * order computes each group's block once.
   */
  features(c: number): Float32Array {
    const start = this.starts[c];
    const bins = this.fbank.numMelBins;
    if (!this.aligned) return this.fbank.compute(readScaled(this.source, start, this.windowSamples));
    if (c < this.groupFirst || c > this.groupLast) this.loadGroup(c);
    const first = (start - this.blockStart) / this.fbank.frameShift;
    return this.block.slice(first * bins, (first + this.frames) * bins);
  }

  /** The group of chunks from c on whose starts lie within groupSamples after chunk c's. */
  private loadGroup(c: number): void {
    const start = this.starts[c];
    let last = c;
    let latest = start;
    while (last + 1 < this.starts.length) {
      const next = this.starts[last + 1];
      if (next < start || next - start > this.groupSamples) break;
      latest = Math.max(latest, next);
      last++;
    }
    this.groupFirst = c;
    this.groupLast = last;
    this.blockStart = start;
    this.block = this.fbank.compute(readScaled(this.source, start, latest + this.windowSamples - start));
  }
}
