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

/** Speech regions of `speech` (samples, or seconds with `returnSeconds`). */
export function getSpeechTimestamps(
  speech: SpeechProbabilities,
  options: SpeechTimestampsOptions = {},
): SpeechTimestamp[] {
  const { probs, numSamples: audioLength, samplingRate: sr, windowSizeSamples: win } = speech;
  const threshold = options.threshold ?? 0.5;
  const negThreshold = options.negThreshold ?? Math.max(threshold - 0.15, 0.01);
  const maxSpeechS = options.maxSpeechDurationS ?? Infinity;
  const useMaxPossSil = options.useMaxPossSilAtMaxSpeech ?? true;
  if (!(threshold > 0 && threshold < 1)) {
    throw new WhisperxError('usage', `VAD threshold ${threshold}: must lie between 0 and 1 (default 0.5).`);
  }
  if (!(maxSpeechS > 0)) {
    throw new WhisperxError('usage', `VAD maxSpeechDurationS ${maxSpeechS}: must be positive (default Infinity).`);
  }

  const minSpeechSamples = (sr * (options.minSpeechDurationMs ?? 250)) / 1000;
  const speechPadSamples = (sr * (options.speechPadMs ?? 30)) / 1000;
  const maxSpeechSamples = sr * maxSpeechS - win - 2 * speechPadSamples;
  const minSilenceSamples = (sr * (options.minSilenceDurationMs ?? 100)) / 1000;
  const minSilenceAtMax = (sr * (options.minSilenceAtMaxSpeech ?? 98)) / 1000;

  const speeches: { start: number; end: number }[] = [];
  // The region being built: start set once triggered (null = none open).
  let curStart: number | null = null;
  let triggered = false;
  let tempEnd = 0; // candidate end: first chunk of the current silence (0 = none)
  let prevEnd = 0;
  let nextStart = 0;
  let possibleEnds: [number, number][] = []; // [silence start, silence length] inside the region

  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const pos = win * i;
    if (p >= threshold && tempEnd) {
      const silence = pos - tempEnd;
      if (silence > minSilenceAtMax) possibleEnds.push([tempEnd, silence]);
      tempEnd = 0;
      if (nextStart < prevEnd) nextStart = pos;
    }

    if (p >= threshold && !triggered) {
      triggered = true;
      curStart = pos;
      continue;
    }

    if (triggered && curStart !== null && pos - curStart > maxSpeechSamples) {
      if (possibleEnds.length > 0) {
        let chosen = possibleEnds[possibleEnds.length - 1];
        if (useMaxPossSil) {
          chosen = possibleEnds[0];
          for (const e of possibleEnds) if (e[1] > chosen[1]) chosen = e; // first of the longest
        }
        const [end, dur] = chosen;
        prevEnd = end;
        speeches.push({ start: curStart, end: prevEnd });
        curStart = null;
        nextStart = prevEnd + dur;
        if (nextStart < prevEnd + pos) {
          // Still inside speech after that silence: the next region starts where it ended.
          curStart = nextStart;
        } else {
          triggered = false;
        }
        possibleEnds = possibleEnds.filter((e) => e[0] > nextStart);
        prevEnd = 0;
        nextStart = 0;
        tempEnd = 0;
      } else {
        speeches.push({ start: curStart, end: pos });
        curStart = null;
        prevEnd = 0;
        nextStart = 0;
        tempEnd = 0;
        triggered = false;
        possibleEnds = [];
        continue;
      }
    }

    if (p < negThreshold && triggered) {
      if (!tempEnd) tempEnd = pos;
      if (pos - tempEnd < minSilenceSamples) continue;
      if (curStart !== null && tempEnd - curStart > minSpeechSamples) speeches.push({ start: curStart, end: tempEnd });
      curStart = null;
      prevEnd = 0;
      nextStart = 0;
      tempEnd = 0;
      triggered = false;
      possibleEnds = [];
      continue;
    }
  }

  if (curStart !== null && audioLength - curStart > minSpeechSamples) {
    speeches.push({ start: curStart, end: audioLength });
  }

  // Padding: full pads where the gap allows, else the gap is shared half and half.
  for (let i = 0; i < speeches.length; i++) {
    const s = speeches[i];
    if (i === 0) s.start = Math.trunc(Math.max(0, s.start - speechPadSamples));
    if (i !== speeches.length - 1) {
      const next = speeches[i + 1];
      const silence = next.start - s.end;
      if (silence < 2 * speechPadSamples) {
        const halfGap = Math.floor(silence / 2);
        s.end += halfGap;
        next.start = Math.trunc(Math.max(0, next.start - halfGap));
      } else {
        s.end = Math.trunc(Math.min(audioLength, s.end + speechPadSamples));
        next.start = Math.trunc(Math.max(0, next.start - speechPadSamples));
      }
    } else {
      s.end = Math.trunc(Math.min(audioLength, s.end + speechPadSamples));
    }
  }

  if (options.returnSeconds) {
    const digits = options.timeResolution ?? 1;
    const lengthSeconds = audioLength / sr;
    return speeches.map((s) => ({
      start: Math.max(pythonRound(s.start / sr, digits), 0),
      end: Math.min(pythonRound(s.end / sr, digits), lengthSeconds),
    }));
  }
  return speeches;
}
