/**
 * Speech regions from per-chunk speech probabilities, with the semantics of silero-vad's
 * `get_speech_timestamps` (utils_vad.py @806dcba): hysteresis between `threshold` and
 * `negThreshold`, silences shorter than `minSilenceDurationMs` bridged, regions shorter than
 * `minSpeechDurationMs` dropped, regions longer than `maxSpeechDurationS` split at the longest
 * (or last) silence seen inside them, else cut hard, and `speechPadMs` of padding on each side
 * (halving the gap when two regions are closer than two pads).
 */
import { WhisperxError } from '../errors.js';

/** Per-chunk speech probabilities of one audio, as a VAD model returns them. */
export interface SpeechProbabilities {
  /** One probability per chunk; chunk i covers samples [i * windowSizeSamples, (i + 1) * windowSizeSamples). */
  probs: Float32Array;
  /** Length of the analysed audio in samples (the last chunk was zero-padded). */
  numSamples: number;
  /** Sample rate of the audio in Hz (16000). */
  samplingRate: number;
  /** Samples per chunk (512 at 16 kHz). */
  windowSizeSamples: number;
}

/** Options of {@link getSpeechTimestamps}; defaults are silero-vad's. */
export interface SpeechTimestampsOptions {
  /** Probability at or above which a chunk is speech. Default 0.5. */
  threshold?: number;
  /** Probability below which speech ends (hysteresis). Default max(threshold - 0.15, 0.01). */
  negThreshold?: number;
  /** Regions shorter than this (ms, before padding) are dropped. Default 250. */
  minSpeechDurationMs?: number;
  /**
   * Longest region in seconds; longer ones are split at a silence longer than
   * `minSilenceAtMaxSpeech` ms seen inside them, or cut just before the limit. Default Infinity
   * (null also means no limit).
   */
  maxSpeechDurationS?: number | null;
  /** Silence (ms) that must pass after speech before the region ends. Default 100. */
  minSilenceDurationMs?: number;
  /** Padding (ms) added to each side of every region. Default 30. */
  speechPadMs?: number;
  /** Shortest silence (ms) usable as a split point when a region hits the maximum. Default 98. */
  minSilenceAtMaxSpeech?: number;
  /** Split at the longest silence inside the region (true) or the last one (false). Default true. */
  useMaxPossSilAtMaxSpeech?: boolean;
  /** Return seconds (rounded to `timeResolution` decimals) instead of samples. Default false. */
  returnSeconds?: boolean;
  /** Decimals of the seconds when `returnSeconds` (Python round: half to even). Default 1. */
  timeResolution?: number;
}

/** A speech region: samples (integers) or seconds, end exclusive. */
export interface SpeechTimestamp {
  start: number;
  end: number;
}

/**
 * Python's `round(x, digits)`: the double's exact decimal value rounded half to even
 * (so round(0.25, 1) = 0.2 and round(0.35, 1) = 0.3 because 0.35 is stored as 0.34999...).
 */
export function pythonRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  // toFixed(100) prints the exact binary value for the magnitudes used here (|x| > 1e-40).
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 1 + digits);
  const rest = exact.slice(dot + 1 + digits);
  const lastDigit = Number(keep[keep.length - 1] === '.' ? keep[keep.length - 2] : keep[keep.length - 1]);
  const first = rest.charCodeAt(0) - 48;
  const beyondHalf = /[1-9]/.test(rest.slice(1));
  const roundUp = first > 5 || (first === 5 && (beyondHalf || lastDigit % 2 === 1));
  const scale = 10 ** digits;
  let units = Number(keep.replace('.', ''));
  if (roundUp) units += 1;
  const value = units / scale;
  return x < 0 ? -value : value;
}

/** What the tracker needs to know about the audio up front. */
export interface SpeechTrackerAudio {
  /** Length of the whole audio in samples (clamps the padding of the last region). */
  numSamples: number;
  /** Sample rate in Hz (16000). */
  samplingRate: number;
  /** Samples per probability chunk (512 at 16 kHz). */
  windowSizeSamples: number;
}

/**
 * getSpeechTimestamps fed chunk by chunk: `push` takes the next probabilities and returns the
 * regions (samples, padded) that no later probability can change — a region is final once the
 * next one is complete, since padding shares the gap between neighbours (and a region that has
 * only started may still be dropped as too short) — and `finish` returns the rest. Concatenated, they equal getSpeechTimestamps on all the probabilities, whatever the
 * pieces.
 */
export class SpeechTimestampTracker {
  private readonly threshold: number;
  private readonly negThreshold: number;
  private readonly useMaxPossSil: boolean;
  private readonly minSpeechSamples: number;
  private readonly speechPadSamples: number;
  private readonly maxSpeechSamples: number;
  private readonly minSilenceSamples: number;
  private readonly minSilenceAtMax: number;
  private readonly win: number;
  private readonly audioLength: number;

  /** Raw regions (before padding); `padded` of them are already returned. */
  private readonly speeches: { start: number; end: number }[] = [];
  private padded = 0;
  private index = 0; // next chunk index
  // The region being built: start set once triggered (null = none open).
  private curStart: number | null = null;
  private triggered = false;
  private tempEnd = 0; // candidate end: first chunk of the current silence (0 = none)
  private prevEnd = 0;
  private nextStart = 0;
  private possibleEnds: [number, number][] = []; // [silence start, silence length] inside the region
  private finished = false;

  constructor(audio: SpeechTrackerAudio, options: SpeechTimestampsOptions = {}) {
    const { samplingRate: sr, windowSizeSamples: win } = audio;
    this.threshold = options.threshold ?? 0.5;
    this.negThreshold = options.negThreshold ?? Math.max(this.threshold - 0.15, 0.01);
    const maxSpeechS = options.maxSpeechDurationS ?? Infinity;
    this.useMaxPossSil = options.useMaxPossSilAtMaxSpeech ?? true;
    if (!(this.threshold > 0 && this.threshold < 1)) {
      throw new WhisperxError('usage', `VAD threshold ${this.threshold}: must lie between 0 and 1 (default 0.5).`);
    }
    if (!(maxSpeechS > 0)) {
      throw new WhisperxError('usage', `VAD maxSpeechDurationS ${maxSpeechS}: must be positive (default Infinity).`);
    }
    this.win = win;
    this.audioLength = audio.numSamples;
    this.minSpeechSamples = (sr * (options.minSpeechDurationMs ?? 250)) / 1000;
    this.speechPadSamples = (sr * (options.speechPadMs ?? 30)) / 1000;
    this.maxSpeechSamples = sr * maxSpeechS - win - 2 * this.speechPadSamples;
    this.minSilenceSamples = (sr * (options.minSilenceDurationMs ?? 100)) / 1000;
    this.minSilenceAtMax = (sr * (options.minSilenceAtMaxSpeech ?? 98)) / 1000;
  }

  /** Feed the next chunks' probabilities; the regions that became final. */
  push(probs: ArrayLike<number>): SpeechTimestamp[] {
    if (this.finished) throw new WhisperxError('runtime', 'SpeechTimestampTracker: push after finish.');
    for (let k = 0; k < probs.length; k++) this.step(probs[k], this.win * this.index++);
    return this.emit(false);
  }

  /** No more probabilities: the remaining regions (the open one closed at the end of the audio). */
  finish(): SpeechTimestamp[] {
    if (this.finished) return [];
    this.finished = true;
    if (this.curStart !== null && this.audioLength - this.curStart > this.minSpeechSamples) {
      this.speeches.push({ start: this.curStart, end: this.audioLength });
    }
    return this.emit(true);
  }

  private step(p: number, pos: number): void {
    if (p >= this.threshold && this.tempEnd) {
      const silence = pos - this.tempEnd;
      if (silence > this.minSilenceAtMax) this.possibleEnds.push([this.tempEnd, silence]);
      this.tempEnd = 0;
      if (this.nextStart < this.prevEnd) this.nextStart = pos;
    }

    if (p >= this.threshold && !this.triggered) {
      this.triggered = true;
      this.curStart = pos;
      return;
    }

    if (this.triggered && this.curStart !== null && pos - this.curStart > this.maxSpeechSamples) {
      if (this.possibleEnds.length > 0) {
        let chosen = this.possibleEnds[this.possibleEnds.length - 1];
        if (this.useMaxPossSil) {
          chosen = this.possibleEnds[0];
          for (const e of this.possibleEnds) if (e[1] > chosen[1]) chosen = e; // first of the longest
        }
        const [end, dur] = chosen;
        this.prevEnd = end;
        this.speeches.push({ start: this.curStart, end: this.prevEnd });
        this.curStart = null;
        this.nextStart = this.prevEnd + dur;
        if (this.nextStart < this.prevEnd + pos) {
          // Still inside speech after that silence: the next region starts where it ended.
          this.curStart = this.nextStart;
        } else {
          this.triggered = false;
        }
        const nextStart = this.nextStart;
        this.possibleEnds = this.possibleEnds.filter((e) => e[0] > nextStart);
        this.prevEnd = 0;
        this.nextStart = 0;
        this.tempEnd = 0;
      } else {
        this.speeches.push({ start: this.curStart, end: pos });
        this.closeRegion();
        return;
      }
    }

    if (p < this.negThreshold && this.triggered) {
      if (!this.tempEnd) this.tempEnd = pos;
      if (pos - this.tempEnd < this.minSilenceSamples) return;
      if (this.curStart !== null && this.tempEnd - this.curStart > this.minSpeechSamples) {
        this.speeches.push({ start: this.curStart, end: this.tempEnd });
      }
      this.closeRegion();
    }
  }

  private closeRegion(): void {
    this.curStart = null;
    this.prevEnd = 0;
    this.nextStart = 0;
    this.tempEnd = 0;
    this.triggered = false;
    this.possibleEnds = [];
  }

  /**
   * Pad the regions whose successor is known (all of them at the end): full pads where the gap
   * allows, else the gap is shared half and half.
   */
  private emit(all: boolean): SpeechTimestamp[] {
    const out: SpeechTimestamp[] = [];
    const speeches = this.speeches;
    const pad = this.speechPadSamples;
    const last = all ? speeches.length : speeches.length - 1;
    for (; this.padded < last; this.padded++) {
      const i = this.padded;
      const s = speeches[i];
      if (i === 0) s.start = Math.trunc(Math.max(0, s.start - pad));
      if (i !== speeches.length - 1) {
        const next = speeches[i + 1];
        const silence = next.start - s.end;
        if (silence < 2 * pad) {
          const halfGap = Math.floor(silence / 2);
          s.end += halfGap;
          next.start = Math.trunc(Math.max(0, next.start - halfGap));
        } else {
          s.end = Math.trunc(Math.min(this.audioLength, s.end + pad));
          next.start = Math.trunc(Math.max(0, next.start - pad));
        }
      } else {
        s.end = Math.trunc(Math.min(this.audioLength, s.end + pad));
      }
      out.push({ start: s.start, end: s.end });
    }
    return out;
  }
}

/** Speech regions of `speech` (samples, or seconds with `returnSeconds`). */
export function getSpeechTimestamps(
  speech: SpeechProbabilities,
  options: SpeechTimestampsOptions = {},
): SpeechTimestamp[] {
  const tracker = new SpeechTimestampTracker(speech, options);
  const speeches = [...tracker.push(speech.probs), ...tracker.finish()];
  if (options.returnSeconds) {
    const sr = speech.samplingRate;
    const digits = options.timeResolution ?? 1;
    const lengthSeconds = speech.numSamples / sr;
    return speeches.map((s) => ({
      start: Math.max(pythonRound(s.start / sr, digits), 0),
      end: Math.min(pythonRound(s.end / sr, digits), lengthSeconds),
    }));
  }
  return speeches;
}
